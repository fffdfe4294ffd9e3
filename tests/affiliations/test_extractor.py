"""The affiliation extractor end to end on constructed documents: labels, evidence, fallbacks."""

from __future__ import annotations

from extract.affiliations.extractor import AffiliationResources, align_authors, extract_affiliations
from extract.affiliations.header.parse import HeaderAffiliation, HeaderAuthor
from extract.document import Word
from paperscope.records import Affiliation, Label
from tests.affiliations.builders import Cell, abstract, doc_with_text, line, page, title

TEXT = (
    "A Study of Things\n"
    "Ada Lovelace1, Alan Turing2, Grace Hopper3\n"
    "1University of Oxford 2DeepMind 3Quantum Widget Works\n"
    "grace@gmail.com\n"
    "Abstract\nwe study things in this paper"
)


def words() -> tuple[Word, ...]:
    return page(
        title(),
        line(0.16, Cell(0.25, "Ada Lovelace^1, Alan Turing^2, Grace Hopper^3", True)),
        line(0.18, (0.25, "^1University of Oxford ^2DeepMind ^3Quantum Widget Works")),
        line(0.2, (0.35, "grace@gmail.com")),
        abstract(0.25),
    )


def values(labels: list[Label]) -> list[Affiliation]:
    return [lab.value for lab in labels if isinstance(lab.value, Affiliation)]


def test_one_label_per_author_with_org_type_country_and_parent(resources: AffiliationResources) -> None:
    labels = extract_affiliations(doc_with_text(words(), TEXT), resources)
    got = [(v.author_position, v.author_name, v.org_type, v.country, v.match_kind) for v in values(labels)]
    assert got[:2] == [
        (0, "Ada Lovelace", "academic", "GB", "exact"),
        (1, "Alan Turing", "industry", "GB", "exact"),
    ]
    assert values(labels)[1].parent_id == "02e9yx751"  # DeepMind rolls up to Alphabet


def test_evidence_points_at_the_affiliation_in_the_text_layer(resources: AffiliationResources) -> None:
    labels = extract_affiliations(doc_with_text(words(), TEXT), resources)
    for label in labels:
        ev = label.evidence
        assert ev.source == "pdf"
        assert ev.page == 0
        assert ev.start is not None
        assert ev.end is not None
        assert TEXT[ev.start : ev.end] == ev.matched
        assert ev.boxes
        assert all(0 <= b.x <= 1 and 0 <= b.y <= 1 for b in ev.boxes)
    assert labels[0].evidence.matched == "University of Oxford"


def test_unresolvable_org_stays_unknown_with_low_confidence(resources: AffiliationResources) -> None:
    labels = extract_affiliations(doc_with_text(words(), TEXT), resources)
    hopper = values(labels)[2]
    assert hopper.raw == "Quantum Widget Works"
    assert (hopper.org_type, hopper.match_kind, hopper.org_id) == ("unknown", "none", None)
    assert labels[2].confidence <= 0.3


def test_email_domain_decides_when_no_affiliation_is_printed(resources: AffiliationResources) -> None:
    text = "A Study of Things\nAda Lovelace\nada@ox.ac.uk\nAbstract\nwe study things"
    ws = page(
        title(),
        line(0.16, Cell(0.4, "Ada Lovelace", True)),
        line(0.18, (0.4, "ada@ox.ac.uk")),
        abstract(0.25),
    )
    (label,) = extract_affiliations(doc_with_text(ws, text), resources)
    value = label.value
    assert isinstance(value, Affiliation)
    assert (value.org_name, value.match_kind, value.email) == (
        "University of Oxford",
        "email_domain",
        "ada@ox.ac.uk",
    )
    assert label.evidence.matched == "ada@ox.ac.uk"


def test_crawled_names_decide_the_author_list_and_order(resources: AffiliationResources) -> None:
    doc = doc_with_text(words(), TEXT, names=("Alan M. Turing", "Ada Lovelace", "Someone Else"))
    got = [
        (v.author_position, v.author_name, v.org_type) for v in values(extract_affiliations(doc, resources))
    ]
    assert got == [
        (0, "Alan M. Turing", "industry"),
        (1, "Ada Lovelace", "academic"),
        (2, "Someone Else", "unknown"),
    ]


def test_unmatched_crawled_author_inherits_a_shared_affiliation() -> None:
    shared = (HeaderAffiliation("OpenAI", (), "shared"),)
    parsed = [HeaderAuthor("Nisan Stiennon", (), (), shared), HeaderAuthor("Long Ouyang", (), (), shared)]
    aligned = align_authors(parsed, ["Nisan Stiennon", "Long Ouyang", "Jeff Wu"])
    assert [(n, a.affiliations[0].text if a else None) for n, a in aligned] == [
        ("Nisan Stiennon", "OpenAI"),
        ("Long Ouyang", "OpenAI"),
        ("Jeff Wu", "OpenAI"),
    ]


def test_no_header_words_no_labels(resources: AffiliationResources) -> None:
    assert extract_affiliations(doc_with_text((), TEXT), resources) == []


def test_labels_are_stable_across_runs(resources: AffiliationResources) -> None:
    doc = doc_with_text(words(), TEXT)
    assert [lab.id for lab in extract_affiliations(doc, resources)] == [
        lab.id for lab in extract_affiliations(doc, resources)
    ]


def test_a_punctuation_only_affiliation_is_not_an_affiliation(resources: AffiliationResources) -> None:
    from extract.affiliations.extractor import _label, producer

    doc = doc_with_text(words(), TEXT)
    stray = HeaderAffiliation(",", (), "marker")
    oxford = HeaderAffiliation("University of Oxford", (), "marker")
    author = HeaderAuthor(name="Ada Lovelace", words=(), affiliations=(stray, oxford))
    label = _label(doc, resources.orgs, 0, "Ada Lovelace", author, producer(doc))
    assert label is not None
    assert isinstance(label.value, Affiliation)
    assert label.value.raw == "University of Oxford"
    assert label.value.org_type == "academic"
