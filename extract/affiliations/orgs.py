"""The organisation table: curated ML labs, curated aliases and ROR, indexed for matching.

Loaded once from ``data/orgs/`` (see ``data/SOURCES.md``) and passed to the extractor; never read
at import time. Type policy (documented in ``data/SOURCES.md``): curated rows carry their own type;
a ROR row is ``industry`` if it is a company, ``academic`` if education, then ``government``,
``nonprofit``; a facility, hospital or other unit takes its parent's type, and a research facility
without a typed parent is ``academic``; anything else stays ``unknown``.
"""

from __future__ import annotations

import csv
import gzip
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, NamedTuple, cast, get_args

from extract.affiliations.names import squash, words
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


def _rows(path: Path) -> Iterator[dict[str, str]]:
    with path.open("rb") as raw:
        stream = gzip.GzipFile(fileobj=raw) if path.suffix == ".gz" else raw
        with io.TextIOWrapper(stream, encoding="utf-8", newline="") as fh:
            yield from csv.DictReader(fh)


def _split(value: str) -> list[str]:
    return [v.strip() for v in value.split("|") if v.strip()]


def _is_generic(name: str) -> bool:
    """True when the name is made only of generic words (it names no particular organisation)."""
    return all(w in GENERIC_WORDS for w in words(name) if w)


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


class _Builder:
    def __init__(self) -> None:
        self.index = OrgIndex()
        self.position = self.index.ids
        self.acronym_owners: dict[str, set[int]] = {}

    def add_org(self, org: Org) -> int:
        self.index.orgs.append(org)
        at = len(self.index.orgs) - 1
        if org.id:
            self.position[org.id] = at
        return at

    def add_name(self, name: str, at: int, kind: NameKind, *, curated: bool) -> None:
        key = squash(name)
        if len(key) < (2 if curated else 4) or (not curated and _is_generic(name)):
            return
        if key not in self.index.names:
            self.index.names[key] = NameHit(at, kind, curated, len(name.split()))
            if len(key) >= 8:
                self.index.fuzzy_keys.append(key)
                self.index.fuzzy_orgs.append(at)

    def add_acronym(self, acronym: str, at: int, *, curated: bool) -> None:
        if " " in acronym or "-" in acronym:
            self.add_name(acronym, at, "alias", curated=curated)
        elif acronym not in ACRONYM_STOP and (curated or len(acronym) >= 3):
            self.acronym_owners.setdefault(acronym, set()).add(at)
            if curated:
                self.index.acronyms.setdefault(acronym, at)

    def add_domains(self, domains: list[str], at: int) -> None:
        """Record domains; a domain shared by several orgs goes to the curated or top-level one."""
        orgs = self.index.orgs
        for domain in domains:
            key = domain.casefold().removeprefix("www.")
            held = self.index.domains.get(key)
            if held is None or (
                orgs[held].parent_id and not orgs[at].parent_id and orgs[held].source != "curated"
            ):
                self.index.domains[key] = at


def _load_curated(b: _Builder, path: Path) -> None:
    rows = list(_rows(path))
    for r in rows:
        org_type = cast("OrgType", r["type"])
        if org_type not in get_args(OrgType):
            raise ValueError(f"{path.name}: {r['id']}: type {org_type!r} is not an org type")
        b.add_org(
            Org(r["id"], r["name"], org_type, r["country"] or None, r["parent_id"] or None, None, "curated")
        )
    for r in rows:
        at = b.position[r["id"]]
        b.add_name(r["name"], at, "exact", curated=True)
        for alias in _split(r["aliases"]):
            b.add_name(alias, at, "alias", curated=True)
        for acronym in _split(r["acronyms"]):
            b.add_acronym(acronym, at, curated=True)
        b.add_domains(_split(r["domains"]), at)


def _load_ror(b: _Builder, path: Path) -> list[tuple[int, list[str], dict[str, str]]]:
    pending = []
    for r in _rows(path):
        at = b.position.get(r["id"]) if r["id"] else None
        if at is None:
            at = b.add_org(
                Org(
                    r["id"],
                    r["name"],
                    "unknown",
                    r["country"] or None,
                    r["parent_id"] or None,
                    None,
                    r["source"],
                )
            )
            pending.append((at, _split(r["types"]), r))
        b.add_name(r["name"], at, "exact", curated=False)
        for alias in _split(r["aliases"]):
            b.add_name(alias, at, "alias", curated=False)
        for acronym in _split(r["acronyms"]):
            b.add_acronym(acronym, at, curated=False)
        b.add_domains(_split(r["domains"]), at)
    return pending


def _settle_types(b: _Builder, pending: list[tuple[int, list[str], dict[str, str]]]) -> None:
    """Give ROR orgs their type (parents first) and every org its root ancestor."""
    orgs = b.index.orgs
    types_of = {at: types for at, types, _ in pending}

    def type_of(at: int, depth: int = 0) -> OrgType:
        org = orgs[at]
        if at not in types_of or depth > 5:
            return org.org_type
        parent = b.position.get(org.parent_id or "")
        parent_type = type_of(parent, depth + 1) if parent is not None and parent != at else None
        return ror_org_type(types_of[at], parent_type)

    def root_of(at: int) -> str | None:
        seen, current = {at}, at
        while (parent := b.position.get(orgs[current].parent_id or "")) is not None and parent not in seen:
            seen.add(parent)
            current = parent
        return orgs[current].id if current != at else None

    new_types = {at: type_of(at) for at in types_of}
    for at, org in enumerate(orgs):
        orgs[at] = Org(
            org.id,
            org.name,
            new_types.get(at, org.org_type),
            org.country,
            org.parent_id,
            root_of(at),
            org.source,
        )


def _load_aliases(b: _Builder, path: Path) -> None:
    for r in _rows(path):
        target = b.position.get(r["target"])
        if target is None and (hit := b.index.names.get(squash(r["target"]))) is not None:
            target = hit.at
        if target is None:
            raise ValueError(f"{path.name}: alias {r['alias']!r} points at unknown {r['target']!r}")
        if r["alias"].isupper() and " " not in r["alias"]:
            b.acronym_owners.setdefault(r["alias"], set()).add(target)
            b.index.acronyms[r["alias"]] = target
        else:
            b.add_name(r["alias"], target, "alias", curated=True)


def load_org_index(orgs_dir: Path) -> OrgIndex:
    """Read ``data/orgs/`` into an :class:`OrgIndex` (about a second; do it once per run)."""
    b = _Builder()
    _load_curated(b, orgs_dir / "ml_labs.csv")
    pending = _load_ror(b, orgs_dir / "ror_orgs.csv.gz")
    _load_aliases(b, orgs_dir / "aliases.csv")
    _settle_types(b, pending)
    for acronym, owners in b.acronym_owners.items():
        if len(owners) == 1:
            b.index.acronyms.setdefault(acronym, next(iter(owners)))
    for r in _rows(orgs_dir / "university_domains.csv.gz"):
        b.index.university_domains.setdefault(r["domain"], (r["name"], r["country"]))
    kinds: dict[str, set[str]] = {"domain": set(), "suffix": set(), "stop": set()}
    for r in _rows(orgs_dir / "academic_domains.csv.gz"):
        kinds[r["kind"]].add(r["domain"])
    b.index.academic_domains = frozenset(kinds["domain"])
    b.index.academic_suffixes = frozenset(kinds["suffix"])
    b.index.academic_stop = frozenset(kinds["stop"])
    return b.index
