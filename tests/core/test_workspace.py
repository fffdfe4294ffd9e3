"""The notebook API: ``paperscope.open_workspace(home)`` gives the store's tables and records, read-only."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import paperscope
from paperscope.cli import app
from paperscope.errors import StoreError
from paperscope.export import labels_frame, papers_frame

TINY = Path(__file__).resolve().parents[1] / "pdfs" / "tiny-paper.pdf"


def test_a_home_opened_from_python_gives_the_export_tables(tmp_path: Path) -> None:
    home = tmp_path / "home"
    runner = CliRunner()
    placed = ["--venue", "local", "--year", "2020"]  # the tiny paper names no venue
    assert runner.invoke(app, ["ingest", str(TINY), "--home", str(home), *placed]).exit_code == 0
    assert runner.invoke(app, ["extract", "--home", str(home), "--workers", "1"]).exit_code == 0
    before = hashlib.sha256((home / "paperscope.sqlite").read_bytes()).hexdigest()
    with paperscope.open_workspace(home) as ws:
        papers, labels = ws.papers(), ws.labels()
        assert papers.equals(papers_frame(ws.store))
        assert labels.equals(labels_frame(ws.store))
        key = str(papers["paper_key"].iloc[0])
        record = ws.paper(key)
        assert record is not None
        assert ws.label_records(paper_key=key)
        status = ws.status()
    assert list(papers["extraction_status"]) == ["ok"]
    assert (labels["page"] >= 1).all()  # pages 1-based, as a reader counts them
    assert status["extraction"] == {"ok": 1}
    assert sum(status["labels"].values()) == int((labels["producer"] != "placeholder@0").sum())
    assert hashlib.sha256((home / "paperscope.sqlite").read_bytes()).hexdigest() == before  # read-only


def test_a_home_without_a_store_is_one_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no store here"):
        paperscope.open_workspace(tmp_path / "nothing")
    assert not (tmp_path / "nothing" / "paperscope.sqlite").exists()


def test_importing_paperscope_stays_light() -> None:
    code = (
        "import sys, paperscope; assert 'pandas' not in sys.modules and 'paperscope.store' not in sys.modules"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
