"""A small generated paper (PDF + store records) with labels of every field, for verification tests.

The PDF is drawn with reportlab at known positions, so every label's evidence box is exact.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass

from paperscope.records import (
    Affiliation,
    Author,
    BertMention,
    BertRole,
    Box,
    CodeLink,
    CodeRelease,
    Evidence,
    Hardware,
    HardwareSetup,
    Label,
    LabelValue,
    Paper,
    Producer,
    Topic,
    TrainingInputs,
)
from paperscope.store import Store
from paperscope.store.pdfs import PdfStore

PAGE_W, PAGE_H = 612.0, 792.0
FONT = 10.0

# (page, y from the top in points, text); sentences the labels point at
LINES: list[tuple[int, float, str]] = [
    (0, 72, "Verifying Compute Claims in Machine Learning Papers"),
    (0, 100, "Ada Lovelace (University of London)   Alan Turing (DeepMind)"),
    (0, 140, "Abstract. We study how language models are trained and released."),
    (1, 90, "Experimental setup."),
    (1, 120, "All models were trained on 8 NVIDIA V100 GPUs for three days."),
    (1, 160, "We fine-tune BERT on GLUE and compare it with our method."),
    (1, 200, "Our code is available at https://github.com/ada/compute-claims."),
    (1, 600, "A footnote far down the page."),
]


@dataclass(frozen=True)
class Sample:
    """One paper with its PDF and the words its labels quote."""

    paper: Paper
    pdf: bytes
    sha: str


def make_pdf(title: str = LINES[0][2]) -> bytes:
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=letter, invariant=1)
    page = 0
    for p, y, text in LINES:
        while p > page:
            c.showPage()
            page += 1
        c.setFont("Helvetica", FONT)
        c.drawString(72, PAGE_H - y, title if (p, y) == (0, 72) else text)
    c.showPage()
    c.save()
    return buf.getvalue()


def box_of(page: int, y: float, text: str, matched: str) -> Box:
    """The box of ``matched`` inside the line drawn at (72, y) on ``page`` (Helvetica widths)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    x0 = 72 + stringWidth(text[: text.index(matched)], "Helvetica", FONT)
    w = stringWidth(matched, "Helvetica", FONT)
    top = y - FONT
    return Box(page=page, x=x0 / PAGE_W, y=top / PAGE_H, w=w / PAGE_W, h=(FONT * 1.3) / PAGE_H)


def make_sample(n: int = 1, year: int = 2021) -> Sample:
    title = f"Verifying Compute Claims, Part {n}"
    pdf = make_pdf(title)
    p = Paper(
        key=f"neurips/{year}/main/{n:032x}",
        venue="neurips",
        year=year,
        track="main",
        title=title,
        authors=(
            Author(position=0, name="Ada Lovelace", affiliations_raw=("University of London",)),
            Author(position=1, name="Alan Turing", affiliations_raw=("DeepMind",)),
        ),
    )
    return Sample(p, pdf, hashlib.sha256(pdf).hexdigest())


def store_sample(store: Store, pdfs: PdfStore, sample: Sample) -> None:
    store.upsert_paper(sample.paper)
    stored = pdfs.put(sample.pdf)
    store.add_pdf(stored)
    store.set_paper_pdf(sample.paper.key, stored.sha256)


def _evidence(sample: Sample, line: int, matched: str, section: str = "body") -> Evidence:
    page, y, text = LINES[line]
    start = sum(len(t) + 1 for _, _, t in LINES[:line]) + text.index(matched)
    return Evidence(
        paper_key=sample.paper.key,
        pdf_sha256=sample.sha,
        page=page,
        start=start,
        end=start + len(matched),
        text_sha256=hashlib.sha256(b"parsed text").hexdigest(),
        matched=matched,
        context=text,
        section=section,
        boxes=(box_of(page, y, text, matched),),
    )


def _label(sample: Sample, value: LabelValue, ev: Evidence, name: str, version: str, conf: float) -> Label:
    return Label(
        paper_key=sample.paper.key,
        value=value,
        evidence=ev,
        producer=Producer(name=name, version=version, parser="pypdfium2"),
        confidence=conf,
    )


def labels_for(sample: Sample, version: str = "1.0.0", *, google_type: str = "academic") -> list[Label]:
    """Labels of every field; the machine gets DeepMind's org type wrong unless told otherwise."""
    hw = _evidence(sample, 4, "8 NVIDIA V100 GPUs")
    bert = _evidence(sample, 5, "BERT")
    code = _evidence(sample, 6, "https://github.com/ada/compute-claims")
    ada = _evidence(sample, 1, "University of London", "title")
    alan = _evidence(sample, 1, "DeepMind", "title")
    topic = Evidence(
        paper_key=sample.paper.key, source="metadata", matched="language models", locator="abstract"
    )
    return [
        _label(
            sample,
            Hardware(chip="v100", chip_class="gpu", count=8, scope="main"),
            hw,
            "hardware",
            version,
            0.9,
        ),
        _label(
            sample,
            HardwareSetup(
                status="reported",
                chip="v100",
                count=8,
                peak_flops_fp32=1.25e14,
                training=TrainingInputs(hours=72.0, params=110_000_000),
            ),
            hw,
            "hardware",
            version,
            0.85,
        ),
        _label(sample, BertMention(model="BERT", core=True), bert, "bert", version, 0.99),
        _label(sample, BertRole(role="uses", models=("BERT",)), bert, "bert", version, 0.8),
        _label(
            sample,
            CodeLink(url="https://github.com/ada/compute-claims", host="github.com", role="own"),
            code,
            "code",
            version,
            0.95,
        ),
        _label(
            sample,
            CodeRelease(released=True, url="https://github.com/ada/compute-claims"),
            code,
            "code",
            version,
            0.9,
        ),
        _label(
            sample,
            Affiliation(
                author_position=0,
                author_name="Ada Lovelace",
                raw="University of London",
                org_name="University of London",
                org_type="academic",
                match_kind="exact",
                match_score=100,
            ),
            ada,
            "affiliations",
            version,
            0.95,
        ),
        _label(
            sample,
            Affiliation(
                author_position=1,
                author_name="Alan Turing",
                raw="DeepMind",
                org_name="DeepMind",
                org_type=google_type,  # type: ignore[arg-type]
                match_kind="fuzzy",
                match_score=80,
            ),
            alan,
            "affiliations",
            version,
            0.6,
        ),
        _label(sample, Topic(topic="nlp_speech", terms=("language models",)), topic, "topic", version, 0.7),
    ]
