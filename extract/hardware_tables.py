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


def column_count(before: str, after: str) -> int | None:
    """A count in the cell after the chip's name, or before it in "8 (H100)"."""
    m = _COLUMN_COUNT.search(after[:20]) or _COUNT_PAREN.search(before[-20:])
    if m is None:
        return None
    n = int(m.group("n"))
    return n if 1 <= n <= 4096 else None
