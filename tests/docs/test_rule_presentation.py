"""How the rules are presented (issue 13 review): the docs page's 注, facts and example,
``show``, ``diff`` and the change page, the case-file message, the DSL's arguments.

Everything is checked on real output for the reviewer's county sheet
(``county_fixture``), which uses every new shape and policy.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from assessment_rules import Evidence, RulebookError, cohorts, combinators, load_rulebook
from assessment_rules._i18n import use_language
from assessment_rules.cli import main
from assessment_rules.cli._outline import rulebook_dict, rulebook_outline
from assessment_rules.cli._render import outline_text
from assessment_rules.combinators import QuantityDeduct, ScoreVeto
from assessment_rules.docs import (
    DocumentedRulebook,
    changes_page,
    example_from_evidence,
    render_facts,
    rulebook_page,
    score_sheet,
)
from assessment_rules.engine._arguments import friendly_arguments
from assessment_rules.yearly import Set, derive, diff_rulebooks, read_cases
from assessment_rules.yearly._cases import CaseFileError

from .county_fixture import BASELINE, COUNTY_2026, COUNTY_2027


def _notes(book: object) -> str:
    return "\n".join(score_sheet(book).notes())  # type: ignore[arg-type]


class TestNotes:
    def test_each_veto_states_its_own_effect(self) -> None:
        """A bar_top veto only stops the top grade; a default veto names 不合格."""
        notes = _notes(COUNTY_2026)
        assert "发生较大及以上生产安全事故的，实行“一票否决”，考核等次为不合格" in notes
        assert "发生造成重伤的生产安全事故的，实行“一票否决”，不得评为最高等次" in notes
        assert "出现其中任一情形，年度考核等次为不合格" not in notes

    def test_a_grade_veto_names_its_band(self) -> None:
        """2027's veto sets 合格 (derived with effect='grade')."""
        assert "发生造成重伤的生产安全事故的，实行“一票否决”，考核等次为合格" in _notes(COUNTY_2027)

    def test_the_total_policy_is_stated(self) -> None:
        """TotalPolicy(above_full=False): the total stays at 100, never "may exceed"."""
        notes = _notes(COUNTY_2026)
        assert "加分在扣分之后计入，加分后总分不超过100分。" in notes
        assert "总分可以超过" not in notes

    def test_without_a_policy_the_total_may_exceed_full_points(self) -> None:
        """The bundled Wujin sheet keeps seed 004's rule (100 + 5)."""
        assert "总分可以超过100分" in _notes(load_rulebook("wujin-2021-departments"))

    def test_gate_ranking_and_conversion_are_stated(self) -> None:
        """The gate (不参评), 分类排名, 参评不排名 and the 70→30 conversion each get a note."""
        notes = _notes(COUNTY_2026)
        assert "参加考核须符合申报条件：按时提交年度自评报告且自评合格。" in notes
        assert "不符合任一条件的单位不参评" in notes
        assert "分类排名（街道、镇）" in notes
        assert "参评不排名的单位只评定等次，不参加排名" in notes
        assert "防汛防台专项考核：按70分制评分，折算为30分（得分 × 30 ÷ 70）" in notes

    def test_a_score_veto_and_a_zero_veto_are_stated(self) -> None:
        """A ScoreVeto says its threshold; a zero veto says the total is 0."""
        book = load_rulebook("wujin-2021-departments")
        changed = derive(
            book,
            Set("", score_vetoes=(ScoreVeto("below_60", "年度考核得分低于60分", below="60"),)),
            id="wujin-2021-zero",
        )
        veto_path = next(path for path, n in book.walk() if n.kind == "veto")
        zeroed = derive(changed, Set(veto_path, effect="zero"), id="wujin-2021-zero2")
        notes = _notes(zeroed)
        assert "总分低于60分的，实行“一票否决”，考核等次为不合格" in notes
        assert "考核总分计为0分" in notes

    def test_the_grade_table_does_not_say_every_veto_fails(self) -> None:
        """The 考核等次 table quotes each veto's own effect."""
        page = rulebook_page(DocumentedRulebook(COUNTY_2026))
        assert "| 不合格（一票否决） | 不论得分 |" not in page
        assert "不得评为最高等次" in page.split("### 考核等次")[1].split("## ")[0]


class TestFacts:
    def test_facts_describe_themselves(self) -> None:
        """Award levels are not "completed items"; the discretionary points show their range."""
        table = render_facts(COUNTY_2026.facts, COUNTY_2026.fact_paths)
        honours = next(line for line in table.splitlines() if line.startswith("| `honours` "))
        points = next(line for line in table.splitlines() if line.startswith("| `honours_points`"))
        assert "已完成" not in honours and "填所获的级别" in honours
        assert "省级3–4分" in points.split("|")[4]
        assert "≥ 0（分）" not in points

    def test_a_checklist_still_asks_for_what_is_done(self) -> None:
        """A missing-items deduction lists the items the unit has (每缺1项扣…)."""
        table = render_facts(COUNTY_2026.facts, COUNTY_2026.fact_paths)
        supplies = next(line for line in table.splitlines() if "`flood_supplies`" in line)
        assert "列出已完成（已具备）的各项" in supplies


class TestExampleRanking:
    def test_rank_column_says_not_assessed_and_not_ranked(self) -> None:
        """An ineligible unit shows 不参评, a 参评不排名 unit 不排名, with their classes."""
        units = [
            Evidence("a", {**BASELINE, "ranking_group": "街道"}, "甲街道"),
            Evidence("b", {**BASELINE, "drills": 2}, "乙镇"),
            Evidence("c", {**BASELINE, "self_check": False}, "丙镇"),
            Evidence("d", {**BASELINE, "not_ranked": True}, "丁镇"),
        ]
        page = rulebook_page(
            DocumentedRulebook(COUNTY_2026, example_from_evidence(COUNTY_2026, units, "x.yaml"))
        )
        table = page.split("### 全部示例单位")[1].split("## ")[0]
        lines = [line for line in table.splitlines() if line.startswith("|")][2:]
        rows = {line.split("|")[3].strip(): line for line in lines}
        # b: 演练少2次 × 2 = 4 → 96; a and d lose nothing → 100.
        assert rows["丙镇"].split("|")[2].strip() == "不参评"
        assert rows["丁镇"].split("|")[2].strip() == "不排名"
        assert rows["甲街道"].split("|")[1:3] == [" 街道 ", " 1 "]
        assert rows["乙镇"].split("|")[1:5] == [" 镇 ", " 1 ", " 乙镇 ", " 96 "]


class TestShow:
    def test_show_states_every_policy(self) -> None:
        """show ends with the total's cap, the gate and the ranking; vetoes name 不合格."""
        with use_language("zh"):
            shown = outline_text(rulebook_outline(COUNTY_2026))
        assert "一票否决：发生较大及以上生产安全事故，等次为不合格" in shown
        assert "最低等次" not in shown
        assert "加分在扣分之后计入，加分后总分不超过100分" in shown
        assert "加分在其后计入" not in shown
        assert "申报条件" in shown and "按时提交年度自评报告且自评合格" in shown
        assert "分类排名（街道、镇）" in shown

    def test_show_json_carries_the_notes(self) -> None:
        """show --format json lists the sheet's notes, policies included."""
        notes = rulebook_dict(COUNTY_2026)["notes"]
        assert any("加分后总分不超过100分" in note for note in notes)
        assert any(note.startswith("参加考核须符合申报条件") for note in notes)


class TestDiffWording:
    def test_changes_read_in_chinese(self) -> None:
        """Coded arguments read as the sheet says them; no field names or reprs."""
        text = diff_rulebooks(COUNTY_2026, COUNTY_2027).as_text()
        assert "不足1个计量单位时：不足1小时的按1小时计 → 不足1小时的部分不扣分" in text
        assert "否决后果：不得评为最高等次 → 考核等次为合格" in text
        assert "规定期限：2026年12月10日 → 2027年12月10日" in text
        for raw in ("round_up", "bar_top", "Deadline(", "datetime.date", "partial", "effect"):
            assert raw not in text

    def test_json_keeps_the_raw_values_and_adds_the_wording(self) -> None:
        """Tools still get field/old/new; label/old_text/new_text are added."""
        document = diff_rulebooks(COUNTY_2026, COUNTY_2027).as_dict()
        change = next(c for c in document["changes"] if c["field"] == "partial")
        assert (change["old"], change["new"]) == ("round_up", "drop")
        assert change["label"] == "不足1个计量单位时"
        assert change["new_text"] == "不足1小时的部分不扣分"
        assert document["schema_version"] == "1.1"

    def test_the_change_page_has_no_internal_line(self) -> None:
        """The page says what changed in Chinese and nothing about the library's functions."""
        page = changes_page(COUNTY_2026, COUNTY_2027, declared=True)
        assert "diff_markdown" not in page and "assessment_rules" not in page
        assert "不得评为最高等次 | 考核等次为合格" in page

    def test_cli_diff_reads_the_same(self, tmp_path: Path) -> None:
        """`assessment-rules diff --format json` gives the wording too."""
        old = tmp_path / "rulebooks" / "old.py"
        old.parent.mkdir()
        old.write_text(
            "from tests.docs.county_fixture import COUNTY_2026 as RULEBOOK\n", encoding="utf-8"
        )
        new = old.with_name("new.py")
        new.write_text(
            "from tests.docs.county_fixture import COUNTY_2027 as RULEBOOK\n", encoding="utf-8"
        )
        run = CliRunner().invoke(main, ["diff", str(old), str(new), "--format", "json"])
        assert run.exit_code == 0, run.output
        labels = {c["label"] for c in json.loads(run.output)["changes"]}
        assert {"不足1个计量单位时", "否决后果", "规定期限"} <= labels


class TestCaseMessage:
    def test_a_case_without_lost_says_what_empty_means(self, tmp_path: Path) -> None:
        """Leaving out lost names the field and says lost: {} means none lost."""
        path = tmp_path / "cases.yaml"
        path.write_text(
            "rulebook: wujin-2021-departments\ncases:\n  - name: 不失分\n    total: 100\n"
            "    grade: 优秀\n",
            encoding="utf-8",
        )
        with use_language("en"), pytest.raises(CaseFileError) as caught:
            read_cases(path)
        assert "write lost: {} for a case that loses no points" in str(caught.value)


class TestArguments:
    def test_missing_partial_is_a_rulebook_error(self) -> None:
        """QuantityDeduct without partial names the node and the field."""
        with pytest.raises(RulebookError) as caught:
            QuantityDeduct("late_hours", "迟报", rate="3", unit="小时")  # type: ignore[call-arg]
        assert (caught.value.path, caught.value.field) == ("late_hours", "partial")
        assert "must be given" in str(caught.value)

    def test_a_misspelt_argument_gets_a_hint(self) -> None:
        """An unknown keyword is named, with the close one."""
        with pytest.raises(RulebookError) as caught:
            QuantityDeduct(  # type: ignore[call-arg]
                "late_hours", "迟报", rate="3", unit="小时", partal="drop"
            )
        assert caught.value.field == "partal" and "partial" in caught.value.hint

    def test_old_positional_calls_still_work(self) -> None:
        """rate given by position (as bundled files and old sheets do) still builds."""
        by_position = QuantityDeduct("late", "迟报", "3", unit="小时", partial="drop")
        by_name = QuantityDeduct("late", "迟报", rate="3", unit="小时", partial="drop")
        assert by_position == by_name

    def test_other_type_errors_pass_through(self) -> None:
        """A TypeError raised inside a right call is not disguised as an argument error."""

        @friendly_arguments
        class Broken:
            def __init__(self, id: str) -> None:
                raise TypeError("inside")

        with pytest.raises(TypeError, match="inside"):
            Broken("x")

    def test_ranking_and_quota_come_from_combinators(self) -> None:
        """One class, two homes: cohorts and combinators."""
        assert combinators.Ranking is cohorts.Ranking
        assert combinators.ExcellentQuota is cohorts.ExcellentQuota
        assert {"Ranking", "ExcellentQuota"} <= set(combinators.__all__)
