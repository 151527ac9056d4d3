"""Validating a unit's evidence against a rulebook (``_evidence``)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from assessment_rules import (
    CapAt,
    Deduct,
    Evidence,
    EvidenceError,
    Item,
    Judgment,
    Rulebook,
    Section,
    evaluate,
    load_rulebook,
)

BOOK = Rulebook(
    "tiny",
    "示例细则",
    points="20",
    children=(
        Section(
            "org",
            "组织领导",
            points="20",
            children=(
                CapAt(
                    Item(
                        "plan",
                        "年度计划",
                        points="5",
                        children=(
                            Deduct(
                                "meetings_held",
                                "召开安全工作会议",
                                rate="1",
                                shape="shortfall",
                                required=4,
                            ),
                            Deduct("no_plan", "未制定年度计划", rate="2", default=False),
                        ),
                    )
                ),
                Item(
                    "duty",
                    "履职",
                    points="15",
                    children=(Judgment("duty_score", "履职情况", points="15"),),
                ),
            ),
        ),
    ),
)


def problems_of(facts: dict[str, object]) -> list[tuple[str, str]]:
    with pytest.raises(EvidenceError) as caught:
        BOOK.check(Evidence("dept-a", facts, source="evidence.yaml"))
    return [(p.fact, p.expectation) for p in caught.value.problems]


class TestCheck:
    def test_valid_evidence_comes_back_exact_with_defaults(self) -> None:
        """Valid facts are coerced and declared defaults fill the gaps."""
        values = BOOK.check(Evidence("a", {"meetings_held": "3", "duty_score": "12.5"}))
        assert values == {"meetings_held": 3, "no_plan": False, "duty_score": Decimal("12.5")}

    def test_every_problem_is_reported_at_once(self) -> None:
        """Missing, unknown, wrongly typed and out-of-range facts are all listed together."""
        found = problems_of({"meetings_hld": 3, "no_plan": "perhaps", "duty_score": "16"})
        facts = [fact for fact, _ in found]
        assert facts == ["meetings_hld", "meetings_held", "no_plan", "duty_score"]

    def test_an_unknown_fact_gets_a_did_you_mean(self) -> None:
        """A typo in a fact name suggests the declared name."""
        with pytest.raises(EvidenceError) as caught:
            BOOK.check(Evidence("dept-a", {"meetings_hld": 3, "meetings_held": 3, "duty_score": 1}))
        (problem,) = caught.value.problems
        assert problem.hint == "Did you mean 'meetings_held'?"

    def test_a_missing_fact_names_the_rule_path_and_unit(self) -> None:
        """The message for a missing fact names the file, unit, rule path and label."""
        with pytest.raises(EvidenceError) as caught:
            BOOK.check(Evidence("dept-a", {"duty_score": 15}, source="evidence.yaml"))
        text = str(caught.value)
        # The label first, the code after it, no None; the rule path last (A3).
        assert (
            "evidence.yaml unit 'dept-a': 召开安全工作会议 (meetings_held) is not filled in"
        ) in text
        assert text.endswith(" [org.plan.meetings_held]")

    @pytest.mark.parametrize(
        ("value", "fragment"),
        [
            (-1, "≥ 0"),
            (0.5, "not a fraction"),
            (float("nan"), "NaN and infinity"),
            ("NaN", "whole number"),
            ("2.5", "fraction"),
        ],
    )
    def test_bad_counts_are_refused(self, value: object, fragment: str) -> None:
        """Negative, NaN, fractional counts (float or text) are refused with a reason."""
        (problem,) = problems_of({"meetings_held": value, "duty_score": 15})
        assert fragment in problem[1]

    def test_a_score_out_of_range_is_refused(self) -> None:
        """An assessor score above the points is refused, naming the range."""
        (problem,) = problems_of({"meetings_held": 4, "duty_score": "15.5"})
        assert problem == ("duty_score", "must be a number from 0 to 15")

    def test_check_all_lists_problems_of_every_unit(self) -> None:
        """Validating a cohort lists problems from all units and duplicate ids."""
        units = [
            Evidence("a", {"duty_score": 15}),
            Evidence("b", {"meetings_held": -2, "duty_score": 15}),
            Evidence("a", {"meetings_held": 4, "duty_score": 15}),
        ]
        with pytest.raises(EvidenceError) as caught:
            BOOK.check_all(units)
        assert [(p.unit, p.fact) for p in caught.value.problems] == [
            ("a", "meetings_held"),
            ("b", "meetings_held"),
            ("a", "id"),
        ]

    def test_evidence_is_read_only(self) -> None:
        """An Evidence's facts cannot be changed after construction."""
        evidence = Evidence("a", {"x": 1})
        with pytest.raises(TypeError):
            evidence.facts["x"] = 2  # type: ignore[index]


class TestWujinEvidence:
    def test_the_wujin_rulebook_requires_counts_but_defaults_lapses(self) -> None:
        """Wujin declares 'not found' defaults for lapses, never for required counts."""
        book = load_rulebook("wujin-2021-departments")
        required = {name for name, fact in book.facts.items() if fact.required}
        assert {
            "leader_checks",
            "safety_meetings",
            "supervision_score",
            "major_accidents",
        } <= required
        assert "late_accident_reports" not in required


class TestNotAMapping:
    @pytest.mark.parametrize("facts", [None, [("meetings_held", 4)], "meetings_held=4"])
    def test_evaluate_with_no_facts_is_an_evidence_error(self, facts: object) -> None:
        """evaluate(book, None) raises EvidenceError naming what was given."""
        with pytest.raises(EvidenceError, match=r"facts=.* must be a mapping of fact name"):
            evaluate(BOOK, facts)  # type: ignore[arg-type]
