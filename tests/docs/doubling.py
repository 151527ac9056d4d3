"""A node kind the library has never seen, and a rulebook that uses it, for the renderers' tests."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import attrs

from assessment_rules import CapAt, Fact, Item, Lapse, Rulebook, ScoredLeaf, Section, Veto

__all__ = ["DOUBLING_BOOK", "Doubling"]


@attrs.frozen(repr=False)
class Doubling(ScoredLeaf):
    """A node kind the library has never seen: each lapse costs twice the last."""

    kind = "doubling"
    id: str
    title: str
    text: str = ""
    source: str = ""

    def own_facts(self) -> tuple[Fact, ...]:
        return (Fact(self.id, self.title, kind="count", unit="次"),)

    def measure(self, values: Mapping[str, Any]) -> Lapse | None:
        n = values[self.id]
        return Lapse(n, Decimal(1), Decimal(2**n - 1), actual=n) if n else None

    def describe_lapse(self, lapse: Lapse) -> str:
        return f"{self.title}{lapse.actual}次"

    def criterion(self, *, lowest_grade: str = "不合格") -> str:
        return f"{self.title}的，第1次扣1分，以后每次加倍"

    def example_values(self) -> dict[str, Any]:
        return {self.id: 2}


DOUBLING_BOOK = Rulebook(
    "doubling",
    "示例",
    points="10",
    children=(
        Section(
            "work",
            "日常工作",
            points="10",
            children=(
                CapAt(
                    Item(
                        "report",
                        "信息报送",
                        points="10",
                        children=(Doubling("late", "迟报", source="附件 一(1)"),),
                    )
                ),
            ),
        ),
        Veto("major", "发生较大事故"),
    ),
)
