"""The bundled Putuo 2024 streets cohort, every figure worked out by hand.

Rulebook putuo-2024-streets: 100 points (安全生产 45, 自然灾害防治 15, 消防 20, 燃气 8,
电动自行车 7, 道路交通 5); 材料报送 deductions come off the total; grades 90/80/60; two
vetoes; 优秀 quota 30% of the cohort, half up, ties at the last place all admitted.
Judged items at full marks: annual_targets 8, supervision 7, quarterly 5,
disaster_response 10, fire_duty 10, gas_work 8, ebike_work 7, traffic_work 5.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from assessment_rules import Cohort, assess, load_rulebook
from assessment_rules.cohorts import fact_owners, load_registry
from assessment_rules.io import read_evidence

EXAMPLE = Path(__file__).parents[2] / "examples" / "putuo-2024-streets.yaml"
BOOK = load_rulebook("putuo-2024-streets")


@pytest.fixture(scope="module")
def cohort() -> Cohort:
    return assess(BOOK, read_evidence(EXAMPLE, BOOK.id))


def D(text: str) -> Decimal:  # noqa: N802 - reads like the Decimal it builds
    return Decimal(text)


class TestTotals:
    @pytest.mark.parametrize(
        ("unit", "total"),
        [
            # annual 8−7=1, supervision 7−6=1, fire_duty 10−9=1, e-bike charging 2×0.5=1 → 96
            ("changshoulu", "96"),
            # hazards 1×2=2, quarterly 5−4=1, disaster 10−8=2, gas 8−6=2 → 93
            ("caojiadu", "93"),
            # duty lists 2, duty lapses 2×1=2, fire_duty 10−8=2, traffic 5−2=3 → 91
            ("ganquanlu", "91"),
            # annual 8−6=2, reports missing 阶段小结 1, fire hazards 3×1=3, gas hazard 1,
            # e-bike 7−5=2 → 91
            ("shiquanlu", "91"),
            # supervision 7−5=2, quarterly 5−2=3, disaster 10−7=3, late report 2 → 90
            ("yichuanlu", "90"),
            # mobilisation 2, inspections 3×1=3, fire_duty 1, gas 1, traffic 1 → 92
            ("wanli", "92"),
            # local plan 3, hazards 2×2=4, duty 1, gas 2, e-bike 2, traffic 1, non-conforming 1 → 86
            ("zhenruzhen", "86"),
            # hazards 7×2=14 capped at the item's 12, reports missing 2, supervision 2,
            # e-bike charging 3×0.5=1.5 → 100 − 12 − 2 − 2 − 1.5 = 82.5
            ("changfengxincun", "82.5"),
            # lead member 3, annual 3, duty 2×1=2, disaster 2, fire_duty 3, gas hazards 2 → 85
            ("changzheng", "85"),
            # local plan 3, mobilisation 2, duty lists 2, hazards 3×2=6, annual 3,
            # fire hazards 2, platform 3, traffic 1 → 78
            ("taopu", "78"),
        ],
    )
    def test_unit_total(self, cohort: Cohort, unit: str, total: str) -> None:
        """Each street's total is 100 minus its hand-counted deductions."""
        assert cohort.result(unit).total == D(total)

    def test_item_cap_absorbs_the_excess(self, cohort: Cohort) -> None:
        """Seven overdue hazards (14 points) stop at the 12-point item; 2 are absorbed."""
        entry = cohort.result("changfengxincun").lost[0]
        assert (entry.path, entry.raw, entry.counted, entry.absorbed) == (
            "safety.hazards.hazards_overdue",
            D("14"),
            D("12"),
            D("2"),
        )
        assert entry.reason == "重大事故隐患逾期未整改销号7项，应扣14分，扣完为止，实扣12分"

    def test_late_submission_is_a_declared_deduction(self, cohort: Cohort) -> None:
        """宜川路's late self-evaluation costs 2 points, cited to both plans."""
        entry = next(
            e for e in cohort.result("yichuanlu").lost if e.path == "submission.late_report"
        )
        assert (entry.counted, entry.reason) == (
            D("2"),
            "未在2024年11月20日前报送自评和总结情况，扣2分",
        )
        assert "普安办〔2020〕13号 四（二）" in entry.source


class TestRankingAndQuota:
    def test_ranks_share_on_equal_totals(self, cohort: Cohort) -> None:
        """96, 93, 91, 91, 90… rank 1, 2, 3, 3, 5; the vetoed 92 (万里) ranks 10th, last."""
        assert [(u.result.unit, u.rank) for u in cohort.units[:5]] == [
            ("changshoulu", 1),
            ("caojiadu", 2),
            ("ganquanlu", 3),
            ("shiquanlu", 3),
            ("yichuanlu", 5),
        ]
        assert (cohort.units[-1].result.unit, cohort.units[-1].rank) == ("wanli", 10)

    def test_veto_forces_the_lowest_grade_and_takes_no_place(self, cohort: Cohort) -> None:
        """万里 scores 92 but a major accident makes it 不合格, outside the quota."""
        ranked = cohort.ranked("wanli")
        assert (ranked.result.total, ranked.grade, ranked.quota and ranked.quota.status) == (
            D("92"),
            "不合格",
            "vetoed",
        )
        assert ranked.reasons[0] == "一票否决：发生较大及以上生产安全事故1起"

    def test_tie_at_the_last_place_keeps_both_and_is_reported(self, cohort: Cohort) -> None:
        """30% of 10 = 3 places; 甘泉路 and 石泉路 tie on 91 for the 3rd, both stay 优秀."""
        quota = cohort.quota
        assert quota is not None
        # Candidates (优秀 by score, not vetoed): 96, 93, 91, 91, 90 → 5.
        assert (quota.places, quota.candidates, quota.admitted, quota.over_quota, quota.tie) == (
            3,
            5,
            4,
            1,
            True,
        )
        assert [cohort.ranked(u).quota.status for u in ("ganquanlu", "shiquanlu")] == [
            "admitted_tie",
            "admitted_tie",
        ]

    def test_quota_moves_the_ninety(self, cohort: Cohort) -> None:
        """宜川路's 90 is 优秀 by score but beyond the places: 良好, with the reason."""
        ranked = cohort.ranked("yichuanlu")
        assert (ranked.result.grade, ranked.grade, ranked.moved) == ("优秀", "良好", True)
        assert "等次由优秀调整为良好" in ranked.grade_note


class TestSummary:
    def test_distribution_mean_and_median(self, cohort: Cohort) -> None:
        """优秀 4, 良好 4, 合格 1, 不合格 1; mean 884.5 / 10 = 88.45; median (90 + 91) / 2."""
        summary = cohort.summary
        assert summary.grades == (("优秀", 4), ("良好", 4), ("合格", 1), ("不合格", 1))
        # 96 + 93 + 91 + 91 + 90 + 92 + 86 + 82.5 + 85 + 78 = 884.5
        assert (summary.mean, summary.mean_exact) == (D("88.45"), True)
        # Sorted: 78, 82.5, 85, 86, 90, 91, 91, 92, 93, 96 → (90 + 91) / 2 = 90.5
        assert summary.median == D("90.5")

    def test_clause_lost_most(self, cohort: Cohort) -> None:
        """Overdue major hazards cost the cohort most: 2 + 4 + 12 + 6 = 24 points in 4 streets."""
        top = cohort.summary.losses[0]
        assert (top.path, top.points, top.units) == ("safety.hazards.hazards_overdue", D("24"), 4)


class TestRulebook:
    def test_every_node_cites_its_source(self) -> None:
        """Every section, item, clause and veto names its source clause."""
        missing = [
            path for path, node in BOOK.walk() if path and not node.transparent and not node.source
        ]
        assert missing == []

    def test_every_fact_has_an_office(self) -> None:
        """The six offices of 普安委〔2024〕8号 二 supply every fact between them."""
        owners = fact_owners(BOOK)
        assert set(owners) == set(BOOK.facts)
        assert [o.title for o in BOOK.offices] == [
            "区安委办",
            "区城运应急委办",
            "区消防救援局",
            "区级燃气工作专班",
            "区级电动自行车专班",
            "区交专委办",
        ]

    def test_example_units_are_the_registered_streets(self) -> None:
        """The example's ids and names are the registry's ten streets."""
        assert load_registry("putuo").check(read_evidence(EXAMPLE), "streets") == []

    def test_description_says_what_is_quoted_and_derived(self) -> None:
        """The description separates 原文引用 from 派生."""
        assert "原文引用（quoted）" in BOOK.description
        assert "派生（derived）" in BOOK.description
