"""``paperscope crawl icml`` (PMLR) and ``paperscope crawl iclr`` (OpenReview).

Added to the ``crawl`` group that :mod:`crawlers.commands` registers; the crawl itself runs as in
:mod:`crawlers.run` (a ``scrapy crawl`` subprocess with a progress bar). Only typer is imported here.
"""

from __future__ import annotations

from typing import Annotated

import typer

from paperscope.cli_options import HomeOption, settings_for

Years = Annotated[str, typer.Option(help="Years: 2024, 2018-2025 or 2019,2021.")]
Limit = Annotated[int | None, typer.Option(min=1, help="Stop after this many listed papers.")]
Site = Annotated[str | None, typer.Option(help="Crawl a mirror at this URL instead of the real site.")]
Fresh = Annotated[bool, typer.Option(help="Forget the paused crawl's queue (the store is kept).")]


def icml(
    years: Years, limit: Limit = None, site: Site = None, fresh: Fresh = False, home: HomeOption = None
) -> None:
    """Crawl ICML from PMLR: papers and authors into the store, checked PDFs into the PDF store.

    Volumes come from data/venues/pmlr_volumes.csv. Resumable: stored PDFs are never fetched again.
    Exits 1 when a page matched no known layout.
    """
    from crawlers.pmlr_volumes import volumes_for
    from crawlers.run import CrawlRequest, finish, run_crawl

    settings = settings_for(home)
    request = CrawlRequest.build("icml", years=years, tracks="main", limit=limit, site=site)
    volumes_for(request.years)  # a year PMLR does not hold is a one-line error before any request
    raise typer.Exit(finish(request, run_crawl(request, settings, fresh=fresh), settings))


def iclr(
    years: Years,
    decisions: Annotated[
        str, typer.Option(help="accepted (default), or all: rejected, withdrawn and desk-rejected too.")
    ] = "accepted",
    limit: Limit = None,
    site: Site = None,
    fresh: Fresh = False,
    home: HomeOption = None,
) -> None:
    """Crawl ICLR from OpenReview (login from OPENREVIEW_USERNAME / OPENREVIEW_PASSWORD).

    API v1 for 2017-2023, v2 from 2024; decisions recorded on every paper; 429 answers waited out.
    Resumable: stored PDFs are never fetched again. Exits 1 when a listing could not be read.
    """
    import os

    from crawlers.openreview_api import OpenReviewSite, iclr_listings, parse_decisions
    from crawlers.openreview_request import OpenReviewCrawlRequest
    from crawlers.run import finish, run_crawl
    from paperscope.errors import InputError

    settings = settings_for(home)
    request = OpenReviewCrawlRequest.build_iclr(years=years, decisions=parse_decisions(decisions), limit=limit,
                                                site=site)  # fmt: skip
    for year in request.years:
        iclr_listings(year, request.decisions, OpenReviewSite())  # InputError for years without decisions
    if not (os.environ.get("OPENREVIEW_USERNAME") and os.environ.get("OPENREVIEW_PASSWORD")):
        raise InputError(
            "OpenReview answers only logged-in clients: set OPENREVIEW_USERNAME and OPENREVIEW_PASSWORD"
        )
    raise typer.Exit(finish(request, run_crawl(request, settings, fresh=fresh), settings))


def register(app: typer.Typer) -> None:
    """Add ``icml`` and ``iclr`` to the ``crawl`` group (created if :mod:`crawlers.commands` did not)."""
    group = next((g.typer_instance for g in app.registered_groups if g.name == "crawl"), None)
    if group is None:
        group = typer.Typer(help="Crawl proceedings into the store (papers, authors, checked PDFs).")
        app.add_typer(group, name="crawl")
    group.command("icml")(icml)
    group.command("iclr")(iclr)
