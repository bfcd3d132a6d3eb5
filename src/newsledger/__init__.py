"""newsledger: turn news articles into a sourced ledger of figures, quotes and claims.

The small public API (imported lazily, so ``import newsledger`` stays cheap):

- ``read_inputs(paths)``: ingest files, directories or ``-`` into RawArticle objects
- ``extract_text(text, ...)`` / ``extract_articles(raws)``: run the extractors
- ``open_store(db)``: the SQLite (or SQLAlchemy URL) ledger
- ``run_ingest(paths, store)`` / ``run_extract(paths, store)``: whole runs, one transaction per article
- ``open_ledger(db)``: the ledger as typed tables (``rows``, ``to_arrow``, ``to_pandas``)
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

_LAZY = {
    "read_inputs": ("newsledger.ingest", "read_inputs"),
    "extract_text": ("newsledger.pipeline", "extract_text"),
    "extract_articles": ("newsledger.pipeline", "extract_articles"),
    "open_store": ("newsledger.store.repo", "open_store"),
    "run_ingest": ("newsledger.runner", "ingest"),
    "run_extract": ("newsledger.runner", "extract"),
    "Article": ("newsledger.contract", "Article"),
    "open_ledger": ("newsledger.ledger", "open_ledger"),
    "Ledger": ("newsledger.ledger", "Ledger"),
}

__all__ = ["__version__", *_LAZY]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        module, attr = _LAZY[name]
        return getattr(import_module(module), attr)
    raise AttributeError(f"module 'newsledger' has no attribute {name!r}")
