"""The resumable extraction batch: store -> worker processes -> labels (or error rows) -> store.

Each registered extractor version runs once per PDF: a PDF is planned only for the extractors whose
``name@version`` has no finished run on it (``--force`` replans them all). A new version therefore
adds labels next to the old ones, whose verifications stay untouched. A PDF that cannot be read,
runs past the time cap or blows the memory cap becomes an error row with its reason, and the run
goes on. A run that ended in ``timeout:`` or ``crashed:`` is retried once by the next batch (a
second failure is recorded as ``... (attempt 2)`` and left alone); ``retry_errors`` retries every
error row.
"""

from __future__ import annotations

import gc
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from extract.document import PaperMeta
from extract.pool import Caps, WorkerPool, can_fork
from extract.registry import Extractor, select
from extract.worker import Job, Outcome, extract_one
from paperscope.store import ExtractorRun, Store
from paperscope.store.pdfs import PdfStore

RETRIED_ONCE = ("timeout:", "crashed:")  # failures of the moment (load, a slow disk), not of the PDF
MAX_ATTEMPTS = 2
_ATTEMPT = re.compile(r" \(attempt (\d+)\)$")


@dataclass
class RunSummary:
    """What one batch did: PDFs and pages seen, labels added, errors by reason, worker peak memory."""

    pdfs: int = 0
    pages: int = 0
    labels_added: int = 0
    errors: dict[str, str] = field(default_factory=dict)  # sha256 -> first error reason
    seconds: float = 0.0
    peak_rss_mb: float = 0.0
    startup_seconds: float = 0.0  # until the first outcome: worker start-up and resource loading
    first_pages: int = 0  # pages of that first outcome
    profile_labels: int = 0  # new affiliation labels from stored OpenReview profiles

    @property
    def steady_pages_per_second(self) -> float:
        """Pages/s once the workers are up (the first outcome, which pays their start-up, left out)."""
        span = self.seconds - self.startup_seconds
        return (self.pages - self.first_pages) / span if span > 0 else 0.0


def paper_meta(store: Store, key: str) -> PaperMeta:
    """What the crawl knows of a paper, for extractors that also read metadata."""
    paper = store.get_paper(key)
    if paper is None:
        return PaperMeta()
    return PaperMeta(
        title=paper.title,
        abstract=paper.abstract or "",
        keywords=paper.keywords,
        author_names=tuple(a.name for a in paper.authors),
    )


def plan(
    store: Store,
    pdf_store: PdfStore,
    extractors: tuple[Extractor[Any], ...],
    *,
    venue: str | None = None,
    year: int | None = None,
    force: bool = False,
    retry_errors: bool = False,
) -> list[Job]:
    """The jobs still to do, in PDF hash order: each with only the extractors not yet run on it.

    A run that could not read its PDF file (``missing:``, e.g. the PDF folder was unreadable) is
    not done: the next batch tries it again. Nor is a first ``timeout:`` or ``crashed:`` run, or,
    with ``retry_errors``, any error row.
    """
    done = {
        ex.name: set()
        if force
        else store.extraction_done(ex.name, ex.version) - _to_retry(store, ex, retry_errors)
        for ex in extractors
    }
    jobs: list[Job] = []
    for sha, keys in store.pdfs(venue=venue, year=year):
        todo = tuple(ex.name for ex in extractors if sha not in done[ex.name])
        if todo:
            papers = tuple((key, paper_meta(store, key)) for key in keys)
            jobs.append(Job(sha, str(pdf_store.path_for(sha)), papers, todo))
    return jobs


def _to_retry(store: Store, ex: Extractor[Any], every_error: bool) -> set[str]:
    """PDFs whose error row for this extractor version is to be run again.

    ``missing:`` (the disk failed, not the PDF) always; ``timeout:``/``crashed:`` until the
    ``MAX_ATTEMPTS``-th failure; any error when ``every_error``.
    """
    rows = store.query(
        "SELECT pdf_sha256, error FROM extraction_runs WHERE producer = ? AND version = ? AND status = 'error'",
        (ex.name, ex.version),
    )
    return {
        r["pdf_sha256"]
        for r in rows
        if every_error
        or r["error"].startswith("missing:")
        or (r["error"].startswith(RETRIED_ONCE) and attempts(r["error"]) < MAX_ATTEMPTS)
    }


def attempts(error: str) -> int:
    """How many runs ended in this error: the ``(attempt N)`` suffix, else 1."""
    m = _ATTEMPT.search(error)
    return int(m.group(1)) if m else 1


def _numbered(store: Store, sha: str, ex: Extractor[Any], reason: str) -> str:
    """The error text to record: ``reason`` with ``(attempt N)`` when an earlier run also failed."""
    rows = store.query(
        "SELECT error FROM extraction_runs WHERE pdf_sha256 = ? AND producer = ? AND version = ? "
        "AND status = 'error'",
        (sha, ex.name, ex.version),
    )
    if not rows:
        return reason
    return f"{reason} (attempt {attempts(rows[0]['error']) + 1})"


def record(store: Store, outcome: Outcome, extractors: dict[str, Extractor[Any]]) -> int:
    """Store an outcome in one transaction: each extractor's labels, or its error row. Returns the new labels."""
    runs = [
        ExtractorRun(ex.name, ex.version, error=_numbered(store, outcome.sha256, ex, outcome.errors[name]))
        if name in outcome.errors
        else ExtractorRun(ex.name, ex.version, tuple(outcome.labels[name]))
        for name, ex in extractors.items()
        if name in outcome.errors or name in outcome.labels
    ]
    return store.record_extractions(outcome.sha256, runs, n_pages=outcome.n_pages, seconds=outcome.seconds)


def run_jobs(
    jobs: list[Job], data_dir: Path, *, workers: int, caps: Caps, extractors: tuple[Extractor[Any], ...] = ()
) -> Iterator[Outcome]:
    """Run jobs in a worker pool, yielding outcomes as they finish.

    When workers can be forked, the ``extractors``' resources are loaded here first, once, and the
    workers inherit them. ``workers=0`` runs the jobs one by one in this process, without the time
    and memory caps (for debugging and tests that patch the registry).
    """
    if not jobs:
        return
    if workers == 0:
        for job in jobs:
            yield extract_one(job, data_dir, caps.max_pages)
        return
    forked = can_fork()
    if forked:
        for ex in extractors:
            ex.load(data_dir)
        # the loaded resources are a million objects: out of the collector's reach, forked workers
        # neither scan them again nor dirty (copy) the pages they share with this process
        gc.freeze()
    try:
        with WorkerPool(min(workers, len(jobs)), data_dir, caps) as pool:
            yield from pool.run(sorted(jobs, key=_pdf_size, reverse=True))
    finally:
        if forked:
            gc.unfreeze()


def _pdf_size(job: Job) -> int:
    """Bytes of the job's PDF (0 if unreadable): the largest go first, so no worker ends long after the rest."""
    try:
        return Path(job.path).stat().st_size
    except OSError:
        return 0


def run_batch(
    store: Store,
    pdf_store: PdfStore,
    data_dir: Path,
    *,
    workers: int = 2,
    caps: Caps | None = None,
    only: tuple[str, ...] = (),
    venue: str | None = None,
    year: int | None = None,
    force: bool = False,
    retry_errors: bool = False,
    on_outcome: Callable[[Outcome, int], None] | None = None,
    on_plan: Callable[[list[Job]], None] | None = None,
) -> RunSummary:
    """Plan, run and record one batch; ``on_outcome(outcome, labels_added)`` reports progress."""
    extractors = select(only)
    by_name = {ex.name: ex for ex in extractors}
    jobs = plan(store, pdf_store, extractors, venue=venue, year=year, force=force, retry_errors=retry_errors)
    if on_plan is not None:
        on_plan(jobs)
    summary = RunSummary()
    started = time.perf_counter()
    for outcome in run_jobs(jobs, data_dir, workers=workers, caps=caps or Caps(), extractors=extractors):
        added = record(store, outcome, by_name)
        if summary.pdfs == 0:
            summary.startup_seconds, summary.first_pages = time.perf_counter() - started, outcome.n_pages
        summary.pdfs += 1
        summary.pages += outcome.n_pages
        summary.labels_added += added
        summary.peak_rss_mb = max(summary.peak_rss_mb, outcome.peak_rss_mb)
        if outcome.errors:
            summary.errors[outcome.sha256] = next(iter(outcome.errors.values()))
        if on_outcome is not None:
            on_outcome(outcome, added)
    summary.seconds = time.perf_counter() - started
    if (not only or "affiliations" in only) and store.profile_ids():
        from extract.affiliations.orgs import cached_org_index
        from extract.profiles import store_profile_labels

        summary.profile_labels = store_profile_labels(store, cached_org_index(data_dir / "orgs"))
    return summary
