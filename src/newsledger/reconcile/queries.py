"""Read-only queries over the ledger, for the CLI and the web UI.

Every function takes the Store first and returns model dataclasses. User text only ever reaches
SQL as a bound parameter: full-text search quotes every word of the query as an FTS5 string
('"word"') on SQLite and hands PostgreSQL the words alone (``plainto_tsquery``: every word must
occur, no operators), LIKE filters escape their wildcards. Lists return ``(page, total)``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

from sqlalchemy import and_, bindparam, func, literal_column, or_, select, text
from sqlalchemy.engine import Connection

from newsledger.contract import Source
from newsledger.reconcile.highlights import article_highlights
from newsledger.reconcile.model import (
    ArticleSummary,
    ClaimCluster,
    ClusterMember,
    Contradiction,
    FigureRow,
    LedgerEntity,
    MetricSummary,
    MetricTimeline,
    Revision,
    Syndication,
    TimelinePoint,
)
from newsledger.store import tables as t
from newsledger.store.repo import Store

__all__ = [
    "article_highlights",
    "fts_query",
    "get_claim",
    "get_cluster",
    "get_metric",
    "get_syndication",
    "list_clusters",
    "list_contradictions",
    "list_entities",
    "list_figures",
    "list_metrics",
    "list_revisions",
    "search_articles",
]

MAX_LIMIT = 500
SNIPPET_CHARS = 240
SNIPPET_WORDS = 32
_TOKEN = re.compile(r"\w+", re.UNICODE)

A = t.articles.c
F = t.figures.c
C = t.claims.c


def fts_query(q: str) -> str:
    """An FTS5 query in which every word of ``q`` is a quoted string (all must occur)."""
    return " ".join(f'"{tok}"' for tok in _TOKEN.findall(q))


def _page(limit: int, offset: int) -> tuple[int, int]:
    return max(1, min(int(limit), MAX_LIMIT)), max(0, int(offset))


def _total(conn: Connection, stmt: Any) -> int:
    return int(conn.execute(select(func.count()).select_from(stmt.order_by(None).subquery())).scalar_one())


def _date_filters(stmt: Any, date_from: str | None, date_to: str | None) -> Any:
    day = func.substr(A.published, 1, 10)
    if date_from:
        stmt = stmt.where(day >= date_from[:10])
    if date_to:
        stmt = stmt.where(day <= date_to[:10])
    return stmt


def _count(table: Any) -> Any:
    return select(func.count()).where(table.c.article_id == A.id).correlate(t.articles).scalar_subquery()


# -- articles ---------------------------------------------------------------------------------------


def search_articles(
    store: Store,
    *,
    q: str | None = None,
    outlet: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    hide_copies: bool = False,
    limit: int = 20,
    offset: int = 0,
) -> tuple[list[ArticleSummary], int]:
    """Articles matching every word of ``q``, best match first (newest first without ``q``).

    SQLite: the FTS5 table; PostgreSQL: full-text search over the GIN-indexed tsvector of title and
    text, ranked by ``ts_rank`` (the title weighs more), snippets by ``ts_headline``; elsewhere LIKE.
    """
    limit, offset = _page(limit, offset)
    cols = _summary_columns()
    dialect = store.engine.dialect.name
    match = fts_query(q) if q else ""
    if q and not match:
        return [], 0
    stmt: Any
    order: list[Any]
    words = " ".join(_TOKEN.findall(q or ""))
    if q and dialect == "postgresql" and _pg_lexemes(store, words):
        stmt, order = _pg_search(cols, words)
    elif q and dialect == "sqlite":
        stmt = (
            select(*cols, func.snippet(literal_column(t.FTS_TABLE), -1, "", "", "…", 32).label("snip"))
            .select_from(t.articles)
            .join(t.articles_fts, literal_column("articles.rowid") == literal_column("articles_fts.rowid"))
            .where(text("articles_fts MATCH :fts_q").bindparams(fts_q=match))
        )
        order = [literal_column("articles_fts.rank"), A.id]
    else:
        stmt = select(*cols)
        if q:
            for tok in _TOKEN.findall(q):
                stmt = stmt.where(
                    or_(A.title.icontains(tok, autoescape=True), A.text.icontains(tok, autoescape=True))
                )
        order = [A.published.desc().nulls_last(), A.id]
    if outlet:
        stmt = stmt.where(func.lower(A.outlet) == outlet.lower())
    if hide_copies:
        stmt = stmt.where(A.copy_of.is_(None))
    stmt = _date_filters(stmt, date_from, date_to)
    with store.engine.connect() as conn:
        total = _total(conn, stmt)
        rows = conn.execute(stmt.order_by(*order).limit(limit).offset(offset)).mappings().all()
    return [_summary(r) for r in rows], total


def _pg_query(words: str) -> Any:
    return func.plainto_tsquery(literal_column(f"'{t.PG_SEARCH_CONFIG}'"), bindparam("pg_q", words))


def _pg_lexemes(store: Store, words: str) -> bool:
    """Whether PostgreSQL finds a word to search for (not only stop words such as 'the'); the
    words then go to LIKE instead, as on other databases."""
    with store.engine.connect() as conn:
        return bool(conn.execute(select(func.numnode(_pg_query(words)))).scalar())


def _pg_search(cols: list[Any], words: str) -> tuple[Any, list[Any]]:
    """The PostgreSQL full-text match: the indexed document expression ``@@`` the words, ranked."""
    document: Any = literal_column(f"({t.PG_SEARCH_DOCUMENT})")
    query = _pg_query(words)
    options = f"MaxWords={SNIPPET_WORDS}, MinWords={SNIPPET_WORDS // 2}, StartSel=\"\", StopSel=\"\""
    snip = func.ts_headline(literal_column(f"'{t.PG_SEARCH_CONFIG}'"), A.text, query, options)
    stmt = select(*cols, snip.label("pg_snip")).where(document.op("@@")(query))
    return stmt, [func.ts_rank(document, query).desc(), A.id]


def _summary_columns() -> list[Any]:
    return [
        A.id,
        A.title,
        A.outlet,
        A.published,
        A.url,
        A.text,
        A.copy_of,
        A.copy_similarity,
        _count(t.figures).label("n_figures"),
        _count(t.quotes).label("n_quotes"),
        _count(t.claims).label("n_claims"),
    ]


def _summary(r: Any) -> ArticleSummary:
    snippet = r.get("snip") or _ellipsis(r.get("pg_snip") or "", r["text"])
    if not snippet.strip():
        body = " ".join(r["text"].split())
        snippet = body if len(body) <= SNIPPET_CHARS else body[: SNIPPET_CHARS - 1].rstrip() + "…"
    return ArticleSummary(
        id=r["id"],
        title=r["title"],
        outlet=r["outlet"],
        published=r["published"],
        url=r["url"],
        figures=int(r["n_figures"]),
        quotes=int(r["n_quotes"]),
        claims=int(r["n_claims"]),
        snippet=" ".join(snippet.split()),
        copy_of=r["copy_of"],
        copy_similarity=r["copy_similarity"],
    )


def _ellipsis(snippet: str, body: str) -> str:
    """``…`` where a PostgreSQL headline starts after the body's start or ends before its end (as
    SQLite's snippets are marked)."""
    snippet, flat = " ".join(snippet.split()), " ".join(body.split())
    if not snippet:
        return ""
    lead = "" if flat.startswith(snippet) else "…"
    tail = "" if flat.endswith(snippet) else "…"
    return f"{lead}{snippet}{tail}"


def get_syndication(store: Store, article_id: str) -> Syndication | None:
    """The syndication group of one article: its origin (when a copy) and every other version."""
    with store.engine.connect() as conn:
        row = conn.execute(select(A.id, A.copy_of).where(A.id == article_id)).first()
        if row is None:
            return None
        origin_id = row.copy_of or row.id
        stmt = select(*_summary_columns()).where(or_(A.id == origin_id, A.copy_of == origin_id))
        rows = conn.execute(stmt).mappings().all()
    group = sorted((_summary(r) for r in rows), key=lambda a: (not a.published, a.published or "", a.id))
    origin = next((a for a in group if a.id == origin_id), None) if row.copy_of else None
    versions = tuple(a for a in group if a.id != article_id and (origin is None or a.id != origin.id))
    return Syndication(article_id, origin, versions)


def list_revisions(
    store: Store, *, metric_id: str | None = None, article_id: str | None = None
) -> list[Revision]:
    """Revisions of syndicated stories (a later version changed a figure) of a metric or an article."""
    rv = t.revisions.c
    stmt = select(t.revisions, t.metrics.c.label.label("metric_label")).join(
        t.metrics, t.metrics.c.id == rv.metric_id
    )
    with store.engine.connect() as conn:
        if metric_id:
            stmt = stmt.where(rv.metric_id == metric_id)
        if article_id:
            origin = conn.execute(select(func.coalesce(A.copy_of, A.id)).where(A.id == article_id)).scalar()
            stmt = stmt.where(rv.origin_article_id == (origin or article_id))
        rows = conn.execute(stmt.order_by(rv.after_published, rv.id)).mappings().all()
        points = _points(conn, [r[c] for r in rows for c in ("before_figure_id", "after_figure_id")])
    return [
        Revision(
            id=r["id"],
            metric_id=r["metric_id"],
            metric_label=r["metric_label"],
            origin_article_id=r["origin_article_id"],
            before=points[r["before_figure_id"]],
            after=points[r["after_figure_id"]],
            reason=r["reason"],
        )
        for r in rows
        if r["before_figure_id"] in points and r["after_figure_id"] in points
    ]


# -- chains and points --------------------------------------------------------------------------------


def _chains(conn: Connection, keys: Iterable[tuple[str, str]]) -> dict[tuple[str, str], tuple[Source, ...]]:
    wanted = set(keys)
    if not wanted:
        return {}
    s = t.claim_sources.c
    found: dict[tuple[str, str], list[Source]] = {}
    article_ids = sorted({a for a, _ in wanted})
    for i in range(0, len(article_ids), 500):
        rows = conn.execute(
            select(s.article_id, s.claim_id, s.name, s.type, s.start_char, s.end_char)
            .where(s.article_id.in_(article_ids[i : i + 500]))
            .order_by(s.article_id, s.claim_id, s.position)
        )
        for r in rows:
            key = (r.article_id, r.claim_id)
            if key in wanted:
                found.setdefault(key, []).append(Source(r.name, r.type, r.start_char, r.end_char))
    return {k: tuple(v) for k, v in found.items()}


def _gid(article_id: str, claim_id: str | None) -> str | None:
    return f"{article_id}:{claim_id}" if claim_id else None


def _figure_select() -> Any:
    return select(
        F.id,
        F.article_id,
        F.seq,
        F.text,
        F.start_char,
        F.end_char,
        F.value,
        F.low,
        F.high,
        F.approx,
        F.unit,
        F.counted,
        F.category,
        F.period,
        F.claim_id,
        F.extractor,
        A.outlet,
        A.published,
        A.title,
        C.verification,
        t.metric_figures.c.metric_id,
    ).select_from(
        t.figures.join(t.articles, A.id == F.article_id)
        .outerjoin(t.claims, and_(C.article_id == F.article_id, C.claim_id == F.claim_id))
        .outerjoin(t.metric_figures, t.metric_figures.c.figure_id == F.id)
    )


def _points(conn: Connection, figure_ids: list[int]) -> dict[int, TimelinePoint]:
    rows: list[Any] = []
    for i in range(0, len(figure_ids), 500):
        rows += conn.execute(_figure_select().where(F.id.in_(figure_ids[i : i + 500]))).mappings().all()
    chains = _chains(conn, ((r["article_id"], r["claim_id"]) for r in rows if r["claim_id"]))
    out = {}
    for r in rows:
        chain = chains.get((r["article_id"], r["claim_id"]), ())
        out[int(r["id"])] = TimelinePoint(
            article_id=r["article_id"],
            outlet=r["outlet"],
            published=r["published"],
            claim_id=_gid(r["article_id"], r["claim_id"]),
            text=r["text"],
            start=r["start_char"],
            end=r["end_char"],
            value=r["value"],
            low=r["low"],
            high=r["high"],
            approx=r["approx"],
            unit=r["unit"],
            period=r["period"],
            sources=chain,
            source_type=chain[-1].type if chain else "unspecified",
            verification=r["verification"] or "unknown",
        )
    return out


# -- figures and metrics ----------------------------------------------------------------------------


def list_figures(
    store: Store,
    *,
    category: str | None = None,
    counted: str | None = None,
    outlet: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> tuple[list[FigureRow], int]:
    """Figures across articles; ``counted`` matches part of the counted phrase, case-insensitive."""
    limit, offset = _page(limit, offset)
    stmt = _figure_select()
    if category:
        stmt = stmt.where(F.category == category)
    if counted:
        stmt = stmt.where(func.lower(F.counted).contains(counted.lower(), autoescape=True))
    if outlet:
        stmt = stmt.where(func.lower(A.outlet) == outlet.lower())
    stmt = _date_filters(stmt, date_from, date_to)
    with store.engine.connect() as conn:
        total = _total(conn, stmt)
        rows = (
            conn.execute(stmt.order_by(A.published, F.article_id, F.seq).limit(limit).offset(offset))
            .mappings()
            .all()
        )
        chains = _chains(conn, ((r["article_id"], r["claim_id"]) for r in rows if r["claim_id"]))
    out = [
        FigureRow(
            figure_id=int(r["id"]),
            article_id=r["article_id"],
            outlet=r["outlet"],
            published=r["published"],
            title=r["title"],
            text=r["text"],
            start=r["start_char"],
            end=r["end_char"],
            value=r["value"],
            low=r["low"],
            high=r["high"],
            approx=r["approx"],
            unit=r["unit"],
            counted=r["counted"],
            category=r["category"],
            period=r["period"],
            claim=r["claim_id"],
            extractor=r["extractor"],
            claim_id=_gid(r["article_id"], r["claim_id"]),
            sources=chains.get((r["article_id"], r["claim_id"]), ()),
            verification=r["verification"] or "unknown",
            metric_id=r["metric_id"],
        )
        for r in rows
    ]
    return out, total


def _metric_summary(r: Any) -> MetricSummary:
    return MetricSummary(
        id=r["id"],
        label=r["label"],
        category=r["category"],
        counted=r["counted"],
        place=r["place"],
        period=r["period"],
        unit=r["unit"],
        figures=int(r["figures"]),
        outlets=tuple(json.loads(r["outlets"] or "[]")),
        first_published=r["first_published"],
        last_published=r["last_published"],
        contradictions=int(r["contradictions"]),
        reports=int(r["reports"]),
        independent_reports=int(r["independent_reports"]),
        article_ids=tuple(json.loads(r["article_ids"] or "[]")),
        first_article_id=r["first_article_id"],
    )


def list_metrics(
    store: Store, *, category: str | None = None, limit: int = 50, offset: int = 0
) -> tuple[list[MetricSummary], int]:
    """Metrics, the most reported first."""
    limit, offset = _page(limit, offset)
    m = t.metrics.c
    stmt = select(t.metrics)
    if category:
        stmt = stmt.where(m.category == category)
    with store.engine.connect() as conn:
        total = _total(conn, stmt)
        rows = (
            conn.execute(
                stmt.order_by(m.figures.desc(), m.reports.desc(), m.label).limit(limit).offset(offset)
            )
            .mappings()
            .all()
        )
    return [_metric_summary(r) for r in rows], total


def get_metric(store: Store, metric_id: str) -> MetricTimeline | None:
    """A metric with every figure of it, ordered by publication (its timeline)."""
    with store.engine.connect() as conn:
        row = conn.execute(select(t.metrics).where(t.metrics.c.id == metric_id)).mappings().first()
        if row is None:
            return None
        ids = [
            int(r[0])
            for r in conn.execute(
                select(t.metric_figures.c.figure_id).where(t.metric_figures.c.metric_id == metric_id)
            )
        ]
        points = _points(conn, ids)
    ordered = sorted(points.values(), key=lambda p: (p.published or "9999", p.article_id, p.start))
    return MetricTimeline(_metric_summary(row), tuple(ordered))


# -- claims and clusters ------------------------------------------------------------------------------


def _members(conn: Connection, rows: list[Any]) -> list[ClusterMember | None]:
    """A ClusterMember per row (article_id, claim_id, cites), None where the claim is gone."""
    keys = [(r["article_id"], r["claim_id"]) for r in rows]
    if not keys:
        return []
    chains = _chains(conn, keys)
    info: dict[tuple[str, str], Any] = {}
    article_ids = sorted({a for a, _ in keys})
    for i in range(0, len(article_ids), 500):
        for r in conn.execute(
            select(C.article_id, C.claim_id, C.text, C.start_char, C.end_char, A.outlet, A.published)
            .select_from(t.claims.join(t.articles, A.id == C.article_id))
            .where(C.article_id.in_(article_ids[i : i + 500]))
        ).mappings():
            info[(r["article_id"], r["claim_id"])] = r
    out: list[ClusterMember | None] = []
    for r in rows:
        c = info.get((r["article_id"], r["claim_id"]))
        out.append(
            None
            if c is None
            else ClusterMember(
                claim_id=f"{r['article_id']}:{r['claim_id']}",
                article_id=r["article_id"],
                outlet=c["outlet"],
                published=c["published"],
                text=c["text"],
                start=c["start_char"],
                end=c["end_char"],
                sources=chains.get((r["article_id"], r["claim_id"]), ()),
                cites=r["cites"],
            )
        )
    return out


def _clusters(conn: Connection, cluster_rows: list[Any]) -> list[ClaimCluster]:
    ids = [r["id"] for r in cluster_rows]
    if not ids:
        return []
    cm = t.cluster_members.c
    member_rows = list(
        conn.execute(
            select(cm.cluster_id, cm.article_id, cm.claim_id, cm.cites)
            .where(cm.cluster_id.in_(ids))
            .order_by(cm.cluster_id, cm.position)
        ).mappings()
    )
    by_cluster: dict[str, list[ClusterMember]] = {}
    for row, member in zip(member_rows, _members(conn, member_rows), strict=True):
        if member is not None:
            by_cluster.setdefault(row["cluster_id"], []).append(member)
    out = []
    for r in cluster_rows:
        ms = by_cluster.get(r["id"], [])
        if ms:
            out.append(
                ClaimCluster(
                    id=r["id"],
                    label=r["label"],
                    first=ms[0],
                    members=tuple(ms),
                    metric_id=r["metric_id"],
                    kind=r["kind"],
                    reports=int(r["reports"]),
                    independent_reports=int(r["independent_reports"]),
                    independent_sources=int(r["independent_sources"]),
                    outlets=tuple(json.loads(r["outlets"] or "[]")),
                    article_ids=tuple(json.loads(r["article_ids"] or "[]")),
                )
            )
    return out


def get_cluster(store: Store, cluster_id: str) -> ClaimCluster | None:
    with store.engine.connect() as conn:
        row = (
            conn.execute(select(t.claim_clusters).where(t.claim_clusters.c.id == cluster_id))
            .mappings()
            .first()
        )
        if row is None:
            return None
        found = _clusters(conn, [row])
    return found[0] if found else None


def list_clusters(
    store: Store, *, min_reports: int = 2, min_independent: int = 1, limit: int = 50, offset: int = 0
) -> tuple[list[ClaimCluster], int]:
    """Claims reported by at least ``min_reports`` articles from at least ``min_independent``
    independent sources, the most independently reported first."""
    limit, offset = _page(limit, offset)
    cc = t.claim_clusters.c
    stmt = select(t.claim_clusters).where(
        cc.reports >= int(min_reports), cc.independent_reports >= int(min_independent)
    )
    with store.engine.connect() as conn:
        total = _total(conn, stmt)
        rows = (
            conn.execute(
                stmt.order_by(
                    cc.independent_reports.desc(),
                    cc.reports.desc(),
                    cc.members.desc(),
                    cc.first_published,
                    cc.id,
                )
                .limit(limit)
                .offset(offset)
            )
            .mappings()
            .all()
        )
        return _clusters(conn, list(rows)), total


def get_claim(store: Store, global_claim_id: str) -> tuple[ClusterMember, ClaimCluster | None] | None:
    """A claim ('<article id>:<claim id>') as a member, with the cluster of its reports if any."""
    article_id, sep, claim_id = global_claim_id.partition(":")
    if not sep or not article_id or not claim_id:
        return None
    cm = t.cluster_members.c
    cc = t.claim_clusters.c
    with store.engine.connect() as conn:
        exists = conn.execute(
            select(C.claim_id).where(C.article_id == article_id, C.claim_id == claim_id)
        ).first()
        if exists is None:
            return None
        link = (
            conn.execute(
                select(cm.cluster_id, cm.cites)
                .select_from(t.cluster_members.join(t.claim_clusters, cc.id == cm.cluster_id))
                .where(cm.article_id == article_id, cm.claim_id == claim_id)
                .order_by((cc.kind == "metric").desc(), cc.reports.desc(), cc.members.desc(), cc.id)
            )
            .mappings()
            .first()
        )
        cites = link["cites"] if link else None
        member = _members(conn, [{"article_id": article_id, "claim_id": claim_id, "cites": cites}])[0]
        assert member is not None
        cluster = None
        if link is not None:
            row = conn.execute(select(t.claim_clusters).where(cc.id == link["cluster_id"])).mappings().first()
            found = _clusters(conn, [row]) if row is not None else []
            cluster = found[0] if found else None
    return member, cluster


# -- contradictions and entities ----------------------------------------------------------------------


def list_contradictions(
    store: Store, *, metric_id: str | None = None, limit: int = 50, offset: int = 0
) -> tuple[list[Contradiction], int]:
    """Contradicting reports, both sides with their sources."""
    limit, offset = _page(limit, offset)
    k = t.contradictions.c
    stmt = select(t.contradictions, t.metrics.c.label.label("metric_label")).join(
        t.metrics, t.metrics.c.id == k.metric_id
    )
    if metric_id:
        stmt = stmt.where(k.metric_id == metric_id)
    with store.engine.connect() as conn:
        total = _total(conn, stmt)
        rows = (
            conn.execute(
                stmt.order_by(t.metrics.c.figures.desc(), k.metric_id, k.id).limit(limit).offset(offset)
            )
            .mappings()
            .all()
        )
        points = _points(
            conn, sorted({int(r["a_figure_id"]) for r in rows} | {int(r["b_figure_id"]) for r in rows})
        )
    out = []
    for r in rows:
        a, b = points.get(int(r["a_figure_id"])), points.get(int(r["b_figure_id"]))
        if a is None or b is None:
            continue
        out.append(
            Contradiction(
                id=r["id"],
                metric_id=r["metric_id"],
                metric_label=r["metric_label"],
                a=a,
                b=b,
                reason=r["reason"],
                a_cluster_id=r["a_cluster_id"],
                b_cluster_id=r["b_cluster_id"],
                a_reports=int(r["a_reports"]),
                b_reports=int(r["b_reports"]),
            )
        )
    return out, total


def list_entities(
    store: Store, *, label: str | None = None, q: str | None = None, limit: int = 50, offset: int = 0
) -> tuple[list[LedgerEntity], int]:
    """Ledger entities, the most mentioned first; ``q`` matches part of the name or an alias."""
    limit, offset = _page(limit, offset)
    e = t.ledger_entities.c
    stmt = select(t.ledger_entities)
    if label:
        stmt = stmt.where(e.label == label.upper())
    if q:
        needle = q.lower()
        stmt = stmt.where(
            or_(
                func.lower(e.canonical).contains(needle, autoescape=True),
                func.lower(e.aliases).contains(needle, autoescape=True),
            )
        )
    with store.engine.connect() as conn:
        total = _total(conn, stmt)
        rows = (
            conn.execute(stmt.order_by(e.mentions.desc(), e.canonical, e.id).limit(limit).offset(offset))
            .mappings()
            .all()
        )
    return [
        LedgerEntity(
            id=r["id"],
            canonical=r["canonical"],
            label=r["label"],
            aliases=tuple(json.loads(r["aliases"])),
            mentions=int(r["mentions"]),
            articles=int(r["articles"]),
            lat=r["lat"],
            lon=r["lon"],
            country=r["country"],
        )
        for r in rows
    ], total
