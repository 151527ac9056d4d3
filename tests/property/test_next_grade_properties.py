"""The way to the next grade, checked by re-scoring: the set reaches the band, no smaller does.

Each generated unit's lapsed clauses are *fixed* by giving their facts the value of a
unit that met them (a flag off, no occurrences, the required count, every item, full
marks, the whole budget spent) and the unit is scored again by the library's evaluator.
Nothing here goes through the model :func:`to_next_grade` uses.

The second half does the same for rulebooks with veto variants (clause vetoes that bar
the top grade, set a band, zero the total), score vetoes (a total or base below a
threshold) and a total policy (bonus capped, total not above full points): there a set
must lift the unit's grade by a band at least, and no smaller set may.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from itertools import combinations
from typing import Any

import attrs
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
from assessment_rules.combinators import VETO_EFFECTS, ScoreVeto, TotalPolicy

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


# ------------------------------------------------- veto variants, score vetoes, policies


@st.composite
def policy_cases(draw: st.DrawFn) -> tuple[Rulebook, dict[str, Any]]:
    """A generated rulebook with up to two clause vetoes of any effect (each on or off),
    up to two score vetoes and now and then a total policy; the tree's own vetoes off."""
    book, values = draw(cases())
    titles = [band.title for band in book.grades]
    extra: list[Veto] = []
    for i in range(draw(st.integers(min_value=0, max_value=2))):
        effect = draw(st.sampled_from(VETO_EFFECTS))
        grade = draw(st.sampled_from(titles)) if effect == "grade" else ""
        extra.append(Veto(f"pv{i}", f"否决变体{i}", effect=effect, grade=grade))
        values[f"pv{i}"] = draw(st.integers(min_value=0, max_value=1))
    points = book.points
    thresholds = st.integers(min_value=0, max_value=int(points * 2)).map(lambda n: Decimal(n) / 2)
    score_vetoes = []
    for i in range(draw(st.integers(min_value=0, max_value=2))):
        effect = draw(st.sampled_from(VETO_EFFECTS))
        grade = draw(st.sampled_from(titles)) if effect == "grade" else ""
        score_vetoes.append(
            ScoreVeto(
                f"sv{i}",
                f"得分低于门槛{i}",
                below=draw(thresholds),
                on=draw(st.sampled_from(["total", "base"])),
                effect=effect,
                grade=grade,
            )
        )
    policy = draw(
        st.none()
        | st.builds(
            TotalPolicy,
            above_full=st.booleans(),
            cap=st.none() | st.sampled_from([points, points + 1]),
            bonus_cap=st.none() | st.sampled_from(["0", "0.5", "2"]),
        )
    )
    changed = attrs.evolve(
        book,
        children=book.children + tuple(extra),
        score_vetoes=tuple(score_vetoes),
        total=policy,
    )
    return changed, values


def _better(book: Rulebook, a: str, b: str) -> bool:
    """Whether grade *a* is above grade *b*."""
    titles = [band.title for band in book.grades]
    return titles.index(a) < titles.index(b)


class TestWithVetoVariantsAndPolicies:
    @FAST
    @given(policy_cases())
    def test_each_clause_recovers_what_rescoring_it_alone_gives(
        self, case: tuple[Rulebook, dict[str, Any]]
    ) -> None:
        """Never unsupported; fixing one clause alone raises the re-scored score (the total
        before a ``zero`` veto) by exactly its ``recovers``, whatever the policy cuts."""
        book, values = case
        result = book.evaluate_checked(values, "u")
        plan = to_next_grade(book, result)
        assert plan.blocked != "unsupported"
        for item in plan.recoverable:
            fixed = _rescore(book, values, [item.path])
            assert fixed.root.score - result.root.score == item.recovers

    @FAST
    @given(policy_cases())
    def test_the_set_lifts_the_grade_and_blocked_units_cannot_climb(
        self, case: tuple[Rulebook, dict[str, Any]]
    ) -> None:
        """With the set fixed the re-scored grade is at least ``target``, above the grade
        now, and the score vetoes named in ``lifts`` are gone; a unit told a veto or the
        points hold it stays at its grade even with every clause fixed."""
        book, values = case
        result = book.evaluate_checked(values, "u")
        plan = to_next_grade(book, result)
        event(f"blocked={plan.blocked or 'no'}")
        if plan.target is None:
            if plan.blocked == "top":
                assert result.grade == book.grades[0].title
                return
            assert plan.blocked in ("vetoed", "unreachable"), plan.blocked
            assert plan.note
            everything = _rescore(book, values, [entry.path for entry in result.lost])
            assert not _better(book, everything.grade, result.grade)
            if plan.blocked == "vetoed":
                held = {v.path for v in result.vetoes} - {v.id for v in book.score_vetoes}
                # The note names the vetoes that hold it (one that only bars the top
                # grade is not named when the unit is further down).
                assert any(v.title in plan.note for v in result.vetoes if v.path in held)
            return
        event(f"lifts a score veto: {bool(plan.lifts)}")
        fixed = _rescore(book, values, plan.clauses)
        assert _better(book, plan.target, result.grade)
        assert not _better(book, plan.target, fixed.grade)
        assert fixed.root.score - result.root.score == plan.recovered >= plan.points_needed
        assert not set(plan.lifts) & {v.path for v in fixed.vetoes}

    @FAST
    @given(policy_cases())
    def test_no_smaller_set_lifts_the_grade_and_ties_are_broken_as_documented(
        self, case: tuple[Rulebook, dict[str, Any]]
    ) -> None:
        """By brute force over every set: none smaller lifts the grade; every set that does
        gains at least ``points_needed`` and reaches ``target`` at least; among sets as
        small, none recovers more and none recovering as much comes earlier."""
        book, values = case
        result = book.evaluate_checked(values, "u")
        plan = to_next_grade(book, result)
        lapsed = [entry.path for entry in result.lost if entry.raw > 0]
        assume(plan.target is not None and len(lapsed) <= SMALL)
        assert plan.target is not None
        event(f"policy: {book.total is not None}; lifts a score veto: {bool(plan.lifts)}")
        size = len(plan.clauses)
        best: tuple[Any, ...] | None = None
        for k in range(len(lapsed) + 1):
            for subset in combinations(lapsed, k):
                fixed = _rescore(book, values, subset)
                if not _better(book, fixed.grade, result.grade):
                    continue
                assert k >= size, subset
                assert fixed.root.score - result.root.score >= plan.points_needed
                assert not _better(book, plan.target, fixed.grade)
                if k == size:
                    key = (fixed.root.score, [-lapsed.index(p) for p in subset])
                    best = key if best is None else max(best, key)
        assert best is not None
        assert best[0] - result.root.score == plan.recovered
        assert tuple(lapsed[-i] for i in best[1]) == plan.clauses
