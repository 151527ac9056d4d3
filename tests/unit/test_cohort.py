"""Cohorts: ranking, final grades after the quota, and the old two-field shape."""

from __future__ import annotations

from decimal import Decimal

import attrs

from assessment_rules import (
    Cohort,
    Evidence,
    ExcellentQuota,
    Item,
    Judgment,
    RankedUnit,
    Rulebook,
    Section,
    Veto,
    assess,
)

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
)


def cohort(book: Rulebook, *scores: str, vetoed: str = "") -> Cohort:
    """Assess units u0, u1… judged at *scores*; the unit named *vetoed* has an accident."""
    return assess(
        book,
        [
            Evidence(f"u{i}", {"score": s, "accident": 1 if f"u{i}" == vetoed else 0})
            for i, s in enumerate(scores)
        ],
    )


class TestRankedUnit:
    def test_grade_defaults_to_the_score_grade(self) -> None:
        """Built the old way, a ranked unit's final grade is its score's grade."""
        result = BOOK.evaluate({"score": 95, "accident": 0})
        ranked = RankedUnit(1, result)
        assert (ranked.grade, ranked.quota, ranked.moved, ranked.grade_note) == (
            "优秀",
            None,
            False,
            "",
        )

    def test_old_two_field_cohort_still_builds(self) -> None:
        """``Cohort(rulebook, units)`` keeps working, with no quota and a summary."""
        result = BOOK.evaluate({"score": 95, "accident": 0})
        old = Cohort("judged", (RankedUnit(1, result),))
        assert (old.quota, old.result("unit").total, old.summary.size) == (None, Decimal(95), 1)


class TestAssess:
    def test_without_a_quota_every_score_grade_stands(self) -> None:
        """Four 优秀 units stay 优秀 when the rulebook declares no quota."""
        found = cohort(BOOK, "99", "98", "97", "96")
        assert [u.grade for u in found.units] == ["优秀"] * 4
        assert found.quota is None

    def test_the_rulebooks_quota_moves_units_beyond_the_places(self) -> None:
        """With 30% of 4 (1.2 → 1 place) only the best keeps 优秀."""
        book = attrs.evolve(BOOK, quota=ExcellentQuota())
        found = cohort(book, "96", "99", "98", "97")
        assert [(u.result.unit, u.rank, u.grade) for u in found.units] == [
            ("u1", 1, "优秀"),
            ("u2", 2, "良好"),
            ("u3", 3, "良好"),
            ("u0", 4, "良好"),
        ]
        assert found.ranked("u2").moved
        assert found.quota is not None and found.quota.places == 1

    def test_vetoed_unit_ranks_last_and_takes_no_place(self) -> None:
        """A vetoed 99 ranks after the three others, is 不合格; the place goes to the 98."""
        book = attrs.evolve(BOOK, quota=ExcellentQuota(share="0.25"))
        found = cohort(book, "99", "98", "90", "80", vetoed="u0")
        # 98, 90, 80 rank 1, 2, 3; the vetoed 99 goes on from them: 4.
        assert [(u.result.unit, u.rank, u.grade) for u in found.units] == [
            ("u1", 1, "优秀"),
            ("u2", 2, "良好"),
            ("u3", 3, "良好"),
            ("u0", 4, "不合格"),
        ]
        assert found.ranked("u2").grade == "良好"  # 25% of 4 = 1 place, taken by u1

    def test_summary_counts_final_grades(self) -> None:
        """The distribution counts grades after the quota."""
        book = attrs.evolve(BOOK, quota=ExcellentQuota())
        summary = cohort(book, "96", "99", "98", "97").summary
        assert summary.grades == (("优秀", 1), ("良好", 3), ("合格", 0), ("不合格", 0))
        # (96 + 99 + 98 + 97) / 4 = 97.5; median (97 + 98) / 2 = 97.5.
        assert (summary.mean, summary.median) == (Decimal("97.5"), Decimal("97.5"))
