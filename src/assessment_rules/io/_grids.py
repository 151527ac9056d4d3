"""Reading CSV files and XLSX workbooks into tables of exact cell text.

**CSV**: UTF-8 with or without a BOM, UTF-16 with a BOM (Excel's "Unicode text"),
or GBK/GB18030 as Excel saves "CSV (逗号分隔)" on Chinese Windows; comma separated,
or tab separated when the first line has tabs and no commas. A quote that is never
closed and text after a closing quote are errors naming the line (a lenient reader
would swallow every row after it). From the header row down (the row starting with
事实代码 or 单位代码), every row has as many cells as the header row: a row with fewer
or more is an error naming its line (a lost or extra comma shifts values into other
units' or facts' columns). Cells left empty at the end of a row, as Excel writes
them, do not count (the header's width is up to its last heading).

**XLSX**: opened with openpyxl in read-only mode; macros and external links are
never loaded and formulas are never run. A cell holding a formula is reported as
an error (its cached result may be stale or missing, and the number an assessor
signs off must be the one typed). openpyxl hands numeric cells over as binary
floats; Excel stores at most 15 significant digits, and Python's ``repr`` of a
float is the shortest text that reads back as the same float, so for every number
a person typed ``repr`` gives back exactly the decimal text Excel stored (0.1 stays
``0.1``, 13.5 stays ``13.5``). Date cells become ``YYYY-MM-DD``; TRUE/FALSE become
是/否.

Before openpyxl sees a workbook, its zip directory is checked: at most
``MAX_ZIP_MEMBERS`` parts, each at most ``MAX_ZIP_PART_BYTES`` and all together at
most ``MAX_ZIP_TOTAL_BYTES`` unpacked, so a 1 MB file holding a 1 GiB string is
refused from its directory, without unpacking it. A hidden sheet (hidden or
"very hidden") that holds any value is refused unless the caller asks for hidden
sheets (``include_hidden_sheets=True``): a forgotten hidden sheet once gave a unit a
7-point deduction from a stale value. Hidden rows and hidden columns are reported with
each sheet, on the same terms (:attr:`Sheet.hidden_rows`, :attr:`Sheet.hidden_columns`);
the table reader refuses those that hold values it would read. Merged cells are
reported with each sheet (:attr:`Sheet.merged`); the table reader refuses those inside
the table, where one unit would get the value and its neighbour silently nothing. At
most ``MAX_CELLS`` cells are read from one CSV file or workbook.
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import re
import struct
import zipfile
from collections.abc import Collection, Sequence
from decimal import Decimal
from typing import Any, Final

import attrs

from .._i18n import gettext as _
from ..engine._errors import AssessmentRulesError
from ._input_limits import (
    MAX_CELLS,
    MAX_ZIP_MEMBERS,
    MAX_ZIP_PART_BYTES,
    MAX_ZIP_TOTAL_BYTES,
    mib,
)
from ._tabular import FORM_KEY, TABLE_KEY, Cell, CellRange

__all__ = [
    "EvidenceFileError",
    "Sheet",
    "cell_text",
    "decode_text",
    "read_csv",
    "read_workbook",
    "read_xlsx",
]

_LAST_ROW: Final = 1_048_576
_LAST_COLUMN: Final = 16_384
_HEADER_KEYS: Final = frozenset({FORM_KEY, "fact", TABLE_KEY, "id", "unit"})
_MERGE: Final = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?mergeCell\b[^>]*?\bref\s*=\s*[\"']([^\"']+)")
# A row or column element of a sheet's XML, with its attributes (``<row r="5"
# hidden="1">``, ``<col min="3" max="4" hidden="true"/>``).
_ROW_OR_COL: Final = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(row|col)\b([^>]*)>")
_ATTRIBUTE: Final = re.compile(rb"\b(r|min|max|hidden)\s*=\s*[\"']([^\"']*)[\"']")


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
    raise EvidenceFileError(source, "encoding", None, _("must be UTF-8 or GBK (GB18030) text"))


def _column_letters(column: int) -> str:
    """The column's letters as Excel writes them (1 → A, 27 → AA), as openpyxl's
    ``get_column_letter`` gives them; here so that reading a CSV file imports no
    openpyxl."""
    letters = ""
    while column > 0:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _where(row: int, column: int) -> str:
    return _("cell {cell}").format(cell=f"{_column_letters(column)}{row}")


def read_csv(data: bytes, source: str) -> list[list[Cell]]:
    """Read CSV bytes into rows of cells (every cell is text or ``None``).

    Raises:
        EvidenceFileError: An unterminated quote or text after a closing quote, rows
            whose width differs from the header row's, or more than ``MAX_CELLS``
            cells; each naming its line.

    >>> [[c.text for c in row] for row in read_csv("a,b\\n1,".encode(), "x.csv")]
    [['a', 'b'], ['1', None]]
    """
    text = decode_text(data, source)
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = "\t" if "\t" in first and "," not in first else ","
    rows: list[list[Cell]] = []
    lines: list[int] = []  # the line each row starts on (a quoted cell may span lines)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter, strict=True)
    cells = 0
    ended = 0  # the last line of the previous row
    try:
        for number, record in enumerate(reader, 1):
            cells += len(record)
            if cells > MAX_CELLS:
                raise EvidenceFileError(
                    f"{source}:{reader.line_num}",
                    "",
                    None,
                    _("has more than {cells} cells; split the file").format(cells=MAX_CELLS),
                )
            rows.append(
                [
                    Cell(value if value.strip() else None, _where(number, column))
                    for column, value in enumerate(record, 1)
                ]
            )
            lines.append(ended + 1)
            ended = reader.line_num
    except csv.Error as error:
        start = ended + 1
        if "end of data" in str(error):
            reason = _(
                "has a quoted cell that starts on line {line} and is never closed (a "
                '" without its closing "); every row after it would be lost'
            ).format(line=start)
        else:
            reason = _("is not a readable CSV file on line {line} ({error})").format(
                line=reader.line_num, error=error
            )
        raise EvidenceFileError(f"{source}:{start}", "", None, reason) from None
    _check_widths(rows, lines, source)
    return rows


def _width(row: Sequence[Cell]) -> int:
    """The number of cells up to the last one that holds something."""
    for index in range(len(row) - 1, -1, -1):
        if row[index].text is not None:
            return index + 1
    return 0


def _header_at(rows: list[list[Cell]]) -> int | None:
    """The header row's index: the first row whose first filled cell is 事实代码 or 单位代码."""
    for index, row in enumerate(rows):
        first = next((cell.text for cell in row if cell.text is not None), None)
        if first is not None and first.strip() in _HEADER_KEYS:
            return index
    return None


def _check_widths(rows: list[list[Cell]], lines: list[int], source: str) -> None:
    header_at = _header_at(rows)
    if header_at is None:
        return
    width = _width(rows[header_at])
    ragged = [
        (lines[index], len(row))
        for index, row in enumerate(rows[header_at + 1 :], header_at + 1)
        if _width(row) and (len(row) < width or _width(row) > width)
    ]
    if not ragged:
        return
    listed = _(", ").join(
        _("line {line} has {count}").format(line=line, count=count) for line, count in ragged[:20]
    )
    more = _(" and {more} more rows").format(more=len(ragged) - 20) if len(ragged) > 20 else ""
    raise EvidenceFileError(
        f"{source}:{ragged[0][0]}",
        "",
        None,
        _(
            "has rows whose number of cells differs from the header row's ({width} cells, "
            "line {line}): {listed}{more}. A missing or extra comma shifts "
            "values into another column; give every row the header's cells"
        ).format(width=width, line=lines[header_at], listed=listed, more=more),
    )


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


@attrs.frozen
class Sheet:
    """One worksheet as read.

    Attributes:
        title: The sheet's name.
        rows: Its rows of cells, top to bottom, from row 1 and column A.
        merged: Its merged cell ranges.
        hidden: Whether the sheet is hidden (only read on request).
        hidden_rows: The numbers of its hidden rows (1-based); empty when hidden
            rows and columns are read on request.
        hidden_columns: The numbers of its hidden columns (A is 1); likewise.
    """

    title: str
    rows: list[list[Cell]]
    merged: tuple[CellRange, ...] = ()
    hidden: bool = False
    hidden_rows: tuple[int, ...] = ()
    hidden_columns: tuple[int, ...] = ()


def read_xlsx(data: bytes, source: str) -> list[tuple[str, list[list[Cell]]]]:
    """Read every worksheet of an XLSX workbook into rows of cells.

    Args:
        data: The file's bytes.
        source: The file name, for messages.

    Returns:
        ``(sheet title, rows)`` for each worksheet, in workbook order.

    Raises:
        EvidenceFileError: As :func:`read_workbook`.
    """
    return [(sheet.title, sheet.rows) for sheet in read_workbook(data, source)]


def _zip_entries(data: bytes) -> int | None:
    """The number of zip members the end-of-directory record declares, read before
    ``zipfile`` builds its directory (a forged file could declare millions)."""
    tail = data[-(22 + 65535) :]
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) - at < 22:
        return None
    (entries,) = struct.unpack_from("<H", tail, at + 10)
    return int(entries)


def _check_zip(data: bytes, source: str) -> zipfile.ZipFile:
    entries = _zip_entries(data)
    if entries is None or entries == 0xFFFF or entries > MAX_ZIP_MEMBERS:
        raise EvidenceFileError(
            source,
            "",
            None,
            _(
                "is not an .xlsx workbook this program reads (more than {parts} "
                "parts, or a damaged zip directory)"
            ).format(parts=MAX_ZIP_MEMBERS),
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise EvidenceFileError(
            source,
            "",
            None,
            _("is damaged and cannot be read ({reason})").format(reason=type(error).__name__),
        ) from None
    total = 0
    for member in archive.infolist():
        total += member.file_size
        if member.file_size > MAX_ZIP_PART_BYTES:
            raise EvidenceFileError(
                source,
                "",
                None,
                _(
                    "holds a part {part!r} of {size} unpacked; "
                    "parts of a workbook are at most {limit} (a cell of "
                    "enormous text?)"
                ).format(
                    part=member.filename,
                    size=mib(member.file_size),
                    limit=mib(MAX_ZIP_PART_BYTES),
                ),
            )
    if total > MAX_ZIP_TOTAL_BYTES:
        raise EvidenceFileError(
            source,
            "",
            None,
            _("unpacks to {size}; workbooks are at most {limit} unpacked").format(
                size=mib(total), limit=mib(MAX_ZIP_TOTAL_BYTES)
            ),
        )
    return archive


@attrs.frozen
class _Marks:
    """What a sheet's XML declares beside its cells: merged ranges, hidden rows and
    hidden columns."""

    merged: tuple[CellRange, ...] = ()
    hidden_rows: tuple[int, ...] = ()
    hidden_columns: tuple[int, ...] = ()


def _attributes(text: bytes) -> dict[bytes, bytes]:
    return {match.group(1): match.group(2) for match in _ATTRIBUTE.finditer(text)}


def _sheet_marks(archive: zipfile.ZipFile, part: str | None) -> _Marks:
    """Merged ranges and hidden rows and columns of a sheet, found in one pass over its
    XML without parsing it again (openpyxl's read-only mode reports neither).

    Rows are known by their ``r`` attribute, which Excel, WPS, LibreOffice and
    openpyxl always write.
    """
    if part is None:
        return _Marks()
    from openpyxl.utils import range_boundaries  # noqa: PLC0415 - only for workbooks

    name = part.lstrip("/")
    found: dict[str, CellRange] = {}
    rows: set[int] = set()
    columns: set[int] = set()
    carry = b""
    try:
        with archive.open(name) as stream:
            while chunk := stream.read(1 << 20):
                buffer = carry + chunk
                for match in _MERGE.finditer(buffer):
                    ref = match.group(1).decode("ascii", "replace")
                    if ref not in found:
                        try:
                            low_col, low_row, high_col, high_row = range_boundaries(ref)
                        except (ValueError, TypeError):
                            continue
                        found[ref] = CellRange(
                            ref,
                            low_row or 1,
                            low_col or 1,
                            high_row or _LAST_ROW,
                            high_col or _LAST_COLUMN,
                        )
                for match in _ROW_OR_COL.finditer(buffer):
                    _hidden_mark(match.group(1), _attributes(match.group(2)), rows, columns)
                carry = buffer[-512:]
    except KeyError:
        return _Marks()
    return _Marks(tuple(found.values()), tuple(sorted(rows)), tuple(sorted(columns)))


def _hidden_mark(
    kind: bytes, attributes: dict[bytes, bytes], rows: set[int], columns: set[int]
) -> None:
    """Add a hidden row's number, or a hidden column span's numbers, to *rows* or *columns*."""
    if attributes.get(b"hidden", b"").strip().lower() not in (b"1", b"true"):
        return
    try:
        if kind == b"row":
            number = int(attributes[b"r"])
            if 1 <= number <= _LAST_ROW:
                rows.add(number)
            return
        low = int(attributes[b"min"])
        high = min(int(attributes.get(b"max", attributes[b"min"])), _LAST_COLUMN)
    except (KeyError, ValueError):
        return
    if 1 <= low <= high:
        columns.update(range(low, high + 1))


def read_workbook(
    data: bytes,
    source: str,
    *,
    include_hidden_sheets: bool = False,
    skip: Collection[str] = (),
) -> list[Sheet]:
    """Read every worksheet of an XLSX workbook into rows of cells.

    Args:
        data: The file's bytes.
        source: The file name, for messages.
        include_hidden_sheets: Read hidden sheets, rows and columns too; by default a
            hidden sheet that holds any value is an error (an empty one is skipped),
            and hidden rows and columns are reported with each sheet
            (:attr:`Sheet.hidden_rows`, :attr:`Sheet.hidden_columns`) for the table
            reader to refuse.
        skip: Titles of sheets not to read at all, hidden or not (the 说明 sheet).

    Returns:
        Each visible worksheet (and, on request, each hidden one), in workbook order.

    Raises:
        EvidenceFileError: The file is not a readable XLSX workbook, is larger than
            the limits, has more than ``MAX_CELLS`` cells, or has a hidden sheet with
            values.
    """
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise EvidenceFileError(
            source,
            "",
            None,
            _(
                "is not an .xlsx workbook (damaged or truncated? An old .xls must be saved "
                "as .xlsx)"
            ),
        )
    archive = _check_zip(data, source)
    import openpyxl  # noqa: PLC0415 - imported for workbooks only: JSON or CSV evidence need none

    try:
        workbook = openpyxl.load_workbook(
            io.BytesIO(data), read_only=True, data_only=False, keep_links=False, keep_vba=False
        )
    except Exception as error:  # openpyxl raises many types for damaged files
        archive.close()
        raise EvidenceFileError(
            source,
            "",
            None,
            _("cannot be read as an .xlsx workbook ({reason})").format(reason=type(error).__name__),
        ) from None
    sheets: list[Sheet] = []
    hidden: list[str] = []
    cells = 0
    try:
        for sheet in workbook.worksheets:
            if sheet.title in skip:
                continue
            state = getattr(sheet, "sheet_state", "visible")
            sheet.reset_dimensions()  # some tools record wrong sizes; read what is there
            rows: list[list[Cell]] = []
            for number, row_cells in enumerate(sheet.iter_rows(), 1):
                cells += len(row_cells)
                if cells > MAX_CELLS:
                    raise EvidenceFileError(
                        _("{source} sheet {sheet!r}").format(source=source, sheet=sheet.title),
                        "",
                        None,
                        _(
                            "makes the workbook larger than {cells} cells (row {row}); "
                            "split the workbook or delete stray cells far from the table"
                        ).format(cells=MAX_CELLS, row=number),
                    )
                rows.append(_row(number, row_cells))
            if state != "visible" and not include_hidden_sheets:
                if any(cell.text is not None for row in rows for cell in row):
                    hidden.append(f"{sheet.title!r} ({state})")
                continue
            part = getattr(sheet, "_worksheet_path", None)
            marks = _sheet_marks(archive, part)
            sheets.append(
                Sheet(
                    sheet.title,
                    rows,
                    marks.merged,
                    state != "visible",
                    () if include_hidden_sheets else marks.hidden_rows,
                    () if include_hidden_sheets else marks.hidden_columns,
                )
            )
    except EvidenceFileError:
        raise
    except Exception as error:  # openpyxl and its XML parsers raise many types
        raise EvidenceFileError(
            source,
            "",
            None,
            _("is damaged and cannot be read ({reason})").format(reason=type(error).__name__),
        ) from None
    finally:
        workbook.close()
        archive.close()
    if hidden:
        raise EvidenceFileError(
            source,
            "",
            None,
            _(
                "has hidden sheets with values: {sheets}. Hidden values are easily "
                "stale and nobody sees them: unhide the sheet and check it, or delete it "
                "(or read hidden sheets on purpose: --include-hidden-sheets on the command "
                "line, include_hidden_sheets=True in Python)"
            ).format(sheets=_(", ").join(hidden)),
        )
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
