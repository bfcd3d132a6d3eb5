"""HTML routes. Like the API: parse, call one library function, format through a Jinja2 template.

Templates autoescape everything; the only markup built in Python is the article body, made by
:mod:`newsledger.web.render`, which escapes every character of the text itself.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path as FsPath
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, Response
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader

from newsledger.contract import ENTITY_LABELS, Removed
from newsledger.reconcile import queries, sources
from newsledger.store.repo import Store
from newsledger.web import views
from newsledger.web.errors import NotFound
from newsledger.web.params import DateFrom, DateTo, blank
from newsledger.web.render import render_article

TEMPLATES_DIR = FsPath(__file__).with_name("templates")

router = APIRouter(include_in_schema=False)


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES_DIR)),
        autoescape=True,  # every template, whatever its extension
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(views.FILTERS)
    env.globals.update(views.GLOBALS)
    return env


templates = Jinja2Templates(env=_environment())


def get_store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


StoreDep = Annotated[Store, Depends(get_store)]
PageNo = Annotated[int, Query(ge=1, le=100_000)]
Text = Annotated[str | None, Query(max_length=200)]
PER_PAGE = 20


def _page(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
    response: HTMLResponse = templates.TemplateResponse(request, name, context, status_code=status)
    return response


def render_error(request: Request, status: int, message: str, hint: str) -> HTMLResponse:
    return _page(request, "error.html", status=status, status_code=status, message=message, hint=hint)


def _pager(request: Request, page: int, total: int, per_page: int) -> dict[str, Any]:
    """Links to the previous and next page, keeping the other query parameters."""
    pages = max(1, -(-total // per_page))
    params = {k: v for k, v in request.query_params.items() if k != "page" and v != ""}

    def link(p: int) -> str:
        return (
            "?" + urlencode({**params, "page": p}) if p != 1 else ("?" + urlencode(params) if params else "?")
        )

    return {
        "page": page,
        "pages": pages,
        "total": total,
        "first": (page - 1) * per_page + 1 if total else 0,
        "last": min(page * per_page, total),
        "prev": link(page - 1) if page > 1 else None,
        "next": link(page + 1) if page < pages else None,
    }


@router.get("/static/vendor/plotly.min.js")
def plotly_js() -> FileResponse:
    """plotly.js from the installed ``plotly`` package: no CDN, works offline."""
    spec = importlib.util.find_spec("plotly")
    if spec is None or not spec.submodule_search_locations:
        raise NotFound("file", "plotly.min.js", "Install the pinned plotly package (`make install`).")
    path = FsPath(next(iter(spec.submodule_search_locations))) / "package_data" / "plotly.min.js"
    if not path.is_file():
        raise NotFound("file", "plotly.min.js", "Install the pinned plotly package (`make install`).")
    return FileResponse(
        path, media_type="text/javascript", headers={"Cache-Control": "public, max-age=86400"}
    )


@router.get("/", response_class=HTMLResponse)
def index(
    request: Request,
    store: StoreDep,
    q: Annotated[str | None, Query(max_length=500)] = None,
    outlet: Text = None,
    date_from: DateFrom = None,
    date_to: DateTo = None,
    hide_copies: bool = False,
    page: PageNo = 1,
    limit: Annotated[int, Query(ge=1, le=100)] = PER_PAGE,
) -> HTMLResponse:
    items, total = queries.search_articles(
        store,
        q=blank(q),
        outlet=blank(outlet),
        date_from=date_from.isoformat() if date_from else None,
        date_to=date_to.isoformat() if date_to else None,
        hide_copies=hide_copies,
        limit=limit,
        offset=(page - 1) * limit,
    )
    filters = {
        "q": q or "",
        "outlet": outlet or "",
        "date_from": date_from.isoformat() if date_from else "",
        "date_to": date_to.isoformat() if date_to else "",
        "hide_copies": "1" if hide_copies else "",
    }
    return _page(
        request,
        "index.html",
        articles=items,
        pager=_pager(request, page, total, limit),
        filters=filters,
        filtered=any(filters.values()),
    )


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(
    request: Request,
    store: StoreDep,
    article_id: str,
    at: Annotated[
        str | None, Query(pattern=r"^\d{1,9}-\d{1,9}$", description="START-END to point at")
    ] = None,
    claims: Annotated[
        str, Query(pattern="^(notable|all)$", description="Which claims to underline")
    ] = "notable",
) -> HTMLResponse:
    article = store.get_article(article_id)
    if article is None:
        raise NotFound("article", article_id, "Find articles from the search on the front page.")
    target = tuple(int(x) for x in at.split("-")) if at else None
    body = render_article(
        article.text,
        queries.article_highlights(article),
        target=(target[0], target[1]) if target else None,
    )
    facts = views.article_facts(article)
    removed: dict[str, list[Removed]] = {}
    for r in article.removed:
        removed.setdefault(r.kind, []).append(r)
    return _page(
        request,
        "article.html",
        article=article,
        body=body,
        facts=facts,
        removed=removed,
        syndication=queries.get_syndication(store, article.id),
        revisions=queries.list_revisions(store, article_id=article.id),
        groups=sources.article_groups(article),
        all_claims=claims == "all",
        notable=sources.notable_claims(article),
    )


@router.get("/metrics", response_class=HTMLResponse)
def metrics_page(request: Request, store: StoreDep, category: Text = None, page: PageNo = 1) -> HTMLResponse:
    items, total = queries.list_metrics(store, category=blank(category), limit=50, offset=(page - 1) * 50)
    return _page(
        request,
        "metrics.html",
        metrics=items,
        category=category or "",
        pager=_pager(request, page, total, 50),
    )


@router.get("/metrics/{metric_id}", response_class=HTMLResponse)
def metric_page(request: Request, store: StoreDep, metric_id: str) -> HTMLResponse:
    timeline = queries.get_metric(store, metric_id)
    if timeline is None:
        raise NotFound("metric", metric_id, "See /metrics for the list of metrics.")
    return _page(
        request,
        "metric.html",
        timeline=timeline,
        chart=views.timeline_chart(timeline),
        revisions=queries.list_revisions(store, metric_id=metric_id),
    )


@router.get("/metrics/{metric_id}/points.csv")
def metric_csv(store: StoreDep, metric_id: str) -> Response:
    """Every point of a metric's timeline as CSV (chains as JSON arrays, like the exports)."""
    timeline = queries.get_metric(store, metric_id)
    if timeline is None:
        raise NotFound("metric", metric_id, "See /metrics for the list of metrics.")
    return _csv(views.metric_csv_rows(timeline), f"metric-{metric_id}.csv")


@router.get("/source", response_class=HTMLResponse)
def source_page(
    request: Request, store: StoreDep, name: Annotated[str, Query(max_length=300)] = ""
) -> HTMLResponse:
    report = sources.source_report(store, name)
    if report is None or not (report.rows or report.quotes):
        raise NotFound("source", name, "Follow a source's name from an article's facts panel or a chain.")
    return _page(request, "source.html", report=report, csv_url="/source.csv?" + urlencode({"name": name}))


@router.get("/source.csv")
def source_csv(store: StoreDep, name: Annotated[str, Query(max_length=300)] = "") -> Response:
    report = sources.source_report(store, name)
    if report is None or not report.rows:
        raise NotFound("source", name, "Follow a source's name from an article's facts panel or a chain.")
    slug = "".join(ch if ch.isalnum() else "-" for ch in report.name.lower())[:60].strip("-") or "source"
    return _csv(sources.csv_rows(report), f"source-{slug}.csv", columns=sources.CSV_COLUMNS)


def _csv(rows: list[dict[str, Any]], filename: str, columns: tuple[str, ...] | None = None) -> Response:
    import csv
    import io

    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(columns or (rows[0] if rows else ())))
    writer.writeheader()
    writer.writerows(rows)
    return Response(
        buf.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@router.get("/claims", response_class=HTMLResponse)
def clusters_page(
    request: Request,
    store: StoreDep,
    min_reports: Annotated[int, Query(ge=1, le=100000, description="At least this many articles")] = 2,
    min_independent: Annotated[
        int, Query(ge=1, le=100000, description="At least this many independent sources")
    ] = 1,
    page: PageNo = 1,
) -> HTMLResponse:
    items, total = queries.list_clusters(
        store,
        min_reports=min_reports,
        min_independent=min_independent,
        limit=PER_PAGE,
        offset=(page - 1) * PER_PAGE,
    )
    return _page(
        request,
        "clusters.html",
        clusters=items,
        min_reports=min_reports,
        min_independent=min_independent,
        pager=_pager(request, page, total, PER_PAGE),
    )


@router.get("/claims/{claim_id}", response_class=HTMLResponse)
def claim_page(request: Request, store: StoreDep, claim_id: str) -> HTMLResponse:
    found = queries.get_claim(store, claim_id) if ":" in claim_id else None
    if found is None:
        raise NotFound(
            "claim", claim_id, "A claim id is <article id>:<claim id>; follow the links on an article."
        )
    member, cluster = found
    return _page(request, "claim.html", claim=member, cluster=cluster)


@router.get("/clusters/{cluster_id}", response_class=HTMLResponse)
def cluster_page(request: Request, store: StoreDep, cluster_id: str) -> HTMLResponse:
    cluster = queries.get_cluster(store, cluster_id)
    if cluster is None:
        raise NotFound("claim cluster", cluster_id, "See /claims for the claims reported by several outlets.")
    return _page(request, "claim.html", claim=cluster.first, cluster=cluster)


@router.get("/contradictions", response_class=HTMLResponse)
def contradictions_page(
    request: Request,
    store: StoreDep,
    metric_id: Annotated[str | None, Query(max_length=128)] = None,
    page: PageNo = 1,
) -> HTMLResponse:
    items, total = queries.list_contradictions(
        store, metric_id=blank(metric_id), limit=PER_PAGE, offset=(page - 1) * PER_PAGE
    )
    return _page(
        request,
        "contradictions.html",
        contradictions=items,
        metric_id=metric_id or "",
        pager=_pager(request, page, total, PER_PAGE),
    )


@router.get("/entities", response_class=HTMLResponse)
def entities_page(
    request: Request,
    store: StoreDep,
    label: Annotated[str | None, Query(max_length=20)] = None,
    q: Text = None,
    page: PageNo = 1,
) -> HTMLResponse:
    items, total = queries.list_entities(
        store, label=blank(label), q=blank(q), limit=50, offset=(page - 1) * 50
    )
    return _page(
        request,
        "entities.html",
        entities=items,
        labels=ENTITY_LABELS,
        label=label or "",
        q=q or "",
        pager=_pager(request, page, total, 50),
    )
