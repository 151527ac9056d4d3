"""How ``to_next_grade`` reads a unit's tree: capped subtrees once, plain ones walked through.

The figures are worked out by hand beside each test. The re-scoring properties in
``tests/property/test_next_grade_properties.py`` check the model on generated rulebooks.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import pytest

from assessment_rules import (
    CapAt,
    Deduct,
    Evidence,
    GradeBand,
    Item,
    NodeResult,
    Rulebook,
    Section,
    assess,
)
from assessment_rules.cohorts import _next_grade, to_next_grade

D = Decimal


def _book() -> Rulebook:
    """Two plain sections; a capped item in each, and a plain item in the first."""
    first = Section(
        "s1",
        "组织",
        points="10",
        children=(
            CapAt(
                Item(
                    "a",
                    "台账",
                    points="4",
                    children=(Deduct("x", "缺甲", rate="3"), Deduct("y", "缺乙", rate="3")),
                )
            ),
            Item("b", "培训", points="6", children=(Deduct("z", "未培训", rate="1"),)),
        ),
    )
    second = Section(
        "s2",
        "应急",
        points="10",
        children=(
            CapAt(
                Item(
                    "c",
                    "预案",
                    points="2",
                    children=(Deduct("u", "缺丙", rate="2"), Deduct("v", "缺丁", rate="1.5")),
                )
            ),
            Item("d", "演练", points="8", children=(Deduct("w", "未演练", rate="1"),)),
        ),
    )
    return Rulebook(
        "parts",
        "示例",
        points="20",
        grades=(GradeBand("优秀", "18"), GradeBand("合格", "0")),
        children=(first, second),
    )


ALL = {"x": True, "y": True, "z": True, "u": True, "v": True, "w": False}


@pytest.fixture
def fresh_table() -> Iterator[None]:
    _next_grade._READ.clear()
    yield
    _next_grade._READ.clear()


def _walk(node: NodeResult) -> Iterator[NodeResult]:
    yield node
    for child in node.children:
        yield from _walk(child)


class TestCapsInTwoSections:
    def test_each_cap_keeps_its_own_clauses(self, fresh_table: None) -> None:
        """The second section's cap counts its own clauses, not the first section's."""
        book = _book()
        plan = to_next_grade(book, book.evaluate(ALL))
        # Lost min(4, 3 + 3) + 1 + min(2, 2 + 1.5) = 4 + 1 + 2 = 7: total 13, 5 short of 18.
        # Alone: x or y 4 → 3, 1 back; z 1 back; u min(2, 1.5) = 1.5, 0.5 back; v
        # min(2, 2) = 2, nothing back. Two clauses give back at most 4 ({x, y});
        # three: {x, y, z} 4 + 1 = 5 (also {x, y, u} 4.5, {x, y, v} 4): fixing x, y, z.
        assert [(item.path, item.recovers) for item in plan.recoverable] == [
            ("s1.a.x", D("1")),
            ("s1.a.y", D("1")),
            ("s1.b.z", D("1")),
            ("s2.c.u", D("0.5")),
            ("s2.c.v", D("0")),
        ]
        assert (plan.target, plan.points_needed, plan.clauses, plan.recovered) == (
            "优秀",
            D("5"),
            ("s1.a.x", "s1.a.y", "s1.b.z"),
            D("5"),
        )


class TestTheTable:
    def test_only_capped_subtrees_are_kept(self, fresh_table: None) -> None:
        """The table keeps capped subtrees only: roots and plain sections are new in
        every unit, so keeping them would only fill it."""
        book = _book()
        cohort = assess(
            book,
            [Evidence("u1", ALL, "甲"), Evidence("u2", {**ALL, "z": False}, "乙")],
        )
        for ranked in cohort.units:
            to_next_grade(book, ranked.result, grade=ranked.grade)
        kept = [entry[0] for entry in _next_grade._READ.values()]
        # The capped items a and c of both units: the evaluator shares equal subtrees,
        # and a and c lapsed alike in both units, so there are two entries, not four.
        assert sorted(node.path for node in kept) == ["s1.a", "s2.c"]
        assert all(node.cap is not None for node in kept)
        shared = {
            id(node)
            for ranked in cohort.units
            for node in _walk(ranked.result.root)
            if node.path in ("s1.a", "s2.c")
        }
        assert len(shared) == 2
