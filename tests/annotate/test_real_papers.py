"""Tasks from the real extractors' labels on real PDFs (../shared corpus): valid, small, evidence found."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from annotate.crops import render_crop
from annotate.tasks import plan_task, validate_task
from paperscope.records import FIELDS, Paper
from paperscope.settings import DATA_DIR

pytestmark = [pytest.mark.shared, pytest.mark.slow]
N_PAPERS = 6


def corpus(shared_dir: Path) -> list[tuple[Paper, bytes, str]]:
    folder = shared_dir / "corpus" / "pdfs"
    rows = [line.split("\t") for line in (folder / "MANIFEST.tsv").read_text().splitlines()[1:]]
    out = []
    for row in rows[:N_PAPERS]:
        name, sha, _, _, venue, year, _, title = row[:8]
        key = f"{venue}/{year}/main/{sha[:16]}"
        paper = Paper(key=key, venue=venue, year=int(year), track="main", title=title)
        out.append((paper, (folder / name).read_bytes(), sha))
    return out


def test_real_labels_make_valid_small_tasks_with_highlighted_evidence(shared_dir: Path):
    from extract.parse import parse_pdf
    from extract.registry import EXTRACTORS

    tasks = located = 0
    for paper, pdf, sha in corpus(shared_dir):
        doc = parse_pdf(pdf, paper_key=paper.key, pdf_sha256=sha)
        labels = [lab for e in EXTRACTORS for lab in e.run(doc, e.load(DATA_DIR))]
        for field in FIELDS:
            plan = plan_task(paper, field, [lab for lab in labels if lab.field == field])
            if plan is None:
                continue
            tasks += 1
            assert validate_task(plan) == [], (paper.title, field)
            if plan.crop is None:
                continue
            png = render_crop(pdf, plan.crop)
            assert len(png) < 250_000, (paper.title, field, len(png))
            image = Image.open(io.BytesIO(png))
            located += image.height < 1100 * 0.9  # cropped to the evidence, not the whole page
    assert tasks >= 3 * N_PAPERS
    assert located >= 0.7 * tasks
