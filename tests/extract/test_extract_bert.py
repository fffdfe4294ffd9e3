"""BERT-family rules on small constructed documents: names, look-alikes, references, role."""

from __future__ import annotations

import pytest

from extract.bert import extract_bert
from extract.document import Word
from paperscope.records import BertMention, BertRole
from tests.extract.docs import body_doc, resources, values


def names(body: str, **kw: object) -> list[tuple[str, bool, bool]]:
    out = values(extract_bert(body_doc(body, **kw), resources()), "bert")  # type: ignore[arg-type]
    return [(v.model, v.core, v.in_references) for v in out if isinstance(v, BertMention)]


def role(body: str, **kw: object) -> str:
    out = values(extract_bert(body_doc(body, **kw), resources()), "bert_role")  # type: ignore[arg-type]
    return next((v.role for v in out if isinstance(v, BertRole)), "none")


@pytest.mark.parametrize(
    ("text", "model"),
    [
        ("We compare with BERT.", "BERT"),
        ("We compare with BERT-base.", "BERT"),
        ("We compare with BERTBASE.", "BERT"),
        ("a frozen Bert retriever", "BERT"),
        ("the bert-base-uncased checkpoint", "BERT"),
        ("We compare with RoBERTa.", "RoBERTa"),
        ("We compare with DistilBERT.", "DistilBERT"),
        ("We compare with DistillBERT.", "DistilBERT"),
        ("We compare with mBERT.", "mBERT"),
    ],
)
def test_core_models(text: str, model: str) -> None:
    assert names(text) == [(model, True, False)]


@pytest.mark.parametrize(
    ("text", "model"),
    [
        ("We compare with ALBERT.", "ALBERT"),
        ("We compare with SpanBERT.", "SpanBERT"),
        ("We compare with DeBERTa.", "DeBERTa"),
        ("We compare with ColBERT.", "ColBERT"),
        ("We compare with VL-BERT.", "VL-BERT"),
        ("We compare with Graph-bert.", "Graph-BERT"),
        ("[3] W. Su. Vl-bert: Pre-training. In ICLR, 2020.", "VL-BERT"),
        ("[4] C. Sun. Videobert: A joint model. 2019.", "VideoBERT"),
        ("We compare with XLM-RoBERTa.", "XLM-RoBERTa"),
    ],
)
def test_wider_family_is_not_core(text: str, model: str) -> None:
    assert names(text) == [(model, False, False)]


@pytest.mark.parametrize(
    "text",
    [
        "We report BERTScore for all systems.",
        "We evaluate with BERT-score.",
        "The field of BERTology has grown.",
        "Following Bertinetto et al., we use episodes.",
        "We thank Bert Kappen for comments.",
        "Roberta Raileanu suggested the experiment.",
        "JBERT = log p(New | is a city)",
    ],
)
def test_look_alikes_are_not_mentions(text: str) -> None:
    assert [n for n in names(text) if n[1]] == []


def test_reference_only_hits_are_flagged_and_only_cite() -> None:
    kw = {"refs": "[1] J. Devlin et al. BERT: Pre-training of deep bidirectional transformers. 2019."}
    assert names("We study graph networks.", **kw) == [("BERT", True, True)]
    assert role("We study graph networks.", **kw) == "cites_only"


def test_no_core_model_gives_no_role() -> None:
    assert role("We compare with ALBERT.") == "none"


@pytest.mark.parametrize(
    "sentence",
    [
        "We fine-tune BERT on every GLUE task.",
        "We take the pre-trained RoBERTa large from HuggingFace.",
        "The query encoder BERT is fine-tuned jointly.",
        "Embeddings are computed with bert-base-cased for clustering.",
        "We run BERT on the other datasets using the official implementation.",
        "The tokenizer of the uncased version of BERT is employed to tokenize the text.",
    ],
)
def test_use_cues_beside_a_mention_mean_uses(sentence: str) -> None:
    assert role(sentence) == "uses"


@pytest.mark.parametrize(
    "sentence",
    [
        "We base ViT configurations on those used for BERT (Devlin et al., 2019).",
        "Can Primer improve BERT? We leave it to future work.",
        "We train on the RoBERTa corpus, used to train the original RoBERTa model.",
    ],
)
def test_borrowing_or_naming_is_not_using(sentence: str) -> None:
    assert role(sentence) == "cites_only"


def test_bert_in_the_printed_title_means_studies() -> None:
    title = "Compressing BERT by Pruning Heads"
    words = tuple(
        Word(w, 0, 0.2 + 0.1 * i, 0.1, 0.28 + 0.1 * i, 0.13, "Bold", 17.0)
        for i, w in enumerate(title.split())
    )
    doc = body_doc("We prune BERT heads.", title=title)
    doc = type(doc)(**{**{f: getattr(doc, f) for f in doc.__dataclass_fields__}, "header_words": words})
    out = [v for v in values(extract_bert(doc, resources()), "bert_role") if isinstance(v, BertRole)]
    assert [v.role for v in out] == ["studies"]


def test_many_study_cues_mean_studies() -> None:
    body = (
        "We train the Pre-LN BERT without warm-up and compare it with the Post-LN BERT. "
        "For the Pre-LN BERT, we use linear decay. We probe BERT and analyze BERT layers."
    )
    assert role(body) == "studies"


def test_role_keeps_the_deciding_sentence_and_counts() -> None:
    labels = extract_bert(body_doc("We fine-tune BERT on GLUE.", refs="[1] Devlin. BERT. 2019."), resources())
    label = next(lab for lab in labels if lab.value.kind == "bert_role")
    assert isinstance(label.value, BertRole)
    assert label.value.mentions_by_section == (("body", 1), ("references", 1))
    assert label.evidence.context == "We fine-tune BERT on GLUE."


def test_training_their_own_bert_twice_means_studies() -> None:
    body = (
        "To provide a fair comparison, we also train a BERT-Small model with the same hyperparameters. "
        "The following details apply to both our BERT and ELECTRA models."
    )
    assert role(body) == "studies"


def test_taking_a_pretrained_model_is_using_not_training() -> None:
    body = (
        "We take the pre-trained RoBERTa base from HuggingFace. We start with the pre-trained RoBERTa large."
    )
    assert role(body) == "uses"


def test_a_crawled_title_naming_bert_makes_a_text_only_paper_study_it() -> None:
    from extract.document import PaperMeta

    body = "We probe every attention head of BERT-base for dependency relations."
    title = "A Head-Level Probing Study of BERT"
    assert role(body, title=title, meta=PaperMeta(title=title)) == "studies"
    assert role(body, title="A Study of Heads", meta=PaperMeta(title="A Study of Heads")) != "studies"


@pytest.mark.parametrize(
    "body",
    [
        "We evaluate a ResNet-50 on ImageNet and BERT-base [8] fine-tuned on MNLI.",
        "Our third model is RoBERTa (Liu et al., 2019) finetuned on SST-2.",
    ],
)
def test_a_model_fine_tuned_on_a_task_in_the_experiments_is_used(body: str) -> None:
    assert role(body) == "uses"
