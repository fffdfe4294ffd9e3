"""Error rows that are retried: timeout/crashed once by the next batch, any with ``--retry-errors``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from extract import hardware
from extract.registry import select
from extract.run import plan, record, run_batch
from extract.worker import Outcome
from paperscope.cli import app
from paperscope.settings import DATA_DIR
from paperscope.store import Store
from paperscope.store.pdfs import PdfStore
from tests.extract import badpdfs
from tests.extract.test_extract_batch import add

HW = select(("hardware",))


@pytest.fixture
def stores(tmp_path: Path) -> Iterator[tuple[Store, PdfStore]]:
    store = Store.open(tmp_path / "paperscope.sqlite")
    yield store, PdfStore(tmp_path / "pdfs")
    store.close()


def fail(store: Store, sha: str, reason: str) -> str:
    """Record a failed hardware run of ``sha`` as a worker would; returns the stored error text."""
    record(store, Outcome(sha, 1, 1.0, errors={"hardware": reason}), {"hardware": HW[0]})
    return str(store.extraction_errors()[0]["error"])


def planned(store: Store, pdf_store: PdfStore, *, retry_errors: bool = False) -> list[str]:
    return [job.sha256 for job in plan(store, pdf_store, HW, retry_errors=retry_errors)]


@pytest.mark.parametrize("reason", ["timeout: over the 120 s cap", "crashed: the worker died (exit code -9)"])
def test_timeout_or_crash_is_retried_once_then_left(stores: tuple[Store, PdfStore], reason: str) -> None:
    store, pdf_store = stores
    sha = add(store, pdf_store, "good", badpdfs.good())
    assert fail(store, sha, reason) == reason
    assert planned(store, pdf_store) == [sha]  # the next batch tries it again
    second = fail(store, sha, reason)
    assert second == f"{reason} (attempt 2)"
    assert planned(store, pdf_store) == []  # not forever
    assert planned(store, pdf_store, retry_errors=True) == [sha]
    assert fail(store, sha, reason) == f"{reason} (attempt 3)"


def test_a_broken_pdf_is_not_retried_unless_asked(stores: tuple[Store, PdfStore]) -> None:
    store, pdf_store = stores
    sha = add(store, pdf_store, "truncated", badpdfs.truncated())
    run_batch(store, pdf_store, DATA_DIR, workers=0, only=("hardware",))
    assert str(store.extraction_errors()[0]["error"]).startswith("truncated:")
    assert run_batch(store, pdf_store, DATA_DIR, workers=0, only=("hardware",)).pdfs == 0
    again = run_batch(store, pdf_store, DATA_DIR, workers=0, only=("hardware",), retry_errors=True)
    assert again.pdfs == 1
    assert str(store.extraction_errors()[0]["error"]).endswith("(attempt 2)")
    assert sha in again.errors


def test_a_retry_that_succeeds_clears_the_error(stores: tuple[Store, PdfStore]) -> None:
    store, pdf_store = stores
    sha = add(store, pdf_store, "good", badpdfs.good())
    fail(store, sha, "timeout: over the 1 s cap")
    summary = run_batch(store, pdf_store, DATA_DIR, workers=0, only=("hardware",))
    assert summary.pdfs == 1
    assert store.extraction_errors() == []
    assert store.extraction_done("hardware", hardware.VERSION) == {sha}


def test_cli_retry_errors_reruns_error_rows(tmp_path: Path) -> None:
    home = tmp_path / "home"
    with Store.open(home / "paperscope.sqlite") as store:
        add(store, PdfStore(home / "pdfs"), "truncated", badpdfs.truncated())
    runner = CliRunner()
    args = ["extract", "--home", str(home), "--workers", "1", "--only", "hardware"]
    assert "1 PDFs with errors" in runner.invoke(app, args).output
    assert "0 PDFs" in runner.invoke(app, args).output
    result = runner.invoke(app, [*args, "--retry-errors"])
    assert result.exit_code == 0, result.output
    assert "1 PDFs with errors" in result.output
