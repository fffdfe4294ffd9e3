"""Verified values win over machine labels, per slot, across extractor versions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from paperscope.records import Affiliation, BertRole, Label, LabelValue, Verification
from paperscope.store import Store
from paperscope.verified import Slot, effective_from_store, effective_values, slot_of
from tests.annotate.factory import labels_for, make_sample
from tests.core.factories import verdict_of

T0 = datetime(2026, 11, 1, tzinfo=UTC)


def judge(
    label: Label, who: str, verdict: str, corrected: LabelValue | None = None, minutes: int = 0
) -> Verification:
    return verdict_of(label, verdict, corrected, annotator=who, at=T0 + timedelta(minutes=minutes))


def of_kind(labels: list[Label], kind: str) -> list[Label]:
    return [lab for lab in labels if lab.value.kind == kind]


def test_slots_are_paper_level_per_author_and_per_link():
    labels = labels_for(make_sample())
    slots = {slot_of(lab) for lab in labels} - {None}
    assert {s.kind for s in slots if s} == {
        "hardware_setup",
        "bert_role",
        "code_release",
        "code_link",
        "affiliation",
        "topic",
    }
    (alan,) = [lab for lab in labels if isinstance(lab.value, Affiliation) and lab.value.author_position == 1]
    assert slot_of(alan) == Slot(alan.paper_key, "affiliation", "affiliation", "author 1: deepmind", 1)
    assert slot_of(of_kind(labels, "hardware")[0]) is None  # a mention is evidence, not a slot


def test_machine_value_until_verified_then_the_verdict():
    labels = labels_for(make_sample())
    (role,) = of_kind(labels, "bert_role")
    index = {lab.id: lab for lab in labels}
    slot = slot_of(role)
    assert slot is not None
    machine = effective_values(labels, [], index)[slot]
    assert (machine.value, machine.verified, machine.verdict) == (role.value, False, None)
    accepted = effective_values(labels, [judge(role, "a", "accept")], index)[slot]
    assert (accepted.value, accepted.verified, accepted.verdict) == (role.value, True, "accept")
    studies = BertRole(role="studies")
    corrected = effective_values(labels, [judge(role, "a", "correct", studies)], index)[slot]
    assert (corrected.value, corrected.verified) == (studies, True)
    rejected = effective_values(labels, [judge(role, "a", "reject")], index)[slot]
    assert (rejected.value, rejected.verified, rejected.verdict) == (None, True, "reject")


def test_a_verdict_on_an_old_version_still_wins_after_reextraction():
    sample = make_sample()
    old = labels_for(sample, "1.0.0")
    new = labels_for(sample, "1.1.0")
    (old_role,) = of_kind(old, "bert_role")
    (new_role,) = of_kind(new, "bert_role")
    assert old_role.id != new_role.id
    studies = BertRole(role="studies")
    out = effective_values(
        new, [judge(old_role, "a", "correct", studies)], {lab.id: lab for lab in old + new}
    )
    slot = slot_of(new_role)
    assert slot is not None
    assert (out[slot].value, out[slot].verified, out[slot].label_id) == (studies, True, new_role.id)


def test_annotators_newest_verdicts_then_majority_then_newest_on_a_tie():
    labels = labels_for(make_sample())
    (role,) = of_kind(labels, "bert_role")
    index = {lab.id: lab for lab in labels}
    slot = slot_of(role)
    assert slot is not None
    studies = BertRole(role="studies")
    majority = [
        judge(role, "a", "correct", studies, minutes=1),
        judge(role, "b", "reject", minutes=2),  # b later changes their mind:
        judge(role, "b", "correct", studies, minutes=3),
        judge(role, "c", "accept", minutes=9),
    ]
    out = effective_values(labels, majority, index)[slot]
    assert (out.value, out.n_annotators, out.disputed) == (studies, 3, True)
    tie = [judge(role, "a", "accept", minutes=1), judge(role, "b", "reject", minutes=2)]
    out = effective_values(labels, tie, index)[slot]
    assert (out.value, out.verdict, out.disputed) == (None, "reject", True)


def test_annotators_who_differ_on_the_new_model_question_are_a_dispute():
    from paperscope.records import CodeRelease

    labels = labels_for(make_sample())
    (release,) = of_kind(labels, "code_release")
    assert isinstance(release.value, CodeRelease)
    index = {lab.id: lab for lab in labels}
    slot = slot_of(release)
    assert slot is not None
    yes = release.value.model_copy(update={"new_model": True})
    no = release.value.model_copy(update={"new_model": False})
    split = [judge(release, "a", "correct", yes, minutes=1), judge(release, "b", "correct", no, minutes=2)]
    assert effective_values(labels, split, index)[slot].disputed
    agreed = [judge(release, "a", "correct", yes, minutes=1), judge(release, "b", "correct", yes, minutes=2)]
    out = effective_values(labels, agreed, index)[slot]
    assert (out.value, out.disputed) == (yes, False)


def test_per_author_affiliations_resolve_separately_and_from_the_store(tmp_path: Path):
    sample = make_sample()
    labels = labels_for(sample)
    ada, alan = of_kind(labels, "affiliation")
    fixed = alan.value.model_copy(update={"org_type": "industry", "match_kind": "manual"})
    with Store.open(tmp_path / "s.sqlite") as store:
        store.upsert_paper(sample.paper)
        store.add_labels(labels)
        store.add_verification(judge(alan, "a", "correct", fixed))
        store.add_labels(labels_for(sample, "1.1.0"))  # re-extraction: new labels, same slots
        out = effective_from_store(store)
    by_author = {s.author: e for s, e in out.items() if s.kind == "affiliation"}
    assert by_author[0].verified is False
    assert by_author[0].value == ada.value
    assert by_author[1].verified is True
    assert by_author[1].value == fixed
    assert len([s for s in out if s.kind == "affiliation"]) == 2


def test_annotators_who_differ_on_a_training_input_are_a_dispute():
    from paperscope.records import HardwareSetup, TrainingInputs

    labels = labels_for(make_sample())
    (setup,) = of_kind(labels, "hardware_setup")
    assert isinstance(setup.value, HardwareSetup)
    index = {lab.id: lab for lab in labels}
    slot = slot_of(setup)
    assert slot is not None
    longer = setup.value.model_copy(update={"training": TrainingInputs(hours=96.0, params=110_000_000)})
    split = [judge(setup, "a", "accept", minutes=1), judge(setup, "b", "correct", longer, minutes=2)]
    out = effective_values(labels, split, index)[slot]
    assert (out.value, out.disputed) == (longer, True)  # a tie: the newest verdict, flagged
    agreed = [
        judge(setup, "a", "correct", longer, minutes=1),
        judge(setup, "b", "correct", longer, minutes=2),
    ]
    assert not effective_values(labels, agreed, index)[slot].disputed
