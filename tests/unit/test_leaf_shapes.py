"""The leaf shapes of other districts' sheets: escalating, per-quantity and judged
deductions, and the bonus counted once at the highest level (issue #13).

Every expected figure is worked out by hand beside the test; the worked example of
docs/shapes/deductions.md is run from the page and its figures asserted here.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from assessment_rules import (
    CapAt,
    Evidence,
    EvidenceError,
    Item,
    Rulebook,
    RulebookError,
    Section,
    evaluate,
)
from assessment_rules.combinators import (
    BonusLevel,
    EscalatingDeduct,
    JudgedDeduct,
    LevelBonus,
    QuantityDeduct,
)
from assessment_rules.yearly import Set, derive, diff_rulebooks, lint

PAGE = Path(__file__).resolve().parents[2] / "docs" / "shapes" / "deductions.md"
D = Decimal


def run_page() -> dict[str, Any]:
    namespace: dict[str, Any] = {"__name__": "deductions_page"}
    for code in re.findall(r"```python\n(.*?)```", PAGE.read_text(encoding="utf-8"), re.S):
        exec(compile(code, str(PAGE), "exec"), namespace)
    return namespace


def one_item(leaf: Any, points: str = "10", cap: bool = True) -> Rulebook:
    item: Any = Item("item", "考核内容", points=points, children=(leaf,))
    if cap:
        item = CapAt(item)
    return Rulebook(
        "leaf-test",
        "示例",
        points=points,
        source="示例",
        children=(Section("part", "部分", points=points, children=(item,)),),
    )


class TestEscalatingDeduct:
    def test_each_further_occurrence_costs_one_more(self) -> None:
        """第1起扣5分，以此类推 by 1: three fires cost 5 + 6 + 7 = 18."""
        fires = EscalatingDeduct("fires", "发生森林火灾", ("5",), step="1", unit="起")
        lapse = fires.measure({"fires": 3})
        assert lapse is not None
        assert (lapse.raw, lapse.occurrences, lapse.rate) == (D(18), 3, D(7))
        assert fires.reason(lapse, lapse.raw) == "发生森林火灾3起（5+6+7），扣18分"

    def test_the_last_listed_amount_repeats_without_a_step(self) -> None:
        """2, 3, then 5 each: five lapses cost 2 + 3 + 5 + 5 + 5 = 20."""
        gaps = EscalatingDeduct("gaps", "巡查记录缺失", ("2", "3", "5"))
        assert gaps.series(5) == (D(2), D(3), D(5), D(5), D(5))
        assert gaps.total_for(5) == D(20)

    def test_closed_form_equals_the_sum_of_the_series(self) -> None:
        """The closed form of 20 occurrences of 0.5, 1, 1.5… equals the series' sum (105)."""
        leaf = EscalatingDeduct("x", "迟报", ("0.5",), step="0.5")
        # 0.5 × (1 + 2 + … + 20) = 0.5 × 210 = 105
        assert leaf.total_for(20) == sum(leaf.series(20), D(0)) == D(105)

    def test_no_occurrence_loses_nothing(self) -> None:
        """Zero occurrences give no lapse."""
        assert EscalatingDeduct("x", "迟报", ("1",)).measure({"x": 0}) is None

    def test_explain_shows_the_series(self) -> None:
        """explain writes 5+6+7 = 18, not 3 × rate; a cap's share shows."""
        book = one_item(EscalatingDeduct("fires", "发生火灾", ("5",), step="1"), points="10")
        entry = evaluate(book, {"fires": 3}).entries[0]
        leaf = book.children[0].children[0].node.children[0]
        # 18 raw, item of 10 points: 10 counted, 8 absorbed
        assert leaf.explain(entry) == "5+6+7 = 18分，计入10分，8分被上限吸收"

    def test_a_long_series_is_shortened(self) -> None:
        """Twenty occurrences of 1, 2, 3… show the first three and the last two."""
        leaf = EscalatingDeduct("x", "迟报", ("1",), step="1")
        lapse = leaf.measure({"x": 20})
        assert lapse is not None
        # 1 + 2 + … + 20 = 210
        assert leaf.reason(lapse, lapse.raw) == "迟报20次（1+2+3+…+19+20），扣210分"

    def test_criterion(self) -> None:
        """The sheet text states the series."""
        assert (
            EscalatingDeduct("x", "迟报", ("2", "3", "5")).criterion()
            == "迟报的，第1次扣2分、第2次扣3分、第3次及以上每次扣5分"
        )
        assert EscalatingDeduct("x", "迟报", ("2",)).criterion() == "迟报的，每次扣2分"

    def test_repr_reads_as_code(self) -> None:
        """The repr rebuilds an equal node, defaults left out."""
        leaf = EscalatingDeduct("fires", "发生森林火灾", ("5",), step="1", unit="起")
        assert (
            repr(leaf) == "EscalatingDeduct('fires', '发生森林火灾', ('5',), step='1', unit='起')"
        )
        assert eval(repr(leaf)) == leaf

    @pytest.mark.parametrize(
        ("kwargs", "message"),
        [
            ({"amounts": ()}, "fires: amounts=() must list at least one amount"),
            ({"amounts": ("5", "0")}, "fires: amounts=('5', '0') must all be > 0"),
            ({"amounts": ("5",), "step": "-1"}, "fires: step='-1' must be ≥ 0"),
        ],
    )
    def test_construction_errors_name_node_field_and_value(
        self, kwargs: dict[str, Any], message: str
    ) -> None:
        """A bad amount or step fails at construction, naming the node and the field."""
        with pytest.raises(RulebookError) as caught:
            EscalatingDeduct("fires", "发生森林火灾", **kwargs)
        assert str(caught.value).startswith(message)


class TestQuantityDeduct:
    @pytest.mark.parametrize(
        ("partial", "expected"),
        [("drop", "6"), ("round_up", "9"), ("proportional", "7.5")],
    )
    def test_partial_unit_rules(self, partial: str, expected: str) -> None:
        """2.5 hours at 3 points an hour: 2 × 3 = 6, 3 × 3 = 9, 2.5 × 3 = 7.5."""
        late = QuantityDeduct("late", "迟报", "3", unit="小时", partial=partial)
        lapse = late.measure({"late": D("2.5")})
        assert lapse is not None and lapse.raw == D(expected)

    def test_only_the_excess_over_allowed_counts(self) -> None:
        """5 deaths with a control figure of 3: 2 over × 4 = 8, and the reason says so."""
        deaths = QuantityDeduct("deaths", "死亡人数", "4", unit="人", partial="drop", allowed="3")
        lapse = deaths.measure({"deaths": D(5)})
        assert lapse is not None
        assert deaths.reason(lapse, lapse.raw) == "死亡人数5人（控制数3人），超2人，扣8分"
        assert deaths.measure({"deaths": D(3)}) is None

    def test_less_than_one_dropped_unit_loses_nothing(self) -> None:
        """0.8 of a unit, dropped, gives no entry at all (not a 0-point one)."""
        rise = QuantityDeduct("rise", "事故起数上升", "2", unit="个百分点", partial="drop")
        assert rise.measure({"rise": D("0.8")}) is None

    def test_units_larger_than_one(self) -> None:
        """每超0.5个百分点扣1分, started units count: 1.2 → 3 units → 3 points."""
        rise = QuantityDeduct(
            "rise", "事故起数上升", "1", unit="个百分点", partial="round_up", per="0.5"
        )
        lapse = rise.measure({"rise": D("1.2")})
        assert lapse is not None and lapse.raw == D(3)
        assert rise.reason(lapse, lapse.raw) == (
            "事故起数上升1.2个百分点（不足0.5个百分点的按0.5个百分点计，计1.5个百分点），扣3分"
        )

    def test_proportional_with_odd_units_rounds_where_declared(self) -> None:
        """2 points per 0.3 percentage points, 1 over: 2 × 1 ÷ 0.3 = 6.666… → 6.67."""
        rise = QuantityDeduct(
            "rise", "上升", "2", unit="个百分点", partial="proportional", per="0.3", places=2
        )
        lapse = rise.measure({"rise": D(1)})
        assert lapse is not None and lapse.raw == D("6.67")

    def test_explain(self) -> None:
        """explain multiplies the counted units by the rate."""
        book = one_item(QuantityDeduct("late", "迟报", "3", unit="小时", partial="round_up"))
        entry = evaluate(book, {"late": "2.5"}).entries[0]
        leaf = book.children[0].children[0].node.children[0]
        assert leaf.explain(entry) == "3小时 × 3分 = 9分，计入9分"

    def test_repr_reads_as_code(self) -> None:
        """Rate, unit and partial rule print as the rulebook writes them."""
        leaf = QuantityDeduct("late", "迟报", "3", unit="小时", partial="round_up")
        assert repr(leaf) == "QuantityDeduct('late', '迟报', '3', unit='小时', partial='round_up')"
        assert eval(repr(leaf)) == leaf

    @pytest.mark.parametrize(
        ("kwargs", "message"),
        [
            (
                {"partial": "half"},
                "late: partial='half' must be one of drop, round_up, proportional",
            ),
            ({"partial": "drop", "rate": "0"}, "late: rate='0' must be > 0"),
            ({"partial": "drop", "per": "0"}, "late: per='0' must be > 0"),
            ({"partial": "drop", "places": 2}, "late: places=2 is only for partial='proportional'"),
            (
                {"partial": "proportional", "per": "0.3"},
                "late: places=None must be given for partial='proportional'",
            ),
        ],
    )
    def test_construction_errors_name_node_field_and_value(
        self, kwargs: dict[str, Any], message: str
    ) -> None:
        """Every bad setting fails at construction with the node, field and value."""
        arguments: dict[str, Any] = {"rate": "3", "unit": "小时", **kwargs}
        with pytest.raises(RulebookError) as caught:
            QuantityDeduct("late", "迟报", **arguments)
        assert str(caught.value).startswith(message)


class TestJudgedDeduct:
    def test_the_assessor_enters_the_points_lost(self) -> None:
        """3 points entered within 1–5: 3 lost, with the range in the reason."""
        leaf = JudgedDeduct("late_report", "自查报告逾期报送", low="1", high="5")
        lapse = leaf.measure({"late_report": D(3)})
        assert lapse is not None and lapse.raw == D(3)
        assert leaf.reason(lapse, lapse.raw) == "自查报告逾期报送（酌情扣1–5分），扣3分"
        assert leaf.measure({"late_report": D(0)}) is None

    @pytest.mark.parametrize(
        ("value", "expectation"),
        [
            # One message for both sides of 酌情扣1–5分 (R7): the range and the fact's help.
            ("0.5", "must be a number from 0 to 5 (未发现填0；发现的，在1–5分内填写扣分)"),
            ("6", "must be a number from 0 to 5 (未发现填0；发现的，在1–5分内填写扣分)"),
        ],
    )
    def test_out_of_range_is_an_evidence_error_naming_the_fact(
        self, value: str, expectation: str
    ) -> None:
        """Below the range (but not 0) or above it, the evidence is refused, naming the fact."""
        book = one_item(JudgedDeduct("late_report", "自查报告逾期报送", low="1", high="5"))
        with pytest.raises(EvidenceError) as caught:
            book.check(Evidence("town", {"late_report": value}))
        (problem,) = caught.value.problems
        assert problem.fact == "late_report" and expectation in str(problem)

    def test_capped_at_the_item(self) -> None:
        """Two judgments of 5 and 6 in an item of 10: 10 counted, 1 absorbed."""
        item = CapAt(
            Item(
                "item",
                "考核内容",
                points="10",
                children=(
                    JudgedDeduct("records", "台账不规范", low="1", high="5"),
                    JudgedDeduct("drill", "演练不力", low="2", high="6"),
                ),
            )
        )
        book = Rulebook(
            "leaf-test",
            "示例",
            points="10",
            source="示例",
            children=(Section("part", "部分", points="10", children=(item,)),),
        )
        result = evaluate(book, {"records": "5", "drill": "6"})
        assert result.total == D(0)
        assert [e.counted for e in result.entries] == [D(5), D(5)]
        assert result.entries[1].reason == "演练不力（酌情扣2–6分），应扣6分，扣完为止，实扣5分"

    def test_an_uncapped_item_is_linted(self) -> None:
        """An item of 3 points without CapAt whose judgment may take 5 is reported."""
        book = one_item(JudgedDeduct("x", "不规范", low="1", high="5"), points="3", cap=False)
        below = [(f.path, f.message) for f in lint(book) if f.code == "below-zero"]
        assert below == [
            (
                "part.item",
                "its deductions can take up to 5 from 3 points and it has no CapAt (扣完为止)",
            )
        ]

    def test_construction_errors(self) -> None:
        """low above high fails at construction, naming the node and field."""
        with pytest.raises(RulebookError, match=r"^x: low='6' must be ≤ high \(5\)"):
            JudgedDeduct("x", "不规范", low="6", high="5")

    def test_repr_reads_as_code(self) -> None:
        """The repr rebuilds an equal node."""
        leaf = JudgedDeduct("x", "不规范", low="1", high="5")
        assert repr(leaf) == "JudgedDeduct('x', '不规范', '1', '5')"
        assert eval(repr(leaf)) == leaf


LEVELS = (
    BonusLevel("national", "国家级", points="10"),
    BonusLevel("provincial", "省级", low="5", high="8"),
    BonusLevel("municipal", "市级", points="3"),
)


class TestLevelBonus:
    def bonus(self, **kwargs: Any) -> LevelBonus:
        return LevelBonus("model", "安全示范单位", levels=LEVELS, **kwargs)

    def test_counted_once_at_the_highest_level(self) -> None:
        """国家级 and 市级 listed: only 国家级's 10 counts, and the reason names 市级."""
        (gain,) = self.bonus().gains({"model": ("市级", "国家级"), "model_points": D(0)})
        assert (gain.id, gain.counted) == ("national", D(10))
        assert gain.reason == "受到国家级表彰，加10分（另获市级，同一项按最高级别只计入1次）"

    def test_the_rulebooks_own_reason_wording(self) -> None:
        """reason='获评{level}{title}' gives 获评市级安全示范单位."""
        (gain,) = self.bonus(reason="获评{level}{title}").gains(
            {"model": ("市级",), "model_points": D(0)}
        )
        assert gain.reason == "获评市级安全示范单位，加3分"

    def test_a_ranged_level_takes_the_assessors_amount(self) -> None:
        """省级 at 6.5 within 5–8 adds 6.5."""
        (gain,) = self.bonus().gains({"model": ("省级",), "model_points": D("6.5")})
        assert gain.counted == D("6.5")

    @pytest.mark.parametrize(
        ("listed", "amount", "expectation"),
        [
            ("省级", "9", "must be from 5 to 8"),
            ("", "3", "must be 0: no level of model is listed"),
            ("国家级", "7", "must be 0 or 10"),
        ],
    )
    def test_amount_errors_name_the_fact(self, listed: str, amount: str, expectation: str) -> None:
        """An amount out of range, without a level, or unlike a fixed level is refused."""
        book = Rulebook(
            "b",
            "示例",
            points="10",
            source="示例",
            children=(
                Section("part", "部分", points="10", children=(Item("item", "内容", points="10"),)),
                self.bonus(),
            ),
        )
        with pytest.raises(EvidenceError) as caught:
            book.check(Evidence("town", {"model": listed, "model_points": amount}))
        (problem,) = caught.value.problems
        assert problem.fact == "model_points" and expectation in str(problem)

    def test_reason_template_is_checked(self) -> None:
        """A template naming an unknown field fails at construction."""
        with pytest.raises(RulebookError, match=r"may use only \{level\} and \{title\}"):
            self.bonus(reason="获评{grade}")

    def test_level_needs_points_or_a_range(self) -> None:
        """A level with neither, or both, fails at construction, naming it."""
        with pytest.raises(RulebookError, match=r"^x: points=None must be given"):
            BonusLevel("x", "国家级")
        with pytest.raises(RulebookError, match=r"^x: points='10' must not be given with low/high"):
            BonusLevel("x", "国家级", points="10", low="5", high="8")

    def test_criterion_and_repr(self) -> None:
        """The sheet text lists the levels; the repr rebuilds an equal node."""
        bonus = self.bonus()
        assert bonus.criterion() == (
            "安全示范单位：国家级加10分、省级加5–8分、市级加3分，同一项按最高级别只计入1次"
        )
        assert eval(repr(bonus)) == bonus


class TestWorkedExample:
    """docs/shapes/deductions.md: two towns scored by hand."""

    def test_town_a(self) -> None:
        """100 − 11 − 6 − 10 − 8 − 3 + 6 = 68, 合格."""
        a = run_page()["a"]
        assert (a.total, a.grade) == (D(68), "合格")
        assert [e.counted for e in a.entries] == [D(11), D(6), D(10), D(8), D(3), D(6)]
        assert a.reasons == (
            "发生森林火灾2起（5+6），扣11分",
            "火情迟报2.5小时（不足1小时的按1小时计，计3小时），扣6分",
            "巡查记录缺失3次（2+3+5），扣10分",
            "受害森林面积3.6公顷（控制数1公顷），超2.6公顷（不足1公顷的部分不扣分，计2公顷），扣8分",
            "台账资料不完整、不规范（酌情扣1–5分），扣3分",
        )
        assert a.entries[-1].reason == (
            "森林防火工作获省级表彰，加6分（另获市级，同一项按最高级别只计入1次）"
        )

    def test_town_b(self) -> None:
        """100 − 40 − 2 − 2 − 5 − 5 + 10 = 56, 不合格; caps absorb 5 and 1."""
        b = run_page()["b"]
        assert (b.total, b.grade) == (D(56), "不合格")
        assert [(e.counted, e.absorbed) for e in b.entries] == [
            (D(40), D(5)),
            (D(2), D(0)),
            (D(2), D(0)),
            (D(5), D(0)),
            (D(5), D(1)),
            (D(10), D(0)),
        ]
        fire = b.find("fire")
        assert fire is not None and fire.score == D(8)  # 50 − 40 − 2

    def test_the_page_lists_each_criterion(self) -> None:
        """The sheet text shown on the page is what criterion() says."""
        book = run_page()["book"]
        text = PAGE.read_text(encoding="utf-8")
        for _, node in book.walk():
            if isinstance(node, EscalatingDeduct | QuantityDeduct | JudgedDeduct | LevelBonus):
                assert node.criterion() in text

    def test_the_example_lints_clean(self) -> None:
        """The example rulebook has no lint findings."""
        assert lint(run_page()["book"]) == ()

    def test_the_page_is_in_the_navigation(self) -> None:
        """mkdocs.yml lists the page."""
        mkdocs = PAGE.parents[2] / "mkdocs.yml"
        assert "shapes/deductions.md" in mkdocs.read_text(encoding="utf-8")


class TestDiffAndDerive:
    def test_derive_edits_every_shape_and_diff_reports_it(self) -> None:
        """Next year's sheet derived by Set edits; diff names each changed field."""
        namespace = run_page()
        book, nxt = namespace["book"], namespace["next_year"]
        changes = {(c.path, c.field) for c in diff_rulebooks(book, nxt).changes}
        assert {
            ("fire.fires.fires", "amounts"),
            ("duty.burned.burned_area", "allowed"),
            ("model.municipal", "points"),
        } <= changes
        # The derived book scores town A: fires 2 → 4 + 5 = 9 (was 11); burned 3.6,
        # allowed 2 → 1.6 over → 1 unit × 4 = 4 (was 8); 68 + 2 + 4 = 74.
        assert evaluate(nxt, namespace["town_a"]).total == D(74)

    def test_derive_a_level_and_a_judgment(self) -> None:
        """Editing a level's range and a judgment's range rebuilds valid nodes."""
        book = run_page()["book"]
        nxt = derive(
            book,
            Set("model.provincial", low="4", high="9"),
            Set("duty.records.drill", high="8"),
            id="town-forest-fire-2",
        )
        changes = diff_rulebooks(book, nxt).changes
        assert {(c.path, c.field) for c in changes} >= {
            ("model.provincial", "low"),
            ("model.provincial", "high"),
            ("duty.records.drill", "high"),
        }

    def test_derive_errors_name_the_path(self) -> None:
        """An edit that breaks a level (low above high) fails naming it."""
        book = run_page()["book"]
        with pytest.raises(RulebookError, match="provincial"):
            derive(book, Set("model.provincial", low="9"), id="town-forest-fire-2")
