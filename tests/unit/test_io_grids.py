"""Reading CSV and XLSX cells exactly: encodings, numbers, dates, formulas, damage."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest

from assessment_rules.io._grids import EvidenceFileError, cell_text, read_csv, read_xlsx


def _xlsx(values: dict[str, object]) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    for coordinate, value in values.items():
        sheet[coordinate] = value
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _texts(rows: list[list[object]]) -> list[list[object]]:
    return [[getattr(cell, "text", None) for cell in row] for row in rows]


class TestReadCsv:
    @pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16"])
    def test_chinese_text_reads_the_same_in_every_encoding_excel_writes(
        self, encoding: str
    ) -> None:
        """UTF-8 with or without BOM, GBK, GB18030 and UTF-16 all give the same cells."""
        data = "单位代码,单位名称\nyjj,区应急管理局\n".encode(encoding)
        assert _texts(read_csv(data, "e.csv")) == [
            ["单位代码", "单位名称"],
            ["yjj", "区应急管理局"],
        ]

    def test_tab_separated_text_is_read_by_columns(self) -> None:
        """A tab-separated export (Excel's Unicode text) splits on tabs."""
        rows = read_csv("单位代码\tleader_checks\nyjj\t3\n".encode("utf-16"), "e.txt")
        assert _texts(rows) == [["单位代码", "leader_checks"], ["yjj", "3"]]

    def test_each_cell_knows_its_excel_address(self) -> None:
        """Cells are located as Excel would show them (column letter, row number)."""
        rows = read_csv(b"a,b\n1,2\n", "e.csv")
        assert rows[1][1].where == "cell B2"

    def test_bytes_that_are_neither_utf8_nor_gbk_are_refused(self) -> None:
        """Undecodable bytes give an EvidenceFileError naming the encodings accepted."""
        with pytest.raises(EvidenceFileError, match="UTF-8 or GBK"):
            read_csv(b"\x81\x20\xff\xfe\x00", "e.csv")


class TestCellText:
    @pytest.mark.parametrize(
        ("value", "text"),
        [(0.1, "0.1"), (13.5, "13.5"), (2.5, "2.5"), (23.36, "23.36"), (1e-05, "0.00001")],
    )
    def test_binary_floats_from_excel_give_back_the_typed_decimal(
        self, value: float, text: str
    ) -> None:
        """A float openpyxl hands over becomes the shortest decimal text Excel stored."""
        assert cell_text(value) == text

    def test_dates_and_flags_become_form_text(self) -> None:
        """Date cells read as YYYY-MM-DD and TRUE/FALSE as 是/否."""
        assert cell_text(dt.datetime(2024, 11, 20)) == "2024-11-20"
        assert (cell_text(True), cell_text(False)) == ("是", "否")


class TestReadXlsx:
    def test_numbers_typed_in_excel_are_taken_exactly(self) -> None:
        """0.1, 13.5 and 2.5 stored as numeric cells read back as exactly those decimals."""
        data = _xlsx({"A1": 0.1, "A2": 13.5, "A3": Decimal("2.5"), "A4": 4})
        rows = read_xlsx(data, "e.xlsx")[0][1]
        assert [Decimal(row[0].text) for row in rows] == [
            Decimal("0.1"),
            Decimal("13.5"),
            Decimal("2.5"),
            Decimal("4"),
        ]

    def test_formula_cells_are_marked_not_evaluated(self) -> None:
        """A formula is kept as its text and flagged, never run and never its cached value."""
        ((_title, rows),) = read_xlsx(_xlsx({"A1": "=1+1"}), "e.xlsx")
        assert (rows[0][0].text, rows[0][0].formula) == ("=1+1", True)

    def test_text_that_looks_like_a_formula_stays_text(self) -> None:
        """A string cell beginning with '=' is plain text, not a formula."""
        workbook = openpyxl.Workbook()
        sheet = workbook.active
        assert sheet is not None
        sheet["A1"] = "=HYPERLINK()"
        sheet["A1"].data_type = "s"
        buffer = io.BytesIO()
        workbook.save(buffer)
        cell = read_xlsx(buffer.getvalue(), "e.xlsx")[0][1][0][0]
        assert (cell.text, cell.formula) == ("=HYPERLINK()", False)

    def test_every_sheet_is_returned_with_its_title(self) -> None:
        """Sheets come back in workbook order with their titles."""
        workbook = openpyxl.Workbook()
        workbook.create_sheet("说明")
        buffer = io.BytesIO()
        workbook.save(buffer)
        assert [title for title, _ in read_xlsx(buffer.getvalue(), "e.xlsx")] == ["Sheet", "说明"]

    @pytest.mark.parametrize("cut", [100, 2000, -200])
    def test_truncated_workbooks_are_refused_cleanly(self, cut: int) -> None:
        """A workbook cut short raises EvidenceFileError, never a zip or XML traceback."""
        data = _xlsx({"A1": 1})
        with pytest.raises(EvidenceFileError):
            read_xlsx(data[:cut], "e.xlsx")
