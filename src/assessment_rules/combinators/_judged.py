"""``JudgedDeduct``: the assessor enters the points lost within a stated range (酌情扣1–5分)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any, ClassVar

import attrs

from ..engine._arguments import friendly_arguments
from ..engine._errors import RulebookError
from ..engine._facts import Fact
from ..engine._node import (
    Lapse,
    Limits,
    ScoredLeaf,
    check_id,
    check_title,
    got,
    named_converters,
    to_points,
)
from ..engine._numbers import ZERO, fmt
from ..engine._reasons import counted_text
from ..engine._repr import repr_with_fact
from ..engine._results import LedgerEntry
from ._criteria import fact_argument

__all__ = ["JudgedDeduct"]


@friendly_arguments
@attrs.frozen(repr=False, field_transformer=named_converters)
class JudgedDeduct(ScoredLeaf):
    """酌情扣分: the assessor enters the points lost, 0 or within ``low``–``high``.

    The fact holds the points the assessor deducts: ``0`` when the lapse is not found,
    else a number from ``low`` to ``high``. Anything else (above ``high``, or between
    0 and ``low``) is an evidence error naming the fact and the range, listed with
    every other problem of the unit. Like every deduction it is stopped by the
    ``CapAt`` around its item (扣完为止); lint reports an uncapped item the judgment
    could take below zero. Unlike :class:`~assessment_rules.combinators.Judgment`
    (the assessor gives the *score*), here the assessor gives the *deduction*.

    Args:
        id: Stable ASCII id.
        title: Chinese wording of the lapse, e.g. ``"报送材料不规范"``.
        low: The least a deduction may be when one is made (酌情扣 **1**–5分).
        high: The most it may be (酌情扣1–**5**分).
        fact: The score fact read; by default one named after ``id`` (0 to ``high``).
        starred: ★: escapes every ``CapAt``.
        default: Value used when evidence omits the fact (``"0"``: not found unless
            entered), declared by the rulebook, never invented.
        text: The clause as printed.
        source: Where the clause comes from.

    >>> late = JudgedDeduct("late_report", "自查报告逾期报送", low="1", high="5")
    >>> lapse = late.measure({"late_report": Decimal("3")})
    >>> late.reason(lapse, lapse.raw)
    '自查报告逾期报送（酌情扣1–5分），扣3分'
    >>> late.cross_check({"late_report": Decimal("0.5")})[0][2]
    'must be a number from 0 to 5 (未发现填0；发现的，在1–5分内填写扣分)'
    """

    kind: ClassVar[str] = "judged_deduct"
    pure: ClassVar[bool] = True

    id: str = attrs.field(validator=check_id)
    title: str = attrs.field(validator=check_title)
    low: Decimal = attrs.field(converter=to_points)
    high: Decimal = attrs.field(converter=to_points)
    fact: Fact = attrs.field(default=None)
    starred: bool = False
    default: Any = None
    text: str = ""
    source: str = ""

    def __attrs_post_init__(self) -> None:
        if self.high <= 0:
            raise RulebookError(self.id, "high", fmt(self.high), "must be > 0")
        if self.low > self.high:
            raise RulebookError(self.id, "low", fmt(self.low), f"must be ≤ high ({fmt(self.high)})")
        fact = self.fact
        if fact is None or isinstance(fact, str):
            fact = self._auto(fact)
        if not isinstance(fact, Fact) or fact.kind != "score":
            raise RulebookError(
                self.id, "fact", self.fact, f"must be a score fact {got(self.fact)}"
            )
        if fact.maximum is None or fact.maximum > self.high:
            raise RulebookError(
                self.id, "fact", fact.name, f"must have maximum ≤ high ({fmt(self.high)})"
            )
        object.__setattr__(self, "fact", fact)

    def _auto(self, name: str | None) -> Fact:
        return Fact(
            name or self.id,
            f"{self.title}（酌情扣分）",
            kind="score",
            maximum=self.high,
            default=self.default,
            unit="分",
            help=f"未发现填0；发现的，在{self.range_text}内填写扣分",
        )

    def __repr__(self) -> str:
        return repr_with_fact(self, self.fact, self._auto)

    @property
    def range_text(self) -> str:
        """The range as the sheet writes it: ``1–5分`` (or ``3分`` when low = high)."""
        if self.low == self.high:
            return f"{fmt(self.high)}分"
        return f"{fmt(self.low)}–{fmt(self.high)}分"

    def own_facts(self) -> tuple[Fact, ...]:
        return (self.fact,)

    def cross_check(self, values: Mapping[str, object]) -> list[tuple[str, object, str]]:
        value = values.get(self.fact.name)
        if isinstance(value, Decimal) and ZERO < value < self.low:
            return [
                (
                    self.fact.name,
                    value,
                    # The fact's own message for a refused value, as for one above high.
                    self.fact.out_of_range(),
                )
            ]
        return []

    def measure(self, values: Mapping[str, Any]) -> Lapse | None:
        lost: Decimal = values[self.fact.name]
        if lost <= 0:
            return None
        return Lapse(1, lost, lost, actual=lost)

    def describe_lapse(self, lapse: Lapse) -> str:
        return f"{self.title}（酌情扣{self.range_text}）"

    def limits(self) -> Limits:
        return Limits(self.high)

    def criterion(self, *, lowest_grade: str = "不合格") -> str:
        """The rule in words.

        >>> JudgedDeduct("x", "自查报告逾期报送", low="1", high="5").criterion()
        '自查报告逾期报送的，酌情扣1–5分'
        """
        text = f"{self.title}的，酌情扣{self.range_text}"
        if self.starred:
            text += "（★：累计扣分可超出本项分值）"
        return text

    def explain(self, entry: LedgerEntry) -> str:
        """``考核人员在1–5分内酌情扣3分，计入3分``."""
        text = f"考核人员在{self.range_text}内酌情扣{fmt(entry.raw)}分"
        return text + counted_text(entry.counted, entry.absorbed)

    def edit_arguments(self) -> dict[str, Any]:
        arguments = super().edit_arguments()
        arguments["fact"] = fact_argument(self.fact, self._auto)
        return arguments

    def example_values(self) -> dict[str, Any]:
        """The least deduction the range allows."""
        if self.fact.default is not None:
            return {self.fact.name: self.fact.default}
        return {self.fact.name: self.low if self.low > 0 else self.high}
