"""Reconcile across articles: ledger entities, metrics and timelines, claim clusters, contradictions.

``reconcile(store)`` recomputes everything from the stored extractions and replaces the previous
result in ONE transaction, so a reader (the web UI) sees either the old ledger or the new one,
never half of each. docs/reconcile.md explains every rule; the query functions the CLI and web use
are in :mod:`newsledger.reconcile.queries`.
"""

from __future__ import annotations

import contextlib
import json
import time
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, insert
from sqlalchemy.exc import DBAPIError

from newsledger.errors import ReconcileError
from newsledger.reconcile.clusters import Cluster, metric_clusters, text_clusters
from newsledger.reconcile.contradictions import Found, find_contradictions
from newsledger.reconcile.entities import Resolution, ledger_rows, resolve
from newsledger.reconcile.loader import load_corpus
from newsledger.reconcile.metrics import FigureInfo, Metric, build_metrics, describe_figures
from newsledger.store import tables as t
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
    seconds: float

    def summary(self) -> str:
        return (
            f"reconciled {self.articles} article(s), {self.figures} figure(s): "
            f"{self.entities} entities ({self.entity_links} mentions linked), "
            f"{self.metrics} metrics ({self.metric_figures} figures), {self.clusters} claim clusters, "
            f"{self.contradictions} contradictions in {self.seconds:.2f} s"
        )


def reconcile(store: Store) -> ReconcileReport:
    """Recompute the cross-article ledger of ``store`` and write it in one transaction.

    Any failure, while computing or while writing, leaves the previous ledger exactly as it was
    and raises :class:`ReconcileError` whose message is one line naming the real cause.
    """
    started = time.perf_counter()
    run_id = store.start_run("reconcile", {"newsledger.reconcile": VERSION}, None, "-")
    try:
        with store.engine.connect() as conn:
            corpus = load_corpus(conn)
        res = resolve(corpus.entities)
        infos = describe_figures(corpus, res)
        metrics = build_metrics(infos)
        clusters, groups = metric_clusters(metrics, infos)
        clusters += text_clusters(corpus, infos, clusters)
        found = find_contradictions(groups)
        with store.engine.begin() as conn:
            for table in t.RECONCILE_TABLES:
                conn.execute(delete(table))
            n_entities, n_links = _write_entities(conn, res)
            n_metric_figures = _write_metrics(conn, metrics, found)
            _write_clusters(conn, clusters)
            _write_contradictions(conn, found)
    except Exception as exc:
        with contextlib.suppress(Exception):  # the cause below matters more than the run record
            store.finish_run(run_id, 0, 1)
        raise ReconcileError(f"reconcile failed: {one_line_cause(exc)}") from exc
    store.finish_run(run_id, len(corpus.articles), 0)
    return ReconcileReport(
        articles=len(corpus.articles),
        figures=len(corpus.figures),
        entities=n_entities,
        entity_links=n_links,
        metrics=len(metrics),
        metric_figures=n_metric_figures,
        clusters=len(clusters),
        contradictions=len(found),
        seconds=round(time.perf_counter() - started, 3),
    )


def one_line_cause(exc: BaseException) -> str:
    """The real cause of ``exc`` on one line: the database's own message, never the SQL or parameters."""
    if isinstance(exc, DBAPIError) and exc.orig is not None:
        text = f"{type(exc.orig).__name__}: {exc.orig}"
    else:
        text = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    first = text.strip().splitlines()[0] if text.strip() else type(exc).__name__
    return first if len(first) <= 300 else first[:297] + "..."


def _chunks(rows: list[dict[str, Any]], size: int = 5000) -> list[list[dict[str, Any]]]:
    return [rows[i : i + size] for i in range(0, len(rows), size)]


def _insert(conn: Any, table: Any, rows: list[dict[str, Any]]) -> None:
    for chunk in _chunks(rows):
        conn.execute(insert(table), chunk)


def _write_entities(conn: Any, res: Resolution) -> tuple[int, int]:
    rows = ledger_rows(res)
    _insert(
        conn,
        t.ledger_entities,
        [
            {
                "id": r.id,
                "canonical": r.canonical,
                "label": r.label,
                "aliases": json.dumps(list(r.aliases), ensure_ascii=False),
                "mentions": r.mentions,
                "articles": r.articles,
                "lat": r.lat,
                "lon": r.lon,
                "country": r.country,
            }
            for r in rows
        ],
    )
    links = [
        {"entity_id": ent_id, "ledger_entity_id": res.groups[key].id}
        for ent_id, key in res.link.items()
        if key in res.groups
    ]
    _insert(conn, t.entity_links, links)
    return len(rows), len(links)


def _write_metrics(conn: Any, metrics: dict[str, Metric], found: list[Found]) -> int:
    per_metric: dict[str, int] = {}
    for c in found:
        per_metric[c.metric_id] = per_metric.get(c.metric_id, 0) + 1
    metric_rows: list[dict[str, Any]] = []
    figure_rows: list[dict[str, Any]] = []
    for m in metrics.values():
        dates = sorted(i.published for i in m.members if i.published)
        metric_rows.append(
            {
                "id": m.id,
                "label": m.label,
                "category": m.category,
                "counted": m.counted,
                "place": m.place,
                "period": m.period,
                "unit": m.unit,
                "figures": len(m.members),
                "outlets": len({i.outlet or i.fig.article_id for i in m.members}),
                "first_published": dates[0] if dates else None,
                "last_published": dates[-1] if dates else None,
                "contradictions": per_metric.get(m.id, 0),
            }
        )
        figure_rows.extend(_metric_figure_row(m.id, i) for i in m.members)
    _insert(conn, t.metrics, metric_rows)
    _insert(conn, t.metric_figures, figure_rows)
    return len(figure_rows)


def _metric_figure_row(metric_id: str, info: FigureInfo) -> dict[str, Any]:
    return {
        "figure_id": info.fig.id,
        "metric_id": metric_id,
        "article_id": info.fig.article_id,
        "lo": info.interval[0],
        "hi": info.interval[1],
        "origin": info.origin,
        "flags": info.flags or None,
    }


def _write_clusters(conn: Any, clusters: list[Cluster]) -> None:
    cluster_rows, member_rows = [], []
    for c in clusters:
        first = c.members[0]
        cluster_rows.append(
            {
                "id": c.id,
                "label": c.label,
                "kind": c.kind,
                "metric_id": c.metric_id,
                "first_article_id": first.claim.article_id,
                "first_claim_id": first.claim.claim_id,
                "first_published": first.published,
                "members": len(c.members),
                "outlets": c.outlets,
            }
        )
        for pos, m in enumerate(c.members):
            member_rows.append(
                {
                    "cluster_id": c.id,
                    "position": pos,
                    "article_id": m.claim.article_id,
                    "claim_id": m.claim.claim_id,
                    "figure_id": m.figure.fig.id if m.figure is not None else None,
                    "cites": m.cites,
                }
            )
    _insert(conn, t.claim_clusters, cluster_rows)
    _insert(conn, t.cluster_members, member_rows)


def _write_contradictions(conn: Any, found: list[Found]) -> None:
    _insert(
        conn,
        t.contradictions,
        [
            {
                "id": c.id,
                "metric_id": c.metric_id,
                "a_figure_id": c.a.fig.id,
                "b_figure_id": c.b.fig.id,
                "a_cluster_id": c.a_group.cluster.id if c.a_group.cluster else None,
                "b_cluster_id": c.b_group.cluster.id if c.b_group.cluster else None,
                "a_reports": len(c.a_group.figures),
                "b_reports": len(c.b_group.figures),
                "reason": c.reason,
            }
            for c in found
        ],
    )
