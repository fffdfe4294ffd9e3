"""Organisation typing on 800 blind-labelled affiliation strings from the paper lists (dev | test).

The strings (``benchmarks/gold/sets/orgs.json`` and ``orgs_recent.json``, the second from the
newest lists only; drawn by ``benchmarks/label_sets.py``) are printed
affiliations of one author each, from the whole-conference paper lists in
``../shared/corpus/paperlists``: a far wider range of organisations than the gold PDFs' title blocks.
Each was labelled from the string alone (``orgs_labels.jsonl``: every organisation named, its type
and country). The resolver the affiliation extractor uses (:func:`find_orgs`) reads each string;
scored are the first organisation's type (what a paper's industry fraction counts), the types of all
organisations named, and the first one's country.

Prints dev and test side by side; ``--show-errors`` lists dev misses only (the test third is never
read while changing rules).

Usage: .venv/bin/python benchmarks/org_accuracy.py [--show-errors]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.label_sets import LISTS, SETS, resolve  # noqa: E402
from extract.affiliations.orgs.cache import cached_org_index  # noqa: E402
from extract.affiliations.orgs.resolve import find_orgs  # noqa: E402
from extract.affiliations.orgs.table import OrgIndex  # noqa: E402
from paperscope.settings import DATA_DIR  # noqa: E402

TARGET_FIRST_TYPE = 0.95


SET_NAMES = ("orgs", "orgs_recent")


def load(name: str = "orgs") -> list[tuple[str, str, dict[str, Any]]]:
    """(split, affiliation string, gold label) for every labelled string of the set ``name``."""
    refs = json.loads((SETS / f"{name}.json").read_text(encoding="utf-8"))["items"]
    labels_path = SETS / f"{name}_labels.jsonl"
    if not labels_path.exists():
        return []
    labels = [json.loads(line) for line in labels_path.read_text().splitlines() if line]
    if len(labels) != len(refs):
        raise SystemExit(f"{labels_path.name} has {len(labels)} labels for {len(refs)} strings")
    return [
        (ref["split"], str(resolve(ref)["affiliation"]), label)
        for ref, label in zip(refs, labels, strict=True)
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show-errors", action="store_true", help="list dev misses (never test)")
    args = parser.parse_args()
    if not LISTS.is_dir():
        print("../shared/corpus/paperlists is absent: nothing to measure")
        return
    index = cached_org_index(DATA_DIR / "orgs")
    for name in SET_NAMES:
        measure(name, load(name), index, show_errors=args.show_errors)


def measure(
    name: str, items: list[tuple[str, str, dict[str, Any]]], index: OrgIndex, *, show_errors: bool
) -> None:
    """Print one set's figures, dev and test side by side; dev misses when asked."""
    if not items:
        print(f"{name}: not labelled yet")
        return
    tally: dict[str, Counter[str]] = {"dev": Counter(), "test": Counter()}
    confusion: dict[str, Counter[tuple[str, str]]] = {"dev": Counter(), "test": Counter()}
    errors: list[str] = []
    for split, text, gold in items:
        found = find_orgs(text, index)
        gold_types = [o["type"] for o in gold["orgs"]] or ["unknown"]
        got_types = [m.org.org_type for m in found] or ["unknown"]
        gold_country = gold["orgs"][0]["country"] if gold["orgs"] else None
        got_country = found[0].org.country if found else None
        t = tally[split]
        t["n"] += 1
        t["first"] += gold_types[0] == got_types[0]
        t["all"] += gold_types == got_types
        t["found"] += gold_types[0] == "unknown" or bool(found)
        if gold_country:
            t["countries"] += 1
            t["country"] += (got_country or "").upper() == gold_country.upper()
        confusion[split][(gold_types[0], got_types[0])] += 1
        if split == "dev" and gold_types[0] != got_types[0]:
            names = "; ".join(f"{m.org.name} [{m.org.org_type}, {m.kind}]" for m in found) or "-"
            gold_names = "; ".join(f"{o['name']} [{o['type']}]" for o in gold["orgs"]) or "-"
            errors.append(f"  {text!r}\n      gold {gold_names}\n      got  {names}")
    print(f"{name}: affiliation strings: dev {tally['dev']['n']}, test {tally['test']['n']}")
    print(f"{'figure':<44}{'dev':>8}{'test':>8}   target on test")
    rows = (
        ("first organisation's type exact", "first", "n", TARGET_FIRST_TYPE),
        ("every organisation's type exact", "all", "n", None),
        ("an organisation found (when gold has one)", "found", "n", None),
        ("first organisation's country exact", "country", "countries", None),
    )
    for figure, hit, of, target in rows:
        dev, test = (tally[s][hit] / max(1, tally[s][of]) for s in ("dev", "test"))
        mark = "" if target is None else f">= {target:.2f} {'PASS' if test >= target else 'FAIL'}"
        print(f"{figure:<44}{dev:>8.3f}{test:>8.3f}   {mark}")
    # test is measured, never studied: its confusions are not printed
    wrong = [(g, p, n) for (g, p), n in confusion["dev"].most_common() if g != p]
    print("  dev type confusions (gold -> got): " + ", ".join(f"{g}->{p} {n}" for g, p, n in wrong))
    if show_errors:
        print("dev misses:")
        print("\n".join(errors))


if __name__ == "__main__":
    main()
