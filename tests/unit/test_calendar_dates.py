"""Chinese date expressions of seeds 000, 001 and 003 read for a plan year."""

from __future__ import annotations

import datetime
from datetime import date

import pytest

from assessment_rules.calendar import (
    DateExpressionError,
    DateSpan,
    month_end,
    parse_date,
    parse_when,
    quarter_span,
    same_month,
)


class TestParseWhenSeedExpressions:
    @pytest.mark.parametrize(
        ("text", "first", "last"),
        [
            # Seed 003 时间节点: a month alone is the whole month, due on its last day.
            ("12 月", date(2024, 12, 1), date(2024, 12, 31)),
            ("3 月", date(2024, 3, 1), date(2024, 3, 31)),
            ("4 月", date(2024, 4, 1), date(2024, 4, 30)),
            ("6 月", date(2024, 6, 1), date(2024, 6, 30)),
            ("7月", date(2024, 7, 1), date(2024, 7, 31)),
            ("9月", date(2024, 9, 1), date(2024, 9, 30)),
            ("11月", date(2024, 11, 1), date(2024, 11, 30)),
            # Seed 003 task 25: 年底前 — by 31 December.
            ("年底前", None, date(2024, 12, 31)),
            # Seed 000: 11月下旬 is days 21–30 of November.
            ("11月下旬", date(2024, 11, 21), date(2024, 11, 30)),
            # Seed 000: 2024年11月20日前 — by 20 November, that day included.
            ("2024年11月20日前", None, date(2024, 11, 20)),
            # Seed 000: 12月中旬前 — by the end of 中旬, the 20th.
            ("2024年12月中旬前", None, date(2024, 12, 20)),
            ("12月中旬前", None, date(2024, 12, 20)),
            # Seed 000: 2025年1月上旬 — days 1–10; 次年 is the year after the plan year.
            ("2025年1月上旬", date(2025, 1, 1), date(2025, 1, 10)),
            ("次年1月上旬", date(2025, 1, 1), date(2025, 1, 10)),
            # Seed 000: 次年1月15日前 — by 15 January 2025.
            ("次年1月15日前", None, date(2025, 1, 15)),
            ("6月底", date(2024, 6, 30), date(2024, 6, 30)),
        ],
    )
    def test_expression_reads_as_documented(
        self, text: str, first: date | None, last: date
    ) -> None:
        """Each seed expression gives the span the documented convention says."""
        span = parse_when(text, 2024)
        assert (span.first, span.last, span.text) == (first, last, text)

    def test_seed_001_range_reads_as_twentieth_to_thirtieth(self) -> None:
        """Seed 001's 10月20日—10月30日 runs from 20 to 30 October 2020."""
        span = parse_when("10月20日—10月30日", 2020)
        assert (span.first, span.last) == (date(2020, 10, 20), date(2020, 10, 30))

    def test_range_end_inherits_the_month(self) -> None:
        """Seed 001's "10 月 20 日-30 日" leaves out the month of its end."""
        span = parse_when("10 月 20 日-30 日", 2020)
        assert (span.first, span.last) == (date(2020, 10, 20), date(2020, 10, 30))

    def test_parenthesis_restates_more_precisely(self) -> None:
        """Seed 001's "10 月中下旬（10 月 20 日-30 日）" reads as the range in brackets."""
        span = parse_when("10 月中下旬（10 月 20 日-30 日）", 2020)
        assert (span.first, span.last) == (date(2020, 10, 20), date(2020, 10, 30))

    def test_self_check_report_deadline_of_2020(self) -> None:
        """Seed 001's 10月31日前 is met on 31 October 2020."""
        assert parse_when("10月31日前", 2020).due == date(2020, 10, 31)


class TestParseWhenOtherForms:
    def test_range_over_the_new_year(self) -> None:
        """A range whose end month comes before its start month ends in the next year."""
        span = parse_when("12月20日-1月10日", 2024)
        assert (span.first, span.last) == (date(2024, 12, 20), date(2025, 1, 10))

    def test_quarters_and_halves(self) -> None:
        """Quarters, 季度末 and 上半年 read as their calendar spans."""
        assert (parse_when("一季度", 2024).first, parse_when("一季度", 2024).last) == (
            date(2024, 1, 1),
            date(2024, 3, 31),
        )
        assert parse_when("第三季度末", 2024).describe() == "2024-09-30"
        assert parse_when("上半年", 2024).describe() == "2024-01-01 – 2024-06-30"

    def test_late_february_in_a_leap_year(self) -> None:
        """下旬 of February 2024 ends on the 29th."""
        assert parse_when("2月下旬", 2024).last == date(2024, 2, 29)

    def test_full_width_digits(self) -> None:
        """Full-width digits read like ASCII ones."""
        assert parse_when("１２月", 2024).last == date(2024, 12, 31)

    def test_iso_day(self) -> None:
        """An ISO day is a one-day span."""
        assert parse_when("2024-10-01", 2024) == DateSpan(
            date(2024, 10, 1), date(2024, 10, 1), "2024-10-01"
        )


class TestParseWhenErrors:
    @pytest.mark.parametrize(
        ("text", "words"),
        [
            ("12月前", "ambiguous"),
            ("13月", "month 13"),
            ("2月30日", "does not exist"),
            ("10月20日-5日", "ends before it starts"),
            ("明天", "must be a date expression"),
            ("", "must not be empty"),
            ("10月20日前-30日", "前"),
            ("30日", "without its month"),
        ],
    )
    def test_bad_expression_is_refused_with_a_reason(self, text: str, words: str) -> None:
        """An expression outside the documented forms is refused, saying why."""
        with pytest.raises(DateExpressionError) as caught:
            parse_when(text, 2024)
        assert words in str(caught.value)
        assert caught.value.value == text

    def test_restatement_outside_the_outer_span(self) -> None:
        """A bracketed restatement must lie inside what it restates."""
        with pytest.raises(DateExpressionError, match="outside it"):
            parse_when("10月上旬（10月20日-30日）", 2020)


class TestDateSpan:
    def test_last_before_first_is_refused(self) -> None:
        """A span cannot end before it starts."""
        with pytest.raises(DateExpressionError):
            DateSpan(date(2024, 2, 1), date(2024, 1, 1))

    def test_contains_counts_the_last_day(self) -> None:
        """The last day is inside the span; the next day is not."""
        span = parse_when("2024年11月20日前", 2024)
        assert span.contains(date(2024, 11, 20))
        assert not span.contains(date(2024, 11, 21))

    def test_repr_rebuilds(self) -> None:
        """The repr is code that builds an equal span."""
        span = parse_when("11月下旬", 2024)
        assert eval(repr(span), {"DateSpan": DateSpan, "datetime": datetime}) == span


class TestHelpers:
    def test_month_end(self) -> None:
        """The last day of February follows leap years."""
        assert month_end(2024, 2) == date(2024, 2, 29)
        assert month_end(2100, 2) == date(2100, 2, 28)

    def test_quarter_span_refuses_a_fifth_quarter(self) -> None:
        """Quarters are 1 to 4."""
        with pytest.raises(DateExpressionError):
            quarter_span(2024, 5)

    def test_same_month_needs_the_same_year(self) -> None:
        """December 2024 and December 2025 are different months."""
        assert not same_month(date(2024, 12, 1), date(2025, 12, 1))


class TestParseDate:
    def test_iso_and_chinese_forms(self) -> None:
        """A day reads from ISO and from 年月日 text."""
        assert parse_date("2024-10-01") == parse_date("2024年10月1日") == date(2024, 10, 1)

    @pytest.mark.parametrize(
        ("text", "words"),
        [
            ("2024-13-01", "does not exist"),
            ("yesterday", "YYYY-MM-DD"),
            ("10月1日", "YYYY-MM-DD"),
            ("2024年10月", "YYYY-MM-DD"),
        ],
    )
    def test_not_a_day(self, text: str, words: str) -> None:
        """Text that is not one existing day with its year is refused, saying why."""
        with pytest.raises(DateExpressionError, match=words):
            parse_date(text)
