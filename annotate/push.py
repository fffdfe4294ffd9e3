"""``paperscope verify push``: idempotent, chunked, resumable push of (paper, field) tasks.

The store's ``ls_tasks`` sidecar keeps, per (paper, field, project), the task id and the content hash
of what was pushed. An unchanged task is skipped without rendering anything; a changed one (new
extractor version, new evidence) is updated in place with a new prediction; a new one is imported in
chunks. Before a chunk is imported its rows are marked pending (task id 0): if the reply is lost
(server down, HTTP 500), the next push adopts whatever Label Studio did create, by ``data.ref``,
instead of importing it twice.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from annotate.client import LabelStudioClient
from annotate.crops import CropCache, CropError, data_uri
from annotate.desks import assign
from annotate.tasks import TaskPlan, plan_task
from paperscope.errors import InputError
from paperscope.records import FIELDS, Field_, Label
from paperscope.store import Store
from paperscope.store.sqlite import LS_TASK_UPSERT

log = logging.getLogger(__name__)

PENDING = "pending:"  # sidecar hash prefix while an import is under way
CHUNK = 200  # tasks per import call


@dataclass(slots=True)
class PushReport:
    """What one push did, per field."""

    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)
    adopted: dict[str, int] = field(default_factory=dict)
    without_crop: int = 0
    pdf_links: bool = (
        True  # False: the server does not serve the PDF store, so the tasks' PDF links will not open
    )

    def add(self, counter: dict[str, int], fld: str, n: int = 1) -> None:
        """Count ``n`` tasks of field ``fld`` in ``counter``."""
        counter[fld] = counter.get(fld, 0) + n


def sample_keys(path: Path) -> list[str]:
    """The paper keys of a sample file written by ``paperscope sample`` (its ``keys`` list)."""
    try:
        sample = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(f"{path}: not a readable sample file ({exc})") from exc
    keys = sample.get("keys") if isinstance(sample, dict) else None
    if not isinstance(keys, list) or not keys or not all(isinstance(k, str) for k in keys):
        raise InputError(
            f"{path}: not a sample file (no list of paper keys; write one with `paperscope sample`)"
        )
    return keys


def plans_for(
    store: Store,
    fields: Sequence[Field_] = FIELDS,
    *,
    venue: str | None = None,
    year: int | None = None,
    limit: int | None = None,
    paper_keys: Iterable[str] | None = None,
    placeholders: bool = False,
) -> list[TaskPlan]:
    """Plan tasks for the selected papers (key order; ``limit`` papers at most) from current labels.

    With ``placeholders``, a paper-level field without a machine value still gets a task (an empty
    prediction backed by a placeholder label), so a person can enter what the machine missed.
    """
    wanted = set(paper_keys) if paper_keys is not None else None
    papers = [p for p in store.papers(venue=venue, year=year) if wanted is None or p.key in wanted]
    papers = papers[:limit] if limit is not None else papers
    by_paper: dict[str, list[Label]] = {}
    for label in store.labels(current=True):
        by_paper.setdefault(label.paper_key, []).append(label)
    pdf_of = {
        str(r[0]): str(r[1])
        for r in store.query("SELECT key, pdf_sha256 FROM papers WHERE pdf_sha256 IS NOT NULL")
    }
    plans = []
    for paper in papers:
        for fld in fields:
            labels = [lab for lab in by_paper.get(paper.key, []) if lab.field == fld]
            plan = plan_task(paper, fld, labels, placeholder=placeholders, pdf_sha256=pdf_of.get(paper.key))
            if plan is not None:
                plans.append(plan)
    return plans


def push(
    store: Store,
    client: LabelStudioClient,
    crops: CropCache,
    plans: Sequence[TaskPlan],
    *,
    chunk: int = CHUNK,
    overlap: int | None = None,
    progress: Callable[[int], None] | None = None,
    desk: str = "",
) -> PushReport:
    """Push the planned tasks; a second push of the same plans creates and updates nothing.

    The placeholder labels of placeholder tasks are stored first (the same label every time).
    ``desk``: the annotator whose own server ``client`` talks to ("" for the shared server).
    """
    report = PushReport()
    store.add_labels(plan.placeholder for plan in plans if plan.placeholder is not None)
    store.add_labels(line for plan in plans for line in plan.line_placeholders)
    by_field: dict[Field_, list[TaskPlan]] = {}
    for plan in plans:
        by_field.setdefault(plan.field, []).append(plan)
    for fld, fld_plans in by_field.items():
        project = client.ensure_project(fld, overlap=overlap)
        report.pdf_links &= client.ensure_pdf_storage(project, crops.pdfs.root)
        _push_field(store, client, crops, project, fld, fld_plans, chunk, report, progress, desk)
    return report


def push_to_desks(
    store: Store,
    clients: Mapping[str, LabelStudioClient],
    crops: CropCache,
    plans: Sequence[TaskPlan],
    *,
    overlap: int = 2,
    chunk: int = CHUNK,
    progress: Callable[[int], None] | None = None,
) -> dict[str, PushReport]:
    """Push each planned task to ``overlap`` annotators' own desks (:mod:`annotate.desks`).

    ``clients``: annotator -> a client of that annotator's desk. Which desks get a task is
    :func:`annotate.desks.assign`'s choice; a task already at a desk stays there. One report per desk.
    """
    held: dict[str, set[str]] = {}
    for row in store.query("SELECT paper_key, field, desk FROM ls_tasks WHERE desk != ''"):
        held.setdefault(f"{row[0]}#{row[1]}", set()).add(str(row[2]))
    chosen = assign([plan.ref for plan in plans], list(clients), overlap, held)
    return {
        annotator: push(
            store,
            client,
            crops,
            [plan for plan in plans if annotator in chosen[plan.ref]],
            chunk=chunk,
            progress=progress,
            desk=annotator,
        )
        for annotator, client in clients.items()
    }


def _push_field(
    store: Store,
    client: LabelStudioClient,
    crops: CropCache,
    project: int,
    fld: Field_,
    plans: Sequence[TaskPlan],
    chunk: int,
    report: PushReport,
    progress: Callable[[int], None] | None,
    desk: str,
) -> None:
    sidecar = {p.ref: store.ls_task(p.paper_key, fld, project, desk) for p in plans}
    if any(row is not None and row[1].startswith(PENDING) for row in sidecar.values()):
        refs = client.task_refs(project)
        for plan in plans:
            row = sidecar[plan.ref]
            if row is None or not row[1].startswith(PENDING):
                continue
            if plan.ref not in refs:
                sidecar[plan.ref] = None  # the lost import did not create it: import it again
                continue
            # created by the lost import: adopt it; it holds what was pushed then (sha after the prefix)
            pushed_sha = row[1].removeprefix(PENDING)
            store.record_ls_task(plan.paper_key, fld, project, refs[plan.ref], pushed_sha, desk)
            sidecar[plan.ref] = (refs[plan.ref], pushed_sha)
            report.add(report.adopted, fld)
    new: list[TaskPlan] = []
    for plan in plans:
        row = sidecar[plan.ref]
        if row is None:
            new.append(plan)
        elif row[1] == plan.sha:
            report.add(report.unchanged, fld)
            _tick(progress)
        else:
            client.update_task(row[0], plan.to_task(_crop(crops, plan, report))["data"], plan.prediction)
            store.record_ls_task(plan.paper_key, fld, project, row[0], plan.sha, desk)
            report.add(report.updated, fld)
            _tick(progress)
    for start in range(0, len(new), chunk):
        batch = new[start : start + chunk]
        tasks = [plan.to_task(_crop(crops, plan, report)) for plan in batch]
        _record(store, project, desk, [(plan, 0, PENDING + plan.sha) for plan in batch])
        ids = client.import_tasks(project, tasks)
        _record(store, project, desk, [(plan, tid, plan.sha) for plan, tid in zip(batch, ids, strict=True)])
        report.add(report.created, fld, len(batch))
        for _ in batch:
            _tick(progress)


def _record(store: Store, project: int, desk: str, rows: Sequence[tuple[TaskPlan, int, str]]) -> None:
    """Write sidecar rows for a whole chunk in one transaction (``Store.record_ls_task`` does one)."""
    now = datetime.now(UTC).isoformat(timespec="seconds")
    with store.transaction() as conn:
        conn.executemany(
            LS_TASK_UPSERT,
            [(plan.paper_key, plan.field, project, tid, sha, now, desk) for plan, tid, sha in rows],
        )


def _crop(crops: CropCache, plan: TaskPlan, report: PushReport) -> str:
    """The crop's data URI; a page that cannot be rendered gives a task without an image."""
    if plan.crop is None:
        report.without_crop += 1
        return ""
    try:
        return data_uri(crops.png(plan.crop))
    except CropError as exc:  # a broken or missing PDF must not stop the push
        log.warning("no crop for %s: %s", plan.ref, exc)
        report.without_crop += 1
        return ""


def _tick(progress: Callable[[int], None] | None) -> None:
    if progress is not None:
        progress(1)
