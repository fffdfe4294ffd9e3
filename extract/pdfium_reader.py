"""Everything read from pdfium: opening, link annotations, page-1 words, boxes of text spans.

Opening a bad file raises :class:`PdfError` with a short reason.
Coordinates leave this module relative to the page (0..1, origin top-left), as in
:class:`paperscope.records.Box`. pdfium's own coordinates are points, origin bottom-left.
"""

from __future__ import annotations

import ctypes
import re
from dataclasses import dataclass
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from extract.document import Link, Word

_ERROR_REASONS = {
    pdfium_c.FPDF_ERR_PASSWORD: "encrypted",
    pdfium_c.FPDF_ERR_SECURITY: "encrypted",
    pdfium_c.FPDF_ERR_FORMAT: "unreadable",
    pdfium_c.FPDF_ERR_FILE: "unreadable",
}


# pdfium refuses a document whose page tree is empty; these tell that case from other damage
_EMPTY_PAGE_TREE = re.compile(rb"/Type\s*/Pages\b[^>]*/Count\s+0\b|/Count\s+0\b[^>]*/Type\s*/Pages\b")
_A_PAGE = re.compile(rb"/Type\s*/Page(?!s)\b")


@dataclass(frozen=True, slots=True)
class PdfError(Exception):
    """A PDF that cannot be parsed; ``reason`` is a short code (``encrypted``, ``truncated`` …)."""

    reason: str
    detail: str

    def __str__(self) -> str:
        return f"{self.reason}: {self.detail}"


def parser_id() -> str:
    """The parser's identity with library versions, stored in every label's producer."""
    return f"pypdfium2@{pdfium.PYPDFIUM_INFO}+pdfium@{pdfium.PDFIUM_INFO.build}"


def open_document(data: bytes, *, max_pages: int) -> pdfium.PdfDocument:
    """Open PDF bytes with pdfium; raise :class:`PdfError` naming why a bad file is bad."""
    head = data[:1024].lstrip()
    if not head.startswith(b"%PDF-"):
        lowered = head[:512].lower()
        if lowered.startswith((b"<!doctype html", b"<html")) or b"<html" in lowered:
            raise PdfError("html_as_pdf", "an HTML page, not a PDF")
        raise PdfError("not_pdf", f"no %PDF header (starts with {data[:8]!r})")
    if b"%%EOF" not in data[-2048:]:
        raise PdfError("truncated", "no %%EOF marker at the end of the file")
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if _EMPTY_PAGE_TREE.search(data) and not _A_PAGE.search(data):
            raise PdfError("no_pages", "the PDF has no pages (empty page tree)") from exc
        reason = _ERROR_REASONS.get(exc.err_code or -1, "unreadable")
        raise PdfError(reason, f"pdfium cannot open it ({exc})") from exc
    n_pages = len(pdf)
    if n_pages < 1:
        pdf.close()
        raise PdfError("no_pages", "the PDF has no pages")
    if n_pages > max_pages:
        pdf.close()
        raise PdfError("too_many_pages", f"{n_pages} pages > cap of {max_pages}")
    return pdf


@dataclass(frozen=True, slots=True)
class PageFrame:
    """A page's visible area in pdfium points, to turn pdfium coordinates into relative ones."""

    left: float
    bottom: float
    width: float
    height: float

    @classmethod
    def of(cls, page: pdfium.PdfPage) -> PageFrame:
        """The frame of ``page`` (its crop box; a degenerate box becomes 1x1 to stay finite)."""
        left, bottom, right, top = page.get_bbox()
        return cls(left, bottom, max(right - left, 1.0), max(top - bottom, 1.0))

    def rel(self, left: float, top: float, right: float, bottom: float) -> tuple[float, float, float, float]:
        """Map pdfium (left, top, right, bottom) to relative (x0, top, x1, bottom), clamped to 0..1."""

        def clamp(v: float) -> float:
            return min(max(v, 0.0), 1.0)

        return (
            clamp((left - self.left) / self.width),
            clamp(1 - (top - self.bottom) / self.height),
            clamp((right - self.left) / self.width),
            clamp(1 - (bottom - self.bottom) / self.height),
        )


def page_links(
    pdf: pdfium.PdfDocument, page: pdfium.PdfPage, textpage: pdfium.PdfTextPage, index: int
) -> list[Link]:
    """The URI link annotations of one page, with their clickable boxes.

    ``start``/``end`` of each link are pdfium *text* indices of the text under it (or -1).
    """
    frame: PageFrame | None = None  # read at the first link: most pages have none
    links: list[Link] = []
    pos = ctypes.c_int(0)
    link = pdfium_c.FPDF_LINK()
    while pdfium_c.FPDFLink_Enumerate(page.raw, ctypes.byref(pos), ctypes.byref(link)):
        action = pdfium_c.FPDFLink_GetAction(link)
        if not action or pdfium_c.FPDFAction_GetType(action) != pdfium_c.PDFACTION_URI:
            continue
        size = pdfium_c.FPDFAction_GetURIPath(pdf.raw, action, None, 0)
        if size <= 1:
            continue
        buf = ctypes.create_string_buffer(size)
        pdfium_c.FPDFAction_GetURIPath(pdf.raw, action, buf, size)
        uri = buf.value.decode("utf-8", "replace").strip()
        rect = pdfium_c.FS_RECTF()
        pdfium_c.FPDFLink_GetAnnotRect(link, ctypes.byref(rect))
        top_pt, bottom_pt = max(rect.top, rect.bottom), min(rect.top, rect.bottom)
        frame = frame or PageFrame.of(page)
        x0, top, x1, bottom = frame.rel(rect.left, top_pt, rect.right, bottom_pt)
        start, end = _text_under(textpage, rect.left, rect.right, (top_pt + bottom_pt) / 2)
        links.append(Link(uri, index, x0, top, x1, bottom, start, end))
    return links


def _text_under(textpage: pdfium.PdfTextPage, left: float, right: float, y: float) -> tuple[int, int]:
    """Pdfium text indices ``[start, end)`` of the characters between ``left`` and ``right`` at ``y``."""
    tp = textpage.raw
    first = pdfium_c.FPDFText_GetCharIndexAtPos(tp, left + 1.0, y, 2.0, 2.0)
    last = pdfium_c.FPDFText_GetCharIndexAtPos(tp, right - 1.0, y, 2.0, 2.0)
    if first < 0 or last < first:
        return -1, -1
    start = pdfium_c.FPDFText_GetTextIndexFromCharIndex(tp, first)
    end = pdfium_c.FPDFText_GetTextIndexFromCharIndex(tp, last)
    return (start, end + 1) if 0 <= start <= end else (-1, -1)


def page_words(
    page: pdfium.PdfPage, textpage: pdfium.PdfTextPage, index: int, text: str | None = None
) -> list[Word]:
    """Words of one page (split at whitespace), each with font name, size and relative box.

    ``size`` is the height in points of the word's first character box (font ascent to descent),
    as pdfplumber reports it: it includes the text matrix's scaling, which pdfium's own font size
    does not. ``text`` (the page's ``get_text_range()``) saves a call per character when given.
    """
    frame = PageFrame.of(page)
    tp = textpage.raw
    n = pdfium_c.FPDFText_CountChars(tp)
    if text is not None and len(text) == n:
        return _words_from_text(frame, tp, index, text)
    same = False
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    rect = pdfium_c.FS_RECTF()
    rect_ref = ctypes.byref(rect)
    font_buf = ctypes.create_string_buffer(128)
    flags = ctypes.byref(ctypes.c_int())
    loose_box, unicode_of = pdfium_c.FPDFText_GetLooseCharBox, pdfium_c.FPDFText_GetUnicode
    words: list[Word] = []
    chars: list[str] = []
    x0 = y0 = x1 = y1 = size = 0.0
    font = ""
    for i in range(n + 1):
        if i == n:
            char = " "
        elif same and text is not None:
            char = text[i]
        else:
            code = unicode_of(tp, i)
            char = chr(code) if 0 < code < 0x110000 and not 0xD800 <= code <= 0xDFFF else "\x00"
        if char.isspace():
            if chars:
                rx0, ry0, rx1, ry1 = frame.rel(x0, y0, x1, y1)
                words.append(Word("".join(chars), index, rx0, ry0, rx1, ry1, font, round(size, 2)))
                chars.clear()
            continue
        if char < " " or "\ud800" <= char <= "\udfff":
            continue  # control characters and lone surrogates are not text
        if not loose_box(tp, i, rect_ref):
            pdfium_c.FPDFText_GetCharBox(tp, i, left, right, bottom, top)
            rect.left, rect.right, rect.bottom, rect.top = left.value, right.value, bottom.value, top.value
        if not chars:
            x0, y0, x1, y1 = rect.left, rect.top, rect.right, rect.bottom
            size = abs(y0 - y1)
            pdfium_c.FPDFText_GetFontInfo(tp, i, font_buf, len(font_buf), flags)
            font = font_buf.value.decode("utf-8", "replace")
        else:  # hot loop (every character of page 1): comparisons, not min()/max() calls
            x0 = rect.left if rect.left < x0 else x0  # noqa: FURB136
            y0 = rect.top if rect.top > y0 else y0  # noqa: FURB136
            x1 = rect.right if rect.right > x1 else x1  # noqa: FURB136
            y1 = rect.bottom if rect.bottom < y1 else y1  # noqa: FURB136
        chars.append(char)
    return words


_WORD = re.compile(r"[^\s\x00-\x1f\ud800-\udfff\ufffe]+\ufffe?")
SOFT_HYPHEN = "\u00ad"  # ends a word broken at a line end: "DIS\u00ad", then "CRIMINATORS"


def _words_from_text(frame: PageFrame, tp: Any, index: int, text: str) -> list[Word]:
    """Words when pdfium's text and character list line up: two box calls per word, not one per character.

    A word's box spans its first and last characters' boxes (top and bottom from both).
    """
    first_box, last_box = pdfium_c.FS_RECTF(), pdfium_c.FS_RECTF()
    first_ref, last_ref = ctypes.byref(first_box), ctypes.byref(last_box)
    font_buf = ctypes.create_string_buffer(128)
    flags = ctypes.byref(ctypes.c_int())
    loose_box = pdfium_c.FPDFText_GetLooseCharBox
    font_info, font_len = pdfium_c.FPDFText_GetFontInfo, len(font_buf)
    fonts: dict[bytes, str] = {}
    # frame.rel, inlined: this loop runs for every word of page 1
    left, bottom0, width, height = frame.left, frame.bottom, frame.width, frame.height
    words: list[Word] = []
    for m in _WORD.finditer(text):
        raw = m.group()
        first, last = m.start(), m.end() - 1 - raw.endswith("\ufffe")
        if not loose_box(tp, first, first_ref) or not loose_box(tp, last, last_ref):
            continue
        font_info(tp, first, font_buf, font_len, flags)
        top = first_box.top if first_box.top > last_box.top else last_box.top  # noqa: FURB136
        bottom = first_box.bottom if first_box.bottom < last_box.bottom else last_box.bottom  # noqa: FURB136
        right = first_box.right if first_box.right > last_box.right else last_box.right  # noqa: FURB136
        x0 = (first_box.left - left) / width
        y0 = 1 - (top - bottom0) / height
        x1 = (right - left) / width
        y1 = 1 - (bottom - bottom0) / height
        size = abs(first_box.top - first_box.bottom)
        name = font_buf.value
        font = fonts.get(name)
        if font is None:
            font = fonts[name] = name.decode("utf-8", "replace")
        words.append(
            Word(
                raw.replace("\ufffe", SOFT_HYPHEN) if "\ufffe" in raw else raw,
                index,
                0.0 if x0 < 0.0 else 1.0 if x0 > 1.0 else x0,  # noqa: FURB136
                0.0 if y0 < 0.0 else 1.0 if y0 > 1.0 else y0,  # noqa: FURB136
                0.0 if x1 < 0.0 else 1.0 if x1 > 1.0 else x1,  # noqa: FURB136
                0.0 if y1 < 0.0 else 1.0 if y1 > 1.0 else y1,  # noqa: FURB136
                font,
                round(size, 2),
            )
        )
    return words


def span_rects(
    page: pdfium.PdfPage, textpage: pdfium.PdfTextPage, start: int, end: int
) -> list[tuple[float, float, float, float]]:
    """Relative boxes (x0, top, x1, bottom), one per line, of text indices ``[start, end)`` of a page.

    ``start``/``end`` are pdfium *text* indices (UTF-16 units of ``FPDFText_GetText``).
    """
    tp = textpage.raw
    first = pdfium_c.FPDFText_GetCharIndexFromTextIndex(tp, start)
    last = pdfium_c.FPDFText_GetCharIndexFromTextIndex(tp, max(end - 1, start))
    if first < 0 or last < first:
        return []
    frame = PageFrame.of(page)
    n = pdfium_c.FPDFText_CountRects(tp, first, last - first + 1)
    left, top, right, bottom = (ctypes.c_double() for _ in range(4))
    return [
        frame.rel(left.value, top.value, right.value, bottom.value)
        for i in range(max(n, 0))
        if pdfium_c.FPDFText_GetRect(tp, i, left, top, right, bottom)
    ]
