"""Shapes that change how a part adds up: zero-on-trigger (该项不得分) and converted parts.

- :class:`ZeroIf`: a condition that zeroes the item or section it sits in
  (该项不得分 / 该项考核得零分), whatever its points and its other deductions;
- :class:`ZeroIfLate`: the same for a late submission (未在规定时间内报送不得分),
  against a :class:`Deadline` written in the rulebook, taken from the year's calendar
  when the rulebook is built, or given as a date fact;
- :class:`Rescaled`: a part scored out of N and converted into M points (按30%折算,
  70分制折算); several of them make a weighted total (日常考核40% + 年终考核60%), and
  one around every section is a final rescale to full points (最终得分以满分100分折算).

All three are written on the node protocol: a zeroing clause returns a
``Lapse(zeroes=True)`` and a converted part states ``raw_points`` and ``convert``; the
evaluator does the rest for any node kind that says the same.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from decimal import Decimal, Inexact, localcontext
from fractions import Fraction
from typing import Any, ClassVar

import attrs

from ..engine._arguments import friendly_arguments
from ..engine._errors import RulebookError
from ..engine._facts import Fact
from ..engine._node import (
    Lapse,
    Limits,
    Node,
    ScoredLeaf,
    check_children,
    check_id,
    check_title,
    got,
    named_converters,
    to_children,
    to_points,
)
from ..engine._numbers import ZERO, divide_rounded, fmt
from ..engine._reasons import deduction_text
from ..engine._repr import code_repr, repr_with_fact
from ..engine._results import LedgerEntry
from ._criteria import fact_argument

__all__ = ["Deadline", "Rescaled", "ZeroIf", "ZeroIfLate"]


def _chinese_date(day: _dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _zero_text(base: str, lapse: Lapse, counted: Decimal) -> str:
    """该项不得分 finished with the points it takes (and any outer cap's cut)."""
    return deduction_text(f"{base}，该项不得分", lapse.raw, counted)


def _zero_explain(entry: LedgerEntry) -> str:
    text = f"该项不得分：本项{fmt(entry.raw)}分全部扣除，本项其余扣分列出但不再计入"
    if entry.absorbed:
        text += f"；计入{fmt(entry.counted)}分，{fmt(entry.absorbed)}分被上级上限吸收"
    return text


# ---------------------------------------------------------------------- ZeroIf


def _to_fact_or_none(value: object) -> Fact | str | None:
    if value is None or isinstance(value, Fact | str):
        return value
    raise RulebookError("", "fact", value, "must be a Fact, a fact name or None")


@friendly_arguments
@attrs.frozen(repr=False, field_transformer=named_converters)
class ZeroIf(ScoredLeaf):
    """该项不得分: when the condition holds, the item or section it sits in scores 0.

    The clause goes among the criteria of the node it zeroes. When it holds, its
    ledger entry takes every point of that node, with the reason; the node's other
    deductions (★ ones too) stay in the ledger, absorbed, counting 0, so the assessor
    sees them and the node scores exactly 0 however many there were. A cap
    (``CapAt``) on the node itself does not cut the entry; a cap or the floor further
    out treats it as any deduction.

    Args:
        id: Stable ASCII id.
        title: The condition, e.g. ``"发生森林火灾造成人员死亡"``.
        at_least: ``None`` (the default) for a 是/否 condition; else the count at which
            it holds (a count fact, e.g. ``1`` with ``unit="起"``).
        unit: Counter word of a count condition (起, 人, 次).
        fact: The fact read; by default one named after ``id``.
        text: The clause as printed.
        source: Where the clause comes from.

    >>> z = ZeroIf("fire_death", "发生森林火灾造成人员死亡", at_least=1, unit="起")
    >>> z.criterion()
    '发生森林火灾造成人员死亡的，该项不得分'
    >>> z.measure({"fire_death": 1}).zeroes, z.measure({"fire_death": 0})
    (True, None)
    """

    kind: ClassVar[str] = "zero_if"
    pure: ClassVar[bool] = True

    id: str = attrs.field(validator=check_id)
    title: str = attrs.field(validator=check_title)
    at_least: int | None = None
    unit: str = ""
    fact: Fact = attrs.field(default=None, converter=_to_fact_or_none)
    text: str = ""
    source: str = ""

    def __attrs_post_init__(self) -> None:
        at_least = self.at_least
        if at_least is not None and (
            not isinstance(at_least, int) or isinstance(at_least, bool) or at_least < 1
        ):
            raise RulebookError(
                self.id, "at_least", at_least, f"must be a whole number ≥ 1 or None {got(at_least)}"
            )
        fact = self.fact if isinstance(self.fact, Fact) else self._auto(self.fact)
        wanted = "flag" if at_least is None else "count"
        if fact.kind != wanted:
            raise RulebookError(
                self.id,
                "fact",
                fact.name,
                f"must be a {wanted} fact when at_least={at_least!r} (got {fact.kind})",
            )
        object.__setattr__(self, "fact", fact)

    def _auto(self, name: str | None) -> Fact:
        if self.at_least is None:
            return Fact(name or self.id, self.title, kind="flag")
        return Fact(name or self.id, self.title, kind="count", unit=self.unit)

    def __repr__(self) -> str:
        return repr_with_fact(self, self.fact, self._auto)

    def own_facts(self) -> tuple[Fact, ...]:
        return (self.fact,)

    def measure(self, values: Mapping[str, Any]) -> Lapse | None:
        value = values[self.fact.name]
        held = bool(value) if self.at_least is None else value >= self.at_least
        return Lapse(1, ZERO, ZERO, actual=value, zeroes=True) if held else None

    def describe_lapse(self, lapse: Lapse) -> str:
        if self.at_least is None:
            return self.title
        return f"{self.title}{lapse.actual}{self.unit}"

    def reason(self, lapse: Lapse, counted: Decimal) -> str:
        """``发生森林火灾造成人员死亡1起，该项不得分，扣10分``."""
        return _zero_text(self.describe_lapse(lapse), lapse, counted)

    def limits(self) -> Limits:
        """Nothing beyond the node's own points: a zeroed node scores exactly 0."""
        return Limits(ZERO)

    def criterion(self, *, lowest_grade: str = "不合格") -> str:
        if self.at_least is None or self.at_least == 1:
            condition = self.title
        else:
            condition = f"{self.title}达到{self.at_least}{self.unit}"
        return f"{condition}的，该项不得分"

    def explain(self, entry: LedgerEntry) -> str:
        return _zero_explain(entry)

    def edit_arguments(self) -> dict[str, Any]:
        arguments = super().edit_arguments()
        arguments["fact"] = fact_argument(self.fact, self._auto)
        return arguments

    def example_values(self) -> dict[str, Any]:
        """Not triggered: an example unit keeps its points."""
        fact = self.fact
        if fact.default is not None:
            return {fact.name: fact.default}
        return {fact.name: False if fact.kind == "flag" else 0}


# ------------------------------------------------------------------- deadlines


@friendly_arguments
@attrs.frozen(repr=False)
class Deadline:
    """A submission deadline (inclusive), with where it comes from.

    Write one in the rulebook (``Deadline(datetime.date(2024, 11, 20), "自评报告")``,
    or simply the date or ``"2024-11-20"`` where a deadline is asked for), or take it
    from the year's calendar when the rulebook is built:
    ``Deadline.from_calendar("putuo-2024-assessment", "self_evaluation")``. Either way
    it is a fixed date by the time any unit is scored: the evaluator reads no clock
    and no file.

    Args:
        due: The last day on which a submission is on time.
        label: What the deadline is, in the plan's words.
        calendar: The calendar it was taken from, or ``""``.
        milestone: The calendar's milestone id, or ``""``.

    >>> Deadline.from_calendar("putuo-2024-assessment", "self_evaluation").due
    datetime.date(2024, 11, 20)
    """

    due: _dt.date
    label: str = ""
    calendar: str = ""
    milestone: str = ""

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.due, _dt.date) or isinstance(self.due, _dt.datetime):
            raise RulebookError(
                self.label or "deadline",
                "due",
                self.due,
                f"must be a datetime.date {got(self.due)}",
            )

    @classmethod
    def from_calendar(cls, calendar: str, milestone: str) -> Deadline:
        """The deadline of a calendar's milestone, resolved now (when the rulebook is built).

        Raises:
            RulebookError: No such calendar or milestone (with a close name).
        """
        from ..calendar import load_calendar  # noqa: PLC0415 (its files load only when asked)

        try:
            found = load_calendar(calendar).milestone(milestone)
        except KeyError as error:
            raise RulebookError(calendar, "milestone", milestone, str(error.args[0])) from None
        except Exception as error:  # an unknown calendar: the loader's own words
            raise RulebookError(calendar, "calendar", calendar, str(error)) from None
        return cls(found.due, found.title, calendar, milestone)

    def __repr__(self) -> str:
        if self.calendar:
            return f"Deadline.from_calendar({self.calendar!r}, {self.milestone!r})"
        return code_repr(self)

    def text(self) -> str:
        """``2024年11月20日`` (with the label when there is one)."""
        day = _chinese_date(self.due)
        return f"{day}（{self.label}）" if self.label else day


def _to_deadline(value: object) -> Deadline | None:
    if value is None or isinstance(value, Deadline):
        return value
    if isinstance(value, _dt.date) and not isinstance(value, _dt.datetime):
        return Deadline(value)
    if isinstance(value, str):
        try:
            return Deadline(_dt.date.fromisoformat(value))
        except ValueError:
            pass
    due = getattr(value, "due", None)  # a calendar Milestone
    if isinstance(due, _dt.date):
        return Deadline(due, str(getattr(value, "title", "")))
    raise RulebookError(
        "", "deadline", value, "must be a date, 'YYYY-MM-DD' text, a Deadline or a Milestone"
    )


@friendly_arguments
@attrs.frozen(repr=False, field_transformer=named_converters)
class ZeroIfLate(ScoredLeaf):
    """未在规定时间内报送不得分: a submission after its deadline zeroes the item.

    The unit's submission day is a date fact; the deadline is either fixed in the
    rulebook (``deadline``: a date, ``"YYYY-MM-DD"``, a :class:`Deadline`, or a
    calendar milestone resolved when the rulebook is built) or given per unit as a
    date fact (``deadline_fact``). A submission on the deadline day is on time. A
    unit that handed nothing in is written with a :class:`ZeroIf` flag beside it
    (未报送), so the form asks no date that does not exist.

    Args:
        id: Stable ASCII id.
        title: What is submitted, e.g. ``"年度安全生产工作总结"``.
        deadline: The fixed deadline, or ``None`` with ``deadline_fact``.
        deadline_fact: The name of a date fact holding the deadline, or ``""``.
        fact: The submission-day fact; by default a date fact named after ``id``.
        text: The clause as printed.
        source: Where the clause comes from.

    >>> import datetime
    >>> z = ZeroIfLate("summary", "年度工作总结", deadline="2024-11-20")
    >>> lapse = z.measure({"summary": datetime.date(2024, 11, 22)})
    >>> z.reason(attrs.evolve(lapse, raw=Decimal(5)), Decimal(5))
    '年度工作总结2024年11月22日报送，晚于规定时间2024年11月20日2天，该项不得分，扣5分'
    """

    kind: ClassVar[str] = "zero_if_late"
    pure: ClassVar[bool] = True

    id: str = attrs.field(validator=check_id)
    title: str = attrs.field(validator=check_title)
    deadline: Deadline | None = attrs.field(default=None, converter=_to_deadline)
    deadline_fact: str = ""
    fact: Fact = attrs.field(default=None, converter=_to_fact_or_none)
    text: str = ""
    source: str = ""

    def __attrs_post_init__(self) -> None:
        if (self.deadline is None) == (not self.deadline_fact):
            raise RulebookError(
                self.id,
                "deadline",
                self.deadline,
                "must be given, or else deadline_fact (exactly one of the two)",
            )
        if self.deadline_fact:
            check_id(self, attrs.fields(ZeroIfLate).deadline_fact, self.deadline_fact)
        fact = self.fact if isinstance(self.fact, Fact) else self._auto(self.fact)
        if fact.kind != "date":
            raise RulebookError(
                self.id, "fact", fact.name, f"must be a date fact (got {fact.kind})"
            )
        if fact.name == self.deadline_fact:
            raise RulebookError(
                self.id, "deadline_fact", self.deadline_fact, "must differ from fact"
            )
        object.__setattr__(self, "fact", fact)

    def _auto(self, name: str | None) -> Fact:
        return Fact(name or self.id, f"{self.title}报送日期", kind="date")

    def __repr__(self) -> str:
        return repr_with_fact(self, self.fact, self._auto)

    @property
    def deadline_fact_decl(self) -> Fact | None:
        """The date fact holding the deadline, when the rulebook does not fix it."""
        if not self.deadline_fact:
            return None
        return Fact(self.deadline_fact, f"{self.title}规定报送期限", kind="date")

    def own_facts(self) -> tuple[Fact, ...]:
        declared = self.deadline_fact_decl
        return (self.fact,) if declared is None else (self.fact, declared)

    def due(self, values: Mapping[str, Any]) -> _dt.date:
        """The deadline for one unit: the fixed one, or its deadline fact."""
        if self.deadline is not None:
            return self.deadline.due
        day: _dt.date = values[self.deadline_fact]
        return day

    def measure(self, values: Mapping[str, Any]) -> Lapse | None:
        submitted: _dt.date = values[self.fact.name]
        due = self.due(values)
        if submitted <= due:
            return None
        return Lapse(1, ZERO, ZERO, actual=(submitted, due), zeroes=True)

    def describe_lapse(self, lapse: Lapse) -> str:
        submitted, due = lapse.actual
        late = (submitted - due).days
        return (
            f"{self.title}{_chinese_date(submitted)}报送，晚于规定时间{_chinese_date(due)}{late}天"
        )

    def reason(self, lapse: Lapse, counted: Decimal) -> str:
        return _zero_text(self.describe_lapse(lapse), lapse, counted)

    def limits(self) -> Limits:
        """Nothing beyond the node's own points: a zeroed node scores exactly 0."""
        return Limits(ZERO)

    def criterion(self, *, lowest_grade: str = "不合格") -> str:
        """The rule in words.

        >>> ZeroIfLate("summary", "年度工作总结", deadline="2024-11-20").criterion()
        '年度工作总结未在规定时间（2024年11月20日前）内报送的，该项不得分'
        """
        if self.deadline is not None:
            when = f"{_chinese_date(self.deadline.due)}前"
        else:
            when = "规定期限内"
        return f"{self.title}未在规定时间（{when}）内报送的，该项不得分"

    def explain(self, entry: LedgerEntry) -> str:
        return _zero_explain(entry)

    def edit_arguments(self) -> dict[str, Any]:
        arguments = super().edit_arguments()
        arguments["fact"] = fact_argument(self.fact, self._auto)
        return arguments

    def example_values(self) -> dict[str, Any]:
        """On time: handed in on the deadline day."""
        due = self.deadline.due if self.deadline is not None else _dt.date(2024, 11, 20)
        values: dict[str, Any] = {self.fact.name: due}
        if self.deadline_fact:
            values[self.deadline_fact] = due
        return values


# --------------------------------------------------------------------- Rescaled


def _optional_points(value: object) -> Decimal | None:
    return None if value is None else to_points(value)


def _terminates(value: Fraction) -> bool:
    """Whether *value* has a finite decimal expansion (its denominator is 2^a·5^b)."""
    denominator = value.denominator
    for prime in (2, 5):
        while denominator % prime == 0:
            denominator //= prime
    return denominator == 1


@friendly_arguments
@attrs.frozen(repr=False, field_transformer=named_converters)
class Rescaled(Node):
    """折算: a part scored out of ``out_of`` points and converted into ``points``.

    Its children are scored on their own scale and add up to ``out_of`` (a 100-point
    sub-sheet); the part's score is ``raw × points ÷ out_of``, exact, or rounded half
    up to ``places`` when the rulebook says so. Give ``weight`` instead of
    ``points`` for 按30%折算 (``points = out_of × weight``). Its result carries both
    sides: ``raw_max``/``raw_score`` and ``max``/``score``.

    Several converted parts make a weighted total (日常考核40% + 年终考核60%: two
    parts out of 100 with weights 0.4 and 0.6); put the bonus beside them, outside
    the weighted base. One part around every section is a final rescale to full points
    (最终得分以满分100分折算). A bonus inside a converted part would be converted with
    it, so it is refused there; so is a ``CapAt`` around a part (its deductions count
    on the sub-sheet's scale): put the cap inside, on that scale. With the rulebook's
    floor the part is a sheet of its own: its deductions stop at 0 on its own scale
    (the cut recorded as the part's ``absorbed``), so it loses at most its ``points``.
    Nodes above add up its converted score even when nothing is lost (a full score
    that rounds, 2 × 1.2 kept to 0 places, counts 2).

    Args:
        id: Stable ASCII id.
        title: The part's heading, e.g. ``"日常考核"``.
        out_of: The points the part is scored out of (its children's scale).
        points: The points it is converted into; or give ``weight``.
        weight: The share of ``out_of`` it counts for (``"0.3"`` for 30%).
        children: The sections or items of the sub-sheet.
        places: Decimal places of the converted score (half up), or ``None`` for
            exact; required when ``points ÷ out_of`` has no finite decimal (30 of 70).
        text: Any text printed under the heading.
        source: Where the part comes from.

    >>> from assessment_rules import Deduct, Item
    >>> part = Rescaled("fire", "消防工作", out_of="100", weight="0.3", children=(
    ...     Item("drills", "消防演练", points="100", children=(
    ...         Deduct("no_drill", "未组织消防演练", rate="10"),)),))
    >>> part.max_points, part.convert(Decimal("90")), part.criterion()
    (Decimal('30.0'), Decimal('27'), '消防工作：按100分制评分，按30%折算计入总分（30分）')
    """

    kind: ClassVar[str] = "rescaled"
    sheet_role: ClassVar[str] = "part"
    edit_field: ClassVar[str | None] = "children"

    id: str = attrs.field(validator=check_id)
    title: str = attrs.field(validator=check_title)
    out_of: Decimal = attrs.field(converter=to_points)
    points: Decimal | None = attrs.field(default=None, converter=_optional_points)
    weight: Decimal | None = attrs.field(default=None, converter=_optional_points)
    children: tuple[Node, ...] = attrs.field(default=(), converter=to_children)
    places: int | None = None
    text: str = ""
    source: str = ""

    _factor: Fraction = attrs.field(init=False, repr=False, eq=False, hash=False)

    def __attrs_post_init__(self) -> None:
        if self.out_of <= 0:
            raise RulebookError(self.id, "out_of", self.out_of, "must be > 0")
        if (self.points is None) == (self.weight is None):
            raise RulebookError(
                self.id,
                "points",
                self.points,
                "must be given, or else weight (exactly one of the two)",
            )
        if self.points is not None and self.points <= 0:
            raise RulebookError(self.id, "points", self.points, "must be > 0")
        if self.weight is not None and self.weight <= 0:
            raise RulebookError(self.id, "weight", self.weight, "must be > 0")
        places = self.places
        if places is not None and (
            not isinstance(places, int) or isinstance(places, bool) or not 0 <= places <= 6
        ):
            raise RulebookError(
                self.id,
                "places",
                places,
                f"must be a whole number from 0 to 6 or None {got(places)}",
            )
        factor = (
            Fraction(self.weight)
            if self.weight is not None
            else Fraction(self.points or ZERO) / Fraction(self.out_of)
        )
        if places is None and not _terminates(factor):
            raise RulebookError(
                self.id,
                "places",
                None,
                f"must be given: {fmt(self.max_points)}/{fmt(self.out_of)} has no finite "
                "decimal, so the rulebook must say where the converted score is rounded",
            )
        object.__setattr__(self, "_factor", factor)
        check_children(self.id, self.out_of, self.children)
        for path, node in self.walk():
            if node is not self and node.limits().most_gained != ZERO:
                raise RulebookError(
                    path,
                    "children",
                    node.id,
                    "must not add points inside a converted part: the bonus would be "
                    "converted with it; put it beside the part (加分不计入折算基数)",
                )

    def __repr__(self) -> str:
        return code_repr(self)

    @property
    def max_points(self) -> Decimal:
        if self.points is not None:
            return self.points
        return self.out_of * (self.weight or ZERO)

    @property
    def children_total(self) -> Decimal:
        return self.out_of

    @property
    def raw_points(self) -> Decimal:
        return self.out_of

    def convert(self, raw_score: Decimal) -> Decimal:
        """``raw × points ÷ out_of``: exact, or half up to ``places``.

        >>> Rescaled("p", "甲", out_of="70", points="100", places=2).convert(Decimal("65"))
        Decimal('92.86')
        """
        if self.places is not None:
            factor = self._factor
            return divide_rounded(
                raw_score * factor.numerator, Decimal(factor.denominator), self.places
            )
        factor = self._factor
        with localcontext() as context:
            context.prec = 80
            context.traps[Inexact] = True  # the factor terminates: the product is exact
            return raw_score * factor.numerator / factor.denominator

    def limits(self) -> Limits:
        """What the part can take from the total, in converted points."""
        inner = super().limits()
        factor = self._factor

        def scaled(value: Decimal | None) -> Decimal | None:
            if value is None:
                return None
            exact = Fraction(value) * factor
            return Decimal(exact.numerator) / Decimal(exact.denominator)

        return Limits(scaled(inner.most_lost), ZERO, None, scaled(inner.uncapped))

    def _share(self) -> str:
        if self.weight is not None:
            percent = self.weight * 100
            return f"按{fmt(percent)}%折算计入总分（{fmt(self.max_points)}分）"
        return (
            f"折算为{fmt(self.max_points)}分（得分 × {fmt(self.max_points)} ÷ {fmt(self.out_of)}）"
        )

    def criterion(self, *, lowest_grade: str = "不合格") -> str:
        rounding = f"，折算结果四舍五入保留{self.places}位小数" if self.places is not None else ""
        return f"{self.text or self.title}：按{fmt(self.out_of)}分制评分，{self._share()}{rounding}"

    def outline(self, *, lowest_grade: str = "不合格") -> str:
        if self.weight is not None:
            share = f"按{fmt(self.weight * 100)}%折算"
        else:
            share = f"按{fmt(self.out_of)}分制评分折算"
        return f"{self.title}（{fmt(self.max_points)}分，{share}）"
