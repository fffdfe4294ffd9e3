r"""PDF bytes -> :class:`ParsedDoc`: pdfium text with per-page offsets, sections, links, page-1 words.

The text is pdfium's, lightly cleaned: ``\r\n`` becomes ``\n``, pdfium's soft-hyphen marker
(``U+FFFE``, a word broken at a line end) is dropped so the word reads whole, and control
characters become spaces. Each page records the offsets it shifted (``Page.shifts``) so a span of
``ParsedDoc.text`` can be mapped back to pdfium's characters for evidence boxes.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import replace

import pypdfium2 as pdfium

from extract.document import PAGE_SEP, Link, Page, PaperMeta, ParsedDoc, Section, Word
from extract.pdfium_reader import open_document, page_links, page_words, parser_id
from extract.sections import find_sections

DEFAULT_MAX_PAGES = 1000

OpenPages = dict[int, tuple[pdfium.PdfPage, pdfium.PdfTextPage]]

# Dropped: "\r" before "\n", the soft-hyphen marker. Non-BMP characters take two UTF-16 units in
# pdfium's text indices, one in Python's string: they shift later offsets by one as well.
_SHIFTING = re.compile("\r(?=\n)|\ufffe|[\U00010000-\U0010ffff]")
_CR = re.compile("\r(?=\n)")
_NON_BMP = re.compile("[\U00010000-\U0010ffff]")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f\u00a0]")


def clean_page_text(raw: str) -> tuple[str, tuple[tuple[int, int], ...]]:
    r"""Clean one page's pdfium text; return it and its ``(offset, shift)`` breakpoints.

    >>> clean_page_text("ap\ufffeproach\r\nnext")
    ('approach\nnext', ((2, 1), (8, 2)))
    """
    if "\ufffe" not in raw and not _NON_BMP.search(raw):  # the usual page: only "\r\n" line ends
        crs = [m.start() for m in _CR.finditer(raw)]
        # the k-th dropped "\r" (0-based) sits at its raw position minus the k dropped before it
        cleaned = raw.replace("\r\n", "\n") if crs else raw
        return _CONTROL.sub(" ", cleaned).replace("\r", "\n"), tuple(
            (at - k, k + 1) for k, at in enumerate(crs)
        )
    return clean_any_page_text(raw)


def clean_any_page_text(raw: str) -> tuple[str, tuple[tuple[int, int], ...]]:
    """:func:`clean_page_text` for any text (soft hyphens, non-BMP characters), one match at a time."""
    parts: list[str] = []
    shifts: list[tuple[int, int]] = []
    pos = shift = out_len = 0
    for m in _SHIFTING.finditer(raw):
        parts.append(raw[pos : m.start()])
        out_len += m.start() - pos
        if m.group() in ("\r", "\ufffe"):
            shift += 1
            shifts.append((out_len, shift))
        else:  # a non-BMP character: kept, but two units in pdfium's indices
            parts.append(m.group())
            out_len += 1
            shift += 1
            shifts.append((out_len, shift))
        pos = m.end()
    parts.append(raw[pos:])
    text = _CONTROL.sub(" ", "".join(parts)).replace("\r", "\n")
    return text, tuple(shifts)


def parse_document(
    pdf: pdfium.PdfDocument,
    *,
    paper_key: str,
    pdf_sha256: str,
    meta: PaperMeta | None = None,
    keep: OpenPages | None = None,
) -> ParsedDoc:
    """Parse an open pdfium document into a :class:`ParsedDoc` (text, pages, sections, links, words).

    With ``keep``, each page and its text page stay open in it (for evidence boxes afterwards); the
    caller closes them with :func:`close_pages`.
    """
    texts: list[str] = []
    pages: list[Page] = []
    links: list[Link] = []
    header: list[Word] = []
    offset = 0
    for index in range(len(pdf)):
        page = pdf[index]
        textpage = page.get_textpage()
        try:
            raw = textpage.get_text_range()
            text, shifts = clean_page_text(raw)
            if index == 0:
                header = page_words(page, textpage, index, raw)
            page_start = offset + (len(PAGE_SEP) if index else 0)
            links.extend(
                _located(link, shifts, page_start) for link in page_links(pdf, page, textpage, index)
            )
            width, height = page.get_size()
        finally:
            if keep is None:
                textpage.close()
                page.close()
            else:
                keep[index] = (page, textpage)
        if index:
            offset += len(PAGE_SEP)
        pages.append(Page(index, offset, offset + len(text), width, height, shifts))
        texts.append(text)
        offset += len(text)
    full = PAGE_SEP.join(texts)
    return ParsedDoc(
        paper_key=paper_key,
        pdf_sha256=pdf_sha256,
        text=full,
        text_sha256=hashlib.sha256(full.encode("utf-8", "surrogatepass")).hexdigest(),
        pages=tuple(pages),
        sections=find_sections(full),
        links=tuple(links),
        header_words=tuple(header),
        parser=parser_id(),
        meta=meta or PaperMeta(),
    )


def parse_pdf(
    data: bytes,
    *,
    paper_key: str,
    pdf_sha256: str | None = None,
    meta: PaperMeta | None = None,
    max_pages: int = DEFAULT_MAX_PAGES,
) -> ParsedDoc:
    """Parse PDF bytes; raise :class:`extract.pdfium_reader.PdfError` with the reason if unusable."""
    sha = pdf_sha256 or hashlib.sha256(data).hexdigest()
    pdf = open_document(data, max_pages=max_pages)
    try:
        return parse_document(pdf, paper_key=paper_key, pdf_sha256=sha, meta=meta)
    finally:
        pdf.close()


def parse_text(
    text: str,
    *,
    paper_key: str,
    meta: PaperMeta | None = None,
    sections: tuple[Section, ...] | None = None,
    links: tuple[Link, ...] = (),
) -> ParsedDoc:
    """A :class:`ParsedDoc` from plain text (pages split at form feeds, sections found).

    For text that never was a PDF: constructed snippets in tests and benchmarks, or a paper's text
    from another source in a notebook. Evidence then has pages and spans but no boxes.
    """
    pages, offset = [], 0
    for i, page_text in enumerate(text.split(PAGE_SEP)):
        pages.append(Page(i, offset, offset + len(page_text), 612.0, 792.0))
        offset += len(page_text) + len(PAGE_SEP)
    digest = hashlib.sha256(text.encode()).hexdigest()
    return ParsedDoc(
        paper_key=paper_key,
        pdf_sha256=digest,
        text=text,
        text_sha256=digest,
        pages=tuple(pages),
        sections=find_sections(text) if sections is None else sections,
        links=links,
        parser="text",
        meta=meta or PaperMeta(),
    )


def close_pages(pages: OpenPages) -> None:
    """Close pages kept open by :func:`parse_document`."""
    for page, textpage in pages.values():
        textpage.close()
        page.close()
    pages.clear()


def clean_offset(shifts: tuple[tuple[int, int], ...], index: int) -> int:
    """Inverse of the page shifts: a pdfium text index of a page -> offset in the cleaned page text."""
    shift = 0
    for at, total in shifts:
        if at + total > index:
            break
        shift = total
    return index - shift


def _located(link: Link, shifts: tuple[tuple[int, int], ...], page_start: int) -> Link:
    if link.start < 0:
        return link
    start = page_start + clean_offset(shifts, link.start)
    end = page_start + clean_offset(shifts, link.end)
    return replace(link, start=start, end=max(end, start + 1))


def text_index(doc: ParsedDoc, offset: int) -> tuple[int, int]:
    """Map an offset of ``doc.text`` to (page index, pdfium text index on that page)."""
    page = doc.pages[doc.page_of(offset)]
    local = offset - page.start
    shift = 0
    for at, total in page.shifts:
        if at > local:
            break
        shift = total
    return page.index, local + shift
