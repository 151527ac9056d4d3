"""A unit's evidence, and its validation against a rulebook's fact declarations."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import attrs

from ._errors import Problem, did_you_mean
from ._facts import FactValueError

if TYPE_CHECKING:
    from ._rulebook import Rulebook

__all__ = ["Evidence", "check_evidence"]


def _freeze(value: Mapping[str, Any]) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise TypeError(
            f"facts must be a mapping of fact name to value (got {type(value).__name__})"
        )
    return MappingProxyType(dict(value))


@attrs.frozen(eq=True, hash=False)
class Evidence:
    """The facts supplied for one assessed unit.

    Args:
        unit: The unit's stable id (ASCII or Chinese; unique in a cohort).
        facts: Fact name → value, as read (decimal text, ints, booleans, lists).
        name: The unit's display name, e.g. ``"区应急管理局"``.
        source: Where the facts came from (a file, a sheet), for error messages.

    >>> Evidence("dept-1", {"meetings_held": 4}).facts["meetings_held"]
    4
    """

    unit: str
    facts: Mapping[str, Any] = attrs.field(converter=_freeze)
    name: str = ""
    source: str = ""

    @property
    def label(self) -> str:
        """The display name, or the id when there is none."""
        return self.name or self.unit


def check_evidence(rulebook: Rulebook, evidence: Evidence) -> tuple[dict[str, Any], list[Problem]]:
    """Coerce one unit's facts and collect every problem (never stops at the first).

    Returns:
        The coerced values (defaults filled in) and the problems found.
    """
    declared = rulebook.facts
    paths = rulebook.fact_paths
    problems: list[Problem] = []
    values: dict[str, Any] = {}
    unit, source = evidence.unit, evidence.source
    for name, raw in evidence.facts.items():
        if name not in declared:
            problems.append(
                Problem(
                    unit,
                    str(name),
                    raw,
                    "is not a fact of rulebook " + repr(rulebook.id),
                    hint=did_you_mean(str(name), declared),
                    source=source,
                )
            )
    for name, fact in declared.items():
        if name not in evidence.facts or evidence.facts[name] is None:
            if fact.default is None:
                problems.append(
                    Problem(
                        unit,
                        name,
                        None,
                        f"is missing: {fact.label} ({fact.describe()})",
                        paths[name],
                        source=source,
                    )
                )
            else:
                values[name] = fact.default
            continue
        try:
            values[name] = fact.coerce(evidence.facts[name])
        except FactValueError as error:
            problems.append(
                Problem(
                    unit,
                    name,
                    evidence.facts[name],
                    error.expectation,
                    paths[name],
                    error.hint,
                    source,
                )
            )
    if not problems:
        for path, node in rulebook.cross_checked:
            for fact_name, value, expectation in node.cross_check(values):
                problems.append(
                    Problem(unit, fact_name, value, expectation, (path,), source=source)
                )
    return values, problems
