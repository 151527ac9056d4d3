"""Cohorts: score many units with one rulebook, rank them high to low, apply the quota.

Seed 000 (普安委〔2024〕8号 二、5): 采取百分制计分，按照得分从高到低排序，并注明失分
原因。优秀比例控制在30%左右. Ranking is by total, equal totals sharing a rank
(1, 2, 2, 4); the grade comes from the score, then the rulebook's
:class:`~assessment_rules.ExcellentQuota` (if declared) may move units from 优秀 to the
next grade, each with its reason. A vetoed unit never takes an 优秀 place.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal

import attrs

from ..engine._evidence import Evidence
from ..engine._results import UnitResult
from ._quota import (
    QuotaCandidate,
    QuotaDecision,
    QuotaOutcome,
    allocate_places,
    merge_outcomes,
)
from ._ranking import NOT_ASSESSED, NOT_RANKED, rank_cohort
from ._summary import CohortSummary, summarize

if TYPE_CHECKING:
    from ..engine._rulebook import Rulebook

__all__ = ["Cohort", "RankedUnit", "assess", "assess_checked", "competition_ranks"]


def competition_ranks(totals: Sequence[Decimal]) -> list[int]:
    """Rank *totals* high to low; equal totals share a rank (1, 2, 2, 4).

    Returns the rank of each total in the order given.

    >>> competition_ranks([Decimal("90"), Decimal("95"), Decimal("90"), Decimal("80")])
    [2, 1, 2, 4]
    """
    ordered = sorted(totals, reverse=True)
    first: dict[Decimal, int] = {}
    for position, total in enumerate(ordered, start=1):
        first.setdefault(total, position)
    return [first[total] for total in totals]


def _score_grade(ranked: RankedUnit) -> str:
    return ranked.result.grade


@attrs.frozen
class RankedUnit:
    """A unit's result with its rank and its final grade in the cohort.

    Attributes:
        rank: Competition rank by total (1, 2, 2, 4) within its class, vetoed units
            after the others (see :class:`~assessment_rules.cohorts.Ranking`); ``None``
            for a unit not ranked (参评不排名, or kept out by the eligibility gate).
        result: The unit's scored result (``result.grade`` is the grade by score).
        grade: The final grade after the cohort's quota (by default the score's grade).
        quota: What the quota did to this unit, or ``None`` when no quota applies.
        group: The unit's class when the cohort is ranked within classes (分类排名).
        status: ``ranked``, ``unranked`` (参评不排名) or ``ineligible`` (不参评).
    """

    rank: int | None
    result: UnitResult
    grade: str = attrs.field(default=attrs.Factory(_score_grade, takes_self=True))
    quota: QuotaDecision | None = None
    group: str = ""
    status: Literal["ranked", "unranked", "ineligible"] = "ranked"

    @property
    def ranked(self) -> bool:
        """Whether the unit has a rank."""
        return self.rank is not None

    @property
    def rank_text(self) -> str:
        """The rank as a ranking sheet prints it: ``3``, ``不排名`` or ``不参评``.

        >>> from assessment_rules import load_rulebook
        >>> book = load_rulebook("wujin-2021-departments")
        >>> facts = {name: fact.example_value() for name, fact in book.facts.items()}
        >>> RankedUnit(None, book.evaluate(facts), status="unranked").rank_text
        '不排名'
        """
        if self.rank is not None:
            return str(self.rank)
        return NOT_ASSESSED if self.status == "ineligible" else NOT_RANKED

    @property
    def moved(self) -> bool:
        """Whether the quota moved this unit down from 优秀."""
        return self.quota is not None and self.quota.moved

    @property
    def reasons(self) -> tuple[str, ...]:
        """The 失分原因 lines (vetoes first), as in ``result.reasons``."""
        return self.result.reasons

    @property
    def grade_note(self) -> str:
        """Why the final grade differs from the score's grade, or a tie kept it ("")."""
        return self.quota.note if self.quota is not None else ""


@attrs.frozen
class Cohort:
    """A scored cohort, ranked high to low (ties keep the evidence order).

    Attributes:
        rulebook: The rulebook id.
        units: The ranked units.
        quota: The quota's outcome, or ``None`` when the rulebook declares no quota.
        grade_titles: The rulebook's grades, highest first (for the distribution).
    """

    rulebook: str
    units: tuple[RankedUnit, ...]
    quota: QuotaOutcome | None = None
    grade_titles: tuple[str, ...] = ()

    def __len__(self) -> int:
        return len(self.units)

    def result(self, unit: str) -> UnitResult:
        """Return the result of the unit with id *unit*.

        Raises:
            KeyError: No such unit.
        """
        return self.ranked(unit).result

    def ranked(self, unit: str) -> RankedUnit:
        """Return the ranked entry (rank, final grade, quota note) of unit *unit*.

        Raises:
            KeyError: No such unit.
        """
        for ranked in self.units:
            if ranked.result.unit == unit:
                return ranked
        raise KeyError(unit)

    @property
    def summary(self) -> CohortSummary:
        """Grade distribution, mean and median, and where the cohort lost most points.

        Raises:
            ValueError: The cohort is empty.
        """
        return summarize(
            [ranked.result for ranked in self.units],
            [ranked.grade for ranked in self.units],
            self.grade_titles,
        )


def assess(rulebook: Rulebook, evidences: Iterable[Evidence]) -> Cohort:
    """Validate every unit first, then score, rank and grade them all.

    Nothing is scored when any unit's evidence is wrong: the ``EvidenceError`` lists
    every problem of every unit. When the rulebook declares a ``quota``, units graded
    优秀 beyond the places move one grade down, each with its reason.

    Args:
        rulebook: The rulebook.
        evidences: One ``Evidence`` per unit; unit ids must be unique.

    Returns:
        The ranked cohort.

    Raises:
        EvidenceError: Any unit's evidence does not fit the rulebook.

    >>> from assessment_rules import load_rulebook
    >>> book = load_rulebook("putuo-2020-streets")
    >>> assess(book, []).units
    ()
    """
    batch = list(evidences)
    return assess_checked(rulebook, batch, rulebook.check_all(batch))


def assess_checked(
    rulebook: Rulebook, evidences: Sequence[Evidence], checked: Sequence[Mapping[str, Any]]
) -> Cohort:
    """Score, rank and grade units whose values :meth:`Rulebook.check_all` returned.

    For callers that validate first (a year's quarters are all checked before any is
    scored), so the evidence is not validated twice.
    """
    results = [
        rulebook.evaluate_checked(values, evidence.unit, evidence.name)
        for evidence, values in zip(evidences, checked, strict=True)
    ]
    ranking = rulebook.ranking
    standings, order = rank_cohort(ranking, results, checked)
    units = tuple(
        RankedUnit(
            standings[i].rank, results[i], group=standings[i].group, status=standings[i].status
        )
        for i in order
    )
    titles = tuple(band.title for band in rulebook.grades)
    quota = rulebook.quota
    if quota is None or not units:
        return Cohort(rulebook.id, units, None, titles)
    # The quota's pools: the ranked units of each class, or all of them ranked as one.
    ranked = [n for n, u in enumerate(units) if u.ranked]
    pools: list[tuple[str, list[int]]]
    if quota.scope == "group":
        pools = [(g, [n for n in ranked if units[n].group == g]) for g in ranking.groups]
        pool_ranks = {n: units[n].rank or 0 for n in ranked}
    elif ranking.groups:  # classes ranked apart, the quota over them all
        whole = attrs.evolve(ranking, groups=(), unranked_fact="")
        overall, overall_order = rank_cohort(
            whole, [units[n].result for n in ranked], [{} for _ in ranked]
        )
        pools = [("", [ranked[k] for k in overall_order])]
        pool_ranks = {ranked[k]: standing.rank or 0 for k, standing in enumerate(overall)}
    else:
        pools = [("", ranked)]
        pool_ranks = {n: units[n].rank or 0 for n in ranked}
    decisions: dict[int, QuotaDecision] = {}
    outcomes: list[tuple[str, QuotaOutcome]] = []
    for group, pool in pools:
        if not pool:
            continue
        candidates = [
            QuotaCandidate(
                units[n].result.unit,
                units[n].result.total,
                pool_ranks[n],
                units[n].result.grade,
                units[n].result.vetoed,
            )
            for n in pool
        ]
        found, outcome = allocate_places(quota, rulebook.grades, candidates)
        decisions.update(zip(pool, found, strict=True))
        outcomes.append((group, outcome))
    graded = tuple(
        attrs.evolve(u, grade=decisions[n].grade, quota=decisions[n]) if n in decisions else u
        for n, u in enumerate(units)
    )
    if not outcomes:
        return Cohort(rulebook.id, graded, None, titles)
    merged = (
        outcomes[0][1] if len(outcomes) == 1 and not outcomes[0][0] else merge_outcomes(outcomes)
    )
    return Cohort(rulebook.id, graded, merged, titles)
