"""Vetoes and bonuses in evaluation."""

from __future__ import annotations

from decimal import Decimal

import pytest

from assessment_rules import (
    AwardLevel,
    Bonus,
    CapAt,
    Deduct,
    Item,
    Rulebook,
    RulebookError,
    Section,
    Veto,
    evaluate,
)

BOOK = Rulebook(
    "veto-bonus",
    "示例",
    points="10",
    children=(
        Section(
            "work",
            "工作",
            points="10",
            children=(
                CapAt(
                    Item(
                        "plan",
                        "计划",
                        points="10",
                        children=(Deduct("lapses", "问题", rate="1", shape="each", default=0),),
                    )
                ),
            ),
        ),
        Section(
            "accidents",
            "事故控制",
            points="0",
            children=(
                Veto("major", "发生较大事故"),
                Veto("deaths", "发生一次死亡2人以上事故", at_least=2),
            ),
        ),
        Bonus(
            "awards",
            "表彰加分",
            levels=(
                AwardLevel("city", "市级表彰", cap="2"),
                AwardLevel("district", "区级表彰", cap="1.5"),
            ),
            cap="3",
        ),
    ),
)


def run(**facts: object) -> object:
    return evaluate(BOOK, {"major": 0, "deaths": 0, **facts})


class TestVeto:
    def test_veto_triggers_at_its_threshold(self) -> None:
        """The two-accident veto triggers at 2, not at 1."""
        assert not run(deaths=1).vetoed  # type: ignore[attr-defined]
        result = run(deaths=2)
        assert result.vetoed and result.grade == "不合格"  # type: ignore[attr-defined]

    def test_every_triggered_veto_is_listed(self) -> None:
        """Both vetoes appear, in clause order, when both hold."""
        result = run(major=1, deaths=3)
        assert [v.path for v in result.vetoes] == ["accidents.major", "accidents.deaths"]  # type: ignore[attr-defined]

    def test_the_score_is_still_computed(self) -> None:
        """A vetoed unit keeps its computed total (10 − 2 = 8)."""
        assert run(major=1, lapses=2).total == Decimal("8")  # type: ignore[attr-defined]

    def test_veto_at_least_must_be_positive(self) -> None:
        """A veto threshold below 1 is refused."""
        with pytest.raises(RulebookError, match="at_least=0"):
            Veto("v", "条件", at_least=0)


class TestBonus:
    def test_awards_are_capped_per_level_then_in_total(self) -> None:
        """City 2.5 → 2, district 1.5 → 1 (total cap 3): 10 + 3 = 13, above the points."""
        result = run(awards_city=["2.5"], awards_district=["1.5"])
        assert [e.counted for e in result.gained] == [Decimal(2), Decimal(1)]  # type: ignore[attr-defined]
        assert [e.absorbed for e in result.gained] == [Decimal("0.5"), Decimal("0.5")]  # type: ignore[attr-defined]
        assert result.total == Decimal(13)  # type: ignore[attr-defined]

    def test_bonus_comes_after_the_floor(self) -> None:
        """Bonus is added to the base total, which itself stops at 0."""
        result = run(lapses=50, awards_city=["2"])
        assert (result.base, result.total) == (Decimal(0), Decimal(2))  # type: ignore[attr-defined]

    def test_bonus_facts_default_to_no_awards(self) -> None:
        """Each level's fact defaults to an empty list, declared by the Bonus node."""
        assert BOOK.facts["awards_city"].default == ()

    def test_levels_need_unique_ids(self) -> None:
        """Two levels with one id are refused."""
        level = AwardLevel("city", "市级表彰", cap="2")
        with pytest.raises(RulebookError, match="unique ids"):
            Bonus("b", "加分", levels=(level, level))
