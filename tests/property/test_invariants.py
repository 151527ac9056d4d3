"""Invariants of scoring, checked over generated rulebooks and generated evidence."""

from __future__ import annotations

import copy
from decimal import Decimal
from itertools import pairwise
from typing import Any

from hypothesis import assume, given
from hypothesis import strategies as st

import assessment_rules
from assessment_rules import (
    STANDARD_GRADES,
    Bonus,
    CapAt,
    Deduct,
    GradeBand,
    Rulebook,
    UnitResult,
    Veto,
    evaluate,
)
from assessment_rules.engine import grade_for

from .strategies import rulebooks, rulebooks_with_evidence


def _starred_paths(book: Rulebook) -> set[str]:
    return {path for path, node in book.walk() if isinstance(node, Deduct) and node.starred}


class TestTotals:
    @given(rulebooks_with_evidence())
    def test_base_stays_between_zero_and_the_points(
        self, case: tuple[Rulebook, dict[str, Any]]
    ) -> None:
        """The total before bonus never leaves [0, points] and equals points minus losses."""
        book, evidence = case
        result = evaluate(book, evidence)
        assert Decimal(0) <= result.base <= book.points
        assert result.base == book.points - result.lost_points
        assert result.total == result.base + result.gained_points

    @given(rulebooks_with_evidence())
    def test_ledger_balances_at_every_node(self, case: tuple[Rulebook, dict[str, Any]]) -> None:
        """At every node, max − counted deductions + counted bonus equals the score."""
        book, evidence = case
        for node in evaluate(book, evidence).root.walk():
            lost = sum((e.counted for e in node.entries if e.kind == "deduction"), Decimal(0))
            gained = sum((e.counted for e in node.entries if e.kind == "bonus"), Decimal(0))
            assert (node.lost, node.gained) == (lost, gained), node.path
            assert node.max - lost + gained == node.score, node.path

    @given(rulebooks_with_evidence())
    def test_every_entry_accounts_for_its_absorbed_part(
        self, case: tuple[Rulebook, dict[str, Any]]
    ) -> None:
        """Each entry's counted and absorbed parts add up to its raw amount, none negative."""
        book, evidence = case
        for entry in evaluate(book, evidence).entries:
            assert entry.counted >= 0 and entry.absorbed >= 0
            assert entry.counted + entry.absorbed == entry.raw
            assert entry.reason


class TestCaps:
    @given(rulebooks_with_evidence())
    def test_capped_nodes_never_lose_more_than_the_cap_without_stars(
        self, case: tuple[Rulebook, dict[str, Any]]
    ) -> None:
        """Counted non-★ deductions under a CapAt never exceed its limit."""
        book, evidence = case
        result = evaluate(book, evidence)
        for path, node in book.walk():
            if not isinstance(node, CapAt):
                continue
            inner = result.find(path)
            unstarred = sum(
                (e.counted for e in inner.entries if e.kind == "deduction" and not e.starred),
                Decimal(0),
            )
            assert unstarred <= node.effective_limit, path

    @given(rulebooks_with_evidence())
    def test_items_only_go_below_zero_through_stars(
        self, case: tuple[Rulebook, dict[str, Any]]
    ) -> None:
        """A capped item scores below zero only by the counted ★ deductions in it."""
        book, evidence = case
        result = evaluate(book, evidence)
        for path, node in book.walk():
            if isinstance(node, CapAt) and node.limit is None:
                inner = result.find(path)
                stars = sum((e.counted for e in inner.entries if e.starred), Decimal(0))
                assert inner.score + stars >= 0, path


class TestBonus:
    @given(rulebooks_with_evidence())
    def test_bonus_respects_award_and_total_caps(
        self, case: tuple[Rulebook, dict[str, Any]]
    ) -> None:
        """No award counts above its level's cap and all awards stay under the total cap."""
        book, evidence = case
        result = evaluate(book, evidence)
        for path, node in book.walk():
            if not isinstance(node, Bonus):
                continue
            caps = {f"{path}.{level.id}": level.cap for level in node.levels}
            gained = [e for e in result.gained if e.path in caps]
            for entry in gained:
                assert entry.counted <= caps[entry.path]
            if node.cap is not None:
                assert sum((e.counted for e in gained), Decimal(0)) <= node.cap


class TestMonotonicity:
    @given(rulebooks_with_evidence(), st.data())
    def test_one_more_lapse_never_raises_the_score(
        self, case: tuple[Rulebook, dict[str, Any]], data: st.DataObject
    ) -> None:
        """Adding one lapse to any clause leaves the total equal or lower."""
        book, evidence = case
        lapses = [node for _, node in book.walk() if isinstance(node, Deduct)]
        clause = data.draw(st.sampled_from(lapses)) if lapses else None
        assume(clause is not None)
        assert clause is not None
        worse = dict(evidence)
        name = clause.fact.name
        if clause.shape == "flag":
            worse[name] = True
        elif clause.shape == "each":
            worse[name] = evidence[name] + 1
        elif clause.shape == "shortfall":
            assume(evidence[name] > 0)
            worse[name] = evidence[name] - 1
        else:
            assume(evidence[name])
            worse[name] = evidence[name][1:]
        before, after = evaluate(book, evidence), evaluate(book, worse)
        assert after.total <= before.total
        assert after.base <= before.base

    @given(rulebooks_with_evidence(), st.data())
    def test_meeting_a_requirement_never_lowers_the_score(
        self, case: tuple[Rulebook, dict[str, Any]], data: st.DataObject
    ) -> None:
        """Removing a lapse from any clause leaves the total equal or higher."""
        book, evidence = case
        lapses = [node for _, node in book.walk() if isinstance(node, Deduct)]
        assume(lapses)
        clause = data.draw(st.sampled_from(lapses))
        better = dict(evidence)
        name = clause.fact.name
        if clause.shape == "flag":
            better[name] = False
        elif clause.shape == "each":
            better[name] = 0
        elif clause.shape == "shortfall":
            better[name] = max(evidence[name], clause.required or 0)
        else:
            better[name] = clause.items
        assert evaluate(book, better).total >= evaluate(book, evidence).total


class TestVeto:
    @given(rulebooks_with_evidence())
    def test_a_veto_always_gives_the_lowest_grade(
        self, case: tuple[Rulebook, dict[str, Any]]
    ) -> None:
        """A unit with a triggered veto gets the lowest grade whatever its score."""
        book, evidence = case
        vetoes = [node for _, node in book.walk() if isinstance(node, Veto)]
        assume(vetoes)
        veto = vetoes[0]
        evidence = {**evidence, veto.fact.name: veto.at_least}
        result = evaluate(book, evidence)
        assert result.vetoed and result.grade == book.grades[-1].title
        clean = evaluate(book, {**evidence, veto.fact.name: 0})
        assert clean.total == result.total  # the score is still computed and shown


class TestGrades:
    @given(
        st.sampled_from([STANDARD_GRADES, assessment_rules.engine.FINANCE_GRADES]),
        st.decimals(min_value=0, max_value=110, places=2),
        st.decimals(min_value=0, max_value=110, places=2),
    )
    def test_grade_is_monotone_in_the_total(
        self, grades: tuple[GradeBand, ...], a: Decimal, b: Decimal
    ) -> None:
        """A higher total never earns a lower grade."""
        rank = {band.title: i for i, band in enumerate(grades)}
        low, high = sorted((a, b))
        assert rank[grade_for(grades, high)] <= rank[grade_for(grades, low)]

    @given(st.sampled_from([STANDARD_GRADES, assessment_rules.engine.FINANCE_GRADES]))
    def test_lower_bounds_are_inclusive(self, grades: tuple[GradeBand, ...]) -> None:
        """A total exactly on a band's minimum earns that band; a cent less does not."""
        for higher, band in pairwise(grades):
            assert grade_for(grades, higher.minimum) == higher.title
            assert grade_for(grades, higher.minimum - Decimal("0.01")) == band.title


class TestPurity:
    @given(rulebooks_with_evidence())
    def test_evaluation_is_deterministic_and_leaves_inputs_alone(
        self, case: tuple[Rulebook, dict[str, Any]]
    ) -> None:
        """Evaluating twice gives equal results and changes neither rulebook nor evidence."""
        book, evidence = case
        evidence_before = copy.deepcopy(evidence)
        repr_before = repr(book)
        first: UnitResult = evaluate(book, evidence)
        second = evaluate(book, evidence)
        assert first == second
        assert evidence == evidence_before
        assert repr(book) == repr_before

    @given(rulebooks())
    def test_repr_rebuilds_an_equal_rulebook(self, book: Rulebook) -> None:
        """Evaluating a rulebook's repr as Python builds an equal rulebook."""
        namespace = {name: getattr(assessment_rules, name) for name in assessment_rules.__all__}
        namespace["Decimal"] = Decimal
        rebuilt = eval(repr(book), namespace)  # our own repr, in a test
        assert rebuilt == book
        assert repr(rebuilt) == repr(book)

    @given(rulebooks())
    def test_rulebooks_are_hashable_and_frozen(self, book: Rulebook) -> None:
        """A rulebook can be hashed and refuses attribute assignment."""
        hash(book)
        try:
            book.title = "改"  # type: ignore[misc]
        except AttributeError:
            pass
        else:  # pragma: no cover - would be a bug
            raise AssertionError("a rulebook accepted an attribute assignment")
