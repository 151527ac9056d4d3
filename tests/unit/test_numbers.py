"""Exact parsing and rounding (``_numbers``)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from assessment_rules.engine._numbers import (
    as_decimal,
    divide_rounded,
    divide_truncated,
    fmt,
    round_half_up,
)


class TestAsDecimal:
    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            ("0.5", Decimal("0.5")),
            (3, Decimal(3)),
            (Decimal("1.10"), Decimal("1.10")),
            (" 1,234.5 ", Decimal("1234.5")),
        ],
    )
    def test_accepts_decimal_text(self, value: object, expected: Decimal) -> None:
        """Decimal text, ints and Decimals are taken exactly."""
        assert as_decimal(value) == expected

    @pytest.mark.parametrize("value", [0.1, True, None, [1]])
    def test_rejects_floats_and_other_types(self, value: object) -> None:
        """Floats, booleans and other types are refused with TypeError."""
        with pytest.raises(TypeError):
            as_decimal(value)

    @pytest.mark.parametrize("value", ["NaN", "inf", "-Infinity", "abc", ""])
    def test_rejects_non_finite_and_garbage(self, value: str) -> None:
        """NaN, infinities and non-numbers are refused with ValueError."""
        with pytest.raises(ValueError, match="not"):
            as_decimal(value)


class TestRounding:
    def test_rounds_half_up_not_to_even(self) -> None:
        """0.125 rounds to 0.13 and 0.135 to 0.14 (四舍五入, not banker's rounding)."""
        assert round_half_up(Decimal("0.125"), 2) == Decimal("0.13")
        assert round_half_up(Decimal("0.135"), 2) == Decimal("0.14")

    def test_division_is_exact_before_rounding(self) -> None:
        """10 × 23.36 ÷ 24.38 = 9.5816… rounds to 9.58, as the 援滇 table prints."""
        assert divide_rounded(Decimal("233.6"), Decimal("24.38"), 2) == Decimal("9.58")

    def test_truncation_matches_the_printed_rates(self) -> None:
        """14.80 ÷ 15.00 prints 98.66 and 0.08 ÷ 3.00 prints 2.66 (seed 002)."""
        assert divide_truncated(Decimal("1480"), Decimal("15.00"), 2) == Decimal("98.66")
        assert divide_truncated(Decimal("8"), Decimal("3.00"), 2) == Decimal("2.66")

    def test_an_exact_half_after_division_rounds_up(self) -> None:
        """1 ÷ 8 = 0.125 exactly, which rounds half up to 0.13."""
        assert divide_rounded(Decimal(1), Decimal(8), 2) == Decimal("0.13")


class TestFmt:
    @pytest.mark.parametrize(
        ("value", "text"),
        [
            (Decimal("4.00"), "4"),
            (Decimal("0.50"), "0.5"),
            (Decimal("-0"), "0"),
            (7, "7"),
            (Decimal("1E+2"), "100"),
        ],
    )
    def test_formats_without_exponent_or_trailing_zeros(self, value: Decimal, text: str) -> None:
        """Points in reasons print as people write them: 4, 0.5, 100."""
        assert fmt(value) == text
