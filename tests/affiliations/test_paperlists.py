"""paperlists import: parsing, per-author labels with locators, title join, conference figure, CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from extract.affiliations.orgs.table import OrgIndex
from extract.paperlists import (
    ListedPaper,
    author_labels,
    conference_figure,
    import_into_store,
    listed_authorship,
    parse_entries,
    read_paperlists,
    venue_year,
)
from paperscope.cli import app
from paperscope.errors import InputError
from paperscope.records import Affiliation
from paperscope.store import Store
from tests.core.factories import paper

ENTRIES = [
    {
        "id": "abc",
        "title": "Paper number 1",
        "status": "Poster",
        "author": "Ada Lovelace;Alan Turing",
        "aff": "University of Oxford;DeepMind",
        "aff_domain": "ox.ac.uk;deepmind.com",
        "keywords": "graphs;learning",
    },
    {
        "id": "def",
        "title": "Paper number 2",
        "status": "Spotlight",
        "author": "A One;B Two;C Three",
        "aff": "Google;Stanford University",  # one author has no affiliation listed
        "aff_domain": "google.com;stanford.edu",
    },
    {
        "id": "ghi",
        "title": "Rejected work",
        "status": "Reject",
        "author": "X Y",
        "aff": "OpenAI",
        "aff_domain": "openai.com",
    },
]


def listed() -> list[ListedPaper]:
    return list(parse_entries(ENTRIES, source="nips2021.json", venue="neurips", year=2021))


def test_file_name_gives_venue_and_year() -> None:
    assert venue_year(Path("nips2021.json")) == ("neurips", 2021)
    assert venue_year(Path("iclr2023.json")) == ("iclr", 2023)
    with pytest.raises(InputError):
        venue_year(Path("papers.json"))


def test_entries_parse_with_alignment_and_acceptance() -> None:
    first, second, third = listed()
    assert first.authors == ("Ada Lovelace", "Alan Turing")
    assert first.aligned
    assert first.accepted
    assert first.keywords == ("graphs", "learning")
    assert not second.aligned
    assert not third.accepted


def test_aligned_entry_gives_one_label_per_author_with_a_locator(orgs: OrgIndex) -> None:
    labels = author_labels(listed()[0], "neurips/2021/main/k1", orgs)
    values = [lab.value for lab in labels if isinstance(lab.value, Affiliation)]
    assert [(v.author_position, v.author_name, v.org_type, v.country) for v in values] == [
        (0, "Ada Lovelace", "academic", "GB"),
        (1, "Alan Turing", "industry", "GB"),
    ]
    assert [lab.evidence.locator for lab in labels] == ["nips2021.json#abc/0", "nips2021.json#abc/1"]
    assert {lab.evidence.source for lab in labels} == {"metadata"}
    assert {lab.producer.name for lab in labels} == {"paperlists"}


def test_unaligned_entry_gives_no_per_author_labels_but_counts_in_the_figure(orgs: OrgIndex) -> None:
    second = listed()[1]
    assert author_labels(second, "neurips/2021/main/k2", orgs) == []
    row = listed_authorship(second, orgs)
    assert (row.n_authors, row.n_industry, row.n_unknown, row.frac_industry) == (3, 1, 1, 0.5)


def test_conference_figure_over_accepted_papers(orgs: OrgIndex) -> None:
    fig = conference_figure(listed(), orgs)
    assert (fig.n_papers, fig.n_with_affiliations, fig.n_unaligned) == (2, 2, 1)
    assert fig.share_any_industry == 1.0
    assert fig.mean_frac_industry == pytest.approx((0.5 + 0.5) / 2)
    assert (fig.n_authors, fig.n_authors_unknown) == (5, 1)


def test_import_joins_by_normalised_title_and_is_idempotent(tmp_path: Path, orgs: OrgIndex) -> None:
    with Store.open(tmp_path / "s.sqlite") as store:
        store.upsert_paper(paper(1, title="Paper Number 1."))
        first = import_into_store(store, listed(), orgs)
        again = import_into_store(store, listed(), orgs)
        labels = store.labels(field="affiliation")
    assert (first.n_entries, first.n_joined, first.n_labels_new) == (3, 1, 2)
    assert again.n_labels_new == 0
    assert {lab.paper_key for lab in labels} == {paper(1).key}


def test_import_joins_only_papers_of_the_files_venue_and_year(tmp_path: Path, orgs: OrgIndex) -> None:
    other_year = paper(1, year=2020)  # same title, NeurIPS 2020
    other_venue = paper(1).model_copy(update={"key": "icml/2021/main/k1", "venue": "icml"})
    with Store.open(tmp_path / "s.sqlite") as store:
        for p in (paper(1), other_year, other_venue):
            store.upsert_paper(p)
        report = import_into_store(store, listed(), orgs)
        keys = {lab.paper_key for lab in store.labels(field="affiliation")}
    assert report.n_joined == 1
    assert keys == {paper(1).key}


def test_import_skips_entries_that_were_not_accepted(tmp_path: Path, orgs: OrgIndex) -> None:
    with Store.open(tmp_path / "s.sqlite") as store:
        store.upsert_paper(paper(3, title="Rejected work"))  # a crawled paper of the same title
        store.upsert_paper(paper(4, title="Moved to the workshop"))
        entries = [
            *ENTRIES,
            {**ENTRIES[2], "id": "w", "title": "Moved to the workshop", "status": "Workshop"},
        ]
        report = import_into_store(
            store, parse_entries(entries, source="nips2021.json", venue="neurips", year=2021), orgs
        )
        labelled = {lab.paper_key for lab in store.labels(field="affiliation")}
        # the rejected and workshop entries neither join the crawled papers of their titles nor are created
        assert not labelled & {paper(3).key, paper(4).key}
        titles = sorted(p.title for p in store.papers() if p.key not in {paper(3).key, paper(4).key})
    assert (report.n_entries, report.n_joined, report.n_not_accepted, report.n_created) == (4, 0, 2, 2)
    assert report.not_accepted == (("Reject", 1), ("Workshop", 1))
    assert titles == sorted(e["title"] for e in ENTRIES[:2])  # the accepted entries, as papers of their own


def test_import_creates_the_papers_it_lists(tmp_path: Path, orgs: OrgIndex) -> None:
    with Store.open(tmp_path / "s.sqlite") as store:
        listed = parse_entries(
            ENTRIES, source="nips2021.json", venue="neurips", year=2021, body_sha256="0" * 64
        )
        first = import_into_store(store, listed, orgs)
        again = import_into_store(
            store, parse_entries(ENTRIES, source="nips2021.json", venue="neurips", year=2021), orgs
        )
        created = list(store.papers())
    assert (first.n_created, again.n_created, again.n_labels_new) == (2, 0, 0)  # idempotent
    assert {(p.venue, p.year, p.track) for p in created} == {("neurips", 2021, "main")}
    oxford = next(p for p in created if p.title == ENTRIES[0]["title"])
    assert [a.affiliations_raw for a in oxford.authors] == [("University of Oxford",), ("DeepMind",)]
    assert oxford.source is not None
    assert oxford.source.url == f"nips2021.json#{ENTRIES[0]['id']}"
    assert oxford.decision == "Poster"


@pytest.mark.parametrize(
    ("status", "accepted"),
    [
        ("Poster", True),
        ("Oral", True),
        ("Spotlight", True),
        ("Talk", True),
        ("Highlighted", True),
        ("Top-5%", True),
        ("Top-25%", True),
        ("", True),  # ICML 2018-2019 proceedings entries without a status
        ("Reject", False),
        ("Withdraw", False),
        ("Desk Reject", False),
        ("Workshop", False),
        ("Active", False),
        ("Something new", False),
    ],
)
def test_statuses_that_mean_accepted(status: str, accepted: bool) -> None:
    (entry,) = parse_entries([{**ENTRIES[0], "status": status}], source="f", venue="iclr", year=2021)
    assert entry.accepted is accepted


def test_read_rejects_a_file_that_is_not_a_list(tmp_path: Path) -> None:
    bad = tmp_path / "nips2021.json"
    bad.write_text('{"not": "a list"}', encoding="utf-8")
    with pytest.raises(InputError):
        read_paperlists(bad)


def test_cli_imports_and_prints_the_figure(tmp_path: Path) -> None:
    source = tmp_path / "nips2021.json"
    source.write_text(json.dumps(ENTRIES), encoding="utf-8")
    home = tmp_path / "home"
    with Store.open(home / "paperscope.sqlite") as store:
        store.upsert_paper(paper(1))
    result = CliRunner().invoke(app, ["import", "paperlists", str(source), "--home", str(home)])
    assert result.exit_code == 0, result.output
    assert (
        "3 entries, 1 not accepted and skipped (Reject 1), 1 joined to stored neurips 2021 papers by title, "
        "1 new papers" in " ".join(result.output.split())
    )
    assert "share with an industry co-author 1.000" in result.output
    assert "authors unknown 1 of 5" in result.output


def test_cli_without_a_store_is_a_one_line_user_error(tmp_path: Path) -> None:
    source = tmp_path / "nips2021.json"
    source.write_text(json.dumps(ENTRIES), encoding="utf-8")
    result = CliRunner().invoke(app, ["import", "paperlists", str(source), "--home", str(tmp_path / "none")])
    assert result.exit_code != 0
    assert not (tmp_path / "none" / "paperscope.sqlite").exists()
    figure = CliRunner().invoke(
        app, ["import", "paperlists", str(source), "--figure-only", "--home", str(tmp_path / "none")]
    )
    assert figure.exit_code == 0
    assert "share with an industry co-author" in figure.output


@pytest.mark.shared
def test_real_iclr_2018_file_accepts_its_posters_and_orals_only(shared_dir: Path) -> None:
    papers = read_paperlists(shared_dir / "corpus" / "paperlists" / "iclr" / "iclr2018.json")
    accepted = [p for p in papers if p.accepted]
    assert len(accepted) == 337  # ICLR 2018: 23 orals + 314 posters
    assert {p.status for p in accepted} == {"Oral", "Poster"}
