"""Affiliations from OpenReview profiles: each author's institution at the paper's date, with evidence.

The ICLR crawl stores the public profiles of the authors it lists (``profiles`` table). An author's
profile history lists positions with an institution (name and domain) and start and end years; the
entry that covers the paper's year (else the latest one started by then) is the author's affiliation
for that paper. The institution is resolved like a printed affiliation (its name, else its domain)
and becomes an ``affiliation`` label of its own producer, ``openreview_profiles``, with metadata
evidence: the profile id and history entry (``locator``), the entry as text (``context``). PDFs
stay the source where an author has no profile or no dated entry; the report chooses among sources.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from extract.affiliations.orgs import OrgIndex
from extract.affiliations.orgs.resolve import affiliation_value
from extract.paperlists import metadata_label, resolve_listed
from paperscope.records import Evidence, Label, Producer
from paperscope.store import Store

NAME = "openreview_profiles"
VERSION = "0.1.0"
PRODUCER = Producer(name=NAME, version=VERSION)


def _year(value: Any) -> int | None:
    return value if isinstance(value, int) and 1900 < value < 2200 else None


def history_at(profile: dict[str, Any], year: int) -> tuple[int, dict[str, Any]] | None:
    """``(index, entry)`` of the history entry covering ``year``, else the latest started by then."""
    history = (profile.get("content") or {}).get("history") or []
    dated = [
        (i, h)
        for i, h in enumerate(history)
        if isinstance(h, dict)
        and isinstance(h.get("institution"), dict)
        and _year(h.get("start")) is not None
    ]
    covering = [(i, h) for i, h in dated if h["start"] <= year and (_year(h.get("end")) or year) >= year]
    started = [(i, h) for i, h in dated if h["start"] <= year]
    pool = covering or started
    return max(pool, key=lambda ih: (ih[1]["start"], -ih[0])) if pool else None


def profile_labels(store: Store, index: OrgIndex, paper_keys: Iterable[str] | None = None) -> list[Label]:
    """One affiliation label per author with a stored profile dated for the paper's year."""
    wanted = None if paper_keys is None else set(paper_keys)
    rows = store.query(
        """SELECT a.paper_key, a.position, a.name, a.profile_id, p.year FROM authors a
           JOIN papers p ON p.key = a.paper_key
           WHERE a.profile_id LIKE '~%' ORDER BY a.paper_key, a.position"""
    )
    labels = []
    for paper_key, position, name, profile_id, year in rows:
        if wanted is not None and paper_key not in wanted:
            continue
        profile = store.profile(profile_id)
        found = history_at(profile, year) if profile else None
        if found is None:
            continue
        i, entry = found
        institution = entry["institution"]
        org_name, domain = str(institution.get("name") or ""), str(institution.get("domain") or "")
        match = resolve_listed(org_name, domain, index)  # the name, else the domain
        value = affiliation_value(position, name, org_name or domain, match)
        span = f"{entry.get('start')}-{entry.get('end') or 'present'}"
        evidence = Evidence(
            paper_key=paper_key,
            source="metadata",
            matched=org_name or domain,
            context=f"{name}: {entry.get('position') or 'member'} at {org_name or '-'} ({domain or '-'}), {span}",
            locator=f"openreview:profile/{profile_id}#history/{i}",
        )
        labels.append(metadata_label(value, evidence, PRODUCER, weight=0.85))
    return labels


def store_profile_labels(store: Store, index: OrgIndex) -> int:
    """Add the profile labels not stored yet; returns how many were new."""
    return store.add_labels(profile_labels(store, index))
