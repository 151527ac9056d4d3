"""Loading bundled and user plans, and reading untrusted progress and submission files."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from assessment_rules import EvidenceError
from assessment_rules.calendar import (
    AssessmentCalendar,
    PlanFileError,
    WorkPlan,
    bundled_plans,
    load_calendar,
    load_plan,
    load_workplan,
    read_progress,
    read_submissions,
)

PLAN = load_workplan("putuo-2024-workplan")


def _write(tmp_path: Path, text: str, name: str = "file.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


class TestLoading:
    def test_bundled_ids(self) -> None:
        """Three plans are bundled: the 2024 work plan and the two calendars."""
        assert list(bundled_plans()) == [
            "putuo-2020-inspection",
            "putuo-2024-assessment",
            "putuo-2024-workplan",
        ]

    def test_kind_follows_the_layout(self) -> None:
        """A file with tasks is a work plan, one with milestones a calendar."""
        assert isinstance(load_plan("putuo-2024-workplan"), WorkPlan)
        assert isinstance(load_plan("putuo-2020-inspection"), AssessmentCalendar)

    def test_unknown_id_suggests_a_close_one(self) -> None:
        """A misspelt id is refused with a hint."""
        with pytest.raises(PlanFileError, match="Did you mean 'putuo-2024-workplan'"):
            load_plan("putuo-2024-workplen")

    def test_wrong_kind(self) -> None:
        """Loading a calendar as a work plan (and back) says which it is."""
        with pytest.raises(PlanFileError, match="is a calendar"):
            load_workplan("putuo-2024-assessment")
        with pytest.raises(PlanFileError, match="is a work plan"):
            load_calendar("putuo-2024-workplan")

    def test_user_plan_file(self, tmp_path: Path) -> None:
        """A user's YAML plan loads like a bundled one."""
        path = _write(
            tmp_path,
            "id: my-plan\ntitle: 计划\nyear: 2025\ntasks:\n"
            "  - {id: 1, category: c, goal: g, content: x, when: 6月底, lead: 区应急局}\n",
        )
        plan = load_workplan(path)
        assert plan.task(1).due == date(2025, 6, 30)

    def test_every_problem_of_a_plan_file_at_once(self, tmp_path: Path) -> None:
        """Bad dates and unknown fields in two tasks are reported together."""
        path = _write(
            tmp_path,
            "id: p\ntitle: t\nyear: 2025\ntasks:\n"
            "  - {id: 1, goal: g, content: x, when: 12月前, lead: 区应急局}\n"
            "  - {id: 2, goal: g, content: x, when: 6月, lead: 区应急局, owner: me}\n",
        )
        with pytest.raises(PlanFileError) as caught:
            load_workplan(path)
        message = str(caught.value)
        assert "2 problems" in message
        assert "ambiguous" in message
        assert "'owner' is not a task field" in message

    def test_broken_yaml_names_the_line(self, tmp_path: Path) -> None:
        """A YAML syntax error names the file and line."""
        path = _write(tmp_path, "id: p\ntasks: [\n")
        with pytest.raises(PlanFileError, match=r"file\.yaml:\d+: .*not valid YAML"):
            load_plan(path)

    def test_missing_file(self, tmp_path: Path) -> None:
        """A missing file is a clear error, not a traceback."""
        with pytest.raises(PlanFileError, match="cannot be read"):
            load_plan(tmp_path / "nope.yaml")


class TestReadProgress:
    def test_states_and_days(self, tmp_path: Path) -> None:
        """Done days, Chinese states and aliases are read into records."""
        path = _write(
            tmp_path,
            "plan: putuo-2024-workplan\nprogress:\n"
            "  4:\n    区安委办: {done: 2024-03-15}\n"
            "  9:\n    区应急局: {done: 2024-11-10, note: 已开展}\n    区建管委: 进行中\n"
            "  26:\n    长征镇: 不涉及\n",
        )
        progress = read_progress(path, PLAN)
        office = progress.entry(4, "区安委会办公室")
        assert office is not None and office.done_on == date(2024, 3, 15)
        builder = progress.entry(9, "区建管委")
        assert builder is not None and builder.state == "in_progress"
        street = progress.entry(26, "长征镇")
        assert street is not None and street.state == "not_applicable"

    def test_every_problem_at_once(self, tmp_path: Path) -> None:
        """Unknown task, stranger unit, bad state and bad day are all listed together."""
        path = _write(
            tmp_path,
            "progress:\n"
            "  99:\n    区应急局: in_progress\n"
            "  4:\n    区应急局: in_progress\n"
            "  9:\n    区建管委: finished\n    区国资委: {done: 2024-02-30}\n",
        )
        with pytest.raises(EvidenceError) as caught:
            read_progress(path, PLAN)
        problems = caught.value.problems
        assert len(problems) == 4
        text = str(caught.value)
        assert "is not a task" in text
        assert "neither a lead nor a cooperating unit" in text
        assert "in_progress, not_started, not_applicable" in text
        assert "does not exist" in text

    def test_other_plan_is_refused(self, tmp_path: Path) -> None:
        """A progress file naming another plan is refused."""
        path = _write(tmp_path, "plan: other\nprogress: {}\n")
        with pytest.raises(PlanFileError, match="another plan"):
            read_progress(path, PLAN)

    def test_wrong_layout(self, tmp_path: Path) -> None:
        """A file without a progress mapping is refused."""
        path = _write(tmp_path, "- 1\n- 2\n")
        with pytest.raises(PlanFileError, match="must map task numbers"):
            read_progress(path, PLAN)

    def test_python_tags_are_not_run(self, tmp_path: Path) -> None:
        """A YAML python tag is refused by the safe loader, not executed."""
        path = _write(tmp_path, "progress: !!python/object/apply:os.system ['true']\n")
        with pytest.raises(PlanFileError, match="not valid YAML"):
            read_progress(path, PLAN)


class TestReadSubmissions:
    def test_days_and_nulls(self, tmp_path: Path) -> None:
        """A day reads as a date and null as not handed in."""
        path = _write(
            tmp_path,
            "calendar: putuo-2020-inspection\nsubmissions:\n"
            "  区应急局: {self_check_report: 2020-10-30}\n"
            "  区教育局: {self_check_report: null}\n",
        )
        days = read_submissions(path, load_calendar("putuo-2020-inspection"))
        assert days == {
            "区应急局": {"self_check_report": date(2020, 10, 30)},
            "区教育局": {"self_check_report": None},
        }

    def test_unknown_milestone_with_hint(self, tmp_path: Path) -> None:
        """A misspelt milestone id is listed with a hint."""
        path = _write(tmp_path, "submissions:\n  区应急局: {self_check: 2020-10-30}\n")
        with pytest.raises(EvidenceError, match="Did you mean 'self_check_report'"):
            read_submissions(path, load_calendar("putuo-2020-inspection"))


class TestSharedState:
    def test_bundled_plans_cannot_be_changed(self) -> None:
        """bundled_plans() is read-only: clearing it cannot break later loads."""
        with pytest.raises(TypeError):
            del bundled_plans()["putuo-2024-workplan"]  # type: ignore[attr-defined]
        with pytest.raises(AttributeError):
            bundled_plans().clear()  # type: ignore[attr-defined]
        assert load_plan("putuo-2024-workplan").id == "putuo-2024-workplan"
