"""Fact declarations: the evidence a rulebook needs, readable by tools that build forms.

A fact has a stable ASCII ``name`` (the key in evidence files), a Chinese ``label``
(the column heading an assessor sees), a ``kind`` and bounds. :meth:`Fact.coerce`
turns one untrusted evidence value into the exact Python value the evaluator uses,
or raises :class:`FactValueError` saying what was expected.
"""

from __future__ import annotations

import datetime as _dt
import re
from decimal import Decimal
from typing import Any, Final, Literal

import attrs

from .._i18n import N_
from .._i18n import gettext as _
from ._errors import RulebookError, did_you_mean
from ._node import check_id, check_title, named_converters, to_decimal, to_texts
from ._numbers import (
    MAX_DECIMAL_PLACES,
    MAX_INTEGER_DIGITS,
    NotFiniteError,
    NumberSizeError,
    evidence_decimal,
)
from ._repr import code_repr

__all__ = ["FACT_KINDS", "Fact", "FactKind", "FactValueError"]

FactKind = Literal["flag", "count", "amount", "score", "date", "choice", "list", "amounts"]
FACT_KINDS: Final = ("flag", "count", "amount", "score", "date", "choice", "list", "amounts")

_TRUE = frozenset({"true", "yes", "y", "1", "是", "√", "✓", "t"})
_FALSE = frozenset({"false", "no", "n", "0", "否", "×", "✗", "f", ""})
# 有/无 are refused for yes/no facts: facts are often phrased as lapses
# (未按计划组织应急演练), where a clerk's 无 ("there was no drill") means 是, not 否.
_AMBIGUOUS: Final = frozenset({"有", "无", "没有"})
# Digits with a comma that is not a thousands separator ("1,5", "12,34"): the number
# rule refuses them, and the message says why (never 15, never 1.5).
_BAD_COMMA: Final = re.compile(r"[+-]?[\d,]*\d,[\d,]*(?:\.\d*)?")


class FactValueError(ValueError):
    """One evidence value does not fit its fact; carries the expectation text."""

    def __init__(self, expectation: str, hint: str = "") -> None:
        self.expectation = expectation
        self.hint = hint
        super().__init__(expectation)


def _optional_decimal(value: object) -> Decimal | None:
    return None if value is None else to_decimal(value)


@attrs.frozen(repr=False, field_transformer=named_converters)
class Fact:
    """One piece of evidence a rulebook needs for each unit.

    Args:
        name: Stable ASCII key used in evidence files, e.g. ``"meetings_held"``.
        label: Chinese label shown on forms, e.g. ``"年度安全工作会议次数"``.
        kind: One of ``flag`` (是/否), ``count`` (whole number ≥ 0), ``amount`` (decimal),
            ``score`` (decimal within bounds), ``date``, ``choice`` (one of ``choices``),
            ``list`` (several of ``choices``, or free text when ``choices`` is empty) or
            ``amounts`` (a list of decimals, e.g. one bonus per commendation).
        minimum: Inclusive lower bound for numbers (``amount`` defaults to 0).
        maximum: Inclusive upper bound for numbers, or ``None``.
        choices: The allowed values of a ``choice`` or ``list`` fact.
        default: Value used when the evidence omits the fact, declared by the rulebook;
            ``None`` means the fact is required.
        unit: Unit of measure shown on forms (次, 家, 万元…).
        help: A sentence telling the assessor what to enter.

    >>> Fact("meetings_held", "安全工作会议次数", kind="count").coerce("3")
    3
    """

    name: str = attrs.field(validator=check_id)
    label: str = attrs.field(validator=check_title)
    kind: FactKind = attrs.field(default="count")
    minimum: Decimal | None = attrs.field(default=None, converter=_optional_decimal)
    maximum: Decimal | None = attrs.field(default=None, converter=_optional_decimal)
    choices: tuple[str, ...] = attrs.field(default=(), converter=to_texts)
    default: Any = attrs.field(default=None)
    unit: str = ""
    help: str = ""

    def __attrs_post_init__(self) -> None:
        if self.kind not in FACT_KINDS:
            raise RulebookError(
                self.name, "kind", self.kind, f"must be one of {', '.join(FACT_KINDS)}"
            )
        if self.kind == "choice" and not self.choices:
            raise RulebookError(self.name, "choices", self.choices, "must name the options")
        if len(set(self.choices)) != len(self.choices):
            raise RulebookError(self.name, "choices", self.choices, "must not repeat")
        if self.minimum is not None and self.maximum is not None and self.minimum > self.maximum:
            raise RulebookError(self.name, "maximum", self.maximum, "must be ≥ minimum")
        if self.default is not None:
            try:
                coerced = self.coerce(self.default)
            except FactValueError as error:
                raise RulebookError(self.name, "default", self.default, error.expectation) from None
            object.__setattr__(self, "default", coerced)

    def __repr__(self) -> str:
        return code_repr(self)

    @property
    def required(self) -> bool:
        """Whether evidence must supply this fact (no declared default)."""
        return self.default is None

    @property
    def effective_minimum(self) -> Decimal | None:
        """The lower bound actually enforced (counts and amounts are never negative)."""
        if self.minimum is not None:
            return self.minimum
        if self.kind in ("count", "amount", "score", "amounts"):
            return Decimal(0)
        return None

    def example_value(self) -> Any:
        """A valid value for this fact: its default, else a neutral one (no lapse).

        >>> Fact("x", "标签", kind="score", maximum="15").example_value()
        Decimal('15')
        """
        if self.default is not None:
            return self.default
        kind = self.kind
        if kind == "flag":
            return False
        if kind in ("count", "amount", "score"):
            value = self.maximum
            if value is None:
                value = self.effective_minimum or Decimal(0)
            return int(value) if kind == "count" else value
        if kind == "date":
            return _dt.date(2024, 12, 31)
        if kind == "choice":
            return self.choices[0]
        if kind == "list":
            return tuple(self.choices)
        return ()

    def describe(self) -> str:
        """Describe in words what a valid value looks like (for forms and errors).

        >>> Fact("x", "标签", kind="score", maximum="15").describe()
        'a number from 0 to 15'
        """
        low, high = self.effective_minimum, self.maximum
        if self.kind == "flag":
            return _("yes or no (是/否, true/false)")
        if self.kind == "date":
            return _("a date as YYYY-MM-DD")
        if self.kind == "choice":
            return _("one of {choices}").format(choices=", ".join(repr(c) for c in self.choices))
        if self.kind == "list":
            if self.choices:
                return _("a list of items from {choices}").format(
                    choices=", ".join(repr(c) for c in self.choices)
                )
            return _("a list of texts")
        # One message per kind and bound, so that each reads naturally once translated.
        nouns = _NOUNS[self.kind]
        if low is not None and high is not None:
            return _(nouns[0]).format(low=_plain(low), high=_plain(high))
        if low is not None:
            return _(nouns[1]).format(low=_plain(low))
        return _(nouns[2])

    def coerce(self, value: object) -> object:
        """Return *value* as this fact's exact Python value.

        Numbers are read by the number rule (:mod:`._numbers`): decimal text, ``int``,
        ``Decimal``, or a ``float`` taken by its shortest text (``repr``), so ``4.5``
        is ``Decimal('4.5')`` and ``0.1`` is ``Decimal('0.1')``. NaN, infinities and
        booleans are not numbers; ``"1,5"`` is refused with the thousands-separator
        rule.

        Args:
            value: An untrusted value from an evidence file or a caller.

        Returns:
            ``bool`` for flags, ``int`` for counts, ``Decimal`` for amounts and scores,
            ``datetime.date`` for dates, ``str`` for choices, a tuple for lists.

        Raises:
            FactValueError: The value does not fit; the message says what would.
        """
        kind = self.kind
        if kind == "flag":
            return _coerce_flag(value, self)
        if kind == "count":
            return self._bounded(_coerce_count(value, self))
        if kind in ("amount", "score"):
            return self._bounded(_coerce_decimal(value, self))
        if kind == "date":
            return _coerce_date(value)
        if kind == "choice":
            return _coerce_choice(value, self)
        if kind == "amounts":
            items = _coerce_sequence(value, self)
            return tuple(self._bounded(_coerce_decimal(item, self)) for item in items)
        return _coerce_list(value, self)

    def _bounded(self, number: Any) -> Any:
        low, high = self.effective_minimum, self.maximum
        if (low is not None and number < low) or (high is not None and number > high):
            raise FactValueError(self.out_of_range())
        return number

    def out_of_range(self) -> str:
        """The message for a value this fact refuses by its bounds, or by a rule that
        narrows them (酌情扣1–5分 refuses 0.5): a score fact's message adds its help
        sentence, so every refused value of it gets one message naming what is allowed.

        >>> Fact("x", "酌情扣分", kind="score", maximum="5", help="未发现填0").out_of_range()
        'must be a number from 0 to 5 (未发现填0)'
        """
        expected = self.describe()
        if self.kind == "score" and self.help:
            return _("must be {expected} ({help})").format(expected=expected, help=self.help)
        return _("must be {expected}").format(expected=expected)


_NOUNS: Final = {
    "count": (
        N_("a whole number from {low} to {high}"),
        N_("a whole number ≥ {low}"),
        N_("a whole number"),
    ),
    "amount": (
        N_("a decimal number from {low} to {high}"),
        N_("a decimal number ≥ {low}"),
        N_("a decimal number"),
    ),
    "score": (N_("a number from {low} to {high}"), N_("a number ≥ {low}"), N_("a number")),
    "amounts": (
        N_("a list of decimal numbers from {low} to {high}"),
        N_("a list of decimal numbers ≥ {low}"),
        N_("a list of decimal numbers"),
    ),
}


def _must_be(fact: Fact, message: str = N_("must be {expected}")) -> FactValueError:
    return FactValueError(_(message).format(expected=fact.describe()))


def _plain(value: Decimal) -> str:
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _coerce_flag(value: object, fact: Fact) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        text = value.strip().lower()
        if text in _TRUE:
            return True
        if text in _FALSE and text:
            return False
        if text in _AMBIGUOUS:
            raise FactValueError(
                _(
                    "must be 是 or 否: is it so that {label}? {value!r} is not read as "
                    "是 or 否 for a yes/no question"
                ).format(value=text, label=fact.label)
            )
    raise _must_be(fact)


def _too_large(fact: Fact) -> FactValueError:
    # Said at once, before any arithmetic: 1e999999999 must not reach int() or Fraction().
    return FactValueError(
        _(
            "must be {expected} with at most {digits} digits before the "
            "decimal point and {places} after it"
        ).format(expected=fact.describe(), digits=MAX_INTEGER_DIGITS, places=MAX_DECIMAL_PLACES)
    )


def _coerce_count(value: object, fact: Fact) -> int:
    if isinstance(value, bool):
        raise _must_be(fact, N_("must be {expected}, not a yes/no value"))
    if isinstance(value, int):
        if value.bit_length() > 64 or abs(value) >= 10**MAX_INTEGER_DIGITS:
            raise _too_large(fact)
        return value
    if isinstance(value, Decimal | str | float):
        number = _number(value, fact)
        if number != number.to_integral_value():
            raise _must_be(fact, N_("must be {expected}, not a fraction"))
        return int(number)
    raise _must_be(fact)


def _number(value: object, fact: Fact) -> Decimal:
    """*value* by the number rule (a float by its shortest text), or the fact's error."""
    try:
        return evidence_decimal(value)
    except NumberSizeError:
        raise _too_large(fact) from None
    except NotFiniteError:
        raise _must_be(
            fact, N_("must be {expected}; NaN and infinity are not numbers a score sheet holds")
        ) from None
    except TypeError:
        if isinstance(value, bool):
            raise _must_be(fact, N_("must be {expected}, not a yes/no value")) from None
        raise _must_be(fact) from None
    except ValueError:
        if isinstance(value, str) and _BAD_COMMA.fullmatch(value.strip()):
            raise _must_be(
                fact,
                N_(
                    "must be {expected}; a comma may only separate thousands, in groups "
                    "of three digits (1,500 is one thousand five hundred), and a decimal comma "
                    "is not read: write 1.5, not 1,5"
                ),
            ) from None
        raise _must_be(fact) from None


def _coerce_decimal(value: object, fact: Fact) -> Decimal:
    return _number(value, fact)


def _coerce_date(value: object) -> _dt.date:
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    if isinstance(value, str):
        try:
            return _dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise FactValueError(_("must be a date as YYYY-MM-DD"))


def _coerce_choice(value: object, fact: Fact) -> str:
    if isinstance(value, str) and value.strip() in fact.choices:
        return value.strip()
    hint = did_you_mean(value, fact.choices) if isinstance(value, str) else ""
    raise FactValueError(_("must be {expected}").format(expected=fact.describe()), hint)


def _coerce_sequence(value: object, fact: Fact) -> tuple[object, ...]:
    if isinstance(value, list | tuple):
        return tuple(value)
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return ()
        separators = ("；", ";", "，", ",", "、", "\n")
        for separator in separators:
            if separator in text:
                return tuple(part.strip() for part in text.split(separator) if part.strip())
        return (text,)
    if value is None:
        return ()
    raise _must_be(fact)


def _coerce_list(value: object, fact: Fact) -> tuple[str, ...]:
    items = _coerce_sequence(value, fact)
    result: list[str] = []
    for item in items:
        if not isinstance(item, str):
            raise _must_be(fact)
        text = item.strip()
        if fact.choices and text not in fact.choices:
            raise FactValueError(
                _("must be {expected} (got unknown item {item!r})").format(
                    expected=fact.describe(), item=text
                ),
                did_you_mean(text, fact.choices),
            )
        if text in result:
            raise FactValueError(_("must not list {item!r} twice").format(item=text))
        result.append(text)
    return tuple(result)
