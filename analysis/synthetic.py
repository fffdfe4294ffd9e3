"""Synthetic stores with planted effects, for tests, the report benchmark and demos.

Papers, PDFs, extraction runs, paper-level labels and verifications are written through the
store's public API as the extract stage, ``import paperlists`` and the Label Studio pull write them:
each PDF extractor (hardware, bert, code_links, affiliations, topic) has a successful run per read
PDF and, like the real ones, writes no label when it finds nothing (no code link and no checklist
answer, no BERT, no hardware statement, no topic). Some papers have no PDF (only paper-list
affiliations), some listed affiliations disagree with the PDF's, and some set-ups are on TPUs,
which have no FP32 peak. The effects are known: code release follows a logit with :data:`PLANTED`
coefficients, industry set-ups use more chips, and BERT use grows by year.
"""

from __future__ import annotations

import hashlib
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
    PdfFile,
    Producer,
    Topic,
    Verification,
)
from paperscope.store import Store

A100_FP32 = 19.5e12  # FLOP/s per chip
A100_TENSOR = 312e12
TPU_V3_TENSOR = 123e12  # no FP32 figure (data/hardware/chips.csv)
PDF_PRODUCERS = {  # label kind -> the extractor that writes it
    "hardware_setup": "hardware",
    "bert_role": "bert",
    "code_release": "code_links",
    "affiliation": "affiliations",
    "topic": "topic",
}
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
    p_tpu: float = 0.1  # of reported set-ups
    p_no_pdf: float = 0.05
    p_listed: float = 0.3  # papers with paper-list affiliations too
    p_listed_disagrees: float = 0.1  # of listed authors: another org type than the PDF's
    p_no_topic: float = 0.05
    p_code_label_when_not_released: float = 0.4  # a "no" checklist answer; otherwise no label
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
    venue: str = "neurips",
) -> None:
    """Add ``n_papers`` papers of ``venue`` spread over ``years`` with labels, verifying ``verified_share``."""
    rng = np.random.default_rng(seed)
    verifications: list[Verification] = []
    for i in range(n_papers):
        year = int(years[i % len(years)])
        paper = _paper(i, year, rng, venue)
        store.upsert_paper(paper)
        read = rng.random() >= planted.p_no_pdf
        found_values, listed = _labels(paper, rng, planted)
        sha = hashlib.sha256(paper.key.encode()).hexdigest()
        read_labels: list[Label] = []
        if read:
            store.add_pdf(PdfFile(sha256=sha, n_bytes=1000, n_pages=9))
            store.set_paper_pdf(paper.key, sha)
            for kind, producer in PDF_PRODUCERS.items():
                found = [_label(paper.key, v, sha, k) for k, v in enumerate(found_values) if v.kind == kind]
                store.record_extraction(sha, producer, "1.0.0", found)
                read_labels += found
        store.add_labels(_label(paper.key, v) for v in listed)
        if read and rng.random() < verified_share:  # people check what the PDF says
            verifications.extend(_verify(lab, rng, i) for lab in read_labels)
    for verification in verifications:
        store.add_verification(verification)


def _paper(i: int, year: int, rng: np.random.Generator, venue: str = "neurips") -> Paper:
    n_authors = int(min(12, 1 + rng.poisson(3)))
    return Paper(
        key=Paper.make_key(venue, year, "main", f"syn{i:05d}"),
        venue=venue,
        year=year,
        track="main",
        title=f"Synthetic paper {i}",
        authors=tuple(Author(position=j, name=f"Author {i}.{j}") for j in range(n_authors)),
    )


def _labels(
    paper: Paper, rng: np.random.Generator, planted: Planted
) -> tuple[list[LabelValue], list[Affiliation]]:
    """What the PDF extractors find, and the paper list's affiliations (often none)."""
    industry_team = rng.random() < planted.p_industry_team
    orgs = []
    for _ in paper.authors:
        roll = rng.random()
        orgs.append("unknown" if roll < 0.04 else "government" if roll < 0.08 else "academic")
    if industry_team:
        orgs = ["industry" if rng.random() < 0.6 else o for o in orgs]
        orgs[int(rng.integers(len(orgs)))] = "industry"
    values: list[LabelValue] = [_affiliation(a, org) for a, org in zip(paper.authors, orgs, strict=True)]
    listed: list[Affiliation] = []
    if rng.random() < planted.p_listed:
        for a, org in zip(paper.authors, orgs, strict=True):
            other = {"industry": "academic", "unknown": "unknown"}.get(org, "industry")
            says = other if rng.random() < planted.p_listed_disagrees else org
            listed.append(_affiliation(a, says, raw=f"Listed org of {a.name}"))
    if rng.random() >= planted.p_no_topic:
        values.append(Topic(topic=str(rng.choice(["nlp_speech", "vision", "other"], p=[0.2, 0.25, 0.55]))))
    if rng.random() < planted.p_hardware:
        values.append(_setup(rng, planted, industry_team))
    elif rng.random() < 0.5:
        values.append(HardwareSetup(status="not_reported"))  # else silence: no set-up label
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
    if rng.random() < 1 / (1 + math.exp(-eta)):
        values.append(
            CodeRelease(released=True, url=f"https://github.com/syn/{paper.key.rsplit('/', 1)[-1]}")
        )
    elif rng.random() < planted.p_code_label_when_not_released:
        values.append(CodeRelease(released=False, checklist_answer="no"))
    return values, listed


def _affiliation(author: Author, org: str, raw: str = "") -> Affiliation:
    return Affiliation(
        author_position=author.position,
        author_name=author.name,
        raw=raw or f"Org of {author.name}",
        org_type=org,
    )


def _setup(rng: np.random.Generator, planted: Planted, industry_team: bool) -> HardwareSetup:
    count = int(rng.choice(planted.industry_counts if industry_team else planted.academic_counts))
    if rng.random() < planted.p_tpu:
        return HardwareSetup(
            status="reported", chip="tpu-v3", count=count, peak_flops_tensor=count * TPU_V3_TENSOR
        )
    return HardwareSetup(
        status="reported",
        chip="a100",
        count=count,
        peak_flops_fp32=count * A100_FP32,
        peak_flops_tensor=count * A100_TENSOR,
    )


def _label(paper_key: str, value: LabelValue, pdf_sha256: str | None = None, start: int = 0) -> Label:
    """A PDF extractor's label (with ``pdf_sha256``) or a paper list's (metadata evidence)."""
    if pdf_sha256 is None:
        evidence = Evidence(
            paper_key=paper_key, source="metadata", matched=value.kind, locator=f"paperlists/{value.kind}"
        )
        producer = Producer(name="paperlists", version="1.0.0")
    else:
        evidence = Evidence(
            paper_key=paper_key,
            pdf_sha256=pdf_sha256,
            page=0,
            start=10 * start,
            end=10 * start + 5,
            text_sha256=pdf_sha256,
            matched=value.kind,
        )
        producer = Producer(name=PDF_PRODUCERS[value.kind], version="1.0.0")
    return Label(paper_key=paper_key, value=value, evidence=evidence, producer=producer, confidence=0.9)


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
