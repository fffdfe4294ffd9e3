"""A small pool of extraction workers that survives its workers.

A worker that dies or runs past the time cap is killed and replaced, and its job comes back as an
error outcome.

``concurrent.futures.ProcessPoolExecutor`` breaks for good when one worker dies (a PDF that
exhausts the memory cap can do that), hence this pool.
"""

from __future__ import annotations

import contextlib
import multiprocessing as mp
import os
import signal
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Self

from extract.worker import Job, Outcome, serve


@dataclass
class _Slot:
    """One worker process, its pipe and the job it is on (with when it started)."""

    process: BaseProcess
    conn: Connection
    job: Job | None = None
    started: float = 0.0


@dataclass(frozen=True, slots=True)
class Caps:
    """Per-PDF limits: wall-clock seconds, worker address space in MB, pages."""

    seconds: float = 120.0
    memory_mb: int = 2048
    max_pages: int = 1000


def can_fork() -> bool:
    """Whether workers may be forked: the platform has fork and this process runs a single thread.

    Forked workers share what the parent loaded (the extractors' resources) instead of each
    loading it again; forking a multi-threaded process is unsafe, so then they are spawned.
    """
    return "fork" in mp.get_all_start_methods() and threading.active_count() == 1


class WorkerPool:
    """``workers`` processes running :func:`serve`: forked when :func:`can_fork`, else spawned."""

    def __init__(self, workers: int, data_dir: Path, caps: Caps) -> None:
        self._data_dir = str(data_dir)
        self._caps = caps
        self._slots: list[_Slot] = []
        for _ in range(max(1, workers)):
            self._slots.append(self._start())

    def _start(self) -> _Slot:
        forked = can_fork()
        ctx = mp.get_context("fork") if forked else mp.get_context("spawn")
        parent, child = ctx.Pipe()
        # a forked worker inherits this process's ends of every worker's pipe: it closes them, so
        # that a pipe reports end-of-file to its worker as soon as this process is gone
        ours = [parent, *(s.conn for s in self._slots)] if forked else []
        process = ctx.Process(
            target=serve,
            args=(child, self._data_dir, self._caps.max_pages, self._caps.memory_mb),
            kwargs={"parent": os.getpid(), "inherited": tuple(c.fileno() for c in ours if not c.closed)},
            daemon=True,
        )
        process.start()
        child.close()
        return _Slot(process, parent)

    def _replace(self, slot: _Slot) -> None:
        if slot.process.is_alive():
            slot.process.kill()
        slot.process.join(5)
        slot.conn.close()
        fresh = self._start()
        slot.process, slot.conn, slot.job = fresh.process, fresh.conn, None

    def run(self, jobs: Iterable[Job]) -> Iterator[Outcome]:
        """Run the jobs; yield each outcome as it arrives (errors included), in finishing order."""
        pending = iter(jobs)
        self._feed(pending)
        while True:
            busy = [s for s in self._slots if s.job is not None]
            if not busy:
                return
            deadline = min(s.started for s in busy) + self._caps.seconds
            ready = wait(
                [s.conn for s in busy] + [s.process.sentinel for s in busy],
                max(0.0, deadline - time.monotonic()),
            )
            done = [outcome for slot in busy for outcome in self._collect(slot, ready)]
            self._feed(pending)  # idle workers start their next PDF while the caller stores these
            yield from done

    def _feed(self, pending: Iterator[Job]) -> None:
        """Give every idle worker the next job, while there are jobs.

        A worker that died since its last reply cannot take one: it is replaced and the job goes to
        the fresh worker (outcomes already received are never lost to a failed send).
        """
        for slot in self._slots:
            if slot.job is None:
                job = next(pending, None)
                if job is None:
                    return
                try:
                    slot.conn.send(job)
                except (OSError, ValueError):  # broken pipe, or a closed connection
                    self._replace(slot)
                    slot.conn.send(job)
                slot.job, slot.started = job, time.monotonic()

    def _collect(self, slot: _Slot, ready: Sequence[object]) -> Iterator[Outcome]:
        job = slot.job
        if job is None:
            return
        if slot.conn in ready:
            try:
                outcome = slot.conn.recv()
            except (EOFError, OSError):
                outcome = None
            if isinstance(outcome, Outcome):
                slot.job = None
                if not slot.process.is_alive() or any(
                    e.startswith("memory:") for e in outcome.errors.values()
                ):
                    self._replace(slot)
                yield outcome
                return
        if slot.process.sentinel in ready or not slot.process.is_alive():
            slot.process.join(5)  # its pipe can close before it is reaped: wait for its exit status
            reason = f"crashed: the worker died ({_death(slot.process.exitcode)}) - over the {self._caps.memory_mb} MB memory cap?"
            self._replace(slot)
            yield _failed(job, reason)
        elif time.monotonic() - slot.started >= self._caps.seconds:
            self._replace(slot)
            yield _failed(job, f"timeout: over the {self._caps.seconds:g} s cap")

    def close(self) -> None:
        """Stop the workers (politely, then by force)."""
        for slot in self._slots:
            with contextlib.suppress(OSError, ValueError):
                slot.conn.send(None)
        for slot in self._slots:
            slot.process.join(2)
            if slot.process.is_alive():
                slot.process.kill()
                slot.process.join(2)
            slot.conn.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _death(exitcode: int | None) -> str:
    """How a worker ended: "killed by SIGABRT" (an allocation refused at the cap aborts), "exit code 1".

    SIGKILL is the kernel's OOM killer (or a person): it is named, so a crash at the worker's own cap
    can be told from memory the machine ran out of.
    """
    if exitcode is not None and exitcode < 0:
        try:
            return f"killed by {signal.Signals(-exitcode).name}"
        except ValueError:
            return f"killed by signal {-exitcode}"
    return f"exit code {exitcode}"


def _failed(job: Job, reason: str) -> Outcome:
    return Outcome(job.sha256, 0, 0.0, errors=dict.fromkeys(job.extractors, reason))
