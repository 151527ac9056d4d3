"""Leaves that lose points: ``Deduct``, ``Judgment`` and ``ExecutionRateScore``."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any, ClassVar, Literal

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
    to_texts,
)
from ..engine._numbers import ZERO, divide_rounded, divide_truncated, fmt
from ..engine._reasons import deduction_text
from ..engine._repr import code_repr, repr_with_fact
from ..engine._results import LedgerEntry

__all__ = ["DEDUCT_SHAPES", "Deduct", "ExecutionRateScore", "Judgment"]

DeductShape = Literal["flag", "each", "shortfall", "missing"]
DEDUCT_SHAPES: tuple[DeductShape, ...] = ("flag", "each", "shortfall", "missing")
_SHAPE_KIND = {"flag": "flag", "each": "count", "shortfall": "count", "missing": "list"}
_SHAPE_UNIT = {"flag": "", "each": "次", "shortfall": "次", "missing": "项"}


def _to_fact_or_none(value: object) -> Fact | str | None:
    if value is None or isinstance(value, Fact | str):
        return value
    raise RulebookError("", "fact", value, "must be a Fact, a fact name or None")


def _to_rate(value: object) -> Decimal:
    rate = to_points(value)
    if rate <= 0:
        raise RulebookError("", "rate", value, "must be > 0")
    return rate


def fact_argument(fact: Fact, auto: Any) -> Fact | str | None:
    """The ``fact`` argument that rebuilds a leaf's fact, for ``derive`` and ``diff``.

    ``None`` when the leaf derives it from its own fields (so a changed title, unit
    or item list re-derives it), the name when only the name differs, else the fact.
    """
    if fact == auto(None):
        return None
    if fact == auto(fact.name):
        return fact.name
    return fact


@friendly_arguments
@attrs.frozen(repr=False, field_transformer=named_converters)
class Deduct(ScoredLeaf):
    """Lose points for a lapse, in one of the four shapes the score sheets use.

    Args:
        id: Stable ASCII id (a dotted-path segment).
        title: Short Chinese wording of the lapse, used to start the 失分原因.
        rate: Points lost per occurrence (``"0.5"`` for 扣0.5分).
        shape: ``flag`` (lose ``rate`` when the fact is true), ``each`` (``rate`` ×
            count), ``shortfall`` (``rate`` × max(0, ``required`` − count)) or
            ``missing`` (``rate`` × number of ``items`` not listed in the evidence).
        fact: The fact read; by default a fact named after ``id``, labelled with
            ``title``, of the kind the shape needs. A string names it differently.
        required: The required count of a ``shortfall``.
        items: The named items of a ``missing`` deduction; the evidence lists those done.
        starred: ★: escapes every ``CapAt`` and draws on the total.
        unit: Counter word for reasons (次, 家, 项, 人, 起); a default per shape.
        default: Value used when evidence omits the fact (declared, never invented).
        text: The clause as printed on the score sheet (考核标准).
        source: Where the clause comes from, e.g. ``"附件2 一(1)第2条"``.

    >>> d = Deduct("leader_checks", "部门领导带队开展安全生产检查、督查", rate="2",
    ...            shape="shortfall", required=4, unit="次")
    >>> lapse = d.measure({"leader_checks": 2})
    >>> d.reason(lapse, lapse.raw)
    '部门领导带队开展安全生产检查、督查2次（应不少于4次），少2次，扣4分'
    """

    kind: ClassVar[str] = "deduct"
    pure: ClassVar[bool] = True

    id: str = attrs.field(validator=check_id)
    title: str = attrs.field(validator=check_title)
    rate: Decimal = attrs.field(converter=_to_rate)
    shape: DeductShape = "flag"
    fact: Fact = attrs.field(default=None, converter=_to_fact_or_none)
    required: int | None = None
    items: tuple[str, ...] = attrs.field(default=(), converter=to_texts)
    starred: bool = False
    unit: str = ""
    default: Any = None
    text: str = ""
    source: str = ""

    def __attrs_post_init__(self) -> None:
        if self.shape not in DEDUCT_SHAPES:
            raise RulebookError(
                self.id,
                "shape",
                self.shape,
                f"must be one of {', '.join(DEDUCT_SHAPES)} {got(self.shape)}",
            )
        if self.shape == "shortfall":
            if not isinstance(self.required, int) or self.required <= 0:
                raise RulebookError(
                    self.id,
                    "required",
                    self.required,
                    f"must be a whole number > 0 for a shortfall {got(self.required)}",
                )
        elif self.required is not None:
            raise RulebookError(self.id, "required", self.required, "is only for shape='shortfall'")
        if self.shape == "missing":
            if not self.items:
                raise RulebookError(self.id, "items", self.items, "must name the required items")
        elif self.items:
            raise RulebookError(self.id, "items", self.items, "are only for shape='missing'")
        object.__setattr__(self, "fact", self._resolve_fact(self.fact))
        expected_kind = _SHAPE_KIND[self.shape]
        if self.fact.kind != expected_kind:
            raise RulebookError(
                self.id,
                "fact",
                self.fact.name,
                f"must be a {expected_kind} fact for shape={self.shape!r} (got {self.fact.kind})",
            )

    def _resolve_fact(self, fact: Fact | str | None) -> Fact:
        if isinstance(fact, Fact):
            return fact
        name = fact if isinstance(fact, str) else self.id
        kind = _SHAPE_KIND[self.shape]
        return Fact(
            name,
            self.title,
            kind=kind,  # type: ignore[arg-type]
            choices=self.items,
            default=self.default,
            unit=self.unit or _SHAPE_UNIT[self.shape],
        )

    def __repr__(self) -> str:
        return repr_with_fact(self, self.fact, self._resolve_fact)

    @property
    def counter(self) -> str:
        """The counter word used in reasons (次, 家, 项…)."""
        return self.unit or _SHAPE_UNIT[self.shape]

    def own_facts(self) -> tuple[Fact, ...]:
        return (self.fact,)

    @property
    def most(self) -> Decimal | None:
        """The most this clause can deduct, or ``None`` when unbounded (per occurrence)."""
        if self.shape == "flag":
            return self.rate
        if self.shape == "shortfall":
            return self.rate * (self.required or 0)
        if self.shape == "missing":
            return self.rate * len(self.items)
        if self.fact.maximum is not None:
            return self.rate * self.fact.maximum
        return None

    def measure(self, values: Mapping[str, Any]) -> Lapse | None:
        value = values[self.fact.name]
        shape = self.shape
        if shape == "flag":
            return Lapse(1, self.rate, self.rate) if value else None
        if shape == "each":
            return Lapse(value, self.rate, self.rate * value, actual=value) if value else None
        if shape == "shortfall":
            short = (self.required or 0) - value
            if short <= 0:
                return None
            return Lapse(short, self.rate, self.rate * short, actual=value)
        done = set(value)
        missing = tuple(item for item in self.items if item not in done)
        if not missing:
            return None
        return Lapse(len(missing), self.rate, self.rate * len(missing), detail=missing)

    def describe_lapse(self, lapse: Lapse) -> str:
        unit = self.counter
        shape = self.shape
        if shape == "flag":
            return self.title
        if shape == "each":
            return f"{self.title}{lapse.occurrences}{unit}"
        if shape == "shortfall":
            return (
                f"{self.title}{lapse.actual}{unit}（应不少于{self.required}{unit}），"
                f"少{lapse.occurrences}{unit}"
            )
        return f"{self.title}缺{lapse.occurrences}{unit}（{'、'.join(lapse.detail)}）"

    def limits(self) -> Limits:
        return Limits(self.most, step=self.rate)

    def criterion(self, *, lowest_grade: str = "不合格") -> str:
        """The rule in words.

        >>> Deduct("checks", "部门领导带队检查", rate="2", shape="shortfall",
        ...        required=4).criterion()
        '部门领导带队检查应不少于4次，每少1次扣2分'
        """
        rate, counter = fmt(self.rate), self.counter
        if self.shape == "flag":
            text = f"{self.title}的，扣{rate}分"
        elif self.shape == "each":
            text = f"{self.title}的，每{counter}扣{rate}分"
        elif self.shape == "shortfall":
            text = f"{self.title}应不少于{self.required}{counter}，每少1{counter}扣{rate}分"
        else:
            text = f"{self.title}（{'、'.join(self.items)}），每缺1{counter}扣{rate}分"
        if self.starred:
            text += "（★：累计扣分可超出本项分值）"
        return text

    def explain(self, entry: LedgerEntry) -> str:
        if self.shape == "flag":
            return super().explain(entry)
        unit = self.counter
        verb = "缺" if self.shape == "missing" else ("少" if self.shape == "shortfall" else "")
        text = (
            f"{verb}{fmt(entry.occurrences)}{unit} × {fmt(entry.rate)}分 = {fmt(entry.raw)}分，"
            f"计入{fmt(entry.counted)}分"
        )
        if entry.absorbed:
            text += f"，{fmt(entry.absorbed)}分被上限吸收"
        return text

    def edit_arguments(self) -> dict[str, Any]:
        arguments = super().edit_arguments()
        arguments["fact"] = fact_argument(self.fact, self._resolve_fact)
        return arguments

    def example_values(self) -> dict[str, Any]:
        """One small lapse: the flag set, one occurrence, one short, the last item missing."""
        if self.fact.default is not None:
            return {self.fact.name: self.fact.default}
        value: Any
        if self.shape == "flag":
            value = True
        elif self.shape == "each":
            value = 1
        elif self.shape == "shortfall":
            value = (self.required or 1) - 1
        else:
            value = self.items[:-1]
        return {self.fact.name: value}


@friendly_arguments
@attrs.frozen(repr=False, field_transformer=named_converters)
class Judgment(ScoredLeaf):
    """A score the assessor gives within [0, points] (根据履职情况和工作成效进行评分).

    Args:
        id: Stable ASCII id.
        title: Chinese wording of what is judged.
        points: The most the assessor can give.
        fact: The fact holding the given score; by default named after ``id``.
        text: The clause as printed.
        source: Where the clause comes from.

    >>> j = Judgment("duty", "履职情况和工作成效", points="15")
    >>> j.reason(j.measure({"duty": Decimal("12.5")}), Decimal("2.5"))
    '履职情况和工作成效评分得12.5分（满分15分），扣2.5分'
    """

    kind: ClassVar[str] = "judgment"
    pure: ClassVar[bool] = True

    id: str = attrs.field(validator=check_id)
    title: str = attrs.field(validator=check_title)
    points: Decimal = attrs.field(converter=to_points)
    fact: Fact = attrs.field(default=None, converter=_to_fact_or_none)
    text: str = ""
    source: str = ""

    def __attrs_post_init__(self) -> None:
        fact = self.fact
        if not isinstance(fact, Fact):
            fact = self._auto(fact)
        if fact.kind != "score":
            raise RulebookError(self.id, "fact", fact.name, "must be a score fact")
        if fact.maximum is None or fact.maximum > self.points:
            raise RulebookError(
                self.id, "fact", fact.name, f"must have maximum ≤ points ({fmt(self.points)})"
            )
        object.__setattr__(self, "fact", fact)

    def _auto(self, name: str | None) -> Fact:
        return Fact(name or self.id, self.title, kind="score", maximum=self.points, unit="分")

    def __repr__(self) -> str:
        return repr_with_fact(self, self.fact, self._auto)

    @property
    def max_points(self) -> Decimal:
        return self.points

    def own_facts(self) -> tuple[Fact, ...]:
        return (self.fact,)

    def measure(self, values: Mapping[str, Any]) -> Lapse | None:
        given: Decimal = values[self.fact.name]
        lost = self.points - given
        if lost <= 0:
            return None
        return Lapse(1, lost, lost, actual=given)

    def describe_lapse(self, lapse: Lapse) -> str:
        return f"{self.title}评分得{fmt(lapse.actual)}分（满分{fmt(self.points)}分）"

    def criterion(self, *, lowest_grade: str = "不合格") -> str:
        return f"{self.title}：由考核人员根据实际情况评分，0至{fmt(self.points)}分"

    def explain(self, entry: LedgerEntry) -> str:
        given = self.points - entry.raw
        text = f"满分{fmt(self.points)}分 − 评分{fmt(given)}分 = {fmt(entry.raw)}分"
        if entry.absorbed:
            text += f"，计入{fmt(entry.counted)}分，{fmt(entry.absorbed)}分被上限吸收"
        return text

    def edit_arguments(self) -> dict[str, Any]:
        arguments = super().edit_arguments()
        arguments["fact"] = fact_argument(self.fact, self._auto)
        return arguments

    def example_values(self) -> dict[str, Any]:
        """One point below full marks."""
        fact = self.fact
        if fact.default is not None:
            return {fact.name: fact.default}
        top = fact.maximum if fact.maximum is not None else self.points
        return {fact.name: top - 1 if top >= 1 else top}


RateDisplay = Literal["truncate", "round"]


@friendly_arguments
@attrs.frozen(repr=False, field_transformer=named_converters)
class ExecutionRateScore(ScoredLeaf):
    """Score budget execution: ``points × executed ÷ budget``, never above ``points``.

    The execution rate is 全年执行数 ÷ 全年预算数 (the adjusted full-year budget; the
    start-of-year budget 年初预算数 plays no part, and 0 there is normal). The score is
    rounded half up to ``places``; the printed rate (``执行率(%)``) follows
    ``rate_display``: ``truncate`` (the 2024 Putuo tables: 14.80 ÷ 15.00 prints 98.66)
    or ``round`` (half up).

    Outcomes for unusual evidence, each explicit, none a silent full score:

    * spending above budget (执行数 > 预算数): the score stops at ``points`` and the
      ledger carries a zero-point entry whose reason says the rate passed 100 % and the
      score was capped;
    * a full-year budget of 0: an evidence error (no rate exists), whatever was spent;
    * a missing or negative budget or executed amount: an evidence error naming the
      fact (amounts are decimals ≥ 0 and have no default).

    Args:
        id: Stable ASCII id.
        title: Chinese wording, e.g. ``"预算执行率"``.
        points: The row's 分值 (10 in the national form).
        budget: The fact holding 全年预算数 (default ``"budget"``).
        executed: The fact holding 全年执行数 (default ``"executed"``).
        places: Decimal places of the score (half up).
        rate_places: Decimal places of the printed rate.
        rate_display: ``truncate`` or ``round`` for the printed rate.
        text: The clause as printed.
        source: Where the rule comes from.

    >>> e = ExecutionRateScore("execution", "预算执行率", points="10")
    >>> budget, executed = Decimal("24.38"), Decimal("23.36")
    >>> e.score_for(budget, executed), e.printed_rate(budget, executed)
    (Decimal('9.58'), Decimal('95.81'))
    """

    kind: ClassVar[str] = "execution_rate"

    id: str = attrs.field(validator=check_id)
    title: str = attrs.field(validator=check_title)
    points: Decimal = attrs.field(converter=to_points)
    budget: str = "budget"
    executed: str = "executed"
    places: int = 2
    rate_places: int = 2
    rate_display: RateDisplay = "truncate"
    text: str = ""
    source: str = ""

    def __attrs_post_init__(self) -> None:
        if self.rate_display not in ("truncate", "round"):
            raise RulebookError(
                self.id,
                "rate_display",
                self.rate_display,
                f"must be 'truncate' or 'round' {got(self.rate_display)}",
            )
        if self.budget == self.executed:
            raise RulebookError(self.id, "executed", self.executed, "must differ from budget")
        for name in ("places", "rate_places"):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 6:
                raise RulebookError(
                    self.id, name, value, f"must be a whole number from 0 to 6 {got(value)}"
                )

    def __repr__(self) -> str:
        return code_repr(self)

    @property
    def max_points(self) -> Decimal:
        return self.points

    @property
    def budget_fact(self) -> Fact:
        """The fact holding 全年预算数 (a decimal ≥ 0, in 万元, required)."""
        return Fact(self.budget, "全年预算数", kind="amount", unit="万元")

    @property
    def executed_fact(self) -> Fact:
        """The fact holding 全年执行数 (a decimal ≥ 0, in 万元, required)."""
        return Fact(self.executed, "全年执行数", kind="amount", unit="万元")

    def own_facts(self) -> tuple[Fact, ...]:
        return (self.budget_fact, self.executed_fact)

    def cross_check(self, values: Mapping[str, object]) -> list[tuple[str, object, str]]:
        budget = values.get(self.budget)
        if isinstance(budget, Decimal) and budget <= 0:
            return [
                (
                    self.budget,
                    budget,
                    "must be > 0: 全年预算数 is the divisor of 执行率, so a project without "
                    "a full-year budget has no execution score (年初预算数 0 is fine)",
                )
            ]
        return []

    def printed_rate(self, budget: Decimal, executed: Decimal) -> Decimal:
        """Return 执行率(%) as the table prints it (``rate_display``, ``rate_places``).

        Raises:
            ZeroDivisionError: *budget* is 0 (evidence checks reject it first).

        >>> ExecutionRateScore("e", "预算执行率", points="10").printed_rate(
        ...     Decimal("3.00"), Decimal("0.08"))
        Decimal('2.66')
        """
        numerator = executed * 100
        if self.rate_display == "truncate":
            return divide_truncated(numerator, budget, self.rate_places)
        return divide_rounded(numerator, budget, self.rate_places)

    def score_for(self, budget: Decimal, executed: Decimal) -> Decimal:
        """Return the 得分: points × executed ÷ budget, half up, at most ``points``.

        >>> ExecutionRateScore("e", "预算执行率", points="10").score_for(
        ...     Decimal("80.00"), Decimal("79.98"))
        Decimal('10.00')
        """
        score = divide_rounded(self.points * executed, budget, self.places)
        return min(score, self.points)

    def measure(self, values: Mapping[str, Any]) -> Lapse | None:
        budget: Decimal = values[self.budget]
        executed: Decimal = values[self.executed]
        score = self.score_for(budget, executed)
        rate = self.printed_rate(budget, executed)
        if executed > budget:
            # Nothing is lost, but the cap is a decision the finance officer must see.
            return Lapse(1, ZERO, ZERO, actual=(rate, score, True))
        lost = self.points - score
        if lost <= ZERO:
            return None
        return Lapse(1, lost, lost, actual=(rate, score, False))

    def describe_lapse(self, lapse: Lapse) -> str:
        rate, score, _ = lapse.actual
        return f"{self.title}{format(rate, 'f')}%，得{fmt(score)}分（满分{fmt(self.points)}分）"

    def reason(self, lapse: Lapse, counted: Decimal) -> str:
        rate, _, over = lapse.actual
        if over:
            return (
                f"{self.title}{format(rate, 'f')}%，全年执行数超过全年预算数，"
                f"得分以分值{fmt(self.points)}分为限，不扣分"
            )
        return deduction_text(self.describe_lapse(lapse), lapse.raw, counted)

    def criterion(self, *, lowest_grade: str = "不合格") -> str:
        shown = "截断" if self.rate_display == "truncate" else "四舍五入"
        return (
            f"{self.title}：得分 = {fmt(self.points)} × 全年执行数 ÷ 全年预算数，"
            f"四舍五入保留{self.places}位小数，最高{fmt(self.points)}分；"
            f"执行率（%）按{shown}保留{self.rate_places}位小数显示"
        )

    def explain(self, entry: LedgerEntry) -> str:
        text = (
            f"满分{fmt(self.points)}分 − 得分{fmt(self.points - entry.raw)}分 = {fmt(entry.raw)}分"
        )
        if entry.absorbed:
            text += f"，计入{fmt(entry.counted)}分，{fmt(entry.absorbed)}分被上限吸收"
        return text

    def example_values(self) -> dict[str, Any]:
        """95 spent of a budget of 100: a rate of 95 %."""
        return {self.budget: Decimal("100"), self.executed: Decimal("95")}
