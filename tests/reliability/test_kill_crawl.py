"""SIGKILL ``paperscope crawl neurips`` at seeded points, restart, and compare with a clean crawl.

The loopback mirror of the crawl tests (four layout eras, both tracks, every bad PDF case) is
served slowly enough that the kills land at different stages: listing, paper pages, PDF fetches,
the retries at the end. After the last kill the crawl runs to its end; the store must then hold
exactly what an uninterrupted crawl stores: the same papers, authors, PDFs and misses, none twice.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest

from tests.mockserver.process import MirrorProcess
from tests.reliability.conftest import Tally
from tests.reliability.killing import PAPERSCOPE, count, kill_when, rows, run
from tests.reliability.sources import build_mirror

pytestmark = [pytest.mark.slow, pytest.mark.timeout(600)]

SEED = 20240901
KILLS = 7
DELAY = 0.1  # seconds per mirror response
PDF_STAGGER = 0.2  # the n-th PDF is served after n * PDF_STAGGER s: papers finish one by one
FINISHED = (
    "SELECT count(*) FROM papers p WHERE p.pdf_sha256 IS NOT NULL "
    "OR EXISTS (SELECT 1 FROM misses m WHERE m.paper_key = p.key)"
)
# what a crawl leaves, without timestamps (fetched_at, first_seen) that differ between runs
VIEWS = {
    "papers": "SELECT key, venue, year, track, title, landing_url, pdf_url, pdf_sha256 FROM papers",
    "authors": "SELECT * FROM authors",
    "pdf_files": "SELECT sha256, n_bytes, n_pages FROM pdf_files",
    "misses": "SELECT paper_key, reason, detail, url FROM misses",
    "layout_misses": "SELECT url, response_sha256, venue, page_kind FROM layout_misses",
}


def slowed(root: Path, faults: dict[str, Any]) -> dict[str, Any]:
    """The mirror's faults plus a staggered delay on every other PDF, so papers finish one by one."""
    pdfs = sorted("/" + p.relative_to(root).as_posix() for p in root.rglob("*.pdf"))
    delays = {path: {"kind": "delay", "seconds": n * PDF_STAGGER} for n, path in enumerate(pdfs)}
    return {**{k: v for k, v in delays.items() if k not in faults}, **faults}


def crawl_cmd(home: Path, url: str) -> list[str]:
    return [*PAPERSCOPE, "crawl", "neurips", "--years", "2017-2024", "--site", url, "--home", str(home)]


def state(home: Path, site_url: str) -> dict[str, list[tuple[object, ...]]]:
    """The store's rows (the mirror's URL, a new port each time, replaced) and the PDF file names."""

    def local(row: tuple[object, ...]) -> tuple[object, ...]:
        return tuple(v.replace(site_url, "SITE") if isinstance(v, str) else v for v in row)

    db = home / "paperscope.sqlite"
    out = {name: sorted(map(local, rows(db, sql)), key=repr) for name, sql in VIEWS.items()}
    out["files"] = sorted((p.name,) for p in (home / "pdfs").rglob("*.pdf") if not p.name.startswith("."))
    return out


def test_crawl_killed_at_seeded_points_ends_as_a_clean_crawl(tmp_path: Path, tally: Tally):
    root = tmp_path / "site"
    faults = slowed(root, build_mirror(root).faults)
    clean, killed = tmp_path / "clean", tmp_path / "killed"
    with MirrorProcess(root, faults, delay=DELAY) as server:
        done = run(crawl_cmd(clean, server.url))
    assert done.returncode == 0, done.stdout + done.stderr
    expected = state(clean, server.url)
    total = len(expected["papers"])

    rng = random.Random(SEED)
    # kill points: while listing (a paper stored, none finished), then at seeded numbers of
    # finished papers; each plus a seeded delay
    points = [("SELECT count(*) FROM papers", 1)]
    points += [(FINISHED, n) for n in sorted(rng.sample(range(1, total - 1), KILLS - 1))]
    db = killed / "paperscope.sqlite"
    kills, progress = 0, []
    with MirrorProcess(root, faults, delay=DELAY) as server:  # fresh fault counters
        for sql, threshold in points:
            hit = kill_when(
                crawl_cmd(killed, server.url),
                ready=lambda sql=sql, n=threshold: count(db, sql) >= n,
                delay=rng.uniform(0.0, 0.3),
            )
            kills += hit
            progress.append(count(db, FINISHED))
        tally.kill_points["crawl"] += kills
        final = run(crawl_cmd(killed, server.url))
        got = state(killed, server.url)
    assert final.returncode == 0, final.stdout + final.stderr
    assert kills >= KILLS - 1, f"only {kills} of {KILLS} kills hit a running crawl"
    assert len(set(progress)) >= 4, f"kills bunched together: {progress}"  # spread over the crawl

    lost = {name: len(set(rows_) - set(got[name])) for name, rows_ in expected.items()}
    tally.records_lost["crawl"] += sum(lost.values())
    dup = {name: len(r) - len(set(r)) for name, r in got.items()}
    dup["papers (key)"] = len(got["papers"]) - len({r[0] for r in got["papers"]})
    tally.duplicates["crawl"] += sum(dup.values())
    assert lost == dict.fromkeys(expected, 0)
    assert dup == dict.fromkeys(dup, 0)
    assert got == expected
    half_written = [
        p.name for p in (killed / "pdfs").rglob("*") if p.is_file() and p.name.startswith(".part-")
    ]
    tally.observed["crawl: .part temp files a kill left (never under a final name)"] += len(half_written)
