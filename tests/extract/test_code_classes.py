"""Code-link failure classes, one constructed passage each: footnotes, project sites, repository names."""

from __future__ import annotations

import pytest

from extract.code_links import extract_code_links, named_after
from extract.document import PaperMeta
from extract.links import normalize_url
from paperscope.records import CodeLink
from tests.extract.docs import body_doc, make_doc, resources, values


def own(body: str, **kw: object) -> list[str]:
    out = values(extract_code_links(body_doc(body, **kw), resources()), "code_link")  # type: ignore[arg-type]
    return [normalize_url(v.url) for v in out if isinstance(v, CodeLink) and v.role == "own"]


def roles(body: str, **kw: object) -> list[tuple[str, str]]:
    out = values(extract_code_links(body_doc(body, **kw), resources()), "code_link")  # type: ignore[arg-type]
    return [(normalize_url(v.url), v.role) for v in out if isinstance(v, CodeLink)]


LATER = "We describe the method.\f2 Method\nThe method has two parts.\n"  # links below sit on page 2


@pytest.mark.parametrize(
    "footnote",
    [
        "We ship a notebook1 that redoes every figure.\n1 Available at: https://tinyurl.com/abc123.",
        # the footnote number ends the line before the footnote's text
        (
            "We ship a notebook1 that redoes every figure.\nPreprint. Copyright the authors. 1\n"
            "Available at: https://tinyurl.com/abc123."
        ),
    ],
)
def test_footnote_whose_mark_sits_on_a_code_word_is_own(footnote: str) -> None:
    assert own(LATER + footnote) == ["tinyurl.com/abc123"]


def test_footnote_whose_mark_sits_on_a_plain_word_is_no_code() -> None:
    assert (
        roles(LATER + "We report on a survey1 of users.\n1 Available at: https://tinyurl.com/abc123.") == []
    )


def test_link_inside_an_own_repository_or_site_is_own() -> None:
    body = (
        "Our code is available at https://code.example.org/p/wordvec. "
        "The analogy questions1 come from earlier work.\n"
        "1 https://code.example.org/p/wordvec/trunk/questions.txt\n"
        "Our code and documentation are hosted at https://wordvec.example.org. "
        "Scores are tracked on a public leaderboard (https://wordvec.example.org/docs/board)."
    )
    assert sorted(own(LATER + body)) == [
        "code.example.org/p/wordvec",
        "code.example.org/p/wordvec/trunk/questions.txt",
        "wordvec.example.org",
        "wordvec.example.org/docs/board",
    ]


def test_an_own_account_alone_does_not_make_its_other_repositories_own() -> None:
    body = "Our code: https://github.com/somelab. We compare with https://github.com/somelab/older-tool [3]."
    assert ("github.com/somelab/older-tool", "own") not in roles(LATER + body)


@pytest.mark.parametrize(
    ("repository", "role"),
    [
        ("https://github.com/somelab/folding-towels-cloth", "own"),  # named after the title
        ("https://github.com/somelab/grasp-planner", "third_party"),  # named after nothing here
    ],
)
def test_repository_named_after_the_paper_is_own(repository: str, role: str) -> None:
    body = LATER + f"Raters saw the guidelines7.\n7Accessible here: {repository}."
    meta = PaperMeta(title="Folding Towels and Cloth with Robots")
    assert roles(body, meta=meta) == [(normalize_url(repository), role)]


REFS = "[5] A. Other. SwiftNet: fast nets for phones. In CVPR, 2019.\n"


def test_repository_named_after_a_cited_work_is_third_party_even_for_an_author() -> None:
    meta = PaperMeta(author_names=("Ann Author",))
    body = LATER + "Pretrained weights are available at https://github.com/annauthor/Swift-Net."
    assert roles(body, refs=REFS, meta=meta) == [("github.com/annauthor/swift-net", "third_party")]


@pytest.mark.parametrize(
    "sentence",
    [
        "Our code is available at https://github.com/ourlab/Swift-Net.",
        "SpeedyMix code is available at https://github.com/ourlab/Swift-Net.",
    ],
)
def test_first_person_or_code_offer_keeps_a_cited_name_own(sentence: str) -> None:
    assert own(LATER + sentence, refs=REFS) == ["github.com/ourlab/swift-net"]


def test_named_after() -> None:
    doc = make_doc(
        "Faster Detectors: Region Proposals\nAnn Author\nAbstract\nText.\n1 Introduction\nText.\n"
        "References\n[2] R. Person. Fast R-CNN. In ICCV, 2015.\n",
        meta=PaperMeta(title="Faster Detectors: Region Proposals"),
    )
    assert named_after(doc, "https://github.com/person/fast-rcnn") == "cited"
    assert named_after(doc, "https://github.com/author/faster-detectors") == "paper"
    assert named_after(doc, "https://github.com/author/gcn") is None  # one word says too little


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Project page: https://someone.example.net/method", ["someone.example.net/method"]),
        (
            "A video of training can be found on our website4.\n4https://annauthor.github.io/method/",
            ["annauthor.github.io/method"],
        ),
        # "our website" on a storage host is not a site served from a repository
        ("Samples can be viewed on our website, https://storage.example.com/site/index.html.", []),
        ("Videos are on the project page of Other et al. (https://other.example.com/project/x/).", []),
    ],
)
def test_the_authors_project_site_is_own(body: str, expected: list[str]) -> None:
    assert own(LATER + body) == expected


def test_repository_name_broken_inside_a_word_is_joined() -> None:
    body = LATER + "FoldNet folds faster. Source code: https://github.com/somebody/Fold\nNet"
    assert own(body) == ["github.com/somebody/foldnet"]


def test_repository_url_at_a_line_end_keeps_the_next_sentence_apart() -> None:
    body = LATER + "Source code: https://github.com/somebody/tool\nResults follow."
    assert own(body) == ["github.com/somebody/tool"]


@pytest.mark.parametrize(
    ("body", "url"),
    [
        # the colon of "https:" is no "Code:" label
        (
            (
                "Our implementation is based on the publicly available code of FooNet "
                "(https://github.com/foo-lab/foonet), to which we add a regulariser."
            ),
            "github.com/foo-lab/foonet",
        ),
        (
            (
                "We compare with BarGNN using the official code released by its authors "
                "(https://github.com/bar-group/bargnn)."
            ),
            "github.com/bar-group/bargnn",
        ),
        (
            "Our trainer builds on the Qux library (https://github.com/qux-org/qux) and Optax.",
            "github.com/qux-org/qux",
        ),
        (
            "Baseline scores were obtained with ZedRL (https://github.com/zed/zedrl) at its defaults.",
            "github.com/zed/zedrl",
        ),
        (
            "The evaluation toolkit of [14] (https://github.com/eval-lab/evalkit) was used unmodified.",
            "github.com/eval-lab/evalkit",
        ),
        (
            "Our sampler is a fork of the official latent flow repository (https://github.com/lf/latent-flow).",
            "github.com/lf/latent-flow",
        ),
    ],
)
def test_a_link_to_code_the_paper_builds_on_is_third_party(body: str, url: str) -> None:
    assert (url, "third_party") in roles(LATER + body)


@pytest.mark.parametrize(
    "body",
    [
        "[31] Ross Wightman. PyTorch image models. https://github.com/rwightman/pytorch-image-models, 2019.",
        (
            "Thomas Wolf and others. Transformers: State-of-the-art NLP. In Proceedings of EMNLP, 2020.\n"
            "URL https://github.com/huggingface/transformers."
        ),
    ],
)
def test_a_reference_like_entry_outside_the_reference_list_is_third_party(body: str) -> None:
    assert own(LATER + body) == []


def test_a_heading_on_the_line_after_a_url_is_not_part_of_it() -> None:
    text = "Neural Things\nAnn Author\nCode and data: https://www.example.org/lab/neural-things/\nAbstract\nWe study."
    from extract.links import find_urls

    assert [u.url for u in find_urls(make_doc(text))] == ["https://www.example.org/lab/neural-things/"]


def test_a_promise_in_another_part_of_the_sentence_leaves_a_live_link_own() -> None:
    body = (
        "Inference code and pretrained weights are available at https://github.com/tm/fast-sdf; "
        "the training code will be released upon acceptance."
    )
    assert own(LATER + body) == ["github.com/tm/fast-sdf"]


def test_weights_offered_with_code_are_the_papers_own() -> None:
    body = "Trained weights and the training code are available at https://github.com/ap-lab/occ-cast."
    assert own(LATER + body) == ["github.com/ap-lab/occ-cast"]


@pytest.mark.parametrize(
    "printed",
    [
        "Our code is available at https:\n//github.com/zentrix/quorvane.",  # broken after the colon
        "Our code is available at https://\ngithub.com/zentrix/quorvane.",  # broken after the slashes
        "Our code is available at https://\nzentrix.org/quorvane/code.",  # no repository host to fall back on
    ],
)
def test_a_scheme_broken_at_a_line_end_is_one_url(printed: str) -> None:
    found = values(extract_code_links(body_doc(printed), resources()), "code_link")  # type: ignore[arg-type]
    urls = [v.url for v in found if isinstance(v, CodeLink)]
    assert len(urls) == 1
    assert "\n" not in urls[0]
    assert urls[0].startswith("https://")


def test_a_bare_scheme_before_prose_is_no_url() -> None:
    assert roles("Our code is at https://\nThe next sentence is prose.") == []


def released_of(body: str) -> bool | None:
    out = values(extract_code_links(body_doc(body), resources()), "code_release")  # type: ignore[arg-type]
    return next((bool(getattr(v, "released", None)) for v in out), None)


@pytest.mark.parametrize(
    "answer",
    [
        (
            "[Yes] The code is included in the supplemental material and will be released at "
            "https://github.com/zentrix/quorvane upon publication."
        ),
        "[Yes] Code is in the supplementary material.",
    ],
)
def test_a_checklist_yes_for_code_in_the_supplement_or_promised_is_no_release(answer: str) -> None:
    body = (
        "(a) Did you include the code, data, and instructions needed to reproduce the main experimental "
        f"results (either in the supplemental material or as a URL)? {answer}"
    )
    assert released_of(body) is False


def test_a_repository_of_the_authors_earlier_work_is_not_this_papers_code() -> None:
    body = (
        "In our previous work (Quorvane et al., 2022), we released ZentriBench, a suite of 14 tasks "
        "(https://github.com/zentrix/zentribench). Here we go beyond that benchmark."
    )
    assert roles(body) == [("github.com/zentrix/zentribench", "third_party")]


def test_code_downloaded_from_the_authors_homepage_is_own() -> None:
    body = (
        "The MATLAB and Python implementations of the algorithms can be downloaded from the first author's "
        "homepage: https://people.quorvane.edu/~ada/code/sketch.zip"
    )
    assert own(body) == ["people.quorvane.edu/~ada/code/sketch.zip"]


@pytest.mark.parametrize(
    "body",
    [
        "The dataset is available at https://github.com/carol/bigdata.",
        "Evaluation data and annotations can be downloaded from https://gitlab.com/lab/annotations.",
    ],
)
def test_a_link_led_to_by_data_alone_is_no_own_code(body: str) -> None:
    assert own(LATER + body) == []


@pytest.mark.parametrize(
    "body",
    [
        "Our dataset is available at https://github.com/alice/bigdata.",
        "The code and data are available at https://github.com/alice/bigdata.",
    ],
)
def test_data_offered_with_code_or_by_the_authors_stays_own(body: str) -> None:
    assert own(LATER + body) == ["github.com/alice/bigdata"]


def test_scripts_offered_with_data_are_own_code() -> None:
    assert own(LATER + "Data preprocessing scripts are available at https://github.com/qlab/things.") == [
        "github.com/qlab/things"
    ]
