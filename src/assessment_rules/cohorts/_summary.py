"""A cohort at a glance: grade distribution, mean and median, where points were lost.

Seed 000 (二、5) asks for results ranked high to low with the reason for every lost
point; the district office also reads where the cohort as a whole lost most points.
Everything here is computed from the results, exactly: the median of decimals is
exact, and so is the mean whenever it terminates in 2 places; otherwise the mean is
given half up to 2 places, as every score on a sheet, and ``mean_exact`` says so (the
screen and the JSON give the same figure).

Which units count: the figures (size, mean, median, highest, lowest) are over the
units **assessed**. A unit the eligibility gate kept out (不参评) has no score, only
a placeholder 0, so it is left out and counted in ``not_assessed``. A vetoed unit was
assessed and its total is the one published (0 after a ``zero`` veto), so it counts
like any other; ``vetoed`` says how many there are and the summary line says they
are included.

Where points were lost (``losses``) counts what each clause cost the totals: a
deduction inside a converted part (``Rescaled``, 按70分制评分折算为30分) is counted
converted, as the total felt it (5 points on the part's 70 are 5 × 30 ÷ 70 = 2.14 of
the total), with its points on the part's own scale kept beside it (``raw_points``),
so clauses inside and outside converted parts add up on one scale.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal, Inexact, localcontext
from fractions import Fraction

import attrs

from ..engine._numbers import ZERO, divide_rounded
from ..engine._results import LedgerEntry, NodeResult, UnitResult

__all__ = ["ClauseLoss", "CohortSummary", "summarize"]

MEAN_PLACES = 2


@attrs.frozen
class ClauseLoss:
    """Points the whole cohort lost on one clause.

    Attributes:
        path: The clause's dotted path.
        title: The clause's title.
        points: What the clause cost the cohort's totals: Σ its counted deductions,
            each converted by every converted part (``Rescaled``) it sits in; exact,
            or half up to 2 places when a conversion does not terminate.
        units: How many units lost points on it.
        source: The clause's source reference.
        raw_points: For a clause inside a converted part, Σ its counted deductions on
            the part's own scale (原表), before conversion; else ``None``.
    """

    path: str
    title: str
    points: Decimal
    units: int
    source: str = ""
    raw_points: Decimal | None = None


@attrs.frozen
class CohortSummary:
    """Figures for a scored cohort.

    Attributes:
        size: Number of units assessed (the gate's 不参评 units left out).
        grades: ``(grade, count)`` for every grade band, highest first, after the quota
            (then ``不参评`` when the gate kept any unit out).
        mean: The mean total of the units assessed, vetoed ones included (exact when
            it has at most 2 decimal places, else half up to 2; see ``mean_exact``);
            0 when no unit was assessed.
        mean_exact: Whether ``mean`` is exact (else half up to 2 places).
        median: The median total of the units assessed (exact; 0 when none).
        highest: The highest total of the units assessed (0 when none).
        lowest: The lowest total of the units assessed (0 when none).
        vetoed: Number of vetoed units (all assessed, all in the figures).
        losses: Every clause where the cohort lost points, most points first.
        not_assessed: Number of units the eligibility gate kept out (不参评), not in
            ``size`` nor in any figure.
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
    not_assessed: int = 0

    def top_losses(self, count: int = 5) -> tuple[ClauseLoss, ...]:
        """The *count* clauses where the cohort lost most points."""
        return self.losses[:count]


def _mean(totals: Sequence[Decimal]) -> tuple[Decimal, bool]:
    if not totals:
        return ZERO, True
    whole = sum(totals, ZERO)
    with localcontext() as context:
        context.prec = 60
        context.traps[Inexact] = True
        try:
            exact = whole / len(totals)
        except Inexact:
            exact = None
    if exact is not None:
        exponent = exact.as_tuple().exponent
        if isinstance(exponent, int) and -exponent <= MEAN_PLACES:
            return exact, True
    return divide_rounded(whole, Decimal(len(totals)), MEAN_PLACES), False


def _median(totals: Sequence[Decimal]) -> Decimal:
    if not totals:
        return ZERO
    ordered = sorted(totals)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    # Halving a finite decimal always terminates, so this stays exact.
    return (ordered[middle - 1] + ordered[middle]) / 2


def _converted_parts(root: NodeResult) -> list[tuple[str, Fraction]]:
    """Each converted part of a result with what one point on its own scale is worth
    on the scale around it (``max / raw_max``)."""
    return [
        (node.path, Fraction(node.max) / Fraction(node.raw_max))
        for node in root.walk()
        if node.raw_max is not None and node.raw_max > 0 and node.path
    ]


def _decimal(value: Fraction) -> Decimal:
    """*value* exactly when it terminates within 2 places, else half up to 2 places."""
    exact = divide_rounded(Decimal(value.numerator), Decimal(value.denominator), MEAN_PLACES)
    if Fraction(exact) == value:
        return exact.normalize() if exact != exact.to_integral_value() else exact.quantize(1)
    return exact


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
    (Decimal('8.67'), False, Decimal('8'), Decimal('4'))
    """
    if not results:
        raise ValueError("cannot summarise an empty cohort")
    if len(grades) != len(results):
        raise ValueError("give one final grade per result")
    # 不参评 units have no score (their 0 is a placeholder): not in the figures.
    totals = [result.total for result in results if result.eligible]
    counts: dict[str, int] = dict.fromkeys(grade_titles, 0)
    for grade in grades:
        counts[grade] = counts.get(grade, 0) + 1
    first: dict[str, tuple[str, str]] = {}
    raw: dict[str, Decimal] = {}
    cost: dict[str, Fraction] = {}
    plain: dict[tuple[str, Decimal], int] = {}
    converted: set[str] = set()
    units: dict[str, int] = {}
    converting: dict[str, bool] = {}  # by rulebook: has it converted parts at all?
    # Entries outside converted parts, by identity, with how many units list them: the
    # evaluator shares equal entries between units, so each is tallied once per unit
    # here and added up once at the end (the same exact sums).
    shared: dict[int, tuple[LedgerEntry, list[int]]] = {}
    for result in results:
        # The result tree mirrors the rule tree, so one unit tells whether a rulebook
        # converts; the others of a rulebook without converted parts are not walked.
        parts = _converted_parts(result.root) if converting.get(result.rulebook, True) else []
        if result.root.children:
            converting.setdefault(result.rulebook, bool(parts))
        if not parts:
            for entry in result.root.entries:
                if entry.kind != "deduction" or entry.counted <= 0:
                    continue
                known = shared.get(id(entry))
                if known is None:
                    shared[id(entry)] = (entry, [1])
                    # ``first`` keeps the order in which paths first appear.
                    first.setdefault(entry.path, (entry.title, entry.source))
                else:
                    known[1][0] += 1
            continue
        for entry in result.lost:
            if entry.counted <= 0:
                continue
            first.setdefault(entry.path, (entry.title, entry.source))
            raw[entry.path] = raw.get(entry.path, ZERO) + entry.counted
            factor = None
            for path, part_factor in parts:
                if entry.path.startswith(path + "."):
                    factor = part_factor if factor is None else factor * part_factor
                    converted.add(entry.path)
            if factor is None:
                # Counted as it is: tallied by value and converted to a fraction once
                # per path and value at the end (the same exact sum, far cheaper).
                key = (entry.path, entry.counted)
                plain[key] = plain.get(key, 0) + 1
            else:
                cost[entry.path] = (
                    cost.get(entry.path, Fraction(0)) + Fraction(entry.counted) * factor
                )
            units[entry.path] = units.get(entry.path, 0) + 1
    for entry, (times,) in shared.values():
        raw[entry.path] = raw.get(entry.path, ZERO) + entry.counted * times
        key = (entry.path, entry.counted)
        plain[key] = plain.get(key, 0) + times
        units[entry.path] = units.get(entry.path, 0) + times
    # Only converted clauses use ``cost``; their entries not under a part count at 1.
    for (path, counted), times in plain.items():
        if path in converted:
            cost[path] = cost.get(path, Fraction(0)) + Fraction(counted) * times
    # ``first`` is in order of first appearance and the sort is stable, so equal
    # losses keep that order without a third key.
    ranked = sorted(
        (
            ClauseLoss(
                path,
                title,
                _decimal(cost[path]) if path in converted else raw[path],
                units[path],
                source,
                raw[path] if path in converted else None,
            )
            for path, (title, source) in first.items()
        ),
        key=lambda loss: (-loss.points, -loss.units),
    )
    mean, exact = _mean(totals)
    return CohortSummary(
        len(totals),
        tuple(counts.items()),
        mean,
        exact,
        _median(totals),
        max(totals, default=ZERO),
        min(totals, default=ZERO),
        sum(1 for result in results if result.vetoed),
        tuple(ranked),
        len(results) - len(totals),
    )
