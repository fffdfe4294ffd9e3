"""SIGKILL a command at a chosen point: start it in its own process group, wait, kill the group.

A kill point is a condition on the work done so far (rows in the store, tasks in Label Studio)
plus a seeded extra delay; the whole group goes (a CLI and the ``scrapy`` child it started), as
when a machine loses power or the OOM killer strikes. Only a kill that hit a live process counts.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Mapping
from contextlib import closing, suppress
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
PAPERSCOPE = [sys.executable, "-c", "from paperscope.cli import main; main()"]


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    with suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()


def kill_when(
    cmd: list[str],
    *,
    ready: Callable[[], bool],
    delay: float,
    env: Mapping[str, str] | None = None,
    timeout: float = 120.0,
    poll: float = 0.03,
) -> bool:
    """Run ``cmd``; once ``ready()`` holds, wait ``delay`` s and SIGKILL its process group.

    Returns True if the kill hit the command while it ran (False: it ended first).
    """
    proc = subprocess.Popen(
        cmd,
        cwd=REPO_ROOT,
        env=dict(env or os.environ),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + timeout
        while proc.poll() is None and not ready():
            if time.monotonic() > deadline:
                raise AssertionError(f"kill point never reached in {timeout:.0f} s: {cmd}")
            time.sleep(poll)
        if proc.poll() is not None:
            return False
        time.sleep(delay)
        _kill_group(proc)
        return proc.returncode == -signal.SIGKILL
    finally:
        if proc.poll() is None:
            _kill_group(proc)


def seconds_until(cmd: list[str], *, ready: Callable[[], bool], timeout: float = 300.0) -> float:
    """Run ``cmd`` to its end; return how long after its start ``ready()`` first held."""
    started = time.monotonic()
    proc = subprocess.Popen(
        cmd, cwd=REPO_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    try:
        while not ready():
            if proc.poll() is not None or time.monotonic() - started > timeout:
                raise AssertionError(f"never ready (exit code {proc.returncode}): {cmd}")
            time.sleep(0.005)
        seconds = time.monotonic() - started
        if proc.wait(timeout) != 0:
            raise AssertionError(f"exit code {proc.returncode}: {cmd}")
        return seconds
    finally:
        if proc.poll() is None:
            _kill_group(proc)


def run(
    cmd: list[str], env: Mapping[str, str] | None = None, timeout: float = 300.0
) -> subprocess.CompletedProcess[str]:
    """Run ``cmd`` to its end from the repository root."""
    return subprocess.run(
        cmd,
        cwd=REPO_ROOT,
        env=dict(env or os.environ),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def count(db: Path, sql: str) -> int:
    """``sql``'s single number on the store ``db`` (0 while the store does not exist yet)."""
    if not db.exists():
        return 0
    try:
        with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)) as conn:
            return int(conn.execute(sql).fetchone()[0])
    except sqlite3.OperationalError:  # tables not created yet, or the store briefly locked
        return 0


def rows(db: Path, sql: str) -> list[tuple[object, ...]]:
    """All rows of ``sql`` on the store ``db``."""
    with closing(sqlite3.connect(db)) as conn:
        return conn.execute(sql).fetchall()
