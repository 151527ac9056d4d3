"""Re-scoring last year's evidence under this year's rules."""

from __future__ import annotations

from decimal import Decimal

import pytest

from assessment_rules import Deduct, Evidence, EvidenceError, Judgment
from assessment_rules.yearly import Insert, Remove, Set, derive, rescore

from .yearly_fixtures import tiny

OLD = tiny()
UNITS = [
    Evidence("a", {"meetings": 4, "duty_score": 6, "major": 0}, "甲单位"),
    Evidence("b", {"meetings": 1, "duty_score": 5, "major": 0, "missing_records": 2}, "乙单位"),
]


class TestRescore:
    def test_units_move_with_the_new_rates(self) -> None:
        """A higher rate moves each unit's total by the extra points it loses."""
        new = derive(OLD, Set("org.plan.meetings", rate="2"), id="tiny-2022")
        report = rescore(OLD, new, UNITS)
        # a: nothing lost either year: 20 → 20.
        # b 2021: meetings (4 − 1) × 1 = 3 → capped item 4: 3; duty 1; records 2 → 14.
        # b 2022: meetings (4 − 1) × 2 = 6 → stops at 4; duty 1; records 2 → 13.
        assert [(u.unit, u.old_total, u.new_total, u.delta) for u in report.units] == [
            ("a", Decimal("20"), Decimal("20"), Decimal("0")),
            ("b", Decimal("14"), Decimal("13"), Decimal("-1")),
        ]

    def test_grades_are_reported_before_and_after(self) -> None:
        """Each unit carries its grade under both rulebooks."""
        new = derive(OLD, Set("org.plan.meetings", rate="2"), id="tiny-2022")
        b = rescore(OLD, new, UNITS).units[1]
        # 14 and 13 of 20: both ≥ 12 and < 16 → 合格 under the fixture's bands.
        assert (b.old_grade, b.new_grade) == ("合格", "合格")

    def test_facts_no_longer_used_are_listed_and_dropped(self) -> None:
        """A removed clause's fact is listed and ignored in last year's evidence."""
        new = derive(
            OLD,
            Remove("org.plan.meetings"),
            id="tiny-2022",
        )
        report = rescore(OLD, new, UNITS)
        assert report.facts_unused == ("meetings",)
        # b without the meetings clause: duty 1 + records 2 = 3 → 17.
        assert report.units[1].new_total == Decimal("17")

    def test_newly_required_facts_block_scoring_until_given(self) -> None:
        """A new fact without a default is listed and the units cannot be re-scored."""
        new = derive(
            OLD,
            Set("org.duty.duty_score", points="4"),
            Insert("org.duty", Judgment("report_score", "报告评分", points="2", source="x")),
            id="tiny-2022",
        )
        report = rescore(OLD, new, UNITS)
        assert report.facts_required == ("report_score",)
        assert [u.new_total for u in report.units] == [None, None]
        # duty_score 6 no longer fits the 4-point judgment either: both are listed.
        assert [p.fact for p in report.units[0].problems] == ["duty_score", "report_score"]

    def test_assumed_values_fill_newly_required_facts(self) -> None:
        """An explicit assumption supplies a new fact wherever the evidence lacks it."""
        new = derive(
            OLD,
            Set("work.checks", points="8"),
            Insert("work", Judgment("report_score", "报告评分", points="2", source="x")),
            id="tiny-2022",
        )
        report = rescore(OLD, new, UNITS, assume={"report_score": "1.5"})
        # a: report 2 − 1.5 = 0.5 → 19.5.  b: 6 as before + 0.5 → 20 − 6.5 = 13.5.
        assert [u.new_total for u in report.units] == [Decimal("19.5"), Decimal("13.5")]
        assert report.facts_assumed == (("report_score", "1.5"),)

    def test_new_facts_with_a_default_need_nothing(self) -> None:
        """A new clause with a declared default is optional and units still score."""
        clause = Deduct("no_review", "未评估", rate="1", default=False, source="x")
        new = derive(OLD, Insert("org.plan", clause), id="tiny-2022")
        report = rescore(OLD, new, UNITS)
        assert (report.facts_new_optional, report.facts_required) == (("no_review",), ())

    def test_assuming_an_unknown_fact_is_an_error(self) -> None:
        """An assumption must name a fact of the new rulebook."""
        with pytest.raises(EvidenceError, match="report_scor"):
            rescore(OLD, OLD, UNITS, assume={"report_scor": "1"})

    def test_evidence_that_does_not_fit_the_old_rulebook_is_an_error(self) -> None:
        """Last year's evidence must fit last year's rules; every problem is listed."""
        with pytest.raises(EvidenceError) as caught:
            rescore(OLD, OLD, [Evidence("c", {"major": 0})])
        assert [p.fact for p in caught.value.problems] == ["meetings", "duty_score"]

    def test_renderings_name_each_unit(self) -> None:
        """Text, Markdown and JSON each show every unit's move."""
        new = derive(OLD, Set("org.plan.meetings", rate="2"), id="tiny-2022")
        report = rescore(OLD, new, UNITS)
        assert "b 乙单位: 14 合格 → 13 合格 (-1)" in report.as_text()
        assert "| 乙单位 | 14 | 合格 | 13 | 合格 | -1 |" in report.as_markdown()
        assert report.as_dict()["units"][1]["delta"] == "-1"
