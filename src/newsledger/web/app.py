"""The web application: JSON API under /api (OpenAPI at /docs, /openapi.json) and HTML pages.

``create_app(db)`` opens the store once; every request reads through it. The app
serves GET only: there is no route that writes.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request, Response
from fastapi.staticfiles import StaticFiles

from newsledger import __version__
from newsledger.config import settings
from newsledger.errors import StoreError
from newsledger.reconcile import reconcile
from newsledger.store.repo import Store
from newsledger.web import api, errors, pages

STATIC_DIR = Path(__file__).with_name("static")

# Pages run only our own scripts; plotly needs inline styles. /docs (Swagger UI) is left alone.
_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)

DESCRIPTION = """
Read-only access to a newsledger database: articles with every figure, quote and claim
(the extraction contract, `GET /api/articles/{id}`), figures across articles, metrics with
their timelines, claim clusters with their first reporter, contradictions and entities.

Errors are JSON: `{"error": {"status": 404, "message": "...", "hint": "..."}}`.
List routes take `limit` and `offset` and return `{"items": [...], "total", "limit", "offset"}`.
"""


def _open_store(db: str | None, read_only: bool) -> Store:
    path = db or settings().db
    if read_only and "://" not in path and not Path(path).expanduser().is_file():
        raise StoreError(
            f"no database at {path!r}",
            hint="Build one first (`newsledger extract examples/ --db FILE`), then pass --db FILE.",
        )
    return Store(path)


def datasette_url(db: str, given: str | None = None) -> str:
    """Where Datasette serves the same file: ``given``, else ``datasette FILE -p 8001``'s address."""
    if given:
        return given
    name = Path(db.split("///")[-1]).stem if "://" in db else Path(db).stem
    return f"http://127.0.0.1:8001/{name}"


def create_app(db: str | None = None, *, read_only: bool = True, datasette: str | None = None) -> FastAPI:
    """The FastAPI app serving the database ``db`` (default: ``NEWSLEDGER_DB`` or ``newsledger.db``).

    With ``read_only`` (the default) a missing SQLite file is an error rather than a new empty database.
    """
    store = _open_store(db, read_only)
    if store.needs_reconcile:  # an upgrade emptied the derived ledger: rebuild it from the stored facts
        reconcile(store)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        store.close()

    app = FastAPI(
        title="newsledger",
        version=__version__,
        description=DESCRIPTION,
        docs_url=None,  # served below from local assets, so /docs works offline
        redoc_url=None,
        openapi_url="/openapi.json",
        lifespan=lifespan,
    )
    app.state.store = store
    app.state.read_only = read_only
    app.state.datasette = datasette_url(db or settings().db, datasette)
    errors.install(app, pages.render_error)

    @app.middleware("http")
    async def _headers(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        response = await call_next(request)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        if response.headers.get("content-type", "").startswith("text/html") and request.url.path != "/docs":
            response.headers.setdefault("Content-Security-Policy", _CSP)
        return response

    app.include_router(api.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    _local_docs(app)
    return app


def _local_docs(app: FastAPI) -> None:
    """/docs: Swagger UI from the assets the swagger-ui-bundle package ships (no CDN, works offline)."""
    from fastapi.openapi.docs import get_swagger_ui_html
    from fastapi.responses import HTMLResponse
    from swagger_ui_bundle import swagger_ui_path

    app.mount("/docs-assets", StaticFiles(directory=swagger_ui_path), name="docs-assets")

    @app.get("/docs", include_in_schema=False)
    async def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url="/openapi.json",
            title="newsledger API",
            swagger_js_url="/docs-assets/swagger-ui-bundle.js",
            swagger_css_url="/docs-assets/swagger-ui.css",
            swagger_favicon_url="/docs-assets/favicon-32x32.png",
        )


def serve(
    db: str | None = None, host: str = "127.0.0.1", port: int = 8000, datasette: str | None = None
) -> None:
    """Run the app with uvicorn until interrupted (``newsledger serve``)."""
    import uvicorn

    app = create_app(db, datasette=datasette)
    print(f"newsledger: serving {app.state.store.url} on http://{host}:{port}/  (API docs: /docs)")
    print(f"  raw tables in Datasette (linked from every page): {app.state.datasette}")
    uvicorn.run(app, host=host, port=port, log_level="info")
