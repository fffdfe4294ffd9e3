"""Run a spider as a ``scrapy crawl`` subprocess, show its progress, and summarise the store after.

A subprocess keeps Twisted's one-reactor-per-process rule out of the CLI and its tests; the crawl
reports progress through a small JSON file (``crawlers.extensions.ProgressFile``). The child dies
with its parent (Linux: a parent-death signal), and a job folder a live crawl owns is refused.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from crawlers.jobdir import refuse_if_busy
from crawlers.options import parse_tracks, parse_years
from paperscope.errors import ServiceError
from paperscope.procs import Interrupted, die_with_parent
from paperscope.settings import Settings
from paperscope.status import crawl_counts
from paperscope.store import Store
from paperscope.store.pdfs import PdfStore

LOOPBACK = {"127.0.0.1", "localhost", "::1"}
# A mirror on this machine needs no politeness; the real sites get the defaults in crawlers.settings.
MIRROR_SETTINGS = {
    "AUTOTHROTTLE_ENABLED": "False",
    "DOWNLOAD_DELAY": "0",
    "CONCURRENT_REQUESTS": "32",
    "CONCURRENT_REQUESTS_PER_DOMAIN": "16",
    "RETRY_BACKOFF_BASE": "0.1",
}


@dataclass(frozen=True, slots=True)
class CrawlRequest:
    """What to crawl: venue (= spider name), years, tracks, an optional limit and mirror."""

    venue: str
    years: tuple[int, ...]
    tracks: tuple[str, ...]
    limit: int | None = None
    site: str | None = None

    @classmethod
    def build(
        cls, venue: str, *, years: str, tracks: str, limit: int | None, site: str | None
    ) -> CrawlRequest:
        """Validate user input (InputError on a bad value)."""
        return cls(venue, parse_years(years), parse_tracks(tracks), limit, site)

    @property
    def slug(self) -> str:
        """A name for this crawl's job folder, e.g. ``neurips-2019-2021-main+datasets``."""
        span = f"{self.years[0]}-{self.years[-1]}" if len(self.years) > 1 else str(self.years[0])
        return f"{self.venue}-{span}-{'+'.join(self.tracks)}"

    def scrapy_args(self) -> list[str]:
        """``-a`` arguments for the spider."""
        args = {"years": ",".join(map(str, self.years)), "tracks": ",".join(self.tracks)}
        if self.limit:
            args["limit"] = str(self.limit)
        if self.site:
            args["site"] = self.site
        return [x for k, v in args.items() for x in ("-a", f"{k}={v}")]


@dataclass(frozen=True, slots=True)
class CrawlResult:
    """This crawl's counts and close reason (from the progress file), its exit code and log file."""

    counts: dict[str, int]
    returncode: int
    log: Path
    reason: str = ""


def run_crawl(
    request: CrawlRequest, settings: Settings, *, fresh: bool = False, progress: bool = True
) -> CrawlResult:
    """Run the crawl to its end (Ctrl-C pauses it: the queue stays in the job folder).

    ``progress`` shows a progress bar on the terminal (the CLI); the Python API runs without one.

    Raises :class:`~crawlers.jobdir.JobDirBusy` if a live crawl owns the job folder.
    """
    crawls = settings.work_dir / "crawls"
    jobdir = crawls / "jobs" / request.slug
    refuse_if_busy(jobdir)
    if fresh:
        shutil.rmtree(jobdir, ignore_errors=True)
    crawls.mkdir(parents=True, exist_ok=True)
    PdfStore(settings.pdf_dir).remove_partials()  # left by a crawl killed mid-write
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    log, progress_file = crawls / f"{request.slug}-{stamp}.log", crawls / f"{request.slug}.progress.json"
    progress_file.unlink(missing_ok=True)
    overrides = {
        "PAPERSCOPE_HOME": str(settings.work_dir.resolve()),
        "JOBDIR": str(jobdir.resolve()),
        "PAPERSCOPE_PROGRESS_FILE": str(progress_file.resolve()),
        "LOG_FILE": str(log.resolve()),
    }
    if request.site and urlsplit(request.site).hostname in LOOPBACK:
        overrides |= MIRROR_SETTINGS
    cmd = [sys.executable, "-m", "scrapy", "crawl", request.venue, *request.scrapy_args()]
    cmd += [x for k, v in overrides.items() for x in ("-s", f"{k}={v}")]
    env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "crawlers.settings"}
    try:  # no other thread runs yet (the progress bar starts after), so a preexec_fn is safe here
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                                preexec_fn=die_with_parent())  # fmt: skip  # noqa: PLW1509
    except OSError as exc:
        raise ServiceError(f"cannot start scrapy ({exc})") from exc
    try:
        counts = _follow(proc, progress_file) if progress else _wait(proc, progress_file)
    except KeyboardInterrupt as exc:
        # Ctrl-C reached the child too (one process group); SIGTERM or SIGHUP reached this process
        # alone, so pass it on (Scrapy closes on either). Let it close and keep its queue.
        if isinstance(exc, Interrupted) and proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
        proc.wait()
        raise
    stderr = ""
    if proc.stderr is not None:
        with proc.stderr:
            stderr = proc.stderr.read()
    if proc.returncode and not log.exists():
        raise ServiceError(f"the {request.venue} crawl failed to start: {stderr.strip()[-500:]}")
    return CrawlResult(counts, proc.returncode, log, _reason(progress_file))


def _reason(progress_file: Path) -> str:
    """Why the crawl closed ("finished", "shutdown", or what stopped it); "" if it never said."""
    try:
        return str(json.loads(progress_file.read_text()).get("reason", ""))
    except (OSError, ValueError, AttributeError):
        return ""


def _read(progress_file: Path) -> dict[str, int]:
    try:
        data = json.loads(progress_file.read_text())
    except (OSError, ValueError):
        return {}
    return {k: v for k, v in data.items() if isinstance(v, int) and not isinstance(v, bool)}


def _wait(proc: subprocess.Popen[str], progress_file: Path) -> dict[str, int]:
    """Wait for the subprocess to end, quietly; return the final counts."""
    proc.wait()
    return _read(progress_file)


def _follow(proc: subprocess.Popen[str], progress_file: Path) -> dict[str, int]:
    """Show a progress bar until the subprocess ends; return the final counts."""
    # the time left is estimated from the pace so far: with OpenReview's attachment rate limit a
    # year's PDFs can take hours, and the user sees how many
    columns = (TextColumn("[bold]crawl"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[note]}"),
               TimeElapsedColumn(), TextColumn("left"), TimeRemainingColumn())  # fmt: skip
    with Progress(*columns, transient=False) as bar:
        task = bar.add_task("crawl", total=None, note="")
        while True:
            done = proc.poll() is not None
            counts = _read(progress_file)
            if counts:
                finished = counts.get("stored", 0) + counts.get("missed", 0)
                note = f"missed {counts.get('missed', 0)}, layout misses {counts.get('layout_misses', 0)}"
                bar.update(task, total=max(counts.get("listed", 0), finished), completed=finished, note=note)
            if done:
                return counts
            time.sleep(0.3)


def report(
    request: CrawlRequest, result: CrawlResult, settings: Settings, console: Console | None = None
) -> int:
    """Print listed / stored / missed for the crawled years and tracks (from the store).

    Returns the exit code: the crawl's own, else 1 when listed papers have neither a stored PDF nor
    a recorded miss (unaccounted for) or when pages matched no known layout. A crawl that lists no
    paper at all this run (an index that could not be read: a refused connection, no network), even
    over a store that holds the papers from before, is a one-line :class:`ServiceError`.
    """
    console = console or Console()
    c = result.counts
    years, tracks = ",".join("?" * len(request.years)), ",".join("?" * len(request.tracks))
    scope = f"p.venue = ? AND p.year IN ({years}) AND p.track IN ({tracks})"
    params = (request.venue, *request.years, *request.tracks)
    with Store.open(settings.store_path) as store:
        counted = [
            c
            for c in crawl_counts(store)
            if c.venue == request.venue and c.year in request.years and c.track in request.tracks
        ]
        listed, stored = sum(c.listed for c in counted), sum(c.stored for c in counted)
        reasons = store.query(
            f"""SELECT m.reason, count(*) FROM misses m JOIN papers p ON p.key = m.paper_key
                WHERE {scope} AND p.pdf_sha256 IS NULL GROUP BY m.reason ORDER BY m.reason""",
            params,
        )
        conflicts = store.query(
            f"""SELECT c.kind, c.value, c.paper_key, c.holder_key FROM id_conflicts c
                JOIN papers p ON p.key = c.paper_key WHERE {scope} ORDER BY c.kind, c.value, c.paper_key""",
            params,
        )
    missed = sum(n for _, n in reasons)
    console.print(
        f"{request.venue} {request.slug.split('-', 1)[1]}: listed {listed}, stored {stored} "
        f"({c.get('new_pdfs', 0)} new), missed {missed}, layout misses {c.get('layout_misses', 0)}"
    )
    for reason, n in reasons:
        console.print(f"  missed ({reason}): {n}")
    if second := c.get("second_sources", 0):
        console.print(f"  listings of a paper already stored under another source's key: {second}")
    if twins := c.get("twins", 0):
        console.print(
            f"  withdrawn or desk-rejected twins linked to their paper (not counted as papers): {twins}"
        )
    if conflicts:
        console.print(f"[yellow]  listings sharing a stored paper's id under another title (kept apart): "
                      f"{len(conflicts)}[/yellow]")  # fmt: skip
        for kind, value, key, holder in conflicts[:5]:
            console.print(f"    {kind} {value}: {key} vs {holder}", markup=False, highlight=False)
        if len(conflicts) > 5:
            console.print(f"    ... and {len(conflicts) - 5} more (`paperscope status`)")
    console.print(f"log: {result.log}")
    did = sum(c.get(k, 0) for k in ("listed", "stored", "missed", "layout_misses"))
    if did == 0 and result.reason in {"", "finished"}:
        # this run's own work, not the store's: a re-crawl whose index is refused lists nothing
        where = request.site or "the live site"
        raise ServiceError(
            f"the {request.venue} crawl listed no paper for {request.slug.split('-', 1)[1]}: the index at "
            f"{where} could not be read or lists nothing (log: {result.log})"
        )
    if result.returncode:
        console.print(f"[red]the crawl exited with code {result.returncode}[/red]")
        return result.returncode
    if gaps := c.get("incomplete", 0):
        raise ServiceError(
            f"the {request.venue} crawl is incomplete: {gaps} listing pages or forum pages could not be read "
            f"(kept as misses; run the same command again to finish; log: {result.log})"
        )
    if unaccounted := listed - stored - missed:
        console.print(f"[red]{unaccounted} listed papers have neither a stored PDF nor a recorded miss "
                      "(the crawl stopped early?): run the same command again to finish them[/red]")  # fmt: skip
        return 1
    if c.get("layout_misses", 0):
        console.print("[red]pages matched no known layout: see `layout_misses` in the store[/red]")
        return 1
    if not c:
        console.print("[red]the crawl reported nothing[/red]")
        return 1
    return 0


def finish(request: CrawlRequest, result: CrawlResult, settings: Settings) -> int:
    """Report; a crawl that was stopped (login refused, store not writable) is then a one-line error."""
    code = report(request, result, settings)
    if result.reason and result.reason not in {"finished", "shutdown"}:
        raise ServiceError(f"the {request.venue} crawl stopped: {result.reason} (log: {result.log})")
    return code
