"""Crawl extensions: a progress file for the CLI, and JOBDIR recovery after a hard kill."""

from __future__ import annotations

import json
import logging
import os
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

from scrapy import signals
from twisted.internet import task

from crawlers.jobdir import MARKER, marker_text, refuse_if_busy

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)
PREFIX = "paperscope/"


def crawl_counts(stats: dict[str, Any]) -> dict[str, int]:
    """This crawl's counts from Scrapy stats: listed, stored (new + already), missed, layout misses.

    ``second_sources`` counts listings found to be a paper already stored under another key;
    ``id_conflicts`` listings that carry a stored paper's id under another title (kept apart);
    ``incomplete`` gaps that make the result partial (a listing shorter than its count, a forum
    page that failed); ``twins`` withdrawn or desk-rejected listings linked to their paper.
    """
    counts = {k: int(stats.get(PREFIX + k, 0)) for k in ("listed", "pdf/stored", "pdf/already_stored")}
    return {
        "listed": counts["listed"],
        "stored": counts["pdf/stored"] + counts["pdf/already_stored"],
        "new_pdfs": counts["pdf/stored"],
        "missed": int(stats.get(PREFIX + "pdf/missed", 0)),
        "layout_misses": int(stats.get(PREFIX + "layout_misses", 0)),
        "second_sources": int(stats.get(PREFIX + "second_source", 0)),
        "id_conflicts": int(stats.get(PREFIX + "id_conflict", 0)),
        "incomplete": int(stats.get(PREFIX + "incomplete", 0)),
        "twins": int(stats.get(PREFIX + "twin", 0)),
    }


class ProgressFile:
    """Write this crawl's counts as JSON to ``PAPERSCOPE_PROGRESS_FILE`` every 0.5 s and at the end."""

    def __init__(self, crawler: Crawler, path: Path) -> None:
        self.crawler = crawler
        self.path = path
        self._loop = task.LoopingCall(self._write, finished=False)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """Enabled by its setting (NotConfigured otherwise)."""
        from scrapy.exceptions import NotConfigured

        path = crawler.settings.get("PAPERSCOPE_PROGRESS_FILE")
        if not path:
            raise NotConfigured
        ext = cls(crawler, Path(path))
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_opened(self) -> None:
        """Start the periodic write."""
        self._loop.start(0.5)

    def spider_closed(self, reason: str) -> None:
        """The final write, with the reason the crawl closed."""
        if self._loop.running:
            self._loop.stop()
        self._write(finished=True, reason=reason)

    def _write(self, *, finished: bool, reason: str = "") -> None:
        data = {**crawl_counts(self.crawler.stats.get_stats()), "finished": finished, "reason": reason}
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(data))
        tmp.replace(self.path)


class JobDirGuard:
    """Make ``JOBDIR`` resume safe after a hard kill, and refuse a folder a live crawl is using.

    Scrapy writes the disk queue's state and flushes ``requests.seen`` only on a clean close, so a
    run killed with SIGKILL leaves a queue that can lose or garble requests. A marker file records
    that a run is in progress (its PID, see :mod:`crawlers.jobdir`). A new run that finds the marker
    of a live process refuses to start (:class:`~crawlers.jobdir.JobDirBusy`: two crawlers must not
    share a queue); one that finds a dead run's marker starts with a fresh queue and relies on the
    store (papers with a stored PDF are skipped), so nothing is lost or duplicated.
    """

    MARKER = MARKER

    def __init__(self, jobdir: Path) -> None:
        self.marker = jobdir / self.MARKER
        refuse_if_busy(jobdir)
        if self.marker.exists():
            logger.warning("%s: the last run did not close cleanly; resuming from the store", jobdir)
            shutil.rmtree(jobdir / "requests.queue", ignore_errors=True)
            (jobdir / "requests.seen").unlink(missing_ok=True)
        jobdir.mkdir(parents=True, exist_ok=True)
        self.marker.write_text(marker_text(os.getpid()))

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """Enabled by its setting (NotConfigured otherwise)."""
        from scrapy.exceptions import NotConfigured

        jobdir = crawler.settings.get("JOBDIR")
        if not jobdir:
            raise NotConfigured
        ext = cls(Path(jobdir))
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_closed(self) -> None:
        """Clear the marker: this run closed cleanly."""
        self.marker.unlink(missing_ok=True)
