"""``paperscope run`` and ``paperscope demo``: the whole pipeline in one command (typer only at import)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from paperscope.cli_options import HomeOption, settings_for


def register(app: typer.Typer) -> None:
    """Add ``run`` and ``demo`` to the paperscope CLI."""
    app.command("run")(run_command)
    app.command("demo")(demo_command)


def run_command(
    venue: Annotated[str, typer.Option(help="neurips, icml or iclr.")] = "neurips",
    years: Annotated[str, typer.Option(help="Years: 2021, 2019-2021 or 2019,2021.")] = "2021",
    tracks: Annotated[
        str, typer.Option(help="Tracks to crawl (NeurIPS: main, datasets, ...).")
    ] = "main,datasets",
    site: Annotated[
        str | None, typer.Option(help="Crawl a mirror at this URL instead of the real site.")
    ] = None,
    limit: Annotated[int | None, typer.Option(min=1, help="At most this many listed papers.")] = None,
    workers: Annotated[int, typer.Option(min=1, help="Extraction worker processes.")] = 2,
    push: Annotated[bool, typer.Option(help="Push verification tasks to Label Studio.")] = False,
    home: HomeOption = None,
) -> None:
    """Crawl -> store PDFs -> extract -> (push to Label Studio) -> report; resumable at every stage."""
    from rich.console import Console

    from paperscope.pipeline import RunPlan, print_summary, run

    console = Console()
    plan = RunPlan.build(venue, years, tracks, site=site, limit=limit, workers=workers, push=push)
    summary = run(plan, settings_for(home), console)
    print_summary(summary, console)
    raise typer.Exit(1 if summary.problems else 0)


def demo_command(
    home: Annotated[
        Path | None,
        typer.Option(
            "--home",
            help="Fresh folder for the demo's store, PDFs and report (default: $PAPERSCOPE_HOME, else ./paperscope-demo).",
        ),
    ] = None,
    workers: Annotated[int, typer.Option(min=1, help="Extraction worker processes.")] = 2,
) -> None:
    """Serve a replica of the proceedings on 127.0.0.1 and run the whole pipeline on it (no network)."""
    from rich.console import Console

    from paperscope.demo.run import print_checks, run_demo
    from paperscope.pipeline import print_summary

    console = Console()
    env_home = os.environ.get("PAPERSCOPE_HOME")
    home = home or (Path(env_home) if env_home else Path("paperscope-demo"))
    summary, checks = run_demo(home, console, workers=workers)
    print_checks(checks, console)
    print_summary(summary, console)
    raise typer.Exit(1 if summary.problems or summary.report is None else 0)
