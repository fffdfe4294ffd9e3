"""``paperscope run``: crawl -> PDF store -> extract -> (push) -> report, each stage resumable.

This is the one readable function that wires the stages together; the stages still talk to each
other only through the store. Every stage skips work already done, so a killed run started again
picks up where it stopped.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console

from paperscope.errors import InputError, PaperscopeError
from paperscope.settings import Settings
from paperscope.store import Store

VENUES = ("neurips", "icml", "iclr")


@dataclass(frozen=True, slots=True)
class RunPlan:
    """What one run covers, parsed once (:meth:`build`) and passed to every stage as typed values."""

    venue: str
    years: tuple[int, ...]
    tracks: tuple[str, ...] = ("main", "datasets")
    site: str | None = None
    limit: int | None = None
    workers: int = 2
    push: bool = False

    @classmethod
    def build(
        cls,
        venue: str,
        years: str,
        tracks: str = "main,datasets",
        *,
        site: str | None = None,
        limit: int | None = None,
        workers: int = 2,
        push: bool = False,
    ) -> RunPlan:
        """Parse the user's text options once; a bad value is a one-line :class:`InputError`."""
        from crawlers.options import parse_tracks, parse_years

        if venue not in VENUES:
            raise InputError(f"--venue {venue!r}: choose {', '.join(VENUES)}")
        return cls(venue, parse_years(years), parse_tracks(tracks), site, limit, workers, push)


@dataclass(slots=True)
class RunSummary:
    """What a run left in the store, and where the report is."""

    listed: int = 0
    stored: int = 0
    missed: int = 0
    layout_misses: int = 0
    labels: dict[str, int] = field(default_factory=dict)
    extraction_errors: int = 0
    pushed: int = 0
    report: Path | None = None
    stage_seconds: dict[str, float] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def _timed(summary: RunSummary, stage: str, console: Console, work: Callable[[], None]) -> None:
    """Run one stage; a service or input failure is recorded and the next stage still runs."""
    console.rule(f"[bold]{stage}")
    start = time.perf_counter()
    try:
        work()
    except PaperscopeError as exc:
        summary.problems.append(f"{stage}: {exc}")
        console.print(f"[red]{stage} failed: {exc}[/red]")
    summary.stage_seconds[stage] = time.perf_counter() - start


def run(plan: RunPlan, settings: Settings, console: Console | None = None) -> RunSummary:
    """Run every stage for ``plan`` and return the summary (stage errors become ``problems``)."""
    console = console or Console()
    summary = RunSummary()
    _timed(summary, "crawl", console, lambda: _crawl(plan, settings, console, summary))
    _timed(summary, "extract", console, lambda: _extract(plan, settings, console))
    if plan.push:
        _timed(summary, "push", console, lambda: _push(plan, settings, console, summary))
    _timed(summary, "report", console, lambda: _report(settings, summary))
    _count(plan, settings, summary)
    return summary


def _crawl(plan: RunPlan, settings: Settings, console: Console, summary: RunSummary) -> None:
    """Crawl through the stage's library function, with its progress bar and summary lines."""
    from crawlers.run import CrawlRequest, finish, run_crawl

    request = CrawlRequest(plan.venue, plan.years, plan.tracks, plan.limit, plan.site)
    code = finish(request, run_crawl(request, settings), settings)
    if code:
        summary.problems.append(f"the crawl exited with code {code} (see the crawl log above)")


def _extract(plan: RunPlan, settings: Settings, console: Console) -> None:
    """Extract every year of the plan through :func:`paperscope.api.extract`, one line per year."""
    from extract.commands import ProgressBar
    from paperscope import api

    for year in plan.years:
        request = api.ExtractRequest(
            home=settings.work_dir, venue=plan.venue, year=year, workers=plan.workers
        )
        with ProgressBar() as bar:
            done = api.extract(request, on_plan=bar.planned, on_outcome=bar.done)
        rate = done.pages / done.seconds if done.seconds else 0.0
        console.print(
            f"{plan.venue} {year}: {done.pdfs} PDFs, {done.pages} pages ({rate:.0f} pages/s); "
            f"{done.labels_added} new labels; {len(done.errors)} PDFs with errors"
        )
        for sha, reason in sorted(done.errors.items()):
            console.print(f"  error {sha[:12]}: {reason}", markup=False, highlight=False)


def _push(plan: RunPlan, settings: Settings, console: Console, summary: RunSummary) -> None:
    from annotate.client import LabelStudioClient
    from annotate.crops import CropCache
    from annotate.push import plans_for, push
    from paperscope.store.pdfs import PdfStore

    with Store.open(settings.store_path) as store:
        plans = [p for y in plan.years for p in plans_for(store, venue=plan.venue, year=y)]
        crops = CropCache(settings.work_dir / "crops", PdfStore(settings.pdf_dir))
        with LabelStudioClient(settings.ls_url, settings.ls_api_key) as client:
            report = push(store, client, crops, plans)
    summary.pushed = sum(report.created.values()) + sum(report.updated.values())


def _report(settings: Settings, summary: RunSummary) -> None:
    from paperscope import api

    summary.report = api.report(api.ReportRequest(home=settings.work_dir)).path


def _count(plan: RunPlan, settings: Settings, summary: RunSummary) -> None:
    """The run's papers and labels, counted where ``paperscope status`` counts them."""
    from paperscope.status import crawl_counts, field_counts

    years = set(plan.years)
    with Store.open(settings.store_path) as store:
        rows = [c for c in crawl_counts(store) if c.venue == plan.venue and c.year in years]
        summary.listed = sum(c.listed for c in rows)
        summary.stored = sum(c.stored for c in rows)
        summary.missed = sum(c.missed for c in rows)
        summary.layout_misses = store.query(
            "SELECT count(*) FROM layout_misses WHERE venue = ?", (plan.venue,)
        )[0][0]
        summary.labels = {
            f.field: f.labels for f in field_counts(store, plan.venue, sorted(years)) if f.labels
        }
        summary.extraction_errors = store.query(
            "SELECT count(*) FROM extraction_runs WHERE status = 'error'"
        )[0][0]


def print_summary(summary: RunSummary, console: Console) -> None:
    """Print the end-of-run summary."""
    console.rule("[bold]summary")
    console.print(
        f"papers: listed {summary.listed}, stored {summary.stored}, missed {summary.missed}; "
        f"layout misses {summary.layout_misses}"
    )
    labels = ", ".join(f"{k} {v}" for k, v in summary.labels.items()) or "none"
    console.print(f"labels: {labels}; extraction errors {summary.extraction_errors}")
    if summary.pushed:
        console.print(f"pushed to Label Studio: {summary.pushed} tasks")
    timing = ", ".join(f"{k} {v:.1f} s" for k, v in summary.stage_seconds.items())
    console.print(f"time: {timing}")
    for problem in summary.problems:
        console.print(f"[red]problem: {problem}[/red]")
    if summary.report:
        console.print(f"report: {summary.report}")
