"""A paper's title as printed: the largest-font words near the top of page 1."""

from __future__ import annotations

from itertools import pairwise

from extract.document import ParsedDoc, Word
from extract.pdfium_reader import SOFT_HYPHEN

TOP_SHARE = 0.45  # the title sits in the top part of page 1 (relative page height)
SIZE_SHARE = 0.6  # words at least this share of the largest size belong to the title (small caps)
MARGIN = 0.08  # arXiv's stamp runs up the left margin in a large font


def title_words(words: tuple[Word, ...]) -> list[Word]:
    """The page-1 words printed in the largest font in the top part of the page, in reading order.

    Running heads ("Published as a conference paper at ICLR 2020") are small; arXiv's stamp runs
    up the left margin and is left out.
    """
    candidates = [w for w in words if w.page == 0 and w.top < TOP_SHARE and w.size > 0 and w.x0 > MARGIN]
    if not candidates:
        return []
    top_word = max(candidates, key=lambda w: (w.size, -w.top))
    font, largest = top_word.font, top_word.size
    # the title's words share its font (small caps are smaller); authors use another font or size
    chosen = [
        w
        for w in candidates
        if w.size >= largest * SIZE_SHARE and (w.font == font or w.size >= largest * 0.9)
    ]
    lines = _lines(chosen)
    kept = lines[:1]
    for prev, line in pairwise(lines):
        height = max(w.bottom - w.top for w in prev)
        if min(w.top for w in line) - max(w.bottom for w in prev) > 0.6 * height:
            break  # a gap: the title block has ended (authors, abstract heading)
        kept.append(line)
    return [w for line in kept for w in line]


def _lines(words: list[Word]) -> list[list[Word]]:
    """Words grouped into lines by their bottom edge (within a third of a line), top to bottom."""
    lines: list[list[Word]] = []
    for w in sorted(words, key=lambda w: w.bottom):
        if lines and abs(w.bottom - lines[-1][-1].bottom) <= (w.bottom - w.top) / 3:
            lines[-1].append(w)
        else:
            lines.append([w])
    return [sorted(line, key=lambda w: w.x0) for line in lines]


def title_of(doc: ParsedDoc) -> str:
    """The title printed on page 1 (empty when page 1 has no text); words broken at a line end rejoined."""
    return " ".join(w.text for w in title_words(doc.header_words)).replace(SOFT_HYPHEN + " ", "")
