"""``EscalatingDeduct``: each further occurrence costs more (第1次扣5分、第2次扣6分……)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any, ClassVar, Final

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

__all__ = ["EscalatingDeduct"]

# A reason or an explanation spells out at most this many amounts of the series;
# a longer one shows its first and last ones around "…".
_SHOWN: Final = 8


def _to_amounts(value: object) -> tuple[Decimal, ...]:
    texts = (value,) if isinstance(value, str | int | Decimal) else value
    try:
        amounts = tuple(to_points(text) for text in texts)  # type: ignore[attr-defined]
    except TypeError:
        raise RulebookError("", "", value, "must be a tuple of points such as ('5', '6')") from None
    if not amounts:
        raise RulebookError("", "", value, "must list at least one amount")
    if any(amount <= 0 for amount in amounts):
        raise RulebookError("", "", value, "must all be > 0")
    return amounts


def _optional_step(value: object) -> Decimal | None:
    return None if value is None else to_points(value)


def series_text(amounts: tuple[Decimal, ...], count: int | None = None) -> str:
    """The amounts of a series joined with ``+``; a long one shortened around ``…``.

    Args:
        amounts: The amounts shown: all of them, or the first 3 and the last 2.
        count: How many occurrences the series has (by default ``len(amounts)``);
            when larger than the amounts shown, ``…`` stands for those left out.

    >>> series_text((Decimal(5), Decimal(6), Decimal(7)))
    '5+6+7'
    >>> series_text((Decimal(1), Decimal(2), Decimal(3), Decimal(19), Decimal(20)), 20)
    '1+2+3+…+19+20'
    """
    shown = [fmt(amount) for amount in amounts]
    if count is not None and count > len(shown):
        shown = [*shown[:3], "…", *shown[3:]]
    return "+".join(shown)


@friendly_arguments
@attrs.frozen(repr=False, field_transformer=named_converters)
class EscalatingDeduct(ScoredLeaf):
    """Lose more for each further occurrence: 第1次扣5分、第2次扣6分……以此类推.

    The k-th occurrence costs ``amounts[k-1]``; past the listed amounts, each further
    occurrence costs the last amount plus ``step`` more than the one before
    (以此类推), or, without ``step``, the last amount again (第3次及以上每次扣5分).
    The ledger entry's ``occurrences`` is the count, its ``raw`` the sum of the series
    and its ``rate`` what the last counted occurrence cost; the reason and ``explain``
    show the series itself (5+6+7), not "n × rate".

    Args:
        id: Stable ASCII id (a dotted-path segment).
        title: Short Chinese wording of the lapse, e.g. ``"发生森林火灾"``.
        amounts: The points of the first, second… occurrence (``("2", "3", "5")``).
        step: How much more each occurrence past the listed ones costs than the one
            before (``"1"`` for 以此类推 from 5, 6); ``None`` repeats the last amount.
        fact: The count fact read; by default a count named after ``id``.
        starred: ★: escapes every ``CapAt`` and draws on the total.
        unit: Counter word (次, 起, 家).
        default: Value used when evidence omits the fact (declared, never invented).
        text: The clause as printed (考核标准).
        source: Where the clause comes from.

    >>> fires = EscalatingDeduct("fires", "发生森林火灾", ("5",), step="1", unit="起")
    >>> lapse = fires.measure({"fires": 3})
    >>> fires.reason(lapse, lapse.raw)
    '发生森林火灾3起（5+6+7），扣18分'
    >>> fires.criterion()
    '发生森林火灾的，第1起扣5分，此后每起比上一起多扣1分（以此类推）'
    """

    kind: ClassVar[str] = "escalating_deduct"
    pure: ClassVar[bool] = True

    id: str = attrs.field(validator=check_id)
    title: str = attrs.field(validator=check_title)
    amounts: tuple[Decimal, ...] = attrs.field(converter=_to_amounts)
    step: Decimal | None = attrs.field(default=None, converter=_optional_step)
    fact: Fact = attrs.field(default=None)
    starred: bool = False
    unit: str = "次"
    default: Any = None
    text: str = ""
    source: str = ""

    def __attrs_post_init__(self) -> None:
        fact = self.fact
        if fact is None or isinstance(fact, str):
            fact = self._auto(fact)
        if not isinstance(fact, Fact) or fact.kind != "count":
            raise RulebookError(
                self.id, "fact", self.fact, f"must be a count fact {got(self.fact)}"
            )
        object.__setattr__(self, "fact", fact)

    def _auto(self, name: str | None) -> Fact:
        return Fact(name or self.id, self.title, kind="count", default=self.default, unit=self.unit)

    def __repr__(self) -> str:
        return repr_with_fact(self, self.fact, self._auto)

    def amount_of(self, occurrence: int) -> Decimal:
        """The points the *occurrence*-th occurrence (from 1) costs.

        >>> EscalatingDeduct("x", "迟报", ("2", "3", "5")).amount_of(7)
        Decimal('5')
        """
        listed = len(self.amounts)
        if occurrence <= listed:
            return self.amounts[occurrence - 1]
        if self.step is None:
            return self.amounts[-1]
        return self.amounts[-1] + self.step * (occurrence - listed)

    def series(self, count: int) -> tuple[Decimal, ...]:
        """The amounts of the first *count* occurrences, in order."""
        return tuple(self.amount_of(k) for k in range(1, count + 1))

    def total_for(self, count: int) -> Decimal:
        """What *count* occurrences cost together (0 for none), in closed form.

        >>> EscalatingDeduct("x", "火灾", ("5",), step="1").total_for(3)
        Decimal('18')
        """
        listed = len(self.amounts)
        head = sum(self.amounts[: min(count, listed)], ZERO)
        extra = count - listed
        if extra <= 0:
            return head
        step = self.step or ZERO
        # Occurrences past the list: last + step, last + 2·step, … last + extra·step.
        return head + self.amounts[-1] * extra + step * extra * (extra + 1) / 2

    def own_facts(self) -> tuple[Fact, ...]:
        return (self.fact,)

    def measure(self, values: Mapping[str, Any]) -> Lapse | None:
        count: int = values[self.fact.name]
        if not count:
            return None
        return Lapse(count, self.amount_of(count), self.total_for(count), actual=count)

    def describe_lapse(self, lapse: Lapse) -> str:
        count = int(lapse.occurrences)
        if count == 1:
            return f"{self.title}1{self.unit}"  # one amount: no series to show
        shown = series_text(self.series_head(count), count)
        return f"{self.title}{count}{self.unit}（{shown}）"

    def series_head(self, count: int) -> tuple[Decimal, ...]:
        """The amounts a reason shows: all of them, or the first 3 and last 2 of a long series."""
        if count <= _SHOWN:
            return self.series(count)
        return (*self.series(3), self.amount_of(count - 1), self.amount_of(count))

    def limits(self) -> Limits:
        most = self.fact.maximum
        cap = None if most is None else self.total_for(int(most))
        uniform = self.step in (None, ZERO) and len(set(self.amounts)) == 1
        return Limits(cap, step=self.amounts[0] if uniform else None)

    def criterion(self, *, lowest_grade: str = "不合格") -> str:
        """The series in words.

        >>> EscalatingDeduct("x", "迟报", ("2", "3", "5")).criterion()
        '迟报的，第1次扣2分、第2次扣3分、第3次及以上每次扣5分'
        """
        u = self.unit
        listed = len(self.amounts)
        parts = [f"第{k}{u}扣{fmt(a)}分" for k, a in enumerate(self.amounts[:-1], 1)]
        last = fmt(self.amounts[-1])
        if self.step:
            parts.append(f"第{listed}{u}扣{last}分")
            text = "、".join(parts) + f"，此后每{u}比上一{u}多扣{fmt(self.step)}分（以此类推）"
        elif listed == 1:
            text = f"每{u}扣{last}分"
        else:
            text = "、".join([*parts, f"第{listed}{u}及以上每{u}扣{last}分"])
        text = f"{self.title}的，{text}"
        if self.starred:
            text += "（★：累计扣分可超出本项分值）"
        return text

    def explain(self, entry: LedgerEntry) -> str:
        """``5+6+7 = 18分，计入18分``: the series, then what counted."""
        count = int(entry.occurrences)
        shown = series_text(self.series_head(count), count)
        text = f"{shown} = {fmt(entry.raw)}分"
        return text + counted_text(entry.counted, entry.absorbed)

    def edit_arguments(self) -> dict[str, Any]:
        arguments = super().edit_arguments()
        arguments["fact"] = fact_argument(self.fact, self._auto)
        return arguments

    def example_values(self) -> dict[str, Any]:
        """Two occurrences: enough to show the second costs more than the first."""
        if self.fact.default is not None:
            return {self.fact.name: self.fact.default}
        return {self.fact.name: 2}
