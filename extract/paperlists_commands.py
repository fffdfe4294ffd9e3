"""``paperscope import paperlists FILE``: per-author affiliations from papercopilot/paperlists."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from paperscope.cli_options import HomeOption, settings_for

import_app = typer.Typer(help="Import metadata from other sources: papers and labels.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    """Add the ``import`` command group to the paperscope app."""
    app.add_typer(import_app, name="import")


@import_app.command("paperlists")
def paperlists(
    file: Annotated[Path, typer.Argument(help="A paperlists JSON file, e.g. nips2021.json.", exists=True)],
    home: HomeOption = None,
    figure_only: Annotated[
        bool, typer.Option("--figure-only", help="Print the whole-conference figure; store nothing.")
    ] = False,
) -> None:
    """Join accepted entries to stored papers by title (or create them), store per-author labels, print the figure.

    Only papers of the file's venue and year are joined (the file name says which); an accepted
    entry that joins none becomes a paper of its own.
    Entries not marked accepted (rejected, withdrawn, workshop) are skipped and counted. Labels carry
    producer ``paperlists`` and evidence ``<file>#<paper id>/<author index>``. Papers where they
    disagree with the PDF labels are counted as flagged (both kept).
    """
    from extract.affiliations.extractor import load_resources
    from extract.affiliations.flags import affiliation_flags
    from extract.paperlists import conference_figure, import_into_store, read_paperlists, venue_year
    from paperscope.settings import DATA_DIR
    from paperscope.store import Store

    papers = read_paperlists(file)
    index = load_resources(DATA_DIR).orgs
    if not figure_only:
        settings = settings_for(home)
        with Store.open(settings.store_path, create=False) as store:
            report = import_into_store(store, papers, index)
            flags = affiliation_flags(store)
        venue, year = venue_year(file)
        skipped = ", ".join(f"{status or '(none)'} {n}" for status, n in report.not_accepted)
        typer.echo(
            f"{file.name}: {report.n_entries} entries, {report.n_not_accepted} not accepted and skipped"
            + (f" ({skipped})" if skipped else "")
            + f", {report.n_joined} joined to stored {venue} {year} papers by title, "
            f"{report.n_created} new papers "
            f"({report.n_unaligned_joined} without one affiliation per author: no per-author labels), "
            f"{report.n_labels_new} new labels; {len(flags)} papers flagged (PDF and metadata disagree)"
        )
    fig = conference_figure(papers, index)
    typer.echo(
        f"{papers[0].venue if papers else '?'} {papers[0].year if papers else '?'} from metadata alone: "
        f"{fig.n_with_affiliations} of {fig.n_papers} accepted papers list affiliations "
        f"({fig.n_unaligned} not one per author); "
        f"share with an industry co-author {_figure(fig.share_any_industry)}; "
        f"mean frac_industry {_figure(fig.mean_frac_industry)} over {fig.n_papers_frac_known} papers; "
        f"authors unknown {fig.n_authors_unknown} of {fig.n_authors}"
    )


def _figure(value: float | None) -> str:
    """A share to three decimals, or ``n/a`` when there was nothing to compute it over."""
    return "n/a" if value is None else f"{value:.3f}"
