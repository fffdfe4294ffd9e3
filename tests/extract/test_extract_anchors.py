"""The anchor scanner finds exactly what the whole-text regex finds, for every anchored lexicon.

Chip names, BERT-family names and dataset names are matched only around their anchors (for speed);
a lexicon row whose matches can miss all of its anchors would silently lose mentions. These tests
compare the scanner with a plain ``finditer`` over generated text and over the corpus PDFs' text.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extract.parse import parse_pdf
from extract.resources import Resources, anchored
from extract.topic import load_resources as load_topic
from paperscope.settings import DATA_DIR

RES = Resources.load(DATA_DIR)
TOPIC = load_topic(DATA_DIR)
LEXICONS = {
    "chips": (RES.chip_regex, RES.chip_anchors),
    "bert": (RES.bert_regex, RES.bert_anchors),
    "datasets": (TOPIC.datasets, TOPIC.dataset_anchors),
}
# pieces of hardware, model and dataset names, and the look-alikes around them
TOKENS = [
    "GPU",
    "GPUs",
    "TPU",
    "TPUs",
    "TPUv3",
    "v3-8",
    "v4-32",
    "Cloud",
    "A100",
    "V100",
    "8xV100",
    "8×A100",
    "RTX",
    "rtx",
    "3090",
    "2080",
    "Ti",
    "GeForce",
    "Tesla",
    "NVIDIA",
    "Titan",
    "Xp",
    "X",
    "i7",
    "Xeon",
    "E5-2690",
    "output",
    "K80",
    "P100",
    "H100",
    "T4",
    "A6000",
    "Quadro",
    "40GB",
    "80",
    "10",
    "100",
    "BERT",
    "BERT-base",
    "RoBERTa",
    "DistilBERT",
    "BERTScore",
    "bert",
    "ALBERT",
    "XLM-R",
    "BEiT",
    "CIFAR-10",
    "ImageNet",
    "MultiNLI",
    "MNLI",
    "GLUE",
    "COCO",
    "MS-COCO",
    "CoNLL-2003",
    "Cora",
    "Atari",
    "SQuAD",
    "2.0",
    "WMT'14",
    "Penn",
    "Treebank",
    "İ",
    "é",
    "١",
    "²",
]
SEPARATORS = ["", " ", " ", "-", "\n", ", ", "("]


def spans(matches: Iterator[re.Match[str]] | list[re.Match[str]]) -> list[tuple[int, int, str | None]]:
    return [(m.start(), m.end(), m.lastgroup) for m in matches]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(TOKENS), st.sampled_from(SEPARATORS)), max_size=30))
def test_anchored_equals_finditer_on_generated_text(parts: list[tuple[str, str]]) -> None:
    text = "".join(token + sep for token, sep in parts)
    for name, (regex, anchors) in LEXICONS.items():
        assert spans(anchored(regex, anchors, text)) == spans(regex.finditer(text)), (name, text)


def test_capitalised_anchors_are_matched_as_written() -> None:
    regex = re.compile(r"(?i:tpu) ?v\d")
    text = "output v3, TPU v3, tpu v4"
    assert [m.group() for m in anchored(regex, ("TPU",), text)] == ["TPU v3"]
    assert [m.group() for m in anchored(regex, ("tpu",), text)] == ["TPU v3", "tpu v4"]


def test_numeric_anchors_take_whole_numbers_after_a_name() -> None:
    regex = re.compile(r"[A-Z]100")
    found = anchored(regex, ("100", "10"), "V100, 1100, CIFAR-100, A1000, P100s")
    assert [m.group() for m in found] == ["V100", "P100"]


def _corpus_texts(shared_dir: Path) -> list[str]:
    pdf_dir = shared_dir / "corpus" / "pdfs"
    with (pdf_dir / "MANIFEST.tsv").open(encoding="utf-8", newline="") as fh:
        files = [pdf_dir / row["file"] for row in csv.DictReader(fh, delimiter="\t")]
    return [parse_pdf(path.read_bytes(), paper_key="local/2000/corpus/x").text for path in files]


@pytest.mark.shared
def test_anchored_equals_finditer_on_every_corpus_paper(shared_dir: Path) -> None:
    for text in _corpus_texts(shared_dir):
        for name, (regex, anchors) in LEXICONS.items():
            got, want = spans(anchored(regex, anchors, text)), spans(regex.finditer(text))
            assert got == want, (name, sorted(set(got) ^ set(want))[:5])


def test_four_digit_model_numbers_are_found_without_a_vendor_word() -> None:
    found = RES.chips_in("We train on 8 2080Ti GPUs; baselines ran on (1080 Ti) cards for 4000 steps.")
    assert [m.group() for m in found] == ["2080Ti", "1080 Ti"]
