"""Ingest and extract runs: read inputs, extract, store one article per transaction.

The CLI and the Python API call these; they report through small callbacks
so the caller decides how to show progress and output.

Error contract: each bad input file gives exactly one line, naming the file and the reason,
passed to ``on_problem`` as soon as the file has been read (an article that fails later, in
extraction, gives its own line when it fails). A file with several bad lines or records says
how many, with the first one's reason.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path

from newsledger import __version__
from newsledger.config import settings, worker_count
from newsledger.contract import Article
from newsledger.errors import InputError, NotAnArticle, ReconcileError
from newsledger.ingest import MetaOverride, read_files
from newsledger.ingest.base import RawArticle
from newsledger.ingest.language import is_english
from newsledger.store.repo import Store

ArticleCallback = Callable[[Article], None]
TickCallback = Callable[[str], None]
# ("error" or "skipped", one line naming the file and the reason), called as it happens
ProblemCallback = Callable[[str, str], None]


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
    unknown: list[str] = field(default_factory=list)  # files a directory walk passed over (unknown type)
    # articles of this run in another language than English (stored, not extracted), per language
    languages: dict[str, int] = field(default_factory=dict)
    on_problem: ProblemCallback | None = field(default=None, repr=False, compare=False)

    def count_language(self, language: str | None) -> None:
        if not is_english(language):
            assert language is not None
            self.languages[language] = self.languages.get(language, 0) + 1

    def fail(self, line: str) -> None:
        line = _printable(line)
        self.failures.append(line)
        if self.on_problem:
            self.on_problem("error", line)

    def note(self, line: str) -> None:
        line = _printable(line)
        self.notes.append(line)
        if self.on_problem:
            self.on_problem("skipped", line)

    @property
    def ok(self) -> bool:
        return not self.failures and not self.interrupted


def _reconcile(store: Store, report: RunReport) -> None:
    """Rebuild the ledger; a failure is one line of the report (what was stored stays stored)."""
    from newsledger.reconcile import reconcile

    try:
        report.reconciled = reconcile(store).summary()
    except ReconcileError as exc:
        report.fail(str(exc))


def _printable(line: str) -> str:
    """One printable line, whatever a library or an input put in the message (newlines, controls)."""
    return "".join(c if c.isprintable() else "?" for c in " ".join(line.split()))


def ledger_stale(store: Store) -> bool:
    """Whether an article was written after the last reconcile that finished (a run killed after
    storing articles but before its reconcile committed leaves the ledger behind the articles)."""
    from sqlalchemy import func, select

    from newsledger.store import tables as t

    with store.engine.connect() as conn:
        written = conn.execute(
            select(func.max(func.coalesce(t.articles.c.extract_run_id, t.articles.c.ingest_run_id)))
        ).scalar()
        reconciled = conn.execute(
            select(func.max(t.runs.c.id)).where(
                t.runs.c.command == "reconcile", t.runs.c.finished_at.is_not(None), t.runs.c.failures == 0
            )
        ).scalar()
    return written is not None and (reconciled is None or int(written) > int(reconciled))


def _one_line(problems: list[InputError]) -> str:
    """One line for a file's problems: the first one, and how many more there were."""
    first = problems[0]
    if len(problems) == 1:
        return str(first)
    where = f"{first.source}:{first.line}" if first.line is not None else first.source
    return f"{where}: {first.reason} (and {len(problems) - 1} more problems in this file) ({first.hint})"


def _read(
    paths: Sequence[str], meta: MetaOverride | None, report: RunReport
) -> Iterator[RawArticle | InputError]:
    """The articles of ``paths``, in order; each file's problems become one line on ``report``."""
    unknown: list[Path] = []
    for _source, items in read_files(paths, meta, unknown=unknown):
        errors: list[InputError] = []
        notes: list[InputError] = []
        for item in items:
            if isinstance(item, NotAnArticle):
                notes.append(item)
            elif isinstance(item, InputError):
                errors.append(item)
            yield item
        if errors:
            report.fail(_one_line(errors + notes))
        elif notes:
            report.note(_one_line(notes))
    report.unknown = [str(p) for p in unknown]


def ingest(
    paths: Sequence[str],
    store: Store,
    *,
    tick: TickCallback | None = None,
    reconcile: bool = True,
    meta: MetaOverride | None = None,
    on_problem: ProblemCallback | None = None,
) -> RunReport:
    """Read ``paths`` and store each article's cleaned text and metadata (no extraction).

    ``meta`` (outlet, published, url, title the user gives) is applied to every article read.
    With ``reconcile`` (the default) the cross-article ledger is recomputed when anything new was stored.
    """
    report = RunReport(run_id=store.start_run("ingest", {}, None, "-"), on_problem=on_problem)
    seen: set[str] = set()
    try:
        for item in _read(paths, meta, report):
            raw = _triage(item)
            if raw is not None:
                if raw.id in seen or not store.save_raw(raw, report.run_id):
                    report.skipped += 1
                else:
                    report.stored += 1
                    report.count_language(raw.language)
                seen.add(raw.id)
            if tick:
                tick(_label(item))
    except KeyboardInterrupt:
        report.interrupted = True
        raise
    finally:
        assert report.run_id is not None
        store.finish_run(report.run_id, report.stored, len(report.failures))
    if reconcile and (report.stored or store.needs_reconcile or ledger_stale(store)):
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
    on_problem: ProblemCallback | None = None,
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
    run_id = store.start_run("extract", component_versions(), model, current)
    report = RunReport(run_id=run_id, on_problem=on_problem)
    batch_size = settings().batch_size
    seen: set[str] = set()
    new_ids: set[str] = set()  # ids not in the store before this run (state checked once, at triage)
    # input order: (id, True) for an article to extract, (id, False) for one already extracted
    order: deque[tuple[str, bool]] = deque()

    def to_extract() -> Iterator[RawArticle]:
        items: Iterable[RawArticle | InputError] = _read(paths, meta, report)
        if include_pending:
            items = chain(items, store.pending_raw())
        if stale:
            items = chain(items, stale.values())
        for item in items:
            raw = _triage(item)
            if raw is not None and raw.id not in seen:
                seen.add(raw.id)
                state = store.state(raw.id)
                if state is None:
                    new_ids.add(raw.id)
                redo = state != "extracted" or raw.id in stale
                order.append((raw.id, redo))
                if redo:
                    yield raw
                    continue  # its tick comes when it is extracted
            if tick:
                tick(_label(item))

    def already_extracted(up_to_next: bool) -> None:
        """Report the already-extracted articles at the head of ``order`` (the next one to
        extract, when ``up_to_next``, leaves it too)."""
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
                report.fail(str(result))
                if tick:
                    tick(result.source)
                continue
            store.save_article(result, report.run_id)
            report.count_language(result.language)
            report.extracted += 1
            report.stored += int(result.id in new_ids)
            if on_article:
                on_article(result)
            if tick:
                tick(_label(result))
        already_extracted(up_to_next=False)
    except KeyboardInterrupt:
        report.interrupted = True
        raise
    finally:
        assert report.run_id is not None
        store.finish_run(report.run_id, report.extracted, len(report.failures))
    if reconcile and (report.extracted or store.needs_reconcile or ledger_stale(store)):
        _reconcile(store, report)
    return report


def extract_only(
    paths: Sequence[str],
    on_article: ArticleCallback,
    *,
    tick: TickCallback | None = None,
    meta: MetaOverride | None = None,
    on_problem: ProblemCallback | None = None,
) -> RunReport:
    """Read and extract ``paths`` without a store (``extract --jsonl --no-store``): each article goes
    to ``on_article`` and nowhere else; nothing is written, nothing is reconciled."""
    from newsledger.pipeline import extract_articles

    report = RunReport(on_problem=on_problem)
    batch_size = settings().batch_size
    pending: list[RawArticle] = []
    seen: set[str] = set()

    def flush() -> None:
        for result in extract_articles(pending, batch_size=batch_size):
            if isinstance(result, InputError):
                report.fail(str(result))
            else:
                report.extracted += 1
                on_article(result)
            if tick:
                tick(result.source if isinstance(result, InputError) else _label(result))
        pending.clear()

    try:
        for item in _read(paths, meta, report):
            raw = _triage(item)
            if raw is not None and raw.id not in seen:
                seen.add(raw.id)
                pending.append(raw)
                if len(pending) >= batch_size:
                    flush()
                continue
            if raw is not None:
                report.skipped += 1
            if tick:
                tick(_label(item))
        flush()
    except KeyboardInterrupt:
        report.interrupted = True
        raise
    return report


def _triage(item: RawArticle | InputError) -> RawArticle | None:
    """The article, or None for a problem (reported per file by ``_read``)."""
    return None if isinstance(item, InputError) else item


def _label(item: RawArticle | Article | InputError) -> str:
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
