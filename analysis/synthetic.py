"""Synthetic stores with planted effects, for tests, the report benchmark and demos.

Papers, paper-level labels (with metadata evidence) and verifications are written through the
store's public API exactly as extractors and the Label Studio pull would write them. The effects
are known: code release follows a logit with :data:`PLANTED` coefficients, industry set-ups use
more chips, and BERT use grows by year.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import numpy as np

from paperscope.records import (
    Affiliation,
    Author,
    BertRole,
    CodeRelease,
    Evidence,
    HardwareSetup,
    Label,
    LabelValue,
    Paper,
    Producer,
    Topic,
    Verification,
)
from paperscope.store import Store

A100_FP32 = 19.5e12  # FLOP/s per chip
A100_TENSOR = 312e12
BASE_TIME = datetime(2024, 1, 1, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class Planted:
    """The known truth a synthetic store is drawn from."""

    intercept: float = 0.4
    coef_frac_industry: float = -1.52
    coef_n_authors: float = -0.02
    year_effects: dict[int, float] = field(
        default_factory=lambda: {2017: 0.0, 2018: 0.5, 2019: 0.9, 2020: 1.3, 2021: 1.6, 2022: 1.7}
    )
    bert_share: dict[int, float] = field(
        default_factory=lambda: {2017: 0.0, 2018: 0.004, 2019: 0.009, 2020: 0.02, 2021: 0.03, 2022: 0.032}
    )
    p_industry_team: float = 0.35
    p_hardware: float = 0.21
    academic_counts: tuple[int, ...] = (1, 1, 2, 4, 8)
    industry_counts: tuple[int, ...] = (1, 2, 4, 8, 16, 32, 64)


PLANTED = Planted()


def fill_store(
    store: Store,
    n_papers: int,
    *,
    seed: int = 0,
    years: tuple[int, ...] = (2017, 2018, 2019, 2020, 2021, 2022),
    verified_share: float = 0.3,
    planted: Planted = PLANTED,
) -> None:
    """Add ``n_papers`` NeurIPS papers spread over ``years`` with labels, verifying ``verified_share``."""
    rng = np.random.default_rng(seed)
    labels: list[Label] = []
    verifications: list[Verification] = []
    for i in range(n_papers):
        year = int(years[i % len(years)])
        paper = _paper(i, year, rng)
        store.upsert_paper(paper)
        paper_labels = _labels(paper, rng, planted)
        labels.extend(paper_labels)
        if rng.random() < verified_share:
            verifications.extend(_verify(lab, rng, i) for lab in paper_labels)
    store.add_labels(labels)
    for verification in verifications:
        store.add_verification(verification)


def _paper(i: int, year: int, rng: np.random.Generator) -> Paper:
    n_authors = int(min(12, 1 + rng.poisson(3)))
    return Paper(
        key=Paper.make_key("neurips", year, "main", f"syn{i:05d}"),
        venue="neurips",
        year=year,
        track="main",
        title=f"Synthetic paper {i}",
        authors=tuple(Author(position=j, name=f"Author {i}.{j}") for j in range(n_authors)),
    )


def _labels(paper: Paper, rng: np.random.Generator, planted: Planted) -> list[Label]:
    industry_team = rng.random() < planted.p_industry_team
    orgs = []
    for _ in paper.authors:
        roll = rng.random()
        orgs.append("unknown" if roll < 0.04 else "government" if roll < 0.08 else "academic")
    if industry_team:
        orgs = ["industry" if rng.random() < 0.6 else o for o in orgs]
        orgs[int(rng.integers(len(orgs)))] = "industry"
    values: list[LabelValue] = [
        Affiliation(author_position=a.position, author_name=a.name, raw=f"Org of {a.name}", org_type=org)
        for a, org in zip(paper.authors, orgs, strict=True)
    ]
    values.append(Topic(topic=str(rng.choice(["nlp_speech", "vision", "other"], p=[0.2, 0.25, 0.55]))))
    if rng.random() < planted.p_hardware:
        counts = planted.industry_counts if industry_team else planted.academic_counts
        count = int(rng.choice(counts))
        values.append(
            HardwareSetup(
                status="reported",
                chip="a100",
                count=count,
                peak_flops_fp32=count * A100_FP32,
                peak_flops_tensor=count * A100_TENSOR,
            )
        )
    else:
        values.append(HardwareSetup(status="not_reported"))
    roll = rng.random()
    share = planted.bert_share.get(paper.year, 0.0)
    if roll < share:
        values.append(BertRole(role="studies" if rng.random() < 0.4 else "uses", models=("bert",)))
    elif roll < share + 0.05:
        values.append(BertRole(role="cites_only", models=("bert",)))
    known = [o for o in orgs if o != "unknown"]
    frac = sum(o == "industry" for o in known) / len(known) if known else 0.0
    eta = (
        planted.intercept
        + planted.year_effects.get(paper.year, 0.0)
        + planted.coef_frac_industry * frac
        + planted.coef_n_authors * len(paper.authors)
    )
    values.append(CodeRelease(released=bool(rng.random() < 1 / (1 + math.exp(-eta)))))
    return [_label(paper.key, value) for value in values]


def _label(paper_key: str, value: LabelValue) -> Label:
    return Label(
        paper_key=paper_key,
        value=value,
        evidence=Evidence(
            paper_key=paper_key, source="metadata", matched=value.kind, locator=f"synthetic/{value.kind}"
        ),
        producer=Producer(name=f"synthetic-{value.kind.replace('_', '-')}", version="1.0.0"),
        confidence=0.9,
    )


def _verify(label: Label, rng: np.random.Generator, i: int) -> Verification:
    roll = rng.random()
    corrected: LabelValue | None = None
    verdict = "accept"
    if roll < 0.04 and isinstance(label.value, CodeRelease):
        verdict, corrected = "correct", CodeRelease(released=not label.value.released)
    elif roll < 0.02:
        verdict = "reject"
    return Verification(
        label_id=label.id,
        paper_key=label.paper_key,
        field=label.field,
        verdict=verdict,
        corrected=corrected,
        annotator="synthetic",
        origin="prediction",
        at=BASE_TIME + timedelta(seconds=i),
    )
