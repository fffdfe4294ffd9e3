"""Find a paper's sections in its text: title block, abstract, body, references, checklist, appendix.

Acknowledgements are a section of their own too.
Headings are found as whole lines (papers print them on their own line), in the order papers use:
title block, abstract, body, [acknowledgements], references, then checklist and appendix in either
order. What is not found is simply absent: a camera-ready without appendix has no ``appendix``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from extract.document import Section


class Heading(NamedTuple):
    """A heading line found: where it starts and ends in the text, and its text."""

    start: int
    end: int
    text: str


class LineStart:
    """A heading regex that matches only at a line start: after a line or page break, or at the text start.

    The regex looks for the line break itself, so the engine skips from break to break; a
    look-behind tried at every position made the section split four times slower.
    """

    def __init__(self, body: str, flags: int = 0) -> None:
        self._at_start = re.compile(body, flags)
        self._after_break = re.compile(f"[\\n\\f](?:{body})", flags)

    def finditer(self, text: str, start: int = 0, end: int | None = None) -> Iterator[Heading]:
        """Headings in ``text[start:end]``, in order, not overlapping (as ``re.finditer``)."""
        stop = len(text) if end is None else end
        resume = start
        if start == 0 and (m := self._at_start.match(text, 0, stop)) is not None:
            yield Heading(0, m.end(), m.group())
            resume = m.end()
        # from one character early: a break just before ``resume`` makes ``resume`` a line start (also
        # when the previous heading ended with that break, as a look-behind would see it)
        at = max(resume - 1, 0)
        while (m := self._after_break.search(text, at, stop)) is not None:
            yield Heading(m.start() + 1, m.end(), m.group()[1:])
            at = max(m.end() - 1, m.start() + 1)

    def search(self, text: str, start: int = 0, end: int | None = None) -> Heading | None:
        """The first heading in ``text[start:end]``, if any."""
        return next(self.finditer(text, start, end), None)


_ABSTRACT = LineStart(r"[ \t]*(?:abstract|a b s t r a c t)\b[ \t]*[.:—-]?", re.IGNORECASE)
_INTRO = LineStart(r"[ \t]*(?:1|I)?\.?[ \t]*introduction\b[^\n]{0,40}(?=\n)", re.IGNORECASE)
_REFERENCES = LineStart(
    r"[ \t]*(?:\d+\.?[ \t]*)?(?:references|bibliography|literature cited)[ \t]*(?=\n)", re.IGNORECASE
)
_ACKNOWLEDGEMENTS = LineStart(
    r"[ \t]*(?:\d+\.?[ \t]*)?acknowledge?ments?\b(?: and disclosure of funding)?", re.IGNORECASE
)
_CHECKLIST = LineStart(
    r"[ \t]*(?:NeurIPS Paper )?Checklist[ \t]*\n(?=.{0,400}(?:For all authors|Claims))",
    re.IGNORECASE | re.DOTALL,
)
_APPENDIX = LineStart(
    r"[ \t]*(?:(?:appendix|appendices|supplementary materials?)\b[^\n]{0,80}"
    r"|[A-H](?:\.\d{1,2})*\.?[ \t]+[A-Z][^\n,]{2,80})(?=\n)"
)
_REFERENCE_LINE_END = re.compile(r"\b(?:19|20)\d\d[a-z]?\.[ \t]*\n")
_EXPLICIT_APPENDIX = LineStart(
    r"[ \t]*(?:appendix|appendices)(?:[ \t]+[A-Z](?:[.:][ \t]*[A-Z][^\n]{0,60})?)?[ \t]*(?=\n)",
    re.IGNORECASE,
)
_YEAR_OR_SENTENCE = re.compile(r"(?:19|20)\d\d|\.\s|\.$|[;:]$")


def _first(pattern: LineStart, text: str, start: int, end: int) -> Heading | None:
    return pattern.search(text, start, end)


def _appendix_start(text: str, start: int) -> Heading | None:
    """The first appendix-like heading after ``start`` that is not a reference-list line."""
    for m in _APPENDIX.finditer(text, start):
        line = m.text.strip()
        label, _, rest = line.partition(" ")
        heading = label.lower().startswith(("appendix", "appendices", "supplementary")) or (
            not _YEAR_OR_SENTENCE.search(rest) and len(rest.split()) <= 12
        )
        # a title in a reference list looks like a heading; what follows a real one has no run of
        # lines ending in a publication year
        if heading and len(_REFERENCE_LINE_END.findall(text, m.end, m.end + 1500)) < 3:
            return m
    return None


def find_sections(text: str) -> tuple[Section, ...]:
    """Split ``text`` into sections in document order; spans cover the text without overlap."""
    n = len(text)
    marks: list[tuple[int, str, str]] = []
    abstract = _first(_ABSTRACT, text, 0, min(n, 8000))
    intro = _first(_INTRO, text, abstract.end if abstract else 0, min(n, 20000))
    if abstract:
        marks.append((abstract.start, "abstract", abstract.text.strip()))
    body_start = intro.start if intro else (abstract.end + 1 if abstract else 0)
    if abstract and not intro:  # no introduction heading: the abstract is its first paragraph
        para = text.find("\n\n", abstract.end)
        body_start = para if 0 < para < abstract.end + 3000 else min(n, abstract.end + 2000)
    marks.append((body_start, "body", intro.text.strip() if intro else ""))
    refs = _first(_REFERENCES, text, body_start, n)
    tail_start = refs.end if refs else n
    if refs:
        marks.append((refs.start, "references", refs.text.strip()))
    acks = list(_ACKNOWLEDGEMENTS.finditer(text, body_start, refs.start if refs else n))
    if acks:
        marks.append((acks[-1].start, "acknowledgements", acks[-1].text.strip()))
    checklist = _first(_CHECKLIST, text, tail_start, n)
    if checklist:
        marks.append((checklist.start, "checklist", checklist.text.strip()))
    appendix = _appendix_start(text, tail_start)
    if appendix and checklist and checklist.start < appendix.start:
        appendix = _appendix_start(text, _checklist_end(text, checklist.end))
    if refs and (appendix is None or appendix.start > refs.start):
        # an appendix printed before the references, under an explicit "Appendix" heading
        middle = body_start + (refs.start - body_start) // 2
        early = list(_EXPLICIT_APPENDIX.finditer(text, middle, refs.start))
        if early:
            if appendix is not None:
                marks.append((appendix.start, "appendix", appendix.text.strip()))
            appendix = early[0]
    if appendix:
        marks.append((appendix.start, "appendix", appendix.text.strip()))
    marks.sort()
    sections: list[Section] = []
    if marks and marks[0][0] > 0:
        sections.append(Section("title_block", 0, marks[0][0]))
    for (start, kind, heading), nxt in zip(marks, [*marks[1:], (n, "", "")], strict=True):
        if nxt[0] > start:
            sections.append(Section(kind, start, nxt[0], heading))
    return tuple(sections)


def _checklist_end(text: str, start: int) -> int:
    """Where a checklist's numbered questions stop: after its last ``[Yes]/[No]/[N/A]`` answer."""
    last = start
    for m in re.finditer(r"\[(?:Yes|No|N/?A|TODO)\]", text[start : start + 20000]):
        last = start + m.end()
    return last
