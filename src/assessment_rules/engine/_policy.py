"""The unit's final step: the eligibility gate, the total's policy and the veto effects.

The plan (``_evaluate``) scores the tree; what a rulebook then says about the unit as a
whole is applied here, in one place, in this order:

1. **The gate (申报条件)**, before scoring: a unit that fails any :class:`Requirement`
   is not scored. Its result has ``eligible=False``, the reasons in ``ineligible``,
   total and base 0, the grade ``不参评`` (:data:`NOT_ASSESSED`) and a tree that loses
   nothing. It is not ranked and takes no quota place.
2. **The total's policy** (:class:`TotalPolicy`): whether bonus may take the total above
   full points, a cap on the total and a cap on all bonus together. What the policy cuts
   is cut from the bonus entries, in clause order, so the ledger still balances at
   every node (``max − lost + gained == score``); the reason of a cut entry says so.
3. **Score vetoes** (:class:`ScoreVeto`): a veto on the total or the base (得分低于80分的，
   年度考核为不合格), read after the total's policy.
4. **Veto effects**, of the clause vetoes and the score vetoes together (see
   :data:`VETO_EFFECTS`): ``zero`` makes total and base 0 (the tree keeps the computed
   points, so an assessor sees what the unit would have scored); then the grade is the
   *lowest* of the grade by the (possibly zeroed) total and what each veto allows:
   ``lowest`` the lowest band, ``grade`` the named band, ``bar_top`` the second band.
   A veto never raises a grade: a ``grade='合格'`` veto leaves a 不合格 score 不合格.

So ``result.total == result.root.score`` except for a unit a ``zero`` veto or the gate
took to 0; every node of the tree balances in every case.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any, ClassVar, Final, Literal

import attrs

from ._arguments import friendly_arguments
from ._errors import RulebookError
from ._facts import Fact
from ._grades import GradeBand
from ._node import check_id, check_title, got, named_converters, to_points
from ._numbers import ZERO, fmt
from ._repr import code_repr, repr_with_fact
from ._results import LedgerEntry, NodeResult, UnitResult, VetoHit

__all__ = [
    "NOT_ASSESSED",
    "VETO_EFFECTS",
    "Finisher",
    "Requirement",
    "ScoreVeto",
    "TotalPolicy",
    "check_effect",
    "effect_text",
]

VetoEffect = Literal["lowest", "zero", "bar_top", "grade"]
VETO_EFFECTS: Final[tuple[VetoEffect, ...]] = ("lowest", "zero", "bar_top", "grade")
"""What a veto does: the grade falls to the lowest (the default); the total becomes 0;
the top grade is barred (否优项: at most the second band); the grade is set to a band."""

NOT_ASSESSED: Final = "不参评"
"""The grade of a unit the eligibility gate kept out."""


def effect_text(effect: str, grade: str, lowest: str) -> str:
    """The effect of a veto in the words of a score sheet.

    >>> effect_text("bar_top", "", "不合格"), effect_text("grade", "合格", "不合格")
    ('不得评为最高等次', '考核等次为合格')
    """
    if effect == "zero":
        return "考核总分计为0分"
    if effect == "bar_top":
        return "不得评为最高等次"
    if effect == "grade":
        return f"考核等次为{grade}"
    return f"考核等次为{lowest}"


def check_effect(owner: str, effect: object, grade: object) -> None:
    """Raise ``RulebookError`` unless *effect* is known and *grade* fits it."""
    if effect not in VETO_EFFECTS:
        raise RulebookError(
            owner, "effect", effect, f"must be one of {', '.join(VETO_EFFECTS)} {got(effect)}"
        )
    if effect == "grade" and (not isinstance(grade, str) or not grade):
        raise RulebookError(
            owner,
            "grade",
            grade,
            f"must name the grade band an effect='grade' veto sets {got(grade)}",
        )
    if effect != "grade" and grade != "":
        raise RulebookError(owner, "grade", grade, "is only read when effect='grade'")


def check_effect_grade(owner: str, effect: str, grade: str, grades: tuple[GradeBand, ...]) -> None:
    """Raise ``RulebookError`` when a veto names a band the rulebook does not have, or
    bars the top grade of a rulebook with one band."""
    titles = [band.title for band in grades]
    if effect == "grade" and grade not in titles:
        raise RulebookError(owner, "grade", grade, f"must be one of the grades {', '.join(titles)}")
    if effect == "bar_top" and len(titles) < 2:
        raise RulebookError(owner, "effect", effect, "needs at least two grade bands")


def _optional_points(value: object) -> Decimal | None:
    return None if value is None else to_points(value)


@friendly_arguments
@attrs.frozen(repr=False, field_transformer=named_converters)
class TotalPolicy:
    """The total's policy: how far bonus may take the total (declared per rulebook).

    Without a policy (the default) bonus is added on top of the base and the total can
    exceed full points (seed 004 allows 100 + 5).

    Args:
        above_full: Whether bonus may take the total above the rulebook's points.
        cap: The most the total may be (总分不超过), or ``None``; at least the points.
        bonus_cap: The most all bonus clauses together may add (加分合计不超过), or
            ``None``; each ``Bonus`` keeps its own ``cap`` as well.
        text: The clause as printed.
        source: Where the clause comes from.

    >>> TotalPolicy(above_full=False)
    TotalPolicy(above_full=False)
    >>> TotalPolicy(above_full=False).criterion(Decimal(100))
    '加分后总分不超过100分'
    """

    above_full: bool = True
    cap: Decimal | None = attrs.field(default=None, converter=_optional_points)
    bonus_cap: Decimal | None = attrs.field(default=None, converter=_optional_points)
    text: str = ""
    source: str = ""

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.above_full, bool):
            raise RulebookError(
                "total",
                "above_full",
                self.above_full,
                f"must be True or False {got(self.above_full)}",
            )

    def __repr__(self) -> str:
        return code_repr(self)

    def check(self, owner: str, points: Decimal) -> None:
        """Raise ``RulebookError`` when the cap is below full points."""
        if self.cap is not None and self.cap < points:
            raise RulebookError(
                owner, "total", self, f"cap must be at least the rulebook's points ({fmt(points)})"
            )

    def ceiling(self, points: Decimal) -> Decimal | None:
        """The most the total may be, or ``None`` when unbounded."""
        limits = [
            limit for limit in (self.cap, None if self.above_full else points) if limit is not None
        ]
        return min(limits) if limits else None

    def criterion(self, points: Decimal) -> str:
        """The policy in the words of a score sheet (the docs site's 注 quotes it).

        >>> TotalPolicy().criterion(Decimal(100))
        '总分可以超过100分'
        >>> TotalPolicy(above_full=False, bonus_cap="5").criterion(Decimal(100))
        '加分合计不超过5分，加分后总分不超过100分'
        """
        parts = []
        if self.bonus_cap is not None:
            parts.append(f"加分合计不超过{fmt(self.bonus_cap)}分")
        ceiling = self.ceiling(points)
        if ceiling is not None:
            parts.append(f"加分后总分不超过{fmt(ceiling)}分")
        return self.text or "，".join(parts) or f"总分可以超过{fmt(points)}分"

    def budget(self, points: Decimal, base: Decimal) -> Decimal | None:
        """The most bonus may add for a unit whose base is *base*, or ``None``."""
        limits = [] if self.bonus_cap is None else [self.bonus_cap]
        ceiling = self.ceiling(points)
        if ceiling is not None:
            limits.append(max(ZERO, ceiling - base))
        return min(limits) if limits else None

    def note(self, points: Decimal) -> str:
        """Why an entry was cut, for its reason."""
        return self.criterion(points)


_ON: Final = ("total", "base")
_ON_TEXT: Final = {"total": "总分", "base": "基本得分（不含加分）"}


def _check_on(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if value not in _ON:
        raise RulebookError(
            getattr(instance, "id", ""), "on", value, f"must be one of total, base {got(value)}"
        )


@friendly_arguments
@attrs.frozen(repr=False, field_transformer=named_converters)
class ScoreVeto:
    """A veto on a score threshold: a total (or base) below ``below`` fails the year.

    Declared on the rulebook (``Rulebook(score_vetoes=...)``), not in the tree: it reads
    the unit's score, not a fact. It is read after the total's policy.

    Args:
        id: Stable ASCII id (names the veto in results: ``VetoHit.path``).
        title: The condition in Chinese, e.g. ``"年度考核得分低于80分"``.
        below: The threshold: a score strictly below it triggers.
        on: ``total`` (with bonus, the default) or ``base`` (before bonus).
        effect: One of :data:`VETO_EFFECTS` (``lowest`` by default).
        grade: The band an ``effect='grade'`` veto sets.
        text: The clause as printed.
        source: Where the clause comes from.

    >>> v = ScoreVeto("below_80", "年度考核得分低于80分", below="80")
    >>> v
    ScoreVeto('below_80', '年度考核得分低于80分', '80')
    >>> v.triggered(Decimal("79.5"), Decimal("79.5")), v.triggered(Decimal("80"), Decimal("80"))
    (True, False)
    """

    id: str = attrs.field(validator=check_id)
    title: str = attrs.field(validator=check_title)
    below: Decimal = attrs.field(converter=to_points)
    on: str = attrs.field(default="total", validator=_check_on)
    effect: str = "lowest"
    grade: str = ""
    text: str = ""
    source: str = ""

    def __attrs_post_init__(self) -> None:
        check_effect(self.id, self.effect, self.grade)

    def __repr__(self) -> str:
        return code_repr(self)

    def triggered(self, base: Decimal, total: Decimal) -> bool:
        """Whether the score read is below the threshold."""
        return (total if self.on == "total" else base) < self.below

    def reason(self, base: Decimal, total: Decimal, lowest: str) -> str:
        """The Chinese sentence listing this veto in a result.

        >>> ScoreVeto("b", "年度考核得分低于80分", below="80").reason(
        ...     Decimal("78"), Decimal("79.5"), "不合格")
        '一票否决：年度考核得分低于80分（总分79.5分，低于80分），考核等次为不合格'
        """
        value = total if self.on == "total" else base
        return (
            f"一票否决：{self.title}（{_ON_TEXT[self.on]}{fmt(value)}分，低于{fmt(self.below)}分），"
            f"{effect_text(self.effect, self.grade, lowest)}"
        )

    def criterion(self, *, lowest_grade: str = "不合格") -> str:
        """The clause in the words of a score sheet."""
        if self.text:
            return self.text
        return (
            f"{_ON_TEXT[self.on]}低于{fmt(self.below)}分的，实行“一票否决”，"
            f"{effect_text(self.effect, self.grade, lowest_grade)}"
        )

    def hit(self, base: Decimal, total: Decimal, lowest: str) -> VetoHit:
        """The result's record of this veto."""
        return VetoHit(
            self.id, self.title, self.reason(base, total, lowest), self.source, self.effect
        )


_REQUIRED_KINDS: Final = ("flag", "count", "amount", "score")


@friendly_arguments
@attrs.frozen(repr=False, field_transformer=named_converters)
class Requirement:
    """One condition of the eligibility gate (申报条件): a unit failing it is not scored.

    With a flag fact (the default, named after ``id``) the condition holds when the fact
    is true (自评合格: 是). With a number fact it holds when the value is at most
    ``at_most``, or at most the value of the fact ``limit`` names (a control figure
    that differs per unit, 控制指标).

    Args:
        id: Stable ASCII id; also the default fact's name.
        title: The condition in Chinese, as the gate states it (``"年度自评合格"``,
            ``"死亡人数未超过控制指标"``).
        fact: The fact read; by default a flag (or, with ``at_most``/``limit``, a count)
            named after ``id``. A string names it differently.
        at_most: The largest value that passes, for a number fact.
        limit: The name of a fact holding the largest value that passes (a count or
            amount fact with the same unit, declared by the rulebook as ``控制指标``).
        unit: The counter word for reasons (人, 起).
        text: The condition as printed.
        source: Where it comes from.

    >>> r = Requirement("deaths", "死亡人数未超过控制指标", at_most="2", unit="人")
    >>> r.met({"deaths": 3}), r.reason({"deaths": 3})
    (False, '不符合申报条件：死亡人数未超过控制指标（实际3人，不超过2人）')
    """

    kind: ClassVar[str] = "requirement"

    id: str = attrs.field(validator=check_id)
    title: str = attrs.field(validator=check_title)
    fact: Fact = attrs.field(default=None)
    at_most: Decimal | None = attrs.field(default=None, converter=_optional_points)
    limit: str = ""
    unit: str = ""
    text: str = ""
    source: str = ""

    def __attrs_post_init__(self) -> None:
        fact = self.fact
        if fact is None or isinstance(fact, str):
            fact = self._auto(fact)
        if not isinstance(fact, Fact) or fact.kind not in _REQUIRED_KINDS:
            raise RulebookError(
                self.id, "fact", self.fact, f"must be a flag or number fact {got(self.fact)}"
            )
        numeric = self.at_most is not None or bool(self.limit)
        if numeric and fact.kind == "flag":
            raise RulebookError(
                self.id, "fact", fact.name, "must be a number fact when at_most or limit is given"
            )
        if not numeric and fact.kind != "flag":
            raise RulebookError(
                self.id, "at_most", None, "must be given (or limit) for a number fact"
            )
        if self.limit:
            check_id(self, attrs.fields(Requirement).limit, self.limit)
        object.__setattr__(self, "fact", fact)

    def _auto(self, name: str | None) -> Fact:
        if self.at_most is not None or self.limit:
            return Fact(name or self.id, self.title, kind="count", unit=self.unit)
        return Fact(name or self.id, self.title, kind="flag")

    def __repr__(self) -> str:
        return repr_with_fact(self, self.fact, self._auto)

    def facts(self) -> tuple[Fact, ...]:
        """The facts the condition reads (its own, and the control figure's)."""
        if not self.limit:
            return (self.fact,)
        label = f"{self.title}（控制指标）"
        return (self.fact, Fact(self.limit, label, kind=self.fact.kind, unit=self.unit))

    def bound(self, values: Mapping[str, Any]) -> Decimal | None:
        """The largest value that passes for this unit (``None`` for a flag)."""
        limits = [] if self.at_most is None else [self.at_most]
        if self.limit:
            limits.append(Decimal(values[self.limit]))
        return min(limits) if limits else None

    def met(self, values: Mapping[str, Any]) -> bool:
        """Whether the unit meets the condition."""
        value = values[self.fact.name]
        bound = self.bound(values)
        if bound is None:
            return bool(value)
        return bool(Decimal(value) <= bound)

    def reason(self, values: Mapping[str, Any]) -> str:
        """Why a unit failing the condition is not scored, in Chinese."""
        bound = self.bound(values)
        if bound is None:
            return f"不符合申报条件：{self.title}（未满足）"
        value = fmt(Decimal(values[self.fact.name]))
        unit = self.unit
        return f"不符合申报条件：{self.title}（实际{value}{unit}，不超过{fmt(bound)}{unit}）"

    def criterion(self) -> str:
        """The condition in the words of a score sheet."""
        if self.text:
            return self.text
        if self.at_most is not None and not self.limit:
            return f"{self.title}（不超过{fmt(self.at_most)}{self.unit}）"
        return self.title


# --------------------------------------------------------------- the final step


class Finisher:
    """A rulebook's gate, total policy and veto effects, prepared once per rulebook.

    :meth:`gate` runs before the plan; :meth:`finish` after it. ``Rulebook`` builds one
    only when the rulebook declares any of them (or a veto with a non-default effect),
    so the bundled rulebooks' scoring is untouched.
    """

    __slots__ = (
        "grades",
        "lowest",
        "points",
        "requirements",
        "score_vetoes",
        "total",
        "veto_grades",
    )

    def __init__(
        self,
        points: Decimal,
        *,
        grades: tuple[GradeBand, ...],
        total: TotalPolicy | None,
        score_vetoes: tuple[ScoreVeto, ...],
        requirements: tuple[Requirement, ...],
        veto_grades: Mapping[str, str],
    ) -> None:
        self.points = points
        self.grades = grades
        self.lowest = grades[-1].title
        self.total = total
        self.score_vetoes = score_vetoes
        self.requirements = requirements
        # The band each effect='grade' veto sets, by the path its hits carry.
        self.veto_grades = dict(veto_grades)
        for veto in score_vetoes:
            if veto.effect == "grade":
                self.veto_grades[veto.id] = veto.grade

    def gate(
        self, values: Mapping[str, Any], unit: str, name: str, rulebook: str, clean: NodeResult
    ) -> UnitResult | None:
        """The result of a unit that fails the gate (not scored), else ``None``."""
        failed = tuple(r.reason(values) for r in self.requirements if not r.met(values))
        if not failed:
            return None
        return UnitResult(
            unit,
            name,
            rulebook,
            clean.max,
            ZERO,
            ZERO,
            NOT_ASSESSED,
            False,
            (),
            clean,
            False,
            failed,
        )

    def finish(self, result: UnitResult) -> UnitResult:
        """Apply the total's policy, the score vetoes and the veto effects."""
        root = result.root
        if self.total is not None and root.gained:
            root = _cut_bonus(root, self.total, self.points)
        base = root.max - root.lost
        total = root.score
        vetoes = result.vetoes + tuple(
            v.hit(base, total, self.lowest) for v in self.score_vetoes if v.triggered(base, total)
        )
        if any(hit.effect == "zero" for hit in vetoes):
            base = total = ZERO
        grade = self._grade(total, vetoes)
        if (
            root is result.root
            and vetoes == result.vetoes
            and grade == result.grade
            and total == result.total
        ):
            return result
        return result._replace(
            base=base, total=total, grade=grade, vetoed=bool(vetoes), vetoes=vetoes, root=root
        )

    def _grade(self, total: Decimal, vetoes: tuple[VetoHit, ...]) -> str:
        titles = [band.title for band in self.grades]
        position = len(titles) - 1
        for n, band in enumerate(self.grades):
            if total >= band.minimum:
                position = n
                break
        for hit in vetoes:
            position = max(position, self._allowed(hit, titles))
        return titles[position]

    def _allowed(self, hit: VetoHit, titles: list[str]) -> int:
        """The best band (as a position, 0 the top) a veto allows."""
        if hit.effect == "bar_top":
            return 1
        if hit.effect == "grade":
            return titles.index(self.veto_grades.get(hit.path, self.lowest))
        if hit.effect == "zero":
            return 0  # the zeroed total's own band (the lowest) already applies
        return len(titles) - 1


def _cut_bonus(root: NodeResult, policy: TotalPolicy, points: Decimal) -> NodeResult:
    """Cut the bonus entries, in clause order, to what the policy lets bonus add."""
    budget = policy.budget(points, root.max - root.lost)
    if budget is None or root.gained <= budget:
        return root
    note = policy.note(points)
    replaced: dict[int, LedgerEntry] = {}  # by position in the unit's ledger
    left = budget
    for position, entry in enumerate(root.entries):
        if entry.kind != "bonus" or not entry.counted:
            continue
        share = min(entry.counted, left)
        left -= share
        if share != entry.counted:
            reason = f"{entry.reason}（{note}，计入{fmt(share)}分）"
            replaced[position] = entry._replace(
                counted=share, absorbed=entry.raw - share, reason=reason
            )
    cut = root.gained - budget
    rebuilt = _rebuild(root, replaced, 0)
    return rebuilt._replace(absorbed=rebuilt.absorbed + cut)


def _rebuild(node: NodeResult, replaced: dict[int, LedgerEntry], start: int) -> NodeResult:
    """*node* with the entries at the ledger positions in *replaced* put in their place.

    A node's entries are the unit's ledger from position *start* on, and its children's
    entries follow one another in the same order, so each entry is found by its
    position, never by its identity (the evaluator may share equal entries).
    """
    end = start + len(node.entries)
    if not node.gained or not any(start <= position < end for position in replaced):
        return node
    entries = tuple(
        replaced.get(position, entry) for position, entry in enumerate(node.entries, start)
    )
    gained = sum((entry.counted for entry in entries if entry.kind == "bonus"), ZERO)
    children = []
    for child in node.children:
        children.append(_rebuild(child, replaced, start))
        start += len(child.entries)
    return node._replace(
        entries=entries,
        gained=gained,
        score=node.max - node.lost + gained,
        children=tuple(children),
    )
