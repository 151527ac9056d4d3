"""Offices that supply their own domain's facts, and merging what they send."""

from __future__ import annotations

import pytest

from assessment_rules import (
    Deduct,
    Evidence,
    EvidenceError,
    Item,
    Judgment,
    Office,
    Rulebook,
    RulebookError,
    Section,
    Veto,
)
from assessment_rules.cohorts import OfficeSubmission, fact_owners, merge_office_evidence

SAFETY = Section(
    "safety",
    "安全生产",
    points="6",
    children=(
        Item(
            "plan",
            "年度计划",
            points="6",
            children=(
                Judgment("plan_score", "计划评分", points="6"),
                Deduct("late", "逾期报送", rate="2", default=False),
            ),
        ),
    ),
)
FIRE = Section(
    "fire",
    "消防",
    points="4",
    children=(
        Item(
            "duty",
            "消防责任",
            points="4",
            children=(Judgment("fire_score", "消防评分", points="4"),),
        ),
    ),
)
VETO = Veto("accident", "发生较大事故")
OFFICES = (
    Office("safety", "区安委办", domain="安全生产", paths=("safety", "accident")),
    Office("fire", "区消防救援局", domain="消防", paths=("fire",)),
)


def book(offices: tuple[Office, ...] = OFFICES) -> Rulebook:
    """A two-office rulebook of 10 points."""
    return Rulebook(
        "two-offices", "示例", points="10", children=(SAFETY, FIRE, VETO), offices=offices
    )


def submission(
    office: str, *units: tuple[str, dict[str, object]], name: str = ""
) -> OfficeSubmission:
    """One office's file with the given units' facts."""
    return OfficeSubmission(
        office, [Evidence(unit, facts, name) for unit, facts in units], f"{office}.yaml"
    )


class TestOffice:
    def test_repr_rebuilds_the_office(self) -> None:
        """The repr is the constructor call, defaults left out."""
        office = Office("fire", "区消防救援局", domain="消防", paths=("fire",))
        assert eval(repr(office)) == office

    def test_covers_a_path_and_its_subtree_only(self) -> None:
        """An office on 'fire' covers 'fire.duty' but not 'firearms'."""
        office = Office("fire", "区消防救援局", paths=("fire",))
        assert (office.covers("fire.duty"), office.covers("fire"), office.covers("firearms")) == (
            True,
            True,
            False,
        )


class TestCheckOffices:
    def test_every_fact_gets_its_office(self) -> None:
        """Facts read under 'safety' and the veto belong to 区安委办, the rest to 消防."""
        owners = {name: office.id for name, office in fact_owners(book()).items()}
        assert owners == {
            "plan_score": "safety",
            "late": "safety",
            "fire_score": "fire",
            "accident": "safety",
        }

    def test_a_fact_without_an_office_is_refused(self) -> None:
        """Leaving the veto to no office fails at construction, naming the fact."""
        offices = (
            Office("safety", "区安委办", paths=("safety",)),
            Office("fire", "区消防救援局", paths=("fire",)),
        )
        with pytest.raises(RulebookError, match="accident"):
            book(offices)

    def test_a_fact_claimed_twice_is_refused(self) -> None:
        """Two offices claiming the same fact fail at construction, naming both."""
        offices = (*OFFICES, Office("extra", "另一办公室", facts=("late",)))
        with pytest.raises(RulebookError, match="safety, extra"):
            book(offices)

    def test_an_unknown_path_is_refused_with_a_hint(self) -> None:
        """A misspelt office path fails with a suggestion."""
        offices = (OFFICES[0], Office("fire", "区消防救援局", paths=("fir",)))
        with pytest.raises(RulebookError, match="Did you mean 'fire'"):
            book(offices)

    def test_duplicate_office_ids_are_refused(self) -> None:
        """Two offices with one id fail at construction."""
        with pytest.raises(RulebookError, match="unique"):
            book((*OFFICES, Office("fire", "重复", facts=())))

    def test_a_rulebook_without_offices_has_no_owners(self) -> None:
        """Without an office split, no fact has an owner."""
        plain = Rulebook("plain", "示例", points="10", children=(SAFETY, FIRE, VETO))
        assert fact_owners(plain) == {}


class TestMergeOfficeEvidence:
    def test_offices_facts_are_joined_per_unit(self) -> None:
        """Each unit gets the safety office's and the fire office's facts together."""
        merged = merge_office_evidence(
            book(),
            [
                submission("safety", ("a", {"plan_score": 6, "accident": 0}), name="甲"),
                submission("fire", ("a", {"fire_score": 3})),
            ],
        )
        assert [(e.unit, e.name, dict(e.facts)) for e in merged] == [
            ("a", "甲", {"plan_score": 6, "accident": 0, "fire_score": 3})
        ]
        assert book().evaluate(merged[0]).total == 9  # 10 − (4 − 3) on the fire judgment

    def test_every_problem_is_reported_at_once(self) -> None:
        """A foreign fact, a conflict, an unknown office and a missing domain come together."""
        with pytest.raises(EvidenceError) as caught:
            merge_office_evidence(
                book(),
                [
                    submission(
                        "safety",
                        ("a", {"plan_score": 4, "accident": 0}),
                        ("b", {"plan_score": 3, "accident": 0}),
                    ),
                    submission("fire", ("a", {"fire_score": 3, "plan_score": 2})),
                    submission("fyre", ("b", {"fire_score": 4})),
                ],
            )
        found = [(p.unit, p.fact, p.source) for p in caught.value.problems]
        assert found == [
            ("a", "plan_score", "fire.yaml"),  # sent by the fire office, owned by safety
            ("a", "plan_score", "fire.yaml"),  # and it conflicts with safety's 4
            ("", "office", "fyre.yaml"),  # not an office of the rulebook
            ("b", "office", ""),  # nothing from the fire office for b
        ]
        messages = [p.expectation for p in caught.value.problems]
        assert "supplied by office 'safety' (区安委办（安全生产）)" in messages[0]
        assert "conflicts with 4 sent by office 'safety'" in messages[1]
        assert "消防 domain" in messages[3]

    def test_an_office_that_sent_nothing_is_one_problem(self) -> None:
        """An office with no file at all is reported once, not once per unit."""
        with pytest.raises(EvidenceError) as caught:
            merge_office_evidence(
                book(),
                [
                    submission(
                        "safety",
                        ("a", {"plan_score": 4, "accident": 0}),
                        ("b", {"plan_score": 4, "accident": 0}),
                    )
                ],
            )
        assert [(p.unit, p.value) for p in caught.value.problems] == [("", "fire")]
        assert "for all 2 units" in caught.value.problems[0].expectation

    def test_expected_units_must_all_be_covered(self) -> None:
        """A registered unit no office sent is missing from every domain."""
        with pytest.raises(EvidenceError) as caught:
            merge_office_evidence(
                book(),
                [
                    submission("safety", ("a", {"plan_score": 4, "accident": 0})),
                    submission("fire", ("a", {"fire_score": 4})),
                ],
                expected_units=["a", "b"],
            )
        assert [(p.unit, p.value) for p in caught.value.problems] == [
            ("b", "safety"),
            ("b", "fire"),
        ]

    def test_different_names_for_one_unit_are_reported(self) -> None:
        """Two offices naming unit 'a' differently is a problem."""
        with pytest.raises(EvidenceError, match="differs from '甲'"):
            merge_office_evidence(
                book(),
                [
                    submission("safety", ("a", {"plan_score": 4, "accident": 0}), name="甲"),
                    submission("fire", ("a", {"fire_score": 4}), name="乙"),
                ],
            )

    def test_a_rulebook_without_offices_cannot_merge(self) -> None:
        """Merging needs the office split; without one the error says so."""
        plain = Rulebook("plain", "示例", points="10", children=(SAFETY, FIRE, VETO))
        with pytest.raises(RulebookError, match="offices"):
            merge_office_evidence(plain, [])
