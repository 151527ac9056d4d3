"""The result workbook's two charts, drawn as small inline SVG for the docs site.

The figures are :func:`assessment_rules.io._charts.chart_data`'s, the same the workbook's
native charts are drawn from: totals by unit with a dashed line at each grade band's
lower bound (a vetoed unit's column red), then the points the units lost by clause,
largest first. No plotting library: a few rectangles, lines and texts, so the page
stays light and the same figures give the same markup.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from html import escape
from typing import Final

from ..engine._numbers import fmt
from ..io._charts import BAND_COLOURS, BAR_COLOUR, LOSS_COLOUR, VETO_COLOUR, ResultCharts

__all__ = ["charts_html"]

_WIDTH: Final = 680
_FONT: Final = 'font-family="sans-serif" font-size="12"'
_TENTH: Final = Decimal("0.1")


def _n(value: Decimal | int) -> str:
    """A coordinate to a tenth of a pixel."""
    return fmt(Decimal(value).quantize(_TENTH, ROUND_HALF_UP))


def _text(x: Decimal | int, y: Decimal | int, text: str, extra: str = "") -> str:
    return f'<text x="{_n(x)}" y="{_n(y)}" {extra}>{escape(text)}</text>'


def _svg(height: int, title: str, body: list[str]) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_WIDTH} {height}" '
        f'width="100%" role="img" aria-label="{escape(title)}" {_FONT}>'
        f"<title>{escape(title)}</title>" + "".join(body) + "</svg>"
    )


def totals_svg(data: ResultCharts) -> str:
    """图一: each unit's total as a column (or units per grade, for a large cohort)."""
    if data.by_unit:
        bars = [(u.name, u.total, VETO_COLOUR if u.vetoed else BAR_COLOUR) for u in data.units]
        title = "图一  各单位总分与等次分数线"
    else:
        bars = [(grade, Decimal(count), BAR_COLOUR) for grade, count in data.grades]
        title = "图一  各等次单位数"
    left, right, top, plot = 40, 110, 30, 200
    height = top + plot + 90
    lines = [b.minimum for b in data.bands] if data.by_unit else []
    top_value = max([Decimal(100) if data.by_unit else Decimal(1), *(v for _, v, _ in bars)])
    scale = Decimal(plot) / top_value
    step = Decimal(_WIDTH - left - right) / max(len(bars), 1)
    body = [_text(_WIDTH // 2, 18, title, 'text-anchor="middle" font-weight="bold"')]
    base = top + plot
    body.append(f'<line x1="{left}" y1="{base}" x2="{_WIDTH - right}" y2="{base}" stroke="#333"/>')
    for index, (label, value, colour) in enumerate(bars):
        x = left + step * index + step / 5
        width = step * 3 / 5
        bar = value * scale
        body.append(
            f'<rect x="{_n(x)}" y="{_n(base - bar)}" width="{_n(width)}" height="{_n(bar)}" '
            f'fill="#{colour}"/>'
        )
        centre = x + width / 2
        body.append(_text(centre, base - bar - 4, fmt(value), 'text-anchor="middle"'))
        body.append(
            _text(
                centre,
                base + 14,
                label,
                f'text-anchor="end" transform="rotate(-40 {_n(centre)} {_n(base + 14)})"',
            )
        )
    for index, (band, minimum) in enumerate(zip(data.bands, lines, strict=False)):
        y = base - minimum * scale
        colour = BAND_COLOURS[index % len(BAND_COLOURS)]
        body.append(
            f'<line x1="{left}" y1="{_n(y)}" x2="{_WIDTH - right}" y2="{_n(y)}" '
            f'stroke="#{colour}" stroke-width="1.5" stroke-dasharray="6 4"/>'
        )
        body.append(_text(_WIDTH - right + 6, y + 4, band.label, f'fill="#{colour}"'))
    return _svg(height, title, body)


def losses_svg(data: ResultCharts) -> str:
    """图二: the points lost on each clause over the cohort, largest first."""
    shown = data.charted_losses
    more = len(data.losses) - len(shown)
    title = "图二  各条款失分合计" + (f"（前{len(shown)}条，另有{more}条）" if more else "")
    label_width, top, row = 300, 34, 24
    height = top + row * len(shown) + 10
    largest = max(clause.points for clause in shown)
    scale = Decimal(_WIDTH - label_width - 60) / largest
    body = [_text(_WIDTH // 2, 18, title, 'text-anchor="middle" font-weight="bold"')]
    for index, clause in enumerate(shown):
        y = top + row * index
        label = clause.label if len(clause.label) <= 24 else clause.label[:23] + "…"
        body.append(_text(label_width - 8, y + 15, label, 'text-anchor="end"'))
        width = clause.points * scale
        body.append(
            f'<rect x="{label_width}" y="{y + 3}" width="{_n(width)}" height="{row - 8}" '
            f'fill="#{LOSS_COLOUR}"><title>{escape(clause.label)}</title></rect>'
        )
        body.append(_text(label_width + width + 4, y + 15, f"{fmt(clause.points)}分"))
    return _svg(height, title, body)


def charts_html(data: ResultCharts) -> str:
    """Both charts as HTML figures for a Markdown page ("" when there is no unit).

    >>> from assessment_rules import Deduct, Evidence, Item, Rulebook, Section, assess
    >>> from assessment_rules.io._charts import chart_data
    >>> book = Rulebook("tiny", "示例", points="10", children=(
    ...     Section("org", "组织领导", points="10", children=(
    ...         Item("plan", "年度计划", points="10", children=(
    ...             Deduct("no_plan", "未制定年度计划", rate="2"),)),)),))
    >>> html = charts_html(chart_data(assess(book, [Evidence("a", {"no_plan": True}, "甲")]), book))
    >>> html.count("<svg"), "未制定年度计划" in html
    (2, True)
    """
    if not data.units:
        return ""
    figures = [totals_svg(data)]
    if data.losses:
        figures.append(losses_svg(data))
    return "\n".join(f'<figure class="result-chart">{svg}</figure>' for svg in figures) + "\n"
