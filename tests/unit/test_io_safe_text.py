"""Formula guards for text written to spreadsheets."""

from __future__ import annotations

import pytest

from assessment_rules.io._safe_text import csv_text, is_formula_like, unguard


class TestCsvText:
    @pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
    def test_every_formula_trigger_gets_an_apostrophe(self, text: str) -> None:
        """Text starting with = + - @ tab or CR is prefixed so a spreadsheet shows it as text."""
        assert csv_text(text) == "'" + text
        assert is_formula_like(text)

    def test_ordinary_text_is_unchanged(self) -> None:
        """Chinese reasons and names pass through untouched."""
        assert csv_text("扣2分") == "扣2分"


class TestUnguard:
    def test_reading_back_removes_only_the_guard(self) -> None:
        """The apostrophe before a trigger is removed; any other apostrophe stays."""
        assert (unguard("'=1"), unguard("'abc"), unguard("abc")) == ("=1", "'abc", "abc")
