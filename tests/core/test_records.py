from __future__ import annotations

import pytest
from pydantic import ValidationError

from paperscope.records import Author, Evidence, Hardware, Label, Paper, Producer, Verification
from tests.core.factories import PDF_SHA, TEXT_SHA, evidence, hw_label, paper, setup_label, verification


def test_label_without_evidence_is_rejected_at_construction():
    p = paper()
    with pytest.raises(ValidationError, match="evidence"):
        Label(
            paper_key=p.key,
            value=Hardware(chip="V100", chip_class="gpu", count=8),
            producer=Producer(name="hardware", version="0.1.0"),
            confidence=0.5,
        )  # type: ignore[call-arg]


def test_pdf_evidence_needs_page_and_span():
    with pytest.raises(ValidationError, match="pdf evidence needs page"):
        Evidence(
            paper_key="neurips/2021/main/x",
            pdf_sha256=PDF_SHA,
            start=1,
            end=3,
            text_sha256=TEXT_SHA,
            matched="V100",
        )


def test_evidence_span_must_not_be_empty():
    with pytest.raises(ValidationError, match="end > start"):
        Evidence(
            paper_key="neurips/2021/main/x",
            pdf_sha256=PDF_SHA,
            page=0,
            start=5,
            end=5,
            text_sha256=TEXT_SHA,
            matched="V100",
        )


def test_metadata_evidence_needs_a_locator():
    with pytest.raises(ValidationError, match="locator"):
        Evidence(paper_key="neurips/2021/main/x", source="metadata", matched="Google")
    ok = Evidence(paper_key="neurips/2021/main/x", source="metadata", matched="Google", locator="f.json#3/0")
    assert ok.page is None


def test_label_evidence_must_belong_to_the_same_paper():
    a, b = paper(1), paper(2)
    with pytest.raises(ValidationError, match="another paper"):
        Label(
            paper_key=a.key,
            value=Hardware(chip="V100", chip_class="gpu"),
            evidence=evidence(b),
            producer=Producer(name="hardware", version="0.1.0"),
            confidence=0.5,
        )


def test_records_are_frozen_and_forbid_unknown_fields():
    p = paper()
    with pytest.raises(ValidationError):
        p.title = "changed"  # type: ignore[misc]
    with pytest.raises(ValidationError, match="Extra inputs"):
        Author(position=0, name="A", nickname="x")  # type: ignore[call-arg]


def test_label_id_is_stable_and_changes_with_version():
    p = paper()
    assert hw_label(p).id == hw_label(p).id
    assert hw_label(p).id != hw_label(p, version="0.2.0").id
    assert hw_label(p).id != hw_label(p, count=4).id


def test_label_round_trips_through_json_with_the_same_id():
    lab = setup_label(paper())
    again = Label.model_validate_json(lab.model_dump_json())
    assert again == lab
    assert again.field == "hardware"


def test_authors_must_be_in_order():
    with pytest.raises(ValidationError, match="positions"):
        Paper(
            key="neurips/2021/main/abc",
            venue="neurips",
            year=2021,
            track="main",
            title="T",
            authors=(Author(position=1, name="B"), Author(position=0, name="A")),
        )


def test_verification_correct_needs_a_corrected_value_of_the_same_field():
    lab = setup_label(paper())
    assert verification(lab, "correct").corrected is not None
    with pytest.raises(ValidationError, match="exactly when"):
        Verification(**{**verification(lab).model_dump(), "verdict": "correct", "id": ""})
    with pytest.raises(ValidationError, match="not a bert value"):
        Verification(**{**verification(lab, "correct").model_dump(), "field": "bert", "id": ""})


def test_ids_of_labels_stored_before_a_value_gained_an_optional_field_are_unchanged():
    # ids computed by the release before CodeRelease.new_model existed: stored labels, Label Studio
    # predictions and placeholders keep pointing at the same labels
    from paperscope.records import CodeRelease, Evidence, Label, Producer
    from paperscope.verified import placeholder_label

    assert placeholder_label("neurips/2021/main/abc", "code").id == "8eaef800ec1cf13f6272"
    evidence = Evidence(
        paper_key="neurips/2021/main/abc",
        pdf_sha256="a" * 64,
        page=0,
        start=5,
        end=10,
        text_sha256="b" * 64,
        matched="https",
    )
    release = CodeRelease(released=True, url="https://github.com/a/b")
    producer = Producer(name="code_links", version="0.1.0")
    label = Label(
        paper_key=evidence.paper_key, value=release, evidence=evidence, producer=producer, confidence=0.9
    )
    assert label.id == "095a77a3536bf4f829db"
    judged = label.model_copy(update={"id": ""}).model_dump() | {
        "value": release.model_copy(update={"new_model": True})
    }
    assert Label.model_validate(judged).id != label.id  # a set value is part of what the label says
