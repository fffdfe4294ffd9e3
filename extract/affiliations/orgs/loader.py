"""Build the :class:`~extract.affiliations.orgs.OrgIndex` from the tables in ``data/orgs/``.

Curated rows first (they win every name, acronym and domain they claim), then ROR, then the
curated short forms; types are settled parents first. See ``data/orgs/README.md``.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import cast, get_args

from extract.affiliations.names import squash, words
from extract.affiliations.orgs.table import (
    NameHit,
    NameKind,
    Org,
    OrgIndex,
    academy_type,
    ror_org_type,
)
from paperscope.records import OrgType


def _rows(path: Path) -> Iterator[dict[str, str]]:
    with path.open("rb") as raw:
        stream = gzip.GzipFile(fileobj=raw) if path.suffix == ".gz" else raw
        with io.TextIOWrapper(stream, encoding="utf-8", newline="") as fh:
            yield from csv.DictReader(fh)


def _split(value: str) -> list[str]:
    return [v.strip() for v in value.split("|") if v.strip()]


_AND = re.compile(r"\s+and\s+", re.IGNORECASE)
_SAINT = re.compile(r"\bSaint(?=[\s-])")
_ST = re.compile(r"\bSt\b\.?(?=[\s-])")
# a name's words as it may be printed: a hyphenated name ("Pierre-et-Marie-Curie") is also printed
# with spaces, so each hyphen-joined part counts as a word
_NAME_WORDS = re.compile(r"[^\s\-\u2010\u2011]+")


def name_variants(name: str) -> list[str]:
    """Other ways papers print ``name``: ``&`` for ``and``, ``St.`` for ``Saint`` and back.

    >>> name_variants("Saint Petersburg University of Science and Technology")
    ['Saint Petersburg University of Science & Technology', 'St. Petersburg University of Science and Technology']
    """
    out = []
    if _AND.search(name):
        out.append(_AND.sub(" & ", name))
    if _SAINT.search(name):
        out.append(_SAINT.sub("St.", name))
    elif _ST.search(name):
        out.append(_ST.sub("Saint", name))
    return out


@dataclass(frozen=True, slots=True)
class OrgWords:
    """``data/orgs/words.json``, read once per index build.

    ``generic``: a name made only of these names no organisation; ``acronym_stop``: short forms
    printed in affiliations that are never an organisation's acronym ("USA", "CS").
    """

    generic: frozenset[str]
    acronym_stop: frozenset[str]
    org_word_regex: re.Pattern[str] = re.compile("(?!)")


def load_org_words(path: Path) -> OrgWords:
    """Read and check ``words.json`` (lower-case generic words, upper-case stop acronyms)."""
    raw = json.loads(path.read_text(encoding="utf-8"))
    generic, stop = raw.get("generic_words"), raw.get("acronym_stop")
    if not (isinstance(generic, list) and isinstance(stop, list)):
        raise TypeError(f"{path.name}: needs the lists generic_words and acronym_stop")
    if any(not isinstance(w, str) or w != w.lower() for w in generic) or any(
        not isinstance(a, str) or a != a.upper() for a in stop
    ):
        raise ValueError(f"{path.name}: generic_words are lower-case words, acronym_stop upper-case")
    patterns = raw.get("org_word_patterns", [])
    if not isinstance(patterns, list) or not all(isinstance(p, str) and p for p in patterns):
        raise TypeError(f"{path.name}: org_word_patterns must be a list of regex fragments")
    try:
        regex = re.compile("|".join(patterns) or "(?!)", re.IGNORECASE)
    except re.error as exc:
        raise ValueError(f"{path.name}: org_word_patterns: {exc}") from exc
    return OrgWords(frozenset(generic), frozenset(stop), regex)


class _Builder:
    def __init__(self, org_words: OrgWords) -> None:
        self.words = org_words
        self.orgs: list[Org] = []
        self.names: dict[str, NameHit] = {}
        self.index = OrgIndex(orgs=self.orgs, names=self.names)
        self.position = self.index.ids
        self.acronym_owners: dict[str, set[int]] = {}

    def _is_generic(self, name: str) -> bool:
        """True when the name is made only of generic words (it names no particular organisation)."""
        return all(w in self.words.generic for w in words(name) if w)

    def add_org(self, org: Org) -> int:
        self.orgs.append(org)
        at = len(self.orgs) - 1
        if org.id:
            self.position[org.id] = at
        return at

    def add_name(self, name: str, at: int, kind: NameKind, *, curated: bool) -> None:
        """Index ``name`` and its printed variants (``&`` for ``and``, ``St.`` for ``Saint``)."""
        for variant in dict.fromkeys([name, *name_variants(name)]):
            self._add_key(variant, at, kind, curated=curated)

    def _add_key(self, name: str, at: int, kind: NameKind, *, curated: bool) -> None:
        key = squash(name)
        if len(key) < (2 if curated else 4) or (not curated and self._is_generic(name)):
            return
        if key not in self.names:
            self.names[key] = NameHit(at, kind, curated, len(_NAME_WORDS.findall(name)))
            if len(key) >= 8:
                self.index.fuzzy_keys.append(key)
                self.index.fuzzy_orgs.append(at)

    def add_acronym(self, acronym: str, at: int, *, curated: bool) -> None:
        if " " in acronym or "-" in acronym:
            self.add_name(acronym, at, "alias", curated=curated)
        elif acronym not in self.words.acronym_stop and (curated or len(acronym) >= 3):
            self.acronym_owners.setdefault(acronym, set()).add(at)
            if curated:
                self.index.acronyms.setdefault(acronym, at)

    def add_row(self, row: dict[str, str], at: int, *, curated: bool) -> None:
        """A table row's name, aliases, acronyms and domains, for the organisation at ``at``."""
        self.add_name(row["name"], at, "exact", curated=curated)
        for alias in _split(row["aliases"]):
            self.add_name(alias, at, "alias", curated=curated)
        for acronym in _split(row["acronyms"]):
            self.add_acronym(acronym, at, curated=curated)
        self.add_domains(_split(row["domains"]), at)

    def add_domains(self, domains: list[str], at: int) -> None:
        """Record domains; a domain shared by several orgs goes to the curated or top-level one."""
        orgs = self.orgs
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
        b.add_row(r, b.position[r["id"]], curated=True)


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
        b.add_row(r, at, curated=False)
    return pending


def _settle_types(b: _Builder, pending: list[tuple[int, list[str], dict[str, str]]]) -> None:
    """Give ROR orgs their type (parents first) and every org its root ancestor."""
    orgs = b.orgs
    types_of = {at: types for at, types, _ in pending}

    def type_of(at: int, depth: int = 0) -> OrgType:
        org = orgs[at]
        if at not in types_of or depth > 5:
            return org.org_type
        parent = b.position.get(org.parent_id or "")
        parent_type = type_of(parent, depth + 1) if parent is not None and parent != at else None
        # an academy's government-typed institutes are the academy's: academic
        named = org.name if parent is None else f"{org.name} / {orgs[parent].name}"
        return academy_type(named, ror_org_type(types_of[at], parent_type, org.name))

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
        if target is None and (hit := b.names.get(squash(r["target"]))) is not None:
            target = hit.at
        if target is None:
            raise ValueError(f"{path.name}: alias {r['alias']!r} points at unknown {r['target']!r}")
        if r["alias"].isupper() and " " not in r["alias"]:
            b.acronym_owners.setdefault(r["alias"], set()).add(target)
            b.index.acronyms[r["alias"]] = target
        else:
            b.add_name(r["alias"], target, "alias", curated=True)


def load_org_index(orgs_dir: Path) -> OrgIndex:
    """Read ``data/orgs/`` into a compact :class:`OrgIndex` (seconds: the cache keeps it)."""
    b = _Builder(load_org_words(orgs_dir / "words.json"))
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
    return b.index.compact()
