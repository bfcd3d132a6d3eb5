"""Errors as responses: JSON ``{"error": {"status", "message", "hint"}}`` under /api, an HTML page elsewhere.

No traceback or exception text of an unexpected error ever reaches the client; it goes to the log.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from newsledger.errors import NewsledgerError, StoreError

log = logging.getLogger("newsledger.web")

_DEFAULT_HINTS = {
    400: "Check the request.",
    404: "Check the id; list what exists with the matching /api list route.",
    405: "The ledger is read-only: only GET requests are served.",
    422: "Fix the parameter named in the message; see /docs for every route's parameters.",
    500: "This is a bug in newsledger; the server log has the details.",
    503: "The database could not be read; check the --db path and that the file is a newsledger database.",
}


class NotFound(Exception):
    """An unknown id: 404 with a message naming it."""

    def __init__(self, what: str, ident: str, hint: str | None = None) -> None:
        super().__init__(f"no {what} with id {ident!r}")
        self.message = f"no {what} with id {ident!r}"
        self.hint = hint or _DEFAULT_HINTS[404]


def error_body(status: int, message: str, hint: str | None = None) -> dict[str, Any]:
    return {"error": {"status": status, "message": message, "hint": hint or _DEFAULT_HINTS.get(status, "")}}


def _wants_json(request: Request) -> bool:
    return request.url.path == "/api" or request.url.path.startswith("/api/")


# The HTML error page (``pages.render_error``): passed in by the app, so this module imports no page.
HtmlErrorPage = Callable[[Request, int, str, str], Response]


def _respond(request: Request, status: int, message: str, hint: str | None, html: HtmlErrorPage) -> Response:
    if _wants_json(request):
        return JSONResponse(error_body(status, message, hint), status_code=status)
    return html(request, status, message, hint or _DEFAULT_HINTS.get(status, ""))


def validation_message(errors: Sequence[Any]) -> str:
    """One readable sentence per invalid parameter: ``limit (query): must be <= 200``."""
    parts = []
    for err in errors:
        loc = [str(x) for x in err.get("loc", ())]
        where = loc[0] if loc else "request"
        name = ".".join(loc[1:]) or where
        msg = str(err.get("msg", "invalid value"))
        parts.append(f"{name} ({where}): {msg}")
    return "invalid parameter: " + "; ".join(parts) if parts else "invalid request"


def install(app: FastAPI, html: HtmlErrorPage) -> None:
    """Register the handlers on ``app``; ``html`` renders the error page outside /api."""

    @app.exception_handler(NotFound)
    async def _not_found(request: Request, exc: NotFound) -> Response:
        return _respond(request, 404, exc.message, exc.hint, html)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        return _respond(request, 422, validation_message(exc.errors()), None, html)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        status = exc.status_code
        if status == 404:
            message = f"no such page: {request.url.path}"
            hint = "See / for the ledger, /docs for the API."
        else:
            message, hint = str(exc.detail), None
        response = _respond(request, status, message, hint, html)
        if exc.headers:
            response.headers.update(exc.headers)
        return response

    @app.exception_handler(StoreError)
    async def _store(request: Request, exc: StoreError) -> Response:
        log.error("store error on %s: %s", request.url.path, exc)
        return _respond(request, 503, "the database could not be read", exc.hint, html)

    @app.exception_handler(NewsledgerError)
    async def _newsledger(request: Request, exc: NewsledgerError) -> Response:
        return _respond(request, 400, exc.message, exc.hint, html)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unexpected error on %s", request.url.path)
        return _respond(request, 500, "internal server error", None, html)
