"""Topic: NLP & speech / vision / other from weighted terms of data/lexicons/topic_terms.jsonl.

Each rule of ``extract.topic`` on constructed text: field weights, leftmost-longest terms and
masks, repeat cap, weak architecture names, body datasets as capped weaker evidence, the margin
rule (several domains -> other), vision-and-language titles, evidence, and the lexicon loader.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import pytest

from extract.document import Page, PaperMeta, ParsedDoc, Section
from extract.registry import select
from extract.topic import (
    BODY_CAP,
    MIN_SCORE,
    VERSION,
    TopicLexicon,
    extract_topic,
    find_terms,
    load_resources,
    score_topic,
)
from paperscope.records import Topic
from paperscope.settings import DATA_DIR


@pytest.fixture(scope="module")
def lex() -> TopicLexicon:
    """The repository's topic lexicon."""
    return load_resources(DATA_DIR)


def test_language_paper_is_nlp(lex: TopicLexicon) -> None:
    score = score_topic(lex, "Improving language models by retrieval", "We train on a text corpus.")
    assert score.topic == "nlp_speech"
    assert score.terms[0] == "language models"  # title terms weigh most
    assert {"text", "corpus"} <= set(score.terms)


def test_image_paper_is_vision(lex: TopicLexicon) -> None:
    score = score_topic(lex, "Self-supervised visual features", "We pretrain on ImageNet images.")
    assert score.topic == "vision"
    assert score.vision == 3 + 1 + 1  # "visual" in the title, "imagenet" and "images" in the abstract


def test_title_outweighs_abstract_and_keywords_outweigh_abstract(lex: TopicLexicon) -> None:
    assert (
        score_topic(lex, "Speech recognition at scale", "an image of the spectrogram").topic == "nlp_speech"
    )
    assert score_topic(lex, "Scale", "Speech recognition of an image of the spectrogram").topic == "other"
    by_keywords = score_topic(lex, "A method", "", keywords=("image classification", "segmentation"))
    assert by_keywords.vision == 2 + 2
    assert by_keywords.topic == "vision"
    assert score_topic(lex, "A method", "", keywords=("segmentation",)).topic == "other"  # 2 < MIN_SCORE


def test_terms_are_leftmost_longest_and_masks_hide_shorter_terms(lex: TopicLexicon) -> None:
    graph = score_topic(lex, "Graph convolutional networks", "graph convolutional layers on citation graphs")
    assert graph.vision == 0  # "convolutional" is part of the graph term
    assert graph.topic == "other"
    detection = score_topic(lex, "Open-vocabulary detection", "An open-vocabulary object detector.")
    assert detection.nlp == 0  # not NLP's "vocabulary"
    assert detection.topic == "vision"
    text = "knowledge graphs and summary statistics"
    assert [text[s:e] for s, e, _ in find_terms(lex, text)] == ["knowledge graphs", "summary statistics"]
    masked = score_topic(lex, "", text)
    assert masked.nlp == masked.other == 0


def test_a_lexicon_row_counts_at_most_twice_per_field(lex: TopicLexicon) -> None:
    score = score_topic(lex, "A method", "image " * 5 + "images imaging")
    assert score.vision == 2
    assert score.topic == "other"


def test_architecture_names_alone_never_make_a_vision_paper(lex: TopicLexicon) -> None:
    weak = score_topic(
        lex, "Pruning convolutional networks", "CNNs and ConvNets.", keywords=("ResNet", "convolutions")
    )
    assert weak.vision >= MIN_SCORE
    assert weak.topic == "other"
    # a benchmark named in the abstract is not the object either (see test_topic_classes.py) ...
    assert score_topic(lex, "Pruning convolutional networks", "CNNs on ImageNet.").topic == "other"
    # ... a full-weight vision term is
    assert score_topic(lex, "Pruning convolutional networks", "CNNs on ImageNet images.").topic == "vision"


def test_body_datasets_are_weaker_capped_evidence(lex: TopicLexicon) -> None:
    body = ["We train on WMT14 En-De and IWSLT14, then fine-tune on GLUE and SQuAD 1.1. WMT14 again."]
    helped = score_topic(lex, "On layer normalization", "used in natural language processing.", body=body)
    assert helped.nlp == 1 + BODY_CAP  # four distinct datasets at 0.5 each
    assert helped.topic == "nlp_speech"
    assert "wmt14" in helped.terms
    assert score_topic(lex, "On layer normalization", "used widely.", body=body).topic == "other"
    many = ["ImageNet, CIFAR-10, CIFAR-100, MNIST, SVHN, COCO, ADE20K, Cityscapes, LSUN, CelebA"]
    assert score_topic(lex, "A method", "", body=many).vision == BODY_CAP


def test_several_domains_make_other(lex: TopicLexicon) -> None:
    score = score_topic(
        lex,
        "Mixed precision training",
        "speech recognition, machine translation and language modelling; image classification on ImageNet "
        "and object detection on COCO",
    )
    assert score.nlp >= MIN_SCORE
    assert score.vision >= MIN_SCORE
    assert score.topic == "other"
    assert {"speech recognition", "imagenet"} <= set(score.terms)  # both sides kept as evidence
    robots = score_topic(
        lex, "Language models as planners for robots", "Large language models plan robot tasks."
    )
    assert robots.topic == "other"  # NLP against an "other" subfield (robotics)
    assert "robots" in robots.terms
    theory = score_topic(lex, "Neural tangent kernel of wide networks", "CNNs on CIFAR-10 images.")
    assert theory.topic == "other"


def test_a_clear_margin_keeps_the_leading_domain(lex: TopicLexicon) -> None:
    score = score_topic(
        lex, "Attacking aligned language models", "NLP attacks on text models; multimodal models take images."
    )
    assert score.nlp >= 2 * score.vision > 0
    assert score.topic == "nlp_speech"


def test_a_vision_language_title_is_other_and_its_weight_is_shared(lex: TopicLexicon) -> None:
    score = score_topic(lex, "Vision-language pre-training", "Image encoders for segmentation and detection.")
    assert score.vision > 2 * score.nlp
    assert score.topic == "other"
    assert score.terms[0] == "vision-language"
    shared = score_topic(lex, "", "multimodal")
    assert shared.nlp == shared.vision == 0.5


def _doc(title: str, abstract: str, body: str) -> ParsedDoc:
    text = f"{title}\nAbstract\n{abstract}\n1 Introduction\n{body}\n"
    abstract_at = text.index("Abstract")
    body_at = text.index("1 Introduction")
    return ParsedDoc(
        paper_key="local/2021/t/p1",
        pdf_sha256="a" * 64,
        text=text,
        text_sha256="b" * 64,
        pages=(Page(0, 0, len(text), 612.0, 792.0),),
        sections=(
            Section("title_block", 0, abstract_at),
            Section("abstract", abstract_at, body_at),
            Section("body", body_at, len(text)),
        ),
        meta=PaperMeta(title=title),
    )


def test_extractor_points_its_evidence_at_the_first_deciding_term(lex: TopicLexicon) -> None:
    doc = _doc("Neural Machine Translation", "We improve machine translation of text.", "On WMT14.")
    (label,) = extract_topic(doc, lex)
    assert isinstance(label.value, Topic)
    assert label.value.topic == "nlp_speech"
    assert label.value.terms[0] == "neural machine translation"
    assert "wmt14" in label.value.terms
    assert label.evidence.matched == "Neural Machine Translation"
    assert label.evidence.start == 0
    assert doc.text[label.evidence.start : label.evidence.end] == label.evidence.matched
    assert label.producer.name == "topic"
    assert label.producer.version == VERSION


def test_extractor_evidence_for_other_without_terms_is_the_first_line(lex: TopicLexicon) -> None:
    doc = _doc("Optimal transport bounds", "We bound a distance.", "Proofs.")
    (label,) = extract_topic(doc, lex)
    assert isinstance(label.value, Topic)
    assert label.value == Topic(topic="other", terms=())
    assert label.evidence.matched == "Optimal transport bounds"
    assert label.confidence == 0.8  # nothing points at NLP or vision


def test_evidence_terms_match_whole_words_and_fall_back_to_the_body(lex: TopicLexicon) -> None:
    doc = replace(_doc("In context", "We generate text.", ""), meta=PaperMeta(title="Text generation"))
    (label,) = extract_topic(doc, lex)
    assert label.evidence.matched == "text"  # not the "text" inside "context"
    assert label.evidence.section == "abstract"
    body_only = _doc("Optimal transport", "We bound a distance.", "Experiments on ImageNet.")
    (label,) = extract_topic(body_only, lex)
    assert isinstance(label.value, Topic)
    assert label.value == Topic(topic="other", terms=("imagenet",))
    assert (label.evidence.matched, label.evidence.section) == ("ImageNet", "body")


def test_the_registry_runs_the_topic_extractor_with_its_lexicon() -> None:
    (topic,) = select(("topic",))
    labels = topic.run(_doc("Speech recognition", "Spoken words.", ""), topic.load(DATA_DIR))
    assert [lab.value.topic for lab in labels if isinstance(lab.value, Topic)] == ["nlp_speech"]
    assert topic.load(DATA_DIR) is topic.load(DATA_DIR)  # loaded once per process


def _lexicon(tmp_path: Path, *rows: dict[str, object]) -> Path:
    (tmp_path / "lexicons").mkdir()
    (tmp_path / "lexicons" / "topic_terms.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    return tmp_path


def test_loader_reads_literal_terms_and_case_flags(tmp_path: Path) -> None:
    data = _lexicon(
        tmp_path,
        {"term": "C++ code", "topic": "other", "weight": 1, "note": "literal"},
        {
            "regex": "GLUE",
            "topic": "nlp_speech",
            "weight": 1,
            "case": True,
            "dataset": True,
            "anchors": ["glue"],
        },
    )
    lex = load_resources(data)
    assert score_topic(lex, "c++ CODE", "").other == 3
    assert score_topic(lex, "glue", "").nlp == 0  # case kept
    assert score_topic(lex, "", "", body=["on GLUE"]).nlp == 0.5


@pytest.mark.parametrize(
    "row",
    [
        {"term": "x", "topic": "speech", "weight": 1},
        {"term": "x", "regex": "x", "topic": "other", "weight": 1},
        {"regex": "x", "topic": "other", "weight": 1, "dataset": True},
        {"regex": "x", "topic": "other", "weight": 1, "dataset": True, "anchors": ["X"]},
    ],
)
def test_loader_rejects_malformed_rows(tmp_path: Path, row: dict[str, object]) -> None:
    with pytest.raises(ValueError, match=r"topic_terms\.jsonl"):
        load_resources(_lexicon(tmp_path, row))


def test_every_lexicon_row_is_documented_and_well_formed() -> None:
    lines = (DATA_DIR / "lexicons" / "topic_terms.jsonl").read_text(encoding="utf-8").splitlines()
    for line in lines:
        row = json.loads(line)
        assert row.get("note"), row
        assert row["topic"] in {"nlp_speech", "vision", "other", "vision_language", "none"}, row
        assert (row["weight"] == 0) == (row["topic"] == "none"), row
        if row["topic"] != "none":
            assert 0 < row["weight"] <= 1, row
        pattern = row.get("regex") or re.escape(row["term"])
        re.compile(pattern)
        assert row.get("dataset", False) == bool(row.get("anchors")), row
        for anchor in row.get("anchors", ()):
            assert anchor == anchor.lower(), row
            assert anchor in pattern.lower(), row
