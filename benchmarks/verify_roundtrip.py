"""Label Studio round trip at scale: plan + push N papers x 5 fields, push again, annotate, pull twice.

First times ``paperscope verify serve`` from the command to a ready server, in a new home (fresh:
Label Studio builds its database) and again in the same home (cached). Then starts its own Label
Studio (from the test suite's cached template data dir, built on first use) on a free loopback
port, fills a fresh store with generated papers (tests/annotate/factory.py), and prints seconds per
step, tasks per second against the targets (push >= 50 tasks/s, pull >= 200 verdicts/s) and the
size of a task's payload (crop included). The default, 400 papers, is 2,000 tasks.

Usage: .venv/bin/python benchmarks/verify_roundtrip.py [--papers 400] [--skip-serve]
"""

from __future__ import annotations

import argparse
import json
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from annotate.client import LabelStudioClient  # noqa: E402
from annotate.crops import CropCache  # noqa: E402
from annotate.pull import pull  # noqa: E402
from annotate.push import plans_for, push  # noqa: E402
from annotate.server import start  # noqa: E402
from paperscope.store import Store  # noqa: E402
from paperscope.store.pdfs import PdfStore  # noqa: E402
from tests.annotate.factory import labels_for, make_sample, store_sample  # noqa: E402
from tests.annotate.ls_server import TOKEN, env, free_port, template_dir  # noqa: E402


def timed(label: str, fn: Any) -> Any:
    start = time.perf_counter()
    out = fn()
    seconds = time.perf_counter() - start
    print(f"{label:<44} {seconds:8.2f} s")
    return out, seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--papers", type=int, default=400)
    parser.add_argument("--skip-serve", action="store_true", help="Do not time `verify serve`.")
    args = parser.parse_args()
    if not args.skip_serve:
        home = Path(tempfile.mkdtemp(prefix="verify-serve-"))
        print(f"{'verify serve to a ready server, fresh home':<44} {serve_seconds(home):8.2f} s")
        print(f"{'verify serve to a ready server, same home':<44} {serve_seconds(home):8.2f} s")
        shutil.rmtree(home, ignore_errors=True)
    work = Path(tempfile.mkdtemp(prefix="verify-bench-"))
    data = work / "ls"
    shutil.copytree(template_dir(), data)
    with (data / "server.log").open("wb") as log:
        server, _ = timed(
            "start Label Studio (cached template)", lambda: start(data, free_port(), env(), log)
        )
        try:
            run(work, server.url, args.papers)
        finally:
            server.stop()
    shutil.rmtree(work, ignore_errors=True)


def serve_seconds(home: Path) -> float:
    """Seconds from starting ``paperscope verify serve`` to its "Label Studio: <url>" line (printed once
    the server answers /health); the server is then stopped with Ctrl-C (SIGINT)."""
    command = [sys.executable, "-c", "from paperscope.cli import main; main()", "verify", "serve",
               "--home", str(home), "--port", str(free_port())]  # fmt: skip
    started = time.perf_counter()
    proc = subprocess.Popen(command, env={**env(), "PYTHONUNBUFFERED": "1"}, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, cwd=REPO)  # fmt: skip
    ready = None
    for line in proc.stdout or ():  # the command's own "ready" line: no polling
        if line.startswith("Label Studio: http"):
            ready = time.perf_counter() - started
            break
    proc.send_signal(signal.SIGINT)
    proc.communicate(timeout=120)
    if ready is None:
        raise SystemExit(f"verify serve never became ready (exit code {proc.returncode})")
    return ready


def rate(label: str, value: float, target: float) -> None:
    verdict = "PASS" if value >= target else "FAIL"
    print(f"{label:<46}{value:8.1f}   target >= {target:g} {verdict}")


def run(work: Path, url: str, n_papers: int) -> None:
    store = Store.open(work / "paperscope.sqlite")
    pdfs = PdfStore(work / "pdfs")
    for n in range(1, n_papers + 1):
        sample = make_sample(n)
        store_sample(store, pdfs, sample)
        store.add_labels(labels_for(sample))
    crops = CropCache(work / "crops", pdfs)
    with LabelStudioClient(url, TOKEN) as client:
        plans, _ = timed("plan tasks", lambda: plans_for(store))
        report, first = timed(
            f"push {len(plans)} tasks (crops rendered)", lambda: push(store, client, crops, plans)
        )
        if sum(report.created.values()) != len(plans):
            raise SystemExit(f"first push created {report.created}, expected {len(plans)} tasks")
        report, again = timed(
            "push again (nothing to do)", lambda: push(store, client, crops, plans_for(store))
        )
        if sum(report.unchanged.values()) != len(plans):
            raise SystemExit(f"second push changed something: {report}")
        sizes = [len(json.dumps(p.to_task(""))) for p in plans]
        crop_bytes = [len(crops.png(p.crop)) * 4 / 3 for p in plans if p.crop]
        n_annotations, _ = timed("annotate every task (API, accept)", lambda: annotate(client))
        pulled, pull_s = timed("pull (snapshot export -> verifications)", lambda: pull(store, client))
        again_pulled, _ = timed("pull again (nothing new)", lambda: pull(store, client))
        if sum(again_pulled.new.values()):
            raise SystemExit(f"second pull added {again_pulled.new}")
    print(f"tasks pushed: {len(plans)}; annotations pulled: {n_annotations}")
    rate("tasks pushed per second (first push)", len(plans) / first, 50)
    print(f"tasks checked per second (second push)        {len(plans) / again:8.1f}")
    rate("verdicts pulled per second", n_annotations / pull_s, 200)
    print(f"verifications stored                          {sum(pulled.new.values()):8d}")
    print(f"mean task payload without crop (bytes)        {sum(sizes) / len(sizes):8.0f}")
    print(f"mean crop as data URI (bytes)                 {sum(crop_bytes) / max(1, len(crop_bytes)):8.0f}")
    store.close()


def annotate(client: LabelStudioClient) -> int:
    n = 0
    for field in ("hardware", "bert", "code", "affiliation", "topic"):
        project = client.find_project(field)  # type: ignore[arg-type]
        to_name = "items" if field in {"code", "affiliation"} else "evidence"
        for task in client.ls.tasks.list(project=project, fields="all"):
            pred = task.predictions[0]
            verdict = {"id": "v", "from_name": "verdict", "to_name": to_name, "type": "choices"}
            result = [*pred.result, {**verdict, "value": {"choices": ["accept"]}}]
            client.ls.annotations.create(id=task.id, result=result, parent_prediction=pred.id, lead_time=3.0)
            n += 1
    return n


if __name__ == "__main__":
    main()
