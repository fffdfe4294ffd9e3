"""Topic: NLP & speech / vision / other from title, keywords and abstract, with deciding terms."""

from __future__ import annotations

from extract.document import Page, PaperMeta, ParsedDoc, Section
from extract.topic import extract_topic, score_topic
from paperscope.records import Topic


def test_language_paper_is_nlp() -> None:
    score = score_topic(
        "Improving language models by retrieval", "We train a language model on a text corpus."
    )
    assert score.topic == "nlp_speech"
    assert "language models" in score.nlp_terms


def test_image_paper_is_vision() -> None:
    assert score_topic("Self-supervised visual features", "We pretrain on ImageNet images.").topic == "vision"


def test_graph_convolutional_is_not_vision() -> None:
    assert (
        score_topic("Graph convolutional networks", "graph convolutional layers on citation graphs").topic
        == "other"
    )


def test_both_fields_or_too_few_terms_is_other() -> None:
    assert (
        score_topic(
            "Mixed precision", "speech recognition, machine translation, image classification on ImageNet"
        ).topic
        == "other"
    )
    assert score_topic("Vision-Language pre-training", "image and text").topic == "other"
    assert score_topic("Optimal transport", "We bound the regret of an online learner.").topic == "other"


def test_title_terms_weigh_more_than_abstract_terms() -> None:
    assert (
        score_topic("Speech recognition at scale", "we use an image of the spectrogram").topic == "nlp_speech"
    )


def test_extractor_points_its_evidence_at_the_first_deciding_term() -> None:
    text = "Neural Machine Translation\nAbstract\nWe improve machine translation of text.\nBody."
    doc = ParsedDoc(
        paper_key="local/2021/t/p1",
        pdf_sha256="a" * 64,
        text=text,
        text_sha256="b" * 64,
        pages=(Page(0, 0, len(text), 612.0, 792.0),),
        sections=(Section("abstract", 27, len(text)),),
        meta=PaperMeta(title="Neural Machine Translation"),
    )
    (label,) = extract_topic(doc)
    assert isinstance(label.value, Topic)
    assert label.value.topic == "nlp_speech"
    assert label.evidence.matched.lower() == "machine translation"
    assert text[label.evidence.start : label.evidence.end] == label.evidence.matched
    assert label.producer.name == "topic"
