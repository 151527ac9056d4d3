"""The calendar page: its table of date conventions is what the parser does."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from assessment_rules.calendar import load_calendar, parse_when

ROOT = Path(__file__).parents[2]
PAGE = ROOT / "docs" / "calendar.md"


def _convention_rows() -> list[list[str]]:
    text = PAGE.read_text(encoding="utf-8")
    section = text.split("## 日期表达的约定", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| ")]
    return [[cell.strip() for cell in row.strip("|").split("|")] for row in rows[1:]]


class TestConventionTable:
    def test_table_has_the_seed_expressions(self) -> None:
        """The table documents every expression the issue names."""
        written = {row[0] for row in _convention_rows()}
        for needed in ("12 月", "11月下旬", "12月中旬前", "次年1月上旬", "次年1月15日前", "6月底"):
            assert needed in written

    @pytest.mark.parametrize("row", _convention_rows(), ids=lambda row: row[0])
    def test_row_is_what_the_parser_reads(self, row: list[str]) -> None:
        """Each documented expression parses to the first day and deadline the page states."""
        text, year, first, last = row[:4]
        span = parse_when(text, int(year))
        expected_first = None if first == "—" else date.fromisoformat(first)
        assert (span.first, span.last) == (expected_first, date.fromisoformat(last))


class TestPageIsPublished:
    def test_page_is_in_the_nav(self) -> None:
        """mkdocs.yml lists the page."""
        assert "calendar.md" in (ROOT / "mkdocs.yml").read_text(encoding="utf-8")

    def test_calendar_tables_match_the_data(self) -> None:
        """Every milestone id and deadline of both calendars appears on the page."""
        text = PAGE.read_text(encoding="utf-8")
        for calendar_id in ("putuo-2024-assessment", "putuo-2020-inspection"):
            for milestone in load_calendar(calendar_id).milestones:
                assert f"`{milestone.id}`" in text
                assert milestone.due.isoformat() in text
