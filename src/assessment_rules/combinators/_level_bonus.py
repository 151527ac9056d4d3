"""``LevelBonus``: a bonus by commendation level, counted once at the highest level.

同一项按最高分只计入1次: a unit commended at several levels for the same work gets the
highest level's bonus only. Each level adds a fixed amount (国家级10分) or an amount the
assessor chooses within a range (加5–10分). Compare
:class:`~assessment_rules.combinators.Bonus`, where every award counts, each up to its
level's cap.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, ClassVar

import attrs

from .._i18n import gettext as _
from ..engine._arguments import friendly_arguments
from ..engine._errors import RulebookError
from ..engine._facts import Fact
from ..engine._node import (
    BonusLeaf,
    Gain,
    Limits,
    check_id,
    check_title,
    got,
    named_converters,
    to_points,
)
from ..engine._numbers import ZERO, fmt
from ..engine._reasons import bonus_text
from ..engine._repr import code_repr

__all__ = ["BonusLevel", "LevelBonus"]

_REASON_FIELDS = frozenset({"level", "title"})


def _optional_points(value: object) -> Decimal | None:
    return None if value is None else to_points(value)


@friendly_arguments
@attrs.frozen(repr=False, field_transformer=named_converters)
class BonusLevel:
    """One level of a :class:`LevelBonus`: a fixed amount, or a range the assessor picks in.

    Give ``points`` (国家级10分) or ``low`` and ``high`` (国家级加5–10分), not both.

    Args:
        id: Stable ASCII id (``national``, ``municipal``…): the ledger path's last segment.
        title: The level as the sheet and the evidence form write it (``"国家级"``).
        points: The fixed amount this level adds.
        low: The least a discretionary amount may be.
        high: The most a discretionary amount may be.

    >>> BonusLevel("national", "国家级", points="10").criterion()
    '国家级10分'
    >>> BonusLevel("municipal", "市级", low="5", high="8").criterion()
    '市级5–8分'
    """

    id: str = attrs.field(validator=check_id)
    title: str = attrs.field(validator=check_title)
    points: Decimal | None = attrs.field(default=None, converter=_optional_points)
    low: Decimal | None = attrs.field(default=None, converter=_optional_points)
    high: Decimal | None = attrs.field(default=None, converter=_optional_points)

    def __attrs_post_init__(self) -> None:
        ranged = self.low is not None or self.high is not None
        if self.points is not None and ranged:
            raise RulebookError(
                self.id,
                "points",
                fmt(self.points),
                "must not be given with low/high: a level is fixed or ranged",
            )
        if self.points is None and not ranged:
            raise RulebookError(
                self.id, "points", None, "must be given (a fixed amount), or low and high (a range)"
            )
        if ranged:
            if self.low is None or self.high is None:
                missing = "low" if self.low is None else "high"
                raise RulebookError(self.id, missing, None, "must be given with the other bound")
            if self.low > self.high:
                raise RulebookError(
                    self.id, "low", fmt(self.low), f"must be ≤ high ({fmt(self.high)})"
                )
        if self.cap <= 0:
            field = "high" if ranged else "points"
            raise RulebookError(self.id, field, fmt(self.cap), "must be > 0")

    def __repr__(self) -> str:
        return code_repr(self)

    @property
    def ranged(self) -> bool:
        """Whether the assessor enters the amount (within ``low``–``high``)."""
        return self.points is None

    @property
    def cap(self) -> Decimal:
        """The most this level adds: ``points``, or ``high`` (lint reads it)."""
        if self.points is not None:
            return self.points
        assert self.high is not None  # checked at construction
        return self.high

    def criterion(self) -> str:
        """The level's amount in words: ``国家级10分`` or ``市级5–8分``."""
        if self.points is not None:
            return f"{self.title}{fmt(self.points)}分"
        return f"{self.title}{fmt(self.low or ZERO)}–{fmt(self.cap)}分"


def _to_levels(value: object) -> tuple[BonusLevel, ...]:
    levels = tuple(value) if isinstance(value, list | tuple) else (value,)
    for level in levels:
        if not isinstance(level, BonusLevel):
            raise RulebookError("", "", level, f"must contain BonusLevel objects {got(level)}")
    return levels


def _check_reason(value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise RulebookError("", "", value, f"must be a non-empty template {got(value)}")
    try:
        fields = {name for _, name, _, _ in string.Formatter().parse(value) if name is not None}
    except ValueError as error:
        raise RulebookError("", "", value, f"must be a valid template ({error})") from None
    unknown = sorted(fields - _REASON_FIELDS)
    if unknown:
        raise RulebookError(
            "",
            "",
            value,
            f"may use only {{level}} and {{title}} (got {{{unknown[0]}}})",
        )
    return value


@friendly_arguments
@attrs.frozen(repr=False, field_transformer=named_converters)
class LevelBonus(BonusLeaf):
    """加分 by level, counted once at the highest level (同一项按最高分只计入1次).

    ``levels`` are listed highest first. The evidence lists the levels the unit reached
    for this item, in a ``list`` fact named after ``id`` (by the levels' titles, e.g.
    ``国家级、市级``; empty by default, as most units have none). Only the highest one
    counts. When that level is a range, the assessor enters the amount in a second
    fact, ``<id>_points`` (declared only when some level is a range; 0 by default); an
    amount outside the range, an amount with no level listed, or an amount that
    differs from a fixed level's points, is an evidence error naming the fact.

    Args:
        id: Stable ASCII id.
        title: Chinese wording of the item, e.g. ``"安全生产工作获表彰"``.
        levels: The levels, highest first.
        reason: The 加分原因's start, a template with ``{level}`` (the level's title)
            and ``{title}`` (the item's): ``"获评{level}{title}"``. The points and any
            lower levels not counted are added after it.
        text: The clause as printed.
        source: Where the clause comes from.

    >>> b = LevelBonus("model", "安全示范单位", levels=(
    ...     BonusLevel("national", "国家级", points="10"),
    ...     BonusLevel("municipal", "市级", points="6"),
    ...     BonusLevel("district", "区级", points="3")), reason="获评{level}{title}")
    >>> [g.reason for g in b.gains({"model": ("区级", "市级")})]
    ['获评市级安全示范单位，加6分（另获区级，同一项按最高级别只计入1次）']
    """

    kind: ClassVar[str] = "level_bonus"
    edit_field: ClassVar[str | None] = "levels"

    id: str = attrs.field(validator=check_id)
    title: str = attrs.field(validator=check_title)
    levels: tuple[BonusLevel, ...] = attrs.field(converter=_to_levels)
    reason: str = attrs.field(default="受到{level}表彰", converter=_check_reason)
    text: str = ""
    source: str = ""

    def __attrs_post_init__(self) -> None:
        if not self.levels:
            raise RulebookError(self.id, "levels", self.levels, "must name at least one level")
        for attribute in ("id", "title"):
            seen = [getattr(level, attribute) for level in self.levels]
            if len(set(seen)) != len(seen):
                raise RulebookError(self.id, "levels", seen, f"must have unique {attribute}s")
        if self.ranged:
            name = self.points_fact.name
            if name in {level.id for level in self.levels} or name == self.id:
                raise RulebookError(self.id, "id", self.id, f"clashes with the fact {name!r}")

    def __repr__(self) -> str:
        return code_repr(self)

    @property
    def ranged(self) -> bool:
        """Whether some level's amount is entered by the assessor."""
        return any(level.ranged for level in self.levels)

    @property
    def levels_fact(self) -> Fact:
        """The fact listing the levels the unit reached (by title), empty by default."""
        return Fact(
            self.id,
            f"{self.title}（所获级别，可填多个，按最高级别计1次）",
            kind="list",
            choices=tuple(level.title for level in self.levels),
            default=(),
            help="填所获的级别，可填多个，用“、”分隔，没有填“无”；同一项按最高级别只计1次",
        )

    @property
    def points_fact(self) -> Fact:
        """The fact holding the amount the assessor gives within the highest level's range."""
        ranges = "、".join(level.criterion() for level in self.levels if level.ranged)
        return Fact(
            f"{self.id}_points",
            f"{self.title}加分（{ranges}，由考核人员在范围内确定）",
            kind="amount",
            default=ZERO,
            unit="分",
            help=f"最高级别为{ranges}时，填考核人员确定的加分；其他情况填0",
        )

    def own_facts(self) -> tuple[Fact, ...]:
        if self.ranged:
            return (self.levels_fact, self.points_fact)
        return (self.levels_fact,)

    def reached(self, listed: tuple[str, ...]) -> tuple[BonusLevel, ...]:
        """The levels among *listed* titles, highest first."""
        return tuple(level for level in self.levels if level.title in listed)

    def cross_check(self, values: Mapping[str, object]) -> list[tuple[str, object, str]]:
        if not self.ranged:
            return []
        listed = values.get(self.id)
        amount = values.get(self.points_fact.name)
        if not isinstance(listed, tuple) or not isinstance(amount, Decimal):
            return []
        name = self.points_fact.name
        reached = self.reached(listed)
        if not reached:
            if amount:
                return [
                    (name, amount, _("must be 0: no level of {id} is listed").format(id=self.id))
                ]
            return []
        top = reached[0]
        if top.ranged:
            low, high = top.low or ZERO, top.cap
            if not low <= amount <= high:
                return [
                    (
                        name,
                        amount,
                        _("must be from {low} to {high}: {rule}").format(
                            low=fmt(low),
                            high=fmt(high),
                            rule=f"{self.title}{top.title}加{fmt(low)}–{fmt(high)}分",
                        ),
                    )
                ]
        elif amount and amount != top.cap:
            return [
                (
                    name,
                    amount,
                    _("must be 0 or {points}: {level} adds a fixed {points}").format(
                        points=fmt(top.cap), level=top.title
                    ),
                )
            ]
        return []

    def gains(self, values: Mapping[str, Any]) -> tuple[Gain, ...]:
        """The highest level listed, once; lower ones are named in the reason."""
        listed: tuple[str, ...] = values[self.id]
        if not listed:
            return ()
        reached = self.reached(listed)
        if not reached:
            return ()
        top = reached[0]
        amount: Decimal = values[self.points_fact.name] if top.ranged else top.cap
        if amount <= 0:
            return ()
        base = self.reason.format(level=top.title, title=self.title)
        text = bonus_text(base, amount, amount)
        if len(reached) > 1:
            lower = "、".join(level.title for level in reached[1:])
            text += f"（另获{lower}，同一项按最高级别只计入1次）"
        return (Gain(top.id, top.title, amount, amount, text),)

    def limits(self) -> Limits:
        return Limits(ZERO, max(level.cap for level in self.levels))

    def criterion(self, *, lowest_grade: str = "不合格") -> str:
        """The levels and the once-only rule in words.

        >>> LevelBonus("model", "获评安全示范单位", levels=(
        ...     BonusLevel("national", "国家级", low="5", high="10"),
        ...     BonusLevel("district", "区级", points="3"))).criterion()
        '获评安全示范单位：国家级加5–10分、区级加3分，同一项按最高级别只计入1次'
        """
        amounts = "、".join(
            f"{level.title}加{fmt(level.low or ZERO)}–{fmt(level.cap)}分"
            if level.ranged
            else f"{level.title}加{fmt(level.cap)}分"
            for level in self.levels
        )
        return f"{self.title}：{amounts}，同一项按最高级别只计入1次"

    def outline(self, *, lowest_grade: str = "不合格") -> str:
        return (
            f"加分：{self.title}（按最高级别计1次，最多{fmt(self.limits().most_gained or ZERO)}分）"
        )

    def example_values(self) -> dict[str, Any]:
        """The highest and the lowest level listed: the lower one is not counted."""
        top = self.levels[0]
        listed = tuple(dict.fromkeys((top.title, self.levels[-1].title)))
        values: dict[str, Any] = {self.id: listed}
        if self.ranged:
            values[self.points_fact.name] = top.low if top.ranged else ZERO
        return values
