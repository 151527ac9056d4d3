"""Quarterly assessments with rankings, rolled up into the annual assessment.

The two rulebooks are built here (a quarterly indicator sheet and an annual sheet) so
the roll-up is tested on its own; every expected figure is worked by hand beside it.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from assessment_rules import (
    CapAt,
    Deduct,
    Evidence,
    EvidenceError,
    Item,
    Judgment,
    Rulebook,
    RulebookError,
    Section,
)
from assessment_rules.calendar import (
    AnnualRollup,
    Quarter,
    Rollup,
    assess_quarter,
    assess_year,
    load_calendar,
)

QUARTERLY = Rulebook(
    "quarterly-indicators",
    "季度考核指标",
    children=(
        Section(
            "indicators",
            "季度考核指标",
            points="100",
            children=(
                CapAt(
                    Item(
                        "hazards",
                        "重大事故隐患整改",
                        points="40",
                        children=(
                            Deduct(
                                "hazards_open", "重大事故隐患未按期整改", rate="5", shape="each"
                            ),
                            Deduct("plan_missing", "应急预案未修订", rate="2", default=False),
                            Deduct("drill_missed", "未开展季度应急演练", rate="2", default=False),
                        ),
                    )
                ),
                CapAt(
                    Item(
                        "safety",
                        "生产安全事故",
                        points="30",
                        children=(
                            Deduct("accidents", "发生生产安全事故", rate="10", shape="each"),
                        ),
                    )
                ),
                Judgment("duty_work", "季度重点工作", points="30"),
            ),
        ),
    ),
)

ANNUAL = Rulebook(
    "annual-sheet",
    "年度考核",
    children=(
        Section(
            "quarters",
            "季度考核",
            points="40",
            children=(Judgment("quarterly_score", "季度考核指标得分", points="40"),),
        ),
        Section(
            "year",
            "年度考核",
            points="60",
            children=(
                CapAt(
                    Item(
                        "accident_control",
                        "事故控制",
                        points="30",
                        children=(
                            Deduct("accidents", "全年发生生产安全事故", rate="5", shape="each"),
                        ),
                    )
                ),
                CapAt(
                    Item(
                        "plans",
                        "预案与演练",
                        points="10",
                        children=(
                            Deduct("plan_missing", "应急预案未修订", rate="10"),
                            Deduct("drill_missed", "有季度未开展应急演练", rate="3"),
                        ),
                    )
                ),
                CapAt(
                    Item(
                        "report",
                        "自评报送",
                        points="20",
                        children=(
                            Deduct("late_submission", "逾期报送自评", rate="2"),
                            Deduct("days_late", "逾期天数", rate="1", shape="each", unit="天"),
                        ),
                    )
                ),
            ),
        ),
    ),
)

EVEN = AnnualRollup(
    (
        Rollup("quarterly_score", "weighted", weights=("0.25",) * 4, places=2),
        Rollup("accidents"),
        Rollup("plan_missing", "latest"),
        Rollup("drill_missed", "any"),
    ),
    title="季度考核纳入年度考核",
)

# (hazards_open, plan_missing, drill_missed, accidents, duty_work) per quarter.
A = [
    (1, True, False, 0, "28"),
    (0, True, True, 1, "30"),
    (0, False, False, 0, "29"),
    (2, False, False, 0, "30"),
]
B = [
    (0, False, False, 0, "30"),
    (0, False, False, 0, "25"),
    (3, False, False, 1, "30"),
    (0, True, False, 0, "30"),
]


def _quarter(number: int) -> list[Evidence]:
    out = []
    for unit, name, rows in (("a", "区应急局", A), ("b", "区建管委", B)):
        hazards, plan, drill, accidents, duty = rows[number - 1]
        facts = {
            "hazards_open": hazards,
            "plan_missing": plan,
            "drill_missed": drill,
            "accidents": accidents,
            "duty_work": duty,
        }
        out.append(Evidence(unit, facts, name))
    return out


QUARTERS = {n: _quarter(n) for n in (1, 2, 3, 4)}
SELF_EVALUATION = load_calendar("putuo-2024-assessment").milestone("self_evaluation")
ANNUAL_ONLY = [
    Evidence("a", SELF_EVALUATION.facts(date(2024, 11, 20)), source="自评报送"),
    Evidence("b", SELF_EVALUATION.facts(date(2024, 11, 23)), source="自评报送"),
]


def _year(rollup: AnnualRollup = EVEN):  # type: ignore[no-untyped-def]
    facts_only = [
        Evidence(e.unit, {k: v for k, v in e.facts.items() if k in ANNUAL.facts}, e.name, e.source)
        for e in ANNUAL_ONLY
    ]
    return assess_year(rollup, QUARTERLY, ANNUAL, QUARTERS, facts_only, year=2024)


class TestQuarter:
    def test_dates_and_label(self) -> None:
        """Q4 2024 runs from 1 October to 31 December and is 2024年第四季度."""
        quarter = Quarter.of(date(2024, 11, 20))
        assert (quarter.first, quarter.last, quarter.label) == (
            date(2024, 10, 1),
            date(2024, 12, 31),
            "2024年第四季度",
        )

    def test_fifth_quarter_is_refused(self) -> None:
        """There is no fifth quarter."""
        with pytest.raises(RulebookError):
            Quarter(2024, 5)


class TestQuarterlyRanking:
    def test_totals_and_ranks_per_quarter(self) -> None:
        """Each quarter is scored and ranked on its own (动态排名)."""
        year = _year()
        totals = [(q.cohort.result("a").total, q.cohort.result("b").total) for q in year.quarters]
        # a: Q1 100 − 5 − 2 − 2 (duty 28) = 91; Q2 100 − 2 − 2 − 10 = 86; Q3 100 − 1 = 99;
        #    Q4 100 − 2 × 5 = 90.
        # b: Q1 100; Q2 100 − 5 (duty 25) = 95; Q3 100 − 15 − 10 = 75; Q4 100 − 2 = 98.
        assert totals == [
            (Decimal("91"), Decimal("100")),
            (Decimal("86"), Decimal("95")),
            (Decimal("99"), Decimal("75")),
            (Decimal("90"), Decimal("98")),
        ]
        assert year.ranks("a") == (2, 2, 1, 2)
        assert year.ranks("b") == (1, 1, 2, 1)

    def test_single_quarter(self) -> None:
        """One quarter can be assessed alone, mid-year."""
        result = assess_quarter(QUARTERLY, Quarter(2024, 3), QUARTERS[3])
        assert (result.rank("a"), result.rank("b")) == (1, 2)

    def test_bad_quarterly_evidence_names_the_quarter(self) -> None:
        """A problem in a quarter's evidence says which quarter it is in."""
        bad = [Evidence("a", {"hazards_open": -1, "accidents": 0, "duty_work": "30"})]
        with pytest.raises(EvidenceError, match="2024年第二季度"):
            assess_quarter(QUARTERLY, Quarter(2024, 2), bad)


class TestAnnualRollup:
    def test_rolled_up_facts(self) -> None:
        """Sum, latest, any and the even weighted share give the hand-worked annual facts."""
        year = _year()
        a, b = year.annual_evidence("a").facts, year.annual_evidence("b").facts
        # a: 40 × (91 + 86 + 99 + 90) ÷ 4 ÷ 100 = 40 × 0.915 = 36.60; accidents 0+1+0+0 = 1;
        #    plan_missing in Q4 false; a drill missed in Q2.
        assert (a["quarterly_score"], a["accidents"], a["plan_missing"], a["drill_missed"]) == (
            Decimal("36.60"),
            1,
            False,
            True,
        )
        # b: 40 × (100 + 95 + 75 + 98) ÷ 400 = 36.80; accidents 1; plan_missing in Q4 true.
        assert (b["quarterly_score"], b["accidents"], b["plan_missing"], b["drill_missed"]) == (
            Decimal("36.80"),
            1,
            True,
            False,
        )

    def test_annual_totals_and_ranking(self) -> None:
        """The annual sheet scores the rolled-up evidence and the self-evaluation's lateness."""
        year = _year()
        # a: 100 − (40 − 36.60) − 1 × 5 − 3 (drill) = 88.60; report on 11-20 is on time.
        # b: 100 − (40 − 36.80) − 5 − 10 (plan) − 2 (late) − 3 × 1 (days, 11-23 − 11-20) = 76.80.
        assert year.annual.result("a").total == Decimal("88.60")
        assert year.annual.result("b").total == Decimal("76.80")
        assert [(r.rank, r.result.unit) for r in year.annual.units] == [(1, "a"), (2, "b")]
        assert "逾期天数3天，扣3分" in year.annual.result("b").reasons

    def test_uneven_weights(self) -> None:
        """Weights 0.1/0.2/0.3/0.4 favour the later quarters."""
        rules = (
            Rollup("quarterly_score", "weighted", weights=("0.1", "0.2", "0.3", "0.4"), places=2),
            *EVEN.rules[1:],
        )
        year = _year(AnnualRollup(rules))
        # a: 40 × (9.1 + 17.2 + 29.7 + 36.0) ÷ 100 = 36.80.
        # b: 40 × (10 + 19 + 22.5 + 39.2) ÷ 100 = 36.28.
        assert year.annual_evidence("a").facts["quarterly_score"] == Decimal("36.80")
        assert year.annual_evidence("b").facts["quarterly_score"] == Decimal("36.28")

    def test_share_of_one_node_rounded_half_up(self) -> None:
        """A share of the hazards item (max 40) at one decimal rounds 34.75 up to 34.8."""
        rules = (
            Rollup(
                "quarterly_score", "weighted", "indicators.hazards", weights=("0.25",) * 4, places=1
            ),
            *EVEN.rules[1:],
        )
        year = _year(AnnualRollup(rules))
        # a's hazards item: Q1 40 − 5 − 2 = 33, Q2 40 − 2 − 2 = 36, Q3 40, Q4 40 − 10 = 30;
        # mean 139 ÷ 4 = 34.75, scaled 40/40, half up to 34.8.
        assert year.annual_evidence("a").facts["quarterly_score"] == Decimal("34.8")


class TestRollupErrors:
    def test_weights_must_add_up_to_one(self) -> None:
        """Weights that add up to 0.9 are refused."""
        with pytest.raises(RulebookError, match="add up to 1"):
            Rollup("x", "weighted", weights=("0.3", "0.3", "0.2", "0.1"), places=2)

    def test_weighted_needs_places(self) -> None:
        """A weighted share must say how many decimals it keeps."""
        with pytest.raises(RulebookError, match="decimals"):
            Rollup("x", "weighted", weights=("0.25",) * 4)

    def test_weights_only_for_weighted(self) -> None:
        """A sum has no weights."""
        with pytest.raises(RulebookError, match="only for how='weighted'"):
            Rollup("x", "sum", weights=("0.25",) * 4)

    def test_same_fact_twice(self) -> None:
        """A fact is rolled up once."""
        with pytest.raises(RulebookError, match="twice"):
            AnnualRollup((Rollup("accidents"), Rollup("accidents", "latest")))

    @pytest.mark.parametrize(
        ("rule", "words"),
        [
            (Rollup("nothing"), "not a fact of annual rulebook"),
            (Rollup("accidents", source="fires"), "not a fact of quarterly rulebook"),
            (Rollup("plan_missing", "sum"), "need count or amount"),
            (Rollup("accidents", "any"), "flag"),
            (Rollup("accidents", "weighted", weights=("0.25",) * 4, places=2), "score or amount"),
            (
                Rollup("quarterly_score", "weighted", "nowhere", weights=("0.25",) * 4, places=2),
                "not a node",
            ),
        ],
    )
    def test_rule_must_fit_the_rulebooks(self, rule: Rollup, words: str) -> None:
        """A rule naming unknown facts or mismatched kinds is refused with its path."""
        with pytest.raises(RulebookError, match=words) as caught:
            AnnualRollup((rule,)).check(QUARTERLY, ANNUAL)
        assert caught.value.path == f"rollup.{rule.fact}"


class TestYearEvidenceErrors:
    def test_unit_missing_a_quarter(self) -> None:
        """A unit absent from the third quarter is listed with the quarter's name."""
        quarters = {**QUARTERS, 3: [e for e in QUARTERS[3] if e.unit != "b"]}
        with pytest.raises(EvidenceError, match="2024年第三季度"):
            assess_year(EVEN, QUARTERLY, ANNUAL, quarters, year=2024)

    def test_rolled_up_fact_in_annual_evidence(self) -> None:
        """Annual evidence that gives a rolled-up fact is refused."""
        extra = [Evidence("a", {"accidents": 2})]
        with pytest.raises(EvidenceError, match="rolled up from the quarters"):
            assess_year(EVEN, QUARTERLY, ANNUAL, QUARTERS, extra, year=2024)

    def test_all_four_quarters_are_needed(self) -> None:
        """Three quarters are not a year."""
        quarters = {n: QUARTERS[n] for n in (1, 2, 3)}
        with pytest.raises(EvidenceError, match="quarters 1, 2, 3 and 4"):
            assess_year(EVEN, QUARTERLY, ANNUAL, quarters, year=2024)

    def test_problems_of_several_quarters_at_once(self) -> None:
        """Bad evidence in two quarters is reported together."""
        broken = Evidence("a", {"hazards_open": "x", "accidents": 0, "duty_work": "30"})
        quarters = {**QUARTERS, 1: [broken, QUARTERS[1][1]], 4: [broken, QUARTERS[4][1]]}
        with pytest.raises(EvidenceError) as caught:
            assess_year(EVEN, QUARTERLY, ANNUAL, quarters, year=2024)
        sources = {problem.source for problem in caught.value.problems}
        assert {"2024年第一季度", "2024年第四季度"} <= sources

    def test_problems_past_the_listed_ones_are_still_counted(self) -> None:
        """A quarter with 150 unknown facts counts all 150, in a quarter and in the year."""
        # check_all lists 100 (MAX_PROBLEMS) and counts 50 in .more; both must survive
        # the problems being re-labelled with the quarter's name.
        extra = {f"stray_{n}": 1 for n in range(150)}
        broken = Evidence("a", {**QUARTERS[1][0].facts, **extra})
        batch = [broken, QUARTERS[1][1]]
        with pytest.raises(EvidenceError) as caught:
            assess_quarter(QUARTERLY, Quarter(2024, 1), batch)
        assert (len(caught.value.problems), caught.value.total) == (100, 150)
        with pytest.raises(EvidenceError) as caught:
            assess_year(EVEN, QUARTERLY, ANNUAL, {**QUARTERS, 1: batch}, year=2024)
        assert (len(caught.value.problems), caught.value.total) == (100, 150)
        assert caught.value.problems[0].source == "2024年第一季度"


class TestRepr:
    def test_rollup_repr_rebuilds(self) -> None:
        """A roll-up's repr is code that builds an equal roll-up."""
        namespace = {"AnnualRollup": AnnualRollup, "Rollup": Rollup}
        assert eval(repr(EVEN), namespace) == EVEN
