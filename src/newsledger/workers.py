"""A pool of worker processes that keeps its results in input order (extraction on every core).

:func:`ordered_map` sends batches to ``workers`` processes, each set up once by ``initializer``
(the pipeline loads once per worker), and yields each batch's results in input order as they
complete, so the caller stores one article per transaction exactly as with one process.

How workers start (:func:`start_method`): on Linux, called from a process with no other Python
thread, they are forked, so a worker starts at once with what the caller has already loaded (the
spaCy pipeline: its pages are shared copy-on-write, not loaded again per worker, which took
seconds of each worker's time). Elsewhere, or when the caller runs other threads (a fork copies a
lock another thread may hold), they start with ``spawn``: a clean interpreter that loads everything.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import resource
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from itertools import islice
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")


@dataclass
class PoolStats:
    """What the workers reported: peak resident memory (bytes) per worker process id, how they
    started, and how long after the pool was made each was ready (its initializer done)."""

    peak_rss: dict[int, int] = field(default_factory=dict)
    start_method: str = ""
    ready_s: dict[int, float] = field(default_factory=dict)


def start_method() -> str:
    """``fork`` on Linux when this process runs no other Python thread, else ``spawn``."""
    if sys.platform.startswith("linux") and threading.active_count() == 1:
        return "fork"
    return "spawn"


_READY: list[float] = []  # in a worker: when its initializer finished (time.time())


_PR_SET_PDEATHSIG = 1  # linux/prctl.h


def _start(initializer: Callable[..., None], *initargs: Any) -> None:
    """Set a worker up: Ctrl-C is for the caller, which stops the workers itself; and a worker
    ends with its caller (kill -9 of ``extract`` leaves no orphan holding its output pipes)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
        if os.getppid() == 1:  # the caller died before prctl took effect
            os._exit(1)
    initializer(*initargs)
    _READY.append(time.time())


def _measured(work: Callable[[list[T]], list[R]], batch: list[T]) -> tuple[int, int, float, list[R]]:
    results = work(batch)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # KiB on Linux
    return os.getpid(), peak, _READY[-1] if _READY else 0.0, results


def ordered_map(
    work: Callable[[list[T]], list[R]],
    items: Iterable[T],
    workers: int,
    *,
    batch_size: int,
    initializer: Callable[..., None],
    initargs: tuple[Any, ...] = (),
    stats: PoolStats | None = None,
) -> Iterator[R]:
    """``work`` over batches of ``items`` in ``workers`` processes; results in input order.

    ``work`` and ``initializer`` are module-level functions (they are sent to the workers by
    name). At most two batches per worker are in flight, so memory stays bounded on any input.
    Whatever the caller has loaded before this call, a forked worker has too (see the module doc).
    """
    method = start_method()
    ctx = multiprocessing.get_context(method)
    it = iter(items)
    pending: deque[Future[tuple[int, int, float, list[R]]]] = deque()
    made = time.time()
    pool = ProcessPoolExecutor(workers, mp_context=ctx, initializer=_start, initargs=(initializer, *initargs))
    if stats is not None:
        stats.start_method = method

    def submit() -> bool:
        batch = list(islice(it, batch_size))
        if batch:
            pending.append(pool.submit(_measured, work, batch))
        return bool(batch)

    finished = False
    try:
        while len(pending) < 2 * workers and submit():
            pass
        while pending:
            pid, peak, ready, results = pending.popleft().result()
            submit()
            if stats is not None:
                stats.peak_rss[pid] = max(peak, stats.peak_rss.get(pid, 0))
                stats.ready_s[pid] = max(0.0, ready - made)
            yield from results
        finished = True
    finally:
        if not finished:  # interrupted, failed or abandoned: stop now, not after the batches in flight
            _stop(pool)
        pool.shutdown(wait=True, cancel_futures=True)


def _stop(pool: ProcessPoolExecutor) -> None:
    """Cancel what has not started and end the worker processes (their work is not stored)."""
    pool.shutdown(wait=False, cancel_futures=True)
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        process.terminate()
