"""``Veto`` (一票否决) and ``Bonus`` (加分): nodes that carry no points of their own."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any, ClassVar

import attrs

from ..engine._arguments import friendly_arguments
from ..engine._errors import RulebookError
from ..engine._facts import Fact
from ..engine._node import (
    BonusLeaf,
    Gain,
    Limits,
    VetoLeaf,
    check_id,
    check_title,
    got,
    named_converters,
    to_points,
)
from ..engine._numbers import ZERO, fmt
from ..engine._policy import check_effect, effect_text
from ..engine._reasons import bonus_text
from ..engine._repr import code_repr, repr_with_fact
from ._criteria import fact_argument

__all__ = ["AwardLevel", "Bonus", "Veto"]

_OUTLINE_EFFECTS = {
    "zero": "总分计为0分",
    "bar_top": "不得评为最高等次",
}


@friendly_arguments
@attrs.frozen(repr=False)
class Veto(VetoLeaf):
    """一票否决: when the condition holds, the grade becomes the lowest grade.

    The numeric score is still computed and shown; every triggered veto is listed.
    ``effect`` declares a variant a sheet uses instead: the total becomes 0
    (``zero``), only the top grade is barred (``bar_top``, 否优项: at most the second
    band), or the grade becomes the band ``grade`` names (``grade``). A veto never
    raises a grade; when several hold, the unit gets the lowest grade any of them
    allows (see ``engine/_policy.py``). The result's ``VetoHit.effect`` says which.

    Args:
        id: Stable ASCII id.
        title: The condition in Chinese, e.g. ``"发生较大及以上生产安全责任事故"``.
        at_least: The count at which the veto triggers (for a flag fact: when true).
        fact: The fact read; by default a count named after ``id``.
        unit: Counter word for reasons (起).
        text: The clause as printed.
        source: Where the clause comes from.
        effect: ``lowest`` (the default), ``zero``, ``bar_top`` or ``grade``.
        grade: The band an ``effect='grade'`` veto sets (one of the rulebook's grades).

    >>> v = Veto("major_accident", "发生较大及以上生产安全责任事故", unit="起")
    >>> v.triggered({"major_accident": 1}), v.reason({"major_accident": 1})
    (True, '一票否决：发生较大及以上生产安全责任事故1起')
    >>> v = Veto("fire_death", "发生亡人火灾", effect="grade", grade="合格")
    >>> v
    Veto('fire_death', '发生亡人火灾', effect='grade', grade='合格')
    >>> v.reason({"fire_death": 1})
    '一票否决：发生亡人火灾1起，考核等次为合格'
    """

    kind: ClassVar[str] = "veto"
    pure: ClassVar[bool] = True

    id: str = attrs.field(validator=check_id)
    title: str = attrs.field(validator=check_title)
    at_least: int = 1
    fact: Fact = attrs.field(default=None)
    unit: str = "起"
    text: str = ""
    source: str = ""
    effect: str = "lowest"
    grade: str = ""

    def __attrs_post_init__(self) -> None:
        check_effect(self.id, self.effect, self.grade)
        fact = self.fact
        if fact is None or isinstance(fact, str):
            fact = self._auto(fact)
        if not isinstance(fact, Fact) or fact.kind not in ("count", "flag"):
            raise RulebookError(
                self.id, "fact", self.fact, f"must be a count or flag fact {got(self.fact)}"
            )
        if not isinstance(self.at_least, int) or self.at_least < 1:
            raise RulebookError(
                self.id,
                "at_least",
                self.at_least,
                f"must be a whole number ≥ 1 {got(self.at_least)}",
            )
        object.__setattr__(self, "fact", fact)

    def _auto(self, name: str | None) -> Fact:
        return Fact(name or self.id, self.title, kind="count", unit=self.unit)

    def __repr__(self) -> str:
        return repr_with_fact(self, self.fact, self._auto)

    def own_facts(self) -> tuple[Fact, ...]:
        return (self.fact,)

    def triggered(self, values: Mapping[str, Any]) -> bool:
        """Whether the veto condition holds for these fact values."""
        value = values[self.fact.name]
        if self.fact.kind == "flag":
            return bool(value)
        return bool(value >= self.at_least)

    def reason(self, values: Mapping[str, Any]) -> str:
        """The Chinese sentence listing this veto in a result."""
        value = values[self.fact.name]
        text = f"一票否决：{self.title}"
        if self.fact.kind != "flag":
            text += f"{value}{self.unit}"
        if self.effect != "lowest":  # the default's wording is unchanged
            text += f"，{effect_text(self.effect, self.grade, '')}"
        return text

    def criterion(self, *, lowest_grade: str = "不合格") -> str:
        if self.fact.kind == "flag" or self.at_least == 1:
            condition = self.title
        else:
            condition = f"{self.title}达到{self.at_least}{self.unit}"
        return (
            f"{condition}的，实行“一票否决”，{effect_text(self.effect, self.grade, lowest_grade)}"
        )

    def outline(self, *, lowest_grade: str = "不合格") -> str:
        threshold = f"（达到{self.at_least}{self.unit}）" if self.at_least > 1 else ""
        # A default veto names the band (不合格): "the lowest grade" sends the reader off.
        effect = _OUTLINE_EFFECTS.get(self.effect) or f"等次为{self.grade or lowest_grade}"
        return f"一票否决：{self.title}{threshold}，{effect}"

    def edit_arguments(self) -> dict[str, Any]:
        arguments = super().edit_arguments()
        arguments["fact"] = fact_argument(self.fact, self._auto)
        return arguments

    def argument_text(self, name: str, value: Any, *, lowest_grade: str = "不合格") -> str:
        """``effect`` reads as what the veto does (不得评为最高等次), for ``diff``."""
        if name == "effect" and isinstance(value, str):
            return effect_text(value, self.grade, lowest_grade)
        return super().argument_text(name, value, lowest_grade=lowest_grade)

    def example_values(self) -> dict[str, Any]:
        """Not triggered: examples show a unit that is graded."""
        fact = self.fact
        if fact.default is not None:
            return {fact.name: fact.default}
        return {fact.name: False if fact.kind == "flag" else 0}


@friendly_arguments
@attrs.frozen(repr=False, field_transformer=named_converters)
class AwardLevel:
    """One level of commendation a bonus recognises, with its cap per award.

    Args:
        id: Stable ASCII id (``national``, ``municipal``…).
        title: Chinese name of the level, e.g. ``"市级表彰"``.
        cap: The most one award at this level can add (单次不超过).
    """

    id: str = attrs.field(validator=check_id)
    title: str = attrs.field(validator=check_title)
    cap: Decimal = attrs.field(converter=to_points)

    def __repr__(self) -> str:
        return code_repr(self)

    def criterion(self) -> str:
        """The level's rule in words.

        >>> AwardLevel("district", "区级表彰", cap="1").criterion()
        '受到区级表彰的，单次加分不超过1分'
        """
        return f"受到{self.title}的，单次加分不超过{fmt(self.cap)}分"


def _to_levels(value: object) -> tuple[AwardLevel, ...]:
    levels = tuple(value) if isinstance(value, list | tuple) else (value,)
    for level in levels:
        if not isinstance(level, AwardLevel):
            raise RulebookError("", "levels", level, "must contain AwardLevel objects")
    return levels


def _optional_cap(value: object) -> Decimal | None:
    return None if value is None else to_points(value)


@friendly_arguments
@attrs.frozen(repr=False, field_transformer=named_converters)
class Bonus(BonusLeaf):
    """加分: points added after deductions, capped per award and in total.

    For each level the evidence lists the points proposed for each award, in a fact
    named ``<id>_<level id>`` (for example ``commendations_municipal: ['2', '1.5']``),
    empty by default. Each award counts up to its level's cap; all awards together
    count up to ``cap``. Absorbed points stay visible in the ledger.

    Args:
        id: Stable ASCII id.
        title: Chinese wording, e.g. ``"表彰加分"``.
        levels: The award levels with their per-award caps.
        cap: The most the bonus adds in total (加分总分值不超过), or ``None``.
        text: The clause as printed.
        source: Where the clause comes from.
    """

    kind: ClassVar[str] = "bonus"
    #: What it adds is a function of its levels' facts alone: remembered per value.
    pure: ClassVar[bool] = True
    edit_field: ClassVar[str | None] = "levels"

    id: str = attrs.field(validator=check_id)
    title: str = attrs.field(validator=check_title)
    levels: tuple[AwardLevel, ...] = attrs.field(converter=_to_levels)
    cap: Decimal | None = attrs.field(default=None, converter=_optional_cap)
    text: str = ""
    source: str = ""

    def __attrs_post_init__(self) -> None:
        if not self.levels:
            raise RulebookError(self.id, "levels", self.levels, "must name at least one level")
        ids = [level.id for level in self.levels]
        if len(set(ids)) != len(ids):
            raise RulebookError(self.id, "levels", ids, "must have unique ids")

    def fact_for(self, level: AwardLevel) -> Fact:
        """The fact listing the points proposed for each award at *level*."""
        return Fact(
            f"{self.id}_{level.id}",
            f"{level.title}加分（每次表彰一项，单次不超过{fmt(level.cap)}分）",
            kind="amounts",
            default=(),
            unit="分",
        )

    def own_facts(self) -> tuple[Fact, ...]:
        return tuple(self.fact_for(level) for level in self.levels)

    def gains(self, values: Mapping[str, Any]) -> tuple[Gain, ...]:
        """Each award up to its level's cap, then all of them up to ``cap``, in order."""
        awards = [(level, values[f"{self.id}_{level.id}"]) for level in self.levels]
        if not any(amounts for _, amounts in awards):
            return ()  # no award at any level: most units
        budget = self.cap
        found: list[Gain] = []
        for level, amounts in awards:
            for amount in amounts:
                if amount <= 0:
                    continue
                share = min(amount, level.cap)
                notes = [f"单次不超过{fmt(level.cap)}分"] if share < amount else []
                if budget is not None:
                    if share > budget:
                        notes.append(f"加分总分值不超过{fmt(self.cap or ZERO)}分")
                        share = budget
                    budget -= share
                reason = bonus_text(f"受到{level.title}", amount, share, "，".join(notes))
                found.append(Gain(level.id, level.title, amount, share, reason))
        return tuple(found)

    def limits(self) -> Limits:
        return Limits(ZERO, self.cap)

    def criterion(self, *, lowest_grade: str = "不合格") -> str:
        levels = "；".join(level.criterion() for level in self.levels)
        total = f"；加分总分值不超过{fmt(self.cap)}分" if self.cap is not None else ""
        return f"{levels}{total}"

    def outline(self, *, lowest_grade: str = "不合格") -> str:
        total = f"（加分总分值不超过{fmt(self.cap)}分）" if self.cap is not None else ""
        return f"加分：{self.title}{total}"
