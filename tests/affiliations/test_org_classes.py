"""Organisation typing by class, on invented names: unlisted companies, national labs, research councils."""

from __future__ import annotations

import pytest

from extract.affiliations.header.parse import parse_header
from extract.affiliations.orgs.resolve import find_orgs, is_org
from extract.affiliations.orgs.table import OrgIndex, ror_org_type
from extract.affiliations.orgs.unlisted import bare_brand, web_company
from tests.affiliations.builders import Cell, abstract, line, page, title


def types(raw: str, orgs: OrgIndex) -> list[tuple[str, str]]:
    return [(m.org.name, m.org.org_type) for m in find_orgs(raw, orgs)]


@pytest.mark.parametrize("raw", ["Zentrifex", "Quorvane", "DeepQuillwort", "QuorvaneML"])
def test_a_bare_brand_printed_alone_is_a_start_up(raw: str, orgs: OrgIndex) -> None:
    assert types(raw, orgs) == [(raw, "industry")]


@pytest.mark.parametrize(
    "raw", ["Independent", "Unaffiliated", "Student", "ZENTRIFEX", "Quillwort Lab", "Zentrifex Quorvane"]
)
def test_no_start_up_from_words_that_name_none_capitals_or_a_group(raw: str) -> None:
    assert bare_brand(raw) is None


@pytest.mark.parametrize(
    ("raw", "name"),
    [
        ("Quillwort Solutions, the AI division of Zentrifex", "Quillwort Solutions"),
        ("Zentrifex Technologies, Pune, India", "Zentrifex Technologies"),
        ("Quorvane Labs", "Quorvane Labs"),
        ("Zentrifex Robotics", "Zentrifex Robotics"),
    ],
)
def test_a_company_noun_after_an_unlisted_name_makes_a_company(raw: str, name: str, orgs: OrgIndex) -> None:
    assert types(raw, orgs) == [(name, "industry")]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Zentrifex Inc., University of Toronto", [("Zentrifex", "industry"), ("University of Toronto", "academic")]),
        ("Zentrifex, Inc., University of Toronto", [("Zentrifex", "industry"), ("University of Toronto", "academic")]),
        ("University of Toronto and Quorvane GmbH", [("University of Toronto", "academic"), ("Quorvane", "industry")]),
        ("Zentrifex & University of Toronto", [("Zentrifex", "industry"), ("University of Toronto", "academic")]),
        ("Zentrifex+University of Toronto", [("Zentrifex", "industry"), ("University of Toronto", "academic")]),
    ],
)  # fmt: skip
def test_an_unlisted_company_beside_a_known_organisation_keeps_both(
    raw: str, expected: list[tuple[str, str]], orgs: OrgIndex
) -> None:
    assert types(raw, orgs) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "University of Alberta, Edmonton, AB, Canada",  # a province, not Aktiebolag
        "Learning and Vision Group, University of Toronto",  # a group's name, not a brand
        "Google Inc. & Stanford University",  # a known company, not twice
    ],
)
def test_no_unlisted_company_from_region_codes_or_group_names(raw: str, orgs: OrgIndex) -> None:
    assert all(m.org.source not in {"legal_form", "bare_brand"} for m in find_orgs(raw, orgs))


def test_an_affiliation_printed_as_a_web_address_is_its_domains_or_a_company(orgs: OrgIndex) -> None:
    assert types("zentrifex.ai", orgs) == [("zentrifex.ai", "industry")]
    assert types("cs.stanford.edu", orgs) == [("Stanford University", "academic")]
    assert web_company("quillwort.org") is None
    assert is_org("zentrifex.ai", orgs)


def test_a_web_address_footnote_is_each_marked_authors_affiliation(orgs: OrgIndex) -> None:
    words = page(
        title(),
        line(0.16, Cell(0.25, "Ada Quorvane^1 ^2 Bo Zentrifex^1 ^2", True)),
        abstract(0.22),
        *[
            line(0.3 + 0.02 * i, (0.1, "body text of the paper goes here and on and on for a while"))
            for i in range(20)
        ],
        line(0.82, Cell(0.1, "^1 zentrifex.ai ^2 University of Toronto. Correspondence to: Ada <ada@zentrifex.ai>.", size=8.0)),
    )  # fmt: skip
    header = parse_header(words, is_org=lambda text: is_org(text, orgs))
    assert [[a.text for a in author.affiliations] for author in header.authors] == [
        ["zentrifex.ai", "University of Toronto"],
        ["zentrifex.ai", "University of Toronto"],
    ]


@pytest.mark.parametrize(
    "raw",
    [
        "MoE Key Lab of Quillwort Intelligence",
        "State Key Laboratory of Quillwort Processing, Ministry of Education",
    ],
)
def test_a_chinese_key_laboratory_is_academic(raw: str, orgs: OrgIndex) -> None:
    assert types(raw, orgs)[0][1] == "academic"


def test_the_ministry_a_key_laboratory_names_is_its_sponsor_not_an_affiliation(orgs: OrgIndex) -> None:
    raw = "Key Laboratory of Quillwort Perception (Ministry of Education), Peking University"
    assert types(raw, orgs) == [("Peking University", "academic")]
    assert types("Ministry of Education, Quillwort Province", orgs)[0][1] == "government"


@pytest.mark.parametrize(
    "raw",
    [
        "National Research Center for Quillwort Science",
        "Quillwort National Laboratory",
        "Laboratoire national de quillwortologie",
        "Institute of Quillwort Studies, Ministry of Agriculture",
    ],
)
def test_national_laboratories_and_ministries_institutes_are_government(raw: str, orgs: OrgIndex) -> None:
    assert types(raw, orgs)[0][1] == "government"


def test_a_registry_facility_named_a_national_laboratory_is_government() -> None:
    assert ror_org_type(["facility"], None, "National Laboratory of Quillwort Optics") == "government"
    assert ror_org_type(["other"], None, "Laboratório Nacional de Quillwort") == "government"
    assert ror_org_type(["facility"], None, "Quillwort Institute") == "academic"
    assert ror_org_type(["facility"], "academic", "National Laboratory of Quillwort Optics") == "academic"


@pytest.mark.parametrize(
    ("org_id", "child_id"),
    [("01n6r0e97", "00h1x4t21"), ("02gfc7t72", "00mcdyn90"), ("04zaypm56", None)],
)
def test_public_basic_research_councils_and_their_institutes_are_academic(
    org_id: str, child_id: str | None, orgs: OrgIndex
) -> None:
    """Leibniz, CSIC, CNR: like CNRS and Max Planck (rubric); their registry institutes inherit it."""
    council = orgs.by_id(org_id)
    assert council is not None
    assert council.org_type == "academic"
    if child_id is not None:
        child = orgs.by_id(child_id)
        assert child is not None
        assert (child.parent_id, child.org_type) == (org_id, "academic")


@pytest.mark.parametrize(
    ("raw", "name"),
    [("Zentrifex SE", "Zentrifex"), ("Quillwort S.p.A., Milano", "Quillwort"), ("Vexmoor Pte. Ltd.", "Vexmoor"),
     ("Nimbletrace ApS, Copenhagen", "Nimbletrace"), ("Quorvane Sdn. Bhd.", "Quorvane")],
)  # fmt: skip
def test_legal_forms_of_other_countries_make_a_company(raw: str, name: str, orgs: OrgIndex) -> None:
    assert types(raw, orgs) == [(name, "industry")]


@pytest.mark.parametrize("raw", ["Uppsala, SE", "Lund,SE"])
def test_a_country_code_after_a_comma_is_no_legal_form(raw: str, orgs: OrgIndex) -> None:
    assert find_orgs(raw, orgs) == []


@pytest.mark.parametrize(
    "raw",
    [
        "Ministerio de Quillwort, Madrid",
        "Ministero della Quillwort",
        "Ministério da Quillwort",
        "Ministerium für Quillwort",
    ],
)
def test_a_ministry_in_another_language_is_government(raw: str, orgs: OrgIndex) -> None:
    assert [t for _, t in types(raw, orgs)] == ["government"]


def test_a_hyphenated_name_printed_with_spaces_is_found(orgs: OrgIndex) -> None:
    # the registry spells it "Université Pierre-et-Marie-Curie"; "Marie Curie" alone is another organisation
    assert types("Université Pierre et Marie Curie - Paris 6", orgs) == [
        ("Université Pierre-et-Marie-Curie", "academic")
    ]
    assert find_orgs("Philip S. Yu", orgs) == []  # still more printed words than "Philips" has


@pytest.mark.parametrize(("raw", "name"), [("Universtiy of Toronto", "University of Toronto"),
                                           ("Univeristé de Montréal", "Université de Montréal")])  # fmt: skip
def test_a_misspelt_university_word_still_gets_a_fuzzy_look(raw: str, name: str, orgs: OrgIndex) -> None:
    found = find_orgs(raw, orgs)
    assert [(m.org.name, m.kind) for m in found] == [(name, "fuzzy")]


@pytest.mark.parametrize(
    "names",
    ["NGUYỄN THỊ LAN ANH", "Shuang Ma, Zhaoyang Zeng, Daniel McDuff, Yale Song"],
)
def test_names_holding_a_registry_acronym_or_short_name_stay_names(names: str, orgs: OrgIndex) -> None:
    """With the real registry: "LAN" is an acronym and "Yale" a university, inside people's names here."""
    words = page(
        title(),
        line(0.16, Cell(0.25, names, bold=True)),
        line(0.18, (0.3, "Hanoi University of Science and Technology")),
        abstract(0.25),
    )
    header = parse_header(words, is_org=lambda text: is_org(text, orgs))
    assert len(header.authors) == len(names.split(","))
