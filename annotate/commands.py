"""``paperscope verify serve|push|pull|agreement``: human verification in Label Studio."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from paperscope.cli_options import HomeOption, settings_for

if TYPE_CHECKING:
    import subprocess
    import threading

    from annotate.client import LabelStudioClient
    from annotate.crops import CropCache
    from annotate.push import PushReport
    from annotate.tasks import TaskPlan
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


def _not_a_desk(settings: Settings) -> None:
    """InputError when the shared server's URL is an annotator's desk (its verdicts would count twice)."""
    from urllib.parse import urlsplit

    from annotate.desks import read_desks
    from paperscope.errors import InputError

    shared = urlsplit(settings.ls_url)
    for desk in read_desks(ls_data_dir(settings)):
        if shared.port == desk.port and shared.hostname in {"127.0.0.1", "localhost", "::1"}:
            raise InputError(
                f"PAPERSCOPE_LS_URL {settings.ls_url} is the desk of {desk.annotator}: point it at the shared server"
            )


def _client(settings: Settings, url: str | None = None) -> LabelStudioClient:
    """A client of the shared server, or of the server at ``url`` (a desk), with the settings' key."""
    from annotate.client import LabelStudioClient

    return LabelStudioClient(url or settings.ls_url, settings.ls_api_key)


def ls_data_dir(settings: Settings) -> Path:
    """Where the local Label Studio server keeps its database and files."""
    return settings.work_dir / "labelstudio"


@verify_app.command()
def serve(
    home: HomeOption = None,
    port: Annotated[
        int | None, typer.Option(help="Port on 127.0.0.1 (default: from PAPERSCOPE_LS_URL).")
    ] = None,
    annotators: Annotated[
        str | None,
        typer.Option(
            help="Also start a blind desk (a Label Studio of their own, on the next free ports) for each "
            "of these annotators, e.g. a@x.org,b@y.org; their sign-up links go to labelstudio/invites.txt.",
        ),
    ] = None,
) -> None:
    """Run Label Studio on 127.0.0.1 with its data under the work dir; stop with Ctrl-C."""
    import os
    import threading
    from contextlib import ExitStack
    from urllib.parse import urlsplit

    from annotate.desks import desk_dir, parse_annotators, plan_desks, record_desks, write_invites
    from annotate.server import refuse_busy_port, start
    from paperscope.errors import InputError

    settings = settings_for(home)
    port = port or urlsplit(settings.ls_url).port or 8080
    data_dir = ls_data_dir(settings)
    team = parse_annotators(annotators) if annotators else []
    refuse_busy_port(port)  # before the desks take the ports after it
    desks = plan_desks(data_dir, team, port)
    if desks and not os.environ.get("LABEL_STUDIO_USER_TOKEN"):
        raise InputError(
            "--annotators: set LABEL_STUDIO_USER_TOKEN (and PAPERSCOPE_LS_API_KEY to the same token): "
            "paperscope talks to every desk with that one admin token"
        )
    settings.pdf_dir.mkdir(parents=True, exist_ok=True)
    finished = threading.Event()
    with ExitStack() as running:
        servers = []
        for where, at in [(data_dir, port)] + [(desk_dir(data_dir, d.annotator), d.port) for d in desks]:
            where.mkdir(parents=True, exist_ok=True)
            log = running.enter_context((where / "server.log").open("ab"))
            server = start(where, at, os.environ, log, pdf_root=settings.pdf_dir)
            running.callback(server.stop)
            servers.append(server)
        for server in servers:  # once every server is up: no watcher thread runs while one is forked
            threading.Thread(target=_watch, args=(server.process, finished), daemon=True).start()
        typer.echo(f"Label Studio: {servers[0].url}  (data: {data_dir}, log: {data_dir / 'server.log'})")
        if servers[0].url != settings.ls_url.rstrip("/"):
            typer.echo(f"paperscope talks to {settings.ls_url}: export PAPERSCOPE_LS_URL={servers[0].url}")
        if desks:
            record_desks(data_dir, desks)
            with _client(settings, servers[0].url) as shared:
                shared.whoami()  # the token works here, so it works at every desk
            links = {}
            for desk in desks:
                with _client(settings, desk.url) as client:
                    links[desk.annotator] = client.invite_link()
                typer.echo(f"desk of {desk.annotator}: {desk.url}")
            typer.echo(f"sign-up links, one per annotator: {write_invites(data_dir, links)}")
        try:
            finished.wait()
        except KeyboardInterrupt:
            typer.echo("Label Studio stopped")
            return
        gone = next(s for s in servers if s.process.poll() is not None)
        typer.echo(f"Label Studio at {gone.url} exited with code {gone.process.returncode}", err=True)
    raise typer.Exit(gone.process.returncode or 1)


def _watch(process: subprocess.Popen[bytes], finished: threading.Event) -> None:
    """Set ``finished`` when ``process`` exits (one watcher thread per server)."""
    process.wait()
    finished.set()


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
        int | None,
        typer.Option(
            help="Annotators per task: with --annotators, how many desks get each task (default 2); "
            "without, Label Studio's 'maximum annotations' of the shared project."
        ),
    ] = None,
    annotators: Annotated[
        str | None,
        typer.Option(
            help="Push to these annotators' blind desks (started by `verify serve --annotators`), "
            "--overlap of them per task, instead of the shared server.",
        ),
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
        if annotators is None:
            _not_a_desk(settings)
            with _client(settings) as client:
                reports = {"": push_tasks(store, client, crops, plans, overlap=overlap)}
        else:
            reports = _push_desks(settings, store, crops, plans, annotators, overlap)
    for desk, report in reports.items():
        for fld in fields:
            typer.echo(
                (f"desk of {desk}: " if desk else "")
                + f"{fld}: {report.created.get(fld, 0)} created, {report.updated.get(fld, 0)} updated, "
                f"{report.unchanged.get(fld, 0)} unchanged"
                + (
                    f", {report.adopted[fld]} adopted after an interrupted push"
                    if fld in report.adopted
                    else ""
                )
            )

    placeholders = sum(1 for plan in plans if plan.placeholder is not None or plan.line_placeholders)
    if placeholders:
        typer.echo(f"{placeholders} task(s) where the machine found nothing: enter the value by hand")
    without_crop = sum(r.without_crop for r in reports.values())
    if without_crop:
        typer.echo(f"{without_crop} task(s) without a page image (metadata evidence or PDF not stored)")
    if not all(r.pdf_links for r in reports.values()):
        typer.echo(
            "the tasks' PDF links will not open: this Label Studio does not serve this home's PDFs "
            "(start it with `paperscope verify serve` in the same home)",
            err=True,
        )
    typer.echo(f"Label Studio: {settings.ls_url}")


def _push_desks(
    settings: Settings,
    store: Store,
    crops: CropCache,
    plans: list[TaskPlan],
    annotators: str,
    overlap: int | None,
) -> dict[str, PushReport]:
    """Push to the named annotators' desks; one report per desk."""
    from contextlib import ExitStack

    from annotate.desks import desks_for, parse_annotators
    from annotate.push import push_to_desks

    desks = desks_for(ls_data_dir(settings), parse_annotators(annotators))
    with ExitStack() as open_clients:
        clients = {d.annotator: open_clients.enter_context(_client(settings, d.url)) for d in desks}
        return push_to_desks(store, clients, crops, plans, overlap=2 if overlap is None else overlap)


@verify_app.command()
def pull(home: HomeOption = None, field: FieldOption = None) -> None:
    """Append the verdicts made in Label Studio to the store (pulling twice adds nothing).

    Reads the shared server and every annotator's desk (``verify serve --annotators``). An annotation
    that cannot be stored (a chip not in chips.csv) or a desk that does not answer is reported on one
    line and the command exits 1; the rest is stored.
    """
    from annotate.desks import read_desks
    from annotate.pull import PullReport
    from annotate.pull import pull as pull_verdicts
    from paperscope.errors import ServiceError
    from paperscope.store import Store

    settings = settings_for(home)
    fields = _fields(field)
    _not_a_desk(settings)
    problems: list[str] = []
    with Store.open(settings.store_path, create=False) as store:
        with _client(settings) as client:
            reports: dict[str, PullReport] = {"": pull_verdicts(store, client, fields)}
        for desk in read_desks(ls_data_dir(settings)):
            try:
                with _client(settings, desk.url) as client:
                    reports[desk.annotator] = pull_verdicts(store, client, fields, desk=desk.annotator)
            except ServiceError as exc:
                problems.append(
                    f"desk of {desk.annotator}: {exc} (start it: `paperscope verify serve --annotators ...`)"
                )
    if not any(r.tasks for r in reports.values()):
        typer.echo("no paperscope projects in Label Studio yet: run `paperscope verify push` first")
    for name, report in reports.items():
        for fld, n in report.tasks.items():
            typer.echo(
                (f"desk of {name}: " if name else "")
                + f"{fld}: {n} annotated task(s), {report.new[fld]} new verification(s), "
                f"{report.known[fld]} known"
            )
        problems += report.problems
    for problem in problems:
        typer.echo(f"not pulled: {problem}", err=True)
    if problems:
        raise typer.Exit(1)


@verify_app.command()
def agreement(home: HomeOption = None, field: FieldOption = None) -> None:
    """Inter-annotator kappa (per slot) and machine precision (per label) per field, from the verifications."""
    from rich.console import Console
    from rich.table import Table

    from annotate.agreement import shared_overlap, summarise
    from paperscope.store import Store

    def fmt(x: float | None) -> str:
        return "-" if x is None else f"{x:.3f}"

    settings = settings_for(home)
    with Store.open(settings.store_path, create=False) as store:
        verifications = store.verifications()
        needed = {v.label_id for v in verifications}
        labels = {lab.id: lab for lab in store.labels() if lab.id in needed}
    fields = _fields(field)
    agreements, precisions = summarise(verifications, labels, fields)
    not_blind = shared_overlap(verifications, labels, fields)
    table = Table(
        title="agreement between annotators: blind verdicts only, each made at its annotator's own desk "
        "(slots judged by 2+, any extractor version)"
    )
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
    for fld, n in not_blind.items():
        if n:
            console.print(
                f"{fld}: {n} slot(s) judged by 2+ annotators on the shared server left out: there each "
                "could see the others' verdicts (use `verify push --annotators` for a blind round)"
            )
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
    for col in ("field", "annotator", "where", "tasks", "done", "left"):
        table.add_column(col, justify="left" if col in {"field", "annotator", "where"} else "right")
    rows = progress(tasks, verifications, fields)
    for fld in fields:
        mine = [r for r in rows if r.field == fld]
        if not mine:
            shared = len(tasks.get(("", fld), set()))
            table.add_row(fld, "-", "shared server", str(shared), "0", str(shared))
        for r in mine:
            where = (
                "shared server"
                if not r.desk
                else "own desk"
                if r.desk == r.annotator
                else f"desk of {r.desk}"
            )
            table.add_row(fld, r.annotator, where, str(r.done + r.left), str(r.done), str(r.left))
    console = Console()
    console.print(table)
    for fld in fields:
        a = agreements[fld]
        if a.items:
            kappa = "-" if a.kappa is None else f"{a.kappa:.3f}"
            console.print(f"{fld}: {a.annotators} annotators agree blind on {a.observed:.0%} of {a.items} "
                          f"shared slots (kappa {kappa})")  # fmt: skip
    open_disputes = disputes(verifications, labels)
    console.print(f"disputes to resolve: {len(open_disputes)}")
    for d in open_disputes[:20]:
        said = "; ".join(f"{who}: {what}" for who, what in d.decisions)
        console.print(f"  {d.field} {d.slot}: {said}", markup=False, highlight=False)
    if len(open_disputes) > 20:
        console.print(f"  ... and {len(open_disputes) - 20} more")
