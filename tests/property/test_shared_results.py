"""A rulebook scores every unit as a new copy of it would, whatever it scored before."""

from __future__ import annotations

from typing import Any

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

from assessment_rules import Evidence, Rulebook
from assessment_rules.io import unit_to_dict

from .strategies import evidence_for, rulebooks


@st.composite
def rulebooks_with_cohorts(draw: st.DrawFn) -> tuple[Rulebook, list[dict[str, Any]]]:
    """A rulebook and several units' evidence for it."""
    book = draw(rulebooks())
    return book, draw(st.lists(evidence_for(book), min_size=1, max_size=8))


class TestSharedResults:
    @settings(max_examples=150, deadline=None)
    @given(rulebooks_with_cohorts())
    def test_results_do_not_depend_on_earlier_units(
        self, case: tuple[Rulebook, list[dict[str, Any]]]
    ) -> None:
        """Each unit's result, down to every Decimal's digits, equals a fresh copy's result."""
        book, cohort = case
        for position, facts in enumerate(cohort):
            evidence = Evidence(f"u{position}", facts)
            seasoned = book.evaluate(evidence)
            fresh = attrs.evolve(book).evaluate(evidence)
            assert repr(seasoned) == repr(fresh)
            assert unit_to_dict(seasoned) == unit_to_dict(fresh)

    @settings(max_examples=100, deadline=None)
    @given(rulebooks_with_cohorts())
    def test_shared_results_balance_at_every_node(
        self, case: tuple[Rulebook, list[dict[str, Any]]]
    ) -> None:
        """After many units, every node of every result still balances: max − lost + gained."""
        book, cohort = case
        for facts in cohort * 2:
            for node in book.evaluate(facts).root.walk():
                assert node.max - node.lost + node.gained == node.score, node.path
