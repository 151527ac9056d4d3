"""The compiled plan: shared clean results and remembered clause outcomes stay exact."""

from __future__ import annotations

import random
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import attrs

from assessment_rules import (
    CapAt,
    Deduct,
    Evidence,
    ExecutionRateScore,
    Fact,
    Item,
    Judgment,
    Lapse,
    Rulebook,
    ScoredLeaf,
    Section,
    Veto,
    load_rulebook,
)
from assessment_rules.engine._evaluate import _MEMO_LIMIT, Plan, _Frame
from assessment_rules.engine._evidence import _check_evidence, check_evidence


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


def frames(plan: Plan) -> dict[str, _Frame]:
    """Every container frame of a compiled plan, by path ("" for the root)."""
    found: dict[str, _Frame] = {}
    stack = [plan.root]
    while stack:
        frame = stack.pop()
        if frame.children:
            found[frame.path] = frame
            stack.extend(frame.children)
    return found


def memo_sizes(rules: Rulebook) -> dict[str, int]:
    """How many results each container of *rules* remembers, by path."""
    return {path: len(frame.memo) for path, frame in frames(rules._plan).items()}


def counted_pair(points: str, rate_a: str, rate_b: str, *, capped: bool = False) -> Rulebook:
    """A rulebook of one item out of *points*: clauses a and b, each per occurrence,
    the item stopping at its points (扣完为止) when *capped*."""
    item: Any = Item(
        "i",
        "内容",
        points=points,
        children=(
            Deduct("a", "甲", rate=rate_a, shape="each"),
            Deduct("b", "乙", rate=rate_b, shape="each"),
        ),
    )
    return book(CapAt(item) if capped else item, points=points)


@attrs.frozen(repr=False)
class Overtime(ScoredLeaf):
    """A user's node kind: 0.5 points per hour of overtime, pure by its own declaration."""

    kind = "overtime"
    pure = True
    id: str
    title: str

    def own_facts(self) -> tuple[Fact, ...]:
        return (Fact(self.id, self.title, kind="count", unit="小时"),)

    def measure(self, values: Mapping[str, Any]) -> Lapse | None:
        hours = values[self.id]
        return Lapse(hours, Decimal("0.5"), Decimal("0.5") * hours, actual=hours) if hours else None


class TestRememberedCuts:
    def test_results_cut_by_caps_are_remembered_and_exact(self) -> None:
        """Units cut by nested caps, the floor and a bonus score as a fresh copy scores them."""
        rules = Rulebook(
            "tiny",
            "示例",
            points="12",
            children=(
                CapAt(
                    Section(
                        "s",
                        "部分",
                        points="10",
                        children=(
                            CapAt(
                                Item(
                                    "a",
                                    "甲项",
                                    points="5",
                                    children=(
                                        Deduct("x", "甲", rate="3", shape="each"),
                                        Deduct("y", "乙", rate="2", shape="each"),
                                        Deduct("w", "戊", rate="8", starred=True),
                                    ),
                                )
                            ),
                            Item(
                                "b",
                                "乙项",
                                points="5",
                                children=(Deduct("z", "丙", rate="2.5", shape="each"),),
                            ),
                        ),
                    ),
                    limit="6",
                ),
                Item("j", "评分", points="2", children=(Judgment("score", "评分", points="2"),)),
            ),
        )
        units = [
            {"x": x, "y": y, "z": z, "w": w, "score": score}
            for x in range(3)
            for y in range(3)
            for z in range(4)
            for w in (False, True)
            for score in ("2", "0.5")
        ]
        # Item a stops at 5 and the section at 6, ★ w escapes both, the total stops at 0:
        # x=2, y=2, z=3, w and score 0.5 lose 6 (the section's cap) + 8 (★) + 1.5 = 15.5,
        # cut to the 12 points there are.
        order = list(range(len(units))) * 2
        random.Random(5).shuffle(order)
        for n in order:
            assert repr(rules.evaluate(units[n])) == repr(attrs.evolve(rules).evaluate(units[n]))
        sizes = memo_sizes(rules)
        assert sizes["s.a"] > 0  # item a is remembered even when its own cap binds


class TestBoundedMemos:
    def test_an_unremembered_clause_leaves_the_containers_above_it_unremembered(self) -> None:
        """One unit scored 2,000 times with an execution rate leaves its item unremembered."""
        rules = Rulebook(
            "tiny",
            "示例",
            points="20",
            children=(
                Section(
                    "s",
                    "部分",
                    points="20",
                    children=(
                        Item(
                            "funds",
                            "资金",
                            points="10",
                            children=(ExecutionRateScore("rate", "预算执行率", points="10"),),
                        ),
                        Item("plan", "计划", points="10", children=(Deduct("a", "甲", rate="1"),)),
                    ),
                ),
            ),
        )
        # 8 of 10 spent: 10 × 8 ÷ 10 = 8 points, 2 lost; a lost 1 more.
        facts = {"budget": "10", "executed": "8", "a": True}
        results = [rules.evaluate(facts) for _ in range(2000)]
        assert {r.total for r in results} == {Decimal("17")}
        # The execution rate is measured afresh for each unit, so "funds", "s" and the
        # root are built each time and never remembered; "plan" is remembered once.
        assert memo_sizes(rules) == {"": 0, "s": 0, "s.funds": 0, "s.plan": 1}

    def test_values_past_the_limit_leave_no_one_off_keys(self) -> None:
        """A score past its clause's memo limit, repeated 2,000 times, adds nothing above it."""
        rules = book(
            Item("j", "评分", points="10", children=(Judgment("score", "评分", points="10"),))
        )
        # 512 full scores written differently (10.000 … 10.511): no lapse, but each one
        # takes a place in the clause's memo.
        for k in range(_MEMO_LIMIT):
            rules.evaluate_checked({"score": Decimal(10) + Decimal(k) / 1000}, "u")
        for _ in range(2000):
            # 10 − 7 = 3 points lost, measured afresh each time: the memo is full.
            assert rules.evaluate_checked({"score": Decimal(7)}, "u").total == Decimal("7")
        assert memo_sizes(rules) == {"": 0, "s": 0, "s.j": 0}

    def test_values_not_of_the_checked_type_leave_no_one_off_keys(self) -> None:
        """Unchecked lists (not the checked tuples), scored again and again, are not remembered."""
        clause = Deduct("docs", "材料", rate="1", shape="missing", items=("方案", "总结"))
        rules = book(Item("i", "内容", points="10", children=(clause,)))
        for _ in range(100):
            # One of two items missing: 1 × 1 = 1 point lost.
            assert rules.evaluate_checked({"docs": ["方案"]}, "u").total == Decimal("9")
        assert memo_sizes(rules) == {"": 0, "s": 0, "s.i": 0}

    def test_memos_never_pass_their_limit(self) -> None:
        """Thousands of distinct combinations leave every container memo at most at the limit."""
        rules = counted_pair("100", "1", "1")
        # 1,599 combinations that lose something, none beyond the 100 points.
        for a in range(40):
            for b in range(40):
                rules.evaluate({"a": a, "b": b})
        assert max(memo_sizes(rules).values()) == _MEMO_LIMIT

    def test_a_user_node_kind_declaring_pure_is_remembered(self) -> None:
        """A user's pure leaf gives the very same ledger entry for the same value."""
        rules = book(Item("i", "内容", points="10", children=(Overtime("overtime", "加班"),)))
        # 3 hours × 0.5 = 1.5 points lost.
        first = rules.evaluate({"overtime": 3}).lost[0]
        second = rules.evaluate({"overtime": 3}).lost[0]
        assert first.raw == Decimal("1.5")
        assert first is second

    def test_a_subclass_of_a_pure_leaf_is_not_remembered(self) -> None:
        """A Deduct subclass that does not repeat ``pure = True`` gives a new entry each time."""

        @attrs.frozen(repr=False)
        class Plain(Deduct):
            pass

        rules = book(Item("i", "内容", points="10", children=(Plain("a", "甲", rate="1"),)))
        first = rules.evaluate({"a": True}).lost[0]
        second = rules.evaluate({"a": True}).lost[0]
        assert first == second
        assert first is not second


class TestCompiledChecks:
    """The compiled fact checks (engine/_evidence.py) give what the general path gives.

    Kept here, beside the evaluator's memos, because both are the speed work of one
    change; the general path itself is tested in test_evidence.py.
    """

    VALUES: tuple[Any, ...] = (
        None,
        True,
        False,
        0,
        1,
        3,
        -1,
        10**16,
        "3",
        " 3",
        "3.0",
        "1.5",
        "是",
        "否",
        "",
        "abc",
        Decimal("1.5"),
        Decimal("1.50"),
        Decimal("1E+1"),
        Decimal("NaN"),
        1.5,
        [],
        ["工作方案"],
        ("工作方案", "工作总结"),
        ["工作方案", "工作方案"],
        ["2", "1.5"],
        [Decimal("2.0")],
        [[1]],
        "2024-01-01",
    )

    def test_values_and_problems_match_the_general_path(self) -> None:
        """3,000 evidence sets of mixed right and wrong values give the same values and problems."""
        rules = load_rulebook("wujin-2021-departments")
        rng = random.Random(16)
        names = list(rules.facts)
        for _ in range(3000):
            # Mostly each fact's example value, a few replaced by odd ones.
            facts = {name: fact.example_value() for name, fact in rules.facts.items()}
            for name in rng.sample(names, rng.randint(0, 4)):
                facts[name] = rng.choice(self.VALUES)
            evidence = Evidence("u", facts)
            expected = repr(_check_evidence(rules, evidence))
            assert repr(check_evidence(rules, evidence)) == expected, facts
            assert repr(check_evidence(rules, evidence)) == expected, facts  # remembered


class TestSharedCutResults:
    """A clause cut to the same amount, or a bonus award counted the same, is one object."""

    def test_a_clause_cut_the_same_way_shares_its_result(self) -> None:
        """Units whose cap cuts clause b to the same amount share b's entry and result.

        a=1, b=3: 3 + 3 = 6 > 5, so b counts 2 (3 cut to 2). The second unit has the
        same facts under another name; in a third, a=0, so b counts its 3 uncut.
        """
        rules = counted_pair("5", "3", "1", capped=True)
        first = rules.evaluate(Evidence("u1", {"a": 1, "b": 3}))
        second = rules.evaluate(Evidence("u2", {"a": 1, "b": 3}))
        (cut,) = [e for e in first.lost if e.path == "s.i.b"]
        assert (cut.raw, cut.counted, cut.absorbed) == (Decimal(3), Decimal(2), Decimal(1))
        assert first.total == Decimal(0)  # 5 − 5
        assert second.find("s.i.b") is first.find("s.i.b")
        assert len(rules._plan.cuts) == 1
        uncut = rules.evaluate(Evidence("u3", {"a": 0, "b": 3}))
        assert uncut.find("s.i.b").entries[0].counted == Decimal(3)
        assert len(rules._plan.cuts) == 1  # an uncut clause is the remembered outcome

    def test_cut_results_stay_bounded(self) -> None:
        """Thousands of distinct cuts keep the table at its limit; every result stays exact."""
        rules = counted_pair("100", "1", "0.01", capped=True)
        for b in range(1, 6000):
            # a = 99 leaves 1 point for b, which loses 0.01 × b: cut to 1 once b > 100.
            result = rules.evaluate_checked({"a": 99, "b": b}, "u")
            counted = result.find("s.i.b").entries[0].counted
            assert counted == min(Decimal("0.01") * b, Decimal(1))
        assert 0 < len(rules._plan.cuts) <= 4096

    def test_equal_bonus_entries_are_shared_between_award_combinations(self) -> None:
        """Two units with different award lists share the entry for the award they have in common.

        Each award counts up to 2, all awards up to 5: [1] and [1, 1.5] both begin with
        市级表彰 1 counted 1 (reason 受到市级表彰，加1分).
        """
        from assessment_rules.combinators import AwardLevel, Bonus  # noqa: PLC0415

        rules = Rulebook(
            "tiny",
            "示例",
            points="10",
            children=(
                Section("s", "部分", points="10", children=(Item("i", "内容", points="10"),)),
                Bonus("b", "表彰", levels=(AwardLevel("city", "市级表彰", cap="2"),), cap="5"),
            ),
        )
        one = rules.evaluate({"b_city": ["1"]})
        two = rules.evaluate({"b_city": ["1", "1.5"]})
        assert [(e.counted, e.reason) for e in two.gained] == [
            (Decimal(1), "受到市级表彰，加1分"),
            (Decimal("1.5"), "受到市级表彰，加1.5分"),
        ]
        assert two.gained[0] is one.gained[0]
        assert two.total == Decimal("12.5")  # 10 + 1 + 1.5

    def test_two_equal_awards_in_one_unit_are_two_entries(self) -> None:
        """Two equal awards stay two objects, so a policy can cut the second alone.

        Awards [1, 1] at 市级 (each up to 2): 10 + 1 + 1 = 12. ``TotalPolicy(cap=11)``
        lets the total reach 11: the first award counts 1, the second is cut to 0.
        """
        from assessment_rules.combinators import AwardLevel, Bonus, TotalPolicy  # noqa: PLC0415

        rules = Rulebook(
            "tiny",
            "示例",
            points="10",
            children=(
                Section("s", "部分", points="10", children=(Item("i", "内容", points="10"),)),
                Bonus("b", "表彰", levels=(AwardLevel("city", "市级表彰", cap="2"),)),
            ),
            total=TotalPolicy(cap="11"),
        )
        rules.evaluate({"b_city": ["1"]})  # keeps the entry for one award of 1
        result = rules.evaluate({"b_city": ["1", "1"]})
        first, second = result.gained
        assert first is not second
        assert (first.counted, second.counted) == (Decimal(1), Decimal(0))
        assert result.total == Decimal(11)
