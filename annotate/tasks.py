"""Label Studio tasks and predictions from labels: pure, and validated offline against each config.

One task per (paper, field). The task shows the paper, the machine's reading, the evidence sentences
(matched text marked) and a crop of the page; the machine labels are its prediction with
``model_version`` = ``extractor@version`` and ``score`` = confidence. Region and result ids start with
the label id they stand for, so an annotation can be traced to the exact labels it judged even after
the task is re-pushed with newer labels.

For papers picked by hand (a sample), a paper-level field the machine found nothing in still gets a
task: its prediction is empty (``model_version`` = ``placeholder@1.0.0``) and it is backed by the
paper's placeholder label (:func:`paperscope.verified.placeholder_label`), so a value entered by
hand is stored as a verification of that label.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from annotate.crops import SETUP_PAGE, CropSpec, crop_spec
from annotate.fields import (
    FIELD_SPECS,
    FieldSpec,
    Result,
    describe,
    paper_results,
)
from annotate.items import item_results, items_text
from paperscope.records import Affiliation, CodeLink, Field_, Hardware, Label, Paper
from paperscope.verified import (
    PLACEHOLDER,
    PLACEHOLDER_KINDS,
    author_placeholders,
    is_placeholder,
    placeholder_label,
)

MAX_EVIDENCE = 12  # sentences shown per task
MAX_ABSTRACT = 2000  # characters of the abstract shown in code tasks
VENUE_NAMES = {"neurips": "NeurIPS", "icml": "ICML", "iclr": "ICLR", "local": "local"}


@dataclass(frozen=True, slots=True)
class Subjects:
    """The labels a verdict on one (paper, field) task attaches to, and those shown as evidence."""

    paper: Label | None
    items: tuple[Label, ...]
    evidence: tuple[Label, ...]

    @property
    def labels(self) -> tuple[Label, ...]:
        """Every subject label (paper level first, then items)."""
        return ((self.paper,) if self.paper else ()) + self.items


def _item_order(label: Label) -> tuple[Any, ...]:
    value = label.value
    if isinstance(value, Affiliation):
        return (value.author_position, value.raw, label.id)
    if isinstance(value, CodeLink):
        return (value.url, label.id)
    if isinstance(value, Hardware):  # as printed: page, then place on the page
        return (label.evidence.page or 0, label.evidence.start or 0, label.id)
    return (label.id,)


def select_subjects(spec: FieldSpec, labels: Sequence[Label]) -> Subjects:
    """Pick a paper's subjects for one field from its current labels.

    The paper-level subject is the most confident label of the field's paper kind; items are every
    label of the item kind, in author or URL order; the field's mention labels are evidence.
    """
    paper_labels = [lab for lab in labels if lab.value.kind == spec.paper_kind and not is_placeholder(lab)]
    paper = max(paper_labels, key=lambda lab: (lab.confidence, lab.id)) if paper_labels else None
    items = tuple(
        sorted(
            (lab for lab in labels if lab.value.kind == spec.item_kind and not is_placeholder(lab)),
            key=_item_order,
        )
    )
    evidence = tuple(lab for lab in labels if lab.value.kind in spec.evidence_kinds)
    return Subjects(paper, items, evidence)


def mark(context: str, matched: Sequence[str]) -> str:
    """Escape ``context`` as HTML with the first occurrence of each matched string in ``<mark>``."""
    spans: list[tuple[int, int]] = []
    for m in sorted(set(matched), key=len, reverse=True):
        at = context.find(m)
        if m and at >= 0 and all(at >= e or at + len(m) <= s for s, e in spans):
            spans.append((at, at + len(m)))
    out, pos = [], 0
    for s, e in sorted(spans):
        out += [html.escape(context[pos:s]), f"<mark>{html.escape(context[s:e])}</mark>"]
        pos = e
    return "".join([*out, html.escape(context[pos:])])


def evidence_html(labels: Sequence[Label]) -> str:
    """The evidence sentences as escaped HTML, one paragraph each, matched text marked, by page."""
    sentences: dict[tuple[Any, ...], list[str]] = {}
    for lab in sorted(labels, key=lambda x: (x.evidence.page or 0, x.evidence.start or 0, x.id)):
        ev = lab.evidence
        where = f"p. {ev.page + 1}" if ev.page is not None else (ev.locator or ev.source)
        if ev.section:
            where += f" · {ev.section}"
        sentences.setdefault((where, ev.context or ev.matched), []).append(ev.matched)
    rows = [
        f"<p><b>{html.escape(where)}</b> — {mark(context, matched)}</p>"
        for (where, context), matched in list(sentences.items())[:MAX_EVIDENCE]
    ]
    return "".join(rows) or "<p>(no evidence sentence)</p>"


@dataclass(frozen=True, slots=True)
class TaskPlan:
    """A task ready to push except for its rendered crop; ``sha`` covers everything it will show."""

    paper_key: str
    field: Field_
    data: dict[str, Any]
    prediction: dict[str, Any]
    crop: CropSpec | None
    subject_ids: tuple[str, ...] = ()
    placeholder: Label | None = None  # stored before the task is pushed (placeholder tasks only)
    line_placeholders: tuple[Label, ...] = ()  # per-author placeholders of an affiliation placeholder task

    @property
    def ref(self) -> str:
        """The task's identity in Label Studio: ``paper_key#field``."""
        return f"{self.paper_key}#{self.field}"

    @property
    def sha(self) -> str:
        """Content hash of data, prediction, crop and config: unchanged hash, nothing to push."""
        blob = json.dumps(
            [
                self.data,
                self.prediction,
                self.crop.key if self.crop else None,
                FIELD_SPECS[self.field].label_config(),
            ],
            sort_keys=True,
            separators=(",", ":"),
        )
        return hashlib.sha256(blob.encode()).hexdigest()

    def to_task(self, crop_uri: str) -> dict[str, Any]:
        """The Label Studio task (data + one prediction) with the crop's URI filled in."""
        return {"data": {**self.data, "crop": crop_uri}, "predictions": [self.prediction]}


def plan_task(
    paper: Paper,
    field_: Field_,
    labels: Sequence[Label],
    *,
    placeholder: bool = False,
    pdf_sha256: str | None = None,
) -> TaskPlan | None:
    """Plan the task for one paper and field from the paper's current labels.

    None when there is nothing to verify, unless ``placeholder`` asks for a placeholder task where the
    machine found no paper-level value (fields with one: hardware, bert, code, topic). ``pdf_sha256``:
    the paper's stored PDF, linked from the task (at the evidence page, else page 1).
    """
    spec = FIELD_SPECS[field_]
    subjects = select_subjects(spec, [lab for lab in labels if lab.paper_key == paper.key])
    if not subjects.labels:
        return _placeholder_plan(paper, field_, subjects, pdf_sha256) if placeholder else None
    # lines without the paper's own value (chip mentions, every one another work's): the paper-level
    # value can still be entered by hand, on the placeholder beside them
    own = (
        placeholder_label(paper.key, field_)
        if subjects.paper is None and field_ in PLACEHOLDER_KINDS
        else None
    )
    results: list[Result] = []
    if subjects.paper is not None:
        results += paper_results(spec, subjects.paper)
    if subjects.items:
        results += item_results(spec, subjects.items)
    tags = sorted({lab.producer.tag for lab in subjects.labels})
    shown = subjects.labels + subjects.evidence
    crop = crop_spec(shown, prefer=subjects.labels)
    reading = [describe(lab.value) for lab in subjects.labels]
    data = _data(paper, field_, "Machine: " + "; ".join(reading) + f"  [{', '.join(tags)}]", crop)
    data["paper"] = pdf_link(crop, pdf_sha256, paper)
    data["evidence"] = _disagreements(subjects.items) + evidence_html(shown) + _abstract_html(paper, field_)
    data["subject_ids"] = ([own.id] if own else []) + [lab.id for lab in subjects.labels]
    if spec.item_kind is not None:
        data["items"] = items_text(subjects.items)[0] or "(none found)"
    prediction = {
        "model_version": "+".join(tags),
        "score": round(min(lab.confidence for lab in subjects.labels), 4),
        "result": results,
    }
    return TaskPlan(paper.key, field_, data, prediction, crop, tuple(data["subject_ids"]), placeholder=own)


def _disagreements(items: Sequence[Label]) -> str:
    """A warning listing authors whose organisation type differs between sources (PDF, paper list, profile)."""
    by_author: dict[int, dict[str, set[str]]] = {}
    for lab in items:
        value = lab.value
        if isinstance(value, Affiliation) and value.org_type != "unknown":
            by_author.setdefault(value.author_position, {}).setdefault(value.org_type, set()).add(
                lab.producer.name
            )
    rows = [
        f"<li>author {position + 1}: "
        + "; ".join(f"{html.escape(t)} ({', '.join(sorted(who))})" for t, who in sorted(types.items()))
        + "</li>"
        for position, types in sorted(by_author.items())
        if len(types) > 1
    ]
    if not rows:
        return ""
    return (
        "<p><b>Sources disagree</b> on the organisation type of these authors: check the title block "
        "at the paper's date (it decides), then relabel or delete the wrong lines.</p><ul>"
        + "".join(rows)
        + "</ul>"
    )


def _abstract_html(paper: Paper, field_: Field_) -> str:
    """For code tasks, the crawled abstract: what the new-model question is answered from."""
    if field_ != "code" or not paper.abstract:
        return ""
    text = " ".join(paper.abstract.split())
    if len(text) > MAX_ABSTRACT:
        text = text[:MAX_ABSTRACT].rsplit(" ", 1)[0] + " …"
    return f"<p><b>Abstract (for the new-model question)</b> — {html.escape(text)}</p>"


def _data(paper: Paper, field_: Field_, machine: str, crop: CropSpec | None) -> dict[str, Any]:
    return {
        "ref": f"{paper.key}#{field_}",
        "paper_key": paper.key,
        "field": field_,
        "title": f"{paper.title} ({VENUE_NAMES.get(paper.venue, paper.venue)} {paper.year})",
        "machine": machine,
        "where": f"Page {crop.page + 1} of the PDF" if crop else "No page image (read from metadata)",
    }


# Label Studio's local-file route; its document root is the home, the PDF store its "pdfs" folder
PDF_ROUTE = "/data/local-files/?d=pdfs/"


def pdf_link(crop: CropSpec | None, pdf_sha256: str | None, paper: Paper | None = None) -> str:
    """A link opening the paper's stored PDF at the evidence page (page 1 without a crop).

    Shown inline above the evidence (the evidence is in a sandboxed frame, where links cannot open a
    tab); a paragraph saying so when no PDF is stored.

    Label Studio serves it from the PDF store to signed-in members of the project (its local-file
    storage, which ``verify push`` attaches to each project), so the link follows Label Studio's
    own access rule.
    """
    sha = crop.pdf_sha256 if crop is not None else pdf_sha256
    if not sha:
        online = paper.pdf_url or paper.landing_url if paper is not None else None
        if online:
            url = html.escape(online)
            return (
                f'<p>No PDF of this paper is stored; read it at <a href="{url}" target="_blank">{url}</a></p>'
            )
        return "<p>No PDF of this paper is stored, and no address of it is known.</p>"
    page = crop.page + 1 if crop is not None and crop.page != SETUP_PAGE else 1
    href = f"{PDF_ROUTE}{sha[:2]}/{sha}.pdf#page={page}"
    return f'<p><a class="paperscope-pdf" href="{html.escape(href)}" target="_blank">Open the PDF at page {page}</a></p>'


def _placeholder_plan(
    paper: Paper, field_: Field_, subjects: Subjects, pdf_sha256: str | None = None
) -> TaskPlan | None:
    """A task with an empty prediction, backed by the paper's placeholder label.

    Affiliations are per author line: a paper whose listing names its authors gets one placeholder
    line per author, predicted "unknown", to relabel with the author's type; without a listed
    author there is no line to put a value on, and no task.
    """
    if field_ == "affiliation":
        return _author_lines_plan(paper, pdf_sha256)
    if field_ not in PLACEHOLDER_KINDS:
        return None
    label = placeholder_label(paper.key, field_)
    crop = crop_spec(subjects.evidence)
    read = crop is None and pdf_sha256 is not None  # no evidence: show the page the machine read
    if read and pdf_sha256 is not None:
        crop = CropSpec(pdf_sha256, SETUP_PAGE if field_ == "hardware" else 0, ())
    data = _data(paper, field_, f"Machine: nothing found, enter the value by hand  [{PLACEHOLDER.tag}]", crop)
    if read:
        data["where"] = (
            "The page that describes the experiments (found by its words: chips, training, hours)"
            if field_ == "hardware"
            else "Page 1 of the PDF (title, abstract, footnotes)"
        )
    elif crop is None:
        data["where"] = "No page image: no PDF of this paper is stored"
    shown = evidence_html(subjects.evidence) if subjects.evidence else ""
    data["paper"] = pdf_link(crop, pdf_sha256, paper)
    link = paper.pdf_url or paper.landing_url
    if link and pdf_sha256:  # also where the paper is online
        url = html.escape(link)
        data["paper"] += f'<p>The paper online: <a href="{url}" target="_blank">{url}</a></p>'
    data["evidence"] = (shown or "<p>(no evidence sentence)</p>") + _abstract_html(paper, field_)
    data["subject_ids"] = [label.id]
    if FIELD_SPECS[field_].item_kind is not None:
        data["items"] = "(none found)"
    prediction = {"model_version": PLACEHOLDER.tag, "score": 0.0, "result": []}
    return TaskPlan(paper.key, field_, data, prediction, crop, (label.id,), placeholder=label)


def _author_lines_plan(paper: Paper, pdf_sha256: str | None) -> TaskPlan | None:
    """The affiliation placeholder task: the listed authors as lines, page 1 (the title block) shown."""
    lines = tuple(author_placeholders(paper.key, [(a.position, a.name) for a in paper.authors]))
    if not lines:
        return None
    spec = FIELD_SPECS["affiliation"]
    crop = CropSpec(pdf_sha256, 0, ()) if pdf_sha256 is not None else None
    machine = f"Machine: no affiliation found, relabel each author with their type  [{PLACEHOLDER.tag}]"
    data = _data(paper, "affiliation", machine, crop)
    data["where"] = (
        "Page 1 of the PDF (title block and footnotes)"
        if crop
        else "No page image: no PDF of this paper is stored"
    )
    data["paper"] = pdf_link(crop, pdf_sha256, paper)
    data["evidence"] = "<p>(no evidence sentence: the machine read no affiliation)</p>"
    data["subject_ids"] = [lab.id for lab in lines]
    data["items"] = items_text(lines)[0]
    prediction = {"model_version": PLACEHOLDER.tag, "score": 0.0, "result": item_results(spec, lines)}
    ids = tuple(data["subject_ids"])
    return TaskPlan(paper.key, "affiliation", data, prediction, crop, ids, line_placeholders=lines)


def validate_task(plan: TaskPlan, crop_uri: str = "data:image/png;base64,") -> list[str]:
    """Errors Label Studio's own LabelInterface finds in the task's prediction (empty: valid)."""
    from label_studio_sdk.label_interface.interface import LabelInterface

    interface: Any = LabelInterface(FIELD_SPECS[plan.field].label_config())
    task = plan.to_task(crop_uri)
    errors: list[str] = list(interface.validate_prediction(task["predictions"][0], return_errors=True))
    missing = [name for name in _data_keys(interface) if name not in task["data"]]
    errors += [f"task data lacks ${name}" for name in missing]
    return errors


def _data_keys(interface: Any) -> list[str]:
    """The ``$variables`` the config reads from task data."""
    return sorted(set(re.findall(r'value="\$(\w+)"', interface.config)))
