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
    """What one run covers."""

    venue: str
    years: str
    tracks: str = "main,datasets"
    site: str | None = None
    limit: int | None = None
    workers: int = 2
    push: bool = False


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
    from crawlers.options import parse_years

    if plan.venue not in VENUES:
        raise InputError(f"--venue {plan.venue!r}: choose {', '.join(VENUES)}")
    parse_years(plan.years)  # a bad --years is a one-line error before any stage runs
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
    """Run the venue's crawl command (same validation, progress and report as ``paperscope crawl``)."""
    import typer

    from crawlers.commands import neurips
    from crawlers.commands_pmlr_openreview import iclr, icml

    home, years = settings.work_dir, plan.years
    try:
        if plan.venue == "neurips":
            neurips(years=years, tracks=plan.tracks, limit=plan.limit, site=plan.site, home=home)
        elif plan.venue == "icml":
            icml(years=years, limit=plan.limit, site=plan.site, home=home)
        else:
            iclr(years=years, limit=plan.limit, site=plan.site, home=home)
    except typer.Exit as done:
        if done.exit_code:
            summary.problems.append(f"the crawl exited with code {done.exit_code} (see the crawl log above)")


def _extract(plan: RunPlan, settings: Settings, console: Console) -> None:
    from crawlers.options import parse_years
    from extract.commands import extract

    for year in parse_years(plan.years):
        extract(home=settings.work_dir, venue=plan.venue, year=year, workers=plan.workers)


def _push(plan: RunPlan, settings: Settings, console: Console, summary: RunSummary) -> None:
    from annotate.client import LabelStudioClient
    from annotate.crops import CropCache
    from annotate.push import plans_for, push
    from crawlers.options import parse_years
    from paperscope.store.pdfs import PdfStore

    with Store.open(settings.store_path) as store:
        plans = [p for y in parse_years(plan.years) for p in plans_for(store, venue=plan.venue, year=y)]
        crops = CropCache(settings.work_dir / "crops", PdfStore(settings.pdf_dir))
        with LabelStudioClient(settings.ls_url, settings.ls_api_key) as client:
            report = push(store, client, crops, plans)
    summary.pushed = sum(report.created.values()) + sum(report.updated.values())


def _report(settings: Settings, summary: RunSummary) -> None:
    from analysis.params import DEFAULT_PARAMS, load_params, load_targets
    from analysis.report import build, write

    target = settings.report_dir / "report.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    with Store.open(settings.store_path) as store:
        built = build(store, load_params(DEFAULT_PARAMS), load_targets(), settings.work_dir)
    write(built, target)
    summary.report = target


def _count(plan: RunPlan, settings: Settings, summary: RunSummary) -> None:
    from crawlers.options import parse_years

    years = parse_years(plan.years)
    marks = ",".join("?" * len(years))
    with Store.open(settings.store_path) as store:
        row = store.query(
            f"""SELECT count(*), sum(p.pdf_sha256 IS NOT NULL), count(m.paper_key)
                FROM papers p LEFT JOIN misses m ON m.paper_key = p.key
                WHERE p.venue = ? AND p.year IN ({marks})""",
            (plan.venue, *years),
        )[0]
        summary.listed, summary.stored, summary.missed = row[0], row[1] or 0, row[2]
        summary.layout_misses = store.query(
            "SELECT count(*) FROM layout_misses WHERE venue = ?", (plan.venue,)
        )[0][0]
        summary.labels = {
            r[0]: r[1]
            for r in store.query(
                f"""SELECT l.field, count(*) FROM labels l JOIN papers p ON p.key = l.paper_key
                    WHERE p.venue = ? AND p.year IN ({marks}) AND l.producer != 'placeholder'
                    GROUP BY l.field ORDER BY l.field""",
                (plan.venue, *years),
            )
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
