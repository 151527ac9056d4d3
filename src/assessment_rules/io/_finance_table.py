"""财政项目支出绩效自评表 in its own shape: text, Markdown, JSON and XLSX.

Each renderer walks :class:`~assessment_rules.finance.SelfEvaluationTable` data and lays it out
as the published table: 项目名称, 主管部门/实施单位, the 项目资金（万元）block, 年度总体目标,
the indicator rows, 总分 and 评分等级, numbers with two decimals. The Markdown table
has the published eight columns (merged cells become empty ones); the spreadsheet
merges the cells as the published table does. Texts from evidence are escaped for
Markdown and written as text (never formulas) in the spreadsheet: targets such as
``=100.00(百分比)`` start with ``=``.
"""

from __future__ import annotations

import importlib
import io
import unicodedata
from collections.abc import Iterable, Sequence
from decimal import Decimal
from itertools import groupby
from typing import Any, Final

import attrs

from ..finance._selfeval_table import SelfEvaluationTable, two_places
from ._print import BODY_SIZE, THIN_BORDER, row_height, set_print_layout
from ._safe_text import is_formula_like
from ._writers import md_cell, sheet_title, steady_xlsx

__all__ = [
    "FORM_TITLE",
    "display_width",
    "number",
    "table_markdown",
    "table_text",
    "table_to_dict",
    "tables_markdown",
    "tables_text",
    "tables_to_dict",
    "tables_xlsx",
]

FORM_TITLE: Final = "财政项目支出绩效自评表"
FUNDS_HEADER: Final = ("年初预算数", "全年预算数", "全年执行数", "分数", "执行率(%)", "得分")
INDICATOR_HEADER: Final = (
    "一级指标",
    "二级指标",
    "三级指标",
    "年度指标值",
    "实际完成值",
    "分值",
    "得分",
    "偏差原因分析及改进措施",
)
TABLE_SCHEMA: Final = "assessment-rules/selfeval-table"
TABLE_SCHEMA_VERSION: Final = "1.0"


def number(value: Decimal | None) -> str:
    """A figure as the table prints it: two decimals, ``-`` for an empty cell.

    >>> number(Decimal("10")), number(Decimal("9.58")), number(None)
    ('10.00', '9.58', '-')
    """
    return "-" if value is None else format(two_places(value), "f")


def _year_line(table: SelfEvaluationTable) -> str:
    return f"（{table.year}年度）" if table.year is not None else ""


_Value = str | Decimal | None
"""A cell's content: text, a figure (printed with two decimals) or nothing."""


@attrs.frozen
class _Cell:
    """One cell of the published grid: its first column (1–8), content and merge."""

    column: int
    value: _Value
    across: int = 1
    down: int = 1
    wrap: bool = False  # free text: left-aligned and wrapped; labels and figures are centred


def _text(value: _Value) -> str:
    return number(value) if isinstance(value, Decimal) else value or ""


def _funds_block(table: SelfEvaluationTable) -> list[list[_Cell]]:
    """The 项目资金（万元）header and its rows; ``-`` where the table leaves a cell empty."""
    rows = [
        [
            _Cell(1, "项目资金（万元）", down=1 + len(table.funds)),
            *(_Cell(column, heading) for column, heading in enumerate(FUNDS_HEADER, 3)),
        ]
    ]
    for line in table.funds:
        figures: list[_Value] = [
            line.start,
            line.budget,
            line.executed,
            "-" if line.points is None else line.points,
            line.rate,
            "-" if line.score is None else line.score,
        ]
        cells = [_Cell(column, value) for column, value in enumerate(figures, 3)]
        rows.append([_Cell(2, line.title, wrap=True), *cells])
    return rows


def _indicator_block(table: SelfEvaluationTable) -> list[list[_Cell]]:
    """The indicator header, rows (一级指标 merged over its group) and the 总分 row."""
    rows = [[_Cell(column, heading) for column, heading in enumerate(INDICATOR_HEADER, 1)]]
    for group, members in groupby(table.indicators, key=lambda line: line.group):
        lines = list(members)
        for index, line in enumerate(lines):
            cells: list[_Value] = [
                line.category,
                line.title,
                line.target,
                line.actual,
                line.points,
                line.score,
                line.deviation or None,
            ]
            first = [_Cell(1, group, down=len(lines))] if index == 0 else []
            rows.append(
                [
                    *first,
                    *(
                        _Cell(column, value, wrap=column == 8)
                        for column, value in enumerate(cells, 2)
                    ),
                ]
            )
    rows.append([_Cell(1, "总分", across=5), _Cell(6, table.points), _Cell(7, table.total)])
    return rows


def _layout(table: SelfEvaluationTable) -> list[list[_Cell]]:
    """The published eight-column grid below the title and year, row by row.

    The Markdown table and the spreadsheet both lay out this one grid; the text shares
    its funds and indicator blocks.
    """
    return [
        [_Cell(1, "项目名称"), _Cell(2, table.project, across=7, wrap=True)],
        [
            _Cell(1, "主管部门"),
            _Cell(2, table.department, across=3, wrap=True),
            _Cell(5, "实施单位"),
            _Cell(6, table.implementer, across=3, wrap=True),
        ],
        *_funds_block(table),
        [
            _Cell(1, "年度总体目标", down=2),
            _Cell(2, "预期目标", across=3),
            _Cell(5, "实际完成情况", across=4),
        ],
        [
            _Cell(2, table.goal, across=3, wrap=True),
            _Cell(5, table.achieved, across=4, wrap=True),
        ],
        *_indicator_block(table),
        [_Cell(1, "评分等级"), _Cell(2, table.grade, across=7, wrap=True)],
    ]


def _placed(cells: Iterable[_Cell]) -> list[str]:
    """A grid row as eight texts; cells covered by a merge are empty."""
    texts = [""] * len(INDICATOR_HEADER)
    for cell in cells:
        texts[cell.column - 1] = _text(cell.value)
    return texts


# ---------------------------------------------------------------- text


def display_width(text: str) -> int:
    """Columns *text* takes in a terminal: wide (CJK) characters take two.

    >>> display_width("得分"), display_width("9.58")
    (4, 4)
    """
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _pad(text: str, width: int, right: bool) -> str:
    gap = " " * max(0, width - display_width(text))
    return gap + text if right else text + gap


def _grid(
    rows: Sequence[Sequence[str]], right: Iterable[int] = (), *, ragged: bool = False
) -> list[str]:
    """Align columns; with *ragged* the last column (free text) is not padded."""
    numeric = set(right)
    count = max(len(row) for row in rows)
    widths = [
        max((display_width(row[i]) for row in rows if i < len(row)), default=0)
        for i in range(count)
    ]
    lines = []
    for row in rows:
        cells = [
            cell if ragged and i == count - 1 else _pad(cell, widths[i], i in numeric)
            for i, cell in enumerate(row)
        ]
        lines.append("  ".join(cells).rstrip())
    return lines


def table_text(table: SelfEvaluationTable) -> str:
    """One project's table as aligned plain text, in the published order of rows."""
    out = [FORM_TITLE, _year_line(table), ""]
    out.append(f"项目名称  {table.project}")
    out.append(f"主管部门  {table.department}    实施单位  {table.implementer}")
    out.append("")
    # The funds block in its cells' order: the 项目资金 label heads the column of titles.
    funds = [[_text(cell.value) for cell in row] for row in _funds_block(table)]
    out += _grid(funds, right=range(1, 7))
    out += [
        "",
        "年度总体目标",
        f"  预期目标：{table.goal}",
        f"  实际完成情况：{table.achieved}",
        "",
    ]
    out += _grid([_placed(row) for row in _indicator_block(table)], right=(5, 6), ragged=True)
    out.append(f"评分等级  {table.grade}")
    return "\n".join(out) + "\n"


def tables_text(tables: Iterable[SelfEvaluationTable]) -> str:
    """Several tables as text, separated by a form feed (one table per printed page)."""
    return "\f\n".join(table_text(table) for table in tables)


# ---------------------------------------------------------------- Markdown


def _md_row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(md_cell(cell) for cell in cells) + " |"


def table_markdown(table: SelfEvaluationTable) -> str:
    """One project's table as an eight-column Markdown table (merged cells left empty)."""
    out = [f"## {md_cell(FORM_TITLE)}：{md_cell(table.project)}", "", _year_line(table), ""]
    head, *rows = (_md_row(_placed(row)) for row in _layout(table))
    out += [head, "|" + "---|" * len(INDICATOR_HEADER), *rows]
    return "\n".join(out) + "\n"


def tables_markdown(tables: Iterable[SelfEvaluationTable]) -> str:
    """Several tables as one Markdown document."""
    return "\n".join(table_markdown(table) for table in tables)


# ---------------------------------------------------------------- JSON


def table_to_dict(table: SelfEvaluationTable) -> dict[str, Any]:
    """One table as a JSON-ready mapping; figures as two-decimal strings.

    >>> from assessment_rules.finance import FundsLine, SelfEvaluationTable
    >>> t = SelfEvaluationTable("p", "项目", 2024, "", "", (FundsLine("年度资金总额：",
    ...     Decimal("1"), Decimal("1"), Decimal("1"), Decimal("100.00"), Decimal("10"),
    ...     Decimal("10.00")),), "", "", (), Decimal("100"), Decimal("100"), "优")
    >>> table_to_dict(t)["funds"][0]["rate"], table_to_dict(t)["total"]
    ('100.00', '100.00')
    """
    return {
        "unit": table.unit,
        "project": table.project,
        "year": table.year,
        "department": table.department,
        "implementer": table.implementer,
        "funds": [
            {
                "title": line.title,
                "start": number(line.start),
                "budget": number(line.budget),
                "executed": number(line.executed),
                "points": None if line.points is None else number(line.points),
                "rate": number(line.rate),
                "score": None if line.score is None else number(line.score),
            }
            for line in table.funds
        ],
        "goal": table.goal,
        "achieved": table.achieved,
        "indicators": [
            {
                "path": line.path,
                "group": line.group,
                "category": line.category,
                "indicator": line.title,
                "target": line.target,
                "actual": line.actual,
                "points": number(line.points),
                "score": number(line.score),
                "deviation": line.deviation,
            }
            for line in table.indicators
        ],
        "points": number(table.points),
        "total": number(table.total),
        "grade": table.grade,
        "reasons": list(table.reasons),
    }


def tables_to_dict(tables: Iterable[SelfEvaluationTable], rulebook_id: str) -> dict[str, Any]:
    """The JSON document of several tables (its own small, versioned shape)."""
    return {
        "schema": TABLE_SCHEMA,
        "schema_version": TABLE_SCHEMA_VERSION,
        "rulebook": rulebook_id,
        "tables": [table_to_dict(table) for table in tables],
    }


# ---------------------------------------------------------------- XLSX

_COLUMN_WIDTHS: Final = (12, 18, 20, 14, 14, 9, 9, 30)
"""Eight columns, one A4 page wide in portrait, as the published table."""


def _put(sheet: Any, row: int, column: int, value: _Value, style: Any, *, look: Any) -> None:
    cell = sheet.cell(row=row, column=column)
    cell.font = look.font
    if look.border is not None:
        cell.border = look.border
    if isinstance(value, Decimal):
        cell.value = two_places(value)
        cell.number_format = "0.00"
    elif value is not None:
        cell.value = value
        # openpyxl would store text starting with "=" as a formula: keep it a string.
        cell.data_type = "s"
        if is_formula_like(value):
            cell.quotePrefix = True
    cell.alignment = style


@attrs.frozen
class _Look:
    """A cell's font and border (openpyxl styles, loaded on first use)."""

    font: Any
    border: Any = None


def _merge(sheet: Any, row: int, first: int, last: int, rows: int = 1) -> None:
    if last > first or rows > 1:
        sheet.merge_cells(
            start_row=row, start_column=first, end_row=row + rows - 1, end_column=last
        )


def _openpyxl(module: str) -> Any:
    # Loaded on first use by name: only spreadsheets need it, and the strict type check
    # does not depend on whether openpyxl's type stubs are installed.
    return importlib.import_module(module)


def _heights(grid: Sequence[Sequence[_Cell]]) -> list[float]:
    """Each grid row's height: enough for the wrapped text of every cell in it; a cell
    merged down several rows shares its lines among them."""
    heights = []
    for cells in grid:
        wanted = [
            (
                _text(cell.value),
                sum(_COLUMN_WIDTHS[cell.column - 1 : cell.column - 1 + cell.across]),
            )
            for cell in cells
            if cell.down == 1
        ]
        heights.append(row_height(wanted, minimum=20))
    return heights


def _table_sheet(sheet: Any, table: SelfEvaluationTable) -> None:
    """One table, portrait and one A4 page wide: its title on page 1, thin borders, row
    heights for wrapped text, the project's name in the page header."""
    styles = _openpyxl("openpyxl.styles")
    alignment, font = styles.Alignment, styles.Font
    plain = alignment(vertical="center", wrap_text=True)
    centre = alignment(horizontal="center", vertical="center", wrap_text=True)
    body = _Look(font(size=BODY_SIZE), THIN_BORDER)
    for index, width in enumerate(_COLUMN_WIDTHS, 1):
        sheet.column_dimensions[chr(ord("A") + index - 1)].width = width
    set_print_layout(sheet, title=FORM_TITLE, name=table.project, landscape=False)
    _put(sheet, 1, 1, FORM_TITLE, centre, look=_Look(font(bold=True, size=16)))
    _merge(sheet, 1, 1, 8)
    sheet.row_dimensions[1].height = 30
    _put(sheet, 2, 1, _year_line(table), centre, look=_Look(font(size=BODY_SIZE)))
    _merge(sheet, 2, 1, 8)
    grid = _layout(table)
    for row, (cells, height) in enumerate(zip(grid, _heights(grid), strict=True), 3):
        sheet.row_dimensions[row].height = height
        for column in range(1, len(INDICATOR_HEADER) + 1):
            # Every cell of the grid gets its border, covered ones too: a merged
            # range shows the borders of the cells it covers.
            sheet.cell(row=row, column=column).border = THIN_BORDER
        for cell in cells:
            _put(sheet, row, cell.column, cell.value, plain if cell.wrap else centre, look=body)
            _merge(sheet, row, cell.column, cell.column + cell.across - 1, rows=cell.down)


def tables_xlsx(tables: Iterable[SelfEvaluationTable]) -> bytes:
    """One worksheet per project, laid out and merged as the published table.

    Each prints on A4, portrait, one page wide. The same tables give the same bytes
    (see :func:`~assessment_rules.io._writers.steady_xlsx`).
    """
    workbook = _openpyxl("openpyxl").Workbook()
    default = workbook.active
    taken: set[str] = set()
    for table in tables:
        _table_sheet(workbook.create_sheet(sheet_title(table.project, taken)), table)
    if default is not None and len(workbook.sheetnames) > 1:
        workbook.remove(default)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return steady_xlsx(buffer.getvalue())
