"""The 2024 (seed 000) and 2020 (seed 001) assessment calendars, and late submissions."""

from __future__ import annotations

import datetime
from datetime import date
from decimal import Decimal

import pytest

from assessment_rules import CapAt, Deduct, Evidence, Item, Rulebook, RulebookError, Section
from assessment_rules.calendar import (
    AssessmentCalendar,
    DateSpan,
    Milestone,
    load_calendar,
    parse_when,
)

Y2024 = load_calendar("putuo-2024-assessment")
Y2020 = load_calendar("putuo-2020-inspection")


def _lateness_book() -> Rulebook:
    """A rulebook that charges lateness as 2020's 逾期不报…酌情扣分 allows (rates chosen here)."""
    return Rulebook(
        "lateness",
        "报送时限",
        points="5",
        children=(
            Section(
                "reporting",
                "材料报送",
                points="5",
                children=(
                    CapAt(
                        Item(
                            "report",
                            "按时报送自查情况",
                            points="5",
                            children=(
                                Deduct("late_submission", "逾期报送自查情况", rate="1"),
                                Deduct("submission_missing", "逾期不报", rate="3"),
                                Deduct(
                                    "days_late",
                                    "逾期报送天数",
                                    rate="0.5",
                                    shape="each",
                                    unit="天",
                                ),
                            ),
                        )
                    ),
                ),
            ),
        ),
    )


class TestCalendar2024:
    def test_dates_of_seed_000(self) -> None:
        """Self-evaluation by 2024-11-20, scoring by 12-20, summary 2025-01-01–10, done by 01-15."""
        due = {m.id: m.due for m in Y2024.milestones}
        assert due == {
            "self_evaluation": date(2024, 11, 20),
            "annual_start": date(2024, 11, 30),
            "assessor_scoring": date(2024, 12, 20),
            "summary": date(2025, 1, 10),
            "finish": date(2025, 1, 15),
        }
        assert Y2024.milestone("summary").span.first == date(2025, 1, 1)
        assert Y2024.milestone("annual_start").span.first == date(2024, 11, 21)
        assert (Y2024.source, Y2024.issued) == ("普安委〔2024〕8号", date(2024, 9, 25))

    def test_schedule_is_by_deadline(self) -> None:
        """The schedule puts self-evaluation first and the finish last."""
        ids = [m.id for m in Y2024.schedule()]
        assert ids == ["self_evaluation", "annual_start", "assessor_scoring", "summary", "finish"]

    def test_states_on_the_first_of_december(self) -> None:
        """On 2024-12-01 self-evaluation is past, scoring due this month, the summary upcoming."""
        day = date(2024, 12, 1)
        states = {m.id: m.state(day) for m in Y2024.milestones}
        assert states["self_evaluation"] == "past"
        assert states["assessor_scoring"] == "due_this_month"
        assert states["summary"] == "upcoming"

    def test_self_evaluation_on_time_late_and_missing(self) -> None:
        """Handed in 11-20 is on time, 11-25 is 5 days late, nothing by 12-01 is missing."""
        milestone = Y2024.milestone("self_evaluation")
        assert milestone.check(date(2024, 11, 20)).status == "on_time"
        late = milestone.check(date(2024, 11, 25))
        assert (late.status, late.days_late) == ("late", 5)
        assert milestone.check(None, date(2024, 12, 1)).status == "missing"


class TestCalendar2020:
    def test_dates_of_seed_001(self) -> None:
        """Report due 2020-10-31; on-site checks run 10-20 to 10-30."""
        assert Y2020.milestone("self_check_report").due == date(2020, 10, 31)
        onsite = Y2020.milestone("onsite_checks").span
        assert (onsite.first, onsite.last) == (date(2020, 10, 20), date(2020, 10, 30))
        assert Y2020.issued == date(2020, 10, 10)

    def test_onsite_checks_under_way_on_the_25th(self) -> None:
        """On 2020-10-25 on-site checks are under way and the report is due this month."""
        states = {m.id: m.state(date(2020, 10, 25)) for m in Y2020.milestones}
        assert states == {"onsite_checks": "under_way", "self_check_report": "due_this_month"}

    def test_late_report_feeds_the_declared_deductions(self) -> None:
        """Report in on 2020-11-02: 1 point for lateness + 2 days × 0.5 = 2 points lost."""
        facts = Y2020.unit_facts({"self_check_report": date(2020, 11, 2)})
        assert facts == {"late_submission": True, "submission_missing": False, "days_late": 2}
        result = _lateness_book().evaluate(Evidence("dept", facts))
        # 5 − 1 (late flag) − 2 × 0.5 (days) = 3.
        assert result.total == Decimal("3")
        assert "逾期报送天数2天，扣1分" in result.reasons

    def test_missing_report_feeds_the_missing_deduction(self) -> None:
        """No report at all on 2020-11-15: only the 逾期不报 clause applies, 5 − 3 = 2."""
        facts = Y2020.unit_facts({}, date(2020, 11, 15))
        result = _lateness_book().evaluate(Evidence("dept", facts))
        assert result.total == Decimal("2")

    def test_on_time_report_loses_nothing(self) -> None:
        """A report in on 2020-10-31 keeps all 5 points."""
        facts = Y2020.unit_facts({"self_check_report": date(2020, 10, 31)})
        assert _lateness_book().evaluate(Evidence("dept", facts)).total == Decimal("5")

    def test_unknown_milestone_is_refused(self) -> None:
        """A submission for a milestone that is not a submission step is an error with a hint."""
        with pytest.raises(KeyError, match="self_check_report"):
            Y2020.check_unit({"self_check": date(2020, 10, 30)})


class TestModel:
    def test_lateness_facts_only_on_submissions(self) -> None:
        """A non-submission milestone cannot declare lateness facts."""
        with pytest.raises(RulebookError, match="submission"):
            Milestone("x", "现场", parse_when("10月", 2020), kind="onsite", late_fact="late")

    def test_unknown_kind(self) -> None:
        """A milestone kind outside the listed ones is refused."""
        with pytest.raises(RulebookError, match="must be one of"):
            Milestone("x", "现场", parse_when("10月", 2020), kind="party")  # type: ignore[arg-type]

    def test_duplicate_milestones(self) -> None:
        """Two milestones with one id are refused."""
        step = Milestone("x", "报送", parse_when("10月", 2020))
        with pytest.raises(RulebookError, match="unique"):
            AssessmentCalendar("c", "日历", 2020, (step, step))

    def test_two_milestones_cannot_share_a_fact(self) -> None:
        """Lateness facts of two submission steps must differ."""
        one = Milestone("a", "报送", parse_when("10月", 2020), late_fact="late")
        two = Milestone("b", "报送", parse_when("11月", 2020), late_fact="late")
        with pytest.raises(RulebookError, match="already"):
            AssessmentCalendar("c", "日历", 2020, (one, two))

    def test_repr_rebuilds(self) -> None:
        """A milestone's repr is code that builds an equal milestone."""
        milestone = Y2020.milestone("self_check_report")
        namespace = {"Milestone": Milestone, "DateSpan": DateSpan, "datetime": datetime}
        assert eval(repr(milestone), namespace) == milestone
