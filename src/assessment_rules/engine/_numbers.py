"""Exact decimal arithmetic: the one place where numbers are parsed and rounded.

Numbers enter from their decimal text, never through binary floats. Rounding is
half up (四舍五入) and happens only where a rulebook asks for it, through
:func:`round_half_up` or :func:`divide_rounded`.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from fractions import Fraction

__all__ = [
    "ZERO",
    "as_decimal",
    "divide_rounded",
    "divide_truncated",
    "fmt",
    "round_half_up",
]

ZERO = Decimal(0)
_QUANTA = {places: Decimal(1).scaleb(-places) for places in range(0, 10)}


def as_decimal(value: object) -> Decimal:
    """Return *value* as an exact ``Decimal``, taken from its decimal text.

    Accepts ``Decimal``, ``int`` and ``str`` (such as ``"0.5"``). Rejects floats,
    booleans, NaN and infinities with ``TypeError``/``ValueError``, because a float
    has already lost the decimal text the number was written in.

    >>> as_decimal("0.5")
    Decimal('0.5')
    >>> as_decimal(2)
    Decimal('2')
    """
    if isinstance(value, bool):
        raise TypeError(f"expected decimal text, got a boolean {value!r}")
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, str):
        text = value.strip().replace(",", "")
        try:
            result = Decimal(text)
        except InvalidOperation:
            raise ValueError(f"{value!r} is not a decimal number") from None
    elif isinstance(value, float):
        raise TypeError(
            f"{value!r} is a binary float; give the number as decimal text, e.g. '{value!r}'"
        )
    else:
        raise TypeError(f"expected decimal text, got {type(value).__name__} {value!r}")
    if not result.is_finite():
        raise ValueError(f"{value!r} is not a finite number")
    return result


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
