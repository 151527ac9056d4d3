"""Reprs read as the code that builds the node, defaults left out."""

from __future__ import annotations

from decimal import Decimal

import assessment_rules
from assessment_rules import (
    AwardLevel,
    Bonus,
    CapAt,
    Deduct,
    GradeBand,
    Item,
    Judgment,
    Veto,
    load_rulebook,
)


class TestExactReprs:
    def test_deduct(self) -> None:
        """A shortfall clause prints its shape, requirement and unit only."""
        clause = Deduct(
            "checks", "领导带队检查", rate="2", shape="shortfall", required=4, unit="次"
        )
        assert repr(clause) == (
            "Deduct('checks', '领导带队检查', '2', shape='shortfall', required=4, unit='次')"
        )

    def test_capped_item(self) -> None:
        """A capped item prints as CapAt around the item."""
        node = CapAt(
            Item("plan", "计划", points="2", children=(Judgment("j", "评分", points="2"),))
        )
        assert repr(node) == (
            "CapAt(Item('plan', '计划', '2', children=(Judgment('j', '评分', '2'),)))"
        )

    def test_veto_and_bonus(self) -> None:
        """Vetoes and bonuses print their non-default fields."""
        assert (
            repr(Veto("major", "较大事故", at_least=2)) == "Veto('major', '较大事故', at_least=2)"
        )
        bonus = Bonus("b", "加分", levels=(AwardLevel("city", "市级", cap="2"),), cap="5")
        assert repr(bonus) == "Bonus('b', '加分', (AwardLevel('city', '市级', '2'),), cap='5')"

    def test_grade_band(self) -> None:
        """A grade band prints its title and minimum."""
        assert repr(GradeBand("优秀", "90")) == "GradeBand('优秀', '90')"


class TestRoundTrip:
    def test_the_wujin_rulebook_rebuilds_from_its_repr(self) -> None:
        """Evaluating the Wujin rulebook's repr builds an equal rulebook."""
        book = load_rulebook("wujin-2021-departments")
        namespace = {n: getattr(assessment_rules, n) for n in assessment_rules.__all__}
        namespace["Decimal"] = Decimal
        assert eval(repr(book), namespace) == book  # our own repr
