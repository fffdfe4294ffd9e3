"""Extraction throughput on ../shared/corpus/pdfs, from one run, with the issue's targets.

Three pipelines over the same PDFs, each with the same number of worker processes (default 2):

1. full extract: ``paperscope extract``'s batch (pypdfium2 parse, every registered extractor,
   evidence boxes, labels written to a scratch store);
2. raw pypdfium2: page text only, nothing else;
3. pdfplumber-only: pdfplumber page text + page-1 words, the same sections and extractors.

Prints pages/s of each, the ratios (targets: full >= 100 pages/s, >= 0.5x raw, >= 10x pdfplumber)
and the peak resident memory of a worker.

Usage: .venv/bin/python benchmarks/extract_speed.py [--workers 2] [--plumber-pdfs N]
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import multiprocessing as mp
import os
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from extract.run import RunSummary

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

SHARED = REPO / ".." / "shared"


def corpus() -> list[Path]:
    """The corpus PDFs, in MANIFEST order."""
    pdf_dir = SHARED / "corpus" / "pdfs"
    with (pdf_dir / "MANIFEST.tsv").open(encoding="utf-8", newline="") as fh:
        return [pdf_dir / row["file"] for row in csv.DictReader(fh, delimiter="\t")]


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def raw_text(path: str) -> tuple[int, float]:
    """Worker: pypdfium2 text of every page; (pages, peak MB)."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(Path(path).read_bytes())
    n = len(pdf)
    for i in range(n):
        page = pdf[i]
        textpage = page.get_textpage()
        textpage.get_text_range()
        textpage.close()
        page.close()
    pdf.close()
    return n, _peak_mb()


def plumber_pipeline(path: str) -> tuple[int, float]:
    """Worker: pdfplumber text and page-1 words, sections, every registered extractor."""
    import pdfplumber

    from extract.document import PAGE_SEP, Page, ParsedDoc, Word
    from extract.registry import EXTRACTORS, run_all
    from extract.sections import find_sections
    from paperscope.settings import DATA_DIR

    data = Path(path).read_bytes()
    texts, pages, offset = [], [], 0
    with pdfplumber.open(path) as pdf:
        for i, page in enumerate(pdf.pages):
            text = page.extract_text() or ""
            if i:
                offset += len(PAGE_SEP)
            pages.append(Page(i, offset, offset + len(text), float(page.width), float(page.height)))
            texts.append(text)
            offset += len(text)
        first = pdf.pages[0]
        words = tuple(
            Word(
                w["text"],
                0,
                w["x0"] / first.width,
                w["top"] / first.height,
                w["x1"] / first.width,
                w["bottom"] / first.height,
                w.get("fontname", ""),
                float(w.get("size", 0.0)),
            )
            for w in first.extract_words(extra_attrs=["fontname", "size"])
        )
    full = PAGE_SEP.join(texts)
    doc = ParsedDoc(
        paper_key="local/2000/bench/" + hashlib.sha256(data).hexdigest()[:16],
        pdf_sha256=hashlib.sha256(data).hexdigest(),
        text=full,
        text_sha256=hashlib.sha256(full.encode("utf-8", "surrogatepass")).hexdigest(),
        pages=tuple(pages),
        sections=find_sections(full),
        header_words=words,
        parser="pdfplumber",
    )
    run_all(doc, EXTRACTORS, DATA_DIR)
    return len(pages), _peak_mb()


def pooled(func: object, paths: list[Path], workers: int) -> tuple[int, float, float]:
    """Run ``func`` over ``paths`` in ``workers`` spawned processes: (pages, seconds, peak MB)."""
    ctx = mp.get_context("spawn")
    started = time.perf_counter()
    with ctx.Pool(workers) as pool:
        results = pool.map(func, [str(p) for p in paths], chunksize=1)  # type: ignore[arg-type]
    seconds = time.perf_counter() - started
    return sum(r[0] for r in results), seconds, max(r[1] for r in results)


def full_extract(paths: list[Path], workers: int) -> RunSummary:
    """The real batch (every registered extractor) on a scratch store."""
    from extract.ingest import Placement, ingest_paths
    from extract.run import run_batch
    from paperscope.settings import DATA_DIR
    from paperscope.store import Store
    from paperscope.store.pdfs import PdfStore

    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        with Store.open(home / "paperscope.sqlite") as store:
            pdf_store = PdfStore(home / "pdfs")
            # every PDF filed, placed or not: the benchmark times extraction, not placement
            ingest_paths(paths, store, pdf_store, Placement("local", 2000, "speed"))
            return run_batch(store, pdf_store, DATA_DIR, workers=workers, force=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--plumber-pdfs", type=int, default=0, help="Time pdfplumber on the first N PDFs only."
    )
    args = parser.parse_args()
    if not (SHARED / "corpus").is_dir():
        print(f"skipped: {SHARED} is absent")
        return 0
    paths = corpus()
    plumber_paths = paths[: args.plumber_pdfs] if args.plumber_pdfs else paths
    print(
        f"corpus: {len(paths)} PDFs; {args.workers} worker processes each; "
        f"pdfplumber on {len(plumber_paths)} PDFs"
    )
    load_before = os.getloadavg()[0]
    # raw text before and after the full run, so a change of load on a shared machine shows up
    raw_pages, raw_s1, raw_mb = pooled(raw_text, paths, args.workers)
    summary = full_extract(paths, args.workers)
    pages, seconds, full_mb = summary.pages, summary.seconds, summary.peak_rss_mb
    full = pages / seconds
    steady = summary.steady_pages_per_second
    _, raw_s2, _ = pooled(raw_text, paths, args.workers)
    raw_s = (raw_s1 + raw_s2) / 2
    raw = raw_pages / raw_s
    pl_pages, pl_s, pl_mb = pooled(plumber_pipeline, plumber_paths, args.workers)
    plumber = pl_pages / pl_s
    print(f"{'pipeline':28} {'pages':>6} {'seconds':>8} {'pages/s':>8} {'peak MB/worker':>15}")
    print(
        f"{'full extract (all extractors)':28} {pages:6d} {seconds:8.2f} {full:8.1f} {full_mb:15.0f}   "
        f"({len(summary.errors)} PDFs with errors)"
    )
    print(
        f"{'  of which worker start-up':28} {'':6} {summary.startup_seconds:8.2f}   (until the first PDF is done: "
        f"spawn, imports, every extractor's resources)"
    )
    print(
        f"{'  full extract, steady state':28} {pages - summary.first_pages:6d} "
        f"{seconds - summary.startup_seconds:8.2f} {steady:8.1f}"
    )
    print(
        f"{'raw pypdfium2 text':28} {raw_pages:6d} {raw_s:8.2f} {raw:8.1f} {raw_mb:15.0f}   "
        f"(mean of {raw_s1:.2f} s before and {raw_s2:.2f} s after the full run)"
    )
    print(f"{'pdfplumber-only pipeline':28} {pl_pages:6d} {pl_s:8.2f} {plumber:8.1f} {pl_mb:15.0f}")
    print(
        f"load average (1 min) before {load_before:.2f}, after {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores"
    )
    checks = [
        ("full extract pages/s", full, 100.0),
        ("full / raw pypdfium2", full / raw, 0.5),
        ("full / pdfplumber-only", full / plumber, 10.0),
        ("steady full pages/s", steady, 100.0),
        ("steady full / raw pypdfium2", steady / raw, 0.5),
    ]
    for name, value, target in checks:
        print(f"{name:28} {value:8.2f}   target >= {target:g} {'PASS' if value >= target else 'FAIL'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
