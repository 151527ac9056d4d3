"""The rulebook-level shapes of a unit's final result: the total's policy, score vetoes
and the eligibility gate (申报条件).

The classes live in :mod:`assessment_rules.engine._policy`, next to the final step that
applies them; this module is their public home and holds the ``Rulebook`` fields'
converters (the combinators' own modules are where their classes are checked).
"""

from __future__ import annotations

from ..engine._errors import RulebookError
from ..engine._node import got
from ..engine._policy import VETO_EFFECTS, Requirement, ScoreVeto, TotalPolicy

__all__ = [
    "VETO_EFFECTS",
    "Requirement",
    "ScoreVeto",
    "TotalPolicy",
    "to_requirements",
    "to_score_vetoes",
    "to_total_policy",
]


def to_total_policy(value: object) -> TotalPolicy | None:
    """attrs converter for ``Rulebook.total``."""
    if value is None or isinstance(value, TotalPolicy):
        return value
    raise RulebookError("", "total", value, f"must be a TotalPolicy or None {got(value)}")


def _many(value: object, cls: type, field: str) -> tuple[object, ...]:
    items = tuple(value) if isinstance(value, list | tuple) else (value,)
    for item in items:
        if not isinstance(item, cls):
            raise RulebookError("", field, item, f"must contain {cls.__name__} objects {got(item)}")
    ids = [getattr(item, "id", "") for item in items]
    if len(set(ids)) != len(ids):
        raise RulebookError("", field, ids, "must have unique ids")
    return items


def to_score_vetoes(value: object) -> tuple[ScoreVeto, ...]:
    """attrs converter for ``Rulebook.score_vetoes``."""
    return _many(value, ScoreVeto, "score_vetoes")  # type: ignore[return-value]


def to_requirements(value: object) -> tuple[Requirement, ...]:
    """attrs converter for ``Rulebook.gate``."""
    return _many(value, Requirement, "gate")  # type: ignore[return-value]
