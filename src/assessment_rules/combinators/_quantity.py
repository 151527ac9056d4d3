"""``QuantityDeduct``: points per unit of a decimal quantity (每超1人扣4分, 每迟报1小时扣3分)."""

from __future__ import annotations

import math
from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any, ClassVar, Final, Literal

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
    to_decimal,
    to_points,
)
from ..engine._numbers import ZERO, divide_rounded, fmt
from ..engine._reasons import counted_text
from ..engine._repr import code_repr
from ..engine._results import LedgerEntry
from ._criteria import fact_argument

__all__ = ["PARTIAL_UNITS", "QuantityDeduct"]

PartialUnit = Literal["drop", "round_up", "proportional"]
PARTIAL_UNITS: Final[tuple[PartialUnit, ...]] = ("drop", "round_up", "proportional")
"""How a partial unit of the quantity counts: ``drop`` (only whole units: 不足1小时的不扣),
``round_up`` (any started unit counts whole: 不足1小时按1小时计) or ``proportional``
(按比例: 0.5 hours cost half the rate)."""

# The sheet's wording of each rule for a partial unit, with {per} for "1小时".
_PARTIAL_TEXT: Final = {
    "drop": "不足{per}的部分不扣分",
    "round_up": "不足{per}的按{per}计",
    "proportional": "不足{per}的按比例扣分",
}


def _to_rate(value: object) -> Decimal:
    rate = to_points(value)
    if rate <= 0:
        raise RulebookError("", "", value, "must be > 0")
    return rate


def _to_per(value: object) -> Decimal:
    per = to_decimal(value)
    if per <= 0:
        raise RulebookError("", "", value, "must be > 0")
    return per


def _to_allowed(value: object) -> Decimal:
    return to_points(value)


@friendly_arguments
@attrs.frozen(repr=False, field_transformer=named_converters)
class QuantityDeduct(ScoredLeaf):
    """Lose ``rate`` points per ``per`` units of a decimal quantity above ``allowed``.

    每超1人扣4分 (deaths above the control figure), 每上升1个百分点扣2分, 每迟报1小时
    扣3分: the fact is a decimal quantity (an ``amount``); what lies above ``allowed``
    is divided into units of ``per``, and the rulebook declares how a partial unit
    counts (``partial``, one of :data:`PARTIAL_UNITS`; there is no default, since the
    sheets differ). The reason quotes the quantity and, when a partial unit was
    dropped or rounded up, how it counted.

    Args:
        id: Stable ASCII id.
        title: Chinese wording of the quantity's lapse, e.g. ``"迟报"``,
            ``"死亡人数"``.
        rate: Points per unit.
        unit: The quantity's unit as the sheet writes it (人, 个百分点, 小时).
        partial: ``drop``, ``round_up`` or ``proportional`` (required: leaving it out,
            or any other required argument, is a ``RulebookError`` naming the field).
        per: The size of one unit (``"1"``; ``"0.5"`` for 每0.5个百分点).
        allowed: The quantity that costs nothing (控制数); only the excess counts.
        places: Decimal places a ``proportional`` amount is rounded to (half up); by
            default it is kept exact, which needs ``per`` to be 1.
        fact: The amount fact read; by default one named after ``id``.
        starred: ★: escapes every ``CapAt``.
        default: Value used when evidence omits the fact (declared, never invented).
        text: The clause as printed.
        source: Where the clause comes from.

    >>> late = QuantityDeduct("late_hours", "迟报", rate="3", unit="小时", partial="round_up")
    >>> lapse = late.measure({"late_hours": Decimal("2.5")})
    >>> late.reason(lapse, lapse.raw)
    '迟报2.5小时（不足1小时的按1小时计，计3小时），扣9分'
    >>> QuantityDeduct("late_hours", "迟报", rate="3", unit="小时")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    assessment_rules.engine._errors.RulebookError: late_hours: partial=None must be given ...
    """

    kind: ClassVar[str] = "quantity_deduct"
    pure: ClassVar[bool] = True

    id: str = attrs.field(validator=check_id)
    title: str = attrs.field(validator=check_title)
    rate: Decimal = attrs.field(converter=_to_rate)
    unit: str = attrs.field(validator=check_title)
    partial: PartialUnit = attrs.field()
    per: Decimal = attrs.field(default=Decimal(1), converter=_to_per)
    allowed: Decimal = attrs.field(default=ZERO, converter=_to_allowed)
    places: int | None = None
    fact: Fact = attrs.field(default=None)
    starred: bool = False
    default: Any = None
    text: str = ""
    source: str = ""

    def __attrs_post_init__(self) -> None:
        if self.partial not in PARTIAL_UNITS:
            raise RulebookError(
                self.id,
                "partial",
                self.partial,
                f"must be one of {', '.join(PARTIAL_UNITS)} {got(self.partial)}",
            )
        if self.places is not None and (
            not isinstance(self.places, int)
            or isinstance(self.places, bool)
            or not 0 <= self.places <= 6
        ):
            raise RulebookError(
                self.id,
                "places",
                self.places,
                f"must be a whole number from 0 to 6 {got(self.places)}",
            )
        if self.places is not None and self.partial != "proportional":
            raise RulebookError(
                self.id, "places", self.places, "is only for partial='proportional'"
            )
        if self.partial == "proportional" and self.per != 1 and self.places is None:
            raise RulebookError(
                self.id,
                "places",
                None,
                "must be given for partial='proportional' when per is not 1 "
                "(rate × excess ÷ per may not be a finite decimal)",
            )
        fact = self.fact
        if fact is None or isinstance(fact, str):
            fact = self._auto(fact)
        if not isinstance(fact, Fact) or fact.kind != "amount":
            raise RulebookError(
                self.id, "fact", self.fact, f"must be an amount fact {got(self.fact)}"
            )
        object.__setattr__(self, "fact", fact)

    def _auto(self, name: str | None) -> Fact:
        return Fact(
            name or self.id, self.title, kind="amount", default=self.default, unit=self.unit
        )

    def __repr__(self) -> str:
        text = code_repr(self, skip=("fact",), positional=3)
        if self.fact == self._auto(None):
            return text
        name = self.fact.name
        extra = f"fact={name!r}" if self.fact == self._auto(name) else f"fact={self.fact!r}"
        return f"{text[:-1]}, {extra})"

    @property
    def per_text(self) -> str:
        """One unit in words: ``1小时``, ``0.5个百分点``."""
        return f"{fmt(self.per)}{self.unit}"

    def units_for(self, excess: Decimal) -> Decimal:
        """How many whole units *excess* counts as, by a ``drop`` or ``round_up`` rule.

        >>> q = QuantityDeduct("x", "迟报", "3", unit="小时", partial="drop")
        >>> q.units_for(Decimal("2.5"))
        Decimal('2')
        """
        exact = Fraction(excess) / Fraction(self.per)
        if self.partial == "round_up":
            return Decimal(math.ceil(exact))
        return Decimal(math.floor(exact))

    def amount_for(self, excess: Decimal) -> Decimal:
        """The points *excess* costs (before any cap).

        >>> QuantityDeduct("x", "迟报", "3", unit="小时", partial="proportional").amount_for(
        ...     Decimal("2.5"))
        Decimal('7.5')
        """
        if self.partial != "proportional":
            return self.rate * self.units_for(excess)
        if self.places is not None:
            return divide_rounded(self.rate * excess, self.per, self.places)
        return self.rate * excess  # per is 1 (checked at construction): exact

    def own_facts(self) -> tuple[Fact, ...]:
        return (self.fact,)

    def measure(self, values: Mapping[str, Any]) -> Lapse | None:
        value: Decimal = values[self.fact.name]
        excess = value - self.allowed
        if excess <= 0:
            return None
        raw = self.amount_for(excess)
        if raw <= 0:
            return None  # less than one unit, and partial units are dropped
        # A proportional entry's occurrences is the excess itself; others count units.
        units = excess if self.partial == "proportional" else self.units_for(excess)
        return Lapse(units, self.rate, raw, actual=value)

    def _excess_text(self, value: Decimal) -> str:
        if self.allowed:
            excess = value - self.allowed
            return (
                f"{self.title}{fmt(value)}{self.unit}（控制数{fmt(self.allowed)}{self.unit}），"
                f"超{fmt(excess)}{self.unit}"
            )
        return f"{self.title}{fmt(value)}{self.unit}"

    def describe_lapse(self, lapse: Lapse) -> str:
        value: Decimal = lapse.actual
        text = self._excess_text(value)
        if self.partial == "proportional":
            return text
        counted = Decimal(lapse.occurrences) * self.per
        if counted == value - self.allowed:
            return text  # whole units: nothing to say about a partial one
        rule = _PARTIAL_TEXT[self.partial].format(per=self.per_text)
        return f"{text}（{rule}，计{fmt(counted)}{self.unit}）"

    def limits(self) -> Limits:
        top = self.fact.maximum
        most = None if top is None else self.amount_for(max(top - self.allowed, ZERO))
        return Limits(most, step=None if self.partial == "proportional" else self.rate)

    def criterion(self, *, lowest_grade: str = "不合格") -> str:
        """The rule in words.

        >>> QuantityDeduct("rise", "事故起数同比上升", "2", unit="个百分点",
        ...                partial="drop").criterion()
        '事故起数同比上升的，每1个百分点扣2分，不足1个百分点的部分不扣分'
        >>> QuantityDeduct("deaths", "死亡人数", "4", unit="人", partial="round_up",
        ...                allowed="2").criterion()
        '死亡人数超过2人的，每超1人扣4分，不足1人的按1人计'
        """
        rate = fmt(self.rate)
        if self.allowed:
            text = (
                f"{self.title}超过{fmt(self.allowed)}{self.unit}的，每超{self.per_text}扣{rate}分"
            )
        else:
            text = f"{self.title}的，每{self.per_text}扣{rate}分"
        # The quantity is a decimal, so the rule for a partial unit is always stated.
        text += "，" + _PARTIAL_TEXT[self.partial].format(per=self.per_text)
        if self.places is not None:
            text += f"（四舍五入保留{self.places}位小数）"
        if self.starred:
            text += "（★：累计扣分可超出本项分值）"
        return text

    def explain(self, entry: LedgerEntry) -> str:
        """``3小时 × 3分 = 9分``: the units counted times the rate, then what counted."""
        units = fmt(entry.occurrences)
        if self.partial == "proportional" and self.per != 1:
            shown = f"{units}{self.unit} ÷ {self.per_text} × {fmt(self.rate)}分"
        elif self.per == 1 or self.partial == "proportional":
            shown = f"{units}{self.unit} × {fmt(self.rate)}分"
        else:
            shown = f"{units}个{self.per_text} × {fmt(self.rate)}分"
        text = f"{shown} = {fmt(entry.raw)}分"
        return text + counted_text(entry.counted, entry.absorbed)

    def argument_text(self, name: str, value: Any, *, lowest_grade: str = "不合格") -> str:
        """``partial`` reads as the sheet says it (不足1小时的按1小时计), the rest as usual.

        >>> late = QuantityDeduct("late", "迟报", rate="3", unit="小时", partial="round_up")
        >>> late.argument_label("partial"), late.argument_text("partial", "drop")
        ('不足1个计量单位时', '不足1小时的部分不扣分')
        """
        if name == "partial" and value in _PARTIAL_TEXT:
            return _PARTIAL_TEXT[value].format(per=self.per_text)
        return super().argument_text(name, value, lowest_grade=lowest_grade)

    def edit_arguments(self) -> dict[str, Any]:
        arguments = super().edit_arguments()
        arguments["fact"] = fact_argument(self.fact, self._auto)
        return arguments

    def example_values(self) -> dict[str, Any]:
        """One and a half units above ``allowed``: shows how the partial unit counts."""
        if self.fact.default is not None:
            return {self.fact.name: self.fact.default}
        return {self.fact.name: self.allowed + self.per * Decimal("1.5")}
