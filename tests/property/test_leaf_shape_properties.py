"""Invariants of the leaf shapes of issue #13, for generated clauses and evidence.

Escalating deductions: the closed form is the series' sum and each occurrence adds its
own amount. Quantity deductions: nothing at or below ``allowed``, more quantity never
costs less, and ``drop`` ≤ ``proportional`` ≤ ``round_up``. Judged deductions and the
level bonus inside a rulebook with caps: the ledger identity at every node, caps never
exceeded, at most one bonus entry and it is the highest level's; scoring is
deterministic.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from assessment_rules import CapAt, Item, NodeResult, Rulebook, Section, evaluate
from assessment_rules.combinators import (
    BonusLevel,
    EscalatingDeduct,
    JudgedDeduct,
    LevelBonus,
    QuantityDeduct,
)

ZERO = Decimal(0)
HALVES = st.integers(min_value=1, max_value=20).map(lambda n: Decimal(n) / 2)
TENTHS = st.integers(min_value=0, max_value=200).map(lambda n: Decimal(n) / 10)


@st.composite
def escalating(draw: st.DrawFn) -> EscalatingDeduct:
    amounts = tuple(draw(st.lists(HALVES, min_size=1, max_size=4)))
    step = draw(st.none() | st.integers(min_value=0, max_value=4).map(lambda n: Decimal(n) / 2))
    return EscalatingDeduct("x", "发生火灾", amounts, step=step)


class TestEscalatingProperties:
    @given(escalating(), st.integers(min_value=0, max_value=40))
    def test_closed_form_is_the_series_sum(self, leaf: EscalatingDeduct, count: int) -> None:
        """total_for(n) equals the sum of the first n amounts."""
        assert leaf.total_for(count) == sum(leaf.series(count), ZERO)

    @given(escalating(), st.integers(min_value=0, max_value=40))
    def test_each_occurrence_adds_its_own_amount(self, leaf: EscalatingDeduct, count: int) -> None:
        """One more occurrence costs exactly its own (positive) amount more."""
        more = leaf.total_for(count + 1) - leaf.total_for(count)
        assert more == leaf.amount_of(count + 1) > 0

    @given(escalating(), st.integers(min_value=1, max_value=40))
    def test_the_lapse_is_the_series(self, leaf: EscalatingDeduct, count: int) -> None:
        """measure gives the count, the series' sum and the last amount as rate."""
        lapse = leaf.measure({"x": count})
        assert lapse is not None
        assert (lapse.occurrences, lapse.raw, lapse.rate) == (
            count,
            leaf.total_for(count),
            leaf.amount_of(count),
        )


@st.composite
def quantities(draw: st.DrawFn) -> QuantityDeduct:
    partial = draw(st.sampled_from(("drop", "round_up", "proportional")))
    per = Decimal(draw(st.sampled_from(("1", "0.5", "2"))))
    return QuantityDeduct(
        "q",
        "迟报",
        draw(HALVES),
        unit="小时",
        partial=partial,
        allowed=draw(st.integers(min_value=0, max_value=3).map(Decimal)),
        per=per,
        places=2 if partial == "proportional" and per != 1 else None,
    )


def lost(leaf: QuantityDeduct, value: Decimal) -> Decimal:
    lapse = leaf.measure({leaf.fact.name: value})
    return ZERO if lapse is None else lapse.raw


class TestQuantityProperties:
    @given(quantities(), TENTHS, TENTHS)
    def test_more_quantity_never_costs_less(
        self, leaf: QuantityDeduct, a: Decimal, b: Decimal
    ) -> None:
        """The deduction is monotone in the quantity."""
        low, high = sorted((a, b))
        assert lost(leaf, low) <= lost(leaf, high)

    @given(quantities(), TENTHS)
    def test_nothing_at_or_below_allowed(self, leaf: QuantityDeduct, value: Decimal) -> None:
        """A quantity within the control figure loses nothing."""
        if value <= leaf.allowed:
            assert leaf.measure({"q": value}) is None

    @given(HALVES, TENTHS)
    def test_drop_proportional_round_up_are_ordered(self, rate: Decimal, value: Decimal) -> None:
        """Dropping partial units costs least, rounding them up most, proportion between."""
        drop, prop, up = (
            lost(QuantityDeduct("q", "迟报", rate, unit="小时", partial=p), value)
            for p in ("drop", "proportional", "round_up")
        )
        assert drop <= prop <= up
        assert prop == rate * value  # per 1, allowed 0: exact
        assert up - drop in (ZERO, rate)  # they differ by one unit at most


@st.composite
def books_and_values(draw: st.DrawFn) -> tuple[Rulebook, dict[str, Any]]:
    """A rulebook of the four shapes, items capped or not, and evidence that fits it."""
    points = [Decimal(draw(st.integers(min_value=1, max_value=20))) for _ in range(3)]
    low = draw(st.integers(min_value=0, max_value=3))
    high = low + draw(st.integers(min_value=0, max_value=6))
    leaves = (
        draw(escalating()),
        draw(quantities()),
        JudgedDeduct("j", "酌情", low=Decimal(low), high=Decimal(max(high, 1))),
    )
    items: list[Any] = []
    for n, (leaf, item_points) in enumerate(zip(leaves, points, strict=True)):
        item = Item(f"i{n}", f"内容{n}", points=item_points, children=(leaf,))
        items.append(CapAt(item) if draw(st.booleans()) else item)
    total = sum(points, ZERO)
    levels = (
        BonusLevel("national", "国家级", points="10"),
        BonusLevel("provincial", "省级", low="5", high="8"),
        BonusLevel("municipal", "市级", points="3"),
    )
    book = Rulebook(
        "generated",
        "生成",
        points=total,
        floor=draw(st.booleans()),
        children=(
            Section("s", "部分", points=total, children=tuple(items)),
            LevelBonus("b", "表彰", levels=levels),
        ),
    )
    judged: JudgedDeduct = leaves[2]  # type: ignore[assignment]
    j_value = draw(
        st.just(ZERO)
        | st.integers(min_value=int(judged.low * 2), max_value=int(judged.high * 2)).map(
            lambda n: Decimal(n) / 2
        )
    )
    listed = draw(st.lists(st.sampled_from(("国家级", "省级", "市级")), unique=True))
    top = next((level for level in levels if level.title in listed), None)
    amount = ZERO
    if top is not None and top.ranged:
        amount = Decimal(draw(st.integers(min_value=10, max_value=16))) / 2
    values = {
        "x": draw(st.integers(min_value=0, max_value=12)),
        "q": draw(TENTHS),
        "j": j_value,
        "b": tuple(listed),
        "b_points": amount,
    }
    return book, values


def every_node(node: NodeResult) -> list[NodeResult]:
    return [node, *(n for child in node.children for n in every_node(child))]


class TestLedgerProperties:
    @given(books_and_values())
    def test_ledger_identity_at_every_node(self, case: tuple[Rulebook, dict[str, Any]]) -> None:
        """max − lost + gained == score at every node, and at the total."""
        book, values = case
        result = evaluate(book, values)
        for node in every_node(result.root):
            assert node.max - node.lost + node.gained == node.score
        assert result.total == result.max - result.root.lost + result.root.gained

    @given(books_and_values())
    def test_caps_hold_and_counted_never_exceeds_raw(
        self, case: tuple[Rulebook, dict[str, Any]]
    ) -> None:
        """A capped item never goes below zero; every entry counts at most its raw amount."""
        book, values = case
        result = evaluate(book, values)
        for entry in result.entries:
            assert ZERO <= entry.counted <= entry.raw
            assert entry.raw - entry.counted == entry.absorbed
        for node in every_node(result.root):
            if node.cap is not None:
                assert node.score >= 0

    @given(books_and_values())
    def test_the_bonus_counts_once_at_the_highest_level(
        self, case: tuple[Rulebook, dict[str, Any]]
    ) -> None:
        """At most one bonus entry, for the highest level listed, of its amount."""
        book, values = case
        bonuses = [e for e in evaluate(book, values).entries if e.kind == "bonus"]
        expected = {"国家级": Decimal(10), "省级": values["b_points"], "市级": Decimal(3)}
        top = next((t for t in ("国家级", "省级", "市级") if t in values["b"]), None)
        if top is None:
            assert bonuses == []
        else:
            assert [(e.title, e.counted) for e in bonuses] == [(top, expected[top])]

    @given(books_and_values())
    def test_scoring_is_deterministic(self, case: tuple[Rulebook, dict[str, Any]]) -> None:
        """The same evidence scores the same twice, and as a fresh copy of the book."""
        book, values = case
        again = eval(repr(book), vars(__import__("assessment_rules.combinators")) | globals())
        assert evaluate(book, values) == evaluate(book, values)
        assert evaluate(again, values).total == evaluate(book, values).total
