"""``SelfEvaluationForm``: one rulebook, indicator rows declared per project."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from assessment_rules import Evidence, EvidenceError, ExecutionRateScore, RulebookError, Section
from assessment_rules.finance import SelfEvaluationForm

from .selfeval_fixtures import FORM

D = Decimal


def quantity(**changes: object) -> dict[str, object]:
    base: dict[str, object] = {
        "group": "产出指标",
        "category": "数量指标",
        "indicator": "覆盖率",
        "target": "≥90.00(百分比)",
        "actual": "100.00(百分比)",
        "points": D("45.00"),
    }
    base.update(changes)
    return base


def quality(**changes: object) -> dict[str, object]:
    base: dict[str, object] = {
        "group": "效益指标",
        "category": "社会效益指标",
        "indicator": "社会满意度",
        "target": "满意",
        "actual": "达成指标",
        "points": D("45.00"),
        "score": D("45.00"),
    }
    base.update(changes)
    return base


def facts(*rows: dict[str, object], **changes: object) -> dict[str, Any]:
    base: dict[str, Any] = {
        "budget_start": "20.00",
        "budget": "20.00",
        "executed": "19.00",
        "indicators": list(rows) or [quantity(), quality()],
    }
    base.update(changes)
    return base


def problems(**kwargs: Any) -> list[tuple[str, object]]:
    rows = kwargs.pop("rows", ())
    with pytest.raises(EvidenceError) as raised:
        FORM.evaluate(Evidence("p", facts(*rows, **kwargs)))
    return [(p.fact, p.value) for p in raised.value.problems]


class TestConstruction:
    def test_needs_an_execution_row_and_a_table(self) -> None:
        """A form without its IndicatorTable is a rulebook error."""
        with pytest.raises(RulebookError, match="exactly one IndicatorTable"):
            SelfEvaluationForm(
                "bad",
                "自评表",
                points="10",
                children=(ExecutionRateScore("execution", "预算执行率", points="10"),),
            )

    def test_facts_include_the_printed_funds(self) -> None:
        """The form's facts are the scored amounts and the printed funds rows."""
        assert list(FORM.facts) == [
            "budget",
            "executed",
            "budget_start",
            "appropriation",
            "carryover",
            "other",
        ]
        assert FORM.fact_paths["carryover"] == ("execution",)


class TestScoring:
    def test_full_marks_less_execution(self) -> None:
        """All indicators met: 总分 = 90 + 10 × 19 ÷ 20 = 99.50, grade 优."""
        result = FORM.evaluate(facts())
        assert (result.total, result.grade) == (D("99.50"), "优")
        assert result.find("indicators.output.quantity").score == D("45.00")

    def test_partly_met_target_is_proportional(self) -> None:
        """≥90 with 85 actual: 45 × 85 ÷ 90 = 42.50; 总分 42.50 + 45 + 9.50 = 97.00."""
        rows = (quantity(actual="85.00(百分比)", deviation="企业停业，覆盖不足"), quality())
        result = FORM.evaluate(facts(*rows))
        assert result.find("indicators.output.quantity").score == D("42.50")
        assert result.total == D("97.00")
        assert result.lost[-1].detail == ("企业停业，覆盖不足",)

    def test_qualitative_score_within_its_band(self) -> None:
        """部分达成指标 scored 30 of 45 (in 27 to below 36): 总分 45 + 30 + 9.50 = 84.50, 良."""
        rows = (quantity(), quality(actual="部分达成指标", score="30", deviation="满意度偏低"))
        result = FORM.evaluate(facts(*rows))
        assert (result.total, result.grade) == (D("84.50"), "良")

    def test_each_project_gets_its_own_rulebook(self) -> None:
        """Two projects with different rows are scored with different concrete rulebooks."""
        three = [
            quantity(points="30"),
            quantity(category="质量指标", points="30"),
            quality(points="30", score="30"),
        ]
        values = FORM.check(Evidence("p", facts(*three)))
        table = values["indicators"]
        assert isinstance(table, Section) and len(table.children[0].children) == 2
        assert FORM.concrete(table) is FORM.concrete(table)  # built once, then cached

    def test_evaluate_checked_needs_the_built_table(self) -> None:
        """Values without the built table are refused, not scored."""
        with pytest.raises(EvidenceError, match="built by check"):
            FORM.evaluate_checked({"budget": D("1"), "executed": D("1")}, "p")


class TestEvidenceProblems:
    def test_missing_rows(self) -> None:
        """Without indicators the project cannot be scored."""
        evidence = facts()
        del evidence["indicators"]
        with pytest.raises(EvidenceError, match="indicators=None is missing"):
            FORM.evaluate(evidence)

    def test_points_must_add_up_to_ninety(self) -> None:
        """Rows whose 分值 add up to 75 are refused (45 + 30)."""
        assert problems(rows=(quantity(), quality(points="30", score="30"))) == [
            ("indicators", "75")
        ]

    def test_unknown_row_key_suggests_the_right_one(self) -> None:
        """A misspelt row key is named, with a hint."""
        with pytest.raises(EvidenceError, match="Did you mean 'score'"):
            FORM.evaluate(facts(quantity(), {**quality(), "scor": 1}))

    def test_quantitative_rows_take_no_score(self) -> None:
        """A 得分 given for a quantitative row is refused: the rule computes it."""
        assert problems(rows=(quantity(score="45"), quality())) == [("indicators[1].score", "45")]

    def test_qualitative_rows_need_a_score(self) -> None:
        """A qualitative row without the assessor's 得分 is refused."""
        row = quality()
        del row["score"]
        assert problems(rows=(quantity(), row)) == [("indicators[2].score", None)]

    def test_actual_must_be_in_the_target_unit(self) -> None:
        """An actual value in another unit than the target is refused."""
        assert problems(rows=(quantity(actual="100(次)"), quality())) == [
            ("indicators[1].actual", "100(次)")
        ]

    def test_missing_deviation_reason(self) -> None:
        """A row below full points without 偏差原因分析及改进措施 is refused."""
        assert problems(rows=(quantity(actual="85(百分比)"), quality())) == [
            ("indicators[1].deviation", None)
        ]

    def test_score_outside_its_band(self) -> None:
        """达成指标 scored 30 of 45 (below 36) is refused."""
        assert problems(rows=(quantity(), quality(score="30", deviation="说明"))) == [
            ("indicators[2].score", D("30"))
        ]

    def test_every_problem_at_once(self) -> None:
        """Budget, breakdown and row problems are all reported together."""
        # carryover has two numbers, and without appropriation and other it is one row of three.
        found = problems(
            rows=(quantity(target="≥9O(百分比)"), quality(group="效益指表")),
            executed="-1",
            carryover=["0", "0"],
            department=3,
        )
        assert [fact for fact, _ in found] == [
            "department",
            "executed",
            "carryover",
            "appropriation",
            "other",
            "indicators[1].target",
            "indicators[2].group",
        ]


class TestFunds:
    def test_breakdown_rows_must_add_up(self) -> None:
        """当年财政拨款 + 上年结转资金 + 其他资金 must equal 年度资金总额, column by column."""
        found = problems(
            appropriation=["20.00", "18.00", "17.00"],
            carryover=["0", "1.00", "1.00"],
            other=["0", "0", "0"],
        )
        # 全年预算数 18 + 1 + 0 = 19 ≠ 20; 全年执行数 17 + 1 + 0 = 18 ≠ 19.
        assert found == [("budget", D("20.00")), ("executed", D("19.00"))]

    def test_breakdown_is_all_or_nothing(self) -> None:
        """Giving one breakdown row asks for the other two."""
        found = problems(appropriation=["20.00", "20.00", "19.00"])
        assert [fact for fact, _ in found] == ["carryover", "other"]

    def test_zero_full_year_budget_is_refused(self) -> None:
        """全年预算数 0 is an evidence error even when nothing was spent."""
        assert problems(budget="0", executed="0") == [("budget", D("0"))]
