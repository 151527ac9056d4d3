"""The bundled Wujin example departments, every figure worked out by hand from seed 004.

The rules (附件2): items stop at their points (扣完为止) except ★ clauses; the three
vetoes of note 3 force 不合格; bonus ≤ 2 per national/provincial/municipal award,
≤ 1.5 per district award, ≤ 5 in total; grades 90/80/60 inclusive.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from assessment_rules import assess, load_rulebook
from assessment_rules.io import read_evidence

EXAMPLE = Path(__file__).parents[2] / "examples" / "wujin-2021-departments.yaml"
BOOK = load_rulebook("wujin-2021-departments")


@pytest.fixture(scope="module")
def cohort():  # type: ignore[no-untyped-def]
    return assess(BOOK, read_evidence(EXAMPLE, BOOK.id))


def D(text: str) -> Decimal:  # noqa: N802 - reads like the Decimal it builds
    return Decimal(text)


class TestExampleTotals:
    def test_clean_sheet_scores_full_marks(self, cohort) -> None:  # type: ignore[no-untyped-def]
        """A department with every requirement met keeps all 100 points and is 优秀."""
        result = cohort.result("clean")
        # Nothing lost, nothing gained: 100 − 0 + 0 = 100.
        assert (result.total, result.grade, result.lost, result.gained) == (
            D("100"),
            "优秀",
            (),
            (),
        )

    def test_item_cap_binds_and_total_lands_on_ninety(self, cohort) -> None:  # type: ignore[no-untyped-def]
        """Deductions of 12 in a 10-point item stop at 10, leaving exactly 90, which is 优秀."""
        result = cohort.result("capped")
        # 一(1): support system 1 + responsibility 2 + chair 1 + meetings (4−0)×1 = 4
        #        + plan 1 + duty report 1 + quarterly reports 4 missing × 0.5 = 2  → raw 12.
        # 扣完为止 at 10 points: the first six clauses count 10, the last (2) is absorbed.
        item = result.find("organisation.responsibility")
        assert (item.score, item.lost, item.absorbed) == (D("0"), D("10"), D("2"))
        last = result.lost[-1]
        assert (last.path, last.raw, last.counted, last.absorbed) == (
            "organisation.responsibility.quarterly_reports",
            D("2"),
            D("0"),
            D("2"),
        )
        assert "本项分值已扣完" in last.reason
        # 100 − 10 = 90 → 优秀 (lower bounds are inclusive).
        assert (result.total, result.grade) == (D("90"), "优秀")

    def test_starred_deductions_push_the_item_below_zero(self, cohort) -> None:  # type: ignore[no-untyped-def]
        """★ clauses escape the item cap: the emergency item ends at −4 and the total at 83."""
        result = cohort.result("starred")
        # 二(5) non-★: plan 2 + drill 1 + stale resources 3×1 = 6 (under the 10 cap).
        # ★: late reports 2×2 = 4, aftermath 1×2 = 2, slow response 1×2 = 2 → 8.
        # Item: 10 − 6 − 8 = −4.
        assert result.find("key_work.emergency").score == D("-4")
        # Judgments: 15 − 13 = 2 and 5 − 4 = 1 → 3.  Total: 100 − 14 − 3 = 83 → 良好.
        assert (result.total, result.grade) == (D("83"), "良好")
        assert sum(1 for e in result.lost if e.starred) == 3

    def test_veto_forces_the_lowest_grade_but_keeps_the_score(self, cohort) -> None:  # type: ignore[no-untyped-def]
        """A major accident vetoes the unit: 97 points are shown, the grade is 不合格."""
        result = cohort.result("vetoed")
        # Leader checks 3 of 4: 1 × 2 = 2; supervision judgment 15 − 14 = 1 → 100 − 3 = 97.
        assert (result.total, result.grade, result.vetoed) == (D("97"), "不合格", True)
        assert [v.path for v in result.vetoes] == ["accident_control.major_accidents"]
        assert result.reasons[0].startswith("一票否决")

    def test_bonus_is_cut_per_award_and_at_five_in_total(self, cohort) -> None:  # type: ignore[no-untyped-def]
        """Awards of 2, 2, 2.5 and 1.5 count 2, 2, 1 and 0 under the caps, adding exactly 5."""
        result = cohort.result("bonus")
        # Lost: firms 3×1 = 3, no director 3×0.5 = 1.5, untrained staff 2×1 = 2,
        #       supervision 15 − 13.5 = 1.5, other work 5 − 4.5 = 0.5 → 8.5; base 91.5.
        assert result.base == D("91.5")
        # National 2 (cap 2) → 2, budget 3; municipal 2 → 2, budget 1;
        # municipal 2.5 → 2 per award → 1 left in the total cap; district 1.5 → 0.
        counted = [e.counted for e in result.gained]
        assert counted == [D("2"), D("2"), D("1"), D("0")]
        # Total: 91.5 + 5 = 96.5 → 优秀.
        assert (result.total, result.grade) == (D("96.5"), "优秀")

    def test_many_lapses_leave_a_passing_grade(self, cohort) -> None:  # type: ignore[no-untyped-def]
        """A department losing 33 points across four items scores 67, which is 合格."""
        result = cohort.result("passing")
        # 二(2): plan 2 + records 4×1 + 1 missing document + leader (4−2)×2 = 4
        #        + deputy (4−1)×1 = 3 → 14.
        # 二(3): training plan 1 + 2 missing activities × 1 = 2 → 3.
        # 二(4): three-year plan 2 + 2 missing stages + hazards 5 → 9.
        # Judgments: 15 − 10 = 5, 5 − 3 = 2 → 7.   Total 100 − 33 = 67 → 合格.
        assert result.find("key_work.inspections").lost == D("14")
        assert result.find("key_work.special_rectification").lost == D("9")
        assert (result.total, result.grade) == (D("67"), "合格")

    def test_equal_totals_share_a_rank(self, cohort) -> None:  # type: ignore[no-untyped-def]
        """Two departments on 83 both rank 4th and the next one ranks 6th; the vetoed one is 7th."""
        # tied: rules 2 missing × 1 + lead unit 2×2 + member 1 = 7; campaign 2;
        #       firms 5×1 = 5; drill 1; stale resources 1; supervision 1 → 17 → 83.
        ranks = {r.result.unit: r.rank for r in cohort.units}
        # The vetoed department ranks after the six that are not vetoed.
        assert ranks == {
            "clean": 1,
            "bonus": 2,
            "capped": 3,
            "starred": 4,
            "tied": 4,
            "passing": 6,
            "vetoed": 7,
        }


class TestLedgerOfTheExamples:
    def test_every_node_balances(self, cohort) -> None:  # type: ignore[no-untyped-def]
        """At every node of every example, max − lost + gained equals the score."""
        for ranked in cohort.units:
            for node in ranked.result.root.walk():
                assert node.max - node.lost + node.gained == node.score, node.path

    def test_reasons_quote_the_shortfall(self, cohort) -> None:  # type: ignore[no-untyped-def]
        """The 失分原因 of a shortfall says how many times, the requirement, and the points."""
        reasons = cohort.result("passing").reasons
        assert "部门领导带队开展安全生产检查、督查2次（应不少于4次），少2次，扣4分" in reasons

    def test_reasons_name_the_missing_items(self, cohort) -> None:  # type: ignore[no-untyped-def]
        """A missing-item deduction names every missing item in its reason."""
        reasons = cohort.result("tied").reasons
        assert "落实安委会工作制度缺2项（形势分析制度、督办制度），扣2分" in reasons
