"""The score sheet as data: layout, numbering and rules spelled out (seed 004 for Wujin)."""

from __future__ import annotations

from decimal import Decimal

import attrs
import pytest

from assessment_rules import (
    STANDARD_GRADES,
    AwardLevel,
    Bonus,
    CapAt,
    Deduct,
    ExecutionRateScore,
    Item,
    Judgment,
    Node,
    Rulebook,
    Section,
    Veto,
    load_rulebook,
)
from assessment_rules.docs import (
    cap_text,
    chinese_numeral,
    default_evidence,
    grade_lines,
    render_sources,
    rule_text,
    score_sheet,
)
from assessment_rules.engine import FINANCE_GRADES

from .doubling import DOUBLING_BOOK

WUJIN = load_rulebook("wujin-2021-departments")


class TestChineseNumeral:
    @pytest.mark.parametrize(
        ("number", "text"),
        [
            (1, "一"),
            (5, "五"),
            (10, "十"),
            (11, "十一"),
            (20, "二十"),
            (35, "三十五"),
            (100, "100"),
        ],
    )
    def test_numbers_read_as_on_a_sheet(self, number: int, text: str) -> None:
        """序号 numbers are written the way printed sheets number their parts."""
        assert chinese_numeral(number) == text


class TestWujinSheet:
    def test_parts_and_points_follow_the_printed_sheet(self) -> None:
        """Parts 一 to 五 carry 20, 60, 15, 5 and no points; the bonus stands outside them."""
        sheet = score_sheet(WUJIN)
        assert [(s.number, s.title, s.points) for s in sheet.sections] == [
            ("一", "组织领导", Decimal("20")),
            ("二", "重点工作", Decimal("60")),
            ("三", "行业领域监管", Decimal("15")),
            ("四", "其他工作", Decimal("5")),
            ("五", "事故控制", Decimal("0")),
            ("", "加分", None),
        ]

    def test_rows_are_the_printed_items_with_their_points(self) -> None:
        """Part 二 has the five printed items: 10, 20, 10, 10 and 10 points."""
        rows = score_sheet(WUJIN).sections[1].rows
        assert [r.points for r in rows] == [Decimal(p) for p in ("10", "20", "10", "10", "10")]
        assert rows[1].content == "开展安全督查检查"

    def test_clauses_keep_the_printed_wording(self) -> None:
        """Item 一(1) lists its seven clauses; the fourth is the printed meetings clause."""
        row = score_sheet(WUJIN).sections[0].rows[0]
        # Seed 004 一(1): clauses 1 (two rules), 2 (two rules), 3, 4, 5 → 7 rules.
        assert len(row.criteria) == 7
        fourth = row.criteria[3]
        assert fourth.printed and fourth.text == (
            "定期召开安全工作会议研究部署工作，每年不少于4次，每少一次扣1分"
        )
        assert fourth.rule == "召开安全工作会议研究部署工作应不少于4次，每少1次扣1分"

    def test_every_item_stops_at_its_points(self) -> None:
        """Note 1 (扣完为止) shows on every item of parts 一 and 二."""
        sheet = score_sheet(WUJIN)
        limits = [r.limit for s in sheet.sections[:2] for r in s.rows]
        assert limits == [
            "本项10分，扣完为止",
            "本项10分，扣完为止",
            "本项10分，扣完为止",
            "本项20分，扣完为止",
            "本项10分，扣完为止",
            "本项10分，扣完为止",
            "本项10分，扣完为止",
        ]

    def test_starred_vetoes_and_bonus_are_collected(self) -> None:
        """The sheet has the three ★ clauses of 二(5), the three vetoes of note 3, one bonus."""
        sheet = score_sheet(WUJIN)
        assert [c.path.rsplit(".", 1)[1] for c in sheet.starred] == [
            "late_accident_reports",
            "poor_aftermath",
            "slow_response",
        ]
        assert len(sheet.vetoes) == 3
        assert [c.kind for c in sheet.bonuses] == ["bonus"]

    def test_notes_spell_out_every_rule(self) -> None:
        """The notes state the total, 扣完为止, ★, the floor, 一票否决, 加分, the grades
        and the ranking."""
        notes = score_sheet(WUJIN).notes()
        assert notes[0] == "考核总分值为100分。"
        joined = "\n".join(notes)
        for phrase in ("扣完为止", "打★的条款", "不低于0分", "一票否决", "考核等次为不合格"):
            assert phrase in joined
        assert "加分总分值不超过5分" in joined
        assert notes[-2] == (
            "考核等次：优秀：90分（含）以上；良好：80分（含）至90分；"
            "合格：60分（含）至80分；不合格：60分以下。"
        )
        assert notes[-1].startswith("排名：按总分从高到低排名")


class TestRuleText:
    @pytest.mark.parametrize(
        ("node", "text"),
        [
            (Deduct("plan", "未制定年度计划", rate="1"), "未制定年度计划的，扣1分"),
            (
                Deduct("firms", "发现问题企业", rate="0.5", shape="each", unit="家"),
                "发现问题企业的，每家扣0.5分",
            ),
            (
                Deduct("checks", "领导带队检查", rate="2", shape="shortfall", required=4),
                "领导带队检查应不少于4次，每少1次扣2分",
            ),
            (
                Deduct("docs", "上报材料", rate="1", shape="missing", items=("方案", "总结")),
                "上报材料（方案、总结），每缺1项扣1分",
            ),
            (
                Deduct("late", "迟报事故", rate="2", shape="each", unit="起", starred=True),
                "迟报事故的，每起扣2分（★：累计扣分可超出本项分值）",
            ),
            (
                Judgment("duty", "履职情况", points="15"),
                "履职情况：由考核人员根据实际情况评分，0至15分",
            ),
            (
                Veto("major", "发生较大事故", unit="起"),
                "发生较大事故的，实行“一票否决”，考核等次为不合格",
            ),
            (
                Veto("deaths", "发生死亡2人以上事故", at_least=2, unit="起"),
                "发生死亡2人以上事故达到2起的，实行“一票否决”，考核等次为不合格",
            ),
            (
                Bonus(
                    "awards", "表彰加分", levels=(AwardLevel("city", "市级表彰", cap="2"),), cap="5"
                ),
                "受到市级表彰的，单次加分不超过2分；加分总分值不超过5分",
            ),
        ],
    )
    def test_each_shape_is_spelled_out(self, node: Node, text: str) -> None:
        """Each clause shape reads as the score sheets word it."""
        assert rule_text(node) == text

    def test_execution_rate_says_how_it_rounds(self) -> None:
        """The execution-rate rule names the formula, half-up rounding and the truncated rate."""
        text = rule_text(ExecutionRateScore("execution", "预算执行率", points="10"))
        assert text == (
            "预算执行率：得分 = 10 × 全年执行数 ÷ 全年预算数，四舍五入保留2位小数，最高10分；"
            "执行率（%）按截断保留2位小数显示"
        )

    def test_unknown_node_kind_falls_back_to_its_text(self) -> None:
        """A node class the generator does not know is shown by its text and points."""

        @attrs.frozen(repr=False)
        class Deadline(Node):
            kind = "deadline"
            id: str
            title: str
            text: str = ""

            @property
            def max_points(self) -> Decimal:
                return Decimal("3")

        assert (
            rule_text(Deadline("due", "按时报送", text="11月20日前报送")) == "11月20日前报送（3分）"
        )


class TestCapsAndGrades:
    def test_cap_with_its_own_limit_is_spelled_out(self) -> None:
        """A cap below the item's points reads as 最多; a leaf cap as 本条."""
        leaf = Deduct("late", "迟报", rate="1", shape="each")
        assert cap_text(CapAt(leaf, limit="3")) == "本条扣分最多3分"

    def test_finance_grades_read_with_inclusive_bounds(self) -> None:
        """优/良/中/差 read 90 and 80 and 60 inclusive, as the national convention."""
        assert grade_lines(FINANCE_GRADES) == (
            "优：90分（含）以上",
            "良：80分（含）至90分",
            "中：60分（含）至80分",
            "差：60分以下",
        )

    def test_a_top_level_item_is_a_numbered_part(self) -> None:
        """An item directly under the rulebook is numbered as a part of its own."""
        book = Rulebook(
            "flat",
            "示例",
            points="10",
            grades=STANDARD_GRADES,
            children=(
                CapAt(
                    Item(
                        "plan", "年度计划", points="10", children=(Deduct("x", "未制定", rate="2"),)
                    )
                ),
            ),
        )
        sheet = score_sheet(book)
        assert [(s.number, len(s.rows)) for s in sheet.sections] == [("一", 1)]
        assert sheet.capped == ("plan",)

    def test_nested_sections_prefix_their_rows(self) -> None:
        """A section inside a section contributes rows named after both."""
        inner = Section(
            "inner",
            "子项",
            points="10",
            children=(Item("a", "甲", points="10", children=(Deduct("x", "未做", rate="1"),)),),
        )
        book = Rulebook(
            "nested",
            "示例",
            points="10",
            children=(Section("outer", "大项", points="10", children=(inner,)),),
        )
        rows = score_sheet(book).sections[0].rows
        assert [(r.path, r.content) for r in rows] == [("outer.inner.a", "子项：甲")]


class TestANodeKindTheLibraryNeverSaw:
    def test_the_sheet_states_the_nodes_own_criterion(self) -> None:
        """The clause reads as the node words it, with its line's 扣完为止 and its source."""
        sheet = score_sheet(DOUBLING_BOOK)
        row = sheet.sections[0].rows[0]
        assert [c.text for c in row.criteria] == ["迟报的，第1次扣1分，以后每次加倍"]
        assert row.limit == "本项10分，扣完为止"
        assert (row.criteria[0].source, row.criteria[0].kind) == ("附件 一(1)", "doubling")

    def test_a_top_level_veto_is_a_part_outside_the_numbering(self) -> None:
        """The veto is the unnumbered part 一票否决, after the numbered part 一."""
        parts = [(s.number, s.title) for s in score_sheet(DOUBLING_BOOK).sections]
        assert parts == [("一", "日常工作"), ("", "一票否决")]

    def test_the_worked_example_takes_the_nodes_example_values(self) -> None:
        """The built example reads 2 late reports (the node's own example): 1 + 2 = 3 lost."""
        evidence = default_evidence(DOUBLING_BOOK)
        assert dict(evidence.facts) == {"late": 2, "major": 0}
        assert DOUBLING_BOOK.evaluate(evidence).reasons == ("迟报2次，扣3分",)

    def test_the_sources_table_names_it_by_its_role(self) -> None:
        """A leaf that loses points is listed as 扣分, whatever its kind is called."""
        assert "| `work.report.late` | 迟报 | 扣分 | 附件 一(1) |" in render_sources(DOUBLING_BOOK)
