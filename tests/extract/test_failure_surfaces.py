"""Failures shown where users look: ingest refusals kept with their reasons and a non-zero exit,
failed PDFs listed per file in ``status``, extraction status in the export, ``--max-pages``, and a
second ``extract`` on one home refused while the first runs."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pandas as pd
from typer.testing import CliRunner

from paperscope.cli import app
from paperscope.runlock import marker_text
from paperscope.store import Store
from tests.extract import badpdfs

TINY = badpdfs.TINY


def mixed_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(TINY, folder / "good.pdf")
    (folder / "locked.pdf").write_bytes(badpdfs.encrypted())
    (folder / "cut.pdf").write_bytes(badpdfs.truncated())
    return folder


def test_ingest_keeps_each_refusal_with_its_reason_and_exits_non_zero(tmp_path: Path) -> None:
    home = tmp_path / "home"
    args = ["ingest", str(mixed_folder(tmp_path)), "--home", str(home), "--venue", "local", "--year", "2020"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 1
    assert "1 of 3 PDFs stored" in result.output
    assert "2 of 3 PDFs refused" in result.output
    with Store.open(home / "paperscope.sqlite") as store:
        refused = {Path(path).name: reason for path, reason, _ in store.ingest_refusals()}
    assert refused == {"locked.pdf": "encrypted", "cut.pdf": "truncated"}
    status = CliRunner().invoke(app, ["status", "--home", str(home)])
    assert "ingest refused 2 files" in status.output
    assert "locked.pdf: encrypted: the PDF is encrypted" in status.output


def test_a_refusal_is_cleared_once_the_file_is_stored(tmp_path: Path) -> None:
    home, folder = tmp_path / "home", tmp_path / "in"
    folder.mkdir()
    (folder / "paper.pdf").write_bytes(badpdfs.truncated())
    CliRunner().invoke(app, ["ingest", str(folder), "--home", str(home)])
    shutil.copy(TINY, folder / "paper.pdf")  # downloaded again, whole this time (it names no venue)
    args = ["ingest", str(folder), "--home", str(home), "--venue", "local", "--year", "2020"]
    assert CliRunner().invoke(app, args).exit_code == 0
    with Store.open(home / "paperscope.sqlite") as store:
        assert store.ingest_refusals() == []


def long_and_good(tmp_path: Path) -> Path:
    """A home with a 12-page PDF and a good one ingested (placed by hand: they name no venue)."""
    home, folder = tmp_path / "home", tmp_path / "in"
    folder.mkdir()
    (folder / "long.pdf").write_bytes(badpdfs.many_pages(12))
    shutil.copy(TINY, folder / "good.pdf")
    args = ["ingest", str(folder), "--home", str(home), "--venue", "local", "--year", "2020"]
    assert CliRunner().invoke(app, args).exit_code == 0
    return home


def test_a_pdf_over_max_pages_fails_and_status_and_export_say_so_once_per_pdf(tmp_path: Path) -> None:
    home, runner = long_and_good(tmp_path), CliRunner()
    done = runner.invoke(app, ["extract", "--home", str(home), "--workers", "1", "--max-pages", "5"])
    assert done.exit_code == 0, done.output
    status = runner.invoke(app, ["status", "--home", str(home)]).output
    assert "extraction: 1 PDFs ok, 1 failed, 0 not extracted yet" in status  # per PDF, not per extractor
    failed = [line for line in status.splitlines() if line.strip().startswith("failed")]
    assert len(failed) == 1
    assert "local/" in failed[0]
    assert "page" in failed[0]  # the reason names the page cap
    out = tmp_path / "export"
    assert (
        runner.invoke(app, ["export", "--home", str(home), "--out", str(out), "--format", "csv"]).exit_code
        == 0
    )
    papers = pd.read_csv(out / "papers.csv")
    assert sorted(papers["extraction_status"]) == ["error", "ok"]
    error = papers.loc[papers["extraction_status"] == "error", "extraction_error"].iloc[0]
    assert "page" in error
    assert list(pd.read_csv(out / "verifications.csv").columns)  # an empty table keeps its header row


def test_a_second_extract_on_a_home_is_refused_while_the_first_runs(tmp_path: Path) -> None:
    home = tmp_path / "home"
    runner = CliRunner()
    assert runner.invoke(app, ["ingest", str(TINY), "--home", str(home)]).exit_code == 0
    # a live process (the test runner's parent) holds the home's extract marker
    (home / "extract.running").write_text(marker_text(os.getppid()))
    result = runner.invoke(app, ["extract", "--home", str(home), "--workers", "1"])
    assert result.exit_code != 0
    assert f"another extract (pid {os.getppid()}) is still running" in str(result.exception) + result.output
    status = runner.invoke(app, ["status", "--home", str(home)]).output
    assert f"running now: pid {os.getppid()}" in status
    (home / "extract.running").write_text("999999999 1")  # a dead run's marker is taken over
    assert runner.invoke(app, ["extract", "--home", str(home), "--workers", "1"]).exit_code == 0
    assert not (home / "extract.running").exists()


def test_the_report_says_when_extraction_is_running_incomplete_or_failed(tmp_path: Path) -> None:
    home, runner = long_and_good(tmp_path), CliRunner()
    (home / "extract.running").write_text(marker_text(os.getppid()))
    html = home / "r.html"

    def report() -> str:
        result = runner.invoke(app, ["report", "--home", str(home), "--out", str(html)])
        assert result.exit_code == 0, result.output
        return html.read_text(encoding="utf-8")

    text = report()
    assert f"An extraction is running on this store now (pid {os.getppid()})" in text
    assert "Extraction incomplete: 2 of 2 stored PDFs have not been extracted yet" in text
    (home / "extract.running").unlink()
    assert (
        runner.invoke(app, ["extract", "--home", str(home), "--workers", "1", "--max-pages", "5"]).exit_code
        == 0
    )
    text = report()
    assert "An extraction is running" not in text
    assert "Extraction incomplete" not in text
    assert "1 of 2 stored PDFs failed to extract" in text
