"""Invariants of zero-on-trigger (ZeroIf) and converted parts (Rescaled), over generated
rulebooks and evidence: the ledger identity at every node (a converted part through its
``raw_max``/``raw_score``), a zeroed node scoring exactly 0, monotonicity, bounds and
determinism."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from assessment_rules import (
    AwardLevel,
    Bonus,
    CapAt,
    Deduct,
    GradeBand,
    Item,
    Node,
    NodeResult,
    Rulebook,
    Section,
    UnitResult,
    evaluate,
)
from assessment_rules.combinators import Rescaled, ZeroIf

ZERO = Decimal(0)
_RATES = st.sampled_from(["0.5", "1", "2", "3", "5"])
_POINTS = st.sampled_from(["10", "20", "25", "40"])


@st.composite
def _item(draw: st.DrawFn, ident: str) -> Node:
    points = Decimal(draw(_POINTS))
    clauses: list[Node] = [
        Deduct(
            f"{ident}_d{k}",
            f"问题{k}",
            rate=draw(_RATES),
            shape="each",
            starred=draw(st.booleans()) and k == 0,
        )
        for k in range(draw(st.integers(1, 3)))
    ]
    if draw(st.booleans()):
        clauses.append(ZeroIf(f"{ident}_z", "该项不得分的情形"))
    item = Item(ident, "考核内容", points=points, children=tuple(clauses))
    return CapAt(item) if draw(st.booleans()) else item


@st.composite
def _section(draw: st.DrawFn, ident: str) -> tuple[Node, Decimal]:
    items = [draw(_item(f"{ident}_i{k}")) for k in range(draw(st.integers(1, 3)))]
    children: list[Node] = list(items)
    if draw(st.booleans()):
        children.append(ZeroIf(f"{ident}_z", "该部分得零分的情形"))
    total = sum((item.max_points for item in items), ZERO)
    return Section(ident, "部分", points=total, children=tuple(children)), total


@st.composite
def part_books(draw: st.DrawFn) -> Rulebook:
    """A rulebook of sections, some converted (by weight, or to points with places)."""
    parts: list[Node] = []
    for k in range(draw(st.integers(1, 3))):
        section, total = draw(_section(f"s{k}"))
        how = draw(st.sampled_from(["plain", "weight", "points"]))
        if how == "weight":
            parts.append(
                Rescaled(
                    f"p{k}",
                    "折算部分",
                    out_of=total,
                    weight=draw(st.sampled_from(["0.3", "0.5", "1.2"])),
                    children=(section,),
                )
            )
        elif how == "points":
            parts.append(
                Rescaled(
                    f"p{k}",
                    "折算部分",
                    out_of=total,
                    points=draw(st.sampled_from(["7", "30", "100"])),
                    places=2,
                    children=(section,),
                )
            )
        else:
            parts.append(section)
    points = sum((part.max_points for part in parts), ZERO)
    children: list[Node] = list(parts)
    if draw(st.booleans()):
        children.append(
            Bonus("bonus", "加分", levels=(AwardLevel("city", "市级表彰", cap="2"),), cap="3")
        )
    return Rulebook(
        "parts", "折算与不得分", points=points, children=tuple(children), grades=_grades(points)
    )


def _grades(points: Decimal) -> Any:
    return (GradeBand("合格", points * Decimal("0.6")), GradeBand("不合格", ZERO))


@st.composite
def cases(draw: st.DrawFn) -> tuple[Rulebook, dict[str, Any]]:
    book = draw(part_books())
    values: dict[str, Any] = {}
    for name, fact in book.facts.items():
        if fact.kind == "flag":
            values[name] = draw(st.booleans())
        elif fact.kind == "count":
            values[name] = draw(st.integers(0, 6))
        else:
            values[name] = tuple(draw(st.lists(st.sampled_from(["1", "2", "0.5"]), max_size=2)))
    return book, values


def _check_node(node: NodeResult, rules: dict[str, Node]) -> None:
    assert node.max - node.lost + node.gained == node.score, node.path
    if node.children:
        lost = sum((child.lost for child in node.children), ZERO)
        gained = sum((child.gained for child in node.children), ZERO)
        if node.raw_max is not None:
            assert node.raw_score == node.raw_max - lost + gained, node.path
            assert node.score == rules[node.path].convert(node.raw_score), node.path
            assert node.gained == ZERO
        else:
            assert (node.lost, node.gained) == (lost, gained), node.path
    else:
        deductions = sum((e.counted for e in node.entries if e.kind == "deduction"), ZERO)
        gains = sum((e.counted for e in node.entries if e.kind == "bonus"), ZERO)
        assert (node.lost, node.gained) == (deductions, gains), node.path


def _floored(result: UnitResult) -> bool:
    """Whether the floor cut entries: at the root, or at a converted part (its own floor)."""
    return any(n.absorbed for n in result.root.walk() if n.path == "" or n.raw_max is not None)


def _zeroed(book: Rulebook, values: dict[str, Any]) -> set[str]:
    """Paths of the nodes a triggered ZeroIf zeroes (its parent)."""
    found = set()
    for path, node in book.walk():
        if isinstance(node, ZeroIf) and values[node.fact.name]:
            found.add(path.rpartition(".")[0])
    return found


class TestLedger:
    @given(cases())
    def test_the_identity_holds_at_every_node(self, case: tuple[Rulebook, dict[str, Any]]) -> None:
        """max − lost + gained = score everywhere; a converted part links its raw side."""
        book, values = case
        rules = {path: node for path, node in book.walk() if not node.transparent}
        result = evaluate(book, values)
        for node in result.root.walk():
            _check_node(node, rules)
        assert result.total == result.base + result.gained_points

    @given(cases())
    def test_every_entry_accounts_for_its_absorbed_part(
        self, case: tuple[Rulebook, dict[str, Any]]
    ) -> None:
        """counted + absorbed = raw, neither negative, for zeroed and absorbed entries too."""
        book, values = case
        for entry in evaluate(book, values).entries:
            assert entry.counted >= 0 and entry.absorbed >= 0
            assert entry.counted + entry.absorbed == entry.raw
            assert entry.reason


class TestZero:
    @given(cases())
    def test_a_zeroed_node_scores_exactly_zero(self, case: tuple[Rulebook, dict[str, Any]]) -> None:
        """Unless the floor cut the zeroing entry, the node it zeroes scores 0 (raw side
        for a converted part's children)."""
        book, values = case
        result = evaluate(book, values)
        if _floored(result):
            return  # the floor cut entries in clause order; nothing else to say
        zeroed = _zeroed(book, values)
        for path in zeroed:
            # a zeroed node inside another zeroed node: the outer zero absorbs its entry
            if any(path.startswith(f"{outer}.") or (outer == "" and path) for outer in zeroed):
                continue
            assert result.find(path).score == 0, path

    @given(cases(), st.data())
    def test_triggering_a_zero_never_raises_the_total(
        self, case: tuple[Rulebook, dict[str, Any]], data: st.DataObject
    ) -> None:
        """Setting one ZeroIf's flag leaves the base and total equal or lower, when the
        node it zeroes did not already score below 0 (★ deductions, or an item without
        扣完为止: zeroing sets such a node to exactly 0, as the sheet says)."""
        book, values = case
        flags = {
            node.fact.name: path.rpartition(".")[0]
            for path, node in book.walk()
            if isinstance(node, ZeroIf)
        }
        if not flags:
            return
        name = data.draw(st.sampled_from(sorted(flags)))
        before = evaluate(book, {**values, name: False})
        after = evaluate(book, {**values, name: True})
        if before.find(flags[name]).score < 0:
            assert after.find(flags[name]).score == 0 or _floored(after)
            return
        assert after.base <= before.base and after.total <= before.total


class TestConverted:
    @given(cases())
    def test_converted_parts_stay_within_their_points_without_stars(
        self, case: tuple[Rulebook, dict[str, Any]]
    ) -> None:
        """A converted part scores in [0, max] when nothing under it is ★ (caps and the
        zero keep its sub-sheet in [0, raw_max])."""
        book, values = case
        result = evaluate(book, values)
        for path, node in book.walk():
            if not isinstance(node, Rescaled):
                continue
            starred = any(inner.starred for _, inner in node.walk())
            part = result.find(path)
            assert part.raw_max == node.out_of
            if not starred and not result.root.absorbed:
                uncapped_items = any(isinstance(inner, Item) for inner in node.children[0].children)
                if not uncapped_items:
                    assert ZERO <= part.score <= part.max, path

    @given(cases())
    def test_scoring_is_deterministic_and_memo_free(
        self, case: tuple[Rulebook, dict[str, Any]]
    ) -> None:
        """The same unit twice, and on a freshly built copy of the rulebook, is equal."""
        book, values = case
        first: UnitResult = evaluate(book, values)
        again = evaluate(book, values)
        fresh = evaluate(Rulebook(**book.edit_arguments()), values)
        assert first == again == fresh
