"""Settings, read once from the environment (``NEWSLEDGER_*``)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache

from newsledger.errors import NewsledgerError


@dataclass(frozen=True)
class Settings:
    db: str = "newsledger.db"  # path of the SQLite file, or a SQLAlchemy URL
    max_article_mb: float = 10.0  # one article (text/HTML file, JSONL line, WARC record) at most
    profile: str = "general"  # the domain profile in data/profiles/ (conflict: war reporting)
    batch_size: int = 32  # documents per nlp.pipe batch
    workers: int = 0  # extraction processes; 0: one per available core
    article_seconds: float = 120.0  # CPU seconds of the extractors on one article at most; 0: no bound


def _float(name: str, default: float) -> float:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return float(raw)
    except ValueError:
        raise NewsledgerError(
            f"{name}={raw!r} is not a number", hint=f"Set {name} to a number or unset it."
        ) from None


@lru_cache(maxsize=1)
def settings() -> Settings:
    """The settings in force for this process."""
    return Settings(
        db=os.environ.get("NEWSLEDGER_DB") or Settings.db,
        max_article_mb=_float("NEWSLEDGER_MAX_ARTICLE_MB", Settings.max_article_mb),
        profile=os.environ.get("NEWSLEDGER_PROFILE") or Settings.profile,
        batch_size=int(_float("NEWSLEDGER_BATCH_SIZE", Settings.batch_size)),
        workers=int(_float("NEWSLEDGER_WORKERS", Settings.workers)),
        article_seconds=_float("NEWSLEDGER_ARTICLE_SECONDS", Settings.article_seconds),
    )


def available_cores() -> int:
    """The cores this process may run on (its CPU affinity, else the machine's count)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def worker_count(requested: int | None = None) -> int:
    """Extraction processes to use: ``requested``, else ``NEWSLEDGER_WORKERS``; 0 means every core."""
    n = settings().workers if requested is None else requested
    if n < 0:
        raise NewsledgerError(
            f"{n} workers requested", hint="Give a number of workers of 1 or more, or 0 for all cores."
        )
    return n or available_cores()
