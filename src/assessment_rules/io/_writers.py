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
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from typing import Any, Final

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from ..cohorts._cohort import Cohort
from ..engine._results import UnitResult
from ..engine._rulebook import Rulebook
from ._safe_text import csv_text, is_formula_like
from ._sheets import (
    RANKING_HEADER,
    SHEET_HEADER,
    RankingRow,
    SheetRow,
    number_text,
    ranking_rows,
    sheet_clauses,
    sheet_rows,
)

__all__ = [
    "cohort_csv",
    "cohort_markdown",
    "cohort_xlsx",
    "csv_bytes",
    "md_cell",
    "sheet_title",
    "xlsx_text_cell",
]

Progress = Callable[[int], None]
RANKING_SHEET: Final = "排名"
_SHEET_FORBIDDEN: Final = re.compile(r"[\[\]:*?/\\]")
_WIDTHS: Final = (6, 14, 28, 60, 8, 8, 50)
_RANK_WIDTHS: Final = (6, 28, 10, 14, 70, 40, 40, 16)


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


def _sheet_cells(row: SheetRow) -> list[str | Decimal | None]:
    return [
        row.number,
        row.section,
        row.content,
        row.standard,
        row.points,
        row.score,
        _lines(row.reasons),
    ]


def cohort_csv(cohort: Cohort, rulebook: Rulebook, progress: Progress | None = None) -> bytes:
    """The ranking and every unit's score sheet in one CSV file (see module doc)."""
    rows: list[Sequence[str | Decimal | int | None]] = [
        [f"{rulebook.title}（{rulebook.id}）考核结果"],
        list(RANKING_HEADER),
    ]
    rows.extend(_ranking_cells(entry) for entry in ranking_rows(cohort))
    if cohort.quota is not None:
        rows.append([cohort.quota.note])
    clauses = sheet_clauses(rulebook)  # the same clause texts for every unit
    for ranked in cohort.units:
        result = ranked.result
        rows.append([])
        rows.append([f"单位：{_title_line(result)}", f"总分：{number_text(result.total)}"])
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
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return escaped.replace("|", "\\|").replace("\r", "").replace("\n", "<br>")


def _md_row(cells: Iterable[str]) -> str:
    return "| " + " | ".join(md_cell(cell) for cell in cells) + " |"


def cohort_markdown(cohort: Cohort, rulebook: Rulebook) -> str:
    """The ranking and every unit's score sheet as Markdown."""
    out = [f"# {md_cell(rulebook.title)}（{rulebook.id}）考核结果", "", "## 排名", ""]
    out.append(_md_row(RANKING_HEADER[:7]))
    out.append("|" + "---|" * 7)
    for entry in ranking_rows(cohort):
        out.append(
            _md_row(
                (
                    str(entry.rank),
                    entry.name,
                    number_text(entry.total),
                    entry.grade,
                    _lines(entry.reasons) or "无失分",
                    _lines(entry.bonuses),
                    entry.note,
                )
            )
        )
    if cohort.quota is not None:
        out += ["", md_cell(cohort.quota.note)]
    clauses = sheet_clauses(rulebook)  # the same clause texts for every unit
    for ranked in cohort.units:
        result = ranked.result
        out += ["", f"## {md_cell(_title_line(result))}", ""]
        out.append(
            f"总分 **{number_text(result.total)}**，等次 **{md_cell(ranked.grade)}**"
            + ("（一票否决）" if result.vetoed else "")
            + f"，排名第 {ranked.rank} 名。"
        )
        out += ["", _md_row(SHEET_HEADER), "|" + "---|" * len(SHEET_HEADER)]
        for line in sheet_rows(result, rulebook, ranked.grade, ranked.grade_note, clauses=clauses):
            out.append(
                _md_row(
                    (
                        line.number,
                        line.section,
                        line.content,
                        line.standard,
                        number_text(line.points),
                        number_text(line.score),
                        _lines(line.reasons),
                    )
                )
            )
    return "\n".join(out) + "\n"


def sheet_title(wanted: str, taken: set[str]) -> str:
    """A valid, unique worksheet title (≤ 31 characters, none of []:*?/\\).

    >>> taken = set()
    >>> sheet_title("区应急局", taken), sheet_title("区应急局", taken), sheet_title("a/b", taken)
    ('区应急局', '区应急局 (2)', 'a_b')
    """
    base = _SHEET_FORBIDDEN.sub("_", wanted).strip("'").strip() or "单位"
    base = base[:31]
    title, count = base, 1
    while title.casefold() in taken:
        count += 1
        suffix = f" ({count})"
        title = base[: 31 - len(suffix)] + suffix
    taken.add(title.casefold())
    return title


def xlsx_text_cell(sheet: Any, value: str | Decimal | int | None, style: dict[str, Any]) -> Any:
    """A write-only cell: numbers as numbers, text as text even when it looks like a formula."""
    cell = WriteOnlyCell(sheet)
    if isinstance(value, str):
        cell.value = value
        # openpyxl types text starting with "=" as a formula; force a plain string and
        # set Excel's quote prefix so editing the cell keeps it text.
        cell.data_type = "s"
        if is_formula_like(value):
            cell.quotePrefix = True
    elif value is not None:
        cell.value = value
    for name, setting in style.items():
        setattr(cell, name, setting)
    return cell


def _styles() -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    wrap = Alignment(wrap_text=True, vertical="top")
    header = {
        "font": Font(bold=True),
        "alignment": Alignment(horizontal="center", vertical="center", wrap_text=True),
        "fill": PatternFill("solid", fgColor="DDEBF7"),
    }
    return header, {"alignment": wrap}, {"font": Font(bold=True, size=13)}


def _append(
    sheet: Any, values: Sequence[str | Decimal | int | None], style: dict[str, Any]
) -> None:
    sheet.append([xlsx_text_cell(sheet, value, style) for value in values])


def _widths(sheet: Any, widths: Sequence[int]) -> None:
    for index, width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(index)].width = width


def cohort_xlsx(cohort: Cohort, rulebook: Rulebook, progress: Progress | None = None) -> bytes:
    """The ranking sheet and one score sheet per unit, as XLSX bytes."""
    header, body, heading = _styles()
    workbook = Workbook(write_only=True)  # streams rows: thousands of units stay cheap
    taken: set[str] = set()
    ranking = workbook.create_sheet(sheet_title(RANKING_SHEET, taken))
    _widths(ranking, _RANK_WIDTHS)
    ranking.freeze_panes = "A3"
    _append(ranking, [f"{rulebook.title}（{rulebook.id}）考核结果"], heading)
    _append(ranking, RANKING_HEADER, header)
    for entry in ranking_rows(cohort):
        _append(ranking, _ranking_cells(entry), body)
    if cohort.quota is not None:
        _append(ranking, [], body)
        _append(ranking, [cohort.quota.note], body)
    clauses = sheet_clauses(rulebook)  # the same clause texts for every unit
    for ranked in cohort.units:
        result = ranked.result
        sheet = workbook.create_sheet(sheet_title(result.name or result.unit, taken))
        _widths(sheet, _WIDTHS)
        sheet.freeze_panes = "A4"
        _append(sheet, [f"{rulebook.title}：{_title_line(result)}"], heading)
        _append(
            sheet,
            [
                "总分",
                result.total,
                "等次",
                ranked.grade + ("（一票否决）" if result.vetoed else ""),
                "排名",
                ranked.rank,
            ],
            body,
        )
        _append(sheet, SHEET_HEADER, header)
        for line in sheet_rows(result, rulebook, ranked.grade, ranked.grade_note, clauses=clauses):
            _append(sheet, _sheet_cells(line), body)
        if progress is not None:
            progress(1)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
