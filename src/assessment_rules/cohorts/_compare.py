"""Self-evaluation against the assessor's score (自我评价 vs 考核评分).

Both plans have each unit score itself first (普安委〔2024〕8号 三、2: 将自评和总结情况
…报送; 普安办〔2020〕13号 三（三）: 进行自查、自评), then the assessors score it. Given
both evidence sets, :func:`compare_units` lists every clause where the two scores
differ and by how many points, and every fact the two sides gave differently.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal

import attrs

from ..engine._errors import EvidenceError, Problem
from ..engine._evidence import Evidence
from ..engine._numbers import ZERO, fmt
from ..engine._results import UnitResult

if TYPE_CHECKING:
    from ..engine._rulebook import Rulebook

__all__ = [
    "ClauseDifference",
    "FactDifference",
    "UnitComparison",
    "compare_cohorts",
    "compare_units",
]

DifferenceKind = Literal["deduction", "bonus", "veto"]


@attrs.frozen
class ClauseDifference:
    """One clause scored differently by the unit and by the assessor.

    Attributes:
        path: The clause's dotted path.
        title: The clause's title.
        kind: ``deduction``, ``bonus`` or ``veto``.
        self_points: The points the clause moved in the self-evaluation (negative for
            deductions, positive for bonus, 0 for a veto).
        assessor_points: The same in the assessor's score.
        difference: ``assessor_points − self_points``: what the assessor's score is
            above (positive) or below (negative) the self-evaluation on this clause.
        self_reason: The self-evaluation's reason on this clause ("" when none).
        assessor_reason: The assessor's reason on this clause ("" when none).
        source: The clause's source reference.
    """

    path: str
    title: str
    kind: DifferenceKind
    self_points: Decimal
    assessor_points: Decimal
    difference: Decimal
    self_reason: str
    assessor_reason: str
    source: str = ""

    @property
    def text(self) -> str:
        """The difference in Chinese, e.g. ``考核比自评少2分``.

        >>> ClauseDifference("a", "甲", "deduction", Decimal(0), Decimal(-2), Decimal(-2),
        ...                  "", "").text
        '考核比自评少2分'
        """
        if self.kind == "veto":
            return "考核触发一票否决" if self.assessor_reason else "自评触发一票否决，考核未触发"
        more = "多" if self.difference > 0 else "少"
        return f"考核比自评{more}{fmt(abs(self.difference))}分"


@attrs.frozen
class FactDifference:
    """One fact given differently by the two sides (values as the rules read them).

    Attributes:
        name: The fact name.
        label: Its Chinese label.
        self_value: The value in the self-evaluation.
        assessor_value: The value in the assessor's evidence.
        paths: The rules that read it.
    """

    name: str
    label: str
    self_value: Any
    assessor_value: Any
    paths: tuple[str, ...] = ()


@attrs.frozen
class UnitComparison:
    """A unit's self-evaluation set against the assessor's score.

    Attributes:
        unit: The unit id.
        name: The unit's display name.
        self_result: The result scored from the unit's own evidence.
        assessor_result: The result scored from the assessor's evidence.
        clauses: Every clause where the two differ, in clause order.
        facts: Every fact the two sides gave differently, in declaration order.
    """

    unit: str
    name: str
    self_result: UnitResult
    assessor_result: UnitResult
    clauses: tuple[ClauseDifference, ...]
    facts: tuple[FactDifference, ...]

    @property
    def difference(self) -> Decimal:
        """``assessor total − self total``."""
        return self.assessor_result.total - self.self_result.total

    @property
    def agreed(self) -> bool:
        """Whether the two scores agree on every clause."""
        return not self.clauses

    @property
    def summary(self) -> str:
        """One Chinese line: both totals and grades, and the gap."""
        gap = self.difference
        sign = "+" if gap > 0 else ""
        return (
            f"{self.name or self.unit}：自评{fmt(self.self_result.total)}分"
            f"（{self.self_result.grade}），考核{fmt(self.assessor_result.total)}分"
            f"（{self.assessor_result.grade}），相差{sign}{fmt(gap)}分，"
            f"{len(self.clauses)}处条款不一致"
        )


@attrs.frozen
class _Side:
    """What one clause did in one result: the signed points and the reasons."""

    points: Decimal
    title: str
    kind: DifferenceKind
    reason: str
    source: str


def _sides(result: UnitResult) -> dict[str, _Side]:
    found: dict[str, _Side] = {}
    for entry in result.entries:
        known = found.get(entry.path)
        if known is None:
            found[entry.path] = _Side(
                entry.signed, entry.title, entry.kind, entry.reason, entry.source
            )
        else:  # several awards of one bonus level share a path
            found[entry.path] = attrs.evolve(
                known, points=known.points + entry.signed, reason=f"{known.reason}；{entry.reason}"
            )
    return found


def _clauses(
    mine: UnitResult, theirs: UnitResult, order: Mapping[str, int]
) -> list[ClauseDifference]:
    left, right = _sides(mine), _sides(theirs)
    differences: list[ClauseDifference] = []
    for path in sorted(set(left) | set(right), key=lambda p: (order.get(p, len(order)), p)):
        a, b = left.get(path), right.get(path)
        self_points = a.points if a else ZERO
        assessor_points = b.points if b else ZERO
        if self_points == assessor_points:
            continue
        known = b or a
        assert known is not None
        differences.append(
            ClauseDifference(
                path,
                known.title,
                known.kind,
                self_points,
                assessor_points,
                assessor_points - self_points,
                a.reason if a else "",
                b.reason if b else "",
                known.source,
            )
        )
    vetoes_a = {v.path: v for v in mine.vetoes}
    vetoes_b = {v.path: v for v in theirs.vetoes}
    for path in sorted(set(vetoes_a) ^ set(vetoes_b), key=lambda p: order.get(p, 0)):
        hit = vetoes_a.get(path) or vetoes_b[path]
        differences.append(
            ClauseDifference(
                path,
                hit.title,
                "veto",
                ZERO,
                ZERO,
                ZERO,
                vetoes_a[path].reason if path in vetoes_a else "",
                vetoes_b[path].reason if path in vetoes_b else "",
                hit.source,
            )
        )
    return differences


def _facts(
    rulebook: Rulebook, mine: Mapping[str, Any], theirs: Mapping[str, Any]
) -> tuple[FactDifference, ...]:
    return tuple(
        FactDifference(name, fact.label, mine[name], theirs[name], rulebook.fact_paths[name])
        for name, fact in rulebook.facts.items()
        if mine[name] != theirs[name]
    )


def _path_order(rulebook: Rulebook) -> dict[str, int]:
    return {path: i for i, (path, _) in enumerate(rulebook.walk()) if path}


def compare_units(
    rulebook: Rulebook, self_evidence: Evidence, assessor_evidence: Evidence
) -> UnitComparison:
    """Score one unit twice, from its self-evaluation and from the assessor's evidence.

    Args:
        rulebook: The rulebook.
        self_evidence: The unit's own evidence (自评).
        assessor_evidence: The assessor's evidence for the same unit (考核).

    Returns:
        Both results, every clause that differs (with the points) and every fact given
        differently.

    Raises:
        EvidenceError: Either side's evidence does not fit the rulebook (every problem
            of both sides at once), or the two are for different units.

    >>> from assessment_rules import load_rulebook
    >>> book = load_rulebook("putuo-2020-streets")
    >>> facts = {"duty_score": 10, "two_lists": ["问题隐患清单", "制度措施清单"],
    ...          "guarantee_score": 15, "fire_system_score": 8,
    ...          "emergency_system_score": 8, "major_accident": 0}
    >>> mine = Evidence("taopu", facts, "桃浦镇")
    >>> theirs = Evidence("taopu", {**facts, "late_report": True}, "桃浦镇")
    >>> found = compare_units(book, mine, theirs)
    >>> [(c.path, c.difference) for c in found.clauses], found.difference
    ([('submission.late_report', Decimal('-2'))], Decimal('-2'))
    """
    return _compare(rulebook, self_evidence, assessor_evidence, _path_order(rulebook))


def _compare(
    rulebook: Rulebook,
    self_evidence: Evidence,
    assessor_evidence: Evidence,
    order: Mapping[str, int],
) -> UnitComparison:
    problems: list[Problem] = []
    if self_evidence.unit != assessor_evidence.unit:
        problems.append(
            Problem(
                assessor_evidence.unit,
                "id",
                assessor_evidence.unit,
                f"must be the same unit as the self-evaluation ({self_evidence.unit!r})",
                source=assessor_evidence.source,
            )
        )
    checked: list[dict[str, Any]] = []
    more = 0  # problems an error counted but did not list
    for evidence in (self_evidence, assessor_evidence):
        try:
            checked.append(rulebook.check(evidence))
        except EvidenceError as error:
            problems.extend(error.problems)
            more += error.more
    if problems or more:
        raise EvidenceError(problems, more)
    mine, theirs = checked
    name = self_evidence.name or assessor_evidence.name
    unit = self_evidence.unit
    self_result = rulebook.evaluate_checked(mine, unit, name)
    assessor_result = rulebook.evaluate_checked(theirs, unit, name)
    return UnitComparison(
        unit,
        name,
        self_result,
        assessor_result,
        tuple(_clauses(self_result, assessor_result, order)),
        _facts(rulebook, mine, theirs),
    )


def compare_cohorts(
    rulebook: Rulebook,
    self_evidences: Iterable[Evidence],
    assessor_evidences: Iterable[Evidence],
) -> tuple[UnitComparison, ...]:
    """Compare every unit's self-evaluation with the assessor's score.

    Units are matched by id; the result follows the self-evaluation's order.

    Raises:
        EvidenceError: A unit on one side only, or any evidence that does not fit
            (every problem of every unit at once).
    """
    mine = list(self_evidences)
    theirs = {evidence.unit: evidence for evidence in assessor_evidences}
    problems: list[Problem] = []
    for evidence in mine:
        if evidence.unit not in theirs:
            problems.append(
                Problem(
                    evidence.unit,
                    "id",
                    evidence.unit,
                    "has a self-evaluation but no assessor's evidence",
                    source=evidence.source,
                )
            )
    own = {evidence.unit for evidence in mine}
    for unit, evidence in theirs.items():
        if unit not in own:
            problems.append(
                Problem(
                    unit,
                    "id",
                    unit,
                    "has the assessor's evidence but no self-evaluation",
                    source=evidence.source,
                )
            )
    # The clause order is the rulebook's: walk its tree once, not once per unit.
    order = _path_order(rulebook)
    comparisons: list[UnitComparison] = []
    more = 0  # problems an error counted but did not list
    for evidence in mine:
        if evidence.unit not in theirs:
            continue
        try:
            comparisons.append(_compare(rulebook, evidence, theirs[evidence.unit], order))
        except EvidenceError as error:
            problems.extend(error.problems)
            more += error.more
    if problems or more:
        raise EvidenceError(problems, more)
    return tuple(comparisons)
