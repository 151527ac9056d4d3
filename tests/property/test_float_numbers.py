"""Floats in evidence are read by their shortest text: any finite float f is Decimal(repr(f))."""

from __future__ import annotations

import math
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assessment_rules import Fact
from assessment_rules.engine._facts import FactValueError
from assessment_rules.engine._numbers import (
    MAX_DECIMAL_PLACES,
    MAX_INTEGER_DIGITS,
    NotFiniteError,
    NumberSizeError,
    evidence_decimal,
)

AMOUNT = Fact("x", "金额", kind="amount", minimum="-999999999999999.9999999999")


def _fits(number: Decimal) -> bool:
    """Whether the number rule's size limits admit *number* (as ``check_size`` says)."""
    exponent = number.as_tuple().exponent
    assert isinstance(exponent, int)
    too_large = bool(number) and number.adjusted() >= MAX_INTEGER_DIGITS
    too_fine = exponent < -MAX_DECIMAL_PLACES and bool(number)
    return not too_large and not too_fine


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_any_finite_float_is_read_as_the_decimal_of_its_repr(value: float) -> None:
    """Any finite float is Decimal(repr(f)), or refused by the size limits; never else."""
    expected = Decimal(repr(value))
    if _fits(expected):
        assert evidence_decimal(value) == expected
        assert AMOUNT.coerce(value) == expected
    else:
        with pytest.raises(NumberSizeError):
            evidence_decimal(value)
        with pytest.raises(FactValueError, match="at most 15 digits"):
            AMOUNT.coerce(value)


@given(
    st.decimals(
        min_value=Decimal("-99999999"),
        max_value=Decimal("99999999"),
        places=2,
        allow_nan=False,
        allow_infinity=False,
    )
)
def test_a_number_written_as_a_float_reads_back_as_written(written: Decimal) -> None:
    """A decimal a person writes (≤ 15 significant digits) survives the trip through float."""
    value = float(written)
    assert evidence_decimal(value) == written


@given(st.sampled_from([math.nan, math.inf, -math.inf]))
def test_nan_and_infinity_are_never_numbers(value: float) -> None:
    """NaN and the infinities are refused, by the number reader and by a fact."""
    with pytest.raises(NotFiniteError):
        evidence_decimal(value)
    with pytest.raises(FactValueError, match="NaN and infinity"):
        AMOUNT.coerce(value)
