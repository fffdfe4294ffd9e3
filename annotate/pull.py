"""``paperscope verify pull``: Label Studio annotations -> append-only Verification rows.

Each submitted annotation gives one verification per subject label of its task: the annotator's
verdict (accept / correct / reject), the corrected value, where the result came from (the prediction
unchanged, the prediction changed, or made by hand) and the lead time. The labels an annotation judged
are read from its parent prediction's result ids, so a task re-pushed with newer labels still credits
the labels the annotator actually saw. Verification ids are stable, so pulling twice adds nothing; an
annotation edited later in Label Studio adds a new row (the newest wins downstream).

A verdict "correct" that leaves a value as the machine gave it is stored as "accept".

On a placeholder task (the machine found nothing) a "correct" stores the value entered by hand, with
origin "manual" (on an affiliation placeholder, one line per listed author, relabelled with its type); "accept" (nothing to find) and "reject" store no value. An annotation whose value
cannot be stored (a chip that is not in ``data/hardware/chips.csv``) is skipped whole and reported as
one line naming the task, so it can be fixed in Label Studio and pulled again.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from annotate.client import LabelStudioClient
from annotate.fields import (
    FIELD_SPECS,
    VERDICT_CONTROL,
    BadAnnotation,
    FieldSpec,
    Result,
    control_values,
    entered_value,
    paper_value,
)
from annotate.items import item_from_region, region_values
from paperscope.records import FIELDS, Field_, Label, LabelValue, Verification
from paperscope.store import Store
from paperscope.verified import PLACEHOLDER, PLACEHOLDER_KINDS, is_placeholder, placeholder_label

Origin = Literal["prediction", "prediction-changed", "manual"]


def _label_id(result_id: str) -> str:
    return result_id.split("_", 1)[0]


def _subject_ids(task: Mapping[str, Any], prediction: Mapping[str, Any] | None) -> list[str]:
    data = task.get("data", {})
    if prediction is not None and prediction.get("model_version") == PLACEHOLDER.tag:
        if data.get("field") not in PLACEHOLDER_KINDS:  # per-line placeholders: the lines it showed
            return list(
                dict.fromkeys(
                    str(r.get("id")) for r in prediction.get("result", []) if r.get("type") == "labels"
                )
            )
        return [placeholder_label(str(data.get("paper_key")), data["field"]).id]
    if prediction is not None:
        shown = [_label_id(str(r.get("id", ""))) for r in prediction.get("result", [])]
        if data.get("field") in PLACEHOLDER_KINDS:  # lines without a machine value of the paper's own
            own = placeholder_label(str(data.get("paper_key")), data["field"]).id
            shown = [own, *shown] if own in data.get("subject_ids", []) else shown
        return list(dict.fromkeys(shown))
    return [str(i) for i in data.get("subject_ids", [])]


def _prediction(task: Mapping[str, Any], annotation: Mapping[str, Any]) -> dict[str, Any] | None:
    parent = annotation.get("parent_prediction")
    if parent is None:
        return None
    inline = annotation.get("prediction")
    if isinstance(inline, dict) and inline.get("id") == parent and "result" in inline:
        return inline
    for pred in task.get("predictions", []):
        if isinstance(pred, dict) and pred.get("id") == parent:
            return pred
    return None


def _annotator(completed_by: Any, users: Mapping[int, str]) -> str:
    if isinstance(completed_by, dict):
        return str(completed_by.get("email") or completed_by.get("id"))
    return users.get(int(completed_by), f"user-{completed_by}")


def _region_for(label_id: str, predicted: Result | None, regions: Sequence[Result]) -> Result | None:
    """The annotation's region for an item label: same id, else same span, else inside its line."""
    for region in regions:
        if region.get("id") == label_id:
            return region
    if predicted is None:
        return None
    start, end = predicted["value"]["start"], predicted["value"]["end"]
    for region in regions:
        if (region["value"].get("start"), region["value"].get("end")) == (start, end):
            return region
    for region in regions:
        if start <= region["value"].get("start", -1) < end:
            return region
    return None


def _judge_paper(
    label: Label, verdict: str, results: Sequence[Result], prediction: Mapping[str, Any] | None
) -> tuple[str, LabelValue | None, Origin]:
    controls = {k: v for k, v in control_values(results).items() if k != VERDICT_CONTROL}
    predicted = {
        r["from_name"]: r["value"]
        for r in (prediction or {}).get("result", [])
        if _label_id(str(r.get("id", ""))) == label.id and r.get("type") != "labels"
    }
    origin: Origin = (
        "manual" if prediction is None else ("prediction" if controls == predicted else "prediction-changed")
    )
    if verdict == "correct":
        value = paper_value(label, controls)
        if value != label.value:
            return "correct", value, origin
        return "accept", None, origin
    return verdict, None, origin


def _judge_placeholder(
    label: Label, verdict: str, results: Sequence[Result]
) -> tuple[str, LabelValue | None, Origin]:
    """A verdict on a placeholder: only "correct" with a value entered by hand stores a value."""
    controls = {k: v for k, v in control_values(results).items() if k != VERDICT_CONTROL}
    if verdict == "correct":
        value = entered_value(label.value.kind, controls)
        return ("correct", value, "manual") if value is not None else ("accept", None, "manual")
    return verdict, None, "manual"


def _judge_item(
    spec: FieldSpec,
    label: Label,
    verdict: str,
    results: Sequence[Result],
    prediction: Mapping[str, Any] | None,
) -> tuple[str, LabelValue | None, Origin]:
    regions = [r for r in results if r.get("type") == "labels" and r.get("from_name") == spec.item_control]
    predicted_results = list((prediction or {}).get("result", []))
    predicted = next(
        (r for r in predicted_results if r.get("id") == label.id and r.get("type") == "labels"),
        None,
    )
    region = _region_for(label.id, predicted, regions)
    per_region = region_values(results, region.get("id")) if region is not None else {}
    if prediction is None:
        origin: Origin = "manual"
    elif (
        region is not None
        and predicted is not None
        and region["value"] == predicted["value"]
        and per_region == region_values(predicted_results, label.id)
    ):
        origin = "prediction"
    else:
        origin = "prediction-changed"
    if verdict == "accept" and origin == "prediction-changed":
        verdict = "correct"  # a line changed under "accept": the change is what the annotator accepted
    if verdict != "correct":
        return verdict, None, origin
    if region is None:
        return "reject", None, origin
    chosen = (region["value"].get("labels") or [None])[0]
    value = item_from_region(spec, label.value, chosen, per_region)
    if value is None:
        return "reject", None, origin
    if value == label.value:
        return "accept", None, origin
    return "correct", value, origin


def verifications_from_task(
    task: Mapping[str, Any],
    users: Mapping[int, str],
    label_of: Callable[[str], Label | None],
    *,
    project: int | None = None,
    problems: list[str] | None = None,
    desk: str | None = None,
) -> list[Verification]:
    """Verifications from one exported task (skipped and verdict-less annotations give none).

    An annotation whose value cannot be stored gives none either; a line saying why is appended to
    ``problems`` when given. ``desk``: the annotator whose own server the task was exported from.
    """
    data = task.get("data", {})
    fld = data.get("field")
    if fld not in FIELD_SPECS:
        return []
    out: list[Verification] = []
    for annotation in task.get("annotations", []):
        if annotation.get("was_cancelled"):
            continue
        try:
            out += _from_annotation(task, annotation, FIELD_SPECS[fld], users, label_of, project, desk)
        except BadAnnotation as exc:
            if problems is not None:
                who = _annotator(annotation.get("completed_by"), users)
                problems.append(
                    f"{fld} task {task.get('id')} ({data.get('paper_key')}), annotation "
                    f"{annotation.get('id')} by {who}{f' at the desk of {desk}' if desk else ''}: {exc}; "
                    "not stored, fix it in Label Studio and pull again"
                )
    return out


def _from_annotation(
    task: Mapping[str, Any],
    annotation: Mapping[str, Any],
    spec: FieldSpec,
    users: Mapping[int, str],
    label_of: Callable[[str], Label | None],
    project: int | None,
    desk: str | None,
) -> list[Verification]:
    results: list[Result] = list(annotation.get("result") or [])
    choices = control_values(results).get(VERDICT_CONTROL, {}).get("choices") or []
    if not choices or choices[0] not in {"accept", "correct", "reject"}:
        return []
    prediction = _prediction(task, annotation)
    at = datetime.fromisoformat(str(annotation.get("updated_at") or annotation["created_at"]))
    out = []
    for label_id in _subject_ids(task, prediction):
        label = label_of(label_id)
        if label is None:
            continue
        if label.value.kind == spec.item_kind:
            verdict, corrected, origin = _judge_item(spec, label, choices[0], results, prediction)
            origin = "manual" if is_placeholder(label) else origin  # an author line typed by hand
        elif is_placeholder(label):
            verdict, corrected, origin = _judge_placeholder(label, choices[0], results)
        else:
            verdict, corrected, origin = _judge_paper(label, choices[0], results, prediction)
        out.append(
            Verification.model_validate(
                {
                    "label_id": label.id,
                    "paper_key": label.paper_key,
                    "field": label.field,
                    "verdict": verdict,
                    "corrected": corrected,
                    "annotator": _annotator(annotation.get("completed_by"), users),
                    "ls_project": project,
                    "ls_task": task.get("id"),
                    "ls_annotation": annotation.get("id"),
                    "origin": origin,
                    "lead_time": annotation.get("lead_time"),
                    "at": at,
                    "desk": desk,
                }
            )
        )
    return out


@dataclass(slots=True)
class PullReport:
    """What one pull did, per field: tasks read, verifications new and already stored; problems.

    ``problems`` has one line per annotation that could not be stored.
    """

    tasks: dict[str, int] = field(default_factory=dict)
    new: dict[str, int] = field(default_factory=dict)
    known: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def pull(
    store: Store, client: LabelStudioClient, fields: Sequence[Field_] = FIELDS, *, desk: str | None = None
) -> PullReport:
    """Export every field's project and append the verifications not stored yet.

    ``desk``: the annotator whose own desk ``client`` talks to (None: the shared server).
    """
    report = PullReport()
    users: dict[int, str] | None = None
    cache: dict[str, Label | None] = {}

    def label_of(label_id: str) -> Label | None:
        if label_id not in cache:
            cache[label_id] = store.get_label(label_id)
        return cache[label_id]

    for fld in fields:
        project = client.find_project(fld)
        if project is None:
            continue
        tasks = client.export(project)
        users = users if users is not None else client.users()
        report.tasks[fld] = len(tasks)
        report.new[fld] = report.known[fld] = 0
        for task in tasks:
            found = verifications_from_task(
                task, users, label_of, project=project, problems=report.problems, desk=desk
            )
            for verification in found:
                if store.add_verification(verification):
                    report.new[fld] += 1
                else:
                    report.known[fld] += 1
    return report
