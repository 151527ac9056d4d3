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
from typing import TYPE_CHECKING, Any

import attrs

from ..engine._evidence import Evidence
from ..engine._results import UnitResult
from ._quota import QuotaCandidate, QuotaDecision, QuotaOutcome, allocate_places
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
        rank: Competition rank by total (1, 2, 2, 4).
        result: The unit's scored result (``result.grade`` is the grade by score).
        grade: The final grade after the cohort's quota (by default the score's grade).
        quota: What the quota did to this unit, or ``None`` when no quota applies.
    """

    rank: int
    result: UnitResult
    grade: str = attrs.field(default=attrs.Factory(_score_grade, takes_self=True))
    quota: QuotaDecision | None = None

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
    ranks = competition_ranks([result.total for result in results])
    order = sorted(range(len(results)), key=lambda i: (ranks[i], i))
    units = tuple(RankedUnit(ranks[i], results[i]) for i in order)
    titles = tuple(band.title for band in rulebook.grades)
    if rulebook.quota is None or not units:
        return Cohort(rulebook.id, units, None, titles)
    candidates = [
        QuotaCandidate(u.result.unit, u.result.total, u.rank, u.result.grade, u.result.vetoed)
        for u in units
    ]
    decisions, outcome = allocate_places(rulebook.quota, rulebook.grades, candidates)
    graded = tuple(
        RankedUnit(u.rank, u.result, decision.grade, decision)
        for u, decision in zip(units, decisions, strict=True)
    )
    return Cohort(rulebook.id, graded, outcome, titles)
