"""What the header parser returns (frozen) and the drafts it fills while linking (mutable)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from extract.affiliations.header.cells import CellKind, NamePart
from extract.affiliations.header.lines import Cell, Line
from extract.document import Word

Via = Literal["marker", "grid", "shared", "note", "footnote"]


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
class AuthorDraft:
    """An author being linked: name part, the names cell it sits in, what was linked so far."""

    part: NamePart
    column: Cell
    affiliations: list[HeaderAffiliation] = field(default_factory=list)
    email: str | None = None


@dataclass(slots=True)
class NameGroup:
    """Rows of names and the non-name lines printed under them, up to the next names."""

    rows: list[list[AuthorDraft]] = field(default_factory=list)
    blocks: list[tuple[Line, list[tuple[Cell, CellKind]]]] = field(default_factory=list)
    inline_mail: list[str] = field(default_factory=list)  # e-mails printed on the names lines

    @property
    def authors(self) -> list[AuthorDraft]:
        """All authors of the group in reading order."""
        return [a for row in self.rows for a in row]
