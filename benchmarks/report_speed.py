"""Report speed: a store of 10,000 synthetic papers -> the full HTML report. Target: <= 30 s.

Run: .venv/bin/python benchmarks/report_speed.py [--papers N]
Prints the seconds to fill the store (not part of the target) and to build and write the report.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from analysis import report, synthetic
from analysis.params import load_params, load_targets
from paperscope.store import Store

TARGET_SECONDS = 30.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        started = time.perf_counter()
        with Store.open(home / "paperscope.sqlite") as store:
            synthetic.fill_store(store, args.papers, seed=args.seed)
        filled = time.perf_counter()
        with Store.open(home / "paperscope.sqlite") as store:
            built = report.build(store, load_params(), load_targets(), home)
        written = report.write(built, home / "report" / "report.html")
        done = time.perf_counter()
        size = written[0].stat().st_size
    seconds = done - filled
    print(f"papers: {args.papers:,}")
    print(f"fill store: {filled - started:.1f} s (setup, not timed against the target)")
    print(
        f"store -> report: {seconds:.1f} s (target <= {TARGET_SECONDS:.0f} s): {'OK' if seconds <= TARGET_SECONDS else 'SLOW'}"
    )
    print(f"report.html: {size / 1e6:.2f} MB, {len(written) - 1} tables and figures beside it")


if __name__ == "__main__":
    main()
