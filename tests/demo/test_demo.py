"""The demo replica follows the live site's markup, and `paperscope demo` runs the whole pipeline."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path

import pytest
from web_poet import HttpResponse

from crawlers.pages.neurips.abstract import NeuripsAbstractPage
from crawlers.pages.neurips.index import NeuripsIndexPage
from paperscope.demo.papers import DEMO_PAPERS
from paperscope.demo.pdfs import render_pdf
from paperscope.demo.run import MARKER, known_answer_checks, prepare_home
from paperscope.demo.site import write_site
from paperscope.errors import InputError
from paperscope.records import (
    Affiliation,
    BertRole,
    CodeRelease,
    Evidence,
    HardwareSetup,
    Label,
    Producer,
    Topic,
)
from paperscope.store import Store

SITE = "https://proceedings.neurips.cc"


def parse(page_cls, url: str, body: bytes):
    return asyncio.run(page_cls(response=HttpResponse(url=url, body=body, status=200)).to_item())


def test_the_replica_parses_with_the_live_layout_page_objects(tmp_path: Path):
    root = write_site(tmp_path)
    base = root / "paper_files" / "paper" / "2021"
    index = parse(NeuripsIndexPage, f"{SITE}/paper_files/paper/2021", (base / "index.html").read_bytes())
    assert index.layout == "IndexPage2026"
    assert [e.title for e in index.entries] == [p.title for p in DEMO_PAPERS]
    for p in DEMO_PAPERS:
        path = f"/paper_files/paper/2021/hash/{p.hash}-Abstract.html"
        item = parse(
            NeuripsAbstractPage, SITE + path, (base / "hash" / f"{p.hash}-Abstract.html").read_bytes()
        )
        assert item.layout == "AbstractPage2026"
        assert item.title == p.title
        assert item.abstract == p.abstract
        assert [a.name for a in item.authors] == [a.name for a in p.authors]
        assert item.pdf_url.endswith(f"{p.hash}-Paper.pdf")


def test_demo_pdfs_are_deterministic_and_carry_link_annotations():
    import pypdfium2 as pdfium

    paper = DEMO_PAPERS[1]
    data = render_pdf(paper)
    assert data == render_pdf(paper)
    doc = pdfium.PdfDocument(data)
    try:
        text = "".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
        assert paper.title in text
        assert "TPU v3-128" in text
        assert "Checklist" in text
    finally:
        doc.close()


def test_prepare_home_refuses_a_folder_the_demo_did_not_make(tmp_path: Path):
    (tmp_path / "thesis.tex").write_text("precious")
    with pytest.raises(InputError, match="not a demo folder"):
        prepare_home(tmp_path)
    assert (tmp_path / "thesis.tex").exists()
    demo = tmp_path / "demo"
    prepare_home(demo)
    (demo / "old-run.txt").write_text("x")
    prepare_home(demo)
    assert sorted(p.name for p in demo.iterdir()) == [MARKER]


def _label(key: str, value: object, confidence: float = 0.9) -> Label:
    ev = Evidence(paper_key=key, source="metadata", matched="x", locator="test")
    return Label(paper_key=key, value=value, evidence=ev, producer=Producer(name="t", version="0.0.1"),
                 confidence=confidence)  # fmt: skip


def test_known_answer_checks_compare_each_field():
    p = DEMO_PAPERS[2]  # 8 x V100, uses BERT, code promised only, academic + industry, NLP
    key = f"neurips/2021/main/{p.hash}"
    labels = [
        _label(key, HardwareSetup(status="reported", chip="v100", count=8)),
        _label(key, BertRole(role="studies")),
        _label(key, CodeRelease(released=False)),
        _label(key, Affiliation(author_position=0, author_name="a", raw="Tsinghua", org_type="academic")),
        _label(key, Affiliation(author_position=1, author_name="b", raw="MSRA", org_type="industry")),
        _label(key, Topic(topic="nlp_speech")),
    ]
    checks = {c.field: c for c in known_answer_checks(labels) if c.paper == p.title}
    assert checks["hardware"].ok
    assert checks["hardware"].found == "8 x v100"
    assert not checks["bert"].ok
    assert (checks["bert"].expected, checks["bert"].found) == ("uses", "studies")
    assert checks["code"].ok
    assert checks["orgs"].found == "AI"
    assert checks["orgs"].ok
    assert checks["topic"].ok


@pytest.mark.slow
def test_demo_runs_the_whole_pipeline_and_writes_the_report(tmp_path: Path):
    home = tmp_path / "demo"
    result = subprocess.run(
        [sys.executable, "-c", "from paperscope.cli import main; main()", "demo", "--home", str(home)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        env={"COLUMNS": "160", "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    report = home / "report" / "report.html"
    assert f"report: {report}" in result.stdout.replace("\n", "")
    assert report.stat().st_size > 10_000
    found = next(line for line in result.stdout.splitlines() if line.startswith("known answers found:"))
    right, total = (int(x) for x in found.removeprefix("known answers found: ").split(" of "))
    assert total == 60
    assert right >= 50, result.stdout  # the pipeline end to end on the demo papers
    # the score is not dressed as accuracy: the output says the papers were written for the demo
    assert "generated for this demo" in result.stdout.replace("\n", " ")
    assert "not how accurate it is on real papers" in " ".join(result.stdout.split())
    with Store.open(home / "paperscope.sqlite") as store:
        assert len(list(store.papers())) == 12
        assert store.misses() == []
        assert {lab.field for lab in store.labels()} == {"hardware", "bert", "code", "affiliation", "topic"}


def test_run_refuses_a_bad_venue_or_years_before_any_stage(tmp_path: Path):
    for args, message in (
        (["--venue", "cvpr"], "--venue 'cvpr': choose neurips, icml, iclr"),
        (["--years", "twenty"], "twenty"),
    ):
        result = subprocess.run(
            [
                sys.executable,
                "-c",
                "from paperscope.cli import main; main()",
                "run",
                "--home",
                str(tmp_path),
                *args,
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 2, result.stderr
        assert result.stderr.count("\n") == 1
        assert message in result.stderr
    assert not (tmp_path / "paperscope.sqlite").exists()


def test_demo_honours_paperscope_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from typer.testing import CliRunner

    from paperscope.cli import app

    precious = tmp_path / "research-home"
    precious.mkdir()
    (precious / "thesis.tex").write_text("precious")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["demo"], env={"PAPERSCOPE_HOME": str(precious)})
    assert result.exit_code != 0
    assert "not a demo folder" in str(result.exception) + result.output
    assert (precious / "thesis.tex").read_text() == "precious"
    assert not (tmp_path / "paperscope-demo").exists()  # nothing written to the old fixed place
