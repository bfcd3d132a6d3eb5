"""A reconcile result as rows of the cross-article tables, and each article's syndication.

The ``add_*_rows`` functions put the rows each ledger table should hold into a :data:`Rows` map;
reconcile/sync.py writes only what differs from the stored ledger, inside reconcile's one
transaction. They return counts where the report needs them.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from sqlalchemy import bindparam, update

from newsledger.reconcile.clusters import Cluster, Member
from newsledger.reconcile.contradictions import Found
from newsledger.reconcile.entities import LedgerRow, Resolution, ledger_rows
from newsledger.reconcile.loader import Corpus
from newsledger.reconcile.metrics import FigureInfo, Metric
from newsledger.reconcile.revisions import Revision
from newsledger.reconcile.syndication import Copy
from newsledger.store import tables as t


def _json(items: list[str]) -> str:
    return json.dumps(items, ensure_ascii=False)


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def write_copies(conn: Any, corpus: Corpus, copies: Mapping[str, Copy]) -> int:
    """Store ``copy_of`` and ``copy_similarity`` on every article whose values changed."""
    changed = []
    for art in corpus.articles.values():
        copy = copies.get(art.id)
        copy_of = copy.copy_of if copy else None
        similarity = copy.similarity if copy and copy_of else None
        if (copy_of, similarity) != (art.copy_of, art.copy_similarity):
            changed.append({"aid": art.id, "copy_of": copy_of, "copy_similarity": similarity})
    a = t.articles
    stmt = (
        update(a)
        .where(a.c.id == bindparam("aid"))
        .values(copy_of=bindparam("copy_of"), copy_similarity=bindparam("copy_similarity"))
    )
    for chunk in _chunks(changed):
        conn.execute(stmt, chunk)
    return sum(1 for c in copies.values() if c.copy_of)


def _chunks(rows: list[dict[str, Any]], size: int = 5000) -> list[list[dict[str, Any]]]:
    return [rows[i : i + size] for i in range(0, len(rows), size)]


Rows = dict[str, list[dict[str, Any]]]  # table name -> the rows it should hold


def entity_row(r: LedgerRow) -> dict[str, Any]:
    """The ``ledger_entities`` row of one ledger entity."""
    return {
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


def add_entity_rows(res: Resolution, out: Rows, *, links: bool = True) -> tuple[int, int]:
    """Ledger entities, and with ``links`` every mention's link (reconcile/links.py writes only
    the links that changed when it can); returns (entities, links)."""
    rows = ledger_rows(res)
    out["ledger_entities"] = [entity_row(r) for r in rows]
    if links:
        ids = {key: g.id for key, g in res.groups.items()}
        out["entity_links"] = [
            {"entity_id": ent_id, "ledger_entity_id": ids[key]}
            for ent_id, key in res.link.items()
            if key in ids
        ]
    return len(rows), sum(1 for key in res.link.values() if key in res.groups)


def add_metric_rows(
    metrics: dict[str, Metric], found: list[Found], origin_of: Mapping[str, str], out: Rows
) -> int:
    per_metric: dict[str, int] = {}
    for c in found:
        per_metric[c.metric_id] = per_metric.get(c.metric_id, 0) + 1
    metric_rows: list[dict[str, Any]] = []
    figure_rows: list[dict[str, Any]] = []
    for m in metrics.values():
        dates = sorted(i.published for i in m.members if i.published)
        article_ids = _unique([i.fig.article_id for i in m.members])  # members are earliest first
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
                "outlets": _json(_unique([i.outlet for i in m.members if i.outlet])),
                "reports": len(article_ids),
                "independent_reports": len({origin_of.get(a, a) for a in article_ids}),
                "article_ids": _json(article_ids),
                "first_article_id": article_ids[0] if article_ids else None,
                "first_published": dates[0] if dates else None,
                "last_published": dates[-1] if dates else None,
                "contradictions": per_metric.get(m.id, 0),
            }
        )
        figure_rows.extend(_metric_figure_row(m.id, i) for i in m.members)
    out["metrics"] = metric_rows
    out["metric_figures"] = figure_rows
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


def independent(members: list[Member], origin_of: Mapping[str, str], *, sources: bool = False) -> int:
    """Distinct syndication origins among the reports (independent reports); with ``sources``,
    a report that credits an earlier report's outlet ("..., the Ledger Daily reported") is left
    out too (independent sources)."""
    return len(
        {origin_of.get(m.claim.article_id, m.claim.article_id) for m in members if not (sources and m.cites)}
    )


def add_cluster_rows(clusters: list[Cluster], origin_of: Mapping[str, str], out: Rows) -> None:
    cluster_rows, member_rows = [], []
    for c in clusters:
        first = c.members[0]
        article_ids = _unique([m.claim.article_id for m in c.members])
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
                "outlets": _json(_unique([m.outlet for m in c.members if m.outlet])),
                "reports": len(article_ids),
                "independent_reports": independent(c.members, origin_of),
                "independent_sources": independent(c.members, origin_of, sources=True),
                "article_ids": _json(article_ids),
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
    out["claim_clusters"] = cluster_rows
    out["cluster_members"] = member_rows


def add_contradiction_rows(found: list[Found], out: Rows) -> None:
    out["contradictions"] = [
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
    ]


def add_revision_rows(revisions: list[Revision], out: Rows) -> None:
    out["revisions"] = [
        {
            "id": r.id,
            "metric_id": r.metric_id,
            "origin_article_id": r.origin,
            "before_figure_id": r.before.fig.id,
            "after_figure_id": r.after.fig.id,
            "before_article_id": r.before.fig.article_id,
            "after_article_id": r.after.fig.article_id,
            "before_published": r.before.published,
            "after_published": r.after.published,
            "reason": r.reason,
        }
        for r in revisions
    ]
