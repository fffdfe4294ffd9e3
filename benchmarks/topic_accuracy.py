"""Accuracy of the topic extractor (NLP & speech / vision / other) on the gold set and the demo papers.

Gold: every ``benchmarks/gold/<sha256>.json`` whose PDF is in ``../shared/corpus/pdfs`` (through its
MANIFEST.tsv), parsed, with the gold title as the crawled metadata (the abstract is the PDF's).
Demo: the twelve papers of ``paperscope.demo.papers``, rendered and parsed, with the title and
abstract their demo landing page gives the crawler.

Prints accuracy per set, the confusion (gold -> extracted) and, with ``--show-errors``, each miss
with its scores and deciding terms. The corpus is not in the repository: without it only the demo
set is measured.

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

from extract.document import PaperMeta, ParsedDoc  # noqa: E402
from extract.parse import parse_pdf  # noqa: E402
from extract.topic import TopicLexicon, extract_topic, load_resources, score_doc  # noqa: E402
from paperscope.demo.papers import DEMO_PAPERS  # noqa: E402
from paperscope.demo.pdfs import render_pdf  # noqa: E402
from paperscope.records import Topic  # noqa: E402
from paperscope.settings import DATA_DIR  # noqa: E402

SHARED = REPO / ".." / "shared"
GOLD_DIR = REPO / "benchmarks" / "gold"


def gold_docs() -> list[tuple[str, ParsedDoc]]:
    """(gold topic, parsed PDF with the gold title) for every gold file whose PDF is at hand."""
    manifest = SHARED / "corpus" / "pdfs" / "MANIFEST.tsv"
    if not manifest.exists():
        return []
    with manifest.open(encoding="utf-8") as fh:
        files = {r["sha256"]: r["file"] for r in csv.DictReader(fh, delimiter="\t")}
    out = []
    for path in sorted(GOLD_DIR.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        if gold["pdf_sha256"] not in files:
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


def measure(name: str, docs: list[tuple[str, ParsedDoc]], lex: TopicLexicon, show_errors: bool) -> None:
    """Print accuracy and confusion of one set; misses with scores when asked."""
    if not docs:
        print(f"{name:5s} no documents (the shared corpus is absent)")
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
    right = sum(n for (e, f), n in confusion.items() if e == f)
    cells = ", ".join(f"{e}->{f} {n}" for (e, f), n in sorted(confusion.items()) if e != f) or "none"
    print(f"{name:5s} topic {right}/{len(docs)} = {right / len(docs):.3f}  misses: {cells}")
    if show_errors and misses:
        print("\n".join(misses))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show-errors", action="store_true")
    args = parser.parse_args()
    lex = load_resources(DATA_DIR)
    measure("gold", gold_docs(), lex, args.show_errors)
    measure("demo", demo_docs(), lex, args.show_errors)


if __name__ == "__main__":
    main()
