"""Against a real Label Studio: `verify push --sample`, hand-entered values for what the machine missed,
a chip outside chips.csv refused at pull time."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from analysis.sample import SampleFile, write_sample
from annotate.chips import chip_table
from paperscope.records import HardwareSetup
from paperscope.store import Store
from paperscope.store.pdfs import PdfStore
from paperscope.verified import PLACEHOLDER, effective_from_store, placeholder_label
from tests.annotate.factory import labels_for, make_sample, store_sample
from tests.annotate.ls_server import LabelStudioServer, paperscope_cli

pytestmark = [pytest.mark.labelstudio, pytest.mark.slow]


def project(ls: Any, field: str) -> Any:
    (found,) = [p for p in ls.projects.list() if p.title == f"paperscope: {field}"]
    return found


def task_of(ls: Any, field: str, paper_key: str) -> Any:
    (task,) = [
        t
        for t in ls.tasks.list(project=project(ls, field).id, fields="all")
        if t.data["paper_key"] == paper_key
    ]
    return task


def choose(name: str, kind: str, value: dict[str, Any]) -> dict[str, Any]:
    return {"id": name, "from_name": name, "to_name": "evidence", "type": kind, "value": value}


def test_push_a_sample_enter_missed_values_by_hand_and_pull(
    tmp_path: Path, label_studio: LabelStudioServer, ls: Any
):
    labelled, unsampled, bare = make_sample(31), make_sample(32), make_sample(33)
    with Store.open(tmp_path / "paperscope.sqlite") as store:
        pdfs = PdfStore(tmp_path / "pdfs")
        for sample in (labelled, unsampled, bare):
            store_sample(store, pdfs, sample)
        store.add_labels(labels_for(labelled))
        store.add_labels(labels_for(unsampled))  # bare: the extractors found nothing at all
    keys = (labelled.paper.key, bare.paper.key)
    sample_file = tmp_path / "samples" / "neurips-2021-n2-seed7.json"
    write_sample(
        SampleFile(
            venue="neurips", year=2021, n=2, seed=7, population_size=3, population_sha256="0" * 64, keys=keys
        ),
        sample_file,
    )
    env = {"PAPERSCOPE_LS_URL": label_studio.url, "PAPERSCOPE_LS_API_KEY": label_studio.token}
    home = ["--home", str(tmp_path)]

    pushed = paperscope_cli("verify", "push", *home, "--sample", str(sample_file), env=env)
    assert pushed.returncode == 0, pushed.stderr
    for field in ("hardware", "bert", "code", "topic"):
        assert f"{field}: 2 created, 0 updated, 0 unchanged" in pushed.stdout
    assert "affiliation: 2 created" in pushed.stdout  # the bare paper's listed authors as lines
    assert "5 task(s) where the machine found nothing" in pushed.stdout
    author_lines = task_of(ls, "affiliation", bare.paper.key)
    assert author_lines.predictions[0].model_version == PLACEHOLDER.tag
    assert [r["value"]["labels"] for r in author_lines.predictions[0].result] == [["unknown"]] * len(
        bare.paper.authors
    )  # one line per listed author, to relabel with its type
    for field in ("hardware", "bert", "code", "topic", "affiliation"):
        refs = {t.data["paper_key"] for t in ls.tasks.list(project=project(ls, field).id, fields="all")}
        assert refs <= set(keys)  # exactly the sampled papers: the unsampled one has no task
    placeholder_task = task_of(ls, "hardware", bare.paper.key)
    (prediction,) = placeholder_task.predictions
    assert (prediction.model_version, prediction.result) == (PLACEHOLDER.tag, [])

    # the annotator enters what the machine missed; another picks a chip outside chips.csv
    ls.annotations.create(
        id=placeholder_task.id,
        result=[
            choose("verdict", "choices", {"choices": ["correct"]}),
            choose("chip", "choices", {"choices": ["rtx-3090"]}),
            choose("count", "number", {"number": 4}),
        ],
        parent_prediction=prediction.id,
    )
    ls.annotations.create(  # made from scratch, no prediction loaded
        id=task_of(ls, "bert", bare.paper.key).id,
        result=[
            choose("verdict", "choices", {"choices": ["correct"]}),
            choose("role", "choices", {"choices": ["uses"]}),
        ],
    )
    machine_task = task_of(ls, "hardware", labelled.paper.key)
    ls.annotations.create(
        id=machine_task.id,
        result=[
            choose("verdict", "choices", {"choices": ["correct"]}),
            choose("chip", "choices", {"choices": ["abacus-9000"]}),
        ],
        parent_prediction=machine_task.predictions[0].id,
    )

    pulled = paperscope_cli("verify", "pull", *home, env=env)
    assert pulled.returncode == 1, pulled.stderr
    (problem,) = pulled.stderr.strip().splitlines()
    assert problem.startswith(
        f"not pulled: hardware task {machine_task.id} ({labelled.paper.key}), annotation "
    )
    assert "'abacus-9000' is no chip id or name in data/hardware/chips.csv" in problem
    assert "hardware: 2 annotated task(s), 1 new verification(s)" in pulled.stdout

    with Store.open(tmp_path / "paperscope.sqlite", create=False) as store:
        verifications = {v.field: v for v in store.verifications()}
        effective = effective_from_store(store)
    assert set(verifications) == {"hardware", "bert"}  # nothing stored for the unknown chip
    hardware = verifications["hardware"]
    assert (hardware.verdict, hardware.origin) == ("correct", "manual")
    assert hardware.label_id == placeholder_label(bare.paper.key, "hardware").id
    assert isinstance(hardware.corrected, HardwareSetup)
    assert (hardware.corrected.chip, hardware.corrected.count) == ("rtx-3090", 4)
    fp32 = chip_table()["rtx-3090"].fp32
    assert fp32 is not None
    assert hardware.corrected.peak_flops_fp32 == pytest.approx(4 * fp32)
    bert = verifications["bert"]
    assert (bert.verdict, bert.origin, bert.label_id) == (
        "correct",
        "manual",
        placeholder_label(bare.paper.key, "bert").id,
    )
    assert bert.corrected is not None
    assert bert.corrected.model_dump()["role"] == "uses"
    by_slot = {(s.paper_key, s.kind): e for s, e in effective.items()}
    assert by_slot[(bare.paper.key, "hardware_setup")].value == hardware.corrected
    assert by_slot[(bare.paper.key, "hardware_setup")].verified
    assert by_slot[(bare.paper.key, "bert_role")].value == verifications["bert"].corrected
    assert (bare.paper.key, "topic") not in by_slot  # an unannotated placeholder is no value at all
    assert by_slot[(labelled.paper.key, "hardware_setup")].verified is False  # the refused one

    again = paperscope_cli("verify", "push", *home, "--sample", str(sample_file), env=env)
    assert again.returncode == 0, again.stderr
    assert "hardware: 0 created, 0 updated, 2 unchanged" in again.stdout
    bad = tmp_path / "not-a-sample.json"
    bad.write_text(json.dumps({"venue": "neurips"}), encoding="utf-8")
    refused = paperscope_cli("verify", "push", *home, "--sample", str(bad), env=env)
    assert refused.returncode == 2
    assert "not a sample file" in refused.stderr
    assert refused.stderr.strip().count("\n") == 0
