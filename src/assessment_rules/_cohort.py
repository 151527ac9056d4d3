"""Cohorts: score many units with one rulebook, then rank them high to low."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal

import attrs

from ._evidence import Evidence
from ._results import UnitResult
from ._rulebook import Rulebook

__all__ = ["Cohort", "RankedUnit", "assess", "competition_ranks"]


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


@attrs.frozen
class RankedUnit:
    """A unit's result with its rank in the cohort."""

    rank: int
    result: UnitResult


@attrs.frozen
class Cohort:
    """A scored cohort, ranked high to low (ties keep the evidence order).

    Attributes:
        rulebook: The rulebook id.
        units: The ranked units.
    """

    rulebook: str
    units: tuple[RankedUnit, ...]

    def __len__(self) -> int:
        return len(self.units)

    def result(self, unit: str) -> UnitResult:
        """Return the result of the unit with id *unit*.

        Raises:
            KeyError: No such unit.
        """
        for ranked in self.units:
            if ranked.result.unit == unit:
                return ranked.result
        raise KeyError(unit)


def assess(rulebook: Rulebook, evidences: Iterable[Evidence]) -> Cohort:
    """Validate every unit first, then score and rank them all.

    Nothing is scored when any unit's evidence is wrong: the ``EvidenceError`` lists
    every problem of every unit.

    Args:
        rulebook: The rulebook.
        evidences: One ``Evidence`` per unit; unit ids must be unique.

    Returns:
        The ranked cohort.

    Raises:
        EvidenceError: Any unit's evidence does not fit the rulebook.
    """
    batch = list(evidences)
    checked = rulebook.check_all(batch)
    results = [
        rulebook.evaluate_checked(values, evidence.unit, evidence.name)
        for evidence, values in zip(batch, checked, strict=True)
    ]
    ranks = competition_ranks([result.total for result in results])
    order = sorted(range(len(results)), key=lambda i: (ranks[i], i))
    return Cohort(rulebook.id, tuple(RankedUnit(ranks[i], results[i]) for i in order))
