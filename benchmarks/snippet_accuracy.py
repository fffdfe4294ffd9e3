"""The extractors on constructed passages, one suite per failure class (dev | held-out).

``benchmarks/gold/snippets/`` holds passages written blind (by annotators who never saw the rules or
their output) from the rubric, for each class of failure issue 14 lists: counts in words, per node
x nodes, ranges, tables, TPU cores and slices, class-only chips, hypothetical, timing-only and cited
hardware, plain set-ups and CPU-only runs (``hardware.jsonl``); BERT roles on small whole papers
(``bert.jsonl``); own, third-party, promised and anonymised code links (``code.jsonl``); the main
model's training time, accelerator time, parameters and tokens (``training.jsonl``); the topic of
small whole papers (``topic.jsonl``). A seeded
third of each class is ``heldout``: rules are changed by reading ``dev`` misses only, and the
held-out figure says whether a fix generalised past the passages it was written against.

Each passage goes into a paper-shaped text (title, abstract, body; references where given), parsed
by :func:`extract.parse.parse_text` and read by every registered extractor.

Usage: .venv/bin/python benchmarks/snippet_accuracy.py [--show-errors] [--round N]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from extract.document import PaperMeta  # noqa: E402
from extract.links import normalize_url  # noqa: E402
from extract.parse import parse_text  # noqa: E402
from extract.registry import EXTRACTORS, run_all  # noqa: E402
from extract.resources import Resources  # noqa: E402
from paperscope.records import (  # noqa: E402
    BertMention,
    BertRole,
    CodeLink,
    CodeRelease,
    Hardware,
    HardwareSetup,
    Label,
    Topic,
)
from paperscope.settings import DATA_DIR  # noqa: E402
from paperscope.training import inputs_of  # noqa: E402

SNIPPETS = REPO / "benchmarks" / "gold" / "snippets"
GOLD_CHIP_ALIASES = {"A6000": "RTX A6000"}
# the rubric names the Pascal TITAN X "TITAN X"; the chip table keeps the two apart (their peaks differ)
RUBRIC_NAMES = {"TITAN X Pascal": "TITAN X"}
KEY = "local/2000/snippet/s"


def labels_of(text: str, title: str = "") -> list[Label]:
    """Every registered extractor's labels on one paper-shaped text (its title as crawled metadata)."""
    doc = parse_text(text, paper_key=KEY, meta=PaperMeta(title=title))
    out: list[Label] = []
    for name, got in run_all(doc, EXTRACTORS, DATA_DIR).items():
        if isinstance(got, Exception):
            raise TypeError(f"{name} failed: {got!r}") from got
        out += got
    return out


def paper(
    body: str, *, title: str = "A Study of Things", abstract: str = "We study things.", refs: str = ""
) -> str:
    """A paper-shaped text around ``body``."""
    text = f"{title}\nAnn Author\nUniversity of Somewhere\nAbstract\n{abstract}\n1 Introduction\n{body}\n"
    return text + (f"References\n{refs}\n" if refs else "")


def hardware(row: dict[str, Any], names: dict[str, str]) -> tuple[bool, str]:
    """Right when the own (chip, count) pairs and the largest set-up are the rubric's."""
    values = [lab.value for lab in labels_of(paper(row["text"]))]
    ours = sorted(
        {(names[v.chip], v.count) for v in values if isinstance(v, Hardware) and v.scope != "other"}, key=str
    )
    gold = sorted({(GOLD_CHIP_ALIASES.get(m["chip"], m["chip"]), m["count"]) for m in row["main"]}, key=str)
    setup = next(
        (v for v in values if isinstance(v, HardwareSetup) and v.status == "reported" and v.chip), None
    )
    our_setup = (names[setup.chip], setup.count) if setup and setup.chip else None
    gold_setup = (
        (GOLD_CHIP_ALIASES.get(row["setup"]["chip"], row["setup"]["chip"]), row["setup"]["count"])
        if row["setup"]
        else None
    )
    ok = ours == gold and our_setup == gold_setup
    return ok, f"main {ours} vs {gold}; set-up {our_setup} vs {gold_setup}"


def bert(row: dict[str, Any], _names: dict[str, str]) -> tuple[bool, str]:
    """Right when the core mention and the role are the rubric's."""
    text = paper(row["body"], title=row["title"], abstract=row["abstract"], refs=row.get("references", ""))
    values = [lab.value for lab in labels_of(text, row["title"])]
    core = any(isinstance(v, BertMention) and v.core for v in values)
    role = next((v.role for v in values if isinstance(v, BertRole)), "none")
    ok = core == row["core_mentioned"] and role == row["role"]
    return ok, f"core {core} vs {row['core_mentioned']}; role {role} vs {row['role']}"


def code(row: dict[str, Any], _names: dict[str, str]) -> tuple[bool, str]:
    """Right when the own links and "released" are the rubric's."""
    values = [lab.value for lab in labels_of(paper(row["text"]))]
    ours = sorted({normalize_url(v.url) for v in values if isinstance(v, CodeLink) and v.role == "own"})
    gold = sorted({normalize_url(link["url"]) for link in row["links"] if link["role"] == "own"})
    released = next((v.released for v in values if isinstance(v, CodeRelease)), False)
    ok = ours == gold and released == row["released"]
    return ok, f"own {ours} vs {gold}; released {released} vs {row['released']}"


def _same(ours: float | None, gold: float | None, tolerance: float) -> bool:
    if gold is None:
        return ours is None
    return ours is not None and abs(ours - gold) <= tolerance * gold


def training(row: dict[str, Any], _names: dict[str, str]) -> tuple[bool, str]:
    """Right when the main model's hours, chip-hours, parameters and tokens are the rubric's (or absent)."""
    labels = labels_of(paper(row["text"]))
    setup = next(
        (lab.value for lab in labels if isinstance(lab.value, HardwareSetup) and lab.value.chip), None
    )
    got = setup.training if setup is not None and setup.training is not None else inputs_of(labels)
    fields = (
        ("hours", got.hours, row["duration_hours"], 0.01),
        ("chip_hours", got.chip_hours, row["chip_hours"], 0.01),
        ("params", got.params, row["params"], 0.02),
        ("tokens", got.tokens, row["tokens"], 0.02),
    )
    wrong = [f"{name} {ours} vs {gold}" for name, ours, gold, tol in fields if not _same(ours, gold, tol)]
    return not wrong, "; ".join(wrong)


def topic(row: dict[str, Any], _names: dict[str, str]) -> tuple[bool, str]:
    """Right when the paper's topic is the rubric's."""
    text = paper(row["body"], title=row["title"], abstract=row["abstract"])
    ours = next(
        (lab.value.topic for lab in labels_of(text, row["title"]) if isinstance(lab.value, Topic)), None
    )
    return ours == row["topic"], f"topic {ours} vs {row['topic']}"


SUITES: dict[
    str, tuple[Callable[[dict[str, Any], dict[str, str]], tuple[bool, str]], Callable[[dict[str, Any]], str]]
] = {
    "hardware": (hardware, lambda r: str(r["class"])),
    "bert": (bert, lambda r: str(r["role"])),
    "code": (code, lambda r: _code_class(r)),
    "training": (training, lambda r: str(r["class"])),
    "topic": (topic, lambda r: str(r["class"])),
}


def _code_class(row: dict[str, Any]) -> str:
    """A code passage's class: the roles of its links (own, third_party, promised, anonymised)."""
    return "+".join(sorted({link["role"] for link in row["links"]})) or "no link"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show-errors", action="store_true", help="list dev misses (never held-out ones)")
    parser.add_argument(
        "--round",
        type=int,
        default=None,
        help="score one writing round only (1 for passages without a round)",
    )
    args = parser.parse_args()
    res = Resources.load(DATA_DIR)
    names = {cid: RUBRIC_NAMES.get(rows[0].name, rows[0].name) for cid, rows in res.chips.items()}
    print(f"{'suite / class':34}{'dev':>10}{'held-out':>10}")
    for suite, (score, klass) in SUITES.items():
        if not (SNIPPETS / f"{suite}.jsonl").is_file():
            continue
        rows = [json.loads(line) for line in (SNIPPETS / f"{suite}.jsonl").read_text().splitlines() if line]
        rows = [r for r in rows if args.round is None or r.get("round", 1) == args.round]
        if not rows:
            continue
        tally: dict[str, dict[str, list[int]]] = defaultdict(lambda: {"dev": [0, 0], "heldout": [0, 0]})
        errors = []
        for row in rows:
            ok, detail = score(row, names)
            for key in (klass(row), "all"):
                cell = tally[key][row["split"]]
                cell[0] += ok
                cell[1] += 1
            if not ok and row["split"] == "dev":
                errors.append(f"    {row['id']}: {detail}")
        for key in sorted(tally, key=lambda k: (k == "all", k)):
            cells = [f"{h}/{n}" if n else "-" for h, n in (tally[key]["dev"], tally[key]["heldout"])]
            print(f"{suite + ' / ' + key:34}{cells[0]:>10}{cells[1]:>10}")
        if args.show_errors and errors:
            print("\n".join(errors))


if __name__ == "__main__":
    main()
