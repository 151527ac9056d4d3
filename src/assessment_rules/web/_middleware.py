"""Two gates every request passes first: the body size limit and the optional token.

Both are plain ASGI middleware, so they act before any routing or parsing: a body
announced as too large is refused before a byte of it is read, and one that grows past
the limit while streaming stops there.
"""

from __future__ import annotations

import hmac
from typing import Final
from urllib.parse import quote

from starlette.datastructures import Headers
from starlette.requests import cookie_parser
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ._problems import PROBLEM_MEDIA_TYPE, PROBLEM_TYPES, ProblemError, problem_body

__all__ = ["TOKEN_COOKIE", "BodyLimit", "TokenGate", "too_large"]

TOKEN_COOKIE: Final = "assessment_rules_token"
"""The cookie the login page sets, for browsers (which cannot add a bearer header)."""
_OPEN_PATHS: Final = ("/healthz", "/static/", "/problems/", "/login")


def too_large(limit: int) -> ProblemError:
    """The 413 problem for a body over *limit* bytes."""
    return ProblemError(
        413,
        "body-too-large",
        PROBLEM_TYPES["body-too-large"][0],
        f"请求正文超过了 {limit / 2**20:g} MiB 的上限",
    )


def _problem_response(error: ProblemError, scope: Scope) -> Response:
    return JSONResponse(
        problem_body(error, str(scope.get("path", ""))),
        status_code=error.status,
        media_type=PROBLEM_MEDIA_TYPE,
        headers=error.headers,
    )


class BodyLimit:
    """Refuse request bodies larger than *limit* bytes with 413 problem details."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = Headers(scope=scope).get("content-length", "")
        if length.isdigit() and int(length) > self.limit:
            await _problem_response(too_large(self.limit), scope)(scope, receive, send)
            return
        received = 0

        async def limited() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    # Raised inside the endpoint that reads the body; its handler answers.
                    raise too_large(self.limit)
            return message

        await self.app(scope, limited, send)


class TokenGate:
    """When a token is set, let through only requests that carry it.

    A client sends ``Authorization: Bearer <token>``; a browser logs in once on
    ``/login``, which sets an HttpOnly, SameSite=Strict cookie with the token. The
    health check, static files, problem-type pages and the login page stay open.
    Tokens are compared in constant time.
    """

    def __init__(self, app: ASGIApp, token: str | None) -> None:
        self.app = app
        self.token = token

    def _carries(self, headers: Headers) -> bool:
        assert self.token is not None
        expected = self.token.encode("utf-8")
        scheme, _, given = headers.get("authorization", "").partition(" ")
        if scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode(), expected):
            return True
        cookie = cookie_parser(headers.get("cookie", "")).get(TOKEN_COOKIE, "")
        return bool(cookie) and hmac.compare_digest(cookie.encode("utf-8"), expected)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        root = str(scope.get("root_path", ""))
        path = str(scope.get("path", ""))
        path = path[len(root) :] if root and path.startswith(root) else path
        if scope["type"] != "http" or not self.token or path.startswith(_OPEN_PATHS):
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        if self._carries(headers):
            await self.app(scope, receive, send)
            return
        response: Response
        if scope.get("method") == "GET" and "text/html" in headers.get("accept", ""):
            response = RedirectResponse(f"{root}/login?next={quote(path)}", status_code=303)
        else:
            response = _problem_response(
                ProblemError(
                    401,
                    "unauthorized",
                    PROBLEM_TYPES["unauthorized"][0],
                    "缺少或令牌不正确：请在请求头中给出 Authorization: Bearer <令牌>",
                    headers={"WWW-Authenticate": 'Bearer realm="assessment-rules"'},
                ),
                scope,
            )
        await response(scope, receive, send)
