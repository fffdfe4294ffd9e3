"""Accuracy of the affiliation and topic extractors on the gold set, plus the paperlists figures.

Reads every ``benchmarks/gold/<sha256>.json`` with ``authors``, parses the matching PDF of
``../shared/corpus/pdfs`` (through its MANIFEST.tsv) and prints, in two modes (header alone; with
the crawled author names, which for these PDFs are taken from the gold author list):

* per-author linking accuracy: the author is found and their first printed affiliation is the
  gold's first affiliation (fuzzy match of the folded strings, >= 80);
* per-author type accuracy (target >= 0.95): ``org_type`` equals the gold's; authors not found
  count as wrong;
* paper ``frac_industry`` MAE (target <= 0.05), gold unknowns left out of the gold denominator;
* topic accuracy; papers where no author was found, and title words read as author names.

Every figure is printed for the ``dev`` and the frozen ``test`` split (``benchmarks/gold/split.json``)
side by side; only test counts, and ``--show-errors`` lists dev errors only.

Then, on every NeurIPS 2021 PDF of the corpus, agreement between PDF-derived types and the
paperlists-derived ones (per author, by name; and per paper, any industry co-author), and the
whole-conference NeurIPS 2021 figure from paperlists metadata alone.

Usage: .venv/bin/python benchmarks/affiliation_accuracy.py [--show-errors]
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from rapidfuzz import fuzz, process  # noqa: E402

from extract.affiliations.extractor import extract_affiliations, load_resources  # noqa: E402
from extract.affiliations.names import ascii_fold  # noqa: E402
from extract.affiliations.summary import paper_authorship  # noqa: E402
from extract.document import PaperMeta, ParsedDoc  # noqa: E402
from extract.paperlists import conference_figure, read_paperlists, resolve_listed  # noqa: E402
from extract.parse import parse_pdf  # noqa: E402
from extract.topic import extract_topic  # noqa: E402
from extract.topic import load_resources as load_topic_lexicon  # noqa: E402
from paperscope.records import Affiliation, Label, Topic  # noqa: E402
from paperscope.settings import DATA_DIR  # noqa: E402
from paperscope.store import normalize_title  # noqa: E402

SHARED = REPO / ".." / "shared"
GOLD_DIR = REPO / "benchmarks" / "gold"
NIPS2021 = SHARED / "corpus" / "paperlists" / "nips" / "nips2021.json"


def fold(text: str) -> str:
    return " ".join(ascii_fold(text).lower().replace(",", " ").split())


def same_name(a: str, b: str) -> bool:
    return fuzz.token_sort_ratio(fold(a), fold(b)) >= 80


@dataclass
class Tally:
    authors: int = 0
    linked: int = 0
    typed: int = 0
    frac_errors: list[float] = field(default_factory=list)
    topics: int = 0
    topics_right: int = 0
    papers: int = 0
    papers_without_authors: int = 0
    title_word_names: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def mae(self) -> float:
        return sum(self.frac_errors) / len(self.frac_errors) if self.frac_errors else float("nan")

    def figures(self) -> list[tuple[str, str, str, bool | None]]:
        """(row, value, target on test, passes) for this tally."""
        type_acc = self.typed / self.authors if self.authors else float("nan")
        topic = self.topics_right / self.topics if self.topics else float("nan")
        return [
            ("authors (gold)", f"{self.authors}", "", None),
            ("linking accuracy", f"{self.linked / self.authors:.3f}" if self.authors else "-", "", None),
            ("organisation type exact", f"{type_acc:.3f}", ">= 0.95", type_acc >= 0.95),
            ("frac_industry MAE", f"{self.mae:.3f}", "<= 0.05", self.mae <= 0.05),
            ("papers with no author found", f"{self.papers_without_authors}/{self.papers}", "0",
             self.papers_without_authors == 0),
            ("title words read as author names", f"{self.title_word_names}", "0", self.title_word_names == 0),
            ("topic accuracy", f"{topic:.3f}" if self.topics else "-", ">= 0.90" if self.topics else "",
             topic >= 0.90 if self.topics else None),
        ]  # fmt: skip


def manifest() -> dict[str, dict[str, str]]:
    with (SHARED / "corpus" / "pdfs" / "MANIFEST.tsv").open(encoding="utf-8") as fh:
        return {r["sha256"]: r for r in csv.DictReader(fh, delimiter="\t")}


def score_paper(gold: dict[str, Any], labels: list[Label], tally: Tally, tag: str) -> None:
    preds = [lab.value for lab in labels if isinstance(lab.value, Affiliation)]
    used: set[int] = set()
    gold_authors = gold["authors"]
    tally.papers += 1
    found = {p.author_name for p in preds if p.author_name}
    if not found:
        tally.papers_without_authors += 1
        tally.errors.append(f"{tag} NO AUTHORS found")
    title_words = set(fold(gold["title"]).split())
    for name in found:
        words = fold(name).split()
        if words and not any(same_name(name, a["name"]) for a in gold_authors) and set(words) <= title_words:
            tally.title_word_names += 1
            tally.errors.append(f"{tag} TITLE WORDS as a name: {name!r}")
    for author in gold_authors:
        tally.authors += 1
        match = next(
            (p for p in preds if p.author_position not in used and same_name(p.author_name, author["name"])),
            None,
        )
        if match is None:
            tally.errors.append(f"{tag} MISSING {author['name']}")
            continue
        used.add(match.author_position)
        first_gold = author["affiliations"][0] if author["affiliations"] else ""
        first_pred = match.raw.split("; ")[0]
        if first_gold and fuzz.partial_ratio(fold(first_gold), fold(first_pred)) >= 80:
            tally.linked += 1
        else:
            tally.errors.append(f"{tag} LINK {author['name']}: {first_pred!r} vs gold {first_gold!r}")
        if match.org_type == author["org_type"]:
            tally.typed += 1
        else:
            tally.errors.append(
                f"{tag} TYPE {author['name']}: {match.org_type} ({match.org_name}) vs gold {author['org_type']}"
            )
    known = [a for a in gold_authors if a["org_type"] != "unknown"]
    if known:
        gold_frac = sum(1 for a in known if a["org_type"] == "industry") / len(known)
        rows = paper_authorship(labels)
        pred_frac = rows[0].frac_industry if rows and rows[0].frac_industry is not None else 0.0
        tally.frac_errors.append(abs(gold_frac - pred_frac))


def score_topic(gold: dict[str, Any], doc: ParsedDoc, tally: Tally, tag: str) -> None:
    labels = extract_topic(replace(doc, meta=PaperMeta(title=gold["title"])), load_topic_lexicon(DATA_DIR))
    topic = next((lab.value.topic for lab in labels if isinstance(lab.value, Topic)), "none")
    tally.topics += 1
    if topic == gold["topic"]:
        tally.topics_right += 1
    else:
        tally.errors.append(f"{tag} TOPIC {topic} vs gold {gold['topic']}")


def gold_set(pdfs: dict[str, dict[str, str]]) -> list[tuple[dict[str, Any], ParsedDoc]]:
    out = []
    for path in sorted(p for p in GOLD_DIR.glob("*.json") if p.name != "split.json"):
        gold = json.loads(path.read_text(encoding="utf-8"))
        row = pdfs.get(gold["pdf_sha256"])
        if row is None or not gold.get("authors"):
            continue
        data = (SHARED / "corpus" / "pdfs" / row["file"]).read_bytes()
        out.append((gold, parse_pdf(data, paper_key="local/2020/gold/" + gold["pdf_sha256"][:16])))
    return out


def load_split() -> dict[str, str]:
    """sha256 -> "dev" or "test", from benchmarks/gold/split.json."""
    split = json.loads((GOLD_DIR / "split.json").read_text(encoding="utf-8"))
    return {sha: name for name in ("dev", "test") for sha in split[name]}


def accuracy(docs: list[tuple[dict[str, Any], ParsedDoc]], show_errors: bool) -> None:
    """Dev and test side by side, per mode; only test's figures count, and errors are dev's only."""
    res = load_resources(DATA_DIR)
    which = load_split()
    for mode, with_names in (("header alone (ingested PDFs)", False), ("with crawled author names", True)):
        tallies = {"dev": Tally(), "test": Tally()}
        for gold, doc in docs:
            tally = tallies[which.get(gold["pdf_sha256"], "dev")]
            names = tuple(a["name"] for a in gold["authors"]) if with_names else ()
            run = replace(doc, meta=PaperMeta(title=gold["title"], author_names=names))
            tag = gold["title"][:40]
            score_paper(gold, extract_affiliations(run, res), tally, tag)
            if not with_names:
                score_topic(gold, doc, tally, tag)
        print(f"{mode}:")
        print(f"  {'figure':38} {'dev':>9} {'test':>9}   target on test")
        rows = zip(tallies["dev"].figures(), tallies["test"].figures(), strict=True)
        for (name, dev_value, _, _), (_, test_value, target, ok) in rows:
            verdict = "" if ok is None else ("PASS" if ok else "FAIL")
            print(f"  {name:38} {dev_value:>9} {test_value:>9}   {target} {verdict}")
        if show_errors:  # dev only: test failures are never read while rules change
            print("\n".join("    " + e for e in tallies["dev"].errors))


def paperlists_agreement(pdfs: dict[str, dict[str, str]], show_errors: bool) -> None:
    res = load_resources(DATA_DIR)
    entries = read_paperlists(NIPS2021)
    listed = {normalize_title(p.title): p for p in entries}
    titles = [p.title for p in entries]
    n_pdf = n_found = n_aligned = authors = agree = papers_agree = 0
    for row in pdfs.values():
        if row["venue"] != "neurips" or row["year"] != "2021":
            continue
        n_pdf += 1
        entry = listed.get(normalize_title(row["title"]))
        if entry is None:  # arXiv and proceedings titles differ: a loose match, reported
            best = process.extractOne(row["title"], titles, scorer=fuzz.token_set_ratio, score_cutoff=80)
            if best is None:
                print(f"    not in paperlists: {row['title']}")
                continue
            entry = entries[best[2]]
            print(f"    joined by loose title match ({best[1]:.0f}): {row['title']!r} ~ {entry.title!r}")
        n_found += 1
        doc = parse_pdf(
            (SHARED / "corpus" / "pdfs" / row["file"]).read_bytes(),
            paper_key="local/2021/x/" + row["sha256"][:16],
        )
        doc = replace(doc, meta=PaperMeta(title=entry.title, author_names=entry.authors))
        labels = [lab.value for lab in extract_affiliations(doc, res) if isinstance(lab.value, Affiliation)]
        domains = (
            entry.domains
            if len(entry.domains) == len(entry.affiliations)
            else ("",) * len(entry.affiliations)
        )
        meta_types = [
            m.org.org_type if (m := resolve_listed(a, d, res.orgs)) else "unknown"
            for a, d in zip(entry.affiliations, domains, strict=True)
        ]
        pdf_any = any(v.org_type == "industry" for v in labels)
        papers_agree += pdf_any == ("industry" in meta_types)
        if entry.aligned:
            n_aligned += 1
            for value, meta_type, aff in zip(labels, meta_types, entry.affiliations, strict=False):
                if value.org_type != "unknown" and meta_type != "unknown":
                    authors += 1
                    agree += value.org_type == meta_type
                    if value.org_type != meta_type and show_errors:
                        print(
                            f"    {value.author_name}: PDF {value.org_type} ({value.raw!r}) vs paperlists {meta_type} ({aff!r})"
                        )
    print(
        f"NeurIPS 2021 PDFs vs paperlists: {n_pdf} PDFs, {n_found} in paperlists ({n_aligned} with one affiliation "
        f"per author); per-author type agreement {agree}/{authors}; any-industry agreement {papers_agree}/{n_found}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show-errors", action="store_true")
    args = parser.parse_args()
    pdfs = manifest()
    accuracy(gold_set(pdfs), args.show_errors)
    paperlists_agreement(pdfs, args.show_errors)
    fig = conference_figure(read_paperlists(NIPS2021), load_resources(DATA_DIR).orgs)
    print(
        f"NeurIPS 2021 from paperlists metadata alone: {fig.n_papers} accepted, {fig.n_with_affiliations} with "
        f"affiliations ({fig.n_unaligned} not one per author); share with an industry co-author "
        f"{fig.share_any_industry:.3f}; mean frac_industry {fig.mean_frac_industry:.3f} "
        f"({fig.n_papers_frac_known} papers); authors unknown {fig.n_authors_unknown} of {fig.n_authors}"
    )


if __name__ == "__main__":
    main()
