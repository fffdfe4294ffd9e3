"""Accuracy of the hardware, BERT and code extractors on the hand-labelled gold set.

Reads every ``benchmarks/gold/<sha256>.json``, parses the matching PDF of ``../shared/corpus/pdfs``
(found through its MANIFEST.tsv), runs the registered extractors and prints precision / recall / F1
per field, with the issue's targets:

    own-code F1 >= 0.95; hardware chip F1 >= 0.90 and count exact >= 0.85;
    BERT mention P = R = 1.0 and role macro-F1 >= 0.80;
    and this benchmark's own target for the paper's set-up (chip, count), which feeds Fig. 2: F1 >= 0.85.

Hardware mentions are scored per distinct (chip, count) of each paper, not per paper and chip.
Count exact divides by ALL gold mentions: a mention whose chip we missed counts as wrong.

Usage: .venv/bin/python benchmarks/extract_accuracy.py [--show-errors]
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from extract.links import normalize_url  # noqa: E402
from extract.parse import parse_pdf  # noqa: E402
from extract.registry import EXTRACTORS, run_all  # noqa: E402
from extract.resources import Resources  # noqa: E402
from paperscope.records import BertMention, BertRole, CodeLink, CodeRelease, Hardware, HardwareSetup, Label  # noqa: E402
from paperscope.settings import DATA_DIR  # noqa: E402

SHARED = REPO / ".." / "shared"
GOLD_DIR = REPO / "benchmarks" / "gold"
ROLES = ("studies", "uses", "cites_only", "none")
# Gold files name a few chips in two ways; these map the variant spelling to chips.csv's name.
GOLD_CHIP_ALIASES = {"RTX 8000": "Quadro RTX 8000", "RTX8000": "Quadro RTX 8000"}


@dataclass
class Score:
    """Counts of true positives, false positives and false negatives, with the items behind them."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    errors: list[str] = field(default_factory=list)

    def add(self, predicted: Iterable[object], gold: Iterable[object], paper: str) -> None:
        p, g = set(predicted), set(gold)
        self.tp += len(p & g)
        self.fp += len(p - g)
        self.fn += len(g - p)
        self.errors += [f"{paper} FP {x}" for x in sorted(map(str, p - g))]
        self.errors += [f"{paper} FN {x}" for x in sorted(map(str, g - p))]

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def manifest() -> dict[str, Path]:
    """sha256 -> PDF path of the shared corpus."""
    pdf_dir = SHARED / "corpus" / "pdfs"
    with (pdf_dir / "MANIFEST.tsv").open(encoding="utf-8", newline="") as fh:
        return {row["sha256"]: pdf_dir / row["file"] for row in csv.DictReader(fh, delimiter="\t")}


def predict(path: Path, sha: str) -> list[Label]:
    """All labels of the registered extractors for one PDF."""
    doc = parse_pdf(path.read_bytes(), paper_key="local/2000/gold/" + sha[:16], pdf_sha256=sha)
    labels: list[Label] = []
    for name, out in run_all(doc, EXTRACTORS, DATA_DIR).items():
        match out:
            case Exception():
                raise RuntimeError(f"{name} failed on {path.name}: {out!r}") from out
            case _:
                labels += out
    return labels


def gold_role(gold: dict[str, object]) -> str:
    bert = gold["bert"]
    if not isinstance(bert, dict):
        raise TypeError(f"gold 'bert' must be an object, got {bert!r}")
    return str(bert.get("role") or "none")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show-errors", action="store_true", help="List every false positive / negative.")
    args = parser.parse_args()
    if not (SHARED / "corpus").is_dir():
        print(f"skipped: {SHARED} is absent")
        return 0
    pdfs = manifest()
    res = Resources.load(DATA_DIR)
    names = {cid: rows[0].name for cid, rows in res.chips.items()}
    chips, mentions, counts, setups, core, models, own, released = (Score() for _ in range(8))
    count_hits = count_total = 0
    roles: list[tuple[str, str, str]] = []
    golds = sorted(GOLD_DIR.glob("*.json"))
    for path in golds:
        gold = json.loads(path.read_text(encoding="utf-8"))
        sha = gold["pdf_sha256"]
        if sha not in pdfs:
            print(f"  {path.name}: PDF not in the corpus, skipped")
            continue
        paper = f"{sha[:8]} {gold['title'][:40]!r}"
        labels = predict(pdfs[sha], sha)
        values = [lab.value for lab in labels]
        hw = [v for v in values if isinstance(v, Hardware)]
        predicted_pairs = {(names[v.chip], v.count) for v in hw}
        gold_mentions = [
            {**m, "chip": GOLD_CHIP_ALIASES.get(m["chip"], m["chip"])} for m in gold["hardware"]["mentions"]
        ]
        chips.add({names[v.chip] for v in hw}, {m["chip"] for m in gold_mentions}, paper)
        mentions.add(predicted_pairs, {(m["chip"], m["count"]) for m in gold_mentions}, paper)
        for m in gold_mentions:
            count_total += 1
            hit = (m["chip"], m["count"]) in predicted_pairs
            count_hits += hit
            if not hit:
                counts.errors.append(
                    f"{paper} count {m['chip']} gold={m['count']} ours={sorted(str(c) for n, c in predicted_pairs if n == m['chip'])}"
                )
        setup = next((v for v in values if isinstance(v, HardwareSetup) and v.status == "reported"), None)
        gold_setup = gold["hardware"]["setup"]
        setups.add(
            {(names[setup.chip], setup.count)} if setup and setup.chip else set(),
            {(GOLD_CHIP_ALIASES.get(gold_setup["chip"], gold_setup["chip"]), gold_setup["count"])}
            if gold_setup
            else set(),
            paper,
        )
        bert_values = [v for v in values if isinstance(v, BertMention)]
        core_hits = [lab for lab in labels if isinstance(lab.value, BertMention) and lab.value.core]
        core.add(
            {"core"} if core_hits else set(),
            {"core"} if gold["bert"]["core_mentioned"] else set(),
            paper,
        )
        if core_hits and not gold["bert"]["core_mentioned"]:  # show the text, so a reader can judge
            ev = core_hits[0].evidence
            core.errors.append(
                f"{paper}   our evidence, page {(ev.page or 0) + 1} ({ev.section}): {ev.context[:160]!r}"
            )
        models.add({v.model for v in bert_values}, set(gold["bert"]["models"]), paper)
        role = next((v.role for v in values if isinstance(v, BertRole)), "none")
        roles.append((paper, gold_role(gold), role))
        own_pred = {normalize_url(v.url) for v in values if isinstance(v, CodeLink) and v.role == "own"}
        own_gold = {normalize_url(link["url"]) for link in gold["code"]["links"] if link["role"] == "own"}
        own.add(own_pred, own_gold, paper)
        rel = next((v.released for v in values if isinstance(v, CodeRelease)), False)
        released.add(
            {"released"} if rel else set(), {"released"} if gold["code"]["released"] else set(), paper
        )
    role_f1 = []
    for r in ROLES:
        s = Score()
        for paper, g, p in roles:
            s.add({paper} if p == r else set(), {paper} if g == r else set(), paper)
        role_f1.append((r, s))
    macro = sum(s.f1 for _, s in role_f1) / len(role_f1)
    count_exact = count_hits / count_total if count_total else 1.0
    print(f"gold papers: {len(roles)} (of {len(golds)} gold files)")
    print(f"{'field':34} {'P':>6} {'R':>6} {'F1':>6}   target")
    rows = [
        ("hardware chips (paper, chip)", chips, "F1 >= 0.90", chips.f1 >= 0.90),
        ("hardware mentions (chip, count)", mentions, "", None),
        ("hardware set-up (chip, count)", setups, "F1 >= 0.85", setups.f1 >= 0.85),
        ("BERT core mentioned (paper)", core, "P = R = 1.0", core.precision == 1.0 and core.recall == 1.0),
        ("BERT-family models (paper, model)", models, "", None),
        ("own code links (paper, url)", own, "F1 >= 0.95", own.f1 >= 0.95),
        ("released code (paper)", released, "", None),
    ]
    verdicts: dict[str, bool] = {}
    for name, s, target, ok in rows:
        verdict = "" if ok is None else ("PASS" if ok else "FAIL")
        if ok is not None:
            verdicts[name] = ok
        print(f"{name:34} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f}   {target} {verdict}")
    verdicts["hardware count exact"] = count_exact >= 0.85
    print(
        f"{'hardware count exact':34} {count_exact:6.3f} ({count_hits}/{count_total} gold mentions, a missed chip "
        f"counting as wrong)   >= 0.85 {'PASS' if count_exact >= 0.85 else 'FAIL'}"
    )
    for r, s in role_f1:
        print(f"  BERT role {r:22} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f}")
    verdicts["BERT role macro-F1"] = macro >= 0.80
    print(f"{'BERT role macro-F1':34} {macro:6.3f}   >= 0.80 {'PASS' if macro >= 0.80 else 'FAIL'}")
    passed = [name for name, ok in verdicts.items() if ok]
    failed = [name for name, ok in verdicts.items() if not ok]
    print(f"targets: {len(passed)} of {len(verdicts)} pass; failing: {', '.join(failed) or 'none'}")
    if args.show_errors:
        for name, s in [
            ("chips", chips),
            ("mentions", mentions),
            ("counts", counts),
            ("setup", setups),
            ("core", core),
            ("models", models),
            ("own", own),
            ("released", released),
        ]:
            for e in s.errors:
                print(f"  [{name}] {e}")
        for paper, g, p in roles:
            if g != p:
                print(f"  [role] {paper} gold={g} ours={p}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
