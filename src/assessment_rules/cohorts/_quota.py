"""The excellent quota (优秀比例): at most a share of a cohort keeps the top grade.

Seed 000 (普安委〔2024〕8号 二、5) says 优秀比例控制在30%左右. How the share becomes a
number of places, and what happens when units tie at the last place, are not in the
seeds: both are settings of :class:`ExcellentQuota`, declared on the rulebook, and every
unit the quota moves (or a tie keeps) is reported with a Chinese reason.

The allocation is a pure function of the ranked totals: :func:`allocate_places`.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from typing import Final, Literal

import attrs

from ..engine._arguments import friendly_arguments
from ..engine._errors import RulebookError
from ..engine._grades import GradeBand
from ..engine._node import got, named_converters, to_decimal
from ..engine._numbers import fmt, round_half_up
from ..engine._repr import code_repr

__all__ = [
    "QUOTA_ROUNDINGS",
    "QUOTA_SCOPES",
    "TIE_POLICIES",
    "ExcellentQuota",
    "QuotaCandidate",
    "QuotaDecision",
    "QuotaOutcome",
    "allocate_places",
    "merge_outcomes",
]

QuotaRounding = Literal["half_up", "down", "up"]
TiePolicy = Literal["admit_all", "admit_none", "by_evidence_order"]
QuotaStatus = Literal["", "admitted", "admitted_tie", "demoted", "demoted_tie", "vetoed"]

QUOTA_ROUNDINGS: Final[tuple[QuotaRounding, ...]] = ("half_up", "down", "up")
TIE_POLICIES: Final[tuple[TiePolicy, ...]] = ("admit_all", "admit_none", "by_evidence_order")
QuotaScope = Literal["overall", "group"]
QUOTA_SCOPES: Final[tuple[QuotaScope, ...]] = ("overall", "group")

_ROUNDING_TEXT: Final = {"half_up": "四舍五入", "down": "向下取整", "up": "向上取整"}
_TIE_TEXT: Final = {
    "admit_all": "同分全部评为优秀",
    "admit_none": "同分均不占优秀名额",
    "by_evidence_order": "同分按报送顺序占用名额",
}


def _share(value: object) -> Decimal:
    try:
        share: Decimal | None = to_decimal(value)
    except RulebookError:
        share = None
    if share is None or not Decimal(0) <= share <= Decimal(1):
        raise RulebookError("quota", "share", value, "must be a fraction from 0 to 1, e.g. '0.30'")
    return share


_OPTIONS: Final[dict[str, tuple[str, ...]]] = {
    "rounding": QUOTA_ROUNDINGS,
    "ties": TIE_POLICIES,
    "scope": QUOTA_SCOPES,
}


def _check_option(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    options = _OPTIONS[attribute.name]
    if value not in options:
        raise RulebookError(
            "quota", attribute.name, value, f"must be one of {', '.join(options)} {got(value)}"
        )


@friendly_arguments
@attrs.frozen(repr=False, field_transformer=named_converters)
class ExcellentQuota:
    """优秀比例: at most ``share`` of the cohort keeps the top grade (优秀).

    The number of places is ``share × cohort size`` made whole by ``rounding``. Units
    graded 优秀 by their score are admitted in rank order; the rest move one grade down
    (优秀 → 良好), each with a reason. A vetoed unit never takes a place: its grade is
    already the lowest.

    Args:
        share: The share of the cohort, as decimal text (``"0.30"`` for 30%).
        rounding: ``half_up`` (四舍五入, the default), ``down`` (never above the share)
            or ``up`` (never below it).
        ties: What happens when units with equal totals straddle the last place:
            ``admit_all`` (all of them keep 优秀, more than the quota, reported),
            ``admit_none`` (none of them does, fewer than the quota, reported) or
            ``by_evidence_order`` (the places go in evidence order, reported).
        text: The clause as printed.
        source: Where the quota comes from.
        scope: When the rulebook ranks within classes (分类排名, ``Ranking(groups=…)``):
            ``overall`` (the default: the places are a share of all ranked units,
            given by total across the classes) or ``group`` (each class has its own
            share, rounded class by class). Units not ranked (参评不排名, 不参评)
            neither count nor take a place.

    >>> quota = ExcellentQuota(source="普安委〔2024〕8号 二、5")
    >>> quota.places(10), quota.places(5), quota.places(15)
    (3, 2, 5)
    >>> ExcellentQuota(share="0.30", rounding="down").places(5)
    1
    """

    share: Decimal = attrs.field(default=Decimal("0.30"), converter=_share)
    rounding: QuotaRounding = attrs.field(default="half_up", validator=_check_option)
    ties: TiePolicy = attrs.field(default="admit_all", validator=_check_option)
    text: str = ""
    source: str = ""
    scope: QuotaScope = attrs.field(default="overall", validator=_check_option)

    def __repr__(self) -> str:
        return code_repr(self)

    def criterion(self) -> str:
        """The quota in the words of a score sheet (the docs site's 注 quotes it).

        >>> ExcellentQuota().criterion()
        '优秀比例控制在30%：优秀名额为参加排名的单位数×30%，四舍五入；同分跨过名额的，同分全部评为优秀'
        """
        if self.text:
            return self.text
        percent = fmt(self.share * 100)
        scope = "，各类别分别计算" if self.scope == "group" else ""
        return (
            f"优秀比例控制在{percent}%：优秀名额为参加排名的单位数×{percent}%，"
            f"{_ROUNDING_TEXT[self.rounding]}{scope}；同分跨过名额的，{_TIE_TEXT[self.ties]}"
        )

    def exact_places(self, size: int) -> Decimal:
        """``share × size`` before rounding (``Decimal('4.5')`` for 15 units at 30%)."""
        return self.share * size

    def places(self, size: int) -> int:
        """The number of 优秀 places for a cohort of *size* units."""
        exact = self.exact_places(size)
        if self.rounding == "half_up":
            return int(round_half_up(exact, 0))
        mode = ROUND_FLOOR if self.rounding == "down" else ROUND_CEILING
        return int(exact.to_integral_value(rounding=mode))

    def describe(self, size: int) -> str:
        """The places as an officer would check them.

        >>> ExcellentQuota().describe(15)
        '共15个单位，优秀名额5个（15×30%=4.5，四舍五入）'
        """
        exact = self.exact_places(size)
        percent = fmt(self.share * 100)
        return (
            f"共{size}个单位，优秀名额{self.places(size)}个"
            f"（{size}×{percent}%={fmt(exact)}，{_ROUNDING_TEXT[self.rounding]}）"
        )

    def check(
        self, owner: str, grades: tuple[GradeBand, ...], groups: tuple[str, ...] | None = None
    ) -> None:
        """Raise ``RulebookError`` unless *grades* have a grade below the top to move to
        and, for ``scope='group'``, the rulebook ranks within classes (*groups*)."""
        if len(grades) < 2:
            raise RulebookError(
                owner, "quota", self, "needs at least two grade bands (优秀 moves to the next)"
            )
        if self.scope == "group" and groups is not None and not groups:
            raise RulebookError(
                owner,
                "quota",
                self,
                "has scope='group' but the rulebook's ranking declares no groups "
                "(Ranking(groups=(...)))",
            )


@attrs.frozen
class QuotaCandidate:
    """What the allocation needs to know about one ranked unit.

    Attributes:
        unit: The unit id.
        total: The unit's total.
        rank: Its competition rank.
        grade: Its grade by score (the lowest when vetoed).
        vetoed: Whether a veto triggered.
    """

    unit: str
    total: Decimal
    rank: int
    grade: str
    vetoed: bool = False


@attrs.frozen
class QuotaDecision:
    """The quota's effect on one unit.

    Attributes:
        grade: The grade after the quota.
        status: ``""`` (not concerned), ``admitted`` (keeps 优秀 within the places),
            ``admitted_tie`` (keeps 优秀 beyond the places by the tie policy),
            ``demoted`` (优秀 by score, ranked beyond the places), ``demoted_tie``
            (优秀 by score, tied at the last place and left out by the tie policy) or
            ``vetoed`` (score reached 优秀 but a veto took the grade; no place).
        note: The Chinese reason ("" when not concerned or simply admitted).
    """

    grade: str
    status: QuotaStatus = ""
    note: str = ""

    @property
    def moved(self) -> bool:
        """Whether the quota changed this unit's grade."""
        return self.status in ("demoted", "demoted_tie")


@attrs.frozen
class QuotaOutcome:
    """The quota applied to a whole cohort.

    Attributes:
        quota: The setting applied.
        size: The cohort size (vetoed units count).
        places: The number of 优秀 places.
        candidates: Units graded 优秀 by their score (vetoed units are not).
        admitted: Units graded 优秀 after the quota.
        demoted: Units moved from 优秀 to the next grade.
        tie: Whether equal totals straddled the last place.
        over_quota: How many units a tie kept beyond the places (``admit_all``).
        binding: Whether the quota changed any grade.
        grade: The limited grade (优秀).
        demoted_to: The grade moved units receive (良好).
        note: A Chinese summary for the cohort.
    """

    quota: ExcellentQuota
    size: int
    places: int
    candidates: int
    admitted: int
    demoted: int
    tie: bool
    over_quota: int
    binding: bool
    grade: str
    demoted_to: str
    note: str


def allocate_places(
    quota: ExcellentQuota,
    grades: tuple[GradeBand, ...],
    units: Sequence[QuotaCandidate],
) -> tuple[tuple[QuotaDecision, ...], QuotaOutcome]:
    """Apply *quota* to ranked *units* (in rank order, ties in evidence order).

    Args:
        quota: The quota setting.
        grades: The rulebook's grade bands, highest first.
        units: The cohort, best first; equal totals keep their evidence order.

    Returns:
        One decision per unit, in the order given, and the cohort's outcome.

    >>> top = [QuotaCandidate(u, Decimal(t), r, "优秀") for u, t, r in
    ...        [("a", "95", 1), ("b", "92", 2), ("c", "92", 2), ("d", "91", 4)]]
    >>> from assessment_rules import STANDARD_GRADES
    >>> decisions, outcome = allocate_places(ExcellentQuota(share="0.5"), STANDARD_GRADES, top)
    >>> [d.grade for d in decisions], outcome.places
    (['优秀', '优秀', '优秀', '良好'], 2)
    """
    quota.check("quota", grades)
    best, lower = grades[0].title, grades[1].title
    size = len(units)
    places = quota.places(size)
    decisions: list[QuotaDecision] = [QuotaDecision(unit.grade) for unit in units]
    candidates = [i for i, unit in enumerate(units) if unit.grade == best and not unit.vetoed]
    for i, unit in enumerate(units):
        if unit.vetoed and unit.total >= grades[0].minimum:
            decisions[i] = QuotaDecision(
                unit.grade,
                "vetoed",
                f"得分{fmt(unit.total)}分达到{best}分数线，但被一票否决，不占{best}名额",
            )
    tie = 0 < places < len(candidates) and (
        units[candidates[places - 1]].total == units[candidates[places]].total
    )
    boundary = units[candidates[places - 1]].total if tie else None
    admitted_count = 0
    for position, i in enumerate(candidates):
        unit = units[i]
        rank_text = f"得分{fmt(unit.total)}分，排名第{unit.rank}"
        if boundary is not None and unit.total == boundary:
            keep = quota.ties == "admit_all" or (
                quota.ties == "by_evidence_order" and position < places
            )
            if keep:
                note = (
                    f"{rank_text}，与{best}名额末位同分；按并列处理规则"
                    f"（{_TIE_TEXT[quota.ties]}）评为{best}"
                )
                status: QuotaStatus = "admitted_tie"
                grade = best
            else:
                note = (
                    f"{rank_text}，与{best}名额末位同分；按并列处理规则"
                    f"（{_TIE_TEXT[quota.ties]}）未占{best}名额，等次由{best}调整为{lower}"
                )
                status, grade = "demoted_tie", lower
        elif position < places:
            status, grade, note = "admitted", best, ""
        else:
            note = (
                f"{rank_text}，达到{best}分数线，但超出{best}名额（{places}个），"
                f"等次由{best}调整为{lower}"
            )
            status, grade = "demoted", lower
        if grade == best:
            admitted_count += 1
        decisions[i] = QuotaDecision(grade, status, note)
    demoted = sum(1 for d in decisions if d.moved)
    over = max(0, admitted_count - places)
    outcome = QuotaOutcome(
        quota,
        size,
        places,
        len(candidates),
        admitted_count,
        demoted,
        tie,
        over,
        demoted > 0 or over > 0,
        best,
        lower,
        _outcome_note(
            quota, size, (len(candidates), admitted_count, demoted, over), tie, (best, lower)
        ),
    )
    return tuple(decisions), outcome


def _outcome_note(
    quota: ExcellentQuota,
    size: int,
    counts: tuple[int, int, int, int],
    tie: bool,
    titles: tuple[str, str],
) -> str:
    candidates, admitted, demoted, over = counts
    best, lower = titles
    parts = [f"{best}比例控制在{fmt(quota.share * 100)}%左右：{quota.describe(size)}"]
    parts.append(f"按得分{candidates}个单位达到{best}")
    if demoted:
        parts.append(f"{demoted}个单位由{best}调整为{lower}")
    if tie:
        parts.append(f"名额末位出现同分，按并列处理规则（{_TIE_TEXT[quota.ties]}）处理")
    if over:
        parts.append(f"评为{best}{admitted}个，超出名额{over}个")
    else:
        parts.append(f"评为{best}{admitted}个")
    return "；".join(parts)


def merge_outcomes(outcomes: Sequence[tuple[str, QuotaOutcome]]) -> QuotaOutcome:
    """One outcome for a quota applied class by class (``scope='group'``).

    Counts add up; the note gives each class's note after its name.
    """
    first = outcomes[0][1]
    return QuotaOutcome(
        first.quota,
        sum(o.size for _, o in outcomes),
        sum(o.places for _, o in outcomes),
        sum(o.candidates for _, o in outcomes),
        sum(o.admitted for _, o in outcomes),
        sum(o.demoted for _, o in outcomes),
        any(o.tie for _, o in outcomes),
        sum(o.over_quota for _, o in outcomes),
        any(o.binding for _, o in outcomes),
        first.grade,
        first.demoted_to,
        "；".join(f"【{group}】{o.note}" if group else o.note for group, o in outcomes),
    )
