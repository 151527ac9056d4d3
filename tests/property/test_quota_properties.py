"""Invariants of the excellent quota, over generated cohorts and settings."""

from __future__ import annotations

from decimal import Decimal

import attrs
from hypothesis import given
from hypothesis import strategies as st

from assessment_rules import (
    STANDARD_GRADES,
    Evidence,
    ExcellentQuota,
    Item,
    Judgment,
    Rulebook,
    Section,
    Veto,
    assess,
)
from assessment_rules.cohorts import competition_ranks
from assessment_rules.cohorts._quota import (
    QuotaCandidate,
    QuotaDecision,
    QuotaOutcome,
    allocate_places,
)
from assessment_rules.engine import grade_for

BEST, NEXT = STANDARD_GRADES[0].title, STANDARD_GRADES[1].title

# Totals in half points from 80 to 100, so that ties and the 90 line come up often.
TOTALS = st.integers(min_value=160, max_value=200).map(lambda n: Decimal(n) / 2)
# About one unit in four is vetoed.
VETOED = st.sampled_from([False, False, False, True])
UNITS = st.lists(st.tuples(TOTALS, VETOED), min_size=1, max_size=25)
SHARES = st.integers(min_value=0, max_value=20).map(lambda n: Decimal(n) * Decimal("0.05"))
QUOTAS = st.builds(
    ExcellentQuota,
    share=SHARES,
    rounding=st.sampled_from(["half_up", "down", "up"]),
    ties=st.sampled_from(["admit_all", "admit_none", "by_evidence_order"]),
)


def cohort_of(units: list[tuple[Decimal, bool]]) -> list[QuotaCandidate]:
    """Candidates in rank order (ties keep their generated order), graded by score."""
    order = sorted(range(len(units)), key=lambda i: -units[i][0])
    totals = [units[i][0] for i in order]
    ranks = competition_ranks(totals)
    return [
        QuotaCandidate(
            f"u{i}",
            units[i][0],
            rank,
            STANDARD_GRADES[-1].title if units[i][1] else grade_for(STANDARD_GRADES, units[i][0]),
            units[i][1],
        )
        for i, rank in zip(order, ranks, strict=True)
    ]


def run(
    quota: ExcellentQuota, units: list[QuotaCandidate]
) -> tuple[tuple[QuotaDecision, ...], QuotaOutcome]:
    """Allocate the places with the standard grades."""
    return allocate_places(quota, STANDARD_GRADES, units)


class TestQuotaInvariants:
    @given(QUOTAS, UNITS)
    def test_never_more_excellent_than_places_unless_a_reported_tie(
        self, quota: ExcellentQuota, raw: list[tuple[Decimal, bool]]
    ) -> None:
        """优秀 exceeds the places only under admit_all at a tie, and then it is reported."""
        decisions, outcome = run(quota, cohort_of(raw))
        excellent = sum(1 for d in decisions if d.grade == BEST)
        assert excellent == outcome.admitted
        if excellent > outcome.places:
            assert quota.ties == "admit_all" and outcome.tie
            assert outcome.over_quota == excellent - outcome.places
            assert f"超出名额{outcome.over_quota}个" in outcome.note
            extra = [d for d in decisions if d.status == "admitted_tie"]
            assert len(extra) >= outcome.over_quota and all(d.note for d in extra)
        else:
            assert outcome.over_quota == 0

    @given(QUOTAS, UNITS)
    def test_vetoed_units_are_never_excellent(
        self, quota: ExcellentQuota, raw: list[tuple[Decimal, bool]]
    ) -> None:
        """A vetoed unit keeps the lowest grade whatever its total and the quota."""
        units = cohort_of(raw)
        decisions, _ = run(quota, units)
        for unit, decision in zip(units, decisions, strict=True):
            if unit.vetoed:
                assert decision.grade == STANDARD_GRADES[-1].title

    @given(QUOTAS, UNITS, SHARES)
    def test_a_larger_share_never_takes_a_place_away(
        self, quota: ExcellentQuota, raw: list[tuple[Decimal, bool]], other: Decimal
    ) -> None:
        """Everyone admitted at the smaller share is admitted at the larger one."""
        units = cohort_of(raw)
        low, high = sorted((quota.share, other))
        small, _ = run(attrs.evolve(quota, share=low), units)
        large, _ = run(attrs.evolve(quota, share=high), units)
        admitted_small = {u.unit for u, d in zip(units, small, strict=True) if d.grade == BEST}
        admitted_large = {u.unit for u, d in zip(units, large, strict=True) if d.grade == BEST}
        assert admitted_small <= admitted_large

    @given(QUOTAS, UNITS)
    def test_only_excellent_units_move_and_only_one_grade_down(
        self, quota: ExcellentQuota, raw: list[tuple[Decimal, bool]]
    ) -> None:
        """Units below 优秀 keep their grade; moved units go to 良好 with a reason."""
        units = cohort_of(raw)
        decisions, outcome = run(quota, units)
        for unit, decision in zip(units, decisions, strict=True):
            if unit.grade != BEST:
                assert decision.grade == unit.grade
            elif decision.grade != BEST:
                assert decision.grade == NEXT and decision.moved and decision.note
        assert outcome.demoted == sum(1 for d in decisions if d.moved)

    @given(QUOTAS, UNITS)
    def test_no_moved_unit_outscores_an_admitted_one(
        self, quota: ExcellentQuota, raw: list[tuple[Decimal, bool]]
    ) -> None:
        """Every admitted total is at least every moved total (places go by score)."""
        units = cohort_of(raw)
        decisions, _ = run(quota, units)
        admitted = [u.total for u, d in zip(units, decisions, strict=True) if d.grade == BEST]
        moved = [u.total for u, d in zip(units, decisions, strict=True) if d.moved]
        if admitted and moved:
            assert min(admitted) >= max(moved)


BOOK = Rulebook(
    "judged",
    "示例",
    children=(
        Section(
            "work",
            "工作",
            points="100",
            children=(
                Item(
                    "all", "全部", points="100", children=(Judgment("score", "评分", points="100"),)
                ),
            ),
        ),
        Veto("accident", "发生较大事故"),
    ),
    quota=ExcellentQuota(),
)


class TestAssessWithQuota:
    @given(UNITS)
    def test_quota_never_changes_totals_or_ranks(self, raw: list[tuple[Decimal, bool]]) -> None:
        """Applying the rulebook's quota leaves every total and rank as scored."""
        evidences = [
            Evidence(f"u{i}", {"score": total, "accident": int(vetoed)})
            for i, (total, vetoed) in enumerate(raw)
        ]
        with_quota = assess(BOOK, evidences)
        without = assess(attrs.evolve(BOOK, quota=None), evidences)
        assert [(u.rank, u.result) for u in with_quota.units] == [
            (u.rank, u.result) for u in without.units
        ]
        assert all(u.grade != BEST for u in with_quota.units if u.result.vetoed)
