"""Verified values win: the effective value of every verifiable slot of a paper.

A *slot* is what one human verdict is about, stable across extractor versions: a paper-level value
(the hardware set-up, the BERT role, the code release, the topic), one author's affiliation (author
position + raw affiliation string) or one repository link (its URL). The machine's value of a slot
is its most confident current label; a human verification of *any* label of the slot, old extractor
version or new, overrides it. Each annotator's newest verdict counts; when annotators disagree the
majority wins, and a tie goes to the newest verdict (``disputed`` says so).

A rejected slot's effective value is None: the machine's value was wrong and nothing replaced it.

A *placeholder* label (producer ``placeholder``) stands in for a machine value that does not exist,
so that a value a person enters for a paper the extractors found nothing in (a false negative) has a
label to attach to. Its ``value`` is only there because a label must have one: it is never a machine
value (never the effective value of a slot, and accepting it decides nothing).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

from paperscope.records import (
    FIELD_OF_KIND,
    Affiliation,
    BertRole,
    CodeLink,
    CodeRelease,
    Evidence,
    Field_,
    HardwareSetup,
    Label,
    LabelValue,
    Producer,
    Topic,
    Verification,
)
from paperscope.store import Store, normalize_title

SLOT_KINDS = frozenset({"hardware_setup", "bert_role", "code_release", "topic", "affiliation", "code_link"})
PLACEHOLDER = Producer(name="placeholder", version="1.0.0")
# A label needs a value; a placeholder's stands in and is never read (see ``is_placeholder``).
_STAND_IN: dict[str, LabelValue] = {
    "hardware_setup": HardwareSetup(status="not_reported"),
    "bert_role": BertRole(role="cites_only"),
    "code_release": CodeRelease(released=False),
    "topic": Topic(topic="other"),
}
PLACEHOLDER_KINDS: dict[Field_, str] = {FIELD_OF_KIND[kind]: kind for kind in _STAND_IN}


def is_placeholder(label: Label) -> bool:
    """True for a placeholder label: no machine value, only somewhere for a hand-entered one to attach."""
    return label.producer.name == PLACEHOLDER.name


def placeholder_label(paper_key: str, field: Field_) -> Label:
    """The placeholder label of one paper's paper-level field (the same id every time).

    Its evidence is a metadata locator naming the Label Studio task (``paper_key#field``).
    """
    kind = PLACEHOLDER_KINDS.get(field)
    if kind is None:
        raise ValueError(f"field {field} has no paper-level value to enter by hand")
    evidence = Evidence(
        paper_key=paper_key,
        source="metadata",
        matched="no machine value",
        context=f"The extractors found no {field} value in this paper; a person enters it in Label Studio.",
        locator=f"label-studio task {paper_key}#{field}",
    )
    return Label(
        paper_key=paper_key, value=_STAND_IN[kind], evidence=evidence, producer=PLACEHOLDER, confidence=0.0
    )


NOT_FOUND = "(no affiliation found in the PDF)"  # the raw line of an author placeholder


def author_placeholders(paper_key: str, authors: Iterable[tuple[int, str]]) -> list[Label]:
    """One placeholder affiliation per listed author ``(position, name)`` of a paper whose PDF gave none.

    Each is an item line a person relabels with the author's organisation type (the same labels every
    time); like every placeholder, none is ever a machine value.
    """
    evidence = Evidence(
        paper_key=paper_key,
        source="metadata",
        matched="no machine value",
        context="The extractors found no affiliation for this author; a person enters its type in Label Studio.",
        locator=f"label-studio task {paper_key}#affiliation",
    )
    return [
        Label(
            paper_key=paper_key,
            value=Affiliation(author_position=position, author_name=name, raw=NOT_FOUND),
            evidence=evidence,
            producer=PLACEHOLDER,
            confidence=0.0,
        )
        for position, name in authors
    ]


@dataclass(frozen=True, slots=True)
class Slot:
    """What a verdict is about: (paper, kind) plus, for per-item kinds, which item."""

    paper_key: str
    field: Field_
    kind: str
    item: str | None = None  # "author <position>: <raw, normalised>" or the link's URL
    author: int | None = None  # author position for affiliations


@dataclass(frozen=True, slots=True)
class Effective:
    """The value that counts for a slot, and whether a human decided it."""

    slot: Slot
    value: LabelValue | None
    verified: bool
    verdict: Literal["accept", "correct", "reject"] | None
    label_id: str | None  # the machine label shown (None: only verified labels are known)
    n_annotators: int = 0
    disputed: bool = False


def slot_of(label: Label) -> Slot | None:
    """The slot a label fills (None for mention-level labels, which are evidence only)."""
    value = label.value
    if value.kind not in SLOT_KINDS:
        return None
    if isinstance(value, Affiliation):
        item = f"author {value.author_position}: {normalize_title(value.raw)}"
        return Slot(label.paper_key, label.field, value.kind, item, value.author_position)
    if isinstance(value, CodeLink):
        return Slot(label.paper_key, label.field, value.kind, value.url.rstrip("/").lower())
    return Slot(label.paper_key, label.field, value.kind)


def decision(v: Verification, label: Label) -> LabelValue | None:
    """The value a verdict leaves (None: no value).

    Accept leaves the label's own value (none for a placeholder), correct the corrected value.
    """
    if v.verdict == "accept":
        return None if is_placeholder(label) else label.value
    return v.corrected  # None for reject


def effective_values(
    current: Iterable[Label],
    verifications: Iterable[Verification],
    verified_labels: Mapping[str, Label],
) -> dict[Slot, Effective]:
    """Effective value per slot from current labels and verifications.

    ``verified_labels`` maps a verification's ``label_id`` to its label (any extractor version), so a
    verdict on a label that a newer extractor version replaced still decides the slot. Placeholder
    labels are never a slot's machine value.
    """
    machine: dict[Slot, Label] = {}
    for label in current:
        slot = slot_of(label)
        if (
            slot is not None
            and not is_placeholder(label)
            and (
                slot not in machine
                or (label.confidence, label.id) > (machine[slot].confidence, machine[slot].id)
            )
        ):
            machine[slot] = label
    latest: dict[Slot, dict[str, tuple[Verification, Label]]] = {}
    for v in verifications:
        judged = verified_labels.get(v.label_id)
        slot = slot_of(judged) if judged is not None else None
        if judged is None or slot is None:
            continue
        mine = latest.setdefault(slot, {})
        if v.annotator not in mine or (v.at, v.id) > (mine[v.annotator][0].at, mine[v.annotator][0].id):
            mine[v.annotator] = (v, judged)
    out = {slot: Effective(slot, label.value, False, None, label.id) for slot, label in machine.items()}
    for slot, by_annotator in latest.items():
        decisions = [(v, decision(v, label)) for v, label in by_annotator.values()]
        votes = Counter(decision_key(value) for _, value in decisions)
        top = max(votes.values())
        leaders = {key for key, n in votes.items() if n == top}
        newest = max(
            ((v, value) for v, value in decisions if decision_key(value) in leaders),
            key=lambda d: (d[0].at, d[0].id),
        )
        shown = machine.get(slot)
        out[slot] = Effective(
            slot,
            newest[1],
            True,
            newest[0].verdict,
            shown.id if shown else None,
            n_annotators=len(decisions),
            disputed=len(votes) > 1,
        )
    return out


def decision_key(value: LabelValue | None) -> str:
    """What a decision says, for comparing annotators: the attributes a human verdict is about."""
    if value is None:
        return "reject"
    if isinstance(value, HardwareSetup):
        setup = "not_reported" if value.status == "not_reported" else f"{value.chip} x {value.count}"
        if value.training is None:
            return setup
        return f"{setup}, {value.training.model_dump_json()}"  # annotators who differ on the inputs differ
    if isinstance(value, BertRole | CodeLink):
        return value.role
    if isinstance(value, CodeRelease):
        model = "" if value.new_model is None else f", new model {'yes' if value.new_model else 'no'}"
        return ("released" if value.released else "not_released") + model
    if isinstance(value, Topic):
        return value.topic
    if isinstance(value, Affiliation):
        return value.org_type
    return value.model_dump_json()


def effective_from_store(store: Store) -> dict[Slot, Effective]:
    """Effective values for everything in a store (current labels, all verifications)."""
    verifications = store.verifications()
    needed = {v.label_id for v in verifications}
    labels = {lab.id: lab for lab in store.labels() if lab.id in needed}
    return effective_values(store.labels(current=True), verifications, labels)
