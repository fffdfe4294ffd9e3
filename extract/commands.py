"""CLI commands of the extract stage: ``paperscope ingest PATH...`` and ``paperscope extract``.

Only typer is imported here at start-up; the stage's modules load inside the commands.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Self

import typer

from paperscope.cli_options import HomeOption, settings_for

if TYPE_CHECKING:
    from extract.run import RunSummary
    from extract.worker import Job


def register(app: typer.Typer) -> None:
    """Add ``ingest`` and ``extract`` to the paperscope CLI."""
    app.command("ingest")(ingest)
    app.command("extract")(extract)


def ingest(
    paths: Annotated[list[Path], typer.Argument(help="PDF files or folders (searched recursively).")],
    home: HomeOption = None,
    venue: Annotated[
        str | None, typer.Option(help="The venue of these PDFs (neurips, icml, iclr, local); with --year.")
    ] = None,
    year: Annotated[int | None, typer.Option(min=1987, max=2100, help="Their year; with --venue.")] = None,
    track: Annotated[str, typer.Option(help="Their track (with --venue and --year).")] = "local",
) -> None:
    """Put local PDFs into the PDF store, matched by title to known papers or as papers of their own."""
    import re
    from collections import Counter

    from extract.ingest import Placement, ingest_paths
    from paperscope.errors import InputError
    from paperscope.store import Store
    from paperscope.store.pdfs import PdfStore

    if (venue is None) != (year is None):
        raise InputError("--venue and --year go together")
    if venue is not None and venue not in {"neurips", "icml", "iclr", "local"}:
        raise InputError(f"--venue {venue!r}: choose neurips, icml, iclr or local")
    if not re.fullmatch(r"[a-z0-9_-]+", track):
        raise InputError(f"--track {track!r}: lower-case letters, digits, '-' and '_' only")
    given = Placement(venue, year, track) if venue is not None and year is not None else None
    settings = settings_for(home)
    with Store.open(settings.store_path) as store:
        results = ingest_paths(paths, store, PdfStore(settings.pdf_dir), given)
    stored = [r for r in results if not r.error]
    for r in results:
        if r.error:
            typer.echo(f"refused  {r.path}: {r.error}", err=True)
        elif r.unplaced:
            filed = f" -> {', '.join(r.paper_keys)}" if r.paper_keys else " (stored, not filed as a paper)"
            typer.echo(f"unplaced {r.path}{filed}: {r.unplaced}; give --venue and --year to file it")
        else:
            typer.echo(f"placed   {r.path} -> {', '.join(r.paper_keys)} (by {r.placed_by})")
    typer.echo(f"{len(stored)} of {len(results)} PDFs stored ({sum(r.new_paper for r in stored)} new papers)")
    by = Counter(r.placed_by for r in stored if r.placed_by)
    typer.echo(
        f"placed at their venue and year: {sum(by.values())}"
        + (f" ({', '.join(f'{n} by {how}' for how, n in sorted(by.items()))})" if by else "")
        + f"; unplaced: {sum(1 for r in stored if r.unplaced)}"
    )
    refused = len(results) - len(stored)
    if refused:
        typer.echo(
            f"paperscope: error: {refused} of {len(results)} PDFs refused (kept with their reasons: "
            "`paperscope status`)",
            err=True,
        )
        raise typer.Exit(1)


def extract(
    home: HomeOption = None,
    venue: Annotated[
        str | None, typer.Option(help="Only papers of this venue (neurips, icml, iclr, local).")
    ] = None,
    year: Annotated[int | None, typer.Option(help="Only papers of this year.")] = None,
    workers: Annotated[int, typer.Option(min=1, help="Worker processes.")] = 2,
    only: Annotated[
        list[str] | None, typer.Option(help="Run only these extractors (repeat the option; default: all).")
    ] = None,
    force: Annotated[
        bool, typer.Option(help="Re-run extractors already run at their current version.")
    ] = False,
    retry_errors: Annotated[
        bool, typer.Option(help="Run again every PDF whose last run ended in an error.")
    ] = False,
    time_limit: Annotated[
        float, typer.Option(min=1, help="Seconds one PDF may take before it is an error.")
    ] = 120.0,
    memory_mb: Annotated[int, typer.Option(min=256, help="Address-space cap of each worker, in MB.")] = 2048,
    max_pages: Annotated[
        int, typer.Option(min=1, help="A PDF with more pages than this is an error, not extracted.")
    ] = 1000,
) -> None:
    """Run the extractors over the stored PDFs (resumable): labels with evidence, errors with reasons."""
    from extract.pool import Caps
    from extract.registry import select
    from extract.run import run_batch
    from paperscope.errors import InputError
    from paperscope.runlock import RunLock
    from paperscope.settings import DATA_DIR
    from paperscope.store import Store
    from paperscope.store.pdfs import PdfStore

    try:
        select(tuple(only or ()))
    except ValueError as exc:
        raise InputError(f"--only: {exc}") from exc
    settings = settings_for(home)
    with (
        Store.open(settings.store_path, create=False) as store,
        RunLock(settings.extract_marker, "extract"),
        ProgressBar() as progress,
    ):
        summary = run_batch(
            store,
            PdfStore(settings.pdf_dir),
            DATA_DIR,
            workers=workers,
            caps=Caps(seconds=time_limit, memory_mb=memory_mb, max_pages=max_pages),
            only=tuple(only or ()),
            venue=venue,
            year=year,
            force=force,
            retry_errors=retry_errors,
            on_plan=progress.planned,
            on_outcome=progress.done,
        )
    _report(summary)


def _report(summary: RunSummary) -> None:
    rate = summary.pages / summary.seconds if summary.seconds else 0.0
    typer.echo(
        f"{summary.pdfs} PDFs, {summary.pages} pages in {summary.seconds:.1f} s ({rate:.0f} pages/s); "
        f"{summary.labels_added} new labels; {len(summary.errors)} PDFs with errors"
    )
    if summary.profile_labels:
        typer.echo(f"{summary.profile_labels} new affiliation labels from OpenReview profiles")
    for sha, reason in sorted(summary.errors.items()):
        typer.echo(f"  error {sha[:12]}: {reason}", err=True)


class ProgressBar:
    """A Rich progress bar over PDFs that shows pages/s and errors so far."""

    def __init__(self) -> None:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self._bar = Progress(
            TextColumn("extract"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rate]:.0f} pages/s  {task.fields[errors]} errors"),
            TimeElapsedColumn(),
            transient=False,
            auto_refresh=False,  # no refresh thread: the pool may then fork its workers safely
        )
        self._task = self._bar.add_task("extract", total=0, rate=0.0, errors=0)
        self._pages = 0
        self._errors = 0

    def __enter__(self) -> Self:
        self._bar.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._bar.stop()

    def planned(self, jobs: list[Job]) -> None:
        """Set the bar's total to the PDFs planned."""
        self._bar.update(self._task, total=len(jobs))
        self._bar.refresh()

    def done(self, outcome: object, added: int) -> None:
        """Advance by one stored outcome; count its pages and errors."""
        from extract.worker import Outcome

        if isinstance(outcome, Outcome):
            self._pages += outcome.n_pages
            self._errors += bool(outcome.errors)
        elapsed = self._bar.tasks[0].elapsed or 0.0
        rate = self._pages / elapsed if elapsed else 0.0
        self._bar.update(self._task, advance=1, rate=rate, errors=self._errors)
        self._bar.refresh()
