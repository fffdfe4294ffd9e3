"""``paperscope verify serve|push|pull|agreement``: human verification in Label Studio."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from paperscope.cli_options import HomeOption, settings_for

if TYPE_CHECKING:
    from annotate.client import LabelStudioClient
    from paperscope.records import Field_
    from paperscope.settings import Settings
    from paperscope.store import Store

verify_app = typer.Typer(
    help="Verify machine labels by hand in Label Studio: serve, push tasks, pull verdicts, agreement.",
    no_args_is_help=True,
)

FieldOption = Annotated[
    list[str] | None,
    typer.Option("--field", help="hardware, bert, code, affiliation or topic (repeatable; default: all)."),
]


def register(app: typer.Typer) -> None:
    """Add the ``verify`` command group to the paperscope app."""
    app.add_typer(verify_app, name="verify")


def _fields(given: list[str] | None) -> list[Field_]:
    from paperscope.errors import InputError
    from paperscope.records import FIELDS

    if not given:
        return list(FIELDS)
    unknown = [f for f in given if f not in FIELDS]
    if unknown:
        raise InputError(f"--field {', '.join(unknown)}: choose from {', '.join(FIELDS)}")
    return [f for f in FIELDS if f in given]


def _client(settings: Settings) -> LabelStudioClient:
    from annotate.client import LabelStudioClient

    return LabelStudioClient(settings.ls_url, settings.ls_api_key)


def ls_data_dir(settings: Settings) -> Path:
    """Where the local Label Studio server keeps its database and files."""
    return settings.work_dir / "labelstudio"


@verify_app.command()
def serve(
    home: HomeOption = None,
    port: Annotated[
        int | None, typer.Option(help="Port on 127.0.0.1 (default: from PAPERSCOPE_LS_URL).")
    ] = None,
) -> None:
    """Run Label Studio on 127.0.0.1 with its data under the work dir; stop with Ctrl-C."""
    import os
    from urllib.parse import urlsplit

    from annotate.server import start

    settings = settings_for(home)
    port = port or urlsplit(settings.ls_url).port or 8080
    data_dir = ls_data_dir(settings)
    data_dir.mkdir(parents=True, exist_ok=True)
    log_path = data_dir / "server.log"
    with log_path.open("ab") as log:
        settings.pdf_dir.mkdir(parents=True, exist_ok=True)
        server = start(data_dir, port, os.environ, log, pdf_root=settings.pdf_dir)
        typer.echo(f"Label Studio: {server.url}  (data: {data_dir}, log: {log_path})")
        if server.url != settings.ls_url.rstrip("/"):
            typer.echo(f"paperscope talks to {settings.ls_url}: export PAPERSCOPE_LS_URL={server.url}")
        try:
            code = server.process.wait()
        except KeyboardInterrupt:
            server.stop()
            typer.echo("Label Studio stopped")
            return
    raise typer.Exit(code)


def _without_pdf(store: Store, keys: list[str], most: int = 20) -> list[str]:
    """Lines naming the sampled papers without a stored PDF, and what their annotators get instead."""
    stored = {p.key for p in store.papers()}
    lacking = [k for k in keys if k in stored and store.paper_pdf(k) is None]
    if not lacking:
        return []
    misses = {m.paper_key: m.reason for m in store.misses()}
    lines = [
        (
            f"{len(lacking)} sampled papers have no stored PDF: their tasks carry the title and links but no "
            "page image or PDF link, and placeholders cannot be checked against the paper (crawl again, or "
            "`paperscope ingest` their PDFs)"
        )
    ]
    lines += [f"  no PDF: {k} ({misses.get(k, 'no miss recorded')})" for k in lacking[:most]]
    if len(lacking) > most:
        lines.append(f"  ... and {len(lacking) - most} more")
    return lines


@verify_app.command()
def push(
    home: HomeOption = None,
    field: FieldOption = None,
    venue: Annotated[str | None, typer.Option(help="Only papers of this venue.")] = None,
    year: Annotated[int | None, typer.Option(help="Only papers of this year.")] = None,
    limit: Annotated[int | None, typer.Option(help="At most this many papers (in key order).")] = None,
    overlap: Annotated[
        int | None, typer.Option(help="Annotators per task (Label Studio 'maximum annotations').")
    ] = None,
    sample: Annotated[
        Path | None,
        typer.Option(
            help="Only the papers of this sample file (written by `paperscope sample`); "
            "implies --include-unlabelled.",
            dir_okay=False,
        ),
    ] = None,
    include_unlabelled: Annotated[
        bool,
        typer.Option(
            "--include-unlabelled",
            help="Also push a task, with an empty prediction, for each field the machine found nothing in "
            "(hardware, bert, code, topic), so a person can enter the value by hand.",
        ),
    ] = False,
) -> None:
    """One task per (paper, field) with evidence and page crop; pushing again creates nothing new."""
    from annotate.crops import CropCache
    from annotate.push import plans_for, sample_keys
    from annotate.push import push as push_tasks
    from paperscope.store import Store
    from paperscope.store.pdfs import PdfStore

    settings = settings_for(home)
    fields = _fields(field)
    keys = sample_keys(sample) if sample is not None else None
    with Store.open(settings.store_path, create=False) as store:
        if keys is not None:
            missing = len(set(keys) - {p.key for p in store.papers()})
            typer.echo(
                f"sample {sample}: {len(keys)} papers"
                + (f" ({missing} not in the store: no task)" if missing else "")
            )
            for line in _without_pdf(store, keys):
                typer.echo(line)
        plans = plans_for(
            store,
            fields,
            venue=venue,
            year=year,
            limit=limit,
            paper_keys=keys,
            placeholders=include_unlabelled or keys is not None,
        )
        crops = CropCache(settings.work_dir / "crops", PdfStore(settings.pdf_dir))
        with _client(settings) as client:
            report = push_tasks(store, client, crops, plans, overlap=overlap)
    for fld in fields:
        typer.echo(
            f"{fld}: {report.created.get(fld, 0)} created, {report.updated.get(fld, 0)} updated, "
            f"{report.unchanged.get(fld, 0)} unchanged"
            + (f", {report.adopted[fld]} adopted after an interrupted push" if fld in report.adopted else "")
        )
    placeholders = sum(1 for plan in plans if plan.placeholder is not None)
    if placeholders:
        typer.echo(f"{placeholders} task(s) where the machine found nothing: enter the value by hand")
    if report.without_crop:
        typer.echo(
            f"{report.without_crop} task(s) without a page image (metadata evidence or PDF not stored)"
        )
    if not report.pdf_links:
        typer.echo(
            "the tasks' PDF links will not open: this Label Studio does not serve this home's PDFs "
            "(start it with `paperscope verify serve` in the same home)",
            err=True,
        )
    typer.echo(f"Label Studio: {settings.ls_url}")


@verify_app.command()
def pull(home: HomeOption = None, field: FieldOption = None) -> None:
    """Append the verdicts made in Label Studio to the store (pulling twice adds nothing).

    An annotation that cannot be stored (a chip not in chips.csv) is reported on one line and the
    command exits 1; the rest is stored.
    """
    from annotate.pull import pull as pull_verdicts
    from paperscope.store import Store

    settings = settings_for(home)
    fields = _fields(field)
    with Store.open(settings.store_path, create=False) as store, _client(settings) as client:
        report = pull_verdicts(store, client, fields)
    if not report.tasks:
        typer.echo("no paperscope projects in Label Studio yet: run `paperscope verify push` first")
    for fld, n in report.tasks.items():
        typer.echo(
            f"{fld}: {n} annotated task(s), {report.new[fld]} new verification(s), {report.known[fld]} known"
        )
    for problem in report.problems:
        typer.echo(f"not pulled: {problem}", err=True)
    if report.problems:
        raise typer.Exit(1)


@verify_app.command()
def agreement(home: HomeOption = None, field: FieldOption = None) -> None:
    """Inter-annotator kappa (per slot) and machine precision (per label) per field, from the verifications."""
    from rich.console import Console
    from rich.table import Table

    from annotate.agreement import summarise
    from paperscope.store import Store

    def fmt(x: float | None) -> str:
        return "-" if x is None else f"{x:.3f}"

    settings = settings_for(home)
    with Store.open(settings.store_path, create=False) as store:
        verifications = store.verifications()
        needed = {v.label_id for v in verifications}
        labels = {lab.id: lab for lab in store.labels() if lab.id in needed}
    agreements, precisions = summarise(verifications, labels, _fields(field))
    table = Table(title="agreement between annotators (slots judged by 2+, any extractor version)")
    for col in ("field", "method", "annotators", "slots", "observed", "kappa", "kappa (verdict)", "alpha"):
        table.add_column(col, justify="left" if col in {"field", "method"} else "right")
    for a in agreements:
        table.add_row(
            a.field,
            a.method or "-",
            str(a.annotators),
            str(a.items),
            fmt(a.observed),
            fmt(a.kappa),
            fmt(a.kappa_verdict),
            fmt(a.alpha),
        )
    prec = Table(title="machine precision (majority verdict per label)")
    for col in ("field", "labels", "accepted", "corrected", "rejected", "disputed", "precision", "95% CI"):
        prec.add_column(col, justify="left" if col == "field" else "right")
    for p in precisions:
        ci = "-" if p.low is None or p.high is None else f"{p.low:.3f}-{p.high:.3f}"
        prec.add_row(
            p.field,
            str(p.labels),
            str(p.accepted),
            str(p.corrected),
            str(p.rejected),
            str(p.disputed),
            fmt(p.precision),
            ci,
        )
    console = Console()
    console.print(table)
    console.print(prec)


@verify_app.command()
def status(home: HomeOption = None, field: FieldOption = None) -> None:
    """Where the round stands: tasks done and left per annotator and field, agreement so far, disputes."""
    from rich.console import Console
    from rich.table import Table

    from annotate.agreement import summarise
    from annotate.progress import disputes, progress, pushed_tasks
    from paperscope.store import Store

    fields = _fields(field)
    settings = settings_for(home)
    with Store.open(settings.store_path, create=False) as store:
        tasks = pushed_tasks(store)
        verifications = [v for v in store.verifications() if v.field in fields]
        needed = {v.label_id for v in verifications}
        labels = {lab.id: lab for lab in store.labels() if lab.id in needed}
    agreements = {a.field: a for a in summarise(verifications, labels, fields)[0]}
    table = Table(title="annotation round: tasks per annotator (after `verify pull`)")
    for col in ("field", "tasks", "annotator", "done", "left"):
        table.add_column(col, justify="left" if col in {"field", "annotator"} else "right")
    rows = progress(tasks, verifications, fields)
    for fld in fields:
        mine = [r for r in rows if r.field == fld]
        if not mine:
            table.add_row(fld, str(len(tasks.get(fld, set()))), "-", "0", str(len(tasks.get(fld, set()))))
        for r in mine:
            table.add_row(fld, str(len(tasks.get(fld, set()))), r.annotator, str(r.done), str(r.left))
    console = Console()
    console.print(table)
    for fld in fields:
        a = agreements[fld]
        if a.items:
            kappa = "-" if a.kappa is None else f"{a.kappa:.3f}"
            console.print(f"{fld}: {a.annotators} annotators agree on {a.observed:.0%} of {a.items} shared slots "
                          f"(kappa {kappa})")  # fmt: skip
    open_disputes = disputes(verifications, labels)
    console.print(f"disputes to resolve: {len(open_disputes)}")
    for d in open_disputes[:20]:
        said = "; ".join(f"{who}: {what}" for who, what in d.decisions)
        console.print(f"  {d.field} {d.slot}: {said}", markup=False, highlight=False)
    if len(open_disputes) > 20:
        console.print(f"  ... and {len(open_disputes) - 20} more")
