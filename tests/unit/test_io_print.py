"""How the workbooks print: page setup, row heights, merges, validations, steady bytes."""

from __future__ import annotations

import io
import time
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from assessment_rules import assess, load_rulebook
from assessment_rules.io import load_evidence
from assessment_rules.io._finance_table import tables_xlsx
from assessment_rules.io._print import header_text, line_count, row_height
from assessment_rules.io._templates import template_xlsx
from assessment_rules.io._writers import cohort_xlsx

EXAMPLES = Path(__file__).parents[2] / "examples"
BOOK = load_rulebook("wujin-2021-departments")
COHORT = assess(BOOK, load_evidence([EXAMPLES / f"{BOOK.id}.yaml"], BOOK).units)


@pytest.fixture(scope="module")
def result() -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(cohort_xlsx(COHORT, BOOK)))


class TestRowHeight:
    def test_a_long_chinese_line_wraps_by_its_display_width(self) -> None:
        """20 Chinese characters are 40 display columns: 4 lines in a column 10 wide."""
        assert line_count("甲" * 20, 10) == 4
        # 4 lines × 15 points (LibreOffice's line is about 14.5) + 4 points of padding
        assert row_height([("甲" * 20, 10)]) == 64.0

    def test_every_line_break_starts_a_line(self) -> None:
        """Three short reasons on three lines need three lines."""
        assert line_count("扣1分\n扣2分\n扣3分", 40) == 3

    def test_a_header_cannot_start_a_code(self) -> None:
        """An ampersand in a unit's name is doubled, so &P in a name is not a page number."""
        assert header_text("甲&P乙") == "甲&&P乙"


class TestResultWorkbook:
    def test_every_sheet_prints_on_a4_landscape_one_page_wide(
        self, result: openpyxl.Workbook
    ) -> None:
        """Ranking and unit sheets: A4 (paper size 9), landscape, fitted to one page wide."""
        for name in ("排名", "示例区应急管理局"):
            sheet = result[name]
            assert sheet.page_setup.paperSize == 9
            assert sheet.page_setup.orientation == "landscape"
            assert sheet.sheet_properties.pageSetUpPr.fitToPage
            assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
            assert "第&P页 共&N页" in sheet.oddFooter.center.text

    def test_header_rows_repeat_and_titles_carry_no_internal_code(
        self, result: openpyxl.Workbook
    ) -> None:
        """The header row repeats on each page; no title or page header shows an id."""
        unit = result["示例区应急管理局"]
        assert unit.print_title_rows == "$3:$3"
        assert result["排名"].print_title_rows == "$2:$2"
        assert unit["A1"].value == f"{BOOK.title}：示例区应急管理局"
        assert BOOK.id not in result["排名"]["A1"].value
        assert unit.oddHeader.right.text == "示例区应急管理局"

    def test_the_unit_code_column_of_the_ranking_is_not_printed(
        self, result: openpyxl.Workbook
    ) -> None:
        """The print area stops at 等次说明 (column G); 单位代码 is column H. Wujin has no
        quota, so the area ends at the summary line: title row 1, header row 2, 7 units,
        an empty row 10 and the 平均分 line in row 11."""
        assert COHORT.quota is None and len(COHORT.units) == 7
        assert result["排名"].print_area == "'排名'!$A$1:$G$11"

    def test_parts_are_merged_down_their_rows(self, result: openpyxl.Workbook) -> None:
        """重点工作 (part 二) has five lines: its 序号 and 项目 are merged over all five."""
        merged = {str(cells) for cells in result["示例区应急管理局"].merged_cells.ranges}
        second = next(r for r in range(4, 20) if result["示例区应急管理局"][f"A{r}"].value == "二")
        assert {f"A{second}:A{second + 4}", f"B{second}:B{second + 4}"} <= merged

    def test_wrapped_rows_have_heights_and_borders(self, result: openpyxl.Workbook) -> None:
        """Every table row below the header has an explicit height, its cells a thin border."""
        sheet = result["示例区商务委员会"]
        for row in range(4, sheet.max_row - 1):
            if sheet[f"D{row}"].value:
                assert sheet.row_dimensions[row].height >= 16
                assert sheet[f"D{row}"].border.left.style == "thin"

    def test_each_unit_sheet_ends_with_signatures(self, result: openpyxl.Workbook) -> None:
        """The last row holds 考核人, 复核人 and 日期."""
        sheet = result["示例区水务局"]
        last = [cell.value for cell in sheet[sheet.max_row] if cell.value]
        assert last[0] == "考核人：" and last[1] == "复核人：" and last[2].startswith("日期：")


class TestEvidenceForm:
    FORM = template_xlsx(BOOK, [("unit-01", ""), ("unit-02", "")])

    def test_score_rows_are_validated_against_their_range(self) -> None:
        """A judged 0–15 score row accepts decimals from 0 to 15 in the unit columns."""
        sheet = openpyxl.load_workbook(io.BytesIO(self.FORM))["证据"]
        facts = {sheet[f"A{row}"].value: row for row in range(4, sheet.max_row + 1)}
        rules = {str(rule.sqref): rule for rule in sheet.data_validations.dataValidation}
        scored = [f for f in BOOK.facts.values() if f.kind == "score" and f.maximum is not None]
        assert scored
        for fact in scored:
            rule = rules[f"G{facts[fact.name]}:H{facts[fact.name]}"]
            assert rule.type == "decimal" and rule.operator == "between"
            assert Decimal(rule.formula2) == fact.maximum

    def test_labels_repeat_beside_the_unit_columns_and_the_help_says_row_two(self) -> None:
        """Print titles are the header rows and the 事实代码/填报项目 columns; 说明 names
        row 2 for unit ids and explains the shading."""
        workbook = openpyxl.load_workbook(io.BytesIO(self.FORM))
        assert workbook["证据"].print_title_cols == "$A:$B"
        assert workbook["证据"].print_title_rows == "$2:$3"
        assert workbook["证据"]["G2"].value == "unit-01"
        text = "".join(str(cell.value) for row in workbook["说明"].iter_rows() for cell in row)
        assert "第2行（表头行）的单位列是单位的固定代码" in text
        assert "第一行（单位代码）" not in text
        assert "浅黄色底纹" in text


class TestFinanceTable:
    def test_the_same_tables_give_the_same_bytes(self) -> None:
        """Two workbooks of the same tables, a second apart, are byte-identical."""
        book = load_rulebook("putuo-2024-finance-selfeval")
        units = load_evidence([EXAMPLES / f"{book.id}.yaml"], book).units
        tables = book.tables(units)  # type: ignore[attr-defined]
        first = tables_xlsx(tables)
        time.sleep(1.1)  # zip members and core properties would be dated to the second
        assert tables_xlsx(tables) == first

    def test_each_table_prints_portrait_one_page_wide(self) -> None:
        """Portrait A4, fitted to one page wide."""
        book = load_rulebook("putuo-2024-finance-selfeval")
        units = load_evidence([EXAMPLES / f"{book.id}.yaml"], book).units
        workbook = openpyxl.load_workbook(io.BytesIO(tables_xlsx(book.tables(units[:1]))))  # type: ignore[attr-defined]
        sheet = workbook.worksheets[0]
        assert sheet.page_setup.orientation == "portrait"
        assert sheet.page_setup.fitToWidth == 1
