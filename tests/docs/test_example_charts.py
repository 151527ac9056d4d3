"""The worked example's charts on a rulebook page: the workbook's two charts as SVG."""

from __future__ import annotations

import re
from pathlib import Path
from xml.etree import ElementTree

from assessment_rules import load_rulebook
from assessment_rules.docs import example_from_defaults, load_example, render_example
from assessment_rules.docs._charts_svg import charts_html
from assessment_rules.io._charts import BAR_COLOUR, VETO_COLOUR, ResultCharts

EXAMPLES = Path(__file__).parents[2] / "examples"
WUJIN = load_rulebook("wujin-2021-departments")
EXAMPLE = load_example(WUJIN, EXAMPLES / "wujin-2021-departments.yaml", "examples/wujin.yaml")


def _figures(markdown: str) -> list[ElementTree.Element]:
    found = re.findall(r'<figure class="result-chart">(.*?)</figure>', markdown, re.S)
    return [ElementTree.fromstring(svg) for svg in found]


class TestExampleCharts:
    def test_the_page_shows_both_charts(self) -> None:
        """The Wujin page has 图一 (totals) and 图二 (losses) as well-formed SVG."""
        figures = _figures(render_example(EXAMPLE))
        titles = [f.findtext("{http://www.w3.org/2000/svg}title") for f in figures]
        # 31 clauses lose points over the 7 units; the chart shows 15.
        lost = {e.path for _, r in EXAMPLE.ranking for e in r.lost if e.counted > 0}
        assert len(lost) == 31
        assert titles == [
            "图一  各单位总分与等次分数线",
            "图二  各条款失分合计（前15条，另有16条）",
        ]

    def test_one_column_per_unit_and_the_vetoed_one_red(self) -> None:
        """7 example units, 7 columns; only 示例区市场监督管理局 (vetoed) is red."""
        totals = _figures(EXAMPLE.charts)[0]
        fills = [r.get("fill") for r in totals.iter("{http://www.w3.org/2000/svg}rect")]
        assert fills == [f"#{BAR_COLOUR}"] * 6 + [f"#{VETO_COLOUR}"]
        texts = [t.text for t in totals.iter("{http://www.w3.org/2000/svg}text")]
        assert "示例区市场监督管理局" in texts and "优秀线（90分）" in texts

    def test_the_losses_chart_names_clauses_not_paths(self) -> None:
        """The largest loss comes first, by its Chinese title; no dotted path shows."""
        losses = _figures(EXAMPLE.charts)[1]
        texts = [t.text or "" for t in losses.iter("{http://www.w3.org/2000/svg}text")]
        # 5 units lose 10.5 points in all on the judged 履行监管职责 item (by hand from
        # examples/wujin-2021-departments.yaml, 15 points each: 生态环境局 13.5, 交通委
        # 13, 水务局 14, 商务委 10, 市场监管局 14, so 1.5 + 2 + 1 + 5 + 1).
        assert texts[1:3] == ["履行监管职责、完成年度安全生产目标任务", "10.5分"]
        assert not any("." in text.rstrip("…") and "_" in text for text in texts)

    def test_a_generated_example_gets_charts_too(self) -> None:
        """A rulebook page built from default facts shows one column and its losses."""
        example = example_from_defaults(WUJIN)
        assert len(_figures(example.charts)) == 2

    def test_no_unit_no_chart(self) -> None:
        """An empty set of figures renders as nothing."""
        assert charts_html(ResultCharts("示例", (), (), (), ())) == ""
