"""Empty evidence forms: every fact with its help, in YAML, CSV and XLSX."""

from __future__ import annotations

import io

import openpyxl
import yaml

from assessment_rules import load_rulebook
from assessment_rules.io._templates import template_csv, template_xlsx, template_yaml

BOOK = load_rulebook("wujin-2021-departments")


class TestTemplateYaml:
    def test_yaml_form_lists_every_fact_for_every_unit(self) -> None:
        """Each unit has every fact of the rulebook, empty, and the file parses as evidence."""
        document = yaml.safe_load(template_yaml(BOOK, [("a", "甲局"), ("b", "")]))
        assert document["rulebook"] == BOOK.id
        assert [u["id"] for u in document["units"]] == ["a", "b"]
        assert list(document["units"][0]["facts"]) == list(BOOK.facts)

    def test_odd_unit_names_are_quoted_safely(self) -> None:
        """A name with YAML syntax in it stays one string."""
        document = yaml.safe_load(template_yaml(BOOK, [("a", 'x: [1, "2"] # y')]))
        assert document["units"][0]["name"] == 'x: [1, "2"] # y'


class TestTemplateXlsx:
    def test_form_sheet_has_help_columns_and_unit_columns(self) -> None:
        """证据 has 事实代码/填报项目/类型/填写要求/默认值/对应条款 then one column per unit."""
        workbook = openpyxl.load_workbook(io.BytesIO(template_xlsx(BOOK, [("a", ""), ("b", "")])))
        assert workbook.sheetnames == ["证据", "说明"]
        header = [c.value for c in workbook["证据"][2]]
        assert header == [
            "事实代码",
            "填报项目",
            "类型",
            "填写要求",
            "默认值",
            "对应条款",
            "a",
            "b",
        ]
        rows = {row[0].value: [c.value for c in row] for row in workbook["证据"].iter_rows()}
        # leader_checks: 部门领导带队…每年不少于4次 (seed 004 二(2)3): a required count.
        assert rows["leader_checks"][2:5] == ["整数", "整数（次），不小于 0", "必填"]
        # 对应条款 reads as the printed sheet: source and title, no dotted path.
        assert (
            rows["leader_checks"][5]
            == "附件2 二、重点工作 （2） 第3条 部门领导带队开展安全生产检查、督查"
        )
        assert not any(
            "." in str(row[5] or "") and "_" in str(row[5] or "") for row in rows.values()
        )

    def test_flag_cells_offer_a_yes_no_drop_down(self) -> None:
        """是/否 facts get a list validation so Excel offers the two answers."""
        workbook = openpyxl.load_workbook(io.BytesIO(template_xlsx(BOOK, [("a", "")])))
        formulas = [v.formula1 for v in workbook["证据"].data_validations.dataValidation]
        assert '"是,否"' in formulas

    def test_unit_ids_that_look_like_formulas_are_text(self) -> None:
        """A unit id beginning with '=' is written as a string cell."""
        workbook = openpyxl.load_workbook(io.BytesIO(template_xlsx(BOOK, [("=a", "")])))
        cell = workbook["证据"]["G2"]
        assert (cell.value, cell.data_type) == ("=a", "s")


class TestTemplateCsv:
    def test_rows_layout_has_one_header_per_fact(self) -> None:
        """The rows layout heads each fact column 'label（name）'."""
        text = template_csv(BOOK, [("a", "")], "rows").decode("utf-8-sig")
        header = text.splitlines()[1].split(",")
        assert header[:2] == ["单位代码", "单位名称"]
        assert len(header) == 2 + len(BOOK.facts)
        assert header[2] == "未建立部门支持保障安全生产工作制度（no_support_system）"
