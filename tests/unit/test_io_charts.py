"""The result workbook's charts: figures, the native charts, and steady bytes."""

from __future__ import annotations

import io
import re
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings

from assessment_rules import Deduct, Evidence, Item, Rulebook, Section, assess, load_rulebook
from assessment_rules.io import read_evidence
from assessment_rules.io._charts import (
    CHART_SHEET,
    MAX_CLAUSES_CHARTED,
    MAX_UNITS_CHARTED,
    add_result_charts,
    chart_data,
)
from assessment_rules.io._writers import cohort_xlsx

from ..property.strategies import rulebooks_with_evidence

EXAMPLES = Path(__file__).parents[2] / "examples"
WUJIN = load_rulebook("wujin-2021-departments")
WUJIN_COHORT = assess(WUJIN, read_evidence(EXAMPLES / "wujin-2021-departments.yaml"))

# Two items whose clauses share a title, so the chart must tell them apart.
TWIN = Rulebook(
    "twin",
    "示例细则",
    points="20",
    children=(
        Section(
            "org",
            "组织领导",
            points="20",
            children=(
                Item(
                    "plan",
                    "年度计划",
                    points="10",
                    children=(Deduct("no_plan", "未按时报送", rate="2"),),
                ),
                Item(
                    "report",
                    "工作总结",
                    points="10",
                    children=(Deduct("no_report", "未按时报送", rate="3"),),
                ),
            ),
        ),
    ),
)


def _twin_cohort(count: int = 3):  # type: ignore[no-untyped-def]
    units = [
        Evidence(f"u{n}", {"no_plan": n % 2 == 0, "no_report": n % 3 == 0}, f"单位{n}")
        for n in range(count)
    ]
    return assess(TWIN, units)


def _chart_xml(data: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = sorted(n for n in archive.namelist() if n.startswith("xl/charts/chart"))
        return [archive.read(name).decode("utf-8") for name in names]


class TestChartData:
    def test_units_follow_the_ranking_with_their_totals(self) -> None:
        """Units come in ranking order with total, final grade and veto."""
        data = chart_data(WUJIN_COHORT, WUJIN)
        assert [u.name for u in data.units] == [
            r.result.name or r.result.unit for r in WUJIN_COHORT.units
        ]
        assert [u.total for u in data.units] == [r.result.total for r in WUJIN_COHORT.units]
        # examples/wujin-2021-departments.yaml: 示例区市场监督管理局 is the one vetoed unit.
        assert [u.name for u in data.units if u.vetoed] == ["示例区市场监督管理局"]

    def test_bands_above_zero_are_the_lines(self) -> None:
        """The lines are 优秀 90, 良好 80, 合格 60; 不合格's 0 is no line."""
        data = chart_data(WUJIN_COHORT, WUJIN)
        assert [(b.title, b.minimum) for b in data.bands] == [
            ("优秀", Decimal(90)),
            ("良好", Decimal(80)),
            ("合格", Decimal(60)),
        ]
        assert data.bands[0].label == "优秀线（90分）"

    def test_losses_add_up_per_clause_largest_first(self) -> None:
        """Units 0, 2 lose 2 on 年度计划 (4 in all); units 0 and 3 lose 3 on 工作总结 (6)."""
        data = chart_data(_twin_cohort(4), TWIN)
        assert [(c.points, c.units) for c in data.losses] == [(Decimal(6), 2), (Decimal(4), 2)]

    def test_clauses_of_one_title_are_told_apart_by_their_item(self) -> None:
        """Two clauses titled 未按时报送 are labelled with 工作总结 and 年度计划."""
        data = chart_data(_twin_cohort(4), TWIN)
        assert [c.label for c in data.losses] == [
            "未按时报送（工作总结）",
            "未按时报送（年度计划）",
        ]
        assert all("." not in c.label for c in data.losses)

    def test_an_empty_cohort_has_no_units_and_no_losses(self) -> None:
        """No units: nothing to chart, every grade counted 0."""
        data = chart_data(assess(TWIN, []), TWIN)
        assert data.units == () and data.losses == () and not data.by_unit
        assert {count for _, count in data.grades} == {0}

    def test_a_large_cohort_is_charted_by_grade(self) -> None:
        """Past MAX_UNITS_CHARTED units the totals chart counts units per grade."""
        assert chart_data(_twin_cohort(MAX_UNITS_CHARTED), TWIN).by_unit
        assert not chart_data(_twin_cohort(MAX_UNITS_CHARTED + 1), TWIN).by_unit

    @settings(max_examples=40, deadline=None)
    @given(rulebooks_with_evidence())
    def test_losses_are_every_point_lost(self, drawn: tuple[Rulebook, dict]) -> None:  # type: ignore[type-arg]
        """Σ charted losses over clauses equals Σ counted deductions over units."""
        book, facts = drawn
        cohort = assess(book, [Evidence("a", facts), Evidence("b", facts)])
        data = chart_data(cohort, book)
        lost = sum(
            (e.counted for r in cohort.units for e in r.result.lost if e.counted > 0),
            Decimal(0),
        )
        assert sum((c.points for c in data.losses), Decimal(0)) == lost
        assert [c.points for c in data.losses] == sorted(
            (c.points for c in data.losses), reverse=True
        )


class TestWorkbookCharts:
    def test_the_result_workbook_has_a_chart_sheet_after_the_ranking(self) -> None:
        """图表 is the second sheet and holds two charts."""
        data = cohort_xlsx(WUJIN_COHORT, WUJIN)
        workbook = openpyxl.load_workbook(io.BytesIO(data))
        assert workbook.sheetnames[:2] == ["排名", CHART_SHEET]
        assert len(_chart_xml(data)) == 2

    def test_the_charts_name_units_and_clauses_in_chinese(self) -> None:
        """The chart series point at the 图表 sheet's tables: unit names, clause titles."""
        data = cohort_xlsx(WUJIN_COHORT, WUJIN)
        sheet = openpyxl.load_workbook(io.BytesIO(data))[CHART_SHEET]
        texts = {c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)}
        assert {r.result.name for r in WUJIN_COHORT.units} <= texts
        assert "履行监管职责、完成年度安全生产目标任务" in texts
        assert not any("key_work." in text for text in texts)
        totals, losses = _chart_xml(data)
        assert "<strRef><f>'图表'!$B$" in totals and "<lineChart>" in totals
        assert '<barDir val="bar"/>' in losses and '<orientation val="maxMin"/>' in losses

    def test_the_vetoed_unit_has_a_red_column(self) -> None:
        """The vetoed unit, ranked last of 7, is data point 6 in red."""
        totals = _chart_xml(cohort_xlsx(WUJIN_COHORT, WUJIN))[0]
        assert re.search(r'<dPt><idx val="6"/><spPr>.{0,120}C00000', totals)
        assert totals.count("<dPt>") == 1

    def test_two_runs_give_the_same_bytes(self) -> None:
        """The same cohort gives the same workbook, charts included."""
        assert cohort_xlsx(WUJIN_COHORT, WUJIN) == cohort_xlsx(WUJIN_COHORT, WUJIN)

    def test_a_write_only_sheet_takes_the_charts(self) -> None:
        """add_result_charts works on a plain write-only workbook too."""
        workbook = openpyxl.Workbook(write_only=True)
        add_result_charts(workbook.create_sheet(CHART_SHEET), _twin_cohort(4), TWIN)
        buffer = io.BytesIO()
        workbook.save(buffer)
        assert len(_chart_xml(buffer.getvalue())) == 2

    def test_at_most_fifteen_clauses_are_charted(self) -> None:
        """The losses chart's values span MAX_CLAUSES_CHARTED rows; the table has all."""
        data = chart_data(WUJIN_COHORT, WUJIN)
        assert len(data.losses) > MAX_CLAUSES_CHARTED
        losses = _chart_xml(cohort_xlsx(WUJIN_COHORT, WUJIN))[1]
        values = re.search(r"<val><numRef><f>'图表'!\$C\$(\d+):\$C\$(\d+)</f>", losses)
        assert values is not None
        assert int(values[2]) - int(values[1]) + 1 == MAX_CLAUSES_CHARTED

    @pytest.mark.parametrize("count", [0, MAX_UNITS_CHARTED + 1])
    def test_empty_and_large_cohorts_write_a_readable_sheet(self, count: int) -> None:
        """No units: a note and no chart; many units: a chart of units per grade."""
        data = cohort_xlsx(_twin_cohort(count), TWIN)
        sheet = openpyxl.load_workbook(io.BytesIO(data))[CHART_SHEET]
        texts = [c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
        if count == 0:
            assert "本次考核没有单位，无图表。" in texts and _chart_xml(data) == []
        else:
            assert "各等次单位数" in texts and "图一  各等次单位数" in _chart_xml(data)[0]
