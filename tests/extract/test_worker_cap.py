"""The worker's address-space cap: a hard limit, with headroom for a worker forked from a large process."""

from __future__ import annotations

from typing import Any


def test_a_worker_forked_from_a_large_process_gets_headroom_above_what_it_inherited() -> None:
    import multiprocessing as mp
    import resource

    from extract.worker import limit_memory

    def child(queue: Any) -> None:
        ballast = bytearray(900 * 1024 * 1024)  # the parent's loaded libraries and arenas, inherited
        limit_memory(1000)
        try:
            more = bytearray(200 * 1024 * 1024)  # a PDF's work still fits
            queue.put(("ok", resource.getrlimit(resource.RLIMIT_AS)[0], len(ballast) + len(more)))
        except MemoryError:
            queue.put(("memory error", resource.getrlimit(resource.RLIMIT_AS)[0], 0))

    ctx = mp.get_context("fork")
    queue = ctx.Queue()
    proc = ctx.Process(target=child, args=(queue,))
    proc.start()
    status, cap, _ = queue.get(timeout=60)
    proc.join(60)
    assert status == "ok"
    assert cap > 1000 * 1024 * 1024  # headroom above the inherited 900 MB, still a finite cap
