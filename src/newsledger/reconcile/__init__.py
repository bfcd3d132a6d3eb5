"""Reconcile across articles: ledger entities, metrics and timelines, claim clusters, contradictions.

``reconcile(store)`` recomputes the ledger from the stored extractions and replaces the previous
result in ONE transaction, writing only the rows that changed (reconcile/sync.py and links.py), so
a reader (the web UI) sees either the old ledger or the new one, never half of each. Concurrent
reconciles (several extract processes on one database) take turns under the store's reconcile
lock, and each reads the stored facts in one snapshot; the last to run sees every article stored
before it started (store/concurrency.py).
docs/reconcile.md explains every rule; the query functions the CLI and web use
are in :mod:`newsledger.reconcile.queries`.
"""

from __future__ import annotations

import contextlib
import gc
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from sqlalchemy import literal_column, select
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError

from newsledger.errors import ReconcileError
from newsledger.reconcile import entity_state, figstate, links, parts, sync, textrun, textscope
from newsledger.reconcile import writer as w
from newsledger.reconcile.citing import ClaimOutlets
from newsledger.reconcile.clusters import metric_clusters
from newsledger.reconcile.contradictions import find_contradictions
from newsledger.reconcile.entities import Resolution
from newsledger.reconcile.entity_state import EntityState, entity_rows, entity_scope
from newsledger.reconcile.figstate import FigureStage, FigureState
from newsledger.reconcile.incremental import (
    SyndicationUpdate,
    WordingBands,
    update_syndication,
    write_syndication_state,
)
from newsledger.reconcile.loader import Corpus, all_mentions, load_corpus
from newsledger.reconcile.revisions import find_revisions
from newsledger.reconcile.wording import TextState
from newsledger.store import tables as t
from newsledger.store.concurrency import change_stamp
from newsledger.store.repo import Store

__all__ = ["ReconcileReport", "one_line_cause", "reconcile"]

VERSION = "1.0.0"


@dataclass(frozen=True)
class ReconcileReport:
    articles: int
    figures: int
    entities: int
    entity_links: int
    metrics: int
    metric_figures: int
    clusters: int
    contradictions: int
    copies: int  # articles that are syndicated copies of another
    revisions: int
    seconds: float
    hashed: int = 0  # bodies hashed in this run (new articles; every one with full)
    regrouped: int = 0  # articles whose syndication group was computed again in this run
    written: int = 0  # ledger rows inserted, updated or deleted (only what changed is written)
    text_nodes: int = 0  # claim nodes whose text component was computed in this run
    text_read: int = 0  # claims and quotations the text stage read (all of them for the whole graph)
    figure_parts: int = 0  # closed parts of the figure ledger computed in this run (reconcile/parts.py)
    entity_groups: int = 0  # raw name groups whose mentions' stats were computed in this run
    claims_cited: int = 0  # claims whose chain and sentence were reduced to outlet keys (citing.py)
    figures_described: int = 0  # figures described from their stored facts in this run (figstate.py)
    fallbacks: tuple[str, ...] = ()  # why a stage that scopes computed the whole (corpus-wide change)
    stages: dict[str, float] = field(default_factory=dict)  # seconds per stage, in run order
    cpu_stages: dict[str, float] = field(default_factory=dict)  # this process's CPU seconds per stage

    def summary(self) -> str:
        return (
            f"reconciled {self.articles} article(s), {self.figures} figure(s): "
            f"{self.entities} entities ({self.entity_links} mentions linked), "
            f"{self.metrics} metrics ({self.metric_figures} figures), {self.clusters} claim clusters, "
            f"{self.contradictions} contradictions, {self.copies} syndicated copies, "
            f"{self.revisions} revisions ({self.hashed} bodies hashed, {self.regrouped} regrouped; "
            f"{self.written} ledger rows written) "
            f"in {self.seconds:.2f} s"
        )


def reconcile(store: Store, *, full: bool = False) -> ReconcileReport:
    """Bring the cross-article ledger of ``store`` up to date and write it in one transaction.

    Only what new or deleted articles touch is computed again (reconcile/incremental.py); the
    result equals a rebuild from scratch, which ``full`` forces (every body hashed again).
    Any failure, while computing or while writing, leaves the previous ledger exactly as it was
    and raises :class:`ReconcileError` whose message is one line naming the real cause.
    """
    with store.reconcile_lock(), _no_cycle_collection():
        return _reconcile_locked(store, full)


@contextlib.contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Python's cycle collector off for the run: reconcile holds millions of long-lived objects (the
    stored facts, the ledger's rows) and its own data has no reference cycles, yet every full
    collection walks them all (2.6 of 9.0 s of CPU of an incremental run at 10,000 articles).
    Reference counting still frees what the run drops; the collector is on again after the run,
    for whatever cycles the database layer left."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


# A write that fails because articles changed since the snapshot (a figure it links to was
# re-extracted or deleted by another process meanwhile) is computed again from a new snapshot; the
# last attempt reads and writes holding the article write lock, so nothing can change under it.
ATTEMPTS = 3


def _reconcile_locked(store: Store, full: bool) -> ReconcileReport:
    for _attempt in range(1, ATTEMPTS):
        try:
            return _reconcile_once(store, full)
        except _Stale:
            continue
    return _reconcile_once(store, full, exclusive=True)


class _Stale(ReconcileError):
    """The stored facts changed between the snapshot and the write."""


def _reconcile_once(store: Store, full: bool, *, exclusive: bool = False) -> ReconcileReport:
    started = time.perf_counter()
    stages: dict[str, float] = {}
    cpu_stages: dict[str, float] = {}
    mark = [started, time.process_time()]

    def lap(stage: str) -> None:
        now = time.perf_counter()
        cpu = time.process_time()
        stages[stage] = round(stages.get(stage, 0.0) + now - mark[0], 3)
        cpu_stages[stage] = round(cpu_stages.get(stage, 0.0) + cpu - mark[1], 3)
        mark[0], mark[1] = now, cpu

    run_id = store.start_run("reconcile", {"newsledger.reconcile": VERSION}, None, "-")
    stamp = None
    try:
        with contextlib.ExitStack() as stack:
            held = stack.enter_context(store.ledger_write()) if exclusive else None
            if held is None:
                with store.snapshot() as conn:
                    corpus, syn, wordings, texts, linked, ents, figs = _load(conn, full)
                    kept = parts.PartsState.load(conn, full=full)
                    cited = ClaimOutlets.load(conn, parts.rules_digest(), full=full)
                    _text_stage(conn, corpus, wordings, texts, syn.dirty, lap)
                    stamp = change_stamp(conn)
                    res = _resolve(conn, corpus, ents, lap)
                    stage = _figures(conn, corpus, res, syn, texts, figs, cited, kept, ents)
            else:
                corpus, syn, wordings, texts, linked, ents, figs = _load(held, full)
                kept = parts.PartsState.load(held, full=full)
                cited = ClaimOutlets.load(held, parts.rules_digest(), full=full)
                _text_stage(held, corpus, wordings, texts, syn.dirty, lap)
                res = _resolve(held, corpus, ents, lap)
                stage = _figures(held, corpus, res, syn, texts, figs, cited, kept, ents)
            infos, metrics, todo = stage.infos, stage.metrics, stage.todo
            copies = syn.copies
            origin_of = {a: c.origin for a, c in copies.items()}
            lap("metrics")
            changed = {id(i) for p in todo.changed for i in p.infos}
            scoped_infos = [i for i in infos if id(i) in changed] if todo.scoped else infos
            mids = {m for p in todo.changed for m in p.metric_ids}
            scoped = {k: m for k, m in metrics.items() if k in mids} if todo.scoped else metrics
            clusters, groups = metric_clusters(scoped, scoped_infos, origin_of)
            parts.assign_clusters(todo.changed, clusters)
            lap("figure clusters")
            found = find_contradictions(groups, origin_of)
            revisions = find_revisions(scoped, origin_of)
            lap("contradictions")
            conn = held if held is not None else stack.enter_context(store.ledger_write())
            if stamp is not None and change_stamp(conn) != stamp:
                raise _Stale("reconcile: the stored articles changed since they were read")
            texted = textscope.build(conn, corpus, texts, clusters, todo, kept, copies)
            clusters += texted.clusters
            text_ids = texted.scope
            lap("text clusters")
            n_copies = w.write_copies(conn, corpus, copies)
            write_syndication_state(conn, syn)
            wordings.write(conn)
            texts.write(conn)
            cited.write(conn)
            rows: w.Rows = {}
            scopes = _scopes(todo, kept, text_ids) if todo.scoped else {}
            if ents.scoped:
                changed_groups = ents.changed_groups(res)
                rows[t.ledger_entities.name] = entity_rows(conn, res, changed_groups)
                scopes[t.ledger_entities.name] = entity_scope(changed_groups)
                n_entities, n_links = len(res.groups), sum(st.mentions for st in res.stats.values())
            else:
                n_entities, n_links = w.add_entity_rows(res, rows, links=linked is None)
            w.add_metric_rows(scoped, found, origin_of, rows)
            w.add_cluster_rows(clusters, origin_of, rows)
            w.add_contradiction_rows(found, rows)
            w.add_revision_rows(revisions, rows)
            lap("rows")
            diffs = [
                entity_state.link_diff(conn, res, ents)
                if table is t.entity_links and ents.scoped
                else links.link_diff(res, *linked)
                if table is t.entity_links and linked is not None
                else sync.diff(conn, table, rows[table.name], scopes.get(table.name))
                for table in t.RECONCILE_TABLES
            ]
            links.write_joins(conn, res)
            ents.write(conn, res)
            parts.write_parts(conn, todo)
            figstate.write(conn, stage, res)
            lap("diff")
            written = sync.apply(conn, diffs)
            counted = (t.claim_clusters, t.contradictions, t.revisions, t.metrics, t.metric_figures)
            totals = {table: parts.count(conn, table) for table in counted}
        lap("write")
    except Exception as exc:
        with contextlib.suppress(Exception):  # the cause below matters more than the run record
            store.finish_run(run_id, 0, 1)
        if stamp is not None and _changed_since(store, stamp):
            raise _Stale(f"reconcile failed: {one_line_cause(exc)}") from exc
        raise ReconcileError(f"reconcile failed: {one_line_cause(exc)}") from exc
    store.finish_run(run_id, len(corpus.articles), 0)
    fallbacks = (ents, stage, todo, texts, texted, cited)
    return ReconcileReport(
        articles=len(corpus.articles),
        figures=stage.figures,
        entities=n_entities,
        entity_links=n_links,
        metrics=totals[t.metrics],
        metric_figures=totals[t.metric_figures],
        clusters=totals[t.claim_clusters],
        contradictions=totals[t.contradictions],
        copies=n_copies,
        revisions=totals[t.revisions],
        hashed=len(syn.bodies),
        regrouped=syn.recomputed,
        written=written,
        text_nodes=texts.recomputed,
        text_read=texts.read,
        figure_parts=len(todo.changed),
        entity_groups=len(ents.computed),
        claims_cited=cited.computed,
        figures_described=stage.described,
        fallbacks=tuple(why for x in fallbacks if (why := x.fallback)),
        stages=stages,
        cpu_stages=cpu_stages,
        seconds=round(time.perf_counter() - started, 3),
    )


Linked = tuple[set[int], links.Joins]  # mentions without a link, the joins of the last reconcile


def _load(
    conn: Connection, full: bool
) -> tuple[Corpus, SyndicationUpdate, WordingBands, TextState, Linked | None, EntityState, FigureState]:
    figs = FigureState.load(conn, full=full)
    # the text stage reads the quotations and claims it needs (textrun), the figure stage its figures
    # and their claims (figstate; every claim where it describes every figure)
    corpus = load_corpus(conn, with_figures=not figs.usable, quotes=False, claims=not figs.usable)
    syn = update_syndication(conn, corpus.articles, full=full)
    ents = EntityState.load(conn, corpus, full=full)
    if not ents.scoped:  # resolved from every mention
        corpus.set_entities(all_mentions(conn))
    joins = None if full or ents.scoped else links.stored_joins(conn)
    linked = None if joins is None else (links.unlinked_mentions(conn), joins)
    texts = TextState.load(conn, full=full)
    return corpus, syn, WordingBands.load(conn, full=full), texts, linked, ents, figs


def _figures(
    conn: Connection,
    corpus: Corpus,
    res: Resolution,
    syn: SyndicationUpdate,
    texts: TextState,
    figs: FigureState,
    cited: ClaimOutlets,
    kept: parts.PartsState,
    ents: EntityState,
) -> FigureStage:
    """The figure stage (metrics and the parts to compute), reading the figures it needs."""
    origin_of = {a: c.origin for a, c in syn.copies.items()}
    # the text stage (run first, textrun.prepare) found the changed articles from their extract runs
    return figs.run(conn, corpus, res, origin_of, cited, texts.changed, kept, ents)


def _text_stage(
    conn: Connection,
    corpus: Corpus,
    wordings: WordingBands,
    texts: TextState,
    dirty: list[str],
    lap: Callable[[str], None],
) -> None:
    """The changed articles' part of the wording graph (reconcile/textrun.py), in the snapshot."""
    lap("load")
    textrun.prepare(conn, corpus, wordings, texts, dirty)
    lap("text clusters")


def _resolve(conn: Connection, corpus: Corpus, ents: EntityState, lap: Callable[[str], None]) -> Resolution:
    """The ledger entities, resolved from the stored group stats (or every mention); the figure
    stage reads the mentions that stand for a place (reconcile/figstate.py)."""
    lap("load")
    res = ents.resolve(corpus)
    lap("entities")
    return res


def _scopes(todo: parts.Plan, kept: parts.PartsState, text: set[str] | None) -> dict[str, sync.Scope]:
    """The stored rows a scoped run compares with: those of the parts it computed or that are
    gone, and the text clusters ``text`` it built again (None: every text cluster)."""
    mids, cids = todo.metric_keys(kept), todo.cluster_keys(kept)
    scopes = {
        "metrics": sync.Scope("id", mids),
        "metric_figures": sync.Scope("metric_id", mids),
        "contradictions": sync.Scope("metric_id", mids),
        "revisions": sync.Scope("metric_id", mids),
    }
    if text is not None:
        scopes["claim_clusters"] = sync.Scope("id", cids | text)
        scopes["cluster_members"] = sync.Scope("cluster_id", cids | text)
    else:
        cc = t.claim_clusters.c
        is_text = cc.kind == literal_column("'text'")
        scopes["claim_clusters"] = sync.Scope("id", cids, is_text)
        of_text = t.cluster_members.c.cluster_id.in_(select(cc.id).where(is_text))
        scopes["cluster_members"] = sync.Scope("cluster_id", cids, of_text)
    return scopes


def _changed_since(store: Store, stamp: tuple[int, ...]) -> bool:
    try:
        with store.snapshot() as conn:
            return change_stamp(conn) != stamp
    except Exception:
        return False


def one_line_cause(exc: BaseException) -> str:
    """The real cause of ``exc`` on one line: the database's own message, never the SQL or parameters."""
    if isinstance(exc, DBAPIError) and exc.orig is not None:
        text = f"{type(exc.orig).__name__}: {exc.orig}"
    else:
        text = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    first = text.strip().splitlines()[0] if text.strip() else type(exc).__name__
    return first if len(first) <= 300 else first[:297] + "..."
