"""Kappa and precision against textbook values and small hand-built cases."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from annotate.agreement import agreement, cohen, fleiss, precision, ratings, shared_overlap, summarise
from paperscope.records import BertRole, Label, Verification
from tests.annotate.factory import labels_for, make_sample

T0 = datetime(2026, 11, 1, tzinfo=UTC)


def test_cohen_matches_the_textbook_example():
    # 50 items: yes/yes 20, yes/no 5, no/yes 10, no/no 15 -> p_o = 0.7, p_e = 0.5, kappa = 0.4
    pairs = [("yes", "yes")] * 20 + [("yes", "no")] * 5 + [("no", "yes")] * 10 + [("no", "no")] * 15
    assert cohen(pairs) == pytest.approx(0.4)
    assert cohen([("a", "a"), ("a", "a")]) is None  # one category: undefined
    assert cohen([("a", "b")]) is None


def test_fleiss_matches_the_textbook_example():
    # Fleiss (1971) as on Wikipedia: 10 subjects, 14 raters, 5 categories -> kappa = 0.210
    table = [
        [0, 0, 0, 0, 14], [0, 2, 6, 4, 2], [0, 0, 3, 5, 6], [0, 3, 9, 2, 0], [2, 2, 8, 1, 1],
        [7, 7, 0, 0, 0], [3, 2, 6, 3, 0], [2, 5, 3, 2, 2], [6, 5, 2, 1, 0], [0, 2, 2, 3, 7],
    ]  # fmt: skip
    items = [[str(c) for c, n in enumerate(row) for _ in range(n)] for row in table]
    assert fleiss(items) == pytest.approx(0.2099, abs=1e-4)


def bert_labels(n: int) -> list[Label]:
    return [
        lab for i in range(1, n + 1) for lab in labels_for(make_sample(i)) if lab.value.kind == "bert_role"
    ]


def verdict(
    label: Label, who: str, verdict: str, role: str | None = None, minutes: int = 0, desk: str | None = ""
) -> Verification:
    """A verdict of ``who``, made at their own desk unless ``desk`` says another (None: the shared server)."""
    return Verification(
        label_id=label.id,
        paper_key=label.paper_key,
        field=label.field,
        verdict=verdict,  # type: ignore[arg-type]
        corrected=BertRole(role=role) if role else None,  # type: ignore[arg-type]
        annotator=who,
        origin="prediction",
        at=T0 + timedelta(minutes=minutes),
        desk=who if desk == "" else desk,
    )


def test_two_annotators_give_cohen_on_decisions_and_verdicts():
    labels = bert_labels(4)  # machine says "uses" everywhere
    vs = [
        verdict(labels[0], "a", "accept"), verdict(labels[0], "b", "accept"),
        verdict(labels[1], "a", "accept"), verdict(labels[1], "b", "correct", "studies"),
        verdict(labels[2], "a", "correct", "studies"), verdict(labels[2], "b", "correct", "studies"),
        verdict(labels[3], "a", "reject"), verdict(labels[3], "b", "reject"),
    ]  # fmt: skip
    rows = ratings(vs, {lab.id: lab for lab in labels})
    result = agreement(rows, "bert")
    assert (result.method, result.annotators, result.items) == ("cohen", 2, 4)
    assert result.observed == pytest.approx(0.75)
    decisions = [("uses", "uses"), ("uses", "studies"), ("studies", "studies"), ("reject", "reject")]
    assert result.kappa == pytest.approx(cohen(decisions))
    verdicts = [("accept", "accept"), ("accept", "correct"), ("correct", "correct"), ("reject", "reject")]
    assert result.kappa_verdict == pytest.approx(cohen(verdicts))
    assert result.kappa is not None
    assert 0 < result.kappa < 1


def test_newest_verdict_per_annotator_counts_and_single_ratings_do_not_overlap():
    labels = bert_labels(2)
    vs = [
        verdict(labels[0], "a", "reject", minutes=0),
        verdict(labels[0], "a", "accept", minutes=5),  # a changed their mind
        verdict(labels[0], "b", "accept"),
        verdict(labels[1], "a", "accept"),  # nobody else judged it
    ]
    rows = ratings(vs, {lab.id: lab for lab in labels})
    assert len(rows) == 3
    result = agreement(rows, "bert")
    assert (result.items, result.observed) == (1, 1.0)
    assert result.kappa is None  # one item cannot give a kappa


def test_three_annotators_give_fleiss_on_the_most_common_rater_count():
    labels = bert_labels(4)
    vs = []
    for lab, votes in zip(
        labels,
        [("accept", "accept", "accept"), ("accept", "reject", "reject"), ("reject", "reject", "reject")],
        strict=False,
    ):
        vs += [verdict(lab, who, v) for who, v in zip("abc", votes, strict=True)]
    vs += [verdict(labels[3], "a", "accept"), verdict(labels[3], "b", "accept")]  # only two raters here
    result = agreement(ratings(vs, {lab.id: lab for lab in labels}), "bert")
    assert (result.method, result.annotators, result.items) == ("fleiss", 3, 3)
    assert result.kappa == pytest.approx(fleiss([["uses"] * 3, ["uses", "reject", "reject"], ["reject"] * 3]))


def test_precision_by_majority_with_wilson_interval():
    labels = bert_labels(12)
    vs = [verdict(lab, "a", "accept") for lab in labels[:8]]
    vs += [verdict(labels[8], "a", "reject"), verdict(labels[9], "a", "correct", "studies")]
    vs += [verdict(labels[10], "a", "accept"), verdict(labels[10], "b", "reject")]  # tie: disputed
    vs += [
        verdict(labels[11], "a", "reject"),
        verdict(labels[11], "b", "reject"),
        verdict(labels[11], "c", "accept"),
    ]
    p = precision(ratings(vs, {lab.id: lab for lab in labels}, by="label"), "bert")
    assert (p.labels, p.accepted, p.corrected, p.rejected, p.disputed) == (11, 8, 1, 2, 1)
    assert p.precision == pytest.approx(8 / 11)
    assert p.low == pytest.approx(0.4344, abs=1e-3)
    assert p.high == pytest.approx(0.9025, abs=1e-3)


def test_annotators_who_judged_different_extractor_versions_of_one_slot_overlap():
    old = bert_labels(3)
    new = [
        lab
        for i in range(1, 4)
        for lab in labels_for(make_sample(i), "1.1.0")
        if lab.value.kind == "bert_role"
    ]
    index = {lab.id: lab for lab in old + new}
    # a judged version 1.0.0, b judged version 1.1.0 (same slot, same machine value "uses")
    vs = [
        verdict(old[0], "a", "accept"), verdict(new[0], "b", "accept"),
        verdict(old[1], "a", "correct", "studies"), verdict(new[1], "b", "correct", "studies"),
        verdict(old[2], "a", "reject"), verdict(new[2], "b", "accept"),
    ]  # fmt: skip
    per_slot = agreement(ratings(vs, index), "bert")
    assert (per_slot.method, per_slot.items) == ("cohen", 3)
    assert per_slot.observed == pytest.approx(2 / 3)
    assert per_slot.kappa == pytest.approx(
        cohen([("uses", "uses"), ("studies", "studies"), ("reject", "uses")])
    )
    assert agreement(ratings(vs, index, by="label"), "bert").items == 0  # per label: no overlap at all
    agreements, precisions = summarise(vs, index, ["bert"])
    assert agreements[0].items == 3
    assert precisions[0].labels == 6  # precision stays per machine label


def test_summary_covers_every_field_even_without_verdicts():
    agreements, precisions = summarise([], {})
    assert [a.field for a in agreements] == ["hardware", "bert", "code", "affiliation", "topic"]
    assert all(a.method is None and p.precision is None for a, p in zip(agreements, precisions, strict=True))


def test_krippendorffs_alpha_by_hand_and_with_uneven_annotators() -> None:
    from annotate.agreement import krippendorff_alpha

    # coincidences: o_aa = 2, o_ab = o_ba = 1, o_bb = 4; n_a = 3, n_b = 5, n = 8
    # alpha = 1 - (n - 1) * 2 / (2 * 3 * 5) = 1 - 14/30
    assert krippendorff_alpha([["a", "a"], ["a", "b"], ["b", "b"], ["b", "b"]]) == pytest.approx(8 / 15)
    assert krippendorff_alpha([["a", "a"], ["b", "b", "b"], ["a", "a", "a"]]) == pytest.approx(1.0)
    assert krippendorff_alpha([["a", "a"], ["a"]]) is None  # one category: undefined
    # slots rated by three and by two count together (Fleiss would drop one kind); three raters weigh
    # each ordered pair 1/2: o_aa = 1 + 2, o_ab = o_ba = 1, o_bb = 2; n_a = 4, n_b = 3, n = 7
    # alpha = 1 - (n - 1) * 2 / (2 * 4 * 3) = 0.5
    assert krippendorff_alpha([["a", "a", "b"], ["a", "a"], ["b", "b"]]) == pytest.approx(0.5)


def test_agreement_counts_only_blind_pairs_made_at_each_annotators_own_desk():
    labels = bert_labels(3)
    index = {lab.id: lab for lab in labels}
    blind = [verdict(lab, who, "accept") for lab in labels for who in ("a", "b")]
    shared = [verdict(lab, who, "accept", desk=None) for lab in labels for who in ("c", "d")]
    at_a_desk = [verdict(labels[0], "lead", "reject", desk="a")]  # the lead looked at a's desk: not blind
    agreements, precisions = summarise(blind + shared + at_a_desk, index, ["bert"])
    assert (agreements[0].annotators, agreements[0].items) == (2, 3)  # a and b only
    assert shared_overlap(blind + shared + at_a_desk, index, ["bert"]) == {"bert": 3}
    assert precisions[0].labels == 3  # precision takes every verdict
    assert summarise(shared, index, ["bert"])[0][0].items == 0
    assert summarise(shared, index, ["bert"], blind=False)[0][0].items == 3
