"""Store -> papers frame where extraction runs matter: current labels, "not found" vs "not read"."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from analysis import bertology, tables
from analysis.params import BertologyParams
from paperscope.records import (
    Author,
    BertRole,
    CodeRelease,
    Evidence,
    Label,
    LabelValue,
    Paper,
    PdfFile,
    Producer,
    Topic,
)
from paperscope.store import Store


def sha(i: int) -> str:
    return f"{i:064x}"


def paper(i: int, year: int = 2021) -> Paper:
    return Paper(
        key=f"neurips/{year}/main/p{i}",
        venue="neurips",
        year=year,
        track="main",
        title=f"Paper {i}",
        authors=(Author(position=0, name="A0"),),
    )


def add_paper(store: Store, i: int, *, pdf: bool = True, year: int = 2021) -> str:
    """A paper, with a stored PDF (sha ``i``) unless ``pdf`` is false; returns its key."""
    p = paper(i, year)
    store.upsert_paper(p)
    if pdf:
        store.add_pdf(PdfFile(sha256=sha(i), n_bytes=100, n_pages=1))
        store.set_paper_pdf(p.key, sha(i))
    return p.key


def pdf_label(key: str, i: int, value: LabelValue, producer: str, version: str = "1.0.0") -> Label:
    evidence = Evidence(
        paper_key=key, pdf_sha256=sha(i), page=0, start=0, end=5, text_sha256=sha(i), matched="words"
    )
    return Label(
        paper_key=key,
        value=value,
        evidence=evidence,
        producer=Producer(name=producer, version=version),
        confidence=0.8,
    )


def run(store: Store, i: int, producer: str, version: str, *values: LabelValue, error: str = "") -> None:
    """One extraction run of ``producer@version`` on paper ``i``'s PDF, storing ``values``."""
    key = paper(i).key
    labels = [pdf_label(key, i, v, producer, version) for v in values]
    store.record_extraction(sha(i), producer, version, labels, error=error)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store.open(tmp_path / "s.sqlite")
    yield s
    s.close()


def row(store: Store, key: str) -> pd.Series:
    frame = tables.paper_values(store).set_index("paper_key")
    return frame.loc[key]


def test_a_newer_run_that_finds_nothing_retires_the_old_label(store: Store) -> None:
    key = add_paper(store, 1)
    run(store, 1, "topic", "1.0.0", Topic(topic="vision"))
    assert row(store, key)["topic"] == "vision"
    run(store, 1, "topic", "2.0.0")  # the new version reads the PDF and finds no topic
    assert pd.isna(row(store, key)["topic"])
    assert row(store, key)["label_status"] == "none"


def test_a_failed_newer_run_keeps_the_old_label(store: Store) -> None:
    key = add_paper(store, 2)
    run(store, 2, "topic", "1.0.0", Topic(topic="vision"))
    run(store, 2, "topic", "2.0.0", error="timeout: 60 s")
    assert row(store, key)["topic"] == "vision"


def test_no_code_release_label_after_a_successful_run_means_no_code(store: Store) -> None:
    read = add_paper(store, 3)
    run(store, 3, "code_links", "1.0.0")  # read the PDF: no link, no checklist answer
    unread = add_paper(store, 4, pdf=False)
    failed = add_paper(store, 5)
    run(store, 5, "code_links", "1.0.0", error="crashed: worker died")
    released = add_paper(store, 6)
    run(store, 6, "code_links", "1.0.0", CodeRelease(released=True, url="https://github.com/a/b"))
    frame = tables.paper_values(store).set_index("paper_key")
    assert not pd.isna(frame.loc[read, "released_code"])
    assert not bool(frame.loc[read, "released_code"])
    assert not bool(frame.loc[read, "code_verified"])
    assert frame.loc[read, "label_status"] == "machine"
    assert pd.isna(frame.loc[unread, "released_code"])
    assert pd.isna(frame.loc[failed, "released_code"])
    assert bool(frame.loc[released, "released_code"])
    assert list(frame["code_extracted"]) == [True, False, False, True]


def test_bert_share_divides_by_papers_the_bert_extractor_read(store: Store) -> None:
    studies = BertRole(role="studies", models=("bert",))
    for i in range(1, 5):
        add_paper(store, i)
        run(store, i, "bert", "1.0.0", *([studies] if i == 1 else []))
    for i in range(5, 9):
        add_paper(store, i, pdf=False)  # listed, but no PDF to read
    table = bertology.by_year(
        tables.paper_values(store), BertologyParams(venue="neurips", years=(2021,))
    ).iloc[0]
    assert (table["n_papers"], table["n_read"], table["n_bert"]) == (8, 4, 1)
    assert table["share"] == pytest.approx(0.25)


def test_fig5_counts_papers_that_study_bert_and_studies_or_uses_is_a_sensitivity_row(store: Store) -> None:
    from analysis.sensitivity import bertology_table

    studies, uses = BertRole(role="studies", models=("bert",)), BertRole(role="uses", models=("bert",))
    for i in range(1, 5):
        add_paper(store, i)
        run(store, i, "bert", "1.0.0", *([studies] if i == 1 else [uses] if i in (2, 3) else []))
    papers = tables.paper_values(store)
    params = BertologyParams(venue="neurips", years=(2021,))
    assert params.roles == ("studies",)  # the study's Methods rubric: a baseline run does not count
    (row,) = bertology.by_year(papers, params).to_dict("records")
    assert (row["n_bert"], row["share"]) == (1, 0.25)
    sens = bertology_table(papers, params).set_index("definition")
    assert sens.loc["studies BERT (the study's rubric)", "share"] == 0.25
    assert bool(sens.loc["studies BERT (the study's rubric)", "setting"])
    assert sens.loc["studies or uses BERT", "share"] == 0.75
    assert not bool(sens.loc["studies or uses BERT", "setting"])
