"""Where an annotation round stands, from the store: tasks done and left per annotator, and disputes.

A task counts as done by an annotator once a verification of theirs from that task has been pulled
(``verify pull``); the tasks of a field are those ``verify push`` recorded in the store's sidecar, per
server (the shared one, or an annotator's own desk).
A *dispute* is a slot (one paper's set-up, role, release, topic or author line) on which two
annotators' newest decisions differ: the lead resolves it, in Label Studio, before the round counts.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from annotate.agreement import ratings
from paperscope.records import FIELDS, Label, Verification
from paperscope.store import Store


@dataclass(frozen=True, slots=True)
class AnnotatorProgress:
    """One annotator's work on one field at one server: tasks with a pulled verdict, tasks without.

    ``desk``: the annotator whose own desk holds the tasks ("" for the shared server).
    """

    field: str
    annotator: str
    done: int
    left: int
    desk: str = ""


@dataclass(frozen=True, slots=True)
class Dispute:
    """A slot two or more annotators decided differently (``decisions``: annotator -> decision)."""

    field: str
    paper_key: str
    slot: str
    decisions: tuple[tuple[str, str], ...]


def progress(
    tasks: Mapping[tuple[str, str], set[int]],
    verifications: Iterable[Verification],
    fields: Sequence[str] = FIELDS,
) -> list[AnnotatorProgress]:
    """Per field, annotator and server, pushed tasks they gave a verdict on and those they did not.

    ``tasks``: (desk, field) -> task ids (:func:`pushed_tasks`). Every desk with tasks gets a row for
    its annotator, verdicts or not; on the shared server, the annotators who gave a verdict there.
    """
    done: dict[tuple[str, str, str], set[int]] = {}
    for desk, field in tasks:
        if desk:
            done.setdefault((field, desk, desk), set())
    for v in verifications:
        desk = v.desk or ""
        if v.ls_task is not None and v.ls_task in tasks.get((desk, v.field), set()):
            done.setdefault((v.field, v.annotator, desk), set()).add(v.ls_task)
    out = []
    for field in fields:
        for (f, annotator, desk), ids in sorted(done.items()):
            if f == field:
                pushed = tasks.get((desk, field), set())
                out.append(AnnotatorProgress(field, annotator, len(ids), len(pushed) - len(ids), desk))
    return out


def disputes(verifications: Iterable[Verification], labels: Mapping[str, Label]) -> list[Dispute]:
    """Slots whose annotators' newest decisions differ, in field and slot order."""
    grouped: dict[tuple[str, str], dict[str, str]] = {}
    for r in ratings(verifications, labels, "slot"):
        grouped.setdefault((r.field, r.unit), {})[r.annotator] = r.decision
    return [
        Dispute(field, unit.split("|", 1)[0], unit, tuple(sorted(decided.items())))
        for (field, unit), decided in sorted(grouped.items())
        if len(set(decided.values())) > 1
    ]


def pushed_tasks(store: Store) -> dict[tuple[str, str], set[int]]:
    """The Label Studio task ids ``verify push`` recorded, per (desk, field); pending imports left out.

    The desk is "" for the shared server: each server numbers its tasks apart.
    """
    out: dict[tuple[str, str], set[int]] = {}
    for row in store.query("SELECT desk, field, task_id FROM ls_tasks WHERE task_id > 0"):
        out.setdefault((str(row["desk"]), str(row["field"])), set()).add(int(row["task_id"]))
    return out
