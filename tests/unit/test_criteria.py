"""Deduction shapes and judgments: what they measure and how they explain it."""

from __future__ import annotations

from decimal import Decimal

import pytest

from assessment_rules import Deduct, Fact, Judgment, RulebookError


class TestDeductShapes:
    def test_flag(self) -> None:
        """A flag deduction loses its rate once when the lapse holds."""
        clause = Deduct("no_plan", "未制定年度计划", rate="1")
        assert clause.measure({"no_plan": False}) is None
        lapse = clause.measure({"no_plan": True})
        assert lapse is not None and lapse.raw == Decimal("1")
        assert clause.reason(lapse, lapse.raw) == "未制定年度计划，扣1分"

    def test_each(self) -> None:
        """A per-occurrence deduction multiplies the rate by the count: 3 × 0.5 = 1.5."""
        clause = Deduct("firms", "未实行安全总监制度", rate="0.5", shape="each", unit="家")
        lapse = clause.measure({"firms": 3})
        assert lapse is not None and lapse.raw == Decimal("1.5")
        assert clause.reason(lapse, lapse.raw) == "未实行安全总监制度3家，扣1.5分"

    def test_shortfall(self) -> None:
        """A shortfall loses the rate per missing time: (4 − 1) × 2 = 6; none when met."""
        clause = Deduct("checks", "领导带队检查", rate="2", shape="shortfall", required=4)
        assert clause.measure({"checks": 4}) is None
        assert clause.measure({"checks": 9}) is None
        lapse = clause.measure({"checks": 1})
        assert lapse is not None and (lapse.occurrences, lapse.raw) == (3, Decimal("6"))

    def test_missing_names_the_missing_items(self) -> None:
        """A missing-item deduction counts and names the items not listed, in sheet order."""
        clause = Deduct(
            "rules",
            "安委会制度",
            rate="1",
            shape="missing",
            items=("工作报告制度", "形势分析制度", "督办制度"),
        )
        lapse = clause.measure({"rules": ("督办制度",)})
        assert lapse is not None and lapse.detail == ("工作报告制度", "形势分析制度")
        assert clause.reason(lapse, Decimal("1")) == (
            "安委会制度缺2项（工作报告制度、形势分析制度），应扣2分，扣完为止，实扣1分"
        )

    def test_starred_reasons_carry_the_star(self) -> None:
        """A ★ clause's reason starts with ★."""
        clause = Deduct("late", "迟报事故", rate="2", shape="each", unit="起", starred=True)
        lapse = clause.measure({"late": 1})
        assert lapse is not None and clause.reason(lapse, lapse.raw) == "★迟报事故1起，扣2分"

    def test_the_default_fact_follows_the_shape(self) -> None:
        """Without a fact, the clause declares one named after its id of the right kind."""
        clause = Deduct("rules", "安委会制度", rate="1", shape="missing", items=("甲", "乙"))
        assert clause.fact == Fact(
            "rules", "安委会制度", kind="list", choices=("甲", "乙"), unit="项"
        )

    def test_a_named_fact_is_shown_by_name_in_the_repr(self) -> None:
        """A fact given by name prints as fact='name'."""
        clause = Deduct("no_plan", "未制定年度计划", rate="1", fact="plan_missing")
        assert repr(clause) == "Deduct('no_plan', '未制定年度计划', '1', fact='plan_missing')"

    @pytest.mark.parametrize(
        ("kwargs", "message"),
        [
            ({"shape": "shortfall"}, "required=None must be a whole number > 0"),
            ({"shape": "missing"}, "items=() must name the required items"),
            ({"required": 3}, "only for shape='shortfall'"),
            ({"shape": "each", "fact": Fact("x", "标签", kind="flag")}, "must be a count fact"),
            ({"rate": "0"}, "rate='0' must be > 0"),
            ({"shape": "sometimes"}, "must be one of flag, each, shortfall, missing"),
        ],
    )
    def test_malformed_clauses_fail_at_construction(
        self, kwargs: dict[str, object], message: str
    ) -> None:
        """Inconsistent clause fields fail with the clause id and what was expected."""
        arguments: dict[str, object] = {"rate": "1", **kwargs}
        with pytest.raises(RulebookError, match=message.replace("(", r"\(").replace(")", r"\)")):
            Deduct("clause", "条款", **arguments)  # type: ignore[arg-type]


class TestJudgment:
    def test_judgment_loses_what_the_assessor_withheld(self) -> None:
        """An assessor's 12 of 15 loses 3 points; full marks lose nothing."""
        judged = Judgment("duty", "履职情况", points="15")
        assert judged.measure({"duty": Decimal("15")}) is None
        lapse = judged.measure({"duty": Decimal("12")})
        assert lapse is not None and lapse.raw == Decimal("3")
        assert judged.reason(lapse, lapse.raw) == "履职情况评分得12分（满分15分），扣3分"

    def test_the_score_fact_is_bounded_by_the_points(self) -> None:
        """The judgment's fact accepts scores from 0 to the points only."""
        assert Judgment("duty", "履职情况", points="15").fact.maximum == Decimal("15")
