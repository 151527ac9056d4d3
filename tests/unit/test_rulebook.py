"""Whole-tree checks and evaluation entry points of ``Rulebook``."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from assessment_rules import (
    CapAt,
    Deduct,
    Fact,
    GradeBand,
    Item,
    Rulebook,
    RulebookError,
    Section,
    evaluate,
)


def section(*children: object, points: str = "10") -> Section:
    return Section("s", "部分", points=points, children=children)  # type: ignore[arg-type]


def item(*children: object, ident: str = "i", points: str = "10") -> Item:
    return Item(ident, "考核内容", points=points, children=children)  # type: ignore[arg-type]


class TestConstruction:
    def test_sections_must_add_up_to_the_rulebook_points(self) -> None:
        """A rulebook whose sections total 90 of 100 fails, naming the rulebook."""
        with pytest.raises(RulebookError, match=r"^book: points=Decimal\('100'\) must equal"):
            Rulebook("book", "细则", children=(section(item(points="90"), points="90"),))

    def test_one_fact_declared_two_ways_is_refused(self) -> None:
        """Two clauses reading one fact name with different declarations fail with both paths."""
        a = Deduct("a", "条款甲", rate="1", fact=Fact("lapses", "问题", kind="count"), shape="each")
        b = Deduct("b", "条款乙", rate="1", fact="lapses")
        with pytest.raises(
            RulebookError, match=re.escape("s.i.b: fact='lapses' is declared differently at s.i.a")
        ):
            Rulebook("book", "细则", points="10", children=(section(item(a, b)),))

    @pytest.mark.parametrize(
        ("grades", "message"),
        [
            ((GradeBand("好", "60"), GradeBand("优", "90"), GradeBand("差", "0")), "highest first"),
            ((GradeBand("好", "60"), GradeBand("差", "10")), "minimum is 0"),
            ((GradeBand("好", "60"), GradeBand("好", "0")), "unique titles"),
            ((), "at least one"),
        ],
    )
    def test_bad_grade_bands_are_refused(self, grades: tuple[GradeBand, ...], message: str) -> None:
        """Grade bands out of order, not ending at 0 or repeated fail at construction."""
        with pytest.raises(RulebookError, match=message):
            Rulebook("book", "细则", points="10", children=(section(item()),), grades=grades)

    def test_rulebook_ids_are_kebab_case(self) -> None:
        """A rulebook id with spaces or capitals is refused."""
        with pytest.raises(RulebookError, match="joined by '-'"):
            Rulebook("Wujin 2021", "细则", points="10", children=(section(item()),))

    def test_facts_are_collected_in_clause_order_with_paths(self) -> None:
        """The rulebook lists every fact with the paths of the rules that read it."""
        book = Rulebook(
            "book",
            "细则",
            points="10",
            children=(
                section(
                    item(
                        Deduct("b", "乙", rate="1"),
                        Deduct("a", "甲", rate="1"),
                    )
                ),
            ),
        )
        assert list(book.facts) == ["b", "a"]
        assert book.fact_paths["a"] == ("s.i.a",)

    def test_node_lookup_suggests_close_paths(self) -> None:
        """Looking up a misspelt path raises KeyError with a did-you-mean hint."""
        book = Rulebook(
            "book", "细则", points="10", children=(section(item(Deduct("a", "甲", rate="1"))),)
        )
        assert book.node("s.i.a").id == "a"
        with pytest.raises(KeyError, match=re.escape("Did you mean 's.i.a'")):
            book.node("s.i.b")


class TestFloor:
    def test_the_base_total_stops_at_zero(self) -> None:
        """Uncapped deductions of 30 on 10 points leave a base of 0; the root absorbs 20."""
        book = Rulebook(
            "book",
            "细则",
            points="10",
            children=(
                section(
                    item(
                        Deduct("a", "甲", rate="10", shape="each"),
                    )
                ),
            ),
        )
        result = evaluate(book, {"a": 3})
        assert (result.base, result.root.absorbed) == (Decimal(0), Decimal(20))
        assert result.lost[0].counted == Decimal(10)

    def test_the_floor_can_be_switched_off(self) -> None:
        """With floor=False the same unit scores −20."""
        book = Rulebook(
            "book",
            "细则",
            points="10",
            floor=False,
            children=(
                section(
                    item(
                        Deduct("a", "甲", rate="10", shape="each"),
                    )
                ),
            ),
        )
        assert evaluate(book, {"a": 3}).total == Decimal(-20)

    def test_nested_caps_apply_inner_first(self) -> None:
        """An item capped at 3 inside a section capped at 4: 5 + 5 raw → 3 + 1 counted."""
        inner = CapAt(item(Deduct("a", "甲", rate="5"), ident="x", points="5"), limit="3")
        other = item(Deduct("b", "乙", rate="5"), ident="y", points="5")
        book = Rulebook(
            "book",
            "细则",
            points="10",
            children=(
                CapAt(Section("s", "部分", points="10", children=(inner, other)), limit="4"),
            ),
        )
        result = evaluate(book, {"a": True, "b": True})
        assert [e.counted for e in result.lost] == [Decimal(3), Decimal(1)]
        assert result.total == Decimal(6)
