"""Organisation resolution: exact, alias/acronym, fuzzy, e-mail domain; unknown stays unknown."""

from __future__ import annotations

from pathlib import Path

import pytest

from extract.affiliations.orgs.resolve import FUZZY_THRESHOLD, find_orgs, resolve_domain, resolve_text
from extract.affiliations.orgs.table import OrgIndex, ror_org_type
from paperscope.settings import DATA_DIR


def first(raw: str, orgs: OrgIndex) -> tuple[str, str, str, str | None]:
    match = resolve_text(raw, orgs)
    assert match is not None, raw
    return match.org.name, match.org.org_type, match.kind, match.org.country


@pytest.mark.parametrize(
    ("raw", "name", "org_type", "kind"),
    [
        ("Carnegie Mellon University", "Carnegie Mellon University", "academic", "exact"),
        ("CarnegieMellonUniversity,", "Carnegie Mellon University", "academic", "exact"),
        (
            "Department of Computer Science, Stanford University, Stanford, CA",
            "Stanford University",
            "academic",
            "exact",
        ),
        ("Google AI Brain Team", "Google Brain", "industry", "alias"),
        ("Facebook AI Research (FAIR)", "Meta AI Research", "industry", "alias"),
        ("MIT", "Massachusetts Institute of Technology", "academic", "alias"),
        ("Univ. of California, Berkeley", "University of California, Berkeley", "academic", "alias"),
        ("University of California, Riverside", "University of California, Riverside", "academic", "exact"),
        ("Montre´al Institute for Learning Algorithms", "Mila", "academic", "alias"),
        ("OpenAI", "OpenAI", "industry", "exact"),
        ("Inria (Univ. Grenoble Alpes, CNRS, LJK)", "Inria", "academic", "exact"),
    ],
)
def test_exact_and_alias_matches(raw: str, name: str, org_type: str, kind: str, orgs: OrgIndex) -> None:
    got_name, got_type, got_kind, _ = first(raw, orgs)
    assert (got_name, got_type, got_kind) == (name, org_type, kind)


def test_orgs_come_back_in_printed_order(orgs: OrgIndex) -> None:
    names = [m.org.name for m in find_orgs("Valence Discovery, Mila, Université de Montréal", orgs)]
    assert names == ["Valence Discovery", "Mila", "Université de Montréal"]
    dual = [m.org.org_type for m in find_orgs("PurdueUniversityandMicrosoftResearch", orgs)]
    assert dual == ["academic", "industry"]


def test_an_organisation_named_twice_is_one_match(orgs: OrgIndex) -> None:
    assert [m.org.name for m in find_orgs("Google; Google", orgs)] == ["Google"]
    both = find_orgs("MIT, Massachusetts Institute of Technology", orgs)
    assert len(both) == 1


def test_parent_roll_up_and_country(orgs: OrgIndex) -> None:
    brain = resolve_text("Google Brain", orgs)
    assert brain is not None
    assert brain.org.parent_id == "00njsd438"  # Google
    assert brain.org.root_id == "02e9yx751"  # Alphabet
    deepmind = resolve_text("DeepMind", orgs)
    assert deepmind is not None
    assert deepmind.org.country == "GB"
    assert deepmind.org.root_id == "02e9yx751"
    ustc = resolve_text("University of Science and Technology of China", orgs)
    assert ustc is not None
    assert ustc.org.country == "CN"


def test_person_names_and_places_are_not_organisations(orgs: OrgIndex) -> None:
    assert find_orgs("Philip S. Yu", orgs) == []  # not "Philips"
    assert [
        m.org.name
        for m in find_orgs("Paul G. Allen School of Computer Science, University of Washington", orgs)
    ] == ["University of Washington"]
    assert find_orgs("Department of Computer Science", orgs) == []


def test_fuzzy_match_keeps_its_score_and_respects_the_threshold(orgs: OrgIndex) -> None:
    match = resolve_text("Universite Grenoble Alpess", orgs)
    assert match is not None
    assert match.kind == "fuzzy"
    assert FUZZY_THRESHOLD <= match.score < 100
    assert match.org.name == "Université Grenoble Alpes"
    assert resolve_text("Quantum Widget Laboratory of Nowhere", orgs) is None


def test_fuzzy_is_only_tried_when_nothing_matched_exactly(orgs: OrgIndex) -> None:
    kinds = [m.kind for m in find_orgs("Universite Grenoble Alpess, Stanford University", orgs)]
    assert kinds == ["exact"]


@pytest.mark.parametrize(
    ("domain", "name", "org_type", "score"),
    [
        ("google.com", "Google", "industry", 100.0),
        ("cs.cmu.edu", "Carnegie Mellon University", "academic", 95.0),
        ("robots.ox.ac.uk", "University of Oxford", "academic", 95.0),
        ("fb.com", "Meta", "industry", 100.0),
        ("ens.fr", "Ecole Normale Supérieure de Paris", "academic", 100.0),  # Hipo list
    ],
)
def test_email_domain_rules(domain: str, name: str, org_type: str, score: float, orgs: OrgIndex) -> None:
    match = resolve_domain(domain, orgs)
    assert match is not None
    assert (match.org.name, match.org.org_type, match.kind, match.score) == (
        name,
        org_type,
        "email_domain",
        score,
    )


def test_swot_suffix_makes_a_domain_academic_without_naming_it(orgs: OrgIndex) -> None:
    match = resolve_domain("cs.some-unlisted-college.edu.cn", orgs)
    assert match is not None
    assert match.org.org_type == "academic"
    assert match.org.source == "swot"


def test_webmail_and_unknown_companies_resolve_to_nothing(orgs: OrgIndex) -> None:
    assert resolve_domain("gmail.com", orgs) is None
    assert resolve_domain("qq.com", orgs) is None
    assert resolve_domain("no-such-startup-xyz.com", orgs) is None


def test_ror_type_mapping() -> None:
    assert ror_org_type(["education", "funder"], None) == "academic"
    assert ror_org_type(["company"], None) == "industry"
    assert ror_org_type(["facility"], "industry") == "industry"
    assert ror_org_type(["facility"], None) == "academic"
    assert ror_org_type(["healthcare"], None) == "unknown"


@pytest.mark.parametrize(
    ("raw", "name"),
    [
        (
            "School of EIC, Huazhong University of Science & Technology",
            "Huazhong University of Science and Technology",
        ),
        ("Hong Kong University of Science & Technology", "Hong Kong University of Science and Technology"),
        ("St. Louis University", "Saint Louis University"),
        ("St Louis University, Missouri", "Saint Louis University"),
    ],
)
def test_names_printed_with_ampersand_or_st_find_the_registry_spelling(
    raw: str, name: str, orgs: OrgIndex
) -> None:
    assert first(raw, orgs)[:2] == (name, "academic")


@pytest.mark.parametrize(
    ("raw", "name"),
    [
        ("Etcembly Ltd.", "Etcembly"),
        ("Bandwidth, Inc., Raleigh, NC", "Bandwidth"),
        ("Quillwort Analytics GmbH, Berlin", "Quillwort Analytics"),
        ("Nimbletrace Co., Ltd.", "Nimbletrace"),
        ("Vexmoor LLC", "Vexmoor"),
    ],
)
def test_a_company_missing_from_the_registry_is_industry_by_its_legal_form(
    raw: str, name: str, orgs: OrgIndex
) -> None:
    assert first(raw, orgs) == (name, "industry", "legal_form", None)


@pytest.mark.parametrize("raw", ["Department of Physics, Inc", "Quillwort Lab", "Co-advised by the author"])
def test_no_company_without_a_name_before_its_legal_form(raw: str, orgs: OrgIndex) -> None:
    assert resolve_text(raw, orgs) is None


@pytest.mark.parametrize(
    "raw",
    [
        "Czech Academy of Sciences",
        "Polish Academy of Sciences",
        "Institute of Computer Science of the Czech Academy of Sciences",
    ],
)
def test_academies_of_sciences_and_their_institutes_are_academic(raw: str, orgs: OrgIndex) -> None:
    assert first(raw, orgs)[1] == "academic"


def test_national_laboratories_stay_government(orgs: OrgIndex) -> None:
    assert first("National Institute of Standards and Technology", orgs)[1] == "government"


def test_a_registry_company_inside_a_units_name_is_its_subject_not_an_affiliation(orgs: OrgIndex) -> None:
    found = find_orgs("Center for Magnetic Resonance Research, University of Minnesota", orgs)
    assert [(m.org.name, m.org.org_type) for m in found] == [("University of Minnesota", "academic")]


def test_a_registry_companys_lab_missing_its_own_row_is_the_company(orgs: OrgIndex) -> None:
    assert first("Rakuten Institute of Technology", orgs)[:2] == ("Rakuten", "industry")


def test_a_one_word_company_name_before_other_words_is_not_read_as_the_company(orgs: OrgIndex) -> None:
    # a lone word that names a company is also a place or a surname unless lab words follow it
    assert [m.org.name for m in find_orgs("Rakuten Street Clinic", orgs)] != ["Rakuten"]


def test_the_index_words_file_is_checked(tmp_path: Path) -> None:
    from extract.affiliations.orgs.loader import load_org_words

    bad = tmp_path / "words.json"
    bad.write_text('{"generic_words": ["University"], "acronym_stop": ["USA"]}')
    with pytest.raises(ValueError, match="lower-case"):
        load_org_words(bad)
    good = load_org_words(DATA_DIR / "orgs" / "words.json")
    assert "university" in good.generic
    assert "USA" in good.acronym_stop


@pytest.mark.parametrize(
    ("raw", "name"),
    [("Zalando Research, Berlin, Germany", "Zalando Research"), ("Quillwort AI Lab, Paris", "Quillwort AI Lab"),
     ("Vexmoor AI", "Vexmoor AI")],
)  # fmt: skip
def test_the_lab_of_a_company_no_registry_lists_is_industry(raw: str, name: str, orgs: OrgIndex) -> None:
    assert first(raw, orgs) == (name, "industry", "name_words", None)


@pytest.mark.parametrize("raw", ["Hazy Lab", "National Research", "Quillwort University Research"])
def test_no_company_lab_without_a_company_like_name(raw: str, orgs: OrgIndex) -> None:
    match = resolve_text(raw, orgs)
    assert match is None or match.org.org_type != "industry" or match.kind != "name_words"


def test_a_company_named_as_a_units_subject_is_not_the_affiliation(orgs: OrgIndex) -> None:
    # "Computational Sciences" is a company in ROR; here it names the laboratory's division
    raw = "Computational Sciences and Engineering Division, Oak Ridge National Laboratory, Oak Ridge, TN, USA"
    assert first(raw, orgs)[:2] == ("Oak Ridge National Laboratory", "government")


@pytest.mark.parametrize(
    ("raw", "name", "org_type"),
    [("Paris-Saclay university", "Paris-Saclay university", "academic"),
     ("Quillwort Polytechnic, Lagos", "Quillwort Polytechnic", "academic"),
     ("Vexmoor National Laboratory, USA", "Vexmoor National Laboratory", "government"),
     ("Ministry of Quillwort Affairs", "Ministry of Quillwort Affairs", "government")],
)  # fmt: skip
def test_an_organisation_no_registry_lists_is_typed_by_its_names_words(
    raw: str, name: str, org_type: str, orgs: OrgIndex
) -> None:
    assert first(raw, orgs) == (name, org_type, "name_words", None)


@pytest.mark.parametrize("raw", ["Department of Computer Science", "Unaffiliated", "Machine Learning Group"])
def test_no_type_from_words_that_name_no_kind_of_organisation(raw: str, orgs: OrgIndex) -> None:
    assert resolve_text(raw, orgs) is None
