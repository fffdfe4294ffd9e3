"""Stores to push, the CLI's Label Studio environment, and Label Studio's side read back over REST."""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path
from typing import Any

import httpx

from paperscope.store import Store
from paperscope.store.pdfs import PdfStore
from tests.annotate.factory import labels_for, make_sample, store_sample
from tests.reliability.conftest import LabelStudio
from tests.reliability.killing import PAPERSCOPE


def make_home(home: Path, n_papers: int) -> Path:
    """A work folder whose store holds ``n_papers`` generated papers, their PDFs and labels of every field."""
    pdfs = PdfStore(home / "pdfs")
    with Store.open(home / "paperscope.sqlite") as store:
        for n in range(1, n_papers + 1):
            sample = make_sample(n)
            store_sample(store, pdfs, sample)
            store.add_labels(labels_for(sample))
    return home


def ls_env(server: LabelStudio, url: str | None = None) -> dict[str, str]:
    """The environment of a ``paperscope verify`` run talking to ``url`` (default: the server)."""
    return {**os.environ, "PAPERSCOPE_LS_URL": url or server.url, "PAPERSCOPE_LS_API_KEY": server.token}


def verify_cmd(action: str, home: Path) -> list[str]:
    """``paperscope verify push|pull --home HOME``."""
    return [*PAPERSCOPE, "verify", action, "--home", str(home)]


def _http(server: LabelStudio) -> httpx.Client:
    return httpx.Client(base_url=server.url, headers={"Authorization": f"Token {server.token}"}, timeout=60)


def projects(server: LabelStudio) -> dict[str, list[int]]:
    """Project title -> ids (more than one id is a duplicated project)."""
    out: dict[str, list[int]] = {}
    with _http(server) as http:
        for p in http.get("/api/projects", params={"page_size": 1000}).json()["results"]:
            out.setdefault(p["title"], []).append(p["id"])
    return out


def tasks(server: LabelStudio) -> dict[str, list[dict[str, Any]]]:
    """Project title -> its tasks (with ``data`` and ``predictions``), every project of that title."""
    out: dict[str, list[dict[str, Any]]] = {}
    with _http(server) as http:
        for title, ids in projects(server).items():
            for pid in ids:
                reply = http.get("/api/tasks", params={"project": pid, "page_size": 10000, "fields": "all"})
                out.setdefault(title, []).extend(reply.json()["tasks"])
    return out


def task_refs(server: LabelStudio) -> dict[str, Counter[str]]:
    """Project title -> how many tasks carry each ``data.ref`` (a count over 1 is a duplicate)."""
    return {title: Counter(t["data"]["ref"] for t in ts) for title, ts in tasks(server).items()}


def annotate_all(server: LabelStudio) -> int:
    """Accept every task's newest prediction as it stands (an annotation per task); return how many."""
    n = 0
    with _http(server) as http:
        for ts in tasks(server).values():
            for task in ts:
                pred = max(task["predictions"], key=lambda p: p["id"])
                to_name = "items" if task["data"]["field"] in {"code", "affiliation"} else "evidence"
                verdict = {"id": "verdict0", "from_name": "verdict", "to_name": to_name, "type": "choices",
                           "value": {"choices": ["accept"]}}  # fmt: skip
                result = [*pred["result"], verdict]
                body = {"result": result, "parent_prediction": pred["id"], "lead_time": 3.0}
                http.post(f"/api/tasks/{task['id']}/annotations", json=body).raise_for_status()
                n += 1
    return n


def clear_projects(server: LabelStudio) -> None:
    """Delete every project (with its tasks) on the server."""
    with _http(server) as http:
        for p in http.get("/api/projects", params={"page_size": 1000}).json()["results"]:
            http.delete(f"/api/projects/{p['id']}").raise_for_status()


def predictions_per_task(server: LabelStudio) -> Counter[int]:
    """How many tasks have 1, 2, ... predictions (a push adds one per task; more is a duplicate)."""
    return Counter(len(t["predictions"]) for ts in tasks(server).values() for t in ts)


def exports_left(server: LabelStudio) -> int:
    """Snapshot exports still on the server (a pull removes its own when it ends)."""
    with _http(server) as http:
        return sum(
            len(http.get(f"/api/projects/{pid}/exports").json())
            for ids in projects(server).values()
            for pid in ids
        )
