"""Page-1 words -> lines -> cells, with superscript markers told apart from text.

Coordinates are relative to the page (0..1, origin top-left), as in ``extract.document.Word``.
A *line* is words sharing a baseline band; a *cell* is a run of a line's words without a wide gap
(author grids put one author per cell). A *marker* is a superscript (smaller font, raised) digit,
symbol or letter that links names to affiliations.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from itertools import pairwise

from extract.document import Word

MARKER_SYMBOLS = "∗*†‡§¶‖#♯♮♭⋆★☆♠♣♦♥✝✠⊥△▽◦•?♢⋄"
_MARKER_TEXT = re.compile(rf"^[\d{re.escape(MARKER_SYMBOLS)},a-f]{{1,8}}$")
_SYM = rf"(?:[{re.escape(MARKER_SYMBOLS)}]|\(cid:\d+\))"
_SYMBOL_ONLY = re.compile(rf"^{_SYM}(?:{_SYM}|,)*$")
_CID = re.compile(r"\(cid:\d+\)")
CELL_GAP_CHARS = 2.6  # a gap wider than this many average character widths splits a line into cells
_BOLD = re.compile(r"bold|medi|semibold|black|heavy|cmbx|demi", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Cell:
    """Words of one line between wide gaps; ``markers`` are the superscript words among them."""

    words: tuple[Word, ...]
    size: float
    font: str

    @property
    def x0(self) -> float:
        """Left edge (relative)."""
        return min(w.x0 for w in self.words)

    @property
    def x1(self) -> float:
        """Right edge (relative)."""
        return max(w.x1 for w in self.words)

    @property
    def top(self) -> float:
        """Top edge (relative)."""
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        """Bottom edge (relative)."""
        return max(w.bottom for w in self.words)

    @property
    def center(self) -> float:
        """Horizontal centre (relative)."""
        return (self.x0 + self.x1) / 2

    @property
    def bold(self) -> bool:
        """True when the cell's main font is a bold or medium face."""
        return bool(_BOLD.search(self.font))

    def text(self, *, markers: bool = False) -> str:
        """The cell's words joined by spaces, superscript markers left out unless asked for."""
        return " ".join(w.text for w in self.words if markers or not is_marker(w, self.size))


@dataclass(frozen=True, slots=True)
class Line:
    """Cells sharing a baseline band, left to right."""

    cells: tuple[Cell, ...]

    @property
    def top(self) -> float:
        """Top edge (relative)."""
        return min(c.top for c in self.cells)

    @property
    def bottom(self) -> float:
        """Bottom edge (relative)."""
        return max(c.bottom for c in self.cells)

    @property
    def size(self) -> float:
        """Largest main font size of the line's cells (pt)."""
        return max(c.size for c in self.cells)

    def text(self) -> str:
        """All cells' text, markers left out."""
        return " ".join(c.text() for c in self.cells)


def is_marker(word: Word, line_size: float) -> bool:
    """A superscript marker: marker-like text in a font clearly smaller than the line's.

    Symbol-only words (``∗``, ``†``) count as markers at any size.
    """
    text = word.text.strip()
    if not text:
        return False
    if _SYMBOL_ONLY.match(text):
        return True
    return bool(_MARKER_TEXT.match(text)) and 0 < word.size <= 0.85 * line_size


def marker_labels(text: str) -> list[str]:
    """Split a marker word into labels: ``"∗,†"`` -> ``["∗", "†"]``; ``"12"`` -> ``["1", "2"]``.

    Runs of digits are split into single digits: ML headers rarely have ten affiliations, and
    ``12`` after a name nearly always means affiliations 1 and 2.
    """
    labels: list[str] = []
    for part in _CID.sub("✉", text).replace("*", "∗").split(","):
        labels.extend(ch for ch in part.strip() if not ch.isspace())
    return labels


def _main_size(words: list[Word]) -> float:
    """The font size carrying most characters (superscripts and symbols do not count)."""
    sizes = _RowSize()
    for w in words:
        sizes.add(w)
    return sizes.main(words)


class _RowSize:
    """:func:`_main_size` of a growing row, kept up to date word by word (no recount per word).

    Ties go to the size seen first, as ``Counter.most_common`` breaks them.
    """

    __slots__ = ("best", "counts", "order")

    def __init__(self) -> None:
        self.counts: dict[float, int] = {}
        self.order: dict[float, int] = {}  # first-seen rank: ties go to the size seen first
        self.best: float | None = None

    def add(self, word: Word) -> None:
        if _SYMBOL_ONLY.match(word.text):
            return
        size = round(word.size, 1)
        count = self.counts.get(size, 0) + len(word.text)
        self.counts[size] = count
        self.order.setdefault(size, len(self.order))
        best = self.best
        if (
            best is None
            or count > self.counts[best]
            or (count == self.counts[best] and self.order[size] < self.order[best])
        ):
            self.best = size

    def main(self, words: list[Word]) -> float:
        return self.best if self.best is not None else max((w.size for w in words), default=0.0)


def _main_font(words: list[Word], size: float) -> str:
    fonts = Counter(w.font for w in words if abs(w.size - size) < 0.6)
    return fonts.most_common(1)[0][0] if fonts else ""


def _overlap(a_top: float, a_bottom: float, b_top: float, b_bottom: float) -> float:
    inter = min(a_bottom, b_bottom) - max(a_top, b_top)
    return inter / max(min(a_bottom - a_top, b_bottom - b_top), 1e-6)


def _x_distance(a: Word, b: Word) -> float:
    return max(0.0, a.x0 - b.x1, b.x0 - a.x1)


def _marker_like(word: Word, median_size: float) -> bool:
    return (
        bool(_MARKER_TEXT.match(word.text) or _SYMBOL_ONLY.match(word.text)) and word.size < 0.9 * median_size
    )


def group_lines(words: tuple[Word, ...] | list[Word]) -> list[Line]:
    """Group words into lines (vertical overlap of at least half the smaller height) and cells.

    Superscript-like words are placed last, on the overlapping line with the nearest word, so a
    footnote marker joins its footnote rather than the other column's text at the same height.
    """
    kept = [w for w in words if w.text.strip()]
    sizes = sorted(w.size for w in kept)
    median = sizes[len(sizes) // 2] if sizes else 0.0
    rows: list[list[Word]] = []
    bands: list[tuple[float, float]] = []
    row_sizes: list[_RowSize] = []  # per row, what _main_size counts, kept as words join
    for word in sorted((w for w in kept if not _marker_like(w, median)), key=lambda w: (w.top, w.x0)):
        for i in range(len(rows) - 1, max(-1, len(rows) - 4), -1):
            if _overlap(word.top, word.bottom, *bands[i]) >= 0.5:
                rows[i].append(word)
                row_sizes[i].add(word)
                if word.size >= row_sizes[i].main(rows[i]) - 0.1:
                    bands[i] = (min(bands[i][0], word.top), max(bands[i][1], word.bottom))
                break
        else:
            rows.append([word])
            bands.append((word.top, word.bottom))
            row_sizes.append(_RowSize())
            row_sizes[-1].add(word)
    for word in (w for w in kept if _marker_like(w, median)):
        fits = [i for i in range(len(rows)) if _overlap(word.top, word.bottom, *bands[i]) >= 0.3]
        if fits:
            rows[min(fits, key=lambda k: min(_x_distance(word, w) for w in rows[k]))].append(word)
        else:
            rows.append([word])
            bands.append((word.top, word.bottom))
    lines = [_split_cells(sorted(row, key=lambda w: w.x0)) for row in rows]
    return sorted(lines, key=lambda line: line.top)


def char_width(words: list[Word] | tuple[Word, ...]) -> float:
    """Average width of one character (relative to the page) over the words' letters.

    Gaps are measured in character widths, not font sizes: word sources disagree on what a
    font size is (nominal size or box height), but not on where the letters are.
    """
    long = [w for w in words if len(w.text) >= 3] or list(words)
    chars = sum(len(w.text) for w in long)
    return sum(w.x1 - w.x0 for w in long) / chars if chars else 0.01


def _split_cells(row: list[Word]) -> Line:
    gap = CELL_GAP_CHARS * char_width(row)
    groups: list[list[Word]] = [[row[0]]]
    for prev, word in pairwise(row):
        if word.x0 - prev.x1 > gap:
            groups.append([word])
        else:
            groups[-1].append(word)
    cells = []
    for group in groups:
        cell_size = _main_size(group)
        cells.append(Cell(tuple(group), cell_size, _main_font(group, cell_size)))
    return Line(tuple(cells))
