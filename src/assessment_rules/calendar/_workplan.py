"""Work plans: dated tasks with lead and cooperating units, their progress and status.

A :class:`WorkPlan` is the table of seed 003 (普陀区安全生产治本攻坚三年行动 2024 年工作计划表)
as data: every :class:`Task` keeps its category, goal, content, the time node as printed
("12 月") and the units as printed ("区应急局、区建管委、区消防救援支队等有关成员单位"),
read into :class:`Party` entries.

Unit matching (documented in ``docs/calendar.md``):

* names are compared after NFKC folding with spaces removed, and through the plan's
  aliases (区安委办 → 区安委会办公室);
* a named unit matches itself; a group (区安委会成员单位, 各街镇, 区属国有企业…) matches the
  units its declaration includes: units of the listed *kinds* and the listed *members*;
* a unit's kind comes from its name: ``office`` ends with 办公室, ``street`` ends with 街道
  or 镇, ``enterprise`` ends with 集团 or 公司, ``department`` starts with 区; other
  names have no kind and match only where named;
* "X等有关成员单位" is X plus the group 区安委会有关成员单位, and a bare "X等" reads the same;
  a group marked *relevant* ("有关") concerns only the members the task touches, so a unit
  reached through it may record the task as not applicable (不涉及);
* when a unit is reached several ways, a naming beats a group, and lead beats cooperating;
* asking for a group's own name lists the tasks that name that group.

Statuses come from :func:`assessment_rules.calendar.status_on`. A task's overall status
needs every responsible lead done: the named lead units plus every unit whose progress
record makes it a lead through a group (not applicable ones left out); cooperating
units' progress is kept but does not decide the status.
"""

from __future__ import annotations

import datetime as _dt
import unicodedata
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Final, Literal

import attrs

from .._i18n import gettext as _
from ..engine._errors import AssessmentRulesError, did_you_mean
from ..engine._numbers import ZERO, as_decimal, divide_rounded, fmt
from ..engine._repr import code_repr
from ._dates import DateSpan
from ._status import TaskStatus, status_on

__all__ = [
    "PROGRESS_STATES",
    "Assignment",
    "Completion",
    "Party",
    "Progress",
    "ProgressEntry",
    "Task",
    "TaskReport",
    "UnitGroup",
    "WorkPlan",
    "WorkPlanError",
    "normalise_unit",
    "parse_parties",
    "unit_kind",
]

UnitKind = Literal["department", "street", "enterprise", "office", ""]
UNIT_KINDS: Final = ("department", "street", "enterprise", "office")
ProgressState = Literal["done", "in_progress", "not_started", "not_applicable"]
PROGRESS_STATES: Final = ("done", "in_progress", "not_started", "not_applicable")
Role = Literal["lead", "cooperating"]

#: "X等" with nothing after it is read as "X等有关成员单位".
_BARE_ETC: Final = "有关成员单位"


class WorkPlanError(AssessmentRulesError, ValueError):
    """A work plan, a unit name or a progress record does not fit."""


def normalise_unit(name: str) -> str:
    """Fold a unit name for comparison: NFKC, no spaces.

    >>> normalise_unit(" 区 应急局 ")
    '区应急局'
    """
    return "".join(unicodedata.normalize("NFKC", name).split())


def unit_kind(name: str) -> UnitKind:
    """Tell a unit's kind from its name ("" when the name does not say).

    >>> unit_kind("区应急局"), unit_kind("长征镇"), unit_kind("区安委会办公室"), unit_kind("某某")
    ('department', 'street', 'office', '')
    """
    folded = normalise_unit(name)
    if folded.endswith("办公室"):
        return "office"
    if folded.endswith(("街道", "镇")):
        return "street"
    if folded.endswith(("集团", "公司")):
        return "enterprise"
    if folded.startswith("区"):
        return "department"
    return ""


def _texts(value: Iterable[str]) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(value)


@attrs.frozen(repr=False)
class UnitGroup:
    """A group of units a plan names as one party (区安委会成员单位, 各街镇…).

    Args:
        name: The group's name as printed.
        kinds: Unit kinds that belong (``department``, ``street``, ``enterprise``,
            ``office``).
        members: Units that belong by name, whatever their kind.
        relevant: "有关": only the members a task concerns; a unit reached through it
            may record a task as not applicable.
        aliases: Other spellings that mean this group (有关成员单位).
        note: Why the membership is what it is (the seeds rarely say).

    >>> UnitGroup("各街镇", kinds=("street",)).includes("长征镇")
    True
    """

    name: str
    kinds: tuple[str, ...] = attrs.field(default=(), converter=_texts)
    members: tuple[str, ...] = attrs.field(default=(), converter=_texts)
    relevant: bool = False
    aliases: tuple[str, ...] = attrs.field(default=(), converter=_texts)
    note: str = ""

    def __attrs_post_init__(self) -> None:
        for kind in self.kinds:
            if kind not in UNIT_KINDS:
                raise WorkPlanError(
                    self.name, "kinds", kind, f"must be one of {', '.join(UNIT_KINDS)}"
                )

    def __repr__(self) -> str:
        return code_repr(self)

    def includes(self, unit: str) -> bool:
        """Whether *unit* (a canonical name) belongs to the group."""
        folded = normalise_unit(unit)
        if folded in (normalise_unit(m) for m in self.members):
            return True
        kind = unit_kind(folded)
        return bool(kind) and kind in self.kinds


@attrs.frozen(repr=False)
class Party:
    """One entry of a task's 责任单位 or 配合单位: a named unit or a group."""

    name: str
    group: bool = False

    def __repr__(self) -> str:
        return code_repr(self)


def parse_parties(
    text: str, groups: Mapping[str, str] = {}, aliases: Mapping[str, str] = {}
) -> tuple[Party, ...]:
    """Read a 责任单位/配合单位 cell into parties.

    Args:
        text: The cell as printed, units separated by 、.
        groups: Group spelling (name or alias, folded) → the group's name.
        aliases: Unit alias (folded) → canonical unit name.

    Returns:
        The parties in printed order.

    Raises:
        WorkPlanError: "等" is followed by something that is not a group, or a party
            repeats.

    >>> parse_parties("区应急局、区建管委等", {"有关成员单位": "区安委会有关成员单位"})
    (Party('区应急局'), Party('区建管委'), Party('区安委会有关成员单位', group=True))
    """

    def one(piece: str) -> Party:
        if piece in groups:
            return Party(groups[piece], group=True)
        return Party(aliases.get(piece, piece))

    parties: list[Party] = []
    for raw in text.replace("，", "、").replace(",", "、").split("、"):
        piece = normalise_unit(raw)
        if not piece:
            continue
        if piece not in groups and "等" in piece:
            before, after = piece.split("等", 1)
            after = after or _BARE_ETC
            if after not in groups:
                raise WorkPlanError(text, "party", raw, f"has '等{after}', which is not a group")
            found = [one(before)] if before else []
            found.append(Party(groups[after], group=True))
        else:
            found = [one(piece)]
        for party in found:
            if party in parties:
                raise WorkPlanError(text, "party", party.name, "is named twice")
            parties.append(party)
    return tuple(parties)


def _positive(instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
        raise WorkPlanError("", attribute.name, value, "must be a whole number > 0")


def _parties(value: Iterable[Party]) -> tuple[Party, ...]:
    return tuple(value)


@attrs.frozen(repr=False)
class Task:
    """One row of a work plan.

    Args:
        id: The row's 序号 (1, 2, …).
        category: 工作目标任务, first column (年度目标, 部署发动, 开展…行动).
        goal: 工作目标任务, second column: the task's short title.
        content: The task's content as printed.
        span: The 时间节点, parsed for the plan year (``span.text`` keeps it as printed).
        lead: 责任单位, as parties.
        cooperating: 配合单位, as parties.
        lead_text: 责任单位 as printed.
        cooperating_text: 配合单位 as printed.
    """

    id: int = attrs.field(validator=_positive)
    category: str
    goal: str
    content: str
    span: DateSpan
    lead: tuple[Party, ...] = attrs.field(converter=_parties)
    cooperating: tuple[Party, ...] = attrs.field(default=(), converter=_parties)
    lead_text: str = ""
    cooperating_text: str = ""

    def __attrs_post_init__(self) -> None:
        if not self.lead:
            raise WorkPlanError(f"task {self.id}", "lead", self.lead, "must name a unit")

    def __repr__(self) -> str:
        return code_repr(self)

    @property
    def title(self) -> str:
        """The task's short title (its goal)."""
        return self.goal

    @property
    def when(self) -> str:
        """The 时间节点 as printed."""
        return self.span.text

    @property
    def due(self) -> _dt.date:
        """The deadline."""
        return self.span.last


@attrs.frozen
class Assignment:
    """How one unit is tied to one task.

    Attributes:
        task: The task.
        unit: The unit's canonical name.
        role: ``lead`` (责任单位) or ``cooperating`` (配合单位).
        via: The party that reached the unit: its own name or a group's name.
        relevant: Reached through an "有关" group: the unit may record 不涉及.
    """

    task: Task
    unit: str
    role: Role
    via: str
    relevant: bool = False


def _check_state(instance: ProgressEntry, attribute: attrs.Attribute[str], value: str) -> None:
    if value not in PROGRESS_STATES:
        raise WorkPlanError(
            f"task {instance.task} unit {instance.unit!r}",
            attribute.name,
            value,
            f"must be one of {', '.join(PROGRESS_STATES)}",
        )


@attrs.frozen
class ProgressEntry:
    """One unit's progress on one task.

    Attributes:
        task: The task id.
        unit: The unit's canonical name.
        state: ``done``, ``in_progress``, ``not_started`` or ``not_applicable`` (不涉及).
        done_on: The day it was done (``done`` only).
        note: Free text.
        source: Where the record came from (file and line).
    """

    task: int
    unit: str
    state: ProgressState = attrs.field(validator=_check_state)
    done_on: _dt.date | None = None
    note: str = ""
    source: str = ""

    def __attrs_post_init__(self) -> None:
        where = f"task {self.task} unit {self.unit!r}"
        if self.state == "done" and not isinstance(self.done_on, _dt.date):
            raise WorkPlanError(where, "done_on", self.done_on, "must be the day it was done")
        if self.state != "done" and self.done_on is not None:
            raise WorkPlanError(where, "done_on", self.done_on, "is only for state='done'")

    def done_by(self, as_of: _dt.date) -> _dt.date | None:
        """The day it was done, if that is on or before *as_of*."""
        if self.done_on is not None and self.done_on <= as_of:
            return self.done_on
        return None


def _entries(value: Iterable[ProgressEntry]) -> tuple[ProgressEntry, ...]:
    return tuple(value)


@attrs.frozen
class Progress:
    """Progress records of one plan: at most one per task and unit.

    >>> Progress("putuo-2024-workplan", ()).entry(1, "区应急局") is None
    True
    """

    plan: str
    entries: tuple[ProgressEntry, ...] = attrs.field(default=(), converter=_entries)

    def __attrs_post_init__(self) -> None:
        seen: set[tuple[int, str]] = set()
        for entry in self.entries:
            key = (entry.task, entry.unit)
            if key in seen:
                raise WorkPlanError(
                    entry.source, f"task {entry.task}", entry.unit, _("has two progress records")
                )
            seen.add(key)

    def entry(self, task: int, unit: str) -> ProgressEntry | None:
        """The record of *unit* on *task*, or ``None``."""
        for entry in self.entries:
            if entry.task == task and entry.unit == unit:
                return entry
        return None

    def for_task(self, task: int) -> tuple[ProgressEntry, ...]:
        """Every record on *task*, in file order."""
        return tuple(entry for entry in self.entries if entry.task == task)


@attrs.frozen
class TaskReport:
    """A task's status on a day, overall or for one unit.

    Attributes:
        task: The task.
        status: One of the task statuses (按期完成, 逾期完成, 逾期未完成, 本月到期, 未到期,
            不涉及).
        state: The progress recorded as of that day: ``done``, ``in_progress``,
            ``not_started`` or ``not_applicable``.
        done_on: The day it was done (the last responsible unit's day), if done.
        assignment: For a unit: how the unit is tied to the task.
        waiting: Overall: the responsible lead units not done yet.
    """

    task: Task
    status: TaskStatus
    state: ProgressState
    done_on: _dt.date | None = None
    assignment: Assignment | None = None
    waiting: tuple[str, ...] = ()


def _to_tasks(value: Iterable[Task]) -> tuple[Task, ...]:
    return tuple(value)


def _to_groups(value: Iterable[UnitGroup]) -> tuple[UnitGroup, ...]:
    return tuple(value)


def _to_aliases(
    value: Mapping[str, str] | Iterable[tuple[str, str]],
) -> tuple[tuple[str, str], ...]:
    pairs = value.items() if isinstance(value, Mapping) else value
    return tuple((str(alias), str(name)) for alias, name in pairs)


@attrs.frozen(repr=False)
class WorkPlan:
    """A year's work plan: tasks with deadlines, lead and cooperating units.

    Args:
        id: Stable id, e.g. ``"putuo-2024-workplan"``.
        title: The table's title as printed.
        year: The plan year (bare months belong to it).
        tasks: The rows, ids unique.
        groups: The groups the rows name, with their declared membership.
        aliases: Other spellings of unit names, alias → canonical name.
        document: The document the table comes from.
        source: Where in it (附件 1).
        note: What was decided where the source is silent.

    >>> from assessment_rules.calendar import load_workplan
    >>> plan = load_workplan("putuo-2024-workplan")
    >>> len(plan.tasks), plan.task(4).due
    (35, datetime.date(2024, 3, 31))
    """

    id: str
    title: str
    year: int
    tasks: tuple[Task, ...] = attrs.field(converter=_to_tasks)
    groups: tuple[UnitGroup, ...] = attrs.field(default=(), converter=_to_groups)
    aliases: tuple[tuple[str, str], ...] = attrs.field(default=(), converter=_to_aliases)
    document: str = ""
    source: str = ""
    note: str = ""

    def __attrs_post_init__(self) -> None:
        seen: set[int] = set()
        names = {group.name for group in self.groups}
        for task in self.tasks:
            if task.id in seen:
                raise WorkPlanError(self.id, "task", task.id, "must be unique")
            seen.add(task.id)
            for party in (*task.lead, *task.cooperating):
                if party.group and party.name not in names:
                    raise WorkPlanError(
                        f"{self.id} task {task.id}", "group", party.name, "is not a declared group"
                    )

    def __repr__(self) -> str:
        return code_repr(self)

    def task(self, id: int) -> Task:
        """Return the task with *id*.

        Raises:
            WorkPlanError: No such task.
        """
        for task in self.tasks:
            if task.id == id:
                return task
        raise WorkPlanError(
            self.id, "task", id, _("is not a task (1–{count})").format(count=len(self.tasks))
        )

    def group(self, name: str) -> UnitGroup | None:
        """The group called *name* (or one of its aliases), or ``None``."""
        folded = normalise_unit(name)
        for group in self.groups:
            if folded == normalise_unit(group.name) or folded in map(normalise_unit, group.aliases):
                return group
        return None

    def canonical(self, unit: str) -> str:
        """The plan's spelling of *unit*: folded, aliases resolved.

        >>> from assessment_rules.calendar import load_workplan
        >>> load_workplan("putuo-2024-workplan").canonical("区安委办")
        '区安委会办公室'
        """
        folded = normalise_unit(unit)
        for alias, name in self.aliases:
            if normalise_unit(alias) == folded:
                return name
        group = self.group(folded)
        return group.name if group is not None else folded

    @property
    def named_units(self) -> tuple[str, ...]:
        """Every unit the plan names (not groups), in order of first mention."""
        found: dict[str, None] = {}
        for task in self.tasks:
            for party in (*task.lead, *task.cooperating):
                if not party.group:
                    found.setdefault(party.name, None)
        return tuple(found)

    def check_unit(self, unit: str) -> str:
        """Return *unit*'s canonical name, or fail if no task can concern it.

        Raises:
            WorkPlanError: The name is neither named in the plan, a group, nor a member of
                any group (with a "Did you mean …?" hint).
        """
        name = self.canonical(unit)
        if name in self.named_units or self.group(name) is not None:
            return name
        if any(group.includes(name) for group in self.groups):
            return name
        candidates = [*self.named_units, *(g.name for g in self.groups)]
        raise WorkPlanError(
            self.id,
            "unit",
            unit,
            _(
                "is not named in the plan and belongs to none of its groups "
                "(a department's name starts with 区, a street's ends with 街道 or 镇)"
            ),
            did_you_mean(name, candidates),
        )

    def assignment(self, task: Task, unit: str) -> Assignment | None:
        """How *unit* (a canonical name) is tied to *task*, or ``None``."""
        asked = self.group(unit)
        found: list[tuple[int, Assignment]] = []
        sides: tuple[tuple[Role, tuple[Party, ...]], ...] = (
            ("lead", task.lead),
            ("cooperating", task.cooperating),
        )
        for role, parties in sides:
            for party in parties:
                group = self.group(party.name) if party.group else None
                if asked is not None:
                    hit, rank = party.group and party.name == asked.name, 0
                elif group is not None:
                    hit, rank = group.includes(unit), 2
                else:
                    hit, rank = party.name == unit, 0
                if hit:
                    relevant = group is not None and group.relevant and asked is None
                    order = rank + (0 if role == "lead" else 1)
                    found.append((order, Assignment(task, unit, role, party.name, relevant)))
        if not found:
            return None
        return min(found, key=lambda pair: pair[0])[1]

    def tasks_of(self, unit: str) -> tuple[Assignment, ...]:
        """Every task that concerns *unit*, in plan order.

        Raises:
            WorkPlanError: The unit is unknown (see :meth:`check_unit`).
        """
        name = self.check_unit(unit)
        found = (self.assignment(task, name) for task in self.tasks)
        return tuple(a for a in found if a is not None)

    def report(self, task: Task, as_of: _dt.date, progress: Progress | None = None) -> TaskReport:
        """A task's overall status on *as_of* (see the module notes for who must be done)."""
        progress = progress or Progress(self.id)
        entries = {entry.unit: entry for entry in progress.for_task(task.id)}
        responsible = [p.name for p in task.lead if not p.group]
        for unit in entries:
            tie = self.assignment(task, unit)
            if tie is not None and tie.role == "lead" and unit not in responsible:
                responsible.append(unit)
        responsible = [u for u in responsible if _state(entries.get(u)) != "not_applicable"]
        days = {u: entries[u].done_by(as_of) if u in entries else None for u in responsible}
        waiting = tuple(u for u, day in days.items() if day is None)
        if responsible and not waiting:
            done_on = max(day for day in days.values() if day is not None)
            return TaskReport(task, status_on(task.due, done_on, as_of), "done", done_on)
        moving = any(
            entry.state == "in_progress" or entry.done_by(as_of) is not None
            for unit, entry in entries.items()
            if unit in responsible
        )
        state: ProgressState = "in_progress" if moving else "not_started"
        return TaskReport(
            task, status_on(task.due, None, as_of), state, None, waiting=waiting or ()
        )

    def unit_report(
        self, assignment: Assignment, as_of: _dt.date, progress: Progress | None = None
    ) -> TaskReport:
        """One unit's status on its task on *as_of*."""
        task = assignment.task
        entry = (progress or Progress(self.id)).entry(task.id, assignment.unit)
        state = _state(entry)
        if state == "not_applicable":
            return TaskReport(task, "not_applicable", state, None, assignment)
        done_on = entry.done_by(as_of) if entry is not None else None
        if state == "done" and done_on is None:
            state = "in_progress"
        return TaskReport(task, status_on(task.due, done_on, as_of), state, done_on, assignment)

    def status(
        self, as_of: _dt.date, progress: Progress | None = None, unit: str | None = None
    ) -> tuple[TaskReport, ...]:
        """Every task's status on *as_of*; with *unit*, only that unit's tasks.

        Args:
            as_of: The day.
            progress: The records; none means nothing is done.
            unit: A unit or group name.

        Returns:
            One report per task, in plan order.

        Raises:
            WorkPlanError: The unit is unknown.
        """
        if unit is None:
            return tuple(self.report(task, as_of, progress) for task in self.tasks)
        return tuple(self.unit_report(a, as_of, progress) for a in self.tasks_of(unit))

    def completion(
        self, unit: str, as_of: _dt.date, progress: Progress | None = None
    ) -> Completion:
        """Count how the tasks *unit* leads stand on *as_of* (for scoring).

        Raises:
            WorkPlanError: The unit is unknown.
        """
        reports = [r for r in self.status(as_of, progress, unit) if _role(r) == "lead"]

        def ids(*statuses: str) -> tuple[int, ...]:
            return tuple(r.task.id for r in reports if r.status in statuses)

        return Completion(
            self.check_unit(unit),
            as_of,
            on_time=ids("done_on_time"),
            late=ids("done_late"),
            overdue=ids("overdue"),
            open=ids("due_this_month", "not_yet_due"),
            not_applicable=ids("not_applicable"),
        )


def _role(report: TaskReport) -> str:
    return report.assignment.role if report.assignment is not None else ""


def _state(entry: ProgressEntry | None) -> ProgressState:
    return entry.state if entry is not None else "not_started"


def _ids(value: Iterable[int]) -> tuple[int, ...]:
    return tuple(value)


@attrs.frozen
class Completion:
    """How the tasks one unit leads stand on a day, and the score they earn.

    Attributes:
        unit: The unit.
        as_of: The day.
        on_time: Tasks done by their deadline.
        late: Tasks done after their deadline.
        overdue: Tasks not done, deadline passed.
        open: Tasks not done, deadline not passed (not decided yet).
        not_applicable: Tasks the unit recorded as 不涉及.

    >>> c = Completion("区应急局", _dt.date(2025, 1, 15), on_time=(1, 2, 3, 4, 5, 6, 7),
    ...                late=(8, 9), overdue=(10,))
    >>> c.score("10")
    Decimal('8.00')
    """

    unit: str
    as_of: _dt.date
    on_time: tuple[int, ...] = attrs.field(default=(), converter=_ids)
    late: tuple[int, ...] = attrs.field(default=(), converter=_ids)
    overdue: tuple[int, ...] = attrs.field(default=(), converter=_ids)
    open: tuple[int, ...] = attrs.field(default=(), converter=_ids)
    not_applicable: tuple[int, ...] = attrs.field(default=(), converter=_ids)

    @property
    def decided(self) -> int:
        """Tasks whose outcome is known: done (on time or late) or overdue."""
        return len(self.on_time) + len(self.late) + len(self.overdue)

    def score(
        self, points: Decimal | str | int, *, late_credit: Decimal | str = "0.5", places: int = 2
    ) -> Decimal:
        """The item's score: ``points × (on time + late_credit × late) ÷ decided``.

        Rounded half up to *places* (exact fraction first). Tasks not yet due and tasks
        recorded as 不涉及 do not count; with nothing decided the score is ``points``
        (nothing has failed).

        Args:
            points: The item's points, e.g. ``"10"``.
            late_credit: The share of a task's credit a late completion keeps (0–1).
            places: Decimal places of the score.

        Raises:
            WorkPlanError: ``points`` < 0 or ``late_credit`` outside 0–1.
        """
        full = as_decimal(points)
        credit = as_decimal(late_credit)
        if full < 0:
            raise WorkPlanError(self.unit, "points", points, "must be ≥ 0")
        if not ZERO <= credit <= 1:
            raise WorkPlanError(self.unit, "late_credit", late_credit, "must be from 0 to 1")
        if self.decided == 0:
            return divide_rounded(full, Decimal(1), places)
        earned = Decimal(len(self.on_time)) + credit * len(self.late)
        return divide_rounded(full * earned, Decimal(self.decided), places)

    def facts(
        self, *, overdue: str = "tasks_overdue", late: str = "tasks_done_late"
    ) -> dict[str, int]:
        """Counts a ``Deduct(..., shape="each")`` can read instead of :meth:`score`.

        >>> Completion("区应急局", _dt.date(2025, 1, 15), late=(8,), overdue=(10, 11)).facts()
        {'tasks_overdue': 2, 'tasks_done_late': 1}
        """
        return {overdue: len(self.overdue), late: len(self.late)}

    def reason(self) -> str:
        """The standing in words, naming the late and overdue tasks.

        >>> Completion("区应急局", _dt.date(2025, 1, 15), on_time=(1,), overdue=(10,)).reason()
        '牵头任务按期完成1项，逾期完成0项，逾期未完成1项（第10项）'
        """
        text = f"牵头任务按期完成{len(self.on_time)}项，逾期完成{len(self.late)}项"
        if self.late:
            text += f"（{_numbers(self.late)}）"
        text += f"，逾期未完成{len(self.overdue)}项"
        if self.overdue:
            text += f"（{_numbers(self.overdue)}）"
        if self.open:
            text += f"；未到期{len(self.open)}项"
        if self.not_applicable:
            text += f"；不涉及{len(self.not_applicable)}项"
        return text


def _numbers(ids: tuple[int, ...]) -> str:
    return "第" + "、".join(fmt(i) for i in ids) + "项"
