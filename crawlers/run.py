"""Run a spider as a ``scrapy crawl`` subprocess, show its progress, and summarise the store after.

A subprocess keeps Twisted's one-reactor-per-process rule out of the CLI and its tests; the crawl
reports progress through a small JSON file (``crawlers.extensions.ProgressFile``).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from crawlers.options import parse_tracks, parse_years
from paperscope.errors import ServiceError
from paperscope.settings import Settings
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
    """This crawl's counts (from the progress file), its exit code and log file."""

    counts: dict[str, int]
    returncode: int
    log: Path


def run_crawl(request: CrawlRequest, settings: Settings, *, fresh: bool = False) -> CrawlResult:
    """Run the crawl to its end (Ctrl-C pauses it: the queue stays in the job folder)."""
    crawls = settings.work_dir / "crawls"
    jobdir = crawls / "jobs" / request.slug
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
    try:
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    except OSError as exc:
        raise ServiceError(f"cannot start scrapy ({exc})") from exc
    counts = _follow(proc, progress_file)
    stderr = proc.stderr.read() if proc.stderr else ""
    if proc.returncode and not log.exists():
        raise ServiceError(f"the {request.venue} crawl failed to start: {stderr.strip()[-500:]}")
    return CrawlResult(counts, proc.returncode, log)


def _read(progress_file: Path) -> dict[str, int]:
    try:
        data = json.loads(progress_file.read_text())
    except (OSError, ValueError):
        return {}
    return {k: v for k, v in data.items() if isinstance(v, int) and not isinstance(v, bool)}


def _follow(proc: subprocess.Popen[str], progress_file: Path) -> dict[str, int]:
    """Show a progress bar until the subprocess ends; return the final counts."""
    columns = (TextColumn("[bold]crawl"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[note]}"),
               TimeElapsedColumn())  # fmt: skip
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

    Returns the exit code: the crawl's own, else 1 when pages matched no known layout.
    """
    console = console or Console()
    c = result.counts
    years, tracks = ",".join("?" * len(request.years)), ",".join("?" * len(request.tracks))
    scope = f"p.venue = ? AND p.year IN ({years}) AND p.track IN ({tracks})"
    params = (request.venue, *request.years, *request.tracks)
    with Store.open(settings.store_path) as store:
        listed, stored = store.query(
            f"SELECT count(*), count(p.pdf_sha256) FROM papers p WHERE {scope}", params
        )[0]
        reasons = store.query(
            f"""SELECT m.reason, count(*) FROM misses m JOIN papers p ON p.key = m.paper_key
                WHERE {scope} GROUP BY m.reason ORDER BY m.reason""",
            params,
        )
    missed = sum(n for _, n in reasons)
    console.print(
        f"{request.venue} {request.slug.split('-', 1)[1]}: listed {listed}, stored {stored} "
        f"({c.get('new_pdfs', 0)} new), missed {missed}, layout misses {c.get('layout_misses', 0)}"
    )
    for reason, n in reasons:
        console.print(f"  missed ({reason}): {n}")
    console.print(f"log: {result.log}")
    if result.returncode:
        console.print(f"[red]the crawl exited with code {result.returncode}[/red]")
        return result.returncode
    if c.get("layout_misses", 0):
        console.print("[red]pages matched no known layout: see `layout_misses` in the store[/red]")
        return 1
    if not c:
        console.print("[red]the crawl reported nothing[/red]")
        return 1
    return 0
