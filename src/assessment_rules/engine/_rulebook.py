"""``Rulebook``: the root of a scoring tree, its facts, grades and settings."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from decimal import Decimal
from types import MappingProxyType
from typing import Any, ClassVar, Final

import attrs

from ..cohorts._offices import Office, _to_offices, check_offices
from ..cohorts._quota import ExcellentQuota
from ..cohorts._ranking import Ranking
from ..combinators._policies import to_requirements, to_score_vetoes, to_total_policy
from ._arguments import friendly_arguments
from ._errors import EvidenceError, Problem, ProblemLog, RulebookError, did_you_mean
from ._evaluate import Plan, compile_plan
from ._evidence import Evidence, FactChecks, check_evidence
from ._facts import Fact
from ._grades import STANDARD_GRADES, GradeBand, check_grades
from ._node import (
    Node,
    VetoLeaf,
    check_children,
    check_title,
    named_converters,
    to_children,
    to_points,
)
from ._policy import Finisher, Requirement, ScoreVeto, TotalPolicy, check_effect_grade
from ._results import UnitResult

__all__ = ["RULEBOOK_ID_PATTERN", "Rulebook"]

RULEBOOK_ID_PATTERN: Final = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def _check_rulebook_id(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not isinstance(value, str) or not RULEBOOK_ID_PATTERN.match(value):
        raise RulebookError(
            str(value),
            attribute.name,
            value,
            "must be lowercase ASCII words joined by '-', e.g. 'wujin-2021-departments'",
        )


def _to_grades(value: Iterable[GradeBand]) -> tuple[GradeBand, ...]:
    if not isinstance(value, Iterable):
        raise RulebookError("", "grades", value, "must contain GradeBand objects")
    grades = tuple(value)
    for band in grades:
        if not isinstance(band, GradeBand):
            raise RulebookError("", "grades", band, "must contain GradeBand objects")
    return grades


def _check_ranking(instance: object, attribute: attrs.Attribute[Ranking], value: object) -> None:
    if not isinstance(value, Ranking):
        raise RulebookError(
            getattr(instance, "id", ""),
            "ranking",
            value,
            "must be a Ranking (assessment_rules.cohorts)",
        )


@friendly_arguments
@attrs.frozen(repr=False, cache_hash=True, field_transformer=named_converters)
class Rulebook(Node):
    """A whole score sheet: sections, grade bands and settings; the root of the tree.

    Construction checks the whole tree (points add up, ids are unique among siblings,
    facts are declared consistently, grade bands are sound) and compiles the plan the
    evaluator runs, so a broken rulebook fails at import and scoring is cheap.

    Args:
        id: Stable id such as ``"wujin-2021-departments"``.
        title: The sheet's title as printed.
        children: Sections (and top-level vetoes or bonuses) in sheet order.
        points: The full score (100).
        grades: Grade bands, highest first; the last must start at 0.
        floor: Whether the total before bonus stops at 0 (even ★ deductions stop there);
            a converted part (``Rescaled``) then also stops at 0 on its own scale.
        document: The official document the rules come from.
        source: The document's reference number, e.g. ``"普安委〔2024〕8号"``.
        year: The assessment year.
        description: What the rulebook covers, and what was decided where the source is
            silent (rendered on its documentation page).
        predecessor: The id of the rulebook this one revises (last year's sheet), or "";
            the documentation site shows what changed between the two.
        quota: The excellent quota (优秀比例) applied when a cohort is assessed, or None.
        offices: The offices that supply the facts, each for its own domain (分项打分);
            every fact then belongs to exactly one office.
        total: The total's policy (:class:`~assessment_rules.combinators.TotalPolicy`):
            whether bonus may take the total above full points, caps on the total and
            on all bonus; ``None`` (the default) adds bonus on top, uncapped.
        score_vetoes: Vetoes on the score itself (``ScoreVeto``: 得分低于80分的，年度
            考核不合格), read after the total's policy.
        gate: The eligibility gate (申报条件): ``Requirement`` conditions a unit must
            meet to be scored at all; a unit that fails one is not scored (see
            ``UnitResult.eligible``) and not ranked.
        ranking: How a cohort is ranked (:class:`~assessment_rules.cohorts.Ranking`):
            by default a unit whose veto fails the year (effect ``lowest`` or ``zero``)
            ranks after every other unit; a ``bar_top`` or ``grade`` veto ranks by total.

    >>> from assessment_rules import Deduct, Item, CapAt, Section
    >>> book = Rulebook("tiny", "示例", points="10", children=(
    ...     Section("org", "组织领导", points="10", children=(
    ...         CapAt(Item("plan", "年度计划", points="10", children=(
    ...             Deduct("no_plan", "未制定年度计划", rate="2"),))),)),))
    >>> book.evaluate({"no_plan": True}).total
    Decimal('8')
    """

    kind: ClassVar[str] = "rulebook"
    edit_field: ClassVar[str | None] = "children"

    id: str = attrs.field(validator=_check_rulebook_id)
    title: str = attrs.field(validator=check_title)
    children: tuple[Node, ...] = attrs.field(converter=to_children)
    points: Decimal = attrs.field(default=Decimal(100), converter=to_points)
    grades: tuple[GradeBand, ...] = attrs.field(default=STANDARD_GRADES, converter=_to_grades)
    floor: bool = True
    document: str = ""
    source: str = ""
    year: int | None = None
    description: str = ""
    predecessor: str = ""
    quota: ExcellentQuota | None = None
    offices: tuple[Office, ...] = attrs.field(default=(), converter=_to_offices)
    total: TotalPolicy | None = attrs.field(default=None, converter=to_total_policy)
    score_vetoes: tuple[ScoreVeto, ...] = attrs.field(default=(), converter=to_score_vetoes)
    gate: tuple[Requirement, ...] = attrs.field(default=(), converter=to_requirements)
    ranking: Ranking = attrs.field(default=Ranking(), validator=_check_ranking)

    _facts: dict[str, Fact] = attrs.field(init=False, repr=False, eq=False, hash=False)
    _fact_paths: dict[str, tuple[str, ...]] = attrs.field(
        init=False, repr=False, eq=False, hash=False
    )
    _cross: tuple[tuple[str, Node], ...] = attrs.field(init=False, repr=False, eq=False, hash=False)
    _nodes: dict[str, Node] = attrs.field(init=False, repr=False, eq=False, hash=False)
    _plan: Plan = attrs.field(init=False, repr=False, eq=False, hash=False)
    _checks: FactChecks = attrs.field(init=False, repr=False, eq=False, hash=False)
    _finisher: Finisher | None = attrs.field(init=False, repr=False, eq=False, hash=False)

    def __attrs_post_init__(self) -> None:
        check_children(self.id, self.points, self.children)
        check_grades(self.id, self.grades)
        facts: dict[str, Fact] = {}
        paths: dict[str, list[str]] = {}
        cross: list[tuple[str, Node]] = []
        nodes: dict[str, Node] = {}
        for path, node in self.walk():
            if node is self:
                continue
            if node.segment:  # wrappers share their node's path and are not indexed
                nodes[path] = node
            for fact in node.own_facts():
                known = facts.get(fact.name)
                if known is not None and known != fact:
                    raise RulebookError(
                        path,
                        "fact",
                        fact.name,
                        f"is declared differently at {paths[fact.name][0]} ({known!r} vs {fact!r})",
                    )
                facts[fact.name] = fact
                paths.setdefault(fact.name, []).append(path)
            if type(node).cross_check is not Node.cross_check:
                cross.append((path, node))
        veto_grades: dict[str, str] = {}
        for path, node in self.walk():
            if isinstance(node, VetoLeaf) and node.effect != "lowest":
                check_effect_grade(path, node.effect, node.grade, self.grades)
                veto_grades[path] = node.grade
        for veto in self.score_vetoes:
            check_effect_grade(f"score_vetoes.{veto.id}", veto.effect, veto.grade, self.grades)
        if self.total is not None:
            self.total.check(self.id, self.points)
        # The gate's and the ranking's facts: read from the evidence like any other.
        policy_facts = [
            (f"gate.{requirement.id}", fact)
            for requirement in self.gate
            for fact in requirement.facts()
        ] + [("ranking", fact) for fact in self.ranking.facts()]
        for path, fact in policy_facts:
            known = facts.get(fact.name)
            if known is not None and known != fact:
                raise RulebookError(
                    path,
                    "fact",
                    fact.name,
                    f"is declared differently at {paths[fact.name][0]} ({known!r} vs {fact!r})",
                )
            facts[fact.name] = fact
            paths.setdefault(fact.name, []).append(path)
        object.__setattr__(self, "_facts", facts)
        object.__setattr__(self, "_fact_paths", {k: tuple(v) for k, v in paths.items()})
        object.__setattr__(self, "_cross", tuple(cross))
        object.__setattr__(self, "_nodes", nodes)
        object.__setattr__(self, "_plan", compile_plan(self, self.points, self.floor, self.grades))
        object.__setattr__(self, "_checks", FactChecks(facts, tuple(cross)))
        if self.quota is not None:
            self.quota.check(self.id, self.grades, self.ranking.groups)
        finisher = None
        if self.total is not None or self.score_vetoes or self.gate or veto_grades:
            finisher = Finisher(
                self.points,
                grades=self.grades,
                total=self.total,
                score_vetoes=self.score_vetoes,
                requirements=self.gate,
                veto_grades=veto_grades,
            )
        object.__setattr__(self, "_finisher", finisher)
        check_offices(self)

    @property
    def segment(self) -> str:
        return ""

    def argument_text(self, name: str, value: Any, *, lowest_grade: str = "不合格") -> str:
        """The total's policy reads against this rulebook's points, for ``diff``."""
        if name == "total":
            policy: TotalPolicy = value or TotalPolicy()  # None: the default policy
            return policy.criterion(self.points)
        return super().argument_text(name, value, lowest_grade=lowest_grade)

    @property
    def max_points(self) -> Decimal:
        return self.points

    @property
    def facts(self) -> Mapping[str, Fact]:
        """Every fact the rulebook reads, by name, in clause order (a read-only view:
        the rulebook is shared by everyone who loaded it)."""
        return MappingProxyType(self._facts)

    @property
    def fact_paths(self) -> Mapping[str, tuple[str, ...]]:
        """For each fact name, the dotted paths of the rules that read it (read-only)."""
        return MappingProxyType(self._fact_paths)

    @property
    def cross_checked(self) -> tuple[tuple[str, Node], ...]:
        """Nodes with checks spanning several facts, with their paths."""
        return self._cross

    def node(self, path: str) -> Node:
        """Return the node at a dotted *path* (wrappers are skipped).

        Raises:
            KeyError: No node has that path; the message suggests a close one.
        """
        found = self._nodes.get(path)
        if found is not None:
            return found
        hint = did_you_mean(path, self._nodes)
        raise KeyError(f"{path!r} is not a node of {self.id!r}" + (f" ({hint})" if hint else ""))

    def check(self, evidence: Evidence) -> dict[str, Any]:
        """Validate one unit's evidence; return the exact values the rules will read.

        Raises:
            EvidenceError: Listing every problem at once.
        """
        values, problems = self._check(evidence)
        if problems:
            raise EvidenceError(problems)
        return values

    def _check(self, evidence: Evidence) -> tuple[dict[str, Any], list[Problem]]:
        """The values and the problems of one unit: the hook subclasses with more to
        check (a self-evaluation form's indicator rows) override."""
        return check_evidence(self, evidence)

    def check_all(self, evidences: Iterable[Evidence]) -> list[dict[str, Any]]:
        """Validate many units at once; all problems of all units in one error.

        The error lists the first ``MAX_PROBLEMS`` problems and counts the rest.
        """
        problems = ProblemLog()
        result: list[dict[str, Any]] = []
        seen: set[str] = set()
        for evidence in evidences:
            if evidence.unit in seen:
                problems.append(
                    Problem(
                        evidence.unit,
                        "id",
                        evidence.unit,
                        "must be unique in the cohort",
                        source=evidence.source,
                    )
                )
            seen.add(evidence.unit)
            values, found = self._check(evidence)
            problems.extend(found)
            result.append(values)
        if problems:
            raise problems.error()
        return result

    def evaluate(self, evidence: Evidence | Mapping[str, Any]) -> UnitResult:
        """Score one unit. Same as :func:`assessment_rules.evaluate`."""
        if not isinstance(evidence, Evidence):
            evidence = Evidence("unit", evidence)
        return self.evaluate_checked(self.check(evidence), evidence.unit, evidence.name)

    def evaluate_checked(self, values: Mapping[str, Any], unit: str, name: str = "") -> UnitResult:
        """Score values already returned by :meth:`check` (skips validation)."""
        finisher = self._finisher
        if finisher is None:
            return self._plan.run(values, unit, name, self.id)
        if finisher.requirements:
            kept_out = finisher.gate(values, unit, name, self.id, self._plan.root.clean)
            if kept_out is not None:
                return kept_out
        return finisher.finish(self._plan.run(values, unit, name, self.id))
