"""The way to the next grade, checked by re-scoring: the set reaches the band, no smaller does.

Each generated unit's lapsed clauses are *fixed* by giving their facts the value of a
unit that met them (a flag off, no occurrences, the required count, every item, full
marks, the whole budget spent) and the unit is scored again by the library's evaluator.
Nothing here goes through the model :func:`to_next_grade` uses.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from itertools import combinations
from typing import Any

from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st

from assessment_rules import (
    Deduct,
    Evidence,
    ExecutionRateScore,
    Judgment,
    Rulebook,
    UnitResult,
    Veto,
)
from assessment_rules.cohorts import to_next_grade

from .strategies import _met, full_evidence_for, full_rulebooks

# Brute force over every smaller set is kept to units with at most this many lapses.
SMALL = 9


def _fixed_values(book: Rulebook, values: Mapping[str, Any], path: str) -> dict[str, Any]:
    """The fact values under which the clause at *path* loses nothing."""
    node = book.node(path)
    if isinstance(node, Deduct):
        return {node.fact.name: _met(node)}
    if isinstance(node, Judgment):
        return {node.fact.name: node.points}
    if isinstance(node, ExecutionRateScore):
        return {node.executed: values[node.budget]}  # the whole budget spent
    raise AssertionError(f"no way to fix {type(node).__name__}")


def _rescore(book: Rulebook, values: Mapping[str, Any], paths: Iterable[str]) -> UnitResult:
    changed = dict(values)
    for path in paths:
        changed.update(_fixed_values(book, values, path))
    return book.evaluate_checked(changed, "u")


def _without_vetoes(book: Rulebook, values: dict[str, Any]) -> dict[str, Any]:
    """The same evidence with every veto off, so the grade follows the points."""
    changed = dict(values)
    for _, node in book.walk():
        if isinstance(node, Veto):
            changed[node.fact.name] = False if node.fact.kind == "flag" else 0
    return changed


@st.composite
def cases(draw: st.DrawFn) -> tuple[Rulebook, dict[str, Any]]:
    book = draw(full_rulebooks())
    values = book.check_all([_evidence(draw(full_evidence_for(book)))])[0]
    return book, _without_vetoes(book, values)


def _evidence(values: dict[str, Any]) -> Evidence:
    return Evidence("u", values)


FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


class TestToNextGrade:
    @FAST
    @given(cases())
    def test_the_model_follows_every_generated_rulebook(
        self, case: tuple[Rulebook, dict[str, Any]]
    ) -> None:
        """Every generated rulebook's arithmetic is within the model: never unsupported."""
        book, values = case
        plan = to_next_grade(book, book.evaluate_checked(values, "u"))
        assert plan.blocked != "unsupported"

    @FAST
    @given(cases())
    def test_each_clause_recovers_what_rescoring_it_alone_gives(
        self, case: tuple[Rulebook, dict[str, Any]]
    ) -> None:
        """Fixing one clause alone raises the re-scored total by exactly its ``recovers``."""
        book, values = case
        result = book.evaluate_checked(values, "u")
        plan = to_next_grade(book, result)
        for item in plan.recoverable:
            assert _rescore(book, values, [item.path]).total - result.total == item.recovers
        amounts = [item.recovers for item in plan.recoverable]
        assert amounts == sorted(amounts, reverse=True)

    @FAST
    @given(cases())
    def test_the_set_reaches_the_band_and_recovers_what_it_says(
        self, case: tuple[Rulebook, dict[str, Any]]
    ) -> None:
        """Re-scoring with the chosen clauses fixed reaches the next band, by ``recovered``."""
        book, values = case
        result = book.evaluate_checked(values, "u")
        plan = to_next_grade(book, result)
        titles = [band.title for band in book.grades]
        if plan.target is None:
            if plan.blocked == "top":
                assert result.grade == titles[0]
            else:  # nothing but "unreachable" is left once vetoes are off
                assert plan.blocked == "unreachable"
                everything = [entry.path for entry in result.lost]
                assert _rescore(book, values, everything).grade == result.grade
            return
        assert titles.index(plan.target) == titles.index(result.grade) - 1
        minimum = book.grades[titles.index(plan.target)].minimum
        assert plan.points_needed == minimum - result.total
        fixed = _rescore(book, values, plan.clauses)
        assert fixed.total >= minimum
        assert fixed.total - result.total == plan.recovered >= plan.points_needed
        assert titles.index(fixed.grade) <= titles.index(plan.target)

    @FAST
    @given(cases())
    def test_no_smaller_set_reaches_the_band_and_ties_are_broken_as_documented(
        self, case: tuple[Rulebook, dict[str, Any]]
    ) -> None:
        """By brute force: no smaller set reaches the band; among sets as small, none
        recovers more, and none that recovers as much comes earlier in clause order."""
        book, values = case
        result = book.evaluate_checked(values, "u")
        plan = to_next_grade(book, result)
        lapsed = [entry.path for entry in result.lost if entry.raw > 0]
        assume(plan.target is not None and len(lapsed) <= SMALL)
        minimum = book.grades[[band.title for band in book.grades].index(plan.target)].minimum
        size = len(plan.clauses)
        event(f"a set of {min(size, 3)}{'+' if size >= 3 else ''} clauses out of {len(lapsed)}")
        for smaller in range(size):
            for subset in combinations(lapsed, smaller):
                assert _rescore(book, values, subset).total < minimum, subset
        best = max(
            (_rescore(book, values, subset).total, [-lapsed.index(p) for p in subset])
            for subset in combinations(lapsed, size)
        )
        assert best[0] - result.total == plan.recovered
        assert tuple(lapsed[-i] for i in best[1]) == plan.clauses
