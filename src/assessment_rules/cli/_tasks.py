"""``assessment-rules tasks`` and ``assessment-rules calendar``: deadlines and their status.

``tasks`` lists a work plan's tasks (all, or one unit's) with their status on a day;
``calendar`` shows what is due when and what is late, for a work plan (by month) or for
an assessment calendar (its milestones, and with ``--submissions`` each unit's reports).
"""

from __future__ import annotations

import datetime as _dt
from decimal import Decimal
from typing import Any

import click

from .._i18n import gettext as _
from ..calendar import (
    AssessmentCalendar,
    DateExpressionError,
    PlanFileError,
    Progress,
    WorkPlan,
    load_plan,
    parse_date,
    read_progress,
    read_submissions,
)
from ..calendar._workplan import WorkPlanError, normalise_unit
from ..cohorts._registry import bundled_registries, load_registry
from ..engine._errors import did_you_mean
from ..engine._numbers import as_decimal
from ..io import dumps
from ..io._safe_text import visible
from ._common import (
    OUTPUT_OPTION,
    StyledText,
    fail_cleanly,
    format_from_output,
    stdout_is_terminal,
    write_output,
)
from ._tasks_render import (
    calendar_document,
    markdown,
    plan_calendar_document,
    table,
    tasks_document,
)

__all__ = ["calendar_view", "tasks"]


def _date(ctx: click.Context, param: click.Parameter, value: str | None) -> _dt.date | None:
    """Option callback: a day as ``2024-10-01`` or ``2024年10月1日``."""
    if value is None:
        return None
    try:
        return parse_date(value)
    except DateExpressionError:
        raise click.BadParameter(
            _("{value!r} is not a date; write it as YYYY-MM-DD, e.g. 2024-10-01").format(
                value=value
            )
        ) from None


def _number(ctx: click.Context, param: click.Parameter, value: str | None) -> Decimal | None:
    """Option callback: a number ≥ 0, kept exact."""
    if value is None:
        return None
    try:
        number = as_decimal(value)
    except (TypeError, ValueError):
        raise click.BadParameter(
            _("{value!r} is not a number such as 10 or 0.5").format(value=value)
        ) from None
    if number < 0:
        raise click.BadParameter(_("{value!r} must be ≥ 0").format(value=value))
    return number


FORMATS = ("table", "json", "md")
_FORMAT = click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default=None,
    help="table for people (default), json for tools, md for reports; "
    "guessed from the --output suffix when not given.",
)
_AS_OF = click.option(
    "--as-of",
    "as_of",
    metavar="DATE",
    callback=_date,
    help="The day the status is taken (YYYY-MM-DD); default today.",
)


def _visible(value: Any) -> Any:
    """The document with every text made visible, before any renderer sees it."""
    if isinstance(value, str):
        return visible(value)
    if isinstance(value, dict):
        return {_visible(key): _visible(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_visible(item) for item in value)
    return value


def _render(document: dict[str, Any], fmt: str | None, output: str | None) -> None:
    chosen = format_from_output(fmt, output, "table", FORMATS)
    if chosen == "json":
        write_output(output, dumps(document) + "\n")
    elif chosen == "md":
        write_output(output, markdown(document))
    else:
        color = output is None and stdout_is_terminal()
        text = table(_visible(document), color=color)
        write_output(output, StyledText(text) if color else text)


def _known_unit(plan: WorkPlan, unit: str, records: Progress | None) -> str:
    """The plan's name for *unit*, when some list names it.

    A name the plan's groups would take in by its form alone (any 区… is a department)
    is not enough: a misspelt 区应急管局 would get a score of 0 for tasks it never had.
    The unit must be named by the plan (as a unit, a group, a group's member or an
    alias), by the progress file, or by a bundled unit registry.

    Raises:
        WorkPlanError: No list names it; the message suggests the closest name.
    """
    name = plan.check_unit(unit)
    known = {
        *plan.named_units,
        *(group.name for group in plan.groups),
        *(member for group in plan.groups for member in group.members),
        *(canonical for _, canonical in plan.aliases),
    }
    if records is not None:
        known.update(entry.unit for entry in records.entries)
    for district in bundled_registries():
        known.update(registered.name for registered in load_registry(district).units)
    folded = {normalise_unit(known_name): known_name for known_name in known}
    if normalise_unit(name) in folded:
        return name
    raise WorkPlanError(
        plan.id,
        "unit",
        unit,
        _(
            "is named neither by the plan, nor by the progress file, nor by a unit registry "
            "(check the spelling; a unit the plan reaches only through a group must appear "
            "in the progress file)"
        ),
        did_you_mean(name, sorted(known)),
    )


@click.command()
@click.argument("plan")
@click.option(
    "--unit",
    help="Only this unit's tasks (a unit or group name, e.g. 区应急局): a name the plan, "
    "the progress file or the district's unit registry gives.",
)
@_AS_OF
@click.option(
    "--progress",
    type=click.Path(dir_okay=False),
    help="Progress file (YAML): per task and unit, done on a day / in progress / not started.",
)
@click.option(
    "--points",
    metavar="NUMBER",
    callback=_number,
    help="With --unit: score the unit's lead tasks out of these points.",
)
@click.option(
    "--late-credit",
    metavar="NUMBER",
    callback=_number,
    help="With --points: the credit a late completion keeps (0–1, default 0.5).",
)
@_FORMAT
@OUTPUT_OPTION
@fail_cleanly
def tasks(
    plan: str,
    *,
    unit: str | None,
    as_of: _dt.date | None,
    progress: str | None,
    points: Decimal | None,
    late_credit: Decimal | None,
    fmt: str | None,
    output: str | None,
) -> None:
    """List the tasks of work plan PLAN and their status on a day.

    PLAN is a bundled plan id (putuo-2024-workplan) or a plan YAML file. Statuses:
    done_on_time 按期完成, done_late 逾期完成, overdue 逾期未完成, due_this_month 本月到期,
    not_yet_due 未到期, not_applicable 不涉及. A deadline day itself is still on time.
    With --unit, the unit's lead tasks are counted, and --points scores them:
    points × (on time + late credit × late) ÷ (on time + late + overdue), half up to 2
    decimals.

    \b
    Examples:
      assessment-rules tasks putuo-2024-workplan --as-of 2024-10-01 --format json
      assessment-rules tasks putuo-2024-workplan --unit 区应急局 --as-of 2025-01-15 \\
          --progress examples/putuo-2024-workplan-progress.yaml --points 15
    """
    book = load_plan(plan)
    if not isinstance(book, WorkPlan):
        raise PlanFileError(
            "", "plan", plan, _("is an assessment calendar; use `assessment-rules calendar`")
        )
    if points is None and late_credit is not None:
        raise click.UsageError(_("--late-credit needs --points"))
    if points is not None and unit is None:
        raise click.UsageError(_("--points needs --unit (the score is one unit's)"))
    if late_credit is not None and late_credit > 1:
        raise click.BadParameter(_("must be from 0 to 1"), param_hint="--late-credit")
    day = as_of or _dt.date.today()
    records = read_progress(progress, book) if progress else None
    name = _known_unit(book, unit, records) if unit is not None else None
    reports = book.status(day, records, name)
    completion = book.completion(name, day, records) if name is not None else None
    document = tasks_document(
        book, reports, day, name, completion=completion, points=points, late_credit=late_credit
    )
    _render(document, fmt, output)


@click.command(name="calendar")
@click.argument("plan_or_calendar")
@_AS_OF
@click.option(
    "--progress",
    type=click.Path(dir_okay=False),
    help="For a work plan: its progress file, to show what is done and what is late.",
)
@click.option(
    "--submissions",
    type=click.Path(dir_okay=False),
    help="For a calendar: units' submission days (YAML), to show on time / late / missing.",
)
@_FORMAT
@OUTPUT_OPTION
@fail_cleanly
def calendar_view(
    plan_or_calendar: str,
    *,
    as_of: _dt.date | None,
    progress: str | None,
    submissions: str | None,
    fmt: str | None,
    output: str | None,
) -> None:
    """Show what is due when and what is late, for a calendar or a work plan.

    PLAN_OR_CALENDAR is a bundled id (putuo-2024-assessment, putuo-2020-inspection,
    putuo-2024-workplan) or a YAML file. A calendar lists its milestones with their
    state on the day; a work plan lists its tasks by due month.

    \b
    Examples:
      assessment-rules calendar putuo-2024-assessment --as-of 2024-12-01
      assessment-rules calendar putuo-2020-inspection --as-of 2020-11-05 \\
          --submissions examples/putuo-2020-submissions.yaml
      assessment-rules calendar putuo-2024-workplan --as-of 2024-10-01 --format md
    """
    day = as_of or _dt.date.today()
    found = load_plan(plan_or_calendar)
    if isinstance(found, AssessmentCalendar):
        if progress:
            raise click.UsageError(
                _("--progress is for work plans; a calendar takes --submissions")
            )
        days = read_submissions(submissions, found) if submissions else None
        document = calendar_document(found, day, days)
    else:
        if submissions:
            raise click.UsageError(
                _("--submissions is for calendars; a work plan takes --progress")
            )
        document = plan_calendar_document(
            found, day, read_progress(progress, found) if progress else None
        )
    _render(document, fmt, output)
