"""How far two blind human annotators agree on the gold set: the ceiling the extractor targets sit under.

Every paper in ``benchmarks/gold/second/`` was labelled a second time, blind (from the paper's text,
``RUBRIC.md`` and the schema only; never the first label or any extractor output). This compares the
second label with the first (``benchmarks/gold/<sha256>.json``), scoring the second annotator exactly
as ``extract_accuracy.py`` and ``affiliation_accuracy.py`` score the extractors, with the first label
as the truth, for the ``dev`` and the frozen ``test`` split side by side. Cohen's kappa (statsmodels)
is given where the field is a category. Where an extractor figure on test is above the annotators'
agreement, the extractor cannot be told apart from a second human by this gold.

``--show-disagreements`` lists dev disagreements only: test labels are never read while rules change.

Usage: .venv/bin/python benchmarks/gold_agreement.py [--show-disagreements] [--second DIR]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import numpy as np  # noqa: E402
from statsmodels.stats.inter_rater import cohens_kappa  # noqa: E402

from benchmarks.affiliation_accuracy import same_name  # noqa: E402
from benchmarks.extract_accuracy import GOLD_CHIP_ALIASES, ROLES, Score, load_split  # noqa: E402
from extract.links import normalize_url  # noqa: E402

GOLD_DIR = REPO / "benchmarks" / "gold"
SECOND_DIR = GOLD_DIR / "second"
TOPICS = ("nlp_speech", "vision", "other")
TYPES = ("academic", "industry", "government", "nonprofit", "unknown")


@dataclass
class Agreement:
    """The second annotator scored against the first, for one split."""

    papers: int = 0
    chips: Score = field(default_factory=Score)
    main_chips: Score = field(default_factory=Score)
    setup_hits: int = 0
    setup_total: int = 0  # papers where the first annotator names a set-up
    setup_either: int = 0  # papers where either names one
    setup_same: int = 0
    core: Score = field(default_factory=Score)
    own: Score = field(default_factory=Score)
    released: list[tuple[bool, bool]] = field(default_factory=list)
    roles: list[tuple[str, str]] = field(default_factory=list)
    topics: list[tuple[str, str]] = field(default_factory=list)
    types: list[tuple[str, str]] = field(default_factory=list)  # per author found by both
    authors_first: int = 0
    authors_matched: int = 0
    frac_errors: list[float] = field(default_factory=list)
    duration: list[bool] = field(default_factory=list)
    params: list[bool] = field(default_factory=list)
    disagreements: list[str] = field(default_factory=list)

    def note(self, paper: str, what: str, first: object, second: object) -> None:
        if first != second:
            self.disagreements.append(f"{paper} {what}: first={first!r} second={second!r}")


def _chip(name: str) -> str:
    return GOLD_CHIP_ALIASES.get(name, name)


def _setup(label: dict[str, Any]) -> tuple[str, int | None] | None:
    setup = (label.get("hardware") or {}).get("setup")
    return (_chip(setup["chip"]), setup.get("count")) if setup and setup.get("chip") else None


def _own_links(label: dict[str, Any]) -> set[str]:
    links = (label.get("code") or {}).get("links") or []
    return {normalize_url(x["url"]) for x in links if x.get("role") == "own" and x.get("url")}


def _frac_industry(authors: list[dict[str, Any]]) -> float | None:
    known = [a for a in authors if a.get("org_type") not in (None, "unknown")]
    return sum(a["org_type"] == "industry" for a in known) / len(known) if known else None


def _close(a: float | None, b: float | None, tolerance: float) -> bool:
    return a is not None and b is not None and abs(a - b) <= tolerance * abs(a)


def compare(ag: Agreement, first: dict[str, Any], second: dict[str, Any]) -> None:
    """Score one paper's second label against its first."""
    paper = f"{first['pdf_sha256'][:8]} {first['title'][:40]!r}"
    ag.papers += 1
    m1, m2 = first["hardware"]["mentions"], second["hardware"]["mentions"]
    ag.chips.add({_chip(m["chip"]) for m in m2}, {_chip(m["chip"]) for m in m1}, paper)
    ag.main_chips.add(
        {_chip(m["chip"]) for m in m2 if m.get("scope") == "main"},
        {_chip(m["chip"]) for m in m1 if m.get("scope") == "main"},
        paper,
    )
    s1, s2 = _setup(first), _setup(second)
    ag.note(paper, "set-up", s1, s2)
    if s1:
        ag.setup_total += 1
        ag.setup_hits += s1 == s2
    if s1 or s2:
        ag.setup_either += 1
        ag.setup_same += s1 == s2
    b1, b2 = first["bert"], second["bert"]
    ag.core.add(
        {"core"} if b2.get("core_mentioned") else set(),
        {"core"} if b1.get("core_mentioned") else set(),
        paper,
    )
    roles = (b1.get("role") or "none", b2.get("role") or "none")
    ag.roles.append(roles)
    ag.note(paper, "BERT role", *roles)
    ag.own.add(_own_links(second), _own_links(first), paper)
    released = (bool(first["code"]["released"]), bool(second["code"]["released"]))
    ag.released.append(released)
    ag.note(paper, "released", *released)
    topics = (first["topic"], second["topic"])
    ag.topics.append(topics)
    ag.note(paper, "topic", *topics)
    _compare_authors(ag, paper, first["authors"], second["authors"])
    t1, t2 = first.get("training") or {}, second.get("training") or {}
    if t1.get("duration_hours"):
        ag.duration.append(_close(t1["duration_hours"], t2.get("duration_hours"), 0.01))
        ag.note(paper, "duration_hours", t1["duration_hours"], t2.get("duration_hours"))
    if t1.get("params"):
        ag.params.append(_close(t1["params"], t2.get("params"), 0.02))
        ag.note(paper, "params", t1["params"], t2.get("params"))


def _compare_authors(
    ag: Agreement, paper: str, first: list[dict[str, Any]], second: list[dict[str, Any]]
) -> None:
    used: set[int] = set()
    for author in first:
        ag.authors_first += 1
        match = next(
            (i for i, b in enumerate(second) if i not in used and same_name(b["name"], author["name"])), None
        )
        if match is None:
            ag.disagreements.append(f"{paper} author only in first: {author['name']!r}")
            continue
        used.add(match)
        ag.authors_matched += 1
        pair = (author["org_type"], second[match]["org_type"])
        ag.types.append(pair)
        ag.note(paper, f"type of {author['name']}", *pair)
    f1, f2 = _frac_industry(first), _frac_industry(second)
    if f1 is not None:
        ag.frac_errors.append(abs(f1 - (f2 or 0.0)))


def kappa(pairs: list[tuple[str, str]], categories: tuple[str, ...]) -> float:
    """Cohen's kappa of two raters' categories (nan when there is nothing to compare)."""
    if not pairs:
        return float("nan")
    index = {c: i for i, c in enumerate(categories)}
    table = np.zeros((len(categories), len(categories)))
    for a, b in pairs:
        table[index.get(a, len(categories) - 1), index.get(b, len(categories) - 1)] += 1
    if table.sum(axis=0).max() == table.sum() and table.sum(axis=1).max() == table.sum():
        return 1.0  # both raters used one and the same category throughout
    return float(cohens_kappa(table).kappa)


def macro_f1(pairs: list[tuple[str, str]], categories: tuple[str, ...]) -> float:
    """Macro-F1 of the second rater against the first, as extract_accuracy scores BERT roles."""
    scores = []
    for c in categories:
        s = Score()
        for i, (a, b) in enumerate(pairs):
            s.add({i} if b == c else set(), {i} if a == c else set(), "")
        scores.append(s.f1)
    return sum(scores) / len(scores)


def _share(hits: list[bool]) -> float:
    return sum(hits) / len(hits) if hits else float("nan")


def _mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else float("nan")


def _same(pairs: list[tuple[Any, Any]]) -> float:
    return _share([a == b for a, b in pairs])


# (row, value of a split, the extractor target on test it bounds)
Row = tuple[str, Callable[[Agreement], float], str]
ROWS: list[Row] = [
    ("hardware chip F1 (paper, chip)", lambda a: a.chips.f1, ">= 0.92"),
    ("main-scope chip F1 (paper, chip)", lambda a: a.main_chips.f1, ""),
    ("largest set-up (chip, count) exact", lambda a: a.setup_hits / a.setup_total if a.setup_total else float("nan"), ">= 0.85"),
    ("set-up same, either names one", lambda a: a.setup_same / a.setup_either if a.setup_either else float("nan"), ""),
    ("BERT core mention F1", lambda a: a.core.f1, "= 1.0"),
    ("BERT role macro-F1", lambda a: macro_f1(a.roles, ROLES), ">= 0.85"),
    ("BERT role kappa", lambda a: kappa(a.roles, ROLES), ""),
    ("own code links F1 (paper, url)", lambda a: a.own.f1, ">= 0.97"),
    ("released code same", lambda a: _same(a.released), ""),
    ("authors of the first found by the second", lambda a: a.authors_matched / a.authors_first if a.authors_first else float("nan"), ""),
    ("organisation type exact", lambda a: _same(a.types), ">= 0.95"),
    ("organisation type kappa", lambda a: kappa(a.types, TYPES), ""),
    ("frac_industry MAE", lambda a: _mean(a.frac_errors), "<= 0.05"),
    ("topic same", lambda a: _same(a.topics), ">= 0.90"),
    ("topic kappa", lambda a: kappa(a.topics, TOPICS), ""),
    ("training duration exact (hours)", lambda a: _share(a.duration), ">= 0.80"),
    ("parameters exact", lambda a: _share(a.params), ""),
]  # fmt: skip


def load_pairs(second_dir: Path) -> list[tuple[str, dict[str, Any], dict[str, Any]]]:
    """(split, first label, second label) for every paper labelled twice."""
    which = load_split()
    out = []
    for path in sorted(second_dir.glob("*.json")):
        second = json.loads(path.read_text(encoding="utf-8"))
        first = json.loads((GOLD_DIR / path.name).read_text(encoding="utf-8"))
        out.append((which.get(first["pdf_sha256"], "dev"), first, second))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--show-disagreements", action="store_true", help="list dev disagreements (never test)"
    )
    parser.add_argument("--second", type=Path, default=SECOND_DIR, help="folder of the second labels")
    args = parser.parse_args()
    splits = {"dev": Agreement(), "test": Agreement()}
    for name, first, second in load_pairs(args.second):
        compare(splits[name], first, second)
    dev, test = splits["dev"], splits["test"]
    print(f"papers labelled twice, blind: dev {dev.papers}, test {test.papers}")
    print(f"{'second annotator against the first':42} {'dev':>7} {'test':>7}   extractor target on test")
    for row, value, target in ROWS:
        print(f"{row:42} {value(dev):7.3f} {value(test):7.3f}   {target}")
    print(f"  set-ups compared: dev {dev.setup_total}, test {test.setup_total}; "
          f"durations: dev {len(dev.duration)}, test {len(test.duration)}; "
          f"authors: dev {len(dev.types)}, test {len(test.types)}")  # fmt: skip
    if args.show_disagreements:  # dev only: test labels are never read while rules change
        print("\n".join("  " + d for d in dev.disagreements))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
