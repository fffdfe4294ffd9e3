"""The job folder's marker: which process crawls into a ``JOBDIR``, and whether it still runs.

The marker holds the crawling process's PID and, on Linux, its start time (clock ticks after boot
from ``/proc/<pid>/stat``), so a PID the system handed to another process since is not mistaken
for a live crawl. Kept free of Scrapy so the CLI can check before it starts one.
"""

from __future__ import annotations

from pathlib import Path

from paperscope.errors import ServiceError
from paperscope.runlock import is_running, marker_text
from paperscope.runlock import running_owner as marker_owner

__all__ = ["MARKER", "JobDirBusy", "is_running", "marker_text", "refuse_if_busy", "running_owner"]

MARKER = "paperscope.running"


class JobDirBusy(ServiceError):
    """Another crawl that is still running owns this job folder."""


def running_owner(jobdir: Path) -> int | None:
    """The PID of the live crawl whose marker is in ``jobdir``; None if there is none or it died."""
    return marker_owner(jobdir / MARKER)


def refuse_if_busy(jobdir: Path) -> None:
    """Raise :class:`JobDirBusy` (one line) if a live crawl owns ``jobdir``."""
    if (pid := running_owner(jobdir)) is not None:
        raise JobDirBusy(
            f"{jobdir}: another crawl (pid {pid}) is still running on this job folder; "
            "wait for it or stop it first"
        )
