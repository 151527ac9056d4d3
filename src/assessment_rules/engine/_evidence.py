"""A unit's evidence, and its validation against a rulebook's fact declarations.

Checking is compiled once per rulebook (:class:`FactChecks`): a unit whose every value
is already of its fact's exact type (a bool for a flag, an int in bounds for a
count) or was seen before (the same text for a score, the same list of items) is
checked without calling :meth:`Fact.coerce`; each fact remembers what its texts and
lists of texts coerce to. Anything else, and any unit with a problem, goes through
:func:`check_evidence`'s one general path, so values and problems are the same either
way. The memos are bounded and only added to (see ``_evaluate`` on threads).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Final

import attrs

from .._i18n import gettext as _
from ._errors import EvidenceError, Problem, did_you_mean
from ._facts import Fact, FactValueError
from ._numbers import MAX_INTEGER_DIGITS

if TYPE_CHECKING:
    from ._node import Node
    from ._rulebook import Rulebook

__all__ = ["Evidence", "FactChecks", "check_evidence"]


def _freeze(value: Mapping[str, Any]) -> Mapping[str, Any]:
    """The facts as a read-only mapping.

    Raises:
        EvidenceError: *value* is not a mapping (``evaluate(book, None)``): evidence
            that does not fit, reported like any other.
    """
    if type(value) is dict:  # the usual case, without the abstract-class check
        return MappingProxyType(value.copy())
    if not isinstance(value, Mapping):
        raise EvidenceError(
            [
                Problem(
                    "",
                    "facts",
                    value,
                    _("must be a mapping of fact name to value (got {type})").format(
                        type=type(value).__name__
                    ),
                )
            ]
        )
    return MappingProxyType(dict(value))


@attrs.frozen(eq=True, hash=False)
class Evidence:
    """The facts supplied for one assessed unit.

    Args:
        unit: The unit's stable id (ASCII or Chinese; unique in a cohort).
        facts: Fact name → value, as read: decimal text, ints, ``Decimal``, floats
            (taken by their shortest text, ``repr``: ``4.5`` is ``Decimal('4.5')``;
            NaN and infinity are refused), booleans, dates, lists.
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
    values = rulebook._checks.values(evidence.facts)
    if values is not None:
        return values, []
    return _check_evidence(rulebook, evidence)


def _check_evidence(rulebook: Rulebook, evidence: Evidence) -> tuple[dict[str, Any], list[Problem]]:
    """The general path: every value through :meth:`Fact.coerce`, every problem said."""
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
                    _("is not a fact of rulebook {rulebook!r}").format(rulebook=rulebook.id),
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
                        _("is not filled in ({expected})").format(expected=fact.describe()),
                        paths[name],
                        source=source,
                        label=fact.label,
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
                    fact.label,
                )
            )
    if not problems:
        for path, node in rulebook.cross_checked:
            for fact_name, value, expectation in node.cross_check(values):
                known = declared.get(fact_name)
                problems.append(
                    Problem(
                        unit,
                        fact_name,
                        value,
                        expectation,
                        (path,),
                        source=source,
                        label=known.label if known is not None else "",
                    )
                )
    return values, problems


_MISSING: Final = object()
# Each fact remembers at most this many texts (or lists of texts) and what they
# coerce to; past it, values are coerced every time.
_REMEMBERED: Final = 512
_FLAG, _COUNT, _DECIMAL, _DATE, _OTHER = range(5)
_CODES: Final = {
    "flag": _FLAG,
    "count": _COUNT,
    "amount": _DECIMAL,
    "score": _DECIMAL,
    "date": _DATE,
}
_LIMIT: Final = 10**MAX_INTEGER_DIGITS


class FactChecks:
    """A rulebook's fact checks, compiled once: the fast path of :func:`check_evidence`.

    For each fact: how to recognise a value that needs no coercion, and a memo of
    what texts and lists of texts coerce to (coercion is a pure function of the
    value, so a remembered text gives what coercing it again would).
    """

    __slots__ = ("_count", "_cross", "_specs", "_template")

    def __init__(self, facts: Mapping[str, Fact], cross: tuple[tuple[str, Node], ...]) -> None:
        # Per fact: (code, fact, lowest and highest whole number of a count, memo,
        # 1 if the fact is required else 0).
        specs: dict[str, tuple[int, Fact, int, int, dict[object, object], int]] = {}
        for name, fact in facts.items():
            code = _CODES.get(fact.kind, _OTHER)
            # The whole numbers a count accepts: below 10^15 in size, within its
            # bounds (an int is ≥ 1.5 exactly when it is ≥ 2).
            low, high = 1 - _LIMIT, _LIMIT - 1
            if code == _COUNT:
                minimum, maximum = fact.effective_minimum, fact.maximum
                if minimum is not None:
                    low = max(low, int(minimum.to_integral_value(rounding=ROUND_CEILING)))
                if maximum is not None:
                    high = min(high, int(maximum.to_integral_value(rounding=ROUND_FLOOR)))
            specs[name] = (code, fact, low, high, {}, int(fact.default is None))
        self._specs = specs
        # The values every unit starts from, in declaration order: defaults, and a
        # marker for each required fact, which the unit's own value must replace.
        self._template = {
            name: _MISSING if fact.default is None else fact.default for name, fact in facts.items()
        }
        self._count = sum(fact.default is None for fact in facts.values())
        self._cross = cross

    def values(self, given: Mapping[str, Any]) -> dict[str, Any] | None:
        """The checked values of *given*, or ``None`` when the general path must decide.

        ``None`` means a value is unknown, new and not of its fact's exact type, or
        wrong; a required fact is missing; or a check across facts fails.
        """
        specs = self._specs
        values = self._template.copy()
        required = 0
        for name, raw in given.items():
            spec = specs.get(name)
            if spec is None:
                return None  # not a fact of the rulebook
            if raw is None:
                continue  # as if not given: the default, or a missing required fact
            code, fact, low, high, memo, needed = spec
            kind = type(raw)
            if kind is str:
                value = memo.get(raw, _MISSING)
                if value is _MISSING:
                    value = _coerce(fact, raw, raw, memo)
            elif (code == _FLAG and kind is bool) or (
                code == _COUNT and kind is int and low <= raw <= high
            ):
                value = raw
            elif kind is list or kind is tuple:
                key = tuple(raw)
                try:
                    value = memo.get(key, _MISSING)
                except TypeError:  # an unhashable item: coerced, never remembered
                    value = _coerce(fact, raw, None, memo)
                else:
                    if value is _MISSING:
                        texts = all(type(item) is str for item in key)
                        value = _coerce(fact, raw, key if texts else None, memo)
            elif code == _DECIMAL and kind is Decimal:
                # Keyed by its text, which holds its exponent (1.5 and 1.50 differ).
                text = str(raw)
                value = memo.get(text, _MISSING)
                if value is _MISSING:
                    value = _coerce(fact, raw, text, memo)
            elif code == _DATE and kind is _dt.date:
                value = raw
            else:
                value = _coerce(fact, raw, None, memo)
            if value is _MISSING:
                return None  # a wrong value: the general path says what is wrong
            values[name] = value
            required += needed
        if required != self._count:
            return None  # a required fact is missing
        for _path, node in self._cross:
            if node.cross_check(values):
                return None
        return values


def _coerce(fact: Fact, raw: object, key: object, memo: dict[object, object]) -> object:
    """Coerce *raw* (remembered under *key* unless it is None), or ``_MISSING`` if wrong."""
    try:
        value = fact.coerce(raw)
    except FactValueError:
        return _MISSING
    if key is not None and len(memo) < _REMEMBERED:
        memo.setdefault(key, value)
    return value
