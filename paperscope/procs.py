"""Child processes that die with their parent, and long commands that stop cleanly on any signal.

Two guarantees every stage relies on:

* a child (a ``scrapy`` crawl, an extraction worker) gets SIGKILL from the kernel when the process
  that started it dies, whatever killed it (Linux ``prctl(PR_SET_PDEATHSIG)``); a child whose
  parent is already gone when it starts kills itself;
* SIGTERM and SIGHUP end a command the way Ctrl-C does (:class:`Interrupted` is a
  ``KeyboardInterrupt``): open transactions roll back, pools close their workers, finished work
  stays in the store, and the exit code says which signal it was.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
from collections.abc import Callable
from types import FrameType

PR_SET_PDEATHSIG = 1  # prctl(2) option: the signal the kernel sends a child when its parent dies
STOP_SIGNALS = (signal.SIGTERM, signal.SIGHUP)


class Interrupted(KeyboardInterrupt):
    """A stop signal other than SIGINT, raised where the command was, like Ctrl-C's KeyboardInterrupt."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


_received: list[int] = []  # the stop signals this process has been sent, in order


def exit_code(exc: KeyboardInterrupt | None = None) -> int:
    """The shell's code for a command ended by a signal: 128 + its number (130 for Ctrl-C).

    Without ``exc`` (an interrupt that a framework turned into an exit code), the last stop
    signal received, else SIGINT.
    """
    if isinstance(exc, Interrupted):
        return 128 + exc.signum
    return 128 + (_received[-1] if _received and exc is None else signal.SIGINT)


def _raise(signum: int, frame: FrameType | None) -> None:
    _received.append(signum)
    raise Interrupted(signum)


def stop_like_ctrl_c() -> None:
    """Have SIGTERM and SIGHUP raise :class:`Interrupted` in the main thread, as SIGINT does."""
    for sig in STOP_SIGNALS:
        signal.signal(sig, _raise)


def default_signals() -> None:
    """In a child: SIGTERM/SIGHUP back to their default (die), SIGINT ignored.

    A worker's life is its parent's business: Ctrl-C in a terminal reaches the whole process group,
    and the parent, not each worker, decides what to do with work in flight.
    """
    for sig in STOP_SIGNALS:
        signal.signal(sig, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _prctl() -> Callable[..., int] | None:
    if not sys.platform.startswith("linux"):
        return None
    prctl: Callable[..., int] = ctypes.CDLL(None, use_errno=True).prctl
    return prctl


def _arm(prctl: Callable[..., int], parent: int, sig: int) -> None:
    """Ask for ``sig`` at ``parent``'s death; send it now if ``parent`` is already gone."""
    prctl(PR_SET_PDEATHSIG, sig)
    if os.getppid() != parent:
        os.kill(os.getpid(), sig)


def die_with(parent: int, sig: int = signal.SIGKILL) -> None:
    """In a child: have the kernel send ``sig`` when ``parent`` dies (and send it now if it has).

    SIGKILL, as if both had been killed together. Linux only; elsewhere nothing happens.
    """
    prctl = _prctl()
    if prctl is not None:
        _arm(prctl, parent, sig)


def die_with_parent(sig: int = signal.SIGKILL) -> Callable[[], None] | None:
    """A ``preexec_fn`` for ``subprocess``: the child gets ``sig`` when this process dies.

    prctl is looked up here, before the fork, not in the child. None where there is no prctl.
    """
    prctl = _prctl()
    if prctl is None:
        return None
    parent = os.getpid()
    return lambda: _arm(prctl, parent, sig)
