"""Documents and renderings for ``tasks`` and ``calendar``: JSON data, rich tables, Markdown.

The JSON documents are built first; the table and Markdown renderings only lay them
out, so all three formats always say the same thing.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any, Final

from rich.console import Group
from rich.table import Table
from rich.text import Text

from .._i18n import N_, ngettext, use_language
from .._i18n import gettext as _
from ..calendar import (
    MILESTONE_STATE_LABELS,
    STATUS_LABELS,
    AssessmentCalendar,
    Completion,
    Progress,
    TaskReport,
    WorkPlan,
)
from ..io._writers import md_cell
from ._render import render_rich

# Spaces around a number before 月/年/日 (``3 月``, ``2024年 12 月``), dropped on screen.
_MONTH_GAP: Final = re.compile(r"(?<=年)\s+(?=\d)|(?<=\d)\s+(?=[年月日])")

__all__ = [
    "calendar_document",
    "markdown",
    "plan_calendar_document",
    "table",
    "tasks_document",
]

SCHEMA_VERSION = "1.0"


def _iso(day: _dt.date | None) -> str | None:
    return None if day is None else day.isoformat()


def _task(report: TaskReport) -> dict[str, Any]:
    task = report.task
    row: dict[str, Any] = {
        "id": task.id,
        "category": task.category,
        "title": task.title,
        "content": task.content,
        "when": task.when,
        "due": task.due.isoformat(),
        "lead": [party.name for party in task.lead],
        "lead_text": task.lead_text,
        "cooperating": [party.name for party in task.cooperating],
        "cooperating_text": task.cooperating_text,
        "status": report.status,
        "status_label": STATUS_LABELS[report.status],
        "state": report.state,
        "done_on": _iso(report.done_on),
    }
    if report.assignment is not None:
        row["role"] = report.assignment.role
        row["via"] = report.assignment.via
        row["relevant"] = report.assignment.relevant
    else:
        row["waiting"] = list(report.waiting)
    return row


def _counts(reports: Sequence[TaskReport]) -> dict[str, int]:
    return {status: sum(1 for r in reports if r.status == status) for status in STATUS_LABELS}


def _plan(plan: WorkPlan | AssessmentCalendar) -> dict[str, Any]:
    return {
        "id": plan.id,
        "title": plan.title,
        "year": plan.year,
        "document": plan.document,
        "source": plan.source,
    }


def tasks_document(
    plan: WorkPlan,
    reports: Sequence[TaskReport],
    as_of: _dt.date,
    unit: str | None,
    *,
    completion: Completion | None = None,
    points: Decimal | None = None,
    late_credit: Decimal | None = None,
) -> dict[str, Any]:
    """The ``tasks`` JSON document: the plan, the day, every task with its status."""
    document: dict[str, Any] = {
        "schema": "assessment-rules/tasks",
        "schema_version": SCHEMA_VERSION,
        "plan": _plan(plan),
        "as_of": as_of.isoformat(),
        "unit": unit,
        "tasks": [_task(report) for report in reports],
        "summary": _counts(reports),
    }
    if completion is not None:
        lead: dict[str, Any] = {
            "on_time": list(completion.on_time),
            "late": list(completion.late),
            "overdue": list(completion.overdue),
            "open": list(completion.open),
            "not_applicable": list(completion.not_applicable),
            "reason": completion.reason(),
            "facts": completion.facts(),
        }
        if points is not None:
            credit = late_credit if late_credit is not None else Decimal("0.5")
            lead["points"] = format(points, "f")
            lead["late_credit"] = format(credit, "f")
            lead["score"] = format(completion.score(points, late_credit=credit), "f")
        document["completion"] = lead
    return document


def calendar_document(
    calendar: AssessmentCalendar,
    as_of: _dt.date,
    submissions: Mapping[str, Mapping[str, _dt.date | None]] | None = None,
) -> dict[str, Any]:
    """The ``calendar`` JSON document of an assessment calendar (and its submissions)."""
    milestones = []
    for milestone in calendar.schedule():
        state = milestone.state(as_of)
        milestones.append(
            {
                "id": milestone.id,
                "title": milestone.title,
                "when": milestone.span.text,
                "first": _iso(milestone.span.first),
                "due": milestone.due.isoformat(),
                "kind": milestone.kind,
                "who": milestone.who,
                "source": milestone.source,
                "state": state,
                "state_label": MILESTONE_STATE_LABELS[state],
            }
        )
    document: dict[str, Any] = {
        "schema": "assessment-rules/calendar",
        "schema_version": SCHEMA_VERSION,
        "kind": "calendar",
        "calendar": {**_plan(calendar), "issued": _iso(calendar.issued)},
        "as_of": as_of.isoformat(),
        "milestones": milestones,
    }
    if submissions is not None:
        rows = []
        for unit, days in submissions.items():
            checks = calendar.check_unit(days, as_of)
            for milestone in calendar.submissions:
                check = checks[milestone.id]
                rows.append(
                    {
                        "unit": unit,
                        "milestone": milestone.id,
                        "milestone_title": milestone.title,
                        "due": check.due.isoformat(),
                        "submitted": _iso(check.submitted),
                        "status": check.status,
                        "status_label": check.label,
                        "days_late": check.days_late,
                        "facts": milestone.facts(days.get(milestone.id), as_of),
                    }
                )
        document["submissions"] = rows
    return document


def plan_calendar_document(
    plan: WorkPlan, as_of: _dt.date, progress: Progress | None
) -> dict[str, Any]:
    """The ``calendar`` JSON document of a work plan: tasks grouped by due month."""
    reports = plan.status(as_of, progress)
    months: dict[str, list[TaskReport]] = {}
    for report in sorted(reports, key=lambda r: (r.task.due, r.task.id)):
        months.setdefault(report.task.due.strftime("%Y-%m"), []).append(report)
    rows = []
    for month, group in months.items():
        rows.append(
            {
                "month": month,
                "due": group[0].task.due.isoformat(),
                "tasks": [r.task.id for r in group],
                "summary": _counts(group),
                "overdue": [r.task.id for r in group if r.status == "overdue"],
                "done_late": [r.task.id for r in group if r.status == "done_late"],
            }
        )
    return {
        "schema": "assessment-rules/calendar",
        "schema_version": SCHEMA_VERSION,
        "kind": "workplan",
        "plan": _plan(plan),
        "as_of": as_of.isoformat(),
        "months": rows,
        "summary": _counts(reports),
    }


def _month(when: str) -> str:
    """A 时间节点 as one spelling: the plan writes both ``3 月`` and ``9月``; shown ``3月``.

    >>> _month("3 月"), _month("9月"), _month("2024年 12 月底前")
    ('3月', '9月', '2024年12月底前')
    """
    return _MONTH_GAP.sub("", when)


def _ids(ids: Sequence[int]) -> str:
    return "、".join(str(i) for i in ids) if ids else "—"


# The tool's words for the statuses, by code. Their Chinese translations are the
# labels the documents carry (``STATUS_LABELS`` and its kin, the JSON's ``*_label``),
# so a Chinese table reads exactly as before; an English one reads these.
_STATUS_WORDS: Final[dict[str, str]] = {
    "done_on_time": N_("done on time"),
    "done_late": N_("done late"),
    "overdue": N_("overdue"),
    "due_this_month": N_("due this month"),
    "not_yet_due": N_("not yet due"),
    "not_applicable": N_("not applicable"),
}
_MILESTONE_WORDS: Final[dict[str, str]] = {
    "past": N_("past"),
    "under_way": N_("under way"),
    "due_this_month": N_("due this month"),
    "upcoming": N_("upcoming"),
}
_SUBMISSION_WORDS: Final[dict[str, str]] = {
    "on_time": N_("submitted on time"),
    "late": N_("submitted late"),
    "missing": N_("overdue, not submitted"),
    "pending": N_("before the deadline"),
}


def _status(code: str) -> str:
    return _(_STATUS_WORDS[code]) if code in _STATUS_WORDS else STATUS_LABELS[code]


def _summary_text(counts: Mapping[str, int]) -> str:
    return _("; ").join(
        ngettext("{label} {count} task", "{label} {count} tasks", v).format(
            label=_status(k), count=v
        )
        for k, v in counts.items()
        if v
    )


def _as_of(day: str) -> str:
    return _(" · as of {day}").format(day=day)


_TASK_HEADS: Final = (
    N_("No."),
    N_("Task"),
    N_("When"),
    N_("Due"),
    N_("Lead units"),
    N_("Status"),
)
_ROLE_HEAD: Final = N_("Role")
_MONTH_HEADS: Final = (
    N_("Month"),
    N_("Due"),
    N_("Tasks"),
    N_("Overdue, not done"),
    N_("Done late"),
    N_("Status"),
)
_MILESTONE_HEADS: Final = (N_("When"), N_("Date"), N_("Milestone"), N_("Who"), N_("Status"))


def _layout(document: Mapping[str, Any]) -> tuple[str, list[str], list[list[str]], list[str]]:
    """Title, column headings, rows and footer lines of any of the documents, in the
    current language (the documents' own texts, titles and labels, are data)."""
    if document["schema"] == "assessment-rules/tasks":
        unit = document["unit"]
        # The plan's title only: its id is what a user types, not what a reader reads.
        title = document["plan"]["title"]
        title += f" · {unit}" if unit else ""
        title += _as_of(document["as_of"])
        heads = [_(head) for head in _TASK_HEADS]
        if unit:
            heads.insert(5, _(_ROLE_HEAD))
        rows = []
        for task in document["tasks"]:
            row = [
                str(task["id"]),
                task["title"],
                _month(task["when"]),
                task["due"],
                "、".join(task["lead"]),
                _status(task["status"]) + (f"（{task['done_on']}）" if task["done_on"] else ""),
            ]
            if unit:
                role = _("lead") if task["role"] == "lead" else _("cooperating")
                via = "" if task["via"] == unit else f"（{task['via']}）"
                row.insert(5, role + via)
            rows.append(row)
        footer = [_summary_text(document["summary"]) or _("no tasks")]
        lead = document.get("completion")
        if lead:
            footer.append(lead["reason"])
            if "score" in lead:
                footer.append(
                    _("score {score} (out of {points}; a task done late counts {credit})").format(
                        score=lead["score"], points=lead["points"], credit=lead["late_credit"]
                    )
                )
        return title, heads, rows, footer
    if document["kind"] == "workplan":
        title = document["plan"]["title"] + _as_of(document["as_of"])
        heads = [_(head) for head in _MONTH_HEADS]
        rows = [
            [
                month["month"],
                month["due"],
                _ids(month["tasks"]),
                _ids(month["overdue"]),
                _ids(month["done_late"]),
                _summary_text(month["summary"]),
            ]
            for month in document["months"]
        ]
        return title, heads, rows, [_summary_text(document["summary"])]
    calendar = document["calendar"]
    source = f"（{calendar['source']}）" if calendar["source"] else ""
    title = f"{calendar['title']}{source}" + _as_of(document["as_of"])
    heads = [_(head) for head in _MILESTONE_HEADS]
    rows = []
    for milestone in document["milestones"]:
        span = milestone["due"]
        if milestone["first"] and milestone["first"] != milestone["due"]:
            span = f"{milestone['first']} – {milestone['due']}"
        elif not milestone["first"]:
            span = f"≤ {milestone['due']}"
        state = milestone["state"]
        rows.append(
            [
                milestone["when"],
                span,
                milestone["title"],
                milestone["who"],
                _(_MILESTONE_WORDS.get(state, milestone["state_label"])),
            ]
        )
    footer = []
    for row in document.get("submissions", []):
        status = row["status"]
        label = _(_SUBMISSION_WORDS.get(status, row["status_label"]))
        if row["days_late"]:
            text = ngettext(
                "{unit} · {milestone}: {status} ({submitted}, due {due}, {days} day late)",
                "{unit} · {milestone}: {status} ({submitted}, due {due}, {days} days late)",
                row["days_late"],
            )
        else:
            text = _("{unit} · {milestone}: {status} ({submitted}, due {due})")
        footer.append(
            text.format(
                unit=row["unit"],
                milestone=row["milestone_title"],
                status=label,
                submitted=row["submitted"] or _("not submitted"),
                due=row["due"],
                days=row["days_late"],
            )
        )
    return title, heads, rows, footer


def table(document: Mapping[str, Any], *, color: bool = True) -> str:
    """Render a ``tasks`` or ``calendar`` document as a rich table."""
    title, heads, rows, footer = _layout(document)
    # Text, never markup: titles, units and notes come from users' files, and rich would
    # read "[/]" in them as a tag (and fail).
    grid = Table(title=Text(title, style="table.title"), show_lines=False)
    for head in heads:
        grid.add_column(head, overflow="fold")
    for row in rows:
        grid.add_row(*map(Text, row))
    return render_rich(Group(grid, *map(Text, footer)), color=color)


def markdown(document: Mapping[str, Any]) -> str:
    """Render a ``tasks`` or ``calendar`` document as a Markdown table.

    The Markdown is a document to file, so it is Chinese whatever the language.
    """
    with use_language("zh"):
        title, heads, rows, footer = _layout(document)
    lines = [f"# {md_cell(title)}", "", "| " + " | ".join(heads) + " |"]
    lines.append("|" + "|".join("---" for _head in heads) + "|")
    lines.extend("| " + " | ".join(md_cell(c) for c in row) + " |" for row in rows)
    if footer:
        lines.append("")
        lines.extend(f"- {md_cell(line)}" for line in footer)
    return "\n".join(lines) + "\n"
