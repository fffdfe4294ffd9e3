"""Item lines of a task: one line, and one Label Studio region, per affiliation, repository link or chip.

The annotator changes an item's category (org type, link role, a chip mention's scope) by relabelling
its region; a deleted region is a reject. A chip mention's line also carries its chip, count and
memory as per-region controls (:data:`annotate.fields.REGION_CONTROLS`), set on the selected line, so
a task holds every set-up the paper reports. Split from :mod:`annotate.fields`, which holds the
field specs.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from annotate.fields import ITEMS_OBJECT, REGION_CONTROLS, FieldSpec, Result, chip_in, result_item
from paperscope.records import Affiliation, CodeLink, Hardware, Label, LabelValue


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
    if isinstance(value, Hardware):
        from annotate.chips import chip_names

        count = f"{value.count} x " if value.count is not None else "? x "
        memory = f", {value.memory_gb} GB" if value.memory_gb is not None else ""
        page = f", p. {label.evidence.page + 1}" if label.evidence.page is not None else ""
        name = chip_names().get(value.chip, value.chip)
        return f"{count}{name} ({value.chip}){memory}{page} [machine: {value.scope}]"
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
    """One region per item label over its line, labelled with the machine's value; id = label id.

    A chip mention's region also gets its chip, count and memory as per-region results (same id).
    """
    if spec.item_control is None:
        raise ValueError(f"field {spec.field} has no item lines")
    text, spans = items_text(labels)
    out = []
    for label, (s, e) in zip(labels, spans, strict=True):
        region = {"start": s, "end": e, "text": text[s:e]}
        out.append(
            result_item(
                label.id,
                spec.item_control,
                ITEMS_OBJECT,
                "labels",
                {**region, "labels": [item_attr_value(spec, label.value)]},
            )
        )
        out += _region_results(label, region)
    return out


def _region_results(label: Label, region: dict[str, Any]) -> list[Result]:
    value = label.value
    if not isinstance(value, Hardware):
        return []
    out = [
        result_item(label.id, "item_chip", ITEMS_OBJECT, "taxonomy", {**region, "taxonomy": [[value.chip]]})
    ]
    if value.count is not None:
        out.append(
            result_item(label.id, "item_count", ITEMS_OBJECT, "number", {**region, "number": value.count})
        )
    if value.memory_gb is not None:
        out.append(
            result_item(
                label.id, "item_memory", ITEMS_OBJECT, "number", {**region, "number": value.memory_gb}
            )
        )
    return out


def region_values(results: Sequence[Result], region_id: Any) -> dict[str, Any]:
    """The per-region control values set on one region (by control name), from an annotation's results."""
    return {
        r["from_name"]: _bare(r.get("value", {}))
        for r in results
        if r.get("id") == region_id and r.get("from_name") in REGION_CONTROLS
    }


def _bare(value: dict[str, Any]) -> dict[str, Any]:
    """A per-region value without the region's own keys (start, end, text)."""
    return {k: v for k, v in value.items() if k not in {"start", "end", "text"}}


def item_from_region(
    spec: FieldSpec, value: LabelValue, chosen: str | None, per_region: dict[str, Any]
) -> LabelValue | None:
    """The item value an annotated region leaves (None: the line names no chip, a reject).

    ``chosen``: the region's label (None: unlabelled); ``per_region``: :func:`region_values`.
    Raises UnknownChip for a chip that is not in the chip table.
    """
    if not isinstance(value, Hardware):
        return (
            value
            if chosen is None or chosen == item_attr_value(spec, value)
            else item_with(spec, value, chosen)
        )
    from annotate.chips import chip_class

    chip = chip_in(per_region["item_chip"]) if "item_chip" in per_region else value.chip
    if chip == "":
        return None
    chip = chip or value.chip
    if not per_region:  # a line drawn anew (its region id changed): its machine values stand
        return Hardware.model_validate({**value.model_dump(), "scope": chosen or value.scope})
    count, memory = (
        per_region.get("item_count", {}).get("number"),
        per_region.get("item_memory", {}).get("number"),
    )
    new = {
        "chip": chip,
        "chip_class": chip_class(chip) if chip != value.chip else value.chip_class,
        "count": int(count) if isinstance(count, int | float) and count >= 1 else None,
        "memory_gb": int(memory) if isinstance(memory, int | float) and memory >= 1 else None,
        "scope": chosen or value.scope,
    }
    return Hardware.model_validate({**value.model_dump(), **new})
