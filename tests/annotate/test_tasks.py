"""Tasks and predictions are built offline and validated with Label Studio's own LabelInterface."""

from __future__ import annotations

import copy
import re
from typing import Any

import pytest

from annotate.chips import chip_table
from annotate.fields import FIELD_SPECS
from annotate.tasks import evidence_html, mark, plan_task, select_subjects, validate_task
from paperscope.records import FIELDS, Evidence, Field_, Label, Producer, Topic
from tests.annotate.factory import labels_for, make_sample


def field_labels(field: Field_, version: str = "1.0.0") -> list[Label]:
    return [lab for lab in labels_for(make_sample(), version) if lab.field == field]


def test_every_field_has_a_spec_and_a_config():
    assert tuple(FIELD_SPECS) == FIELDS
    for field, spec in FIELD_SPECS.items():
        assert "paperscope label config: " in spec.label_config()
        assert spec.field == field


@pytest.mark.parametrize("field", FIELDS)
def test_tasks_of_every_field_validate_against_their_config(field: Field_):
    plan = plan_task(make_sample().paper, field, field_labels(field))
    assert plan is not None
    assert validate_task(plan) == []


def test_code_tasks_show_the_abstract_for_the_new_model_question():
    paper = make_sample().paper.model_copy(update={"abstract": "We propose <b>Net</b>, a new\n model."})
    code = plan_task(paper, "code", field_labels("code"))
    bert = plan_task(paper, "bert", field_labels("bert"))
    placeholder = plan_task(paper, "code", [], placeholder=True)
    assert code is not None
    assert bert is not None
    assert placeholder is not None
    shown = "We propose &lt;b&gt;Net&lt;/b&gt;, a new model."  # escaped, whitespace folded
    assert shown in code.data["evidence"]
    assert shown in placeholder.data["evidence"]
    assert "We propose" not in bert.data["evidence"]
    assert validate_task(code) == []


def test_a_judged_new_model_is_predicted_in_a_control_the_config_has():
    labels = [
        lab.model_copy(update={"value": lab.value.model_copy(update={"new_model": True})})
        if lab.value.kind == "code_release"
        else lab
        for lab in field_labels("code")
    ]
    plan = plan_task(make_sample().paper, "code", labels)
    assert plan is not None
    asked = [r for r in plan.prediction["result"] if r["from_name"] == "new_model"]
    assert [r["value"]["choices"] for r in asked] == [["yes"]]
    assert validate_task(plan) == []


@pytest.mark.parametrize("field", ["bert", "affiliation", "hardware"])
def test_validation_catches_a_broken_prediction(field: Field_):
    plan = plan_task(make_sample().paper, field, field_labels(field))
    assert plan is not None
    broken = copy.deepcopy(plan.prediction)
    item = broken["result"][0]
    if item["type"] == "labels":
        item["value"]["labels"] = ["multinational"]
    elif item["type"] == "choices":
        item["value"]["choices"] = ["reads it aloud"]
    else:
        item["from_name"] = "no_such_control"
    bad = type(plan)(plan.paper_key, plan.field, plan.data, broken, plan.crop, plan.subject_ids)
    assert validate_task(bad) != []


def test_prediction_carries_model_version_and_score():
    plan = plan_task(make_sample().paper, "hardware", field_labels("hardware", "2.3.4"))
    assert plan is not None
    assert plan.prediction["model_version"] == "hardware@2.3.4"
    assert plan.prediction["score"] == 0.85  # the set-up label's confidence, not the mention's
    setup = [r for r in plan.prediction["result"] if r["to_name"] == "evidence"]
    assert all(r["id"].startswith(plan.subject_ids[0]) for r in setup)
    lines = [r for r in plan.prediction["result"] if r["to_name"] == "items"]  # the chip mention's line
    assert {r["id"] for r in lines} == {plan.subject_ids[1]}
    assert {r["from_name"] for r in lines} == {"scope", "item_chip", "item_count"}
    assert {r["from_name"]: r["value"] for r in setup} == {
        "chip": {"taxonomy": [["v100"]]},
        "count": {"number": 8},
        "hours": {"number": 72.0},  # the training inputs, parameters in millions
        "params": {"number": 110.0},
    }


def test_hardware_chip_control_lists_every_chip_id_with_its_name():
    from label_studio_sdk.label_interface.interface import LabelInterface

    interface: Any = LabelInterface(FIELD_SPECS["hardware"].label_config())
    chip = interface.get_control("chip")
    assert chip.tag == "Taxonomy"  # a searchable picker; its items get no automatic hotkeys
    assert set(chip.labels) == set(chip_table()) | {"none"}  # the aliases are the result values
    assert 'value="NVIDIA RTX 3090 (rtx-3090)" alias="rtx-3090"' in FIELD_SPECS["hardware"].label_config()


def test_a_chip_outside_the_table_fails_validation():
    plan = plan_task(make_sample().paper, "hardware", field_labels("hardware"))
    assert plan is not None
    broken = copy.deepcopy(plan.prediction)
    broken["result"][0]["value"]["taxonomy"] = [["rtx 3090"]]  # the name, not the id
    bad = type(plan)(plan.paper_key, plan.field, plan.data, broken, plan.crop, plan.subject_ids)
    assert validate_task(bad) != []


def test_subjects_are_paper_level_and_items_mentions_are_evidence():
    spec = FIELD_SPECS["code"]
    subjects = select_subjects(spec, field_labels("code"))
    assert subjects.paper is not None
    assert subjects.paper.value.kind == "code_release"
    assert [lab.value.kind for lab in subjects.items] == ["code_link"]
    hardware = select_subjects(FIELD_SPECS["hardware"], field_labels("hardware"))
    assert [lab.value.kind for lab in hardware.items] == ["hardware"]  # every chip mention is a line
    assert hardware.paper is not None
    assert hardware.paper.value.kind == "hardware_setup"


def test_most_confident_paper_label_is_the_subject():
    labels = field_labels("topic")
    other = labels[0].model_copy(
        update={
            "id": "",
            "value": Topic(topic="vision"),
            "confidence": 0.95,
            "producer": Producer(name="topic2", version="1.0.0"),
        }
    )
    other = Label.model_validate(other.model_dump())  # recompute the id
    subjects = select_subjects(FIELD_SPECS["topic"], [*labels, other])
    assert subjects.paper == other


def test_affiliation_items_are_lines_with_one_region_each():
    plan = plan_task(make_sample().paper, "affiliation", field_labels("affiliation"))
    assert plan is not None
    assert plan.data["items"].splitlines() == [
        "1. Ada Lovelace | University of London [machine: academic]",  # the type in words on every line
        "2. Alan Turing | DeepMind [machine: academic]",
    ]
    regions = plan.prediction["result"]
    assert [r["value"]["labels"] for r in regions] == [["academic"], ["academic"]]
    for region in regions:
        value = region["value"]
        assert plan.data["items"][value["start"] : value["end"]] == value["text"]
    assert [r["id"] for r in regions] == list(plan.subject_ids)


def test_hash_is_stable_and_changes_with_a_new_version():
    paper = make_sample().paper
    first = plan_task(paper, "bert", field_labels("bert"))
    again = plan_task(paper, "bert", field_labels("bert"))
    bumped = plan_task(paper, "bert", field_labels("bert", "1.0.1"))
    assert first is not None
    assert again is not None
    assert bumped is not None
    assert first.sha == again.sha
    assert bumped.sha != first.sha


def test_no_subject_labels_no_task():
    hardware_mentions_only = [lab for lab in field_labels("hardware") if lab.value.kind == "hardware"]
    lines_only = plan_task(make_sample().paper, "hardware", hardware_mentions_only)
    assert lines_only is not None  # chip mentions without a set-up: their lines are still checked ...
    assert lines_only.placeholder is not None  # ... and the set-up can be entered by hand beside them
    assert lines_only.subject_ids == (lines_only.placeholder.id, *(lab.id for lab in hardware_mentions_only))
    assert plan_task(make_sample().paper, "bert", []) is None


def test_evidence_is_escaped_and_marked():
    assert mark("a <b> & V100 GPUs", ["V100"]) == "a &lt;b&gt; &amp; <mark>V100</mark> GPUs"
    assert mark("Ada (UCL) Alan (DeepMind)", ["UCL", "DeepMind", "Deep"]) == (
        "Ada (<mark>UCL</mark>) Alan (<mark>DeepMind</mark>)"
    )
    labels = field_labels("affiliation")
    html = evidence_html(labels)
    assert html.count("<p>") == 1  # both authors' evidence is the same line: shown once, both marked
    assert html.count("<mark>") == 2
    assert "p. 1 · title" in html


def test_metadata_evidence_is_shown_without_page():
    plan = plan_task(make_sample().paper, "topic", field_labels("topic"))
    assert plan is not None
    assert plan.crop is None
    assert plan.data["where"].startswith("No page image")
    assert "abstract" in plan.data["evidence"]
    assert isinstance(field_labels("topic")[0].evidence, Evidence)


def test_an_affiliation_task_shows_where_sources_disagree_on_an_authors_type():
    from paperscope.records import Affiliation

    sample = make_sample()
    labels = field_labels("affiliation")
    pdf_line = next(
        lab for lab in labels if isinstance(lab.value, Affiliation) and lab.value.author_position == 0
    )
    profile = pdf_line.model_copy(
        update={
            "id": "",
            "value": pdf_line.value.model_copy(update={"org_type": "industry", "org_name": "Google"}),
            "producer": Producer(name="openreview_profiles", version="0.1.0"),
            "evidence": Evidence(
                paper_key=pdf_line.paper_key,
                source="metadata",
                matched="Google",
                locator="openreview:profile/~Ada_Lovelace1#history/0",
            ),
        }
    )
    profile = Label.model_validate(profile.model_dump())  # a fresh id for the new content
    plan = plan_task(sample.paper, "affiliation", [*labels, profile])
    assert plan is not None
    evidence = plan.data["evidence"]
    assert "Sources disagree" in evidence
    assert "author 1: academic (affiliations); industry (openreview_profiles)" in evidence
    agreed = plan_task(sample.paper, "affiliation", labels)
    assert agreed is not None
    assert "Sources disagree" not in agreed.data["evidence"]


def test_organisation_types_have_distinct_colours():
    from label_studio_sdk.label_interface.interface import LabelInterface

    config = FIELD_SPECS["affiliation"].label_config()
    interface: Any = LabelInterface(config)
    assert set(interface.get_control("org_type").labels) == {"academic", "industry", "government", "nonprofit",
                                                             "unknown"}  # fmt: skip
    colours = dict(re.findall(r'<Label value="(\w+)" background="(#[0-9a-f]{6})"', config))
    assert len(colours) == 5
    assert len(set(colours.values())) == 5

    def rgb(hex_colour: str) -> tuple[int, ...]:
        return tuple(int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))

    a, i = rgb(colours["academic"]), rgb(colours["industry"])
    assert sum((x - y) ** 2 for x, y in zip(a, i, strict=True)) ** 0.5 > 200  # far apart, not two blues
