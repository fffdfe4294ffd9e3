"""Blind desks against real Label Studio servers: one per annotator, pushed, annotated, pulled, agreed.

Each annotator has a server of their own (a desk) with only their account: the other annotator's
verdicts are not on it, and their token is refused at the other desk.
"""

from __future__ import annotations

import itertools
import json
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import httpx
import pytest

from annotate.agreement import summarise
from annotate.client import LabelStudioClient
from annotate.pull import pull
from annotate.push import plans_for, push_to_desks
from paperscope.store import Store
from tests.annotate.ls_server import DeskServer, LabelStudioServer
from tests.annotate.test_labelstudio import make_store, sdk, tasks_of, with_verdict

pytestmark = [pytest.mark.labelstudio, pytest.mark.slow]
_rounds = itertools.count()


def desk_clients(stack: ExitStack, desks: list[DeskServer], prefix: str) -> dict[str, LabelStudioClient]:
    """The admin's client of each desk, by its annotator (as `verify push --annotators` opens them)."""
    return {
        d.annotator.email: stack.enter_context(
            LabelStudioClient(d.server.url, d.server.token, project_prefix=prefix)
        )
        for d in desks
    }


def answer(desk: DeskServer, project: int, role: str | None = None) -> None:
    """The desk's annotator, with their own token, accepts each bert task, or corrects its role."""
    with httpx.Client(timeout=60) as http:
        from label_studio_sdk import LabelStudio

        mine = LabelStudio(base_url=desk.server.url, api_key=desk.annotator.token, httpx_client=http)
        for task in tasks_of(mine, project):
            pred = task.predictions[0]
            result: list[dict[str, Any]] = json.loads(json.dumps(pred.result))
            if role is not None:
                for item in result:
                    if item["from_name"] == "role":
                        item["value"]["choices"] = [role]
            verdict = "accept" if role is None else "correct"
            mine.annotations.create(
                id=task.id, result=with_verdict(result, verdict, "evidence"), parent_prediction=pred.id
            )


def test_each_task_at_two_desks_annotated_blind_then_pulled_and_agreed(
    tmp_path: Path, desks: list[DeskServer]
):
    store, crops = make_store(tmp_path, n_papers=2)
    plans = plans_for(store, ["bert"])
    prefix = f"desks{next(_rounds)} "
    with ExitStack() as stack:
        clients = desk_clients(stack, desks, prefix)
        first = push_to_desks(store, clients, crops, plans, overlap=2)
        assert {a: r.created for a, r in first.items()} == {d.annotator.email: {"bert": 2} for d in desks}
        again = push_to_desks(store, clients, crops, plans_for(store, ["bert"]), overlap=2)
        assert all(r.created == {} and r.unchanged == {"bert": 2} for r in again.values())
        projects = {a: c.find_project("bert") for a, c in clients.items()}
        a, b = desks
        pa, pb = projects[a.annotator.email], projects[b.annotator.email]
        assert pa is not None
        assert pb is not None
        answer(a, pa)  # a accepts both
        answer(b, pb, role="studies")  # b corrects both roles

        # blind: each desk holds its own annotator's verdicts only; a's token is refused at b's desk
        admin_b = sdk(stack, b.server.url, b.server.token)
        at_b = [ann["completed_by"] for t in tasks_of(admin_b, pb) for ann in (t.annotations or [])]
        emails = clients[b.annotator.email].users()
        assert len(at_b) == 2
        assert {emails[int(u if isinstance(u, int) else u["id"])] for u in at_b} == {b.annotator.email}
        refused = httpx.get(
            f"{b.server.url}/api/projects/", headers={"Authorization": f"Token {a.annotator.token}"}
        )
        assert refused.status_code == 401

        for annotator, client in clients.items():
            pulled = pull(store, client, ["bert"], desk=annotator)
            assert pulled.new == {"bert": 2}
    verifications = store.verifications()
    assert len(verifications) == 4
    assert all(v.blind for v in verifications)
    assert {v.desk for v in verifications} == {a.annotator.email, b.annotator.email}
    labels = {lab.id: lab for lab in store.labels()}
    (bert,), _ = summarise(verifications, labels, ["bert"])
    assert (bert.method, bert.annotators, bert.items, bert.observed) == ("cohen", 2, 2, 0.0)
    sidecar = store.query("SELECT desk, count(*) FROM ls_tasks GROUP BY desk ORDER BY desk")
    assert [tuple(r) for r in sidecar] == [(a.annotator.email, 2), (b.annotator.email, 2)]


def test_the_cli_pushes_to_each_desk_pulls_them_all_and_reports_blind_agreement(
    tmp_path: Path, desks: list[DeskServer], label_studio: LabelStudioServer, ls: Any
):
    import re

    from annotate.desks import Desk, record_desks
    from tests.annotate.ls_server import paperscope_cli

    store, _ = make_store(tmp_path, n_papers=1)
    store.close()
    a, b = desks
    team = [Desk(d.annotator.email, int(d.server.url.rsplit(":", 1)[1])) for d in desks]
    (tmp_path / "labelstudio").mkdir()
    record_desks(tmp_path / "labelstudio", team)  # as `verify serve --annotators` records them
    env = {
        "PAPERSCOPE_LS_URL": label_studio.url,
        "PAPERSCOPE_LS_API_KEY": label_studio.token,
    }  # shared server
    home = ["--home", str(tmp_path)]
    names = f"{a.annotator.email},{b.annotator.email}"
    pushed = paperscope_cli("verify", "push", *home, "--field", "bert", "--annotators", names, env=env)
    assert pushed.returncode == 0, pushed.stderr
    for d in desks:
        assert f"desk of {d.annotator.email}: bert: 1 created, 0 updated, 0 unchanged" in pushed.stdout
    with ExitStack() as stack:
        for d, role in ((a, None), (b, "studies")):
            project = stack.enter_context(LabelStudioClient(d.server.url, d.server.token)).find_project(
                "bert"
            )
            assert project is not None
            answer(d, project, role)
    pulled = paperscope_cli("verify", "pull", *home, "--field", "bert", env=env)
    assert pulled.returncode == 0, pulled.stderr
    for d in desks:
        assert (
            f"desk of {d.annotator.email}: bert: 1 annotated task(s), 1 new verification(s)" in pulled.stdout
        )
    agreed = paperscope_cli("verify", "agreement", *home, "--field", "bert", env={**env, "COLUMNS": "200"})
    assert agreed.returncode == 0, agreed.stderr
    assert re.search(r"bert\s*│\s*cohen\s*│\s*2\s*│\s*1\s*│\s*0\.000", agreed.stdout), agreed.stdout
    status = paperscope_cli("verify", "status", *home, "--field", "bert", env={**env, "COLUMNS": "200"})
    flat = " ".join(re.sub(r"[│┃]", " ", status.stdout).split())
    for d in desks:
        assert f"bert {d.annotator.email} own desk 1 1 0" in flat
    assert "disputes to resolve: 1" in flat
    with Store.open(tmp_path / "paperscope.sqlite") as after:
        desks_pulled = sorted(str(v.desk) for v in after.verifications())
        assert desks_pulled == sorted(d.annotator.email for d in desks)
