"""Fact declarations: the evidence a rulebook needs, readable by tools that build forms.

A fact has a stable ASCII ``name`` (the key in evidence files), a Chinese ``label``
(the column heading an assessor sees), a ``kind`` and bounds. :meth:`Fact.coerce`
turns one untrusted evidence value into the exact Python value the evaluator uses,
or raises :class:`FactValueError` saying what was expected.
"""

from __future__ import annotations

import datetime as _dt
from decimal import Decimal
from typing import Any, Final, Literal

import attrs

from ._errors import RulebookError, did_you_mean
from ._node import check_id, check_title, named_converters, to_decimal, to_texts
from ._numbers import MAX_DECIMAL_PLACES, MAX_INTEGER_DIGITS, NumberSizeError, as_decimal
from ._repr import code_repr

__all__ = ["FACT_KINDS", "Fact", "FactKind", "FactValueError"]

FactKind = Literal["flag", "count", "amount", "score", "date", "choice", "list", "amounts"]
FACT_KINDS: Final = ("flag", "count", "amount", "score", "date", "choice", "list", "amounts")

_TRUE = frozenset({"true", "yes", "y", "1", "是", "有", "√", "✓", "t"})
_FALSE = frozenset({"false", "no", "n", "0", "否", "无", "×", "✗", "f", ""})


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
            return "yes or no (是/否, true/false)"
        if self.kind == "date":
            return "a date as YYYY-MM-DD"
        if self.kind == "choice":
            return "one of " + ", ".join(repr(c) for c in self.choices)
        if self.kind == "list":
            if self.choices:
                return "a list of items from " + ", ".join(repr(c) for c in self.choices)
            return "a list of texts"
        noun = {
            "count": "a whole number",
            "amount": "a decimal number",
            "score": "a number",
            "amounts": "a list of decimal numbers",
        }[self.kind]
        if low is not None and high is not None:
            return f"{noun} from {_plain(low)} to {_plain(high)}"
        if low is not None:
            return f"{noun} ≥ {_plain(low)}"
        return noun

    def coerce(self, value: object) -> object:
        """Return *value* as this fact's exact Python value.

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
            raise FactValueError(f"must be {self.describe()}")
        return number


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
    raise FactValueError(f"must be {fact.describe()}")


def _too_large(fact: Fact) -> FactValueError:
    # Said at once, before any arithmetic: 1e999999999 must not reach int() or Fraction().
    return FactValueError(
        f"must be {fact.describe()} with at most {MAX_INTEGER_DIGITS} digits before the "
        f"decimal point and {MAX_DECIMAL_PLACES} after it"
    )


def _coerce_count(value: object, fact: Fact) -> int:
    if isinstance(value, bool):
        raise FactValueError(f"must be {fact.describe()}, not a yes/no value")
    if isinstance(value, int):
        if value.bit_length() > 64 or abs(value) >= 10**MAX_INTEGER_DIGITS:
            raise _too_large(fact)
        return value
    if isinstance(value, Decimal | str):
        try:
            number = as_decimal(value)
        except NumberSizeError:
            raise _too_large(fact) from None
        except (TypeError, ValueError):
            raise FactValueError(f"must be {fact.describe()}") from None
        if number != number.to_integral_value():
            raise FactValueError(f"must be {fact.describe()}, not a fraction")
        return int(number)
    if isinstance(value, float):
        raise FactValueError(
            f"must be {fact.describe()} written as decimal text, not a binary float"
        )
    raise FactValueError(f"must be {fact.describe()}")


def _coerce_decimal(value: object, fact: Fact) -> Decimal:
    try:
        return as_decimal(value)
    except NumberSizeError:
        raise _too_large(fact) from None
    except TypeError as error:
        if isinstance(value, float):
            raise FactValueError(
                f"must be {fact.describe()} written as exact decimal text "
                f"(a binary float cannot hold it exactly)"
            ) from None
        raise FactValueError(f"must be {fact.describe()}") from error
    except ValueError:
        raise FactValueError(f"must be {fact.describe()}") from None


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
    raise FactValueError("must be a date as YYYY-MM-DD")


def _coerce_choice(value: object, fact: Fact) -> str:
    if isinstance(value, str) and value.strip() in fact.choices:
        return value.strip()
    hint = did_you_mean(value, fact.choices) if isinstance(value, str) else ""
    raise FactValueError(f"must be {fact.describe()}", hint)


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
    raise FactValueError(f"must be {fact.describe()}")


def _coerce_list(value: object, fact: Fact) -> tuple[str, ...]:
    items = _coerce_sequence(value, fact)
    result: list[str] = []
    for item in items:
        if not isinstance(item, str):
            raise FactValueError(f"must be {fact.describe()}")
        text = item.strip()
        if fact.choices and text not in fact.choices:
            raise FactValueError(
                f"must be {fact.describe()} (got unknown item {text!r})",
                did_you_mean(text, fact.choices),
            )
        if text in result:
            raise FactValueError(f"must not list {text!r} twice")
        result.append(text)
    return tuple(result)
