"""Reading CSV files and XLSX workbooks into tables of exact cell text.

**CSV**: UTF-8 with or without a BOM, UTF-16 with a BOM (Excel's "Unicode text"),
or GBK/GB18030 as Excel saves "CSV (逗号分隔)" on Chinese Windows; comma separated,
or tab separated when the first line has tabs and no commas.

**XLSX**: opened with openpyxl in read-only mode; macros and external links are
never loaded and formulas are never run. A cell holding a formula is reported as
an error (its cached result may be stale or missing, and the number an assessor
signs off must be the one typed). openpyxl hands numeric cells over as binary
floats; Excel stores at most 15 significant digits, and Python's ``repr`` of a
float is the shortest text that reads back as the same float, so for every number
a person typed ``repr`` gives back exactly the decimal text Excel stored (0.1 stays
``0.1``, 13.5 stays ``13.5``). Date cells become ``YYYY-MM-DD``; TRUE/FALSE become
是/否.
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import zipfile
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import openpyxl
from openpyxl.utils import get_column_letter

from ..engine._errors import AssessmentRulesError
from ._tabular import Cell

__all__ = ["EvidenceFileError", "cell_text", "decode_text", "read_csv", "read_xlsx"]


class EvidenceFileError(AssessmentRulesError, ValueError):
    """An evidence file cannot be read or does not have the evidence layout."""


def decode_text(data: bytes, source: str) -> str:
    """Decode an evidence file: UTF-8 (BOM or not), UTF-16 with a BOM, else GB18030.

    >>> decode_text("考核".encode("gbk"), "x.csv")
    '考核'
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings: tuple[str, ...] = ("utf-16",)
    else:
        encodings = ("utf-8-sig", "gb18030")
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise EvidenceFileError(source, "encoding", None, "must be UTF-8 or GBK (GB18030) text")


def _where(row: int, column: int) -> str:
    return f"cell {get_column_letter(column)}{row}"


def read_csv(data: bytes, source: str) -> list[list[Cell]]:
    """Read CSV bytes into rows of cells (every cell is text or ``None``).

    >>> [[c.text for c in row] for row in read_csv("a,b\\n1,".encode(), "x.csv")]
    [['a', 'b'], ['1', None]]
    """
    text = decode_text(data, source)
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = "\t" if "\t" in first and "," not in first else ","
    rows: list[list[Cell]] = []
    try:
        for number, record in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), 1):
            rows.append(
                [
                    Cell(value if value.strip() else None, _where(number, column))
                    for column, value in enumerate(record, 1)
                ]
            )
    except csv.Error as error:
        raise EvidenceFileError(source, "", None, f"is not a readable CSV file ({error})") from None
    return rows


def cell_text(value: Any) -> str | None:
    """The exact text of one cell value as openpyxl returns it.

    >>> cell_text(0.1), cell_text(13.5), cell_text(2.5), cell_text(3), cell_text(True)
    ('0.1', '13.5', '2.5', '3', '是')
    """
    if value is None:
        return None
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        # repr is the shortest text that reads back as this float: for a number typed
        # in Excel (≤ 15 significant digits) it is exactly the decimal text stored.
        return format(Decimal(repr(value)), "f")
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, _dt.datetime):
        if value.time() == _dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, _dt.date | _dt.time):
        return value.isoformat()
    return str(value)


def read_xlsx(data: bytes, source: str) -> list[tuple[str, list[list[Cell]]]]:
    """Read every worksheet of an XLSX workbook into rows of cells.

    Args:
        data: The file's bytes.
        source: The file name, for messages.

    Returns:
        ``(sheet title, rows)`` for each worksheet, in workbook order.

    Raises:
        EvidenceFileError: The file is not a readable XLSX workbook.
    """
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise EvidenceFileError(
            source,
            "",
            None,
            "is not an .xlsx workbook (damaged or truncated? An old .xls must be saved as .xlsx)",
        )
    try:
        workbook = openpyxl.load_workbook(
            io.BytesIO(data), read_only=True, data_only=False, keep_links=False, keep_vba=False
        )
    except Exception as error:  # openpyxl raises many types for damaged files
        raise EvidenceFileError(
            source, "", None, f"cannot be read as an .xlsx workbook ({type(error).__name__})"
        ) from None
    sheets: list[tuple[str, list[list[Cell]]]] = []
    try:
        for sheet in workbook.worksheets:
            sheet.reset_dimensions()  # some tools record wrong sizes; read what is there
            rows: list[list[Cell]] = []
            for number, cells in enumerate(sheet.iter_rows(), 1):
                rows.append(_row(number, cells))
            sheets.append((sheet.title, rows))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, EOFError) as error:
        raise EvidenceFileError(
            source, "", None, f"is damaged and cannot be read ({type(error).__name__})"
        ) from None
    finally:
        workbook.close()
    return sheets


def _row(number: int, cells: Sequence[Any]) -> list[Cell]:
    row: list[Cell] = []
    for column, cell in enumerate(cells, 1):
        value = cell.value
        where = _where(number, column)
        if getattr(cell, "data_type", None) == "f":
            row.append(Cell(str(value), where, formula=True))
            continue
        text = cell_text(value)
        row.append(Cell(text if text is None or text.strip() else None, where))
    return row
