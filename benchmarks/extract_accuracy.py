"""Accuracy of the hardware, BERT and code extractors on the hand-labelled gold set.

Reads every ``benchmarks/gold/<sha256>.json``, parses the matching PDF of ``../shared/corpus/pdfs``
(found through its MANIFEST.tsv), runs the registered extractors and prints precision / recall / F1
per field for the ``dev`` and the frozen ``test`` split (``benchmarks/gold/split.json``) side by
side. Only test counts; its targets: hardware chip F1 >= 0.92; largest set-up (chip, count) exact
>= 0.85 (it feeds Fig. 2); own-code F1 >= 0.97; BERT mention P = R = 1.0 and role macro-F1 >= 0.85.
``--show-errors`` lists dev errors only: test failures are never read while rules change.

Hardware mentions are scored per distinct (chip, count) of each paper, not per paper and chip.
Count exact divides by ALL gold mentions: a mention whose chip we missed counts as wrong.

Usage: .venv/bin/python benchmarks/extract_accuracy.py [--show-errors]
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from analysis.compute import hardware_method  # noqa: E402
from extract.links import normalize_url  # noqa: E402
from extract.parse import parse_pdf  # noqa: E402
from extract.registry import EXTRACTORS, run_all  # noqa: E402
from extract.resources import Resources  # noqa: E402
from extract.training import main_hours, main_params  # noqa: E402
from paperscope.records import (  # noqa: E402
    BertMention,
    BertRole,
    CodeLink,
    CodeRelease,
    Hardware,
    HardwareSetup,
    Label,
)
from paperscope.settings import DATA_DIR  # noqa: E402

SHARED = REPO / ".." / "shared"
GOLD_DIR = REPO / "benchmarks" / "gold"
ROLES = ("studies", "uses", "cites_only", "none")
# Gold files name a few chips in two ways; these map the variant spelling to chips.csv's name.
GOLD_CHIP_ALIASES = {"RTX 8000": "Quadro RTX 8000", "RTX8000": "Quadro RTX 8000", "TITAN X Pascal": "TITAN X"}
# the rubric names the Pascal TITAN X "TITAN X"; the chip table keeps the two apart (their peaks differ)
RUBRIC_NAMES = {"TITAN X Pascal": "TITAN X"}


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


@dataclass
class Split:
    """The scores of one split of the gold set."""

    chips: Score = field(default_factory=Score)
    mentions: Score = field(default_factory=Score)
    counts: Score = field(default_factory=Score)
    setups: Score = field(default_factory=Score)
    core: Score = field(default_factory=Score)
    models: Score = field(default_factory=Score)
    own: Score = field(default_factory=Score)
    released: Score = field(default_factory=Score)
    count_hits: int = 0
    count_total: int = 0
    setup_hits: int = 0
    setup_total: int = 0
    roles: list[tuple[str, str, str]] = field(default_factory=list)
    duration: list[bool] = field(default_factory=list)  # per gold duration: ours the same (1%)
    params: list[bool] = field(default_factory=list)  # per gold parameter count: ours the same (2%)
    compute: list[bool] = field(default_factory=list)  # per paper with every gold input: within 2x
    training_errors: list[str] = field(default_factory=list)

    @property
    def count_exact(self) -> float:
        return self.count_hits / self.count_total if self.count_total else 1.0

    @property
    def setup_exact(self) -> float:
        """Papers whose gold names a set-up, with ours the same (chip, count)."""
        return self.setup_hits / self.setup_total if self.setup_total else 1.0

    def role_scores(self) -> list[tuple[str, Score]]:
        out = []
        for r in ROLES:
            s = Score()
            for paper, g, p in self.roles:
                s.add({paper} if p == r else set(), {paper} if g == r else set(), paper)
            out.append((r, s))
        return out

    @property
    def role_macro_f1(self) -> float:
        scores = self.role_scores()
        return sum(s.f1 for _, s in scores) / len(scores)


def score_paper(sp: Split, gold: dict[str, Any], labels: list[Label], names: dict[str, str]) -> None:
    """Add one paper's predictions against its gold labels to a split's scores."""
    sha = gold["pdf_sha256"]
    paper = f"{sha[:8]} {gold['title'][:40]!r}"
    values = [lab.value for lab in labels]
    hw = [v for v in values if isinstance(v, Hardware)]
    predicted_pairs = {(names[v.chip], v.count) for v in hw}
    gold_mentions = [
        {**m, "chip": GOLD_CHIP_ALIASES.get(m["chip"], m["chip"])} for m in gold["hardware"]["mentions"]
    ]
    sp.chips.add({names[v.chip] for v in hw}, {m["chip"] for m in gold_mentions}, paper)
    sp.mentions.add(predicted_pairs, {(m["chip"], m["count"]) for m in gold_mentions}, paper)
    for m in gold_mentions:
        sp.count_total += 1
        hit = (m["chip"], m["count"]) in predicted_pairs
        sp.count_hits += hit
        if not hit:
            sp.counts.errors.append(
                f"{paper} count {m['chip']} gold={m['count']} ours={sorted(str(c) for n, c in predicted_pairs if n == m['chip'])}"
            )
    setup = next((v for v in values if isinstance(v, HardwareSetup) and v.status == "reported"), None)
    ours = {(names[setup.chip], setup.count)} if setup and setup.chip else set()
    gold_setup = gold["hardware"]["setup"]
    theirs = (
        {(GOLD_CHIP_ALIASES.get(gold_setup["chip"], gold_setup["chip"]), gold_setup["count"])}
        if gold_setup
        else set()
    )
    sp.setups.add(ours, theirs, paper)
    if theirs:
        sp.setup_total += 1
        sp.setup_hits += ours == theirs
    bert_values = [v for v in values if isinstance(v, BertMention)]
    core_hits = [lab for lab in labels if isinstance(lab.value, BertMention) and lab.value.core]
    sp.core.add(
        {"core"} if core_hits else set(), {"core"} if gold["bert"]["core_mentioned"] else set(), paper
    )
    if core_hits and not gold["bert"]["core_mentioned"]:  # show the text, so a reader can judge
        ev = core_hits[0].evidence
        sp.core.errors.append(
            f"{paper}   our evidence, page {(ev.page or 0) + 1} ({ev.section}): {ev.context[:160]!r}"
        )
    sp.models.add({v.model for v in bert_values}, set(gold["bert"]["models"]), paper)
    role = next((v.role for v in values if isinstance(v, BertRole)), "none")
    sp.roles.append((paper, gold_role(gold), role))
    score_training(sp, gold, labels, setup, paper)
    own_pred = {normalize_url(v.url) for v in values if isinstance(v, CodeLink) and v.role == "own"}
    own_gold = {  # a link whose address the PDF hides ("code is here") counts for `released` only
        normalize_url(link["url"]) for link in gold["code"]["links"] if link["role"] == "own" and link["url"]
    }
    sp.own.add(own_pred, own_gold, paper)
    rel = next((v.released for v in values if isinstance(v, CodeRelease)), False)
    sp.released.add(
        {"released"} if rel else set(), {"released"} if gold["code"]["released"] else set(), paper
    )


def _peak(chip: str | None, count: int | None) -> float | None:
    """FP32 (else tensor) peak of ``count`` chips named as the rubric names them."""
    if not chip or not count:
        return None
    res = Resources.load(DATA_DIR)
    by_name = {RUBRIC_NAMES.get(rows[0].name, rows[0].name): cid for cid, rows in res.chips.items()}
    cid = by_name.get(GOLD_CHIP_ALIASES.get(chip, chip))
    if cid is None:
        return None
    spec = res.chip(cid)
    per_chip = spec.fp32_flops or spec.tensor_fp16_bf16_flops
    return None if per_chip is None else per_chip * count


def score_training(sp: Split, gold: dict[str, Any], labels: list[Label], setup: HardwareSetup | None,
                   paper: str) -> None:  # fmt: skip
    """Training time, parameters and the hardware-method compute against the gold's ``training``."""
    truth = gold.get("training") or {}
    ours = main_hours(labels, setup.chip if setup else None, setup.count if setup else None)
    if truth.get("duration_hours"):
        hit = ours is not None and abs(ours - truth["duration_hours"]) <= 0.01 * truth["duration_hours"]
        sp.duration.append(hit)
        if not hit:
            sp.training_errors.append(f"{paper} duration gold={truth['duration_hours']} ours={ours}")
    if truth.get("params"):
        got = main_params(labels)
        hit = got is not None and abs(got - truth["params"]) <= 0.02 * truth["params"]
        sp.params.append(hit)
        if not hit:
            sp.training_errors.append(f"{paper} parameters gold={truth['params']:g} ours={got}")
    gold_setup = (gold.get("hardware") or {}).get("setup") or {}
    gold_peak = _peak(gold_setup.get("chip"), gold_setup.get("count"))
    if gold_peak and truth.get("duration_hours"):
        theirs = hardware_method(gold_peak, truth["duration_hours"])
        mine = hardware_method(setup.peak_flops_fp32 or setup.peak_flops_tensor, ours) if setup else None
        within = bool(theirs and mine and 0.5 <= mine.flop / theirs.flop <= 2.0)
        sp.compute.append(within)
        if not within and theirs:
            ours_flop = f"{mine.flop:.3g}" if mine else "None"
            sp.training_errors.append(f"{paper} compute gold={theirs.flop:.3g} ours={ours_flop}")


def _share(hits: list[bool]) -> float:
    return sum(hits) / len(hits) if hits else float("nan")


# (row, value of a split, target on test, passes)
Target = tuple[str, Callable[[Split], float], str, Callable[[float], bool] | None]
TARGETS: list[Target] = [
    ("hardware chip F1 (paper, chip)", lambda s: s.chips.f1, ">= 0.92", lambda v: v >= 0.92),
    ("hardware mention F1 (chip, count)", lambda s: s.mentions.f1, "", None),
    ("hardware count exact (per gold mention)", lambda s: s.count_exact, "", None),
    ("largest set-up (chip, count) exact", lambda s: s.setup_exact, ">= 0.85", lambda v: v >= 0.85),
    ("hardware set-up F1", lambda s: s.setups.f1, "", None),
    ("BERT core mention precision", lambda s: s.core.precision, "= 1.0", lambda v: v == 1.0),
    ("BERT core mention recall", lambda s: s.core.recall, "= 1.0", lambda v: v == 1.0),
    ("BERT-family models F1", lambda s: s.models.f1, "", None),
    ("BERT role macro-F1", lambda s: s.role_macro_f1, ">= 0.85", lambda v: v >= 0.85),
    ("own code links F1 (paper, url)", lambda s: s.own.f1, ">= 0.97", lambda v: v >= 0.97),
    ("released code F1 (paper)", lambda s: s.released.f1, "", None),
    ("training duration exact (hours)", lambda s: _share(s.duration), ">= 0.80", lambda v: v >= 0.80),
    ("parameters exact (largest stated)", lambda s: _share(s.params), "", None),
    ("compute within 2x (hardware method)", lambda s: _share(s.compute), ">= 0.80", lambda v: v >= 0.80),
]


def load_split() -> dict[str, str]:
    """sha256 -> "dev" or "test", from benchmarks/gold/split.json."""
    split = json.loads((GOLD_DIR / "split.json").read_text(encoding="utf-8"))
    return {sha: name for name in ("dev", "test") for sha in split[name]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--show-errors", action="store_true", help="List every false positive / negative of the dev split."
    )
    parser.add_argument(
        "--dev-only", action="store_true", help="Score the dev split alone (while changing rules)."
    )
    args = parser.parse_args()
    if not (SHARED / "corpus").is_dir():
        print(f"skipped: {SHARED} is absent")
        return 0
    pdfs = manifest()
    which = load_split()
    res = Resources.load(DATA_DIR)
    names = {cid: RUBRIC_NAMES.get(rows[0].name, rows[0].name) for cid, rows in res.chips.items()}
    splits = {"dev": Split(), "test": Split()}
    golds = sorted(p for p in GOLD_DIR.glob("*.json") if p.name != "split.json")
    for path in golds:
        gold = json.loads(path.read_text(encoding="utf-8"))
        sha = gold["pdf_sha256"]
        if sha not in pdfs:
            print(f"  {path.name}: PDF not in the corpus, skipped")
            continue
        split = which.get(sha, "dev")
        if split == "dev" or not args.dev_only:
            score_paper(splits[split], gold, predict(pdfs[sha], sha), names)
    dev, test = splits["dev"], splits["test"]
    print(f"gold papers: dev {len(dev.roles)}, test {len(test.roles)} (of {len(golds)} gold files)")
    print(f"{'field':42} {'dev':>7} {'test':>7}   target on test")
    failed = []
    for name, value, target, ok in TARGETS:
        verdict = ""
        if ok is not None:
            verdict = "PASS" if ok(value(test)) else "FAIL"
            if verdict == "FAIL":
                failed.append(name)
        print(f"{name:42} {value(dev):7.3f} {value(test):7.3f}   {target} {verdict}")
    for sp_name, sp in splits.items():
        print(f"  {sp_name}: durations {sum(sp.duration)}/{len(sp.duration)}, parameters {sum(sp.params)}/"
              f"{len(sp.params)}, compute {sum(sp.compute)}/{len(sp.compute)} papers with every gold input")  # fmt: skip
        print(f"  {sp_name}: set-ups {sp.setup_hits}/{sp.setup_total}, count {sp.count_hits}/{sp.count_total}, "
              + ", ".join(f"role {r} F1 {s.f1:.3f}" for r, s in sp.role_scores()))  # fmt: skip
    n_targets = sum(1 for t in TARGETS if t[3] is not None)
    print(
        f"targets on test: {n_targets - len(failed)} of {n_targets} pass; failing: {', '.join(failed) or 'none'}"
    )
    if args.show_errors:  # dev only: test failures are never read while rules change
        for name in ("chips", "mentions", "counts", "setups", "core", "models", "own", "released"):
            for e in getattr(dev, name).errors:
                print(f"  [{name}] {e}")
        for e in dev.training_errors:
            print(f"  [training] {e}")
        for paper, g, p in dev.roles:
            if g != p:
                print(f"  [role] {paper} gold={g} ours={p}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
