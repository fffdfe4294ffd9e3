"""Papers whose PDF-derived and metadata-derived affiliations disagree: a query, not a label.

Both sources' labels stay in the store untouched; a paper is *flagged* when, for some author
position, both give a known organisation type and the types differ, or when the two sources
disagree on whether the paper has an industry co-author. ``unknown`` on either side is a gap, not
a disagreement. Flags are recomputed from the current labels whenever asked, so they follow new
extractor versions and imports without bookkeeping.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from extract.affiliations.extractor import NAME as PDF_PRODUCER
from extract.affiliations.summary import paper_authorship
from paperscope.records import Affiliation, Label

if TYPE_CHECKING:
    from paperscope.store import Store

METADATA_PRODUCER = "paperlists"


@dataclass(frozen=True, slots=True)
class AffiliationFlag:
    """One paper where the sources disagree, with the author positions that differ."""

    paper_key: str
    positions: tuple[int, ...]
    pdf_any_industry: bool
    metadata_any_industry: bool
    label_ids: tuple[str, ...]


def compare_sources(labels: Iterable[Label]) -> list[AffiliationFlag]:
    """Flags from a mixed list of PDF (``affiliations``) and metadata (``paperlists``) labels (pure)."""
    by_paper: dict[str, dict[str, dict[int, Label]]] = {}
    for label in labels:
        if isinstance(label.value, Affiliation) and label.producer.name in {PDF_PRODUCER, METADATA_PRODUCER}:
            per = by_paper.setdefault(label.paper_key, {}).setdefault(label.producer.name, {})
            held = per.get(label.value.author_position)
            if held is None or label.confidence > held.confidence:
                per[label.value.author_position] = label
    flags = []
    for paper_key, sources in sorted(by_paper.items()):
        pdf, meta = sources.get(PDF_PRODUCER), sources.get(METADATA_PRODUCER)
        if not pdf or not meta:
            continue
        differ = tuple(
            p
            for p in sorted(set(pdf) & set(meta))
            if _type(pdf[p]) != "unknown" and _type(meta[p]) != "unknown" and _type(pdf[p]) != _type(meta[p])
        )
        rows = {r.producer: r for r in paper_authorship([*pdf.values(), *meta.values()])}
        pdf_any, meta_any = rows[PDF_PRODUCER].any_industry, rows[METADATA_PRODUCER].any_industry
        if differ or pdf_any != meta_any:
            ids = tuple(lab.id for lab in (*pdf.values(), *meta.values()))
            flags.append(AffiliationFlag(paper_key, differ, pdf_any, meta_any, ids))
    return flags


def _type(label: Label) -> str:
    return label.value.org_type if isinstance(label.value, Affiliation) else "unknown"


def affiliation_flags(store: Store) -> list[AffiliationFlag]:
    """Flags over the store's current affiliation labels."""
    return compare_sources(store.labels(field="affiliation", current=True))
