"""Invariants of dates, deadlines, task statuses and the completion score."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from assessment_rules.calendar import (
    STATUS_ORDER,
    Completion,
    Progress,
    ProgressEntry,
    check_submission,
    lateness_facts,
    load_workplan,
    month_end,
    parse_when,
    status_on,
)

DAYS = st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31))
PLAN = load_workplan("putuo-2024-workplan")
YEAR = st.integers(min_value=2000, max_value=2099)
MONTH = st.integers(min_value=1, max_value=12)


class TestStatusMonotone:
    @given(due=DAYS, done=st.none() | DAYS, first=DAYS, second=DAYS)
    def test_status_never_moves_back(
        self, due: date, done: date | None, first: date, second: date
    ) -> None:
        """With the progress fixed, a later as-of day never gives an earlier status."""
        early, late = sorted((first, second))
        assert STATUS_ORDER[status_on(due, done, early)] <= STATUS_ORDER[status_on(due, done, late)]

    @given(due=DAYS, done=DAYS, gap=st.integers(min_value=0, max_value=4000))
    def test_done_stays_done_the_same_way(self, due: date, done: date, gap: int) -> None:
        """Once done, the status is fixed: on time or late by the done day alone."""
        as_of = done + timedelta(days=gap)
        expected = "done_on_time" if done <= due else "done_late"
        assert status_on(due, done, as_of) == expected

    @given(
        number=st.integers(min_value=1, max_value=35),
        offsets=st.lists(st.none() | st.integers(min_value=-200, max_value=200), max_size=6),
        first=st.dates(min_value=date(2024, 1, 1), max_value=date(2025, 6, 30)),
        second=st.dates(min_value=date(2024, 1, 1), max_value=date(2025, 6, 30)),
    )
    def test_plan_task_status_never_moves_back(
        self, number: int, offsets: list[int | None], first: date, second: date
    ) -> None:
        """A real task's overall status, with records of its named leads, is monotone in the day."""
        task = PLAN.task(number)
        named = [p.name for p in task.lead if not p.group]
        entries = [
            ProgressEntry(number, unit, "in_progress")
            if offset is None
            else ProgressEntry(number, unit, "done", task.due + timedelta(days=offset))
            for unit, offset in zip(named, offsets, strict=False)
        ]
        progress = Progress(PLAN.id, entries)
        early, late = sorted((first, second))
        before = PLAN.report(task, early, progress).status
        after = PLAN.report(task, late, progress).status
        assert STATUS_ORDER[before] <= STATUS_ORDER[after]


class TestDateExpressions:
    @given(year=YEAR, month=MONTH)
    def test_bare_month_is_due_on_its_last_day(self, year: int, month: int) -> None:
        """A bare "N月" runs from the 1st to the month's last day, whatever the month and year."""
        span = parse_when(f"{month}月", year)
        assert (span.first, span.last) == (date(year, month, 1), month_end(year, month))
        assert (span.last + timedelta(days=1)).day == 1

    @given(year=YEAR, month=MONTH)
    def test_xun_partition_the_month(self, year: int, month: int) -> None:
        """上旬, 中旬 and 下旬 follow each other without gap and end on the month's last day."""
        upper, middle, lower = (parse_when(f"{month}月{x}", year) for x in ("上旬", "中旬", "下旬"))
        assert upper.first == date(year, month, 1)
        assert upper.last + timedelta(days=1) == middle.first
        assert middle.last + timedelta(days=1) == lower.first
        assert lower.last == month_end(year, month)

    @given(day=DAYS)
    def test_by_a_day_is_due_that_day(self, day: date) -> None:
        """A "Y年M月D日前" expression is due on that very day and has no first day."""
        span = parse_when(f"{day.year}年{day.month}月{day.day}日前", 2000)
        assert (span.first, span.last) == (None, day)

    @given(year=YEAR, month=MONTH)
    def test_next_year_shifts_by_one_year(self, year: int, month: int) -> None:
        """A "次年N月" expression is "N月" of the following plan year."""
        shifted = parse_when(f"次年{month}月", year)
        plain = parse_when(f"{month}月", year + 1)
        assert (shifted.first, shifted.last) == (plain.first, plain.last)


class TestSubmissions:
    @given(due=DAYS, submitted=st.none() | DAYS, as_of=st.none() | DAYS)
    def test_late_and_missing_never_together(
        self, due: date, submitted: date | None, as_of: date | None
    ) -> None:
        """A submission is never both late and missing, and only a late one has days."""
        facts = lateness_facts(due, submitted, as_of)
        assert not (facts["late_submission"] and facts["submission_missing"])
        assert (facts["days_late"] > 0) == bool(facts["late_submission"])

    @given(due=DAYS, submitted=DAYS)
    def test_days_late_is_the_gap(self, due: date, submitted: date) -> None:
        """Days late is submitted − due when positive, else zero, and on time is ≤ due."""
        check = check_submission(due, submitted)
        assert check.days_late == max(0, (submitted - due).days)
        assert (check.status == "on_time") == (submitted <= due)


COUNTS = st.integers(min_value=0, max_value=20)
POINTS = st.integers(min_value=0, max_value=400).map(lambda n: Decimal(n) / 4)
CREDIT = st.integers(min_value=0, max_value=10).map(lambda n: Decimal(n) / 10)


def _completion(on_time: int, late: int, overdue: int) -> Completion:
    ids = iter(range(1, 100))
    return Completion(
        "x",
        date(2025, 1, 15),
        on_time=[next(ids) for _ in range(on_time)],
        late=[next(ids) for _ in range(late)],
        overdue=[next(ids) for _ in range(overdue)],
    )


class TestCompletionScore:
    @given(on_time=COUNTS, late=COUNTS, overdue=COUNTS, points=POINTS, credit=CREDIT)
    def test_score_within_zero_and_points(
        self, on_time: int, late: int, overdue: int, points: Decimal, credit: Decimal
    ) -> None:
        """The score is never below 0 nor above the item's points."""
        score = _completion(on_time, late, overdue).score(points, late_credit=credit)
        assert Decimal(0) <= score <= points

    @given(on_time=COUNTS, late=COUNTS, overdue=st.integers(1, 20), points=POINTS, credit=CREDIT)
    def test_finishing_an_overdue_task_never_lowers_the_score(
        self, on_time: int, late: int, overdue: int, points: Decimal, credit: Decimal
    ) -> None:
        """Turning one overdue task into a late one cannot lower the score."""
        before = _completion(on_time, late, overdue).score(points, late_credit=credit)
        after = _completion(on_time, late + 1, overdue - 1).score(points, late_credit=credit)
        assert after >= before
