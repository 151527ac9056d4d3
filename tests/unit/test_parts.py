"""ZeroIf, ZeroIfLate, Deadline, Rescaled and ``points_from``: shapes that change how a
part adds up (issue 13). Every expected figure is worked out by hand beside its test."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from assessment_rules import (
    AwardLevel,
    Bonus,
    CapAt,
    Deduct,
    Fact,
    Item,
    Rulebook,
    RulebookError,
    Section,
    evaluate,
)
from assessment_rules.combinators import Deadline, Rescaled, ZeroIf, ZeroIfLate
from assessment_rules.yearly import Set, derive, diff_rulebooks, lint


def _zero_book(*, item_cap: str | None = None, section_cap: bool = False) -> Rulebook:
    """A 20-point section: a 10-point item with a 3-point lapse, ★ 4, and a zeroing clause;
    a second 10-point item with a 2-point-per-occurrence lapse."""
    first = Item(
        "report",
        "报送",
        points="10",
        children=(
            Deduct("late", "迟报", rate="3"),
            Deduct("star", "★项", rate="4", starred=True),
            ZeroIf("death", "发生亡人事故", at_least=1, unit="起"),
        ),
    )
    wrapped = first if item_cap is None else CapAt(first, limit=item_cap)
    second = CapAt(
        Item(
            "patrol",
            "巡查",
            points="10",
            children=(Deduct("gaps", "漏巡", rate="2", shape="each"),),
        )
    )
    section = Section("fire", "防火", points="20", children=(wrapped, second))
    return Rulebook(
        "zero-demo",
        "示例",
        points="100",
        children=(
            CapAt(section) if section_cap else section,
            Section(
                "rest",
                "其他",
                points="80",
                children=(
                    Item(
                        "other", "其他", points="80", children=(Deduct("x", "其他问题", rate="1"),)
                    ),
                ),
            ),
        ),
    )


FACTS = {"late": True, "star": True, "death": 1, "gaps": 1, "x": False}


class TestZeroIf:
    def test_the_item_scores_zero_and_the_other_lapses_stay_listed(self) -> None:
        """The zeroing entry takes the item's 10; the 3 and ★ 4 are listed, absorbed, counting 0."""
        result = evaluate(_zero_book(), FACTS)
        report = result.find("fire.report")
        assert (report.score, report.lost) == (Decimal(0), Decimal(10))
        by_path = {e.path: (e.raw, e.counted, e.absorbed) for e in result.entries}
        assert by_path["fire.report.death"] == (Decimal(10), Decimal(10), Decimal(0))
        assert by_path["fire.report.late"] == (Decimal(3), Decimal(0), Decimal(3))
        assert by_path["fire.report.star"] == (Decimal(4), Decimal(0), Decimal(4))
        # 100 − 10 (zeroed item) − 2 (one gap) = 88
        assert result.total == Decimal(88)

    def test_the_reasons_say_so(self) -> None:
        """The zeroing reason says 该项不得分; the absorbed ones say the zero took them."""
        reasons = evaluate(_zero_book(), FACTS).reasons
        assert "发生亡人事故1起，该项不得分，扣10分" in reasons
        assert "迟报，应扣3分，因该项不得分，不再另扣" in reasons
        assert "★项，应扣4分，因该项不得分，不再另扣" in reasons
        assert not any("本项分值已扣完" in reason for reason in reasons)

    def test_without_the_trigger_the_item_scores_as_usual(self) -> None:
        """No death: 10 − 3 − ★4 = 3 for the item; 100 − 7 − 2 = 91."""
        result = evaluate(_zero_book(), {**FACTS, "death": 0})
        assert result.find("fire.report").score == Decimal(3)
        assert result.total == Decimal(91)

    def test_the_items_own_cap_does_not_cut_the_zeroing_entry(self) -> None:
        """CapAt(limit=6) on the item: still 0, not 10 − 6 = 4."""
        result = evaluate(_zero_book(item_cap="6"), FACTS)
        assert result.find("fire.report").score == Decimal(0)
        assert result.total == Decimal(88)

    def test_an_outer_cap_treats_the_zeroing_entry_as_any_deduction(self) -> None:
        """A cap on the section (20): 10 + 2 stays under it, so nothing is absorbed."""
        result = evaluate(_zero_book(section_cap=True), {**FACTS, "gaps": 5})
        # the second item loses 10 (its own cap), the section 10 + 10 = 20 ≤ 20
        assert result.find("fire").score == Decimal(0)
        assert result.total == Decimal(80)

    def test_a_bonus_inside_a_zeroed_section_is_listed_and_counts_nothing(self) -> None:
        """A 2-point award inside the zeroed section counts 0, with the reason saying why."""
        book = Rulebook(
            "zero-bonus",
            "示例",
            points="100",
            children=(
                Section(
                    "s",
                    "甲",
                    points="100",
                    children=(
                        Item("i", "乙", points="100", children=(Deduct("a", "问题", rate="5"),)),
                        ZeroIf("fraud", "弄虚作假"),
                        Bonus("b", "加分", levels=(AwardLevel("city", "市级表彰", cap="2"),)),
                    ),
                ),
            ),
        )
        result = evaluate(book, {"a": True, "fraud": True, "b_city": ["2"]})
        (gain,) = result.gained
        assert (gain.raw, gain.counted, gain.absorbed) == (Decimal(2), Decimal(0), Decimal(2))
        assert gain.reason.endswith("（该项不得分，加分不计入）")
        assert result.total == Decimal(0)

    def test_a_zeroing_clause_inside_a_zeroed_section_is_absorbed(self) -> None:
        """Section zeroed (100) and an item zeroed inside it: the section's entry takes all."""
        book = Rulebook(
            "nested",
            "示例",
            points="100",
            children=(
                Section(
                    "s",
                    "甲",
                    points="100",
                    children=(
                        Item("i", "乙", points="40", children=(ZeroIf("late", "迟报"),)),
                        Item("j", "丙", points="60", children=(Deduct("a", "问题", rate="5"),)),
                        ZeroIf("fraud", "弄虚作假"),
                    ),
                ),
            ),
        )
        result = evaluate(book, {"late": True, "a": True, "fraud": True})
        counted = {e.path: e.counted for e in result.entries}
        assert counted == {"s.i.late": Decimal(0), "s.j.a": Decimal(0), "s.fraud": Decimal(100)}
        assert result.total == Decimal(0)

    def test_repr_and_criterion(self) -> None:
        """The repr rebuilds the clause; a flag condition reads as the title."""
        clause = ZeroIf("fraud", "弄虚作假", source="附件1")
        assert repr(clause) == "ZeroIf('fraud', '弄虚作假', source='附件1')"
        assert clause.criterion() == "弄虚作假的，该项不得分"
        counted = ZeroIf("deaths", "死亡", at_least=2, unit="人")
        assert counted.criterion() == "死亡达到2人的，该项不得分"

    def test_construction_errors_name_the_node_field_and_value(self) -> None:
        """at_least 0 and a count fact without at_least are refused."""
        with pytest.raises(RulebookError, match=r"^z: at_least=0 must be a whole number ≥ 1"):
            ZeroIf("z", "甲", at_least=0)
        with pytest.raises(RulebookError, match="must be a flag fact"):
            ZeroIf("z", "甲", fact=Fact("z", "甲", kind="count"))


class TestZeroIfLate:
    def _book(self, deadline: object = "2024-11-20", **kwargs: object) -> Rulebook:
        return Rulebook(
            "late",
            "示例",
            points="10",
            children=(
                Item(
                    "summary",
                    "年度总结",
                    points="10",
                    children=(
                        ZeroIfLate("summary_date", "年度工作总结", deadline=deadline, **kwargs),  # type: ignore[arg-type]
                        Deduct("thin", "内容不完整", rate="2"),
                    ),
                ),
            ),
        )

    def test_on_the_deadline_day_is_on_time(self) -> None:
        """20 November: 10 − 2 = 8."""
        result = evaluate(self._book(), {"summary_date": datetime.date(2024, 11, 20), "thin": True})
        assert result.total == Decimal(8)

    def test_a_day_late_zeroes_the_item(self) -> None:
        """21 November: 0, with the dates in the reason."""
        result = evaluate(self._book(), {"summary_date": "2024-11-21", "thin": True})
        assert result.total == Decimal(0)
        assert result.reasons[0] == (
            "年度工作总结2024年11月21日报送，晚于规定时间2024年11月20日1天，该项不得分，扣10分"
        )

    def test_the_deadline_can_be_a_fact(self) -> None:
        """deadline_fact: the unit's own deadline, 1 December, makes 21 November on time."""
        book = self._book(deadline=None, deadline_fact="summary_due")
        assert set(book.facts) == {"summary_date", "summary_due", "thin"}
        result = evaluate(
            book, {"summary_date": "2024-11-21", "summary_due": "2024-12-01", "thin": False}
        )
        assert result.total == Decimal(10)

    def test_the_deadline_comes_from_the_calendar_when_the_rulebook_is_built(self) -> None:
        """普安委〔2024〕8号: self-evaluations are due 20 November 2024."""
        deadline = Deadline.from_calendar("putuo-2024-assessment", "self_evaluation")
        assert deadline.due == datetime.date(2024, 11, 20)
        assert (
            repr(deadline) == "Deadline.from_calendar('putuo-2024-assessment', 'self_evaluation')"
        )
        book = self._book(deadline=deadline)
        assert evaluate(book, {"summary_date": "2024-11-25", "thin": False}).total == Decimal(0)

    def test_an_unknown_milestone_is_a_rulebook_error_with_a_hint(self) -> None:
        """A misspelt milestone names the calendar and suggests the right id."""
        with pytest.raises(RulebookError, match="self_evaluation"):
            Deadline.from_calendar("putuo-2024-assessment", "self_evalution")

    def test_exactly_one_deadline_is_given(self) -> None:
        """Neither a deadline nor a deadline fact is refused."""
        with pytest.raises(RulebookError, match=r"^d: deadline=None must be given"):
            ZeroIfLate("d", "总结")
        with pytest.raises(RulebookError, match="must be a date"):
            ZeroIfLate("d", "总结", deadline="11月20日")


def _county() -> Rulebook:
    return Rulebook(
        "county",
        "县考核",
        points="100",
        children=(
            Section(
                "safety",
                "安全生产",
                points="70",
                children=(
                    CapAt(
                        Item(
                            "duty",
                            "责任",
                            points="70",
                            children=(
                                Deduct("checks", "检查", rate="1.5", shape="shortfall", required=6),
                            ),
                        )
                    ),
                ),
            ),
            Rescaled(
                "fire",
                "消防工作",
                out_of="100",
                weight="0.3",
                children=(
                    CapAt(
                        Item(
                            "fire_duty",
                            "消防责任",
                            points="100",
                            children=(
                                Deduct(
                                    "fire_checks",
                                    "消防检查",
                                    rate="3",
                                    shape="shortfall",
                                    required=4,
                                ),
                            ),
                        )
                    ),
                ),
            ),
        ),
    )


class TestRescaled:
    def test_a_part_weighted_at_30_percent(self) -> None:
        """Fire: 100 − 9 = 91 → 27.3; safety 70 − 1.5 = 68.5; 95.8."""
        result = evaluate(_county(), {"checks": 5, "fire_checks": 1})
        fire = result.find("fire")
        assert (fire.raw_max, fire.raw_score) == (Decimal(100), Decimal(91))
        assert (fire.max, fire.score, fire.lost, fire.gained) == (
            Decimal(30),
            Decimal("27.3"),
            Decimal("2.7"),
            Decimal(0),
        )
        assert result.total == Decimal("95.8")
        # the entry stays on the sub-sheet's scale
        assert [e.counted for e in result.entries] == [Decimal("1.5"), Decimal(9)]

    def test_70_point_part_converted_to_100_rounds_half_up(self) -> None:
        """65 of 70 → 65 × 100 ÷ 70 = 92.857… → 92.86 with places=2."""
        part = Rescaled("p", "甲", out_of="70", points="100", places=2)
        assert part.convert(Decimal(65)) == Decimal("92.86")
        # 0.5 of 70 → 0.714… → 0.71; 7 of 70 → exactly 10.00
        assert (part.convert(Decimal("0.5")), part.convert(Decimal(7))) == (
            Decimal("0.71"),
            Decimal("10.00"),
        )

    def test_a_factor_without_a_finite_decimal_needs_places(self) -> None:
        """30 ÷ 70 does not terminate: the rulebook must say where to round."""
        with pytest.raises(RulebookError, match=r"^p: places=None must be given: 30/70"):
            Rescaled("p", "甲", out_of="70", points="30")

    def test_a_bonus_inside_is_refused(self) -> None:
        """A bonus inside a converted part would be converted; it must sit beside it."""
        with pytest.raises(RulebookError, match="加分不计入折算基数"):
            Rescaled(
                "p",
                "甲",
                out_of="100",
                weight="0.5",
                children=(
                    Item("i", "乙", points="100"),
                    Bonus("b", "加分", levels=(AwardLevel("city", "市级", cap="1"),)),
                ),
            )

    def test_children_must_add_up_to_out_of(self) -> None:
        """Children of 90 under out_of=100 are a construction error naming both."""
        with pytest.raises(RulebookError, match=r"i 90 = 90"):
            Rescaled(
                "p", "甲", out_of="100", weight="0.5", children=(Item("i", "乙", points="90"),)
            )

    def test_exactly_one_of_points_and_weight(self) -> None:
        """Both, or neither, is refused."""
        with pytest.raises(RulebookError, match="exactly one"):
            Rescaled("p", "甲", out_of="100", points="30", weight="0.3")

    def test_repr_criterion_and_outline(self) -> None:
        """Defaults are left out; the sentence says 按30%折算."""
        part = _county().node("fire")
        assert repr(part).startswith("Rescaled('fire', '消防工作', '100', weight='0.3', children=(")
        assert part.criterion() == "消防工作：按100分制评分，按30%折算计入总分（30分）"
        assert part.outline() == "消防工作（30分，按30%折算）"


class TestPointsFrom:
    def _book(self, points_from: str) -> Rulebook:
        return Rulebook(
            "printed",
            "示例",
            points="100",
            children=(
                Section(
                    "hazards",
                    "隐患治理",
                    points="20",
                    points_from=points_from,
                    children=(
                        Item("a", "排查", points="15", children=(Deduct("a", "未排查", rate="3"),)),
                        Item("b", "整改", points="10", children=(Deduct("b", "未整改", rate="2"),)),
                    ),
                ),
                Section("rest", "其他", points="80"),
            )
            if points_from == "printed"
            else (
                Section(
                    "hazards",
                    "隐患治理",
                    points="20",
                    points_from=points_from,
                    children=(
                        Item("a", "排查", points="15", children=(Deduct("a", "未排查", rate="3"),)),
                        Item("b", "整改", points="10", children=(Deduct("b", "未整改", rate="2"),)),
                    ),
                ),
                Section("rest", "其他", points="75"),
            ),
        )

    def test_printed_points_count(self) -> None:
        """Out of the printed 20: 20 − 3 − 2 = 15; total 95."""
        result = evaluate(self._book("printed"), {"a": True, "b": True})
        assert (result.find("hazards").max, result.find("hazards").score) == (
            Decimal(20),
            Decimal(15),
        )
        assert result.total == Decimal(95)

    def test_the_items_sum_counts(self) -> None:
        """Out of the items' 25: 25 − 5 = 20; the rulebook is 25 + 75 = 100; total 95."""
        result = evaluate(self._book("items"), {"a": True, "b": True})
        assert (result.find("hazards").max, result.find("hazards").score) == (
            Decimal(25),
            Decimal(20),
        )
        assert result.total == Decimal(95)

    def test_lint_warns_with_both_figures(self) -> None:
        """points-differ names 20 and 25 and which one counts."""
        (finding,) = [f for f in lint(self._book("printed")) if f.code == "points-differ"]
        assert finding.severity == "warning" and finding.path == "hazards"
        assert "printed points 20 differ from its items' sum 25" in finding.message
        assert "scored out of 20 (the printed figure" in finding.message
        (items,) = [f for f in lint(self._book("items")) if f.code == "points-differ"]
        assert "scored out of 25 (the items' sum" in items.message

    def test_without_points_from_they_must_add_up(self) -> None:
        """The default still refuses 20 ≠ 25."""
        with pytest.raises(RulebookError, match="must equal the children's points"):
            Section("s", "甲", points="20", children=(Item("a", "乙", points="25"),))

    def test_a_wrong_value_is_refused(self) -> None:
        """points_from='sum' names the choices."""
        with pytest.raises(RulebookError, match="must be 'printed', 'items' or None"):
            Section("s", "甲", points="20", points_from="sum")  # type: ignore[arg-type]

    def test_repr_and_outline(self) -> None:
        """The repr keeps points_from; the outline shows both figures."""
        section = self._book("printed").node("hazards")
        assert "points_from='printed'" in repr(section)
        assert section.outline() == "隐患治理（20分；各项合计25分，按印刷分值计）"


class TestDiffAndDerive:
    def test_derive_next_year_and_diff_it(self) -> None:
        """Weight 0.3 → 0.4, safety 70 → 60, ZeroIf → a 5-point Deduct: diff sees each."""
        old = _county()
        new = derive(
            old,
            Set("fire", weight="0.4"),
            Set("safety", points="60"),
            Set("safety.duty", points="60"),
            id="county-2025",
        )
        assert new.node("fire").max_points == Decimal(40)
        changes = {c.path: c for c in diff_rulebooks(old, new).changes}
        assert {"fire", "safety", "safety.duty"} <= set(changes)
        assert "weight" in str(changes["fire"])
        # fire 91 of 100 → 36.4, safety 60 − 1.5 = 58.5: 94.9
        assert evaluate(new, {"checks": 5, "fire_checks": 1}).total == Decimal("94.9")

    def test_a_zeroing_clause_round_trips_through_derive(self) -> None:
        """Changing a ZeroIf's threshold by derive keeps its other fields."""
        old = _zero_book()
        new = derive(old, Set("fire.report.death", at_least=2), id="zero-demo-2025")
        clause = new.node("fire.report.death")
        assert isinstance(clause, ZeroIf) and clause.at_least == 2 and clause.unit == "起"
        paths = [c.path for c in diff_rulebooks(old, new).changes]
        assert "fire.report.death" in paths
        assert evaluate(new, FACTS).total == Decimal(91)  # one death is no longer enough
