"""Renderers of the self-evaluation table: text, Markdown, JSON and XLSX."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import openpyxl

from assessment_rules.finance import FundsLine, IndicatorLine, SelfEvaluationTable
from assessment_rules.io._finance_table import (
    display_width,
    number,
    table_markdown,
    table_text,
    table_to_dict,
    tables_to_dict,
    tables_xlsx,
)

D = Decimal
TABLE = SelfEvaluationTable(
    "p",
    "援滇干部工作经费",
    2024,
    "上海市普陀区应急管理局",
    "上海市普陀区应急管理局",
    (
        FundsLine(
            "年度资金总额：", D("22.50"), D("24.38"), D("23.36"), D("95.81"), D("10"), D("9.58")
        ),
        FundsLine("上年结转资金", D("0"), D("0"), D("0"), D("0.00")),
    ),
    "保障援滇干部经费",
    "完成",
    (
        IndicatorLine(
            "indicators.output.quantity",
            "产出指标",
            "数量指标",
            "覆盖度",
            "=100.00(百分比)",
            "100.00(百分比)",
            D("15"),
            D("15"),
        ),
        IndicatorLine(
            "indicators.output.quality",
            "产出指标",
            "质量指标",
            "有效性",
            "有效",
            "达成指标",
            D("75"),
            D("75"),
            "=SUM(A1) | 管道",
        ),
    ),
    D("100"),
    D("99.58"),
    "优",
)


class TestNumber:
    def test_two_places_and_dash(self) -> None:
        """Figures print with two places; an empty cell prints as -."""
        assert [number(D("10")), number(D("0.27")), number(None)] == ["10.00", "0.27", "-"]


class TestText:
    def test_rows_in_published_order(self) -> None:
        """The text has the title, year, funds, goal, indicators, 总分 and 评分等级 in order."""
        text = table_text(TABLE)
        marks = [
            "财政项目支出绩效自评表",
            "（2024年度）",
            "项目名称  援滇干部工作经费",
            "项目资金",
            "年度总体目标",
            "一级指标",
            "总分",
            "评分等级  优",
        ]
        positions = [text.index(mark) for mark in marks]
        assert positions == sorted(positions)

    def test_score_columns_line_up(self) -> None:
        """分值 and 得分 end in the same terminal column on both indicator rows and 总分."""
        lines = table_text(TABLE).splitlines()
        cells = [("覆盖度", "15.00  15.00"), ("有效性", "75.00  75.00"), ("总分", "100.00  99.58")]
        ends = set()
        for label, figures in cells:
            line = next(line for line in lines if label in line)
            ends.add(display_width(line[: line.index(figures) + len(figures)]))
        assert len(ends) == 1

    def test_group_shows_once(self) -> None:
        """The 一级指标 cell shows on its group's first row only, as merged on paper."""
        lines = table_text(TABLE).splitlines()
        assert sum(line.startswith("产出指标") for line in lines) == 1


class TestMarkdown:
    def test_eight_columns_every_row(self) -> None:
        """Every table row has the published eight cells."""
        rows = [line for line in table_markdown(TABLE).splitlines() if line.startswith("|")]
        assert {line.replace("\\|", "").count("|") for line in rows} == {9}

    def test_text_is_escaped(self) -> None:
        """A | in a deviation text cannot break the table."""
        assert "=SUM(A1) \\| 管道" in table_markdown(TABLE)

    def test_funds_row(self) -> None:
        """The 年度资金总额 row carries every figure of the published row."""
        assert "|  | 年度资金总额： | 22.50 | 24.38 | 23.36 | 10.00 | 95.81 | 9.58 |" in (
            table_markdown(TABLE)
        )


class TestJson:
    def test_figures_as_two_place_strings(self) -> None:
        """Numbers are strings with two places; empty cells are null."""
        data = table_to_dict(TABLE)
        assert data["funds"][0]["score"] == "9.58" and data["funds"][1]["score"] is None
        assert [row["score"] for row in data["indicators"]] == ["15.00", "75.00"]
        assert (data["total"], data["grade"]) == ("99.58", "优")

    def test_document_is_versioned(self) -> None:
        """The document names its schema and version."""
        document = tables_to_dict([TABLE], "demo")
        assert (document["schema"], document["schema_version"], document["rulebook"]) == (
            "assessment-rules/selfeval-table",
            "1.0",
            "demo",
        )


class TestXlsx:
    def sheet(self) -> Any:
        workbook = openpyxl.load_workbook(io.BytesIO(tables_xlsx([TABLE])))
        assert workbook.sheetnames == ["援滇干部工作经费"]
        return workbook.active

    def test_formula_like_text_stays_text(self) -> None:
        """Targets such as =100.00(百分比) and untrusted texts never become formulas."""
        sheet = self.sheet()
        cells = {c.value: c for row in sheet.iter_rows() for c in row if isinstance(c.value, str)}
        for text in ("=100.00(百分比)", "=SUM(A1) | 管道"):
            assert cells[text].data_type == "s" and cells[text].quotePrefix

    def test_figures_are_numbers_shown_with_two_places(self) -> None:
        """Scores are numeric cells formatted 0.00, so a spreadsheet can add them."""
        sheet = self.sheet()
        total_row = next(row for row in sheet.iter_rows() if row[0].value == "总分")
        assert (total_row[5].value, total_row[6].value) == (100, 99.58)
        assert total_row[6].number_format == "0.00"

    def test_cells_merge_as_published(self) -> None:
        """项目资金 spans its rows and the 一级指标 cell spans its group."""
        merged = {str(r) for r in self.sheet().merged_cells.ranges}
        assert {"A1:H1", "B3:H3", "A5:A7"} <= merged
        assert any(r.startswith("A11:A12") for r in merged)
