"""Exported annotations -> Verification rows, offline, on exports shaped like Label Studio's snapshot."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from annotate.chips import NO_HARDWARE, chip_table
from annotate.pull import pull, verifications_from_task
from annotate.tasks import TaskPlan, plan_task
from paperscope.records import Field_, HardwareSetup, Label, TrainingInputs
from paperscope.store import Store
from tests.annotate.factory import labels_for, make_sample

USERS = {1: "admin@x.org", 2: "second@x.org"}


def planned(field: Field_, version: str = "1.0.0") -> tuple[TaskPlan, dict[str, Label]]:
    sample = make_sample()
    labels = [lab for lab in labels_for(sample, version) if lab.field == field]
    plan = plan_task(sample.paper, field, labels)
    assert plan is not None
    return plan, {lab.id: lab for lab in labels}


def exported(plan: TaskPlan, annotations: list[dict[str, Any]], pred_id: int = 10) -> dict[str, Any]:
    task = plan.to_task("data:image/png;base64,")
    return {
        "id": 5,
        "data": task["data"],
        "predictions": [{**task["predictions"][0], "id": pred_id}],
        "annotations": annotations,
    }


def annotation(
    plan: TaskPlan,
    verdict: str | None,
    result: list[dict[str, Any]] | None = None,
    *,
    user: int = 1,
    ann_id: int = 100,
    parent: int | None = 10,
    updated: str = "2026-11-20T10:00:00.000000Z",
    cancelled: bool = False,
) -> dict[str, Any]:
    items = copy.deepcopy(plan.prediction["result"] if result is None else result)
    if verdict is not None:
        to = "items" if plan.field in {"code", "affiliation"} else "evidence"
        items.append(
            {
                "id": "v",
                "from_name": "verdict",
                "to_name": to,
                "type": "choices",
                "value": {"choices": [verdict]},
            }
        )
    return {
        "id": ann_id,
        "completed_by": user,
        "result": items,
        "was_cancelled": cancelled,
        "created_at": "2026-11-20T09:00:00.000000Z",
        "updated_at": updated,
        "lead_time": 6.5,
        "parent_prediction": parent,
    }


def run(plan: TaskPlan, labels: dict[str, Label], *annotations: dict[str, Any], lines: bool = False):
    """The verifications of the annotations; of a hardware task, the set-up's only unless ``lines``."""
    found = verifications_from_task(exported(plan, list(annotations)), USERS, labels.get, project=3)
    if plan.field == "hardware" and not lines:
        return [v for v in found if labels[v.label_id].value.kind == "hardware_setup"]
    return found


def test_accept_as_predicted():
    plan, labels = planned("bert")
    (v,) = run(plan, labels, annotation(plan, "accept"))
    assert (v.verdict, v.origin, v.corrected) == ("accept", "prediction", None)
    assert (v.annotator, v.ls_project, v.ls_task, v.ls_annotation, v.lead_time) == (
        "admin@x.org",
        3,
        5,
        100,
        6.5,
    )
    assert v.label_id == plan.subject_ids[0]
    assert v.at.isoformat() == "2026-11-20T10:00:00+00:00"


def chip_result(plan: TaskPlan, chip: str, kind: str = "taxonomy") -> list[dict[str, Any]]:
    """The prediction's results with the chip control set to ``chip``: picked in the searchable picker,
    or, under older configs, chosen in the drop-down (``choices``) or typed (``textarea``)."""
    result = copy.deepcopy(plan.prediction["result"])
    (item,) = [r for r in result if r["from_name"] == "chip"]
    value = {"taxonomy": {"taxonomy": [[chip]]}, "choices": {"choices": [chip]}}.get(kind, {"text": [chip]})
    item["type"], item["value"] = kind, value
    return result


def test_correct_hardware_count_and_chip():
    plan, labels = planned("hardware")
    result = chip_result(plan, "a100")
    result[1]["value"]["number"] = 64
    (v,) = run(plan, labels, annotation(plan, "correct", result))
    assert v.verdict == "correct"
    assert v.origin == "prediction-changed"
    assert v.corrected is not None
    assert v.corrected.model_dump(include={"status", "chip", "count"}) == {
        "status": "reported",
        "chip": "a100",
        "count": 64,
    }
    assert v.corrected.model_dump()["peak_flops_fp32"] == 64 * chip_table()["a100"].fp32


def test_chip_typed_under_the_old_free_text_config_resolves_to_its_id_and_peaks():
    plan, labels = planned("hardware")
    (v,) = run(plan, labels, annotation(plan, "correct", chip_result(plan, " RTX 3090 ", "textarea")))
    assert v.corrected is not None
    assert v.corrected.model_dump(include={"chip", "count"}) == {"chip": "rtx-3090", "count": 8}
    peaks = chip_table()["rtx-3090"]
    assert peaks.fp32 is not None
    assert peaks.tensor is not None
    assert v.corrected.model_dump()["peak_flops_fp32"] == pytest.approx(8 * peaks.fp32)
    assert v.corrected.model_dump()["peak_flops_tensor"] == pytest.approx(8 * peaks.tensor)


@pytest.mark.parametrize(
    ("chip", "kind"), [("RTX 9090", "textarea"), ("abacus-9000", "choices"), ("abacus-9000", "taxonomy")]
)
def test_unknown_chip_is_one_problem_line_and_nothing_is_stored(chip: str, kind: str):
    plan, labels = planned("hardware")
    problems: list[str] = []
    task = exported(plan, [annotation(plan, "correct", chip_result(plan, chip, kind), user=2, ann_id=7)])
    assert verifications_from_task(task, USERS, labels.get, problems=problems) == []
    (line,) = problems
    assert "\n" not in line
    assert line.startswith(f"hardware task 5 ({plan.paper_key}), annotation 7 by second@x.org: chip ")
    assert repr(chip) in line
    assert "data/hardware/chips.csv" in line


def test_clearing_the_chip_or_choosing_none_means_not_reported():
    plan, labels = planned("hardware")
    cleared = [r for r in plan.prediction["result"] if r["from_name"] != "chip"]
    for result in (cleared, chip_result(plan, "none")):
        (v,) = run(plan, labels, annotation(plan, "correct", result))
        assert v.corrected is not None
        assert v.corrected.model_dump()["status"] == "not_reported"


def test_not_reported_prediction_shows_the_none_choice_and_accepting_it_keeps_it():
    sample = make_sample()
    setup = next(lab for lab in labels_for(sample) if lab.value.kind == "hardware_setup")
    none = setup.model_copy(update={"id": "", "value": HardwareSetup(status="not_reported")})
    none = Label.model_validate(none.model_dump(exclude={"id"}))
    plan = plan_task(sample.paper, "hardware", [none])
    assert plan is not None
    assert [r["value"] for r in plan.prediction["result"]] == [{"taxonomy": [["none"]]}]
    (v,) = run(plan, {none.id: none}, annotation(plan, "correct"))
    assert (v.verdict, v.corrected) == ("accept", None)


def test_correct_without_change_is_an_accept_and_reject_has_no_value():
    plan, labels = planned("topic")
    (same,) = run(plan, labels, annotation(plan, "correct"))
    assert (same.verdict, same.corrected) == ("accept", None)
    (rejected,) = run(plan, labels, annotation(plan, "reject"))
    assert (rejected.verdict, rejected.corrected) == ("reject", None)


def test_affiliation_regions_each_judged():
    plan, labels = planned("affiliation")
    ada, alan = plan.subject_ids
    result = copy.deepcopy(plan.prediction["result"])
    result[1]["value"]["labels"] = ["industry"]
    out = {v.label_id: v for v in run(plan, labels, annotation(plan, "correct", result, user=2))}
    assert (out[ada].verdict, out[ada].origin) == ("accept", "prediction")
    assert (out[alan].verdict, out[alan].origin) == ("correct", "prediction-changed")
    assert out[alan].corrected is not None
    assert out[alan].corrected.model_dump(include={"org_type", "match_kind", "author_position"}) == {
        "org_type": "industry",
        "match_kind": "manual",
        "author_position": 1,
    }
    assert out[alan].annotator == "second@x.org"


def test_deleted_region_is_a_reject_and_relabelled_manual_region_counts():
    plan, labels = planned("affiliation")
    ada, alan = plan.subject_ids
    result = copy.deepcopy(plan.prediction["result"])
    del result[0]  # Ada's line is not an affiliation
    result[0]["id"] = "fresh-region-id"  # the frontend may give a re-drawn region a new id
    result[0]["value"]["labels"] = ["industry"]
    out = {v.label_id: v for v in run(plan, labels, annotation(plan, "correct", result))}
    assert out[ada].verdict == "reject"
    assert out[alan].verdict == "correct"


def test_new_model_judgement_on_a_predicted_release_is_a_correction():
    plan, labels = planned("code")
    result = [*copy.deepcopy(plan.prediction["result"])]
    assert not any(r["from_name"] == "new_model" for r in result)  # the machine does not guess it
    result.append(
        {
            "id": "nm",
            "from_name": "new_model",
            "to_name": "items",
            "type": "choices",
            "value": {"choices": ["yes"]},
        }
    )
    out = {labels[v.label_id].value.kind: v for v in run(plan, labels, annotation(plan, "correct", result))}
    release = out["code_release"]
    assert release.corrected is not None
    assert release.corrected.model_dump()["new_model"] is True
    assert (
        release.corrected.model_dump()["released"] == labels[release.label_id].value.model_dump()["released"]
    )


def test_code_links_and_release_in_one_task():
    plan, labels = planned("code")
    result = copy.deepcopy(plan.prediction["result"])
    for r in result:
        if r["from_name"] == "released":
            r["value"]["choices"] = ["no"]
        if r["from_name"] == "role":
            r["value"]["labels"] = ["promised"]
    out = {labels[v.label_id].value.kind: v for v in run(plan, labels, annotation(plan, "correct", result))}
    assert out["code_release"].corrected is not None
    assert out["code_release"].corrected.model_dump(include={"released", "url"}) == {
        "released": False,
        "url": None,
    }
    assert out["code_link"].corrected is not None
    assert out["code_link"].corrected.model_dump()["role"] == "promised"


def test_manual_annotation_uses_the_task_subjects():
    plan, labels = planned("bert")
    result = [
        {
            "id": "r",
            "from_name": "role",
            "to_name": "evidence",
            "type": "choices",
            "value": {"choices": ["studies"]},
        }
    ]
    (v,) = run(plan, labels, annotation(plan, "correct", result, parent=None))
    assert (v.origin, v.verdict) == ("manual", "correct")
    assert v.corrected is not None
    assert v.corrected.model_dump()["role"] == "studies"


def test_skipped_and_verdictless_annotations_give_nothing():
    plan, labels = planned("bert")
    assert run(plan, labels, annotation(plan, "accept", cancelled=True)) == []
    assert run(plan, labels, annotation(plan, None)) == []


def test_old_annotation_credits_the_labels_it_saw_after_a_repush():
    old_plan, old_labels = planned("bert", "1.0.0")
    new_plan, new_labels = planned("bert", "1.1.0")
    task = exported(new_plan, [annotation(old_plan, "accept", parent=10)], pred_id=11)
    task["predictions"].insert(0, {**old_plan.prediction, "id": 10})  # the older prediction stays
    (v,) = verifications_from_task(task, USERS, {**old_labels, **new_labels}.get)
    assert v.label_id == old_plan.subject_ids[0]
    assert v.label_id != new_plan.subject_ids[0]


def test_edited_annotation_adds_a_row_and_same_export_twice_adds_nothing():
    plan, labels = planned("bert")
    first = run(plan, labels, annotation(plan, "accept"))
    twice = run(plan, labels, annotation(plan, "accept"))
    edited = run(plan, labels, annotation(plan, "reject", updated="2026-11-21T10:00:00Z"))
    assert first[0].id == twice[0].id
    assert edited[0].id != first[0].id


class FakeClient:
    """Stands in for LabelStudioClient: one project with one exported task."""

    def __init__(self, task: dict[str, Any]) -> None:
        self.task = task

    def find_project(self, field: str) -> int | None:
        return 3 if field == self.task["data"]["field"] else None

    def export(self, project: int) -> list[dict[str, Any]]:
        return [self.task]

    def users(self) -> dict[int, str]:
        return USERS


@pytest.mark.parametrize("field", ["affiliation", "hardware"])
def test_pull_into_store_twice_adds_nothing(tmp_path: Path, field: Field_):
    sample = make_sample()
    store = Store.open(tmp_path / "s.sqlite")
    store.upsert_paper(sample.paper)
    store.add_labels(labels_for(sample))
    plan, _ = planned(field)
    task = exported(plan, [annotation(plan, "accept"), annotation(plan, "reject", user=2, ann_id=101)])
    first = pull(store, FakeClient(task))  # type: ignore[arg-type]
    assert first.new == {field: 2 * len(plan.subject_ids)}
    second = pull(store, FakeClient(task))  # type: ignore[arg-type]
    assert second.new == {field: 0}
    assert second.known == {field: 2 * len(plan.subject_ids)}
    assert len(store.verifications()) == 2 * len(plan.subject_ids)


@pytest.mark.parametrize("placeholder", [False, True])
def test_a_choice_the_config_does_not_offer_is_one_problem_line(placeholder: bool):
    # Label Studio stores whatever choice its API is sent; "none" is no BERT role
    from paperscope.verified import placeholder_label

    plan, labels = planned("bert")
    if placeholder:  # the machine found no BERT: the annotator enters a role by hand
        label = placeholder_label(plan.paper_key, "bert")
        labels = {label.id: label}
        plan = plan_task(make_sample().paper, "bert", [], placeholder=True)
        assert plan is not None
    role = {"id": "r", "from_name": "role", "to_name": "evidence", "type": "choices",
            "value": {"choices": ["none"]}}  # fmt: skip
    problems: list[str] = []
    task = exported(plan, [annotation(plan, "correct", [role], ann_id=8)])
    assert verifications_from_task(task, USERS, labels.get, problems=problems) == []
    (line,) = problems
    assert "\n" not in line
    assert "role 'none' is not one of the choices the task offers" in line


def planned_with_training(training: TrainingInputs | None) -> tuple[TaskPlan, dict[str, Label]]:
    """The hardware task of a set-up label whose value carries ``training``."""
    sample = make_sample()
    labels = []
    for lab in labels_for(sample):
        if isinstance(lab.value, HardwareSetup):
            value = lab.value.model_copy(update={"training": training})
            lab = Label(paper_key=lab.paper_key, value=value, evidence=lab.evidence, producer=lab.producer,
                        confidence=lab.confidence)  # fmt: skip
        if lab.field == "hardware":
            labels.append(lab)
    plan = plan_task(sample.paper, "hardware", labels)
    assert plan is not None
    return plan, {lab.id: lab for lab in labels}


def set_number(result: list[dict[str, Any]], name: str, number: float | None) -> list[dict[str, Any]]:
    """The results with Number control ``name`` set to ``number`` (None: the box cleared)."""
    out = [r for r in copy.deepcopy(result) if r["from_name"] != name]
    if number is not None:
        out.append({"id": f"x_{name}", "from_name": name, "to_name": "evidence", "type": "number",
                    "value": {"number": number}})  # fmt: skip
    return out


MACHINE_TRAINING = TrainingInputs(hours=72.0, params=1_500_000_000)


def test_training_inputs_are_shown_in_their_units_and_accepting_keeps_them():
    plan, labels = planned_with_training(MACHINE_TRAINING)
    shown = {
        r["from_name"]: r["value"]["number"]
        for r in plan.prediction["result"]
        if r["type"] == "number" and r["to_name"] == "evidence"  # the set-up's, not a chip line's
    }
    assert shown == {"count": 8, "hours": 72.0, "params": 1500.0}  # parameters in millions
    assert "trained 72 h; 1.5B parameters" in plan.data["machine"]
    (v,) = run(plan, labels, annotation(plan, "correct"))  # nothing changed: an accept
    assert (v.verdict, v.corrected) == ("accept", None)


def test_a_corrected_duration_and_tokens_are_stored_with_the_set_up():
    plan, labels = planned_with_training(MACHINE_TRAINING)
    result = set_number(set_number(plan.prediction["result"], "hours", 48), "tokens", 300_000)
    (v,) = run(plan, labels, annotation(plan, "correct", result))
    assert v.verdict == "correct"
    assert isinstance(v.corrected, HardwareSetup)
    assert (v.corrected.chip, v.corrected.count) == ("v100", 8)
    assert v.corrected.training == TrainingInputs(hours=48.0, params=1_500_000_000, tokens=300_000_000_000)


def test_clearing_a_training_input_says_the_paper_does_not_state_it():
    plan, labels = planned_with_training(MACHINE_TRAINING)
    (v,) = run(
        plan, labels, annotation(plan, "correct", set_number(plan.prediction["result"], "params", None))
    )
    assert v.verdict == "correct"
    assert isinstance(v.corrected, HardwareSetup)
    assert v.corrected.training == TrainingInputs(hours=72.0)


def test_a_set_up_label_from_before_training_inputs_is_accepted_when_none_is_entered():
    plan, labels = planned_with_training(None)
    assert not [r for r in plan.prediction["result"] if r["from_name"] in ("hours", "params")]
    (v,) = run(plan, labels, annotation(plan, "correct"))
    assert v.verdict == "accept"
    (v,) = run(plan, labels, annotation(plan, "correct", set_number(plan.prediction["result"], "hours", 10)))
    assert isinstance(v.corrected, HardwareSetup)
    assert v.corrected.training == TrainingInputs(hours=10.0)


def test_training_inputs_entered_on_a_placeholder_need_a_chip():
    from paperscope.verified import placeholder_label

    sample = make_sample()
    plan = plan_task(sample.paper, "hardware", [], placeholder=True)
    assert plan is not None
    label = placeholder_label(sample.paper.key, "hardware")
    params_only = set_number([], "params", 110)
    problems: list[str] = []
    found = verifications_from_task(
        exported(plan, [annotation(plan, "correct", params_only, parent=None)]), USERS, {label.id: label}.get,
        problems=problems,
    )  # fmt: skip
    assert found == []
    assert len(problems) == 1
    assert "without a chip" in problems[0]
    with_none = [*params_only, {"id": "c", "from_name": "chip", "to_name": "evidence", "type": "choices",
                                "value": {"choices": [NO_HARDWARE]}}]  # fmt: skip
    (v,) = verifications_from_task(
        exported(plan, [annotation(plan, "correct", with_none, parent=None)]), USERS, {label.id: label}.get
    )
    assert isinstance(v.corrected, HardwareSetup)
    assert (v.corrected.status, v.corrected.training) == ("not_reported", TrainingInputs(params=110_000_000))


# --- chip lines: every chip mention of a hardware task, its scope, chip, count and memory -----------


def line_results(plan: TaskPlan) -> tuple[list[dict[str, Any]], str]:
    """A copy of the hardware prediction's results and the (one) chip mention line's region id."""
    result = copy.deepcopy(plan.prediction["result"])
    (region,) = [r for r in result if r["type"] == "labels"]
    return result, region["id"]


def test_a_hardware_task_shows_each_chip_mention_as_a_line_and_accepting_keeps_it():
    plan, labels = planned("hardware")
    assert plan.data["items"].endswith("[machine: main]")
    assert plan.data["items"].startswith("8 x NVIDIA V100 (v100)")
    lines = [v for v in run(plan, labels, annotation(plan, "accept"), lines=True) if v.label_id not in
             {lab.id for lab in labels.values() if lab.value.kind == "hardware_setup"}]  # fmt: skip
    assert [(v.verdict, v.origin) for v in lines] == [("accept", "prediction")]


def test_a_line_relabelled_other_with_another_chip_count_and_memory_is_a_correction():
    plan, labels = planned("hardware")
    result, rid = line_results(plan)
    for r in result:
        if r["id"] != rid:
            continue
        if r["type"] == "labels":
            r["value"]["labels"] = ["other"]
        if r["from_name"] == "item_chip":
            r["value"]["taxonomy"] = [["a100"]]
        if r["from_name"] == "item_count":
            r["value"]["number"] = 16
    result.append({"id": rid, "from_name": "item_memory", "to_name": "items", "type": "number",
                   "value": {"start": 0, "end": 5, "text": "x", "number": 80}})  # fmt: skip
    (v,) = [
        v for v in run(plan, labels, annotation(plan, "correct", result), lines=True) if v.label_id == rid
    ]
    assert (v.verdict, v.origin) == ("correct", "prediction-changed")
    assert v.corrected is not None
    assert v.corrected.model_dump(include={"chip", "chip_class", "count", "memory_gb", "scope"}) == {
        "chip": "a100", "chip_class": "gpu", "count": 16, "memory_gb": 80, "scope": "other",
    }  # fmt: skip


@pytest.mark.parametrize("how", ["delete the line", "choose no hardware"])
def test_a_line_that_names_no_chip_is_rejected(how: str):
    plan, labels = planned("hardware")
    result, rid = line_results(plan)
    if how == "delete the line":
        result = [r for r in result if r["id"] != rid]
    else:
        for r in result:
            if r["id"] == rid and r["from_name"] == "item_chip":
                r["value"]["taxonomy"] = [[NO_HARDWARE]]
    (v,) = [
        v for v in run(plan, labels, annotation(plan, "correct", result), lines=True) if v.label_id == rid
    ]
    assert (v.verdict, v.corrected) == ("reject", None)


def test_a_line_with_a_chip_not_in_the_table_is_reported_not_stored():
    plan, labels = planned("hardware")
    result, rid = line_results(plan)
    for r in result:
        if r["id"] == rid and r["from_name"] == "item_chip":
            r["value"]["taxonomy"] = [["abacus-9000"]]
    problems: list[str] = []
    found = verifications_from_task(
        exported(plan, [annotation(plan, "correct", result)]), USERS, labels.get, problems=problems
    )
    assert found == []  # the whole annotation waits for the fix
    assert "abacus-9000" in problems[0]


def test_a_line_changed_under_accept_is_stored_as_the_change():
    plan, labels = planned("hardware")
    result, rid = line_results(plan)
    for r in result:
        if r["id"] == rid and r["type"] == "labels":
            r["value"]["labels"] = ["other"]
    (v,) = [v for v in run(plan, labels, annotation(plan, "accept", result), lines=True) if v.label_id == rid]
    assert (v.verdict, v.origin) == ("correct", "prediction-changed")
    assert v.corrected is not None
    assert v.corrected.model_dump()["scope"] == "other"


def test_a_line_drawn_anew_keeps_its_machine_count():
    plan, labels = planned("hardware")
    result, rid = line_results(plan)
    result = [
        r for r in result if r["id"] != rid or r["type"] == "labels"
    ]  # per-line values of the old id gone
    for r in result:
        if r["id"] == rid:
            r["id"], r["value"]["labels"] = "redrawn", ["other"]
    (v,) = [
        v for v in run(plan, labels, annotation(plan, "correct", result), lines=True) if v.label_id == rid
    ]
    assert v.corrected is not None
    assert v.corrected.model_dump(include={"count", "scope"}) == {"count": 8, "scope": "other"}


def test_a_set_up_entered_beside_chip_lines_without_one_is_stored():
    sample = make_sample()
    mentions = [lab for lab in labels_for(sample) if lab.value.kind == "hardware"]
    plan = plan_task(sample.paper, "hardware", mentions)
    assert plan is not None
    assert plan.placeholder is not None
    index = {lab.id: lab for lab in [*mentions, plan.placeholder]}
    result = [*copy.deepcopy(plan.prediction["result"]),
              {"id": "c", "from_name": "chip", "to_name": "evidence", "type": "taxonomy",
               "value": {"taxonomy": [["a100"]]}},
              {"id": "n", "from_name": "count", "to_name": "evidence", "type": "number", "value": {"number": 64}}]  # fmt: skip
    found = {v.label_id: v for v in run(plan, index, annotation(plan, "correct", result), lines=True)}
    entered = found[plan.placeholder.id]
    assert (entered.verdict, entered.origin) == ("correct", "manual")
    assert entered.corrected is not None
    assert entered.corrected.model_dump(include={"chip", "count"}) == {"chip": "a100", "count": 64}


def test_an_author_line_placeholder_verdict_stays_with_the_lines_it_showed_after_the_task_changes():
    sample = make_sample()
    first = plan_task(sample.paper, "affiliation", [], placeholder=True)
    assert first is not None
    machine = [lab for lab in labels_for(sample) if lab.field == "affiliation"]
    later = plan_task(sample.paper, "affiliation", machine)  # the extractor found them since
    assert later is not None
    result = copy.deepcopy(first.prediction["result"])
    result[0]["value"]["labels"] = ["industry"]
    result.append({"id": "v", "from_name": "verdict", "to_name": "items", "type": "choices",
                   "value": {"choices": ["correct"]}})  # fmt: skip
    task = later.to_task("")  # the task now holds the machine's lines; the annotation was made on the first
    export = {"id": 9, "data": task["data"],
              "predictions": [{**first.prediction, "id": 3}, {**later.prediction, "id": 4}],
              "annotations": [{"id": 1, "completed_by": 1, "result": result, "parent_prediction": 3,
                               "created_at": "2026-12-01T00:00:00Z", "was_cancelled": False}]}  # fmt: skip
    index = {lab.id: lab for lab in [*first.line_placeholders, *machine]}
    found = verifications_from_task(export, USERS, index.get)
    assert {v.label_id for v in found} == {
        lab.id for lab in first.line_placeholders
    }  # none on machine labels
