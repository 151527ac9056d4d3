"""Loading plans and calendars (bundled YAML or a user's file) and reading progress files.

Bundled data lives in ``assessment_rules/calendar/_data/<id>.yaml`` and is read with
``importlib.resources``. A file with ``tasks`` is a work plan, one with ``milestones`` a
calendar. Plan, calendar, progress and submission files are untrusted: read within the
input limits and parsed by the project's YAML reader (:mod:`assessment_rules.io._yaml`:
duplicate keys, ambiguous numbers such as ``010``, alias bombs and deep nesting are
errors), every problem reported at once, never a traceback.

Progress file (one record per task and unit)::

    plan: putuo-2024-workplan          # optional; checked when present
    progress:
      4:
        区安委会办公室: {done: 2024-03-15}
      5:
        区应急局: {done: 2024-04-28, note: 子方案已印发}
        区建管委: in_progress          # or 进行中
        长征镇: not_applicable          # or 不涉及; not_started / 未开始

Submissions file (a calendar's submission milestones, per unit)::

    calendar: putuo-2020-inspection
    submissions:
      区应急局: {self_check_report: 2020-10-30}
      区教育局: {self_check_report: null}   # not handed in
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from types import MappingProxyType
from typing import Any

from .._i18n import gettext as _
from .._i18n import ngettext
from ..engine._errors import (
    MAX_PROBLEMS,
    AssessmentRulesError,
    Problem,
    ProblemLog,
    RulebookError,
    did_you_mean,
)
from ..io._grids import EvidenceFileError, decode_text
from ..io._input_limits import read_input
from ..io._yaml import YamlError, load_yaml
from ._calendar import AssessmentCalendar, Milestone
from ._dates import DateExpressionError, parse_date, parse_when
from ._workplan import (
    Party,
    Progress,
    ProgressEntry,
    ProgressState,
    Task,
    UnitGroup,
    WorkPlan,
    normalise_unit,
    parse_parties,
)

__all__ = [
    "PlanFileError",
    "bundled_plans",
    "load_calendar",
    "load_plan",
    "load_workplan",
    "read_progress",
    "read_submissions",
]

_STATES: dict[str, ProgressState] = {
    "in_progress": "in_progress",
    "进行中": "in_progress",
    "not_started": "not_started",
    "未开始": "not_started",
    "not_applicable": "not_applicable",
    "不涉及": "not_applicable",
}


class PlanFileError(AssessmentRulesError, ValueError):
    """A plan, calendar, progress or submissions file cannot be read or is mis-shaped."""


def _many(source: str, problems: list[str]) -> PlanFileError:
    """One error for a file's problems: the first ``MAX_PROBLEMS`` listed, the rest counted.

    (The list itself stays small: it grows with a document already held in memory,
    which the size, depth and alias limits bound.)
    """
    count = len(problems)
    lines = "\n".join(f"  - {p}" for p in problems[:MAX_PROBLEMS])
    if count <= MAX_PROBLEMS:
        heading = ngettext("has {count} problem:", "has {count} problems:", count)
        return PlanFileError(source, "", None, f"{heading.format(count=count)}\n{lines}")
    more = count - MAX_PROBLEMS
    return PlanFileError(
        source,
        "",
        None,
        _("has {count} problems (the first {listed} are listed):").format(
            count=count, listed=MAX_PROBLEMS
        )
        + f"\n{lines}\n  - "
        + ngettext(
            "… and {more} more problem, not listed", "… and {more} more problems, not listed", more
        ).format(more=more),
    )


@cache
def bundled_plans() -> Mapping[str, Traversable]:
    """Map each bundled plan or calendar id to its data file (a read-only mapping,
    shared by every caller in the process).

    >>> sorted(bundled_plans())
    ['putuo-2020-inspection', 'putuo-2024-assessment', 'putuo-2024-workplan']
    """
    folder = files("assessment_rules.calendar").joinpath("_data")
    found = {
        entry.name.removesuffix(".yaml"): entry
        for entry in folder.iterdir()
        if entry.name.endswith(".yaml")
    }
    return MappingProxyType(dict(sorted(found.items())))


def _read_yaml(data: bytes, source: str) -> Any:
    try:
        text = decode_text(data, source)
    except EvidenceFileError as error:
        raise PlanFileError(source, "encoding", None, error.expectation) from None
    if not text.strip():
        raise PlanFileError(source, "", None, _("is empty"))
    try:
        return load_yaml(text, source)
    except YamlError as error:
        raise PlanFileError(error.path, "", None, error.expectation) from None


def _read_path(path: str | Path) -> tuple[Any, str]:
    source = str(path)
    data = read_input(Path(path), lambda reason: PlanFileError(source, "", None, reason))
    return _read_yaml(data, source), source


@cache
def _bundled(id: str) -> WorkPlan | AssessmentCalendar:
    # Plans are frozen, so every caller in a process can share the one parse.
    document = _read_yaml(bundled_plans()[id].read_bytes(), f"{id} (bundled)")
    return _plan(document, id)


def _text(record: Mapping[str, Any], key: str, where: str, problems: list[str]) -> str:
    value = record.get(key, "")
    if value is None:
        return ""
    if not isinstance(value, str | int) or isinstance(value, bool):
        problems.append(f"{where}: {key}={value!r} " + _("must be text"))
        return ""
    return str(value)


def _year(document: Mapping[str, Any], source: str) -> int:
    year = document.get("year")
    if not isinstance(year, int) or isinstance(year, bool) or not 1900 <= year <= 2999:
        raise PlanFileError(source, "year", year, _("must be the plan year, e.g. 2024"))
    return year


def _workplan(document: Mapping[str, Any], source: str) -> WorkPlan:
    year = _year(document, source)
    problems: list[str] = []
    groups: list[UnitGroup] = []
    for position, record in enumerate(document.get("groups") or [], start=1):
        where = f"{source} group #{position}"
        if not isinstance(record, dict) or not record.get("name"):
            problems.append(f"{where} " + _("must be a mapping with a name"))
            continue
        try:
            groups.append(
                UnitGroup(
                    str(record["name"]),
                    kinds=tuple(record.get("kinds") or ()),
                    members=tuple(str(m) for m in record.get("members") or ()),
                    relevant=bool(record.get("relevant", False)),
                    aliases=tuple(str(a) for a in record.get("aliases") or ()),
                    note=_text(record, "note", where, problems),
                )
            )
        except AssessmentRulesError as error:
            problems.append(f"{where}: {error}")
    aliases_raw = document.get("aliases") or {}
    if not isinstance(aliases_raw, dict):
        problems.append(f"{source}: " + _("aliases must map an alias to a unit name"))
        aliases_raw = {}
    aliases = {normalise_unit(str(k)): normalise_unit(str(v)) for k, v in aliases_raw.items()}
    spellings: dict[str, str] = {}
    for group in groups:
        for spelling in (group.name, *group.aliases):
            spellings[normalise_unit(spelling)] = group.name
    tasks: list[Task] = []
    records = document.get("tasks")
    if not isinstance(records, list):
        raise PlanFileError(source, "tasks", records, _("must be a list of tasks"))
    for position, record in enumerate(records, start=1):
        where = f"{source} task #{position}"
        if not isinstance(record, dict):
            problems.append(f"{where} " + _("must be a mapping"))
            continue
        where = f"{source} task {record.get('id', f'#{position}')}"
        unknown = sorted(
            set(record) - {"id", "category", "goal", "content", "when", "lead", "cooperating"}
        )
        for key in unknown:
            problems.append(f"{where}: " + _("{key!r} is not a task field").format(key=key))
        texts = {
            key: _text(record, key, where, problems)
            for key in ("category", "goal", "content", "when", "lead", "cooperating")
        }
        try:
            span = parse_when(texts["when"], year)
            lead: tuple[Party, ...] = parse_parties(texts["lead"], spellings, aliases)
            cooperating = parse_parties(texts["cooperating"], spellings, aliases)
            tasks.append(
                Task(
                    record.get("id"),  # type: ignore[arg-type]
                    texts["category"],
                    texts["goal"],
                    texts["content"],
                    span,
                    lead,
                    cooperating,
                    texts["lead"],
                    texts["cooperating"],
                )
            )
        except AssessmentRulesError as error:
            problems.append(f"{where}: {error}")
    if problems:
        raise _many(source, problems)
    try:
        return WorkPlan(
            str(document.get("id", "")),
            str(document.get("title", "")),
            year,
            tasks,
            groups,
            aliases,
            document=str(document.get("document", "")),
            source=str(document.get("source", "")),
            note=str(document.get("note", "")),
        )
    except AssessmentRulesError as error:
        raise PlanFileError(source, "", None, str(error)) from None


def _calendar(document: Mapping[str, Any], source: str) -> AssessmentCalendar:
    year = _year(document, source)
    problems: list[str] = []
    milestones: list[Milestone] = []
    records = document.get("milestones")
    if not isinstance(records, list):
        raise PlanFileError(source, "milestones", records, _("must be a list of milestones"))
    fields = (
        "id",
        "title",
        "when",
        "kind",
        "who",
        "source",
        "late_fact",
        "missing_fact",
        "days_fact",
    )
    for position, record in enumerate(records, start=1):
        where = f"{source} milestone #{position}"
        if not isinstance(record, dict):
            problems.append(f"{where} " + _("must be a mapping"))
            continue
        for key in sorted(set(record) - set(fields)):
            problems.append(f"{where}: " + _("{key!r} is not a milestone field").format(key=key))
        texts = {key: _text(record, key, where, problems) for key in fields}
        try:
            milestones.append(
                Milestone(
                    texts["id"],
                    texts["title"],
                    parse_when(texts["when"], year),
                    kind=texts["kind"] or "submission",  # type: ignore[arg-type]
                    who=texts["who"],
                    source=texts["source"],
                    late_fact=texts["late_fact"],
                    missing_fact=texts["missing_fact"],
                    days_fact=texts["days_fact"],
                )
            )
        except AssessmentRulesError as error:
            problems.append(f"{where}: {error}")
    issued: _dt.date | None = None
    if document.get("issued") is not None:
        try:
            issued = parse_date(document["issued"])
        except DateExpressionError as error:
            problems.append(f"{source}: issued: {error}")
    if problems:
        raise _many(source, problems)
    try:
        return AssessmentCalendar(
            str(document.get("id", "")),
            str(document.get("title", "")),
            year,
            milestones,
            document=str(document.get("document", "")),
            source=str(document.get("source", "")),
            issued=issued,
        )
    except RulebookError as error:
        raise PlanFileError(source, "", None, str(error)) from None


def _plan(document: Any, source: str) -> WorkPlan | AssessmentCalendar:
    if not isinstance(document, dict):
        raise PlanFileError(source, "", None, _("must be a mapping with 'tasks' or 'milestones'"))
    if "tasks" in document:
        return _workplan(document, source)
    if "milestones" in document:
        return _calendar(document, source)
    raise PlanFileError(source, "", None, _("must have a 'tasks' or a 'milestones' list"))


def load_plan(id_or_path: str | Path) -> WorkPlan | AssessmentCalendar:
    """Load a work plan or a calendar by bundled id or YAML path.

    Args:
        id_or_path: ``"putuo-2024-workplan"``, ``"putuo-2024-assessment"``,
            ``"putuo-2020-inspection"`` or a YAML file of the same layout.

    Returns:
        A ``WorkPlan`` (the file has ``tasks``) or an ``AssessmentCalendar`` (it has
        ``milestones``).

    Raises:
        PlanFileError: Unknown id (with a hint), unreadable or mis-shaped file (every
            problem listed).

    >>> type(load_plan("putuo-2024-assessment")).__name__
    'AssessmentCalendar'
    """
    text = str(id_or_path)
    bundled = bundled_plans()
    if text in bundled:
        return _bundled(text)
    path = Path(text)
    if path.suffix.lower() in (".yaml", ".yml") or path.exists():
        return _plan(*_read_path(path))
    raise PlanFileError(
        "",
        "plan",
        text,
        _("is neither a bundled plan or calendar nor a YAML file (bundled: {bundled})").format(
            bundled=_(", ").join(bundled)
        ),
        did_you_mean(text, bundled),
    )


def load_workplan(id_or_path: str | Path) -> WorkPlan:
    """Load a work plan (see :func:`load_plan`).

    Raises:
        PlanFileError: As :func:`load_plan`, or the file is a calendar.

    >>> load_workplan("putuo-2024-workplan").task(1).due
    datetime.date(2024, 12, 31)
    """
    plan = load_plan(id_or_path)
    if not isinstance(plan, WorkPlan):
        raise PlanFileError(str(id_or_path), "plan", plan.id, _("is a calendar, not a work plan"))
    return plan


def load_calendar(id_or_path: str | Path) -> AssessmentCalendar:
    """Load an assessment calendar (see :func:`load_plan`).

    Raises:
        PlanFileError: As :func:`load_plan`, or the file is a work plan.

    >>> load_calendar("putuo-2024-assessment").milestone("self_evaluation").due
    datetime.date(2024, 11, 20)
    """
    plan = load_plan(id_or_path)
    if not isinstance(plan, AssessmentCalendar):
        raise PlanFileError(
            str(id_or_path), "calendar", plan.id, _("is a work plan, not a calendar")
        )
    return plan


def _task_id(key: object) -> int | None:
    if isinstance(key, bool):
        return None
    if isinstance(key, int):
        return key
    if isinstance(key, str) and key.strip().isdigit():
        return int(key.strip())
    return None


def _entry(task: Task, unit: str, value: object, where: str) -> ProgressEntry | Problem:
    note = ""
    state: ProgressState | None = None
    done_on: _dt.date | None = None
    if isinstance(value, str):
        state = _STATES.get(value.strip())
        if state is None:
            hint = did_you_mean(value.strip(), _STATES)
            expectation = _(
                "must be in_progress, not_started, not_applicable (进行中, 未开始, 不涉及) "
                "or {{done: YYYY-MM-DD}}"
            ).format()
            return Problem(unit, f"task {task.id}", value, expectation, hint=hint, source=where)
    elif isinstance(value, dict):
        extra = sorted(set(map(str, value)) - {"done", "state", "note"})
        if extra:
            return Problem(
                unit,
                f"task {task.id}",
                value,
                _("has unknown keys {keys} (use done, state, note)").format(
                    keys=_(", ").join(extra)
                ),
                source=where,
            )
        note = str(value.get("note") or "")
        if "done" in value and "state" in value:
            return Problem(
                unit,
                f"task {task.id}",
                value,
                _("must give done or state, not both"),
                source=where,
            )
        if "done" in value:
            try:
                done_on = parse_date(value["done"])
            except DateExpressionError as error:
                return Problem(
                    unit, f"task {task.id}", value["done"], error.expectation, source=where
                )
            state = "done"
        else:
            state = _STATES.get(str(value.get("state", "")).strip())
            if state is None:
                return Problem(
                    unit,
                    f"task {task.id}",
                    value.get("state"),
                    _("must be in_progress, not_started or not_applicable"),
                    source=where,
                )
    else:
        return Problem(
            unit,
            f"task {task.id}",
            value,
            _(
                "must be a state (in_progress, not_started, not_applicable) or {{done: YYYY-MM-DD}}"
            ).format(),
            source=where,
        )
    return ProgressEntry(task.id, unit, state, done_on, note, where)


def read_progress(path: str | Path, plan: WorkPlan) -> Progress:
    """Read a progress file for *plan* (layout in the module notes).

    Every unit must be tied to its task (named, or a member of a named group).

    Raises:
        PlanFileError: The file cannot be read or has the wrong layout.
        EvidenceError: Records are wrong; every problem listed with task and unit.
    """
    document, source = _read_path(path)
    if not isinstance(document, dict) or not isinstance(document.get("progress"), dict):
        raise PlanFileError(source, "progress", None, _("must map task numbers to units' progress"))
    named = document.get("plan")
    if named is not None and named != plan.id:
        raise PlanFileError(
            source, "plan", named, _("names another plan than {plan!r}").format(plan=plan.id)
        )
    tasks = {task.id: task for task in plan.tasks}
    problems = ProblemLog()
    entries: list[ProgressEntry] = []
    for key, units in document["progress"].items():
        number = _task_id(key)
        where = f"{source} task {key}"
        task = tasks.get(number) if number is not None else None
        if task is None:
            problems.append(
                Problem(
                    "",
                    "task",
                    key,
                    _("is not a task of {plan!r}").format(plan=plan.id),
                    source=source,
                )
            )
            continue
        if not isinstance(units, dict):
            problems.append(
                Problem("", f"task {number}", units, _("must map units to progress"), source=where)
            )
            continue
        seen: set[str] = set()
        for raw_unit, value in units.items():
            unit = plan.canonical(str(raw_unit))
            if unit in seen:
                problems.append(
                    Problem(unit, f"task {number}", raw_unit, _("is given twice"), source=where)
                )
                continue
            seen.add(unit)
            if plan.assignment(task, unit) is None:
                parties = "、".join(p.name for p in (*task.lead, *task.cooperating))
                problems.append(
                    Problem(
                        unit,
                        f"task {number}",
                        raw_unit,
                        _(
                            "is neither a lead nor a cooperating unit of this task ({parties})"
                        ).format(parties=parties),
                        hint=did_you_mean(unit, [p.name for p in task.lead + task.cooperating]),
                        source=where,
                    )
                )
                continue
            found = _entry(task, unit, value, where)
            if isinstance(found, Problem):
                problems.append(found)
            else:
                entries.append(found)
    if problems:
        raise problems.error()
    return Progress(plan.id, entries)


def read_submissions(
    path: str | Path, calendar: AssessmentCalendar
) -> dict[str, dict[str, _dt.date | None]]:
    """Read a submissions file for *calendar*: unit → milestone id → day handed in.

    Raises:
        PlanFileError: The file cannot be read or has the wrong layout.
        EvidenceError: Records are wrong; every problem listed.
    """
    document, source = _read_path(path)
    if not isinstance(document, dict) or not isinstance(document.get("submissions"), dict):
        raise PlanFileError(
            source, "submissions", None, _("must map units to their submission days")
        )
    named = document.get("calendar")
    if named is not None and named != calendar.id:
        raise PlanFileError(
            source,
            "calendar",
            named,
            _("names another calendar than {calendar!r}").format(calendar=calendar.id),
        )
    ids = [m.id for m in calendar.submissions]
    problems = ProblemLog()
    result: dict[str, dict[str, _dt.date | None]] = {}
    for raw_unit, days in document["submissions"].items():
        unit = normalise_unit(str(raw_unit))
        if not isinstance(days, dict):
            problems.append(
                Problem(
                    unit,
                    "submissions",
                    days,
                    _("must map {milestones} to a day").format(milestones=_(", ").join(ids)),
                    source=source,
                )
            )
            continue
        record: dict[str, _dt.date | None] = {}
        for key, value in days.items():
            if key not in ids:
                problems.append(
                    Problem(
                        unit,
                        str(key),
                        value,
                        _("is not a submission milestone of {calendar!r}").format(
                            calendar=calendar.id
                        ),
                        hint=did_you_mean(str(key), ids),
                        source=source,
                    )
                )
                continue
            if value is None or value == "":
                record[key] = None
                continue
            try:
                record[key] = parse_date(value)
            except DateExpressionError as error:
                problems.append(Problem(unit, key, value, error.expectation, source=source))
        result[unit] = record
    if problems:
        raise problems.error()
    return result
