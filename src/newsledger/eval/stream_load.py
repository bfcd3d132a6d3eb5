"""Read what the stream scorer needs from a store: articles with ``copy_of``, claim clusters.

Written against the syndication schema (migration 0003): ``articles.copy_of``,
``claim_clusters.reports``, ``independent_reports``, ``article_ids`` (JSON list) and
``first_article_id``. On an older store the missing columns are noted, not fatal: without
``copy_of`` every article is its own origin, without ``article_ids`` the members table gives
a cluster's articles, and without the counts they read as unknown.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import inspect, text

from newsledger.eval.stream import ArticleView, ClusterView, StoreView


def _columns(engine: Any, table: str) -> set[str]:
    insp = inspect(engine)
    if not insp.has_table(table):
        return set()
    return {str(c["name"]) for c in insp.get_columns(table)}


def _json_list(raw: Any) -> list[str]:
    if raw is None:
        return []
    try:
        value = json.loads(raw) if isinstance(raw, str) else raw
    except json.JSONDecodeError:
        return []
    return [str(v) for v in value] if isinstance(value, list) else []


def load_view(store: Any) -> StoreView:
    """Articles and claim clusters of ``store`` (a ``newsledger.store.repo.Store``) as plain data."""
    engine = store.engine
    notes: list[str] = []
    art_cols = _columns(engine, "articles")
    cluster_cols = _columns(engine, "claim_clusters")
    member_cols = _columns(engine, "cluster_members")
    with engine.connect() as con:
        if "copy_of" in art_cols:
            rows = con.execute(text("SELECT id, url, copy_of FROM articles")).all()
        else:
            notes.append(
                "the store has no articles.copy_of (no syndication yet): every article is its own origin"
            )
            rows = con.execute(text("SELECT id, url, NULL FROM articles")).all()
        articles = [ArticleView(str(r[0]), r[1], r[2] or None) for r in rows]

        members: dict[str, set[str]] = {}
        values: dict[str, list[float]] = {}
        texts: dict[str, list[str]] = {}
        if member_cols:
            for cid, aid, _claim_id, value, claim_text, quote_text in con.execute(
                text(
                    "SELECT m.cluster_id, m.article_id, m.claim_id, f.value, c.text, q.text "
                    "FROM cluster_members m "
                    "LEFT JOIN figures f ON f.id = m.figure_id "
                    "LEFT JOIN claims c ON c.article_id = m.article_id AND c.claim_id = m.claim_id "
                    "LEFT JOIN quotes q ON q.article_id = m.article_id AND q.claim_id = m.claim_id"
                )
            ):
                members.setdefault(str(cid), set()).add(str(aid))
                if value is not None:
                    values.setdefault(str(cid), []).append(float(value))
                for t in (claim_text, quote_text):
                    if t:
                        texts.setdefault(str(cid), []).append(str(t))

        wanted = ["id", "kind", "first_article_id", "reports", "independent_reports", "article_ids"]
        present = [c for c in wanted if c in cluster_cols]
        missing = [c for c in wanted[3:] if c not in cluster_cols]
        if missing:
            notes.append(f"the store's claim_clusters has no {', '.join(missing)} (no syndication yet)")
        clusters: list[ClusterView] = []
        if cluster_cols:
            for row in con.execute(text(f"SELECT {', '.join(present)} FROM claim_clusters")).mappings():
                cid = str(row["id"])
                ids = _json_list(row.get("article_ids")) or sorted(members.get(cid, ()))
                clusters.append(
                    ClusterView(
                        id=cid,
                        kind=str(row.get("kind") or ""),
                        article_ids=tuple(ids),
                        first_article_id=row.get("first_article_id"),
                        reports=row.get("reports"),
                        independent_reports=row.get("independent_reports"),
                        values=tuple(values.get(cid, ())),
                        texts=tuple(dict.fromkeys(texts.get(cid, ()))),
                    )
                )
    return StoreView(articles=articles, clusters=clusters, notes=notes)
