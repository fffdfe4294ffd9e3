"""BERT role failure classes, one constructed passage each: technique, questions, other tools, look-alikes."""

from __future__ import annotations

import pytest

from extract.bert import extract_bert
from extract.document import PaperMeta
from paperscope.records import BertMention, BertRole
from tests.extract.docs import body_doc, make_doc, resources, values


def role_of(body: str, *, abstract: str = "We study things.", refs: str = "") -> str:
    text = f"A Paper\nAnn Author\nUniversity of Somewhere\nAbstract\n{abstract}\n1 Introduction\n{body}\n"
    if refs:
        text += f"References\n{refs}\n"
    doc = make_doc(text, meta=PaperMeta(title="A Paper"))
    out = values(extract_bert(doc, resources()), "bert_role")
    return next((v.role for v in out if isinstance(v, BertRole)), "none")


REFS = "[3] J. Devlin et al. BERT: Pre-training of deep bidirectional transformers. In NAACL, 2019."


def test_named_after_bert_but_not_called_family_is_no_mention() -> None:
    out = values(
        extract_bert(body_doc("We initialise the image encoder from BEiT [2]."), resources()), "bert"
    )
    assert [v for v in out if isinstance(v, BertMention)] == []


def test_own_pretraining_that_follows_berts_technique_studies_it() -> None:
    body = (
        "Our model reads images and text. Following BERT [3], we randomly replace 15% of the words with "
        "a mask token. As in BERT, we tokenize the text into WordPiece units."
    )
    assert role_of(body, refs=REFS) == "studies"


def test_following_berts_data_and_settings_is_no_new_technique() -> None:
    body = (
        "Following BERT [3], we pretrain on books and encyclopedia text. We keep the learning rate as in "
        "BERT. We compare with BERT-large fine-tuned on each task."
    )
    assert role_of(body, refs=REFS) == "uses"


@pytest.mark.parametrize(
    ("abstract", "body", "role"),
    [
        (
            "We measure how the accuracy of BERT falls when the input contains typing errors.",
            "We fine-tune bert-base-uncased on three tasks and add typos to the test sets.",
            "studies",
        ),
        (
            "We propose a parser for tables.",
            "We fine-tune bert-base-uncased on three tasks and add typos to the test sets.",
            "uses",
        ),
    ],
)
def test_asking_how_berts_behaviour_changes_studies_it(abstract: str, body: str, role: str) -> None:
    assert role_of(body, abstract=abstract, refs=REFS) == role


@pytest.mark.parametrize(
    ("body", "role"),
    [
        (
            (
                "Learned metrics such as ScoreMatch [4], which by default uses RoBERTa-large [5], are costly. "
                "We do not compute them ourselves."
            ),
            "cites_only",
        ),
        ("We train a tagger that uses RoBERTa-large [5] as its encoder.", "uses"),
    ],
)
def test_a_model_inside_another_tools_description_is_not_run(body: str, role: str) -> None:
    refs = "[5] Y. Liu et al. RoBERTa: A robustly optimized BERT pretraining approach. 2019."
    assert role_of(body, refs=refs) == role


def test_continued_pre_training_of_roberta_studies_it() -> None:
    body = (
        "We continue pre-training RoBERTa [3] on 38GB of statutes. "
        "To isolate the vocabulary, we also continue the pre-training of RoBERTa without new sub-words. "
        "Both models are then fine-tuned on five legal tasks."
    )
    assert role_of(body, refs=REFS) == "studies"


def test_fine_tuning_a_model_initialised_from_bert_only_uses_it() -> None:
    body = (
        "Our encoder is initialised from BERT-base [3] and fine-tuned on SQuAD. "
        "We then fine-tune BERT-base on NewsQA with the same settings."
    )
    assert role_of(body, refs=REFS) == "uses"


@pytest.mark.parametrize(
    "body",
    [
        "Our evaluation covers ResNet-50 on CIFAR-10 and RoBERTa-large on SST-2.",
        "Results for BERTBASE are reported in Table 3, averaged over five seeds.",
    ],
)
def test_a_checkpoint_size_printed_as_part_of_the_name_is_a_run_model(body: str) -> None:
    assert role_of(body, refs=REFS) == "uses"


@pytest.mark.parametrize(
    "body",
    [
        "We evaluate DistilBERT and our student on the same eight GLUE tasks.",
        "Finally, we test RoBERTa under the same distribution shifts as the vision models.",
    ],
)
def test_evaluating_or_testing_a_model_runs_it(body: str) -> None:
    assert role_of(body, refs=REFS) == "uses"


def test_evaluating_something_for_a_model_does_not_run_it() -> None:
    body = "This metric was evaluated for BERT (Devlin et al., 2019) by its authors; our work is on graphs."
    assert role_of(body, refs=REFS) == "cites_only"


@pytest.mark.parametrize(
    "body",
    [
        "Tenney et al. (2019) evaluated BERT on a suite of probing tasks.",
        "Prior studies have tested BERT extensively [3].",
        "BERT-large [3] has 340M parameters, far more than our graph network.",
        "BERTBASE was pre-trained on BooksCorpus and Wikipedia [3].",
    ],
)
def test_others_evaluating_or_a_cited_sized_name_is_no_use(body: str) -> None:
    assert role_of(body, refs=REFS) == "cites_only"
