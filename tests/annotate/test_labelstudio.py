"""Against a real Label Studio: push, annotate as two annotators, pull, re-push, re-extract, failures."""

from __future__ import annotations

import copy
import itertools
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import httpx
import pytest

from annotate.agreement import summarise
from annotate.client import LabelStudioClient
from annotate.crops import CropCache
from annotate.fields import FIELD_SPECS
from annotate.pull import pull
from annotate.push import PENDING, plans_for, push
from paperscope.errors import ServiceError
from paperscope.records import FIELDS
from paperscope.store import Store
from paperscope.store.pdfs import PdfStore
from paperscope.verified import effective_from_store
from tests.annotate.factory import labels_for, make_sample, store_sample
from tests.annotate.ls_server import (
    LS_BIN,
    Annotator,
    LabelStudioServer,
    free_port,
    paperscope_cli,
    template_dir,
)

pytestmark = [pytest.mark.labelstudio, pytest.mark.slow]
_prefixes = itertools.count()


@pytest.fixture
def closing() -> Iterator[ExitStack]:
    """Closes the HTTP clients a test opens."""
    with ExitStack() as stack:
        yield stack


def sdk(stack: ExitStack, url: str, token: str) -> Any:
    from label_studio_sdk import LabelStudio

    return LabelStudio(
        base_url=url, api_key=token, httpx_client=stack.enter_context(httpx.Client(timeout=60))
    )


def make_store(tmp_path: Path, n_papers: int = 2) -> tuple[Store, CropCache]:
    store = Store.open(tmp_path / "paperscope.sqlite")
    pdfs = PdfStore(tmp_path / "pdfs")
    for n in range(1, n_papers + 1):
        sample = make_sample(n)
        store_sample(store, pdfs, sample)
        store.add_labels(labels_for(sample))
    return store, CropCache(tmp_path / "crops", pdfs)


def client_for(stack: ExitStack, server: LabelStudioServer, prefix: str, **kw: Any) -> LabelStudioClient:
    return stack.enter_context(LabelStudioClient(server.url, server.token, project_prefix=prefix, **kw))


def unique_prefix() -> str:
    return f"test{next(_prefixes)} "


def tasks_of(ls: Any, project: int) -> list[Any]:
    return list(ls.tasks.list(project=project, fields="all"))


def with_verdict(result: list[dict[str, Any]], verdict: str, to_name: str) -> list[dict[str, Any]]:
    rid = f"verdict{len(result)}"
    choice = {"id": rid, "from_name": "verdict", "to_name": to_name, "type": "choices"}
    return [*result, {**choice, "value": {"choices": [verdict]}}]


def correction(field: str, result: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """What the second annotator changes, per field."""
    out = copy.deepcopy(result)
    for item in out:
        if field == "hardware" and item["from_name"] == "count":
            item["value"]["number"] = 16
        if field == "bert" and item["from_name"] == "role":
            item["value"]["choices"] = ["studies"]
        if field == "affiliation" and "Alan Turing" in item["value"].get("text", ""):
            item["value"]["labels"] = ["industry"]
        if field == "topic":
            item["value"]["choices"] = ["vision"]
        if field == "code" and item["from_name"] == "role":
            item["value"]["labels"] = ["third_party"]
    if field == "code":  # the new-model question, which only annotators answer
        new_model = {"choices": ["yes"]}
        out.append(
            {"id": "nm", "from_name": "new_model", "to_name": "items", "type": "choices", "value": new_model}
        )
    return out


def annotate_all(ls_admin: Any, ls_second: Any, client: LabelStudioClient) -> int:
    """Admin accepts every task as predicted; the second annotator corrects every task."""
    n = 0
    for field in FIELDS:
        project = client.find_project(field)
        assert project is not None
        to_name = "items" if field in {"code", "affiliation"} else "evidence"
        for task in tasks_of(ls_admin, project):
            pred = task.predictions[0]
            result = json.loads(json.dumps(pred.result))
            ls_admin.annotations.create(
                id=task.id,
                result=with_verdict(result, "accept", to_name),
                parent_prediction=pred.id,
                lead_time=4.0,
            )
            ls_second.annotations.create(
                id=task.id,
                result=with_verdict(correction(field, result), "correct", to_name),
                parent_prediction=pred.id,
                lead_time=9.5,
            )
            n += 2
    return n


def test_push_annotate_pull_repush_reextract(
    tmp_path: Path, label_studio: LabelStudioServer, annotator: Annotator, closing: ExitStack
):
    store, crops = make_store(tmp_path)
    client = client_for(closing, label_studio, unique_prefix())
    ls_admin = sdk(closing, label_studio.url, label_studio.token)
    ls_second = sdk(closing, label_studio.url, annotator.token)

    # push: one task per (paper, field), crops as data URIs, predictions from the labels
    plans = plans_for(store)
    assert len(plans) == 2 * len(FIELDS)
    first = push(store, client, crops, plans, overlap=2)
    assert first.created == dict.fromkeys(FIELDS, 2)
    assert first.without_crop == 2  # topic is read from metadata: no page to show
    hardware = client.find_project("hardware")
    assert hardware is not None
    project = ls_admin.projects.get(hardware)
    assert project.maximum_annotations == 2  # two annotators per task
    assert project.label_config == FIELD_SPECS["hardware"].label_config().strip()  # no re-update on push
    task = tasks_of(ls_admin, hardware)[0]
    assert task.data["crop"].startswith("data:image/png;base64,")
    assert task.data["ref"] in {p.ref for p in plans}
    assert task.predictions[0].model_version == "hardware@1.0.0"
    assert task.predictions[0].score == pytest.approx(0.85)
    sidecar = {(r["paper_key"], r["field"]): r["task_id"] for r in store.query("SELECT * FROM ls_tasks")}
    for field in FIELDS:
        project = client.find_project(field)
        assert project is not None
        for t in tasks_of(ls_admin, project):
            assert sidecar[(t.data["paper_key"], field)] == t.id  # import ids came back in order

    # push again: nothing new
    again = push(store, client, crops, plans_for(store))
    assert again.created == {}
    assert again.updated == {}
    assert again.unchanged == dict.fromkeys(FIELDS, 2)

    # two annotators through the API: one accepts, one corrects
    assert annotate_all(ls_admin, ls_second, client) == 4 * len(FIELDS)
    pulled = pull(store, client)
    verifications = store.verifications()
    # per task: bert/topic 1 subject, hardware 2 (set-up + its chip line), code 2 (link + release),
    # affiliation 2 (authors)
    per_task = {"hardware": 2, "bert": 1, "code": 2, "affiliation": 2, "topic": 1}
    assert pulled.new == {f: 2 * 2 * per_task[f] for f in FIELDS}
    assert len(verifications) == sum(pulled.new.values())
    assert {v.annotator for v in verifications} == {"admin@paperscope.test", annotator.email}
    admin = [v for v in verifications if v.annotator == "admin@paperscope.test"]
    assert {(v.verdict, v.origin, v.lead_time) for v in admin} == {("accept", "prediction", 4.0)}
    second = {(v.paper_key, v.field, v.label_id): v for v in verifications if v.annotator == annotator.email}
    labels = {lab.id: lab for lab in store.labels()}
    for v in second.values():
        kind = labels[v.label_id].value.kind
        assert v.lead_time == 9.5
        if kind == "hardware_setup":
            assert (v.verdict, v.origin) == ("correct", "prediction-changed")
            assert v.corrected is not None
            assert v.corrected.model_dump()["count"] == 16
        elif kind == "bert_role":
            assert v.corrected is not None
            assert v.corrected.model_dump()["role"] == "studies"
        elif kind == "topic":
            assert v.corrected is not None
            assert v.corrected.model_dump()["topic"] == "vision"
        elif kind == "code_link":
            assert v.corrected is not None
            assert v.corrected.model_dump()["role"] == "third_party"
        elif kind == "code_release":  # released left as predicted; the new-model question answered
            assert (v.verdict, v.origin) == ("correct", "prediction-changed")
            assert v.corrected is not None
            assert v.corrected.model_dump(include={"released", "new_model"}) == {
                "released": labels[v.label_id].value.model_dump()["released"],
                "new_model": True,
            }
        elif labels[v.label_id].value.model_dump().get("author_name") == "Alan Turing":
            assert v.corrected is not None
            assert v.corrected.model_dump()["org_type"] == "industry"
            assert v.corrected.model_dump()["match_kind"] == "manual"
        else:
            assert (v.verdict, v.corrected, v.origin) == ("accept", None, "prediction")

    # pull twice: nothing added; no export left on the server, not even one a killed pull left
    ls_admin.projects.exports.create(hardware, title="paperscope pull")
    assert sum(pull(store, client).new.values()) == 0
    assert store.verifications() == verifications
    for field in FIELDS:
        assert ls_admin.projects.exports.list(client.find_project(field)) == []

    # re-extract with a bumped version, push (tasks updated in place), pull: verifications intact
    for n in (1, 2):
        store.add_labels(labels_for(make_sample(n), version="1.1.0"))
    repushed = push(store, client, crops, plans_for(store))
    assert repushed.created == {}
    assert repushed.updated == dict.fromkeys(FIELDS, 2)
    for field in FIELDS:
        project = client.find_project(field)
        assert project is not None
        tasks = tasks_of(ls_admin, project)
        assert len(tasks) == 2
        assert sorted(p.model_version for p in tasks[0].predictions) == [
            f"{field_tag(field)}@1.0.0",
            f"{field_tag(field)}@1.1.0",
        ]
    # an update interrupted after its prediction was added, run again: no second copy
    plan = plans_for(store, ["bert"])[0]
    (tid,) = [
        r["task_id"]
        for r in store.query(
            "SELECT * FROM ls_tasks WHERE paper_key = ? AND field = 'bert'", (plan.paper_key,)
        )
    ]
    client.update_task(tid, plan.to_task("")["data"], plan.prediction)
    assert len(ls_admin.predictions.list(task=tid)) == 2
    assert sum(pull(store, client).new.values()) == 0
    assert store.verifications() == verifications
    effective = effective_from_store(store)
    setup = next(e for s, e in effective.items() if s.kind == "hardware_setup")
    assert setup.verified
    assert setup.n_annotators == 2
    assert setup.disputed
    assert setup.label_id in {lab.id for lab in store.labels(current=True)}  # the new version's label

    # agreement: two annotators on every label -> Cohen's kappa per field (asked for on the shared
    # server, where they are not blind; `verify agreement` counts blind desks only)
    index = {lab.id: lab for lab in store.labels()}
    assert summarise(store.verifications(), index)[0][0].items == 0
    agreements, precisions = summarise(store.verifications(), index, blind=False)
    by_field = {a.field: a for a in agreements}
    assert by_field["affiliation"].method == "cohen"
    assert by_field["affiliation"].items == 4
    assert by_field["affiliation"].observed == pytest.approx(0.5)  # agree on Ada, not on Alan
    assert {p.field: p.disputed for p in precisions}["hardware"] == 2


def field_tag(field: str) -> str:
    return {"affiliation": "affiliations"}.get(field, field)


class FlakyTransport(httpx.BaseTransport):
    """Passes requests to the real server, but answers HTTP 500 to chosen task imports.

    ``lose_reply``: the import reaches Label Studio (tasks created) and only the reply is lost.
    """

    def __init__(self, fail_imports: set[int], *, lose_reply: bool) -> None:
        self.real = httpx.HTTPTransport()
        self.fail_imports = fail_imports
        self.lose_reply = lose_reply
        self.imports = 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.method == "POST" and request.url.path.endswith("/import"):
            self.imports += 1
            if self.imports in self.fail_imports:
                if self.lose_reply:
                    reply = self.real.handle_request(request)
                    reply.read()
                    reply.close()
                return httpx.Response(500, json={"detail": "Internal Server Error"}, request=request)
        return self.real.handle_request(request)

    def close(self) -> None:
        self.real.close()


@pytest.mark.parametrize("lose_reply", [False, True], ids=["failed-before", "reply-lost"])
def test_http_500_mid_push_then_next_push_finishes(
    tmp_path: Path, label_studio: LabelStudioServer, lose_reply: bool, closing: ExitStack
):
    store, crops = make_store(tmp_path, n_papers=5)
    prefix = unique_prefix()
    plans = plans_for(store, ["hardware"])
    flaky = FlakyTransport({2}, lose_reply=lose_reply)
    flaky_http = closing.enter_context(httpx.Client(transport=flaky, timeout=60))
    client = client_for(closing, label_studio, prefix, httpx_client=flaky_http)
    with pytest.raises(ServiceError) as err:
        push(store, client, crops, plans, chunk=2)
    message = str(err.value)
    assert "\n" not in message
    assert "HTTP 500" in message
    assert "importing tasks" in message
    pending = store.query("SELECT count(*) FROM ls_tasks WHERE content_sha256 LIKE ?", (PENDING + "%",))[0][0]
    assert pending == 2  # the failed chunk; the first chunk is recorded

    healthy = client_for(closing, label_studio, prefix)
    report = push(store, healthy, crops, plans, chunk=2)
    if lose_reply:
        assert report.adopted == {"hardware": 2}
        assert report.created == {"hardware": 1}
        assert report.updated == {}  # adopted as pushed: no second prediction
    else:
        assert report.adopted == {}
        assert report.created == {"hardware": 3}
    project = healthy.find_project("hardware")
    assert project is not None
    tasks = tasks_of(sdk(closing, label_studio.url, label_studio.token), project)
    assert sorted(t.data["ref"] for t in tasks) == sorted(p.ref for p in plans)  # no duplicates, none missing
    assert (
        store.query("SELECT count(*) FROM ls_tasks WHERE content_sha256 LIKE ?", (PENDING + "%",))[0][0] == 0
    )
    final = push(store, healthy, crops, plans_for(store, ["hardware"]), chunk=2)
    assert final.unchanged == {"hardware": 5}


def test_server_down_is_one_clear_line(tmp_path: Path, label_studio: LabelStudioServer, closing: ExitStack):
    store, crops = make_store(tmp_path, n_papers=1)
    down = closing.enter_context(
        LabelStudioClient(f"http://127.0.0.1:{free_port()}", "x" * 40, max_retries=0)
    )
    with pytest.raises(ServiceError) as err:
        push(store, down, crops, plans_for(store))
    assert "cannot reach it" in str(err.value)
    assert "\n" not in str(err.value)
    wrong = closing.enter_context(LabelStudioClient(label_studio.url, "0" * 40))
    with pytest.raises(ServiceError, match=r"HTTP 401.*PAPERSCOPE_LS_API_KEY"):
        wrong.whoami()


def test_cli_push_twice_and_pull(tmp_path: Path, label_studio: LabelStudioServer):
    store, _ = make_store(tmp_path, n_papers=1)
    unfetched = make_sample(2)  # labels, but its PDF is not in the PDF store: no crop, still a task
    store.upsert_paper(unfetched.paper)
    store.add_labels(labels_for(unfetched))
    store.close()
    env = {"PAPERSCOPE_LS_URL": label_studio.url, "PAPERSCOPE_LS_API_KEY": label_studio.token}
    home = ["--home", str(tmp_path)]
    first = paperscope_cli("verify", "push", *home, "--field", "bert", "--field", "affiliation", env=env)
    assert first.returncode == 0, first.stderr
    assert "bert: 2 created, 0 updated, 0 unchanged" in first.stdout
    assert "affiliation: 2 created, 0 updated, 0 unchanged" in first.stdout
    assert "2 task(s) without a page image" in first.stdout
    second = paperscope_cli("verify", "push", *home, "--field", "bert", "--field", "affiliation", env=env)
    assert "bert: 0 created, 0 updated, 2 unchanged" in second.stdout
    pulled = paperscope_cli("verify", "pull", *home, env=env)
    assert pulled.returncode == 0, pulled.stderr
    assert "bert: 0 annotated task(s), 0 new verification(s), 0 known" in pulled.stdout


def test_cli_serve_prints_the_url_and_stops_on_ctrl_c(tmp_path: Path):
    shutil.copytree(template_dir(), tmp_path / "labelstudio")
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PAPERSCOPE_", "LABEL_STUDIO_"))}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from paperscope.cli import main; main()",
            "verify",
            "serve",
            "--home",
            str(tmp_path),
            "--port",
            str(port),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**env, "PAPERSCOPE_LS_BIN": str(LS_BIN)},
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        assert line.startswith(f"Label Studio: http://127.0.0.1:{port}  (data: {tmp_path / 'labelstudio'}")
        assert httpx.get(f"http://127.0.0.1:{port}/health").status_code == 200
        proc.send_signal(signal.SIGINT)
        out, _ = proc.communicate(timeout=60)
        assert "Label Studio stopped" in out
        with pytest.raises(ConnectionRefusedError), socket.create_connection(("127.0.0.1", port), timeout=5):
            pass
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_listings_ask_no_page_past_the_last() -> None:
    from types import SimpleNamespace

    from annotate.client import PAGE_SIZE, every_page

    asked: list[int] = []

    def fetch(page: int, total: int, key: str) -> SimpleNamespace:
        asked.append(page)
        start = (page - 1) * PAGE_SIZE
        if start >= total:  # what the server answers with a 404 and a traceback in its log
            raise AssertionError(f"asked for page {page} past the last")
        items = list(range(start, min(total, start + PAGE_SIZE)))
        return SimpleNamespace(items=items, response=SimpleNamespace(**{key: total}))

    assert every_page(lambda p: fetch(p, 2 * PAGE_SIZE, "total")) == list(range(2 * PAGE_SIZE))
    assert asked == [1, 2]  # a full last page: the total says it is the last
    asked.clear()
    assert len(every_page(lambda p: fetch(p, PAGE_SIZE + 7, "count"))) == PAGE_SIZE + 7
    assert asked == [1, 2]


def test_each_project_carries_its_guidelines_from_the_rubric(
    label_studio: LabelStudioServer, closing: ExitStack
):
    client = client_for(closing, label_studio, "guide-")
    raw = sdk(closing, label_studio.url, label_studio.token)
    pid = client.ensure_project("hardware")
    project = raw.projects.get(pid)
    assert project.show_instruction
    assert "TPU v3-8" in project.expert_instruction  # the count rules annotators work by
    assert "Reject" in project.expert_instruction  # and when to correct, when to reject
    raw.projects.update(pid, expert_instruction="old words")
    assert client.ensure_project("hardware") == pid  # the next push puts ours back
    assert "TPU v3-8" in raw.projects.get(pid).expert_instruction
    assert "studies" in raw.projects.get(client.ensure_project("bert")).expert_instruction


def test_the_server_log_holds_each_line_once_and_no_secret(
    label_studio: LabelStudioServer, annotator
) -> None:
    # the annotator fixture signed up through the invite link: its token went through a logged URL
    import httpx as _httpx

    from tests.annotate.ls_server import ANNOTATOR_PASSWORD, PASSWORD, TOKEN

    _httpx.get(f"{label_studio.url}/api/not-there", headers={"Authorization": f"Token {label_studio.token}"})
    log = (label_studio.data_dir / "server.log").read_text(encoding="utf-8", errors="replace")
    lines = log.splitlines()
    assert all(a != b for a, b in itertools.pairwise(lines)), "a line written twice"
    assert not [s for s in (PASSWORD, TOKEN, ANNOTATOR_PASSWORD, annotator.token) if s in log]
    assert "token=" not in log.replace("token=[redacted]", "")
