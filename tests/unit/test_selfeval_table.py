"""The self-evaluation table as data: every cell from the scoring."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from assessment_rules import Evidence
from assessment_rules.finance import SelfEvaluationTable
from assessment_rules.finance._selfeval_table import two_places

from .selfeval_fixtures import FORM

D = Decimal
ROWS: list[dict[str, Any]] = [
    {
        "group": "产出指标",
        "category": "数量指标",
        "indicator": "推送数量",
        "target": "≥50(次)",
        "actual": "40",
        "points": "45",
        "deviation": "人手不足",
    },
    {
        "group": "效益指标",
        "category": "社会效益指标",
        "indicator": "群众安全风险意识",
        "target": "提升",
        "actual": "达成指标",
        "points": "45",
        "score": "45",
    },
]


def table(**changes: Any) -> SelfEvaluationTable:
    facts: dict[str, Any] = {
        "budget_start": "0",
        "budget": "8.00",
        "executed": "6.00",
        "indicators": ROWS,
        "goal": "宣传",
        "department": "区应急管理局",
    }
    facts.update(changes)
    (only,) = FORM.tables([Evidence("wechat", facts, "公众号运营")])
    return only


class TestTwoPlaces:
    def test_pads_without_rounding(self) -> None:
        """Numbers gain zeros up to two places; longer ones are kept whole."""
        assert [two_places(D(x)) for x in ("15", "9.5", "0.125")] == [
            D("15.00"),
            D("9.50"),
            D("0.125"),
        ]


class TestBuildTable:
    def test_header_cells(self) -> None:
        """项目名称, 年度 and the printed texts come from the evidence and the rulebook."""
        got = table()
        assert (got.unit, got.project, got.year, got.department, got.implementer) == (
            "wechat",
            "公众号运营",
            2024,
            "区应急管理局",
            "",
        )

    def test_execution_row(self) -> None:
        """6 ÷ 8 = 75.00 %; 10 × 0.75 = 7.50."""
        funds = table().execution
        assert (funds.start, funds.rate, funds.points, funds.score) == (
            D("0"),
            D("75.00"),
            D("10.00"),
            D("7.50"),
        )

    def test_indicator_rows_as_printed(self) -> None:
        """A quantitative row prints target and actual with two places and the unit."""
        first, second = table().indicators
        # 45 × 40 ÷ 50 = 36.00.
        assert (first.target, first.actual, first.score, first.deviation) == (
            "≥50.00(次)",
            "40.00(次)",
            D("36.00"),
            "人手不足",
        )
        assert (second.group, second.target, second.actual, second.score) == (
            "效益指标",
            "提升",
            "达成指标",
            D("45"),
        )

    def test_total_and_grade(self) -> None:
        """总分 = 7.50 + 36.00 + 45 = 88.50, which is 良."""
        got = table()
        assert (got.total, got.grade) == (D("88.50"), "良")
        assert len(got.reasons) == 2

    def test_breakdown_rows_only_when_given(self) -> None:
        """Without breakdown facts the funds block has the total row alone."""
        assert [line.title for line in table().funds] == ["年度资金总额："]

    def test_breakdown_rate_without_budget_prints_zero(self) -> None:
        """A breakdown row with 全年预算数 0 prints 执行率 0.00, as the 2024 tables do."""
        got = table(
            appropriation=["0", "8.00", "6.00"], carryover=["0", "0", "0"], other=["0", "0", "0"]
        )
        assert [line.rate for line in got.funds] == [D("75.00"), D("75.00"), D("0.00"), D("0.00")]
