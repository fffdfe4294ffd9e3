"""One extraction worker process: PDF file -> parsed document -> labels with boxes, under caps.

The worker lowers its own address-space limit (``resource.setrlimit``) before it reads any PDF, so
a decompression bomb fails inside it, not in the parent. It never touches the store: it sends
:class:`Outcome`s back through a pipe and the parent writes them.
"""

from __future__ import annotations

import contextlib
import os
import resource
import time
from dataclasses import dataclass, field, replace
from multiprocessing.connection import Connection
from pathlib import Path

from extract.document import PaperMeta
from paperscope.procs import default_signals, die_with
from paperscope.records import Label


@dataclass(frozen=True, slots=True)
class Job:
    """One PDF to extract: where it is, the papers it belongs to, the extractors still to run."""

    sha256: str
    path: str
    papers: tuple[tuple[str, PaperMeta], ...]
    extractors: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a worker made of a job: labels per extractor, or the reason each one failed."""

    sha256: str
    n_pages: int
    seconds: float
    labels: dict[str, list[Label]] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    peak_rss_mb: float = 0.0


def peak_rss_mb() -> float:
    """This process's peak resident set size so far, in MB (Linux reports KB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def limit_memory(memory_mb: int) -> None:
    """Cap this process's address space at ``memory_mb`` MB (0 leaves it alone).

    A worker forked from a large process (a notebook or test session that has loaded pandas,
    Scrapy and a dozen threads' arenas) may already map more than the cap: it gets ``memory_mb``
    of headroom above what it inherited instead, or it could not allocate anything at all.
    """
    if memory_mb <= 0:
        return
    cap = memory_mb * 1024 * 1024
    start = _address_space()
    if start > cap // 2:
        cap += start
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))


def _address_space() -> int:
    """This process's mapped address space in bytes (VmSize), 0 where /proc cannot tell."""
    try:
        with Path("/proc/self/status").open(encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        return 0
    return 0


def extract_one(job: Job, data_dir: Path, max_pages: int) -> Outcome:
    """Parse one PDF and run the job's extractors on it, for each paper it belongs to."""
    from extract.boxes import with_boxes
    from extract.parse import OpenPages, close_pages, parse_document
    from extract.pdfium_reader import PdfError, open_document
    from extract.registry import run_all, select

    started = time.perf_counter()
    extractors = select(job.extractors)

    def failed(reason: str, n_pages: int = 0) -> Outcome:
        errors = dict.fromkeys(job.extractors, reason)
        return Outcome(
            job.sha256, n_pages, time.perf_counter() - started, errors=errors, peak_rss_mb=peak_rss_mb()
        )

    try:
        data = Path(job.path).read_bytes()
    except OSError as exc:
        return failed(f"missing: cannot read the stored PDF ({exc.strerror})")
    try:
        pdf = open_document(data, max_pages=max_pages)
    except PdfError as exc:
        return failed(str(exc))
    pages: OpenPages = {}
    labels: dict[str, list[Label]] = {name: [] for name in job.extractors}
    errors: dict[str, str] = {}
    try:
        first_key, first_meta = job.papers[0]
        doc = parse_document(pdf, paper_key=first_key, pdf_sha256=job.sha256, meta=first_meta, keep=pages)
        for key, meta in job.papers:
            paper_doc = replace(doc, paper_key=key, meta=meta)
            for name, out in run_all(paper_doc, extractors, data_dir).items():
                if isinstance(out, Exception):
                    errors[name] = f"extractor failed: {type(out).__name__}: {out}"
                else:
                    labels[name] += with_boxes(out, paper_doc, pages)
        n_pages = len(doc.pages)
    except MemoryError:
        return failed("memory: over the worker's memory cap", len(pdf))
    except Exception as exc:  # noqa: BLE001  # pdfium opened it but cannot read it: record why
        return failed(f"unreadable: parsing failed ({type(exc).__name__}: {exc})", len(pdf))
    finally:
        close_pages(pages)
        pdf.close()
    for name in errors:
        labels.pop(name, None)
    return Outcome(job.sha256, n_pages, time.perf_counter() - started, labels, errors, peak_rss_mb())


def serve(
    conn: Connection,
    data_dir: str,
    max_pages: int,
    memory_mb: int,
    *,
    parent: int,
    inherited: tuple[int, ...] = (),
) -> None:
    """Worker main loop: receive jobs, send outcomes, stop on ``None`` or a closed pipe.

    The worker dies with ``parent`` whatever kills it, closes the parent's pipe ends it inherited
    (``inherited``), leaves stop signals to the parent and caps its own memory before any PDF.
    """
    die_with(parent)
    default_signals()
    for fd in inherited:
        with contextlib.suppress(OSError):
            os.close(fd)
    limit_memory(memory_mb)
    while True:
        try:
            job = conn.recv()
        except EOFError:
            return
        if job is None:
            return
        outcome = extract_one(job, Path(data_dir), max_pages)
        conn.send(outcome)
        if any(e.startswith("memory:") for e in outcome.errors.values()):
            return  # after a MemoryError the process is best replaced
