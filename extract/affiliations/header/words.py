"""Make page-1 words from any word source look alike before header parsing.

``ParsedDoc.header_words`` come from pdfium: split at whitespace only, with the font and size of
each word's first character, and sizes of 1 pt on pages drawn with a scaled text matrix. So a
superscript glued to a name (``Yang∗1``, ``1Carnegie``) is one word. This module splits such
markers off (boxes shared out by character count) and, when declared sizes are unusable, sizes
words by their box height.
"""

from __future__ import annotations

import re

from extract.affiliations.header.lines import MARKER_SYMBOLS
from extract.document import Word

PAGE_HEIGHT_PT = 792.0  # US Letter; used only to turn relative heights into points
MARKER_SCALE = 0.7  # a split-off superscript gets this share of its word's size
_SYMS = re.escape(MARKER_SYMBOLS)
# name + glued markers: "Yang∗1", "Dai∗12,", "Hu1,", "Sifre†,‡" (at most two digits: not a zip code)
_TRAILING = re.compile(
    rf"^(?P<body>.*[^\W\d_][.]?)(?P<mark>(?:[{_SYMS}]|\d{{1,2}}(?!\d))+(?:,[{_SYMS}\d]+)*)(?P<tail>[,;]?)$"
)
# glued leading markers: "1Carnegie", "†Facebook", "∗Equal"
_LEADING = re.compile(rf"^(?P<mark>[{_SYMS}]+|\d{{1,2}}(?:,\d{{1,2}})*)(?P<body>[A-Z{_SYMS}][^\d].*)$")


_ACCENTS = frozenset("´`¨ˆ˜ˇ¸˚˙˝¯˘")
_MID_SYMBOL = re.compile(rf"(?<=[a-z])([{_SYMS}]+)(?=[a-z])")


def normalise_words(words: tuple[Word, ...] | list[Word]) -> list[Word]:
    """Words with glued superscript markers split off, detached accents dropped, usable sizes."""
    sized = _single_line(_with_usable_sizes(list(words)))
    out: list[Word] = []
    for word in _join_accents(sized):
        for piece in _split_mid_symbol(word):
            out.extend(_split_markers(piece))
    return out


def _join_accents(words: list[Word]) -> list[Word]:
    """Drop spacing accents printed as words (``Velickovi ˇ c´``) and rejoin the letters they split."""
    out: list[Word] = []
    dropped_after: Word | None = None
    for word in words:
        if word.text and all(c in _ACCENTS for c in word.text):
            dropped_after = out[-1] if out else None
            continue
        prev = out[-1] if out else None
        touching = prev is not None and abs(word.top - prev.top) < 0.004 and word.x0 - prev.x1 < 0.004
        if prev is not None and prev is dropped_after and touching and word.text[:1].isalpha():
            out[-1] = Word(
                prev.text + word.text,
                prev.page,
                prev.x0,
                min(prev.top, word.top),
                word.x1,
                max(prev.bottom, word.bottom),
                prev.font,
                prev.size,
            )
        else:
            out.append(word)
        dropped_after = None
    return out


def _single_line(words: list[Word]) -> list[Word]:
    """Shrink words whose box spans two lines to the end of their first line.

    pdfium rejoins a word hyphenated across a line break into one word with a two-line box, which
    would glue the two lines together.
    """
    heights = sorted(w.bottom - w.top for w in words)
    if not heights:
        return words
    typical = heights[len(heights) // 2]
    out = []
    for w in words:
        if w.bottom - w.top > 1.6 * typical and len(w.text) > 1:
            width = min(w.x1 - w.x0, len(w.text) * 0.5 * w.size / 612.0)
            w = Word(w.text, w.page, w.x1 - width, w.top, w.x1, w.top + typical, w.font, w.size)
        out.append(w)
    return out


def _split_mid_symbol(word: Word) -> list[Word]:
    """``Ravi∗and`` -> ``Ravi``, ``∗``, ``and``."""
    if "@" in word.text or not _MID_SYMBOL.search(word.text):
        return [word]
    pieces: list[Word] = []
    pos = 0
    for part in _MID_SYMBOL.split(word.text):
        if part:
            size = round(word.size * MARKER_SCALE, 2) if _MID_SYMBOL.fullmatch(part) else word.size
            pieces.append(_piece(word, pos, pos + len(part), part, size))
        pos += len(part)
    return pieces


def _with_usable_sizes(words: list[Word]) -> list[Word]:
    if not words or sum(1 for w in words if w.size < 3) < len(words) / 2:
        return words
    return [
        Word(
            w.text, w.page, w.x0, w.top, w.x1, w.bottom, w.font, round((w.bottom - w.top) * PAGE_HEIGHT_PT, 1)
        )
        for w in words
    ]


def _piece(word: Word, start: int, end: int, text: str, size: float) -> Word:
    n = max(len(word.text), 1)
    width = word.x1 - word.x0
    return Word(
        text,
        word.page,
        word.x0 + width * start / n,
        word.top,
        word.x0 + width * end / n,
        word.bottom,
        word.font,
        size,
    )


def _split_markers(word: Word) -> list[Word]:
    text = word.text
    if "@" in text or len(text) < 2 or text.startswith(("http", "www")):
        return [word]
    small = round(word.size * MARKER_SCALE, 2)
    trailing = _TRAILING.match(text)
    if trailing and trailing.group("body") and not trailing.group("body")[-1].isdigit():
        body, mark, tail = trailing.group("body"), trailing.group("mark"), trailing.group("tail")
        pieces = [
            _piece(word, 0, len(body), body, word.size),
            _piece(word, len(body), len(body) + len(mark), mark, small),
        ]
        if tail:
            pieces.append(_piece(word, len(text) - len(tail), len(text), tail, word.size))
        return pieces
    leading = _LEADING.match(text)
    if leading:
        mark, body = leading.group("mark"), leading.group("body")
        return [_piece(word, 0, len(mark), mark, small), _piece(word, len(mark), len(text), body, word.size)]
    return [word]
