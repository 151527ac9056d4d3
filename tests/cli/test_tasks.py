"""The ``tasks`` and ``calendar`` commands on the bundled plans and calendars."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

from click.testing import CliRunner

from assessment_rules.cli import main

EXAMPLES = Path(__file__).parents[2] / "examples"
PROGRESS = str(EXAMPLES / "putuo-2024-workplan-progress.yaml")
SUBMISSIONS = str(EXAMPLES / "putuo-2020-submissions.yaml")


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner(env={"COLUMNS": "200"}).invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


class TestTasksJson:
    def test_thirty_five_tasks_due_at_month_ends_of_2024(self) -> None:
        """On 2024-10-01 the JSON lists 35 tasks, each due on a month's last day of 2024."""
        code, out, _ = run(
            "tasks", "putuo-2024-workplan", "--as-of", "2024-10-01", "--format", "json"
        )
        assert code == 0
        document = json.loads(out)
        tasks = document["tasks"]
        assert [t["id"] for t in tasks] == list(range(1, 36))
        for task in tasks:
            assert {"id", "title", "due", "lead", "status"} <= set(task)
            due = date.fromisoformat(task["due"])
            assert due.year == 2024 and (due + timedelta(days=1)).day == 1
            assert task["lead"]
        # Seed 003: due by 2024-10-01 are tasks 4 (3月), 5 (4月), 6 (6月), 13 (7月), 7 and 28 (9月).
        overdue = [t["id"] for t in tasks if t["status"] == "overdue"]
        assert overdue == [4, 5, 6, 7, 13, 28]
        assert document["summary"]["not_yet_due"] == 29

    def test_progress_and_unit_score(self) -> None:
        """With progress and points the unit's lead tasks are counted and scored."""
        code, out, _ = run(
            "tasks",
            "putuo-2024-workplan",
            "--unit",
            "区应急局",
            "--as-of",
            "2025-01-15",
            "--progress",
            PROGRESS,
            "--points",
            "15",
            "--format",
            "json",
        )
        assert code == 0
        completion = json.loads(out)["completion"]
        # The example progress: 区应急局 finished 5 (04-26, due 04-30), 9 (11-15, due 11-30)
        # and 13 (07-25, due 07-31) on time, 28 on 10-08 after its 09-30 deadline; its other
        # 24 lead tasks (28 − 4; task 25 only in progress) are overdue.
        assert (completion["on_time"], completion["late"]) == ([5, 9, 13], [28])
        assert len(completion["overdue"]) == 24
        assert 25 in completion["overdue"]
        # 15 × (3 + 0.5 × 1) ÷ 28 = 52.5 ÷ 28 = 1.875 → 1.88 (half up).
        assert completion["score"] == "1.88"

    def test_group_name_as_unit(self) -> None:
        """A group name lists the tasks that name the group."""
        code, out, _ = run(
            "tasks",
            "putuo-2024-workplan",
            "--unit",
            "各街镇",
            "--as-of",
            "2024-10-01",
            "--format",
            "json",
        )
        assert code == 0
        # Seed 003: only task 11 names 各街镇.
        assert [t["id"] for t in json.loads(out)["tasks"]] == [11]


class TestTasksOtherFormats:
    def test_table_shows_chinese_statuses(self) -> None:
        """The table shows titles, due dates and Chinese status labels."""
        code, out, _ = run("--lang", "zh", "tasks", "putuo-2024-workplan", "--as-of", "2024-12-31")
        assert code == 0
        for text in ("组建专班", "2024-03-31", "逾期未完成", "本月到期"):
            assert text in out

    def test_markdown_table(self, tmp_path: Path) -> None:
        """--output with .md writes a Markdown table (format guessed from the suffix)."""
        target = tmp_path / "tasks.md"
        code, _, _ = run(
            "tasks", "putuo-2024-workplan", "--as-of", "2024-10-01", "--output", str(target)
        )
        assert code == 0
        text = target.read_text(encoding="utf-8")
        assert "| 序号 | 任务 | 时间节点 | 截止日期 | 牵头单位 | 状态 |" in text
        # The plan writes 3 月 and 9月; the table shows one spelling, 3月 (A8).
        assert "| 4 | 组建专班 | 3月 | 2024-03-31 | 区安委会办公室 | 逾期未完成 |" in text

    def test_table_prints_brackets_from_a_plan_file_as_written(self, tmp_path: Path) -> None:
        """Square brackets in a user's plan are shown as text, not read as rich markup."""
        plan = tmp_path / "plan.yaml"
        plan.write_text(
            "id: p\ntitle: 计划[/]\nyear: 2025\ntasks:\n"
            "  - {id: 1, category: c, goal: '整改[bold]隐患', content: x, when: 6月底,\n"
            "     lead: 区应急局}\n",
            encoding="utf-8",
        )
        code, out, err = run("tasks", str(plan), "--as-of", "2025-01-01")
        assert code == 0, err
        assert "计划[/]" in out and "整改[bold]隐患" in out


class TestTasksErrors:
    def test_bad_date_is_a_usage_error(self) -> None:
        """A date that does not exist gives exit code 2 and says how to write one."""
        code, _, err = run("tasks", "putuo-2024-workplan", "--as-of", "2024-02-30")
        assert code == 2
        assert "YYYY-MM-DD" in err
        assert "Traceback" not in err

    def test_unknown_plan_suggests(self) -> None:
        """A misspelt plan id gives exit code 4 and a hint."""
        code, _, err = run("tasks", "putuo-2024-workplen")
        assert code == 4
        assert "Did you mean 'putuo-2024-workplan'" in err

    def test_unknown_unit(self) -> None:
        """A unit no task can concern gives exit code 4 naming it."""
        code, _, err = run("tasks", "putuo-2024-workplan", "--unit", "应急局")
        assert code == 4
        assert "'应急局'" in err and "Did you mean" in err

    def test_bad_progress_file_lists_every_problem(self, tmp_path: Path) -> None:
        """A wrong progress file gives exit code 4 and lists each problem."""
        bad = tmp_path / "p.yaml"
        bad.write_text(
            "progress:\n  4:\n    区应急局: done\n  77:\n    区应急局: in_progress\n",
            encoding="utf-8",
        )
        code, _, err = run("tasks", "putuo-2024-workplan", "--progress", str(bad))
        assert code == 4
        assert "2 problems" in err
        assert "Traceback" not in err

    def test_missing_progress_file(self, tmp_path: Path) -> None:
        """A missing progress file is named in the error."""
        code, _, err = run(
            "tasks", "putuo-2024-workplan", "--progress", str(tmp_path / "none.yaml")
        )
        assert code == 4
        assert "none.yaml" in err

    def test_points_need_a_unit(self) -> None:
        """--points without --unit is a usage error."""
        code, _, err = run("tasks", "putuo-2024-workplan", "--points", "15")
        assert code == 2
        assert "--unit" in err

    def test_calendar_is_not_a_plan(self) -> None:
        """Asking tasks of a calendar points to the calendar command."""
        code, _, err = run("tasks", "putuo-2024-assessment")
        assert code == 4
        assert "assessment-rules calendar" in err

    def test_missing_output_directory_writes_nothing(self, tmp_path: Path) -> None:
        """An output in a missing directory cannot be written (exit 4): no file appears."""
        target = tmp_path / "no" / "t.json"
        code, _, _ = run("tasks", "putuo-2024-workplan", "--output", str(target))
        assert code == 4
        assert not target.exists()


class TestCalendar:
    def test_2024_calendar_on_december_first(self) -> None:
        """On 2024-12-01 self-evaluation (11-20) is past and scoring (by 12-20) due this month."""
        code, out, _ = run(
            "calendar", "putuo-2024-assessment", "--as-of", "2024-12-01", "--format", "json"
        )
        assert code == 0
        milestones = {m["id"]: m for m in json.loads(out)["milestones"]}
        assert milestones["self_evaluation"]["due"] == "2024-11-20"
        assert milestones["self_evaluation"]["state"] == "past"
        assert milestones["assessor_scoring"]["due"] == "2024-12-20"
        assert milestones["assessor_scoring"]["state"] == "due_this_month"
        assert milestones["finish"]["due"] == "2025-01-15"

    def test_2020_submissions_on_time_late_and_missing(self) -> None:
        """Seed 001 deadline 10-31: in on 10-31 is on time, 11-03 is 3 days late, none missing."""
        code, out, _ = run(
            "calendar",
            "putuo-2020-inspection",
            "--as-of",
            "2020-11-05",
            "--submissions",
            SUBMISSIONS,
            "--format",
            "json",
        )
        assert code == 0
        rows = {r["unit"]: r for r in json.loads(out)["submissions"]}
        assert rows["区建管委"]["status"] == "on_time"
        assert (rows["区教育局"]["status"], rows["区教育局"]["days_late"]) == ("late", 3)
        assert rows["区民政局"]["status"] == "missing"
        assert rows["区民政局"]["facts"] == {
            "late_submission": False,
            "submission_missing": True,
            "days_late": 0,
        }

    def test_submissions_are_named_by_what_is_handed_in(self) -> None:
        """The text lists a submission by the plan's words for it, not by its internal id."""
        code, out, _ = run(
            "calendar",
            "putuo-2020-inspection",
            "--as-of",
            "2020-11-05",
            "--submissions",
            SUBMISSIONS,
        )
        assert code == 0
        assert "区建管委 · 向区安委会办公室报送自查情况" in out
        assert "self_check_report" not in out

    def test_work_plan_by_month(self) -> None:
        """A work plan's calendar groups its tasks by due month, late ones marked."""
        code, out, _ = run(
            "calendar",
            "putuo-2024-workplan",
            "--as-of",
            "2024-10-01",
            "--progress",
            PROGRESS,
            "--format",
            "json",
        )
        assert code == 0
        months = {m["month"]: m for m in json.loads(out)["months"]}
        # Seed 003: task 28 (9月) and 7 (9月); the example finishes 28 on 10-08, after 10-01.
        assert months["2024-09"]["tasks"] == [7, 28]
        assert months["2024-09"]["overdue"] == [7, 28]
        # Task 5 (4月) was finished by its last lead unit (区建管委) on 05-08: late.
        assert months["2024-04"]["done_late"] == [5]
        assert len(months["2024-12"]["tasks"]) == 24

    def test_table_view(self) -> None:
        """The table shows the plan's wording and the state in Chinese."""
        code, out, _ = run(
            "--lang", "zh", "calendar", "putuo-2020-inspection", "--as-of", "2020-10-25"
        )
        assert code == 0
        assert "10月31日前" in out and "进行中" in out

    def test_wrong_option_for_the_kind(self) -> None:
        """--progress on a calendar is a usage error."""
        code, _, err = run("calendar", "putuo-2020-inspection", "--progress", PROGRESS)
        assert code == 2
        assert "--submissions" in err
