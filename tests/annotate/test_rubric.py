"""The projects' instructions are the gold rubric itself: every rule of a field's sections is shown."""

from __future__ import annotations

import html
import re

import pytest

from annotate.client import guidelines
from annotate.rubric import FIELD_SECTIONS, rubric_path, sections
from paperscope.records import FIELDS, Field_


def test_every_field_shows_the_rubric_sections_it_is_judged_by() -> None:
    assert set(FIELD_SECTIONS) == set(FIELDS)
    assert set(sections()) == {n for numbers in FIELD_SECTIONS.values() for n in numbers}  # none left out
    assert rubric_path().name == "RUBRIC.md"


@pytest.mark.parametrize("field", FIELDS)
def test_the_instructions_carry_each_rule_of_the_fields_rubric_word_for_word(field: Field_) -> None:
    shown = re.sub(r"<[^>]+>", "", guidelines(field))  # the HTML's text
    shown = " ".join(html.unescape(shown).replace("*", "").replace("`", "").split())
    for number in FIELD_SECTIONS[field]:
        for line in sections()[number].splitlines():
            words = re.sub(r"[*`#]|^- |^\d+\. ", "", line.strip()).strip()
            if len(words) > 20:  # each line of the rubric, as the annotator reads it
                assert " ".join(words.split()) in shown, (field, words)
    assert "How to verify" in shown  # when to correct, when to reject
    assert "This task's controls" in shown


def test_the_cloud_tpu_rule_reaches_the_hardware_annotators() -> None:
    assert "Cloud TPU" in guidelines("hardware")  # it had been missing from a hand-kept copy
    assert "TPU v3-8" in guidelines("hardware")
