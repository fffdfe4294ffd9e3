"""Inputs the reliability tests feed the stages: the crawl tests' mirror, demo PDFs, a large PDF."""

from __future__ import annotations

import importlib
import io
import random
import sys
from pathlib import Path
from typing import Any

from paperscope.demo.papers import DEMO_PAPERS
from paperscope.demo.pdfs import render_pdf

# the demo papers print no venue line: ``paperscope ingest`` places them at the venue and year given
PLACED = ("--venue", "local", "--year", "2024")


def build_mirror(root: Path) -> Any:
    """The crawl tests' loopback mirror (their helpers import each other as top-level modules)."""
    crawl_tests = str(Path(__file__).resolve().parents[1] / "crawlers")
    if crawl_tests not in sys.path:
        sys.path.insert(0, crawl_tests)
    return importlib.import_module("mirror").build_mirror(root)


def demo_pdfs(folder: Path, n: int) -> Path:
    """The first ``n`` demo papers as PDF files in ``folder`` (generated, realistic content)."""
    folder.mkdir(parents=True)
    for paper in DEMO_PAPERS[:n]:
        (folder / f"{paper.hash}.pdf").write_bytes(render_pdf(paper))
    return folder


def big_pdf(path: Path, seed: int = 5) -> Path:
    """A one-page PDF of about 1.8 MB (an incompressible image)."""
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    rng = random.Random(seed)
    noise = Image.frombytes("RGB", (700, 700), rng.randbytes(700 * 700 * 3))
    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, invariant=1)
    pdf.setFont("Helvetica", 14)
    pdf.drawString(72, 750, "A Large Paper Full of Noise")
    pdf.drawImage(ImageReader(noise), 72, 100, 400, 400)
    pdf.showPage()
    pdf.save()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buf.getvalue())
    return path
