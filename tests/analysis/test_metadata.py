"""Whole-conference figures from imported paper lists, and their section of the report."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from analysis import report
from analysis.metadata import metadata_figures
from analysis.params import Params, load_targets
from extract.affiliations.extractor import load_resources
from extract.paperlists import import_into_store, parse_entries
from paperscope.settings import DATA_DIR
from paperscope.store import Store

ENTRIES = [
    {"id": "a", "title": "All academic", "status": "Poster", "author": "A;B",
     "aff": "University of Oxford;Stanford University", "aff_domain": "ox.ac.uk;stanford.edu"},
    {"id": "b", "title": "Mixed team", "status": "Oral", "author": "C;D;E",
     "aff": "DeepMind;University of Oxford;Google", "aff_domain": "deepmind.com;ox.ac.uk;google.com"},
    {"id": "c", "title": "All industry", "status": "Poster", "author": "F", "aff": "OpenAI", "aff_domain": "openai.com"},
    {"id": "d", "title": "A benchmark", "status": "Poster", "author": "G", "aff": "Google",
     "aff_domain": "google.com", "track": "Datasets & Benchmarks"},
    {"id": "e", "title": "Fewer affiliations than authors", "status": "Poster", "author": "H;I", "aff": "Google",
     "aff_domain": "google.com"},
    {"id": "f", "title": "Rejected", "status": "Reject", "author": "J", "aff": "OpenAI", "aff_domain": "openai.com"},
]  # fmt: skip


def imported(store: Store) -> None:
    entries = parse_entries(ENTRIES, source="nips2016.json", venue="neurips", year=2016, body_sha256="1" * 64)
    import_into_store(store, entries, load_resources(DATA_DIR).orgs)


def test_metadata_figures_per_venue_year_and_track(tmp_path: Path) -> None:
    with Store.open(tmp_path / "s.sqlite") as store:
        imported(store)
        table = metadata_figures(store).set_index("track")
    main, benchmarks = table.loc["main"], table.loc["datasets_benchmarks"]
    assert (main["n_papers"], main["n_listed"]) == (3, 4)  # the unaligned entry is listed, not counted
    assert main["share_any_industry"] == pytest.approx(2 / 3)
    assert main["mean_frac_industry"] == pytest.approx((0 + 2 / 3 + 1) / 3)
    assert (main["share_all_academic"], main["share_mixed"], main["share_all_industry"]) == pytest.approx(
        (1 / 3, 1 / 3, 1 / 3)
    )
    assert (benchmarks["n_papers"], benchmarks["share_all_industry"]) == (1, 1.0)


def test_the_report_shows_them_with_their_n(
    synthetic_home: Path, quick_params: Params, tmp_path: Path
) -> None:
    home = tmp_path / "home"
    shutil.copytree(synthetic_home, home)
    with Store.open(home / "paperscope.sqlite") as store:
        imported(store)
        built = report.build(store, quick_params, load_targets(), home)
    section = built.html[built.html.index('id="conferences"') :]
    section = section[: section.index("</section>")]
    assert "Datasets &amp; Benchmarks" in section
    assert "66.7%" in section  # the 2016 main track: 2 of 3 papers with an industry author
    shown = built.tables["metadata_conferences"]
    assert list(shown.loc[shown["year"] == 2016, "n_papers"]) == [1, 3]


def test_without_a_paper_list_the_section_says_so(tmp_path: Path, quick_params: Params) -> None:
    with Store.open(tmp_path / "s.sqlite") as store:
        built = report.build(store, quick_params, load_targets(), tmp_path)
    assert "No paper list with per-author affiliations is imported" in built.html
