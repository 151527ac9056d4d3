"""Cohort ranking agrees with a plain reference ranking, for every ``Ranking`` setting.

The reference reads docs/shapes/policies.md: a unit kept out by the gate is 不参评 and a
unit marked 参评不排名 is not ranked; the others rank within their class (分类排名) by
total, high to low; with ``vetoed="last"`` every unit a veto failed (a clause or score
veto whose effect is ``lowest`` or ``zero``) ranks after every other unit (the failed
ones by total among themselves, their ranks going on from the others'), while a
``bar_top`` or ``grade`` veto limits the grade only and ranks by total; ties share a
rank, ``competition`` (1, 2, 2, 4) counting every unit ahead and ``dense`` (1, 2, 2, 3)
every distinct place ahead.

Cohorts are generated for the worked example's rulebook (``tests/unit/test_policies.py``,
whose vetoes have every effect and whose gate, classes and 参评不排名 are all in use),
with each ranking setting. The mutation "vetoed units ranked first" is caught by
``test_standings_match_the_reference`` (checked by hand, see test_reference.py).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import attrs
from hypothesis import given
from hypothesis import strategies as st

from assessment_rules import Evidence, UnitResult, assess
from assessment_rules.cohorts import Ranking

from ..unit.test_policies import BOOK

unit_facts = st.fixed_dictionaries(
    {
        "hazards": st.integers(0, 6),
        "awards_city": st.lists(st.sampled_from(["1", "2", "3"]), max_size=2),
        "major_accident": st.sampled_from([0, 0, 0, 1]),
        "fire_death": st.sampled_from([0, 0, 0, 1]),
        "injury": st.sampled_from([0, 0, 1]),
        "warning": st.sampled_from([0, 0, 1]),
        "self_check": st.sampled_from([True, True, True, False]),
        "deaths": st.integers(0, 1),
        "death_quota": st.just(1),
        "ranking_group": st.sampled_from(["街道", "镇"]),
        "not_ranked": st.sampled_from([False, False, False, True]),
    }
)
rankings = st.builds(
    Ranking,
    vetoed=st.sampled_from(["last", "by_total"]),
    groups=st.sampled_from([(), ("街道", "镇")]),
    unranked_fact=st.sampled_from(["", "not_ranked"]),
    ties=st.sampled_from(["competition", "dense"]),
)


def reference_standings(
    ranking: Ranking, results: list[UnitResult], values: list[dict[str, Any]]
) -> list[tuple[int | None, str, str]]:
    """Each unit's (rank, class, status), worked out unit by unit from the docs' rules."""

    def group_of(i: int) -> str:
        return str(values[i][ranking.group_fact]) if ranking.groups else ""

    def status_of(i: int) -> str:
        if not results[i].eligible:
            return "ineligible"
        if ranking.unranked_fact and values[i][ranking.unranked_fact]:
            return "unranked"
        return "ranked"

    def place(i: int) -> tuple[int, Decimal]:
        """Sorts high to low: the tier (failed units behind when "last"), then the total."""
        tier = 1 if ranking.vetoed == "last" and _fails(results[i]) else 0
        return (-tier, results[i].total)

    found: list[tuple[int | None, str, str]] = []
    for i in range(len(results)):
        status = status_of(i)
        if status != "ranked":
            found.append((None, group_of(i), status))
            continue
        peers = [j for j in range(len(results)) if status_of(j) == "ranked"]
        peers = [j for j in peers if group_of(j) == group_of(i)]
        ahead = [j for j in peers if place(j) > place(i)]
        if ranking.ties == "competition":
            rank = len(ahead) + 1
        else:
            rank = len({place(j) for j in ahead}) + 1
        found.append((rank, group_of(i), status))
    return found


def _fails(result: UnitResult) -> bool:
    return any(hit.effect in ("lowest", "zero") for hit in result.vetoes)


@given(rankings, st.lists(unit_facts, min_size=1, max_size=8))
def test_standings_match_the_reference(ranking: Ranking, cohort: list[dict[str, Any]]) -> None:
    """Every unit's rank, class and status equal the reference's."""
    book = attrs.evolve(BOOK, ranking=ranking, quota=None)
    cohort = [{k: v for k, v in facts.items() if k in book.facts} for facts in cohort]
    evidences = [Evidence(f"u{n}", facts) for n, facts in enumerate(cohort)]
    assessed = assess(book, evidences)
    results = [assessed.result(f"u{n}") for n in range(len(cohort))]
    want = reference_standings(ranking, results, [dict(facts) for facts in cohort])
    got = [
        (u.rank, u.group, u.status) for u in (assessed.ranked(f"u{n}") for n in range(len(cohort)))
    ]
    assert got == want


@given(st.lists(unit_facts, min_size=2, max_size=8))
def test_failed_units_rank_after_every_other_by_default(cohort: list[dict[str, Any]]) -> None:
    """With the default ranking, a unit a veto failed never ranks at or above another."""
    book = attrs.evolve(BOOK, ranking=Ranking(groups=("街道", "镇"), unranked_fact="not_ranked"))
    assessed = assess(book, [Evidence(f"u{n}", facts) for n, facts in enumerate(cohort)])
    for group in ("街道", "镇"):
        ranked = [u for u in assessed.units if u.ranked and u.group == group]
        failed = {u.result.unit for u in ranked if _fails(u.result)}
        clean = [u.rank for u in ranked if u.result.unit not in failed]
        vetoed = [u.rank for u in ranked if u.result.unit in failed]
        if clean and vetoed:
            assert min(r for r in vetoed if r is not None) > max(r for r in clean if r is not None)
