"""Exact decimal arithmetic: the one place where numbers are parsed and rounded.

Numbers enter from their decimal text, never through a binary float's expansion.
Rounding is half up (四舍五入) and happens only where a rulebook asks for it, through
:func:`round_half_up` or :func:`divide_rounded`.

**Floats** (from Python code, or from ``json.load`` in a tool that calls this
library) are taken by their shortest decimal text, Python's ``repr``: the text that
reads back as the same float, which is what its writer wrote. ``4.5`` is
``Decimal('4.5')``, ``0.1`` is ``Decimal('0.1')`` (never
``0.1000000000000000055511151231257827…``). NaN and the infinities are refused, and
``True``/``False`` are not numbers. Arithmetic stays ``Decimal``.

**The number rule** (one rule for every number read, from evidence or a rulebook):
decimal digits with an optional sign, decimal point and exponent (``13.5``, ``-4``,
``1.5e3``); at most :data:`MAX_INTEGER_DIGITS` digits before the decimal point and
:data:`MAX_DECIMAL_PLACES` after it, so that no number can make arithmetic hang
(``1e999999999``) or blow up (a 5,000-digit integer). A comma is read only as a
thousands separator between groups of exactly three digits (``1,500`` and
``12,345.5`` are numbers); any other comma is an error (``1,5`` is neither 15 nor 1.5),
and so are underscores (``1_000``).
"""

from __future__ import annotations

import math
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from fractions import Fraction
from typing import Final

from ._errors import shown_value

__all__ = [
    "MAX_DECIMAL_PLACES",
    "MAX_INTEGER_DIGITS",
    "ZERO",
    "NotFiniteError",
    "NumberSizeError",
    "as_decimal",
    "check_size",
    "divide_rounded",
    "divide_truncated",
    "evidence_decimal",
    "float_decimal",
    "fmt",
    "round_half_up",
]

ZERO = Decimal(0)
_QUANTA = {places: Decimal(1).scaleb(-places) for places in range(0, 10)}

MAX_INTEGER_DIGITS: Final = 15
"""Digits a number may have before its decimal point (numbers below 10¹⁵)."""
MAX_DECIMAL_PLACES: Final = 10
"""Digits a number may have after its decimal point."""
_MAX_TEXT: Final = 64  # longer text is never a number this program accepts
_PLAIN: Final = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_GROUPED: Final = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?")


class NumberSizeError(ValueError):
    """A number is well formed but too large or too finely divided to be accepted."""


class NotFiniteError(ValueError):
    """A NaN or an infinity was given where a number is needed."""


def _shown(value: object) -> str:
    return shown_value(value)


def check_size(number: Decimal, value: object = None) -> Decimal:
    """Return *number* if it fits the number rule's size limits.

    Raises:
        NumberSizeError: More than ``MAX_INTEGER_DIGITS`` digits before the point or
            ``MAX_DECIMAL_PLACES`` after it; checked without expanding the number, so
            ``1e999999999`` is refused at once.

    >>> check_size(Decimal("123.5"))
    Decimal('123.5')
    """
    if not number.is_finite():
        raise NotFiniteError(
            f"{_shown(number if value is None else value)} is not a number: NaN and infinity "
            "are refused (give a finite number)"
        )
    exponent = number.as_tuple().exponent
    assert isinstance(exponent, int)  # finite
    if number and number.adjusted() >= MAX_INTEGER_DIGITS:
        raise NumberSizeError(
            f"{_shown(number if value is None else value)} is too large: numbers have at most "
            f"{MAX_INTEGER_DIGITS} digits before the decimal point"
        )
    if exponent < -MAX_DECIMAL_PLACES:
        if not number:
            return ZERO  # 0E-999999999 is zero; keep no absurd exponent
        raise NumberSizeError(
            f"{_shown(number if value is None else value)} has too many decimal places: "
            f"numbers have at most {MAX_DECIMAL_PLACES} digits after the decimal point"
        )
    if exponent > MAX_INTEGER_DIGITS:  # zero written as 0E+999999999
        return ZERO
    return number


def parse_number_text(text: str) -> Decimal:
    """Read decimal text by the number rule (see the module notes).

    Raises:
        ValueError: The text is not a number by the rule (a :class:`NumberSizeError`
            when only its size is wrong).

    >>> parse_number_text(" 1,500.5 "), parse_number_text("1.5e3")
    (Decimal('1500.5'), Decimal('1.5E+3'))
    """
    stripped = text.strip()
    if len(stripped) > _MAX_TEXT:
        if _PLAIN.fullmatch(stripped) or _GROUPED.fullmatch(stripped):
            raise NumberSizeError(
                f"{_shown(text)} is too large: numbers have at most {MAX_INTEGER_DIGITS} "
                f"digits before the decimal point and {MAX_DECIMAL_PLACES} after it"
            )
        raise ValueError(f"{_shown(text)} is not a decimal number")
    if _GROUPED.fullmatch(stripped):
        stripped = stripped.replace(",", "")
    elif not _PLAIN.fullmatch(stripped):
        if "," in stripped:
            raise ValueError(
                f"{_shown(text)} is not a decimal number (a comma may only separate "
                "thousands, in groups of three digits: 1,500)"
            )
        raise ValueError(f"{_shown(text)} is not a decimal number")
    try:
        return check_size(Decimal(stripped), text)
    except InvalidOperation:  # an exponent beyond what Decimal can hold
        raise NumberSizeError(f"{_shown(text)} is too large") from None


def float_decimal(value: float) -> Decimal:
    """Return a float as the ``Decimal`` of its shortest text (``repr``).

    ``repr`` gives the shortest decimal text that reads back as the same float: what
    the float's writer wrote (a literal in code, a number in a JSON file), not the
    binary expansion ``Decimal(0.1)`` would give.

    Raises:
        NotFiniteError: NaN or an infinity.
        NumberSizeError: Beyond the size limits of the number rule.

    >>> float_decimal(4.5), float_decimal(0.1), float_decimal(1e-07)
    (Decimal('4.5'), Decimal('0.1'), Decimal('1E-7'))
    """
    if not math.isfinite(value):
        raise NotFiniteError(
            f"{value!r} is not a number: NaN and infinity are refused (give a finite number)"
        )
    return check_size(Decimal(repr(value)), value)


def as_decimal(value: object) -> Decimal:
    """Return *value* as an exact ``Decimal``, taken from its decimal text.

    This is the rule for numbers a rulebook is written with: ``Decimal``, ``int`` and
    ``str`` (such as ``"0.5"``, read by the number rule of the module notes). Floats
    are refused (``TypeError``): a rulebook's points are written as decimal text.
    Evidence values go through :func:`evidence_decimal`, which also takes floats.
    Rejects booleans (``TypeError``), NaN and infinities (:class:`NotFiniteError`, a
    ``ValueError``) and numbers beyond the size limits (:class:`NumberSizeError`, a
    ``ValueError``).

    >>> as_decimal("0.5")
    Decimal('0.5')
    >>> as_decimal(2)
    Decimal('2')
    """
    if isinstance(value, bool):
        raise TypeError(f"expected decimal text, got a boolean {value!r}")
    if isinstance(value, Decimal):
        return check_size(value)
    if isinstance(value, int):
        if value.bit_length() > 64:  # far beyond the limit: refuse before converting
            raise NumberSizeError(
                f"the number is too large: numbers have at most {MAX_INTEGER_DIGITS} "
                "digits before the decimal point"
            )
        return check_size(Decimal(value))
    if isinstance(value, str):
        return parse_number_text(value)
    if isinstance(value, float):
        raise TypeError(
            f"{value!r} is a binary float; give the number as decimal text, e.g. '{value!r}'"
        )
    raise TypeError(f"expected decimal text, got {type(value).__name__} {_shown(value)}")


def evidence_decimal(value: object) -> Decimal:
    """Return an evidence value as an exact ``Decimal``: :func:`as_decimal`, and floats.

    Evidence comes from files and from other programs: a float (from Python code, or
    from ``json.load`` in a tool that calls this library) is taken by its shortest
    text, ``repr`` (see :func:`float_decimal`).

    >>> evidence_decimal(4.5), evidence_decimal(0.1), evidence_decimal("13.50")
    (Decimal('4.5'), Decimal('0.1'), Decimal('13.50'))
    """
    if isinstance(value, float):
        return float_decimal(value)
    return as_decimal(value)


def round_half_up(value: Decimal, places: int) -> Decimal:
    """Round *value* half up (四舍五入) to *places* decimal places.

    >>> round_half_up(Decimal("9.575"), 2)
    Decimal('9.58')
    """
    return value.quantize(_QUANTA[places], rounding=ROUND_HALF_UP)


def _fraction_to_places(fraction: Fraction, places: int, *, half_up: bool) -> Decimal:
    scale = 10**places
    scaled = fraction * scale
    sign = -1 if scaled < 0 else 1
    magnitude = abs(scaled)
    whole = magnitude.numerator // magnitude.denominator
    if half_up and (magnitude - whole) * 2 >= 1:
        whole += 1
    return (Decimal(sign * whole) / Decimal(scale)).quantize(_QUANTA[places])


def divide_rounded(numerator: Decimal, denominator: Decimal, places: int) -> Decimal:
    """Return ``numerator / denominator`` rounded half up, computed exactly.

    The quotient is formed as an exact fraction first, so no intermediate rounding
    can tip a half.

    >>> divide_rounded(Decimal("233.6"), Decimal("24.38"), 2)
    Decimal('9.58')
    """
    return _fraction_to_places(Fraction(numerator) / Fraction(denominator), places, half_up=True)


def divide_truncated(numerator: Decimal, denominator: Decimal, places: int) -> Decimal:
    """Return ``numerator / denominator`` truncated toward zero, computed exactly.

    >>> divide_truncated(Decimal("1480"), Decimal("15.00"), 2)
    Decimal('98.66')
    """
    return _fraction_to_places(Fraction(numerator) / Fraction(denominator), places, half_up=False)


def fmt(value: Decimal | int) -> str:
    """Format a number for a Chinese reason: no exponent, no trailing zeros.

    >>> fmt(Decimal("4.00")), fmt(Decimal("0.5")), fmt(Decimal("1E+1"))
    ('4', '0.5', '10')
    """
    if isinstance(value, int):
        return str(value)
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text
