"""``newsledger load``: store the articles of a batch's output in a database, then reconcile.

The ``contract`` table of a batch holds each article whole, as ``extract --jsonl`` prints it;
:func:`load_batch` reads its part files in input order (``part-<seq>``) in bounded row batches
and stores each article with :meth:`Store.save_article`: one transaction per article, the ids the
batch computed, the first copy of an article read twice. The run is recorded with the batch's
newsledger version, component versions, model and config hash (so ``stats`` and
``extract --refresh`` see how it was extracted). Loading again is idempotent: an article already
stored from the same version and config is left as it is; one extracted by another version or
config is replaced.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from newsledger.contract import Article
from newsledger.errors import BatchError
from newsledger.runner import ProblemCallback, RunReport, _reconcile, ledger_stale
from newsledger.store.repo import Store

MANIFEST = "_newsledger.json"
FORMATS = (1,)
READ_ROWS = 256


def read_manifest(directory: str) -> dict[str, Any]:
    """The manifest of a finished batch (BatchError when there is none, or it is unreadable)."""
    path = Path(directory) / MANIFEST
    if not path.is_file():
        raise BatchError(
            f"{directory} holds no finished batch (no {MANIFEST})",
            hint="Give the --out directory of a `newsledger batch` that finished; "
            "a batch that stopped part-way has no manifest.",
        )
    try:
        manifest: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BatchError(f"cannot read {path}: {exc}", hint="Run the batch again.") from exc
    if manifest.get("format") not in FORMATS:
        raise BatchError(
            f"{path}: batch format {manifest.get('format')!r}, this newsledger reads {FORMATS}",
            hint="Load it with the newsledger version that wrote it, or run the batch again.",
        )
    return manifest


def batch_articles(directory: str) -> Iterator[Article]:
    """Every article of a batch's ``contract`` table, in input order (duplicates included)."""
    import pyarrow.parquet as pq

    parts = sorted((Path(directory) / "contract").glob("part-*.parquet"))
    for part in parts:
        for batch in pq.ParquetFile(part).iter_batches(batch_size=READ_ROWS, columns=["contract"]):
            for text in batch.column(0).to_pylist():
                yield Article.from_json(json.loads(text))


def load_batch(
    directory: str,
    store: Store,
    *,
    reconcile: bool = True,
    on_problem: ProblemCallback | None = None,
) -> RunReport:
    """Store the articles of the batch in ``directory`` (see the module docstring) and, with
    ``reconcile`` (the default), rebuild the cross-article ledger when anything was stored."""
    manifest = read_manifest(directory)
    version = str(manifest.get("newsledger") or "")
    config_hash = str(manifest.get("config_hash") or "-")
    stored_as = store.extracted_by()
    run_id = store.start_run(
        "load", dict(manifest.get("components") or {}), manifest.get("model"), config_hash, version=version
    )
    report = RunReport(run_id=run_id, on_problem=on_problem)
    seen: set[str] = set()
    try:
        for article in batch_articles(directory):
            if article.id in seen or stored_as.get(article.id) == (version, config_hash):
                report.skipped += 1
                seen.add(article.id)
                continue
            seen.add(article.id)
            store.save_article(article, run_id)
            report.extracted += 1
            report.stored += int(article.id not in stored_as)
            report.count_language(article.language)
    except KeyboardInterrupt:
        report.interrupted = True
        raise
    finally:
        store.finish_run(run_id, report.extracted, len(report.failures))
    if reconcile and (report.extracted or store.needs_reconcile or ledger_stale(store)):
        _reconcile(store, report)
    return report
