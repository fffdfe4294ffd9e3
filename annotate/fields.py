"""What each verification field shows and lets the annotator change, in both directions.

A task is one (paper, field). Its *subjects* are the labels a human verdict attaches to: at most one
paper-level label (the set-up, the BERT role, the code release, the topic) and any number of *items*
(one line per author affiliation or per repository link, each a Label Studio region whose label the
annotator can change; :mod:`annotate.items`). Other labels of the field (single mentions) are shown
as evidence only.

For every paper-level kind this module turns a label into Label Studio result items (the
prediction) and turns an annotation's result items back into the value the annotator gave, so the
round trip is testable offline.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from paperscope.records import (
    Affiliation,
    BertRole,
    CodeLink,
    CodeRelease,
    Field_,
    Hardware,
    HardwareSetup,
    Label,
    LabelValue,
    Topic,
    TrainingInputs,
)

CONFIG_DIR = Path(__file__).resolve().parent / "configs"
ITEMS_OBJECT = "items"  # the Text tag holding one line per item label
VERDICT_CONTROL = "verdict"

Result = dict[str, Any]


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """How one field is verified: which label kinds are subjects or evidence, and its controls."""

    field: Field_
    paper_kind: str | None
    item_kind: str | None
    evidence_kinds: tuple[str, ...]
    item_control: str | None = None  # Labels tag over the items text
    item_attr: str | None = None  # the item value's attribute those labels set
    to_name: str = "evidence"  # the object the paper-level controls point at

    def label_config(self) -> str:
        """The versioned Label Studio labeling config of this field."""
        return _config(self.field)


FIELD_SPECS: Mapping[Field_, FieldSpec] = {
    # every chip mention is an item line (scope by its label; chip, count and memory per line); training
    # time, parameters and tokens are shown beside the set-up (the inputs of training compute)
    "hardware": FieldSpec(
        "hardware",
        "hardware_setup",
        "hardware",
        ("training_time", "model_size", "training_data"),
        "scope",
        "scope",
    ),
    "bert": FieldSpec("bert", "bert_role", None, ("bert",)),
    "code": FieldSpec("code", "code_release", "code_link", (), "role", "role", ITEMS_OBJECT),
    "affiliation": FieldSpec("affiliation", None, "affiliation", (), "org_type", "org_type", ITEMS_OBJECT),
    "topic": FieldSpec("topic", "topic", None, ()),
}


CHIP_CHOICES = (
    "<!-- CHIP CHOICES: one Choice per chip id of data/hardware/chips.csv, added when the config is read -->"
)


@cache
def _config(field: str) -> str:
    text = (CONFIG_DIR / f"{field}.xml").read_text(encoding="utf-8")
    if CHIP_CHOICES in text:
        from annotate.chips import chip_choices_xml

        text = text.replace(CHIP_CHOICES, chip_choices_xml())
    return text


class BadAnnotation(ValueError):
    """An annotation that cannot be stored as given; the annotator is asked to fix it."""


class UnknownChip(BadAnnotation):
    """A chip in an annotation that is no id or name of ``data/hardware/chips.csv``."""


def result_item(rid: str, control: str, to_name: str, kind: str, value: dict[str, Any]) -> Result:
    """One Label Studio result item."""
    return {"id": rid, "from_name": control, "to_name": to_name, "type": kind, "value": value}


def control_values(results: Sequence[Result]) -> dict[str, dict[str, Any]]:
    """The value of each task-level control in an annotation's results, by control name.

    Regions (labelled item lines) and the per-region controls set on one line are left out.
    """
    return {
        r["from_name"]: r.get("value", {})
        for r in results
        if r.get("type") != "labels" and r["from_name"] not in REGION_CONTROLS
    }


# the controls an annotator sets on one selected item line (a chip mention): chip, count, memory
REGION_CONTROLS = ("item_chip", "item_count", "item_memory")


# --- paper-level values: label -> results -> value ------------------------------------------------
#
# Per kind: the prediction's result items for a value; the value the controls hold given the
# machine's (its own value when unchanged); and the value the controls hold on their own (None when
# the annotator gave none), for placeholder tasks where the machine gave nothing.


# The training inputs' Number controls and the unit each shows its value in (parameters and tokens in
# millions, so that "1.5B" is typed 1500).
TRAINING_CONTROLS: dict[str, float] = {"hours": 1.0, "chip_hours": 1.0, "params": 1e6, "tokens": 1e6}


def _hardware_results(value: HardwareSetup, rid: str, to: str) -> list[Result]:
    from annotate.chips import NO_HARDWARE

    chip = value.chip if value.status == "reported" and value.chip else NO_HARDWARE
    out = [result_item(f"{rid}_chip", "chip", to, "taxonomy", {"taxonomy": [[chip]]})]
    if value.status == "reported" and value.count is not None:
        out.append(result_item(f"{rid}_count", "count", to, "number", {"number": value.count}))
    inputs = value.training.model_dump() if value.training is not None else {}
    for name, unit in TRAINING_CONTROLS.items():
        if inputs.get(name) is not None:
            shown = round(inputs[name] / unit, 6)
            out.append(result_item(f"{rid}_{name}", name, to, "number", {"number": shown}))
    return out


def _training_given(controls: Mapping[str, dict[str, Any]]) -> TrainingInputs:
    """The training inputs in the Number controls (an empty or zero box: not stated)."""
    given: dict[str, float | int] = {}
    for name, unit in TRAINING_CONTROLS.items():
        number = controls.get(name, {}).get("number")
        if isinstance(number, int | float) and number > 0:
            value = number * unit
            given[name] = round(value) if name in ("params", "tokens") else round(value, 4)
    return TrainingInputs.model_validate(given)


def _chip_given(controls: Mapping[str, dict[str, Any]]) -> str | None:
    """The chip id chosen in the set-up's chip control (see :func:`chip_in`)."""
    return chip_in(controls.get("chip", {}))


def chip_in(given: Mapping[str, Any]) -> str | None:
    """The chip id a chip control's value holds ('' for "no hardware reported"; None when nothing chosen).

    Text typed under the older free-text config is resolved by id or name; raises UnknownChip when
    it names no chip of the table.
    """
    from annotate.chips import NO_HARDWARE, resolve_chip

    paths = given.get("taxonomy") or []  # the searchable picker: one path, its leaf is the chip id
    if paths and paths[0]:
        raw = str(paths[0][-1]).strip()
    else:  # the drop-down or the free-text box of older configs
        raw = str((given.get("choices") or given.get("text") or [""])[0]).strip()
    if not raw:
        return None
    if raw == NO_HARDWARE:
        return ""
    chip = resolve_chip(raw)
    if chip is None:
        raise UnknownChip(f"chip {raw!r} is no chip id or name in data/hardware/chips.csv")
    return chip


def _count_given(controls: Mapping[str, dict[str, Any]]) -> int | None:
    number = controls.get("count", {}).get("number")
    return int(number) if isinstance(number, int | float) and number >= 1 else None


def _setup(chip: str, count: int | None, training: TrainingInputs | None = None) -> HardwareSetup:
    from annotate.chips import setup_peaks

    if not chip:
        return HardwareSetup(status="not_reported", training=training)
    peaks = setup_peaks(chip, count)
    return HardwareSetup(
        status="reported",
        chip=chip,
        count=count,
        peak_flops_fp32=peaks.fp32,
        peak_flops_tensor=peaks.tensor,
        training=training,
    )


def _hardware_value(value: HardwareSetup, controls: Mapping[str, dict[str, Any]]) -> HardwareSetup:
    training: TrainingInputs | None = _training_given(controls)
    if value.training is None and training == TrainingInputs():
        training = None  # a label from before training inputs were shown, and none entered
    entered = _setup(_chip_given(controls) or "", _count_given(controls), training)  # no chip: none reported
    if (entered.status, entered.chip, entered.count) == (value.status, value.chip, value.count) and _same(
        entered.training, value.training
    ):
        return value
    return entered


def _same(a: TrainingInputs | None, b: TrainingInputs | None) -> bool:
    """Equal training inputs, up to the rounding of the shown numbers."""
    if a is None or b is None:
        return a is b
    pairs = [(getattr(a, name), getattr(b, name)) for name in TRAINING_CONTROLS]
    return all(
        x == y or (x is not None and y is not None and math.isclose(x, y, rel_tol=1e-3)) for x, y in pairs
    )


def _hardware_entered(controls: Mapping[str, dict[str, Any]]) -> HardwareSetup | None:
    chip, count, training = _chip_given(controls), _count_given(controls), _training_given(controls)
    if chip is None and count is not None:
        raise UnknownChip(f"a count ({count}) without a chip: choose the chip")
    if chip is None and training != TrainingInputs():
        raise BadAnnotation("training time, parameters or tokens without a chip: choose the chip "
                            "(or 'no hardware reported')")  # fmt: skip
    return None if chip is None else _setup(chip, count, training)


def _choice(controls: Mapping[str, dict[str, Any]], name: str) -> str | None:
    choices = controls.get(name, {}).get("choices") or []
    return str(choices[0]) if choices else None


def _bert_results(value: BertRole, rid: str, to: str) -> list[Result]:
    return [result_item(f"{rid}_role", "role", to, "choices", {"choices": [value.role]})]


def _bert_value(value: BertRole, controls: Mapping[str, dict[str, Any]]) -> BertRole:
    role = _choice(controls, "role")
    if role is None or role == value.role:
        return value
    return BertRole.model_validate({**value.model_dump(), "role": role})


def _bert_entered(controls: Mapping[str, dict[str, Any]]) -> BertRole | None:
    role = _choice(controls, "role")
    return None if role is None else BertRole.model_validate({"role": role})


def _code_results(value: CodeRelease, rid: str, to: str) -> list[Result]:
    out = [
        result_item(
            f"{rid}_released", "released", to, "choices", {"choices": ["yes" if value.released else "no"]}
        )
    ]
    if value.url:
        out.append(result_item(f"{rid}_url", "url", to, "textarea", {"text": [value.url]}))
    if value.new_model is not None:
        answer = "yes" if value.new_model else "no"
        out.append(result_item(f"{rid}_new_model", "new_model", to, "choices", {"choices": [answer]}))
    return out


def _yes_no(controls: Mapping[str, dict[str, Any]], name: str) -> bool | None:
    """A yes/no choice as a boolean; None when the annotator left it empty."""
    answer = _choice(controls, name)
    return None if answer is None else answer == "yes"


def _code_value(value: CodeRelease, controls: Mapping[str, dict[str, Any]]) -> CodeRelease:
    released = _choice(controls, "released")
    texts = controls.get("url", {}).get("text") or [""]
    url = str(texts[0]).strip() or None
    new_released = value.released if released is None else released == "yes"
    given_model = _yes_no(controls, "new_model")
    new_model = value.new_model if given_model is None else given_model
    if (new_released, url, new_model) == (value.released, value.url, value.new_model):
        return value
    return value.model_copy(
        update={"released": new_released, "url": url if new_released else None, "new_model": new_model}
    )


def _code_entered(controls: Mapping[str, dict[str, Any]]) -> CodeRelease | None:
    released = _choice(controls, "released")
    url = str((controls.get("url", {}).get("text") or [""])[0]).strip() or None
    new_model = _yes_no(controls, "new_model")
    if released is None and url is None:
        if new_model is not None:
            raise BadAnnotation("a new-model answer without a code-release answer: answer both")
        return None
    own = released == "yes" if released is not None else True  # a URL alone: released there
    return CodeRelease(released=own, url=url if own else None, new_model=new_model)


def _topic_results(value: Topic, rid: str, to: str) -> list[Result]:
    return [result_item(f"{rid}_topic", "topic", to, "choices", {"choices": [value.topic]})]


def _topic_value(value: Topic, controls: Mapping[str, dict[str, Any]]) -> Topic:
    topic = _choice(controls, "topic")
    if topic is None or topic == value.topic:
        return value
    return Topic.model_validate({"topic": topic, "terms": ()})


def _topic_entered(controls: Mapping[str, dict[str, Any]]) -> Topic | None:
    topic = _choice(controls, "topic")
    return None if topic is None else Topic.model_validate({"topic": topic, "terms": ()})


PaperResults = Callable[[Any, str, str], list[Result]]
PaperValue = Callable[[Any, Mapping[str, dict[str, Any]]], LabelValue]
PaperEntered = Callable[[Mapping[str, dict[str, Any]]], LabelValue | None]
_PAPER: dict[str, tuple[PaperResults, PaperValue, PaperEntered]] = {
    "hardware_setup": (_hardware_results, _hardware_value, _hardware_entered),
    "bert_role": (_bert_results, _bert_value, _bert_entered),
    "code_release": (_code_results, _code_value, _code_entered),
    "topic": (_topic_results, _topic_value, _topic_entered),
}


def paper_results(spec: FieldSpec, label: Label) -> list[Result]:
    """The prediction result items for a paper-level label; their ids start with the label id."""
    to_results, _, _ = _PAPER[label.value.kind]
    return to_results(label.value, label.id, spec.to_name)


def paper_value(label: Label, controls: Mapping[str, dict[str, Any]]) -> LabelValue:
    """The value the annotator left in the paper-level controls (the label's own value if unchanged).

    Raises UnknownChip for a chip that is not in the chip table.
    """
    _, to_value, _ = _PAPER[label.value.kind]
    try:
        return to_value(label.value, controls)
    except ValidationError as exc:
        raise BadAnnotation(_not_offered(exc)) from exc


def entered_value(kind: str, controls: Mapping[str, dict[str, Any]]) -> LabelValue | None:
    """The value of kind ``kind`` the controls hold on their own (None: the annotator gave none).

    For placeholder tasks, where the machine gave nothing to compare with. Raises BadAnnotation for a
    chip that is not in the chip table, a chip count without a chip, or a new-model answer without
    a code-release answer.
    """
    _, _, entered = _PAPER[kind]
    try:
        return entered(controls)
    except ValidationError as exc:  # Label Studio stores any choice sent through its API
        raise BadAnnotation(_not_offered(exc)) from exc


def _not_offered(exc: ValidationError) -> str:
    """One line for a value the label config does not offer ("role 'none'")."""
    first = exc.errors()[0]
    where = ".".join(str(part) for part in first.get("loc", ())) or "value"
    return f"{where} {first.get('input')!r} is not one of the choices the task offers"


# --- what the annotator sees as the machine's reading ----------------------------------------------


def describe_training(training: TrainingInputs | None) -> str:
    """The training inputs in words ("; trained 72 h; 1.5B parameters"); empty when none is stated."""
    if training is None:
        return ""
    parts = []
    if training.hours is not None:
        parts.append(f"trained {training.hours:g} h")
    if training.chip_hours is not None:
        parts.append(f"{training.chip_hours:g} chip-hours")
    if training.params is not None:
        parts.append(f"{_si(training.params)} parameters")
    if training.tokens is not None:
        parts.append(f"{_si(training.tokens)} tokens")
    return "".join(f"; {p}" for p in parts)


def _si(n: int) -> str:
    for div, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K")):
        if n >= div:
            return f"{n / div:.3g}{suffix}"
    return str(n)


def describe(value: LabelValue) -> str:
    """A short human reading of a value."""
    if isinstance(value, HardwareSetup):
        setup = (
            "no hardware reported"
            if value.status == "not_reported"
            else f"{value.count or '?'} x {value.chip}"
        )
        return setup + describe_training(value.training)
    if isinstance(value, BertRole):
        return f"BERT role: {value.role}" + (f" ({', '.join(value.models)})" if value.models else "")
    if isinstance(value, CodeRelease):
        model = "" if value.new_model is None else f"; new model: {'yes' if value.new_model else 'no'}"
        return (
            f"own code released: {'yes' if value.released else 'no'}"
            + (f" ({value.url})" if value.url else "")
            + model
        )
    if isinstance(value, Topic):
        return f"topic: {value.topic}"
    if isinstance(value, Affiliation):
        return f"{value.author_name}: {value.org_type}"
    if isinstance(value, CodeLink):
        return f"{value.url}: {value.role}"
    if isinstance(value, Hardware):
        return f"{value.count or '?'} x {value.chip} ({value.scope})"
    return value.kind
