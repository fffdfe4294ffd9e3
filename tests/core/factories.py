"""Small record factories for core tests (valid papers, evidence, labels, verifications)."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

from paperscope.records import (
    Author,
    Evidence,
    Hardware,
    HardwareSetup,
    Label,
    LabelValue,
    Paper,
    Producer,
    SourceIds,
    Verification,
)

PDF_SHA = hashlib.sha256(b"pdf").hexdigest()
TEXT_SHA = hashlib.sha256(b"text").hexdigest()


def paper(n: int = 1, *, title: str | None = None, year: int = 2021) -> Paper:
    return Paper(
        key=f"neurips/{year}/main/{n:032x}",
        venue="neurips",
        year=year,
        track="main",
        title=title or f"Paper number {n}",
        authors=(
            Author(position=0, name="Ada Lovelace", affiliations_raw=("University of London",)),
            Author(position=1, name="Alan Turing", affiliations_raw=("DeepMind",), email="at@deepmind.com"),
        ),
        landing_url=f"https://proceedings.neurips.cc/paper/{year}/hash/{n:032x}-Abstract.html",
        pdf_url=f"https://proceedings.neurips.cc/paper/{year}/file/{n:032x}-Paper.pdf",
        ids=SourceIds(proceedings_hash=f"{n:032x}"),
    )


def evidence(p: Paper, start: int = 100, matched: str = "8 NVIDIA V100 GPUs") -> Evidence:
    return Evidence(
        paper_key=p.key,
        pdf_sha256=PDF_SHA,
        page=5,
        start=start,
        end=start + len(matched),
        text_sha256=TEXT_SHA,
        matched=matched,
        context=f"We train on {matched}.",
        section="body",
    )


def hw_label(p: Paper, version: str = "0.1.0", count: int = 8) -> Label:
    return Label(
        paper_key=p.key,
        value=Hardware(chip="V100", chip_class="gpu", count=count, scope="main"),
        evidence=evidence(p),
        producer=Producer(name="hardware", version=version, parser="pypdfium2"),
        confidence=0.9,
    )


def setup_label(p: Paper, version: str = "0.1.0") -> Label:
    return Label(
        paper_key=p.key,
        value=HardwareSetup(status="reported", chip="V100", count=8, peak_flops_fp32=8 * 15.7e12),
        evidence=evidence(p),
        producer=Producer(name="hardware", version=version),
        confidence=0.8,
    )


def verification(label: Label, verdict: str = "accept", annotator: str = "ann@example.org") -> Verification:
    corrected = HardwareSetup(status="reported", chip="A100", count=4) if verdict == "correct" else None
    return Verification(
        label_id=label.id,
        paper_key=label.paper_key,
        field=label.field,
        verdict=verdict,  # type: ignore[arg-type]
        corrected=corrected,
        annotator=annotator,
        ls_project=1,
        ls_task=10,
        ls_annotation=100,
        origin="prediction" if verdict == "accept" else "prediction-changed",
        lead_time=12.5,
        at=datetime(2026, 11, 1, 12, 0, tzinfo=UTC),
    )


def verdict_of(
    label: Label,
    verdict: str,
    corrected: LabelValue | None = None,
    *,
    annotator: str = "ann@example.org",
    origin: str = "prediction",
    at: datetime = datetime(2026, 11, 1, tzinfo=UTC),
    desk: str | None = None,
) -> Verification:
    """A person's verdict on ``label`` (with the value they gave, for a correction; ``desk``: where)."""
    return Verification(
        label_id=label.id,
        paper_key=label.paper_key,
        field=label.field,
        verdict=verdict,  # type: ignore[arg-type]
        corrected=corrected,
        annotator=annotator,
        origin=origin,  # type: ignore[arg-type]
        at=at,
        desk=desk,
    )
