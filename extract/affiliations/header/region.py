"""Where the author block is on page 1: between the title and the abstract, plus the footnotes."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from extract.affiliations.header.lines import Cell, Line, group_lines, is_marker
from extract.affiliations.header.words import normalise_words
from extract.affiliations.names import squash
from extract.document import Word

MARGIN_STAMP_X = 0.075  # arXiv's rotated side stamp lives left of this (relative x)
_FOOTER = re.compile(
    r"proceedings|copyright|conference|workshop|preprint|arxiv|neurips|nips|icml|iclr|\bpmlr\b|licen[cs]e|"
    r"^\d+$|^page\s*\d",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class HeaderRegion:
    """The title text, the author-block lines under it and the footnote cells at the page bottom."""

    title: str
    lines: tuple[Line, ...]
    footnotes: tuple[Cell, ...]
    body_size: float


def _body_size(words: list[Word]) -> float:
    sizes = Counter(round(w.size, 1) for w in words if len(w.text) > 2)
    return sizes.most_common(1)[0][0] if sizes else 10.0


def _paragraph_like(line: Line) -> bool:
    """Running text (an abstract without a heading): many words, most of them lower-case."""
    words = line.text().split()
    lower = sum(1 for w in words if w[:1].islower())
    return len(words) >= 12 and lower >= 0.6 * len(words)


def _title_span(lines: list[Line]) -> tuple[int, int]:
    """Indices [start, end) of the title lines: the largest type in the upper part of the page."""
    upper = [i for i, line in enumerate(lines) if line.top < 0.45]
    if not upper:
        return 0, 0
    title_size = max(lines[i].size for i in upper)
    start = next(i for i in upper if lines[i].size >= title_size - 0.6)
    end = start + 1
    while end < len(lines) and (
        lines[end].size >= 0.9 * title_size
        or (lines[end].size >= 0.75 * title_size and _subtitle(lines[end]))
        # a word broken at the line end goes on ("UNDERSTAND-" + "ING"), whatever its type size
        # (small capitals make the rest of an all-caps title look smaller)
        or lines[end - 1].text().rstrip().endswith(_HYPHENS)
    ):
        end += 1
    return start, end


_HYPHENS = ("-", "\xad", "\u2010", "\ufffe")
_TITLE_WORDS = frozenset(
    [
        "for",
        "of",
        "with",
        "via",
        "on",
        "in",
        "to",
        "by",
        "from",
        "a",
        "an",
        "the",
        "without",
        "beyond",
        "towards",
    ]
)


def _joined_title(parts: list[str]) -> str:
    """Title lines joined; a word broken at a line end is joined back ("UNDERSTAND-" "ING")."""
    out = ""
    for part in parts:
        if out.endswith(_HYPHENS):
            out = out[:-1] + part.strip()
        else:
            out = f"{out} {part.strip()}" if out else part.strip()
    return out


def _subtitle(line: Line) -> bool:
    """A second title line in smaller type: one cell, no markers or commas, a title's small words."""
    if len(line.cells) != 1 or "," in line.text():
        return False
    cell = line.cells[0]
    if any(is_marker(w, cell.size) for w in cell.words):
        return False
    return any(w.lower() in _TITLE_WORDS for w in line.text().split())


def find_region(words: tuple[Word, ...] | list[Word]) -> HeaderRegion:
    """Split page-1 words into title, author block (title end .. abstract) and footnotes."""
    kept = [w for w in normalise_words(words) if w.page == 0 and w.x1 > MARGIN_STAMP_X and w.text.strip()]
    lines = group_lines(kept)
    if not lines:
        return HeaderRegion("", (), (), 10.0)
    body = _body_size(kept)
    start, end = _title_span(lines)
    stop = len(lines)
    for i in range(end, len(lines)):
        line = lines[i]
        first = squash(line.cells[0].text())
        if (
            first.startswith("abstract")
            or first in {"introduction", "1introduction"}
            or _paragraph_like(line)
        ):
            stop = i
            break
    title = _joined_title([line.text() for line in lines[start:end]])
    block = tuple(line for line in lines[end:stop] if line.top < 0.6)
    last = block[-1].bottom if block else (lines[end - 1].bottom if end else 0.0)
    footnotes = tuple(
        cell
        for line in lines[stop:]
        for cell in line.cells
        if cell.top > max(0.6, last) and cell.size <= body - 0.4 and not _FOOTER.search(cell.text())
    )
    return HeaderRegion(title, block, footnotes, body)
