"""Ranking policies: where vetoed units rank, ranking within classes, units not ranked.

Seed 000 (二、5) ranks a cohort by score, high to low. What the seeds leave open is a
rulebook setting, :class:`Ranking`, declared on the rulebook:

- **vetoed units rank after every unit that is not vetoed** (``vetoed="last"``, the
  default): a vetoed unit shown as 第1名 with 不合格 reads as a defect to everyone.
  Among themselves vetoed units rank by total, and their ranks go on from the last
  unit that is not vetoed (8 units not vetoed, then 9, 10…). ``vetoed="by_total"``
  ranks everyone by total alone;
- **ranking within classes (分类排名)**: with ``groups`` each unit names its class in
  the fact ``group_fact`` (a choice among ``groups``) and is ranked among its class;
- **units assessed but not ranked (参评不排名)**: with ``unranked_fact`` a unit whose
  flag is 是 is scored and graded by its score, but not ranked; it neither counts in
  nor takes a place of the 优秀 quota;
- **the tie rule**: equal totals share a rank, ``competition`` (1, 2, 2, 4, the
  default) or ``dense`` (1, 2, 2, 3).

A unit the eligibility gate kept out (``result.eligible`` false) is never ranked.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any, Final, Literal

import attrs

from ..engine._errors import RulebookError
from ..engine._facts import Fact
from ..engine._node import check_id, got, named_converters, to_texts
from ..engine._repr import code_repr
from ..engine._results import UnitResult

__all__ = ["RANKING_TIES", "VETOED_PLACES", "Ranking", "Standing", "rank_cohort"]

VetoedPlace = Literal["last", "by_total"]
RankingTies = Literal["competition", "dense"]
VETOED_PLACES: Final[tuple[VetoedPlace, ...]] = ("last", "by_total")
RANKING_TIES: Final[tuple[RankingTies, ...]] = ("competition", "dense")

NOT_RANKED: Final = "不排名"
NOT_ASSESSED: Final = "不参评"


def _check_vetoed(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if value not in VETOED_PLACES:
        raise RulebookError(
            "ranking", "vetoed", value, f"must be one of {', '.join(VETOED_PLACES)} {got(value)}"
        )


def _check_ties(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if value not in RANKING_TIES:
        raise RulebookError(
            "ranking", "ties", value, f"must be one of {', '.join(RANKING_TIES)} {got(value)}"
        )


def _check_fact_name(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if value:
        try:
            check_id(instance, attribute, value)
        except RulebookError as error:
            raise RulebookError("ranking", attribute.name, value, error.expectation) from None


@attrs.frozen(repr=False, field_transformer=named_converters)
class Ranking:
    """How a cohort is ranked (a rulebook setting; the default reads as seed 000 does).

    Args:
        vetoed: ``last`` (vetoed units rank after every unit not vetoed, the default)
            or ``by_total``.
        groups: The classes units are ranked within (分类排名), e.g. ``("街道", "镇")``;
            empty for one ranking of the whole cohort.
        group_fact: The choice fact naming a unit's class (read when ``groups`` is set).
        unranked_fact: The flag fact marking a unit 参评不排名, or ``""`` for none.
        ties: ``competition`` (1, 2, 2, 4, the default) or ``dense`` (1, 2, 2, 3).
        text: The rule as printed.
        source: Where it comes from.

    >>> Ranking(groups=("街道", "镇"), unranked_fact="not_ranked")
    Ranking(groups=('街道', '镇'), unranked_fact='not_ranked')
    >>> Ranking().describe()
    '按总分从高到低排名，同分并列（1、2、2、4）；被一票否决的单位排在未被否决的单位之后'
    """

    vetoed: VetoedPlace = attrs.field(default="last", validator=_check_vetoed)
    groups: tuple[str, ...] = attrs.field(default=(), converter=to_texts)
    group_fact: str = attrs.field(default="ranking_group", validator=_check_fact_name)
    unranked_fact: str = attrs.field(default="", validator=_check_fact_name)
    ties: RankingTies = attrs.field(default="competition", validator=_check_ties)
    text: str = ""
    source: str = ""

    def __attrs_post_init__(self) -> None:
        if len(set(self.groups)) != len(self.groups) or any(not g.strip() for g in self.groups):
            raise RulebookError("ranking", "groups", self.groups, "must be unique non-empty texts")
        if self.groups and not self.group_fact:
            raise RulebookError("ranking", "group_fact", "", "must name the class fact")
        if self.unranked_fact and self.unranked_fact == self.group_fact and self.groups:
            raise RulebookError(
                "ranking", "unranked_fact", self.unranked_fact, "must differ from group_fact"
            )

    def __repr__(self) -> str:
        return code_repr(self)

    def facts(self) -> tuple[Fact, ...]:
        """The facts the ranking reads from each unit's evidence."""
        found: list[Fact] = []
        if self.groups:
            found.append(
                Fact(
                    self.group_fact,
                    "排名类别（分类排名）",
                    kind="choice",
                    choices=self.groups,
                    help="本单位参加哪一类排名",
                )
            )
        if self.unranked_fact:
            found.append(
                Fact(
                    self.unranked_fact,
                    "参评不排名",
                    kind="flag",
                    default=False,
                    help="参加考核、评定等次，但不参加排名的填“是”",
                )
            )
        return tuple(found)

    def describe(self) -> str:
        """The policy in Chinese, for the docs and the ranking sheet."""
        if self.text:
            return self.text
        ties = "（1、2、2、4）" if self.ties == "competition" else "（1、2、2、3）"
        parts = [f"按总分从高到低排名，同分并列{ties}"]
        if self.vetoed == "last":
            parts.append("被一票否决的单位排在未被否决的单位之后")
        else:
            parts.append("被一票否决的单位按总分参加排名")
        if self.groups:
            parts.append(f"分类排名（{'、'.join(self.groups)}）")
        if self.unranked_fact:
            parts.append("参评不排名的单位只评定等次，不参加排名")
        return "；".join(parts)


@attrs.frozen
class Standing:
    """Where one unit stands in the cohort's ranking.

    Attributes:
        rank: Its rank in its class (or the cohort), or ``None`` when not ranked.
        group: Its class (分类排名), or ``""``.
        status: ``ranked``, ``unranked`` (参评不排名) or ``ineligible`` (不参评).
    """

    rank: int | None
    group: str = ""
    status: Literal["ranked", "unranked", "ineligible"] = "ranked"


def _ranks(totals: Sequence[Decimal], ties: str) -> list[int]:
    ordered = sorted(set(totals), reverse=True)
    if ties == "dense":
        dense = {total: n for n, total in enumerate(ordered, start=1)}
        return [dense[total] for total in totals]
    everything = sorted(totals, reverse=True)
    first: dict[Decimal, int] = {}
    for position, total in enumerate(everything, start=1):
        first.setdefault(total, position)
    return [first[total] for total in totals]


def rank_cohort(
    ranking: Ranking, results: Sequence[UnitResult], values: Sequence[Mapping[str, Any]]
) -> tuple[list[Standing], list[int]]:
    """Rank *results* by *ranking*; return each unit's standing and the display order.

    The order lists classes in the order of ``groups``, within each the ranked units by
    rank (ties in evidence order), then the units not ranked (参评不排名, by total), then
    those the gate kept out (不参评), each in evidence order.

    >>> from assessment_rules.engine._results import NodeResult
    >>> def unit(u, total, vetoed=False):
    ...     root = NodeResult("", "r", "r", "rulebook", Decimal(100), Decimal(total),
    ...                       Decimal(0), Decimal(0))
    ...     return UnitResult(u, u, "b", Decimal(100), Decimal(total), Decimal(total),
    ...                       "", vetoed, (), root)
    >>> cohort = [unit("a", "95", vetoed=True), unit("b", "90"), unit("c", "80")]
    >>> standings, order = rank_cohort(Ranking(), cohort, [{}, {}, {}])
    >>> [s.rank for s in standings], order
    ([3, 1, 2], [1, 2, 0])
    """
    count = len(results)
    standings: list[Standing] = [Standing(None)] * count
    groups: dict[str, list[int]] = {group: [] for group in ranking.groups} or {"": []}
    unranked: list[int] = []
    ineligible: list[int] = []
    for i, (result, facts) in enumerate(zip(results, values, strict=True)):
        group = str(facts.get(ranking.group_fact, "")) if ranking.groups else ""
        if not result.eligible:
            standings[i] = Standing(None, group, "ineligible")
            ineligible.append(i)
        elif ranking.unranked_fact and facts.get(ranking.unranked_fact):
            standings[i] = Standing(None, group, "unranked")
            unranked.append(i)
        else:
            groups.setdefault(group, []).append(i)
    order: list[int] = []
    for group, members in groups.items():
        tiers = [members]
        if ranking.vetoed == "last":
            tiers = [
                [i for i in members if not results[i].vetoed],
                [i for i in members if results[i].vetoed],
            ]
        offset = 0
        for tier in tiers:
            ranks = _ranks([results[i].total for i in tier], ranking.ties)
            for i, rank in zip(tier, ranks, strict=True):
                standings[i] = Standing(rank + offset, group)
            order.extend(sorted(tier, key=lambda i: (standings[i].rank, i)))
            if tier:
                offset += len(tier) if ranking.ties == "competition" else max(ranks)
    order.extend(sorted(unranked, key=lambda i: (-results[i].total, i)))
    order.extend(ineligible)
    assert len(order) == count
    return standings, order
