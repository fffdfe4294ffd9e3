"""Write ``tiny-paper.pdf``: a two-page paper-shaped PDF for the parser-stability test.

Run ``.venv/bin/python tests/pdfs/make_tiny_paper.py`` to regenerate it (reportlab, invariant mode,
so the bytes only change when this script or reportlab does). The committed PDF is the fixture:
the stability test parses the file, not this script's output.
"""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

HERE = Path(__file__).resolve().parent
BODY = [
    "1 Introduction",
    "We fine-tune BERT-base on GLUE and compare it with RoBERTa. All models are trained",
    "on 8 NVIDIA V100 GPUs (32GB). Inference latency is measured on a single T4 GPU.",
    "Our code is available at https://github.com/tiny-lab/tiny-paper.",
    "The pretrained weights are here.",
]


def make(path: Path) -> None:
    """Draw the two pages into ``path``."""
    c = canvas.Canvas(str(path), pagesize=letter, invariant=1)
    width, height = letter
    c.setTitle("A Tiny Paper About Nothing")
    c.setFont("Helvetica-Bold", 17)
    c.drawCentredString(width / 2, height - 90, "A Tiny Paper About Nothing")
    c.setFont("Helvetica", 11)
    c.drawCentredString(width / 2, height - 120, "Ada Lovelace  Alan Turing")
    c.drawCentredString(width / 2, height - 135, "University of Nowhere")
    c.setFont("Helvetica-Bold", 12)
    c.drawCentredString(width / 2, height - 170, "Abstract")
    c.setFont("Helvetica", 10)
    c.drawString(72, height - 190, "We study nothing at all, with care.")
    y = height - 230
    for line in BODY:
        c.drawString(72, y, line)
        y -= 14
    link_y = y + 14
    left = 72 + c.stringWidth("The pretrained weights are ", "Helvetica", 10)
    right = left + c.stringWidth("here", "Helvetica", 10)
    c.linkURL("https://huggingface.co/tiny-lab/weights", (left, link_y - 2, right, link_y + 9), relative=0)
    c.setFont("Helvetica-Bold", 12)
    c.drawString(72, y - 20, "References")
    c.setFont("Helvetica", 9)
    c.drawString(
        72, y - 36, "[1] J. Devlin et al. BERT: Pre-training of deep bidirectional transformers. 2019."
    )
    c.showPage()
    c.setFont("Helvetica-Bold", 12)
    c.drawString(72, height - 90, "A Experimental details")
    c.setFont("Helvetica", 10)
    c.drawString(72, height - 110, "Each run took 3 hours on 4 TPU v3 chips.")
    c.showPage()
    c.save()


if __name__ == "__main__":
    make(HERE / "tiny-paper.pdf")
