"""What each endpoint does, as plain functions run in a scoring thread.

Each function does what the matching CLI command does, through the same library
calls, so the service and the CLI give the same bytes for the same input (the JSON
result, the workbooks, the explain and compare documents). Uploaded files are read
from a private :class:`~._uploads.Workspace`; messages and the result's ``evidence``
record name them by the client's file name.
"""

from __future__ import annotations

import datetime as _dt
import itertools
import json
from collections.abc import Callable, Mapping, Sequence
from contextlib import nullcontext
from decimal import Decimal
from pathlib import Path
from typing import Any, Final, TypeVar

import attrs

from .._i18n import use_language
from ..calendar import (
    AssessmentCalendar,
    Progress,
    WorkPlan,
    bundled_plans,
    load_plan,
    read_progress,
    read_submissions,
)
from ..cli._common import score_cohort
from ..cli._compare import comparisons_to_dict
from ..cli._outline import rulebook_dict, rulebook_outline, unit_outline
from ..cli._render import render_outline
from ..cli._tasks_render import (
    calendar_document,
    markdown,
    plan_calendar_document,
    table,
    tasks_document,
)
from ..cohorts._cohort import Cohort
from ..cohorts._compare import compare_cohorts
from ..cohorts._offices import Office
from ..engine._errors import AssessmentRulesError, EvidenceError, did_you_mean
from ..engine._rulebook import Rulebook
from ..io import EvidenceFile, EvidenceSet, dumps, iter_cohort_json, load_evidence, unit_to_dict
from ..io._templates import Layout, template_csv, template_xlsx, template_yaml
from ..io._writers import cohort_csv, cohort_markdown, cohort_xlsx
from ..yearly._diff import diff_rulebooks
from ._formats import MEDIA_TYPES, XLSX
from ._problems import PROBLEM_TYPES, ProblemError, input_problem, problem_items
from ._uploads import Upload, Workspace

__all__ = [
    "Output",
    "Scored",
    "calendar_view",
    "compare",
    "diff",
    "explain",
    "in_workspace",
    "outline",
    "plans",
    "render_cohort",
    "score",
    "tasks_view",
    "template",
    "validate",
]

T = TypeVar("T")

MAX_TEMPLATE_UNITS: Final = 5_000


@attrs.frozen
class Output:
    """A response body: bytes, media type, and a file name when it is a download."""

    body: bytes = attrs.field(repr=False)
    media_type: str
    filename: str | None = None


def _text(content: str, fmt: str, filename: str | None = None) -> Output:
    return Output(content.encode("utf-8"), MEDIA_TYPES[fmt], filename)


def _bad(detail: str, field: str, value: object, expectation: str) -> ProblemError:
    return ProblemError(
        400,
        "bad-request",
        PROBLEM_TYPES["bad-request"][0],
        detail,
        [{"field": field, "value": value, "expectation": expectation}],
    )


def in_workspace(uploads: Sequence[Upload], work: Callable[[Workspace, list[Path]], T]) -> T:
    """Write *uploads* to a private folder, run *work* on their paths, remove the folder.

    A library error about the input becomes a 422 problem naming the client's files.
    """
    workspace = Workspace()
    try:
        paths = [workspace.add(upload.name, upload.data) for upload in uploads]
        try:
            return work(workspace, paths)
        except AssessmentRulesError as error:
            raise input_problem(error, workspace.names, workspace.shown) from None
    finally:
        workspace.cleanup()


@attrs.frozen
class Scored:
    """A scored cohort with the rulebook and the evidence files as the client named them."""

    rulebook: Rulebook
    cohort: Cohort
    files: tuple[EvidenceFile, ...]


def _shown_files(evidence: EvidenceSet, workspace: Workspace) -> tuple[EvidenceFile, ...]:
    return tuple(attrs.evolve(f, path=workspace.shown(f.path)) for f in evidence.files)


def score(rulebook: Rulebook, uploads: Sequence[Upload]) -> Scored:
    """Read and merge the evidence files, validate every unit, score, rank and grade.

    The same calls as ``assessment-rules score``: ``load_evidence`` then
    ``score_cohort``.
    """

    def work(workspace: Workspace, paths: list[Path]) -> Scored:
        evidence = load_evidence(paths, rulebook)
        cohort = score_cohort(rulebook, evidence)
        return Scored(rulebook, cohort, _shown_files(evidence, workspace))

    return in_workspace(uploads, work)


def render_cohort(scored: Scored, fmt: str) -> Output:
    """The scored cohort in *fmt*: the CLI's ``score --format`` output, byte for byte."""
    book, cohort = scored.rulebook, scored.cohort
    name = f"{book.id}-result.{fmt}"
    if fmt == "json":
        pieces = itertools.chain(iter_cohort_json(cohort, book, scored.files), ("\n",))
        return _text("".join(pieces), "json")
    if fmt == "xlsx":
        return Output(cohort_xlsx(cohort, book), XLSX, name)
    if fmt == "csv":
        return Output(cohort_csv(cohort, book), MEDIA_TYPES["csv"], name)
    if fmt == "md":
        return _text(cohort_markdown(cohort, book), "md", name)
    raise _bad(f"不支持的格式 {fmt!r}", "format", fmt, "json、xlsx、csv 或 md")


def validate(rulebook: Rulebook, uploads: Sequence[Upload]) -> dict[str, Any]:
    """Check the evidence as scoring would, without returning scores."""
    scored = score(rulebook, uploads)
    return {
        "valid": True,
        "rulebook": rulebook.id,
        "units": [{"id": r.result.unit, "name": r.result.name} for r in scored.cohort.units],
        "evidence": [
            {"path": f.path, "format": f.format, "sha256": f.sha256, "units": f.units}
            for f in scored.files
        ],
    }


def explain(rulebook: Rulebook, uploads: Sequence[Upload], wanted: str, fmt: str) -> Output:
    """One unit's whole ledger, as ``assessment-rules explain --format json|md|text``."""

    def work(workspace: Workspace, paths: list[Path]) -> Output:
        evidence = load_evidence(paths, rulebook)
        try:
            unit = evidence.unit(wanted)
        except EvidenceError as error:
            items = problem_items(error.problems, workspace.names, workspace.shown)
            raise ProblemError(
                404,
                "unknown-unit",
                PROBLEM_TYPES["unknown-unit"][0],
                f"证据中没有单位 {wanted!r}",
                items,
            ) from None
        try:
            result = rulebook.evaluate(unit)
        except EvidenceError as error:
            raise evidence.locate(error) from None
        grade, note = result.grade, ""
        if rulebook.quota is not None:
            # As the CLI: the 优秀 quota applies only when every unit scores.
            try:
                ranked = score_cohort(rulebook, evidence).ranked(unit.unit)
                grade, note = ranked.grade, ranked.grade_note
            except EvidenceError:
                note = "其他单位的证据有误，未按优秀比例调整等次（以 score 的结果为准）"
        if fmt == "json":
            document = unit_to_dict(result, None, grade, note, rulebook=rulebook)
            return _text(dumps(document) + "\n", "json")
        # Markdown is a document to file: Chinese whatever the language (as the CLI).
        with use_language("zh") if fmt == "md" else nullcontext():
            rendered = render_outline(unit_outline(result, rulebook, grade, note), fmt, color=False)
        return _text(rendered, "md" if fmt == "md" else "text")

    return in_workspace(uploads, work)


def compare(rulebook: Rulebook, mine: Sequence[Upload], theirs: Sequence[Upload]) -> dict[str, Any]:
    """Self-evaluation against the assessor's evidence, as ``compare --format json``."""

    def work(workspace: Workspace, paths: list[Path]) -> dict[str, Any]:
        own = load_evidence(paths[: len(mine)], rulebook)
        assessor = load_evidence(paths[len(mine) :], rulebook)
        return comparisons_to_dict(compare_cohorts(rulebook, own.units, assessor.units), rulebook)

    return in_workspace([*mine, *theirs], work)


def outline(rulebook: Rulebook, fmt: str) -> Output:
    """The rulebook's tree, facts and grades, as ``assessment-rules show``."""
    if fmt == "json":
        return _text(json.dumps(rulebook_dict(rulebook), ensure_ascii=False, indent=2) + "\n", fmt)
    if fmt not in ("md", "text"):
        raise _bad(f"不支持的格式 {fmt!r}", "format", fmt, "json、md 或 text")
    with use_language("zh") if fmt == "md" else nullcontext():
        return _text(render_outline(rulebook_outline(rulebook), fmt, color=False), fmt)


def _office(rulebook: Rulebook, wanted: str | None) -> Office | None:
    if not wanted:
        return None
    offices = {office.id: office for office in rulebook.offices}
    if wanted in offices:
        return offices[wanted]
    choices = "、".join(f"{o.id}（{o.label}）" for o in rulebook.offices) or "无"
    raise _bad(
        f"{wanted!r} 不是细则 {rulebook.id} 的报送部门（可用：{choices}）",
        "office",
        wanted,
        did_you_mean(wanted, offices) or "细则划分的报送部门代码",
    )


def template(  # noqa: PLR0917 - the query's options, each with its default
    rulebook: Rulebook,
    fmt: str,
    count: int | None,
    given: Sequence[str],
    layout: str,
    office_id: str | None,
) -> Output:
    """An empty evidence form, as ``assessment-rules template``."""
    if count is not None and given:
        raise _bad("units 与 unit 只能给出一个", "units", count, "units=N 或 unit=ID=名称")
    if given:
        units = [(text.partition("=")[0].strip(), text.partition("=")[2].strip()) for text in given]
        ids = [unit for unit, _ in units]
        if any(not unit for unit in ids) or len(set(ids)) != len(ids):
            raise _bad("单位代码不能为空或重复", "unit", list(given), "各不相同的单位代码")
    else:
        total = count or 1
        if not 1 <= total <= MAX_TEMPLATE_UNITS:
            raise _bad(
                f"units 须在 1 到 {MAX_TEMPLATE_UNITS} 之间", "units", total, "1…5000 的整数"
            )
        width = len(str(total))
        units = [(f"unit-{index:0{width}d}", "") for index in range(1, total + 1)]
    if len(units) > MAX_TEMPLATE_UNITS:
        raise _bad(f"单位最多 {MAX_TEMPLATE_UNITS} 个", "unit", len(units), "更少的单位")
    if layout not in ("columns", "rows"):
        raise _bad(f"不支持的版式 {layout!r}", "layout", layout, "columns 或 rows")
    office = _office(rulebook, office_id)
    form_layout: Layout = "rows" if layout == "rows" else "columns"
    suffix = f"-{office.id}" if office else ""
    name = f"{rulebook.id}{suffix}-form.{fmt}"
    if fmt == "xlsx":
        return Output(template_xlsx(rulebook, units, form_layout, office), XLSX, name)
    if fmt == "csv":
        return Output(template_csv(rulebook, units, form_layout, office), MEDIA_TYPES["csv"], name)
    if fmt == "yaml":
        return _text(template_yaml(rulebook, units, office), "yaml", name)
    raise _bad(f"不支持的格式 {fmt!r}", "format", fmt, "xlsx、csv 或 yaml")


def diff(old: Rulebook, new: Rulebook, fmt: str) -> Output:
    """What changed from *old* to *new*, as ``assessment-rules diff``."""
    changes = diff_rulebooks(old, new)
    if fmt == "json":
        return _text(dumps(changes.as_dict()) + "\n", "json")
    if fmt == "md":
        return _text(changes.as_markdown(), "md")
    if fmt == "text":
        return _text(changes.as_text(), "text")
    raise _bad(f"不支持的格式 {fmt!r}", "format", fmt, "json、md 或 text")


def _plan(plan_id: str) -> WorkPlan | AssessmentCalendar:
    # Only bundled ids: a client never names a file on the server.
    plans = bundled_plans()
    if plan_id not in plans:
        hint = did_you_mean(plan_id, plans)
        raise ProblemError(
            404,
            "unknown-plan",
            PROBLEM_TYPES["unknown-plan"][0],
            f"计划或日历 {plan_id!r} 不存在（可用：{'、'.join(plans)}）"
            + (f"。{hint}" if hint else ""),
            [{"field": "plan", "value": plan_id, "hint": hint}],
        )
    return load_plan(plan_id)


def plans() -> list[dict[str, Any]]:
    """The bundled work plans and assessment calendars."""
    found = []
    for plan_id in bundled_plans():
        plan = load_plan(plan_id)
        found.append(
            {
                "id": plan.id,
                "title": plan.title,
                "year": plan.year,
                "kind": "workplan" if isinstance(plan, WorkPlan) else "calendar",
            }
        )
    return found


def _document_output(document: Mapping[str, Any], fmt: str) -> Output:
    if fmt == "json":
        return _text(dumps(dict(document)) + "\n", "json")
    if fmt == "md":
        return _text(markdown(document), "md")
    if fmt == "text":
        return _text(table(document, color=False), "text")
    raise _bad(f"不支持的格式 {fmt!r}", "format", fmt, "json、md 或 text")


def tasks_view(  # noqa: PLR0917 - the query's options
    plan_id: str,
    as_of: _dt.date,
    unit: str | None,
    points: Decimal | None,
    late_credit: Decimal | None,
    progress: Sequence[Upload],
    fmt: str,
) -> Output:
    """A work plan's tasks and their status, as ``assessment-rules tasks``."""
    plan = _plan(plan_id)
    if not isinstance(plan, WorkPlan):
        raise _bad(f"{plan_id} 是考核日历，请用 calendar", "plan", plan_id, "工作计划的代码")
    if points is None and late_credit is not None:
        raise _bad(
            "late_credit 需要同时给出 points", "late_credit", str(late_credit), "与 points 同用"
        )
    if points is not None and unit is None:
        raise _bad("points 需要同时给出 unit", "points", str(points), "与 unit 同用")
    if late_credit is not None and not 0 <= late_credit <= 1:
        raise _bad("late_credit 须在 0 到 1 之间", "late_credit", str(late_credit), "0…1")
    if points is not None and points < 0:
        raise _bad("points 须不小于 0", "points", str(points), "≥ 0")

    def work(workspace: Workspace, paths: list[Path]) -> Output:
        records: Progress | None = read_progress(paths[0], plan) if paths else None
        name = plan.check_unit(unit) if unit is not None else None
        reports = plan.status(as_of, records, name)
        completion = plan.completion(name, as_of, records) if name is not None else None
        document = tasks_document(
            plan,
            reports,
            as_of,
            name,
            completion=completion,
            points=points,
            late_credit=late_credit,
        )
        return _document_output(document, fmt)

    return in_workspace(progress[:1], work)


def calendar_view(
    plan_id: str, as_of: _dt.date, files: Sequence[Upload], field: str | None, fmt: str
) -> Output:
    """What is due when and what is late, as ``assessment-rules calendar``."""
    found = _plan(plan_id)
    if isinstance(found, AssessmentCalendar) and field == "progress":
        raise _bad(
            "日历用 submissions 文件，progress 用于工作计划", "progress", None, "submissions"
        )
    if isinstance(found, WorkPlan) and field == "submissions":
        raise _bad(
            "工作计划用 progress 文件，submissions 用于日历", "submissions", None, "progress"
        )

    def work(workspace: Workspace, paths: list[Path]) -> Output:
        if isinstance(found, AssessmentCalendar):
            days = read_submissions(paths[0], found) if paths else None
            return _document_output(calendar_document(found, as_of, days), fmt)
        records = read_progress(paths[0], found) if paths else None
        return _document_output(plan_calendar_document(found, as_of, records), fmt)

    return in_workspace(files[:1], work)
