"""Real page-1 headers of the shared corpus against hand-written expected authors (golden files)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rapidfuzz import fuzz

from extract.affiliations.extractor import AffiliationResources, extract_affiliations
from extract.affiliations.names import ascii_fold
from extract.parse import parse_pdf
from paperscope.records import Affiliation

GOLDEN = Path(__file__).resolve().parent / "golden"
CASES = sorted(GOLDEN.glob("*.expected.json"))


def fold(text: str) -> str:
    return " ".join(ascii_fold(text).lower().split())


@pytest.mark.shared
@pytest.mark.parametrize("case", CASES, ids=[c.name.split(".")[0] for c in CASES])
def test_header_matches_golden(case: Path, shared_dir: Path, resources: AffiliationResources) -> None:
    expected = json.loads(case.read_text(encoding="utf-8"))
    pdf = shared_dir / "corpus" / "pdfs" / expected["file"]
    doc = parse_pdf(pdf.read_bytes(), paper_key=f"local/2020/golden/{pdf.stem}")
    got = [lab.value for lab in extract_affiliations(doc, resources) if isinstance(lab.value, Affiliation)]
    assert len(got) == len(expected["authors"]), expected["layout"]
    for value, want in zip(got, expected["authors"], strict=True):
        assert fuzz.ratio(fold(value.author_name), fold(want["name"])) >= 90, (
            value.author_name,
            want["name"],
        )
        assert fold(value.raw.split("; ")[0]) == fold(want["affiliation"]), value.author_name
        assert value.org_type == want["org_type"], value.author_name
