"""Performance indicators: parsing printed targets, scoring them, and the rows of a table."""

from __future__ import annotations

from decimal import Decimal

import pytest

from assessment_rules import RulebookError, Section
from assessment_rules.finance import (
    QUALITATIVE_BANDS,
    IndicatorBand,
    IndicatorRow,
    IndicatorTable,
    QualitativeIndicator,
    QuantitativeIndicator,
    Target,
    parse_target,
)
from assessment_rules.finance._indicators import looks_quantitative, parse_quantity

D = Decimal


class TestParseTarget:
    @pytest.mark.parametrize(
        ("text", "comparator", "value", "unit"),
        [
            # The five shapes printed in seed 002.
            ("=100.00(百分比)", "=", "100.00", "百分比"),
            ("≥90.00(百分比)", "≥", "90.00", "百分比"),
            ("≥5.00(级)", "≥", "5.00", "级"),
            ("=2.00(项)", "=", "2.00", "项"),
            ("≤12.50(万元)", "≤", "12.50", "万元"),
        ],
    )
    def test_printed_targets(self, text: str, comparator: str, value: str, unit: str) -> None:
        """A printed target splits into comparator, exact value and unit."""
        target = parse_target(text)
        assert (target.comparator, target.value, target.unit) == (comparator, D(value), unit)
        assert str(target) == text

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            (">=90(%)", Target("≥", "90", "%")),
            ("<= 3 （万元）", Target("≤", "3", "万元")),
            ("＝1", Target("=", "1")),
            ("≧5.00(级)", Target("≥", "5.00", "级")),
        ],
    )
    def test_other_spellings(self, text: str, expected: Target) -> None:
        """ASCII and full-width spellings of the comparators and brackets are accepted."""
        assert parse_target(text) == expected

    @pytest.mark.parametrize("text", ["100.00(百分比)", "≥", "≥abc(级)", "≥-5(级)", "=5(级", ""])
    def test_malformed_targets_are_rejected(self, text: str) -> None:
        """A target without a comparator, a number ≥ 0 or a closed bracket is an error."""
        with pytest.raises(RulebookError, match="target="):
            parse_target(text)

    def test_a_target_object_passes_through(self) -> None:
        """Parsing a ``Target`` returns it unchanged."""
        target = Target("≥", "1")
        assert parse_target(target) is target

    def test_repr_rebuilds(self) -> None:
        """A target's repr is the code that builds an equal target."""
        target = parse_target("≤5.00(万元)")
        assert eval(repr(target)) == target


class TestParseQuantity:
    def test_number_and_unit(self) -> None:
        """A printed actual value keeps its decimal places and its unit."""
        assert parse_quantity("393.00(次)") == (D("393.00"), "次")

    def test_unit_is_optional(self) -> None:
        """A bare number has no unit."""
        assert parse_quantity(" 5 ") == (D("5"), "")

    def test_text_is_rejected(self) -> None:
        """Text that is not a number raises ValueError."""
        with pytest.raises(ValueError, match="not a number"):
            parse_quantity("达成指标")


class TestLooksQuantitative:
    @pytest.mark.parametrize("text", ["=100.00(百分比)", "≥9O.00(百分比)", "<5", "100(次)"])
    def test_comparators_and_numbers(self, text: str) -> None:
        """Text starting with a comparator or a digit is meant to be quantitative."""
        assert looks_quantitative(text)

    @pytest.mark.parametrize("text", ["满意", "达成指标", "可持续影响率较高", "纯电"])
    def test_words(self, text: str) -> None:
        """Words are qualitative targets."""
        assert not looks_quantitative(text)


class TestTargetScore:
    POINTS = D("15")

    @pytest.mark.parametrize(
        ("text", "actual"),
        [
            ("=100.00(百分比)", "100.00"),
            ("≥90.00(百分比)", "100.00"),
            ("≥5.00(级)", "5.00"),
            ("=2.00(项)", "2.00"),
            ("≥50.00(次)", "393.00"),
            ("≤5.00(万元)", "4.20"),
        ],
    )
    def test_met_targets_score_full_points(self, text: str, actual: str) -> None:
        """A met target earns the whole 分值 (seed 002: every quantitative row)."""
        assert parse_target(text).score(D(actual), self.POINTS) == self.POINTS

    def test_greater_or_equal_is_proportional(self) -> None:
        """≥ not met: points × actual ÷ target, half up: 15 × 85 ÷ 90 = 14.1666… → 14.17."""
        assert parse_target("≥90.00(百分比)").score(D("85"), self.POINTS) == D("14.17")

    def test_equal_is_proportional_below_the_target(self) -> None:
        """= not reached: 15 × 450 ÷ 500 = 13.50."""
        assert parse_target("=500.00(条)").score(D("450"), self.POINTS) == D("13.50")

    def test_equal_exceeded_scores_full_points(self) -> None:
        """= exceeded (920 reports against 500) is met: never more than the points."""
        assert parse_target("=500.00(条)").score(D("920"), self.POINTS) == self.POINTS

    def test_less_or_equal_is_inverse(self) -> None:
        """≤ not met: points × target ÷ actual: 15 × 5 ÷ 6 = 12.50."""
        assert parse_target("≤5.00(万元)").score(D("6"), self.POINTS) == D("12.50")

    def test_half_up_rounding(self) -> None:
        """A proportional score rounds half up: 10 × 0.5 ÷ 8 = 0.625 → 0.63."""
        assert parse_target("≥8").score(D("0.5"), D("10")) == D("0.63")

    def test_zero_actual_against_greater(self) -> None:
        """Nothing done against a ≥ target earns nothing."""
        assert parse_target("≥30.00(次)").score(D("0"), self.POINTS) == D("0.00")

    def test_zero_target_is_always_met_from_above(self) -> None:
        """≥0 is met by any actual value, so no division by zero can happen."""
        assert parse_target("≥0").score(D("0"), self.POINTS) == self.POINTS


class TestBands:
    def test_national_bands(self) -> None:
        """达成 100–80 %, 部分达成 80–60 %, 未达成 60–0 % of the points."""
        shares = [(b.title, b.minimum, b.maximum) for b in QUALITATIVE_BANDS]
        assert shares == [
            ("达成指标", D("0.8"), D("1")),
            ("部分达成指标", D("0.6"), D("0.8")),
            ("未达成指标", D("0"), D("0.6")),
        ]

    @pytest.mark.parametrize(
        ("title", "score", "admitted"),
        [
            # Of 15 points: 达成 12–15, 部分达成 9 to below 12, 未达成 0 to below 9.
            ("达成指标", "15", True),
            ("达成指标", "12", True),
            ("达成指标", "11.99", False),
            ("部分达成指标", "12", False),
            ("部分达成指标", "9", True),
            ("未达成指标", "9", False),
            ("未达成指标", "0", True),
        ],
    )
    def test_band_edges(self, title: str, score: str, admitted: bool) -> None:
        """Lower bounds are inclusive; upper bounds too only for full points."""
        band = next(b for b in QUALITATIVE_BANDS if b.title == title)
        assert band.admits(D(score), D("15")) is admitted

    def test_shares_must_be_between_zero_and_one(self) -> None:
        """A share above 1 is a rulebook error."""
        with pytest.raises(RulebookError, match="share"):
            IndicatorBand("超额", "1", "1.2")

    def test_bands_must_adjoin(self) -> None:
        """Bands with a gap between them are a rulebook error."""
        bands = (IndicatorBand("好", "0.8", "1"), IndicatorBand("差", "0", "0.5"))
        with pytest.raises(RulebookError, match="adjoining"):
            QualitativeIndicator("q", "满意度", "10", "满意", bands=bands)


class TestQuantitativeIndicator:
    LEAF = QuantitativeIndicator("coverage", "覆盖率", "15", "≥90.00(百分比)", category="数量指标")

    def test_facts(self) -> None:
        """It reads the actual value (in the target's unit) and an optional deviation reason."""
        actual, deviation = self.LEAF.own_facts()
        assert (actual.name, actual.kind, actual.unit) == ("coverage", "amount", "百分比")
        assert (deviation.name, deviation.required) == ("coverage_deviation", False)

    def test_met_loses_nothing(self) -> None:
        """A met target measures no lapse."""
        assert self.LEAF.measure({"coverage": D("100.00"), "coverage_deviation": ()}) is None

    def test_shortfall_reason_quotes_target_actual_and_deviation(self) -> None:
        """Below target the reason quotes both values, the score and the deviation reason."""
        values = {"coverage": D("85"), "coverage_deviation": ("企业停业",)}
        lapse = self.LEAF.measure(values)
        # 15 × 85 ÷ 90 = 14.17; 15 − 14.17 = 0.83.
        assert lapse is not None and lapse.raw == D("0.83")
        assert self.LEAF.reason(lapse, lapse.raw) == (
            "覆盖率实际完成值85(百分比)，未达到年度指标值≥90.00(百分比)，"
            "得14.17分（满分15分），扣0.83分（偏差原因：企业停业）"
        )

    def test_missing_deviation_reason_is_a_problem(self) -> None:
        """Below full points without 偏差原因分析及改进措施 the cross-check objects."""
        problems = self.LEAF.cross_check({"coverage": D("85"), "coverage_deviation": ()})
        assert [(fact, value) for fact, value, _ in problems] == [("coverage_deviation", None)]
        assert "14.17 of 15" in problems[0][2]

    def test_deviation_reason_satisfies_the_check(self) -> None:
        """A deviation reason clears the cross-check."""
        assert self.LEAF.cross_check({"coverage": D("85"), "coverage_deviation": ("原因",)}) == []

    def test_repr_rebuilds(self) -> None:
        """The repr is the code that builds an equal leaf."""
        assert eval(repr(self.LEAF)) == self.LEAF


class TestQualitativeIndicator:
    LEAF = QualitativeIndicator("satisfaction", "社会满意度", "15", "满意", category="社会效益指标")

    def values(self, outcome: str, score: str, *deviation: str) -> dict[str, object]:
        return {
            "satisfaction": outcome,
            "satisfaction_score": D(score),
            "satisfaction_deviation": deviation,
        }

    def test_facts(self) -> None:
        """It reads the outcome (one of the bands), the assessor's score and a deviation."""
        outcome, score, deviation = self.LEAF.own_facts()
        assert outcome.choices == ("达成指标", "部分达成指标", "未达成指标")
        assert (score.kind, score.maximum) == ("score", D("15"))
        assert deviation.name == "satisfaction_deviation"

    def test_full_points_lose_nothing(self) -> None:
        """达成指标 with full points measures no lapse and needs no reason."""
        values = self.values("达成指标", "15")
        assert self.LEAF.measure(values) is None
        assert self.LEAF.cross_check(values) == []

    def test_score_outside_the_band_is_a_problem(self) -> None:
        """部分达成指标 with 13 of 15 is outside 9 to below 12."""
        problems = self.LEAF.cross_check(self.values("部分达成指标", "13", "原因"))
        assert [(fact, value) for fact, value, _ in problems] == [("satisfaction_score", D("13"))]
        assert "from 9 to below 12" in problems[0][2]

    def test_below_full_points_needs_a_reason(self) -> None:
        """达成指标 with 13 of 15 is in the band but needs a deviation reason."""
        problems = self.LEAF.cross_check(self.values("达成指标", "13"))
        assert [fact for fact, _, _ in problems] == ["satisfaction_deviation"]

    def test_reason(self) -> None:
        """The reason names the outcome, the target, the score and the deviation reason."""
        values = self.values("部分达成指标", "10", "宣传不足")
        lapse = self.LEAF.measure(values)
        assert lapse is not None
        assert self.LEAF.reason(lapse, lapse.raw) == (
            "社会满意度部分达成指标（年度指标值：满意），评分得10分（满分15分），扣5分"
            "（偏差原因：宣传不足）"
        )

    def test_a_quantitative_looking_target_is_refused(self) -> None:
        """A target such as ≥90 in a qualitative indicator is a rulebook error."""
        with pytest.raises(RulebookError, match="looks quantitative"):
            QualitativeIndicator("q", "覆盖率", "15", "≥90.00(百分比)")


def row(group: str, category: str, title: str, target: str, points: str = "15") -> IndicatorRow:
    return IndicatorRow(group, category, title, target, D(points))


class TestIndicatorTable:
    TABLE = IndicatorTable("indicators", "绩效指标", points="45")

    def test_builds_sections_per_group_in_first_appearance_order(self) -> None:
        """Rows group under their 一级指标 in order of first appearance."""
        section = self.TABLE.build(
            [
                row("产出指标", "数量指标", "覆盖度", "=100.00(百分比)"),
                row("效益指标", "社会效益指标", "满意度", "满意"),
                row("产出指标", "质量指标", "有效性", "有效"),
            ]
        )
        assert isinstance(section, Section) and section.points == D("45")
        paths = [path for path, node in section.walk() if not node.children]
        assert paths == [
            "indicators.output.quantity",
            "indicators.output.quality",
            "indicators.outcome.social",
        ]
        kinds = [type(node).__name__ for _, node in section.walk() if not node.children]
        assert kinds == ["QuantitativeIndicator", "QualitativeIndicator", "QualitativeIndicator"]

    def test_repeated_categories_get_numbered_ids(self) -> None:
        """Two rows of one 二级指标 become ``quantity`` and ``quantity_2``."""
        rows = [
            row("产出指标", "数量指标", "甲", "≥1(项)"),
            row("产出指标", "数量指标", "乙", "≥2(项)"),
            row("产出指标", "质量指标", "丙", "合格"),
        ]
        assert self.TABLE.places_for(rows) == (
            ("output", "quantity"),
            ("output", "quantity_2"),
            ("output", "quality"),
        )

    def test_unknown_group_suggests_the_right_one(self) -> None:
        """An unknown 一级指标 is an error with a "Did you mean" hint."""
        with pytest.raises(RulebookError, match="Did you mean '效益指标'"):
            self.TABLE.group_id("效益指表")

    def test_points_must_add_up(self) -> None:
        """Rows whose points do not add up to the table's points cannot be built."""
        with pytest.raises(RulebookError, match="points"):
            self.TABLE.build([row("产出指标", "数量指标", "甲", "≥1(项)", "40")])

    def test_the_table_scores_its_points_before_rows_are_known(self) -> None:
        """In a rulebook the table stands for its points."""
        assert (self.TABLE.max_points, self.TABLE.children) == (D("45"), ())

    def test_bad_ids_in_the_level_names_are_rulebook_errors(self) -> None:
        """Ids given for 一级指标 titles must be lowercase ASCII."""
        with pytest.raises(RulebookError, match="lowercase ASCII"):
            IndicatorTable("t", "绩效指标", points="10", groups=(("产出指标", "Output"),))
