"""Paper-level authorship figures computed from per-author ``Affiliation`` labels (pure).

``frac_industry`` is the share of industry authors among authors whose organisation type is known
(``unknown`` authors are left out of the denominator and counted in ``n_unknown``);
``frac_industry_lower`` counts unknown authors as non-industry (a lower bound). A "Chinese
organisation" is one whose country is in :data:`CHINESE_COUNTRIES` (mainland China, Hong Kong,
Macao; the study's "Chinese AI lab" flag, compute-divide-paper.md Methods).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from paperscope.records import Affiliation, Label

CHINESE_COUNTRIES = frozenset({"CN", "HK", "MO"})


@dataclass(frozen=True, slots=True)
class PaperAuthorship:
    """Authorship figures of one paper from one producer, traceable to its author labels."""

    paper_key: str
    producer: str
    n_authors: int
    n_industry: int
    n_unknown: int
    frac_industry: float | None
    frac_industry_lower: float
    any_industry: bool
    any_chinese: bool
    author_label_ids: tuple[str, ...]


def paper_authorship(
    labels: Iterable[Label], *, chinese: frozenset[str] = CHINESE_COUNTRIES
) -> list[PaperAuthorship]:
    """One row per (paper, producer) from its affiliation labels, sorted by paper key then producer.

    When a producer left several labels for the same author position (two versions, say) the most
    confident one counts.
    """
    best: dict[tuple[str, str], dict[int, Label]] = {}
    for label in labels:
        value = label.value
        if not isinstance(value, Affiliation):
            continue
        per_author = best.setdefault((label.paper_key, label.producer.name), {})
        held = per_author.get(value.author_position)
        if held is None or label.confidence > held.confidence:
            per_author[value.author_position] = label
    rows = []
    for (paper_key, producer), per_author in sorted(best.items()):
        chosen = [per_author[p] for p in sorted(per_author)]
        values = [lab.value for lab in chosen if isinstance(lab.value, Affiliation)]
        n = len(values)
        n_industry = sum(1 for v in values if v.org_type == "industry")
        n_unknown = sum(1 for v in values if v.org_type == "unknown")
        known = n - n_unknown
        rows.append(
            PaperAuthorship(
                paper_key=paper_key,
                producer=producer,
                n_authors=n,
                n_industry=n_industry,
                n_unknown=n_unknown,
                frac_industry=n_industry / known if known else None,
                frac_industry_lower=n_industry / n if n else 0.0,
                any_industry=n_industry > 0,
                any_chinese=any(v.country in chinese for v in values if v.country),
                author_label_ids=tuple(lab.id for lab in chosen),
            )
        )
    return rows


def needs_verification(labels: Iterable[Label]) -> list[Label]:
    """Affiliation labels a person should check: authors left ``unknown`` or matched only fuzzily."""
    return [
        lab
        for lab in labels
        if isinstance(lab.value, Affiliation)
        and (lab.value.org_type == "unknown" or lab.value.match_kind == "fuzzy")
    ]
