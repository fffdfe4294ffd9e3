"""The Python API: one function per stage, a typed request in, a typed result out, nothing printed.

What the CLI's subcommands do, for notebooks and scripts::

    from paperscope import api

    home = "paperscope-data"
    api.crawl(api.CrawlRequest("neurips", "2021", home=home, limit=20))
    api.extract(api.ExtractRequest(home=home, venue="neurips", year=2021))
    result = api.report(api.ReportRequest(home=home))
    result.tables["table1"]  # pandas

Requests validate themselves when made (a bad value raises :class:`~paperscope.errors.InputError`
with the CLI's one-line message); every stage raises only :class:`~paperscope.errors.PaperscopeError`
subclasses. The stages still talk to each other only through the store, so the calls can be made in
separate sessions. This module is part of the app layer (beside the CLI and the pipeline): it may
import the stage packages; the stages and the core never import it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from paperscope.errors import InputError
from paperscope.settings import Settings

if TYPE_CHECKING:
    import pandas as pd

    from annotate.pull import PullReport
    from annotate.push import PushReport
    from extract.ingest import Ingested
    from extract.run import RunSummary
    from extract.worker import Job, Outcome

VENUES = ("neurips", "icml", "iclr")


def _settings(home: str | Path | None, ls_url: str | None = None, ls_api_key: str | None = None) -> Settings:
    """Settings as the CLI builds them: ``home`` else ``$PAPERSCOPE_HOME`` else ``./paperscope-data``."""
    base = Settings.from_env(work_dir=Path(home) if home is not None else None)
    return Settings(
        work_dir=base.work_dir, ls_url=ls_url or base.ls_url, ls_api_key=ls_api_key or base.ls_api_key
    )


@dataclass(frozen=True, slots=True)
class CrawlRequest:
    """Crawl one venue's proceedings for some years into the store at ``home``."""

    venue: str
    years: str  # "2021", "2019-2021" or "2018,2020"
    home: str | Path | None = None
    tracks: str = "main,datasets"
    limit: int | None = None
    site: str | None = None  # a mirror of the venue's site (default: the live site)

    def __post_init__(self) -> None:
        from crawlers.options import parse_tracks, parse_years

        if self.venue not in VENUES:
            raise InputError(f"venue {self.venue!r}: choose {', '.join(VENUES)}")
        parse_years(self.years)
        parse_tracks(self.tracks)
        if self.limit is not None and self.limit < 1:
            raise InputError(f"limit {self.limit}: must be at least 1")


@dataclass(frozen=True, slots=True)
class CrawlResult:
    """What the store holds for the crawled venue, years and tracks after the crawl."""

    listed: int
    stored: int
    missed: int
    new_pdfs: int
    layout_misses: int
    returncode: int
    log: Path


def crawl(request: CrawlRequest) -> CrawlResult:
    """Run the crawl to its end (no progress bar); counts come from the store."""
    from crawlers.run import CrawlRequest as SpiderRequest
    from crawlers.run import run_crawl
    from paperscope.status import crawl_counts
    from paperscope.store import Store

    settings = _settings(request.home)
    spider = SpiderRequest.build(
        request.venue, years=request.years, tracks=request.tracks, limit=request.limit, site=request.site
    )
    done = run_crawl(spider, settings, progress=False)
    with Store.open(settings.store_path) as store:
        rows = [
            c
            for c in crawl_counts(store)
            if c.venue == request.venue and c.year in spider.years and c.track in spider.tracks
        ]
    return CrawlResult(
        listed=sum(c.listed for c in rows),
        stored=sum(c.stored for c in rows),
        missed=sum(c.missed for c in rows),
        new_pdfs=done.counts.get("new_pdfs", 0),
        layout_misses=done.counts.get("layout_misses", 0),
        returncode=done.returncode,
        log=done.log,
    )


@dataclass(frozen=True, slots=True)
class IngestRequest:
    """Add local PDFs (files or folders) to the store; venue and year from the PDF unless given."""

    paths: Sequence[str | Path]
    home: str | Path | None = None
    venue: str | None = None
    year: int | None = None
    track: str = "local"

    def __post_init__(self) -> None:
        missing = [str(p) for p in self.paths if not Path(p).exists()]
        if missing:
            raise InputError(f"no such file or folder: {missing[0]}")
        if (self.venue is None) != (self.year is None):
            raise InputError("venue and year go together: give both or neither")


def ingest(request: IngestRequest) -> list[Ingested]:
    """Store each PDF and place it (title match, page 1, metadata); a bad file is refused, not fatal."""
    from extract.ingest import Placement, ingest_paths
    from paperscope.store import Store
    from paperscope.store.pdfs import PdfStore

    settings = _settings(request.home)
    given = (
        Placement(request.venue, request.year, request.track)
        if request.venue is not None and request.year is not None
        else None
    )
    settings.work_dir.mkdir(parents=True, exist_ok=True)
    with Store.open(settings.store_path) as store:
        return ingest_paths([Path(p) for p in request.paths], store, PdfStore(settings.pdf_dir), given)


@dataclass(frozen=True, slots=True)
class ExtractRequest:
    """Run the extractors over the stored PDFs (resumable; only what is not extracted yet)."""

    home: str | Path | None = None
    venue: str | None = None
    year: int | None = None
    only: tuple[str, ...] = ()
    workers: int = 2
    force: bool = False
    retry_errors: bool = False
    time_limit: float = 120.0
    memory_mb: int = 2048
    max_pages: int = 1000

    def __post_init__(self) -> None:
        from extract.registry import select

        if self.workers < 1:
            raise InputError(f"workers {self.workers}: must be at least 1")
        try:
            select(self.only)
        except ValueError as exc:
            raise InputError(f"only: {exc}") from exc


def extract(
    request: ExtractRequest,
    *,
    on_plan: Callable[[list[Job]], None] | None = None,
    on_outcome: Callable[[Outcome, int], None] | None = None,
) -> RunSummary:
    """Extract labels with evidence; returns pages, labels added and errors per PDF.

    ``on_plan`` is told the PDFs to extract, ``on_outcome`` each PDF's outcome as it is stored
    (a progress bar's hooks; nothing is printed otherwise).
    """
    from extract.pool import Caps
    from extract.run import run_batch
    from paperscope.runlock import RunLock
    from paperscope.store import Store
    from paperscope.store.pdfs import PdfStore

    settings = _settings(request.home)
    with Store.open(settings.store_path, create=False) as store, RunLock(settings.extract_marker, "extract"):
        return run_batch(
            store,
            PdfStore(settings.pdf_dir),
            settings.data_dir,
            workers=request.workers,
            caps=Caps(seconds=request.time_limit, memory_mb=request.memory_mb, max_pages=request.max_pages),
            only=request.only,
            venue=request.venue,
            year=request.year,
            force=request.force,
            retry_errors=request.retry_errors,
            on_plan=on_plan,
            on_outcome=on_outcome,
        )


@dataclass(frozen=True, slots=True)
class LabelStudioRequest:
    """Which store and which Label Studio server; ``venue``/``year`` narrow a push."""

    home: str | Path | None = None
    ls_url: str | None = None
    ls_api_key: str | None = None
    venue: str | None = None
    year: int | None = None
    limit: int | None = None


def push(request: LabelStudioRequest) -> PushReport:
    """Send the machine labels (with evidence crops) to Label Studio as tasks with predictions."""
    from annotate.client import LabelStudioClient
    from annotate.crops import CropCache
    from annotate.push import plans_for
    from annotate.push import push as push_plans
    from paperscope.store import Store
    from paperscope.store.pdfs import PdfStore

    settings = _settings(request.home, request.ls_url, request.ls_api_key)
    with Store.open(settings.store_path, create=False) as store:
        plans = plans_for(store, venue=request.venue, year=request.year, limit=request.limit)
        crops = CropCache(settings.work_dir / "crops", PdfStore(settings.pdf_dir))
        with LabelStudioClient(settings.ls_url, settings.ls_api_key) as client:
            return push_plans(store, client, crops, plans)


def pull(request: LabelStudioRequest) -> PullReport:
    """Store the annotators' verdicts as verifications (append-only; never overwrites one)."""
    from annotate.client import LabelStudioClient
    from annotate.pull import pull as pull_verdicts
    from paperscope.store import Store

    settings = _settings(request.home, request.ls_url, request.ls_api_key)
    with (
        Store.open(settings.store_path, create=False) as store,
        LabelStudioClient(settings.ls_url, settings.ls_api_key) as client,
    ):
        return pull_verdicts(store, client)


@dataclass(frozen=True, slots=True)
class ReportRequest:
    """Rebuild the report's figures and tables from the store (verified labels first)."""

    home: str | Path | None = None
    params: str | Path | None = None  # a params YAML (default: analysis/params.yaml)
    sample_file: str | Path | None = None
    out: str | Path | None = None  # default: <home>/report/report.html

    def __post_init__(self) -> None:
        for name in ("params", "sample_file"):
            value = getattr(self, name)
            if value is not None and not Path(value).is_file():
                raise InputError(f"{name}: no such file: {value}")


@dataclass(frozen=True, slots=True)
class ReportResult:
    """The written report, its tables (pandas) and the files written beside it."""

    path: Path
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    files: list[Path] = field(default_factory=list)


def report(request: ReportRequest) -> ReportResult:
    """Build and write the HTML report (figures as PNG beside it); deterministic for one store."""
    from analysis.params import DEFAULT_PARAMS, load_params, load_targets
    from analysis.report import build, write
    from paperscope.store import Store

    settings = _settings(request.home)
    target = Path(request.out) if request.out is not None else settings.report_dir / "report.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    params = load_params(Path(request.params) if request.params is not None else DEFAULT_PARAMS)
    sample = Path(request.sample_file) if request.sample_file is not None else None
    with Store.open(settings.store_path, create=False) as store:
        built = build(store, params, load_targets(), settings.work_dir, sample)
    files = write(built, target)
    return ReportResult(path=target, tables=built.tables, files=files)
