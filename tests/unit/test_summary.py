"""The cohort summary: grade distribution, exact mean and median, clauses lost most."""

from __future__ import annotations

from decimal import Decimal

import pytest

from assessment_rules import Deduct, Item, Rulebook, Section, UnitResult
from assessment_rules.cohorts._summary import summarize

BOOK = Rulebook(
    "tiny",
    "示例",
    points="10",
    children=(
        Section(
            "org",
            "组织领导",
            points="10",
            children=(
                Item(
                    "plan",
                    "年度计划",
                    points="10",
                    children=(
                        Deduct("no_plan", "未制定年度计划", rate="2", default=False),
                        Deduct("late", "逾期报送", rate="0.5", shape="each", default=0),
                    ),
                ),
            ),
        ),
    ),
)
TITLES = ("优秀", "良好", "合格", "不合格")


def results(*facts: dict[str, object]) -> list[UnitResult]:
    """Score each fact mapping against the tiny rulebook."""
    return [BOOK.evaluate(f) for f in facts]


class TestSummarize:
    def test_terminating_mean_is_exact(self) -> None:
        """Totals 8, 9.5, 10 and 10 average exactly 9.375."""
        found = results({"no_plan": True}, {"late": 1}, {}, {})
        summary = summarize(found, [r.grade for r in found], TITLES)
        # (8 + 9.5 + 10 + 10) / 4 = 37.5 / 4 = 9.375, a terminating decimal.
        assert (summary.mean, summary.mean_exact) == (Decimal("9.375"), True)
        # Sorted 8, 9.5, 10, 10: the median is (9.5 + 10) / 2 = 9.75.
        assert summary.median == Decimal("9.75")

    def test_non_terminating_mean_is_rounded_and_flagged(self) -> None:
        """Totals 8, 10, 10 average 28/3, given half up as 9.3333 and flagged inexact."""
        found = results({"no_plan": True}, {}, {})
        summary = summarize(found, [r.grade for r in found], TITLES)
        assert (summary.mean, summary.mean_exact, summary.median) == (
            Decimal("9.3333"),
            False,
            Decimal("10"),
        )

    def test_distribution_lists_every_grade_in_rulebook_order(self) -> None:
        """Grades absent from the cohort are listed with 0, highest first."""
        found = results({}, {})
        summary = summarize(found, ["良好", "不合格"], TITLES)
        assert summary.grades == (("优秀", 0), ("良好", 1), ("合格", 0), ("不合格", 1))

    def test_losses_sum_counted_points_per_clause_most_first(self) -> None:
        """Plan lost by one unit (2) ranks above lateness lost by two units (0.5 + 1)."""
        found = results({"no_plan": True}, {"late": 1}, {"late": 2})
        losses = summarize(found, [r.grade for r in found], TITLES).losses
        # no_plan: 2 (one unit); late: 0.5 + 1 = 1.5 (two units).
        assert [(loss.path, loss.points, loss.units) for loss in losses] == [
            ("org.plan.no_plan", Decimal("2"), 1),
            ("org.plan.late", Decimal("1.5"), 2),
        ]

    def test_empty_cohort_has_no_summary(self) -> None:
        """Summarising no results is an error, not a division by zero."""
        with pytest.raises(ValueError, match="empty"):
            summarize([], [])
