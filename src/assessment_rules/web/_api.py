"""The JSON API under ``/api``: one endpoint per CLI command, the same results.

Every handler reads its input on the event loop (bounded by the body limit), then runs
the library in a scoring thread under the time limit (:class:`~._jobs.Runner`).
"""

from __future__ import annotations

import datetime as _dt
from decimal import Decimal
from pathlib import Path

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from ..calendar import DateExpressionError, parse_date
from ..engine._numbers import as_decimal
from ..io import result_schema
from . import _service as service
from ._formats import SCORE_FORMATS
from ._problems import PROBLEM_TYPES, ProblemError
from ._state import choose_format, reply, state
from ._uploads import Upload, read_submission

__all__ = ["API_ROUTES"]

_TEXT_FORMATS = ("json", "md", "text")


def _bad(field: str, value: object, expectation: str) -> ProblemError:
    return ProblemError(
        400,
        "bad-request",
        PROBLEM_TYPES["bad-request"][0],
        f"参数 {field}={value!r} 不合要求：须为{expectation}",
        [{"field": field, "value": value, "expectation": expectation}],
    )


def _day(request: Request) -> _dt.date:
    text = request.query_params.get("as_of")
    if not text:
        return _dt.date.today()
    try:
        return parse_date(text)
    except DateExpressionError:
        raise _bad("as_of", text, "日期，如 2024-10-01") from None


def _number(request: Request, name: str) -> Decimal | None:
    text = request.query_params.get(name)
    if text is None or text == "":
        return None
    try:
        return as_decimal(text)
    except (TypeError, ValueError):
        raise _bad(name, text, "数字，如 10 或 0.5") from None


async def list_rulebooks(request: Request) -> Response:
    """The rulebooks on offer, as ``assessment-rules list --format json``."""
    records = [
        {
            "id": rulebook_id,
            "title": entry.rulebook.title,
            "year": entry.rulebook.year,
            "points": format(entry.rulebook.points, "f"),
            # A user rulebook is named by its file name, not by its path on the server.
            "source": "bundled" if entry.origin == "bundled" else Path(entry.origin).name,
        }
        for rulebook_id, entry in state(request).catalog.entries.items()
    ]
    return JSONResponse(records)


async def show_rulebook(request: Request) -> Response:
    """A rulebook's outline, facts and grades, as ``assessment-rules show``."""
    app = state(request)
    book = app.catalog.get(request.path_params["rulebook"])
    fmt = choose_format(request, _TEXT_FORMATS, "json")
    return reply(await app.runner.run(lambda: service.outline(book, fmt)))


async def template(request: Request) -> Response:
    """An empty evidence form, as ``assessment-rules template``."""
    app = state(request)
    book = app.catalog.get(request.path_params["rulebook"])
    fmt = choose_format(request, ("xlsx", "csv", "yaml"), "xlsx")
    units_text = request.query_params.get("units") or None
    if units_text is not None and not units_text.isdigit():
        raise _bad("units", units_text, "正整数")
    count = int(units_text) if units_text is not None else None
    given = request.query_params.getlist("unit")
    layout = request.query_params.get("layout") or "columns"
    office = request.query_params.get("office") or None
    output = await app.runner.run(lambda: service.template(book, fmt, count, given, layout, office))
    return reply(output)


async def validate(request: Request) -> Response:
    """Check evidence the way scoring does, without scores."""
    app = state(request)
    book = app.catalog.get(request.path_params["rulebook"])
    sent = await read_submission(
        request, app.settings, ("evidence",), json_field="evidence", required=("evidence",)
    )
    found = await app.runner.run(lambda: service.validate(book, sent.files("evidence")))
    return JSONResponse(found)


async def score(request: Request) -> Response:
    """Score uploaded evidence; the CLI's JSON result, or xlsx, csv or md."""
    app = state(request)
    book = app.catalog.get(request.path_params["rulebook"])
    fmt = choose_format(request, SCORE_FORMATS, "json")
    sent = await read_submission(
        request, app.settings, ("evidence",), json_field="evidence", required=("evidence",)
    )
    uploads = sent.files("evidence")
    output = await app.runner.run(lambda: service.render_cohort(service.score(book, uploads), fmt))
    return reply(output)


async def explain(request: Request) -> Response:
    """One unit's whole ledger, as ``assessment-rules explain``."""
    app = state(request)
    book = app.catalog.get(request.path_params["rulebook"])
    wanted = request.query_params.get("unit")
    if not wanted:
        raise _bad("unit", wanted, "单位代码或名称")
    fmt = choose_format(request, _TEXT_FORMATS, "json")
    sent = await read_submission(
        request, app.settings, ("evidence",), json_field="evidence", required=("evidence",)
    )
    uploads = sent.files("evidence")
    return reply(await app.runner.run(lambda: service.explain(book, uploads, wanted, fmt)))


async def compare(request: Request) -> Response:
    """Self-evaluation (``self``) against the assessor's evidence (``assessor``)."""
    app = state(request)
    book = app.catalog.get(request.path_params["rulebook"])
    sent = await read_submission(
        request, app.settings, ("self", "assessor"), required=("self", "assessor")
    )
    mine, theirs = sent.files("self"), sent.files("assessor")
    return JSONResponse(await app.runner.run(lambda: service.compare(book, mine, theirs)))


async def diff(request: Request) -> Response:
    """What changed between two rulebooks, as ``assessment-rules diff``."""
    app = state(request)
    names = {key: request.query_params.get(key) for key in ("old", "new")}
    for key, value in names.items():
        if not value:
            raise _bad(key, value, "细则代码")
    old = app.catalog.get(str(names["old"]))
    new = app.catalog.get(str(names["new"]))
    fmt = choose_format(request, _TEXT_FORMATS, "json")
    return reply(await app.runner.run(lambda: service.diff(old, new, fmt)))


async def plans(request: Request) -> Response:
    """The bundled work plans and assessment calendars."""
    return JSONResponse(await state(request).runner.run(service.plans))


async def tasks(request: Request) -> Response:
    """A work plan's tasks and their status, as ``assessment-rules tasks``."""
    app = state(request)
    plan = request.path_params["plan"]
    day = _day(request)
    unit = request.query_params.get("unit") or None
    points, late = _number(request, "points"), _number(request, "late_credit")
    fmt = choose_format(request, _TEXT_FORMATS, "json")
    files: tuple[Upload, ...] = ()
    if request.method == "POST":
        files = (await read_submission(request, app.settings, ("progress",))).files("progress")
    output = await app.runner.run(
        lambda: service.tasks_view(plan, day, unit, points, late, files, fmt)
    )
    return reply(output)


async def calendar(request: Request) -> Response:
    """What is due when and what is late, as ``assessment-rules calendar``."""
    app = state(request)
    plan = request.path_params["plan"]
    day = _day(request)
    fmt = choose_format(request, _TEXT_FORMATS, "json")
    files: tuple[Upload, ...] = ()
    field = None
    if request.method == "POST":
        sent = await read_submission(request, app.settings, ("progress", "submissions"))
        if sent.files("progress") and sent.files("submissions"):
            raise _bad("submissions", "…", "progress 与 submissions 之一")
        field = "progress" if sent.files("progress") else "submissions"
        files = sent.files(field)
    output = await app.runner.run(lambda: service.calendar_view(plan, day, files, field, fmt))
    return reply(output)


async def openapi(request: Request) -> Response:
    """The OpenAPI 3.1 document."""
    return JSONResponse(state(request).openapi)


async def schema(request: Request) -> Response:
    """The result's JSON Schema, as the CLI ships it."""
    return JSONResponse(result_schema(), media_type="application/schema+json")


async def health(request: Request) -> Response:
    """Liveness: the process answers."""
    return JSONResponse({"status": "ok"})


API_ROUTES = [
    Route("/api/rulebooks", list_rulebooks, methods=["GET"]),
    Route("/api/rulebooks/{rulebook}", show_rulebook, methods=["GET"]),
    Route("/api/rulebooks/{rulebook}/template", template, methods=["GET"]),
    Route("/api/rulebooks/{rulebook}/validate", validate, methods=["POST"]),
    Route("/api/rulebooks/{rulebook}/score", score, methods=["POST"]),
    Route("/api/rulebooks/{rulebook}/explain", explain, methods=["POST"]),
    Route("/api/rulebooks/{rulebook}/compare", compare, methods=["POST"]),
    Route("/api/diff", diff, methods=["GET"]),
    Route("/api/plans", plans, methods=["GET"]),
    Route("/api/plans/{plan}/tasks", tasks, methods=["GET", "POST"]),
    Route("/api/plans/{plan}/calendar", calendar, methods=["GET", "POST"]),
    Route("/openapi.json", openapi, methods=["GET"]),
    Route("/schemas/result.schema.json", schema, methods=["GET"]),
    Route("/healthz", health, methods=["GET"]),
]
