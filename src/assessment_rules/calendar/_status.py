"""Deadlines against dates: task statuses, on-time / late / missing submissions, lateness facts.

Deadlines are inclusive: something due on 11 月 20 日 and handed in that day is on time;
the day after it is late. A completion or submission dated after the as-of day has not
happened yet as of that day, so every status is a function of (deadline, date done,
as-of day) and never of the clock.
"""

from __future__ import annotations

import datetime as _dt
from typing import Final, Literal

import attrs

from ..engine._errors import AssessmentRulesError
from ._dates import same_month

__all__ = [
    "STATUS_LABELS",
    "STATUS_ORDER",
    "SUBMISSION_LABELS",
    "SubmissionCheck",
    "TaskStatus",
    "check_submission",
    "lateness_facts",
    "status_on",
]

TaskStatus = Literal[
    "done_on_time", "done_late", "overdue", "due_this_month", "not_yet_due", "not_applicable"
]
SubmissionStatus = Literal["on_time", "late", "missing", "pending"]

STATUS_LABELS: Final[dict[str, str]] = {
    "done_on_time": "按期完成",
    "done_late": "逾期完成",
    "overdue": "逾期未完成",
    "due_this_month": "本月到期",
    "not_yet_due": "未到期",
    "not_applicable": "不涉及",
}
"""Chinese labels of the task statuses, as shown in tables."""

STATUS_ORDER: Final[dict[str, int]] = {
    "not_yet_due": 0,
    "due_this_month": 1,
    "overdue": 2,
    "done_late": 3,
    "done_on_time": 3,
}
"""How far a status has moved: with the progress fixed, it never goes down as the as-of
day moves later (``not_applicable`` stays what it is and is left out)."""

SUBMISSION_LABELS: Final[dict[str, str]] = {
    "on_time": "按时报送",
    "late": "逾期报送",
    "missing": "逾期未报",
    "pending": "未到截止日",
}
"""Chinese labels of the submission statuses."""

_SETTLED: Final[dict[str, TaskStatus]] = {
    "on_time": "done_on_time",
    "late": "done_late",
    "missing": "overdue",
}


def status_on(due: _dt.date, done_on: _dt.date | None, as_of: _dt.date) -> TaskStatus:
    """Return a task's status on *as_of*, from its deadline and the day it was done.

    Args:
        due: The deadline (inclusive).
        done_on: The day it was done, or ``None`` if it is not done; a day after
            *as_of* counts as not done yet.
        as_of: The day the status is taken.

    Returns:
        ``done_on_time`` (done by the deadline), ``done_late`` (done after it),
        ``overdue`` (not done and the deadline has passed), ``due_this_month`` (not done,
        deadline later this month or today) or ``not_yet_due``.

    >>> due = _dt.date(2024, 12, 31)
    >>> status_on(due, None, _dt.date(2024, 12, 31)), status_on(due, None, _dt.date(2025, 1, 1))
    ('due_this_month', 'overdue')
    """
    # A task is done on time exactly when a submission on that day would be: one rule.
    settled = check_submission(due, done_on, as_of).status
    if settled != "pending":
        return _SETTLED[settled]
    return "due_this_month" if same_month(as_of, due) else "not_yet_due"


@attrs.frozen
class SubmissionCheck:
    """Whether one submission came in on time.

    Attributes:
        due: The deadline (inclusive).
        submitted: The day it came in, or ``None``.
        status: ``on_time``, ``late``, ``missing`` (deadline passed, nothing in) or
            ``pending`` (nothing in yet, deadline not passed).
        days_late: Days after the deadline it came in (0 unless ``late``).
    """

    due: _dt.date
    submitted: _dt.date | None
    status: SubmissionStatus
    days_late: int = 0

    @property
    def label(self) -> str:
        """The Chinese label of the status (按时报送, 逾期报送, 逾期未报, 未到截止日)."""
        return SUBMISSION_LABELS[self.status]


def check_submission(
    due: _dt.date, submitted: _dt.date | None, as_of: _dt.date | None = None
) -> SubmissionCheck:
    """Decide whether a submission was on time, late or missing.

    Args:
        due: The deadline, inclusive (on the day itself is on time).
        submitted: The day it came in, or ``None`` when it has not.
        as_of: The day the check is made; ``None`` means the assessment is closed, so
            nothing handed in is ``missing``. A submission dated after *as_of* has not
            come in yet.

    Returns:
        The check, with ``days_late`` counted in calendar days.

    >>> check_submission(_dt.date(2020, 10, 31), _dt.date(2020, 11, 2)).days_late
    2
    """
    if submitted is not None and (as_of is None or submitted <= as_of):
        if submitted <= due:
            return SubmissionCheck(due, submitted, "on_time")
        return SubmissionCheck(due, submitted, "late", (submitted - due).days)
    if as_of is not None and as_of <= due:
        return SubmissionCheck(due, None, "pending")
    return SubmissionCheck(due, None, "missing")


def lateness_facts(
    due: _dt.date,
    submitted: _dt.date | None,
    as_of: _dt.date | None = None,
    *,
    late: str | None = "late_submission",
    missing: str | None = "submission_missing",
    days: str | None = "days_late",
) -> dict[str, bool | int]:
    """Turn a submission date and its deadline into the fact values a ``Deduct`` reads.

    A rulebook declares how lateness costs points, for example
    ``Deduct("late_submission", "逾期报送自查材料", rate="1")`` (a flag),
    ``Deduct("submission_missing", "逾期不报", rate="2")`` or
    ``Deduct("days_late", "逾期报送", rate="0.1", shape="each", unit="天")``; this helper
    only fills in the facts. ``late`` and ``missing`` never hold together, so a rulebook
    may deduct for each without counting one lapse twice; ``days`` counts the days of a
    late submission (0 when on time, pending or missing).

    Args:
        due: The deadline (inclusive).
        submitted: The day it came in, or ``None``.
        as_of: As in :func:`check_submission`.
        late: Name of the flag fact "handed in after the deadline", or ``None`` to omit.
        missing: Name of the flag fact "not handed in by the as-of day after the
            deadline", or ``None`` to omit.
        days: Name of the count fact "days late", or ``None`` to omit.

    Returns:
        Fact name → value, ready to merge into a unit's ``Evidence``.

    Raises:
        AssessmentRulesError: Two fact names are the same.

    >>> lateness_facts(_dt.date(2024, 11, 20), _dt.date(2024, 11, 22))
    {'late_submission': True, 'submission_missing': False, 'days_late': 2}
    """
    names = [name for name in (late, missing, days) if name is not None]
    if len(set(names)) != len(names):
        raise AssessmentRulesError("", "facts", tuple(names), "must be three different names")
    check = check_submission(due, submitted, as_of)
    facts: dict[str, bool | int] = {}
    if late is not None:
        facts[late] = check.status == "late"
    if missing is not None:
        facts[missing] = check.status == "missing"
    if days is not None:
        facts[days] = check.days_late
    return facts
