"""Hardware in table rows: the row, not a sentence, is a mention's context.

Papers list set-ups in tables ("Ours | 4 × V100 | 29 h", "Detection RTX 3090 4 24GB"). Text
extracted from such a table has no sentence ends, so a sentence would run over every row and
caption: one row's citation would make every row "another work's", and the count sits in a column,
not next to the words "GPUs". A line is a table row when it is short, has no sentence inside it,
and has column bars or at least two bare numbers with at most one word of running text ("the",
"on", "we", "trained"...): a wrapped line of prose has many.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_MAX_ROW = 200
_NUMBER = re.compile(r"(?<![\w.])\d+(?:[.,]\d+)?(?:[kKMBhd%]|GB)?(?![\w.])")
# words of running text; a table row has at most one
_PROSE = re.compile(
    r"\b(?:the|of|on|with|for|and|we|is|are|was|were|to|in|an?|by|which|that|from|using|used|this|it|its|"
    r"trained|train|trains|takes|took|would|our model|each)\b"
)
_SENTENCE = re.compile(r"[a-z]{2,}[.;:] +[A-Z][a-z]")
_OURS = re.compile(r"\((?:ours|our)\)|^\s*(?:ours|our\b)|\|\s*ours?\b|\bours\)?\s*(?:\||$)", re.IGNORECASE)
_CITED = re.compile(r"\[\d+(?:[,–-]\s*\d+)*\]|et al\.|\((?:\D{2,40},? )?(?:19|20)\d\d[a-z]?\)")
# a bare count in the next column: "RTX 3090 | 2 | 24GB", "RTX 3090 2 24GB" (not "24GB", "53 h", "500k")
_COLUMN_COUNT = re.compile(
    r"^(?:\s*(?:GPUs?|cards?|chips?))?\s*\|?\s*(?P<n>\d{1,4})(?![\d.,])(?!\s*(?:GB|G\b|[hHdDkKMB]\b|hrs?\b|hours?\b|days?\b|%))"
)
# "8 (H100)": a count before the chip's name in parentheses
_COUNT_PAREN = re.compile(r"(?:^|[|\s])(?P<n>\d{1,4})\s*\(\s*(?:NVIDIA\s+|Tesla\s+)?$")


def table_row(text: str, start: int, end: int) -> tuple[int, int] | None:
    """``[start, end)`` of the table row holding ``text[start:end]``, or None if it is prose."""
    lo = text.rfind("\n", 0, start) + 1
    hi = text.find("\n", end)
    hi = len(text) if hi < 0 else hi
    if not _row_like(text[lo:hi]):
        return None
    if "|" in text[lo:hi]:
        return lo, hi
    # a short line of prose can look like a row; a table has rows above or below it
    above = text[text.rfind("\n", 0, max(0, lo - 1)) + 1 : max(0, lo - 1)]
    below_end = text.find("\n", hi + 1)
    below = text[hi + 1 : len(text) if below_end < 0 else below_end]
    return (lo, hi) if _row_like(above) or _row_like(below) else None


def _row_like(line: str) -> bool:
    """Short, no sentence, and column bars or two bare numbers with at most one prose word."""
    if not line.strip() or len(line) > _MAX_ROW or _SENTENCE.search(line):
        return False
    return "|" in line or (len(_NUMBER.findall(line)) >= 2 and len(_PROSE.findall(line)) <= 1)


def is_ours(row: str) -> bool:
    """True for the paper's own row: "Ours", "T5-Base (ours)"."""
    return bool(_OURS.search(row))


def is_cited(row: str) -> bool:
    """True for a row crediting another work (a citation marker in it)."""
    return bool(_CITED.search(row))


# what a chip's cell may print after its name: memory and form factor ("A100-40GB", "V100 (32GB) SXM2")
_CHIP_SUFFIX = re.compile(
    r"^(?:[\s-]*(?:\(\s*\d{1,3}\s?GB\s*\)|\d{1,3}\s?GB\b|SXM\d?\b|PCIe\b))+", re.IGNORECASE
)


def column_count(before: str, after: str) -> int | None:
    """A count in the cell after the chip's name (and its memory or form factor), or before it in "8 (H100)"."""
    suffix = _CHIP_SUFFIX.match(after)
    rest = after[suffix.end() :] if suffix else after
    m = _COLUMN_COUNT.search(rest[:20]) or _COUNT_PAREN.search(before[-20:])
    if m is None:
        return None
    n = int(m.group("n"))
    return n if 1 <= n <= 4096 else None


# a header naming chips per node: "GPUs/node", "GPUs per node", "#GPUs per machine"
_PER_NODE_HEADER = re.compile(
    r"(?i)\b(?:GPUs?|TPUs?|devices|accelerators|cards|chips)\s*(?:/|per\s+)\s*(?:node|machine|server|host)\b"
)
_BARE_INT = re.compile(r"(?<![\w.,-])(?P<n>\d{1,4})(?![\w.,%-])")


def per_node_count(text: str, row_start: int, chip_start: int) -> int | None:
    """Nodes x chips per node in a row under a header with a per-node column ("Nodes GPUs/node").

    The two bare numbers right before the chip's name are the nodes and the chips per node:
    "Train 4 8 H100" under "Node type Count GPUs per node GPU model" is 32.
    """
    header = header_above(text, row_start)
    if header is None or not _PER_NODE_HEADER.search(header):
        return None
    numbers = [int(m.group("n")) for m in _BARE_INT.finditer(text, row_start, chip_start)]
    if len(numbers) < 2:
        return None
    nodes, per = numbers[-2:]
    return nodes * per if 1 <= nodes <= 4096 and 1 <= per <= 64 else None


def header_above(text: str, row_start: int, limit: int = 12) -> str | None:
    """The first line above the row's block of rows that is not itself a row (the header), if near."""
    end = row_start - 1
    for _ in range(limit):
        if end <= 0:
            return None
        start = text.rfind("\n", 0, end) + 1
        line = text[start:end]
        if not _row_like(line) or _PER_NODE_HEADER.search(line):
            return line
        end = start - 1
    return None


# a column of chip counts: "GPUs", "#Devices", "Chips (TPUv4)", "Cores"
_COUNT_COLUMN = re.compile(r"(?i)^#?\s*(?:GPUs?|TPUs?|chips|cores|devices|accelerators)$")
_PARENS = re.compile(r"\([^()]*\)")
_HEADER_PROSE = 2  # words of running text a header may hold ("Method # of GPUs", "GPUs used for training")


@dataclass(frozen=True, slots=True)
class ColumnCount:
    """One row's cell in a count column: where it is, the count, and whether the column counts cores."""

    start: int
    end: int
    count: int
    cores: bool
    row: str


def _cells(line: str) -> list[tuple[str, int]]:
    """A row's cells with their offsets: split at column bars when it has them, else at spaces.

    Parenthesised notes ("Chips (TPUv4)") are no cells of their own.
    """
    if "|" in line:
        cells, at = [], 0
        for part in line.split("|"):
            if part.strip():
                cells.append((part.strip(), at + len(part) - len(part.lstrip())))
            at += len(part) + 1
        return cells
    blanked = _PARENS.sub(lambda m: " " * len(m.group()), line)
    return [(m.group(), m.start()) for m in re.finditer(r"\S+", blanked)]


def count_column(text: str, line_start: int, limit: int = 3) -> list[ColumnCount]:
    """The counts of a table whose header (this line or one of the next ``limit``) has a count column.

    "Model GPUs GPU hours Tokens" over "Ours-7B 256 34,000 200B" gives 256 for that row. Rows are
    read until the first line that is not a row; a row whose cell is not a whole number gives none.
    """
    at = line_start
    for _ in range(limit + 1):
        end = text.find("\n", at)
        if end < 0:
            return []
        line = text[at:end]
        cells = [c for c, _ in _cells(line)]
        # a line of running text naming "TPU" is no header ("trained on a TPU v3 slice with 32 cores")
        prose = len(_PROSE.findall(line)) > _HEADER_PROSE
        column = None if prose else next((i for i, c in enumerate(cells) if _COUNT_COLUMN.match(c)), None)
        if column is not None and (values := _column_values(text, end + 1, column, _is_cores(cells, column))):
            return values  # a header: rows follow it
        at = end + 1
    return []


def _is_cores(cells: list[str], column: int) -> bool:
    """True when the count column counts cores: "Cores", or "TPU cores" split into two cells."""
    here = cells[column].lower().lstrip("#").strip()
    after = cells[column + 1].lower() if column + 1 < len(cells) else ""
    return here == "cores" or (here == "tpu" and after == "cores")


# a header over rows of chips whose count column counts cores: "Hardware TPU cores Steps"
_CORES_HEADER = re.compile(r"(?i)(?<!CPU )(?<!CPU-)\bcores\b")
_CHIPS_HEADER = re.compile(r"(?i)\b(?:chips|devices|GPUs|TPUs)\b")


def counts_cores(text: str, row_start: int) -> bool:
    """True when the header above the row counts cores ("TPU cores", "#Cores"), not chips or CPU cores."""
    header = header_above(text, row_start)
    return header is not None and bool(_CORES_HEADER.search(header)) and not _CHIPS_HEADER.search(header)


def _column_values(text: str, at: int, column: int, cores: bool) -> list[ColumnCount]:
    found: list[ColumnCount] = []
    while at < len(text):
        end = text.find("\n", at)
        end = len(text) if end < 0 else end
        line = text[at:end]
        if not _row_like(line):
            break
        cells = _cells(line)
        if column < len(cells) and re.fullmatch(r"\d{1,5}", cells[column][0]) and int(cells[column][0]) >= 1:
            value, offset = cells[column]
            found.append(ColumnCount(at + offset, at + offset + len(value), int(value), cores, line))
        at = end + 1
    return found
