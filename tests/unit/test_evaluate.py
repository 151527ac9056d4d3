"""The compiled plan: shared clean results and remembered clause outcomes stay exact."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import attrs

from assessment_rules import CapAt, Deduct, Item, Judgment, Lapse, Rulebook, Section, Veto
from assessment_rules.engine._evaluate import _MEMO_LIMIT


def book(*children: Any, points: str = "10") -> Rulebook:
    """A one-section rulebook out of *points* around the given items."""
    return Rulebook(
        "tiny",
        "示例",
        points=points,
        children=(Section("s", "部分", points=points, children=children),),
    )


class TestSharedResults:
    def test_clean_units_share_one_clean_subtree(self) -> None:
        """Two units that lose nothing get equal results whose item result is the same object."""
        rules = book(CapAt(Item("i", "内容", points="10", children=(Deduct("a", "甲", rate="1"),))))
        first = rules.evaluate({"a": False})
        second = rules.evaluate({"a": False})
        # Nothing lost: 10 − 0 = 10 for both.
        assert (first.total, second.total) == (Decimal("10"), Decimal("10"))
        assert first.find("s.i") is second.find("s.i")

    def test_a_fresh_rulebook_gives_equal_results(self) -> None:
        """A rulebook that has scored many units scores the next one as a new copy does."""
        rules = book(
            CapAt(
                Item(
                    "i",
                    "内容",
                    points="3",
                    children=(
                        Deduct("a", "甲", rate="2"),
                        Deduct("b", "乙", rate="1", shape="each"),
                    ),
                )
            ),
            Item("j", "评分", points="7", children=(Judgment("score", "评分", points="7"),)),
        )
        units = [{"a": a, "b": b, "score": s} for a in (False, True) for b in (0, 2) for s in "57"]
        for _ in range(2):
            for facts in units:
                assert repr(rules.evaluate(facts)) == repr(attrs.evolve(rules).evaluate(facts))


class TestRememberedOutcomes:
    def test_a_cut_entry_is_not_reused_for_an_uncut_one(self) -> None:
        """The same lapse counts 0 when the cap is spent and 1 when it is not, each explained."""
        rules = book(
            CapAt(
                Item(
                    "i",
                    "内容",
                    points="2",
                    children=(Deduct("a", "甲", rate="2"), Deduct("b", "乙", rate="1")),
                )
            ),
            Item("j", "其他", points="8"),
        )
        # a (2) spends the 2-point cap, so b's 1 point is absorbed.
        both = rules.evaluate({"a": True, "b": True}).lost
        assert [(e.counted, e.reason) for e in both] == [
            (Decimal("2"), "甲，扣2分"),
            (Decimal("0"), "乙，应扣1分，本项分值已扣完，不再扣分"),
        ]
        # b alone: 1 point, under the cap.
        alone = rules.evaluate({"a": False, "b": True}).lost
        assert [(e.counted, e.reason) for e in alone] == [(Decimal("1"), "乙，扣1分")]

    def test_decimal_scores_keep_their_exponent(self) -> None:
        """Scores 13.5 and 13.50 lose 1.5 and 1.50: equal amounts, each written as given."""
        rules = book(
            Item("j", "评分", points="15", children=(Judgment("score", "评分", points="15"),)),
            points="15",
        )
        # 15 − 13.5 = 1.5 and 15 − 13.50 = 1.50 (Decimal keeps the places).
        short = rules.evaluate({"score": Decimal("13.5")}).lost[0]
        long = rules.evaluate({"score": Decimal("13.50")}).lost[0]
        assert (str(short.raw), str(long.raw)) == ("1.5", "1.50")

    def test_many_distinct_values_stay_exact_past_the_memo_limit(self) -> None:
        """Counts past the memo's limit are still scored exactly: n occurrences × 0.5."""
        rules = book(
            Item(
                "i", "内容", points="10", children=(Deduct("n", "问题", rate="0.5", shape="each"),)
            )
        )
        for count in range(1, _MEMO_LIMIT + 40):
            entry = rules.evaluate({"n": count}).lost[0]
            assert entry.raw == Decimal("0.5") * count
            assert entry.reason.startswith(f"问题{count}次")
        assert rules.evaluate({"n": 3}).lost[0].raw == Decimal("1.5")

    def test_an_unchecked_list_scores_like_the_checked_tuple(self) -> None:
        """Values passed straight to evaluate_checked as a list give the result a tuple gives."""
        clause = Deduct("docs", "材料", rate="1", shape="missing", items=("方案", "总结"))
        rules = book(Item("i", "内容", points="10", children=(clause,)))
        # One of two items missing: 1 × 1 = 1.
        as_list = rules.evaluate_checked({"docs": ["方案"]}, "u")
        as_tuple = rules.evaluate_checked({"docs": ("方案",)}, "u")
        assert repr(as_list) == repr(as_tuple)
        assert as_list.lost[0].reason == "材料缺1项（总结），扣1分"

    def test_a_subclass_that_reads_another_fact_is_asked_every_time(self) -> None:
        """A Deduct subclass whose lapse depends on a second fact is measured afresh per unit."""

        @attrs.frozen(repr=False)
        class Scaled(Deduct):
            def measure(self, values: Mapping[str, Any]) -> Lapse | None:
                if not values[self.fact.name]:
                    return None
                times = values["times"]
                return Lapse(times, self.rate, self.rate * times)

        rules = book(
            Item(
                "i",
                "内容",
                points="10",
                children=(
                    Scaled("a", "甲", rate="1"),
                    Deduct("times", "次数", rate="1", shape="each"),
                ),
            )
        )
        # a is true both times; the second fact changes a's raw from 1 × 1 to 1 × 3.
        first = rules.evaluate({"a": True, "times": 1}).lost[0]
        second = rules.evaluate({"a": True, "times": 3}).lost[0]
        assert (first.raw, second.raw) == (Decimal("1"), Decimal("3"))

    def test_vetoes_are_remembered_per_value(self) -> None:
        """A veto triggers from its threshold on, with its count in the reason, unit after unit."""
        rules = Rulebook(
            "tiny",
            "示例",
            points="10",
            children=(
                Section("s", "部分", points="10", children=(Item("i", "内容", points="10"),)),
                Veto("deaths", "死亡事故", at_least=2),
            ),
        )
        hits = [rules.evaluate({"deaths": n}).vetoes for n in (0, 2, 1, 3, 2)]
        assert [len(found) for found in hits] == [0, 1, 0, 1, 1]
        assert [found[0].reason for found in hits if found] == [
            "一票否决：死亡事故2起",
            "一票否决：死亡事故3起",
            "一票否决：死亡事故2起",
        ]
