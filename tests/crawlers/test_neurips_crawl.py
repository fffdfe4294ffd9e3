"""Crawls against the loopback mirror: four layout eras, both tracks, and every bad case.

Each crawl is a subprocess (Twisted's reactor cannot restart in one process): the CLI, or
``scrapy crawl`` from the repository root as users run it.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time

import pytest
from crawlrun import REPO_ROOT, cli_crawl, outcomes, pdf_files_ok, rows, scrapy_cmd, snapshot, stored_so_far
from mirror import YEARS, Mirror, build_mirror

from tests.mockserver.process import MirrorProcess

pytestmark = pytest.mark.timeout(300)


@pytest.fixture(scope="module")
def mirror(tmp_path_factory):
    root = tmp_path_factory.mktemp("mirror") / "site"
    built = build_mirror(root)
    with MirrorProcess(root, built.faults) as server:
        yield built, server


@pytest.fixture(scope="module")
def crawled(mirror, tmp_path_factory):
    _built, server = mirror
    home = tmp_path_factory.mktemp("home")
    first = cli_crawl(home, server.url, YEARS)
    return home, first


def test_every_listed_paper_is_stored_or_missed_with_its_reason(mirror, crawled):
    built, _ = mirror
    home, result = crawled
    assert result.returncode == 0, result.stdout + result.stderr
    assert outcomes(home) == built.expected
    listed, stored, missed = len(built.expected), list(built.expected.values()).count("stored"), 5
    assert f"listed {listed}, stored {stored}" in " ".join(result.stdout.split())
    assert f"missed {missed}" in result.stdout
    n_files, problems = pdf_files_ok(home)
    assert problems == []
    # one file per distinct PDF: the 2021 main paper and its D&B round2 twin serve the same bytes
    assert n_files == rows(home, "SELECT count(DISTINCT pdf_sha256) FROM papers")[0][0] == stored - 1


def test_three_layout_eras_and_both_tracks_were_parsed(crawled):
    home, _ = crawled
    layouts = {r[0] for r in rows(home, "SELECT json_extract(record_json, '$.source.layout') FROM papers")}
    assert {"AbstractPage2026", "AbstractPage2020", "AbstractPage1987"} <= layouts
    tracks = {r[0] for r in rows(home, "SELECT DISTINCT track FROM papers")}
    assert tracks == {"main", "datasets"}
    assert rows(home, "SELECT count(*) FROM layout_misses") == [(0,)]


def test_metadata_json_authors_land_with_institutions(mirror, crawled):
    built, _ = mirror
    home, _ = crawled
    for key, authors in built.authors.items():
        got = rows(
            home, f"SELECT name, affiliations_json FROM authors WHERE paper_key = '{key}' ORDER BY position"
        )
        assert [(n, tuple(json.loads(a))) for n, a in got] == authors


def test_a_second_crawl_changes_nothing_and_fetches_no_stored_pdf(mirror, crawled):
    _built, server = mirror
    home, _ = crawled
    before = snapshot(home)
    hits_before = server.hits()
    again = cli_crawl(home, server.url, YEARS)
    assert again.returncode == 0, again.stdout + again.stderr
    assert snapshot(home) == before
    hits = server.hits()
    stored_pdfs = [u for (u,) in rows(home, "SELECT pdf_url FROM papers WHERE pdf_sha256 IS NOT NULL")]
    for url in stored_pdfs:
        path = url.split(server.url, 1)[1]
        assert hits.get(path, 0) == hits_before.get(path, 0), f"{path} fetched again"
    assert "(0 new)" in again.stdout


@pytest.mark.parametrize("stop", [signal.SIGKILL, signal.SIGINT], ids=["sigkill", "sigint"])
def test_a_crawl_stopped_half_way_resumes_with_nothing_lost_or_duplicated(tmp_path, stop):
    root = tmp_path / "site"
    built: Mirror = build_mirror(root)
    home, jobdir = tmp_path / "home", tmp_path / "job"
    settings = ["-s", f"JOBDIR={jobdir}", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=2", "-s", "LOG_LEVEL=WARNING"]
    with MirrorProcess(root, built.faults, delay=0.25) as server:
        cmd = scrapy_cmd(home, server.url, YEARS, *settings)
        env = {k: v for k, v in os.environ.items() if k != "SCRAPY_SETTINGS_MODULE"}
        proc = subprocess.Popen(
            cmd, cwd=REPO_ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        deadline = time.monotonic() + 120
        stored = 0
        while time.monotonic() < deadline and proc.poll() is None:
            if (stored := stored_so_far(home)) >= 5:
                break
            time.sleep(0.1)
        assert proc.poll() is None, "the crawl ended before it could be killed half way"
        proc.send_signal(stop)
        proc.wait(timeout=60)
        assert 5 <= stored < list(built.expected.values()).count("stored")
        # a kill leaves the marker behind; a graceful stop (Ctrl-C) keeps its queue for the rerun
        assert (jobdir / "paperscope.running").exists() == (stop == signal.SIGKILL)
        rerun = subprocess.run(
            cmd, cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=240, check=False
        )
        assert rerun.returncode == 0, rerun.stderr[-3000:]
    assert ("did not close cleanly" in rerun.stderr) == (stop == signal.SIGKILL)
    assert outcomes(home) == built.expected  # 0 lost
    assert rows(home, "SELECT count(*), count(DISTINCT key) FROM papers") == [(len(built.expected),) * 2]
    n_files, problems = pdf_files_ok(home)
    assert [p for p in problems if not p.startswith("leftover")] == []
    shas = rows(home, "SELECT count(*), count(DISTINCT sha256) FROM pdf_files")[0]
    assert shas[0] == shas[1] == n_files  # 0 duplicates: one file and one row per distinct PDF
    assert not (jobdir / "paperscope.running").exists()


def test_a_changed_layout_records_layout_misses_and_exits_non_zero(tmp_path):
    root = tmp_path / "site"
    built = build_mirror(root, changed_layout=True)
    home = tmp_path / "home"
    with MirrorProcess(root, built.faults) as server:
        result = cli_crawl(home, server.url, "2024")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "layout" in result.stdout
    misses = rows(home, "SELECT url, venue, page_kind, layouts_tried, response_sha256 FROM layout_misses")
    assert len(misses) == 10  # 11 listed, one page is a 404 (a miss with its status, not a layout miss)
    assert all(m[1:4] == ("neurips", "abstract", '["AbstractPage2026", "AbstractPage2020", "AbstractPage1987"]')
               for m in misses)  # fmt: skip
    expected_2024 = {k: v for k, v in built.expected.items() if k.startswith("neurips/2024/")}
    assert outcomes(home) == expected_2024  # every listed paper is there, none silently empty
    assert rows(home, "SELECT count(*) FROM papers WHERE pdf_sha256 IS NOT NULL") == [(0,)]


def test_bad_years_are_a_one_line_error(tmp_path):
    result = cli_crawl(tmp_path, "http://127.0.0.1:9", "20x")
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert "years" in result.stderr
