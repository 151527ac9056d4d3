"""Fill evidence forms the way an assessor would in Excel: helpers shared by the CLI tests.

The forms are the ones ``assessment-rules template`` writes; the values come from
``Evidence`` read from the bundled YAML examples, written into cells with openpyxl
(numbers as numeric cells, 是/否 for flags, lists joined with 、).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

import openpyxl

from assessment_rules import Evidence


def cell_value(value: object) -> object:
    """The value an assessor would type for one fact (numbers stay numbers)."""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list | tuple):
        return "、".join(str(item) for item in value)
    if isinstance(value, int | Decimal | dt.date):
        return value
    return str(value)


def cell_text(value: object) -> str:
    """The text a CSV cell holds for one fact."""
    typed = cell_value(value)
    if isinstance(typed, Decimal):
        return format(typed, "f")
    if isinstance(typed, dt.date):
        return typed.isoformat()
    return str(typed)


def _form_positions(rows: Sequence[Sequence[object]]) -> tuple[int, int, int, dict[str, int]]:
    """Header row, name row, first unit column and the row of each fact (0-based)."""
    header = next(i for i, row in enumerate(rows) if row and row[0] == "事实代码")
    names = header + 1
    first_unit = list(rows[header]).index("对应条款") + 1
    facts = {str(row[0]): i for i, row in enumerate(rows) if i > names and row and row[0]}
    return header, names, first_unit, facts


def fill_xlsx(path: Path, evidences: Sequence[Evidence]) -> None:
    """Fill a ``template --format xlsx`` form in place: one column per unit."""
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["证据"]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    header, names, first_unit, facts = _form_positions(rows)
    for offset, evidence in enumerate(evidences):
        column = first_unit + offset + 1
        sheet.cell(row=header + 1, column=column).value = evidence.unit
        sheet.cell(row=names + 1, column=column).value = evidence.name or None
        for fact, value in evidence.facts.items():
            if value is not None:
                sheet.cell(row=facts[fact] + 1, column=column).value = cell_value(value)
    workbook.save(path)


def fill_csv(path: Path, evidences: Sequence[Evidence], encoding: str = "utf-8-sig") -> None:
    """Fill a ``template --format csv`` form in place and save it in *encoding*."""
    rows = list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"))))
    header, names, first_unit, facts = _form_positions(rows)
    width = first_unit + len(evidences)
    rows = [row + [""] * (width - len(row)) for row in rows]
    for offset, evidence in enumerate(evidences):
        column = first_unit + offset
        rows[header][column] = evidence.unit
        rows[names][column] = evidence.name
        for fact, value in evidence.facts.items():
            if value is not None:
                rows[facts[fact]][column] = cell_text(value)
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
