"""Paper topic as the study's Fig. 2 splits it: NLP & speech, computer vision, or other.

The terms are data (``data/lexicons/topic_terms.jsonl``): each names a topic (``nlp_speech``,
``vision``, ``other`` for the subfields the study files under other, such as reinforcement learning,
graphs and theory; ``vision_language``, whose weight NLP and vision share; ``none``, a phrase that
hides a shorter term) and a weight. Terms are found leftmost-longest, so "graph convolutional" is one
graph term, not a vision one, and "open-vocabulary detection" is not NLP's "vocabulary".

A domain's score is the sum of its terms' weights times the field's (title 3, keywords 2, abstract 1;
at most :data:`MAX_REPEATS` counts per lexicon row and field), plus weaker evidence from the body: each
distinct dataset the paper names in its body or appendix (ImageNet, GLUE, LibriSpeech…) adds
:data:`BODY_WEIGHT`, at most :data:`BODY_CAP` per domain, so the body alone never decides.

NLP or vision wins when it scores at least :data:`MIN_SCORE`, at least :data:`DOMINANCE` times each
rival (the other of the two, and the "other" subfields), and it is the paper's object: one of its
full-weight terms is in the title, keywords or abstract, and in the abstract it is not a benchmark's
name (architecture names such as "CNN" weigh 0.5 and datasets named in the abstract only say where a
method was tested: alone they never make a vision paper; the caption files methodological papers
under other). Else the paper is ``other``: the study's caption puts papers covering several
subfields there; so is a paper whose title names a vision-and-language topic ("Vision-Language
Pre-training", "multimodal"). The deciding terms are kept as the label's ``terms``.

A PDF's abstract is its abstract section; a template that prints it without a heading leaves it at
the end of the title block, from where :func:`_closing_prose` reads it.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Literal

from extract.document import ParsedDoc
from extract.evidence import make_evidence
from extract.resources import anchored
from paperscope.records import Label, Producer, Topic

NAME = "topic"
VERSION = "0.4.0"
MIN_SCORE = 3.0
DOMINANCE = 2.0
WEIGHTS = {"title": 3.0, "keywords": 2.0, "abstract": 1.0}
MAX_REPEATS = 2
BODY_WEIGHT = 0.5
BODY_CAP = 2.0
BODY_KINDS = frozenset({"body", "appendix"})
_PROSE_SHARE = 0.5  # share of lower-case words that makes a line running text
_PROSE_LINES = 3  # fewer lines of running text at the end of a title block are no abstract
LEXICON = Path("lexicons") / "topic_terms.jsonl"
TopicName = Literal["nlp_speech", "vision", "other"]
Domain = Literal["nlp", "vision", "other"]
# which domain scores each lexicon topic feeds
_FEEDS: dict[str, tuple[Domain, ...]] = {
    "nlp_speech": ("nlp",),
    "vision": ("vision",),
    "other": ("other",),
    "vision_language": ("nlp", "vision"),
    "none": (),
}
_NAMES: dict[Domain, TopicName] = {"nlp": "nlp_speech", "vision": "vision", "other": "other"}
_EDGE_BEFORE, _EDGE_AFTER = r"(?<![A-Za-z0-9])", r"(?![A-Za-z0-9])"


@dataclass(frozen=True, slots=True)
class TopicTerm:
    """One lexicon row, compiled: no letter or digit may be glued to either end of a match."""

    pattern: re.Pattern[str]
    feeds: tuple[Domain, ...]
    weight: float
    dataset: bool


@dataclass(frozen=True, slots=True)
class TopicLexicon:
    """The compiled topic lexicon; ``datasets`` finds every dataset row's names in one pass."""

    terms: tuple[TopicTerm, ...]
    datasets: re.Pattern[str]  # alternative ``g<i>`` is dataset row ``dataset_rows[i]``
    dataset_rows: tuple[int, ...]
    dataset_anchors: tuple[str, ...]  # lower-case; every dataset match contains one

    def datasets_in(self, text: str) -> list[re.Match[str]]:
        """Dataset names in ``text``, found around their anchors (fast on a whole body)."""
        return anchored(self.datasets, self.dataset_anchors, text)


def load_resources(data_dir: Path) -> TopicLexicon:
    """Read and compile ``data_dir/lexicons/topic_terms.jsonl`` (once per process)."""
    return _load(Path(data_dir).resolve())


def _source(row: dict[str, object]) -> str:
    """A row's pattern with its case flag inline: ``term`` is literal, ``regex`` is a regex."""
    term, regex = row.get("term"), row.get("regex")
    if (term is None) == (regex is None) or not isinstance(term or regex, str):
        raise ValueError(f"topic_terms.jsonl: a row needs one of term or regex: {row}")
    body = re.escape(term) if isinstance(term, str) else str(regex)
    return f"(?:{body})" if row.get("case") else f"(?i:{body})"


@cache
def _load(data_dir: Path) -> TopicLexicon:
    with (data_dir / LEXICON).open(encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh if line.strip()]
    terms = []
    for row in rows:
        if row["topic"] not in _FEEDS:
            raise ValueError(f"topic_terms.jsonl: unknown topic {row['topic']!r} in {row}")
        terms.append(
            TopicTerm(
                pattern=re.compile(_EDGE_BEFORE + _source(row) + _EDGE_AFTER),
                feeds=_FEEDS[row["topic"]],
                weight=float(row["weight"]),
                dataset=bool(row.get("dataset")),
            )
        )
    dataset_rows = tuple(i for i, t in enumerate(terms) if t.dataset)
    anchors = {str(a) for i in dataset_rows for a in rows[i].get("anchors", ())}
    if any(not rows[i].get("anchors") for i in dataset_rows) or any(a != a.lower() for a in anchors):
        raise ValueError("topic_terms.jsonl: every dataset row needs lower-case anchors")
    alternatives = "|".join(f"(?P<g{k}>{_source(rows[i])})" for k, i in enumerate(dataset_rows))
    return TopicLexicon(
        terms=tuple(terms),
        datasets=re.compile(f"{_EDGE_BEFORE}(?:{alternatives or '(?!)'}){_EDGE_AFTER}"),
        dataset_rows=dataset_rows,
        dataset_anchors=tuple(sorted(anchors)),
    )


def find_terms(lex: TopicLexicon, text: str) -> list[tuple[int, int, int]]:
    """``(start, end, row)`` of every term in ``text``, leftmost-longest, never overlapping."""
    found = sorted(
        (m.start(), -m.end(), i)
        for i, term in enumerate(lex.terms)
        for m in term.pattern.finditer(text)
        if m.end() > m.start()
    )
    out: list[tuple[int, int, int]] = []
    covered = 0
    for start, neg_end, i in found:
        if start >= covered:
            out.append((start, -neg_end, i))
            covered = -neg_end
    return out


@dataclass(frozen=True, slots=True)
class TopicScore:
    """Weighted evidence per domain and the terms found (most weighted first)."""

    nlp: float
    vision: float
    other: float
    strong: frozenset[
        TopicName
    ]  # domains with a full-weight term in the title, keywords or abstract (not a dataset there)
    nlp_terms: tuple[str, ...] = ()
    vision_terms: tuple[str, ...] = ()
    other_terms: tuple[str, ...] = ()
    title_spans: tuple[str, ...] = ()  # vision-and-language terms in the title

    @property
    def lead(self) -> tuple[TopicName, float]:
        """The stronger of NLP and vision, with its score."""
        return ("nlp_speech", self.nlp) if self.nlp >= self.vision else ("vision", self.vision)

    @property
    def rival(self) -> float:
        """The strongest competitor of :attr:`lead`: the weaker of NLP and vision, or other."""
        return max(min(self.nlp, self.vision), self.other)

    @property
    def topic(self) -> TopicName:
        """``nlp_speech``, ``vision`` or ``other`` by the margin rule in the module docstring."""
        name, score = self.lead
        clear = score >= MIN_SCORE and score >= DOMINANCE * self.rival
        if clear and name in self.strong and not self.title_spans:
            return name
        return "other"

    @property
    def terms(self) -> tuple[str, ...]:
        """The deciding terms: the winner's; for ``other``, other's then the rivals' strongest."""
        topic = self.topic
        if topic == "nlp_speech":
            return self.nlp_terms
        if topic == "vision":
            return self.vision_terms
        rivals = self.nlp_terms[:3] + self.vision_terms[:3]
        return tuple(dict.fromkeys(self.title_spans + self.other_terms + rivals))

    @property
    def confidence(self) -> float:
        """0.9 for a clear NLP/vision call, 0.8 for a clear other, else 0.7 (NLP/vision) or 0.6."""
        _, score = self.lead
        if self.topic != "other":
            return 0.9 if score >= 2 * MIN_SCORE else 0.7
        return 0.8 if score < 1 or self.title_spans or self.other >= DOMINANCE * score else 0.6


def score_topic(
    lex: TopicLexicon,
    title: str,
    abstract: str,
    keywords: tuple[str, ...] = (),
    body: Iterable[str] = (),
) -> TopicScore:
    """Weigh the lexicon's terms in the title, keywords and abstract, and datasets in ``body``."""
    found: dict[Domain, defaultdict[str, float]] = {d: defaultdict(float) for d in ("nlp", "vision", "other")}
    spans: list[str] = []
    strong: set[TopicName] = set()
    fields = (("title", title), ("keywords", " ; ".join(keywords)), ("abstract", abstract))
    for field, text in fields:
        repeats: Counter[int] = Counter()
        for start, end, i in find_terms(lex, text):
            repeats[i] += 1
            term = lex.terms[i]
            if field == "title" and len(term.feeds) > 1:
                spans.append(text[start:end].lower())
            if term.weight >= 1 and (not term.dataset or field != "abstract"):
                strong.update(_NAMES[d] for d in term.feeds)
            if repeats[i] <= MAX_REPEATS and term.weight > 0:
                for domain in term.feeds:
                    found[domain][text[start:end].lower()] += term.weight * WEIGHTS[field] / len(term.feeds)
    named: dict[Domain, dict[str, str]] = {"nlp": {}, "vision": {}, "other": {}}
    for text in body:
        for m in lex.datasets_in(text):
            term = lex.terms[lex.dataset_rows[_group(m)]]
            for domain in term.feeds:
                named[domain].setdefault(re.sub(r"[^a-z0-9]", "", m.group(0).lower()), m.group(0).lower())
    for domain, datasets in named.items():
        room = BODY_CAP
        for name in datasets.values():
            found[domain][name] += min(BODY_WEIGHT, room)
            room -= BODY_WEIGHT
            if room <= 0:
                break
    ranked = {d: tuple(sorted(c, key=lambda t: -c[t])) for d, c in found.items()}
    return TopicScore(
        nlp=sum(found["nlp"].values()),
        vision=sum(found["vision"].values()),
        other=sum(found["other"].values()),
        strong=frozenset(strong),
        nlp_terms=ranked["nlp"],
        vision_terms=ranked["vision"],
        other_terms=ranked["other"],
        title_spans=tuple(dict.fromkeys(spans)),
    )


def _group(match: re.Match[str]) -> int:
    name = match.lastgroup
    if name is None:
        raise ValueError("dataset match without a named alternative")
    return int(name[1:])


def _abstract_of(doc: ParsedDoc) -> str:
    """The crawled abstract, else the PDF's abstract section, else the title block's closing prose."""
    if doc.meta.abstract:
        return doc.meta.abstract
    section = next((s for s in doc.sections if s.kind == "abstract"), None)
    if section:
        return doc.text[section.start : section.end]
    block = next((s for s in doc.sections if s.kind == "title_block"), None)
    return _closing_prose(doc.text[block.start : block.end]) if block else ""


def _closing_prose(block: str) -> str:
    """The run of prose lines that ends a title block: an abstract printed without its heading.

    Title, author and affiliation lines are mostly capitalised words; a line of running text is
    mostly lower-case words (an e-mail line is neither). Walks back from the block's end (whose last
    line may be short) and stops at the first line that is not running text; keeps the run when it
    has :data:`_PROSE_LINES` lines or more.
    """
    lines = block.rstrip().split("\n")
    kept: list[str] = []
    for line in reversed(lines):
        words = re.findall(r"[A-Za-z][A-Za-z-]*", line)
        short = len(words) < (1 if not kept else 6)
        if short or "@" in line or sum(w[0].islower() for w in words) < _PROSE_SHARE * len(words):
            break
        kept.append(line)
    return "\n".join(reversed(kept)) if len(kept) >= _PROSE_LINES else ""


def score_doc(doc: ParsedDoc, lex: TopicLexicon) -> TopicScore:
    """:func:`score_topic` on a parsed paper.

    Reads the crawled title (else the first page's start), keywords and abstract (else the PDF's),
    and the body and appendix sections.
    """
    title = doc.meta.title or (doc.text[doc.pages[0].start : doc.pages[0].start + 200] if doc.pages else "")
    body = (doc.text[s.start : s.end] for s in doc.sections if s.kind in BODY_KINDS)
    return score_topic(lex, title, _abstract_of(doc), doc.meta.keywords, body)


def extract_topic(doc: ParsedDoc, res: TopicLexicon) -> list[Label]:
    """One ``Topic`` label for the paper, evidence at the first deciding term in the PDF text."""
    score = score_doc(doc, res)
    span = _first_occurrence(doc, score.terms)
    if span is None:
        return []
    start, end = span
    evidence = make_evidence(doc, start, end, context=(max(0, start - 100), end + 100))
    value = Topic(topic=score.topic, terms=score.terms[:10])
    made = Producer(name=NAME, version=VERSION, parser=doc.parser or None)
    return [
        Label(
            paper_key=doc.paper_key,
            value=value,
            evidence=evidence,
            producer=made,
            confidence=score.confidence,
        )
    ]


def _first_occurrence(doc: ParsedDoc, terms: tuple[str, ...]) -> tuple[int, int] | None:
    """The first deciding term in the title block and abstract, else in the body; else the first line."""
    head = next((s.end for s in doc.sections if s.kind == "abstract"), doc.pages[0].end if doc.pages else 0)
    regions = [(0, head), *((s.start, s.end) for s in doc.sections if s.kind in BODY_KINDS)]
    for lo, hi in regions:
        hits = [(m.start(), m.end()) for term in terms if (m := _term_regex(term).search(doc.text, lo, hi))]
        if hits:
            return min(hits)
    stripped = doc.text.lstrip()
    if not stripped:
        return None
    start = len(doc.text) - len(stripped)
    end = doc.text.find("\n", start)
    return start, end if end > start else min(len(doc.text), start + 80)


@lru_cache(maxsize=4096)  # papers share terms; re's own cache of 512 patterns is not enough
def _term_regex(term: str) -> re.Pattern[str]:
    """A found term (lower-cased) as a case-insensitive whole-word regex."""
    return re.compile(_EDGE_BEFORE + re.escape(term) + _EDGE_AFTER, re.IGNORECASE)
