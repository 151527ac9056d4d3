"""The way to the next grade (整改清单), every figure worked out by hand beside its test.

The Wujin examples are those of ``examples/wujin-2021-departments.yaml``; their ledgers
are worked out in ``tests/rulebooks/test_wujin_2021_departments.py``.
"""

from __future__ import annotations

import time
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from assessment_rules import (
    AwardLevel,
    Bonus,
    CapAt,
    Deduct,
    Evidence,
    GradeBand,
    Item,
    Rulebook,
    Section,
    UnitResult,
    assess,
    load_rulebook,
)
from assessment_rules.cohorts import NextGrade, Recovery, to_next_grade
from assessment_rules.cohorts._next_grade import next_grade_lines
from assessment_rules.combinators import ScoreVeto, TotalPolicy
from assessment_rules.io import read_evidence

from .test_policies import BOOK as POLICIES
from .test_policies import UNITS as POLICY_UNITS
from .test_policies import unit as policy_unit

EXAMPLE = Path(__file__).parents[2] / "examples" / "wujin-2021-departments.yaml"
BOOK = load_rulebook("wujin-2021-departments")
FACTS = {evidence.unit: dict(evidence.facts) for evidence in read_evidence(EXAMPLE, BOOK.id)}


def D(text: str) -> Decimal:  # noqa: N802 - reads like the Decimal it builds
    return Decimal(text)


def wujin(unit: str, **changes: Any) -> UnitResult:
    return BOOK.evaluate(Evidence(unit, {**FACTS[unit], **changes}))


def plan_of(unit: str, **changes: Any) -> NextGrade:
    return to_next_grade(BOOK, wujin(unit, **changes))


class TestWujinExamples:
    def test_starred_unit_fixes_the_two_largest_emergency_lapses(self) -> None:
        """At 83, 7 short of 优秀, fixing ★ late reports (4) and stale resources (3) is enough."""
        plan = plan_of("starred")
        # 优秀 ≥ 90: 90 − 83 = 7. Alone: late reports ★ 2×2 = 4 (★ escapes the cap),
        # stale resources 3×1 = 3 (the item's non-★ 6 is under its 10-point cap, so it
        # comes back whole); no other clause is above 2, so 4 + 3 is the only pair ≥ 7.
        assert (plan.grade, plan.target, plan.points_needed) == ("良好", "优秀", D("7"))
        assert plan.clauses == (
            "key_work.emergency.late_accident_reports",
            "key_work.emergency.stale_resources",
        )
        assert plan.recovered == D("7")
        assert [item.recovers for item in plan.recoverable][:2] == [D("4"), D("3")]

    def test_passing_unit_needs_three_clauses_and_ties_go_to_clause_order(self) -> None:
        """At 67, 13 short of 良好: hazards 5 + supervision 5 + records 4, records before leader."""
        plan = plan_of("passing")
        # 良好 ≥ 80: 80 − 67 = 13. No cap binds (二(2) loses 14 of 20, 二(4) 9 of 10…), so
        # each clause gives back what it lost: 5, 5, 4, 4, 3, 2, 2, 2, 2, 2, 1, 1.
        # Two clauses give at most 5 + 5 = 10 < 13; three give 5 + 5 + 4 = 14 with
        # records (4) or with leader checks (4): records comes first on the sheet.
        assert (plan.target, plan.points_needed, plan.recovered) == ("良好", D("13"), D("14"))
        assert plan.clauses == (
            "key_work.inspections.missing_inspection_records",
            "key_work.special_rectification.hazards_not_rectified",
            "supervision.annual_targets.supervision_score",
        )
        assert [item.recovers for item in plan.recoverable] == [
            D(n) for n in ["5", "5", "4", "4", "3", "2", "2", "2", "2", "2", "1", "1"]
        ]

    def test_tied_unit_prefers_the_pair_that_recovers_more(self) -> None:
        """At 83, 7 short: firms 5 + lead unit 4 = 9 beats firms 5 + a 2-point clause = 7."""
        plan = plan_of("tied")
        # Both pairs reach 90; the rule is fewest clauses, then most points: 9 > 7.
        assert (plan.target, plan.points_needed, plan.recovered) == ("优秀", D("7"), D("9"))
        assert plan.clauses == (
            "organisation.committee_duties.lead_unit_lapses",
            "key_work.enterprise_duty.firms_lacking_duty",
        )

    def test_a_clause_the_cap_absorbed_recovers_nothing_alone(self) -> None:
        """Under a binding 扣完为止, fixing a 2-point clause gives back 0 and a 4-point one 2."""
        plan = plan_of("capped", leader_checks=3)
        # 一(1) loses raw 1 + 2 + 1 + 4 + 1 + 1 + 2 = 12, capped at 10; leader checks
        # 3 of 4: 1 × 2 = 2. Total 100 − 10 − 2 = 88 → 良好, 2 short of 优秀.
        # Fixing meetings (4): min(10, 12 − 4) = 8 → gives back 2; fixing the
        # responsibility system (2): min(10, 12 − 2) = 10 → gives back 0.
        recovers = {item.path.rsplit(".", 1)[1]: item.recovers for item in plan.recoverable}
        assert recovers == {
            "safety_meetings": D("2"),
            "leader_checks": D("2"),
            "no_support_system": D("0"),
            "no_responsibility_system": D("0"),
            "head_not_chair": D("0"),
            "no_annual_plan": D("0"),
            "no_duty_report": D("0"),
            "quarterly_reports": D("0"),
        }
        counted = {item.path.rsplit(".", 1)[1]: item.counted for item in plan.recoverable}
        assert counted["no_responsibility_system"] == D("2")
        # One clause is enough; meetings (一) comes before leader checks (二).
        assert plan.clauses == ("organisation.responsibility.safety_meetings",)
        assert (plan.points_needed, plan.recovered) == (D("2"), D("2"))

    @pytest.mark.parametrize("unit", ["clean", "capped", "bonus"])
    def test_top_grade_has_no_target(self, unit: str) -> None:
        """A unit already 优秀 (100, 90 and 96.5) has no next grade."""
        plan = plan_of(unit)
        assert (plan.target, plan.clauses, plan.blocked) == (None, (), "top")

    def test_vetoed_unit_is_told_no_points_lift_a_veto(self) -> None:
        """The vetoed unit (97, 不合格) gets no set, and the note says why."""
        plan = plan_of("vetoed")
        assert (plan.target, plan.clauses, plan.blocked) == (None, (), "vetoed")
        assert "一票否决" in plan.note and "不" in plan.note
        # Its clauses are still listed: leader checks 2, supervision 15 − 14 = 1.
        assert [item.recovers for item in plan.recoverable] == [D("2"), D("1")]


def _tiny(*clauses: Deduct, cap: str | None = None, grades: tuple[GradeBand, ...]) -> Rulebook:
    item = Item("a", "台账", points="10", children=clauses)
    return Rulebook(
        "tiny",
        "示例",
        points="10",
        grades=grades,
        children=(
            Section("s", "安全", points="10", children=(CapAt(item, limit=cap) if cap else item,)),
        ),
    )


class TestShapes:
    def test_the_floor_makes_a_small_fix_worth_nothing(self) -> None:
        """Past the floor, fixing the 3-point ★ clause gives back 0; the 15-point one 7."""
        book = _tiny(
            Deduct("big", "严重问题", rate="15", starred=True),
            Deduct("small", "一般问题", rate="3", starred=True),
            grades=(GradeBand("合格", "6"), GradeBand("不合格", "0")),
        )
        plan = to_next_grade(book, book.evaluate({"big": True, "small": True}))
        # ★ 15 + 3 = 18, the floor stops it at 10: total 0, 不合格, 6 short of 合格.
        # Without small: min(10, 15) = 10 → 0 back. Without big: 3 → total 7, 7 back.
        assert [(item.path, item.recovers) for item in plan.recoverable] == [
            ("s.a.big", D("7")),
            ("s.a.small", D("0")),
        ]
        assert (plan.target, plan.points_needed, plan.clauses) == ("合格", D("6"), ("s.a.big",))

    def test_equal_sets_go_to_the_earliest_clause(self) -> None:
        """Two 2-point clauses, 2 points needed: the first on the sheet is chosen."""
        book = _tiny(
            Deduct("x", "问题甲", rate="2"),
            Deduct("y", "问题乙", rate="2"),
            grades=(GradeBand("优秀", "8"), GradeBand("合格", "0")),
        )
        plan = to_next_grade(book, book.evaluate({"x": True, "y": True}))
        # 10 − 4 = 6, 2 short of 8: either clause gives back 2.
        assert plan.clauses == ("s.a.x",)

    def test_greedy_would_take_three_clauses_where_two_do(self) -> None:
        """Two 2-point clauses under a 2-point cap beat the best single clause (1.5) outside."""
        capped = CapAt(
            Item(
                "a",
                "台账",
                points="2",
                children=(Deduct("x", "缺甲", rate="2"), Deduct("y", "缺乙", rate="2")),
            )
        )
        other = Item("b", "培训", points="8", children=(Deduct("z", "未培训", rate="1.5"),))
        book = Rulebook(
            "tiny",
            "示例",
            points="10",
            grades=(GradeBand("优秀", "8.5"), GradeBand("合格", "0")),
            children=(Section("s", "安全", points="10", children=(capped, other)),),
        )
        plan = to_next_grade(book, book.evaluate({"x": True, "y": True, "z": True}))
        # Lost min(2, 4) + 1.5 = 3.5: total 6.5, 2 short of 8.5. Alone: z gives 1.5,
        # x or y 0 (the other still takes the whole cap). Greedy takes z (8), then x
        # (still 8), then y (10): three clauses. {x, y} gives 2 → 8.5: two are enough,
        # and {x, z} or {y, z} give 1.5 only.
        assert [(item.path, item.recovers) for item in plan.recoverable] == [
            ("s.b.z", D("1.5")),
            ("s.a.x", D("0")),
            ("s.a.y", D("0")),
        ]
        assert (plan.clauses, plan.recovered) == (("s.a.x", "s.a.y"), D("2"))

    def test_a_band_above_every_total_is_unreachable(self) -> None:
        """With 优秀 at 11 of 10 points and no bonus, even fixing everything falls short."""
        book = _tiny(
            Deduct("x", "问题甲", rate="1"),
            grades=(GradeBand("优秀", "11"), GradeBand("合格", "0")),
        )
        plan = to_next_grade(book, book.evaluate({"x": True}))
        # 10 − 1 = 9; fixing x gives 10 < 11.
        assert (plan.target, plan.blocked) == (None, "unreachable")
        assert plan.recoverable == (Recovery("s.a.x", "问题甲", "问题甲，扣1分", D("1"), D("1")),)

    def test_a_hundred_lapsed_clauses_take_well_under_a_second(self) -> None:
        """25 capped items of 4 clauses (one ★ each), every clause lapsed: fast."""
        items = [
            CapAt(
                Item(
                    f"i{i}",
                    f"考核内容{i}",
                    points="4",
                    children=tuple(
                        Deduct(f"i{i}_d{j}", f"条款{i}-{j}", rate=str(j + 1), starred=j == 3)
                        for j in range(4)
                    ),
                ),
                limit="3",
            )
            for i in range(25)
        ]
        book = Rulebook(
            "big",
            "示例",
            floor=False,
            children=(Section("s", "安全", points="100", children=tuple(items)),),
        )
        result = book.evaluate({f"i{i}_d{j}": True for i in range(25) for j in range(4)})
        # Each item: min(3, 1 + 2 + 3) = 3 plus ★ 4 → 7; 25 × 7 = 175 lost: −75.
        assert result.total == D("-75")
        started = time.perf_counter()
        plan = to_next_grade(book, result)
        elapsed = time.perf_counter() - started
        # 合格 ≥ 60 needs 135 back. A ★ clause gives 4; an item's capped clauses give
        # 1 a clause at best (all three: 3; rates 3 and 2: min(3, 1) = 1 left, 2 back;
        # one alone: 0). So the 25 ★ clauses (100), then 35 capped clauses for 35:
        # 11 whole items (33) and two clauses of a twelfth (2) → 60 clauses, 135 back.
        assert (plan.target, plan.points_needed) == ("合格", D("135"))
        assert (len(plan.clauses), plan.recovered) == (60, D("135"))
        assert elapsed < 1.0


class TestLines:
    def test_lines_name_the_clauses_and_the_points(self) -> None:
        """The 整改清单 says how far the band is and which clauses reach it."""
        lines = next_grade_lines(plan_of("starred"))
        assert lines[0] == (
            "距优秀还差7分：整改以下2条即可达到（可补回7分）："
            "（1）所监管行业（领域）内发生迟报、漏报、瞒报死亡事故；"
            "（2）未定期更新应急队伍、物资和装备信息，应急处置时无法有效使用"
        )
        assert lines[1].startswith(
            "逐条可补回：所监管行业（领域）内发生迟报、漏报、瞒报死亡事故 4分；"
        )

    def test_a_vetoed_unit_gets_the_veto_sentence(self) -> None:
        """A vetoed unit's first line says that points do not lift a veto."""
        assert next_grade_lines(plan_of("vetoed"))[0].startswith("已被一票否决")


class TestVetoVariantsAndPolicies:
    """The worked example of docs/shapes/policies.md (``tests/unit/test_policies.py``):
    重大隐患未整改 每项扣5分 under a 100-point cap, 市级表彰 bonus, a total not above 100,
    four clause vetoes (lowest, zero, bar_top, grade 合格), a score veto below 80 (lowest),
    a gate and the quota; bands 优秀 90, 良好 80, 合格 60."""

    def plan(self, **facts: Any) -> NextGrade:
        return to_next_grade(POLICIES, POLICIES.evaluate(policy_unit("u", "街道", **facts)))

    def test_bar_top_unit_below_its_limit_climbs_and_lifts_the_score_veto(self) -> None:
        """重伤 (bar_top) and 5 hazards: 75, held at 不合格 by the score veto; fixing the
        hazards gives 100, 良好 (the top is barred)."""
        plan = self.plan(injury=1, hazards=5)
        # 100 − 5 × 5 = 75 < 80: the score veto holds 不合格. Breakpoints above 75: 80
        # (the veto lifts, 80 earns 良好, bar_top allows 良好) — so the target is 良好,
        # 80 − 75 = 5 points; the one clause gives back all 25.
        assert (plan.target, plan.points_needed, plan.recovered) == ("良好", D("5"), D("25"))
        assert plan.clauses == ("work.checks.hazards",)
        assert [hit.path for hit in plan.lifts] == ["below_80"]
        assert "同时解除一票否决：年度考核得分低于80分" in next_grade_lines(plan)[0]

    def test_bar_top_unit_at_its_limit_is_blocked_with_the_veto_named(self) -> None:
        """重伤 and 3 hazards: 85, 良好, the most the veto allows: no set."""
        plan = self.plan(injury=1, hazards=3)
        # 100 − 15 = 85 → 良好; 优秀 is barred whatever is fixed (fixing gives 100).
        assert (plan.target, plan.blocked) == (None, "vetoed")
        assert plan.note == (
            "已被一票否决（发生重伤事故）：一票否决不因补回分数而解除，不得评为优秀，等次最高为良好"
        )
        assert [item.recovers for item in plan.recoverable] == [D("15")]

    def test_grade_veto_lets_the_unit_climb_to_its_band_only(self) -> None:
        """约谈 (grade 合格): at 75 the unit can reach 合格; at 90 it is already there."""
        low = self.plan(warning=1, hazards=5)
        # 75: the score veto holds 不合格; at 80 it lifts, 80 earns 良好, the grade veto
        # allows 合格: target 合格, 5 points.
        assert (low.target, low.points_needed, low.clauses) == (
            "合格",
            D("5"),
            ("work.checks.hazards",),
        )
        high = self.plan(warning=1, hazards=2)
        # 100 − 10 = 90 → 优秀 by points, 合格 by the veto: blocked.
        assert (high.target, high.blocked) == (None, "vetoed")
        assert (
            high.note == "已被一票否决（被区政府约谈）：一票否决不因补回分数而解除，等次最高为合格"
        )

    @pytest.mark.parametrize(
        ("facts", "title"),
        [
            ({"major_accident": 1}, "发生较大及以上生产安全事故"),
            ({"fire_death": 1}, "发生亡人火灾"),
        ],
    )
    def test_lowest_and_zero_vetoes_stay_blocked(self, facts: dict[str, int], title: str) -> None:
        """A lowest or zero veto: no points lift it, whatever the points."""
        plan = self.plan(hazards=1, **facts)
        assert (plan.target, plan.blocked) == (None, "vetoed")
        assert plan.note == (
            f"已被一票否决（{title}）：一票否决不因补回分数而解除，整改分数不能改变等次"
        )
        # The zeroed unit's score is 95 before the veto took it to 0: fixing gives 5.
        assert [item.recovers for item in plan.recoverable] == [D("5")]

    def test_score_veto_alone_takes_the_unit_two_bands_up(self) -> None:
        """5 hazards: 75, 不合格 by the score veto; at 80 the unit is 良好, not 合格."""
        plan = self.plan(hazards=5)
        # 合格 (60) is no use while the veto holds: the least lifting score is 80 → 良好.
        assert (plan.target, plan.points_needed, plan.recovered) == ("良好", D("5"), D("25"))

    def test_the_total_policy_keeps_the_recovery_within_full_points(self) -> None:
        """4 hazards and two 3-point awards: fixing the 20-point lapse gives back 15."""
        plan = self.plan(hazards=4, awards_city=["3", "3"])
        # Base 80, bonus min(3 + 3, 5) = 5 → 85, 良好. Fixed: base 100, and the total
        # may not pass 100, so the bonus adds 0: 100 − 85 = 15, not 20.
        assert (plan.target, plan.points_needed, plan.recovered) == ("优秀", D("5"), D("15"))
        assert plan.recoverable[0].recovers == D("15")
        assert plan.recoverable[0].counted == D("20")

    def test_an_ineligible_unit_is_told_which_requirement_it_missed(self) -> None:
        """Kept out by the gate: blocked, the note naming the unmet requirements."""
        plan = self.plan(self_check=False)
        assert (plan.target, plan.blocked, plan.recoverable) == (None, "ineligible", ())
        assert plan.note == "未参评，不计算整改清单。不符合申报条件：年度自评合格（未满足）"

    def test_a_unit_the_quota_moved_down_gets_the_quota_note(self) -> None:
        """a (97, 优秀 by score) loses its place to b (100) in 街道's 30% quota."""
        cohort = assess(POLICIES, POLICY_UNITS)
        ranked = cohort.ranked("a")
        assert (ranked.result.grade, ranked.grade) == ("优秀", "良好")
        plan = to_next_grade(POLICIES, ranked.result, grade=ranked.grade)
        assert (plan.target, plan.blocked, plan.grade) == (None, "quota", "良好")
        assert plan.note.startswith("总分已达到优秀分数线，因优秀比例限制评为良好")
        # 1 hazard and a 2-point award: base 95 + 2 = 97. Fixing it: base 100, the
        # total may not pass 100: 3 back, not 5.
        assert [item.recovers for item in plan.recoverable] == [D("3")]
        # Without the final grade the result alone is 优秀: nothing to reach.
        assert to_next_grade(POLICIES, ranked.result).blocked == "top"


class TestScoreVetoAndCeilingShapes:
    def test_a_score_veto_sets_the_points_needed_above_the_band(self) -> None:
        """Lost 1.5 + 1 + 0.5 of 10: 7 earns 合格 (6) but a veto below 8 holds 不合格."""
        book = Rulebook(
            "tiny",
            "示例",
            points="10",
            grades=(GradeBand("优秀", "9"), GradeBand("合格", "6"), GradeBand("不合格", "0")),
            children=(
                Section(
                    "s",
                    "安全",
                    points="10",
                    children=(
                        Item(
                            "a",
                            "台账",
                            points="10",
                            children=(
                                Deduct("x", "问题甲", rate="1.5"),
                                Deduct("y", "问题乙", rate="1"),
                                Deduct("z", "问题丙", rate="0.5"),
                            ),
                        ),
                    ),
                ),
            ),
            score_vetoes=(ScoreVeto("below_8", "得分低于8分", below="8"),),
        )
        plan = to_next_grade(book, book.evaluate({"x": True, "y": True, "z": True}))
        # 7 → 不合格 by the veto. The veto lifts at 8 (8 earns 合格): 1 point needed.
        # One clause does it: x (8.5) or y (8); x recovers more.
        assert (plan.target, plan.points_needed) == ("合格", D("1"))
        assert (plan.clauses, plan.recovered) == (("s.a.x",), D("1.5"))

    def test_sets_the_ceiling_makes_equal_go_to_clause_order(self) -> None:
        """Total not above 10: x (1) and y (1.5) each give back 0.5; x comes first."""
        book = Rulebook(
            "tiny",
            "示例",
            points="10",
            grades=(GradeBand("优秀", "10"), GradeBand("合格", "0")),
            children=(
                Section(
                    "s",
                    "安全",
                    points="10",
                    children=(
                        Item(
                            "a",
                            "台账",
                            points="10",
                            children=(
                                Deduct("x", "问题甲", rate="1"),
                                Deduct("y", "问题乙", rate="1.5"),
                            ),
                        ),
                    ),
                ),
                Bonus("award", "表彰加分", levels=(AwardLevel("city", "市级表彰", cap="2"),)),
            ),
            total=TotalPolicy(above_full=False),
        )
        plan = to_next_grade(book, book.evaluate({"x": True, "y": True, "award_city": ["2"]}))
        # Base 10 − 2.5 = 7.5, bonus 2 → 9.5. Fixing x: base 8.5, total min(10.5, 10)
        # = 10; fixing y: base 9, total 10. Both give back 0.5 (the ceiling): a tie on
        # points, so clause order decides: x, although fixing y leaves less lost.
        assert [(item.path, item.recovers) for item in plan.recoverable] == [
            ("s.a.x", D("0.5")),
            ("s.a.y", D("0.5")),
        ]
        assert (plan.target, plan.points_needed, plan.clauses) == ("优秀", D("0.5"), ("s.a.x",))
        assert plan.recovered == D("0.5")
