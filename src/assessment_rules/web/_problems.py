"""Errors as RFC 9457 problem details (``application/problem+json``).

Every error a client sees has one shape: ``type`` (a URI reference of the form
``/problems/<kind>``, whose page the service serves), ``title``, ``status``, ``detail``,
``instance``, and for input errors ``problems``: one object per mistake with its
``file``, ``line``/``sheet``/``cell`` (``location`` as written), ``unit``, ``fact``,
``value``, ``expectation``, ``paths`` (the clauses reading the fact), ``hint`` and the
whole ``message``. Uploaded files are named by the client's file name, never by the
server's temporary path, and no stack trace ever leaves the process.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any, Final

from ..engine._errors import AssessmentRulesError, EvidenceError, Problem

__all__ = [
    "PROBLEM_MEDIA_TYPE",
    "PROBLEM_TYPES",
    "ProblemError",
    "input_problem",
    "problem_body",
    "problem_items",
]

PROBLEM_MEDIA_TYPE: Final = "application/problem+json"

PROBLEM_TYPES: Final[Mapping[str, tuple[str, str]]] = {
    "invalid-evidence": (
        "证据有误",
        "上传或提交的证据不能评分：文件读不出、格式不对、取值不合要求、缺少必填事实、"
        "单位不存在或多个文件取值冲突。problems 列出每一个问题及其文件、行或单元格、单位与事实。",
    ),
    "invalid-input": (
        "输入有误",
        "进度、报送或其他输入文件有误，或查询参数不合要求；problems 列出每一个问题。",
    ),
    "missing-evidence": (
        "缺少证据",
        "请求中没有证据：用 multipart 字段 evidence 上传一个或多个文件，或提交 JSON 证据正文。",
    ),
    "unsupported-media-type": (
        "不支持的请求格式",
        "请求正文须为 multipart/form-data（上传文件）或 application/json（证据正文）。",
    ),
    "unknown-rulebook": ("没有这个考核细则", "路径中的考核细则代码不存在；detail 给出可用的代码。"),
    "unknown-plan": ("没有这个计划或日历", "路径中的工作计划或考核日历代码不存在。"),
    "unknown-unit": ("没有这个单位", "证据中没有该单位代码或名称。"),
    "bad-request": ("请求有误", "查询参数或表单字段不合要求。"),
    "not-found": ("没有这个地址", "请求的地址不存在。"),
    "method-not-allowed": ("不支持的请求方法", "该地址不支持此 HTTP 方法。"),
    "not-acceptable": ("无法提供所要的格式", "Accept 或 format 要求的输出格式不在支持之列。"),
    "body-too-large": (
        "请求过大",
        "请求正文超过服务的大小上限（默认 32 MiB，部署时可调）；请拆分证据或使用命令行。",
    ),
    "too-many-files": ("上传文件过多", "一次请求上传的文件数超过上限。"),
    "time-limit": (
        "处理超时",
        "读取和评分超过服务的时间上限；请拆分证据、稍后重试或使用命令行。",
    ),
    "unauthorized": (
        "需要令牌",
        "此服务要求 Authorization: Bearer <令牌>（网页上先登录）；令牌由部署者设置。",
    ),
    "internal": ("服务内部错误", "服务出错；错误已记录在服务端日志中。请求本身可能没有问题。"),
}
"""Each problem ``type`` (``/problems/<kind>``): its title and what it means (Chinese)."""


class ProblemError(Exception):
    """An error answered as problem details.

    Attributes:
        status: The HTTP status.
        kind: The problem type's slug (a key of :data:`PROBLEM_TYPES`).
        title: A short summary.
        detail: What went wrong in this request.
        problems: One object per mistake (see the module notes).
        headers: Extra response headers (``WWW-Authenticate``, ``Retry-After``).
    """

    def __init__(  # noqa: PLR0917 - the RFC's fields, in the RFC's order
        self,
        status: int,
        kind: str,
        title: str,
        detail: str,
        problems: Sequence[Mapping[str, Any]] = (),
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.kind = kind
        self.title = title
        self.detail = detail
        self.problems = [dict(problem) for problem in problems]
        self.headers = dict(headers or {})


def problem_body(error: ProblemError, instance: str) -> dict[str, Any]:
    """The problem details object of *error* for the request at *instance*.

    >>> body = problem_body(ProblemError(404, "not-found", "没有这个地址", "…"), "/x")
    >>> body["type"], body["status"], body["instance"]
    ('/problems/not-found', 404, '/x')
    """
    body: dict[str, Any] = {
        "type": f"/problems/{error.kind}",
        "title": error.title,
        "status": error.status,
        "detail": error.detail,
        "instance": instance,
    }
    if error.problems:
        body["problems"] = error.problems
    return body


def _json_value(value: object) -> Any:
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_json_value(item) for item in value]
    return str(value)


_LINE: Final = re.compile(r"^:?(\d+)\b|\bline (\d+)\b")
_SHEET: Final = re.compile(r"sheet '([^']*)'")
_CELL: Final = re.compile(r"\bcells? ([A-Z]{1,3}\d+(?::[A-Z]{1,3}\d+)?)\b")


def _place(where: str, files: Sequence[str]) -> dict[str, Any]:
    """``file``, ``location`` and, where they can be read, ``line``, ``sheet``, ``cell``."""
    for name in sorted(files, key=len, reverse=True):
        if where.startswith(name):
            rest = where[len(name) :].strip()
            location = rest.lstrip(":").strip()
            found: dict[str, Any] = {
                "file": name,
                "location": f"line {location}" if location.isdigit() else location,
            }
            line = _LINE.search(rest)
            if line:
                found["line"] = int(line.group(1) or line.group(2))
            sheet = _SHEET.search(rest)
            if sheet:
                found["sheet"] = sheet.group(1)
            cell = _CELL.search(rest)
            if cell:
                found["cell"] = cell.group(1)
            return found
    return {"file": None, "location": where}


def problem_items(
    problems: Iterable[Problem], files: Sequence[str], shown: Callable[[str], str]
) -> list[dict[str, Any]]:
    """One JSON object per problem, naming its file, place, unit, fact and clauses.

    Args:
        problems: The library's problems.
        files: The names files are shown by (longest match wins).
        shown: Rewrites server paths in a text to those names.

    >>> where = "a.xlsx sheet '证据' cell G20"
    >>> found = Problem("d1", "x", "三", "must be whole", source=where)
    >>> items = problem_items([found], ["a.xlsx"], str)
    >>> {k: items[0][k] for k in ("file", "sheet", "cell", "unit", "fact", "value")}
    {'file': 'a.xlsx', 'sheet': '证据', 'cell': 'G20', 'unit': 'd1', 'fact': 'x', 'value': '三'}
    """
    items = []
    for problem in problems:
        message = shown(str(problem))
        expectation = shown(problem.expectation)
        where = shown(problem.source)
        if not where and not problem.unit and not problem.fact:
            # A file that cannot be read at all: its name leads the sentence.
            head, separator, _ = expectation.partition(": ")
            where = head if separator else ""
        item: dict[str, Any] = _place(where, files) if where else {"file": None, "location": ""}
        item.update(
            {
                "unit": problem.unit or None,
                "fact": problem.fact or None,
                "value": _json_value(problem.value),
                "expectation": expectation,
                "paths": list(problem.paths),
                "hint": problem.hint,
                "message": message,
            }
        )
        items.append(item)
    return items


def _is_marker(problem: Problem) -> bool:
    return (
        not problem.unit
        and not problem.fact
        and problem.value is None
        and problem.expectation.startswith("…")
    )


def input_problem(
    error: AssessmentRulesError, files: Sequence[str] = (), shown: Callable[[str], str] = str
) -> ProblemError:
    """A library error about the client's input as a 422 problem listing every mistake.

    >>> problem = input_problem(EvidenceError([Problem("u", "x", None, "is missing")]))
    >>> problem.status, problem.kind, problem.problems[0]["fact"]
    (422, 'invalid-evidence', 'x')
    """
    if isinstance(error, EvidenceError):
        # evidence_error ends a cut list with a marker problem counting the rest.
        markers = [p for p in error.problems if _is_marker(p)]
        listed = [p for p in error.problems if not _is_marker(p)]
        items = problem_items(listed, files, shown)
        counted = [int(n) for m in markers for n in re.findall(r"\d+", m.expectation)[:1]]
        total = len(items) + sum(counted) + error.more
        more = f"（列出前 {len(items)} 个）" if total > len(items) else ""
        return ProblemError(
            422,
            "invalid-evidence",
            PROBLEM_TYPES["invalid-evidence"][0],
            f"证据中有 {total} 个问题{more}，每个问题列出文件、位置、单位与事实。",
            items,
        )
    item = {
        "file": None,
        "location": shown(error.path),
        "unit": None,
        "fact": error.field or None,
        "value": _json_value(error.value),
        "expectation": shown(error.expectation),
        "paths": [],
        "hint": error.hint,
        "message": shown(str(error)),
    }
    item.update({k: v for k, v in _place(shown(error.path), files).items() if v})
    return ProblemError(
        422, "invalid-input", PROBLEM_TYPES["invalid-input"][0], shown(str(error)), [item]
    )
