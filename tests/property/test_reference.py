"""The evaluator agrees exactly with a plain reference scorer on rulebooks of every node kind.

``reference.py`` scores by straightforward recursion from the nodes' public fields; these
tests hold the library's result to it (totals, grade, vetoes, every ledger entry's raw,
counted and absorbed amounts, every node's max, score, lost and gained), and check exact
equalities that need no oracle at all: clauses no cap or floor can reach count in full,
a binding cap or floor is used to the last point, every node balances, and a bonus
never passes its caps.

Mutations these tests are known to catch, checked by hand on 2026-12-07 against commit
0234581: each applied alone (in ``engine/_evaluate.py``; the bonus one in
``combinators/_veto_bonus.py``, ``Bonus.gains``) in a separate git worktree, run with
``PYTHONPATH=<worktree>/src python -m pytest <worktree>/tests/property`` after printing
``assessment_rules.__file__`` to confirm the mutant was the code imported, with a fresh
example database; the unmutated worktree passes. "Reference" means all three tests of
``TestAgainstTheReference``; the other names are tests of ``TestExactAmounts``.

- (a) every clause counts 0, the whole amount absorbed: reference,
  ``clauses_no_cap_or_floor_can_reach_count_in_full``,
  ``a_binding_cap_lets_exactly_its_limit_count``,
  ``a_binding_floor_lets_exactly_the_points_count``, ``starred_clauses_escape_every_cap``.
- (b) a cap keeps only half its limit: reference,
  ``clauses_no_cap_or_floor_can_reach_count_in_full``,
  ``a_binding_cap_lets_exactly_its_limit_count``.
- (c) a ★ deduction is capped like the others: reference,
  ``clauses_no_cap_or_floor_can_reach_count_in_full``,
  ``a_binding_cap_lets_exactly_its_limit_count``,
  ``a_binding_floor_lets_exactly_the_points_count``, ``starred_clauses_escape_every_cap``.
- (d) a veto is ignored: the reference test ``totals_grade_and_vetoes_match``,
  ``a_veto_forces_the_lowest_grade_and_keeps_the_score``.
- (e) the bonus total goes over its cap: reference,
  ``bonus_stays_within_its_caps_and_uses_them_fully``.
- (f) the floor is skipped: reference, ``a_binding_floor_lets_exactly_the_points_count``.
- (g) outer caps apply before inner ones: reference.
- (h) a binding cap cuts the last clause first: the reference tests
  ``every_ledger_entry_matches`` and ``every_node_matches``.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from fractions import Fraction
from typing import Any

from hypothesis import Phase, find, given, settings

from assessment_rules import (
    Bonus,
    CapAt,
    Deduct,
    ExecutionRateScore,
    LedgerEntry,
    Node,
    Rulebook,
    UnitResult,
    Veto,
    evaluate,
)
from assessment_rules.combinators import (
    EscalatingDeduct,
    Item,
    JudgedDeduct,
    LevelBonus,
    QuantityDeduct,
    Rescaled,
    Section,
    ZeroIf,
    ZeroIfLate,
)

from .reference import Expected, reference_score
from .shape_strategies import KNOWN_DISAGREEMENTS, shape_cases
from .strategies import full_cases

ZERO = Decimal(0)
Case = tuple[Rulebook, dict[str, Any]]


def _entries(result: UnitResult) -> list[tuple[object, ...]]:
    return [(e.path, e.kind, e.raw, e.counted, e.absorbed, e.starred) for e in result.entries]


def _expected_entries(expected: Expected) -> list[tuple[object, ...]]:
    return [(e.path, e.kind, e.raw, e.counted, e.absorbed, e.starred) for e in expected.entries]


def _under(path: str, entry: LedgerEntry) -> bool:
    """Whether *entry* belongs to the node at *path* or below it."""
    return entry.path == path or entry.path.startswith(f"{path}.")


def _caps(book: Rulebook) -> Iterator[tuple[str, CapAt]]:
    for path, node in book.walk():
        if isinstance(node, CapAt):
            yield path, node


def _has_inner_cap(cap: CapAt) -> bool:
    return any(isinstance(node, CapAt) for _, node in cap.node.walk())


def _deductions(result: UnitResult) -> list[LedgerEntry]:
    return [e for e in result.entries if e.kind == "deduction"]


def _floor_cannot_bind(book: Rulebook, result: UnitResult) -> bool:
    """Whether the floor is off, or all raw deductions fit in the points (caps only lower)."""
    return not book.floor or sum((e.raw for e in _deductions(result)), ZERO) <= book.points


class TestAgainstTheReference:
    @given(full_cases())
    def test_totals_grade_and_vetoes_match(self, case: Case) -> None:
        """Base, total, grade, vetoed and the triggered veto paths equal the reference's."""
        book, evidence = case
        result, expected = evaluate(book, evidence), reference_score(book, evidence)
        assert (result.base, result.total) == (expected.base, expected.total)
        assert (result.grade, result.vetoed) == (expected.grade, expected.vetoed)
        assert tuple((hit.path, hit.effect) for hit in result.vetoes) == expected.vetoes

    @given(full_cases())
    def test_every_ledger_entry_matches(self, case: Case) -> None:
        """Each entry's path, kind, raw, counted, absorbed and ★ equal the reference's, in order."""
        book, evidence = case
        result, expected = evaluate(book, evidence), reference_score(book, evidence)
        assert _entries(result) == _expected_entries(expected)

    @given(full_cases())
    def test_every_node_matches(self, case: Case) -> None:
        """Each node's max, score, lost, gained and absorbed equal the reference's."""
        book, evidence = case
        result, expected = evaluate(book, evidence), reference_score(book, evidence)
        got = {n.path: (n.max, n.score, n.lost, n.gained) for n in result.root.walk()}
        want = {p: (n.max, n.score, n.lost, n.gained) for p, n in expected.nodes.items()}
        assert got == want
        # What each cap (and, at the root, the floor) absorbed is reported on its node.
        assert {n.path: n.absorbed for n in result.root.walk() if n.absorbed} == expected.cut


class TestExactAmounts:
    @given(full_cases())
    def test_clauses_no_cap_or_floor_can_reach_count_in_full(self, case: Case) -> None:
        """A clause whose caps all hold its raw group, with the floor out of reach, counts raw."""
        book, evidence = case
        result = evaluate(book, evidence)
        deductions = _deductions(result)
        if not _floor_cannot_bind(book, result):
            return
        # A cap can only cut when the raw amounts of the non-★ clauses under it exceed
        # its limit (inner caps only lower them); ★ clauses answer to no cap at all.
        binding = [
            path
            for path, cap in _caps(book)
            if sum((e.raw for e in deductions if _under(path, e) and not e.starred), ZERO)
            > cap.effective_limit
        ]
        for entry in deductions:
            if entry.starred or not any(_under(path, entry) for path in binding):
                assert entry.counted == entry.raw, entry.path
                assert entry.absorbed == ZERO, entry.path

    @given(full_cases())
    def test_a_binding_cap_lets_exactly_its_limit_count(self, case: Case) -> None:
        """Under a binding cap that nothing else cuts, the non-★ clauses count exactly its limit."""
        book, evidence = case
        result = evaluate(book, evidence)
        if not _floor_cannot_bind(book, result):
            return  # the floor may cut the same clauses further
        deductions = _deductions(result)
        caps = list(_caps(book))

        def raw_under(path: str) -> Decimal:
            return sum((e.raw for e in deductions if _under(path, e) and not e.starred), ZERO)

        for path, cap in caps:
            if _has_inner_cap(cap) or raw_under(path) <= cap.effective_limit:
                continue  # what reaches a cap with caps inside it is the reference's to check
            # A cap around this one may cut the same clauses further, unless even their raw
            # amounts fit in its limit.
            if any(
                other is not cap
                and (path == outer or path.startswith(f"{outer}."))
                and raw_under(outer) > other.effective_limit
                for outer, other in caps
            ):
                continue
            capped = [e for e in deductions if _under(path, e) and not e.starred]
            assert sum((e.counted for e in capped), ZERO) == cap.effective_limit, path
            assert result.find(path).cap == cap.effective_limit, path

    @given(full_cases())
    def test_a_binding_floor_lets_exactly_the_points_count(self, case: Case) -> None:
        """When ★ and uncapped deductions alone pass the points, the total base is exactly 0."""
        book, evidence = case
        result = evaluate(book, evidence)
        if not book.floor:
            return
        capped = [path for path, _ in _caps(book)]
        # ★ clauses and clauses under no cap reach the floor with their raw amounts.
        free = [
            e
            for e in _deductions(result)
            if e.starred or not any(_under(path, e) for path in capped)
        ]
        if sum((e.raw for e in free), ZERO) > book.points:
            assert result.lost_points == book.points
            assert result.base == ZERO

    @given(full_cases())
    def test_starred_clauses_escape_every_cap(self, case: Case) -> None:
        """Out of the floor's reach, each ★ deduction counts in full, however it is capped."""
        book, evidence = case
        result = evaluate(book, evidence)
        if not _floor_cannot_bind(book, result):
            return
        for entry in _deductions(result):
            if entry.starred:
                assert (entry.counted, entry.absorbed) == (entry.raw, ZERO), entry.path

    @given(full_cases())
    def test_every_node_balances(self, case: Case) -> None:
        """At every node, max − lost + gained == score, with lost and gained from its entries."""
        book, evidence = case
        for node in evaluate(book, evidence).root.walk():
            lost = sum((e.counted for e in node.entries if e.kind == "deduction"), ZERO)
            gained = sum((e.counted for e in node.entries if e.kind == "bonus"), ZERO)
            assert (node.lost, node.gained) == (lost, gained), node.path
            assert node.max - node.lost + node.gained == node.score, node.path

    @given(full_cases())
    def test_bonus_stays_within_its_caps_and_uses_them_fully(self, case: Case) -> None:
        """Awards count up to their level caps, then up to the total cap, used fully when over."""
        book, evidence = case
        result = evaluate(book, evidence)
        for path, node in book.walk():
            if not isinstance(node, Bonus):
                continue
            caps = {f"{path}.{level.id}": level.cap for level in node.levels}
            entries = [e for e in result.gained if e.path in caps]
            for entry in entries:
                assert entry.counted <= min(entry.raw, caps[entry.path]), entry.path
            each = sum((min(e.raw, caps[e.path]) for e in entries), ZERO)
            gained = sum((e.counted for e in entries), ZERO)
            assert result.find(path).gained == gained
            if node.cap is None or each <= node.cap:
                assert gained == each, path
            else:
                assert gained == node.cap, path

    @given(full_cases())
    def test_a_veto_forces_the_lowest_grade_and_keeps_the_score(self, case: Case) -> None:
        """A unit with a triggered veto gets the lowest grade, and the same total as without it."""
        book, evidence = case
        result = evaluate(book, evidence)
        vetoes = [node for _, node in book.walk() if isinstance(node, Veto)]
        for veto in vetoes:
            value = evidence[veto.fact.name]
            held = bool(value) if veto.fact.kind == "flag" else value >= veto.at_least
            if held:
                assert result.vetoed and result.grade == book.grades[-1].title
        quiet = {v.fact.name: 0 if v.fact.kind == "count" else False for v in vetoes}
        assert evaluate(book, {**evidence, **quiet}).total == result.total


def _reaches(condition: Any) -> Case:
    """The first generated case meeting *condition* (fails if the generators never make one)."""
    # Generation only: the first case found is enough, shrinking it would only cost time.
    quick = settings(max_examples=2_000, database=None, phases=[Phase.generate])
    return find(full_cases(), condition, settings=quick)


def _nodes(book: Rulebook) -> list[Node]:
    return [node for _, node in book.walk()]


class TestGeneratorsReachEveryCase:
    # The properties above pass trivially on cases the generators never make, so each
    # case they are meant to cover is shown to be reached.

    def test_a_cap_on_a_clause_cuts(self) -> None:
        """Some case has a CapAt directly on a deduction that absorbs part of it."""
        _reaches(
            lambda c: any(
                isinstance(node, CapAt)
                and isinstance(node.node, Deduct)
                and path in reference_score(*c).cut
                for path, node in c[0].walk()
            )
        )

    def test_a_default_cap_on_a_section_cuts(self) -> None:
        """Some case has a CapAt without a limit around a section that absorbs points."""
        _reaches(
            lambda c: any(
                isinstance(node, CapAt)
                and node.limit is None
                and node.node.kind == "section"
                and path in reference_score(*c).cut
                for path, node in c[0].walk()
            )
        )

    def test_nested_caps_both_cut(self) -> None:
        """Some case has a cap and a cap inside it both absorbing points."""

        def nested(case: Case) -> bool:
            cut = reference_score(*case).cut
            return any(
                outer != "" and inner.startswith(f"{outer}.") for outer in cut for inner in cut
            )

        _reaches(nested)

    def test_a_starred_clause_passes_a_binding_cap(self) -> None:
        """Some case has a ★ deduction counting in full under a cap that absorbs others."""

        def passes(case: Case) -> bool:
            expected = reference_score(*case)
            return any(
                e.starred and e.counted == e.raw > 0 and e.path.startswith(f"{path}.")
                for path in expected.cut
                if path
                for e in expected.entries
            )

        _reaches(passes)

    def test_the_floor_binds(self) -> None:
        """Some case has the floor absorbing deductions past the points."""
        _reaches(lambda c: "" in reference_score(*c).cut)

    def test_a_score_goes_below_zero_without_a_floor(self) -> None:
        """Some case without a floor ends with a negative total."""
        _reaches(lambda c: not c[0].floor and reference_score(*c).total < 0)

    def test_a_count_veto_above_one_holds(self) -> None:
        """Some case triggers a count veto that needs two or more occurrences."""
        _reaches(
            lambda c: any(
                isinstance(node, Veto)
                and node.at_least > 1
                and c[1][node.fact.name] >= node.at_least
                for node in _nodes(c[0])
            )
        )

    def test_a_flag_veto_holds(self) -> None:
        """Some case triggers a flag veto."""
        _reaches(
            lambda c: any(
                isinstance(node, Veto) and node.fact.kind == "flag" and c[1][node.fact.name]
                for node in _nodes(c[0])
            )
        )

    def test_a_veto_lowers_a_grade(self) -> None:
        """Some case has a veto holding on a total that earns more than the lowest grade."""

        def lowers(case: Case) -> bool:
            expected = reference_score(*case)
            bands = case[0].grades
            return expected.vetoed and expected.total >= bands[-2].minimum

        _reaches(lowers)

    def test_a_bonus_total_cap_binds(self) -> None:
        """Some case has awards over a bonus's total cap across several levels."""

        def over(case: Case) -> bool:
            book, evidence = case
            for node in _nodes(book):
                if isinstance(node, Bonus) and node.cap is not None and len(node.levels) > 1:
                    each = [
                        min(amount, level.cap)
                        for level in node.levels
                        for amount in evidence[node.fact_for(level).name]
                    ]
                    if sum(each, ZERO) > node.cap:
                        return True
            return False

        _reaches(over)

    def test_an_execution_rate_loses_points_and_one_overspends(self) -> None:
        """Some cases have an execution-rate row losing points, and one spending over budget."""
        for over in (False, True):
            _reaches(
                lambda c, over=over: any(
                    isinstance(node, ExecutionRateScore)
                    and (c[1][node.executed] > c[1][node.budget]) == over
                    and any(e.path == path for e in reference_score(*c).entries)
                    for path, node in c[0].walk()
                )
            )


# ------------------------------------------------------------- issue #13's shapes


def _compare(case: Case) -> tuple[UnitResult, Expected]:
    book, evidence = case
    return evaluate(book, evidence), reference_score(book, evidence)


def _node_figures(result: UnitResult) -> dict[str, tuple[object, ...]]:
    return {
        n.path: (n.max, n.score, n.lost, n.gained, n.raw_max, n.raw_score)
        for n in result.root.walk()
    }


def _expected_figures(expected: Expected) -> dict[str, tuple[object, ...]]:
    return {
        p: (n.max, n.score, n.lost, n.gained, n.raw_max, n.raw_score)
        for p, n in expected.nodes.items()
    }


class TestShapesAgainstTheReference:
    # Rulebooks mixing escalating, quantity and judged deductions, 该项不得分 (ZeroIf,
    # ZeroIfLate), LevelBonus, points_from, converted parts (Rescaled), every veto
    # effect, score vetoes, the total's policy and the gate into every older kind.

    @given(shape_cases())
    def test_totals_grade_gate_and_vetoes_match(self, case: Case) -> None:
        """Eligibility, base, total, grade, vetoed and each veto's path and effect match."""
        result, expected = _compare(case)
        assert result.eligible == expected.eligible
        assert len(result.ineligible) == len(expected.failed)
        assert (result.base, result.total) == (expected.base, expected.total)
        assert (result.grade, result.vetoed) == (expected.grade, expected.vetoed)
        assert tuple((hit.path, hit.effect) for hit in result.vetoes) == expected.vetoes

    @given(shape_cases())
    def test_every_ledger_entry_matches(self, case: Case) -> None:
        """Each entry's path, kind, raw, counted, absorbed and ★ equal the reference's, in order."""
        result, expected = _compare(case)
        assert _entries(result) == _expected_entries(expected)

    @given(shape_cases())
    def test_every_node_matches(self, case: Case) -> None:
        """Each node's max, score, lost, gained (raw_max, raw_score) and absorbed match."""
        result, expected = _compare(case)
        assert _node_figures(result) == _expected_figures(expected)
        assert {n.path: n.absorbed for n in result.root.walk() if n.absorbed} == expected.cut

    @given(shape_cases())
    def test_with_the_floor_the_base_never_goes_below_zero(self, case: Case) -> None:
        """``Rulebook.floor``: the total before bonus stops at 0, whatever the shapes."""
        book, evidence = case
        result = evaluate(book, evidence)
        if not book.floor:
            return
        parts = [n for n in result.root.walk() if n.raw_max is not None]
        if not KNOWN_DISAGREEMENTS and sum((n.lost for n in parts), ZERO) > book.points:
            return  # converted parts losing more than the points: disagreement 2
        assert result.base >= 0


def _reaches_shape(condition: Any) -> Case:
    """The first generated shape case meeting *condition*."""
    quick = settings(max_examples=3_000, database=None, phases=[Phase.generate])
    return find(shape_cases(), condition, settings=quick)


def _kinds(book: Rulebook, cls: type) -> list[tuple[str, Any]]:
    return [(path, node) for path, node in book.walk() if isinstance(node, cls)]


def _entry(expected: Expected, path: str) -> Any:
    return next((e for e in expected.entries if e.path == path), None)


class TestShapeGeneratorsReachEveryCase:
    # Each case the reference tests above are meant to cover is shown to be generated.

    def test_an_escalating_series_runs_past_its_list_with_a_step(self) -> None:
        """Some EscalatingDeduct with a step > 0 counts more occurrences than it lists."""
        _reaches_shape(
            lambda c: any(
                node.step and c[1][node.fact.name] > len(node.amounts)
                for _, node in _kinds(c[0], EscalatingDeduct)
            )
        )

    def test_every_partial_unit_rule_meets_a_partial_unit(self) -> None:
        """drop, round_up and proportional (per 1 and not) each see a quantity off the units."""
        for partial, whole in (("drop", True), ("round_up", True), ("proportional", False)):
            _reaches_shape(
                lambda c, partial=partial, whole=whole: any(
                    node.partial == partial
                    and (node.per != 1) == whole
                    and (c[1][node.fact.name] - node.allowed) % node.per != 0
                    and c[1][node.fact.name] > node.allowed + node.per
                    for _, node in _kinds(c[0], QuantityDeduct)
                )
            )

    def test_a_judged_deduction_is_capped(self) -> None:
        """Some JudgedDeduct entry is partly absorbed by a cap."""
        _reaches_shape(
            lambda c: any(
                (e := _entry(reference_score(*c), path)) is not None and e.absorbed > 0
                for path, _ in _kinds(c[0], JudgedDeduct)
            )
        )

    def test_a_zero_clause_absorbs_a_starred_sibling(self) -> None:
        """Some triggered zero clause leaves a ★ clause of its node counting 0."""

        def zeroes_a_star(case: Case) -> bool:
            expected = reference_score(*case)
            for path, _ in _kinds(case[0], ZeroIf | ZeroIfLate):
                entry = _entry(expected, path)
                node = path.rsplit(".", 1)[0]
                if (
                    entry is not None
                    and entry.counted > 0
                    and any(
                        e.starred and e.raw > 0 and e.counted == 0 and e.path.startswith(node)
                        for e in expected.entries
                    )
                ):
                    return True
            return False

        _reaches_shape(zeroes_a_star)

    def test_a_zero_clause_is_cut_by_a_cap_outside_its_node(self) -> None:
        """Some zeroing entry counts less than its raw amount: a cap further out cut it."""
        _reaches_shape(
            lambda c: any(
                (e := _entry(reference_score(*c), path)) is not None and 0 < e.counted < e.raw
                for path, _ in _kinds(c[0], ZeroIf | ZeroIfLate)
            )
        )

    def test_a_zero_clause_inside_a_zeroed_node_is_absorbed(self) -> None:
        """Some zero clause holds inside a node a zero clause further out zeroed."""
        _reaches_shape(
            lambda c: (
                sum(
                    1
                    for path, _ in _kinds(c[0], ZeroIf | ZeroIfLate)
                    if (e := _entry(reference_score(*c), path)) is not None and e.counted == 0
                )
                > 0
            )
        )

    def test_a_late_submission_against_a_deadline_fact_zeroes(self) -> None:
        """Some ZeroIfLate with a per-unit deadline holds."""
        _reaches_shape(
            lambda c: any(
                node.deadline_fact and c[1][node.fact.name] > c[1][node.deadline_fact]
                for _, node in _kinds(c[0], ZeroIfLate)
            )
        )

    def test_a_level_bonus_counts_once_at_a_ranged_top_level(self) -> None:
        """Some LevelBonus lists two levels, the top one ranged, and gives one entry."""
        _reaches_shape(
            lambda c: any(
                len(c[1][node.id]) > 1
                and next(lv for lv in node.levels if lv.title in c[1][node.id]).ranged
                and c[1][f"{node.id}_points"] > 0
                for _, node in _kinds(c[0], LevelBonus)
            )
        )

    def test_printed_points_differ_and_a_node_loses(self) -> None:
        """Both points_from settings occur on nodes that lose points."""
        for setting in ("printed", "items"):
            _reaches_shape(
                lambda c, setting=setting: any(
                    node.points_from == setting
                    and reference_score(*c).nodes[path].lost > 0
                    and node.points != sum((child.max_points for child in node.children), ZERO)
                    for path, node in _kinds(c[0], Section | Item)
                )
            )

    def test_a_converted_part_rounds(self) -> None:
        """Some converted part's score is rounded (``places``) from an inexact product."""

        def rounds(case: Case) -> bool:
            expected = reference_score(*case)
            for path, node in _kinds(case[0], Rescaled):
                got = expected.nodes.get(path)
                if got is None or node.places is None or got.raw_score is None:
                    continue
                exact = Fraction(got.raw_score) * Fraction(node.max_points) / Fraction(node.out_of)
                if exact != Fraction(got.score):
                    return True
            return False

        _reaches_shape(rounds)

    def test_a_weighted_total_has_bonus_beside_its_parts(self) -> None:
        """Some rulebook of two converted parts gains bonus outside them."""
        _reaches_shape(
            lambda c: (
                len([n for n in c[0].children if isinstance(n, Rescaled)]) > 1
                and reference_score(*c).nodes[""].gained > 0
            )
        )

    def test_every_veto_effect_changes_a_grade(self) -> None:
        """Each effect holds on a unit whose total alone earns a better grade."""
        for effect in ("lowest", "bar_top", "grade"):
            _reaches_shape(
                lambda c, effect=effect: (
                    (e := reference_score(*c)).eligible
                    and any(held == effect for _, held in e.vetoes)
                    and e.grade != c[0].grades[0].title
                    and e.total >= c[0].grades[0].minimum
                )
            )
        _reaches_shape(
            lambda c: (
                (e := reference_score(*c)).eligible
                and any(held == "zero" for _, held in e.vetoes)
                and e.nodes[""].score > 0
            )
        )

    def test_a_score_veto_on_the_base_holds_where_the_total_would_pass(self) -> None:
        """Some ScoreVeto on the base holds while the total is at or above its threshold."""
        _reaches_shape(
            lambda c: (
                (e := reference_score(*c)).eligible
                and any(
                    v.on == "base"
                    and e.nodes[""].max - e.nodes[""].lost < v.below <= e.nodes[""].score
                    for v in c[0].score_vetoes
                )
            )
        )

    def test_the_total_policy_cuts_bonus(self) -> None:
        """Some TotalPolicy cuts a bonus entry (its cut shows at the root)."""
        _reaches_shape(
            lambda c: (
                c[0].total is not None
                and (e := reference_score(*c)).cut.get("", ZERO) > 0
                and any(x.kind == "bonus" and x.absorbed > 0 for x in e.entries)
            )
        )

    def test_the_gate_keeps_a_unit_out(self) -> None:
        """Some unit fails a requirement with a control-figure fact."""
        _reaches_shape(
            lambda c: any(r.limit for r in c[0].gate) and not reference_score(*c).eligible
        )
