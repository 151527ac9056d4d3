"""A small rulebook shared by the tests of deriving, diffing, re-scoring and linting,
and two node kinds the yearly tools have never seen."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any, ClassVar

import attrs

from assessment_rules import (
    AwardLevel,
    Bonus,
    CapAt,
    Deduct,
    Fact,
    GradeBand,
    Item,
    Judgment,
    Lapse,
    Limits,
    Rulebook,
    ScoredLeaf,
    Section,
    Veto,
)

__all__ = ["Doubling", "TieredBonus", "tiny", "with_user_nodes"]


@attrs.frozen(repr=False)
class Doubling(ScoredLeaf):
    """迟报的，第1次扣1分，此后每次加倍，最多计 ``most`` 次.

    Its fact is derived from its title unless given, like ``Deduct``'s, and its
    :meth:`edit_arguments` says so; ``step`` gives it a per-occurrence step for lint.
    """

    kind: ClassVar[str] = "doubling"
    id: str
    title: str
    most: int = 3
    fact: Fact = attrs.field(default=None)
    step: Decimal | None = None
    source: str = "s"

    def __attrs_post_init__(self) -> None:
        if self.fact is None:
            object.__setattr__(self, "fact", self._own_fact())

    def _own_fact(self) -> Fact:
        return Fact(self.id, self.title, kind="count", maximum=self.most, default=0, unit="次")

    def own_facts(self) -> tuple[Fact, ...]:
        return (self.fact,)

    def measure(self, values: Mapping[str, Any]) -> Lapse | None:
        n = values[self.fact.name]
        return Lapse(n, Decimal(1), Decimal(2**n - 1), actual=n) if n else None

    def describe_lapse(self, lapse: Lapse) -> str:
        return f"{self.title}{lapse.actual}次"

    def criterion(self, *, lowest_grade: str = "不合格") -> str:
        return f"{self.title}的，第1次扣1分，此后每次加倍，最多计{self.most}次"

    def limits(self) -> Limits:
        # Three lapses take at most 1 + 2 + 4 = 7.
        return Limits(Decimal(2**self.most - 1), step=self.step)

    def edit_arguments(self) -> dict[str, Any]:
        arguments = super().edit_arguments()
        if self.fact == self._own_fact():
            arguments["fact"] = None  # derived: a new title or ``most`` re-derives it
        return arguments


@attrs.frozen(repr=False)
class TieredBonus(Bonus):
    """A city's bonus by commendation level with a note under the sheet: a ``Bonus``
    subclass, which the yearly tools must treat as a bonus."""

    kind: ClassVar[str] = "tiered_bonus"
    note: str = ""


def with_user_nodes() -> Rulebook:
    """``tiny()`` with its 检查 clause a :class:`Doubling` and its bonus a :class:`TieredBonus`."""
    book = tiny()
    work = Section(
        "work",
        "重点工作",
        points="10",
        source="二",
        children=(
            CapAt(
                Item(
                    "checks",
                    "检查",
                    points="10",
                    source="二（1）",
                    children=(Doubling("late", "迟报"),),
                )
            ),
        ),
    )
    awards = TieredBonus(
        "awards",
        "表彰加分",
        levels=(AwardLevel("city", "市级表彰", cap="2"),),
        cap="3",
        source="注4",
        note="以表彰文件为准",
    )
    org, _, major, _ = book.children
    return attrs.evolve(book, children=(org, work, major, awards))


def tiny() -> Rulebook:
    """A 20-point sheet small enough to score by hand."""
    return Rulebook(
        "tiny-2021",
        "示例细则",
        points="20",
        document="示例文件",
        year=2021,
        # 90 / 80 / 60 % of the 20 points.
        grades=(
            GradeBand("优秀", "18"),
            GradeBand("良好", "16"),
            GradeBand("合格", "12"),
            GradeBand("不合格", "0"),
        ),
        children=(
            Section(
                "org",
                "组织领导",
                points="10",
                source="一",
                children=(
                    CapAt(
                        Item(
                            "plan",
                            "年度计划",
                            points="4",
                            source="一（1）",
                            children=(
                                Deduct(
                                    "no_plan",
                                    "未制定年度计划",
                                    rate="2",
                                    default=False,
                                    source="一（1）1",
                                ),
                                Deduct(
                                    "meetings",
                                    "召开会议",
                                    rate="1",
                                    shape="shortfall",
                                    required=4,
                                    source="一（1）2",
                                ),
                            ),
                        )
                    ),
                    Item(
                        "duty",
                        "履职",
                        points="6",
                        source="一（2）",
                        children=(
                            Judgment("duty_score", "履职评分", points="6", source="一（2）"),
                        ),
                    ),
                ),
            ),
            Section(
                "work",
                "重点工作",
                points="10",
                source="二",
                children=(
                    CapAt(
                        Item(
                            "checks",
                            "检查",
                            points="10",
                            source="二（1）",
                            children=(
                                Deduct(
                                    "missing_records",
                                    "缺少台账",
                                    rate="1",
                                    shape="each",
                                    default=0,
                                    source="二（1）1",
                                ),
                            ),
                        )
                    ),
                ),
            ),
            Veto("major", "发生较大事故", source="注3"),
            Bonus(
                "awards",
                "表彰加分",
                levels=(AwardLevel("city", "市级表彰", cap="2"),),
                cap="3",
                source="注4",
            ),
        ),
    )
