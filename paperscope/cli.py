"""The ``paperscope`` command: one subcommand per stage.

Only typer is imported at start-up (``paperscope --help`` stays fast); each command imports what it
needs. Stage packages add their commands through a ``register(app)`` function in their
``commands`` module, listed in ``STAGE_COMMANDS``.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from paperscope.cli_options import HomeOption, settings_for

app = typer.Typer(
    name="paperscope",
    help="ML proceedings -> verified, evidence-backed data on who does compute-heavy research.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)

# Modules that add stage commands to ``app``; each defines ``register(app: typer.Typer) -> None``.
STAGE_COMMANDS: tuple[str, ...] = (
    "crawlers.commands",
    "crawlers.commands_pmlr_openreview",
    "annotate.commands",
    "analysis.commands",
    "extract.paperlists_commands",
    "extract.commands",
    "paperscope.pipeline_commands",
)


def _print_version(value: bool) -> None:
    if value:
        from paperscope import __version__

        typer.echo(f"paperscope {__version__}")
        raise typer.Exit


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", help="Print the version and exit.", callback=_print_version, is_eager=True),
    ] = False,
) -> None:
    """Crawl proceedings, extract evidence-backed labels, verify them in Label Studio, analyse."""


@app.command()
def status(home: HomeOption = None) -> None:
    """Counts per venue, year and track: listed, stored, missed; labels per field, verified or not."""
    from paperscope.status import render_status
    from paperscope.store import Store

    settings = settings_for(home)
    with Store.open(settings.store_path) as store:
        render_status(store, settings)
        if (settings.work_dir / "samples").is_dir():
            from analysis.whole_conference import sample_status

            lines = sample_status(store, settings.work_dir)
            if lines:
                typer.echo("prediction-powered estimates from the recorded samples:")
                for line in lines:
                    typer.echo(f"  {line}")


@app.command()
def export(
    home: HomeOption = None,
    out: Annotated[Path | None, typer.Option(help="Output folder (default: <home>/export).")] = None,
    fmt: Annotated[str, typer.Option("--format", help="csv, parquet or both.")] = "both",
) -> None:
    """Write papers, authors, labels (with their evidence) and verifications as CSV and/or Parquet."""
    from paperscope.errors import InputError
    from paperscope.export import export_tables
    from paperscope.store import Store

    if fmt not in {"csv", "parquet", "both"}:
        raise InputError(f"--format {fmt!r}: choose csv, parquet or both")
    settings = settings_for(home)
    target = out or settings.work_dir / "export"
    with Store.open(settings.store_path, create=False) as store:
        written = export_tables(store, target, csv=fmt in {"csv", "both"}, parquet=fmt in {"parquet", "both"})
    for path in written:
        typer.echo(str(path))


for _module in STAGE_COMMANDS:
    importlib.import_module(_module).register(app)


def main() -> None:
    """Console entry point: user errors become one line on stderr and a non-zero exit code."""
    from paperscope.errors import PaperscopeError
    from paperscope.procs import exit_code, stop_like_ctrl_c

    stop_like_ctrl_c()  # SIGTERM and SIGHUP end a command as Ctrl-C does: nothing finished is lost
    try:
        app()
    except PaperscopeError as exc:
        print(f"paperscope: error: {exc}", file=sys.stderr)
        sys.exit(2)
    except OSError as exc:  # a path the user gave cannot be read or written: say which and why
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"paperscope: error: {where}{exc.strerror or exc}", file=sys.stderr)
        sys.exit(2)
    except KeyboardInterrupt as exc:
        _interrupted(exit_code(exc))
    except SystemExit as exc:
        if exc.code == 130:  # Typer turns an interrupt inside a command into exit code 130
            _interrupted(exit_code())
        raise


def _interrupted(code: int) -> NoReturn:
    print("paperscope: interrupted; finished work is kept, run the command again to resume", file=sys.stderr)
    sys.exit(code)
