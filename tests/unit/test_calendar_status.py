"""Task statuses and submission checks against inclusive deadlines."""

from __future__ import annotations

from datetime import date

import pytest

from assessment_rules import AssessmentRulesError
from assessment_rules.calendar import check_submission, lateness_facts, status_on

DUE = date(2024, 12, 31)


class TestStatusOn:
    def test_deadline_day_itself_is_not_overdue(self) -> None:
        """On 31 December a task due "12 月" and not done is due this month, not overdue."""
        assert status_on(DUE, None, date(2024, 12, 31)) == "due_this_month"

    def test_day_after_the_deadline_is_overdue(self) -> None:
        """On 1 January the same task is overdue."""
        assert status_on(DUE, None, date(2025, 1, 1)) == "overdue"

    def test_first_of_the_due_month(self) -> None:
        """On 1 December it is due this month; on 30 November not yet due."""
        assert status_on(DUE, None, date(2024, 12, 1)) == "due_this_month"
        assert status_on(DUE, None, date(2024, 11, 30)) == "not_yet_due"

    def test_done_on_the_deadline_is_on_time(self) -> None:
        """Done on 31 December counts as on time."""
        assert status_on(DUE, date(2024, 12, 31), date(2025, 1, 15)) == "done_on_time"

    def test_done_the_day_after_is_late(self) -> None:
        """Done on 1 January counts as late."""
        assert status_on(DUE, date(2025, 1, 1), date(2025, 1, 15)) == "done_late"

    def test_done_after_the_as_of_day_is_not_done_yet(self) -> None:
        """A completion dated after the as-of day does not count yet."""
        assert status_on(DUE, date(2025, 1, 10), date(2025, 1, 5)) == "overdue"

    def test_march_task_at_the_end_of_march_and_april(self) -> None:
        """Task 4 (3 月) is due this month on 31 March and overdue on 1 April."""
        due = date(2024, 3, 31)
        assert status_on(due, None, date(2024, 3, 31)) == "due_this_month"
        assert status_on(due, None, date(2024, 4, 1)) == "overdue"


class TestCheckSubmission:
    def test_2024_self_evaluation_on_the_deadline(self) -> None:
        """Seed 000: a report handed in on 20 November 2024 is on time."""
        check = check_submission(date(2024, 11, 20), date(2024, 11, 20))
        assert (check.status, check.days_late, check.label) == ("on_time", 0, "按时报送")

    def test_2024_self_evaluation_two_days_late(self) -> None:
        """Seed 000: handed in on 22 November is 2 days late (22 − 20)."""
        check = check_submission(date(2024, 11, 20), date(2024, 11, 22))
        assert (check.status, check.days_late) == ("late", 2)

    def test_2020_report_across_the_month_end(self) -> None:
        """Seed 001: due 31 October, handed in 3 November is 3 days late."""
        check = check_submission(date(2020, 10, 31), date(2020, 11, 3))
        assert (check.status, check.days_late) == ("late", 3)

    def test_nothing_handed_in_before_the_deadline_is_pending(self) -> None:
        """Before the deadline an absent report is pending, not missing."""
        assert check_submission(date(2020, 10, 31), None, date(2020, 10, 31)).status == "pending"

    def test_nothing_handed_in_after_the_deadline_is_missing(self) -> None:
        """After the deadline an absent report is missing (逾期未报)."""
        check = check_submission(date(2020, 10, 31), None, date(2020, 11, 1))
        assert (check.status, check.label) == ("missing", "逾期未报")

    def test_closed_assessment_counts_absent_as_missing(self) -> None:
        """With no as-of day the assessment is closed and an absent report is missing."""
        assert check_submission(date(2020, 10, 31), None).status == "missing"


class TestLatenessFacts:
    def test_late_report_sets_the_flag_and_the_days(self) -> None:
        """Late by 2 days: late_submission is true, days_late is 2, missing is false."""
        facts = lateness_facts(date(2024, 11, 20), date(2024, 11, 22))
        assert facts == {"late_submission": True, "submission_missing": False, "days_late": 2}

    def test_missing_report_is_not_also_late(self) -> None:
        """A missing report sets only submission_missing, so no lapse counts twice."""
        facts = lateness_facts(date(2020, 10, 31), None, date(2020, 11, 15))
        assert facts == {"late_submission": False, "submission_missing": True, "days_late": 0}

    def test_names_can_be_changed_or_left_out(self) -> None:
        """A rulebook's own fact names are used, and None leaves a fact out."""
        facts = lateness_facts(
            date(2020, 10, 31), date(2020, 11, 1), late="report_late", missing=None, days=None
        )
        assert facts == {"report_late": True}

    def test_repeated_names_are_refused(self) -> None:
        """Two facts cannot share a name."""
        with pytest.raises(AssessmentRulesError, match="different names"):
            lateness_facts(date(2020, 10, 31), None, late="x", missing="x")
