"""``paperscope crawl <venue>``: run a spider in a subprocess with a progress bar, then report.

Only typer is imported here (``paperscope --help`` stays fast); the work is in :mod:`crawlers.run`.
"""

from __future__ import annotations

from typing import Annotated

import typer

from paperscope.cli_options import HomeOption, settings_for


def neurips(
    years: Annotated[str, typer.Option(help="Years: 2024, 2019-2021 or 2019,2021.")],
    tracks: Annotated[
        str, typer.Option(help="main, datasets, position, creative_ai, or all.")
    ] = "main,datasets",
    limit: Annotated[int | None, typer.Option(min=1, help="Stop after this many listed papers.")] = None,
    site: Annotated[
        str | None, typer.Option(help="Crawl a mirror at this URL instead of the real sites.")
    ] = None,
    fresh: Annotated[bool, typer.Option(help="Forget the paused crawl's queue (the store is kept).")] = False,
    home: HomeOption = None,
) -> None:
    """Crawl NeurIPS proceedings: papers and authors into the store, checked PDFs into the PDF store.

    Resumable: stored PDFs are never fetched again. Exits 1 when a page matched no known layout or
    a listed paper is unaccounted for, 2 when the crawl was stopped (e.g. the PDF folder is not
    writable).
    """
    from crawlers.run import CrawlRequest, finish, run_crawl

    settings = settings_for(home)
    request = CrawlRequest.build("neurips", years=years, tracks=tracks, limit=limit, site=site)
    raise typer.Exit(finish(request, run_crawl(request, settings, fresh=fresh), settings))


def register(app: typer.Typer) -> None:
    """Add the ``crawl`` command group to the paperscope CLI."""
    crawl = typer.Typer(
        help="Crawl proceedings into the store (papers, authors, checked PDFs).", no_args_is_help=True
    )
    crawl.command("neurips")(neurips)
    app.add_typer(crawl, name="crawl")
