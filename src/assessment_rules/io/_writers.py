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
from ..engine._results import UnitResult
from ..engine._rulebook import Rulebook
from ._safe_text import csv_text, is_formula_like, visible
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
    "save_xlsx",
    "sheet_title",
    "steady_xlsx",
    "write_cohort_xlsx",
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
    escaped = visible(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
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


def _styles() -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    wrap = Alignment(wrap_text=True, vertical="top")
    header = {
        "font": Font(bold=True),
        "alignment": Alignment(horizontal="center", vertical="center", wrap_text=True),
        "fill": PatternFill("solid", fgColor="DDEBF7"),
    }
    return header, {"alignment": wrap}, {"font": Font(bold=True, size=13)}


def _append(
    sheet: Any,
    values: Sequence[str | Decimal | int | None],
    style: dict[str, Any] | StyleArray,
) -> None:
    sheet.append([xlsx_text_cell(sheet, value, style) for value in values])


def _widths(sheet: Any, widths: Sequence[int]) -> None:
    for index, width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(index)].width = width


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


def _write_sheets(
    writer: _StreamingWriter, cohort: Cohort, rulebook: Rulebook, progress: Progress | None
) -> None:
    taken: set[str] = set()
    ranking = writer.new_sheet(sheet_title(RANKING_SHEET, taken))
    header, body, heading = (_baked(ranking, style) for style in _styles())
    _widths(ranking, _RANK_WIDTHS)
    ranking.freeze_panes = "A3"
    _append(ranking, [f"{rulebook.title}（{rulebook.id}）考核结果"], heading)
    _append(ranking, RANKING_HEADER, header)
    for entry in ranking_rows(cohort):
        _append(ranking, _ranking_cells(entry), body)
    if cohort.quota is not None:
        _append(ranking, [], body)
        _append(ranking, [cohort.quota.note], body)
    writer.flush(ranking)
    clauses = sheet_clauses(rulebook)  # the same clause texts for every unit
    for ranked in cohort.units:
        result = ranked.result
        sheet = writer.new_sheet(sheet_title(result.name or result.unit, taken))
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
