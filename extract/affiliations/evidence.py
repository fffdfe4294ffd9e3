"""Where a header string sits in ``ParsedDoc.text`` (offsets) and on the page (boxes).

The header was read from page-1 words (pypdfium2) while ``ParsedDoc.text`` comes from the text layer, so
spacing, hyphens, accents and ligatures may differ: the search ignores everything but letters and
digits and compares ASCII-folded characters, then maps the hit back to original offsets.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from extract.affiliations.names import ascii_fold
from extract.document import ParsedDoc, Word
from paperscope.records import Box

MAX_PATTERN_CHARS = 80  # longer strings are matched on their first 80 letters and digits
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_LETTERS_AND_DIGITS = re.compile(r"[^\W_]+")


@lru_cache(maxsize=8)
def _folded_with_map(text: str) -> tuple[str, tuple[int, ...]]:
    """``text`` lower-cased and accent-folded, and for each folded character its index in ``text``.

    Cached: every author's affiliation is located on the same page text.
    """
    if text.isascii():  # the common case: one character in, one out
        return text.lower(), tuple(range(len(text)))
    out: list[str] = []
    where: list[int] = []
    done = 0
    for m in _NON_ASCII.finditer(text):  # ASCII runs are copied whole, other characters folded one by one
        k = m.start()
        out.append(text[done:k].lower())
        where.extend(range(done, k))
        folded = ascii_fold(m.group()).lower()
        out.append(folded)
        where.extend([k] * len(folded))
        done = k + 1
    out.append(text[done:].lower())
    where.extend(range(done, len(text)))
    return "".join(out), tuple(where)


@lru_cache(maxsize=8)
def _letters_and_digits(text: str) -> tuple[str, tuple[int, ...]]:
    """The folded ``text`` with only its letters and digits, and each one's index in ``text``."""
    folded, where = _folded_with_map(text)
    runs = [m.span() for m in _LETTERS_AND_DIGITS.finditer(folded)]
    return "".join(folded[a:b] for a, b in runs), tuple(i for a, b in runs for i in where[a:b])


def locate(needle: str, doc: ParsedDoc, page: int = 0) -> tuple[int, int] | None:
    """Offsets ``(start, end)`` of ``needle`` in the text of ``page``, ignoring spacing and accents.

    Only letters and digits are compared: the hit is the first place where the page spells the
    needle's letters and digits in order, whatever stands between them.
    """
    key = "".join([c for c in ascii_fold(needle).lower() if c.isalnum()][:MAX_PATTERN_CHARS])
    if len(key) < 2 or page >= len(doc.pages):
        return None
    span = doc.pages[page]
    letters, where = _letters_and_digits(doc.text[span.start : span.end])
    at = letters.find(key)
    if at < 0:
        return None
    return span.start + where[at], span.start + where[at + len(key) - 1] + 1


def union_box(words: Iterable[Word]) -> Box | None:
    """The smallest box (relative, page 0-based) around the words, or None for no words."""
    ws = list(words)
    if not ws:
        return None
    x0, top = max(0.0, min(w.x0 for w in ws)), max(0.0, min(w.top for w in ws))
    x1, bottom = min(1.0, max(w.x1 for w in ws)), min(1.0, max(w.bottom for w in ws))
    return Box(page=ws[0].page, x=x0, y=top, w=max(0.0, x1 - x0), h=max(0.0, bottom - top))


def line_bounds(doc: ParsedDoc, start: int, end: int, width: int = 200) -> tuple[int, int]:
    """The span around ``[start, end)``, cut at line breaks, at most ``width`` characters."""
    left = max(doc.text.rfind("\n", 0, start) + 1, start - width // 2)
    right = doc.text.find("\n", end)
    return left, min(right if right >= 0 else len(doc.text), end + width // 2)
