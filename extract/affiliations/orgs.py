"""The organisation table: curated ML labs, curated aliases and ROR, indexed for matching.

Built by :mod:`extract.affiliations.org_loader` from ``data/orgs/`` (sources in
``data/orgs/README.md``) and passed to the extractor; never read at import time. Type policy: curated rows carry their own type;
a ROR row is ``industry`` if it is a company, ``academic`` if education, then ``government``,
``nonprofit``; a facility, hospital or other unit takes its parent's type, and a research facility
without a typed parent is ``academic``; anything else stays ``unknown``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, NamedTuple

from paperscope.records import OrgType

NameKind = Literal["exact", "alias"]
_DIRECT_TYPES: tuple[tuple[str, OrgType], ...] = (
    ("company", "industry"),
    ("education", "academic"),
    ("government", "government"),
    ("nonprofit", "nonprofit"),
)
# Keys made only of these words name no particular organisation ("Department of Computer Science").
GENERIC_WORDS = frozenset(
    [
        "a",
        "ai",
        "and",
        "applied",
        "artificial",
        "at",
        "center",
        "centre",
        "college",
        "computer",
        "computing",
        "data",
        "department",
        "dept",
        "des",
        "di",
        "division",
        "du",
        "de",
        "der",
        "electrical",
        "electronic",
        "electronics",
        "engineering",
        "faculty",
        "for",
        "graduate",
        "group",
        "health",
        "in",
        "information",
        "informatics",
        "institute",
        "intelligence",
        "key",
        "lab",
        "laboratories",
        "laboratory",
        "labs",
        "learning",
        "machine",
        "mathematical",
        "mathematics",
        "medical",
        "medicine",
        "national",
        "of",
        "physics",
        "program",
        "research",
        "school",
        "science",
        "sciences",
        "software",
        "state",
        "statistics",
        "studies",
        "systems",
        "team",
        "technology",
        "the",
        "university",
    ]
)
ACRONYM_STOP = frozenset(
    {"USA", "UK", "AI", "ML", "CS", "EECS", "CSE", "ECE", "NLP", "IEEE", "ACM", "PRC", "EU"}
)


class NameHit(NamedTuple):
    """What a squashed name key points at: the org, exact or alias, curated or not, words in the name."""

    at: int
    kind: NameKind
    curated: bool
    words: int


@dataclass(frozen=True, slots=True)
class Org:
    """One organisation: id (ROR id, ``ml-*`` curated id, or empty for an id-less 2021 ROR name)."""

    id: str
    name: str
    org_type: OrgType
    country: str | None
    parent_id: str | None
    root_id: str | None
    source: str


@dataclass(slots=True)
class OrgIndex:
    """Organisations and the lookup tables the resolver uses (built by :func:`load_org_index`)."""

    orgs: list[Org] = field(default_factory=list)
    ids: dict[str, int] = field(default_factory=dict)
    names: dict[str, NameHit] = field(default_factory=dict)
    acronyms: dict[str, int] = field(default_factory=dict)
    domains: dict[str, int] = field(default_factory=dict)
    university_domains: dict[str, tuple[str, str]] = field(default_factory=dict)
    academic_domains: frozenset[str] = frozenset()
    academic_suffixes: frozenset[str] = frozenset()
    academic_stop: frozenset[str] = frozenset()
    fuzzy_keys: list[str] = field(default_factory=list)
    fuzzy_orgs: list[int] = field(default_factory=list)
    _by_length: dict[int, tuple[list[str], list[int]]] = field(default_factory=dict, repr=False)

    def fuzzy_near(self, length: int, threshold: float) -> tuple[list[str], list[int]]:
        """Fuzzy keys (and their orgs) whose length can reach ``threshold`` ratio with ``length``."""
        if not self._by_length:
            for key, at in zip(self.fuzzy_keys, self.fuzzy_orgs, strict=True):
                held = self._by_length.setdefault(len(key), ([], []))
                held[0].append(key)
                held[1].append(at)
        share = threshold / 100
        lo, hi = int(length * share / (2 - share)), int(length * (2 - share) / share) + 1
        keys: list[str] = []
        orgs: list[int] = []
        for n in range(lo, hi + 1):
            bucket = self._by_length.get(n)
            if bucket:
                keys.extend(bucket[0])
                orgs.extend(bucket[1])
        return keys, orgs

    def by_id(self, org_id: str) -> Org | None:
        """The organisation with this id, if indexed."""
        at = self.ids.get(org_id)
        return None if at is None else self.orgs[at]


def ror_org_type(types: list[str], parent_type: OrgType | None) -> OrgType:
    """Map ROR types (and the parent's mapped type) to ours; see the module docstring.

    >>> ror_org_type(["education", "funder"], None), ror_org_type(["facility"], "industry")
    ('academic', 'industry')
    """
    for ror_type, ours in _DIRECT_TYPES:
        if ror_type in types:
            return ours
    if parent_type is not None and parent_type != "unknown":
        return parent_type
    return "academic" if "facility" in types else "unknown"
