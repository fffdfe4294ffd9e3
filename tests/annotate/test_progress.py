"""`verify status`: tasks done and left per annotator, disputes, from the store (no server needed)."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

from typer.testing import CliRunner

from annotate.progress import disputes, progress
from paperscope.cli import app
from paperscope.records import BertRole, Label, Verification
from paperscope.store import Store
from tests.annotate.factory import labels_for, make_sample

T0 = datetime(2026, 12, 1, tzinfo=UTC)


def bert_labels(n: int) -> list[Label]:
    return [
        lab for i in range(1, n + 1) for lab in labels_for(make_sample(i)) if lab.value.kind == "bert_role"
    ]


def verdict(
    label: Label,
    who: str,
    task: int,
    verdict: str = "accept",
    role: str | None = None,
    desk: str | None = None,
) -> Verification:
    return Verification(label_id=label.id, paper_key=label.paper_key, field=label.field, verdict=verdict,  # type: ignore[arg-type]
                        corrected=BertRole(role=role) if role else None,  # type: ignore[arg-type]
                        annotator=who, origin="prediction", ls_task=task, at=T0, desk=desk)  # fmt: skip


def test_done_and_left_per_annotator_and_the_slots_they_decided_differently() -> None:
    labels = bert_labels(3)  # the machine says "uses" on each
    tasks = {("", "bert"): {11, 12, 13}}
    vs = [verdict(labels[0], "a", 11), verdict(labels[0], "b", 11),
          verdict(labels[1], "a", 12), verdict(labels[1], "b", 12, "correct", "studies"),
          verdict(labels[2], "a", 13)]  # fmt: skip
    got = {(p.field, p.annotator): (p.done, p.left) for p in progress(tasks, vs)}
    assert got == {("bert", "a"): (3, 0), ("bert", "b"): (2, 1)}
    (dispute,) = disputes(vs, {lab.id: lab for lab in labels})
    assert dispute.paper_key == labels[1].paper_key
    assert dict(dispute.decisions)["a"] != dict(dispute.decisions)["b"]


def test_desk_tasks_count_for_their_own_annotator_though_each_desk_numbers_its_tasks_apart() -> None:
    labels = bert_labels(3)
    tasks = {("a", "bert"): {1, 2}, ("b", "bert"): {1, 2}, ("", "bert"): {1}}
    vs = [verdict(labels[0], "a", 1, desk="a"), verdict(labels[1], "a", 2, desk="a"),
          verdict(labels[0], "b", 1, desk="b"), verdict(labels[2], "lead", 1)]  # fmt: skip
    got = {(p.annotator, p.desk): (p.done, p.left) for p in progress(tasks, vs)}
    assert got == {("a", "a"): (2, 0), ("b", "b"): (1, 1), ("lead", ""): (1, 0)}
    untouched = progress({("c", "bert"): {5, 6}}, [])  # a desk with no verdict yet still has its row
    assert [(p.annotator, p.done, p.left) for p in untouched] == [("c", 0, 2)]


def test_verify_status_prints_the_round(tmp_path: Path) -> None:
    labels = bert_labels(2)
    with Store.open(tmp_path / "paperscope.sqlite") as store:
        for i in (1, 2):
            from paperscope.store.pdfs import PdfStore
            from tests.annotate.factory import store_sample

            store_sample(store, PdfStore(tmp_path / "pdfs"), make_sample(i))
        store.add_labels(labels)
        for task, label in zip((21, 22), labels, strict=True):
            store.record_ls_task(label.paper_key, "bert", 1, task, "sha")
        store.add_verification(verdict(labels[0], "a@x.org", 21))
        store.add_verification(verdict(labels[0], "b@x.org", 21, "reject"))
    result = CliRunner().invoke(app, ["verify", "status", "--home", str(tmp_path), "--field", "bert"])
    assert result.exit_code == 0, result.output
    out = " ".join(re.sub(r"[│┃]", " ", result.output).split())  # Rich's table borders
    assert "bert a@x.org shared server 2 1 1" in out
    assert "bert b@x.org shared server 2 1 1" in out
    assert "disputes to resolve: 1" in out
    assert f"bert {labels[0].paper_key}|bert_role|: a@x.org: " in out
