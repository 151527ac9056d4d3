"""Fact declarations and the coercion of untrusted values (``_facts``)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from assessment_rules import Fact, RulebookError
from assessment_rules.engine._facts import FactValueError


class TestDeclaration:
    def test_name_must_be_ascii_snake_case(self) -> None:
        """A Chinese or capitalised fact name is refused at construction."""
        with pytest.raises(RulebookError, match="name='会议次数' must be lowercase ASCII"):
            Fact("会议次数", "会议次数")

    def test_unknown_kind_is_refused(self) -> None:
        """A kind outside the declared set names the allowed kinds."""
        with pytest.raises(RulebookError, match="kind='number' must be one of flag, count"):
            Fact("x", "标签", kind="number")  # type: ignore[arg-type]

    def test_default_must_fit_the_kind(self) -> None:
        """A default that is not a valid value fails at construction."""
        with pytest.raises(RulebookError, match="default=-1"):
            Fact("x", "标签", kind="count", default=-1)

    def test_a_declared_default_makes_the_fact_optional(self) -> None:
        """``default`` is coerced once and makes the fact not required."""
        fact = Fact("x", "标签", kind="flag", default="否")
        assert (fact.default, fact.required) == (False, False)

    def test_repr_leaves_defaults_out(self) -> None:
        """The repr is the constructor call with only non-default fields."""
        assert repr(Fact("meetings", "会议次数")) == "Fact('meetings', '会议次数')"
        assert repr(Fact("s", "评分", kind="score", maximum="15")) == (
            "Fact('s', '评分', kind='score', maximum='15')"
        )


class TestCoerce:
    @pytest.mark.parametrize(
        ("kind", "value", "expected"),
        [
            ("flag", True, True),
            ("flag", "是", True),
            ("flag", "否", False),
            ("flag", "false", False),
            ("count", 3, 3),
            ("count", "4", 4),
            ("count", Decimal("2"), 2),
            ("amount", "23.36", Decimal("23.36")),
            ("amount", 5, Decimal(5)),
            ("count", 4.0, 4),
            ("amount", 0.1, Decimal("0.1")),
            ("score", 4.5, Decimal("4.5")),
            ("amounts", [1.5, 0.1], (Decimal("1.5"), Decimal("0.1"))),
            ("date", "2024-11-20", dt.date(2024, 11, 20)),
            ("amounts", ["2", "1.5"], (Decimal(2), Decimal("1.5"))),
        ],
    )
    def test_valid_values_become_exact_python_values(
        self, kind: str, value: object, expected: object
    ) -> None:
        """Valid evidence in any common spelling becomes the exact value the rules read."""
        assert Fact("x", "标签", kind=kind).coerce(value) == expected  # type: ignore[arg-type]

    @pytest.mark.parametrize(
        ("kind", "value", "message"),
        [
            ("count", -1, "a whole number ≥ 0"),
            ("count", "2.5", "not a fraction"),
            ("count", True, "not a yes/no value"),
            ("count", 1.5, "not a fraction"),
            ("count", float("nan"), "NaN and infinity"),
            ("count", "1,5", "a comma may only separate thousands"),
            ("count", "三", "a whole number"),
            ("amount", float("inf"), "NaN and infinity"),
            ("amount", float("-inf"), "NaN and infinity"),
            ("amount", "12,34", "a decimal comma is not read: write 1.5, not 1,5"),
            ("amount", 1e300, "at most 15 digits before the decimal point"),
            ("score", True, "not a yes/no value"),
            ("amount", "NaN", "a decimal number"),
            ("amount", "Infinity", "a decimal number"),
            ("flag", "maybe", "yes or no"),
            ("date", "2024-13-01", "YYYY-MM-DD"),
        ],
    )
    def test_invalid_values_say_what_was_expected(
        self, kind: str, value: object, message: str
    ) -> None:
        """Invalid evidence is refused with a sentence describing a valid value."""
        with pytest.raises(FactValueError, match=message):
            Fact("x", "标签", kind=kind).coerce(value)  # type: ignore[arg-type]

    def test_scores_are_bounded(self) -> None:
        """A score above its maximum is refused, naming the range."""
        fact = Fact("s", "评分", kind="score", maximum="15")
        with pytest.raises(FactValueError, match="from 0 to 15"):
            fact.coerce("15.5")

    def test_list_items_must_be_known_with_a_hint(self) -> None:
        """An unknown list item is refused with a did-you-mean hint."""
        fact = Fact("docs", "材料", kind="list", choices=("工作方案", "工作总结"))
        with pytest.raises(FactValueError) as caught:
            fact.coerce(["工作方按"])
        assert caught.value.hint == "Did you mean '工作方案'?"

    def test_list_text_is_split_on_chinese_separators(self) -> None:
        """A spreadsheet cell '工作方案、工作总结' is read as two items."""
        fact = Fact("docs", "材料", kind="list", choices=("工作方案", "工作总结"))
        assert fact.coerce("工作方案、工作总结") == ("工作方案", "工作总结")

    def test_list_items_cannot_repeat(self) -> None:
        """Listing the same item twice is refused."""
        fact = Fact("docs", "材料", kind="list", choices=("工作方案",))
        with pytest.raises(FactValueError, match="twice"):
            fact.coerce(["工作方案", "工作方案"])
