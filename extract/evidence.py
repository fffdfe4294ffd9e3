"""Building evidence for a span of a parsed document: page, section, the sentence around it."""

from __future__ import annotations

import re

from extract.document import ParsedDoc
from paperscope.records import Box, Evidence, Producer

CONTEXT_LIMIT = 320  # characters looked at on each side of a span for its sentence

# A sentence ends at . ! ? (not after a common abbreviation) before a space and a capital, a
# bracket or a digit; a blank line and a page break end one too.
_END = re.compile(
    r"(?<!\bal)(?<!\be\.g)(?<!\bi\.e)(?<!\bFig)(?<!\bEq)(?<!\bSec)(?<!\bvs)(?<!\bcf)(?<!\bet)(?<!\b[A-Z])"
    r"[.!?][\"”’)]*\s+(?=[A-Z\[(0-9])|\n\s*\n|\f"
)


_NUMBERED_HEADING = re.compile(r"[ \t]*(?:\d+(?:\.\d+)*\.?|[A-H](?:\.\d+)*)[ \t]+[A-Z][^.!?\n]{0,60}$")
_SHORT_HEADING = re.compile(r"[ \t]*[A-Z][^.!?,;:\n]{0,40}$")


def _is_heading(text: str, start: int, end: int) -> bool:
    """Whether the line ``text[start:end]`` is a heading, not the start of a wrapped sentence.

    A heading is numbered or a few capitalised words, and the next line starts with a capital.
    """
    if end + 1 >= len(text) or not text[end + 1].isupper():
        return False
    if _NUMBERED_HEADING.match(text, start, end):
        return True
    return bool(_SHORT_HEADING.match(text, start, end)) and len(text[start:end].split()) <= 4


def sentence_bounds(text: str, start: int, end: int, limit: int = CONTEXT_LIMIT) -> tuple[int, int]:
    """The ``[start, end)`` of the sentence holding ``text[start:end]``, at most ``limit`` each side.

    >>> t = "We thank J. Doe. All runs used 8 V100 GPUs. See Fig. 2 for more."
    >>> s, e = sentence_bounds(t, t.index("V100"), t.index("V100") + 4)
    >>> t[s:e]
    'All runs used 8 V100 GPUs.'
    """
    lo = max(0, start - limit)
    begin = lo
    for m in _END.finditer(text, lo, start):
        begin = m.end()
    while (newline := text.find("\n", begin, start)) >= 0 and _is_heading(text, begin, newline):
        begin = newline + 1  # a heading line ("1 Introduction") is not part of the next sentence
    stop = min(len(text), end + limit)
    found = _END.search(text, end, stop)
    if found is None:
        return begin, stop
    return begin, found.start() if found.group().startswith(("\n", "\f")) else found.start() + 1


def squash(text: str) -> str:
    """Collapse runs of whitespace (line breaks included) into one space."""
    return " ".join(text.split())


def make_evidence(
    doc: ParsedDoc,
    start: int,
    end: int,
    *,
    context: tuple[int, int] | None = None,
    boxes: tuple[Box, ...] = (),
) -> Evidence:
    """Evidence for ``doc.text[start:end]``: page, section, the matched text and its sentence.

    ``context`` is the span shown around the match (default: its sentence); ``boxes`` where known.
    """
    s, e = context or sentence_bounds(doc.text, start, end)
    return Evidence(
        paper_key=doc.paper_key,
        source="pdf",
        pdf_sha256=doc.pdf_sha256,
        page=doc.page_of(start),
        start=start,
        end=end,
        text_sha256=doc.text_sha256,
        matched=doc.text[start:end],
        context=squash(doc.text[s:e]),
        section=doc.section_of(start),
        boxes=boxes,
    )


def producer(doc: ParsedDoc, name: str, version: str) -> Producer:
    """The producer of a label read from ``doc`` by extractor ``name@version``."""
    return Producer(name=name, version=version, parser=doc.parser or None)
