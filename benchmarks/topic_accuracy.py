"""Accuracy of the topic extractor (NLP & speech / vision / other): gold PDFs, paper lists, demo.

- Gold PDFs: every ``benchmarks/gold/<sha256>.json`` whose PDF is in ``../shared/corpus/pdfs``
  (through its MANIFEST.tsv), parsed, with the gold title as the crawled metadata (the abstract is
  the PDF's); dev and test as ``split.json`` says.
- Paper lists: the 360 titles with keywords of ``benchmarks/gold/sets/topics.json``, labelled blind
  from the title and keywords alone (``topics_labels.jsonl``); dev and test as drawn there. Scored
  from the same title and keywords, with no abstract: a harder task than a paper's.
- Abstracts: the 360 real 2018-2019 papers of ``benchmarks/gold/sets/abstracts.json``, labelled
  blind from the title, keywords and abstract (``abstracts_labels.jsonl``), scored from the same:
  the front matter the extractor reads on a PDF, without the body's datasets.
- Demo: the twelve papers of ``paperscope.demo.papers``, rendered and parsed, with the title and
  abstract their demo landing page gives the crawler.

Prints accuracy per set and the confusion (gold -> extracted); ``--show-errors`` lists each dev or
demo miss with its scores and deciding terms (test misses are never printed). The corpus is not in
the repository: without it only the demo set is measured.

Usage: .venv/bin/python benchmarks/topic_accuracy.py [--show-errors]
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections import Counter
from dataclasses import replace
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.label_sets import LISTS, SETS, resolve  # noqa: E402
from extract.document import PaperMeta, ParsedDoc  # noqa: E402
from extract.parse import parse_pdf  # noqa: E402
from extract.topic import TopicLexicon, extract_topic, load_resources, score_doc, score_topic  # noqa: E402
from paperscope.demo.papers import DEMO_PAPERS  # noqa: E402
from paperscope.demo.pdfs import render_pdf  # noqa: E402
from paperscope.records import Topic  # noqa: E402
from paperscope.settings import DATA_DIR  # noqa: E402

SHARED = REPO / ".." / "shared"
GOLD_DIR = REPO / "benchmarks" / "gold"


def gold_docs(split: str) -> list[tuple[str, ParsedDoc]]:
    """(gold topic, parsed PDF with the gold title) for the gold files of ``split`` whose PDF is at hand."""
    drawn = json.loads((GOLD_DIR / "split.json").read_text(encoding="utf-8"))
    splits = {sha: name for name in ("dev", "test") for sha in drawn[name]}
    manifest = SHARED / "corpus" / "pdfs" / "MANIFEST.tsv"
    if not manifest.exists():
        return []
    with manifest.open(encoding="utf-8") as fh:
        files = {r["sha256"]: r["file"] for r in csv.DictReader(fh, delimiter="\t")}
    out = []
    for path in sorted(GOLD_DIR.glob("*.json")):
        if path.name == "split.json":
            continue
        gold = json.loads(path.read_text(encoding="utf-8"))
        if gold["pdf_sha256"] not in files or splits.get(gold["pdf_sha256"]) != split:
            continue
        data = (SHARED / "corpus" / "pdfs" / files[gold["pdf_sha256"]]).read_bytes()
        doc = parse_pdf(data, paper_key="local/0/gold/" + gold["pdf_sha256"][:16])
        out.append((gold["topic"], replace(doc, meta=PaperMeta(title=gold["title"]))))
    return out


def demo_docs() -> list[tuple[str, ParsedDoc]]:
    """(expected topic, parsed demo PDF with its crawled title and abstract) for the demo papers."""
    return [
        (
            p.expect_topic,
            replace(
                parse_pdf(render_pdf(p), paper_key="neurips/2021/main/" + p.hash),
                meta=PaperMeta(title=p.title, abstract=p.abstract),
            ),
        )
        for p in DEMO_PAPERS
    ]


ListItem = tuple[str, str, tuple[str, ...], str]  # gold topic, title, keywords, abstract


def list_items(split: str, kind: str = "topics") -> list[ListItem]:
    """(gold topic, title, keywords, abstract) of the ``kind`` set's papers of ``split``."""
    labels_path = SETS / f"{kind}_labels.jsonl"
    if not LISTS.is_dir() or not labels_path.exists():
        return []
    refs = json.loads((SETS / f"{kind}.json").read_text(encoding="utf-8"))["items"]
    labels = [json.loads(line) for line in labels_path.read_text().splitlines() if line]
    out = []
    for ref, label in zip(refs, labels, strict=True):
        if ref["split"] == split:
            item = resolve(ref)
            keywords = tuple(k.strip() for k in str(item["keywords"]).split(";") if k.strip())
            out.append((str(label["topic"]), str(item["title"]), keywords, str(item.get("abstract", ""))))
    return out


def measure_lists(name: str, items: list[ListItem], lex: TopicLexicon, show: bool) -> None:
    """Accuracy, macro-F1 and confusion on paper-list papers; misses when asked."""
    if not items:
        print(f"{name:10s} no items (../shared/corpus/paperlists is absent)")
        return
    confusion: Counter[tuple[str, str]] = Counter()
    misses = []
    for expected, title, keywords, abstract in items:
        score = score_topic(lex, title, abstract, keywords)
        confusion[expected, score.topic] += 1
        if show and score.topic != expected:
            misses.append(f"    {title[:70]!r} [{'; '.join(keywords)[:60]}]: {score.topic} vs {expected} "
                          f"(nlp {score.nlp:.1f}, vision {score.vision:.1f}, other {score.other:.1f}; "
                          f"terms {', '.join(score.terms[:5])})")  # fmt: skip
    report(name, confusion)
    if misses:
        print("\n".join(misses))


def report(name: str, confusion: Counter[tuple[str, str]]) -> None:
    """One line: accuracy and macro-F1 over the three topics; for dev and demo also the confusions."""
    n = sum(confusion.values())
    right = sum(k for (e, f), k in confusion.items() if e == f)
    f1s = []
    for topic in ("nlp_speech", "vision", "other"):
        tp = confusion[topic, topic]
        pred = sum(k for (_, f), k in confusion.items() if f == topic)
        gold = sum(k for (e, _), k in confusion.items() if e == topic)
        f1s.append(2 * tp / (pred + gold) if pred + gold else 1.0)
    cells = ", ".join(f"{e}->{f} {k}" for (e, f), k in sorted(confusion.items()) if e != f) or "none"
    shown = "" if name.endswith("test") else f"  misses: {cells}"  # test is measured, never studied
    print(f"{name:10s} topic {right}/{n} = {right / n:.3f}, macro-F1 {sum(f1s) / 3:.3f}{shown}")


def measure(name: str, docs: list[tuple[str, ParsedDoc]], lex: TopicLexicon, show_errors: bool) -> None:
    """Print accuracy and confusion of one set; misses with scores when asked."""
    if not docs:
        print(f"{name:10s} no documents (the shared corpus is absent)")
        return
    confusion: Counter[tuple[str, str]] = Counter()
    misses = []
    for expected, doc in docs:
        found = next(
            (lab.value.topic for lab in extract_topic(doc, lex) if isinstance(lab.value, Topic)), "none"
        )
        confusion[expected, found] += 1
        if found != expected:
            score = score_doc(doc, lex)
            misses.append(
                f"    {doc.meta.title[:60]!r}: {found} vs {expected} (nlp {score.nlp:.1f}, "
                f"vision {score.vision:.1f}, other {score.other:.1f}; terms {', '.join(score.terms[:6])})"
            )
    report(name, confusion)
    if show_errors and misses:
        print("\n".join(misses))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show-errors", action="store_true")
    args = parser.parse_args()
    lex = load_resources(DATA_DIR)
    measure("gold dev", gold_docs("dev"), lex, args.show_errors)
    measure("gold test", gold_docs("test"), lex, show_errors=False)  # never read test misses
    measure_lists("lists dev", list_items("dev"), lex, args.show_errors)
    measure_lists("lists test", list_items("test"), lex, show=False)
    measure_lists("abs dev", list_items("dev", "abstracts"), lex, args.show_errors)
    measure_lists("abs test", list_items("test", "abstracts"), lex, show=False)
    measure("demo", demo_docs(), lex, args.show_errors)


if __name__ == "__main__":
    main()
