"""The cohort summary: grade distribution, exact mean and median, clauses lost most."""

from __future__ import annotations

from decimal import Decimal

import pytest

from assessment_rules import Deduct, Item, Rulebook, Section, UnitResult, Veto
from assessment_rules.cohorts._summary import summarize
from assessment_rules.combinators import Requirement

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
    def test_mean_within_two_places_is_exact(self) -> None:
        """Totals 8, 9.5, 10 and 9.5 average exactly 9.25."""
        found = results({"no_plan": True}, {"late": 1}, {}, {"late": 1})
        summary = summarize(found, [r.grade for r in found], TITLES)
        # (8 + 9.5 + 10 + 9.5) / 4 = 37 / 4 = 9.25: two places, exact.
        assert (summary.mean, summary.mean_exact) == (Decimal("9.25"), True)
        # Sorted 8, 9.5, 9.5, 10: the median is (9.5 + 9.5) / 2 = 9.5.
        assert summary.median == Decimal("9.5")

    def test_mean_of_three_places_is_rounded_as_on_screen(self) -> None:
        """Totals 8, 9.5, 10 and 10 average 9.375, given half up as 9.38 (as printed)."""
        found = results({"no_plan": True}, {"late": 1}, {}, {})
        summary = summarize(found, [r.grade for r in found], TITLES)
        # 37.5 / 4 = 9.375 terminates, but in 3 places: half up to 9.38, flagged.
        assert (summary.mean, summary.mean_exact) == (Decimal("9.38"), False)
        # Sorted 8, 9.5, 10, 10: the median is (9.5 + 10) / 2 = 9.75.
        assert summary.median == Decimal("9.75")

    def test_non_terminating_mean_is_rounded_and_flagged(self) -> None:
        """Totals 8, 10, 10 average 28/3, given half up as 9.33 and flagged inexact."""
        found = results({"no_plan": True}, {}, {})
        summary = summarize(found, [r.grade for r in found], TITLES)
        assert (summary.mean, summary.mean_exact, summary.median) == (
            Decimal("9.33"),
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


GATED = Rulebook(
    "tiny-gated",
    "示例（有申报条件和一票否决）",
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
                    children=(Deduct("no_plan", "未制定年度计划", rate="2", default=False),),
                ),
            ),
        ),
        Veto("accident", "发生较大事故"),
    ),
    gate=(Requirement("self_check", "自评合格"),),
)


class TestWhoCounts:
    def test_units_not_assessed_are_left_out_of_every_figure(self) -> None:
        """A 不参评 unit is counted apart, not as a 0 in mean, lowest or size."""
        found = [
            GATED.evaluate({"self_check": True, "accident": 0}),  # 10
            GATED.evaluate({"self_check": True, "no_plan": True, "accident": 0}),  # 8
            GATED.evaluate({"self_check": False, "accident": 0}),  # 不参评: a placeholder 0
        ]
        summary = summarize(found, [r.grade for r in found], TITLES)
        # Over the two assessed units: (10 + 8) / 2 = 9; lowest 8, not 0; size 2.
        assert (summary.size, summary.not_assessed) == (2, 1)
        assert (summary.mean, summary.mean_exact) == (Decimal("9"), True)
        assert (summary.median, summary.highest, summary.lowest) == (
            Decimal("9"),
            Decimal("10"),
            Decimal("8"),
        )

    def test_vetoed_units_count_with_their_published_total(self) -> None:
        """A vetoed unit was assessed: its total is in the figures and it is counted."""
        found = [
            GATED.evaluate({"self_check": True, "accident": 1}),  # 10, vetoed
            GATED.evaluate({"self_check": True, "no_plan": True, "accident": 0}),  # 8
        ]
        summary = summarize(found, [r.grade for r in found], TITLES)
        # (10 + 8) / 2 = 9, highest 10 (the vetoed unit's total), one vetoed.
        assert (summary.size, summary.vetoed, summary.mean, summary.highest) == (
            2,
            1,
            Decimal("9"),
            Decimal("10"),
        )

    def test_a_cohort_none_of_which_was_assessed_has_zero_figures(self) -> None:
        """With every unit kept out, size is 0 and no division by zero happens."""
        found = [GATED.evaluate({"self_check": False, "accident": 0})]
        summary = summarize(found, [r.grade for r in found], TITLES)
        assert (summary.size, summary.not_assessed, summary.mean) == (0, 1, Decimal(0))
