"""The cohort summary, printed under the ranking table (in Chinese unless English is asked for)."""

from __future__ import annotations

from .._i18n import gettext as _
from ..cohorts._cohort import Cohort
from ..engine._numbers import fmt, round_half_up

__all__ = ["summary_text"]


def summary_text(cohort: Cohort, top: int = 5) -> str:
    """等次分布, 平均分/中位数, and the clauses where the cohort lost most points.

    Returns "" for an empty cohort.
    """
    if not cohort.units:
        return ""
    summary = cohort.summary
    grades = _(", ").join(
        _("{grade} {count}").format(grade=grade, count=count) for grade, count in summary.grades
    )
    vetoed = _(" (of which {count} vetoed)").format(count=summary.vetoed) if summary.vetoed else ""
    # Shown to 2 places, as every score on a sheet; the JSON keeps the 4-place mean.
    shown = round_half_up(summary.mean, 2)
    exact = summary.mean_exact and shown == summary.mean
    mean = fmt(shown) + ("" if exact else _(" (rounded half up to 2 places)"))
    lines = [
        _("Grades: {grades}{vetoed}").format(grades=grades, vetoed=vetoed),
        _("Mean {mean}, median {median}, highest {highest}, lowest {lowest} ({size} units)").format(
            mean=mean,
            median=fmt(summary.median),
            highest=fmt(summary.highest),
            lowest=fmt(summary.lowest),
            size=summary.size,
        ),
    ]
    losses = summary.top_losses(top)
    if losses:
        lines.append(_("Clauses where the cohort lost most points:"))
        lines.extend(
            _("  {number}. {title} ({path}): {units} units lost {points} points in all").format(
                number=i,
                title=loss.title,
                path=loss.path,
                units=loss.units,
                points=fmt(loss.points),
            )
            for i, loss in enumerate(losses, start=1)
        )
    return "\n".join(lines) + "\n"
