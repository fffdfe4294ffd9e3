"""Inter-annotator agreement and machine precision per field, from the store's verifications.

Label Studio keeps agreement for its Enterprise edition, so it is computed here. For agreement the
unit rated is a *slot* (:class:`paperscope.verified.Slot`: what the analysis counts, e.g. one paper's
hardware set-up), so two annotators who judged different extractor versions of the same slot
overlap; each annotator's newest verification of the slot counts. Two things are compared: the *decision* (the value the annotator ends up with, e.g. the BERT role or the org
type, or "reject") and the bare *verdict* (accept / correct / reject). With exactly two annotators on
the overlapping labels that is Cohen's kappa; with more, Fleiss' kappa over the labels rated by the
most common number of annotators (Fleiss needs the same count per label, not the same people), and
always Krippendorff's alpha, which takes every shared slot whatever its number of annotators.
Agreement is computed over *blind* verdicts only (made at each annotator's own desk, see
:mod:`annotate.desks`): on a shared server annotators see each other's verdicts.

Machine precision per field is about the machine's labels, so its unit is a label: of the labels
whose annotators agree on a verdict (majority; ties are "disputed" and left out), the share accepted
as the machine gave them, with a Wilson 95% interval. Placeholder labels (papers where the machine
found nothing) carry no machine value and are left out of precision.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from paperscope.records import FIELDS, Label, Verification
from paperscope.verified import decision, decision_key, is_placeholder, slot_of

Unit = Literal["slot", "label"]


@dataclass(frozen=True, slots=True)
class Rating:
    """One annotator's newest verdict on one unit (a slot, or a label)."""

    unit: str  # the label id, or the slot as "paper_key|kind|item"
    field: str
    annotator: str
    verdict: str
    decision: str


@dataclass(frozen=True, slots=True)
class Agreement:
    """Agreement on one field over the slots two or more annotators judged (``items``: how many)."""

    field: str
    method: Literal["cohen", "fleiss"] | None
    annotators: int
    items: int
    observed: float | None  # share of rated pairs that agree on the decision
    kappa: float | None  # on decisions; None when undefined (fewer than 2 items or one category)
    kappa_verdict: float | None  # on verdicts alone
    alpha: float | None = None  # Krippendorff's alpha (nominal) on decisions, over every shared slot


@dataclass(frozen=True, slots=True)
class Precision:
    """How often the machine was right on one field, by the annotators' majority verdict."""

    field: str
    labels: int
    accepted: int
    corrected: int
    rejected: int
    disputed: int
    precision: float | None
    low: float | None
    high: float | None


def ratings(
    verifications: Iterable[Verification], labels: Mapping[str, Label], by: Unit = "slot"
) -> list[Rating]:
    """Each annotator's newest verification per slot (or per label), as ratings.

    Verifications of labels unknown here are skipped; ``by="label"`` also skips placeholder labels
    (there is no machine value to rate).
    """
    newest: dict[tuple[str, str], tuple[Verification, Label]] = {}
    for v in verifications:
        label = labels.get(v.label_id)
        if label is None or (by == "label" and is_placeholder(label)):
            continue
        key = (_unit(label, by), v.annotator)
        if key not in newest or (v.at, v.id) > (newest[key][0].at, newest[key][0].id):
            newest[key] = (v, label)
    return [
        Rating(unit, v.field, annotator, v.verdict, decision_key(decision(v, label)))
        for (unit, annotator), (v, label) in sorted(newest.items())
    ]


def _unit(label: Label, by: Unit) -> str:
    slot = slot_of(label) if by == "slot" else None
    if slot is None:
        return label.id
    return "|".join([slot.paper_key, slot.kind, slot.item or ""])


def _by_unit(rows: Sequence[Rating]) -> dict[str, list[Rating]]:
    grouped: dict[str, list[Rating]] = {}
    for r in rows:
        grouped.setdefault(r.unit, []).append(r)
    return grouped


def cohen(pairs: Sequence[tuple[str, str]]) -> float | None:
    """Cohen's kappa of two annotators' categories on the same items (None when undefined)."""
    import numpy as np
    from statsmodels.stats.inter_rater import cohens_kappa

    categories = sorted({c for pair in pairs for c in pair})
    if len(pairs) < 2 or len(categories) < 2:
        return None
    index = {c: i for i, c in enumerate(categories)}
    table = np.zeros((len(categories), len(categories)))
    for a, b in pairs:
        table[index[a], index[b]] += 1
    return float(cohens_kappa(table, return_results=False))


def fleiss(items: Sequence[Sequence[str]]) -> float | None:
    """Fleiss' kappa of items each rated by the same number of annotators (None when undefined)."""
    import numpy as np
    from statsmodels.stats.inter_rater import fleiss_kappa

    categories = sorted({c for item in items for c in item})
    if len(items) < 2 or len(categories) < 2:
        return None
    index = {c: i for i, c in enumerate(categories)}
    table = np.zeros((len(items), len(categories)))
    for row, item in enumerate(items):
        for c in item:
            table[row, index[c]] += 1
    return float(fleiss_kappa(table, method="fleiss"))


def krippendorff_alpha(items: Sequence[Sequence[str]]) -> float | None:
    """Krippendorff's alpha for nominal categories (None when undefined).

    Each item holds the categories its annotators gave; items may have different numbers of
    annotators (unlike Fleiss' kappa), and an item rated once adds nothing. From the coincidence
    matrix: ``alpha = 1 - (n - 1) * sum_{c != k} o_ck / sum_{c != k} n_c n_k`` (Krippendorff,
    "Computing Krippendorff's alpha-reliability", 2011).
    """
    coincidences: dict[tuple[str, str], float] = {}
    for item in items:
        m = len(item)
        if m < 2:
            continue
        for i, a in enumerate(item):
            for j, b in enumerate(item):
                if i != j:
                    coincidences[a, b] = coincidences.get((a, b), 0.0) + 1 / (m - 1)
    totals: dict[str, float] = {}
    for (a, _), weight in coincidences.items():
        totals[a] = totals.get(a, 0.0) + weight
    n = sum(totals.values())
    expected = sum(totals[c] * totals[k] for c in totals for k in totals if c != k)
    if n <= 1 or expected == 0:
        return None
    observed = sum(w for (a, b), w in coincidences.items() if a != b)
    return float(1 - (n - 1) * observed / expected)


def agreement(rows: Sequence[Rating], field: str) -> Agreement:
    """Agreement on one field's units (slots, or labels) that two or more annotators judged."""
    overlap = {k: v for k, v in _by_unit([r for r in rows if r.field == field]).items() if len(v) >= 2}
    annotators = sorted({r.annotator for item in overlap.values() for r in item})
    if not overlap:
        return Agreement(field, None, len(annotators), 0, None, None, None)
    agree = total = 0
    for item in overlap.values():
        for i, a in enumerate(item):
            for b in item[i + 1 :]:
                total += 1
                agree += a.decision == b.decision
    if len(annotators) == 2:
        first, _ = annotators
        pairs = [sorted(item, key=lambda r: r.annotator != first) for item in overlap.values()]
        return Agreement(
            field,
            "cohen",
            2,
            len(overlap),
            agree / total,
            cohen([(a.decision, b.decision) for a, b in pairs]),
            cohen([(a.verdict, b.verdict) for a, b in pairs]),
            krippendorff_alpha([[r.decision for r in item] for item in overlap.values()]),
        )
    common = Counter(len(item) for item in overlap.values()).most_common(1)[0][0]
    same = [item for item in overlap.values() if len(item) == common]
    return Agreement(
        field,
        "fleiss",
        len(annotators),
        len(same),
        agree / total,
        fleiss([[r.decision for r in item] for item in same]),
        fleiss([[r.verdict for r in item] for item in same]),
        krippendorff_alpha([[r.decision for r in item] for item in overlap.values()]),  # every shared slot
    )


def precision(rows: Sequence[Rating], field: str) -> Precision:
    """Machine precision on one field by majority verdict per unit, with a Wilson 95% interval.

    Give it ratings ``by="label"``: precision is about the machine's labels.
    """
    from statsmodels.stats.proportion import proportion_confint

    counts = Counter[str]()
    for item in _by_unit([r for r in rows if r.field == field]).values():
        votes = Counter(r.verdict for r in item).most_common()
        if len(votes) > 1 and votes[0][1] == votes[1][1]:
            counts["disputed"] += 1
        else:
            counts[votes[0][0]] += 1
    n = counts["accept"] + counts["correct"] + counts["reject"]
    if n == 0:
        return Precision(field, 0, 0, 0, 0, counts["disputed"], None, None, None)
    low, high = proportion_confint(counts["accept"], n, alpha=0.05, method="wilson")
    return Precision(
        field,
        n,
        counts["accept"],
        counts["correct"],
        counts["reject"],
        counts["disputed"],
        counts["accept"] / n,
        float(low),
        float(high),
    )


def summarise(
    verifications: Iterable[Verification],
    labels: Mapping[str, Label],
    fields: Sequence[str] = FIELDS,
    *,
    blind: bool = True,
) -> tuple[list[Agreement], list[Precision]]:
    """Agreement (per slot) and machine precision (per machine label) for every field.

    With ``blind`` (the default) agreement counts only verdicts made at their annotators' own desks
    (:attr:`Verification.blind`): on the shared server each annotator can see the others' verdicts, so
    their agreement is not independent. Precision takes every verdict.
    """
    verifications = list(verifications)
    judged = [v for v in verifications if v.blind] if blind else verifications
    slots, machine = ratings(judged, labels, "slot"), ratings(verifications, labels, "label")
    return [agreement(slots, f) for f in fields], [precision(machine, f) for f in fields]


def shared_overlap(
    verifications: Iterable[Verification], labels: Mapping[str, Label], fields: Sequence[str] = FIELDS
) -> dict[str, int]:
    """Per field, the slots two or more annotators judged outside their own desks (not blind)."""
    rows = ratings([v for v in verifications if not v.blind], labels, "slot")
    return {f: sum(len(v) >= 2 for v in _by_unit([r for r in rows if r.field == f]).values()) for f in fields}
