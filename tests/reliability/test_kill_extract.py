"""Stop ``paperscope extract`` at exact events, by every signal, restart, compare with a clean run.

The twelve demo papers (generated PDFs with realistic headers, hardware, BERT and code content) are
ingested once. Copies of that store are extracted and stopped from inside the CLI at an event
(:mod:`tests.reliability.stops`): as its workers start, between the labels and the run row of one
transaction, just before a commit, after a seeded number of stored outcomes; by SIGKILL of the CLI
alone or of its whole group, SIGTERM, SIGHUP or SIGINT. No process of a stopped run may be left 5 s
after it, and the extraction run again to its end must hold exactly the labels (by id, with
identical content) and extraction runs of an uninterrupted run.
"""

from __future__ import annotations

import random
import shutil
import signal
from dataclasses import dataclass
from pathlib import Path

import pytest

from paperscope.demo.papers import DEMO_PAPERS
from tests.reliability.conftest import Tally
from tests.reliability.killing import PAPERSCOPE, count, rows, run
from tests.reliability.sources import PLACED, demo_pdfs
from tests.reliability.stops import stop_at

pytestmark = [pytest.mark.slow, pytest.mark.timeout(600)]

SEED = 4242
RUNS = "SELECT count(*) FROM extraction_runs"
VIEWS = {
    "labels": "SELECT id, paper_key, field, kind, producer, version, confidence, record_json FROM labels",
    "runs": "SELECT pdf_sha256, producer, version, status, error, n_labels, n_pages FROM extraction_runs",
}
RUN_ROW = "INSERT OR REPLACE INTO extraction_runs"
LABEL_ROWS = "INSERT OR IGNORE INTO labels"


def extract_args(home: Path) -> list[str]:
    return ["extract", "--home", str(home), "--workers", "2"]


def state(home: Path) -> dict[str, list[tuple[object, ...]]]:
    return {name: sorted(rows(home / "paperscope.sqlite", sql), key=repr) for name, sql in VIEWS.items()}


@dataclass(frozen=True)
class Extracted:
    """The ingested store to copy, and the state of its uninterrupted extraction."""

    base: Path
    expected: dict[str, list[tuple[object, ...]]]

    def copy(self, to: Path) -> Path:
        shutil.copytree(self.base, to)
        return to


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> Extracted:
    tmp = tmp_path_factory.mktemp("kill-extract")
    base = tmp / "base"
    pdfs = demo_pdfs(tmp / "pdfs-in", len(DEMO_PAPERS))
    ingested = run([*PAPERSCOPE, "ingest", str(pdfs), "--home", str(base), *PLACED])
    assert ingested.returncode == 0, ingested.stdout + ingested.stderr
    clean = Extracted(base, {}).copy(tmp / "clean")
    done = run([*PAPERSCOPE, *extract_args(clean)])
    assert done.returncode == 0, done.stdout + done.stderr
    expected = state(clean)
    assert len(expected["runs"]) >= len(DEMO_PAPERS) * 3
    assert all(r[3] == "ok" for r in expected["runs"]), [r for r in expected["runs"] if r[3] != "ok"]
    return Extracted(base, expected)


def finish_and_compare(home: Path, expected: dict[str, list[tuple[object, ...]]], tally: Tally) -> None:
    final = run([*PAPERSCOPE, *extract_args(home)])
    assert final.returncode == 0, final.stdout + final.stderr
    got = state(home)
    tally.records_lost["extract"] += sum(len(set(want) - set(got[name])) for name, want in expected.items())
    label_keys = [r[0] for r in got["labels"]]
    run_keys = [r[:3] for r in got["runs"]]
    tally.duplicates["extract"] += len(label_keys) - len(set(label_keys)) + len(run_keys) - len(set(run_keys))
    assert got == expected
    assert "0 PDFs, 0 pages" in run([*PAPERSCOPE, *extract_args(home)]).stdout  # nothing left to do


def test_extract_killed_at_seeded_events_ends_as_a_clean_extraction(
    tmp_path: Path, extracted: Extracted, tally: Tally
):
    total = len(extracted.expected["runs"])
    rng = random.Random(SEED)
    # (event, target): worker start-up; inside one outcome's transaction, between its labels and its
    # run row; just before a commit; then at seeded numbers of stored outcomes. Each kill resumes
    # from what the previous ones left, so the counts are of this run's own statements.
    points = [
        ("worker:1", "self"),
        (f"sql:{RUN_ROW}:{rng.randint(1, 6)}", "group"),
        (f"sql:{LABEL_ROWS}:{rng.randint(1, 6)}", "self"),
        (f"sql:COMMIT:{rng.randint(2, 8)}", "self"),
        (f"stored:{rng.randint(1, 3)}", "group"),
    ]
    home = extracted.copy(tmp_path / "killed")
    db = home / "paperscope.sqlite"
    progress = []
    for event, target in points:
        stopped = stop_at(extract_args(home), event, signal.SIGKILL, target=target)
        assert stopped.returncode == -signal.SIGKILL, (event, stopped.returncode, stopped.stderr[-2000:])
        assert stopped.leftovers == [], (
            f"{event}: processes left after the CLI was killed: {stopped.leftovers}"
        )
        progress.append(count(db, RUNS))
        tally.kill_points[f"extract SIGKILL {target}"] += 1
    assert progress[0] == 0, "the start-up kill came after runs were recorded"
    assert 0 < progress[-1] < total, progress
    finish_and_compare(home, extracted.expected, tally)


@pytest.mark.parametrize(
    ("sig", "code"),
    [(signal.SIGTERM, 143), (signal.SIGHUP, 129), (signal.SIGINT, 130), (signal.SIGKILL, -signal.SIGKILL)],
    ids=["TERM", "HUP", "INT", "KILL-parent-alone"],
)
def test_extract_stopped_by_a_signal_leaves_no_process_and_resumes(
    tmp_path: Path, extracted: Extracted, tally: Tally, sig: signal.Signals, code: int
):
    home = extracted.copy(tmp_path / "home")
    stopped = stop_at(extract_args(home), "stored:2", sig, target="self")
    assert stopped.returncode == code, stopped.stderr[-2000:]
    assert stopped.leftovers == [], f"processes left after {sig.name}: {stopped.leftovers}"
    if sig != signal.SIGKILL:
        assert "interrupted; finished work is kept" in stopped.stderr
        assert "Traceback" not in stopped.stderr
    assert count(home / "paperscope.sqlite", RUNS) >= 2  # what was stored before the signal stays
    tally.kill_points[f"extract {sig.name} parent alone"] += 1
    finish_and_compare(home, extracted.expected, tally)
