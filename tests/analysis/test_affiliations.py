"""Per author: a verified org type wins, else the PDF's, else the metadata's; a split source is unknown."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pytest

from analysis import tables
from paperscope.records import Affiliation, Author, Evidence, Label, Paper, Producer, Verification
from paperscope.store import Store

SHA = "b" * 64
KEY = "neurips/2021/main/aff"


def pdf(position: int, org_type: str, raw: str | None = None) -> Label:
    """What the affiliations extractor read on the PDF's first page."""
    raw = raw or f"PDF org {position}"
    return Label(
        paper_key=KEY,
        value=Affiliation(author_position=position, author_name=f"A{position}", raw=raw, org_type=org_type),
        evidence=Evidence(
            paper_key=KEY,
            pdf_sha256=SHA,
            page=0,
            start=10 * position,
            end=10 * position + 5,
            text_sha256=SHA,
            matched=raw,
        ),
        producer=Producer(name="affiliations", version="0.1.0"),
        confidence=0.9,
    )


def metadata(position: int, org_type: str, raw: str | None = None) -> Label:
    """What an imported paper list says about the author."""
    raw = raw or f"Listed org {position}"
    return Label(
        paper_key=KEY,
        value=Affiliation(author_position=position, author_name=f"A{position}", raw=raw, org_type=org_type),
        evidence=Evidence(paper_key=KEY, source="metadata", matched=raw, locator=f"paperlists/{position}"),
        producer=Producer(name="paperlists", version="0.1.0"),
        confidence=0.95,
    )


def verdict(lab: Label, kind: str, corrected: Affiliation | None = None) -> Verification:
    return Verification(
        label_id=lab.id,
        paper_key=KEY,
        field="affiliation",
        verdict=kind,
        corrected=corrected,
        annotator="ann",
        origin="prediction",
        at=datetime(2024, 5, 1, tzinfo=UTC),
    )


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store.open(tmp_path / "s.sqlite")
    s.upsert_paper(
        Paper(
            key=KEY,
            venue="neurips",
            year=2021,
            track="main",
            title="Affiliations",
            authors=tuple(Author(position=j, name=f"A{j}") for j in range(3)),
        )
    )
    yield s
    s.close()


def only_row(store: Store) -> pd.Series:
    return tables.paper_values(store).iloc[0]


def test_the_pdf_type_wins_over_a_disagreeing_metadata_type(store: Store) -> None:
    store.add_labels([pdf(0, "academic"), metadata(0, "industry"), pdf(1, "academic")])
    row = only_row(store)
    assert (row["n_affil_known"], row["n_industry"], row["n_affil_conflicts"]) == (2, 0, 0)
    assert not bool(row["any_industry"])


def test_two_known_types_from_one_source_without_a_verdict_are_unknown(store: Store) -> None:
    store.add_labels(
        [
            pdf(0, "academic", raw="A University"),
            pdf(0, "industry", raw="A Company"),
            metadata(0, "industry"),
            pdf(1, "academic"),
        ]
    )
    row = only_row(store)
    assert (row["n_affil_known"], row["n_industry"], row["n_affil_conflicts"]) == (1, 0, 1)


def test_metadata_fills_in_where_the_pdf_type_is_unknown_or_missing(store: Store) -> None:
    store.add_labels(
        [pdf(0, "unknown"), metadata(0, "industry"), metadata(1, "academic"), pdf(2, "academic")]
    )
    row = only_row(store)
    assert (row["n_affil_known"], row["n_industry"], row["n_affil_conflicts"]) == (3, 1, 0)
    assert row["frac_industry"] == pytest.approx(1 / 3)


def test_a_verified_slot_wins_over_a_machine_slot_of_the_same_author(store: Store) -> None:
    read, listed = pdf(0, "industry"), metadata(0, "academic")
    store.add_labels([read, listed, pdf(1, "academic")])
    store.add_verification(verdict(listed, "accept"))
    row = only_row(store)
    assert (row["n_affil_known"], row["n_industry"], row["n_affil_conflicts"]) == (2, 0, 0)
    assert not bool(row["affiliation_verified"])  # author 1 is still a machine value


def test_a_correction_decides_the_author_and_every_author_verified_marks_the_paper(store: Store) -> None:
    first, second = pdf(0, "academic"), pdf(1, "academic")
    store.add_labels([first, second, metadata(0, "academic")])
    store.add_verification(
        verdict(first, "correct", first.value.model_copy(update={"org_type": "industry"}))  # type: ignore[arg-type]
    )
    store.add_verification(verdict(second, "accept"))
    row = only_row(store)
    assert (row["n_affil_known"], row["n_industry"]) == (2, 1)
    assert bool(row["affiliation_verified"])


def test_a_rejected_slot_leaves_the_authors_other_sources(store: Store) -> None:
    read = pdf(0, "academic")
    store.add_labels([read, metadata(0, "industry")])
    store.add_verification(verdict(read, "reject"))
    row = only_row(store)
    assert (row["n_affil_known"], row["n_industry"], row["n_affil_conflicts"]) == (1, 1, 0)


def test_the_paper_list_first_rule_and_unknown_authors_as_non_industry(store: Store) -> None:
    """The two sensitivity rules: another source order, and authors of unknown type in the denominator."""
    from analysis.affiliations import METADATA, PDF, VERIFIED

    store.add_labels([pdf(0, "academic"), metadata(0, "industry"), pdf(1, "industry"), pdf(2, "unknown")])
    row = only_row(store)  # the report's rule: the PDF decides; author 2 is unknown and left out
    assert (row["n_affil_known"], row["n_industry"], row["frac_industry"]) == (2, 1, 0.5)
    listed_first = tables.paper_values(store, affiliation_order=(VERIFIED, METADATA, PDF)).iloc[0]
    assert (listed_first["n_industry"], listed_first["frac_industry"]) == (2, 1.0)
    as_non_industry = tables.unknown_as_non_industry(tables.paper_values(store)).iloc[0]
    assert as_non_industry["frac_industry"] == pytest.approx(1 / 3)
    assert not bool(as_non_industry["majority_industry"])
