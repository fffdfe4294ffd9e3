"""Page-1 header parsing: authors in order, each linked to their own affiliation(s) and e-mail.

Pure over ``tuple[Word, ...]`` (pdfplumber words of page 1). Layouts handled, in the order tried:

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
from dataclasses import dataclass, field
from typing import Literal

from extract.affiliations.emails import match_emails, parse_emails
from extract.affiliations.header_cells import (
    ORG_WORDS,
    AffPart,
    CellKind,
    NamePart,
    OrgTest,
    all_authors_org,
    classify,
    looks_like_names,
    split_affiliations,
    split_names,
    starts_with_marker,
)
from extract.affiliations.header_lines import Cell, Line, char_width
from extract.affiliations.header_region import find_region
from extract.document import Word

Via = Literal["marker", "grid", "shared", "note", "footnote"]
_WORK_AT = re.compile(
    r"(?:work\s*(?:was\s*)?(?:done|performed|conducted)|now|currently|internship)\s*(?:\w+\s*){0,4}?"
    r"(?:at|with)\s+(.+)",
    re.IGNORECASE,
)
_CUT = re.compile(r"\.?\s*(correspon|e-?mail|contact|proceedings|copyright|\(?code)", re.IGNORECASE)
_EMAIL = re.compile(r"\S+@\S+")


@dataclass(frozen=True, slots=True)
class HeaderAffiliation:
    """An affiliation as printed for one author, the words it was read from and how it was linked."""

    text: str
    words: tuple[Word, ...]
    via: Via


@dataclass(frozen=True, slots=True)
class HeaderAuthor:
    """One author in header order with their affiliations (first = primary) and e-mail."""

    name: str
    words: tuple[Word, ...]
    markers: tuple[str, ...] = ()
    affiliations: tuple[HeaderAffiliation, ...] = ()
    email: str | None = None


@dataclass(frozen=True, slots=True)
class ParsedHeader:
    """The parsed header of page 1."""

    title: str
    authors: tuple[HeaderAuthor, ...]


@dataclass(slots=True)
class _Author:
    part: NamePart
    column: Cell
    affiliations: list[HeaderAffiliation] = field(default_factory=list)
    email: str | None = None


@dataclass(slots=True)
class _Group:
    rows: list[list[_Author]] = field(default_factory=list)
    blocks: list[tuple[Line, list[tuple[Cell, CellKind]]]] = field(default_factory=list)
    inline_mail: list[str] = field(default_factory=list)  # e-mails printed on the names lines

    @property
    def authors(self) -> list[_Author]:
        return [a for row in self.rows for a in row]


def _never_org(_: str) -> bool:
    return False


def parse_header(words: tuple[Word, ...] | list[Word], is_org: OrgTest = _never_org) -> ParsedHeader:
    """Parse page-1 words into authors with their own affiliations and e-mails.

    ``is_org`` says whether a text names a known organisation (helps tell names from affiliations).
    """
    region = find_region(words)
    kinds = _classify_lines(region.lines, is_org)
    groups = _groups(region.lines, kinds)
    marker_map: dict[str, list[AffPart]] = {}
    notes: list[Cell] = []
    pool: list[str] = []
    for group in groups:
        pool.extend(_assign_blocks(group, marker_map, notes, is_org))
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


def _classify_lines(lines: tuple[Line, ...], is_org: OrgTest) -> list[list[CellKind]]:
    names_bold: bool | None = None
    for line in lines:
        cell = line.cells[0]
        if not starts_with_marker(cell) and looks_like_names(cell) and not is_org(cell.text()):
            names_bold = cell.bold
            break
    return [[classify(cell, is_org, names_bold=names_bold) for cell in line.cells] for line in lines]


def _groups(lines: tuple[Line, ...], kinds: list[list[CellKind]]) -> list[_Group]:
    groups: list[_Group] = []
    for line, line_kinds in zip(lines, kinds, strict=True):
        name_cells = [c for c, k in zip(line.cells, line_kinds, strict=True) if k == "names"]
        rest: list[tuple[Cell, CellKind]] = [
            (c, k) for c, k in zip(line.cells, line_kinds, strict=True) if k != "names"
        ]
        if name_cells:
            if not groups or groups[-1].blocks:
                groups.append(_Group())
            row = [_Author(p, c) for c in name_cells for p in split_names(c)]
            _continue_name(groups[-1], row)
            if row:
                groups[-1].rows.append(row)
            inline = [c for c, k in rest if k == "email"]
            groups[-1].inline_mail.extend(c.text(markers=True) for c in inline)
            rest = [(c, k) for c, k in rest if k != "email"]
        if rest:
            if not groups:
                groups.append(_Group())
            groups[-1].blocks.append((line, rest))
    return groups


def _continue_name(group: _Group, row: list[_Author]) -> None:
    """Join a name broken over two lines of a comma-separated list (``Arjun K.`` / ``Bansal,``)."""
    if not group.rows or not row:
        return
    prev_row = group.rows[-1]
    last, first = prev_row[-1], row[0]
    same_cell = sum(1 for a in prev_row if a.column is last.column) > 1
    if not last.part.closed and same_cell and len(first.part.name.split()) <= 2:
        merged = NamePart(
            f"{last.part.name} {first.part.name}", first.part.markers, last.part.words + first.part.words
        )
        prev_row[-1] = _Author(merged, last.column)
        row.pop(0)


def _marker_parts(cell: Cell, is_org: OrgTest) -> list[AffPart]:
    """Marker-led parts of a cell, completed where a part names no organisation.

    Such a part borrows the trailing organisation of a later part
    (``1Dept. of CS, 5Chemistry, Stanford University``).
    """
    parts = split_affiliations(cell)
    for i, part in enumerate(parts):
        if is_org(part.text):
            continue
        for later in parts[i + 1 :]:
            tail = later.text.rsplit(",", 1)[-1].strip()
            if "," in later.text and is_org(tail):
                parts[i] = AffPart(part.markers, f"{part.text}, {tail}", part.words)
                break
    return parts


def _assign_blocks(
    group: _Group, marker_map: dict[str, list[AffPart]], notes: list[Cell], is_org: OrgTest
) -> list[str]:
    """Give a group's affiliation and e-mail lines to its authors; return e-mails left to match by name."""
    columns = group.rows[-1] if group.rows else []
    grid = len({id(a.column) for a in columns}) > 1 and any(
        sum(1 for _, k in cells if k in {"affil", "email"}) > 1 for _, cells in group.blocks
    )
    pending: dict[int, list[Cell]] = {}
    mails: dict[int, list[Cell]] = {}
    for _, line_cells in group.blocks:
        cells = [
            (part, k) for c, k in line_cells for part in (_split_at_columns(c, columns) if grid else [c])
        ]
        for cell, kind in cells:
            if kind == "note":
                notes.append(cell)
            elif kind == "affil" and starts_with_marker(cell):
                for part in _marker_parts(cell, is_org):
                    for label in part.markers:
                        marker_map.setdefault(label, []).append(part)
            elif kind in {"affil", "email"} and group.authors:
                target = _nearest(columns, cell) if grid else -1
                (mails if kind == "email" else pending).setdefault(target, []).append(cell)
    pool: list[str] = [e for text in group.inline_mail for e in parse_emails(text)]
    for target, mail_cells in mails.items():
        pool.extend(_give_emails(group, columns, target, " ".join(c.text(markers=True) for c in mail_cells)))
    for target, aff_cells in pending.items():
        text = ", ".join(c.text().strip(" ,;") for c in aff_cells)
        words = tuple(w for c in aff_cells for w in c.words)
        via: Via = "grid" if target >= 0 else "shared"
        owners = _column_authors(group, columns, target)
        for author in owners:
            author.affiliations.append(HeaderAffiliation(text, words, via))
    return pool


def _split_at_columns(cell: Cell, columns: list[_Author]) -> list[Cell]:
    """Split a cell that runs across author columns at the columns' left edges (narrow gutters)."""
    starts = sorted({a.column.x0 for a in columns})
    space = 1.2 * char_width(cell.words)  # wider than a word space
    groups: list[list[Word]] = [[]]
    for prev, word in zip((None, *cell.words), cell.words, strict=False):
        crossing = (
            prev is not None
            and word.x0 - prev.x1 > space
            and any(prev.x1 < x <= word.x0 + 0.002 for x in starts)
        )
        if crossing and groups[-1]:
            groups.append([])
        groups[-1].append(word)
    return [Cell(tuple(g), cell.size, cell.font) for g in groups if g]


def _column_authors(group: _Group, columns: list[_Author], target: int) -> list[_Author]:
    if target < 0:
        return group.authors
    column = columns[target].column
    return [a for a in group.authors if a.column is column]


def _give_emails(group: _Group, columns: list[_Author], target: int, text: str) -> list[str]:
    emails = parse_emails(text)
    owners = _column_authors(group, columns, target)
    if target >= 0 and len(owners) == 1 and len(emails) == 1:
        owners[0].email = emails[0]
        return []
    return emails


def _nearest(columns: list[_Author], cell: Cell) -> int:
    def overlap(author: _Author) -> float:
        col = author.column
        return min(col.x1, cell.x1) - max(col.x0, cell.x0) - 0.01 * abs(col.center - cell.center)

    return max(range(len(columns)), key=lambda i: overlap(columns[i]))


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
    """A footnote that reads like an affiliation, not a sentence (``1 While it is common ...``)."""
    words = text.split()
    lower = sum(
        1 for w in words if w[:1].islower() and w.lower() not in {"of", "and", "for", "de", "the", "at"}
    )
    return 0 < len(words) <= 25 and lower <= len(words) / 3 and (bool(ORG_WORDS.search(text)) or is_org(text))


def _link_markers(
    authors: list[_Author], marker_map: dict[str, list[AffPart]], footnotes: list[AffPart], is_org: OrgTest
) -> None:
    """Marker-linked affiliations replace grid/shared ones; footnote notes are appended."""
    work_notes: dict[str, list[AffPart]] = {}
    for part in footnotes:
        text = _CUT.split(_EMAIL.sub("", part.text))[0].strip(" .,;")
        note = _WORK_AT.search(text)
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


def _apply_notes(authors: list[_Author], notes: list[Cell]) -> None:
    for note in notes:
        org = all_authors_org(note.text(markers=True))
        if org:
            for author in authors:
                if not author.affiliations:
                    author.affiliations.append(HeaderAffiliation(org, (), "note"))


def _match_pool(authors: list[_Author], pool: list[str]) -> None:
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
