"""JSON for what a cohort adds to its units: the excellent quota and the summary.

Kept beside ``_json`` so the result document's cohort parts have one home; numbers are
decimal strings written by :func:`decimal_text`, as everywhere in the result.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..cohorts._cohort import Cohort
from ..cohorts._quota import QuotaOutcome

__all__ = ["decimal_text", "quota_to_dict", "summary_to_dict"]


def decimal_text(value: Decimal | int) -> str:
    """The one rule for every number in the JSON result: its exact value in the
    shortest decimal text, with no exponent, no trailing zeros after the point, no
    bare point and no minus sign on zero.

    So a total is ``"99"`` however it was computed (``99``, ``99.0`` or ``99.00``), and
    nothing absorbed is ``"0"``. No digit is ever rounded away.

    >>> [decimal_text(Decimal(t)) for t in ("99.00", "97.50", "0.0", "-0.00", "1E+2", "-4")]
    ['99', '97.5', '0', '0', '100', '-4']
    """
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


_d = decimal_text


def quota_to_dict(outcome: QuotaOutcome | None) -> dict[str, Any] | None:
    """The quota's setting and what it did, or ``None`` when the rulebook has none."""
    if outcome is None:
        return None
    quota = outcome.quota
    return {
        "share": _d(quota.share),
        "rounding": quota.rounding,
        "ties": quota.ties,
        "source": quota.source,
        "size": outcome.size,
        "exact_places": _d(quota.exact_places(outcome.size)),
        "places": outcome.places,
        "candidates": outcome.candidates,
        "admitted": outcome.admitted,
        "demoted": outcome.demoted,
        "tie": outcome.tie,
        "over_quota": outcome.over_quota,
        "binding": outcome.binding,
        "grade": outcome.grade,
        "demoted_to": outcome.demoted_to,
        "note": outcome.note,
    }


def summary_to_dict(cohort: Cohort) -> dict[str, Any] | None:
    """Grade distribution, mean, median and the clauses where the cohort lost most.

    ``None`` for an empty cohort.
    """
    if not cohort.units:
        return None
    summary = cohort.summary
    return {
        "size": summary.size,
        "grades": [{"grade": grade, "count": count} for grade, count in summary.grades],
        "mean": _d(summary.mean),
        "mean_exact": summary.mean_exact,
        "median": _d(summary.median),
        "highest": _d(summary.highest),
        "lowest": _d(summary.lowest),
        "vetoed": summary.vetoed,
        "losses": [
            {
                "path": loss.path,
                "title": loss.title,
                "points": _d(loss.points),
                "units": loss.units,
                "source": loss.source,
            }
            for loss in summary.losses
        ],
    }
