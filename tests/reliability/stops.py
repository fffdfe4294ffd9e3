"""Stop a CLI run at an exact event, from inside it: no timing, no polling.

:func:`stop_at` runs the paperscope CLI with a hook installed before it starts. The hook waits for
one event and then sends a signal, to the CLI process alone or to its whole process group:

* ``worker:N``: the N-th extraction worker process has been started (worker start-up);
* ``sql:PREFIX:N``: the store is about to execute its N-th statement that starts with PREFIX (an
  SQLite trace callback: for a kill between two statements of one transaction);
* ``stored:N``: the N-th extraction outcome has been written to the store.

A signal sent from the trace callback could only be handled inside it, so ``sql:`` events take
SIGKILL only. After the run, :func:`wait_gone` checks that no process of its session outlives it.
"""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import tempfile
import time
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

from tests.reliability.killing import REPO_ROOT

HOOK = r"""
import os, signal, sqlite3, sys
event, sig, target = sys.argv.pop(1), int(sys.argv.pop(1)), sys.argv.pop(1)
kind, _, rest = event.partition(":")
prefix, _, nth = rest.rpartition(":")
nth, seen = int(nth), [0]

def fire():
    seen[0] += 1
    if seen[0] == nth:
        (os.killpg if target == "group" else os.kill)(0 if target == "group" else os.getpid(), sig)

if kind == "sql":
    connect = sqlite3.connect
    def trace(statement):
        if os.getpid() == cli and statement.lstrip().startswith(prefix):
            fire()
    def traced(*args, **kwargs):
        conn = connect(*args, **kwargs)
        conn.set_trace_callback(trace)
        return conn
    sqlite3.connect = traced
cli = os.getpid()
if kind == "worker":
    import extract.pool as pool
    start = pool.WorkerPool._start
    def started(self):
        slot = start(self)
        fire()
        return slot
    pool.WorkerPool._start = started
if kind == "stored":
    import extract.run as run
    record = run.record
    def recorded(*args, **kwargs):
        added = record(*args, **kwargs)
        fire()
        return added
    run.record = recorded
from paperscope.cli import main
main()
"""


@dataclass(frozen=True)
class Stopped:
    """How a stopped run ended: its exit code, its output, and whether its processes all ended."""

    returncode: int
    stdout: str
    stderr: str
    leftovers: list[int]


def session_pids(sid: int) -> list[int]:
    """Processes of session ``sid`` still alive (zombies count as ended)."""
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with suppress(OSError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[3]) == sid and fields[0] != "Z":
                out.append(int(stat.parent.name))
    return out


def wait_gone(pids: list[int], timeout: float) -> list[int]:
    """Wait (on pidfds, not by polling) until every pid has exited; return those still alive."""
    fds = {}
    for pid in pids:
        with suppress(ProcessLookupError):
            fds[os.pidfd_open(pid)] = pid
    deadline = time.monotonic() + timeout
    try:
        while fds:
            ready, _, _ = select.select(list(fds), [], [], max(0.0, deadline - time.monotonic()))
            if not ready:
                break
            for fd in ready:
                os.close(fd)
                fds.pop(fd)
        return sorted(fds.values())
    finally:
        for fd in fds:
            os.close(fd)


def stop_at(
    args: list[str], event: str, sig: int = signal.SIGKILL, *, target: str = "self", timeout: float = 300.0
) -> Stopped:
    """Run ``paperscope ARGS`` in a session of its own; at ``event`` send ``sig`` to ``target``.

    ``target`` is ``self`` (the CLI process alone, as a service manager or the OOM killer would) or
    ``group`` (the CLI and every process it started). Returns once the CLI has ended and every
    other process of its session has ended too, or 5 s have passed (those are ``leftovers``).
    """
    if event.startswith("sql:") and sig != signal.SIGKILL:
        raise ValueError("sql: events can only SIGKILL")
    cmd = [sys.executable, "-c", HOOK, event, str(int(sig)), target, *args]
    # output to files, not pipes: a leftover worker holding a pipe open must not hang this test
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        proc = subprocess.Popen(cmd, cwd=REPO_ROOT, stdout=out, stderr=err, text=True, start_new_session=True)
        try:
            proc.wait(timeout)
        finally:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        leftovers = wait_gone(session_pids(proc.pid), 5.0)
        for pid in leftovers:  # do not leave them to the next test
            with suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        out.seek(0)
        err.seek(0)
        return Stopped(proc.returncode, out.read(), err.read(), leftovers)
