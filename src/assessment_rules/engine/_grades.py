"""Grade bands: score thresholds with inclusive lower bounds, highest first."""

from __future__ import annotations

from decimal import Decimal
from itertools import pairwise

import attrs

from ._collect import collectable
from ._errors import RulebookError
from ._node import named_converters, to_decimal
from ._repr import code_repr

__all__ = ["FINANCE_GRADES", "STANDARD_GRADES", "GradeBand", "check_grades", "grade_for"]


@attrs.frozen(repr=False, field_transformer=named_converters)
class GradeBand:
    """A grade and the lowest total that earns it (inclusive).

    Args:
        title: The grade as printed (优秀, 良好, 合格, 不合格; 优, 良, 中, 差).
        minimum: The lowest total that earns it.

    >>> GradeBand("优秀", "90")
    GradeBand('优秀', '90')
    """

    title: str
    minimum: Decimal = attrs.field(converter=to_decimal)

    def __repr__(self) -> str:
        return code_repr(self)


STANDARD_GRADES: tuple[GradeBand, ...] = (
    GradeBand("优秀", "90"),
    GradeBand("良好", "80"),
    GradeBand("合格", "60"),
    GradeBand("不合格", "0"),
)
"""优秀 ≥ 90, 良好 ≥ 80, 合格 ≥ 60, else 不合格 (the default where 001 is silent)."""

FINANCE_GRADES: tuple[GradeBand, ...] = (
    GradeBand("优", "90"),
    GradeBand("良", "80"),
    GradeBand("中", "60"),
    GradeBand("差", "0"),
)
"""优 ≥ 90, 良 ≥ 80, 中 ≥ 60, else 差 (the national self-evaluation convention)."""


@collectable
def check_grades(owner: str, grades: tuple[GradeBand, ...]) -> None:
    """Raise ``RulebookError`` unless *grades* are strictly descending, end at 0, and unique."""
    if not grades:
        raise RulebookError(owner, "grades", grades, "must list at least one grade band")
    titles = [band.title for band in grades]
    if len(set(titles)) != len(titles):
        raise RulebookError(owner, "grades", titles, "must have unique titles")
    for higher, lower in pairwise(grades):
        if not higher.minimum > lower.minimum:
            raise RulebookError(
                owner,
                "grades",
                (higher.title, lower.title),
                "must be listed highest first with strictly falling minimums",
            )
    if grades[-1].minimum != 0:
        raise RulebookError(
            owner,
            "grades",
            grades[-1],
            "must end with a band whose minimum is 0 (the lowest grade)",
        )


def grade_for(grades: tuple[GradeBand, ...], total: Decimal) -> str:
    """Return the grade title for *total* (inclusive lower bounds).

    >>> grade_for(STANDARD_GRADES, Decimal("90")), grade_for(STANDARD_GRADES, Decimal("89.5"))
    ('优秀', '良好')
    """
    for band in grades:
        if total >= band.minimum:
            return band.title
    return grades[-1].title
