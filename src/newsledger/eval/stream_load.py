"""Read what the stream scorer needs from a store: articles with ``copy_of``, claim clusters.

Reads the syndication schema (migration 0003): ``articles.copy_of``, ``claim_clusters.reports``,
``independent_reports``, ``article_ids`` (JSON list) and ``first_article_id``; a store opened
with ``Store`` is always migrated to it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from sqlalchemy import text

from newsledger.eval.stream import (
    ArticleView,
    ClusterView,
    StoreView,
    StreamScores,
    load_stream_gold,
    score_stream_data,
)


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
    with store.engine.connect() as con:
        rows = con.execute(text("SELECT id, url, copy_of FROM articles")).all()
        articles = [ArticleView(str(r[0]), r[1], r[2] or None) for r in rows]
        members: dict[str, set[str]] = {}
        values: dict[str, list[float]] = {}
        texts: dict[str, list[str]] = {}
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
        clusters: list[ClusterView] = []
        query = (
            "SELECT id, kind, first_article_id, reports, independent_reports, article_ids FROM claim_clusters"
        )
        for row in con.execute(text(query)).mappings():
            cid = str(row["id"])
            clusters.append(
                ClusterView(
                    id=cid,
                    kind=str(row["kind"] or ""),
                    article_ids=tuple(_json_list(row["article_ids"]) or sorted(members.get(cid, ()))),
                    first_article_id=row["first_article_id"],
                    reports=row["reports"],
                    independent_reports=row["independent_reports"],
                    values=tuple(values.get(cid, ())),
                    texts=tuple(dict.fromkeys(texts.get(cid, ()))),
                )
            )
    return StoreView(articles=articles, clusters=clusters, notes=[])


def score_stream(store: Any, gold: Mapping[str, Any] | str | Path) -> StreamScores:
    """Score ``store`` (a ``Store``) against a stream gold object or file."""
    data = gold if isinstance(gold, Mapping) else load_stream_gold(gold)
    return score_stream_data(load_view(store), data)
