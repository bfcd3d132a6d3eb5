"""Ingest and extract runs: read inputs, extract, store one article per transaction.

The CLI and the Python API call these; they report through a small callback
so the caller decides how to show progress and output.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import chain

from newsledger import __version__
from newsledger.config import settings, worker_count
from newsledger.contract import Article
from newsledger.errors import InputError, NotAnArticle, ReconcileError
from newsledger.ingest import MetaOverride, read_inputs
from newsledger.ingest.base import RawArticle
from newsledger.store.repo import Store

ArticleCallback = Callable[[Article], None]
TickCallback = Callable[[str], None]


@dataclass
class RunReport:
    """What one run did. ``failures`` and ``notes`` are one line each, naming the input."""

    run_id: int | None = None
    stored: int = 0  # new articles written (ingested or extracted)
    extracted: int = 0  # articles extracted in this run
    skipped: int = 0  # already in the store
    failures: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    interrupted: bool = False
    reconciled: str | None = None  # the reconcile summary line, when the run reconciled
    deleted: list[str] = field(default_factory=list)  # ids removed by ``delete``


    @property
    def ok(self) -> bool:
        return not self.failures and not self.interrupted


def _reconcile(store: Store, report: RunReport) -> None:
    """Rebuild the ledger; a failure is one line of the report (what was stored stays stored)."""
    from newsledger.reconcile import reconcile

    try:
        report.reconciled = reconcile(store).summary()
    except ReconcileError as exc:
        report.failures.append(str(exc))


def ingest(
    paths: Sequence[str],
    store: Store,
    *,
    tick: TickCallback | None = None,
    reconcile: bool = True,
    meta: MetaOverride | None = None,
) -> RunReport:
    """Read ``paths`` and store each article's cleaned text and metadata (no extraction).

    ``meta`` (outlet, published, url, title the user gives) is applied to every article read.
    With ``reconcile`` (the default) the cross-article ledger is recomputed when anything new was stored.
    """
    report = RunReport(run_id=store.start_run("ingest", {}, None, "-"))
    seen: set[str] = set()
    try:
        for item in read_inputs(paths, meta):
            raw = _triage(item, report)
            if raw is not None:
                if raw.id in seen or not store.save_raw(raw, report.run_id):
                    report.skipped += 1
                else:
                    report.stored += 1
                seen.add(raw.id)
            if tick:
                tick(_label(item))
    except KeyboardInterrupt:
        report.interrupted = True
        raise
    finally:
        assert report.run_id is not None
        store.finish_run(report.run_id, report.stored, len(report.failures))
    if reconcile and (report.stored or store.needs_reconcile):
        _reconcile(store, report)
    return report


def extract(
    paths: Sequence[str],
    store: Store,
    *,
    on_article: ArticleCallback | None = None,
    tick: TickCallback | None = None,
    include_pending: bool = False,
    reconcile: bool = True,
    meta: MetaOverride | None = None,
    workers: int | None = None,
    refresh: bool = False,
) -> RunReport:
    """Ingest ``paths`` (if new) and extract every article, storing each in its own transaction.

    Articles already extracted are not processed again (``on_article`` still
    receives them, read back from the store). With ``include_pending`` the
    articles ingested earlier but never extracted are extracted too. With ``reconcile`` (the
    default) the cross-article ledger is recomputed when anything was extracted. ``meta`` is
    applied to every article read from ``paths`` (not to the pending ones). ``workers``
    processes extract (default: ``NEWSLEDGER_WORKERS``, else every core); articles are stored
    in input order whatever their number. With ``refresh`` the articles extracted by another
    newsledger version or config hash (a model or rule change since) are extracted again, those
    of ``paths`` in their place and the other stored ones after them.
    """
    from newsledger.nlp import load_nlp
    from newsledger.pipeline import component_versions, config_hash, extract_articles

    nlp = load_nlp()
    model = f"{nlp.meta.get('name')}-{nlp.meta.get('version')}"
    current = config_hash(nlp)
    stale: dict[str, RawArticle] = {}
    if refresh:
        stale = {raw.id: raw for raw in store.stale_raw(__version__, current)}
    report = RunReport(run_id=store.start_run("extract", component_versions(), model, current))
    batch_size = settings().batch_size
    seen: set[str] = set()
    new_ids: set[str] = set()  # ids not in the store before this run (state checked once, at triage)
    # input order: (id, True) for an article to extract, (id, False) for one already extracted
    order: deque[tuple[str, bool]] = deque()

    def to_extract() -> Iterator[RawArticle]:
        items: Iterable[RawArticle | InputError] = read_inputs(paths, meta)
        if include_pending:
            items = chain(items, store.pending_raw())
        if stale:
            items = chain(items, stale.values())
        for item in items:
            raw = _triage(item, report)
            if raw is not None and raw.id not in seen:
                seen.add(raw.id)
                state = store.state(raw.id)
                if state is None:
                    new_ids.add(raw.id)
                redo = state != "extracted" or raw.id in stale
                order.append((raw.id, redo))
                if redo:
                    yield raw
            if tick:
                tick(_label(item))

    def already_extracted(up_to_next: bool) -> None:
        """Report the already-extracted articles at the head of ``order`` (the next one to
        extract, when ``up_to_next``, stays)."""
        while order and not order[0][1]:
            article_id = order.popleft()[0]
            report.skipped += 1
            if on_article:
                stored = store.get_article(article_id)
                if stored is not None:
                    on_article(stored)
        if up_to_next and order:
            order.popleft()

    try:
        for result in extract_articles(
            to_extract(), nlp=nlp, batch_size=batch_size, workers=worker_count(workers)
        ):
            already_extracted(up_to_next=True)
            if isinstance(result, InputError):
                report.failures.append(str(result))
                continue
            store.save_article(result, report.run_id)
            report.extracted += 1
            report.stored += int(result.id in new_ids)
            if on_article:
                on_article(result)
        already_extracted(up_to_next=False)
    except KeyboardInterrupt:
        report.interrupted = True
        raise
    finally:
        assert report.run_id is not None
        store.finish_run(report.run_id, report.extracted, len(report.failures))
    if reconcile and (report.extracted or store.needs_reconcile):
        _reconcile(store, report)
    return report


def _triage(item: RawArticle | InputError, report: RunReport) -> RawArticle | None:
    if isinstance(item, NotAnArticle):
        report.notes.append(str(item))
        return None
    if isinstance(item, InputError):
        report.failures.append(str(item))
        return None
    return item


def _label(item: RawArticle | InputError) -> str:
    if isinstance(item, InputError):
        return item.source
    return item.path or item.url or item.id


def delete(ids: Sequence[str], store: Store, *, reconcile: bool = True) -> RunReport:
    """Delete stored articles (full ids or unique prefixes) with all their extractions, then reconcile.

    The deletion is one transaction (an unknown id deletes nothing and raises StoreError); the
    ledger is then rebuilt from what remains, as if the deleted articles had never been fed.
    """
    report = RunReport(run_id=None)
    report.deleted = store.delete_articles(ids)
    if reconcile and (report.deleted or store.needs_reconcile):
        _reconcile(store, report)
    return report
