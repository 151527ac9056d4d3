"""The excellent quota (优秀比例): places, tie policies and what the result says."""

from __future__ import annotations

from decimal import Decimal

import pytest

from assessment_rules import STANDARD_GRADES, ExcellentQuota, GradeBand, RulebookError
from assessment_rules.cohorts._quota import QuotaCandidate, allocate_places


def ranked(*rows: tuple[str, str, str] | tuple[str, str, str, bool]) -> list[QuotaCandidate]:
    """Candidates from (unit, total, grade[, vetoed]) rows, best first, ranks computed."""
    totals = [Decimal(row[1]) for row in rows]
    ranks = [1 + sum(1 for other in totals if other > total) for total in totals]
    return [
        QuotaCandidate(
            row[0], Decimal(row[1]), rank, row[2], bool(row[3]) if len(row) > 3 else False
        )
        for row, rank in zip(rows, ranks, strict=True)
    ]


class TestExcellentQuotaPlaces:
    def test_half_up_rounds_halves_up(self) -> None:
        """30% of 15 is 4.5, which half up makes 5 places."""
        assert ExcellentQuota().places(15) == 5

    def test_half_up_rounds_below_half_down(self) -> None:
        """30% of 7 is 2.1, which half up makes 2 places."""
        assert ExcellentQuota().places(7) == 2

    def test_down_never_exceeds_the_share(self) -> None:
        """30% of 15 is 4.5, which rounding down makes 4 places."""
        assert ExcellentQuota(rounding="down").places(15) == 4

    def test_up_never_falls_below_the_share(self) -> None:
        """30% of 7 is 2.1, which rounding up makes 3 places."""
        assert ExcellentQuota(rounding="up").places(7) == 3

    def test_exact_share_of_ten_and_twenty(self) -> None:
        """30% of 10 is 3 places and of 20 is 6, whatever the rounding."""
        for rounding in ("half_up", "down", "up"):
            quota = ExcellentQuota(rounding=rounding)  # type: ignore[arg-type]
            assert (quota.places(10), quota.places(20)) == (3, 6)

    def test_describe_shows_the_arithmetic(self) -> None:
        """The description shows size × share = exact places and the rounding used."""
        assert ExcellentQuota(rounding="down").describe(15) == (
            "共15个单位，优秀名额4个（15×30%=4.5，向下取整）"
        )


class TestExcellentQuotaValidation:
    def test_share_above_one_is_refused(self) -> None:
        """A share of 1.5 is not a fraction of the cohort."""
        with pytest.raises(RulebookError, match="share"):
            ExcellentQuota(share="1.5")

    def test_unknown_tie_policy_is_refused(self) -> None:
        """An unknown tie policy is named in the error with the allowed ones."""
        with pytest.raises(RulebookError, match="admit_all, admit_none, by_evidence_order"):
            ExcellentQuota(ties="coin_toss")  # type: ignore[arg-type]

    def test_float_share_is_refused(self) -> None:
        """A binary float share is refused: shares are decimal text."""
        with pytest.raises(RulebookError):
            ExcellentQuota(share=0.3)  # type: ignore[arg-type]

    def test_repr_rebuilds_the_setting(self) -> None:
        """The repr is the code that builds the setting, defaults left out."""
        quota = ExcellentQuota(share="0.25", ties="admit_none")
        assert repr(quota) == "ExcellentQuota(share='0.25', ties='admit_none')"
        assert eval(repr(quota)) == quota

    def test_single_grade_band_cannot_take_a_quota(self) -> None:
        """A quota needs a grade below the top one to move units to."""
        with pytest.raises(RulebookError, match="two grade bands"):
            ExcellentQuota().check("x", (GradeBand("合格", "0"),))


class TestAllocatePlaces:
    def test_quota_not_binding_keeps_every_grade(self) -> None:
        """Two 优秀 units in a cohort of ten (3 places) both keep 优秀."""
        units = ranked(
            ("a", "95", "优秀"), ("b", "91", "优秀"), *[(f"u{i}", "85", "良好") for i in range(8)]
        )
        decisions, outcome = allocate_places(ExcellentQuota(), STANDARD_GRADES, units)
        assert [d.grade for d in decisions[:3]] == ["优秀", "优秀", "良好"]
        assert (outcome.places, outcome.admitted, outcome.demoted, outcome.binding) == (
            3,
            2,
            0,
            False,
        )

    def test_units_beyond_the_places_move_to_the_next_grade(self) -> None:
        """Of five 优秀 units in ten, the 4th and 5th become 良好 with a reason."""
        units = ranked(
            ("a", "99", "优秀"), ("b", "98", "优秀"), ("c", "97", "优秀"), ("d", "96", "优秀"),
            ("e", "95", "优秀"), *[(f"u{i}", "70", "合格") for i in range(5)],
        )  # fmt: skip
        decisions, outcome = allocate_places(ExcellentQuota(), STANDARD_GRADES, units)
        assert [d.status for d in decisions[:5]] == [
            "admitted", "admitted", "admitted", "demoted", "demoted",
        ]  # fmt: skip
        assert decisions[3].note == (
            "得分96分，排名第4，达到优秀分数线，但超出优秀名额（3个），等次由优秀调整为良好"
        )
        assert (outcome.admitted, outcome.demoted, outcome.binding) == (3, 2, True)

    def test_admit_all_keeps_a_boundary_tie_and_reports_the_excess(self) -> None:
        """91 and 91 tie at the 3rd place: admit_all keeps both, one over the quota."""
        units = ranked(
            ("a", "96", "优秀"), ("b", "93", "优秀"), ("c", "91", "优秀"), ("d", "91", "优秀"),
            ("e", "90", "优秀"), *[(f"u{i}", "70", "合格") for i in range(5)],
        )  # fmt: skip
        decisions, outcome = allocate_places(ExcellentQuota(), STANDARD_GRADES, units)
        assert [d.status for d in decisions[:5]] == [
            "admitted", "admitted", "admitted_tie", "admitted_tie", "demoted",
        ]  # fmt: skip
        assert (outcome.tie, outcome.admitted, outcome.over_quota) == (True, 4, 1)
        assert "超出名额1个" in outcome.note

    def test_admit_none_leaves_the_whole_boundary_tie_out(self) -> None:
        """91 and 91 tie at the 3rd place: admit_none moves both, fewer than the quota."""
        units = ranked(
            ("a", "96", "优秀"), ("b", "93", "优秀"), ("c", "91", "优秀"), ("d", "91", "优秀"),
            *[(f"u{i}", "70", "合格") for i in range(6)],
        )  # fmt: skip
        decisions, outcome = allocate_places(
            ExcellentQuota(ties="admit_none"), STANDARD_GRADES, units
        )
        assert [d.grade for d in decisions[:4]] == ["优秀", "优秀", "良好", "良好"]
        assert [d.status for d in decisions[2:4]] == ["demoted_tie", "demoted_tie"]
        assert (outcome.tie, outcome.admitted, outcome.over_quota) == (True, 2, 0)

    def test_by_evidence_order_gives_the_last_place_to_the_first_listed(self) -> None:
        """91 and 91 tie at the 3rd place: the one listed first takes it."""
        units = ranked(
            ("a", "96", "优秀"), ("b", "93", "优秀"), ("c", "91", "优秀"), ("d", "91", "优秀"),
            *[(f"u{i}", "70", "合格") for i in range(6)],
        )  # fmt: skip
        decisions, outcome = allocate_places(
            ExcellentQuota(ties="by_evidence_order"), STANDARD_GRADES, units
        )
        assert [(d.grade, d.status) for d in decisions[2:4]] == [
            ("优秀", "admitted_tie"),
            ("良好", "demoted_tie"),
        ]
        assert "报送顺序" in decisions[3].note
        assert outcome.admitted == 3

    def test_vetoed_unit_takes_no_place(self) -> None:
        """A vetoed unit scoring 99 stays 不合格 and the places go to the others."""
        units = ranked(
            ("v", "99", "不合格", True), ("a", "95", "优秀"), ("b", "94", "优秀"),
            ("c", "93", "优秀"), ("d", "92", "优秀"), *[(f"u{i}", "70", "合格") for i in range(5)],
        )  # fmt: skip
        decisions, outcome = allocate_places(ExcellentQuota(), STANDARD_GRADES, units)
        assert (decisions[0].grade, decisions[0].status) == ("不合格", "vetoed")
        assert "不占优秀名额" in decisions[0].note
        # 10 units → 3 places; the vetoed unit counts in the size but takes none.
        assert [d.grade for d in decisions[1:5]] == ["优秀", "优秀", "优秀", "良好"]
        assert outcome.candidates == 4

    def test_zero_places_moves_every_excellent_unit(self) -> None:
        """A cohort of one at 30% has round(0.3) = 0 places: its 优秀 becomes 良好."""
        decisions, outcome = allocate_places(
            ExcellentQuota(), STANDARD_GRADES, ranked(("a", "95", "优秀"))
        )
        assert (decisions[0].grade, outcome.places, outcome.tie) == ("良好", 0, False)
