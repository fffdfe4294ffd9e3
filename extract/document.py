"""The parsed document every extractor reads: text with offsets, pages, sections, links, header words.

Frozen slotted dataclasses, not pydantic: millions of these are built per run (hot path).
Offsets (``start``/``end``) index ``ParsedDoc.text``, the pages' texts joined by ``PAGE_SEP``.
Boxes are relative to the page size (0..1), origin top-left, as in ``paperscope.records.Box``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

PAGE_SEP = "\f"


@dataclass(frozen=True, slots=True)
class Word:
    """One word on a page (from pypdfium2, with the fields pdfplumber gives), with its font and relative box."""

    text: str
    page: int
    x0: float
    top: float
    x1: float
    bottom: float
    font: str = ""
    size: float = 0.0


@dataclass(frozen=True, slots=True)
class Page:
    r"""One page: its 0-based index, where its text starts and ends in ``ParsedDoc.text``, its size.

    ``shifts`` maps page-local text offsets back to the parser's own character indices (for boxes):
    sorted ``(offset, shift)`` pairs, meaning offsets from ``offset`` on are ``shift`` indices further
    in the parser's view (characters the text dropped, such as soft hyphens and ``\r``).
    """

    index: int
    start: int
    end: int
    width: float
    height: float
    shifts: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True, slots=True)
class Section:
    """A span of the document text with a kind.

    ``kind`` is one of ``title_block``, ``abstract``, ``body``, ``acknowledgements``, ``references``,
    ``appendix``, ``checklist``; ``heading`` is the heading text as printed, if any.
    """

    kind: str
    start: int
    end: int
    heading: str = ""


@dataclass(frozen=True, slots=True)
class Link:
    """A link annotation: target URI, page and the relative box of its clickable area.

    ``start``/``end`` index the text under the link in ``ParsedDoc.text`` (-1 when none is found).
    """

    uri: str
    page: int
    x0: float
    top: float
    x1: float
    bottom: float
    start: int = -1
    end: int = -1


@dataclass(frozen=True, slots=True)
class PaperMeta:
    """What the crawl knows of the paper, for extractors that also read metadata (topic, authors)."""

    title: str = ""
    abstract: str = ""
    keywords: tuple[str, ...] = ()
    author_names: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ParsedDoc:
    """A parsed PDF: the input of every extractor."""

    paper_key: str
    pdf_sha256: str
    text: str
    text_sha256: str
    pages: tuple[Page, ...]
    sections: tuple[Section, ...]
    links: tuple[Link, ...] = ()
    header_words: tuple[Word, ...] = ()
    parser: str = ""
    meta: PaperMeta = field(default_factory=PaperMeta)

    def page_of(self, offset: int) -> int:
        """The 0-based page index holding text offset ``offset``."""
        lo, hi = 0, len(self.pages) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.pages[mid].start <= offset:
                lo = mid
            else:
                hi = mid - 1
        return self.pages[lo].index if self.pages else 0

    def section_of(self, offset: int) -> str:
        """The kind of the section holding ``offset`` (``body`` when none covers it)."""
        for section in self.sections:
            if section.start <= offset < section.end:
                return section.kind
        return "body"
