"""The assessors' web page: plain server-rendered HTML in Chinese.

``/`` lists the rulebooks; ``/rulebooks/{id}`` offers the form to download, the upload
of the filled files, and the outline; posting the files to ``/rulebooks/{id}/result``
gives the ranking with grades and each unit's 失分原因, 整改清单 and ledger (a fragment
with ``?fragment=1``, which the page's script puts in place). The download buttons post
the same files to the API (``/api/rulebooks/{id}/score?format=xlsx``), so nothing is
kept on the server between two requests.
"""

from __future__ import annotations

import hmac
from typing import Final

from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from . import _service as service
from ._html import render
from ._middleware import TOKEN_COOKIE
from ._problems import PROBLEM_TYPES, ProblemError
from ._state import base, state
from ._uploads import read_submission
from ._views import catalog_view, result_view, rulebook_view

__all__ = ["PAGE_ROUTES"]

_SECURITY_HEADERS: Final = {
    # The pages load only their own script and style; nothing may frame them.
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "frame-ancestors 'none'; form-action 'self'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


def page(html: str, status: int = 200) -> HTMLResponse:
    """An HTML page with the security headers every page carries."""
    return HTMLResponse(html, status_code=status, headers=_SECURITY_HEADERS)


async def home(request: Request) -> Response:
    """The rulebooks on offer."""
    rows = catalog_view(state(request).catalog)
    return page(render("index.html", base=base(request), rulebooks=rows))


async def rulebook_page(request: Request) -> Response:
    """One rulebook: download the form, upload the filled files, see the outline."""
    app = state(request)
    book = app.catalog.get(request.path_params["rulebook"])
    view = await app.runner.run(lambda: rulebook_view(book))
    return page(render("rulebook.html", base=base(request), book=view))


async def result_page(request: Request) -> Response:
    """Score the uploaded files and show the ranking and every unit's details."""
    app = state(request)
    book = app.catalog.get(request.path_params["rulebook"])
    sent = await read_submission(request, app.settings, ("evidence",), required=("evidence",))
    uploads = sent.files("evidence")
    name = "_result.html" if request.query_params.get("fragment") else "result.html"
    prefix = base(request)
    html = await app.runner.run(
        lambda: render(name, base=prefix, r=result_view(service.score(book, uploads)))
    )
    return page(html)


async def problem_type(request: Request) -> Response:
    """What a problem ``type`` means (the URI in every problem details object)."""
    kind = request.path_params["kind"]
    if kind not in PROBLEM_TYPES:
        raise ProblemError(404, "not-found", PROBLEM_TYPES["not-found"][0], "没有这种问题类别")
    title, text = PROBLEM_TYPES[kind]
    return page(render("problem_type.html", base=base(request), kind=kind, title=title, text=text))


def _next(target: str) -> str:
    # Only a path on this site: never an absolute or protocol-relative address.
    return target if target.startswith("/") and not target.startswith("//") else "/"


async def login_form(request: Request) -> Response:
    """The login page (only useful when the deployment sets a token)."""
    target = _next(request.query_params.get("next", "/"))
    return page(render("login.html", base=base(request), next=target, failed=False))


async def login(request: Request) -> Response:
    """Check the token and keep it in an HttpOnly cookie for this browser."""
    app = state(request)
    async with request.form(max_files=0, max_fields=5) as form:
        token = str(form.get("token", ""))
        target = _next(str(form.get("next", "/")))
    expected = app.settings.token or ""
    if not expected or not hmac.compare_digest(token.encode(), expected.encode()):
        html = render("login.html", base=base(request), next=target, failed=True)
        return page(html, status=401)
    response = RedirectResponse(base(request) + target, status_code=303)
    response.set_cookie(
        TOKEN_COOKIE,
        token,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
        path=base(request) or "/",
    )
    return response


PAGE_ROUTES = [
    Route("/", home, methods=["GET"]),
    Route("/rulebooks/{rulebook}", rulebook_page, methods=["GET"]),
    Route("/rulebooks/{rulebook}/result", result_page, methods=["POST"]),
    Route("/problems/{kind}", problem_type, methods=["GET"]),
    Route("/login", login_form, methods=["GET"]),
    Route("/login", login, methods=["POST"]),
]
