"""Quarters rolled up into the Putuo 2024 department assessment, with the work plan and calendar.

Seed 000 takes the quarterly indicators (附件3, not published) into the annual assessment;
the quarterly sheet here is therefore a small one built in the test. The annual sheet is
the bundled ``putuo-2024-departments``; its 完成区政府下达的年度安全生产目标任务 item is fed
from the 35 tasks of seed 003 and its 逾期报送 clause from the 2024 calendar.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from assessment_rules import (
    CapAt,
    Deduct,
    Evidence,
    Item,
    Rulebook,
    Section,
    load_rulebook,
)
from assessment_rules.calendar import (
    AnnualRollup,
    Progress,
    ProgressEntry,
    Rollup,
    assess_year,
    lateness_facts,
    load_calendar,
    load_workplan,
)

QUARTERLY = Rulebook(
    "putuo-2024-quarterly-sketch",
    "季度考核指标（测试用示意）",
    children=(
        Section(
            "indicators",
            "季度考核指标",
            points="100",
            children=(
                CapAt(
                    Item(
                        "hazards",
                        "重大事故隐患整改",
                        points="60",
                        children=(
                            Deduct(
                                "hazards_overdue", "重大事故隐患逾期未整改", rate="10", shape="each"
                            ),
                        ),
                    )
                ),
                CapAt(
                    Item(
                        "accidents",
                        "较大及以上事故",
                        points="40",
                        children=(
                            Deduct("major_accident", "发生较大及以上事故", rate="40", shape="each"),
                        ),
                    )
                ),
            ),
        ),
    ),
)

ROLLUP = AnnualRollup(
    (
        Rollup("quarterly_score", "weighted", weights=("0.25",) * 4, places=2),
        Rollup("hazards_overdue", "latest"),
        Rollup("major_accident"),
    ),
    title="季度考核指标纳入年度绩效考核",
    source="普安委〔2024〕8号 二、2",
)

PLAN = load_workplan("putuo-2024-workplan")
DEADLINE = load_calendar("putuo-2024-assessment").milestone("self_evaluation").due

# Hazards overdue per quarter (no major accident in any quarter).
HAZARDS = {"区应急局": (1, 0, 2, 0), "区建管委": (0, 3, 0, 1)}
IDS = {"区应急局": "emergency", "区建管委": "construction"}


def _progress(unit: str, late: dict[int, date], overdue: set[int], na: set[int]) -> Progress:
    """Every lead task done on its due day, except the late, overdue and 不涉及 ones named."""
    entries = []
    for tie in PLAN.tasks_of(unit):
        number = tie.task.id
        if tie.role != "lead" or number in overdue:
            continue
        if number in na:
            entries.append(ProgressEntry(number, unit, "not_applicable"))
        else:
            entries.append(ProgressEntry(number, unit, "done", late.get(number, tie.task.due)))
    return Progress(PLAN.id, entries)


def _annual_facts(unit: str, progress: Progress, submitted: date) -> dict[str, object]:
    completion = PLAN.completion(unit, date(2025, 1, 15), progress)
    facts: dict[str, object] = {
        "annual_targets": completion.score("15"),
        "lead_tasks_overdue": completion.facts(overdue="lead_tasks_overdue")["lead_tasks_overdue"],
        "plan_reports": ["年度工作任务", "阶段小结", "年度总结"],
        "supervision_score": "6",
        "disaster_response": "15",
        "fire_duty": "15",
    }
    facts.update(lateness_facts(DEADLINE, submitted, late="late_report", missing=None, days=None))
    return facts


@pytest.fixture(scope="module")
def year():  # type: ignore[no-untyped-def]
    quarters = {
        n: [
            Evidence(IDS[u], {"hazards_overdue": HAZARDS[u][n - 1], "major_accident": 0}, u)
            for u in HAZARDS
        ]
        for n in (1, 2, 3, 4)
    }
    emergency = _progress("区应急局", late={28: date(2024, 10, 8)}, overdue={13}, na={26})
    construction = _progress("区建管委", late={}, overdue=set(), na=set())
    annual = [
        Evidence("emergency", _annual_facts("区应急局", emergency, date(2024, 11, 20))),
        Evidence("construction", _annual_facts("区建管委", construction, date(2024, 11, 22))),
    ]
    book = load_rulebook("putuo-2024-departments")
    return assess_year(ROLLUP, QUARTERLY, book, quarters, annual, year=2024)


class TestPutuoDepartmentsRollup:
    def test_emergency_bureau_leads_twenty_eight_tasks(self) -> None:
        """区应急局 leads 28 of the 35 tasks, by name or through its groups."""
        lead = [a.task.id for a in PLAN.tasks_of("区应急局") if a.role == "lead"]
        # Seed 003: named in 3, 8, 9, 11, 13, 16, 19, 21, 22, 24, 25, 28, 29; 区安委会成员单位
        # in 1, 2, 5, 6, 18; 各负有安全生产监管职责的部门 in 10 (seed 001 lists 区应急局);
        # 区安委会有关成员单位 in 20, 26, 27, 30–35.
        assert lead == [
            1, 2, 3, 5, 6, 8, 9, 10, 11, 13, 16, 18, 19, 20, 21, 22,
            24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35,
        ]  # fmt: skip

    def test_quarterly_ranking(self, year) -> None:  # type: ignore[no-untyped-def]
        """Quarter totals give the 动态排名 of each unit."""
        # 区应急局: 100 − 10 = 90, 100, 100 − 20 = 80, 100.
        # 区建管委: 100, 100 − 30 = 70, 100, 100 − 10 = 90.
        assert year.ranks("emergency") == (2, 1, 2, 1)
        assert year.ranks("construction") == (1, 2, 1, 2)

    def test_rolled_up_facts(self, year) -> None:  # type: ignore[no-untyped-def]
        """The 4-point quarterly item gets the even share; hazards take Q4; accidents add up."""
        emergency = year.annual_evidence("emergency").facts
        construction = year.annual_evidence("construction").facts
        # 4 × (90 + 100 + 80 + 100) ÷ 400 = 3.70; 4 × (100 + 70 + 100 + 90) ÷ 400 = 3.60.
        assert emergency["quarterly_score"] == Decimal("3.70")
        assert construction["quarterly_score"] == Decimal("3.60")
        assert (emergency["hazards_overdue"], construction["hazards_overdue"]) == (0, 1)
        assert (emergency["major_accident"], construction["major_accident"]) == (0, 0)

    def test_work_plan_score_of_the_emergency_bureau(self, year) -> None:  # type: ignore[no-untyped-def]
        """28 lead tasks, 1 不涉及, 1 late, 1 overdue: 15 × (25 + 0.5) ÷ 27 = 14.17."""
        facts = year.annual_evidence("emergency").facts
        # 382.5 ÷ 27 = 14.1666… → 14.17 (half up).
        assert (facts["annual_targets"], facts["lead_tasks_overdue"]) == (Decimal("14.17"), 1)

    def test_annual_totals(self, year) -> None:  # type: ignore[no-untyped-def]
        """The annual sheet scores the rolled-up and annual-only facts."""
        # 区应急局: 100 − (4 − 3.70) − (15 − 14.17) − 1 × 2 (overdue task) = 96.87.
        # 区建管委: 100 − (4 − 3.60) − 1 × 2 (hazard) − 2 (self-evaluation on 11-22) = 95.60.
        emergency = year.annual.result("emergency")
        construction = year.annual.result("construction")
        assert emergency.total == Decimal("96.87")
        assert construction.total == Decimal("95.60")
        assert [r.result.unit for r in year.annual.units] == ["emergency", "construction"]
        assert any("2024年11月20日前" in reason for reason in construction.reasons)
