"""Regression snapshots: extractors on short real-looking snippets, and the parser on the tiny paper PDF.

These pin the code's own reviewed output so that any change to it shows up in a diff; they are not
hand-written expectations (those are the rule tests, e.g. ``test_extract_hardware.py``, and the
blind gold set of ``benchmarks/gold``). Snippets (``golden/snippets/<case>.txt``) are written for
these tests, modelled on real papers. Snapshots (``<case>.expected.json``) are regenerated only with
``PAPERSCOPE_UPDATE_GOLDEN=1`` and reviewed in the diff; floats are rounded before comparing.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest

from extract.boxes import with_boxes
from extract.parse import close_pages, parse_document
from extract.registry import EXTRACTORS
from paperscope.records import Label
from paperscope.settings import DATA_DIR
from tests.extract.docs import make_doc

HERE = Path(__file__).resolve().parent
SNIPPETS = HERE / "golden" / "snippets"
TINY_PDF = HERE.parent / "pdfs" / "tiny-paper.pdf"
UPDATE = os.environ.get("PAPERSCOPE_UPDATE_GOLDEN") == "1"
MINE = ("hardware", "bert", "code_links")


def rounded(obj: Any, digits: int = 4) -> Any:
    """``obj`` with every float rounded (papermage's round_all_floats)."""
    if isinstance(obj, float):
        return round(obj, digits)
    if isinstance(obj, dict):
        return {k: rounded(v, digits) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [rounded(v, digits) for v in obj]
    return obj


def summary(labels: list[Label]) -> list[dict[str, Any]]:
    """What a golden file pins of each label: value, span, quote, sentence, section, boxes, confidence."""
    return [
        rounded(
            {
                "producer": lab.producer.tag,
                "value": lab.value.model_dump(mode="json", exclude_defaults=True),
                "page": lab.evidence.page,
                "span": [lab.evidence.start, lab.evidence.end],
                "matched": lab.evidence.matched,
                "context": lab.evidence.context,
                "section": lab.evidence.section,
                "boxes": [b.model_dump(mode="json") for b in lab.evidence.boxes],
                "confidence": lab.confidence,
            }
        )
        for lab in labels
    ]


def check_golden(expected_path: Path, actual: Any) -> None:
    if UPDATE or not expected_path.exists():
        if not UPDATE:
            pytest.fail(f"{expected_path.name} is missing: run with PAPERSCOPE_UPDATE_GOLDEN=1 and review it")
        expected_path.write_text(json.dumps(actual, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    assert actual == expected


def run_mine(doc: Any) -> list[Label]:
    labels: list[Label] = []
    for ex in EXTRACTORS:
        if ex.name in MINE:
            labels += ex.run(doc, ex.load(DATA_DIR))
    return labels


@pytest.mark.parametrize("case", sorted(p.stem for p in SNIPPETS.glob("*.txt")))
def test_snippet(case: str) -> None:
    doc = make_doc((SNIPPETS / f"{case}.txt").read_text(encoding="utf-8"))
    check_golden(SNIPPETS / f"{case}.expected.json", summary(run_mine(doc)))


def test_parser_stability_on_the_tiny_paper() -> None:
    """If pdfium's output for this fixture changes, this fails: bump the parser and re-extract."""
    pdf = pdfium.PdfDocument(TINY_PDF.read_bytes())
    pages: dict[int, Any] = {}
    try:
        doc = parse_document(pdf, paper_key="local/2024/unknown/tiny", pdf_sha256="0" * 64, keep=pages)
        labels = with_boxes(run_mine(doc), doc, pages)
    finally:
        close_pages(pages)
        pdf.close()
    parsed = rounded(
        {
            "text": doc.text,
            "text_sha256": doc.text_sha256,
            "pages": [
                [p.index, p.start, p.end, p.width, p.height, [list(s) for s in p.shifts]] for p in doc.pages
            ],
            "sections": [[s.kind, s.start, s.end, s.heading] for s in doc.sections],
            "links": [
                [lk.uri, lk.page, lk.x0, lk.top, lk.x1, lk.bottom, lk.start, lk.end] for lk in doc.links
            ],
            "header_words": [[w.text, w.x0, w.top, w.x1, w.bottom, w.font, w.size] for w in doc.header_words],
        },
        3,
    )
    check_golden(HERE / "golden" / "tiny-paper.parsed.json", parsed)
    check_golden(HERE / "golden" / "tiny-paper.labels.json", summary(labels))


def test_boxes_sit_on_the_words() -> None:
    pdf = pdfium.PdfDocument(TINY_PDF.read_bytes())
    pages: dict[int, Any] = {}
    try:
        doc = parse_document(pdf, paper_key="local/2024/unknown/tiny", pdf_sha256="0" * 64, keep=pages)
        labels = with_boxes(run_mine(doc), doc, pages)
    finally:
        close_pages(pages)
        pdf.close()
    v100 = next(lab for lab in labels if lab.value.kind == "hardware" and lab.evidence.matched == "V100")
    (box,) = v100.evidence.boxes
    words = [w for w in doc.header_words if w.text == "V100"]
    assert len(words) == 1
    word = words[0]
    # the span box and the word box (both relative to the page) agree to about a character
    assert box.page == 0
    assert abs(box.x - word.x0) < 0.01
    assert abs((box.x + box.w) - word.x1) < 0.01
    assert word.top - 0.01 <= box.y <= word.bottom
