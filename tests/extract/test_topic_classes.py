"""Topic: one test per class of error fixed in ``extract.topic`` and its lexicon (constructed text only).

Each class comes from RUBRIC.md section 6 and the study's Fig. 2 caption ("methodological papers"
and "papers covering multiple subfields" are other), checked on dev papers only.
"""

from __future__ import annotations

import pytest

from extract.document import Page, PaperMeta, ParsedDoc, Section
from extract.topic import TopicLexicon, load_resources, score_doc, score_topic
from paperscope.settings import DATA_DIR


@pytest.fixture(scope="module")
def lex() -> TopicLexicon:
    """The repository's topic lexicon."""
    return load_resources(DATA_DIR)


def test_a_method_evaluated_on_image_benchmarks_is_other(lex: TopicLexicon) -> None:
    """Benchmark names in the abstract say where a method was tested, not what the paper studies."""
    abstract = "Our pruning method keeps accuracy on CIFAR-10, CIFAR-100 and ImageNet with ResNets."
    body = ["We train on MNIST, CIFAR-10, SVHN and ImageNet."]
    method = score_topic(lex, "Sparse subnetworks train faster", abstract, body=body)
    assert method.vision >= 3  # plenty of evidence that images were used ...
    assert method.topic == "other"  # ... none that images are the object
    same_on_text = score_topic(lex, "A new optimiser", "Results on GLUE, SQuAD and WMT14.")
    assert same_on_text.topic == "other"
    about_images = score_topic(lex, "Sparse subnetworks train faster", abstract + " Images are compressed.")
    assert about_images.topic == "vision"


def test_a_benchmark_named_in_the_title_or_keywords_is_the_object(lex: TopicLexicon) -> None:
    assert score_topic(lex, "A study of label errors in ImageNet", "We relabel it.").topic == "vision"
    by_keyword = score_topic(lex, "Relabelling a benchmark", "", keywords=("ImageNet", "CIFAR-10"))
    assert by_keyword.topic == "vision"


def _doc_without_abstract_heading(block: str) -> ParsedDoc:
    text = block + "\n1. Introduction\nWe begin.\n"
    intro = text.index("1. Introduction")
    return ParsedDoc(
        paper_key="local/2022/t/p2",
        pdf_sha256="c" * 64,
        text=text,
        text_sha256="d" * 64,
        pages=(Page(0, 0, len(text), 612.0, 792.0),),
        sections=(Section("title_block", 0, intro), Section("body", intro, len(text))),
        meta=PaperMeta(title=block.split("\n", 1)[0]),
    )


def test_an_abstract_printed_without_its_heading_is_read_from_the_title_block(lex: TopicLexicon) -> None:
    """Company and arXiv templates print the abstract straight after the authors, with no heading."""
    doc = _doc_without_abstract_heading(
        "Faster decoding for everyone\n"
        "Ada Lovelace, Alan Turing, Grace Hopper\n"
        "Example Labs, London, United Kingdom\n"
        "ada@example.com\n"
        "We speed up the decoding of large language models that generate text by predicting\n"
        "several tokens at once, and we show that the quality of the generated summaries and\n"
        "translations is kept on every benchmark we tried, for models of every size we\n"
        "trained.\n"
    )
    score = score_doc(doc, lex)
    assert score.topic == "nlp_speech"
    assert score.nlp == 3  # the abstract's three terms; nothing from the title, names or e-mail
    assert "large language models" in score.terms
    names_only = _doc_without_abstract_heading(
        "Faster decoding\nAda Lovelace, Alan Turing\nVision and Language Group, Example University\n"
    )
    assert score_doc(names_only, lex).vision == 0  # an affiliation is not an abstract


@pytest.mark.parametrize(
    "title",
    ["Robust registration of point clouds", "Learning 3D shape matching on meshes"],
)
def test_3d_geometry_is_not_vision(lex: TopicLexicon, title: str) -> None:
    """Point clouds, meshes and shapes are not images or video (RUBRIC.md section 6)."""
    score = score_topic(lex, title, "")
    assert score.vision == 0
    assert score.topic == "other"
    assert score_topic(lex, "3D object detection from camera images", "").topic == "vision"


def test_generating_images_from_text_is_vision(lex: TopicLexicon) -> None:
    score = score_topic(lex, "Faster text-to-image generation", "", keywords=("text-to-video",))
    assert score.nlp == 0
    assert not score.title_spans  # not a vision-and-language title
    assert score.topic == "vision"
    assert score_topic(lex, "Image captioning with fewer labels", "").topic == "other"  # still V&L


@pytest.mark.parametrize(
    ("title", "keywords", "topic"),
    [
        ("Pruning large-scale language representations", (), "nlp_speech"),
        ("Unifying language learning paradigms", ("pretraining",), "nlp_speech"),
        ("Consistent characters in narrative generation", (), "nlp_speech"),
        ("Automatic essay scoring by pairwise comparison", (), "nlp_speech"),
        ("Word representations of phrases and their composition", (), "nlp_speech"),
        ("Recurrent circuits for contour detection", (), "vision"),
        ("Unsupervised saliency prediction", (), "vision"),
        ("Placing object instances in context", (), "vision"),
        ("Inverting StyleGAN generators", (), "vision"),
    ],
)
def test_named_language_and_vision_objects(
    lex: TopicLexicon, title: str, keywords: tuple[str, ...], topic: str
) -> None:
    """Language units, genres and representations; vision tasks and image generators."""
    assert score_topic(lex, title, "", keywords).topic == topic


@pytest.mark.parametrize(
    ("title", "abstract"),
    [
        (
            "Short-Utterance Speaker Verification with Adaptive Margins",
            "Speaker verification degrades when enrolment utterances are short. We evaluate on VoxCeleb.",
        ),
        (
            "Binary Networks for Always-On Keyword Spotting",
            "Keyword spotting detects wake words on microcontrollers; we test on Speech Commands.",
        ),
        (
            "Audio Captioning with Frozen Decoders",
            "Audio captioning describes a sound clip; we use AudioCaps.",
        ),
    ],
)
def test_speech_tasks_beyond_recognition_are_nlp_speech(lex: TopicLexicon, title: str, abstract: str) -> None:
    assert score_topic(lex, title, abstract).topic == "nlp_speech"


def test_a_general_learning_setting_tested_on_images_is_other(lex: TopicLexicon) -> None:
    abstract = (
        "We study catastrophic forgetting in continual learning and propose a replay buffer that improves "
        "calibration of uncertainty estimates across tasks."
    )
    body = ["We evaluate on Split CIFAR-100 and Tiny-ImageNet with ResNet-18."]
    assert score_topic(lex, "Calibrated Replay for Continual Learning", abstract, body=body).topic == "other"
