"""Which process runs a long job on a home or folder, and whether it still runs.

A marker file holds the running process's PID and, on Linux, its start time (clock ticks after
boot from ``/proc/<pid>/stat``), so a PID the system handed to another process since is not
mistaken for a live run. :class:`RunLock` refuses a second run while the first lives and takes
over the marker of a dead one.
"""

from __future__ import annotations

import os
from pathlib import Path
from types import TracebackType
from typing import Self

from paperscope.errors import ServiceError


class Busy(ServiceError):
    """Another live process runs this job."""


def _proc_stat(pid: int) -> tuple[str, str] | None:
    """(state letter, start time in clock ticks) of a process; None where ``/proc`` does not tell."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text.rsplit(")", 1)[-1].split()  # after "pid (comm)": state is field 3, starttime 22
    return (fields[0], fields[19]) if len(fields) > 19 else None


def marker_text(pid: int) -> str:
    """What the marker of a run by ``pid`` says: ``"<pid> <start time>"``."""
    stat = _proc_stat(pid)
    return f"{pid} {stat[1]}" if stat else str(pid)


def is_running(pid: int, started: str | None = None) -> bool:
    """True if ``pid`` is a live process other than this one (and, if given, started at ``started``).

    This process's own PID in a marker is a dead run's PID handed out again, never a live run;
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


def running_owner(marker: Path) -> int | None:
    """The PID of the live process named by ``marker``; None if there is none or it died."""
    try:
        parts = marker.read_text().split()
    except (FileNotFoundError, NotADirectoryError):
        return None
    if not parts or not parts[0].isdigit():
        return None
    pid = int(parts[0])
    return pid if is_running(pid, parts[1] if len(parts) > 1 else None) else None


class RunLock:
    """``with RunLock(marker, "extract"):`` - one live run per marker; a second is refused in one line."""

    def __init__(self, marker: Path, job: str) -> None:
        self.marker = marker
        self.job = job

    def __enter__(self) -> Self:
        if (pid := running_owner(self.marker)) is not None:
            raise Busy(
                f"{self.marker.parent}: another {self.job} (pid {pid}) is still running here; "
                "wait for it or stop it first"
            )
        self.marker.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.marker.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(marker_text(os.getpid()))
        tmp.replace(self.marker)  # atomic: a reader sees the old marker or the new one
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if running_owner(self.marker) is None:  # ours (this process is never "running" to itself)
            self.marker.unlink(missing_ok=True)
