"""Code-link rules on small constructed documents: roles, owners, footnotes, links, release."""

from __future__ import annotations

import pytest

from extract.code_links import extract_code_links
from extract.document import Link, PaperMeta
from extract.links import normalize_url
from paperscope.records import CodeLink, CodeRelease
from tests.extract.docs import body_doc, make_doc, resources, values


def links(body: str, **kw: object) -> list[tuple[str, str]]:
    out = values(extract_code_links(body_doc(body, **kw), resources()), "code_link")  # type: ignore[arg-type]
    return [(v.url, v.role) for v in out if isinstance(v, CodeLink)]


def release(body: str, **kw: object) -> CodeRelease | None:
    out = values(extract_code_links(body_doc(body, **kw), resources()), "code_release")  # type: ignore[arg-type]
    return next((v for v in out if isinstance(v, CodeRelease)), None)


@pytest.mark.parametrize(
    ("sentence", "role"),
    [
        ("Our code is available at https://github.com/someone/method.", "own"),
        ("Code and models: https://github.com/someone/method", "own"),
        ("We release our implementation at https://gitlab.com/someone/method.", "own"),
        ("We use the official implementation of DeiT at https://github.com/other/deit.", "third_party"),
        ("The checkpoint was downloaded from https://github.com/other/deit.", "third_party"),
        ("Our code will be released at https://github.com/someone/method.", "promised"),
        ("Code: https://anonymous.4open.science/r/method-1234", "anonymised"),
        ("See https://github.com/anonymous-author/method for code.", "anonymised"),
    ],
)
def test_role_from_the_nearest_cue(sentence: str, role: str) -> None:
    assert [r for _, r in links(sentence)] == [role]


def test_reference_list_urls_are_third_party() -> None:
    found = links(
        "We build a model.",
        refs="[4] W. Falcon. Pytorch lightning. https://github.com/Lightning-AI/lightning, 2019.",
    )
    assert found == [("https://github.com/Lightning-AI/lightning", "third_party")]


def test_owner_spelling_an_author_name_is_own() -> None:
    meta = PaperMeta(author_names=("Zihang Dai", "Quoc V. Le"))
    found = links("Appendix code lives at https://github.com/zihangdai/xlnet for reference.", meta=meta)
    assert found == [("https://github.com/zihangdai/xlnet", "own")]


def test_organisation_match_alone_does_not_make_a_dataset_own() -> None:
    doc = make_doc(
        "Chain of Thought\nJason Wei\nGoogle Research\nAbstract\nText.\n1 Introduction\nText.\f"
        "StrategyQA (Geva et al., 2021): we use the setting from https://github.com/google/BIG-bench/tree/main.\n"
    )
    out = [v for v in values(extract_code_links(doc, resources()), "code_link") if isinstance(v, CodeLink)]
    assert [(v.role, v.owner_matches_author) for v in out] == [("third_party", True)]


def test_url_broken_at_a_line_end_is_joined() -> None:
    found = links("Our code is available at https://github.\ncom/snap-stanford/ogb and more.")
    assert found == [("https://github.com/snap-stanford/ogb", "own")]
    found = links("Our code is available at https://github.com/facebookresearch/\nswav and more.")
    assert found == [("https://github.com/facebookresearch/swav", "own")]


def test_sentence_end_is_not_joined_to_the_url() -> None:
    found = links("Our code is available at https://github.com/lab/repo.\nThere we also give data.")
    assert found == [("https://github.com/lab/repo", "own")]


def test_footnote_is_read_on_its_own() -> None:
    text = (
        "Ann Author\nAbstract\nText.\n1 Introduction\nWe compare with Swin and DeiT models on ImageNet\n"
        "1DeiT-Tiny model, checkpoint downloaded from https://github.com/other/deit.\n"
    )
    out = values(extract_code_links(make_doc(text), resources()), "code_link")
    assert [(v.url, v.role) for v in out if isinstance(v, CodeLink)] == [
        ("https://github.com/other/deit", "third_party")
    ]


def test_link_annotation_without_printed_url_is_found() -> None:
    text = "A Paper\nAbstract\nWe release code here.\n1 Introduction\nText.\n"
    at = text.index("here")
    link = Link("https://github.com/lab/method", 0, 0.1, 0.1, 0.2, 0.12, at, at + 4)
    out = values(extract_code_links(make_doc(text, links=(link,)), resources()), "code_link")
    assert [(v.url, v.role) for v in out if isinstance(v, CodeLink)] == [
        ("https://github.com/lab/method", "own")
    ]


def test_annotation_gives_the_full_target_of_a_cut_url() -> None:
    text = "A Paper\nAbstract\nText.\n1 Introduction\nOur code is at https://github.com/lab/meth\n"
    at = text.index("https")
    link = Link("https://github.com/lab/method-full", 0, 0.1, 0.1, 0.2, 0.12, at, at + 30)
    out = values(extract_code_links(make_doc(text, links=(link,)), resources()), "code_link")
    assert [v.url for v in out if isinstance(v, CodeLink)] == ["https://github.com/lab/method-full"]


def test_demos_are_not_code_but_the_project_page_is_own() -> None:
    # the blind gold and the rubric ("a project page that hosts code") count the authors' project page
    assert links("Project page: https://someone.github.io/method") == [
        ("https://someone.github.io/method", "own")
    ]
    assert links("An interactive demo can be found at https://huggingface.co/spaces/lab/demo.") == []


def test_non_host_url_offering_code_is_a_code_link() -> None:
    assert links("Code and links to the datasets: http://snap.stanford.edu/graphsage/") == [
        ("http://snap.stanford.edu/graphsage/", "own")
    ]


def test_release_from_an_own_link() -> None:
    rel = release("Our code is available at https://github.com/lab/method.")
    assert rel is not None
    assert (rel.released, rel.url) == (True, "https://github.com/lab/method")


@pytest.mark.parametrize(
    "sentence",
    ["Our implementation will be open-sourced at https://github.com/jw9730/lps.",
     "Code will be released at https://github.com/xyz-lab/occformer upon acceptance."],
)  # fmt: skip
def test_a_promised_own_repository_is_not_a_release(sentence: str) -> None:
    # the rubric: "a promised or anonymised link alone means released: false"
    rel = release(sentence)
    assert rel is not None
    assert rel.released is False


def test_only_anonymised_link_is_not_released() -> None:
    rel = release("Code: https://anonymous.4open.science/r/method-1234")
    assert rel is not None
    assert not rel.released


def test_no_code_statement_gives_no_release_label() -> None:
    assert release("We prove a bound.") is None


CHECKLIST = (
    "A Paper\nAbstract\nText.\n1 Introduction\nText.\nReferences\n[1] X.\nChecklist\n1. For all authors...\n"
    "3. If you ran experiments...\n(a) Did you include the code, data, and instructions needed to reproduce the "
    "main experimental results (either in the supplemental material or as a URL)? {answer}\n"
    "(b) Did you specify all the training details? [Yes]\n"
)


@pytest.mark.parametrize(
    ("answer", "released", "kept"),
    [
        ("[Yes] Our code is public on GitHub.", True, "yes"),
        # RUBRIC.md section 4: code said to be in the supplementary material is no public release
        ("[Yes] Code is in the supplementary material.", False, "yes"),
        ("[Yes] We include inputs, outputs and targets in the supplement.", False, "yes"),
        ("[No] Proprietary.", False, "no"),
        ("[N/A]", False, "na"),
    ],
)
def test_checklist_answer_is_kept_apart(answer: str, released: bool, kept: str) -> None:
    doc = make_doc(CHECKLIST.format(answer=answer))
    out = [
        v for v in values(extract_code_links(doc, resources()), "code_release") if isinstance(v, CodeRelease)
    ]
    assert [(v.released, v.checklist_answer) for v in out] == [(released, kept)]


def test_normalize_url() -> None:
    assert normalize_url("https://www.GitHub.com/Org/Repo.git/") == "github.com/org/repo"
    assert normalize_url("github.com/org/repo") == "github.com/org/repo"


# -- classes of failure seen on papers the rules were not written on (code_links 0.2.0) -------------


def test_a_url_whose_line_end_hyphen_was_lost_keeps_the_annotations_hyphen() -> None:
    text = (
        "A Paper\nAbstract\nText.\n1 Introduction\n1Code released at: https://github.com/uber\n"
        "research/learning-to-reweight\n"
    )
    at = text.index("https")
    link = Link("https://github.com/uber-research/learning-to-reweight", 0, 0.1, 0.1, 0.2, 0.12, at, at + 30)
    out = values(extract_code_links(make_doc(text, links=(link,)), resources()), "code_link")
    assert [v.url for v in out if isinstance(v, CodeLink)] == [
        "https://github.com/uber-research/learning-to-reweight"
    ]


@pytest.mark.parametrize(
    ("sentence", "role"),
    [
        ("Our implementation will be open-sourced at https://github.com/someone/method.", "promised"),
        ("Our code will be made available, and can be found at: https://github.com/someone/method.", "own"),
        ("The code will be available at https://github.com/someone/method after review.", "promised"),
    ],
)
def test_a_promise_counts_in_the_urls_own_clause(sentence: str, role: str) -> None:
    assert links(sentence) == [("https://github.com/someone/method", role)]


def test_a_repository_host_printed_without_scheme_after_a_footnote_mark() -> None:
    body = "We made the code available as an open-source project4.\nMore text here.\n4code.google.com/p/word2vec\n"
    assert links(body) == [("code.google.com/p/word2vec", "own")]


def test_a_first_person_release_marks_its_footnote_url_own_whatever_cue_is_nearer() -> None:
    body = ("We made the code for training the vectors based on the techniques described in this\n"
            "paper available as an open-source project4\n.\nMore text here.\n4code.google.com/p/word2vec\n")  # fmt: skip
    assert links(body) == [("code.google.com/p/word2vec", "own")]
    used = "We make use of the implementation based on the original release4.\nMore.\n4https://github.com/other/x\n"
    assert links(used) == [("https://github.com/other/x", "third_party")]


def test_a_bare_footnote_url_takes_the_cue_of_the_sentence_marking_it() -> None:
    body = "We build on the official implementation of the baseline3.\nMore text.\n3https://github.com/other/base\n"
    assert links(body) == [("https://github.com/other/base", "third_party")]


@pytest.mark.parametrize(
    "sentence",
    [
        "We thank the authors of DiffPose for sharing their code (https://github.com/other/diffpose).",
        "For the PPO baselines we rely on the implementations in Stable-Baselines3 (https://github.com/other/sb3).",
        "We obtained the DeepLabv3+ baseline from https://github.com/other/deeplab and retrained it.",
        "The ImageNet-O dataset is from https://github.com/other/natural-adv-examples.",
    ],
)
def test_someone_elses_code_named_on_page_one_is_third_party(sentence: str) -> None:
    # page 1 (the title block's page) is where papers put their own code: only a cue says otherwise
    assert [r for _, r in links(sentence)] == ["third_party"]


def test_a_cue_in_another_clause_of_the_sentence_does_not_reach_a_link() -> None:
    found = links(
        "We release code at https://github.com/me/ood-ensembles; the ImageNet-O dataset is from "
        "https://github.com/other/natural-adv-examples."
    )
    assert found == [
        ("https://github.com/me/ood-ensembles", "own"),
        ("https://github.com/other/natural-adv-examples", "third_party"),
    ]


@pytest.mark.parametrize(
    "body",
    [("Our detector is trained with the MMDetection toolbox library [12]3 on eight GPUs.\nMore.\n"
     "3https://github.com/other/mmdetection\n"),
     ("The implementation uses HuggingFace Transformers4 and is released at https://github.com/lab/ours.\n"
     "More.\n4https://github.com/huggingface/transformers\n")],
)  # fmt: skip
def test_a_footnote_mark_on_a_tool_the_paper_used_is_third_party(body: str) -> None:
    got = dict(links(body))
    assert got.get("https://github.com/other/mmdetection", "third_party") == "third_party"
    assert got.get("https://github.com/huggingface/transformers", "third_party") == "third_party"
    assert got.get("https://github.com/lab/ours", "own") == "own"


def test_a_footnote_mark_on_our_code_stays_own() -> None:
    body = "We release our code with this paper5.\nMore text.\n5https://github.com/lab/method\n"
    assert links(body) == [("https://github.com/lab/method", "own")]


@pytest.mark.parametrize(
    "sentence",
    ["Experiments use JAX (https://github.com/google/jax) on TPUs.",
     "The model is implemented in Flax (https://github.com/google/flax)."],
)  # fmt: skip
def test_a_tool_the_experiments_use_is_third_party(sentence: str) -> None:
    assert [r for _, r in links(sentence)] == ["third_party"]


def test_a_data_portal_beside_our_code_is_no_code_link() -> None:
    body = "See https://github.com/lab/motif for our code and https://www.encodeproject.org for the ChIP-seq data."
    assert links(body) == [("https://github.com/lab/motif", "own")]
