"""BERT family: mentions of the study's three models and of the wider family; the paper's role.

``core`` marks BERT, RoBERTa and DistilBERT (the study's three); other family members are kept as
a separate column.

Words that contain "BERT" without naming a model (BERTScore, BERTology), "Bert" the person and
author names such as "Bertinetto" are not mentions. Reference-list hits are mentions flagged
``in_references``; a paper whose only hits are there "only cites" BERT.

The role follows the study's rubric ("The rise of BERT-ology", Methods): ``studies`` when a BERT
model is the object of study (analysed, probed, compressed, adapted into a new model); ``uses``
when one runs in the experiments (fine-tuned, a backbone, a baseline the authors ran); otherwise
``cites_only``.

Why the use/study cues are regular expressions (``data/lexicons/cues.jsonl``) and not spaCy's
``Matcher``: measured on 2026-11-23 (2 shared cores), spaCy 3.8 costs 1.27-1.30 s to import plus
0.19 s for ``spacy.blank("en")`` per process (1.27 s even after the extract stack is loaded), while
matching one sentence costs only 0.07 ms. The whole 1097-page corpus run
(``benchmarks/extract_speed.py``) takes 7.7 s with 1.2 s of start-up, so spaCy would add ~17 % to
it (142 -> ~122 pages/s; full/raw pypdfium2 0.37 -> ~0.32, already under the 0.5 target), even if
it were imported lazily and applied only to the sentences around BERT mentions (most papers name
BERT, so nearly every worker would pay the import). The regex cues score role macro-F1 1.0 and
mention P = R = 1.0 on the gold set (``benchmarks/extract_accuracy.py``), so there is nothing for
spaCy to win here.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from extract.document import ParsedDoc
from extract.evidence import make_evidence, producer, sentence_bounds
from extract.resources import Resources, group_index
from extract.title import title_of
from paperscope.records import BertMention, BertRole, BertRoleName, Label

NAME = "bert"
VERSION = "0.6.0"

_BODY = frozenset({"abstract", "body", "appendix", "checklist", "acknowledgements"})
# a checkpoint's size printed as part of the name, as in "BERT-base", "BERTLARGE": the paper runs it
_SIZED = re.compile(r"(?i)[-\s]?(?:base|large)$")
_CITES = re.compile(r"\[\d+(?:[,–-]\s*\d+)*\]|\bet al\.|\(\D{2,40},? (?:19|20)\d\d[a-z]?\)")
# a "Bert" followed by a capitalised word is a person ("Bert Kappen"), not the model
_PERSON_AFTER = re.compile(r"^\s+[A-Z][a-z]")


@dataclass(frozen=True, slots=True)
class Mention:
    """One BERT-family name in the text, before it becomes a label."""

    start: int
    end: int
    model: str
    core: bool
    section: str


def find_mentions(doc: ParsedDoc, res: Resources) -> list[Mention]:
    """Every BERT-family model name in the document, in text order."""
    text = doc.text
    found: list[Mention] = []
    for m in res.bert_names_in(text):
        kind = res.bert_groups[group_index(m)]
        if kind.model is None:
            continue
        if m.group() == "Bert" and _PERSON_AFTER.search(text[m.end() : m.end() + 4]):
            continue
        model = kind.model if kind.model != "*" else _family_name(m.group(), res)
        found.append(Mention(m.start(), m.end(), model, kind.core, doc.section_of(m.start())))
    return found


def _family_name(matched: str, res: Resources) -> str:
    """A family member's name as its authors write it: "Vilbert" -> "ViLBERT", "Pixel-bert" -> "Pixel-BERT"."""
    known = {g.model.lower(): g.model for g in res.bert_groups if g.model not in (None, "*")}
    if matched.lower() in known:
        return known[matched.lower()]
    return matched[:-4] + "BERT" if matched.lower().endswith("bert") else matched


def extract_bert(doc: ParsedDoc, res: Resources) -> list[Label]:
    """One ``BertMention`` per name, plus a ``BertRole`` when a core model is named; sorted by span."""
    mentions = find_mentions(doc, res)
    prod = producer(doc, NAME, VERSION)
    labels = [
        Label(
            paper_key=doc.paper_key,
            value=BertMention(model=m.model, core=m.core, in_references=m.section == "references"),
            evidence=make_evidence(doc, m.start, m.end),
            producer=prod,
            confidence=0.95 if m.core else 0.85,
        )
        for m in mentions
    ]
    role = paper_role(doc, res, mentions)
    if role is not None:
        labels.append(role)
    return sorted(labels, key=lambda lab: (lab.evidence.start or 0, lab.evidence.end or 0, lab.value.kind))


NEAR = 60  # characters around a mention in which a use or study cue must sit

# "BERTScore [45], which by default uses RoBERTa-large": the model runs inside another tool, not in the
# paper's experiments (unless the sentence says "we" before it)
_ANOTHER_TOOLS = re.compile(
    r"(?i)\b(?:which|that)\s+(?:\w+\s+){0,3}?(?:use[sd]?|employs?|relies\s+on|is\s+built\s+on|is\s+based\s+on)\s+"
    r"(?:the\s+|a\s+|an\s+)?(?:pre-?trained\s+)?$"
)
_WE = re.compile(r"(?i)\b(?:we|our|us)\b")
# "Following BERT [10], we randomly mask tokens", "We use 15% masking as in BERT": the authors build their
# own model on BERT's pre-training technique, which the rubric counts as studying BERT
_FOLLOWS_BEFORE = re.compile(
    r"(?i)\b(?:following|as\s+in|like|similar(?:ly)?\s+to|inspired\s+by|akin\s+to|in\s+line\s+with|"
    r"as\s+(?:done|proposed|introduced)\s+(?:in|by))\s+(?:the\s+)?(?:original\s+)?$"
)
# BERT's own technique (masking, its tokenisation, next-sentence prediction); following its data or
# hyper-parameters ("Following BERT, we pretrain on BooksCorpus") builds no new model on it
_TECHNIQUE = re.compile(r"(?i)\b(?:mask\w*|word\s?piece|tokeni[sz]\w*|next[- ]sentence)|\[mask\]")
# "We measure how the accuracy of BERT degrades", "whether distillation changes BERT's sensitivity":
# the paper asks how BERT's behaviour changes, with its input or otherwise
_QUESTION_BEFORE = re.compile(
    r"(?i)\b(?:how|whether|why|when)\s+(?:\w+\s+){0,3}?(?:the\s+)?(?:accuracy|performance|robustness|"
    r"sensitivity|behaviou?r|predictions?|representations?|errors?|calibration)\s+of\s+(?:the\s+)?$"
)
_QUESTION_AFTER = re.compile(
    r"^(?:’s|'s)\s+(?:accuracy|performance|robustness|sensitivity|behaviou?r|predictions?|representations?|"
    r"errors?|calibration)\b"
)


@dataclass(frozen=True, slots=True)
class _Cues:
    """Which core mentions (outside the reference list) are used or studied, by the words beside them."""

    studies: list[Mention]
    uses: list[Mention]
    own_training: list[Mention]
    follows: list[Mention]  # the authors' own pre-training follows BERT's technique
    questions: list[Mention]  # the paper asks how BERT's accuracy or behaviour changes


def _cues(doc: ParsedDoc, res: Resources, core: list[Mention]) -> _Cues:
    text = doc.text
    studies: list[Mention] = []
    uses: list[Mention] = []
    own_training: list[Mention] = []
    follows: list[Mention] = []
    questions: list[Mention] = []
    for m in core:
        if m.section not in _BODY:
            continue
        before, after = text[max(0, m.start - NEAR) : m.start], text[m.end : m.end + NEAR]
        s, e = sentence_bounds(text, m.start, m.end)
        if res.cue("bert_studies_before", before) or res.cue("bert_studies_after", after):
            studies.append(m)
        if res.cue("bert_own_training_before", before):
            own_training.append(m)
        if _QUESTION_BEFORE.search(before) or _QUESTION_AFTER.search(after):
            questions.append(m)
        sentence = text[s:e]
        if _FOLLOWS_BEFORE.search(before) and _TECHNIQUE.search(sentence) and _WE.search(sentence):
            follows.append(m)
        if res.cue("bert_not_a_model_after", after):
            continue
        if _ANOTHER_TOOLS.search(before) and not _WE.search(text[s : m.start]):
            continue
        # the lexicon's name took the size ("BERT-base"), in a sentence that cites no one
        sized = _SIZED.search(text, m.start, m.end) and not _CITES.search(text, s, e)
        if sized or res.cue("bert_uses_before", before) or res.cue("bert_uses_after", after):
            uses.append(m)
    return _Cues(studies=studies, uses=uses, own_training=own_training, follows=follows, questions=questions)


def decide_role(doc: ParsedDoc, res: Resources, core: list[Mention]) -> tuple[BertRoleName, Mention, float]:
    """The rubric's role and the mention whose sentence decided it, with a confidence.

    ``studies``: a core model in the printed title, or study cues (probed, compressed, a named
    variant such as "Pre-LN BERT") beside at least three mentions and a tenth of them, or the
    authors training their own BERT at least twice ("we also train a BERT-Small"), or their own
    pre-training following BERT's technique at least twice ("Following BERT, we mask 15% of the
    tokens"), or the abstract asking how BERT's accuracy or behaviour changes ("we measure how the
    accuracy of BERT degrades with typos"), or the body asking it twice;
    ``uses``: a use cue beside a mention (fine-tuned, a backbone, "BERT-base", a baseline run), not
    one inside another tool's description ("BERTScore, which uses RoBERTa");
    otherwise ``cites_only``.
    """
    outside = [m for m in core if m.section != "references"]
    if not outside:
        return "cites_only", core[0], 0.9
    title = title_of(doc) or doc.meta.title  # printed; else the crawled one (a text-only document)
    in_title = [m for m in core if m.section in ("title_block", "abstract")]
    if any(res.bert_groups[group_index(t)].core for t in res.bert_regex.finditer(title)) and in_title:
        return "studies", in_title[0], 0.8
    cues = _cues(doc, res, core)
    if len(cues.studies) >= 3 and len(cues.studies) * 10 >= len(outside):
        return "studies", cues.studies[0], 0.6
    if len(cues.own_training) >= 2:
        return "studies", cues.own_training[0], 0.55
    if len(cues.follows) >= 2:
        return "studies", cues.follows[0], 0.55
    asked = [m for m in cues.questions if m.section == "abstract"]
    if asked or len(cues.questions) >= 2:
        return "studies", (asked or cues.questions)[0], 0.55
    if cues.uses:
        return "uses", cues.uses[0], 0.75 if len(cues.uses) >= 2 else 0.6
    return "cites_only", outside[0], 0.7


def paper_role(doc: ParsedDoc, res: Resources, mentions: list[Mention]) -> Label | None:
    """The paper's ``BertRole`` (None when none of the study's three models is named)."""
    core = [m for m in mentions if m.core]
    if not core:
        return None
    role, decisive, confidence = decide_role(doc, res, core)
    s, e = sentence_bounds(doc.text, decisive.start, decisive.end)
    by_section = Counter(m.section for m in core)
    return Label(
        paper_key=doc.paper_key,
        value=BertRole(
            role=role,
            models=tuple(sorted({m.model for m in core})),
            mentions_by_section=tuple(sorted(by_section.items())),
        ),
        evidence=make_evidence(doc, decisive.start, decisive.end, context=(s, e)),
        producer=producer(doc, NAME, VERSION),
        confidence=confidence,
    )
