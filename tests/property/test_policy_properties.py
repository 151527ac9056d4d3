"""Invariants of the final step (veto effects, the total's policy, the gate) and ranking.

Units are generated for the worked example's rulebook (tests/unit/test_policies.py,
docs/shapes/policies.md), whose policy exercises every variant, and for variants of it
with other total policies.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import attrs
from hypothesis import given
from hypothesis import strategies as st

from assessment_rules import Evidence, UnitResult, assess
from assessment_rules.combinators import TotalPolicy

from ..unit.test_policies import BOOK

TITLES = [band.title for band in BOOK.grades]

awards = st.lists(st.sampled_from(["0.5", "1", "2", "3", "4"]), max_size=3)
facts = st.fixed_dictionaries(
    {
        "hazards": st.integers(0, 25),
        "awards_city": awards,
        "major_accident": st.integers(0, 1),
        "fire_death": st.integers(0, 1),
        "injury": st.integers(0, 1),
        "warning": st.integers(0, 1),
        "self_check": st.booleans(),
        "deaths": st.integers(0, 3),
        "death_quota": st.integers(0, 3),
        "ranking_group": st.sampled_from(["街道", "镇"]),
        "not_ranked": st.booleans(),
    }
)
policies = st.builds(
    TotalPolicy,
    above_full=st.booleans(),
    cap=st.none() | st.sampled_from(["100", "102", "105"]),
    bonus_cap=st.none() | st.sampled_from(["0", "1.5", "4"]),
)
CLEAR = {"major_accident": 0, "fire_death": 0, "injury": 0, "warning": 0}


def _failed(result: UnitResult) -> bool:
    """Whether a veto failed the year: the effects that rank a unit last."""
    return any(hit.effect in ("lowest", "zero") for hit in result.vetoes)


def _balanced(result: UnitResult) -> bool:
    return all(node.score == node.max - node.lost + node.gained for node in result.root.walk())


class TestFinalStep:
    @given(facts, policies)
    def test_ledger_balances_at_every_node(
        self, values: dict[str, Any], policy: TotalPolicy
    ) -> None:
        """max − lost + gained == score at every node, whatever the policy cut."""
        book = attrs.evolve(BOOK, total=policy)
        assert _balanced(book.evaluate(values))

    @given(facts, policies)
    def test_total_respects_the_policy(self, values: dict[str, Any], policy: TotalPolicy) -> None:
        """The total never passes the policy's ceiling nor base + bonus_cap, nor goes below base."""
        book = attrs.evolve(BOOK, total=policy)
        result = book.evaluate(values)
        if not result.eligible or any(v.effect == "zero" for v in result.vetoes):
            assert result.total == 0
            return
        ceiling = policy.ceiling(book.points)
        if ceiling is not None:
            assert result.total <= max(ceiling, result.base)
        if policy.bonus_cap is not None:
            assert result.total - result.base <= policy.bonus_cap
        assert result.total >= result.base

    @given(facts)
    def test_a_veto_never_raises_the_grade(self, values: dict[str, Any]) -> None:
        """The grade with vetoes is never above the grade of the same unit without them."""
        vetoed = BOOK.evaluate(values)
        clear = BOOK.evaluate({**values, **CLEAR})
        if vetoed.eligible:
            assert TITLES.index(vetoed.grade) >= TITLES.index(clear.grade)
            assert vetoed.root == clear.root  # vetoes leave the tree as computed

    @given(facts, st.integers(0, 5))
    def test_more_hazards_never_raise_the_total(self, values: dict[str, Any], more: int) -> None:
        """Monotonic: a unit with more lapses totals no more."""
        fewer = BOOK.evaluate(values)
        worse = BOOK.evaluate({**values, "hazards": values["hazards"] + more})
        assert worse.total <= fewer.total

    @given(facts)
    def test_deterministic(self, values: dict[str, Any]) -> None:
        """The same evidence gives the same result."""
        assert BOOK.evaluate(values) == BOOK.evaluate(dict(values))

    @given(facts)
    def test_gate(self, values: dict[str, Any]) -> None:
        """A unit is scored exactly when it meets every condition; else 不参评 with reasons."""
        result = BOOK.evaluate(values)
        meets = values["self_check"] and values["deaths"] <= values["death_quota"]
        assert result.eligible == meets
        if not meets:
            assert (result.total, result.grade, result.entries) == (Decimal(0), "不参评", ())
            assert result.reasons and all(r.startswith("不符合申报条件") for r in result.reasons)


class TestRanking:
    @given(st.lists(facts, min_size=1, max_size=12))
    def test_failed_after_others_within_each_class(self, units: list[dict[str, Any]]) -> None:
        """In each class, ranks start at 1, units a veto failed (effect lowest or zero)
        rank after the rest (a bar_top or grade veto ranks by total), and only eligible
        units not marked 参评不排名 have a rank."""
        cohort = assess(BOOK, [Evidence(f"u{n}", facts) for n, facts in enumerate(units)])
        for ranked, values in ((u, units[int(u.result.unit[1:])]) for u in cohort.units):
            expected = ranked.result.eligible and not values["not_ranked"]
            assert ranked.ranked == expected
            assert ranked.group == values["ranking_group"]
        for group in ("街道", "镇"):
            members = [u for u in cohort.units if u.ranked and u.group == group]
            if not members:
                continue
            assert min(u.rank or 0 for u in members) == 1
            clean = [u.rank or 0 for u in members if not _failed(u.result)]
            failed = [u.rank or 0 for u in members if _failed(u.result)]
            if clean and failed:
                assert min(failed) > max(clean)
            # Within a tier, higher totals never rank below lower ones.
            for tier in (True, False):
                ordered = [u for u in members if _failed(u.result) is tier]
                for a in ordered:
                    for b in ordered:
                        if a.result.total > b.result.total:
                            assert (a.rank or 0) < (b.rank or 0)
