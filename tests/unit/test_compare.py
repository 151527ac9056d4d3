"""Self-evaluation against the assessor's score: every clause that differs, with points."""

from __future__ import annotations

from decimal import Decimal

import pytest

from assessment_rules import Evidence, EvidenceError, load_rulebook
from assessment_rules.cohorts._compare import compare_cohorts, compare_units

BOOK = load_rulebook("putuo-2020-streets")
FULL = {
    "duty_score": 10,
    "two_lists": ["问题隐患清单", "制度措施清单"],
    "guarantee_score": 15,
    "fire_system_score": 8,
    "emergency_system_score": 8,
    "major_accident": 0,
}


def unit(**facts: object) -> Evidence:
    """桃浦镇 with full marks, changed by *facts*."""
    return Evidence("taopu", {**FULL, **facts}, "桃浦镇")


class TestCompareUnits:
    def test_identical_evidence_agrees(self) -> None:
        """The same evidence on both sides differs nowhere."""
        found = compare_units(BOOK, unit(), unit())
        assert (found.agreed, found.difference, found.facts) == (True, Decimal(0), ())

    def test_every_differing_clause_is_listed_with_its_points(self) -> None:
        """The assessor finds 3 overdue items (cap 10) and a late report; the unit admits 1."""
        found = compare_units(
            BOOK,
            unit(overdue_rectifications=1),
            unit(overdue_rectifications=3, late_report=True, guarantee_score="13.5"),
        )
        # overdue: self −1, assessor −3 → −2; judgment: 0 vs −1.5; late: 0 vs −2.
        assert [
            (c.path, c.self_points, c.assessor_points, c.difference) for c in found.clauses
        ] == [
            ("campaigns.three_year.overdue_rectifications", Decimal(-1), Decimal(-3), Decimal(-2)),
            (
                "campaigns.key_guarantees.guarantee_score",
                Decimal(0),
                Decimal("-1.5"),
                Decimal("-1.5"),
            ),
            ("submission.late_report", Decimal(0), Decimal(-2), Decimal(-2)),
        ]
        # Self 100 − 1 = 99; assessor 100 − 3 − 1.5 − 2 = 93.5; gap −5.5.
        assert found.difference == Decimal("-5.5")
        assert [f.name for f in found.facts] == [
            "overdue_rectifications",
            "guarantee_score",
            "late_report",
        ]
        assert found.clauses[0].text == "考核比自评少2分"

    def test_a_veto_only_the_assessor_found_is_listed(self) -> None:
        """An accident the unit did not report appears as a veto difference of 0 points."""
        found = compare_units(BOOK, unit(), unit(major_accident=1))
        assert [(c.path, c.kind, c.difference) for c in found.clauses] == [
            ("accidents.major_accident", "veto", Decimal(0))
        ]
        assert found.assessor_result.grade == "不合格"
        assert found.clauses[0].text == "考核触发一票否决"

    def test_both_sides_problems_come_together(self) -> None:
        """A missing fact on each side is reported in one error."""
        mine = Evidence("taopu", {k: v for k, v in FULL.items() if k != "duty_score"})
        theirs = Evidence("taopu", {k: v for k, v in FULL.items() if k != "guarantee_score"})
        with pytest.raises(EvidenceError) as caught:
            compare_units(BOOK, mine, theirs)
        assert [p.fact for p in caught.value.problems] == ["duty_score", "guarantee_score"]


class TestCompareCohorts:
    def test_units_on_one_side_only_are_reported(self) -> None:
        """A self-evaluation without assessor's evidence, and the reverse, are both errors."""
        with pytest.raises(EvidenceError) as caught:
            compare_cohorts(
                BOOK,
                [unit(), Evidence("wanli", FULL)],
                [unit(), Evidence("caojiadu", FULL)],
            )
        assert [(p.unit, p.expectation) for p in caught.value.problems] == [
            ("wanli", "has a self-evaluation but no assessor's evidence"),
            ("caojiadu", "has the assessor's evidence but no self-evaluation"),
        ]

    def test_comparisons_follow_the_self_evaluation_order(self) -> None:
        """Units are matched by id whatever the assessor's order."""
        mine = [Evidence("b", FULL), Evidence("a", FULL)]
        theirs = [Evidence("a", FULL), Evidence("b", {**FULL, "no_publicity": True})]
        found = compare_cohorts(BOOK, mine, theirs)
        assert [(c.unit, c.difference) for c in found] == [("b", Decimal(-4)), ("a", Decimal(0))]

    def test_problems_past_the_listed_ones_are_still_counted(self) -> None:
        """150 unknown facts on one side give 100 problems listed and 50 counted, not 100."""
        # One unit's check lists MAX_PROBLEMS (100) and counts the other 50 in .more;
        # rebuilding the error from .problems alone would say 100 problems in all.
        extra = {f"stray_{n}": 1 for n in range(150)}
        with pytest.raises(EvidenceError) as caught:
            compare_cohorts(BOOK, [unit(**extra)], [unit()])
        assert (len(caught.value.problems), caught.value.more) == (100, 50)
        assert caught.value.total == 150
