"""Papers the machine found nothing in: placeholder tasks, hand-entered values, never a machine value."""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from annotate.agreement import summarise
from annotate.chips import chip_table
from annotate.pull import verifications_from_task
from annotate.push import plans_for
from annotate.tasks import TaskPlan, plan_task, validate_task
from paperscope.records import Field_, Label, Verification
from paperscope.store import Store
from paperscope.verified import (
    PLACEHOLDER,
    effective_values,
    is_placeholder,
    placeholder_label,
    slot_of,
)
from tests.annotate.factory import labels_for, make_sample
from tests.core.factories import verdict_of

USERS = {1: "admin@x.org", 2: "second@x.org"}
PAPER_FIELDS: list[Field_] = ["hardware", "bert", "code", "topic"]


def placeholder_plan(field: Field_) -> TaskPlan:
    plan = plan_task(make_sample().paper, field, [], placeholder=True)
    assert plan is not None
    return plan


def control(name: str, kind: str, value: dict[str, Any]) -> dict[str, Any]:
    return {"id": name, "from_name": name, "to_name": "evidence", "type": kind, "value": value}


def annotated(
    plan: TaskPlan, verdict: str, *controls: dict[str, Any], parent: int | None = 10
) -> dict[str, Any]:
    task = plan.to_task("")
    result = [*controls, control("verdict", "choices", {"choices": [verdict]})]
    return {
        "id": 5,
        "data": task["data"],
        "predictions": [{**task["predictions"][0], "id": 10}],
        "annotations": [
            {
                "id": 100,
                "completed_by": 1,
                "result": result,
                "created_at": "2026-11-20T09:00:00Z",
                "parent_prediction": parent,
            }
        ],
    }


def pulled(
    plan: TaskPlan, verdict: str, *controls: dict[str, Any], parent: int | None = 10
) -> list[Verification]:
    assert plan.placeholder is not None
    labels = {plan.placeholder.id: plan.placeholder}
    return verifications_from_task(annotated(plan, verdict, *controls, parent=parent), USERS, labels.get)


@pytest.mark.parametrize("field", PAPER_FIELDS)
def test_placeholder_task_has_an_empty_prediction_that_label_studio_accepts(field: Field_):
    plan = placeholder_plan(field)
    assert plan.prediction == {"model_version": "placeholder@1.0.0", "score": 0.0, "result": []}
    assert validate_task(plan) == []
    assert plan.placeholder is not None
    assert plan.subject_ids == (plan.placeholder.id,)
    assert plan.placeholder == placeholder_label(plan.paper_key, field)  # the same label every time
    assert plan.placeholder.producer == PLACEHOLDER
    assert plan.placeholder.evidence.locator == f"label-studio task {plan.paper_key}#{field}"
    assert "nothing found" in plan.data["machine"]


def test_no_placeholder_unless_asked_and_none_for_affiliations_without_listed_authors():
    paper = make_sample().paper
    assert plan_task(paper, "bert", []) is None
    assert plan_task(paper, "affiliation", []) is None
    assert plan_task(paper.model_copy(update={"authors": ()}), "affiliation", [], placeholder=True) is None


def test_an_affiliation_placeholder_lists_each_author_on_page_one_and_a_typed_line_is_pulled():
    sample = make_sample()
    plan = plan_task(sample.paper, "affiliation", [], placeholder=True, pdf_sha256=sample.sha)
    assert plan is not None
    assert plan.placeholder is None
    lines = plan.line_placeholders
    assert [(lab.value.author_position, lab.value.author_name) for lab in lines] == [  # type: ignore[union-attr]
        (a.position, a.name) for a in sample.paper.authors
    ]
    assert all(is_placeholder(lab) for lab in lines)
    assert plan.crop is not None
    assert plan.crop.page == 0  # the title block's page
    assert plan.data["items"].splitlines()[0].endswith("[machine: unknown]")
    assert validate_task(plan) == []
    # the annotator relabels the first author's line "industry" and says correct
    result = copy.deepcopy(plan.prediction["result"])
    result[0]["value"]["labels"] = ["industry"]
    result.append({"id": "v", "from_name": "verdict", "to_name": "items", "type": "choices",
                   "value": {"choices": ["correct"]}})  # fmt: skip
    task = plan.to_task("")
    export = {"id": 9, "data": task["data"], "predictions": [{**task["predictions"][0], "id": 3}],
              "annotations": [{"id": 1, "completed_by": 1, "result": result, "parent_prediction": 3,
                               "created_at": "2026-12-01T00:00:00Z", "was_cancelled": False}]}  # fmt: skip
    index = {lab.id: lab for lab in lines}
    found = {v.label_id: v for v in verifications_from_task(export, {1: "a@x.org"}, index.get)}
    first = found[lines[0].id]
    assert (first.verdict, first.origin) == ("correct", "manual")
    assert first.corrected is not None
    assert first.corrected.model_dump()["org_type"] == "industry"
    assert all(found[lab.id].verdict == "accept" for lab in lines[1:])  # left "unknown": nothing entered
    # once stored, the placeholders are no machine items: the same placeholder task is planned again
    again = plan_task(sample.paper, "affiliation", list(lines), placeholder=True, pdf_sha256=sample.sha)
    assert again is not None
    assert again.sha == plan.sha


def test_a_machine_label_wins_over_a_stored_placeholder():
    sample = make_sample()
    labels = [lab for lab in labels_for(sample) if lab.field == "bert"]
    plan = plan_task(
        sample.paper, "bert", [placeholder_label(sample.paper.key, "bert"), *labels], placeholder=True
    )
    assert plan is not None
    assert plan.placeholder is None
    assert plan.prediction["model_version"] == "bert@1.0.0"


def test_hand_entered_value_is_a_manual_correction_even_when_it_equals_the_stand_in():
    (v,) = pulled(
        placeholder_plan("bert"), "correct", control("role", "choices", {"choices": ["cites_only"]})
    )
    assert (v.verdict, v.origin) == ("correct", "manual")
    assert v.corrected is not None
    assert v.corrected.model_dump()["role"] == "cites_only"


def test_hand_entered_hardware_gets_its_chip_peaks():
    plan = placeholder_plan("hardware")
    (v,) = pulled(
        plan,
        "correct",
        control("chip", "choices", {"choices": ["rtx-3090"]}),
        control("count", "number", {"number": 4}),
        parent=None,  # made without loading the prediction: the task's subject ids say what it judged
    )
    assert (v.verdict, v.origin, v.label_id) == ("correct", "manual", plan.subject_ids[0])
    assert v.corrected is not None
    assert v.corrected.model_dump(include={"status", "chip", "count"}) == {
        "status": "reported",
        "chip": "rtx-3090",
        "count": 4,
    }
    fp32 = chip_table()["rtx-3090"].fp32
    assert fp32 is not None
    assert v.corrected.model_dump()["peak_flops_fp32"] == pytest.approx(4 * fp32)


def test_hand_entered_code_release_and_topic():
    (code,) = pulled(
        placeholder_plan("code"),
        "correct",
        control("released", "choices", {"choices": ["yes"]}),
        control("url", "textarea", {"text": ["https://github.com/ada/x"]}),
    )
    assert code.corrected is not None
    assert code.corrected.model_dump(include={"released", "url"}) == {
        "released": True,
        "url": "https://github.com/ada/x",
    }
    (topic,) = pulled(
        placeholder_plan("topic"), "correct", control("topic", "choices", {"choices": ["other"]})
    )
    assert topic.corrected is not None
    assert topic.corrected.model_dump()["topic"] == "other"


def test_accept_reject_or_nothing_entered_store_no_value():
    plan = placeholder_plan("bert")
    for verdict in ("accept", "correct", "reject"):
        (v,) = pulled(plan, verdict)
        assert (v.verdict, v.corrected, v.origin) == (
            "reject" if verdict == "reject" else "accept",
            None,
            "manual",
        )


def test_count_without_a_chip_is_a_problem_not_a_value():
    problems: list[str] = []
    plan = placeholder_plan("hardware")
    assert plan.placeholder is not None
    task = annotated(plan, "correct", control("count", "number", {"number": 8}))
    assert (
        verifications_from_task(task, USERS, {plan.placeholder.id: plan.placeholder}.get, problems=problems)
        == []
    )
    assert len(problems) == 1
    assert "a count (8) without a chip" in problems[0]


def test_hand_entered_new_model_judgement_is_kept_with_the_release():
    (code,) = pulled(
        placeholder_plan("code"),
        "correct",
        control("released", "choices", {"choices": ["no"]}),
        control("new_model", "choices", {"choices": ["yes"]}),
    )
    assert code.corrected is not None
    assert code.corrected.model_dump(include={"released", "new_model"}) == {
        "released": False,
        "new_model": True,
    }


def test_a_new_model_answer_without_a_release_answer_is_a_problem_not_a_value():
    problems: list[str] = []
    plan = placeholder_plan("code")
    assert plan.placeholder is not None
    task = annotated(plan, "correct", control("new_model", "choices", {"choices": ["no"]}))
    assert (
        verifications_from_task(task, USERS, {plan.placeholder.id: plan.placeholder}.get, problems=problems)
        == []
    )
    assert len(problems) == 1
    assert "new-model answer without a code-release answer" in problems[0]


def verdict_on(label: Label, who: str, verdict: str, value: Any = None) -> Verification:
    """``who``'s verdict, made at their own blind desk."""
    return verdict_of(
        label, verdict, value, annotator=who, origin="manual", at=datetime(2026, 11, 1, tzinfo=UTC), desk=who
    )


def test_a_placeholder_is_never_a_machine_value():
    placeholder = placeholder_label(make_sample().paper.key, "bert")
    assert is_placeholder(placeholder)
    index = {placeholder.id: placeholder}
    assert effective_values([placeholder], [], index) == {}  # current, but no machine value
    slot = slot_of(placeholder)
    assert slot is not None
    accepted = effective_values([placeholder], [verdict_on(placeholder, "a", "accept")], index)[slot]
    assert (accepted.value, accepted.verified, accepted.verdict, accepted.label_id) == (
        None,
        True,
        "accept",
        None,
    )
    entered = placeholder.value.model_copy(update={"role": "uses"})
    corrected = effective_values([placeholder], [verdict_on(placeholder, "a", "correct", entered)], index)[
        slot
    ]
    assert (corrected.value, corrected.verified) == (entered, True)


def test_placeholders_count_in_agreement_but_not_in_machine_precision():
    placeholder = placeholder_label(make_sample().paper.key, "bert")
    entered = placeholder.value.model_copy(update={"role": "uses"})
    vs = [verdict_on(placeholder, who, "correct", entered) for who in ("a", "b")]
    agreements, precisions = summarise(vs, {placeholder.id: placeholder}, ["bert"])
    assert (agreements[0].items, agreements[0].observed) == (1, 1.0)
    assert precisions[0].labels == 0


def test_plans_for_adds_placeholders_only_when_asked(tmp_path: Path):
    full, bare = make_sample(1), make_sample(2)
    with Store.open(tmp_path / "s.sqlite") as store:
        for sample in (full, bare):
            store.upsert_paper(sample.paper)
        store.add_labels(labels_for(full))
        assert {p.paper_key for p in plans_for(store)} == {full.paper.key}
        plans = plans_for(store, paper_keys=[bare.paper.key], placeholders=True)
    assert sorted(p.field for p in plans) == sorted([*PAPER_FIELDS, "affiliation"])  # authors listed
    assert all(p.placeholder is not None or p.line_placeholders for p in plans)


def test_the_analysis_tables_see_no_machine_value_in_a_placeholder(tmp_path: Path):
    from analysis.tables import paper_values

    bare = make_sample(2)
    placeholders = [placeholder_label(bare.paper.key, f) for f in PAPER_FIELDS]
    with Store.open(tmp_path / "s.sqlite") as store:
        store.upsert_paper(bare.paper)
        store.add_labels(placeholders)  # as `verify push --sample` stores them
        (row,) = paper_values(store).to_dict("records")
        assert row["label_status"] == "none"
        for column in ("hardware_status", "chip", "bert_role", "topic", "released_code"):
            assert row[column] is None or str(row[column]) == "<NA>", column
        entered = placeholders[0].value.model_copy(
            update={"status": "reported", "chip": "rtx-3090", "count": 4}
        )
        store.add_verification(verdict_on(placeholders[0], "a", "correct", entered))
        (row,) = paper_values(store).to_dict("records")
    assert (row["hardware_status"], row["chip"], row["chip_count"], row["hardware_verified"]) == (
        "reported",
        "rtx-3090",
        4,
        True,
    )
    assert row["label_status"] == "verified"


def test_a_placeholder_hardware_task_shows_the_page_describing_the_experiments(tmp_path: Path):
    import hashlib

    import pypdfium2 as pdfium

    from annotate.crops import SETUP_PAGE, CropCache, CropSpec, render_crop, setup_page
    from paperscope.store.pdfs import PdfStore

    sample = make_sample()
    sha = hashlib.sha256(sample.pdf).hexdigest()
    pdfs = PdfStore(tmp_path / "pdfs")
    pdfs.put(sample.pdf)
    hardware = plan_task(sample.paper, "hardware", [], placeholder=True, pdf_sha256=sha)
    bert = plan_task(sample.paper, "bert", [], placeholder=True, pdf_sha256=sha)
    assert hardware is not None
    assert bert is not None
    assert hardware.crop == CropSpec(sha, SETUP_PAGE, ())
    assert "describes the experiments" in hardware.data["where"]
    assert bert.crop == CropSpec(sha, 0, ())  # other fields: the first page (title, abstract)
    doc = pdfium.PdfDocument(sample.pdf)
    assert setup_page(doc) == 1  # "Experimental setup. ... trained on 8 NVIDIA V100 GPUs" is on page 2
    doc.close()
    shown = CropCache(tmp_path / "crops", pdfs).png(hardware.crop)
    assert shown == render_crop(sample.pdf, CropSpec(sha, 1, ()))  # that whole page
    assert validate_task(hardware) == []
    without_pdf = plan_task(sample.paper, "hardware", [], placeholder=True)
    assert without_pdf is not None
    assert without_pdf.crop is None
    assert "no PDF of this paper is stored" in without_pdf.data["where"]
