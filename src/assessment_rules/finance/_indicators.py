"""Performance indicators (绩效指标) of the project-expenditure self-evaluation table.

A quantitative indicator compares the actual value with a target printed as
``=100.00(百分比)``, ``≥90.00(百分比)`` or ``≤5.00(万元)``: full points when the target
is met, otherwise proportional (``≥`` and ``=``: actual ÷ target; ``≤``: target ÷
actual), half up to two places, never above the points. A qualitative indicator
(满意, 有效, 达成指标…) is scored by the assessor within the band of its outcome:
达成指标 100–80 %, 部分达成指标 80–60 %, 未达成指标 60–0 % of the points.

An indicator below full points needs a deviation reason (偏差原因分析及改进措施);
without one the evidence is rejected.

:class:`IndicatorTable` stands for the indicator rows of a form whose rows differ from
unit to unit (each project declares its own indicators); it builds the concrete
:class:`~assessment_rules.Section` of scored leaves for one unit's rows.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from itertools import pairwise
from typing import Any, ClassVar, Final, Literal

import attrs

from ..combinators._structure import Section
from ..engine._errors import RulebookError, did_you_mean
from ..engine._facts import Fact
from ..engine._node import (
    ID_PATTERN,
    Lapse,
    Node,
    ScoredLeaf,
    check_id,
    check_title,
    to_decimal,
    to_points,
)
from ..engine._numbers import ZERO, as_decimal, divide_rounded, fmt
from ..engine._reasons import deduction_text
from ..engine._repr import code_repr

__all__ = [
    "INDICATOR_CATEGORIES",
    "INDICATOR_GROUPS",
    "QUALITATIVE_BANDS",
    "IndicatorBand",
    "IndicatorRow",
    "IndicatorTable",
    "QualitativeIndicator",
    "QuantitativeIndicator",
    "Target",
    "parse_quantity",
    "parse_target",
]

Comparator = Literal["=", "≥", "≤"]
COMPARATORS: Final[tuple[Comparator, ...]] = ("=", "≥", "≤")
_COMPARATOR_SPELLINGS: Final[dict[str, Comparator]] = {
    "=": "=",
    "＝": "=",
    "==": "=",
    "≥": "≥",
    ">=": "≥",
    "≧": "≥",
    "≤": "≤",
    "<=": "≤",
    "≦": "≤",
}
_QUANTITY: Final = re.compile(
    r"^\s*(?P<number>[-+]?[0-9][0-9,]*(?:\.[0-9]+)?)\s*(?:[(（]\s*(?P<unit>[^()（）]*?)\s*[)）])?\s*$"
)
_TARGET: Final = re.compile(r"^\s*(?P<comparator>==|>=|<=|[=＝≥≧≤≦])\s*(?P<rest>.*)$", re.S)
# Text that starts like a number or a comparator is meant to be quantitative; a typo in
# it must not turn it silently into a qualitative target.
_LOOKS_QUANTITATIVE: Final = re.compile(r"^\s*(?:[=＝≥≧≤≦<>]|[-+]?[0-9])")


def _plain_text(value: Decimal) -> str:
    return format(value, "f")


def parse_quantity(text: str) -> tuple[Decimal, str]:
    """Split a printed quantity such as ``100.00(百分比)`` into its number and unit.

    Args:
        text: The printed value; the unit in half- or full-width brackets is optional.

    Returns:
        The exact number (its decimal places kept) and the unit ("" when none).

    Raises:
        ValueError: The text is not a number optionally followed by ``(unit)``.

    >>> parse_quantity("393.00(次)")
    (Decimal('393.00'), '次')
    """
    match = _QUANTITY.match(text) if isinstance(text, str) else None
    if match is None:
        raise ValueError(f"{text!r} is not a number followed by an optional (unit)")
    return as_decimal(match["number"]), match["unit"] or ""


@attrs.frozen(repr=False)
class Target:
    """A quantitative target (年度指标值): comparator, value and unit.

    Args:
        comparator: ``=``, ``≥`` or ``≤``.
        value: The target value (never negative), decimal text or ``Decimal``.
        unit: The unit printed in brackets (百分比, 级, 项, 万元…), or "".

    >>> t = parse_target("≥90.00(百分比)")
    >>> t, str(t)
    (Target('≥', '90.00', unit='百分比'), '≥90.00(百分比)')
    """

    comparator: Comparator
    value: Decimal = attrs.field(converter=to_decimal)
    unit: str = ""

    def __attrs_post_init__(self) -> None:
        if self.comparator not in COMPARATORS:
            raise RulebookError(
                "", "comparator", self.comparator, f"must be one of {', '.join(COMPARATORS)}"
            )
        if self.value < 0:
            raise RulebookError("", "target", str(self), "must not be negative")

    def __repr__(self) -> str:
        return code_repr(self)

    def __str__(self) -> str:
        unit = f"({self.unit})" if self.unit else ""
        return f"{self.comparator}{_plain_text(self.value)}{unit}"

    def met(self, actual: Decimal) -> bool:
        """Whether *actual* meets the target (``=`` counts a higher value as met).

        >>> parse_target("=2.00(项)").met(Decimal("2"))
        True
        """
        if self.comparator == "≤":
            return actual <= self.value
        return actual >= self.value

    def score(self, actual: Decimal, points: Decimal, places: int = 2) -> Decimal:
        """Return the points earned: full when met, otherwise proportional, half up.

        ``≥`` and ``=``: points × actual ÷ target; ``≤``: points × target ÷ actual; never
        above *points*.

        >>> parse_target("≥90.00(百分比)").score(Decimal("85"), Decimal("15"))
        Decimal('14.17')
        """
        if self.met(actual):
            return points
        if self.comparator == "≤":
            earned = divide_rounded(points * self.value, actual, places)
        else:
            earned = divide_rounded(points * actual, self.value, places)
        return min(earned, points)


def parse_target(text: str | Target) -> Target:
    """Parse a printed quantitative target such as ``=100.00(百分比)`` or ``≤5(万元)``.

    ``>=``, ``<=``, ``≧``, ``≦`` and the full-width ``＝`` are read as ``≥``, ``≤``, ``=``.

    Args:
        text: The 年度指标值 as printed (or a ``Target``, returned as is).

    Returns:
        The parsed target.

    Raises:
        RulebookError: The text is not a comparator, a number ≥ 0 and an optional unit.

    >>> parse_target("≥5.00(级)")
    Target('≥', '5.00', unit='级')
    """
    if isinstance(text, Target):
        return text
    expectation = "must be a comparator (=, ≥, ≤), a number ≥ 0 and an optional (unit)"
    match = _TARGET.match(text) if isinstance(text, str) else None
    if match is None:
        raise RulebookError("", "target", text, expectation)
    try:
        value, unit = parse_quantity(match["rest"])
    except ValueError:
        raise RulebookError("", "target", text, expectation) from None
    if value < 0:
        raise RulebookError("", "target", text, "must not be negative")
    return Target(_COMPARATOR_SPELLINGS[match["comparator"]], value, unit)


def looks_quantitative(text: str) -> bool:
    """Whether a printed 年度指标值 starts like a number or a comparator.

    >>> looks_quantitative("≥90.00(百分比)"), looks_quantitative("满意")
    (True, False)
    """
    return bool(_LOOKS_QUANTITATIVE.match(text))


def _share(value: object) -> Decimal:
    number = to_decimal(value)
    if not ZERO <= number <= 1:
        raise RulebookError("", "share", value, "must be a share of the points from 0 to 1")
    return number


@attrs.frozen(repr=False)
class IndicatorBand:
    """One outcome of a qualitative indicator and the share of its points it may earn.

    The lower bound is inclusive; the upper bound is exclusive, except for a band that
    reaches 1 (full points).

    Args:
        title: The outcome as printed in 实际完成值, e.g. ``"达成指标"``.
        minimum: The lowest share of the points, e.g. ``"0.8"``.
        maximum: The highest share, e.g. ``"1"``.

    >>> IndicatorBand("部分达成指标", "0.6", "0.8").admits(Decimal("9"), Decimal("15"))
    True
    """

    title: str = attrs.field(validator=check_title)
    minimum: Decimal = attrs.field(converter=_share)
    maximum: Decimal = attrs.field(converter=_share)

    def __attrs_post_init__(self) -> None:
        if self.minimum >= self.maximum:
            raise RulebookError(self.title, "maximum", self.maximum, "must be > minimum")

    def __repr__(self) -> str:
        return code_repr(self)

    def admits(self, score: Decimal, points: Decimal) -> bool:
        """Whether *score* out of *points* lies in this band."""
        low = self.minimum * points
        high = self.maximum * points
        return low <= score <= high if self.maximum == 1 else low <= score < high

    def describe(self, points: Decimal) -> str:
        """The band as a score range, e.g. ``'from 12 to 15'`` or ``'from 9 to below 12'``."""
        low, high = fmt(self.minimum * points), fmt(self.maximum * points)
        return f"from {low} to {high}" if self.maximum == 1 else f"from {low} to below {high}"


QUALITATIVE_BANDS: tuple[IndicatorBand, ...] = (
    IndicatorBand("达成指标", "0.8", "1"),
    IndicatorBand("部分达成指标", "0.6", "0.8"),
    IndicatorBand("未达成指标", "0", "0.6"),
)
"""The national bands: achieved 100–80 %, partly achieved 80–60 %, not achieved 60–0 %."""


def _to_bands(value: Iterable[IndicatorBand]) -> tuple[IndicatorBand, ...]:
    bands = tuple(value)
    if not bands or not all(isinstance(band, IndicatorBand) for band in bands):
        raise RulebookError("", "bands", bands, "must be a non-empty tuple of IndicatorBand")
    titles = [band.title for band in bands]
    if len(set(titles)) != len(titles):
        raise RulebookError("", "bands", titles, "must have unique titles")
    if bands[0].maximum != 1 or bands[-1].minimum != 0:
        raise RulebookError("", "bands", bands, "must run from full points (1) down to 0")
    for higher, lower in pairwise(bands):
        if higher.minimum != lower.maximum:
            raise RulebookError(
                "", "bands", (higher.title, lower.title), "must be listed highest first, adjoining"
            )
    return bands


def _deviation_fact(name: str, title: str) -> Fact:
    return Fact(
        f"{name}_deviation",
        f"{title}：偏差原因分析及改进措施",
        kind="list",
        default=(),
        help="Required when the indicator scores below its points.",
    )


def _deviation_problem(
    fact: Fact, values: Mapping[str, object], title: str, score: Decimal, points: Decimal
) -> list[tuple[str, object, str]]:
    if score >= points or values.get(fact.name):
        return []
    return [
        (
            fact.name,
            None,
            f"is required: {title} scores {fmt(score)} of {fmt(points)} "
            "(偏差原因分析及改进措施 must explain every indicator below full points)",
        )
    ]


def _deviation_note(detail: Sequence[str]) -> str:
    return f"（偏差原因：{'；'.join(detail)}）" if detail else ""


class _Indicator(ScoredLeaf):
    """What both kinds of indicator share: a main fact, full points, a deviation reason."""

    __slots__ = ()
    points: Decimal
    fact: str

    @property
    def fact_name(self) -> str:
        """The name of the main fact: the actual value, or the outcome."""
        return self.fact or self.id

    @property
    def max_points(self) -> Decimal:
        return self.points

    @property
    def deviation_fact(self) -> Fact:
        """The fact holding 偏差原因分析及改进措施 (texts)."""
        return _deviation_fact(self.fact_name, self.title)

    def _lapse(self, values: Mapping[str, Any], actual: object, score: Decimal) -> Lapse | None:
        """The points below full, with the deviation reason and what the reason quotes."""
        lost = self.points - score
        if lost <= 0:
            return None
        detail = tuple(values.get(self.deviation_fact.name, ()))
        return Lapse(1, lost, lost, detail=detail, actual=(actual, score))

    def _reason(self, base: str, lapse: Lapse, counted: Decimal) -> str:
        return deduction_text(base, lapse.raw, counted) + _deviation_note(lapse.detail)


@attrs.frozen(repr=False)
class QuantitativeIndicator(_Indicator):
    """A quantitative indicator (定量指标): the actual value against a printed target.

    Args:
        id: Stable ASCII id.
        title: The 三级指标 as printed, e.g. ``"覆盖率"``.
        points: The row's 分值.
        target: The 年度指标值, e.g. ``"≥90.00(百分比)"`` (or a ``Target``).
        category: The 二级指标, e.g. ``"数量指标"`` (shown on the table).
        places: Decimal places of a proportional score (half up).
        fact: Name of the fact holding the actual value (default: ``id``); the deviation
            reason is the list fact ``<fact>_deviation``.
        text: The indicator's wording, if longer than the title.
        source: Where the indicator comes from.

    >>> q = QuantitativeIndicator("coverage", "覆盖率", "15", "≥90.00(百分比)")
    >>> q.score_for(Decimal("100.00")), q.score_for(Decimal("85"))
    (Decimal('15'), Decimal('14.17'))
    """

    kind: ClassVar[str] = "indicator"

    id: str = attrs.field(validator=check_id)
    title: str = attrs.field(validator=check_title)
    points: Decimal = attrs.field(converter=to_points)
    target: Target = attrs.field(converter=parse_target)
    category: str = ""
    places: int = 2
    fact: str = ""
    text: str = ""
    source: str = ""

    @property
    def actual_fact(self) -> Fact:
        """The fact holding 实际完成值, in the target's unit."""
        return Fact(
            self.fact_name, f"{self.title}：实际完成值", kind="amount", unit=self.target.unit
        )

    def own_facts(self) -> tuple[Fact, ...]:
        return (self.actual_fact, self.deviation_fact)

    def score_for(self, actual: Decimal) -> Decimal:
        """Return the 得分 for an actual value (see :meth:`Target.score`)."""
        return self.target.score(actual, self.points, self.places)

    def cross_check(self, values: Mapping[str, object]) -> list[tuple[str, object, str]]:
        actual = values.get(self.fact_name)
        if not isinstance(actual, Decimal):
            return []
        return _deviation_problem(
            self.deviation_fact, values, self.title, self.score_for(actual), self.points
        )

    def measure(self, values: Mapping[str, Any]) -> Lapse | None:
        actual: Decimal = values[self.fact_name]
        return self._lapse(values, actual, self.score_for(actual))

    def reason(self, lapse: Lapse, counted: Decimal) -> str:
        actual, score = lapse.actual
        unit = f"({self.target.unit})" if self.target.unit else ""
        base = (
            f"{self.title}实际完成值{_plain_text(actual)}{unit}，未达到年度指标值{self.target}，"
            f"得{fmt(score)}分（满分{fmt(self.points)}分）"
        )
        return self._reason(base, lapse, counted)


@attrs.frozen(repr=False)
class QualitativeIndicator(_Indicator):
    """A qualitative indicator (定性指标): an outcome band and the assessor's score in it.

    Args:
        id: Stable ASCII id.
        title: The 三级指标 as printed, e.g. ``"社会满意度"``.
        points: The row's 分值.
        target: The 年度指标值 as printed, e.g. ``"满意"``.
        category: The 二级指标, e.g. ``"社会效益指标"``.
        bands: The outcomes and their shares of the points, highest first.
        fact: Base name of the facts: ``<fact>`` is the outcome (one of the band titles),
            ``<fact>_score`` the score given, ``<fact>_deviation`` the deviation reason.
        text: The indicator's wording, if longer than the title.
        source: Where the indicator comes from.

    >>> q = QualitativeIndicator("satisfaction", "社会满意度", "15", "满意")
    >>> q.band_for("部分达成指标").describe(q.points)
    'from 9 to below 12'
    """

    kind: ClassVar[str] = "indicator"

    id: str = attrs.field(validator=check_id)
    title: str = attrs.field(validator=check_title)
    points: Decimal = attrs.field(converter=to_points)
    target: str = attrs.field(validator=check_title)
    category: str = ""
    bands: tuple[IndicatorBand, ...] = attrs.field(default=QUALITATIVE_BANDS, converter=_to_bands)
    fact: str = ""
    text: str = ""
    source: str = ""

    def __attrs_post_init__(self) -> None:
        if looks_quantitative(self.target):
            raise RulebookError(
                self.id,
                "target",
                self.target,
                "looks quantitative: use QuantitativeIndicator (or fix the comparator)",
            )

    @property
    def outcome_fact(self) -> Fact:
        """The fact holding 实际完成值: one of the band titles."""
        return Fact(
            self.fact_name,
            f"{self.title}：实际完成值",
            kind="choice",
            choices=tuple(band.title for band in self.bands),
        )

    @property
    def score_fact(self) -> Fact:
        """The fact holding the score the assessor gives within the outcome's band."""
        return Fact(
            f"{self.fact_name}_score",
            f"{self.title}：得分",
            kind="score",
            maximum=self.points,
            unit="分",
        )

    def own_facts(self) -> tuple[Fact, ...]:
        return (self.outcome_fact, self.score_fact, self.deviation_fact)

    def band_for(self, outcome: str) -> IndicatorBand:
        """Return the band of an outcome title.

        Raises:
            KeyError: No band has that title.
        """
        for band in self.bands:
            if band.title == outcome:
                return band
        raise KeyError(outcome)

    def cross_check(self, values: Mapping[str, object]) -> list[tuple[str, object, str]]:
        outcome, score = values.get(self.fact_name), values.get(self.score_fact.name)
        if not isinstance(outcome, str) or not isinstance(score, Decimal):
            return []
        band = self.band_for(outcome)
        if not band.admits(score, self.points):
            return [
                (
                    self.score_fact.name,
                    score,
                    f"must be {band.describe(self.points)} for {outcome} "
                    f"({fmt(band.minimum * 100)}–{fmt(band.maximum * 100)}% of {fmt(self.points)})",
                )
            ]
        return _deviation_problem(self.deviation_fact, values, self.title, score, self.points)

    def measure(self, values: Mapping[str, Any]) -> Lapse | None:
        return self._lapse(values, values[self.fact_name], values[self.score_fact.name])

    def reason(self, lapse: Lapse, counted: Decimal) -> str:
        outcome, score = lapse.actual
        base = (
            f"{self.title}{outcome}（年度指标值：{self.target}），"
            f"评分得{fmt(score)}分（满分{fmt(self.points)}分）"
        )
        return self._reason(base, lapse, counted)


INDICATOR_GROUPS: Final[tuple[tuple[str, str], ...]] = (
    ("产出指标", "output"),
    ("效益指标", "outcome"),
    ("满意度指标", "satisfaction"),
    ("成本指标", "cost"),
)
"""一级指标 of the national form and the ids their sections get."""

INDICATOR_CATEGORIES: Final[tuple[tuple[str, str], ...]] = (
    ("数量指标", "quantity"),
    ("质量指标", "quality"),
    ("时效指标", "timeliness"),
    ("成本指标", "cost"),
    ("经济效益指标", "economic"),
    ("社会效益指标", "social"),
    ("生态效益指标", "ecological"),
    ("可持续影响指标", "sustainability"),
    ("服务对象满意度指标", "service_satisfaction"),
    ("满意度指标", "satisfaction"),
    ("经济成本指标", "economic_cost"),
    ("社会成本指标", "social_cost"),
    ("生态环境成本指标", "ecological_cost"),
)
"""二级指标 of the national form and the ids their rows get (repeats get ``_2``, ``_3``)."""


def _to_pairs(value: Iterable[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    pairs = tuple((str(title), str(ident)) for title, ident in value)
    for title, ident in pairs:
        if not ID_PATTERN.match(ident):
            raise RulebookError(
                title, "id", ident, "must be lowercase ASCII: a letter, then letters, digits or _"
            )
        if not title.strip():
            raise RulebookError(ident, "title", title, "must be a non-empty string")
    return pairs


@attrs.frozen
class IndicatorRow:
    """The definition of one indicator row as a unit's form declares it.

    Attributes:
        group: 一级指标, e.g. ``"产出指标"``.
        category: 二级指标, e.g. ``"数量指标"``.
        title: 三级指标, e.g. ``"覆盖度"``.
        target: 年度指标值 as printed: quantitative (``=100.00(百分比)``) or qualitative.
        points: 分值.

    >>> row = IndicatorRow("产出指标", "数量指标", "覆盖度", "=100.00(百分比)", Decimal("15"))
    >>> row.quantitative
    True
    """

    group: str
    category: str
    title: str
    target: str
    points: Decimal

    @property
    def quantitative(self) -> bool:
        """Whether the target is quantitative (starts with a comparator or a number)."""
        return looks_quantitative(self.target)


@attrs.frozen(repr=False)
class IndicatorTable(Node):
    """The indicator rows of a form, declared per unit (each project has its own).

    In a rulebook it holds the indicators' points and scoring settings; for one unit,
    :meth:`build` turns that unit's rows into a ``Section`` of one ``Section`` per 一级指标
    holding a scored leaf per row (paths such as ``indicators.output.quantity``).

    Args:
        id: Stable ASCII id (``"indicators"``).
        title: The heading, e.g. ``"绩效指标"``.
        points: The points all rows must add up to (90 on the national form).
        bands: Bands for qualitative rows.
        places: Decimal places of proportional scores (half up).
        groups: 一级指标 titles and the ids of their sections.
        categories: 二级指标 titles and the ids of their rows.
        text: Any text printed with the rows.
        source: Where the rules for the rows come from.

    >>> table = IndicatorTable("indicators", "绩效指标", points="30")
    >>> section = table.build([
    ...     IndicatorRow("产出指标", "数量指标", "覆盖度", "=100.00(百分比)", Decimal("15")),
    ...     IndicatorRow("效益指标", "社会效益指标", "社会满意率", "满意", Decimal("15"))])
    >>> [path for path, node in section.walk() if not node.children]
    ['indicators.output.quantity', 'indicators.outcome.social']
    """

    kind: ClassVar[str] = "indicator_table"

    id: str = attrs.field(validator=check_id)
    title: str = attrs.field(validator=check_title)
    points: Decimal = attrs.field(converter=to_points)
    bands: tuple[IndicatorBand, ...] = attrs.field(default=QUALITATIVE_BANDS, converter=_to_bands)
    places: int = 2
    groups: tuple[tuple[str, str], ...] = attrs.field(default=INDICATOR_GROUPS, converter=_to_pairs)
    categories: tuple[tuple[str, str], ...] = attrs.field(
        default=INDICATOR_CATEGORIES, converter=_to_pairs
    )
    text: str = ""
    source: str = ""

    def __repr__(self) -> str:
        return code_repr(self)

    @property
    def max_points(self) -> Decimal:
        return self.points

    def group_id(self, title: str) -> str:
        """Return the section id of a 一级指标.

        Raises:
            RulebookError: Not a 一级指标 of this table (with a "Did you mean" hint).
        """
        return _lookup(self.groups, title, "group", "一级指标")

    def category_id(self, title: str) -> str:
        """Return the row id of a 二级指标.

        Raises:
            RulebookError: Not a 二级指标 of this table (with a "Did you mean" hint).
        """
        return _lookup(self.categories, title, "category", "二级指标")

    def places_for(self, rows: Sequence[IndicatorRow]) -> tuple[tuple[str, str], ...]:
        """Return ``(section id, leaf id)`` of each row, in row order.

        Raises:
            RulebookError: A row names an unknown 一级指标 or 二级指标.
        """
        seen: dict[tuple[str, str], int] = {}
        result: list[tuple[str, str]] = []
        for row in rows:
            group, category = self.group_id(row.group), self.category_id(row.category)
            count = seen.get((group, category), 0) + 1
            seen[(group, category)] = count
            result.append((group, category if count == 1 else f"{category}_{count}"))
        return tuple(result)

    def leaf_for(self, row: IndicatorRow, leaf_id: str, fact: str) -> ScoredLeaf:
        """Return the scored leaf of one row (quantitative or qualitative by its target)."""
        if row.quantitative:
            return QuantitativeIndicator(
                leaf_id,
                row.title,
                row.points,
                row.target,
                category=row.category,
                places=self.places,
                fact=fact,
                source=self.source,
            )
        return QualitativeIndicator(
            leaf_id,
            row.title,
            row.points,
            row.target,
            category=row.category,
            bands=self.bands,
            fact=fact,
            source=self.source,
        )

    def build(self, rows: Sequence[IndicatorRow]) -> Section:
        """Return this table as a ``Section`` holding one unit's rows.

        Rows are grouped by 一级指标 in order of first appearance, keeping their order
        within a group. Leaf facts are named ``<section id>_<leaf id>``.

        Raises:
            RulebookError: Unknown group or category, a bad target, or rows whose
                points do not add up to :attr:`points`.
        """
        grouped: dict[str, list[ScoredLeaf]] = {}
        titles: dict[str, str] = {}
        for row, (group, leaf_id) in zip(rows, self.places_for(rows), strict=True):
            titles.setdefault(group, row.group)
            grouped.setdefault(group, []).append(self.leaf_for(row, leaf_id, f"{group}_{leaf_id}"))
        sections = tuple(
            Section(
                group,
                titles[group],
                points=sum((leaf.max_points for leaf in leaves), ZERO),
                children=tuple(leaves),
            )
            for group, leaves in grouped.items()
        )
        return Section(
            self.id, self.title, self.points, children=sections, text=self.text, source=self.source
        )


def _lookup(pairs: tuple[tuple[str, str], ...], title: str, field: str, label: str) -> str:
    for known, ident in pairs:
        if known == title:
            return ident
    titles = [known for known, _ in pairs]
    raise RulebookError(
        "",
        field,
        title,
        f"must be a {label} of the form: {'、'.join(titles)}",
        did_you_mean(title, titles),
    )
