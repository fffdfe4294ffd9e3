"""SIGKILL ``paperscope verify push`` and ``verify pull`` at seeded points against the real Label Studio.

Push: kill points at seeded numbers of sidecar rows (a row is written, marked pending, just before
each field's import) plus a seeded delay, so kills land before, during and after imports. Then the
push runs to its end; Label Studio must hold what a clean push leaves: one project per field, one
task per (paper, field), each with one prediction, and the sidecar must point at those tasks.

Pull: every task is annotated; pulls are killed at seeded numbers of stored verifications plus a
delay (during start-up, exports and the writes); the last pull must leave exactly the verifications
of a clean pull, none twice.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest

from tests.reliability.conftest import LabelStudio, Tally
from tests.reliability.killing import count, kill_when, rows, run
from tests.reliability.lsdata import (
    annotate_all,
    clear_projects,
    exports_left,
    ls_env,
    make_home,
    predictions_per_task,
    projects,
    task_refs,
    verify_cmd,
)

pytestmark = [pytest.mark.labelstudio, pytest.mark.slow, pytest.mark.timeout(900)]

SEED = 99
PAPERS = 4
KILLS = 5


def push_kills(rng: random.Random) -> list[tuple[int, float]]:
    """(sidecar rows, delay s): the first kill during start-up, then at seeded fields' imports."""
    fields = sorted(rng.sample(range(1, 5), KILLS - 1))
    return [(0, rng.uniform(0.5, 3.0))] + [(f * PAPERS, rng.uniform(0.0, 0.6)) for f in fields]


def test_push_killed_at_seeded_points_ends_as_a_clean_push(
    tmp_path: Path, label_studio: LabelStudio, tally: Tally
):
    base = make_home(tmp_path / "base", PAPERS)
    clean, killed = tmp_path / "clean", tmp_path / "killed"
    shutil.copytree(base, clean)
    shutil.copytree(base, killed)
    env = ls_env(label_studio)

    done = run(verify_cmd("push", clean), env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    want_refs = task_refs(label_studio)
    want_predictions = predictions_per_task(label_studio)
    clear_projects(label_studio)

    db = killed / "paperscope.sqlite"
    kills = 0
    for threshold, delay in push_kills(random.Random(SEED)):
        kills += kill_when(
            verify_cmd("push", killed),
            ready=lambda n=threshold: count(db, "SELECT count(*) FROM ls_tasks") >= n,
            delay=delay,
            env=env,
        )
        pending = count(db, "SELECT count(*) FROM ls_tasks WHERE content_sha256 LIKE 'pending:%'")
        tally.observed["push killed during an import (pending tasks)"] += pending > 0
    tally.kill_points["push"] += kills
    assert kills >= KILLS - 1, f"only {kills} of {KILLS} kills hit a running push"
    final = run(verify_cmd("push", killed), env=env)
    assert final.returncode == 0, final.stdout + final.stderr

    refs = task_refs(label_studio)
    lost = sum(len(set(r) - set(refs.get(title, {}))) for title, r in want_refs.items())
    duplicates = sum(n - 1 for counts in refs.values() for n in counts.values())
    tally.records_lost["push"] += lost
    tally.duplicates["push tasks"] += duplicates
    assert {t: len(ids) for t, ids in projects(label_studio).items()} == dict.fromkeys(want_refs, 1)
    assert refs == want_refs  # the same tasks, each once
    assert predictions_per_task(label_studio) == want_predictions  # adopted tasks are not re-predicted
    sidecar = rows(db, "SELECT paper_key || '#' || field, task_id, content_sha256 FROM ls_tasks")
    assert all(not sha.startswith("pending:") for _, _, sha in sidecar)
    assert len(sidecar) == sum(len(r) for r in want_refs.values())


def pull_kills(rng: random.Random, n_verifications: int) -> list[tuple[int, float]]:
    """(verifications stored, delay s): two kills during start-up and exports, then at seeded counts."""
    counts = sorted(rng.sample(range(1, n_verifications), KILLS - 2))
    return [(0, rng.uniform(1.0, 4.0)), (0, rng.uniform(1.0, 4.0))] + [
        (n, rng.uniform(0.0, 0.3)) for n in counts
    ]


def verifications(home: Path) -> list[tuple[object, ...]]:
    return sorted(
        rows(home / "paperscope.sqlite", "SELECT id, label_id, ls_annotation, record_json FROM verifications")
    )


def test_pull_killed_at_seeded_points_ends_as_a_clean_pull(
    tmp_path: Path, label_studio: LabelStudio, tally: Tally
):
    base = make_home(tmp_path / "base", PAPERS)
    env = ls_env(label_studio)
    pushed = run(verify_cmd("push", base), env=env)
    assert pushed.returncode == 0, pushed.stdout + pushed.stderr
    assert annotate_all(label_studio) == 5 * PAPERS
    clean, killed = tmp_path / "clean", tmp_path / "killed"
    shutil.copytree(base, clean)
    shutil.copytree(base, killed)

    done = run(verify_cmd("pull", clean), env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    want = verifications(clean)
    assert len(want) >= 5 * PAPERS

    db = killed / "paperscope.sqlite"
    kills = 0
    for threshold, delay in pull_kills(random.Random(SEED), len(want)):
        kills += kill_when(
            verify_cmd("pull", killed),
            ready=lambda n=threshold: count(db, "SELECT count(*) FROM verifications") >= n,
            delay=delay,
            env=env,
        )
    tally.kill_points["pull"] += kills
    assert kills >= KILLS - 1, f"only {kills} of {KILLS} kills hit a running pull"
    final = run(verify_cmd("pull", killed), env=env)
    assert final.returncode == 0, final.stdout + final.stderr

    got = verifications(killed)
    tally.records_lost["pull"] += len(set(want) - set(got))
    pairs = [(label_id, annotation) for _, label_id, annotation, _ in got]  # one verdict per annotation
    tally.duplicates["pull verifications"] += len(pairs) - len(set(pairs))
    assert got == want
    tally.observed["pull: snapshot exports a killed pull left on the server"] += exports_left(label_studio)
