"""How a workbook prints: A4 page setup, header and footer, borders and row heights.

Every XLSX the library writes (the result workbook, the evidence form, the finance
self-evaluation table) is printed and filed by a district office, so every sheet says
how it prints instead of leaving it to the office client's defaults:

- **A4**, the orientation chosen per sheet, **fitted to one page wide** (as many pages
  tall as it takes), or for the evidence form, whose unit columns run on for pages,
  with its label columns repeated on every page instead;
- **repeated header rows** (print titles) on every page;
- a **header** with the sheet's title on the left and the unit's name on the right, and a
  **footer** with 第N页 共M页;
- **explicit row heights** for wrapped text: LibreOffice (and Excel when it has not
  measured the rows itself) shows only the first line of a multi-line cell in a row
  of default height, so most 失分原因 and 考核标准 text would not print. The height is
  worked out from the text's width in display columns (a Chinese character takes two)
  against the column's width, with a margin, since no font is measured here;
- **thin borders** around the table's cells.

Everything here is a property of the sheet (page setup, print options, header and
footer, print titles) or of a cell's style, so it works for write-only (streamed)
sheets as for ordinary ones, as long as the sheet's properties are set before its
first row is written.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any, Final

from openpyxl.styles import Border, Side

from ._safe_text import visible

__all__ = [
    "BODY_SIZE",
    "THIN_BORDER",
    "header_text",
    "line_count",
    "merged_heights",
    "row_height",
    "set_print_layout",
    "text_width",
]

BODY_SIZE: Final = 10
"""The font size of table cells, in points."""
_THIN: Final = Side(style="thin", color="000000")
THIN_BORDER: Final = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
"""A thin black line on every side of a cell."""

_CAPACITY: Final = 1.2
"""Display columns (half a Chinese character each) that one unit of column width holds
at :data:`BODY_SIZE`: about 1.07 in Excel (a unit is the width of a digit of the 11-point
default font, a Chinese character at 10 points is 13.3 pixels), 1.2 to 1.4 in
LibreOffice 7.4 with Noto CJK (measured on printed sheets). Where Excel wraps a cell to
more lines than counted here, its 13.5-point lines still fit in the
:data:`_LINE_POINTS` given to each counted line."""
_LINE_POINTS: Final = 15.0
"""The height of one line of :data:`BODY_SIZE` text, in points. Excel gives a row of
10-point SimSun 13.5, but LibreOffice sets 10-point Noto CJK lines about 14.5 points
apart and centres them in the row: at 13 points a line, rows of several lines printed
with their first and last lines cut (measured on printed PDFs: 14 points a line cuts
a row of six lines, 15 does not; see ``tests/cli/test_print_pdf.py``)."""
_PADDING_POINTS: Final = 4.0
_MAX_HEIGHT: Final = 409.0
"""The tallest row a spreadsheet allows, in points."""
_HEADER_CHARS: Final = 80
"""How much of a title a page header holds: Excel refuses a header or footer of more
than 255 characters, codes included."""


def text_width(text: str) -> int:
    """The display columns *text* takes: two for a wide (Chinese) character, one otherwise.

    >>> text_width("得分"), text_width("9.58")
    (4, 4)
    """
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def line_count(text: str, width: float, size: float = BODY_SIZE) -> int:
    """The lines *text* wraps to in a column *width* units wide at *size* points.

    >>> line_count("", 10), line_count("甲乙", 10), line_count("甲" * 20, 10)
    (1, 1, 4)
    >>> line_count("a\\nb", 10)
    2
    """
    capacity = max(1.0, width * _CAPACITY * BODY_SIZE / size)
    return sum(max(1, math.ceil(text_width(line) / capacity)) for line in text.split("\n"))


def row_height(
    cells: Iterable[tuple[str, float]], size: float = BODY_SIZE, minimum: float = 0
) -> float:
    """The height in points a row needs to show every line of its cells.

    Args:
        cells: ``(text, column width)`` for each wrapped cell of the row.
        size: The font size of the cells, in points.
        minimum: The least height to give.

    >>> row_height([("甲", 10)]), row_height([("甲" * 20, 10), ("乙", 5)])
    (19.0, 64.0)
    """
    lines = max((line_count(text, width, size) for text, width in cells), default=1)
    needed = lines * _LINE_POINTS * size / BODY_SIZE + _PADDING_POINTS
    return min(_MAX_HEIGHT, max(minimum, needed))


def header_text(text: str) -> str:
    """*text* as a page header shows it: ``&`` doubled (else it starts a code), control
    characters escaped, at most 80 characters.

    >>> header_text("A&B"), len(header_text("甲" * 100))
    ('A&&B', 80)
    """
    shown = visible(text).replace("\n", " ")
    if len(shown) > _HEADER_CHARS:
        shown = shown[: _HEADER_CHARS - 1] + "…"
    return shown.replace("&", "&&")


PAGE_NUMBERS: Final = "第&P页 共&N页"
"""The footer: this page's number and the number of pages, as Excel's codes."""


def set_print_layout(
    sheet: Any,
    *,
    title: str,
    name: str = "",
    landscape: bool = True,
    fit_width: bool = True,
    title_rows: str | None = None,
    title_cols: str | None = None,
) -> None:
    """Set how *sheet* prints: A4, orientation, fit, print titles, header and footer.

    For a write-only sheet, call this before writing its first row (its properties go
    to the file first).

    Args:
        sheet: An openpyxl worksheet, ordinary or write-only.
        title: The sheet's title, printed at the top left of every page.
        name: The unit's name (or what the sheet is about), printed at the top right.
        landscape: Landscape or portrait.
        fit_width: Scale the sheet to one page wide (as many pages tall as it takes).
        title_rows: Rows repeated at the top of every page, such as ``"3:3"``.
        title_cols: Columns repeated at the left of every page, such as ``"A:B"``.
    """
    setup = sheet.page_setup
    setup.paperSize = 9  # A4
    setup.orientation = "landscape" if landscape else "portrait"
    if fit_width:
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        setup.fitToWidth = 1
        setup.fitToHeight = 0  # as many pages tall as it takes
    sheet.print_options.horizontalCentered = True
    margins = sheet.page_margins
    margins.left = margins.right = 0.4
    margins.top = margins.bottom = 0.55
    margins.header = margins.footer = 0.25
    if title_rows:
        sheet.print_title_rows = title_rows
    if title_cols:
        sheet.print_title_cols = title_cols
    header = sheet.HeaderFooter.oddHeader
    header.left.text = header_text(title)
    if name:
        header.right.text = header_text(name)
    sheet.HeaderFooter.oddFooter.center.text = PAGE_NUMBERS


def merged_heights(
    heights: list[float], spans: Sequence[tuple[int, int, str, float]], size: float = BODY_SIZE
) -> None:
    """Raise the last row of each merged span so the span shows its whole text.

    Args:
        heights: The row heights, changed in place.
        spans: ``(first index, last index, text, column width)`` of each merged cell.
        size: The font size of the cells, in points.

    >>> heights = [19.0, 19.0]
    >>> merged_heights(heights, [(0, 1, "甲" * 20, 10)])
    >>> heights
    [19.0, 45.0]
    """
    for first, last, text, width in spans:
        needed = row_height([(text, width)], size)
        have = sum(heights[first : last + 1])
        if needed > have:
            heights[last] = min(_MAX_HEIGHT, heights[last] + needed - have)
