"""SIGKILL ``paperscope extract`` at seeded points, restart, and compare with a clean extraction.

The twelve demo papers (generated PDFs with realistic headers, hardware, BERT and code content) are
ingested once; the extraction of a copy is killed (with its worker processes) during worker start-up
and at seeded numbers of finished extractor runs, then run to its end. The store must then hold
exactly the labels (by id, with identical content) and extraction runs of an uninterrupted run.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest

from paperscope.demo.papers import DEMO_PAPERS
from tests.reliability.conftest import Tally
from tests.reliability.killing import PAPERSCOPE, count, kill_when, rows, run, seconds_until
from tests.reliability.sources import demo_pdfs

pytestmark = [pytest.mark.slow, pytest.mark.timeout(600)]

SEED = 4242
KILLS = 4
RUNS = "SELECT count(*) FROM extraction_runs"
VIEWS = {
    "labels": "SELECT id, paper_key, field, kind, producer, version, confidence, record_json FROM labels",
    "runs": "SELECT pdf_sha256, producer, version, status, error, n_labels, n_pages FROM extraction_runs",
}


def extract_cmd(home: Path) -> list[str]:
    return [*PAPERSCOPE, "extract", "--home", str(home), "--workers", "2"]


def state(home: Path) -> dict[str, list[tuple[object, ...]]]:
    return {name: sorted(rows(home / "paperscope.sqlite", sql), key=repr) for name, sql in VIEWS.items()}


def test_extract_killed_at_seeded_points_ends_as_a_clean_extraction(tmp_path: Path, tally: Tally):
    pdfs = demo_pdfs(tmp_path / "pdfs-in", len(DEMO_PAPERS))
    base = tmp_path / "base"
    ingested = run([*PAPERSCOPE, "ingest", str(pdfs), "--home", str(base)])
    assert ingested.returncode == 0, ingested.stdout + ingested.stderr
    clean, killed = tmp_path / "clean", tmp_path / "killed"
    shutil.copytree(base, clean)
    shutil.copytree(base, killed)

    # the uninterrupted run, timed to its first finished extractor run (the end of worker start-up)
    startup = seconds_until(extract_cmd(clean), ready=lambda: count(clean / "paperscope.sqlite", RUNS) >= 1)
    expected = state(clean)
    total = len(expected["runs"])
    assert total >= len(DEMO_PAPERS) * 3
    assert all(r[3] == "ok" for r in expected["runs"]), [r for r in expected["runs"] if r[3] != "ok"]

    rng = random.Random(SEED)
    # kill points: during worker start-up (resources loading), then at seeded numbers of finished runs
    points = [(0, rng.uniform(0.3, 0.8) * startup)]
    # (outcomes arrive every few tens of ms once the workers are up: poll fast, kill soon after)
    points += [(n, rng.uniform(0.0, 0.03)) for n in sorted(rng.sample(range(1, total - 2), KILLS - 1))]
    db = killed / "paperscope.sqlite"
    kills, progress = 0, []
    for threshold, delay in points:
        ready = lambda n=threshold: count(db, RUNS) >= n  # noqa: E731
        kills += kill_when(extract_cmd(killed), ready=ready, delay=delay, poll=0.005)
        progress.append(count(db, RUNS))
    tally.kill_points["extract"] += kills
    assert kills >= KILLS - 1, f"only {kills} of {KILLS} kills hit a running extraction"
    assert progress[0] == 0, f"the start-up kill came after {progress[0]} runs ({startup:.2f} s start-up)"
    assert len(set(progress)) >= 3, f"kills bunched together: {progress} of {total} runs"
    final = run(extract_cmd(killed))
    assert final.returncode == 0, final.stdout + final.stderr

    got = state(killed)
    tally.records_lost["extract"] += sum(len(set(want) - set(got[name])) for name, want in expected.items())
    label_keys = [r[0] for r in got["labels"]]
    run_keys = [r[:3] for r in got["runs"]]
    tally.duplicates["extract"] += len(label_keys) - len(set(label_keys)) + len(run_keys) - len(set(run_keys))
    assert got == expected
    assert "0 PDFs, 0 pages" in run(extract_cmd(killed)).stdout  # nothing left to do
