"""The affiliation extractor: one ``Affiliation`` label per author, with evidence on page 1.

Per author the *primary* affiliation is the first one printed (the gold set's convention); when it
names no known organisation but a later one does, the later one is used; when none does, the
author's e-mail domain is tried; otherwise the author stays ``unknown`` (never guessed) and gets a
low confidence so it is routed to verification. ``raw`` keeps every affiliation printed for the
author, ``; ``-joined, first = primary.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Protocol

from rapidfuzz import fuzz

from extract.affiliations.emails import email_domain
from extract.affiliations.evidence import line_bounds, locate, union_box
from extract.affiliations.header.parse import HeaderAuthor, parse_header
from extract.affiliations.names import ascii_fold
from extract.affiliations.orgs.cache import cached_org_index
from extract.affiliations.orgs.resolve import (
    OrgMatch,
    affiliation_value,
    is_org,
    resolve_domain,
    resolve_text,
)
from extract.affiliations.orgs.table import OrgIndex
from extract.document import ParsedDoc
from extract.evidence import make_evidence
from paperscope.records import Box, Evidence, Label, Producer

NAME = "affiliations"
VERSION = "0.11.0"
NAME_MATCH_THRESHOLD = 80.0  # rapidfuzz token_sort_ratio between a crawled name and a header name
_LINK_CONFIDENCE = {"marker": 0.9, "grid": 0.9, "shared": 0.85, "note": 0.8, "footnote": 0.6}


class HasOrgIndex(Protocol):
    """Anything carrying the loaded organisation table (the extract stage's Resources object)."""

    @property
    def orgs(self) -> OrgIndex:
        """The organisation index."""
        ...


@dataclass(frozen=True, slots=True)
class AffiliationResources:
    """The affiliation extractor's resources: the organisation index from ``data/orgs``."""

    orgs: OrgIndex

    @classmethod
    def load(cls, data_dir: Path) -> AffiliationResources:
        """Load ``<data_dir>/orgs`` (the repository's ``data/``), through the pickle cache."""
        return cls(cached_org_index(data_dir / "orgs"))


@cache
def load_resources(data_dir: Path) -> AffiliationResources:
    """The resources for ``data_dir``, loaded once per process (the registry calls this per document)."""
    return AffiliationResources.load(data_dir)


def producer(doc: ParsedDoc) -> Producer:
    """The producer stamped on this extractor's labels for ``doc``."""
    return Producer(name=NAME, version=VERSION, parser=doc.parser or None)


def extract_affiliations(doc: ParsedDoc, res: HasOrgIndex) -> list[Label]:
    """One label per author of the page-1 header (crawled author names decide the list when known)."""
    if not doc.pages or not doc.header_words:
        return []
    header = parse_header(doc.header_words, is_org=lambda text: is_org(text, res.orgs))
    authors = align_authors(list(header.authors), list(doc.meta.author_names))
    made = producer(doc)
    labels = [
        _label(doc, res.orgs, position, name, author, made) for position, (name, author) in enumerate(authors)
    ]
    return [label for label in labels if label is not None]


def align_authors(parsed: list[HeaderAuthor], names: list[str]) -> list[tuple[str, HeaderAuthor | None]]:
    """Pair crawled names (in their order) with parsed header authors; without names, keep the header's.

    A crawled author not found in the header inherits the affiliations only when every parsed
    author has the same ones (a shared line); otherwise they stay unlinked.
    """
    if not names:
        return [(a.name, a) for a in parsed]
    shared = (
        parsed[0] if parsed and len({tuple(x.text for x in a.affiliations) for a in parsed}) == 1 else None
    )
    used: set[int] = set()
    out: list[tuple[str, HeaderAuthor | None]] = []
    for name in names:
        scores = [
            (fuzz.token_sort_ratio(ascii_fold(name).lower(), ascii_fold(a.name).lower()), i)
            for i, a in enumerate(parsed)
            if i not in used
        ]
        best = max(scores, default=(0.0, -1))
        if best[0] >= NAME_MATCH_THRESHOLD:
            used.add(best[1])
            out.append((name, parsed[best[1]]))
        else:
            out.append((name, shared))
    return out


def _resolve(author: HeaderAuthor | None, orgs: OrgIndex) -> tuple[int, OrgMatch | None]:
    """(index of the affiliation used, its match); index -1 means the e-mail domain decided."""
    if author is None:
        return 0, None
    for i, aff in enumerate(author.affiliations):
        match = resolve_text(aff.text, orgs)
        if match is not None:
            return i, match
    if author.email:
        return -1, resolve_domain(email_domain(author.email), orgs)
    return 0, None


def _label(
    doc: ParsedDoc, orgs: OrgIndex, position: int, name: str, author: HeaderAuthor | None, made: Producer
) -> Label | None:
    if author is not None:  # a stray "," or ";" read as an affiliation carries nothing
        author = replace(
            author, affiliations=tuple(a for a in author.affiliations if any(map(str.isalnum, a.text)))
        )
    used, match = _resolve(author, orgs)
    affs = author.affiliations if author else ()
    raw = "; ".join(a.text for a in affs)
    org = match.org if match else None
    value = affiliation_value(position, name, raw, match, author.email if author else None)
    evidence = _evidence(doc, author, used, name)
    if evidence is None:
        return None
    via = affs[max(used, 0)].via if affs else None
    confidence = 0.3 if org is None or org.org_type == "unknown" else _LINK_CONFIDENCE.get(via or "", 0.7)
    if match is not None:
        confidence *= match.score / 100
    return Label(
        paper_key=doc.paper_key,
        value=value,
        evidence=evidence,
        producer=made,
        confidence=round(confidence, 3),
    )


def _evidence(doc: ParsedDoc, author: HeaderAuthor | None, used: int, name: str) -> Evidence | None:
    """Evidence on page 1: the affiliation used (else the e-mail, else the name), with word boxes."""
    affs = author.affiliations if author else ()
    needles = []
    if affs:
        text = affs[max(used, 0)].text
        needles.extend([text, text.split(",")[0]] if "," in text else [text])
    if author and author.email:
        needles.append(author.email)
    needles.append(name)
    span = next((s for s in (locate(n, doc) for n in needles) if s is not None), None)
    if span is None:
        span = _first_line(doc)  # text layer lost the header: point at page 1's first line
    if span is None:
        return None
    start, end = span
    boxes: list[Box] = []
    for words in (author.words if author else (), affs[max(used, 0)].words if affs else ()):
        box = union_box(words)
        if box is not None:
            boxes.append(box)
    return make_evidence(doc, start, end, context=line_bounds(doc, start, end), boxes=tuple(boxes))


def _first_line(doc: ParsedDoc) -> tuple[int, int] | None:
    page = doc.pages[0]
    text = doc.text[page.start : page.end]
    stripped = text.lstrip()
    if not stripped:
        return None
    start = page.start + len(text) - len(stripped)
    newline = doc.text.find("\n", start, page.end)
    return start, newline if newline > start else page.end
