"""Label Studio failing mid-push: one clear error line, exit != 0, and the next push finishes the job.

A loopback proxy in front of the real server lets a seeded number of requests through, then answers
500 without forwarding, forwards and answers 500 (the reply is lost: the server did the work), or
closes the connection and stops listening (the server is gone). Each failing push is the real CLI
in a subprocess; after them one push through no proxy must leave exactly one task per (paper, field)
in exactly one project per field, and a further push must find nothing to do.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from annotate.push import plans_for
from paperscope.store import Store
from tests.reliability.conftest import LabelStudio, Tally
from tests.reliability.faultproxy import FaultProxy, Mode
from tests.reliability.killing import run
from tests.reliability.lsdata import ls_env, make_home, projects, task_refs, verify_cmd

pytestmark = [pytest.mark.labelstudio, pytest.mark.slow, pytest.mark.timeout(600)]

PAPERS = 4
CREATE, IMPORT, LIST_TASKS = r"^POST /api/projects/?$", r"^POST /api/projects/\d+/import", r"^GET /api/tasks"
# (mode, after, match): each failing push in turn; a fresh push makes ~19 requests (list and create a
# project, import its tasks, per field); an interrupted import makes the next push list tasks
FAULTS: tuple[tuple[Mode, int, str], ...] = (
    ("lost_reply", 1, CREATE),  # the second project is created, its reply lost (and retried)
    ("http500", 1, IMPORT),  # an import refused before it reached the server
    ("lost_reply", 0, IMPORT),  # an import done by the server, its reply lost
    ("refuse", 0, LIST_TASKS),  # the server goes away while the push adopts what it created
    ("refuse", 6, ""),  # the server goes away half way
    ("http500", 3, ""),  # every request from the fourth on fails
)
ONE_LINE = re.compile(r"^paperscope: error: Label Studio at http://127\.0\.0\.1:\d+: .+ failed: .+$")


def expected_refs(home: Path) -> dict[str, set[str]]:
    with Store.open(home / "paperscope.sqlite") as store:
        plans = plans_for(store)
    out: dict[str, set[str]] = {}
    for plan in plans:
        out.setdefault(f"paperscope: {plan.field}", set()).add(plan.ref)
    return out


def test_push_through_a_failing_label_studio_then_the_next_push_finishes(
    tmp_path: Path, label_studio: LabelStudio, tally: Tally
):
    home = make_home(tmp_path / "home", PAPERS)
    messages = []
    for mode, after, match in FAULTS:
        with FaultProxy(label_studio.url, mode, after=after, match=match) as proxy:
            result = run(verify_cmd("push", home), env=ls_env(label_studio, proxy.url))
        assert proxy.failed, f"{mode} after {after} x {match!r}: the push ended before the fault"
        tally.faults[f"label studio {mode}"] += 1
        assert result.returncode == 2, result.stdout + result.stderr
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1, result.stderr  # one line, no traceback
        assert ONE_LINE.match(lines[0]), lines[0]
        messages.append(lines[0])
    assert any("HTTP 500" in m for m in messages)
    assert any("cannot reach it" in m for m in messages)

    final = run(verify_cmd("push", home), env=ls_env(label_studio))
    assert final.returncode == 0, final.stdout + final.stderr
    want = expected_refs(home)
    refs = task_refs(label_studio)
    dup_projects = {title: ids for title, ids in projects(label_studio).items() if len(ids) > 1}
    duplicates = sum(n - 1 for counts in refs.values() for n in counts.values() if n > 1)
    lost = sum(len(r - set(refs.get(title, {}))) for title, r in want.items())
    tally.duplicates["label studio tasks"] += duplicates
    tally.duplicates["label studio projects"] += sum(len(ids) - 1 for ids in dup_projects.values())
    tally.records_lost["push"] += lost
    assert dup_projects == {}
    assert {title: set(counts) for title, counts in refs.items()} == want
    assert duplicates == 0
    again = run(verify_cmd("push", home), env=ls_env(label_studio))
    assert again.returncode == 0, again.stderr
    assert re.findall(r"(\d+) created, (\d+) updated", again.stdout) == [("0", "0")] * len(want)
