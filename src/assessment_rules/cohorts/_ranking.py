"""Ranking policies: where vetoed units rank, ranking within classes, units not ranked.

Seed 000 (二、5) ranks a cohort by score, high to low. What the seeds leave open is a
rulebook setting, :class:`Ranking`, declared on the rulebook:

- **a unit whose veto fails the year ranks after every other unit**
  (``vetoed="last"``, the default): a failed unit shown as 第1名 reads as a defect to
  everyone. A veto fails the year when its effect is ``lowest`` (不合格, the default)
  or ``zero`` (the total becomes 0); a score veto (得分低于80分的…) fails it the same
  way. Among themselves such units rank by total, and their ranks go on from the last
  unit not failed (8 units, then 9, 10…). A veto that only bars the top grade
  (``bar_top``, 否优项) or sets a band (``grade``) leaves the unit ranked by its total
  among the others: it limits the grade, not the place. ``vetoed="by_total"`` ranks
  everyone by total alone;
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

from ..engine._arguments import friendly_arguments
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


@friendly_arguments
@attrs.frozen(repr=False, field_transformer=named_converters)
class Ranking:
    """How a cohort is ranked (a rulebook setting; the default reads as seed 000 does).

    Args:
        vetoed: ``last`` (the default: a unit with a veto whose effect is ``lowest`` or
            ``zero``, clause or score veto, ranks after every other unit; a
            ``bar_top`` or ``grade`` veto ranks by total) or ``by_total`` (every unit by
            total).
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
    '按总分从高到低排名，同分并列（1、2、2、4）；被一票否决为不合格（或总分计0分）的单位排在其他单位之后，否优项等只限定等次的否决不影响排名'
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
            parts.append(
                "被一票否决为不合格（或总分计0分）的单位排在其他单位之后，"
                "否优项等只限定等次的否决不影响排名"
            )
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


FAILING_EFFECTS: Final = frozenset({"lowest", "zero"})
"""Veto effects that fail the year: a unit with one ranks last under ``vetoed="last"``."""


def fails_year(result: UnitResult) -> bool:
    """Whether a veto failed the unit's year (effect ``lowest`` or ``zero``).

    A ``bar_top`` (否优项) or ``grade`` veto limits the grade only, so it does not
    move the unit to the end of the ranking.
    """
    return any(hit.effect in FAILING_EFFECTS for hit in result.vetoes)


def rank_cohort(
    ranking: Ranking, results: Sequence[UnitResult], values: Sequence[Mapping[str, Any]]
) -> tuple[list[Standing], list[int]]:
    """Rank *results* by *ranking*; return each unit's standing and the display order.

    The order lists classes in the order of ``groups``, within each the ranked units by
    rank (ties in evidence order), then the units not ranked (参评不排名, by total), then
    those the gate kept out (不参评), each in evidence order. Under ``vetoed="last"``
    the units a veto failed (:func:`fails_year`) rank after the others of their class.

    >>> from assessment_rules.engine._results import NodeResult, VetoHit
    >>> def unit(u, total, effect=""):
    ...     root = NodeResult("", "r", "r", "rulebook", Decimal(100), Decimal(total),
    ...                       Decimal(0), Decimal(0))
    ...     hits = (VetoHit("v", "否决", "一票否决", effect=effect),) if effect else ()
    ...     return UnitResult(u, u, "b", Decimal(100), Decimal(total), Decimal(total),
    ...                       "", bool(hits), hits, root)
    >>> cohort = [unit("a", "95", "lowest"), unit("b", "90"), unit("c", "80"),
    ...           unit("d", "85", "bar_top")]
    >>> standings, order = rank_cohort(Ranking(), cohort, [{}, {}, {}, {}])
    >>> [s.rank for s in standings], order
    ([4, 1, 3, 2], [1, 3, 2, 0])
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
                [i for i in members if not fails_year(results[i])],
                [i for i in members if fails_year(results[i])],
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
