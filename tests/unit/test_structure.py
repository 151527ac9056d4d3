"""Construction checks of containers and caps (``_structure``)."""

from __future__ import annotations

import re

import pytest

from assessment_rules import CapAt, Deduct, Item, Judgment, RulebookError, Section


def deduct(ident: str = "d") -> Deduct:
    return Deduct(ident, "扣分条款", rate="1")


class TestItem:
    def test_points_must_add_up(self) -> None:
        """Judgments that do not add up to the item's points fail with both figures."""
        with pytest.raises(RulebookError, match=r"item: points=Decimal\('10'\) must equal"):
            Item("item", "考核内容", points="10", children=(Judgment("j", "评分", points="8"),))

    def test_deduction_only_items_need_no_sum(self) -> None:
        """An item scored only by deductions has children worth zero points."""
        assert Item("item", "考核内容", points="10", children=(deduct(),)).points == 10

    def test_sibling_ids_must_be_unique(self) -> None:
        """Two children with one id fail with the dotted path of the duplicate."""
        with pytest.raises(RulebookError, match=re.escape("item.d: id='d' must be unique")):
            Item("item", "考核内容", points="2", children=(deduct(), deduct()))

    def test_points_cannot_be_negative(self) -> None:
        """Negative points are refused."""
        with pytest.raises(RulebookError, match="must be ≥ 0"):
            Item("item", "考核内容", points="-1")

    def test_points_cannot_be_floats(self) -> None:
        """Binary floats are refused; points are written as decimal text."""
        with pytest.raises(RulebookError, match="decimal text"):
            Item("item", "考核内容", points=0.5)  # type: ignore[arg-type]

    def test_ids_are_ascii(self) -> None:
        """A Chinese id is refused; Chinese belongs in the title."""
        with pytest.raises(RulebookError, match="lowercase ASCII"):
            Item("组织", "组织领导", points="1")

    def test_sections_check_their_items(self) -> None:
        """A section whose items add up to other points fails at construction."""
        items = (Item("a", "甲", points="10"), Item("b", "乙", points="5"))
        with pytest.raises(RulebookError, match=r"a 10 \+ b 5 = 15"):
            Section("s", "部分", points="20", children=items)


class TestCapAt:
    def test_limit_defaults_to_the_points(self) -> None:
        """Without a limit, the cap is the wrapped node's points (扣完为止)."""
        capped = CapAt(Item("item", "考核内容", points="10", children=(deduct(),)))
        assert (capped.limit, capped.effective_limit, capped.id) == (None, 10, "item")

    def test_limit_cannot_exceed_the_points(self) -> None:
        """A cap above the item's points is refused."""
        with pytest.raises(RulebookError, match=re.escape("limit=Decimal('11') must be from 0")):
            CapAt(Item("item", "考核内容", points="10"), limit="11")

    def test_a_bare_deduction_needs_an_explicit_limit(self) -> None:
        """Capping a single clause (最多扣3分) requires the limit."""
        with pytest.raises(RulebookError, match="must be given"):
            CapAt(deduct())
        assert CapAt(deduct(), limit="3").effective_limit == 3

    def test_the_wrapper_is_transparent_in_paths(self) -> None:
        """A CapAt adds no path segment: its item keeps its own dotted path."""
        section = Section(
            "s",
            "部分",
            points="10",
            children=(CapAt(Item("item", "考核内容", points="10", children=(deduct(),))),),
        )
        paths = [path for path, _ in section.walk()]
        assert paths == ["s", "s.item", "s.item", "s.item.d"]


class TestCapOnCap:
    def test_a_cap_around_a_cap_is_refused(self) -> None:
        """CapAt(CapAt(item)) is a construction error naming the item: one limit is meant."""
        item = Item("plan", "计划", points="10", children=(Deduct("x", "未制定", rate="2"),))
        with pytest.raises(RulebookError, match="smaller limit") as caught:
            CapAt(CapAt(item, limit="6"), limit="4")
        assert (caught.value.path, caught.value.field) == ("plan", "node")
