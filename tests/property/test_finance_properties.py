"""Invariants of the self-evaluation form, over generated budgets and indicator rows."""

from __future__ import annotations

from decimal import Decimal
from itertools import pairwise
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from assessment_rules import ExecutionRateScore
from assessment_rules.engine import FINANCE_GRADES, grade_for
from assessment_rules.finance import IndicatorTable, SelfEvaluationForm, parse_target

ROW = ExecutionRateScore("execution", "预算执行率", points="10")
FORM = SelfEvaluationForm(
    "generated-selfeval",
    "财政项目支出绩效自评表",
    children=(ROW, IndicatorTable("indicators", "绩效指标", points="90")),
    grades=FINANCE_GRADES,
)
GRADE_ORDER = [band.title for band in FINANCE_GRADES]  # best first

# Money in 万元 with two places, as the tables print it.
AMOUNTS = st.integers(min_value=0, max_value=10**7).map(lambda n: Decimal(n).scaleb(-2))
BUDGETS = st.integers(min_value=1, max_value=10**7).map(lambda n: Decimal(n).scaleb(-2))
TOTALS = st.integers(min_value=0, max_value=10000).map(lambda n: Decimal(n).scaleb(-2))
CATEGORIES = ["数量指标", "质量指标", "时效指标", "经济效益指标", "社会效益指标", "可持续影响指标"]
GROUPS = ["产出指标", "效益指标", "满意度指标"]
BANDS = {"达成指标": (80, 100), "部分达成指标": (60, 79), "未达成指标": (0, 59)}


@st.composite
def split_ninety(draw: st.DrawFn) -> list[int]:
    """Whole-number 分值 of one to six rows adding up to 90."""
    count = draw(st.integers(min_value=1, max_value=6))
    cuts = sorted(draw(st.sets(st.integers(1, 89), min_size=count - 1, max_size=count - 1)))
    edges = [0, *cuts, 90]
    return [high - low for low, high in pairwise(edges)]


@st.composite
def rows(draw: st.DrawFn, points: int) -> dict[str, Any]:
    """One indicator row of *points*, quantitative or qualitative, always explained."""
    row: dict[str, Any] = {
        "group": draw(st.sampled_from(GROUPS)),
        "category": draw(st.sampled_from(CATEGORIES)),
        "indicator": "指标",
        "points": Decimal(points),
        "deviation": "偏差说明",
    }
    if draw(st.booleans()):
        comparator = draw(st.sampled_from(["=", "≥", "≤"]))
        target = draw(BUDGETS)
        row["target"] = f"{comparator}{target}(项)"
        row["actual"] = f"{draw(BUDGETS if comparator == '≤' else AMOUNTS)}(项)"
    else:
        outcome = draw(st.sampled_from(sorted(BANDS)))
        low, high = BANDS[outcome]
        share = draw(st.integers(min_value=low, max_value=high))
        row["target"] = "满意"
        row["actual"] = outcome
        row["score"] = Decimal(points * share) / 100
    return row


@st.composite
def projects(draw: st.DrawFn) -> dict[str, Any]:
    """A project's evidence: budget, executed amount and rows worth 90 points."""
    budget = draw(BUDGETS)
    return {
        "budget_start": draw(AMOUNTS),
        "budget": budget,
        "executed": draw(AMOUNTS),
        "indicators": [draw(rows(points)) for points in draw(split_ninety())],
    }


class TestExecutionScore:
    @settings(max_examples=300, deadline=None)
    @given(BUDGETS, AMOUNTS, AMOUNTS)
    def test_monotone_in_the_executed_amount(
        self, budget: Decimal, first: Decimal, second: Decimal
    ) -> None:
        """Spending more of the same budget never scores less."""
        low, high = sorted((first, second))
        assert ROW.score_for(budget, low) <= ROW.score_for(budget, high)

    @settings(max_examples=300, deadline=None)
    @given(BUDGETS, AMOUNTS)
    def test_within_zero_and_the_points(self, budget: Decimal, executed: Decimal) -> None:
        """The execution score lies in [0, 10] even when spending exceeds the budget."""
        assert Decimal(0) <= ROW.score_for(budget, executed) <= ROW.points


class TestQuantitativeScore:
    @settings(max_examples=300, deadline=None)
    @given(st.sampled_from(["=", "≥", "≤"]), BUDGETS, BUDGETS, BUDGETS)
    def test_better_results_never_score_less(
        self, comparator: str, target: Decimal, first: Decimal, second: Decimal
    ) -> None:
        """More is better for = and ≥, less is better for ≤; scores stay in [0, points]."""
        parsed = parse_target(f"{comparator}{target}")
        points = Decimal(15)
        low, high = sorted((first, second))
        worse, better = (high, low) if comparator == "≤" else (low, high)
        assert parsed.score(worse, points) <= parsed.score(better, points) <= points
        assert parsed.score(worse, points) >= 0


class TestTotal:
    @settings(max_examples=150, deadline=None)
    @given(projects())
    def test_total_is_execution_plus_indicators(self, project: dict[str, Any]) -> None:
        """总分 = execution 得分 + Σ indicator 得分, for any rows worth 90 points."""
        result = FORM.evaluate(project)
        execution = result.find("execution").score
        indicators = sum(
            (node.score for node in result.root.walk() if node.kind == "indicator"), Decimal(0)
        )
        assert result.total == execution + indicators
        assert execution == ROW.score_for(project["budget"], project["executed"])
        assert Decimal(0) <= result.total <= Decimal(100)
        assert result.grade == grade_for(FINANCE_GRADES, result.total)


class TestGrade:
    @given(TOTALS, TOTALS)
    def test_grade_is_monotone_in_the_total(self, first: Decimal, second: Decimal) -> None:
        """A higher total never gets a worse grade (优 ≥ 90, 良 ≥ 80, 中 ≥ 60, 差)."""
        low, high = sorted((first, second))
        worse = GRADE_ORDER.index(grade_for(FINANCE_GRADES, low))
        better = GRADE_ORDER.index(grade_for(FINANCE_GRADES, high))
        assert better <= worse
