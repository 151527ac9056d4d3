"""The Putuo 2020 inspection rulebooks (seed 001), streets and departments, by hand.

Five areas of 普安办〔2020〕13号 二: streets 20/25/15/25/15, departments 25/25/20/15/15;
材料报送 deductions come off the total; one veto; no 优秀 quota (001 sets none).
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from assessment_rules import Evidence, Rulebook, assess, load_rulebook

STREETS = load_rulebook("putuo-2020-streets")
DEPARTMENTS = load_rulebook("putuo-2020-departments")

STREETS_FULL = {
    "duty_score": 10,
    "two_lists": ["问题隐患清单", "制度措施清单"],
    "guarantee_score": 15,
    "fire_system_score": 8,
    "emergency_system_score": 8,
    "major_accident": 0,
}
DEPARTMENTS_FULL = {**STREETS_FULL, "fire_system_score": 10}


class TestStreets2020:
    def test_full_marks(self) -> None:
        """Every judgment at full marks and no lapse keeps all 100 points."""
        assert STREETS.evaluate(STREETS_FULL).total == Decimal(100)

    def test_deductions_cap_and_late_report(self) -> None:
        """Grid lapses stop at the 10-point item; the late report costs 2 off the total."""
        result = STREETS.evaluate(
            {
                **STREETS_FULL,
                "no_grid_model": True,
                "unhandled_grid_cases": 7,
                "two_lists": ["问题隐患清单"],
                "late_report": True,
                "duty_score": "8.5",
            }
        )
        # Grid: 5 + 7×1 = 12 → capped at 10; two lists: 1 missing × 2 = 2;
        # judgment 10 − 8.5 = 1.5; late report 2 → 100 − 10 − 2 − 1.5 − 2 = 84.5.
        assert result.total == Decimal("84.5")
        assert result.find("foundations.grid").absorbed == Decimal(2)
        assert result.grade == "良好"

    def test_veto_keeps_score_and_forces_lowest_grade(self) -> None:
        """A major accident: 100 points shown, graded 不合格."""
        result = STREETS.evaluate({**STREETS_FULL, "major_accident": 1})
        assert (result.total, result.grade) == (Decimal(100), "不合格")

    def test_no_quota_means_every_excellent_unit_stays(self) -> None:
        """Four 优秀 streets all stay 优秀: the 2020 plan sets no share."""
        cohort = assess(STREETS, [Evidence(f"s{i}", STREETS_FULL) for i in range(4)])
        assert (cohort.quota, [u.grade for u in cohort.units]) == (None, ["优秀"] * 4)


class TestDepartments2020:
    def test_full_marks(self) -> None:
        """Every judgment at full marks and no lapse keeps all 100 points."""
        assert DEPARTMENTS.evaluate(DEPARTMENTS_FULL).total == Decimal(100)

    def test_supervision_duty_deductions(self) -> None:
        """Two lapses of the departments' own duty clauses cost 4 + 5 = 9."""
        result = DEPARTMENTS.evaluate(
            {**DEPARTMENTS_FULL, "no_supervision_duty": True, "no_enterprise_duty": True}
        )
        # 100 − 4 − 5 = 91
        assert (result.total, result.grade) == (Decimal(91), "优秀")

    @pytest.mark.parametrize("fact", ["no_grid_model", "unhandled_grid_cases"])
    def test_departments_have_no_grid_item(self, fact: str) -> None:
        """The 网格化 item is for streets only (差异化设置考核指标)."""
        assert fact in STREETS.facts and fact not in DEPARTMENTS.facts

    def test_section_points_differ_from_the_streets(self) -> None:
        """The five areas weigh 25/25/20/15/15 for departments, 20/25/15/25/15 for streets."""

        def weights(book: Rulebook) -> list[str]:
            return [str(node.max_points) for node in book.children[:5]]

        assert weights(DEPARTMENTS) == ["25", "25", "20", "15", "15"]
        assert weights(STREETS) == ["20", "25", "15", "25", "15"]
