"""The 35 tasks of seed 003 as data: due dates, units, status and the completion score."""

from __future__ import annotations

import os
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from assessment_rules.calendar import (
    Completion,
    Party,
    Progress,
    ProgressEntry,
    Task,
    UnitGroup,
    WorkPlan,
    WorkPlanError,
    load_workplan,
    parse_parties,
    parse_when,
    unit_kind,
)

PLAN = load_workplan("putuo-2024-workplan")
# The seeds live beside the checkout (../shared/seeds); CI, which tests a clean clone
# elsewhere, points ASSESSMENT_RULES_SEEDS at them.
SEEDS = Path(
    os.environ.get(
        "ASSESSMENT_RULES_SEEDS", Path(__file__).resolve().parents[3] / "shared" / "seeds"
    )
)
SEED = SEEDS / "003_cf325e286d091f60.txt"

# 时间节点 of every row as printed in seed 003, and the deadline it means in 2024 (a month
# alone is due on its last day).
SEED_TIME_NODES = {
    1: ("12 月", date(2024, 12, 31)),
    2: ("12 月", date(2024, 12, 31)),
    3: ("12 月", date(2024, 12, 31)),
    4: ("3 月", date(2024, 3, 31)),
    5: ("4 月", date(2024, 4, 30)),
    6: ("6 月", date(2024, 6, 30)),
    7: ("9月", date(2024, 9, 30)),
    8: ("11月", date(2024, 11, 30)),
    9: ("11月", date(2024, 11, 30)),
    10: ("11月", date(2024, 11, 30)),
    11: ("12月", date(2024, 12, 31)),
    12: ("11月", date(2024, 11, 30)),
    13: ("7月", date(2024, 7, 31)),
    14: ("12月", date(2024, 12, 31)),
    15: ("11月", date(2024, 11, 30)),
    16: ("12月", date(2024, 12, 31)),
    17: ("12月", date(2024, 12, 31)),
    18: ("12月", date(2024, 12, 31)),
    19: ("12月", date(2024, 12, 31)),
    20: ("12月", date(2024, 12, 31)),
    21: ("12月", date(2024, 12, 31)),
    22: ("12月", date(2024, 12, 31)),
    23: ("12月", date(2024, 12, 31)),
    24: ("12月", date(2024, 12, 31)),
    25: ("12月", date(2024, 12, 31)),
    26: ("12月", date(2024, 12, 31)),
    27: ("12月", date(2024, 12, 31)),
    28: ("9月", date(2024, 9, 30)),
    29: ("12月", date(2024, 12, 31)),
    30: ("12月", date(2024, 12, 31)),
    31: ("12月", date(2024, 12, 31)),
    32: ("12月", date(2024, 12, 31)),
    33: ("12月", date(2024, 12, 31)),
    34: ("12月", date(2024, 12, 31)),
    35: ("12月", date(2024, 12, 31)),
}


class TestSeedTranscription:
    def test_thirty_five_tasks_numbered_in_order(self) -> None:
        """The plan holds tasks 1 to 35, in the seed's order."""
        assert [task.id for task in PLAN.tasks] == list(range(1, 36))

    @pytest.mark.parametrize("number", sorted(SEED_TIME_NODES))
    def test_due_date_of_every_task(self, number: int) -> None:
        """Each task keeps its printed 时间节点 and is due on that month's last day of 2024."""
        when, due = SEED_TIME_NODES[number]
        task = PLAN.task(number)
        assert (task.when, task.due) == (when, due)

    def test_categories_follow_the_merged_cells(self) -> None:
        """Rows under a merged category cell carry that category (seed 003, rows 6–12, 24, 31)."""
        assert PLAN.task(1).category == PLAN.task(3).category == "年度目标"
        assert {PLAN.task(n).category for n in range(6, 13)} == {"开展安全生产责任体系提升行动"}
        assert PLAN.task(24).category == "开展安全科技支撑和工程治理行动"
        assert PLAN.task(31).category == "开展安全生产精准执法和帮扶行动"
        # Rows 13 and 14 print the category differently; each keeps its own wording.
        assert PLAN.task(13).category == "开展城区韧性安全能力提升行动"
        assert PLAN.task(14).category == "开展城市韧性安全能力提升行动"

    def test_units_of_task_7(self) -> None:
        """Task 7 is led by 区安委会办公室 and the 专业委员会, with three units and 有关成员单位."""
        task = PLAN.task(7)
        assert task.lead == (Party("区安委会办公室"), Party("区安委会各专业委员会", group=True))
        assert task.cooperating == (
            Party("区房管局"),
            Party("区市场监管局"),
            Party("区消防救援支队"),
            Party("区安委会有关成员单位", group=True),
        )

    def test_task_19_has_no_cooperating_units(self) -> None:
        """Task 19 names three lead units and no 配合单位."""
        task = PLAN.task(19)
        assert task.lead_text == "区司法局、区应急局、区纪委监委"
        assert task.cooperating == ()

    def test_task_13_has_twelve_cooperating_units(self) -> None:
        """Task 13 lists 12 cooperating units, from 区发改委 to 区国动办."""
        names = [party.name for party in PLAN.task(13).cooperating]
        assert (len(names), names[0], names[-1]) == (12, "区发改委", "区国动办")

    @pytest.mark.skipif(not SEED.exists(), reason="seed 003 is not next to this checkout")
    def test_every_row_is_verbatim_in_the_seed(self) -> None:
        """Goal, content, 时间节点 and unit cells of every task appear in its seed row."""
        rows = {}
        for line in SEED.read_text(encoding="utf-8").splitlines():
            match = re.match(r"^(\d+)\t(.*)$", line)
            if match:
                rows[int(match[1])] = match[2].split("\t")
        assert sorted(rows) == list(range(1, 36))
        previous = ""
        for task in PLAN.tasks:
            cells = rows[task.id]
            for text in (task.goal, task.content, task.when, task.lead_text):
                assert text in cells, (task.id, text)
            assert task.cooperating_text in (*cells, "")
            # Category, goal and content precede the 时间节点; a merged category cell
            # leaves the first of them empty or missing, and the block's category holds.
            printed = cells[0] if cells.index(task.when) == 3 else ""
            assert task.category == (printed or previous), task.id
            previous = task.category


class TestParties:
    def test_etc_reads_as_the_relevant_members_group(self) -> None:
        """Both "X等有关成员单位" and a bare "X等" add the group 区安委会有关成员单位."""
        groups = {
            "区安委会有关成员单位": "区安委会有关成员单位",
            "有关成员单位": "区安委会有关成员单位",
        }
        relevant = Party("区安委会有关成员单位", group=True)
        assert parse_parties("区应急局等有关成员单位", groups) == (Party("区应急局"), relevant)
        assert parse_parties("区应急局等", groups) == (Party("区应急局"), relevant)

    def test_unknown_group_after_etc_is_refused(self) -> None:
        """Text after 等 that is no declared group is an error."""
        with pytest.raises(WorkPlanError, match="not a group"):
            parse_parties("区应急局等某某单位", {})

    def test_aliases_give_the_plans_spelling(self) -> None:
        """区安委办 (seed 000) is 区安委会办公室; 区消防救援局 is 区消防救援支队."""
        assert PLAN.canonical("区安委办") == "区安委会办公室"
        assert PLAN.canonical("区消防救援局") == "区消防救援支队"

    @pytest.mark.parametrize(
        ("name", "kind"),
        [
            ("区应急局", "department"),
            ("区委组织部", "department"),
            ("长征镇", "street"),
            ("真如镇街道", "street"),
            ("区安委会办公室", "office"),
            ("上海普陀城市发展集团", "enterprise"),
            ("应急管理局", ""),
        ],
    )
    def test_unit_kind_from_name(self, name: str, kind: str) -> None:
        """A unit's kind comes from how its name starts or ends."""
        assert unit_kind(name) == kind


class TestTasksOfUnit:
    def test_emergency_bureau_lead_and_cooperating(self) -> None:
        """区应急局 leads task 25 by name and cooperates on task 12 through 有关成员单位."""
        ties = {a.task.id: a for a in PLAN.tasks_of("区应急局")}
        assert (ties[25].role, ties[25].via, ties[25].relevant) == ("lead", "区应急局", False)
        assert (ties[12].role, ties[12].via, ties[12].relevant) == (
            "cooperating",
            "区安委会有关成员单位",
            True,
        )
        # Task 4 is led by 区安委会办公室 alone.
        assert 4 not in ties

    def test_naming_beats_the_group(self) -> None:
        """In task 28 区应急局 is named lead and also in the cooperating group: it is lead."""
        tie = next(a for a in PLAN.tasks_of("区应急局") if a.task.id == 28)
        assert (tie.role, tie.via) == ("lead", "区应急局")

    def test_street_reaches_member_tasks_and_its_own(self) -> None:
        """A street leads tasks 1 (区安委会成员单位) and 11 (各街镇), but not 10 (departments)."""
        ties = {a.task.id: a for a in PLAN.tasks_of("长征镇")}
        assert (ties[1].via, ties[11].via) == ("区安委会成员单位", "各街镇")
        assert 10 not in ties

    def test_supervision_departments_come_from_seed_001(self) -> None:
        """Task 10 reaches 区房管局 (listed in seed 001) but not 区教育局 (an industry body)."""
        assert any(a.task.id == 10 for a in PLAN.tasks_of("区房管局"))
        assert not any(a.task.id == 10 for a in PLAN.tasks_of("区教育局"))

    def test_group_name_lists_the_tasks_naming_it(self) -> None:
        """Asking for 区安委会成员单位 lists the five tasks that name it: 1, 2, 5, 6, 18."""
        ids = [a.task.id for a in PLAN.tasks_of("区安委会成员单位")]
        # Seed 003: rows 1, 2, 5, 6 and 18 name 区安委会成员单位 as 责任单位.
        assert ids == [1, 2, 5, 6, 18]

    def test_enterprise_reaches_soe_tasks(self) -> None:
        """A district enterprise leads tasks 5 and 27 and cooperates on 8."""
        ties = {a.task.id: a.role for a in PLAN.tasks_of("上海普陀城市发展集团")}
        assert ties == {5: "lead", 8: "cooperating", 27: "lead"}

    def test_unknown_unit_is_refused_with_a_hint(self) -> None:
        """A name that no task can concern is an error suggesting a close name."""
        with pytest.raises(WorkPlanError, match="Did you mean '区应急局'"):
            PLAN.tasks_of("应急局")


def _progress(*entries: tuple[int, str, str, date | None]) -> Progress:
    return Progress(PLAN.id, [ProgressEntry(t, u, s, d) for t, u, s, d in entries])  # type: ignore[arg-type]


class TestOverallStatus:
    def test_month_end_and_the_day_after(self) -> None:
        """Task 4 (3 月), not done: due this month on 31 March, overdue on 1 April."""
        task = PLAN.task(4)
        assert PLAN.report(task, date(2024, 3, 31)).status == "due_this_month"
        assert PLAN.report(task, date(2024, 4, 1)).status == "overdue"

    def test_all_named_leads_must_be_done(self) -> None:
        """Task 9 is done only when 区应急局, 区建管委 and 区国资委 have all finished."""
        task = PLAN.task(9)
        partial = _progress(
            (9, "区应急局", "done", date(2024, 11, 10)), (9, "区建管委", "in_progress", None)
        )
        report = PLAN.report(task, date(2024, 11, 15), partial)
        assert (report.status, report.state, report.waiting) == (
            "due_this_month",
            "in_progress",
            ("区建管委", "区国资委"),
        )
        full = _progress(
            (9, "区应急局", "done", date(2024, 11, 10)),
            (9, "区建管委", "done", date(2024, 11, 30)),
            (9, "区国资委", "done", date(2024, 12, 2)),
        )
        # The last lead finished on 2 December, after the 30 November deadline.
        report = PLAN.report(task, date(2024, 12, 31), full)
        assert (report.status, report.done_on) == ("done_late", date(2024, 12, 2))

    def test_group_leads_count_through_their_records(self) -> None:
        """Task 20 (有关成员单位) is done when every unit that reported it as lead is done."""
        progress = _progress(
            (20, "区应急局", "done", date(2024, 12, 20)),
            (20, "长征镇", "not_applicable", None),
        )
        report = PLAN.report(PLAN.task(20), date(2025, 1, 2), progress)
        assert (report.status, report.done_on) == ("done_on_time", date(2024, 12, 20))

    def test_cooperating_progress_does_not_decide(self) -> None:
        """A cooperating unit's completion leaves task 13 undone while 区应急局 is not done."""
        progress = _progress((13, "区发改委", "done", date(2024, 7, 1)))
        assert PLAN.report(PLAN.task(13), date(2024, 8, 1), progress).status == "overdue"

    def test_status_as_of_october_first(self) -> None:
        """On 1 October 2024 tasks due March–September are overdue and the rest not yet due."""
        reports = PLAN.status(date(2024, 10, 1))
        overdue = [r.task.id for r in reports if r.status == "overdue"]
        # Seed 003: tasks 4 (3月), 5 (4月), 6 (6月), 7 (9月), 13 (7月) and 28 (9月).
        assert overdue == [4, 5, 6, 7, 13, 28]
        assert {r.status for r in reports if r.task.id not in overdue} == {"not_yet_due"}


class TestUnitStatus:
    def test_not_applicable_is_its_own_status(self) -> None:
        """A unit that records 不涉及 for task 26 sees that status whatever the day."""
        progress = _progress((26, "区教育局", "not_applicable", None))
        reports = {r.task.id: r for r in PLAN.status(date(2025, 1, 15), progress, "区教育局")}
        assert reports[26].status == "not_applicable"
        assert reports[30].status == "overdue"


class TestCompletion:
    def test_score_formula_by_hand(self) -> None:
        """7 on time, 2 late, 1 overdue of 10 points: 10 × (7 + 0.5 × 2) ÷ 10 = 8.00."""
        completion = Completion(
            "区应急局", date(2025, 1, 15), on_time=range(1, 8), late=(8, 9), overdue=(10,)
        )
        assert completion.score("10") == Decimal("8.00")

    def test_thirds_are_rounded_half_up(self) -> None:
        """2 of 3 on time out of 5 points: 5 × 2 ÷ 3 = 3.333… → 3.33."""
        completion = Completion("x", date(2025, 1, 15), on_time=(1, 2), overdue=(3,))
        assert completion.score("5") == Decimal("3.33")

    def test_late_credit_zero_and_nothing_decided(self) -> None:
        """With late credit 0 a late task earns nothing; with nothing decided the score is full."""
        late = Completion("x", date(2025, 1, 15), on_time=(1,), late=(2,))
        # 4 × (1 + 0 × 1) ÷ 2 = 2.
        assert late.score("4", late_credit="0") == Decimal("2.00")
        assert Completion("x", date(2024, 5, 1), open=(1, 2)).score("4") == Decimal("4.00")

    def test_bad_late_credit(self) -> None:
        """A late credit above 1 is refused."""
        with pytest.raises(WorkPlanError, match="from 0 to 1"):
            Completion("x", date(2025, 1, 15)).score("4", late_credit="1.5")

    def test_completion_of_the_emergency_bureau(self) -> None:
        """区应急局's lead tasks on 15 January 2025 with three records, counted by status."""
        progress = _progress(
            (25, "区应急局", "done", date(2024, 12, 10)),
            (28, "区应急局", "done", date(2024, 10, 8)),
            (26, "区应急局", "not_applicable", None),
        )
        completion = PLAN.completion("区应急局", date(2025, 1, 15), progress)
        assert completion.on_time == (25,)
        assert completion.late == (28,)  # due 30 September, done 8 October.
        assert completion.not_applicable == (26,)
        # Every other lead task of 区应急局 is overdue: 28 lead tasks (see tasks_of) − 3.
        lead = [a.task.id for a in PLAN.tasks_of("区应急局") if a.role == "lead"]
        assert len(completion.overdue) == len(lead) - 3
        assert completion.facts() == {"tasks_overdue": len(lead) - 3, "tasks_done_late": 1}
        assert "逾期完成1项（第28项）" in completion.reason()


class TestValidation:
    def test_duplicate_task_ids(self) -> None:
        """Two tasks with the same id are refused."""
        task = Task(1, "c", "g", "x", parse_when("12月", 2024), (Party("区应急局"),))
        with pytest.raises(WorkPlanError, match="unique"):
            WorkPlan("p", "t", 2024, (task, task))

    def test_undeclared_group(self) -> None:
        """A task naming a group the plan does not declare is refused."""
        task = Task(1, "c", "g", "x", parse_when("12月", 2024), (Party("各街镇", group=True),))
        with pytest.raises(WorkPlanError, match="not a declared group"):
            WorkPlan("p", "t", 2024, (task,))

    def test_done_needs_a_day(self) -> None:
        """A done record without its day is refused."""
        with pytest.raises(WorkPlanError, match="the day it was done"):
            ProgressEntry(1, "区应急局", "done")

    def test_bad_group_kind(self) -> None:
        """A group kind outside the four kinds is refused."""
        with pytest.raises(WorkPlanError, match="must be one of"):
            UnitGroup("x", kinds=("village",))
