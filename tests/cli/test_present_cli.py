"""What a clerk reads on the terminal: the ranking, its summary and ``explain``.

The cohort is the reviewers' county sheet (tests/cli/data/county): 8 units, ranked
within 街道/镇, one 参评不排名 (城北), one kept out by the gate (丙镇), a 不合格 veto
(城西), a 否优项 veto (丁镇, bar_top) and a section zeroed by 该项不得分 (乙镇).
Totals, by the reviewers' hand check: 城东 93, 城南 93, 城西 100, 城北 97, 甲镇 90,
乙镇 64, 丙镇 (not scored), 丁镇 94.86.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from assessment_rules.cli import main

DATA = Path(__file__).parent / "data" / "county"
BOOK = str(DATA / "ema_2026.py")
EVIDENCE = str(DATA / "evidence.yaml")


def run(*args: str) -> str:
    result = CliRunner().invoke(main, ["--lang", "zh", *args])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def table() -> str:
    return run("score", BOOK, EVIDENCE)


def row(text: str, name: str) -> list[str]:
    """The cells of the table row that starts the unit *name*."""
    line = next(line for line in text.splitlines() if f" {name}（" in line)
    return [cell.strip() for cell in line.strip("│").split("│")]


class TestRankingTable:
    def test_each_class_has_its_heading_and_each_unit_its_class(self, table: str) -> None:
        """【街道】排名 and 【镇】排名 head their tables; names read 城东街道（街道）."""
        assert table.index("【街道】排名") < table.index("城东街道（街道）")
        assert table.index("城东街道（街道）") < table.index("【镇】排名")
        assert table.index("【镇】排名") < table.index("甲镇（镇）")

    def test_title_has_no_internal_id(self, table: str) -> None:
        """The title is the rulebook's title; the id county-ema-2026 is not printed."""
        assert "某县2026年度街镇应急管理工作考核细则" in table
        assert "county-ema-2026" not in table

    def test_a_veto_is_labelled_as_everywhere_else(self, table: str) -> None:
        """城西's grade reads 不合格（一票否决）, as on the sheets, not 不合格（否决）."""
        assert row(table, "城西街道")[3] == "不合格（一票否决）"
        assert "（否决）" not in table

    def test_a_bar_top_veto_ranks_by_total(self, table: str) -> None:
        """镇: 丁镇 94.86 (否优项 only bars 优秀) is 1st, 甲镇 90 2nd, 乙镇 64 3rd."""
        assert row(table, "丁镇")[:3] == ["1", "丁镇（镇）", "94.86"]
        assert row(table, "甲镇")[:3] == ["2", "甲镇（镇）", "90"]
        assert row(table, "乙镇")[:3] == ["3", "乙镇（镇）", "64"]

    def test_a_failing_veto_still_ranks_last(self, table: str) -> None:
        """街道: 城东 93 and 城南 93 share 1st; 城西 (100, vetoed 不合格) is 3rd."""
        assert [row(table, n)[0] for n in ("城东街道", "城南街道", "城西街道")] == ["1", "1", "3"]


class TestSummaryLine:
    def test_units_not_assessed_are_not_counted_as_zero(self, table: str) -> None:
        """Mean of the 7 assessed units, 丙镇 left out; vetoed units said to be included."""
        # 93 + 93 + 100 + 97 + 90 + 64 + 94.86 = 631.86; ÷ 7 = 90.2657… → 90.27.
        # Sorted 64, 90, 93, 93, 94.86, 97, 100: median 93, highest 100, lowest 64.
        assert (
            "平均分90.27分（四舍五入保留2位小数），中位数93分，最高100分，最低64分"
            "（共7个参评单位，含一票否决2个；不参评1个，未计入）"
        ) in table
        assert "最低0分" not in table

    def test_clauses_lost_most_have_no_dotted_paths(self, table: str) -> None:
        """The list names clauses by their titles only: no (safety.accident_death)."""
        assert "  1. 发生生产安全事故造成人员死亡：1个单位共扣30分" in table
        # 城东 9 + 乙镇 3 + 城北 3 (1 hour rounded up, 3 each) = 15 on 迟报.
        assert "  2. 突发事件信息迟报：3个单位共扣15分" in table
        assert "safety.accident_death" not in table and "reporting." not in table

    def test_json_mean_is_the_printed_mean(self) -> None:
        """The JSON summary gives the same 90.27 and counts 7 units, not 8."""
        data = json.loads(run("score", BOOK, EVIDENCE, "--format", "json"))
        summary = data["summary"]
        assert (summary["mean"], summary["mean_exact"], summary["size"]) == ("90.27", False, 7)
        assert summary["lowest"] == "64"


class TestExplain:
    def test_a_zeroed_section_is_said_to_have_taken_the_points(self) -> None:
        """乙镇's 11 points of accidents count 0 because 三、安全生产 scored 0 (该项不得分)."""
        text = run("explain", BOOK, EVIDENCE, "--unit", "yi")
        block = text[text.index("三、安全生产") : text.index("四、防汛防台专项考核")]
        assert (
            "发生一般生产安全事故：扣0分（应扣11分，因“三、安全生产”该项不得分不再计入）" in block
        )
        assert "计算：5+6 = 11分，计入0分，11分因“三、安全生产”该项不得分不再计入" in block
        assert "应扣11分，因该部分不得分，不再另扣" in block  # the reason, as the engine words it
        for wrong in ("被上限吸收", "扣完为止", "本项分值已扣完"):
            assert wrong not in block

    def test_a_unit_not_assessed_has_a_header_that_says_so(self) -> None:
        """丙镇: 不参评 with the unmet requirement; no 总分0分（…扣0分，加0分） header."""
        text = run("explain", BOOK, EVIDENCE, "--unit", "bing")
        first, second = text.splitlines()[:2]
        assert first == "丙镇（bing）：不参评（未满足申报条件，不计分、不排名、不评定等次）"
        assert second.endswith("不符合申报条件：按时提交年度自评报告且自评合格（未满足）")
        assert "总分0分" not in text


def evidence_with(tmp_path: Path, old: str, new: str) -> str:
    """The county evidence with one fact of 城东街道 (its first line) changed."""
    text = Path(EVIDENCE).read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "evidence.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return str(path)


def problems(*args: str) -> str:
    result = CliRunner().invoke(main, ["--lang", "zh", *args])
    assert result.exit_code != 0, result.output
    return result.output


class TestEvidenceProblems:
    def test_you_and_wu_are_refused_for_a_yes_no_fact(self, tmp_path: Path) -> None:
        """无 for 未修订总体应急预案 is refused, asking for 是 or 否 and quoting the title."""
        path = evidence_with(tmp_path, "no_plan: 否, drills: 3", "no_plan: 无, drills: 3")
        out = problems("score", BOOK, path)
        assert "未修订总体应急预案（no_plan='无'）必须填写“是”或“否”" in out
        assert "“未修订总体应急预案”是否属实？" in out

    def test_a_missing_fact_reads_title_first_without_none(self, tmp_path: Path) -> None:
        """A missing fact: 填报项目 first, then its code, 未填写 (no None), the rule last."""
        path = evidence_with(tmp_path, "accidents: 0, accident_death: 0,", "accidents: 0,")
        out = problems("score", BOOK, path)
        line = next(line for line in out.splitlines() if "accident_death" in line)
        assert line.endswith(
            "单位 'cd'：发生生产安全事故造成人员死亡（accident_death）未填写（应填不小于0的整数）"
            " [safety.accident_death]"
        )
        assert "None" not in out

    def test_english_problem_lines_stay_readable(self, tmp_path: Path) -> None:
        """In English the same line reads title (code) is not filled in (expected)."""
        path = evidence_with(tmp_path, "accidents: 0, accident_death: 0,", "accidents: 0,")
        result = CliRunner().invoke(main, ["--lang", "en", "score", BOOK, path])
        assert (
            "unit 'cd': 发生生产安全事故造成人员死亡 (accident_death) is not filled in "
            "(a whole number ≥ 0)"
        ) in result.output

    @pytest.mark.parametrize("value", ["0.5", "6"])
    def test_a_judged_deduction_out_of_range_has_one_message(
        self, tmp_path: Path, value: str
    ) -> None:
        """0.5 (below 酌情扣1–5分) and 6 (above it) are refused with the same words."""
        path = evidence_with(
            tmp_path,
            'plan_quality: 0, late_hours: "2.5"',
            f'plan_quality: "{value}", late_hours: "2.5"',
        )
        out = problems("score", BOOK, path)
        assert (
            f"预案内容不完整、针对性不强（酌情扣分）（plan_quality='{value}'）"
            "必须填写0至5之间的分数（未发现填0；发现的，在1–5分内填写扣分）"
        ) in out


class TestTasks:
    def test_months_have_one_spelling_and_the_title_no_id(self) -> None:
        """The plan's 3 月 shows as 3月 like 9月; the title has no (putuo-2024-workplan)."""
        out = run("tasks", "putuo-2024-workplan", "--as-of", "2024-10-01")
        assert "│ 3月 " in out and "│ 9月 " in out and "3 月" not in out
        assert "putuo-2024-workplan" not in out
