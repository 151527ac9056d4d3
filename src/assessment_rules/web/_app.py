"""The ASGI app: routes, gates, and one shape for every error.

Errors: a :class:`~._problems.ProblemError` is answered as problem details (or, for
a browser navigating, as a page listing the same problems); routing's 404 and 405 the
same way; anything unexpected is logged on the server with its traceback and answered
as a bare 500 ``internal`` problem, so no stack trace ever reaches a client.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from importlib import resources

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles

from ..calendar import bundled_plans
from ._api import API_ROUTES
from ._catalog import build_catalog
from ._html import render
from ._jobs import Runner
from ._language import AcceptLanguage
from ._middleware import BodyLimit, TokenGate
from ._openapi import openapi_document
from ._pages import PAGE_ROUTES, page
from ._problems import PROBLEM_MEDIA_TYPE, PROBLEM_TYPES, ProblemError, problem_body
from ._settings import ServiceSettings
from ._state import AppState, base, wants_html

__all__ = ["app_from_environment", "create_app"]

LOG = logging.getLogger("assessment_rules.web")


def _answer(request: Request, error: ProblemError) -> Response:
    if wants_html(request):
        name = "_problems.html" if request.query_params.get("fragment") else "problem.html"
        body = problem_body(error, request.url.path)
        return page(render(name, base=base(request), p=body), status=error.status)
    return JSONResponse(
        problem_body(error, request.url.path),
        status_code=error.status,
        media_type=PROBLEM_MEDIA_TYPE,
        headers=error.headers,
    )


async def _on_problem(request: Request, error: Exception) -> Response:
    assert isinstance(error, ProblemError)
    return _answer(request, error)


_HTTP_KINDS: Mapping[int, str] = {404: "not-found", 405: "method-not-allowed"}


async def _on_http(request: Request, error: Exception) -> Response:
    assert isinstance(error, HTTPException)
    kind = _HTTP_KINDS.get(error.status_code, "bad-request")
    title, text = PROBLEM_TYPES[kind]
    headers = dict(error.headers or {})
    return _answer(request, ProblemError(error.status_code, kind, title, text, headers=headers))


async def _on_crash(request: Request, error: Exception) -> Response:
    LOG.exception("unexpected error answering %s %s", request.method, request.url.path)
    title, text = PROBLEM_TYPES["internal"]
    return _answer(request, ProblemError(500, "internal", title, text))


def create_app(settings: ServiceSettings | None = None) -> Starlette:
    """Build the service for *settings* (by default, from the environment).

    Every rulebook is loaded here, so a broken user rulebook stops the start.

    Raises:
        RulebookError: A user rulebook folder is missing or a rulebook does not load.

    >>> from starlette.testclient import TestClient
    >>> with TestClient(create_app(ServiceSettings())) as client:
    ...     client.get("/healthz").json()
    {'status': 'ok'}
    """
    chosen = settings if settings is not None else ServiceSettings.from_environment()
    catalog = build_catalog(chosen.rulebook_dirs)
    runner = Runner(chosen)
    document = openapi_document(
        list(catalog.entries), list(bundled_plans()), token=bool(chosen.token)
    )
    shared = AppState(chosen, catalog, runner, document)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        runner.close()

    static = resources.files("assessment_rules.web").joinpath("static")
    app = Starlette(
        routes=[
            *API_ROUTES,
            *PAGE_ROUTES,
            Mount("/static", StaticFiles(directory=str(static)), name="static"),
        ],
        middleware=[
            Middleware(AcceptLanguage),
            Middleware(TokenGate, token=chosen.token),
            Middleware(BodyLimit, limit=chosen.max_body_bytes),
        ],
        exception_handlers={
            ProblemError: _on_problem,
            HTTPException: _on_http,
            Exception: _on_crash,
        },
        lifespan=lifespan,
    )
    app.state.assessment_rules = shared
    return app


def app_from_environment() -> Starlette:
    """The app for uvicorn's ``--factory`` (each worker process builds its own)."""
    return create_app(ServiceSettings.from_environment())
