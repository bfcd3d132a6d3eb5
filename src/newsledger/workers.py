"""Extraction on every core: a pool of processes, each loading the pipeline once.

Batches of articles go to the workers; their results come back in input order, so the caller
stores one article per transaction exactly as with one process. Workers are started with
``spawn`` (a clean interpreter: no locks or BLAS threads inherited from the caller) and load
the pipeline for the same :class:`~newsledger.config.Settings` as the caller.
"""

from __future__ import annotations

import multiprocessing
import os
import resource
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from itertools import islice

from spacy.language import Language

from newsledger.config import Settings, settings
from newsledger.contract import Article
from newsledger.errors import InputError
from newsledger.ingest.base import RawArticle


@dataclass(frozen=True)
class _Failure:
    """An InputError on its way back from a worker (exceptions with keyword-only fields do not pickle)."""

    source: str
    reason: str
    hint: str | None

    def error(self) -> InputError:
        return InputError(self.source, self.reason, hint=self.hint)


@dataclass
class PoolStats:
    """What the workers reported: peak resident memory (bytes) per worker process id."""

    peak_rss: dict[int, int] = field(default_factory=dict)


_NLP: Language | None = None
_LIMIT = 0.0


def _start(config: Settings | None, limit: float) -> None:
    global _NLP, _LIMIT
    from newsledger.nlp import load_nlp

    _NLP = load_nlp(config)
    _LIMIT = limit


def _work(batch: list[RawArticle]) -> tuple[int, int, list[Article | _Failure]]:
    from newsledger.pipeline import run_batch

    assert _NLP is not None, "worker started without its pipeline"
    out: list[Article | _Failure] = []
    for result in run_batch(_NLP, batch, _LIMIT):
        if isinstance(result, InputError):
            out.append(_Failure(result.source, result.reason, result.hint))
        else:
            out.append(result)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # KiB on Linux
    return os.getpid(), peak, out


def extract_parallel(
    raws: Iterable[RawArticle],
    workers: int,
    *,
    batch_size: int = 32,
    config: Settings | None = None,
    stats: PoolStats | None = None,
) -> Iterator[Article | InputError]:
    """Extract ``raws`` in ``workers`` processes; results in input order, as they complete.

    At most two batches per worker are in flight, so memory stays bounded on any input size.
    """
    limit = settings().article_seconds
    ctx = multiprocessing.get_context("spawn")
    it = iter(raws)
    pending: deque[Future[tuple[int, int, list[Article | _Failure]]]] = deque()
    with ProcessPoolExecutor(workers, mp_context=ctx, initializer=_start, initargs=(config, limit)) as pool:

        def submit() -> bool:
            batch = list(islice(it, batch_size))
            if batch:
                pending.append(pool.submit(_work, batch))
            return bool(batch)

        while len(pending) < 2 * workers and submit():
            pass
        while pending:
            pid, peak, results = pending.popleft().result()
            submit()
            if stats is not None:
                stats.peak_rss[pid] = max(peak, stats.peak_rss.get(pid, 0))
            for result in results:
                yield result.error() if isinstance(result, _Failure) else result
