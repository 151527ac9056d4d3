"""The bundled Putuo 2024 departments cohort, every figure worked out by hand.

Rulebook putuo-2024-departments: 100 points (安全生产 55, 自然灾害防治 20, 消防 25);
材料报送 deductions come off the total; grades 90/80/60; one veto; 优秀 quota 30% half up.
Judged items at full marks: annual_targets 15, supervision 6, quarterly 4,
disaster_response 15, fire_duty 15.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from assessment_rules import Cohort, assess, load_rulebook
from assessment_rules.cohorts import fact_owners, load_registry
from assessment_rules.io import read_evidence

EXAMPLE = Path(__file__).parents[2] / "examples" / "putuo-2024-departments.yaml"
BOOK = load_rulebook("putuo-2024-departments")


@pytest.fixture(scope="module")
def cohort() -> Cohort:
    return assess(BOOK, read_evidence(EXAMPLE, BOOK.id))


def D(text: str) -> Decimal:  # noqa: N802 - reads like the Decimal it builds
    return Decimal(text)


# (unit, total, final grade) with the deductions counted by hand.
EXPECTED = [
    # annual 15−14=1, one lead task overdue 2 → 97
    ("emergency-management", "97", "优秀"),
    # duty lapses 2, quarterly 1, supervision 6−4=2 → 95
    ("fire-rescue", "95", "优秀"),
    # two lead tasks overdue 2×2=4, disaster 15−13=2 → 94
    ("construction", "94", "优秀"),
    # model enterprises 2, fire hazards 3×1=3, supervision 2 → 93
    ("housing", "93", "优秀"),
    # annual 2, fire_duty 2, reports missing 年度总结 1, coordination 2×1=2 → 93
    ("market-regulation", "93", "优秀"),
    # late report 2, disaster 3, quarterly 3 → 92 (the 6th and last place)
    ("health", "92", "优秀"),
    # annual 3, hazards 1×2=2, training rules 2, fire_duty 2 → 91, beyond the places
    ("commerce", "91", "良好"),
    # sub-plan 3, duty 1, disaster 3, fire_duty 3 → 90, beyond the places
    ("education", "90", "良好"),
    # supervision 2, disaster 5, quarterly 1, reports missing 阶段小结 1, coordination 3 → 88
    ("development-reform", "88", "良好"),
    # annual 5, fire_duty 3, non-conforming report 1, duty 4 → 87
    ("human-resources", "87", "良好"),
    # hazards 2×2=4, sign-off 2, lax enforcement 3, supervision 3, quarterly 2 → 86
    ("ecology-environment", "86", "良好"),
    # disaster 6, fire_duty 4, annual 5 → 85
    ("planning-resources", "85", "良好"),
    # lead task 2, annual 4, fire hazards 4, no campaign plan 4, quarterly 2 → 84
    ("sports", "84", "良好"),
    # disaster 15−11.5=3.5, fire_duty 5, supervision 4, mobilisation 2, annual 2 → 83.5
    ("greening-cityscape", "83.5", "良好"),
    # duty lapses 7×1=7 capped at the item's 5, disaster 5, annual 3, fire_duty 5 → 82
    ("civil-defence", "82", "良好"),
    # sub-plan 3 + duty lists 2 + model enterprises 2 + coordination 5 = 12 (the item's
    # points exactly), annual 3, late report 2, fire_duty 3 → 80
    ("urban-management", "80", "良好"),
    # annual 6, hazards 3×2=6, disaster 5, supervision 5 → 78
    ("civil-affairs", "78", "合格"),
    # lead task 2, annual 5, reports missing 2, fire_duty 6, quarterly 4, disaster 5 → 76
    ("culture-tourism", "76", "合格"),
    # lead tasks 3×2=6 + annual 9 = 15 (item), hazards 4×2=8 + sign-off 2 = 10 (item),
    # supervision 6, disaster 6, fire_duty 5 → 100 − 42 = 58
    ("state-assets", "58", "不合格"),
    # annual 2, quarterly 4−1=3 → 95, but vetoed (major accident): ranks after every
    # department that is not vetoed (the rulebook's default Ranking)
    ("traffic-police", "95", "不合格"),
]


class TestTotalsRanksAndGrades:
    def test_ranked_order_totals_and_final_grades(self, cohort: Cohort) -> None:
        """The twenty departments rank, score and grade as counted by hand."""
        assert [(u.result.unit, str(u.result.total), u.grade) for u in cohort.units] == [
            (unit, total, grade) for unit, total, grade in EXPECTED
        ]

    def test_equal_totals_share_a_rank(self, cohort: Cohort) -> None:
        """93, 93 share rank 4 and the next is 6; the vetoed 95 ranks 20th, after the 19 others."""
        ranks = {u.result.unit: u.rank for u in cohort.units}
        assert [ranks[u] for u in ("fire-rescue", "construction")] == [2, 3]
        assert [ranks[u] for u in ("housing", "market-regulation", "health")] == [4, 4, 6]
        assert ranks["traffic-police"] == 20

    def test_cap_absorbs_the_excess_duty_lapses(self, cohort: Cohort) -> None:
        """Seven duty lapses (7 points) stop at the 5-point item; 2 are absorbed."""
        item = cohort.result("civil-defence").find("disaster.duty")
        assert (item.score, item.lost, item.absorbed) == (D("0"), D("5"), D("2"))


class TestQuota:
    def test_six_places_and_two_departments_moved(self, cohort: Cohort) -> None:
        """30% of 20 = 6 places; eight reach 90 (the vetoed 95 not counted); 91 and 90 move."""
        quota = cohort.quota
        assert quota is not None
        assert (quota.places, quota.candidates, quota.admitted, quota.demoted, quota.tie) == (
            6,
            8,
            6,
            2,
            False,
        )
        assert [u.result.unit for u in cohort.units if u.moved] == ["commerce", "education"]

    def test_vetoed_department_takes_no_place(self, cohort: Cohort) -> None:
        """区公安交警支队's 95 is 不合格 and its note says it takes no 优秀 place."""
        ranked = cohort.ranked("traffic-police")
        assert (ranked.grade, ranked.quota and ranked.quota.status) == ("不合格", "vetoed")
        assert "不占优秀名额" in ranked.grade_note


class TestSummary:
    def test_distribution_mean_and_median(self, cohort: Cohort) -> None:
        """优秀 6, 良好 10, 合格 2, 不合格 2; mean 1727.5 / 20 = 86.375 → 86.38; median 87.5."""
        summary = cohort.summary
        assert summary.grades == (("优秀", 6), ("良好", 10), ("合格", 2), ("不合格", 2))
        # Σ totals = 97 + 95 + 95 + 94 + 93 + 93 + 92 + 91 + 90 + 88 + 87 + 86 + 85 + 84
        #          + 83.5 + 82 + 80 + 78 + 76 + 58 = 1727.5
        # 86.375 has 3 places: given half up to 2, as printed, and flagged not exact.
        assert (summary.mean, summary.mean_exact) == (D("86.38"), False)
        # The 10th and 11th of 20 sorted totals are 87 and 88.
        assert summary.median == D("87.5")


class TestRulebook:
    def test_departments_and_streets_have_different_indicators(self) -> None:
        """差异化设置考核指标: the two 2024 rulebooks share some facts but not their sets."""
        streets = load_rulebook("putuo-2024-streets")
        assert set(BOOK.facts) != set(streets.facts)
        assert "lead_tasks_overdue" in BOOK.facts and "lead_tasks_overdue" not in streets.facts
        assert "gas_work" in streets.facts and "gas_work" not in BOOK.facts

    def test_three_offices_supply_every_fact(self) -> None:
        """区安委办, 区城运应急委办 and 区消防救援局 supply the departments' facts."""
        owners = fact_owners(BOOK)
        assert {o.title for o in owners.values()} == {"区安委办", "区城运应急委办", "区消防救援局"}
        assert set(owners) == set(BOOK.facts)

    def test_overdue_lead_tasks_never_exceed_the_tasks_led(self) -> None:
        """No example department has more overdue tasks than the registry says it leads."""
        registry = load_registry("putuo")
        for evidence in read_evidence(EXAMPLE):
            overdue = int(evidence.facts.get("lead_tasks_overdue", 0))
            assert overdue <= len(registry.unit(evidence.unit).lead_tasks), evidence.unit

    def test_example_units_are_the_registered_departments(self) -> None:
        """The example's ids and names are the registry's twenty departments."""
        assert load_registry("putuo").check(read_evidence(EXAMPLE), "departments") == []
