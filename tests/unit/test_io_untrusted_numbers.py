"""The one number rule for values read from files: thousands separators, sizes, no hangs."""

from __future__ import annotations

import time
from decimal import Decimal

import pytest

from assessment_rules import Fact
from assessment_rules.engine._facts import FactValueError
from assessment_rules.engine._numbers import NumberSizeError, as_decimal

COUNT = Fact("leader_checks", "领导带队检查次数", kind="count")
AMOUNT = Fact("budget", "预算数", kind="amount")


class TestThousandsSeparators:
    @pytest.mark.parametrize(
        ("text", "number"),
        [("1,500", "1500"), ("12,345.5", "12345.5"), ("-1,000,000", "-1000000"), ("1500", "1500")],
    )
    def test_commas_between_groups_of_three_digits_are_read(self, text: str, number: str) -> None:
        """A comma between groups of three digits is a thousands separator."""
        assert as_decimal(text) == Decimal(number)

    @pytest.mark.parametrize("text", ["1,5", "1,5000", ",500", "1,500,", "1,50.5", "1.500,5"])
    def test_any_other_comma_is_an_error(self, text: str) -> None:
        """``1,5`` is neither 15 nor 1.5: any comma that is not a thousands separator is refused."""
        with pytest.raises(ValueError, match="comma may only separate thousands"):
            as_decimal(text)

    def test_a_count_of_1_5_with_a_comma_is_refused(self) -> None:
        """As a count, ``"1,5"`` is refused (it used to count 15)."""
        with pytest.raises(FactValueError):
            COUNT.coerce("1,5")

    @pytest.mark.parametrize("text", ["1_000", "1 000", "0x10", "nan", "Infinity", "1e"])
    def test_other_spellings_are_not_numbers(self, text: str) -> None:
        """Underscores, spaces inside, hex, NaN and infinities are not numbers."""
        with pytest.raises(ValueError):
            as_decimal(text)


class TestSizes:
    @pytest.mark.parametrize(
        "value",
        [
            "1e999999999",
            pytest.param("9" * 5000, id="5000-digit-text"),
            10**20,
            Decimal("1E+999999999"),
            pytest.param("1e" + "9" * 60, id="60-digit-exponent"),
        ],
    )
    def test_huge_numbers_are_refused_at_once(self, value: object) -> None:
        """``1e999999999`` and 5,000 digits are refused at once, never expanded."""
        start = time.perf_counter()
        with pytest.raises(NumberSizeError, match="too large"):
            as_decimal(value)
        assert time.perf_counter() - start < 0.1

    def test_tiny_fractions_are_refused(self) -> None:
        """More than 10 decimal places is refused (1e-999999999 would hang in Fraction())."""
        with pytest.raises(NumberSizeError, match="too many decimal places"):
            as_decimal("1e-999999999")

    def test_zero_with_an_absurd_exponent_is_zero(self) -> None:
        """``0E-999999999`` is zero, kept without its exponent."""
        assert as_decimal("0E-999999999") == 0
        assert as_decimal("0E-999999999").as_tuple().exponent == 0

    def test_the_largest_numbers_are_read(self) -> None:
        """15 digits before the point and 10 after are read exactly."""
        assert as_decimal("999999999999999.9999999999") == Decimal("999999999999999.9999999999")

    @pytest.mark.parametrize(
        "value",
        [
            "1e999999999",
            pytest.param("9" * 5000, id="5000-digit-text"),
            pytest.param(10**5000, id="5000-digit-int"),
            10**15,
        ],
    )
    def test_a_huge_count_says_why(self, value: object) -> None:
        """A huge count is refused with the size rule, before any int() conversion."""
        start = time.perf_counter()
        with pytest.raises(FactValueError, match="at most 15 digits before the decimal point"):
            COUNT.coerce(value)
        assert time.perf_counter() - start < 0.1

    def test_a_huge_amount_says_why(self) -> None:
        """A huge amount is refused with the size rule."""
        with pytest.raises(FactValueError, match="at most 15 digits"):
            AMOUNT.coerce("1e20")
