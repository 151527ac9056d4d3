"""Where the engine and the reference scorer (reference.py) disagreed, one minimal rulebook each.

Found by the shape generators of ``shape_strategies.py``, which kept these cases out
while ``KNOWN_DISAGREEMENTS`` was False. The engine now agrees (1 and 2) or refuses the
rulebook (3); the generators cover 1 and 2 again, and each test states what the docs
say, with the figures worked by hand.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from assessment_rules import CapAt, Deduct, Item, Rulebook, RulebookError, Section, evaluate
from assessment_rules.combinators import Rescaled

from .reference import reference_score
from .test_reference import _reaches_shape

D = Decimal


def _plain(points: str, rate: str = "10") -> Section:
    return Section("a", "甲", points=points, children=(
        Item("i", "项", points=points, children=(
            Deduct("d", "问题", rate=rate, shape="each"),)),))  # fmt: skip


def test_1_a_part_whose_full_score_rounds_counts_as_it_scores() -> None:
    """A part out of 2 weighted 1.2, kept to 0 places, scores round(2 × 1.2) = 2 of 2.4.

    The docs (parts.md: "上层节点合计的是折算后的数") add up the converted figures:
    10 + 2 = 12, with the part's 0.4 lost (2.4 − 2) and no ledger entry, with or without
    lapses elsewhere (the engine once added only children with ledger entries: 12.4).
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
    assert (result.total, result.root.lost) == (D(12), D("0.4"))
    # 1 lapse of 10 in the plain section: 0 + 2 = 2, the part's 0.4 still counted.
    lapsed = evaluate(book, {"d": 1, "e": False})
    assert (lapsed.total, lapsed.root.lost) == (D(2), D("10.4"))


def test_2_the_floor_holds_with_a_part_that_loses_more_than_its_points() -> None:
    """``Rulebook.floor``: "the total before bonus stops at 0 (even ★ deductions stop there)".

    The fire part (out of 100, weighted 30%) has an item without 扣完为止 losing
    10 × 50 = 500: raw score 100 − 500 = −400, converted −120, a loss of 150 against
    100 points, so the base was 100 − 150 = −50. With the floor a converted part is a
    sheet of its own that stops at 0 on its own scale (parts.md): the entry counts 100,
    400 absorbed at the part, which scores 0 of 30; the total is 70 + 0 = 70.
    """
    book = Rulebook("repro", "示例", points="100", children=(
        _plain("70"),
        Rescaled("p", "消防", out_of="100", weight="0.3", children=(
            Item("j", "项", points="100", children=(
                Deduct("e", "问题", rate="50", shape="each"),)),)),
    ))  # fmt: skip
    values = {"d": 0, "e": 10}
    result = evaluate(book, values)
    part = result.find("p")
    assert (part.raw_score, part.score, part.absorbed) == (D(0), D(0), D(400))
    (entry,) = result.entries
    assert (entry.raw, entry.counted, entry.absorbed) == (D(500), D(100), D(400))
    assert (result.base, result.total) == (D(70), D(70))
    assert reference_score(book, values).total == D(70)
    # The plain section losing 10 × 10 = 100 as well: the part's 30 count first, the
    # section's entry stops at 100 − 30 = 70 (30 absorbed at the root); the base is 0.
    both = evaluate(book, {"d": 10, "e": 10})
    assert (both.base, both.root.absorbed, both.find("p").absorbed) == (D(0), D(30), D(400))


def test_3_a_cap_around_a_converted_part_is_refused() -> None:
    """``CapAt(Rescaled(...))`` would hold raw deductions to a converted limit.

    Inside, 5 × 10 = 50 of the sub-sheet's 100 points would be lost: on the docs'
    arithmetic, raw 50, converted 15 within the cap of 30 (total 85); the engine held
    the raw 50 to the converted 30 (total 91). Construction now refuses the cap and
    says to put it inside the part, on the sub-sheet's scale (parts.md).
    """
    part = Rescaled("p", "消防", out_of="100", weight="0.3", children=(
        Item("j", "项", points="100", children=(
            Deduct("e", "问题", rate="10", shape="each"),)),))  # fmt: skip
    with pytest.raises(RulebookError, match="must not hold a converted part") as caught:
        CapAt(part)
    assert (caught.value.path, caught.value.field) == ("p", "node")
    assert "put the CapAt inside the part" in str(caught.value)
    with pytest.raises(RulebookError, match="must not hold a converted part"):
        CapAt(Section("s", "部分", points="30", children=(part,)))
    # Inside the part, on its own scale, the cap is what the author means: 50 ≤ 100.
    book = Rulebook("repro", "示例", points="100", children=(
        _plain("70"),
        Rescaled("p", "消防", out_of="100", weight="0.3", children=(
            CapAt(Item("j", "项", points="100", children=(
                Deduct("e", "问题", rate="10", shape="each"),))),)),
    ))  # fmt: skip
    assert evaluate(book, {"d": 0, "e": 5}).total == D(85)  # 70 + (100 − 50) × 30%


class TestTheGeneratorsCoverThem:
    """With ``KNOWN_DISAGREEMENTS`` on, the shape generators reach cases 1 and 2 again."""

    def test_they_reach_a_part_whose_full_score_rounds(self) -> None:
        """Some generated part converts its full raw score to less than its points."""
        book, _ = _reaches_shape(
            lambda case: any(
                isinstance(node, Rescaled) and node.convert(node.out_of) != node.max_points
                for _, node in case[0].walk()
            )
        )
        assert any(isinstance(node, Rescaled) for _, node in book.walk())

    def test_they_reach_a_part_stopped_by_the_floor(self) -> None:
        """Some generated unit has a converted part that its own floor cut."""

        def floored(case: tuple[Rulebook, dict[str, object]]) -> bool:
            book, values = case
            if not book.floor:
                return False
            result = evaluate(book, values)
            return any(n.absorbed for n in result.root.walk() if n.raw_max is not None)

        book, values = _reaches_shape(floored)
        assert evaluate(book, values).base >= 0
