"""Linking within the author block: names rows, the lines under them, grids and shared lines."""

from __future__ import annotations

from extract.affiliations.emails import parse_emails
from extract.affiliations.header.cells import (
    AffPart,
    CellKind,
    NamePart,
    OrgTest,
    split_affiliations,
    split_names,
    starts_with_marker,
)
from extract.affiliations.header.lines import Cell, Line, char_width
from extract.affiliations.header.model import AuthorDraft, HeaderAffiliation, NameGroup, Via
from extract.document import Word


def build_groups(lines: tuple[Line, ...], kinds: list[list[CellKind]]) -> list[NameGroup]:
    """Group header lines: a run of names lines opens a group, the lines under them fill it."""
    groups: list[NameGroup] = []
    for line, line_kinds in zip(lines, kinds, strict=True):
        name_cells = [c for c, k in zip(line.cells, line_kinds, strict=True) if k == "names"]
        rest: list[tuple[Cell, CellKind]] = [
            (c, k) for c, k in zip(line.cells, line_kinds, strict=True) if k != "names"
        ]
        if name_cells:
            if not groups or groups[-1].blocks:
                groups.append(NameGroup())
            row = [AuthorDraft(p, c) for c in name_cells for p in split_names(c)]
            _continue_name(groups[-1], row)
            if row:
                groups[-1].rows.append(row)
            inline = [c for c, k in rest if k == "email"]
            groups[-1].inline_mail.extend(c.text(markers=True) for c in inline)
            rest = [(c, k) for c, k in rest if k != "email"]
        if rest:
            if not groups:
                groups.append(NameGroup())
            groups[-1].blocks.append((line, rest))
    return groups


def _continue_name(group: NameGroup, row: list[AuthorDraft]) -> None:
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
        prev_row[-1] = AuthorDraft(merged, last.column)
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


def assign_blocks(
    group: NameGroup, marker_map: dict[str, list[AffPart]], notes: list[Cell], is_org: OrgTest
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


def _split_at_columns(cell: Cell, columns: list[AuthorDraft]) -> list[Cell]:
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


def _column_authors(group: NameGroup, columns: list[AuthorDraft], target: int) -> list[AuthorDraft]:
    if target < 0:
        return group.authors
    column = columns[target].column
    return [a for a in group.authors if a.column is column]


def _give_emails(group: NameGroup, columns: list[AuthorDraft], target: int, text: str) -> list[str]:
    emails = parse_emails(text)
    owners = _column_authors(group, columns, target)
    if target >= 0 and len(owners) == 1 and len(emails) == 1:
        owners[0].email = emails[0]
        return []
    return emails


def _nearest(columns: list[AuthorDraft], cell: Cell) -> int:
    def overlap(author: AuthorDraft) -> float:
        col = author.column
        return min(col.x1, cell.x1) - max(col.x0, cell.x0) - 0.01 * abs(col.center - cell.center)

    return max(range(len(columns)), key=lambda i: overlap(columns[i]))
