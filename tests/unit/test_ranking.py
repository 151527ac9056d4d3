"""Competition ranking: equal totals share a rank."""

from __future__ import annotations

from decimal import Decimal

from assessment_rules.cohorts import competition_ranks


class TestCompetitionRanks:
    def test_ties_share_a_rank_and_skip_the_next(self) -> None:
        """Totals 95, 90, 90, 80 rank 1, 2, 2, 4."""
        totals = [Decimal(t) for t in ("95", "90", "90", "80")]
        assert competition_ranks(totals) == [1, 2, 2, 4]

    def test_ranks_follow_the_input_order(self) -> None:
        """Ranks are returned for the totals in the order given."""
        totals = [Decimal(t) for t in ("80", "95", "90.5")]
        assert competition_ranks(totals) == [3, 1, 2]

    def test_exact_decimals_decide_ties(self) -> None:
        """89.99 and 90 do not tie; 90.0 and 90 do."""
        totals = [Decimal("89.99"), Decimal("90"), Decimal("90.0")]
        assert competition_ranks(totals) == [3, 1, 1]
