"""Ingest places real PDFs at their venue and year from the PDFs themselves and the paper lists.

On the shared corpus: every paper list is imported (papers created, as a store without a crawl
would have them), then every corpus PDF is ingested. MANIFEST.tsv says each PDF's true venue and
year: at least 90% must be placed there, none at a wrong one, and none placed by a file time.
"""

from __future__ import annotations

import csv
import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from paperscope.cli import app
from paperscope.store import Store

pytestmark = [pytest.mark.shared, pytest.mark.slow]


def test_corpus_pdfs_are_placed_at_their_venue_and_year(shared_dir: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    Store.open(home / "paperscope.sqlite").close()  # a fresh store: no crawl
    runner = CliRunner()
    for path in sorted((shared_dir / "corpus" / "paperlists").glob("*/*.json")):
        done = runner.invoke(app, ["import", "paperlists", str(path), "--home", str(home)])
        assert done.exit_code == 0, done.output
    # copies whose file times all say 1999: a placement read from them would be wrong
    pdfs, copies = shared_dir / "corpus" / "pdfs", tmp_path / "copies"
    copies.mkdir()
    for pdf in pdfs.glob("*.pdf"):
        shutil.copyfile(pdf, copies / pdf.name)
        os.utime(copies / pdf.name, (915_148_800, 915_148_800))
    ingested = runner.invoke(app, ["ingest", str(copies), "--home", str(home)])
    assert ingested.exit_code == 0, ingested.output
    with (pdfs / "MANIFEST.tsv").open(encoding="utf-8", newline="") as fh:
        truth = {r["sha256"]: (r["venue"], int(r["year"])) for r in csv.DictReader(fh, delimiter="\t")}
    with Store.open(home / "paperscope.sqlite") as store:
        placed: dict[str, set[tuple[str, int]]] = {}
        for row in store.query("SELECT venue, year, pdf_sha256 FROM papers WHERE pdf_sha256 IS NOT NULL"):
            placed.setdefault(row["pdf_sha256"], set()).add((row["venue"], row["year"]))
        listed = {
            (venue, year): store.query(
                "SELECT count(*) FROM papers WHERE venue = ? AND year = ?", (venue, year)
            )[0][0]
            for venue, year in (("neurips", 2018), ("neurips", 2021))
        }
    right = [sha for sha, where in truth.items() if where in placed.get(sha, set())]
    wrong = {
        sha: placed.get(sha)
        for sha in truth
        if sha not in right and any(v != "local" for v, _ in placed.get(sha, set()))
    }
    assert len(right) >= 0.9 * len(truth), f"placed {len(right)} of {len(truth)}"
    assert wrong == {}
    assert listed[("neurips", 2018)] >= 1000  # the paper lists' accepted papers are papers of the store
    assert listed[("neurips", 2021)] >= 2500
    assert "unplaced:" in ingested.output  # what could not be placed is listed, with the reason
    assert not any(year == 1999 for where in placed.values() for _, year in where)


def test_paper_lists_make_a_report_with_whole_conference_figures(shared_dir: Path, tmp_path: Path) -> None:
    from analysis import report
    from analysis.params import DEFAULT_PARAMS, load_params, load_targets

    home = tmp_path / "home"
    Store.open(home / "paperscope.sqlite").close()
    runner = CliRunner()
    for year in (2018, 2021):
        path = shared_dir / "corpus" / "paperlists" / "nips" / f"nips{year}.json"
        done = runner.invoke(app, ["import", "paperlists", str(path), "--home", str(home)])
        assert done.exit_code == 0, done.output
    with Store.open(home / "paperscope.sqlite") as store:
        built = report.build(store, load_params(DEFAULT_PARAMS), load_targets(), home)
    table = built.tables["metadata_conferences"]
    rows = {(r.year, r.track): r for r in table.itertuples()}
    assert rows[(2021, "main")].n_papers > 1000  # papers whose list gives one affiliation per author
    assert rows[(2021, "datasets_benchmarks")].n_papers > 50  # D&B apart from the main track
    assert rows[(2018, "main")].n_papers > 900
    section = built.html[built.html.index('id="conferences"') :]
    assert f"{rows[(2021, 'main')].n_papers:,}" in section[: section.index("</section>")]
