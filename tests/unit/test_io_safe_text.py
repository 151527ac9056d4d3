"""Formula guards for text written to spreadsheets."""

from __future__ import annotations

import pytest

from assessment_rules.io._safe_text import (
    csv_text,
    is_formula_like,
    unguard,
    visible,
    visible_keeping_colours,
)


class TestCsvText:
    @pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
    def test_every_formula_trigger_gets_an_apostrophe(self, text: str) -> None:
        """Text starting with = + - @ tab or CR is prefixed so a spreadsheet shows it as text."""
        assert csv_text(text) == "'" + visible(text)
        assert is_formula_like(text)

    def test_ordinary_text_is_unchanged(self) -> None:
        """Chinese reasons and names pass through untouched."""
        assert csv_text("扣2分") == "扣2分"


class TestUnguard:
    def test_reading_back_removes_only_the_guard(self) -> None:
        """The apostrophe before a trigger is removed; any other apostrophe stays."""
        assert (unguard("'=1"), unguard("'abc"), unguard("abc")) == ("=1", "'abc", "abc")


class TestVisible:
    @pytest.mark.parametrize(
        ("text", "shown"),
        [
            ("\x1b[2J", "\\u001b[2J"),
            ("\x1b]8;;http://x\x1b\\link", "\\u001b]8;;http://x\\u001b\\link"),
            ("\x9b31m", "\\u009b31m"),
            ("a\x00b\x07c\x7f", "a\\u0000b\\u0007c\\u007f"),
            ("\u202e反向", "\\u202e反向"),
            ("\ud800", "\\ud800"),
            ("第一行\n第二行\t制表", "第一行\n第二行\t制表"),
            ("区应急管理局", "区应急管理局"),
        ],
    )
    def test_controls_and_surrogates_are_shown_as_escapes(self, text: str, shown: str) -> None:
        """ESC, OSC 8, C1, NUL, BEL, DEL, bidi overrides and surrogates become \\uXXXX."""
        assert visible(text) == shown
        assert visible(shown) == shown

    def test_colours_can_be_kept(self) -> None:
        """visible_keeping_colours keeps SGR colour codes and escapes every other sequence."""
        text = "\x1b[1;31m红\x1b[0m\x1b[2J"
        assert visible_keeping_colours(text) == "\x1b[1;31m红\x1b[0m\\u001b[2J"
