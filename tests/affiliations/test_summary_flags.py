"""Paper-level authorship figures from author labels, and PDF-versus-metadata disagreement flags."""

from __future__ import annotations

from extract.affiliations.flags import compare_sources
from extract.affiliations.summary import needs_verification, paper_authorship
from paperscope.records import Affiliation, Evidence, Label, OrgType, Producer

PDF = Producer(name="affiliations", version="0.1.0")
META = Producer(name="paperlists", version="0.1.0")


def author(
    pos: int,
    org_type: OrgType,
    *,
    country: str | None = "US",
    producer: Producer = PDF,
    paper: str = "p1",
    conf: float = 0.9,
) -> Label:
    value = Affiliation(
        author_position=pos, author_name=f"A{pos}", raw="x", org_type=org_type, country=country
    )
    if producer is PDF:
        evidence = Evidence(
            paper_key=paper,
            pdf_sha256="a" * 64,
            page=0,
            start=pos,
            end=pos + 1,
            text_sha256="b" * 64,
            matched="x",
        )
    else:
        evidence = Evidence(paper_key=paper, source="metadata", locator=f"f.json#{paper}/{pos}", matched="x")
    return Label(paper_key=paper, value=value, evidence=evidence, producer=producer, confidence=conf)


def test_fractions_leave_unknown_authors_out_of_the_denominator() -> None:
    labels = [
        author(0, "industry"),
        author(1, "academic", country="CN"),
        author(2, "unknown", country=None),
        author(3, "industry"),
    ]
    (row,) = paper_authorship(labels)
    assert (row.n_authors, row.n_industry, row.n_unknown) == (4, 2, 1)
    assert row.frac_industry == 2 / 3
    assert row.frac_industry_lower == 0.5
    assert row.any_industry
    assert row.any_chinese
    assert row.author_label_ids == tuple(lab.id for lab in labels)


def test_all_unknown_paper_has_no_fraction_and_no_industry() -> None:
    (row,) = paper_authorship([author(0, "unknown"), author(1, "unknown")])
    assert row.frac_industry is None
    assert not row.any_industry
    assert row.n_unknown == 2


def test_one_row_per_paper_and_producer_and_the_most_confident_label_per_author() -> None:
    labels = [
        author(0, "academic", conf=0.4),
        author(0, "industry", conf=0.9),
        author(0, "academic", producer=META),
    ]
    rows = paper_authorship(labels)
    assert [(r.producer, r.n_authors, r.n_industry) for r in rows] == [
        ("affiliations", 1, 1),
        ("paperlists", 1, 0),
    ]


def test_hong_kong_counts_as_chinese_taiwan_does_not() -> None:
    assert paper_authorship([author(0, "academic", country="HK")])[0].any_chinese
    assert not paper_authorship([author(0, "academic", country="TW")])[0].any_chinese


def test_unknown_and_fuzzy_labels_go_to_verification() -> None:
    fuzzy = author(1, "academic").model_copy(
        update={
            "value": Affiliation(
                author_position=1,
                author_name="B",
                raw="y",
                org_type="academic",
                match_kind="fuzzy",
                match_score=93,
            )
        }
    )
    queue = needs_verification([author(0, "unknown"), fuzzy, author(2, "industry")])
    assert [lab.value.author_position for lab in queue if isinstance(lab.value, Affiliation)] == [0, 1]


def test_disagreeing_sources_flag_the_paper_and_unknown_is_only_a_gap() -> None:
    labels = [
        author(0, "industry"),
        author(1, "academic"),
        author(0, "academic", producer=META),
        author(1, "academic", producer=META),
        author(0, "unknown", paper="p2"),
        author(0, "industry", producer=META, paper="p2"),
        author(0, "academic", paper="p3"),
        author(0, "academic", producer=META, paper="p3"),
    ]
    flags = compare_sources(labels)
    assert [(f.paper_key, f.positions, f.pdf_any_industry, f.metadata_any_industry) for f in flags] == [
        ("p1", (0,), True, False),
        ("p2", (), False, True),  # no per-author conflict, but the any-industry answer differs
    ]
