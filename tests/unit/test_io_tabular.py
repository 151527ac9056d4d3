"""Evidence from tables: the form layout, the table layout, headers and cell problems."""

from __future__ import annotations

from assessment_rules import Fact
from assessment_rules.io._tabular import Cell, parse_table

FACTS = {
    "leader_checks": Fact("leader_checks", "部门领导带队检查", kind="count"),
    "no_drill": Fact("no_drill", "未按计划组织应急演练", kind="flag", default=False),
}


def table(*rows: list[str | None]) -> list[list[Cell]]:
    return [
        [Cell(text, f"cell {chr(65 + c)}{r}") for c, text in enumerate(row)]
        for r, row in enumerate(rows, 1)
    ]


class TestFormLayout:
    def test_one_column_per_unit_with_names_and_the_rulebook_row(self) -> None:
        """Unit columns give facts by row; the 单位名称 row gives names; 考核细则 names the book."""
        read = parse_table(
            table(
                ["考核细则", "wujin-2021-departments"],
                ["事实代码", "填报项目", "默认值", "a", "b"],
                ["单位名称", "", "", "甲局", "乙局"],
                ["leader_checks", "部门领导带队检查", "必填", "3", "4"],
                ["no_drill", "未按计划组织应急演练", "否", "是", None],
            ),
            "e.csv",
            FACTS,
        )
        assert read.rulebook == "wujin-2021-departments"
        assert [(e.unit, e.name, dict(e.facts)) for e in read.units] == [
            ("a", "甲局", {"leader_checks": "3", "no_drill": "是"}),
            ("b", "乙局", {"leader_checks": "4"}),
        ]
        assert read.cells[("b", "leader_checks")] == "e.csv cell E4"

    def test_an_entirely_empty_unit_column_is_a_spare_and_skipped(self) -> None:
        """A unit column with neither a name nor a value adds no unit."""
        read = parse_table(
            table(["事实代码", "a", "b"], ["leader_checks", "3", None]), "e.csv", FACTS
        )
        assert [e.unit for e in read.units] == ["a"]

    def test_an_unknown_fact_row_suggests_the_closest_fact(self) -> None:
        """A misspelt 事实代码 is a problem with a "Did you mean …?" hint and its cell."""
        read = parse_table(table(["事实代码", "a"], ["leader_chekcs", "3"]), "e.csv", FACTS)
        (problem,) = read.problems
        assert (problem.fact, problem.hint, problem.source) == (
            "leader_chekcs",
            "Did you mean 'leader_checks'?",
            "e.csv cell A2",
        )

    def test_a_fact_in_two_rows_is_a_problem(self) -> None:
        """The same fact twice would be ambiguous, so it is reported with both rows."""
        read = parse_table(
            table(["事实代码", "a"], ["leader_checks", "3"], ["leader_checks", "4"]), "e", FACTS
        )
        assert "appears in two rows (cell A2 and cell A3)" in read.problems[0].expectation


class TestNoneWord:
    def test_wu_in_a_list_cell_is_an_empty_list_but_blank_is_not_given(self) -> None:
        """无 says "no item applies"; an empty cell leaves the fact out (default or missing)."""
        facts = {"items": Fact("items", "清单", kind="list", choices=("甲",))}
        read = parse_table(table(["单位代码", "items"], ["a", "无"], ["b", None]), "e", facts)
        assert [dict(e.facts) for e in read.units] == [{"items": ""}]


class TestTableLayout:
    def test_headers_may_be_names_labels_or_both(self) -> None:
        """Columns headed by name, by Chinese label, or by 'label（name）' all map to facts."""
        for header in ("leader_checks", "部门领导带队检查", "部门领导带队检查（leader_checks）"):
            read = parse_table(
                table(["单位代码", "单位名称", header], ["a", "甲", "3"]), "e", FACTS
            )
            assert [dict(e.facts) for e in read.units] == [{"leader_checks": "3"}]

    def test_a_row_without_a_unit_id_is_a_problem(self) -> None:
        """Values in a row with no 单位代码 are reported, not silently dropped."""
        read = parse_table(table(["单位代码", "leader_checks"], [None, "3"]), "e", FACTS)
        assert read.problems[0].fact == "id"

    def test_formula_cells_are_problems_naming_unit_and_fact(self) -> None:
        """A formula in a fact cell is refused with the unit, the fact and the cell."""
        rows = table(["单位代码", "leader_checks"], ["a", None])
        rows[1][1] = Cell("=SUM(1,2)", "cell B2", formula=True)
        (problem,) = parse_table(rows, "e.xlsx", FACTS).problems
        assert (problem.unit, problem.fact, problem.source) == (
            "a",
            "leader_checks",
            "e.xlsx cell B2",
        )


class TestNoHeader:
    def test_a_table_without_a_header_row_is_not_found(self) -> None:
        """Without 事实代码 or 单位代码 nothing is read and the caller is told."""
        assert not parse_table(table(["部门", "得分"]), "e", FACTS).found
