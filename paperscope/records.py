"""Typed, frozen records: the contract between crawl, extract, verify and analysis.

Every record crossing a stage boundary is one of these. A :class:`Label` cannot exist without
:class:`Evidence`, and a :class:`Verification` is never updated or deleted once stored.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, model_validator

Venue = Literal["neurips", "icml", "iclr"]
Field_ = Literal["hardware", "bert", "code", "affiliation", "topic"]
OrgType = Literal["academic", "industry", "government", "nonprofit", "unknown"]
Sha256 = Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]

FIELDS: tuple[Field_, ...] = ("hardware", "bert", "code", "affiliation", "topic")


class Record(BaseModel):
    """Base of every record: immutable, and unknown fields are an error."""

    model_config = ConfigDict(frozen=True, extra="forbid")


def stable_id(*parts: object) -> str:
    """Return a short, stable hex id (sha256 of the JSON of ``parts``, 20 hex chars)."""
    blob = json.dumps(parts, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(blob.encode()).hexdigest()[:20]


# --- papers, authors, files -------------------------------------------------------------------------


class SourceIds(Record):
    """Identities a paper has at its sources; a paper seen in two sources is one paper."""

    proceedings_hash: str | None = None
    openreview_id: str | None = None
    pmlr_id: str | None = None
    arxiv_id: str | None = None
    doi: str | None = None
    pdf_digest: str | None = (
        None  # a content hash the source names its PDF by (OpenReview v1's /pdf/<sha1>.pdf)
    )


class Author(Record):
    """One author as the source printed them; ``position`` is the 0-based order on the paper."""

    position: int = Field(ge=0)
    name: str = Field(min_length=1)
    affiliations_raw: tuple[str, ...] = ()
    email: str | None = None
    profile_id: str | None = None


class PageSource(Record):
    """Which page object parsed a paper, from which response."""

    layout: str
    url: str
    body_sha256: Sha256


class Paper(Record):
    """A paper as listed by its proceedings: identity, authors in order and where its PDF lives."""

    key: str = Field(pattern=r"^(neurips|icml|iclr|local)/\d{4}/[a-z0-9_-]+/[A-Za-z0-9._~-]+$")
    venue: Venue | Literal["local"]
    year: int = Field(ge=1987, le=2100)
    track: str = Field(pattern=r"^[a-z0-9_-]+$")
    title: str = Field(min_length=1)
    authors: tuple[Author, ...] = ()
    landing_url: str | None = None
    pdf_url: str | None = None
    supplementary_urls: tuple[str, ...] = ()
    abstract: str | None = None
    keywords: tuple[str, ...] = ()
    decision: str | None = None
    ids: SourceIds = SourceIds()
    source: PageSource | None = None

    @model_validator(mode="after")
    def _authors_in_order(self) -> Paper:
        positions = [a.position for a in self.authors]
        if positions != list(range(len(positions))):
            raise ValueError(f"author positions must be 0..n-1 in order, got {positions}")
        return self

    @staticmethod
    def make_key(venue: str, year: int, track: str, local_id: str) -> str:
        """Build the source key ``venue/year/track/local_id``."""
        return f"{venue}/{year}/{track}/{local_id}"


class PdfFile(Record):
    """A stored PDF, addressed by the sha256 of its bytes."""

    sha256: Sha256
    n_bytes: int = Field(gt=0)
    n_pages: int = Field(gt=0)


MissReason = Literal[
    "http_status",
    "not_pdf",
    "html_as_pdf",
    "truncated",
    "unreadable",
    "encrypted",
    "too_large",
    "timeout",
    "no_pdf_link",
    "network",
]


class Miss(Record):
    """A listed paper whose PDF could not be stored, and why; cleared once the PDF is stored."""

    paper_key: str
    reason: MissReason
    detail: str = ""
    url: str | None = None
    at: AwareDatetime


class LayoutMiss(Record):
    """A page that looked like a proceedings page but no known layout parsed: the loud canary."""

    url: str
    venue: str
    page_kind: str
    layouts_tried: tuple[str, ...]
    response_sha256: Sha256
    detail: str = ""
    at: AwareDatetime


# --- evidence and labels ----------------------------------------------------------------------------


class Box(Record):
    """Rectangle on one page, relative to page size (0..1), origin top-left; ``page`` is 0-based."""

    page: int = Field(ge=0)
    x: float = Field(ge=0, le=1)
    y: float = Field(ge=0, le=1)
    w: float = Field(ge=0, le=1)
    h: float = Field(ge=0, le=1)


class Evidence(Record):
    """Exactly where a value was read.

    For ``source="pdf"``: ``page`` (0-based) and ``start``/``end`` (character offsets into the parsed
    document's text, whose sha256 is ``text_sha256``) are required. For metadata sources (an
    imported paper list, a landing page) ``locator`` says where in that source the value was read.
    """

    paper_key: str
    source: Literal["pdf", "metadata", "html"] = "pdf"
    pdf_sha256: Sha256 | None = None
    page: int | None = Field(default=None, ge=0)
    start: int | None = Field(default=None, ge=0)
    end: int | None = Field(default=None, ge=0)
    text_sha256: Sha256 | None = None
    matched: str = Field(min_length=1)
    context: str = ""
    section: str | None = None
    boxes: tuple[Box, ...] = ()
    locator: str | None = None

    @model_validator(mode="after")
    def _located(self) -> Evidence:
        if self.source == "pdf":
            missing = [
                n for n in ("pdf_sha256", "page", "start", "end", "text_sha256") if getattr(self, n) is None
            ]
            if missing:
                raise ValueError(f"pdf evidence needs {', '.join(missing)}")
            if self.end is not None and self.start is not None and self.end <= self.start:
                raise ValueError("evidence span must have end > start")
        elif not self.locator:
            raise ValueError(f"{self.source} evidence needs a locator")
        return self


class Producer(Record):
    """What produced a label: extractor name, version and the parser it read."""

    name: str = Field(pattern=r"^[a-z0-9_.-]+$")
    version: str = Field(pattern=r"^\d+\.\d+\.\d+$")
    parser: str | None = None

    @property
    def tag(self) -> str:
        """``name@version``, as used for Label Studio's ``model_version``."""
        return f"{self.name}@{self.version}"


ChipClass = Literal["gpu", "tpu", "cpu", "other"]


class Hardware(Record):
    """One accelerator mention: chip id (``data/hardware/chips.csv``), count of chips, scope."""

    kind: Literal["hardware"] = "hardware"
    chip: str
    chip_class: ChipClass
    count: int | None = Field(default=None, ge=1)
    memory_gb: int | None = None
    scope: Literal["main", "other", "unknown"] = "unknown"


class TrainingInputs(Record):
    """The inputs of a paper's training compute, as read with its set-up (None: not stated).

    ``hours``: wall-clock training time of the main model on the set-up; ``chip_hours``: accelerator
    time when stated instead ("320 GPU-days" = 7,680); ``params``: the main model's parameters;
    ``tokens``: its training tokens.
    """

    hours: float | None = Field(default=None, gt=0)
    chip_hours: float | None = Field(default=None, gt=0)
    params: int | None = Field(default=None, gt=0)
    tokens: int | None = Field(default=None, gt=0)


class HardwareSetup(Record):
    """Paper level: the largest set-up used together, its peak FLOP/s under each precision policy.

    ``training`` holds how long it ran and the model's size and data, so that a person verifies the
    inputs of training compute with the set-up; None when they were not read (labels and verdicts
    from before they were).
    """

    kind: Literal["hardware_setup"] = "hardware_setup"
    status: Literal["reported", "not_reported"]
    chip: str | None = None
    count: int | None = Field(default=None, ge=1)
    peak_flops_fp32: float | None = Field(default=None, ge=0)
    peak_flops_tensor: float | None = Field(default=None, ge=0)
    training: TrainingInputs | None = None


class BertMention(Record):
    """One mention of a BERT-family model; ``core`` marks the study's three (BERT, RoBERTa, DistilBERT)."""

    kind: Literal["bert"] = "bert"
    model: str
    core: bool
    in_references: bool = False


BertRoleName = Literal["studies", "uses", "cites_only"]


class BertRole(Record):
    """Paper level: studies BERT / uses it in experiments / only cites it (the study's rubric)."""

    kind: Literal["bert_role"] = "bert_role"
    role: BertRoleName
    models: tuple[str, ...] = ()
    mentions_by_section: tuple[tuple[str, int], ...] = ()


CodeRole = Literal["own", "third_party", "promised", "anonymised"]


class CodeLink(Record):
    """A repository link and whose code it is."""

    kind: Literal["code_link"] = "code_link"
    url: str
    host: str
    role: CodeRole
    owner_matches_author: bool | None = None


class CodeRelease(Record):
    """Paper level: did the paper release its own code; the checklist's own answer kept apart.

    ``new_model``: does the paper present a new machine-learning model (the population of the
    study's Table 1)? An annotator's judgement; ``None`` until one is given (no extractor guesses it).
    """

    kind: Literal["code_release"] = "code_release"
    released: bool
    url: str | None = None
    checklist_answer: Literal["yes", "no", "na"] | None = None
    new_model: bool | None = None


class Affiliation(Record):
    """One author's organisation, resolved with an audit trail (match kind and score)."""

    kind: Literal["affiliation"] = "affiliation"
    author_position: int = Field(ge=0)
    author_name: str
    raw: str
    org_id: str | None = None
    org_name: str | None = None
    org_type: OrgType = "unknown"
    parent_id: str | None = None
    country: str | None = None
    # name_words: no registry lists it, its name's own words type it ("Zalando Research", "... university")
    match_kind: Literal[
        "exact", "alias", "fuzzy", "legal_form", "name_words", "email_domain", "manual", "none"
    ] = "none"
    match_score: float = Field(default=0.0, ge=0, le=100)
    email: str | None = None


class Topic(Record):
    """Paper topic as the study's Fig. 2 splits it, with the deciding terms."""

    kind: Literal["topic"] = "topic"
    topic: Literal["nlp_speech", "vision", "other"]
    terms: tuple[str, ...] = ()


TrainingScope = Literal["main", "fine_tuning", "other"]


class TrainingTime(Record):
    """How long a set-up trained: wall-clock ``hours`` or accelerator time ``chip_hours`` (one of them).

    ``chip`` is the chip id named in the same sentence, when one is, and ``count`` how many of it the
    sentence names (the set-up the time belongs to). TPU core-hours are halved to chip-hours for
    generations with two cores per chip.
    """

    kind: Literal["training_time"] = "training_time"
    hours: float | None = Field(default=None, gt=0)
    chip_hours: float | None = Field(default=None, gt=0)
    scope: TrainingScope = "main"
    chip: str | None = None
    count: int | None = Field(default=None, ge=1)


class ModelSize(Record):
    """A model's parameter count as the paper states it ("1.5B parameters")."""

    kind: Literal["model_size"] = "model_size"
    params: int = Field(gt=0)
    scope: Literal["main", "other"] = "main"  # other: another work's model ("GPT-3 [5] has 175B parameters")


class TrainingData(Record):
    """Training data as the paper states it: tokens seen, or examples and epochs.

    ``tokens`` are the tokens seen (tokens x epochs when the sentence states both: "300B tokens",
    "3.3B tokens for 40 epochs"); ``examples`` and ``epochs`` are set when a sentence states both
    ("90 epochs over 1.28M images"). Operation counting (6ND) uses tokens only.
    """

    kind: Literal["training_data"] = "training_data"
    tokens: int | None = Field(default=None, gt=0)
    examples: int | None = Field(default=None, gt=0)
    epochs: float | None = Field(default=None, gt=0)

    @model_validator(mode="after")
    def _something_stated(self) -> TrainingData:
        if self.tokens is None and (self.examples is None or self.epochs is None):
            raise ValueError("training data needs tokens, or examples and epochs")
        return self


LabelValue = Annotated[
    Hardware
    | HardwareSetup
    | TrainingTime
    | ModelSize
    | TrainingData
    | BertMention
    | BertRole
    | CodeLink
    | CodeRelease
    | Affiliation
    | Topic,
    Field(discriminator="kind"),
]

FIELD_OF_KIND: dict[str, Field_] = {
    "hardware": "hardware",
    "hardware_setup": "hardware",
    "training_time": "hardware",  # the inputs of training compute: verified with the set-up they ran on
    "model_size": "hardware",
    "training_data": "hardware",
    "bert": "bert",
    "bert_role": "bert",
    "code_link": "code",
    "code_release": "code",
    "affiliation": "affiliation",
    "topic": "topic",
}
PAPER_LEVEL_KINDS = frozenset({"hardware_setup", "bert_role", "code_release", "topic", "affiliation"})


class Label(Record):
    """A machine label: value + evidence + producer + confidence. No evidence, no label.

    ``id`` is stable: the same producer reading the same place of the same paper gives the same id,
    so re-running an extractor version is idempotent and a new version gives new ids.
    """

    id: str = ""
    paper_key: str
    value: LabelValue
    evidence: Evidence
    producer: Producer
    confidence: float = Field(ge=0, le=1)

    @model_validator(mode="before")
    @classmethod
    def _fill_id(cls, data: Any) -> Any:
        if isinstance(data, dict) and not data.get("id"):
            value, evidence, producer = data.get("value"), data.get("evidence"), data.get("producer")
            if value is None or evidence is None or producer is None:
                return data  # field validation reports what is missing
            data = {
                **data,
                "id": stable_id(data.get("paper_key"), _dump(producer), _dump(value), _dump(evidence)),
            }
        return data

    @model_validator(mode="after")
    def _evidence_matches(self) -> Label:
        if self.evidence.paper_key != self.paper_key:
            raise ValueError("evidence belongs to another paper")
        return self

    @property
    def field(self) -> Field_:
        """The verification field (hardware, bert, code, affiliation, topic) of this label."""
        return FIELD_OF_KIND[self.value.kind]


# Fields added to a value after labels were first stored: left out of a label's id while unset, so the
# ids of labels (and placeholders) stored before keep matching what is rebuilt now.
_LATE_FIELDS = frozenset({"new_model", "training", "examples", "epochs"})


def _dump(obj: Any) -> Any:
    data = obj.model_dump(mode="json") if isinstance(obj, BaseModel) else obj
    if isinstance(data, dict) and _LATE_FIELDS & data.keys():
        return {k: v for k, v in data.items() if not (k in _LATE_FIELDS and v is None)}
    return data


# --- human verification -----------------------------------------------------------------------------


class Verification(Record):
    """A human verdict on a label. Append-only: no re-crawl or re-extract updates or deletes one."""

    id: str = ""
    label_id: str
    paper_key: str
    field: Field_
    verdict: Literal["accept", "reject", "correct"]
    corrected: LabelValue | None = None
    annotator: str = Field(min_length=1)
    ls_project: int | None = None
    ls_task: int | None = None
    ls_annotation: int | None = None
    origin: Literal["prediction", "prediction-changed", "manual"]
    lead_time: float | None = None
    at: AwareDatetime
    # the annotator's own blind desk (a Label Studio server no other annotator works on) the verdict
    # came from, named by that annotator; None: the shared server, where annotators see each other's work
    desk: str | None = None

    @property
    def blind(self) -> bool:
        """Made at the annotator's own desk: no other annotator's verdict was visible to them."""
        return self.desk is not None and self.desk.casefold() == self.annotator.casefold()

    @model_validator(mode="before")
    @classmethod
    def _fill_id(cls, data: Any) -> Any:
        if isinstance(data, dict) and not data.get("id"):
            at = data.get("at")
            parts = [
                data.get("label_id"),
                data.get("annotator"),
                data.get("ls_annotation"),
                at.isoformat() if isinstance(at, datetime) else at,
            ]
            if data.get("desk") is not None:  # desks number their annotations apart; shared ids stay
                parts.append(data["desk"])
            data = {**data, "id": stable_id(*parts)}
        return data

    @model_validator(mode="after")
    def _corrected_iff_correct(self) -> Verification:
        if (self.verdict == "correct") != (self.corrected is not None):
            raise ValueError("a corrected value is given exactly when the verdict is 'correct'")
        if self.corrected is not None and FIELD_OF_KIND[self.corrected.kind] != self.field:
            raise ValueError(f"corrected value of kind {self.corrected.kind} is not a {self.field} value")
        return self
