"""CSV evidence: a broken quote, ragged rows or a repeated unit is an error naming the line."""

from __future__ import annotations

from pathlib import Path

import pytest

from assessment_rules import EvidenceError, load_rulebook
from assessment_rules.io import _grids as grids
from assessment_rules.io import load_evidence
from assessment_rules.io._grids import EvidenceFileError, read_csv

BOOK = load_rulebook("wujin-2021-departments")


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def problems(path: Path) -> str:
    with pytest.raises(EvidenceError) as caught:
        load_evidence([path], BOOK)
    return str(caught.value)


class TestQuotes:
    def test_an_unterminated_quote_is_an_error_naming_its_line(self, tmp_path: Path) -> None:
        """A quote never closed would swallow every later unit; it is an error at its line."""
        path = write(
            tmp_path / "e.csv",
            '单位代码,leader_checks,deputy_checks\nd1,1,2\nd2,"3,4\nd3,5,6\nd4,7,8\n',
        )
        message = problems(path)
        assert f"{path}:3: has a quoted cell that starts on line 3 and is never closed" in message

    def test_text_after_a_closing_quote_is_an_error(self) -> None:
        """``"3"x`` is not a cell any program wrote; it is refused with its line."""
        expected = r"e\.csv:3: is not a readable CSV file on line 3"
        with pytest.raises(EvidenceFileError, match=expected):
            read_csv('单位代码,a\nd1,1\nd2,"3"x\n'.encode(), "e.csv")

    def test_a_quoted_cell_may_span_lines(self) -> None:
        """A quoted cell holding a line break is one cell, as Excel writes it."""
        rows = read_csv('单位代码,name\nd1,"甲\n乙"\nd2,丙\n'.encode(), "e.csv")
        assert [[cell.text for cell in row] for row in rows[1:]] == [["d1", "甲\n乙"], ["d2", "丙"]]


class TestRaggedRows:
    def test_rows_shorter_or_longer_than_the_header_are_errors(self, tmp_path: Path) -> None:
        """A row with a lost or an extra comma is named by its line, with its number of cells."""
        path = write(
            tmp_path / "e.csv",
            "单位代码,leader_checks,deputy_checks\nd1,1,2\nd2,3\nd3,5,6,7\n",
        )
        message = problems(path)
        assert f"{path}:3: has rows whose number of cells differs from the header row's" in message
        assert "(3 cells, line 1): line 3 has 2, line 4 has 4" in message

    def test_empty_cells_at_the_end_of_a_row_do_not_count(self) -> None:
        """Excel pads rows with empty cells to the widest row; that is not ragged."""
        text = "考核细则,x,,,\n单位代码,leader_checks,,\nd1,1,,\nd2,2,\n"
        rows = read_csv(text.encode(), "e.csv")
        assert rows[2][1].text == "1"

    def test_rows_above_the_header_may_be_shorter(self) -> None:
        """Title rows above the header row have any width."""
        rows = read_csv("标题\n单位代码,leader_checks\nd1,1\n".encode(), "e.csv")
        assert len(rows) == 3

    def test_a_line_in_a_form_layout_is_checked_too(self, tmp_path: Path) -> None:
        """In the form layout (one column per unit) a short fact row is an error."""
        path = write(tmp_path / "e.csv", "事实代码,d1,d2\nleader_checks,1,2\ndeputy_checks,3\n")
        assert f"{path}:3: has rows whose number of cells differs" in problems(path)


class TestDuplicateUnits:
    def test_two_rows_with_one_id_are_an_error_naming_both_cells(self, tmp_path: Path) -> None:
        """A unit id on two rows of one table names both rows (the second used to merge in)."""
        path = write(tmp_path / "e.csv", "单位代码,leader_checks,deputy_checks\nd1,1,\nd1,,2\n")
        message = problems(path)
        assert f"is given twice in this file ({path} cell A2 and {path} cell A3)" in message

    def test_two_columns_with_one_id_are_an_error(self, tmp_path: Path) -> None:
        """A unit id heading two columns of a form names both columns."""
        path = write(tmp_path / "e.csv", "事实代码,d1,d1\nleader_checks,1,2\n")
        assert "is the header of two unit columns (cell B1 and cell C1)" in problems(path)


class TestLimits:
    def test_too_many_cells_is_an_error(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """More cells than the limit are refused with the line where the limit was reached."""
        monkeypatch.setattr(grids, "MAX_CELLS", 10)
        with pytest.raises(EvidenceFileError, match=r"e\.csv:4: has more than 10 cells"):
            read_csv(b"a,b,c\n1,2,3\n4,5,6\n7,8,9\n", "e.csv")
