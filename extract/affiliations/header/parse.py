"""Page-1 header parsing: authors in order, each linked to their own affiliation(s) and e-mail.

Pure over ``tuple[Word, ...]`` (words of page 1 with fonts and boxes). Layouts handled, in the order tried:

* **markers**: superscript labels after names (``Zhilin Yang∗1``) and before affiliation lines or
  footnotes (``1Carnegie Mellon University``), digits and symbols alike;
* **grid**: one author per column with the affiliation lines and e-mail stacked under each name;
* **shared**: a block of names followed by lines that belong to all of them (``Google Research``),
  including notes such as ``All authors from DeepMind``;
* **footnotes**: ICML-style affiliations at the page bottom and ``work done while at X`` notes,
  which are added after the printed affiliation.
"""

from __future__ import annotations

import re

from extract.affiliations.emails import match_emails
from extract.affiliations.header.blocks import assign_blocks, build_groups
from extract.affiliations.header.cells import (
    AffPart,
    CellKind,
    OrgTest,
    all_authors_org,
    classify,
    looks_like_names,
    names_org_like,
    org_words,
    split_affiliations,
    starts_with_marker,
)
from extract.affiliations.header.lines import Cell, Line
from extract.affiliations.header.model import AuthorDraft, HeaderAffiliation, HeaderAuthor, ParsedHeader
from extract.affiliations.header.region import find_region
from extract.document import Word

__all__ = ["HeaderAffiliation", "HeaderAuthor", "ParsedHeader", "parse_header"]

# "work done while at X", "during an internship at X", "... when Y was an intern at X": X is the
# author's too. "Now at X" / "currently at X" is where the author went later: not this work's.
_WORK_AT = re.compile(
    r"(?:intern(?:ship|ing)?\b|work\s*(?:was\s*)?(?:done|performed|conducted)\b(?!.*\bintern))"
    r"\s*(?:[\w.-]+\s*){0,4}?(?:at|with)\s+(.+)",
    re.IGNORECASE,
)
_LATER = re.compile(r"^(?:now|currently|presently)\s+(?:\w+\s+){0,2}?(?:at|with)\b", re.IGNORECASE)
_CUT = re.compile(r"\.?\s*(correspon|e-?mail|contact|proceedings|copyright|\(?code)", re.IGNORECASE)
_EMAIL = re.compile(r"\S+@\S+")


def _never_org(_: str) -> bool:
    return False


def parse_header(words: tuple[Word, ...] | list[Word], is_org: OrgTest = _never_org) -> ParsedHeader:
    """Parse page-1 words into authors with their own affiliations and e-mails.

    ``is_org`` says whether a text names a known organisation (helps tell names from affiliations).
    """
    region = find_region(words)
    lines = _join_wrapped(region.lines)
    kinds = _classify_lines(lines, is_org)
    groups = build_groups(lines, kinds)
    marker_map: dict[str, list[AffPart]] = {}
    notes: list[Cell] = []
    pool: list[str] = []
    for group in groups:
        pool.extend(assign_blocks(group, marker_map, notes, is_org))
    footnote_parts = _footnote_parts((*notes, *region.footnotes))
    authors = [a for g in groups for a in g.authors]
    _link_markers(authors, marker_map, footnote_parts, is_org)
    _apply_notes(authors, notes)
    _match_pool(authors, pool)
    return ParsedHeader(
        region.title,
        tuple(
            HeaderAuthor(a.part.name, a.part.words, a.part.markers, tuple(_dedupe(a.affiliations)), a.email)
            for a in authors
        ),
    )


def _join_wrapped(lines: tuple[Line, ...]) -> tuple[Line, ...]:
    """A marked affiliation wrapped onto the next line is one affiliation, not a line of names.

    "^1Department of Computer Science, ..., Beijing" over "China" (same small type, no mark of its
    own, no wide gap): the second line continues the first. Lines in the names' larger type, lines
    with a mark or an e-mail, and lines of several cells stand alone.
    """
    names = next(
        (ln.size for ln in lines if not starts_with_marker(ln.cells[0]) and looks_like_names(ln.cells[0])),
        None,
    )
    out: list[Line] = []
    for line in lines:
        prev = out[-1] if out else None
        cell = line.cells[0]
        if (
            prev is not None
            and names is not None
            and len(prev.cells) == 1
            and len(line.cells) == 1
            and starts_with_marker(prev.cells[0])
            and not starts_with_marker(cell)
            and "@" not in cell.text()
            and abs(cell.size - prev.cells[0].size) < 0.3
            and cell.size < names - 0.5
            and line.top - prev.bottom < 1.2 * (prev.bottom - prev.top)
        ):
            joined = prev.cells[0]
            out[-1] = Line((Cell(joined.words + cell.words, joined.size, joined.font),))
            continue
        out.append(line)
    return tuple(out)


def _classify_lines(lines: tuple[Line, ...], is_org: OrgTest) -> list[list[CellKind]]:
    names_bold: bool | None = None
    for line in lines:
        cell = line.cells[0]
        if not starts_with_marker(cell) and looks_like_names(cell) and not names_org_like(cell, is_org):
            names_bold = cell.bold
            break
    return [[classify(cell, is_org, names_bold=names_bold) for cell in line.cells] for line in lines]


def _footnote_parts(cells: tuple[Cell, ...]) -> list[AffPart]:
    """Marker-led parts of footnote cells; a line without a leading marker continues the last part."""
    parts: list[AffPart] = []
    for cell in cells:
        words = tuple(w for w in cell.words if "@" not in w.text and w.text not in {"<", ">"})
        if not words:
            continue
        for part in split_affiliations(Cell(words, cell.size, cell.font)):
            if not part.markers and parts:
                last = parts[-1]
                joiner = "" if last.text.endswith("-") else " "
                text = (last.text[:-1] if joiner == "" else last.text) + joiner + part.text
                parts[-1] = AffPart(last.markers, text, last.words + part.words)
            else:
                parts.append(part)
    return parts


def _affiliation_like(text: str, is_org: OrgTest) -> bool:
    """A footnote that reads like an affiliation, not a sentence (``1 While it is common ...``).

    One word the organisation test accepts counts whatever its case (``1zentrifex.ai``: a web address),
    and so does one before the first comma (``1Technion, Haifa``).
    """
    words = text.split()
    if len(words) == 1 and is_org(text):
        return True
    lower = sum(
        1 for w in words if w[:1].islower() and w.lower() not in {"of", "and", "for", "de", "the", "at"}
    )
    # "Technion, Haifa": a one-word organisation is one when it is the whole part before the first comma
    named = bool(org_words().search(text)) or is_org(text) or is_org(text.split(",")[0].strip())
    return 0 < len(words) <= 25 and lower <= len(words) / 3 and named


def _link_markers(
    authors: list[AuthorDraft],
    marker_map: dict[str, list[AffPart]],
    footnotes: list[AffPart],
    is_org: OrgTest,
) -> None:
    """Marker-linked affiliations replace grid/shared ones; footnote notes are appended."""
    work_notes: dict[str, list[AffPart]] = {}
    for part in footnotes:
        text = _CUT.split(_EMAIL.sub("", part.text))[0].strip(" .,;")
        note = _WORK_AT.search(text)
        if note is None and _LATER.match(text):  # "Now at X": not where this work was done
            continue
        for label in part.markers:
            if note:
                work_notes.setdefault(label, []).append(
                    AffPart(part.markers, note.group(1).strip(" .,;"), part.words)
                )
            elif label.isalnum() and label not in marker_map and _affiliation_like(text, is_org):
                marker_map[label] = [AffPart(part.markers, text, part.words)]
    only = [p for parts in marker_map.values() for p in parts]
    for author in authors:
        linked = [p for m in author.part.markers for p in marker_map.get(m, [])]
        if not linked and not author.affiliations and len({p.text for p in only}) == 1:
            linked = only[:1]
        if linked:
            author.affiliations = [HeaderAffiliation(p.text, p.words, "marker") for p in linked]
        for m in author.part.markers:
            author.affiliations.extend(
                HeaderAffiliation(p.text, p.words, "footnote") for p in work_notes.get(m, [])
            )


def _apply_notes(authors: list[AuthorDraft], notes: list[Cell]) -> None:
    for note in notes:
        org = all_authors_org(note.text(markers=True))
        if org:
            for author in authors:
                if not author.affiliations:
                    author.affiliations.append(HeaderAffiliation(org, (), "note"))


def _match_pool(authors: list[AuthorDraft], pool: list[str]) -> None:
    free = [a for a in authors if a.email is None]
    for i, email in match_emails([a.part.name for a in free], pool).items():
        free[i].email = email


def _dedupe(affiliations: list[HeaderAffiliation]) -> list[HeaderAffiliation]:
    seen: set[str] = set()
    out = []
    for aff in affiliations:
        if aff.text not in seen:
            seen.add(aff.text)
            out.append(aff)
    return out
