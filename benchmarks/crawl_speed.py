"""Crawl speed: ``scrapy crawl neurips`` over a 2,000-paper loopback mirror; papers/s and peak memory.

Run: ``.venv/bin/python benchmarks/crawl_speed.py [--papers 2000] [--concurrency 16] [--failing 0.1]``.
Builds an era-C (live layout) mirror with one distinct PDF per paper, serves it on 127.0.0.1, runs the
crawl as a subprocess and prints wall time, papers/s and the crawl process's peak RSS; then again with
a share of the papers failing (half their landing pages, half their PDFs answer HTTP 500, retried
as on a real site), where papers/s counts papers stored or missed with a reason.
"""

from __future__ import annotations

import argparse
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "tests" / "crawlers")]

from sitegen import SitePaper, era_c_abstract, era_c_index, pdf_bytes, write  # noqa: E402

from tests.mockserver.process import MirrorProcess  # noqa: E402

TARGET = 50.0  # papers/s on a loopback mirror with unique ids


def build(root: Path, n: int, failing: float = 0.0) -> dict[str, dict[str, object]]:
    """Write the mirror; return fault routes for ``failing`` of the papers (half pages, half PDFs)."""
    papers = [
        SitePaper(2024, i, "Conference" if i % 5 else "Datasets_and_Benchmarks_Track") for i in range(n)
    ]
    write(root, "/paper_files/paper/2024", era_c_index(2024, papers))
    faults: dict[str, dict[str, object]] = {}
    every = round(1 / failing) if failing else 0
    for p in papers:
        write(root, p.abstract_path(), era_c_abstract(p))
        write(root, p.file_path("Paper", "pdf"), pdf_bytes(p, pages=3))
        if every and p.n % every == 0:
            broken = p.abstract_path() if (p.n // every) % 2 else p.file_path("Paper", "pdf")
            faults[broken] = {"kind": "status", "status": 500}
    return faults


def crawl(
    root: Path, home: Path, faults: dict[str, dict[str, object]], concurrency: int
) -> tuple[int, int, int, float]:
    """(listed, stored, missed, wall seconds) of one ``scrapy crawl neurips`` over the mirror."""
    with MirrorProcess(root, faults) as mirror:
        cmd = [str(Path(sys.executable).parent / "scrapy"), "crawl", "neurips", "-a", "years=2024",
               "-a", "tracks=main,datasets", "-a", f"site={mirror.url}", "-s", f"PAPERSCOPE_HOME={home}",
               "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0", "-s", "LOG_LEVEL=WARNING",
               "-s", "RETRY_BACKOFF_BASE=0.05",
               "-s", f"CONCURRENT_REQUESTS={concurrency * 2}",
               "-s", f"CONCURRENT_REQUESTS_PER_DOMAIN={concurrency}"]  # fmt: skip
        start = time.perf_counter()
        subprocess.run(cmd, cwd=REPO, check=True)
        wall = time.perf_counter() - start
    with sqlite3.connect(home / "paperscope.sqlite") as conn:
        listed, stored = conn.execute("SELECT count(*), count(pdf_sha256) FROM papers").fetchone()
        missed = conn.execute("SELECT count(*) FROM misses m JOIN papers p ON p.key = m.paper_key "
                              "WHERE p.pdf_sha256 IS NULL").fetchone()[0]  # fmt: skip
    return listed, stored, missed, wall


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--papers", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--failing", type=float, default=0.10, help="share of papers whose page or PDF fails")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for name, share in (
            ("unique ids, nothing failing", 0.0),
            (f"{args.failing:.0%} of pages failing", args.failing),
        ):
            root, home = Path(tmp) / f"site-{share}", Path(tmp) / f"home-{share}"
            t0 = time.perf_counter()
            faults = build(root, args.papers, share)
            print(f"[{name}] mirror: {args.papers} papers written in {time.perf_counter() - t0:.1f} s, "
                  f"{len(faults)} failing routes")  # fmt: skip
            listed, stored, missed, wall = crawl(root, home, faults, args.concurrency)
            rate = (stored + missed) / wall
            print(f"[{name}] listed {listed}, stored {stored}, missed {missed} in {wall:.1f} s "
                  f"(concurrency {args.concurrency} per domain); unaccounted {listed - stored - missed}")  # fmt: skip
            verdict = "PASS" if rate >= TARGET else "FAIL"
            print(f"[{name}] papers/s (stored + missed): {rate:.1f}   target >= {TARGET:.0f} {verdict}")
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak memory (largest crawl process RSS): {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
