"""Where the engine and the reference scorer (reference.py) disagree, one minimal rulebook each.

Found by the shape generators of ``shape_strategies.py`` (which keep these cases out
while ``KNOWN_DISAGREEMENTS`` is False). Each test states what the docs say, with the
figures worked by hand, and is a strict ``xfail``: when the engine is changed to agree,
it fails as "XPASS", and the mark and the generators' exclusion should go.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from assessment_rules import CapAt, Deduct, Item, Rulebook, Section, evaluate
from assessment_rules.combinators import Rescaled

from .reference import reference_score

D = Decimal


def _plain(points: str, rate: str = "10") -> Section:
    return Section("a", "甲", points=points, children=(
        Item("i", "项", points=points, children=(
            Deduct("d", "问题", rate=rate, shape="each"),)),))  # fmt: skip


@pytest.mark.xfail(strict=True, reason="disagreement 1: the engine's root ignores a clean part")
def test_1_a_part_whose_full_score_rounds_counts_as_it_scores() -> None:
    """A part out of 2 weighted 1.2, kept to 0 places, scores round(2 × 1.2) = 2 of 2.4.

    The docs (parts.md: "上层节点合计的是折算后的数") add up the converted figures:
    10 + 2 = 12. The engine adds only children with ledger entries, so its root scores
    12.4 while its children score 10 and 2.
    """
    book = Rulebook("repro", "示例", points="12.4", children=(
        _plain("10"),
        Rescaled("p", "折算", out_of="2", weight="1.2", places=0, children=(
            Item("j", "项", points="2", children=(Deduct("e", "问题", rate="1"),)),)),
    ))  # fmt: skip
    values = {"d": 0, "e": False}
    result = evaluate(book, values)
    assert result.find("p").score == D(2)  # both agree on the part itself
    assert reference_score(book, values).total == D(12)
    assert result.total == D(12)


@pytest.mark.xfail(strict=True, reason="disagreement 2: the floor lets a part take the base < 0")
def test_2_the_floor_holds_with_a_part_that_loses_more_than_its_points() -> None:
    """``Rulebook.floor``: "the total before bonus stops at 0 (even ★ deductions stop there)".

    The fire part (out of 100, weighted 30%) has an item without 扣完为止 losing
    10 × 50 = 500: raw score 100 − 500 = −400, converted −120, a loss of 150 against
    100 points. The engine's floor cuts only the entries outside converted parts, so the
    base is 100 − 150 = −50 with the floor on.
    """
    book = Rulebook("repro", "示例", points="100", children=(
        _plain("70"),
        Rescaled("p", "消防", out_of="100", weight="0.3", children=(
            Item("j", "项", points="100", children=(
                Deduct("e", "问题", rate="50", shape="each"),)),)),
    ))  # fmt: skip
    result = evaluate(book, {"d": 0, "e": 10})
    assert result.base >= 0


@pytest.mark.xfail(strict=True, reason="disagreement 3: a cap around a part mixes scales")
def test_3_a_cap_around_a_converted_part_counts_converted_points() -> None:
    """``CapAt(Rescaled(...))``: 扣完为止 at the part's 30 points.

    Inside, 5 × 10 = 50 of the sub-sheet's 100 points are lost: raw 50, converted
    50 × 30% = 15, a loss of 15 within the cap of 30, so nothing is absorbed and the
    total is 70 + 15 = 85. The engine holds the raw-scale 50 to the converted-scale
    limit 30 (absorbing 20), so the part scores 70 × 30% = 21 and the total 91.
    The docs do not say on which scale such a cap counts; construction accepts it.
    """
    book = Rulebook("repro", "示例", points="100", children=(
        _plain("70"),
        CapAt(Rescaled("p", "消防", out_of="100", weight="0.3", children=(
            Item("j", "项", points="100", children=(
                Deduct("e", "问题", rate="10", shape="each"),)),))),
    ))  # fmt: skip
    result = evaluate(book, {"d": 0, "e": 5})
    assert result.total == D(85)
