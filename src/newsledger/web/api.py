"""JSON routes under /api. Each one parses its parameters, calls one library function, formats the result.

The list routes share one envelope, :class:`Page`: ``items``, ``total`` (matching rows before paging),
``limit`` and ``offset``. Item shapes are the dataclasses of :mod:`newsledger.reconcile.model`, so
the OpenAPI document at /openapi.json describes them field by field.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Generic, TypeVar

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from newsledger.contract import Source
from newsledger.reconcile import model as m
from newsledger.reconcile import queries
from newsledger.store.repo import Store
from newsledger.web.errors import NotFound
from newsledger.web.params import DateFrom, DateTo, Limit, Offset, Text, blank, iso

T = TypeVar("T")

router = APIRouter(prefix="/api", tags=["ledger"])

# Article ids are short hex digests; a claim's global id is "<article id>:<claim id>".
ARTICLE_ID = r"^[A-Za-z0-9_-]{1,64}$"
CLAIM_GID = r"^[A-Za-z0-9_-]{1,64}:[A-Za-z0-9_.-]{1,32}$"
ITEM_ID = r"^[A-Za-z0-9_.:-]{1,128}$"
_CLAIM_GID_RE = re.compile(CLAIM_GID)


class Page(BaseModel, Generic[T]):
    """One page of a list: ``items`` plus ``total`` rows matching the filters."""

    items: list[T]
    total: int
    limit: int
    offset: int


class ClaimView(BaseModel):
    """A claim as reported in one article, the cluster of its reports across outlets, and its chain."""

    claim: m.ClusterMember
    cluster: m.ClaimCluster | None
    first_reporter: m.ClusterMember  # the cluster's first reporter, or the claim itself when alone
    chain: list[Source]  # the claim's attribution chain, outermost (the outlet) first


def get_store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


StoreDep = Annotated[Store, Depends(get_store)]


def page(items: Any, total: int, limit: int, offset: int) -> dict[str, Any]:
    return {"items": list(items), "total": total, "limit": limit, "offset": offset}


@router.get("/articles", response_model=Page[m.ArticleSummary], summary="Search and list articles")
def list_articles(
    store: StoreDep,
    q: Annotated[
        str | None, Query(max_length=500, description="Full-text search (every word must occur).")
    ] = None,
    outlet: Text = None,
    date_from: DateFrom = None,
    date_to: DateTo = None,
    hide_copies: Annotated[
        bool, Query(description="Leave out syndicated copies (keep each origin).")
    ] = False,
    limit: Limit = 20,
    offset: Offset = 0,
) -> dict[str, Any]:
    items, total = queries.search_articles(
        store,
        q=blank(q),
        outlet=blank(outlet),
        date_from=iso(date_from),
        date_to=iso(date_to),
        hide_copies=hide_copies,
        limit=limit,
        offset=offset,
    )
    return page(items, total, limit, offset)


@router.get(
    "/articles/{article_id}",
    summary="One article: the extraction contract object",
    response_description="The same JSON as `newsledger extract --jsonl` (schema: newsledger/schema).",
)
def get_article(store: StoreDep, article_id: Annotated[str, Path(pattern=ARTICLE_ID)]) -> JSONResponse:
    article = store.get_article(article_id)
    if article is None:
        raise NotFound("article", article_id, "List articles with GET /api/articles.")
    return JSONResponse(article.to_json())


@router.get(
    "/articles/{article_id}/syndication",
    response_model=m.Syndication,
    summary="An article's syndication group: its origin (when a copy) and the other versions",
)
def get_syndication(store: StoreDep, article_id: Annotated[str, Path(pattern=ARTICLE_ID)]) -> m.Syndication:
    found = queries.get_syndication(store, article_id)
    if found is None:
        raise NotFound("article", article_id, "List articles with GET /api/articles.")
    return found


@router.get(
    "/revisions",
    response_model=list[m.Revision],
    summary="Revisions of syndicated stories: a later version changed a figure",
)
def list_revisions(
    store: StoreDep,
    metric_id: Annotated[str | None, Query(pattern=ITEM_ID)] = None,
    article_id: Annotated[str | None, Query(pattern=ARTICLE_ID)] = None,
) -> list[m.Revision]:
    return queries.list_revisions(store, metric_id=metric_id, article_id=article_id)


@router.get("/figures", response_model=Page[m.FigureRow], summary="Figures across articles")
def list_figures(
    store: StoreDep,
    category: Text = None,
    counted: Text = None,
    outlet: Text = None,
    date_from: DateFrom = None,
    date_to: DateTo = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    items, total = queries.list_figures(
        store,
        category=blank(category),
        counted=blank(counted),
        outlet=blank(outlet),
        date_from=iso(date_from),
        date_to=iso(date_to),
        limit=limit,
        offset=offset,
    )
    return page(items, total, limit, offset)


@router.get(
    "/metrics", response_model=Page[m.MetricSummary], summary="Metrics (figures grouped by what they count)"
)
def list_metrics(
    store: StoreDep, category: Text = None, limit: Limit = 50, offset: Offset = 0
) -> dict[str, Any]:
    items, total = queries.list_metrics(store, category=blank(category), limit=limit, offset=offset)
    return page(items, total, limit, offset)


@router.get(
    "/metrics/{metric_id}", response_model=m.MetricTimeline, summary="A metric's timeline with sources"
)
def get_metric(store: StoreDep, metric_id: Annotated[str, Path(pattern=ITEM_ID)]) -> m.MetricTimeline:
    timeline = queries.get_metric(store, metric_id)
    if timeline is None:
        raise NotFound("metric", metric_id, "List metrics with GET /api/metrics.")
    return timeline


@router.get(
    "/claims/{claim_id}", response_model=ClaimView, summary="A claim, its cluster, first reporter and chain"
)
def get_claim(
    store: StoreDep,
    claim_id: Annotated[
        str,
        Path(pattern=CLAIM_GID, description="Global claim id: `<article id>:<claim id>`, e.g. `3f2a:c4`."),
    ],
) -> ClaimView:
    found = queries.get_claim(store, claim_id)
    if found is None:
        raise NotFound(
            "claim", claim_id, "A claim id is <article id>:<claim id>, as in GET /api/articles/{id}."
        )
    member, cluster = found
    return ClaimView(
        claim=member,
        cluster=cluster,
        first_reporter=cluster.first if cluster is not None else member,
        chain=list(member.sources),
    )


@router.get("/clusters", response_model=Page[m.ClaimCluster], summary="Claims reported by several outlets")
def list_clusters(
    store: StoreDep,
    min_reports: Annotated[int, Query(ge=1, le=100000, description="At least this many articles")] = 2,
    min_independent: Annotated[
        int, Query(ge=1, le=100000, description="At least this many independent sources")
    ] = 1,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    items, total = queries.list_clusters(
        store, min_reports=min_reports, min_independent=min_independent, limit=limit, offset=offset
    )
    return page(items, total, limit, offset)


@router.get("/clusters/{cluster_id}", response_model=m.ClaimCluster, summary="One claim cluster")
def get_cluster(store: StoreDep, cluster_id: Annotated[str, Path(pattern=ITEM_ID)]) -> m.ClaimCluster:
    cluster = queries.get_cluster(store, cluster_id)
    if cluster is None:
        raise NotFound("claim cluster", cluster_id, "List clusters with GET /api/clusters.")
    return cluster


@router.get(
    "/contradictions", response_model=Page[m.Contradiction], summary="Contradicting reports of a metric"
)
def list_contradictions(
    store: StoreDep,
    metric_id: Annotated[str | None, Query(pattern=ITEM_ID)] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    items, total = queries.list_contradictions(store, metric_id=metric_id, limit=limit, offset=offset)
    return page(items, total, limit, offset)


@router.get("/entities", response_model=Page[m.LedgerEntity], summary="Entities across articles")
def list_entities(
    store: StoreDep,
    label: Annotated[str | None, Query(max_length=20, description="PERSON, ORG, PLACE, ...")] = None,
    q: Annotated[str | None, Query(max_length=200, description="Name or alias contains.")] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    items, total = queries.list_entities(store, label=blank(label), q=blank(q), limit=limit, offset=offset)
    return page(items, total, limit, offset)


def is_claim_gid(value: str) -> bool:
    return _CLAIM_GID_RE.match(value) is not None
