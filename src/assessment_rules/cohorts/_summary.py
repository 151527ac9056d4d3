"""A cohort at a glance: grade distribution, mean and median, where points were lost.

Seed 000 (二、5) asks for results ranked high to low with the reason for every lost
point; the district office also reads where the cohort as a whole lost most points.
Everything here is computed from the results, exactly: the median of decimals is
exact, and so is the mean whenever it terminates (a cohort of 10 or 20 units always
does); otherwise the mean is given half up to 4 places and ``mean_exact`` says so.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal, Inexact, localcontext

import attrs

from ..engine._numbers import ZERO, divide_rounded
from ..engine._results import UnitResult

__all__ = ["ClauseLoss", "CohortSummary", "summarize"]

MEAN_PLACES = 4


@attrs.frozen
class ClauseLoss:
    """Points the whole cohort lost on one clause.

    Attributes:
        path: The clause's dotted path.
        title: The clause's title.
        points: Σ counted deductions on this clause over the cohort.
        units: How many units lost points on it.
        source: The clause's source reference.
    """

    path: str
    title: str
    points: Decimal
    units: int
    source: str = ""


@attrs.frozen
class CohortSummary:
    """Figures for a scored cohort.

    Attributes:
        size: Number of units.
        grades: ``(grade, count)`` for every grade band, highest first, after the quota.
        mean: The mean total (exact when it terminates; see ``mean_exact``).
        mean_exact: Whether ``mean`` is exact (else half up to 4 places).
        median: The median total (exact).
        highest: The highest total.
        lowest: The lowest total.
        vetoed: Number of vetoed units.
        losses: Every clause where the cohort lost points, most points first.
    """

    size: int
    grades: tuple[tuple[str, int], ...]
    mean: Decimal
    mean_exact: bool
    median: Decimal
    highest: Decimal
    lowest: Decimal
    vetoed: int
    losses: tuple[ClauseLoss, ...]

    def top_losses(self, count: int = 5) -> tuple[ClauseLoss, ...]:
        """The *count* clauses where the cohort lost most points."""
        return self.losses[:count]


def _mean(totals: Sequence[Decimal]) -> tuple[Decimal, bool]:
    whole = sum(totals, ZERO)
    with localcontext() as context:
        context.prec = 60
        context.traps[Inexact] = True
        try:
            return whole / len(totals), True
        except Inexact:
            pass
    return divide_rounded(whole, Decimal(len(totals)), MEAN_PLACES), False


def _median(totals: Sequence[Decimal]) -> Decimal:
    ordered = sorted(totals)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    # Halving a finite decimal always terminates, so this stays exact.
    return (ordered[middle - 1] + ordered[middle]) / 2


def summarize(
    results: Sequence[UnitResult], grades: Sequence[str], grade_titles: Sequence[str] = ()
) -> CohortSummary:
    """Summarise scored units.

    Args:
        results: The units' results.
        grades: Each unit's final grade (after any quota), in the same order.
        grade_titles: The rulebook's grades, highest first (all are listed, even at 0).

    Returns:
        The summary.

    Raises:
        ValueError: No results, or *grades* of another length.

    >>> from assessment_rules import Deduct, Item, Rulebook, Section
    >>> book = Rulebook("tiny", "示例", points="10", children=(
    ...     Section("org", "组织领导", points="10", children=(
    ...         Item("plan", "年度计划", points="10", children=(
    ...             Deduct("no_plan", "未制定年度计划", rate="2"),)),)),))
    >>> results = [book.evaluate({"no_plan": flag}) for flag in (True, False, True)]
    >>> summary = summarize(results, [r.grade for r in results], ("优秀", "良好", "合格", "不合格"))
    >>> summary.mean, summary.mean_exact, summary.median, summary.losses[0].points
    (Decimal('8.6667'), False, Decimal('8'), Decimal('4'))
    """
    if not results:
        raise ValueError("cannot summarise an empty cohort")
    if len(grades) != len(results):
        raise ValueError("give one final grade per result")
    totals = [result.total for result in results]
    counts: dict[str, int] = dict.fromkeys(grade_titles, 0)
    for grade in grades:
        counts[grade] = counts.get(grade, 0) + 1
    first: dict[str, tuple[str, str]] = {}
    points: dict[str, Decimal] = {}
    units: dict[str, int] = {}
    for result in results:
        for entry in result.lost:
            if entry.counted <= 0:
                continue
            first.setdefault(entry.path, (entry.title, entry.source))
            points[entry.path] = points.get(entry.path, ZERO) + entry.counted
            units[entry.path] = units.get(entry.path, 0) + 1
    # ``first`` is in order of first appearance and the sort is stable, so equal
    # losses keep that order without a third key.
    ranked = sorted(
        (
            ClauseLoss(path, title, points[path], units[path], source)
            for path, (title, source) in first.items()
        ),
        key=lambda loss: (-loss.points, -loss.units),
    )
    mean, exact = _mean(totals)
    return CohortSummary(
        len(results),
        tuple(counts.items()),
        mean,
        exact,
        _median(totals),
        max(totals),
        min(totals),
        sum(1 for result in results if result.vetoed),
        tuple(ranked),
    )
