"""The job folder's marker: which process crawls into a ``JOBDIR``, and whether it still runs.

The marker holds the crawling process's PID and, on Linux, its start time (clock ticks after boot
from ``/proc/<pid>/stat``), so a PID the system handed to another process since is not mistaken
for a live crawl. Kept free of Scrapy so the CLI can check before it starts one.
"""

from __future__ import annotations

import os
from pathlib import Path

from paperscope.errors import ServiceError

MARKER = "paperscope.running"


class JobDirBusy(ServiceError):
    """Another crawl that is still running owns this job folder."""


def _proc_stat(pid: int) -> tuple[str, str] | None:
    """(state letter, start time in clock ticks) of a process; None where ``/proc`` does not tell."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text.rsplit(")", 1)[-1].split()  # after "pid (comm)": state is field 3, starttime 22
    return (fields[0], fields[19]) if len(fields) > 19 else None


def marker_text(pid: int) -> str:
    """What the marker of a crawl run by ``pid`` says: ``"<pid> <start time>"``."""
    stat = _proc_stat(pid)
    return f"{pid} {stat[1]}" if stat else str(pid)


def is_running(pid: int, started: str | None = None) -> bool:
    """True if ``pid`` is a live process other than this one (and, if given, started at ``started``).

    This process's own PID in a marker is a dead run's PID handed out again, never a live crawl;
    a zombie has finished.
    """
    if pid <= 0 or pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, owned by another user
        return True
    stat = _proc_stat(pid)
    if stat is None:
        return True
    state, start = stat
    return state not in {"Z", "X"} and (started is None or start == started)


def running_owner(jobdir: Path) -> int | None:
    """The PID of the live crawl whose marker is in ``jobdir``; None if there is none or it died."""
    try:
        parts = (jobdir / MARKER).read_text().split()
    except (FileNotFoundError, NotADirectoryError):
        return None
    if not parts or not parts[0].isdigit():
        return None
    pid = int(parts[0])
    return pid if is_running(pid, parts[1] if len(parts) > 1 else None) else None


def refuse_if_busy(jobdir: Path) -> None:
    """Raise :class:`JobDirBusy` (one line) if a live crawl owns ``jobdir``."""
    if (pid := running_owner(jobdir)) is not None:
        raise JobDirBusy(
            f"{jobdir}: another crawl (pid {pid}) is still running on this job folder; "
            "wait for it or stop it first"
        )
