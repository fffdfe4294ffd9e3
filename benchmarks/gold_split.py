"""Draw the gold set's frozen ``test`` split once, and write ``benchmarks/gold/split.json``.

The test split is drawn only from the papers added to the reference corpus after the extractors'
rules were written (MANIFEST.tsv rows after the first 65): the first 65 were read while writing
rules, so none of them can measure how the rules generalise. Within those new papers the draw is
stratified by venue (proportional allocation, largest remainders) with a recorded seed; every other
labelled paper is ``dev``. Run once; rerunning with the same seed and manifest writes the same file.

Usage: .venv/bin/python benchmarks/gold_split.py [--seed 20261207] [--test-size 30]
"""

from __future__ import annotations

import argparse
import csv
import json
import random
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
MANIFEST = REPO / ".." / "shared" / "corpus" / "pdfs" / "MANIFEST.tsv"
SPLIT = REPO / "benchmarks" / "gold" / "split.json"
TUNED_ROWS = 65  # manifest rows the rules were written against


def allocate(sizes: dict[str, int], total: int) -> dict[str, int]:
    """Proportional allocation of ``total`` over strata, remainders to the largest fractions.

    >>> allocate({"a": 19, "b": 13, "c": 6}, 30)
    {'a': 15, 'b': 10, 'c': 5}
    """
    n = sum(sizes.values())
    exact = {k: total * v / n for k, v in sizes.items()}
    out = {k: int(x) for k, x in exact.items()}
    for k in sorted(exact, key=lambda k: (out[k] - exact[k], k))[: total - sum(out.values())]:
        out[k] += 1
    return dict(sorted(out.items()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=20261207)
    parser.add_argument("--test-size", type=int, default=30)
    args = parser.parse_args()
    with MANIFEST.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    new = rows[TUNED_ROWS:]
    by_venue: dict[str, list[str]] = defaultdict(list)
    for row in new:
        by_venue[row["venue"]].append(row["sha256"])
    quota = allocate({v: len(s) for v, s in by_venue.items()}, args.test_size)
    rng = random.Random(args.seed)
    test = sorted(
        sha for venue in sorted(by_venue) for sha in rng.sample(sorted(by_venue[venue]), quota[venue])
    )
    dev = sorted(row["sha256"] for row in rows if row["sha256"] not in set(test))
    SPLIT.write_text(
        json.dumps(
            {
                "seed": args.seed,
                "method": f"test: {args.test_size} of the {len(new)} manifest rows after row {TUNED_ROWS}, "
                "stratified by venue (proportional, largest remainders), random.Random(seed).sample per venue "
                "over sorted sha256; dev: every other corpus paper",
                "test_quota": quota,
                "test": test,
                "dev": dev,
            },
            indent=1,
        )
        + "\n",
        encoding="utf-8",
    )
    print(f"test {len(test)} {quota}, dev {len(dev)} -> {SPLIT.relative_to(REPO)}")


if __name__ == "__main__":
    main()
