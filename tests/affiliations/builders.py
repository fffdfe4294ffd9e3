"""Build page-1 words for constructed headers: lines of cells, ``^x`` tokens as superscripts."""

from __future__ import annotations

from dataclasses import dataclass

from extract.document import PAGE_SEP, Page, PaperMeta, ParsedDoc, Section, Word

CHAR = 0.0082  # relative width of one character at 10 pt on a Letter page
LINE = 0.0135  # relative height of a 10 pt line


@dataclass(frozen=True)
class Cell:
    """Text starting at ``x`` (relative); ``^1`` / ``^∗`` tokens become superscript words."""

    x: float
    text: str
    bold: bool = False
    size: float = 10.0


def line(y: float, *cells: Cell | tuple[float, str], bold: bool = False, size: float = 10.0) -> list[Word]:
    """Words of one printed line at height ``y``."""
    words: list[Word] = []
    for spec in cells:
        cell = spec if isinstance(spec, Cell) else Cell(spec[0], spec[1], bold, size)
        font = "Times-Bold" if cell.bold else "Times-Roman"
        scale = cell.size / 10.0
        x = cell.x
        for token in cell.text.split(" "):
            parts = token.split("^")
            for i, part in enumerate(parts):
                if not part:
                    continue
                sup = i > 0
                size = cell.size * (0.7 if sup else 1.0)
                width = len(part) * CHAR * scale * (0.7 if sup else 1.0)
                top = y - (0.003 if sup else 0.0)
                height = LINE * scale * (0.7 if sup else 1.0)
                words.append(Word(part, 0, x, top, x + width, top + height, "CMR7" if sup else font, size))
                x += width
            x += CHAR * scale
    return words


def title(text: str = "A Study of Things", y: float = 0.1) -> list[Word]:
    """A 17 pt bold title line."""
    return line(y, Cell(0.25, text, True, 17.0))


def abstract(y: float) -> list[Word]:
    """The ``Abstract`` heading and a line of running text under it."""
    return [
        *line(y, Cell(0.45, "Abstract", True, 12.0)),
        *line(
            y + 0.02,
            (0.18, "we study things in this paper and show that they work well on most of the tasks"),
        ),
    ]


def body_text(lines: int = 20, top: float = 0.3) -> list[Word]:
    """A page's worth of body text, so that the body's type size is the page's commonest."""
    return [
        word
        for i in range(lines)
        for word in line(top + 0.02 * i, (0.1, "body text of the paper goes here and on and on for a while"))
    ]


def page(*groups: list[Word]) -> tuple[Word, ...]:
    """All words of the page in reading order."""
    return tuple(w for group in groups for w in group)


def doc_with_text(
    words: tuple[Word, ...], text: str, *, names: tuple[str, ...] = (), key: str = "local/2021/t/p1"
) -> ParsedDoc:
    """A one-page ParsedDoc with the given header words and text layer."""
    return ParsedDoc(
        paper_key=key,
        pdf_sha256="a" * 64,
        text=text,
        text_sha256="b" * 64,
        pages=(Page(0, 0, len(text), 612.0, 792.0),),
        sections=(Section("abstract", text.find("Abstract"), len(text)),) if "Abstract" in text else (),
        header_words=words,
        parser="test",
        meta=PaperMeta(author_names=names),
    )


__all__ = ["PAGE_SEP", "Cell", "abstract", "doc_with_text", "line", "page", "title"]
