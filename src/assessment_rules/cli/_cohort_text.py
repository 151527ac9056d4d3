"""The cohort summary, printed under the ranking table (in Chinese unless English is asked for)."""

from __future__ import annotations

from .._i18n import gettext as _
from ..cohorts._cohort import Cohort
from ..cohorts._summary import ClauseLoss
from ..engine._numbers import fmt

__all__ = ["summary_text"]


def summary_text(cohort: Cohort, top: int = 5) -> str:
    """等次分布, 平均分/中位数, and the clauses where the cohort lost most points.

    The figures are over the units assessed, vetoed ones included (the line says how
    many); units the eligibility gate kept out (不参评) are left out and counted apart
    (see :class:`~assessment_rules.cohorts.CohortSummary`). The mean is the summary's,
    rounded half up to 2 places as in the JSON, and says so when it is not exact.
    The clauses' points are what they cost the totals: a clause inside a converted part
    (折算) counts converted, its points on the part's own scale given beside it (see
    :class:`~assessment_rules.cohorts.ClauseLoss`), and the heading says so.

    Returns "" for an empty cohort.
    """
    if not cohort.units:
        return ""
    summary = cohort.summary
    grades = _(", ").join(
        _("{grade} {count}").format(grade=grade, count=count) for grade, count in summary.grades
    )
    vetoed = _(" (of which {count} vetoed)").format(count=summary.vetoed) if summary.vetoed else ""
    lines = [_("Grades: {grades}{vetoed}").format(grades=grades, vetoed=vetoed)]
    if summary.size:
        units = _("{size} units assessed").format(size=summary.size)
        if summary.vetoed:
            units += _(", {count} vetoed among them").format(count=summary.vetoed)
        if summary.not_assessed:
            units += _("; {count} not assessed, not counted").format(count=summary.not_assessed)
        lines.append(
            _(
                "Mean {mean}{rounded}, median {median}, highest {highest}, "
                "lowest {lowest} ({units})"
            ).format(
                mean=fmt(summary.mean),
                rounded="" if summary.mean_exact else _(" (rounded half up to 2 places)"),
                median=fmt(summary.median),
                highest=fmt(summary.highest),
                lowest=fmt(summary.lowest),
                units=units,
            )
        )
    else:
        lines.append(_("No unit was assessed: no mean is given"))
    losses = summary.top_losses(top)
    if losses:
        # Titles only (no dotted paths): a title shared by two clauses gets its source.
        shared = {t for t in (loss.title for loss in losses) if _count(losses, t) > 1}
        converted = any(loss.raw_points is not None for loss in losses)
        lines.append(
            _("Clauses where the cohort lost most points (points of the total, converted):")
            if converted
            else _("Clauses where the cohort lost most points:")
        )
        lines.extend(
            _("  {number}. {title}: {units} units lost {points} points in all").format(
                number=i,
                title=loss.title
                + (
                    _(" ({source})").format(source=loss.source)
                    if loss.title in shared and loss.source
                    else ""
                ),
                units=loss.units,
                points=fmt(loss.points),
            )
            + (
                ""
                if loss.raw_points is None
                else _(" ({raw} on its part's own scale)").format(raw=fmt(loss.raw_points))
            )
            for i, loss in enumerate(losses, start=1)
        )
    return "\n".join(lines) + "\n"


def _count(losses: tuple[ClauseLoss, ...], title: str) -> int:
    return sum(1 for loss in losses if loss.title == title)
