"""``paperscope ingest`` and ``paperscope extract``: local PDFs in, labels with evidence out."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from extract.ingest import Placement, identify, ingest_paths
from paperscope.cli import app
from paperscope.records import Paper
from paperscope.store import Store
from paperscope.store.pdfs import PdfStore
from tests.extract import badpdfs

TINY = badpdfs.TINY


def test_identify_reads_the_printed_title() -> None:
    ident = identify(TINY.read_bytes())
    assert ident.title == "A Tiny Paper About Nothing"
    assert ident.metadata_title == "A Tiny Paper About Nothing"


def test_ingest_makes_a_paper_at_the_given_venue_and_year_then_is_idempotent(tmp_path: Path) -> None:
    given = Placement("local", 2020)  # the tiny paper names no venue: placed by hand
    with Store.open(tmp_path / "s.sqlite") as store:
        pdfs = PdfStore(tmp_path / "pdfs")
        (first,) = ingest_paths([TINY], store, pdfs, given)
        assert first.new_paper
        (key,) = first.paper_keys
        assert key.startswith("local/2020/local/")
        assert key.endswith(first.sha256[:16])  # type: ignore[index]
        paper = store.get_paper(key)
        assert paper is not None
        assert paper.title == "A Tiny Paper About Nothing"
        assert store.paper_pdf(key) == first.sha256
        (again,) = ingest_paths([TINY], store, pdfs, given)
        assert (again.new_paper, again.paper_keys) == (False, (key,))
        assert len(list(store.papers())) == 1


def test_ingest_matches_a_crawled_paper_by_title(tmp_path: Path) -> None:
    with Store.open(tmp_path / "s.sqlite") as store:
        crawled = Paper(
            key="neurips/2021/main/abc123",
            venue="neurips",
            year=2021,
            track="main",
            title="A tiny paper about nothing",
        )
        store.upsert_paper(crawled)
        (result,) = ingest_paths([TINY], store, PdfStore(tmp_path / "pdfs"))
        assert (result.new_paper, result.paper_keys) == (False, (crawled.key,))


def test_ingest_reports_bad_files_and_goes_on(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(TINY, folder / "good.pdf")
    (folder / "sub").mkdir()
    (folder / "sub" / "bad.PDF").write_bytes(badpdfs.html_page())
    (folder / "notes.txt").write_text("not a pdf")
    with Store.open(tmp_path / "s.sqlite") as store:
        results = ingest_paths([folder], store, PdfStore(tmp_path / "pdfs"))
    assert [(r.path.name, r.error.split(":")[0]) for r in results] == [
        ("good.pdf", ""),
        ("bad.PDF", "html_as_pdf"),
    ]


def test_cli_ingest_then_extract_gives_labels_with_evidence(tmp_path: Path) -> None:
    runner = CliRunner()
    home = tmp_path / "home"
    result = runner.invoke(
        app, ["ingest", str(TINY), "--home", str(home), "--venue", "local", "--year", "2020"]
    )
    assert result.exit_code == 0, result.output
    assert "1 of 1 PDFs stored (1 new papers)" in result.output
    args = ["extract", "--home", str(home), "--workers", "1", "--only", "hardware", "--only", "code_links"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "1 PDFs" in result.output
    with Store.open(home / "paperscope.sqlite") as store:
        labels = store.labels()
    v100 = next(lab for lab in labels if lab.value.kind == "hardware" and lab.evidence.matched == "V100")
    assert v100.evidence.page == 0
    assert v100.evidence.boxes
    assert (v100.producer.parser or "").startswith("pypdfium2@")
    assert {lab.producer.name for lab in labels} == {"hardware", "code_links"}
    again = runner.invoke(app, args)
    assert "0 PDFs" in again.output


def test_cli_extract_refuses_an_unknown_extractor(tmp_path: Path) -> None:
    runner = CliRunner()
    home = tmp_path / "home"
    runner.invoke(app, ["ingest", str(TINY), "--home", str(home)])
    result = runner.invoke(app, ["extract", "--home", str(home), "--only", "nope"])
    assert result.exit_code != 0
    assert "unknown extractor" in str(result.exception) + result.output


@pytest.mark.shared
def test_real_corpus_papers(shared_dir: Path, tmp_path: Path) -> None:
    """Two real papers of the shared corpus, end to end through ingest and the batch."""
    pdfs = shared_dir / "corpus" / "pdfs"
    picks = [pdfs / "085cb5bf453df764.pdf", pdfs / "d87d482d5ae7960e.pdf"]  # XLNet, Attention Is All You Need
    runner = CliRunner()
    home = tmp_path / "home"
    assert runner.invoke(app, ["ingest", *map(str, picks), "--home", str(home)]).exit_code == 0
    result = runner.invoke(app, ["extract", "--home", str(home), "--workers", "2", "--only", "hardware"])
    assert result.exit_code == 0, result.output
    with Store.open(home / "paperscope.sqlite") as store:
        setups = {lab.value.chip: lab.value.count for lab in store.labels(kind="hardware_setup")}  # type: ignore[union-attr]
    assert setups == {"tpu-v3": 512, "p100": 8}
