"""Item lines of a task: one line, and one Label Studio region, per affiliation or repository link.

The annotator changes an item's category (org type, link role) by relabelling its region; a deleted
region is a reject. Split from :mod:`annotate.fields`, which holds the field specs.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from annotate.fields import ITEMS_OBJECT, FieldSpec, Result, result_item
from paperscope.records import Affiliation, CodeLink, Label, LabelValue


def item_line(label: Label) -> str:
    """The text line an item label is shown as (its region covers the whole line).

    An affiliation line ends with the machine's organisation type in words, so the type can be read
    without the region's colour.
    """
    value = label.value
    if isinstance(value, Affiliation):
        org = f" -> {value.org_name}" if value.org_name and value.org_name != value.raw else ""
        return (
            f"{value.author_position + 1}. {value.author_name} | {value.raw}{org} [machine: {value.org_type}]"
        )
    if isinstance(value, CodeLink):
        return f"{value.url}"
    raise TypeError(f"{value.kind} labels are not shown as item lines")


def _item_attr(spec: FieldSpec) -> str:
    if spec.item_attr is None:
        raise ValueError(f"field {spec.field} has no item lines")
    return spec.item_attr


def item_attr_value(spec: FieldSpec, value: LabelValue) -> str:
    """The categorical value the item's region is labelled with (org type, link role)."""
    return str(getattr(value, _item_attr(spec)))


def item_with(spec: FieldSpec, value: LabelValue, new: str) -> LabelValue:
    """The item value with its categorical attribute set to ``new`` (an affiliation becomes manual)."""
    update: dict[str, Any] = {_item_attr(spec): new}
    if isinstance(value, Affiliation):
        update["match_kind"] = "manual"
    return type(value).model_validate({**value.model_dump(), **update})


def items_text(labels: Sequence[Label]) -> tuple[str, list[tuple[int, int]]]:
    """Join item lines into the items text; return it with each line's (start, end) offsets."""
    spans, lines, pos = [], [], 0
    for label in labels:
        line = item_line(label)
        spans.append((pos, pos + len(line)))
        lines.append(line)
        pos += len(line) + 1
    return "\n".join(lines), spans


def item_results(spec: FieldSpec, labels: Sequence[Label]) -> list[Result]:
    """One region per item label over its line, labelled with the machine's value; id = label id."""
    if spec.item_control is None:
        raise ValueError(f"field {spec.field} has no item lines")
    text, spans = items_text(labels)
    return [
        result_item(
            label.id,
            spec.item_control,
            ITEMS_OBJECT,
            "labels",
            {"start": s, "end": e, "text": text[s:e], "labels": [item_attr_value(spec, label.value)]},
        )
        for label, (s, e) in zip(labels, spans, strict=True)
    ]
