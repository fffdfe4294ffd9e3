"""The Python API alone runs the demo pipeline and leaves the same store as the CLI's demo.

``paperscope.api``: crawl -> extract -> report with typed requests, nothing printed; requests that
are wrong fail when made, with the CLI's one-line message.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from paperscope import api
from paperscope.demo.server import LoopbackSite
from paperscope.demo.site import YEAR, write_site
from paperscope.errors import InputError

pytestmark = [pytest.mark.slow, pytest.mark.timeout(600)]


def snapshot(home: Path) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    """Papers (key, title, PDF) and labels (who made them, value, evidence), without ids and times."""
    with sqlite3.connect(home / "paperscope.sqlite") as conn:
        papers = conn.execute("SELECT key, title, pdf_sha256 FROM papers ORDER BY key").fetchall()
        labels = []
        for (raw,) in conn.execute("SELECT record_json FROM labels"):
            record = json.loads(raw)
            record.pop("id", None)
            record.pop("created_at", None)
            labels.append(tuple(json.dumps(record[k], sort_keys=True) for k in sorted(record)))
    return papers, sorted(labels)


def test_the_api_alone_leaves_the_same_store_as_the_cli_demo(tmp_path: Path) -> None:
    home = tmp_path / "api-home"
    with LoopbackSite(write_site(tmp_path / "site")) as site:
        crawled = api.crawl(api.CrawlRequest("neurips", str(YEAR), home=home, tracks="main", site=site.url))
    assert (crawled.listed, crawled.stored, crawled.missed, crawled.returncode) == (12, 12, 0, 0)
    extracted = api.extract(api.ExtractRequest(home=home, venue="neurips", year=YEAR))
    assert (extracted.pdfs, len(extracted.errors)) == (12, 0)
    reported = api.report(api.ReportRequest(home=home))
    assert reported.path.is_file()
    assert "table1" in reported.tables

    cli_home = tmp_path / "cli-home"
    cli = [sys.executable, "-c", "from paperscope.cli import main; main()", "demo", "--home", str(cli_home)]
    done = subprocess.run(cli, capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    ours, theirs = snapshot(home), snapshot(cli_home)
    assert ours[0] == theirs[0]
    assert len(ours[1]) > 50
    assert ours[1] == theirs[1]


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: api.CrawlRequest("aaai", "2021"), "venue 'aaai': choose neurips, icml, iclr"),
        (lambda: api.CrawlRequest("neurips", "20x1"), "20x1"),
        (lambda: api.ExtractRequest(workers=0), "workers 0: must be at least 1"),
        (lambda: api.ExtractRequest(only=("nonsense",)), "only:"),
        (
            lambda: api.IngestRequest(["/nonexistent/file.pdf"]),
            "no such file or folder: /nonexistent/file.pdf",
        ),
        (lambda: api.IngestRequest(["."], venue="icml"), "venue and year go together"),
        (lambda: api.ReportRequest(params="/nonexistent.yaml"), "params: no such file"),
    ],
)
def test_a_bad_request_fails_when_made_with_one_line(make: object, message: str) -> None:
    with pytest.raises(InputError, match=message.replace("(", r"\(")) as raised:
        make()  # type: ignore[operator]
    assert "\n" not in str(raised.value)
