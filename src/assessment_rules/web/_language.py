"""The language of a request's messages, from its ``Accept-Language`` header.

The page and the API render the library's messages (every evidence problem) in the
language the client prefers among Chinese and English; without a header naming one,
the service's default applies (``ASSESSMENT_RULES_LANG``, else Chinese). The choice is
a context variable set for the request only: the scoring thread gets a copy of the
request's context (see ``_jobs``), and other requests are not affected.
"""

from __future__ import annotations

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from .._i18n import language_from_accept, reset_language, set_language

__all__ = ["AcceptLanguage"]


class AcceptLanguage:
    """ASGI middleware: render the request's messages in its preferred language."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        language = None
        if scope["type"] == "http":
            language = language_from_accept(Headers(scope=scope).get("accept-language", ""))
        if language is None:
            await self.app(scope, receive, send)
            return
        token = set_language(language)
        try:
            await self.app(scope, receive, send)
        finally:
            reset_language(token)
