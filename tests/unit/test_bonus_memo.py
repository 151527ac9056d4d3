"""A pure bonus clause is remembered per value of its facts, exactly (issue 16)."""

from __future__ import annotations

from decimal import Decimal

from assessment_rules import Evidence, Item, Rulebook, Section
from assessment_rules.combinators import AwardLevel, Bonus, Deduct
from assessment_rules.engine._evaluate import _BonusPlan


def _book() -> Rulebook:
    return Rulebook(
        "demo",
        "示例",
        points="10",
        children=(
            Section(
                "s",
                "安全",
                points="10",
                children=(
                    Item("i", "检查", points="10", children=(Deduct("late", "迟报", rate="1"),)),
                ),
            ),
            Bonus(
                "awards",
                "表彰加分",
                levels=(
                    AwardLevel("city", "市级表彰", cap="2"),
                    AwardLevel("district", "区级表彰", cap="1"),
                ),
                cap="3",
            ),
        ),
    )


def _bonus_plan(book: Rulebook) -> _BonusPlan:
    (plan,) = book._plan.bonuses
    return plan


def test_the_same_awards_give_the_same_entries_once_built() -> None:
    """Two units with the same awards share the bonus's entries (the second is not rebuilt)."""
    book = _book()
    facts = {"late": False, "awards_city": ["2.5"], "awards_district": ["1"]}
    first = book.evaluate(Evidence("a", facts))
    second = book.evaluate(Evidence("b", facts))
    # 市级 2.5 cut to its cap 2, 区级 1: 3 points, the total cap of 3 not exceeded.
    assert [(e.raw, e.counted) for e in first.gained] == [
        (Decimal("2.5"), Decimal("2")),
        (Decimal("1"), Decimal("1")),
    ]
    assert first.total == Decimal("13")  # 10 + 3
    assert all(a is b for a, b in zip(first.gained, second.gained, strict=True))
    assert len(_bonus_plan(book).memo) == 1


def test_amounts_are_remembered_by_their_text() -> None:
    """1 and 1.0 are equal Decimals but print differently: each keeps its own entry."""
    book = _book()
    one = book.evaluate({"late": False, "awards_district": ["1"]})
    one_point_zero = book.evaluate({"late": False, "awards_district": ["1.0"]})
    assert str(one.gained[0].raw) == "1"
    assert str(one_point_zero.gained[0].raw) == "1.0"
    assert len(_bonus_plan(book).memo) == 2


def test_no_awards_and_unchecked_values_stay_exact() -> None:
    """No award gains nothing; a list (unchecked input) is measured, never remembered."""
    book = _book()
    assert book.evaluate({"late": False}).gained == ()
    values = book.check(Evidence("u", {"late": False, "awards_city": ["1.5"]}))
    unchecked = {**values, "awards_city": [Decimal("1.5")]}
    result = book.evaluate_checked(unchecked, "u", "")
    assert [(e.raw, e.counted) for e in result.gained] == [(Decimal("1.5"), Decimal("1.5"))]
    assert len(_bonus_plan(book).memo) == 1  # the empty awards of the first unit only


def test_a_bonus_that_does_not_declare_itself_pure_is_asked_every_time() -> None:
    """``pure`` is not inherited: a subclass of ``Bonus`` that does not say so again
    (it may read other facts) is not remembered, and still scores the same."""

    class Reread(Bonus):
        pass

    book = Rulebook(
        "demo",
        "示例",
        points="10",
        children=(Reread("awards", "表彰加分", levels=(AwardLevel("city", "市级表彰", cap="2"),)),),
    )
    first = book.evaluate({"awards_city": ["1.5"]})
    second = book.evaluate({"awards_city": ["1.5"]})
    assert first.gained == second.gained
    assert first.gained[0] is not second.gained[0]
    assert _bonus_plan(book).memo == {}
