"""Quarterly assessments and the annual roll-up (季度考核 → 年度考核).

Seed 000 scores the quarterly indicators (季度考核指标) every quarter with a ranking
(动态排名) and takes them into the annual assessment. Both are ordinary rulebooks scored
by the core engine; what is new here is declared data:

* :class:`Rollup` says how one annual fact is made from the four quarters: ``sum``
  (counts or amounts added up), ``latest`` (the fourth quarter's value), ``any`` (a flag
  true in any quarter) or ``weighted`` (a weighted share of the quarterly scores);
* :class:`AnnualRollup` groups the rules; a rulebook module may expose one beside its
  ``RULEBOOK``;
* :func:`assess_quarter` scores and ranks one quarter; :func:`assess_year` scores the
  four quarters, builds each unit's annual :class:`~assessment_rules.Evidence` from them
  (plus the annual-only facts) and scores the year.

The engine's semantics are untouched: the annual rulebook sees ordinary evidence.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any, Final, Literal

import attrs

from .._i18n import gettext as _
from ..cohorts._cohort import Cohort, assess, assess_checked
from ..engine._errors import EvidenceError, Problem, RulebookError
from ..engine._evidence import Evidence
from ..engine._facts import Fact
from ..engine._node import ID_PATTERN as NAME_PATTERN
from ..engine._numbers import ZERO, as_decimal, divide_rounded
from ..engine._repr import code_repr
from ..engine._results import UnitResult
from ..engine._rulebook import Rulebook
from ._dates import quarter_span

__all__ = [
    "ROLLUP_HOWS",
    "AnnualRollup",
    "Quarter",
    "QuarterResult",
    "Rollup",
    "YearAssessment",
    "assess_quarter",
    "assess_year",
]

RollupHow = Literal["sum", "latest", "any", "weighted"]
ROLLUP_HOWS: Final = ("sum", "latest", "any", "weighted")
_QUARTER_NAMES: Final = "一二三四"
_SUMMABLE: Final = frozenset({"count", "amount"})


@attrs.frozen(repr=False, order=True)
class Quarter:
    """A quarter of a year (季度).

    >>> q = Quarter(2024, 3)
    >>> q.label, q.first, q.last
    ('2024年第三季度', datetime.date(2024, 7, 1), datetime.date(2024, 9, 30))
    """

    year: int
    number: int

    def __attrs_post_init__(self) -> None:
        if self.number not in (1, 2, 3, 4):
            raise RulebookError("", "number", self.number, "must be 1, 2, 3 or 4")

    def __repr__(self) -> str:
        return code_repr(self)

    @classmethod
    def of(cls, day: _dt.date) -> Quarter:
        """The quarter *day* falls in.

        >>> Quarter.of(_dt.date(2024, 11, 20))
        Quarter(2024, 4)
        """
        return cls(day.year, (day.month - 1) // 3 + 1)

    @property
    def first(self) -> _dt.date:
        """The quarter's first day."""
        return quarter_span(self.year, self.number)[0]

    @property
    def last(self) -> _dt.date:
        """The quarter's last day."""
        return quarter_span(self.year, self.number)[1]

    @property
    def label(self) -> str:
        """The Chinese name, e.g. ``2024年第一季度``."""
        return f"{self.year}年第{_QUARTER_NAMES[self.number - 1]}季度"


def _check_fact_name(instance: Rollup, attribute: attrs.Attribute[str], value: str) -> None:
    if not isinstance(value, str) or not NAME_PATTERN.match(value):
        raise RulebookError(
            f"rollup.{value}", attribute.name, value, "must be a fact name (lowercase ASCII)"
        )


def _to_weights(value: Iterable[object]) -> tuple[Decimal, ...]:
    try:
        return tuple(as_decimal(v) for v in value)
    except (TypeError, ValueError) as error:
        raise RulebookError("rollup", "weights", value, f"must be decimal text ({error})") from None


@attrs.frozen(repr=False)
class Rollup:
    """How one annual fact is made from the quarters.

    Args:
        fact: The annual rulebook's fact.
        how: ``sum`` (Σ of a count or amount over the quarters), ``latest`` (the last
            quarter's value), ``any`` (a flag true in any quarter) or ``weighted`` (Σ
            weightᵩ × quarterly scoreᵩ ÷ its maximum × the annual fact's maximum).
        source: The quarterly fact read (default: the same name); for ``weighted``, the
            dotted path of the quarterly result node whose score is taken ("" for the
            total).
        weights: ``weighted`` only: one weight per quarter, Q1 to Q4, adding up to 1.
        places: ``weighted`` only: decimal places of the share, rounded half up.

    >>> Rollup("accidents")
    Rollup('accidents')
    >>> Rollup("indicators", "weighted", weights=("0.25",) * 4, places=2).weights[0]
    Decimal('0.25')
    """

    fact: str = attrs.field(validator=_check_fact_name)
    how: RollupHow = "sum"
    source: str | None = None
    weights: tuple[Decimal, ...] = attrs.field(default=(), converter=_to_weights)
    places: int | None = None

    def __attrs_post_init__(self) -> None:
        path = f"rollup.{self.fact}"
        if self.how not in ROLLUP_HOWS:
            raise RulebookError(path, "how", self.how, f"must be one of {', '.join(ROLLUP_HOWS)}")
        if self.how == "weighted":
            if len(self.weights) != 4 or any(w < 0 for w in self.weights):
                raise RulebookError(
                    path, "weights", self.weights, "must be four weights ≥ 0, one per quarter"
                )
            if sum(self.weights, ZERO) != 1:
                raise RulebookError(path, "weights", self.weights, "must add up to 1")
            if not isinstance(self.places, int) or isinstance(self.places, bool):
                raise RulebookError(
                    path, "places", self.places, "must say how many decimals the share keeps"
                )
            if not 0 <= self.places <= 9:
                raise RulebookError(path, "places", self.places, "must be from 0 to 9")
        else:
            if self.weights:
                raise RulebookError(path, "weights", self.weights, "are only for how='weighted'")
            if self.places is not None:
                raise RulebookError(path, "places", self.places, "is only for how='weighted'")
            if self.source is not None and not NAME_PATTERN.match(self.source):
                raise RulebookError(path, "source", self.source, "must be a quarterly fact name")

    def __repr__(self) -> str:
        return code_repr(self)

    @property
    def reads(self) -> str:
        """The quarterly fact (or, for ``weighted``, the result path) this rule reads."""
        if self.source is not None:
            return self.source
        return "" if self.how == "weighted" else self.fact


def _to_rules(value: Iterable[Rollup]) -> tuple[Rollup, ...]:
    rules = tuple(value)
    seen: set[str] = set()
    for rule in rules:
        if not isinstance(rule, Rollup):
            raise RulebookError("rollup", "rules", rule, "must contain Rollup objects")
        if rule.fact in seen:
            raise RulebookError(f"rollup.{rule.fact}", "fact", rule.fact, "is rolled up twice")
        seen.add(rule.fact)
    return rules


def _kind_problem(rule: Rollup, annual: Fact, quarterly: Fact | None) -> str:
    if rule.how == "weighted":
        if annual.kind not in ("score", "amount"):
            return f"must be a score or amount fact for a weighted share (got {annual.kind})"
        if annual.maximum is None:
            return "must declare a maximum: the weighted share is scaled to it"
        return ""
    if quarterly is None:
        return ""
    if rule.how == "sum":
        if quarterly.kind not in _SUMMABLE:
            return (
                f"sums quarterly {quarterly.name!r}, a {quarterly.kind} fact (need count or amount)"
            )
        if annual.kind not in _SUMMABLE or (annual.kind == "count" and quarterly.kind != "count"):
            return f"is a {annual.kind} fact and cannot hold a sum of {quarterly.kind} values"
    if rule.how == "any" and (annual.kind != "flag" or quarterly.kind != "flag"):
        return "must be a flag fact read from a quarterly flag for how='any'"
    if rule.how == "latest" and annual.kind != quarterly.kind:
        return f"is a {annual.kind} fact but quarterly {quarterly.name!r} is {quarterly.kind}"
    return ""


@attrs.frozen(repr=False)
class AnnualRollup:
    """The rules that take the quarters into the annual assessment, one per fact.

    Annual facts without a rule come from the annual evidence itself (for example the
    lateness of the self-evaluation report).

    Args:
        rules: One :class:`Rollup` per rolled-up annual fact.
        title: What the roll-up is, e.g. ``"季度考核指标纳入年度考核"``.
        source: Where the rule comes from, e.g. ``"普安委〔2024〕8号 二、2"``.

    >>> AnnualRollup((Rollup("accidents"), Rollup("plan_missing", "latest")))
    AnnualRollup((Rollup('accidents'), Rollup('plan_missing', how='latest')))
    """

    rules: tuple[Rollup, ...] = attrs.field(converter=_to_rules)
    title: str = ""
    source: str = ""

    def __repr__(self) -> str:
        return code_repr(self)

    @property
    def facts(self) -> tuple[str, ...]:
        """The annual facts made from the quarters."""
        return tuple(rule.fact for rule in self.rules)

    def check(self, quarterly: Rulebook, annual: Rulebook) -> None:
        """Check the rules fit the two rulebooks.

        Raises:
            RulebookError: A rule names an unknown fact or path, or the kinds do not fit
                (the first problem, with the rule's path).
        """
        for rule in self.rules:
            path = f"rollup.{rule.fact}"
            if rule.fact not in annual.facts:
                raise RulebookError(
                    path, "fact", rule.fact, f"is not a fact of annual rulebook {annual.id!r}"
                )
            source: Fact | None = None
            if rule.how == "weighted":
                if rule.reads:
                    try:
                        node = quarterly.node(rule.reads)
                    except KeyError as error:
                        raise RulebookError(
                            path, "source", rule.reads, str(error.args[0])
                        ) from None
                    if node.max_points <= 0:
                        raise RulebookError(
                            path, "source", rule.reads, "must name a node with points of its own"
                        )
            else:
                if rule.reads not in quarterly.facts:
                    raise RulebookError(
                        path,
                        "source",
                        rule.reads,
                        f"is not a fact of quarterly rulebook {quarterly.id!r}",
                    )
                source = quarterly.facts[rule.reads]
            problem = _kind_problem(rule, annual.facts[rule.fact], source)
            if problem:
                raise RulebookError(path, "fact", rule.fact, problem)


@attrs.frozen
class QuarterResult:
    """One quarter's scored and ranked cohort (动态排名)."""

    quarter: Quarter
    cohort: Cohort

    def rank(self, unit: str) -> int | None:
        """The unit's rank this quarter (``None`` when it was not ranked: 参评不排名).

        Raises:
            KeyError: The unit was not assessed this quarter.
        """
        for ranked in self.cohort.units:
            if ranked.result.unit == unit:
                return ranked.rank
        raise KeyError(unit)


@attrs.frozen
class YearAssessment:
    """The four quarters and the annual result built from them.

    Attributes:
        year: The assessment year.
        quarters: The quarterly results, Q1 to Q4.
        evidence: Each unit's annual evidence as rolled up (what the annual rulebook saw).
        annual: The annual cohort, ranked.
    """

    year: int
    quarters: tuple[QuarterResult, ...]
    evidence: tuple[Evidence, ...]
    annual: Cohort

    def ranks(self, unit: str) -> tuple[int | None, ...]:
        """The unit's quarterly ranks, Q1 to Q4 (its 动态排名)."""
        return tuple(result.rank(unit) for result in self.quarters)

    def annual_evidence(self, unit: str) -> Evidence:
        """The rolled-up evidence of *unit*.

        Raises:
            KeyError: No such unit.
        """
        for evidence in self.evidence:
            if evidence.unit == unit:
                return evidence
        raise KeyError(unit)


def _with_source(problem: Problem, label: str) -> Problem:
    source = f"{label} {problem.source}".strip()
    return attrs.evolve(problem, source=source)


def assess_quarter(
    rulebook: Rulebook, quarter: Quarter, evidences: Iterable[Evidence]
) -> QuarterResult:
    """Score and rank one quarter's units (季度考核, 动态排名).

    Raises:
        EvidenceError: Any unit's evidence does not fit; problems name the quarter.

    >>> from assessment_rules import Deduct, Item, Rulebook
    >>> book = Rulebook("q", "季度指标", points="10", children=(
    ...     Item("checks", "检查", points="10", children=(
    ...         Deduct("missed", "未按期检查", rate="2", shape="each"),)),))
    >>> result = assess_quarter(book, Quarter(2024, 1), [Evidence("a", {"missed": 1})])
    >>> result.rank("a"), result.cohort.result("a").total
    (1, Decimal('8'))
    """
    try:
        return QuarterResult(quarter, assess(rulebook, evidences))
    except EvidenceError as error:
        raise EvidenceError(
            [_with_source(p, quarter.label) for p in error.problems], error.more
        ) from None


def _roll(
    rule: Rollup,
    annual: Fact,
    values: Sequence[Mapping[str, Any]],
    results: Sequence[UnitResult],
) -> object:
    if rule.how == "sum":
        total = sum((values_q[rule.reads] for values_q in values), 0)
        return Decimal(total) if annual.kind == "amount" else total
    if rule.how == "latest":
        return values[-1][rule.reads]
    if rule.how == "any":
        return any(values_q[rule.reads] for values_q in values)
    scale = annual.maximum if annual.maximum is not None else ZERO
    nodes = [result.find(rule.reads) if rule.reads else result.root for result in results]
    numerator = sum((w * node.score for w, node in zip(rule.weights, nodes, strict=True)), ZERO)
    share = divide_rounded(numerator * scale, nodes[0].max, rule.places or 0)
    # A share never leaves its fact's range: quarterly bonus cannot lift it above the
    # maximum, and ★ deductions cannot take it below zero.
    return min(max(share, ZERO), scale)


def assess_year(
    rollup: AnnualRollup,
    quarterly: Rulebook,
    annual: Rulebook,
    quarters: Mapping[int, Iterable[Evidence]],
    annual_evidence: Iterable[Evidence] = (),
    *,
    year: int,
) -> YearAssessment:
    """Score the four quarters, roll them up and score the year.

    Args:
        rollup: How each rolled-up annual fact is made.
        quarterly: The quarterly rulebook (季度考核指标).
        annual: The annual rulebook.
        quarters: Quarter number (1–4) → that quarter's evidence; every unit must be in
            every quarter.
        annual_evidence: Facts only the annual assessment has, per unit; it must not give
            a rolled-up fact, and may leave out units that have none.
        year: The assessment year.

    Returns:
        The quarterly results (with ranks), the rolled-up evidence and the annual cohort.

    Raises:
        RulebookError: The roll-up does not fit the rulebooks.
        EvidenceError: Any quarter's or the annual evidence is wrong, a unit misses a
            quarter, or annual evidence gives a rolled-up fact; all problems at once.
    """
    rollup.check(quarterly, annual)
    problems: list[Problem] = []
    if sorted(quarters) != [1, 2, 3, 4]:
        problems.append(
            Problem("", "quarters", sorted(quarters), _("must give quarters 1, 2, 3 and 4"))
        )
        raise EvidenceError(problems)
    batches = {number: list(quarters[number]) for number in (1, 2, 3, 4)}
    values: dict[int, dict[str, dict[str, Any]]] = {}
    more = 0  # problems an error counted but did not list
    for number, batch in batches.items():
        label = Quarter(year, number).label
        try:
            checked = quarterly.check_all(batch)
        except EvidenceError as error:
            problems.extend(_with_source(p, label) for p in error.problems)
            more += error.more
            continue
        values[number] = {ev.unit: v for ev, v in zip(batch, checked, strict=True)}
    units: dict[str, str] = {}
    for number in (1, 2, 3, 4):
        for evidence in batches[number]:
            units.setdefault(evidence.unit, "")
            units[evidence.unit] = evidence.name or units[evidence.unit]
    for unit in units:
        for number in (1, 2, 3, 4):
            if number in values and unit not in values[number]:
                problems.append(
                    Problem(
                        unit,
                        "quarter",
                        number,
                        _("has no evidence for {quarter}").format(
                            quarter=Quarter(year, number).label
                        ),
                    )
                )
    extra: dict[str, Evidence] = {}
    for evidence in annual_evidence:
        if evidence.unit not in units:
            problems.append(
                Problem(
                    evidence.unit,
                    "unit",
                    evidence.unit,
                    _("has annual evidence but no quarterly evidence"),
                    source=evidence.source,
                )
            )
        for name in evidence.facts:
            if name in rollup.facts:
                problems.append(
                    Problem(
                        evidence.unit,
                        name,
                        evidence.facts[name],
                        _("is rolled up from the quarters; leave it out of the annual evidence"),
                        source=evidence.source,
                    )
                )
        extra[evidence.unit] = evidence
    if problems or more:
        raise EvidenceError(problems, more)
    # Every quarter was validated above; score the checked values instead of again.
    results = [
        QuarterResult(
            Quarter(year, n),
            assess_checked(quarterly, batches[n], [values[n][e.unit] for e in batches[n]]),
        )
        for n in (1, 2, 3, 4)
    ]
    built: list[Evidence] = []
    for unit, name in units.items():
        per_quarter = [values[number][unit] for number in (1, 2, 3, 4)]
        unit_results = [result.cohort.result(unit) for result in results]
        facts: dict[str, object] = dict(extra[unit].facts) if unit in extra else {}
        for rule in rollup.rules:
            facts[rule.fact] = _roll(rule, annual.facts[rule.fact], per_quarter, unit_results)
        source = f"{year} Q1–Q4 roll-up"
        if unit in extra and extra[unit].source:
            source += f" + {extra[unit].source}"
        built.append(
            Evidence(unit, facts, name or (extra[unit].name if unit in extra else ""), source)
        )
    return YearAssessment(year, tuple(results), tuple(built), assess(annual, built))
