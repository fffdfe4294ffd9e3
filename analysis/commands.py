"""``paperscope sample`` and ``paperscope report``: the analysis stage's commands (typer only at import)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from paperscope.cli_options import HomeOption, settings_for


def register(app: typer.Typer) -> None:
    """Add the analysis commands to the paperscope CLI."""
    app.command()(sample)
    app.command()(report)


def sample(
    year: Annotated[int, typer.Option(help="Proceedings year to sample from.")],
    n: Annotated[int, typer.Option("--n", help="Papers to draw.", min=1)],
    seed: Annotated[int, typer.Option(help="Seed of the random generator (record it).", min=0)],
    venue: Annotated[str, typer.Option(help="Venue to sample from.")] = "neurips",
    strata: Annotated[
        str | None,
        typer.Option(
            help="Stratify by the machine's topic, set-up found or not, or track: topic|hardware|track."
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option(help="Replace a different sample stored with the same parameters.")
    ] = False,
    home: HomeOption = None,
) -> None:
    """Draw a reproducible random sample of a venue's papers (as the study drew 519 of NeurIPS 2021)."""
    from analysis.sample import STRATA, make_sample, sample_path, write_sample
    from paperscope.errors import InputError
    from paperscope.store import Store

    if strata is not None and strata not in STRATA:
        raise InputError(f"--strata {strata!r}: choose one of {', '.join(STRATA)}")
    settings = settings_for(home)
    with Store.open(settings.store_path, create=False) as store:
        drawn = make_sample(store, venue, year, n, seed, strata)  # type: ignore[arg-type]
    path = sample_path(settings.work_dir, venue, year, n, seed, strata)
    changed = write_sample(drawn, path, force=force)
    state = "written" if changed else "unchanged"
    if drawn.strata:
        sizes = ", ".join(f"{name} {len(s.keys)} of {len(s.population)}" for name, s in drawn.strata.items())
        typer.echo(f"strata by {strata}: {sizes}")
    typer.echo(
        f"sampled {n} of {drawn.population_size} {venue} {year} papers (seed {seed}): {path} ({state})\n"
        f"verify it:     paperscope verify push --sample {path}\n"
        f"report on it:  paperscope report --sample {path}"
        + (
            ""
            if strata
            else f"\n  (or set `sample: {{n: {n}, seed: {seed}}}` in the params file's {venue} {year} block)"
        )
    )


def report(
    params: Annotated[
        Path | None, typer.Option("--params", help="Params file (default: the shipped one).")
    ] = None,
    out: Annotated[
        Path | None, typer.Option("--out", help="HTML file (default: <home>/report/report.html).")
    ] = None,
    sample_file: Annotated[
        Path | None,
        typer.Option(
            "--sample",
            help="Sample file written by `paperscope sample`: the papers of the analyses of its venue and year.",
            dir_okay=False,
        ),
    ] = None,
    venue: Annotated[
        str | None,
        typer.Option(
            "--venue",
            help="Venues, comma-separated (neurips,icml,iclr): the report is for the first, and sets "
            "every venue's figures side by side when there are several (default: the params' venue).",
        ),
    ] = None,
    home: HomeOption = None,
) -> None:
    """Write the HTML report: every figure and table, the paper's numbers beside ours."""
    from analysis.params import DEFAULT_PARAMS, load_params, load_targets
    from analysis.report import build, write
    from analysis.venues import parse_venues
    from paperscope.store import Store

    settings = settings_for(home)
    chosen = load_params(params or DEFAULT_PARAMS)
    target = out or settings.report_dir / "report.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    with Store.open(settings.store_path, create=False) as store:
        venues = parse_venues(venue) if venue is not None else ()
        built = build(store, chosen, load_targets(), settings.work_dir, sample_file, venues)
    written = write(built, target)
    typer.echo(f"report: {target} ({len(written) - 1} tables and figures beside it)")
