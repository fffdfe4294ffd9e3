"""Import papercopilot/paperlists metadata: per-author affiliations and e-mail domains as labels.

A second source beside the PDF header, kept apart by its own producer (``paperlists``) and by
``Evidence(source="metadata", locator="<file>#<paper id>/<author index>")``. Accepted entries are
joined to the store's papers of the file's own venue and year by a source id they share, else by
``normalize_title`` (a title reused at another venue or year is another paper); an accepted entry
that joins none becomes a paper of its own (source: the file, with its hash) carrying the entry's
source ids, so a store needs no crawl, ingested PDFs join it by title and a later crawl by id or
title; rejected, withdrawn and workshop entries are skipped.

Source ids: the OpenReview id of an ``openreview.net/forum?id=`` link, else the entry's ``id`` when it
is an OpenReview note id (the files of OpenReview venues use those; papercopilot's own ids are
``site_<hex>``, ten hex digits or numbers); the PMLR id of a ``proceedings.mlr.press`` link; the
NeurIPS proceedings hash of a ``papers.nips.cc``/``proceedings.neurips.cc`` link.

The ``status`` field says what happened to a submission: ``Poster``, ``Oral``, ``Spotlight``,
``Talk``, ``Highlighted``, ``Top-5%`` or ``Top-25%`` mean accepted; ``Reject``, ``Withdraw``,
``Desk Reject``, ``Workshop`` (ICLR 2018: moved to the workshop track) and ``Active`` (no decision)
do not. Proceedings-only files (ICML 2018-2019) leave it empty on a few entries, all in PMLR: an
empty status counts as accepted. Any other status is not accepted and is counted by name.

The file lists one affiliation per author *who has one on OpenReview*: when it lists fewer than
the paper has authors (36% of NeurIPS 2021 entries) nothing says which author is missing, so such
entries give no per-author labels; they still count in the whole-conference figure, where each
listed affiliation is one author and the unlisted authors are ``unknown``. A blank field (``"aff":
";;"``, a file that lists no affiliations at all) is no affiliation.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from extract.affiliations.orgs.resolve import OrgMatch, affiliation_value, resolve_domain, resolve_text
from extract.affiliations.orgs.table import OrgIndex
from paperscope.errors import InputError
from paperscope.records import Affiliation, Author, Evidence, Label, PageSource, Paper, Producer, SourceIds

if TYPE_CHECKING:
    from paperscope.store import Store

PRODUCER = Producer(name="paperlists", version="0.1.0")
ACCEPTED = frozenset(
    {"", "poster", "oral", "spotlight", "talk", "highlighted", "top-5%", "top-25%", "accept"}
)
_FILE = re.compile(r"(nips|neurips|icml|iclr)(\d{4})", re.IGNORECASE)
_LINK_FIELDS = ("openreview", "site", "proceeding", "oa", "pdf")
_OPENREVIEW_LINK = re.compile(r"openreview\.net/(?:forum|pdf)\?id=([A-Za-z0-9_-]+)")
_OPENREVIEW_ID = re.compile(r"(?!site_)(?![0-9a-f]+$)[A-Za-z0-9_-]{8,16}")
_PMLR_LINK = re.compile(r"proceedings\.mlr\.press/v\d+/([A-Za-z0-9_~-]+)")
_NEURIPS_LINK = re.compile(
    r"(?:papers\.nips\.cc|proceedings\.neurips\.cc)/+paper(?:_files/paper)?/\d{4}/"
    r"(?:hash|file)/([0-9a-f]{32})-"
)


@dataclass(frozen=True, slots=True)
class ListedPaper:
    """One paperlists entry: authors in order, and the affiliations/domains listed (maybe fewer)."""

    source: str  # file name, for locators
    paper_id: str
    title: str
    venue: str
    year: int
    status: str
    authors: tuple[str, ...]
    affiliations: tuple[str, ...]
    domains: tuple[str, ...]
    keywords: tuple[str, ...]
    track: str = "main"  # "main" or "datasets_benchmarks"
    body_sha256: str = ""  # of the file the entry was read from (provenance)
    ids: SourceIds = field(default_factory=SourceIds)  # the entry's ids at its sources (module docstring)

    @property
    def aligned(self) -> bool:
        """True when there is one affiliation per author, in author order."""
        return len(self.affiliations) == len(self.authors) > 0

    @property
    def accepted(self) -> bool:
        """True for an accepted paper (see the module docstring for the status values)."""
        return self.status.strip().lower() in ACCEPTED


def venue_year(path: Path) -> tuple[str, int]:
    """``nips2021.json`` -> ``("neurips", 2021)``; raise InputError for other names."""
    match = _FILE.search(path.name)
    if not match:
        raise InputError(f"{path.name}: cannot tell venue and year from the file name (e.g. nips2021.json)")
    venue = match.group(1).lower()
    return ("neurips" if venue == "nips" else venue), int(match.group(2))


def _split(value: Any, sep: str = ";", *, keep_blanks: bool = False) -> tuple[str, ...]:
    """The stripped parts of a ``sep``-separated field; blank parts dropped unless ``keep_blanks``.

    ``keep_blanks`` keeps positions (e-mail domains are read beside the affiliations, by position);
    a field with no part that is not blank is ``()`` either way.
    """
    if not isinstance(value, str) or not value.strip(" ;,"):
        return ()
    parts = tuple(part.strip() for part in value.split(sep))
    return parts if keep_blanks else tuple(part for part in parts if part)


def source_ids(entry: dict[str, Any]) -> SourceIds:
    """The ids an entry has at its sources: OpenReview, PMLR and the NeurIPS proceedings (pure)."""
    links = " ".join(str(entry.get(name) or "") for name in _LINK_FIELDS)
    entry_id = str(entry.get("id") or "")
    if (link := _OPENREVIEW_LINK.search(links)) is not None:
        openreview_id: str | None = link[1]
    else:
        openreview_id = entry_id if _OPENREVIEW_ID.fullmatch(entry_id) else None
    pmlr, neurips = _PMLR_LINK.search(links), _NEURIPS_LINK.search(links)
    return SourceIds(
        openreview_id=openreview_id,
        pmlr_id=pmlr[1] if pmlr else None,
        proceedings_hash=neurips[1] if neurips else None,
    )


def parse_entries(
    entries: Iterable[dict[str, Any]], *, source: str, venue: str, year: int, body_sha256: str = ""
) -> Iterator[ListedPaper]:
    """Entries of a paperlists JSON file as :class:`ListedPaper` (pure)."""
    for entry in entries:
        names = entry.get("author") or entry.get("authors") or ""
        sep = ";" if ";" in names else ","
        yield ListedPaper(
            source=source,
            paper_id=str(entry.get("id", "")),
            title=str(entry.get("title", "")).strip(),
            venue=venue,
            year=year,
            status=str(entry.get("status") or ""),
            authors=_split(names, sep),
            affiliations=_split(entry.get("aff")),
            domains=_split(entry.get("aff_domain"), keep_blanks=True),
            keywords=_split(entry.get("keywords")),
            track="datasets_benchmarks" if "dataset" in str(entry.get("track") or "").lower() else "main",
            body_sha256=body_sha256,
            ids=source_ids(entry),
        )


def read_paperlists(path: Path) -> list[ListedPaper]:
    """Read a paperlists JSON file; raise InputError if it is not one."""
    try:
        body = path.read_bytes()
        entries = json.loads(body.decode("utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"{path}: not a readable paperlists JSON file ({exc})") from exc
    if not isinstance(entries, list):
        raise InputError(f"{path}: expected a JSON list of papers")
    venue, year = venue_year(path)
    sha = hashlib.sha256(body).hexdigest()
    return list(parse_entries(entries, source=path.name, venue=venue, year=year, body_sha256=sha))


def resolve_listed(affiliation: str, domain: str, index: OrgIndex) -> OrgMatch | None:
    """The organisation of one listed affiliation: its text first, then its e-mail domain."""
    clean = affiliation.replace("\ufb01", "fi").replace("\ufb02", "fl").strip(" ,;")
    return (resolve_text(clean, index) if clean else None) or (
        resolve_domain(domain, index) if domain else None
    )


def author_labels(paper: ListedPaper, paper_key: str, index: OrgIndex) -> list[Label]:
    """One label per author of an aligned entry (none for an unaligned one; see module docstring)."""
    if not paper.aligned:
        return []
    labels = []
    for i, (name, aff) in enumerate(zip(paper.authors, paper.affiliations, strict=True)):
        domain = paper.domains[i] if len(paper.domains) == len(paper.affiliations) else ""
        match = resolve_listed(aff, domain, index)
        evidence = Evidence(
            paper_key=paper_key,
            source="metadata",
            matched=aff or domain or name,
            context=f"{name}: {aff or '-'} ({domain or '-'})",
            locator=f"{paper.source}#{paper.paper_id}/{i}",
        )
        labels.append(metadata_label(affiliation_value(i, name, aff, match), evidence, PRODUCER, weight=0.8))
    return labels


def metadata_label(value: Affiliation, evidence: Evidence, producer: Producer, *, weight: float) -> Label:
    """An affiliation label read from metadata: confidence ``weight`` x match score, 0.3 when unknown."""
    confidence = 0.3 if value.org_type == "unknown" else round(weight * value.match_score / 100, 3)
    return Label(
        paper_key=evidence.paper_key, value=value, evidence=evidence, producer=producer, confidence=confidence
    )


@dataclass(frozen=True, slots=True)
class ListedAuthorship:
    """Paper-level figures from the listed affiliations alone (unlisted authors are unknown)."""

    paper_id: str
    n_authors: int
    n_industry: int
    n_unknown: int
    frac_industry: float | None
    any_industry: bool


def listed_authorship(paper: ListedPaper, index: OrgIndex) -> ListedAuthorship:
    """Figures for one entry; each listed affiliation stands for one (unnamed) author."""
    domains = (
        paper.domains if len(paper.domains) == len(paper.affiliations) else ("",) * len(paper.affiliations)
    )
    types = [
        m.org.org_type if (m := resolve_listed(a, d, index)) else "unknown"
        for a, d in zip(paper.affiliations, domains, strict=True)
    ]
    n = max(len(paper.authors), len(types))
    n_industry = sum(1 for t in types if t == "industry")
    n_unknown = (n - len(types)) + sum(1 for t in types if t == "unknown")
    known = n - n_unknown
    return ListedAuthorship(
        paper.paper_id, n, n_industry, n_unknown, n_industry / known if known else None, n_industry > 0
    )


@dataclass(frozen=True, slots=True)
class ConferenceFigure:
    """Share of papers with an industry co-author and mean industry fraction, from metadata alone."""

    n_papers: int
    n_with_affiliations: int
    n_unaligned: int
    share_any_industry: float | None  # None: no entry lists an affiliation
    mean_frac_industry: float | None  # None: no entry has an author of known type
    n_papers_frac_known: int
    n_authors: int
    n_authors_unknown: int


def conference_figure(papers: Iterable[ListedPaper], index: OrgIndex) -> ConferenceFigure:
    """The figure over accepted entries with any affiliation listed.

    ``share_any_industry`` is over those entries; ``mean_frac_industry`` over entries with at least
    one author of known type; either is None when there is nothing to compute it over (a file that
    lists no affiliations), never 0. Unknown authors (unlisted or unresolved) are counted, never guessed.
    """
    accepted = [p for p in papers if p.accepted]
    listed = [p for p in accepted if p.affiliations]
    rows = [listed_authorship(p, index) for p in listed]
    fracs = [r.frac_industry for r in rows if r.frac_industry is not None]
    return ConferenceFigure(
        n_papers=len(accepted),
        n_with_affiliations=len(listed),
        n_unaligned=sum(1 for p in listed if not p.aligned),
        share_any_industry=sum(1 for r in rows if r.any_industry) / len(rows) if rows else None,
        mean_frac_industry=sum(fracs) / len(fracs) if fracs else None,
        n_papers_frac_known=len(fracs),
        n_authors=sum(r.n_authors for r in rows),
        n_authors_unknown=sum(r.n_unknown for r in rows),
    )


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What an import did: entries read, skipped as not accepted, joined to crawled papers, labels added.

    ``not_accepted`` counts the skipped entries by their status as written in the file.
    """

    n_entries: int
    n_joined: int
    n_unaligned_joined: int
    n_labels_new: int
    not_accepted: tuple[tuple[str, int], ...] = ()
    n_created: int = 0  # accepted entries that joined no paper: created as papers of their own

    @property
    def n_not_accepted(self) -> int:
        """Entries skipped because the file does not mark them accepted."""
        return sum(n for _, n in self.not_accepted)


def same_venue_year(keys: Iterable[str], venue: str, year: int) -> list[str]:
    """The paper keys (``venue/year/track/id``) of one venue and year."""
    return [key for key in keys if key.split("/", 2)[:2] == [venue, str(year)]]


def listed_paper(paper: ListedPaper) -> Paper:
    """The paper an accepted entry lists, as a paper of the store (source: the paper-list file; its ids)."""
    local_id = (
        re.sub(r"[^A-Za-z0-9._~-]", "-", paper.paper_id)
        or hashlib.sha256(paper.title.encode()).hexdigest()[:16]
    )
    return Paper(
        key=Paper.make_key(paper.venue, paper.year, paper.track, local_id),
        venue=paper.venue,
        year=paper.year,
        track=paper.track,
        title=paper.title,
        authors=tuple(
            Author(position=i, name=name, affiliations_raw=(paper.affiliations[i],) if paper.aligned else ())
            for i, name in enumerate(paper.authors)
        ),
        keywords=paper.keywords,
        decision=paper.status.strip() or None,
        ids=paper.ids,
        source=PageSource(
            layout="paperlists", url=f"{paper.source}#{paper.paper_id}", body_sha256=paper.body_sha256
        )
        if paper.body_sha256
        else None,
    )


def import_into_store(store: Store, papers: Iterable[ListedPaper], index: OrgIndex) -> ImportReport:
    """Join accepted entries to the store's papers by source id or title, or create them; add labels.

    Idempotent. Only papers of the entry's own venue and year are matched; an accepted entry that
    matches none becomes a paper of its own with its source ids (so ingested PDFs can join it by
    title and later crawls by id or title).
    """
    n_entries = n_joined = n_unaligned = n_new = n_created = 0
    skipped: Counter[str] = Counter()
    for paper in papers:
        n_entries += 1
        if not paper.accepted:
            skipped[paper.status.strip()] += 1
            continue
        by_id = store.key_for_ids(paper.ids)
        keys = same_venue_year([by_id] if by_id else [], paper.venue, paper.year)
        if not keys and paper.title:
            keys = same_venue_year(store.paper_keys_by_title(paper.title), paper.venue, paper.year)
        if not keys:
            if not paper.title or not paper.authors:
                continue
            created = listed_paper(paper)
            n_created += store.upsert_paper(created)
            keys = [created.key]
        else:
            n_joined += 1
        n_unaligned += 0 if paper.aligned else 1
        labels = [lab for key in keys for lab in author_labels(paper, key, index)]
        n_new += store.add_labels(labels)
    return ImportReport(n_entries, n_joined, n_unaligned, n_new, tuple(sorted(skipped.items())), n_created)
