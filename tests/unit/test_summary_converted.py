"""失分最多的条款 on a cohort with a converted part (防汛 按70分制评分，折算为30分).

The reviewers' county sheet (tests/cli/data/county): 防汛 is scored out of 70 and
converted to 30, so one point there costs the total 30 ÷ 70 of a point. 甲镇 is 3
transfers late (3 × 3 = 9 on the part's 70) and misses 1 of 4 supplies (5); 丁镇 is
1 drill short (5). Outside the part, 乙镇 loses 30 to 该项不得分.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from assessment_rules import assess, load_rulebook
from assessment_rules.cli._cohort_text import summary_text
from assessment_rules.cohorts import ClauseLoss, Cohort, summarize
from assessment_rules.engine import Rulebook
from assessment_rules.io import read_evidence

DATA = Path(__file__).parents[1] / "cli" / "data" / "county"


def _county() -> Rulebook:
    """The reviewers' county sheet, loaded by path as a user's own rulebook is."""
    return load_rulebook(str(DATA / "ema_2026.py"))


@pytest.fixture(scope="module")
def cohort() -> Cohort:
    book = _county()
    return assess(book, read_evidence(DATA / "evidence.yaml", book.id))


def _loss(cohort: Cohort, title: str) -> ClauseLoss:
    return next(loss for loss in cohort.summary.losses if loss.title == title)


class TestConvertedLosses:
    def test_a_clause_inside_a_converted_part_counts_converted(self, cohort: Cohort) -> None:
        """甲镇's 9 late-transfer points on the 70 cost the total 9 × 30 ÷ 70 = 3.857… → 3.86."""
        loss = _loss(cohort, "危险区域人员转移不及时")
        assert (loss.points, loss.raw_points, loss.units) == (Decimal("3.86"), Decimal(9), 1)

    def test_a_clause_outside_keeps_its_points(self, cohort: Cohort) -> None:
        """乙镇's 30 (该项不得分) is 30 of the total; no own-scale figure."""
        loss = _loss(cohort, "发生生产安全事故造成人员死亡")
        assert (loss.points, loss.raw_points) == (Decimal(30), None)

    def test_the_converted_clause_ranks_by_what_it_cost(self, cohort: Cohort) -> None:
        """3.86 ranks below 组织综合应急演练 6 and 未修订总体应急预案 5 (9 raw ranked above)."""
        titles = [loss.title for loss in cohort.summary.losses]
        assert titles.index("危险区域人员转移不及时") > titles.index("未修订总体应急预案")

    def test_the_terminal_says_the_points_are_converted(self, cohort: Cohort) -> None:
        """The heading says so and 3.86 is followed by 原表扣9分 (5 + 2.14 for 防汛演练)."""
        text = summary_text(cohort, top=10)
        assert "Clauses where the cohort lost most points (points of the total, converted):" in (
            text
        )
        assert "1 units lost 3.86 points in all (9 on its part's own scale)" in text
        assert "1 units lost 2.14 points in all (5 on its part's own scale)" in text

    def test_without_converted_parts_the_heading_is_as_before(self, cohort: Cohort) -> None:
        """Top 5 here are all outside 防汛: the plain heading, no own-scale figure."""
        text = summary_text(cohort, top=5)
        assert "Clauses where the cohort lost most points:" in text
        assert "own scale" not in text


class TestWhichUnitsAreWalked:
    def test_the_order_of_the_units_does_not_matter(self, cohort: Cohort) -> None:
        """Summarised from the last unit (丙镇, 不参评) backwards: the same losses."""
        units = list(reversed(cohort.units))
        again = summarize([u.result for u in units], [u.grade for u in units])
        assert {(x.path, x.points, x.raw_points) for x in again.losses} == {
            (x.path, x.points, x.raw_points) for x in cohort.summary.losses
        }
