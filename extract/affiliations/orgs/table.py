"""The organisation table: curated ML labs, curated aliases and ROR, indexed for matching.

Built by :mod:`extract.affiliations.orgs.loader` from ``data/orgs/`` (sources in
``data/orgs/README.md``) and passed to the extractor; never read at import time. Type policy: curated rows carry their own type;
a ROR row is ``industry`` if it is a company, ``academic`` if education, then ``government``
(an academy of sciences is ``academic``: :func:`academy_type`), ``nonprofit``; a facility, hospital or other unit takes its parent's type, and a research facility
without a typed parent is ``academic`` (``government`` when its name says it is a national laboratory,
national research centre or a ministry's); anything else stays ``unknown``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal, NamedTuple, get_args, overload

from paperscope.records import OrgType

NameKind = Literal["exact", "alias"]
_ORG_TYPES: tuple[OrgType, ...] = get_args(OrgType)
_KINDS: tuple[NameKind, ...] = ("exact", "alias")
_DIRECT_TYPES: tuple[tuple[str, OrgType], ...] = (
    ("company", "industry"),
    ("education", "academic"),
    ("government", "government"),
    ("nonprofit", "nonprofit"),
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


class OrgTable(Sequence[Org]):
    """The organisations as columns; an :class:`Org` is made only when one is looked up.

    Unpickling 120,000 ``Org`` objects took 0.36 s of every extract run's start-up; the same
    rows as columns of (shared) strings take a tenth of that.
    """

    __slots__ = ("_countries", "_ids", "_names", "_parents", "_roots", "_sources", "_types")

    def __init__(self, orgs: Iterable[Org] = ()) -> None:
        shared: dict[str, str] = {}  # one object per distinct country/source: pickled once

        def one(value: str | None) -> str | None:
            return None if value is None else shared.setdefault(value, value)

        rows = list(orgs)
        self._ids = [o.id for o in rows]
        self._names = [o.name for o in rows]
        self._types = bytes(_ORG_TYPES.index(o.org_type) for o in rows)
        self._countries = [one(o.country) for o in rows]
        self._parents = [o.parent_id for o in rows]
        self._roots = [o.root_id for o in rows]
        self._sources = [shared.setdefault(o.source, o.source) for o in rows]

    def __len__(self) -> int:
        return len(self._ids)

    @overload
    def __getitem__(self, at: int) -> Org: ...
    @overload
    def __getitem__(self, at: slice) -> Sequence[Org]: ...
    def __getitem__(self, at: int | slice) -> Org | Sequence[Org]:
        if isinstance(at, slice):
            return [self[i] for i in range(*at.indices(len(self)))]
        return Org(
            self._ids[at],
            self._names[at],
            _ORG_TYPES[self._types[at]],
            self._countries[at],
            self._parents[at],
            self._roots[at],
            self._sources[at],
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))

    __hash__ = None  # type: ignore[assignment]  # mutable-style equality, like a list

    def __getstate__(self) -> tuple[object, ...]:
        return tuple(getattr(self, name) for name in self.__slots__)

    def __setstate__(self, state: tuple[object, ...]) -> None:
        for name, value in zip(self.__slots__, state, strict=True):
            setattr(self, name, value)


class NameTable(Mapping[str, NameHit]):
    """Squashed name key -> :class:`NameHit`, stored as one packed integer per key.

    A dict of 200,000 small ints unpickles in a fifth of the time of as many named tuples.
    """

    __slots__ = ("_packed",)

    def __init__(self, hits: Mapping[str, NameHit] | None = None) -> None:
        self._packed = {key: _pack(hit) for key, hit in (hits or {}).items()}

    def __getitem__(self, key: str) -> NameHit:
        return _unpack(self._packed[key])

    def get(self, key: str, default: NameHit | None = None) -> NameHit | None:  # type: ignore[override]
        """The hit of ``key``, else ``default`` (without raising and catching a KeyError)."""
        packed = self._packed.get(key)
        return default if packed is None else _unpack(packed)

    def __contains__(self, key: object) -> bool:
        return key in self._packed

    def __iter__(self) -> Iterator[str]:
        return iter(self._packed)

    def __len__(self) -> int:
        return len(self._packed)

    def __getstate__(self) -> dict[str, int]:
        return self._packed

    def __setstate__(self, state: dict[str, int]) -> None:
        self._packed = state


_WORDS_CAP = 63  # words in a name, as packed (no name in the tables comes near)


def _pack(hit: NameHit) -> int:
    words = min(hit.words, _WORDS_CAP)
    return (((hit.at << 6) | words) << 2) | (int(hit.curated) << 1) | _KINDS.index(hit.kind)


def _unpack(packed: int) -> NameHit:
    return NameHit(packed >> 8, _KINDS[packed & 1], bool(packed & 2), (packed >> 2) & _WORDS_CAP)


@dataclass(slots=True)
class OrgIndex:
    """Organisations and the lookup tables the resolver uses (built by :func:`load_org_index`).

    The builder fills plain lists and dicts; :meth:`compact` turns them into the column tables
    that the cache stores and the extractors use.
    """

    orgs: Sequence[Org] = field(default_factory=list)
    ids: dict[str, int] = field(default_factory=dict)
    names: Mapping[str, NameHit] = field(default_factory=dict)
    acronyms: dict[str, int] = field(default_factory=dict)
    domains: dict[str, int] = field(default_factory=dict)
    university_domains: dict[str, tuple[str, str]] = field(default_factory=dict)
    academic_domains: frozenset[str] = frozenset()
    academic_suffixes: frozenset[str] = frozenset()
    academic_stop: frozenset[str] = frozenset()
    fuzzy_keys: list[str] = field(default_factory=list)
    fuzzy_orgs: list[int] = field(default_factory=list)
    _by_length: dict[int, tuple[list[str], list[int]]] = field(default_factory=dict, repr=False)

    def compact(self) -> OrgIndex:
        """The same index with its organisations and names as compact tables (fast to unpickle).

        Its fuzzy keys are held only bucketed by length, as :meth:`fuzzy_near` reads them.
        """
        self.fuzzy_near(0, 100.0)  # bucket the fuzzy keys by length now, not in every process
        return OrgIndex(
            OrgTable(self.orgs),
            self.ids,
            NameTable(self.names),
            self.acronyms,
            self.domains,
            self.university_domains,
            self.academic_domains,
            self.academic_suffixes,
            self.academic_stop,
            _by_length=self._by_length,
        )

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


# Public basic-research academies are academic whatever ROR types them (the rubric's CAS, RAS...).
ACADEMY = re.compile(
    r"\bAcadem(?:y|ies) of (?:the )?Sciences?\b|\bAkademie der Wissenschaften\b|\bAcad[ée]mie des [Ss]ciences\b"
    r"|\bAcademia Sinica\b|\bAcademia de Ciencias\b|\bAccademia (?:Nazionale )?dei Lincei\b",
    re.IGNORECASE,
)


def academy_type(name: str, org_type: OrgType) -> OrgType:
    """``academic`` for a government-typed academy of sciences (and its institutes), else ``org_type``.

    >>> academy_type("Czech Academy of Sciences", "government"), academy_type("NIST", "government")
    ('academic', 'government')
    """
    return "academic" if org_type == "government" and ACADEMY.search(name) else org_type


# A national laboratory, national research centre or ministry's institute names a state body.
NATIONAL_LAB = re.compile(
    r"\bNational\s+(?:[\w-]+\s+){0,4}?(?:Laborator(?:y|ies)|Research\s+(?:Cent(?:er|re)|Institute))\b"
    r"|\bLaborat(?:oire|[oó]rio|orio)\s+Na(?:ti|ci|zi)onale?\b|\bNationales?\s+Forschungszentrum\b"
    r"|\bMinist(?:ry|[eè]re|erio|[ée]rio|ero|erium)\b",  # a ministry, in English, French, Spanish, Portuguese, Italian, German
    re.IGNORECASE,
)


def ror_org_type(types: list[str], parent_type: OrgType | None, name: str = "") -> OrgType:
    """Map ROR types (and the parent's mapped type) to ours; see the module docstring.

    An untyped row without a typed parent that names itself a national laboratory, national
    research centre or ministry's body (``name``) is ``government``.

    >>> ror_org_type(["education", "funder"], None), ror_org_type(["facility"], "industry")
    ('academic', 'industry')
    >>> ror_org_type(["facility"], None, "National Laboratory of Optics"), ror_org_type(["facility"], None)
    ('government', 'academic')
    """
    for ror_type, ours in _DIRECT_TYPES:
        if ror_type in types:
            return ours
    if parent_type is not None and parent_type != "unknown":
        return parent_type
    if NATIONAL_LAB.search(name):
        return "government"
    return "academic" if "facility" in types else "unknown"
