"""Native Excel charts for the result workbook: totals by unit, and points lost by clause.

The result workbook (``score … --format xlsx``) gets a 图表 sheet after the 排名 sheet:

- **各单位总分**: one column per unit in ranking order, with a line at each grade
  band's lower bound (优秀 90, 良好 80, 合格 60 by default), so the band a unit falls
  in can be read off the picture. A vetoed unit's column is red: its score is shown,
  but its grade is the lowest whatever the score (the note above the chart says so).
  A cohort of more than :data:`MAX_UNITS_CHARTED` units would make columns too thin
  to read; the chart then counts units per grade instead.
- **各条款失分**: horizontal bars of the points the whole cohort lost on each clause,
  largest first (at most :data:`MAX_CLAUSES_CHARTED`), labelled with the clause's
  Chinese title. Two clauses of the same title are told apart by their item's title.

The charts are openpyxl's native charts (Excel, WPS and LibreOffice draw them); their
series point at data tables written on the same sheet under the charts, so the figures
can be checked and the chart redrawn by hand. Everything written depends only on the
results: the same cohort gives the same bytes.

:func:`chart_data` computes the figures as plain data; the docs site draws the same
charts from it as SVG (``docs/_charts_svg.py``).
"""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any, Final

import attrs
from openpyxl.cell import WriteOnlyCell
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.chart.data_source import AxDataSource, StrRef
from openpyxl.chart.label import DataLabelList
from openpyxl.chart.marker import DataPoint
from openpyxl.chart.shapes import GraphicalProperties
from openpyxl.drawing.line import LineProperties
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break

from ..cohorts._cohort import Cohort
from ..cohorts._summary import summarize
from ..engine._numbers import fmt
from ..engine._rulebook import Rulebook
from ._print import THIN_BORDER, set_print_layout
from ._safe_text import is_formula_like, visible

__all__ = [
    "CHART_SHEET",
    "MAX_CLAUSES_CHARTED",
    "MAX_UNITS_CHARTED",
    "BandLine",
    "ClauseBar",
    "ResultCharts",
    "UnitBar",
    "add_result_charts",
    "chart_data",
]

CHART_SHEET: Final = "图表"
MAX_UNITS_CHARTED: Final = 60
"""Above this many units the totals chart counts units per grade instead."""
MAX_CLAUSES_CHARTED: Final = 15
"""The losses chart shows this many clauses at most (the data table lists them all)."""

BAR_COLOUR: Final = "4472C4"
VETO_COLOUR: Final = "C00000"
LOSS_COLOUR: Final = "ED7D31"
BAND_COLOURS: Final = ("548235", "BF9000", "7F7F7F", "A5A5A5", "264478")
"""Line colours of the grade bands' lower bounds, highest band first."""


@attrs.frozen
class UnitBar:
    """One unit's column in the totals chart.

    Attributes:
        rank: Its rank in the cohort, or ``None`` when it is not ranked.
        rank_text: The rank as the ranking prints it (``3``, ``不排名``).
        name: Its name (or id when it has none).
        total: Its total.
        grade: Its final grade (after any quota).
        vetoed: Whether a veto forced its grade.
    """

    rank: int | None
    rank_text: str
    name: str
    total: Decimal
    grade: str
    vetoed: bool


@attrs.frozen
class BandLine:
    """A grade band's lower bound, drawn as a line across the totals chart."""

    title: str
    minimum: Decimal

    @property
    def label(self) -> str:
        """The legend's text, e.g. ``优秀线（90分）``."""
        return f"{self.title}线（{fmt(self.minimum)}分）"


@attrs.frozen
class ClauseBar:
    """Points the cohort lost on one clause.

    Attributes:
        label: The clause's Chinese title (with its item's title when two clauses share one).
        points: Σ points lost on it over the cohort.
        units: How many units lost points on it.
        path: The clause's dotted path (kept for tools, never printed in the chart).
    """

    label: str
    points: Decimal
    units: int
    path: str


@attrs.frozen
class ResultCharts:
    """The figures both charts are drawn from.

    Attributes:
        title: The rulebook's title.
        units: Every unit assessed, in ranking order (a unit the eligibility gate kept
            out, 不参评, has no score to draw and is left out).
        bands: The grade bands' lower bounds above 0, highest first.
        grades: ``(grade, count)`` for every grade, highest first.
        losses: Every clause where the cohort lost points, most points first.
    """

    title: str
    units: tuple[UnitBar, ...]
    bands: tuple[BandLine, ...]
    grades: tuple[tuple[str, int], ...]
    losses: tuple[ClauseBar, ...]

    @property
    def by_unit(self) -> bool:
        """Whether the totals chart has a column per unit (else one per grade)."""
        return 0 < len(self.units) <= MAX_UNITS_CHARTED

    @property
    def charted_losses(self) -> tuple[ClauseBar, ...]:
        """The clauses the losses chart shows: the largest losses, at most 15."""
        return self.losses[:MAX_CLAUSES_CHARTED]


def chart_data(cohort: Cohort, rulebook: Rulebook) -> ResultCharts:
    """The figures of the result charts of a scored cohort.

    >>> from assessment_rules import Deduct, Item, Rulebook, Section, assess
    >>> from assessment_rules.engine import Evidence
    >>> book = Rulebook("tiny", "示例", points="10", children=(
    ...     Section("org", "组织领导", points="10", children=(
    ...         Item("plan", "年度计划", points="10", children=(
    ...             Deduct("no_plan", "未制定年度计划", rate="2"),)),)),))
    >>> cohort = assess(book, [Evidence("a", {"no_plan": True}, "甲"),
    ...                        Evidence("b", {"no_plan": False}, "乙")])
    >>> data = chart_data(cohort, book)
    >>> [(u.name, u.total) for u in data.units]
    [('乙', Decimal('10')), ('甲', Decimal('8'))]
    >>> [b.label for b in data.bands]
    ['优秀线（90分）', '良好线（80分）', '合格线（60分）']
    >>> [(c.label, c.points, c.units) for c in data.losses]
    [('未制定年度计划', Decimal('2'), 1)]
    """
    units = tuple(
        UnitBar(
            ranked.rank,
            ranked.rank_text,
            # With its class (分类排名), as the ranking sheet names it: ranks restart per class.
            (ranked.result.name or ranked.result.unit)
            + (f"（{ranked.group}）" if ranked.group else ""),
            ranked.result.total,
            ranked.grade,
            ranked.result.vetoed,
        )
        for ranked in cohort.units
        if ranked.result.eligible  # a 不参评 unit has no score to draw (its 0 is none)
    )
    bands = tuple(
        BandLine(band.title, band.minimum) for band in rulebook.grades if band.minimum > 0
    )
    if not cohort.units:
        grades = tuple((band.title, 0) for band in rulebook.grades)
        return ResultCharts(rulebook.title, units, bands, grades, ())
    summary = summarize(
        [ranked.result for ranked in cohort.units],
        [ranked.grade for ranked in cohort.units],
        cohort.grade_titles or tuple(band.title for band in rulebook.grades),
    )
    titles = {path: node.title for path, node in rulebook.walk()}
    shared: dict[str, int] = {}
    for loss in summary.losses:
        shared[loss.title] = shared.get(loss.title, 0) + 1
    losses = tuple(
        ClauseBar(
            _clause_label(loss.path, loss.title, titles, shared), loss.points, loss.units, loss.path
        )
        for loss in summary.losses
    )
    return ResultCharts(rulebook.title, units, bands, summary.grades, losses)


def _clause_label(path: str, title: str, titles: dict[str, str], shared: dict[str, int]) -> str:
    if shared.get(title, 0) < 2 or "." not in path:
        return title
    parent = titles.get(path.rsplit(".", 1)[0], "")
    return f"{title}（{parent}）" if parent and parent != title else title


def _cell(sheet: Any, value: str | Decimal | int | None, **style: Any) -> Any:
    cell: Any = WriteOnlyCell(sheet)
    if isinstance(value, str):
        value = visible(value)
        cell.value = value
        # Text from evidence (a unit's name) stays text even when it looks like a formula.
        cell.data_type = "s"
        if is_formula_like(value):
            cell.quotePrefix = True
    elif value is not None:
        cell.value = value
    for name, setting in style.items():
        setattr(cell, name, setting)
    return cell


_HEADER: Final = {
    "border": THIN_BORDER,
    "font": Font(bold=True),
    "alignment": Alignment(horizontal="center", vertical="center", wrap_text=True),
    "fill": PatternFill("solid", fgColor="DDEBF7"),
}
_WRAP: Final = {"alignment": Alignment(wrap_text=True, vertical="center")}
_CENTRE: Final = {"alignment": Alignment(horizontal="center", vertical="center", wrap_text=True)}
_TABLE_BORDER: Final = {"border": THIN_BORDER}
_WIDTHS: Final = (8, 44, 12, 16, 14, 14, 14, 14, 14)
_ROW_CM: Final = 0.53
"""A default row (15 points) in centimetres: how many rows a chart covers."""


def _rows_for(height_cm: float) -> int:
    return math.ceil(height_cm / _ROW_CM) + 2


def add_result_charts(sheet: Any, cohort: Cohort, rulebook: Rulebook) -> None:
    """Fill an empty worksheet with the result charts and the tables they are drawn from.

    The sheet may be a write-only one (``Workbook(write_only=True)``): rows are only
    appended, and the charts are anchored to cells of rows left empty for them. It
    prints on A4 landscape, one page wide, each chart on a page of its own, then the
    tables (see :func:`._print.set_print_layout`).

    Args:
        sheet: A new, empty worksheet (normally titled :data:`CHART_SHEET`).
        cohort: The scored cohort.
        rulebook: Its rulebook.
    """
    data = chart_data(cohort, rulebook)
    for index, width in enumerate(_WIDTHS, 1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    set_print_layout(sheet, title=f"{rulebook.title}考核结果", name=CHART_SHEET)
    row = 0

    def append(values: list[Any]) -> None:
        nonlocal row
        sheet.append(values)
        row += 1

    append([_cell(sheet, f"{rulebook.title}：考核结果图表", font=Font(bold=True, size=13))])
    if not data.units:
        append([_cell(sheet, "本次考核没有单位，无图表。")])
        return
    append([_cell(sheet, _totals_note(data))])
    totals = _totals_chart(data)
    losses = _losses_chart(data) if data.losses else None
    # Each chart on a page of its own, then the tables: a page break after the rows
    # each chart covers.
    append([])
    totals_at = row + 1
    for _ in range(_rows_for(totals.height)):
        append([])
    sheet.row_breaks.append(Break(id=row))
    losses_at = row + 2  # a row below the break: LibreOffice breaks after row id + 1
    if losses is not None:
        for _ in range(_rows_for(losses.height)):
            append([])
        sheet.row_breaks.append(Break(id=row))
    append([_cell(sheet, "各单位总分" if data.by_unit else "各等次单位数", font=Font(bold=True))])
    first = row + 2  # the first data row, under the header
    if data.by_unit:
        append(
            [
                _cell(sheet, text, **_HEADER)
                for text in ("排名", "单位", "总分", "等次", *(b.label for b in data.bands))
            ]
        )
        for unit in data.units:
            grade = unit.grade + ("（一票否决）" if unit.vetoed else "")
            cells: list[str | Decimal | int | None] = [
                unit.rank if unit.rank is not None else unit.rank_text,
                unit.name,
                unit.total,
                grade,
                *(b.minimum for b in data.bands),
            ]
            # Names left, every figure centred under its header, as the losses table.
            append(
                [
                    _cell(sheet, value, **(_WRAP if index == 1 else _CENTRE), **_TABLE_BORDER)
                    for index, value in enumerate(cells)
                ]
            )
        _fill_totals(totals, sheet, (first, row), data)
    else:
        append([_cell(sheet, text, **_HEADER) for text in ("", "等次", "单位数")])
        for grade, count in data.grades:
            append(
                [
                    _cell(sheet, None),
                    _cell(sheet, grade, **_CENTRE, **_TABLE_BORDER),
                    _cell(sheet, count, **_CENTRE, **_TABLE_BORDER),
                ]
            )
        _fill_grades(totals, sheet, first, row)
    sheet.add_chart(totals, f"A{totals_at}")
    append([])
    append([_cell(sheet, "各条款失分（全部单位合计，失分多的在前）", font=Font(bold=True))])
    if losses is None:
        append([_cell(sheet, "全部单位均无失分。")])
        return
    append([_cell(sheet, text, **_HEADER) for text in ("序号", "条款", "失分合计", "失分单位数")])
    first = row + 1
    for number, clause in enumerate(data.losses, 1):
        values: tuple[str | Decimal | int, ...] = (number, clause.label, clause.points)
        values += (clause.units,)
        append(
            [
                _cell(sheet, value, **(_WRAP if index == 1 else _CENTRE), **_TABLE_BORDER)
                for index, value in enumerate(values)
            ]
        )
    shown = len(data.charted_losses)
    _fill_losses(losses, sheet, first, first + shown - 1)
    sheet.add_chart(losses, f"A{losses_at}")


def _totals_note(data: ResultCharts) -> str:
    bands = "、".join(f"{b.title}≥{fmt(b.minimum)}分" for b in data.bands)
    if data.by_unit:
        note = f"图一柱高为各单位总分（按排名），虚线为等次分数线（{bands}）"
        if any(unit.vetoed for unit in data.units):
            note += "；红色柱为一票否决的单位，等次按最低等次计，与分数无关"
        return note + "。图二为全部单位在各条款的失分合计。图中数据见其后两表。"
    return (
        f"共{len(data.units)}个单位，单位过多无法逐一画出，图一为各等次的单位数"
        f"（{bands}），各单位总分见“排名”表。图二为全部单位在各条款的失分合计。"
    )


def _axes_shown(chart: Any) -> None:
    # openpyxl 3.1 leaves ``delete`` unset, which Excel reads as "axis hidden".
    chart.x_axis.delete = False
    chart.y_axis.delete = False


def _solid(colour: str) -> GraphicalProperties:
    properties = GraphicalProperties(solidFill=colour)
    properties.line.solidFill = colour
    return properties


def _text_categories(chart: BarChart, labels: Reference) -> None:
    # openpyxl refers to categories as numbers; names and titles are text (a string
    # reference, which Excel shows as the cells' text).
    for series in chart.series:
        series.cat = AxDataSource(strRef=StrRef(f=str(labels)))


def _values_only() -> DataLabelList:
    # Every flag given: LibreOffice reads a missing one as "shown" and would print the
    # series and category names beside each value.
    return DataLabelList(
        showVal=True,
        showSerName=False,
        showCatName=False,
        showLegendKey=False,
        showPercent=False,
        showLeaderLines=False,
    )


def _totals_chart(data: ResultCharts) -> BarChart:
    chart = BarChart()
    chart.type = "col"
    chart.style = 10
    chart.legend.position = "b"
    _axes_shown(chart)
    chart.y_axis.title = "总分"
    chart.y_axis.scaling.min = 0
    chart.y_axis.majorGridlines = None
    if data.by_unit:
        chart.title = "图一  各单位总分与等次分数线"
        chart.width = 26
    else:
        chart.title = "图一  各等次单位数"
        chart.y_axis.title = "单位数"
        chart.width = 26
    chart.height = 13
    return chart


def _fill_totals(chart: BarChart, sheet: Any, rows: tuple[int, int], data: ResultCharts) -> None:
    first, last = rows
    vetoed = [unit.vetoed for unit in data.units]
    bands = len(data.bands)
    names = Reference(sheet, min_col=2, min_row=first, max_row=last)
    totals = Reference(sheet, min_col=3, min_row=first - 1, max_row=last)
    chart.add_data(totals, titles_from_data=True)
    _text_categories(chart, names)
    series = chart.series[0]
    series.graphicalProperties = _solid(BAR_COLOUR)
    series.dLbls = _values_only()
    # Vetoed units' columns in red (a data point per vetoed unit, in ranking order).
    for index in (i for i, flag in enumerate(vetoed) if flag):
        point = DataPoint(idx=index)
        point.graphicalProperties = _solid(VETO_COLOUR)
        series.dPt.append(point)
    if bands:
        lines = LineChart()
        for offset in range(bands):
            column = 5 + offset
            lines.add_data(
                Reference(sheet, min_col=column, min_row=first - 1, max_row=last),
                titles_from_data=True,
            )
            line = lines.series[-1]
            colour = BAND_COLOURS[offset % len(BAND_COLOURS)]
            line.graphicalProperties.line = LineProperties(
                solidFill=colour, w=22225, prstDash="dash"
            )
            line.smooth = False
            line.marker.symbol = "dash" if first == last else "none"
        lines.y_axis.axId = chart.y_axis.axId
        chart += lines


def _fill_grades(chart: BarChart, sheet: Any, first: int, last: int) -> None:
    chart.add_data(
        Reference(sheet, min_col=3, min_row=first - 1, max_row=last), titles_from_data=True
    )
    _text_categories(chart, Reference(sheet, min_col=2, min_row=first, max_row=last))
    chart.series[0].graphicalProperties = _solid(BAR_COLOUR)
    chart.series[0].dLbls = _values_only()
    chart.legend = None


def _losses_chart(data: ResultCharts) -> BarChart:
    chart = BarChart()
    chart.type = "bar"
    chart.style = 10
    shown = len(data.charted_losses)
    more = len(data.losses) - shown
    chart.title = "图二  各条款失分合计" + (f"（前{shown}条，另有{more}条见下表）" if more else "")
    _axes_shown(chart)
    # Largest first from the top: a bar chart draws its first category at the bottom.
    chart.x_axis.scaling.orientation = "maxMin"
    chart.y_axis.title = "失分"
    chart.y_axis.scaling.min = 0
    chart.y_axis.majorGridlines = None
    chart.legend = None
    chart.width = 26
    chart.height = max(6, 3 + shown)
    return chart


def _fill_losses(chart: BarChart, sheet: Any, first: int, last: int) -> None:
    chart.add_data(
        Reference(sheet, min_col=3, min_row=first - 1, max_row=last), titles_from_data=True
    )
    _text_categories(chart, Reference(sheet, min_col=2, min_row=first, max_row=last))
    chart.series[0].graphicalProperties = _solid(LOSS_COLOUR)
    chart.series[0].dLbls = _values_only()
