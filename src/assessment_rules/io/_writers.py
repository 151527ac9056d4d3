"""Score sheets and the ranking as CSV, XLSX and Markdown.

- **XLSX**: a 排名 (ranking) sheet, then one sheet per unit in the official layout.
  Text cells are written as explicit strings with Excel's quote prefix, so a unit
  named ``=HYPERLINK(…)`` shows as text and never runs.
- **CSV**: UTF-8 with a BOM (so Excel on Chinese Windows opens it correctly). One file:
  the ranking first, then each unit's sheet under a title line, blocks separated by
  an empty line. Text that a spreadsheet would run as a formula gets a leading
  apostrophe.
- **Markdown**: the ranking table, then one section per unit; ``|``, ``<``, ``>`` and
  ``&`` in texts are escaped.

In every format, control characters and lone surrogates in texts are written as
``\\uXXXX`` (see ``_safe_text.visible``): XLSX cannot hold them, UTF-8 cannot encode
a lone surrogate, and a terminal showing the file would obey an escape sequence.

Workbooks are the same bytes for the same results: no time of writing in
``docProps/core.xml``, and every member of the zip file dated 1980-01-01 (see
:func:`save_xlsx`). A workbook is streamed: each sheet goes to disk as soon as it is
written, so a cohort of tens of thousands of units needs neither one open file per
sheet nor the whole workbook in memory.
"""

from __future__ import annotations

import contextlib
import copy
import csv
import datetime
import io
import os
import re
import shutil
import zipfile
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from typing import IO, Any, Final

import attrs
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.writer.excel import ExcelWriter

from ..cohorts._cohort import Cohort
from ..cohorts._next_grade import next_grade_lines, to_next_grade
from ..engine._results import UnitResult
from ..engine._rulebook import Rulebook
from ._charts import CHART_SHEET, add_result_charts
from ._layout import SheetSection
from ._print import BODY_SIZE, THIN_BORDER, merged_heights, row_height, set_print_layout
from ._safe_text import csv_text, is_formula_like, visible
from ._sheets import (
    RANKING_HEADER,
    SHEET_HEADER,
    RankingRow,
    SheetRow,
    cell_text,
    number_text,
    ranking_rows,
    sheet_clauses,
    sheet_rows,
    summary_line,
    total_cell,
)

__all__ = [
    "cohort_csv",
    "cohort_markdown",
    "cohort_xlsx",
    "csv_bytes",
    "md_cell",
    "save_xlsx",
    "sheet_title",
    "steady_xlsx",
    "write_cohort_xlsx",
    "xlsx_text_cell",
]

Progress = Callable[[int], None]
RANKING_SHEET: Final = "排名"
_SHEET_FORBIDDEN: Final = re.compile(r"[\[\]:*?/\\]")
_WIDTHS: Final = (5, 9, 20, 70, 6, 8, 42)
"""序号 / 项目 / 考核内容 / 考核标准 / 分值 / 得分 / 失分原因: one A4 page wide, landscape."""
_RANK_WIDTHS: Final = (5, 14, 7, 10, 84, 24, 22, 14)
"""排名 / 单位 / 总分 / 等次 / 失分原因 / 加分原因 / 等次说明 / 单位代码 (not printed)."""
_RANK_WRAPPED: Final = (1, 3, 4, 5, 6)
_CLOSING: Final = frozenset({"total", "grade"})
_SIGNATURES: Final = ("考核人：", None, None, "复核人：", "日期：　　　　年　　月　　日")


def _lines(texts: Iterable[str]) -> str:
    return "\n".join(texts)


def _title_line(result: UnitResult) -> str:
    label = result.name or result.unit
    return f"{label}（{result.unit}）" if result.name else label


def csv_bytes(rows: Iterable[Sequence[str | Decimal | int | None]]) -> bytes:
    """Write rows as CSV, UTF-8 with a BOM; text cells guarded, numbers as decimal text.

    >>> csv_bytes([["=1+1", Decimal("-4")]])
    b"\\xef\\xbb\\xbf'=1+1,-4\\r\\n"
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow([_csv_cell(cell) for cell in row])
    return buffer.getvalue().encode("utf-8-sig")


def _csv_cell(cell: str | Decimal | int | None) -> str:
    if isinstance(cell, str):
        return csv_text(cell)
    if cell is None or isinstance(cell, Decimal):
        return number_text(cell)
    return str(cell)


def _ranking_cells(entry: RankingRow) -> list[str | Decimal | int | None]:
    return [
        entry.rank,
        entry.name,
        entry.total,
        entry.grade,
        _lines(entry.reasons),
        _lines(entry.bonuses),
        entry.note,
        entry.unit,
    ]


def _sheet_cells(row: SheetRow) -> list[str | Decimal | int | None]:
    return [
        row.number,
        row.section,
        row.content,
        row.standard,
        row.points_cell,
        row.score_cell,
        _lines(row.reasons),
    ]


def cohort_csv(cohort: Cohort, rulebook: Rulebook, progress: Progress | None = None) -> bytes:
    """The ranking and every unit's score sheet in one CSV file (see module doc)."""
    rows: list[Sequence[str | Decimal | int | None]] = [
        [f"{rulebook.title}考核结果"],
        list(RANKING_HEADER),
    ]
    rows.extend(_ranking_cells(entry) for entry in ranking_rows(cohort))
    if cohort.quota is not None:
        rows.append([cohort.quota.note])
    if cohort.units:
        rows.append([summary_line(cohort)])
    clauses = sheet_clauses(rulebook)  # the same clause texts for every unit
    for ranked in cohort.units:
        result = ranked.result
        rows.append([])
        rows.append(
            [
                f"单位：{result.name or result.unit}",
                f"总分：{cell_text(total_cell(result))}",
                f"单位代码：{result.unit}",
            ]
        )
        rows.append(list(SHEET_HEADER))
        lines = sheet_rows(result, rulebook, ranked.grade, ranked.grade_note, clauses=clauses)
        rows.extend(_sheet_cells(line) for line in lines)
        if progress is not None:
            progress(1)
    return csv_bytes(rows)


def md_cell(text: str) -> str:
    """Escape text for a Markdown table cell.

    >>> md_cell("a|b<c>\\nd")
    'a\\\\|b&lt;c&gt;<br>d'
    """
    escaped = visible(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return escaped.replace("|", "\\|").replace("\r", "").replace("\n", "<br>")


def _md_row(cells: Iterable[str]) -> str:
    return "| " + " | ".join(md_cell(cell) for cell in cells) + " |"


def cohort_markdown(cohort: Cohort, rulebook: Rulebook) -> str:
    """The ranking and every unit's score sheet as Markdown."""
    out = [f"# {md_cell(rulebook.title)}考核结果", "", "## 排名", ""]
    out.append(_md_row(RANKING_HEADER[:7]))
    out.append("|" + "---|" * 7)
    for entry in ranking_rows(cohort):
        out.append(
            _md_row(
                (
                    str(entry.rank),
                    entry.name,
                    cell_text(entry.total),
                    entry.grade,
                    _lines(entry.reasons) or "无失分",
                    _lines(entry.bonuses),
                    entry.note,
                )
            )
        )
    if cohort.quota is not None:
        out += ["", md_cell(cohort.quota.note)]
    if cohort.units:
        out += ["", md_cell(summary_line(cohort))]
    clauses = sheet_clauses(rulebook)  # the same clause texts for every unit
    for ranked in cohort.units:
        result = ranked.result
        out += ["", f"## {md_cell(result.name or result.unit)}", ""]
        out.append(_md_status(ranked) + f"（单位代码 {md_cell(result.unit)}）")
        out += ["", _md_row(SHEET_HEADER), "|" + "---|" * len(SHEET_HEADER)]
        for line in sheet_rows(result, rulebook, ranked.grade, ranked.grade_note, clauses=clauses):
            out.append(
                _md_row(
                    (
                        line.number,
                        line.section,
                        line.content,
                        line.standard,
                        cell_text(line.points_cell),
                        cell_text(line.score_cell),
                        _lines(line.reasons),
                    )
                )
            )
    return "\n".join(out) + "\n"


def _md_status(ranked: Any) -> str:
    """The line under a unit's heading: its total, grade and rank, or why it is not
    assessed."""
    result = ranked.result
    if not result.eligible:
        return f"**不参评**：{md_cell('；'.join(result.ineligible) or '不参评')}"
    return (
        f"总分 **{number_text(result.total)}**，等次 **{md_cell(ranked.grade)}**"
        + ("（一票否决）" if result.vetoed else "")
        + (f"，排名第 {ranked.rank} 名" if ranked.ranked else f"，{ranked.rank_text}")
    )


def sheet_title(wanted: str, taken: set[str]) -> str:
    """A valid, unique worksheet title (≤ 31 characters, none of []:*?/\\).

    >>> taken = set()
    >>> sheet_title("区应急局", taken), sheet_title("区应急局", taken), sheet_title("a/b", taken)
    ('区应急局', '区应急局 (2)', 'a_b')
    """
    base = _SHEET_FORBIDDEN.sub("_", visible(wanted)).strip("'").strip() or "单位"
    base = base[:31]
    title, count = base, 1
    while title.casefold() in taken:
        count += 1
        suffix = f" ({count})"
        title = base[: 31 - len(suffix)] + suffix
    taken.add(title.casefold())
    return title


def xlsx_text_cell(
    sheet: Any, value: str | Decimal | int | None, style: dict[str, Any] | StyleArray
) -> Any:
    """A write-only cell: numbers as numbers, text as text even when it looks like a
    formula, control characters made visible.

    *style* is a dict of cell style attributes (``font``, ``alignment``, ``fill``), or
    the same already registered in the workbook (see :func:`_baked`).
    """
    cell: Any = WriteOnlyCell(sheet)
    if isinstance(value, str):
        value = visible(value)
        cell.value = value
        # openpyxl types text starting with "=" as a formula; force a plain string and
        # set Excel's quote prefix so editing the cell keeps it text.
        cell.data_type = "s"
        if is_formula_like(value):
            cell.quotePrefix = True
    elif value is not None:
        cell.value = value
    if isinstance(style, StyleArray):
        quote = cell.quotePrefix
        cell._style = copy.copy(style)
        if quote:
            cell.quotePrefix = True
    else:
        for name, setting in style.items():
            setattr(cell, name, setting)
    return cell


def _baked(sheet: Any, style: dict[str, Any]) -> StyleArray:
    """*style* registered once in the sheet's workbook: applying the registered form
    to a cell costs a copy, where each attribute would cost a look-up (most of the
    time of writing a large workbook)."""
    cell: Any = WriteOnlyCell(sheet)
    for name, setting in style.items():
        setattr(cell, name, setting)
    baked: StyleArray = cell._style
    return baked


@attrs.frozen
class _Styles:
    """The cell styles of a result workbook, registered once in it (see :func:`_baked`)."""

    heading: StyleArray
    header: StyleArray
    text: StyleArray
    centre: StyleArray
    top_centre: StyleArray
    plain: StyleArray

    @classmethod
    def of(cls, sheet: Any) -> _Styles:
        body = Font(size=BODY_SIZE)
        return cls(
            heading=_baked(
                sheet,
                {
                    "font": Font(bold=True, size=14),
                    "alignment": Alignment(horizontal="center", vertical="center", wrap_text=True),
                },
            ),
            header=_baked(
                sheet,
                {
                    "font": Font(bold=True, size=BODY_SIZE),
                    "alignment": Alignment(horizontal="center", vertical="center", wrap_text=True),
                    "fill": PatternFill("solid", fgColor="DDEBF7"),
                    "border": THIN_BORDER,
                },
            ),
            text=_baked(
                sheet,
                {
                    "font": body,
                    "alignment": Alignment(vertical="center", wrap_text=True),
                    "border": THIN_BORDER,
                },
            ),
            centre=_baked(
                sheet,
                {
                    "font": body,
                    "alignment": Alignment(horizontal="center", vertical="center", wrap_text=True),
                    "border": THIN_BORDER,
                },
            ),
            top_centre=_baked(
                sheet,
                {
                    "font": body,
                    "alignment": Alignment(horizontal="center", vertical="top", wrap_text=True),
                    "border": THIN_BORDER,
                },
            ),
            plain=_baked(
                sheet,
                {"font": body, "alignment": Alignment(vertical="center", wrap_text=True)},
            ),
        )


Cell = str | Decimal | int | None


def _append(
    sheet: Any,
    values: Sequence[Cell],
    style: dict[str, Any] | StyleArray | list[StyleArray],
    height: float | None = None,
) -> None:
    """Write one row; with *height*, the row's height in points (set before the row is
    written, which is when a streamed sheet reads it, and dropped after)."""
    row = sheet.rows_written + 1
    if height is not None:
        sheet.row_dimensions[row].height = round(height, 1)
    if isinstance(style, list):  # one style per cell
        cells = [
            xlsx_text_cell(sheet, value, look) for value, look in zip(values, style, strict=False)
        ]
    else:
        cells = [xlsx_text_cell(sheet, value, style) for value in values]
    sheet.append(cells)
    if height is not None:
        del sheet.row_dimensions[row]  # written; a ranking of many units need not keep them


def _widths(sheet: Any, widths: Sequence[int]) -> None:
    for index, width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(index)].width = width


def _merge(sheet: Any, first_row: int, first_column: int, last_row: int, last_column: int) -> None:
    if last_row > first_row or last_column > first_column:
        sheet.merged_cells.add(
            f"{get_column_letter(first_column)}{first_row}:"
            f"{get_column_letter(last_column)}{last_row}"
        )


def _text(value: Cell) -> str:
    if isinstance(value, int):
        return str(value)
    return value if isinstance(value, str) else number_text(value)


def _height(values: Sequence[Cell], widths: Sequence[int], wrapped: Iterable[int]) -> float:
    return row_height([(_text(values[index]), widths[index]) for index in wrapped])


def cohort_xlsx(cohort: Cohort, rulebook: Rulebook, progress: Progress | None = None) -> bytes:
    """The ranking sheet and one score sheet per unit, as XLSX bytes (see
    :func:`write_cohort_xlsx`, which writes them to a file without holding them)."""
    buffer = io.BytesIO()
    write_cohort_xlsx(buffer, cohort, rulebook, progress)
    return buffer.getvalue()


def write_cohort_xlsx(
    out: IO[bytes], cohort: Cohort, rulebook: Rulebook, progress: Progress | None = None
) -> None:
    """Write the ranking sheet and one score sheet per unit to *out* as XLSX.

    Each sheet goes into the zip file as soon as its rows are written: no temporary
    file per sheet and never more than one sheet in memory, whatever the cohort's size.
    Every sheet prints on A4 as the paper sheet does (see :mod:`._print`).
    """
    workbook = Workbook(write_only=True)
    archive = _SteadyZipFile(out, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
    writer = _StreamingWriter(workbook, archive)
    try:
        _write_sheets(writer, cohort, rulebook, progress)
    except BaseException:
        # Interrupted (an error, Ctrl-C, SIGTERM): the caller throws the file away.
        # Close what is open now; else the interpreter would, at exit, into closed files.
        writer.abandon()
        raise


def _write_ranking(sheet: Any, cohort: Cohort, rulebook: Rulebook, styles: _Styles) -> None:
    """The 排名 sheet: landscape, one page wide; the 单位代码 column is left out of print."""
    _widths(sheet, _RANK_WIDTHS)
    set_print_layout(sheet, title=f"{rulebook.title}考核结果", name="排名", title_rows="2:2")
    sheet.freeze_panes = "A3"
    printed = len(_RANK_WIDTHS) - 1  # every column but 单位代码
    _append(sheet, [f"{rulebook.title}考核结果"], styles.heading, height=30)
    _merge(sheet, 1, 1, 1, printed)
    _append(sheet, RANKING_HEADER, styles.header, height=20)
    looks = [styles.centre, styles.text, styles.centre, styles.centre]
    looks += [styles.text] * (len(RANKING_HEADER) - len(looks) - 1) + [styles.plain]
    for entry in ranking_rows(cohort):
        values = _ranking_cells(entry)
        _append(sheet, values, looks, height=_height(values, _RANK_WIDTHS, _RANK_WRAPPED))
    last = sheet.rows_written
    notes = [cohort.quota.note] if cohort.quota is not None else []
    notes += [summary_line(cohort)] if cohort.units else []
    width = sum(_RANK_WIDTHS[:printed])
    if notes:
        _append(sheet, [], styles.plain)
    for note in notes:
        _append(sheet, [note], styles.plain, height=row_height([(note, width)]))
        last = sheet.rows_written
        _merge(sheet, last, 1, last, printed)
    sheet.print_area = f"A1:{get_column_letter(printed)}{last}"


def _unit_rows(lines: Sequence[SheetRow]) -> list[tuple[list[Cell], str]]:
    """The cells of a unit's sheet below its header, with each row's kind."""
    rows: list[tuple[list[Cell], str]] = []
    for line in lines:
        if line.kind in _CLOSING:
            # 合计 and 等次: the label across 序号 and 项目, the text across 考核内容 and 考核标准.
            values: list[Cell] = [line.section, None, line.content, None]
            values += [line.points_cell, line.score_cell, _lines(line.reasons)]
            rows.append((values, line.kind))
        else:
            rows.append((_sheet_cells(line), line.kind))
    return rows


def _unit_status(ranked: Any) -> str:
    """The line above a unit's sheet: ``总分：96分　等次：优秀　排名：第1名``, or
    why the unit is not assessed."""
    result = ranked.result
    if not result.eligible:
        return "不参评：" + "；".join(result.ineligible or ("未满足申报条件",))
    grade = ranked.grade + ("（一票否决）" if result.vetoed else "")
    rank = f"第{ranked.rank}名" if ranked.ranked else ranked.rank_text
    return f"总分：{number_text(result.total)}分　　等次：{grade}　　排名：{rank}"


def _part_spans(rows: Sequence[tuple[list[Cell], str]]) -> list[tuple[int, int]]:
    """``(first, last)`` row indexes of each part: a part starts where 项目 is given."""
    spans: list[tuple[int, int]] = []
    for index, (values, kind) in enumerate(rows):
        if kind in _CLOSING:
            break
        if values[1] or not spans:
            spans.append((index, index))
        else:
            spans[-1] = (spans[-1][0], index)
    return spans


def _content_spans(
    rows: Sequence[tuple[list[Cell], str]], parts: Sequence[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Runs of rows within a part that repeat one 考核内容, merged as on the paper sheet."""
    spans: list[tuple[int, int]] = []
    for first, last in parts:
        start = first
        for index in range(first + 1, last + 2):
            if index > last or rows[index][0][2] != rows[start][0][2] or not rows[start][0][2]:
                if index - 1 > start:
                    spans.append((start, index - 1))
                start = index
    return spans


def _write_unit(
    sheet: Any,
    ranked: Any,
    rulebook: Rulebook,
    styles: _Styles,
    clauses: Sequence[SheetSection],
) -> None:
    """One unit's score sheet: landscape, one page wide, its header row on every page,
    序号/项目 (and a repeated 考核内容) merged down their rows, 考核人/复核人/日期 below."""
    result = ranked.result
    name = result.name or result.unit
    _widths(sheet, _WIDTHS)
    set_print_layout(sheet, title=rulebook.title, name=name, title_rows="3:3")
    sheet.freeze_panes = "A4"
    columns = len(SHEET_HEADER)
    _append(sheet, [f"{rulebook.title}：{name}"], styles.heading, height=30)
    _merge(sheet, 1, 1, 1, columns)
    status = _unit_status(ranked)
    wide = sum(_WIDTHS[: columns - 1])
    summary: list[Cell] = [status, None, None, None, None, None, f"单位代码：{result.unit}"]
    _append(sheet, summary, styles.plain, height=row_height([(status, wide)], minimum=20))
    _merge(sheet, 2, 1, 2, columns - 1)
    _append(sheet, SHEET_HEADER, styles.header, height=20)
    lines = sheet_rows(result, rulebook, ranked.grade, ranked.grade_note, clauses=clauses)
    rows = _unit_rows(lines)
    parts = _part_spans(rows)
    contents = _content_spans(rows, parts)
    merged_by_part = {index for first, last in parts for index in range(first, last + 1)}
    merged_content = {index for first, last in contents for index in range(first, last + 1)}
    heights = []
    for index, (values, kind) in enumerate(rows):
        # 分值 and 得分 wrap too: a converted part's 得分 reads 27.86（原表65/70分折算）.
        wrapped = [3, 4, 5, 6] + ([] if index in merged_by_part else [1])
        wrapped += [] if index in merged_content else [2]
        if kind in _CLOSING:
            wrapped = [4, 5, 6]
        heights.append(_height(values, _WIDTHS, wrapped))
    spans = [(first, last, _text(rows[first][0][1]), _WIDTHS[1]) for first, last in parts]
    spans += [(first, last, _text(rows[first][0][2]), _WIDTHS[2]) for first, last in contents]
    merged_heights(heights, spans)
    top = sheet.rows_written + 1
    item_looks = [styles.centre, styles.centre, styles.text, styles.text]
    item_looks += [styles.centre, styles.centre, styles.text]
    # A label merged down several rows is set at their top: a page break through the
    # merge would otherwise print it on the second part only (or on neither).
    tall = {first for first, last in parts if last > first}
    tall_looks = [styles.top_centre, styles.top_centre, *item_looks[2:]]
    for index, ((values, kind), height) in enumerate(zip(rows, heights, strict=True)):
        _append(sheet, values, tall_looks if index in tall else item_looks, height=height)
        if kind in _CLOSING:
            row = sheet.rows_written
            _merge(sheet, row, 1, row, 2)
            _merge(sheet, row, 3, row, 4)
    for first, last in parts:
        _merge(sheet, top + first, 1, top + last, 1)
        _merge(sheet, top + first, 2, top + last, 2)
    for first, last in contents:
        _merge(sheet, top + first, 3, top + last, 3)
    # The way to the next grade (整改清单), below the top grade: a few rows.
    plan = to_next_grade(rulebook, result, grade=ranked.grade)
    if plan.blocked != "top" and result.eligible:
        # The label across 序号 and 项目, merged down its rows; each line across the rest.
        wide = sum(_WIDTHS[2:columns])
        first_row = sheet.rows_written + 1
        for n, text in enumerate(next_grade_lines(plan)):
            height = row_height([(text, wide)], minimum=20)
            values = ["" if n else "整改清单", None, text, None, None, None, None]
            _append(
                sheet,
                values,
                [styles.top_centre, styles.top_centre] + [styles.text] * 5,
                height=height,
            )
            _merge(sheet, sheet.rows_written, 3, sheet.rows_written, columns)
        _merge(sheet, first_row, 1, sheet.rows_written, 2)
    _append(sheet, [], styles.plain)
    _append(sheet, _SIGNATURES, styles.plain, height=30)
    row = sheet.rows_written
    _merge(sheet, row, 1, row, 3)
    _merge(sheet, row, 5, row, columns)


def _write_sheets(
    writer: _StreamingWriter, cohort: Cohort, rulebook: Rulebook, progress: Progress | None
) -> None:
    taken: set[str] = set()
    ranking = writer.new_sheet(sheet_title(RANKING_SHEET, taken))
    styles = _Styles.of(ranking)
    _write_ranking(ranking, cohort, rulebook, styles)
    writer.flush(ranking)
    # The 图表 sheet (io/_charts.py): its charts are added before it is flushed, since a
    # streamed sheet writes its drawing's relation when it is closed.
    charts = writer.new_sheet(sheet_title(CHART_SHEET, taken))
    add_result_charts(charts, cohort, rulebook)
    writer.flush(charts)
    clauses = sheet_clauses(rulebook)  # the same clause texts for every unit
    for ranked in cohort.units:
        result = ranked.result
        sheet = writer.new_sheet(sheet_title(result.name or result.unit, taken))
        _write_unit(sheet, ranked, rulebook, styles, clauses)
        writer.flush(sheet)
        if progress is not None:
            progress(1)
    _steady_properties(writer.workbook)
    writer.save()


class _SheetWriter(WorksheetWriter):
    """openpyxl's sheet writer, writing into memory instead of a temporary file."""

    def __init__(self, sheet: Any) -> None:
        super().__init__(sheet, out=io.BytesIO())

    def cleanup(self) -> None:
        """Nothing to remove: there is no temporary file."""


class _Sheet(WriteOnlyWorksheet):
    """A write-only sheet whose title :func:`sheet_title` made valid and unique.

    openpyxl compares each new title with every existing one, which takes time growing
    with the square of the number of sheets; this title is taken as it is.
    """

    _unique_title = ""
    rows_written = 0
    """How many rows :meth:`append` has written (openpyxl does not count them here)."""

    def append(self, row: Any) -> None:
        super().append(row)
        self.rows_written += 1

    @property
    def title(self) -> str:
        return self._unique_title

    @title.setter
    def title(self, value: Any) -> None:
        self._unique_title = str(value)

    def _get_writer(self) -> None:
        sheet: Any = self
        if sheet._writer is None:
            sheet._writer = _SheetWriter(self)
            sheet._writer.write_top()


_WRITTEN_SHEET_DROPS: Final = (
    "_writer",
    "_cells",
    "_hyperlinks",
    "row_dimensions",
    "column_dimensions",
    "row_breaks",
    "col_breaks",
    "merged_cells",
    "data_validations",
    "page_setup",
    "print_options",
    "page_margins",
    "views",
    "protection",
    "HeaderFooter",
    "sheet_properties",
    "sheet_format",
    "conditional_formatting",
)


class _StreamingWriter(ExcelWriter):
    """openpyxl's workbook writer, with each sheet put in the zip file when it is done.

    openpyxl keeps every sheet of a write-only workbook open, in a temporary file of its
    own, until the workbook is saved: one open file per unit ("Too many open files"
    past about a thousand units). :meth:`flush` writes a finished sheet at once; at
    save, the sheets already written are only listed.
    """

    def __init__(self, workbook: Any, archive: zipfile.ZipFile) -> None:
        super().__init__(workbook, archive)
        self._zip = archive
        self._sheets: list[Any] = workbook._sheets
        self._written: set[int] = set()

    def new_sheet(self, title: str) -> Any:
        sheet = _Sheet(parent=self.workbook, title=title)
        self._sheets.append(sheet)  # as Workbook.create_sheet does
        return sheet

    def abandon(self) -> None:
        """Close the sheet being written and the zip file, quietly: the workbook is
        being thrown away."""
        sheet = self._sheets[-1] if self._sheets else None
        if sheet is not None and id(sheet) not in self._written:
            for stream in (sheet._rows, sheet._writer and sheet._writer.xf):
                if stream is not None:
                    with contextlib.suppress(Exception):
                        stream.close()
        with contextlib.suppress(Exception):
            self._zip.close()
        self._zip.fp = None

    def flush(self, sheet: Any) -> None:
        sheet._id = len(self._sheets)  # its number, as openpyxl gives it at save
        sheet.close()
        self._zip.writestr(sheet.path[1:], sheet._writer.out.getvalue())
        sheet._rels = sheet._writer._rels
        # Keep only what saving the workbook reads of a written sheet (its title, path,
        # state, names and relations): the rest would cost some 16 KB per unit.
        for name in _WRITTEN_SHEET_DROPS:
            setattr(sheet, name, None)
        self._written.add(id(sheet))

    def write_worksheet(self, ws: Any) -> None:
        if id(ws) not in self._written:
            super().write_worksheet(ws)
            return
        # What ExcelWriter.write_worksheet does, less writing the sheet again.
        ws._drawing = SpreadsheetDrawing()
        ws._drawing.charts = ws._charts
        ws._drawing.images = ws._images
        self.manifest.append(ws)


_ZIP_EPOCH: Final = (1980, 1, 1, 0, 0, 0)
_FIXED_TIME: Final = datetime.datetime(*_ZIP_EPOCH)


class _SteadyZipFile(zipfile.ZipFile):
    """A zip file whose members all carry the same date, so equal content gives equal
    bytes (the standard library dates members by the clock or the file's mtime)."""

    def _info(self, name: str) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(name, date_time=_ZIP_EPOCH)
        info.compress_type = self.compression
        info.external_attr = 0o600 << 16
        return info

    def writestr(  # type: ignore[override]
        self,
        zinfo_or_arcname: str | zipfile.ZipInfo,
        data: bytes | str,
        compress_type: int | None = None,
        compresslevel: int | None = None,
    ) -> None:
        if isinstance(zinfo_or_arcname, str):
            zinfo_or_arcname = self._info(zinfo_or_arcname)
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)

    def write(  # type: ignore[override]
        self,
        filename: str | os.PathLike[str],
        arcname: str | None = None,
        compress_type: int | None = None,
        compresslevel: int | None = None,
    ) -> None:
        info = self._info(arcname or os.path.basename(filename))
        info.file_size = os.path.getsize(filename)
        with open(filename, "rb") as source, self.open(info, "w") as target:
            shutil.copyfileobj(source, target, 1 << 20)


def _steady_properties(workbook: Any) -> None:
    workbook.properties.created = _FIXED_TIME
    workbook.properties.modified = _FIXED_TIME


def save_xlsx(workbook: Any, out: IO[bytes]) -> None:
    """Save an openpyxl workbook to *out*, the same bytes for the same workbook.

    openpyxl would write the time of saving into ``docProps/core.xml`` and date
    every zip member by the clock; here the document is created and modified, and
    every member dated, 1980-01-01 00:00 (UTC), the earliest date a zip file holds.
    """
    _steady_properties(workbook)
    archive = _SteadyZipFile(out, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
    ExcelWriter(workbook, archive).save()


def steady_xlsx(data: bytes) -> bytes:
    """The same workbook as *data*, with the clock taken out (see :func:`save_xlsx`):
    for workbooks saved by openpyxl's own ``save``.

    >>> import openpyxl
    >>> book = openpyxl.Workbook()
    >>> first, again = io.BytesIO(), io.BytesIO()
    >>> book.save(first)
    >>> steady_xlsx(first.getvalue()) == steady_xlsx(first.getvalue())
    True
    """
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with _SteadyZipFile(buffer, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as target:
        for member in source.infolist():
            content = source.read(member)
            if member.filename == "docProps/core.xml":
                content = _TIMES.sub(rb"<dcterms:\1\2>1980-01-01T00:00:00Z</dcterms:\1>", content)
            target.writestr(member.filename, content)
    return buffer.getvalue()


_TIMES: Final = re.compile(rb"<dcterms:(created|modified)(\b[^>]*)>[^<]*</dcterms:\1>")
