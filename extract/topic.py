"""Paper topic as the study's Fig. 2 splits it: NLP & speech, computer vision, or other.

Terms are counted in the title (weight 3), keywords (2) and abstract (1; the crawled abstract, else
the PDF's abstract section). A topic wins when it scores at least :data:`MIN_SCORE` and at least
:data:`DOMINANCE` times the other; papers spanning both ("image captioning", "mixed precision for
vision, speech and translation") are ``other``, as the study's caption puts multi-field papers there;
so is a title naming both (``vision-language``, ``image-text``, ``multimodal``).
The deciding terms are kept as evidence.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from extract.document import ParsedDoc
from paperscope.records import Evidence, Label, Producer, Topic

NAME = "topic"
VERSION = "0.1.0"
MIN_SCORE = 3
DOMINANCE = 2.0
WEIGHTS = {"title": 3, "keywords": 2, "abstract": 1}
TopicName = Literal["nlp_speech", "vision", "other"]

# TODO(lexicon as data): move these to data/lexicons/ once that folder has an owner.
NLP_TERMS = (
    r"natural language",
    r"language models?",
    r"language modell?ing",
    r"\bnlp\b",
    r"\bllms?\b",
    r"machine translation",
    r"speech",
    r"\basr\b",
    r"text-to-speech",
    r"spoken",
    r"question answering",
    r"dialog(?:ue)?s?",
    r"summari[sz]ation",
    r"word embeddings?",
    r"word vectors?",
    r"sentences?",
    r"\bbert\b",
    r"\bgpt(?:-\d)?\b",
    r"\btexts?\b",
    r"textual",
    r"corpus",
    r"corpora",
    r"vocabular(?:y|ies)",
    r"linguistic",
    r"multilingual",
    r"named entit(?:y|ies)",
    r"sentiment",
    r"reading comprehension",
    r"prompt(?:s|ing)?",
    r"chain[- ]of[- ]thought",
    r"knowledge[- ]intensive",
    r"\bparsing\b",
    r"syntactic",
    r"semantic parsing",
    r"glue benchmark",
    r"pretrained language",
    r"pre-trained language",
    r"instruction[- ]tuning",
    r"chatbots?",
    r"lexical",
    r"english-to-\w+",
    r"\bbleu\b",
    r"\bwmt\b",
    r"constituency parsing",
)
VISION_TERMS = (
    r"\bimages?\b",
    r"\bvision\b",
    r"\bvisual(?:ly)?\b",
    r"\bvideos?\b",
    r"object detection",
    r"segmentation",
    r"imagenet",
    r"\bcifar(?:-?10{1,2})?\b",
    r"\bpixels?\b",
    r"\bcameras?\b",
    r"point clouds?",
    r"depth estimation",
    r"pose estimation",
    r"\bfaces?\b",
    r"\bscenes?\b",
    r"optical flow",
    r"super-resolution",
    r"inpainting",
    r"action recognition",
    r"(?<!graph )convolutional",
    r"\bconvnets?\b",
    r"(?<!graph )\bcnns?\b",
    r"handwritten",
    r"\bdigits?\b",
    r"alexnet",
    r"\bvgg",
    r"\b3d\b",
    r"photo(?:graph)?s?",
    r"vision transformers?",
    r"\bvit\b",
    r"self-supervised visual",
    r"\bmnist\b",
    r"\bcoco\b",
    r"ade20k",
    r"image recognition",
)
# In the title these mark a paper spanning vision and language, which the study files under "other".
MULTI_TERMS = (
    r"vision[- ]language",
    r"image[- ]text",
    r"multi-?modal",
    r"visual question answering",
    r"captioning",
)
_MULTI = tuple(re.compile(t, re.IGNORECASE) for t in MULTI_TERMS)
_NLP = tuple(re.compile(t, re.IGNORECASE) for t in NLP_TERMS)
_VISION = tuple(re.compile(t, re.IGNORECASE) for t in VISION_TERMS)


@dataclass(frozen=True, slots=True)
class TopicScore:
    """Weighted term counts per topic and the terms found (most weighted first)."""

    nlp: int
    vision: int
    nlp_terms: tuple[str, ...]
    vision_terms: tuple[str, ...]
    multi_terms: tuple[str, ...] = ()

    @property
    def topic(self) -> TopicName:
        """``nlp_speech``, ``vision`` or ``other`` by the rule in the module docstring."""
        if self.multi_terms:
            return "other"
        if self.nlp >= MIN_SCORE and self.nlp >= DOMINANCE * self.vision:
            return "nlp_speech"
        if self.vision >= MIN_SCORE and self.vision >= DOMINANCE * self.nlp:
            return "vision"
        return "other"


def score_topic(title: str, abstract: str, keywords: tuple[str, ...] = ()) -> TopicScore:
    """Count topic terms in the three fields with their weights."""
    counts: dict[str, Counter[str]] = {"nlp": Counter(), "vision": Counter()}
    fields = {"title": title, "keywords": " ; ".join(keywords), "abstract": abstract}
    for field, text in fields.items():
        for topic, patterns in (("nlp", _NLP), ("vision", _VISION)):
            for pattern in patterns:
                for match in pattern.finditer(text):
                    counts[topic][match.group(0).lower()] += WEIGHTS[field]
    return TopicScore(
        nlp=sum(counts["nlp"].values()),
        vision=sum(counts["vision"].values()),
        nlp_terms=tuple(t for t, _ in counts["nlp"].most_common()),
        vision_terms=tuple(t for t, _ in counts["vision"].most_common()),
        multi_terms=tuple(m.group(0).lower() for p in _MULTI if (m := p.search(title))),
    )


def _abstract_of(doc: ParsedDoc) -> tuple[str, int]:
    """The abstract text (crawled, else the PDF's abstract section) and its offset in doc.text (-1)."""
    for section in doc.sections:
        if section.kind == "abstract":
            return (doc.meta.abstract or doc.text[section.start : section.end]), section.start
    return doc.meta.abstract, -1


def load_resources(data_dir: Path) -> None:
    """The topic extractor reads nothing from ``data/`` (its terms are above)."""


def extract_topic(doc: ParsedDoc, res: object = None) -> list[Label]:
    """One ``Topic`` label for the paper, evidence at the first deciding term in the PDF text."""
    abstract, _ = _abstract_of(doc)
    title = doc.meta.title or (doc.text[doc.pages[0].start : doc.pages[0].start + 200] if doc.pages else "")
    score = score_topic(title, abstract, doc.meta.keywords)
    topic = score.topic
    terms = {"nlp_speech": score.nlp_terms, "vision": score.vision_terms}.get(topic, ())
    if topic == "other":
        terms = score.multi_terms + score.nlp_terms[:3] + score.vision_terms[:3]
    span = _first_occurrence(doc, terms)
    if span is None:
        return []
    start, end = span
    evidence = Evidence(
        paper_key=doc.paper_key,
        pdf_sha256=doc.pdf_sha256,
        page=doc.page_of(start),
        start=start,
        end=end,
        text_sha256=doc.text_sha256,
        matched=doc.text[start:end],
        context=" ".join(doc.text[max(0, start - 100) : end + 100].split()),
        section=doc.section_of(start),
    )
    value = Topic(topic=topic, terms=tuple(terms[:10]))
    confidence = 0.9 if topic != "other" and (score.nlp + score.vision) >= 2 * MIN_SCORE else 0.6
    made = Producer(name=NAME, version=VERSION, parser=doc.parser or None)
    return [
        Label(paper_key=doc.paper_key, value=value, evidence=evidence, producer=made, confidence=confidence)
    ]


def _first_occurrence(doc: ParsedDoc, terms: tuple[str, ...]) -> tuple[int, int] | None:
    """Where the first deciding term appears in the title block or abstract; else the first line."""
    limit = next((s.end for s in doc.sections if s.kind == "abstract"), doc.pages[0].end if doc.pages else 0)
    hits = []
    for term in terms:
        match = re.search(re.escape(term), doc.text[:limit], re.IGNORECASE)
        if match:
            hits.append((match.start(), match.end()))
    if hits:
        return min(hits)
    stripped = doc.text.lstrip()
    if not stripped:
        return None
    start = len(doc.text) - len(stripped)
    end = doc.text.find("\n", start)
    return start, end if end > start else min(len(doc.text), start + 80)
