"""Crawl speed: ``scrapy crawl neurips`` over a 2,000-paper loopback mirror; papers/s and peak memory.

Run: ``.venv/bin/python benchmarks/crawl_speed.py [--papers 2000] [--concurrency 16]``. Builds an
era-C (live layout) mirror with one distinct PDF per paper, serves it on 127.0.0.1, runs the crawl
as a subprocess and prints wall time, papers/s and the crawl process's peak RSS.
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


def build(root: Path, n: int) -> None:
    papers = [
        SitePaper(2024, i, "Conference" if i % 5 else "Datasets_and_Benchmarks_Track") for i in range(n)
    ]
    write(root, "/paper_files/paper/2024", era_c_index(2024, papers))
    for p in papers:
        write(root, p.abstract_path(), era_c_abstract(p))
        write(root, p.file_path("Paper", "pdf"), pdf_bytes(p, pages=3))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--papers", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=16)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root, home = Path(tmp) / "site", Path(tmp) / "home"
        t0 = time.perf_counter()
        build(root, args.papers)
        print(f"mirror: {args.papers} papers written in {time.perf_counter() - t0:.1f} s")
        with MirrorProcess(root) as mirror:
            cmd = [str(Path(sys.executable).parent / "scrapy"), "crawl", "neurips", "-a", "years=2024",
                   "-a", "tracks=main,datasets", "-a", f"site={mirror.url}", "-s", f"PAPERSCOPE_HOME={home}",
                   "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0", "-s", "LOG_LEVEL=WARNING",
                   "-s", f"CONCURRENT_REQUESTS={args.concurrency * 2}",
                   "-s", f"CONCURRENT_REQUESTS_PER_DOMAIN={args.concurrency}"]  # fmt: skip
            start = time.perf_counter()
            subprocess.run(cmd, cwd=REPO, check=True)
            wall = time.perf_counter() - start
            peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        with sqlite3.connect(home / "paperscope.sqlite") as conn:
            listed, stored = conn.execute("SELECT count(*), count(pdf_sha256) FROM papers").fetchone()
    print(
        f"listed {listed}, stored {stored} PDFs in {wall:.1f} s (concurrency {args.concurrency} per domain)"
    )
    print(f"papers/s: {stored / wall:.1f}")
    print(f"peak memory (crawl process RSS): {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
