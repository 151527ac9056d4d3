"""``ExecutionRateScore`` (in ``_criteria``): the 项目资金 row of the self-evaluation table."""

from __future__ import annotations

from decimal import Decimal

import pytest

from assessment_rules import EvidenceError, ExecutionRateScore, Rulebook, RulebookError

D = Decimal
ROW = ExecutionRateScore("execution", "预算执行率", points="10")


def book(row: ExecutionRateScore = ROW) -> Rulebook:
    return Rulebook("demo", "预算执行", points=row.points, children=(row,))


class TestRate:
    @pytest.mark.parametrize(
        ("budget", "executed", "printed"),
        [
            # Seed 002: 14.80 ÷ 15.00 = 98.666… prints 98.66; 0.08 ÷ 3.00 = 2.666… prints 2.66.
            ("15.00", "14.80", "98.66"),
            ("3.00", "0.08", "2.66"),
            ("80.00", "79.98", "99.97"),
        ],
    )
    def test_printed_rate_truncates(self, budget: str, executed: str, printed: str) -> None:
        """The 2024 tables truncate the printed rate to two places."""
        assert ROW.printed_rate(D(budget), D(executed)) == D(printed)

    def test_round_display_rounds_half_up(self) -> None:
        """With rate_display='round' 14.80 ÷ 15.00 prints 98.67."""
        row = ExecutionRateScore("execution", "预算执行率", points="10", rate_display="round")
        assert row.printed_rate(D("15.00"), D("14.80")) == D("98.67")


class TestScore:
    @pytest.mark.parametrize(
        ("budget", "executed", "score"),
        [
            # 10 × 23.36 ÷ 24.38 = 9.5816… → 9.58 (援滇干部工作经费).
            ("24.38", "23.36", "9.58"),
            # 10 × 79.98 ÷ 80.00 = 9.9975 → 10.00 half up (城区安全风险评估).
            ("80.00", "79.98", "10.00"),
            # 10 × 0.08 ÷ 3.00 = 0.2666… → 0.27 (举报奖励项目).
            ("3.00", "0.08", "0.27"),
            ("10", "0", "0.00"),
        ],
    )
    def test_score_rounds_half_up(self, budget: str, executed: str, score: str) -> None:
        """得分 = 分值 × 执行数 ÷ 预算数, half up to two places."""
        assert ROW.score_for(D(budget), D(executed)) == D(score)

    def test_start_of_year_budget_plays_no_part(self) -> None:
        """Only 全年预算数 divides: a project with 年初预算数 0 scores normally."""
        result = book().evaluate({"budget": "137.00", "executed": "137.00"})
        assert result.total == D("10")

    def test_loss_reason_quotes_rate_and_score(self) -> None:
        """A shortfall's reason quotes the printed rate, the score and the points lost."""
        result = book().evaluate({"budget": "24.38", "executed": "23.36"})
        assert result.reasons == ("预算执行率95.81%，得9.58分（满分10分），扣0.42分",)


class TestUnusualEvidence:
    def test_spending_above_budget_is_capped_and_explained(self) -> None:
        """执行数 > 预算数: the score stops at the points and the ledger says why."""
        result = book().evaluate({"budget": "10.00", "executed": "10.50"})
        # 10.50 ÷ 10.00 = 105.00 %; 10 × 1.05 = 10.50 → capped at 10.
        assert result.total == D("10")
        (entry,) = result.lost
        assert (entry.raw, entry.counted) == (D("0"), D("0"))
        assert entry.reason == (
            "预算执行率105.00%，全年执行数超过全年预算数，得分以分值10分为限，不扣分"
        )

    def test_zero_budget_is_an_evidence_error(self) -> None:
        """A full-year budget of 0 has no rate: an error, never a silent score."""
        with pytest.raises(EvidenceError, match="budget='0'\\) must be > 0"):
            book().evaluate({"budget": "0", "executed": "0"})

    def test_missing_amounts_are_listed_together(self) -> None:
        """Both missing amounts are reported at once, by fact name."""
        with pytest.raises(EvidenceError) as raised:
            book().evaluate({})
        assert [p.fact for p in raised.value.problems] == ["budget", "executed"]

    def test_negative_amount_is_an_evidence_error(self) -> None:
        """A negative executed amount is refused."""
        with pytest.raises(EvidenceError, match="executed='-1'\\) must be a decimal number ≥ 0"):
            book().evaluate({"budget": "10", "executed": "-1"})


class TestConstruction:
    def test_constructor_keeps_its_defaults(self) -> None:
        """The original constructor still works: facts budget/executed, truncate, 2 places."""
        row = ExecutionRateScore("execution", "预算执行率", "10")
        assert (row.budget, row.executed, row.places, row.rate_display) == (
            "budget",
            "executed",
            2,
            "truncate",
        )
        assert repr(row) == "ExecutionRateScore('execution', '预算执行率', '10')"

    def test_unknown_display_is_refused(self) -> None:
        """rate_display must be truncate or round."""
        with pytest.raises(RulebookError, match="rate_display"):
            ExecutionRateScore("e", "预算执行率", "10", rate_display="ceil")  # type: ignore[arg-type]

    def test_places_must_be_small_whole_numbers(self) -> None:
        """places outside 0–6 is a rulebook error."""
        with pytest.raises(RulebookError, match="places"):
            ExecutionRateScore("e", "预算执行率", "10", places=12)
