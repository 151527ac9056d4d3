"""What every request handler reads: the app's catalog, runner and settings, and replies."""

from __future__ import annotations

from typing import Any, Final

import attrs
from starlette.requests import Request
from starlette.responses import Response

from ._catalog import Catalog
from ._formats import MEDIA_TYPES
from ._jobs import Runner
from ._problems import PROBLEM_TYPES, ProblemError
from ._service import Output
from ._settings import ServiceSettings

__all__ = ["AppState", "base", "choose_format", "reply", "state", "wants_html"]

_ACCEPT: Final = {
    "application/json": "json",
    MEDIA_TYPES["xlsx"]: "xlsx",
    "text/csv": "csv",
    "text/markdown": "md",
    "text/plain": "text",
    "application/yaml": "yaml",
}


@attrs.frozen
class AppState:
    """One worker process's fixed state (nothing here changes between requests)."""

    settings: ServiceSettings
    catalog: Catalog
    runner: Runner
    openapi: dict[str, Any] = attrs.field(eq=False, repr=False)


def state(request: Request) -> AppState:
    """The app's state."""
    found: AppState = request.app.state.assessment_rules
    return found


def base(request: Request) -> str:
    """The path prefix the app is mounted under (behind a proxy), for links on pages."""
    return str(request.scope.get("root_path", "")).rstrip("/")


def wants_html(request: Request) -> bool:
    """Whether the client is a browser navigating (errors then come as a page)."""
    return "text/html" in request.headers.get("accept", "")


def choose_format(request: Request, allowed: tuple[str, ...], default: str) -> str:
    """The ``format`` query parameter, else the first ``Accept`` type offered, else *default*.

    Raises:
        ProblemError: 400 when ``format`` names a format not in *allowed*.
    """
    asked = request.query_params.get("format")
    if asked is not None:
        if asked not in allowed:
            raise ProblemError(
                400,
                "bad-request",
                PROBLEM_TYPES["bad-request"][0],
                f"不支持的格式 {asked!r}（可用：{'、'.join(allowed)}）",
                [{"field": "format", "value": asked, "expectation": "、".join(allowed)}],
            )
        return asked
    for part in request.headers.get("accept", "").split(","):
        found = _ACCEPT.get(part.split(";", 1)[0].strip().lower())
        if found in allowed:
            return found
    return default


def reply(output: Output) -> Response:
    """A response for *output*; downloads carry an ASCII file name (ids are ASCII)."""
    headers = {}
    if output.filename is not None:
        headers["Content-Disposition"] = f'attachment; filename="{output.filename}"'
    return Response(output.body, media_type=output.media_type, headers=headers)
