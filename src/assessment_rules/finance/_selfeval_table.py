"""The self-evaluation table as data: the rows and cells of 财政项目支出绩效自评表.

Built from a :class:`~assessment_rules.finance.SelfEvaluationForm`, one project's checked
values and its result, so every figure on it is the scored one: 执行率 by the form's
display rule, 得分 from the result tree, 总分 and 评分等级 from the unit result.
Renderers (text, Markdown, JSON, XLSX) live in ``assessment_rules.io`` and only walk
this data.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Final

import attrs

from ..engine._node import Node
from ..engine._numbers import ZERO
from ..engine._results import UnitResult
from ._indicators import QualitativeIndicator, QuantitativeIndicator, Target

if TYPE_CHECKING:
    from ._selfeval import SelfEvaluationForm

__all__ = ["FundsLine", "IndicatorLine", "SelfEvaluationTable", "build_table", "two_places"]

TOTAL_TITLE: Final = "年度资金总额："
INDICATORS: Final = "indicators"
BUDGET_START: Final = "budget_start"
FUNDS_ROWS: Final[tuple[tuple[str, str], ...]] = (
    ("appropriation", "其中：当年财政拨款"),
    ("carryover", "上年结转资金"),
    ("other", "其他资金"),
)
"""The breakdown rows of 项目资金: fact name and label; each is [年初, 全年预算, 全年执行]."""


def two_places(value: Decimal, places: int = 2) -> Decimal:
    """Pad *value* to at least *places* decimals, as the table prints numbers; never round.

    >>> two_places(Decimal("15")), two_places(Decimal("0.125"))
    (Decimal('15.00'), Decimal('0.125'))
    """
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent > -places:
        return value.quantize(Decimal(1).scaleb(-places))
    return value


@attrs.frozen
class FundsLine:
    """One row of the 项目资金（万元）block.

    Attributes:
        title: ``年度资金总额：``, ``其中：当年财政拨款``, ``上年结转资金`` or ``其他资金``.
        start: 年初预算数.
        budget: 全年预算数.
        executed: 全年执行数.
        rate: 执行率(%) as printed.
        points: 分数 (only on the 年度资金总额 row; ``None`` prints ``-``).
        score: 得分 (only on the 年度资金总额 row).
    """

    title: str
    start: Decimal
    budget: Decimal
    executed: Decimal
    rate: Decimal
    points: Decimal | None = None
    score: Decimal | None = None


@attrs.frozen
class IndicatorLine:
    """One indicator row.

    Attributes:
        path: The row's rule path, e.g. ``indicators.output.quantity``.
        group: 一级指标.
        category: 二级指标.
        title: 三级指标.
        target: 年度指标值 as printed.
        actual: 实际完成值 as printed.
        points: 分值.
        score: 得分.
        deviation: 偏差原因分析及改进措施 ("" when none).
    """

    path: str
    group: str
    category: str
    title: str
    target: str
    actual: str
    points: Decimal
    score: Decimal
    deviation: str = ""


@attrs.frozen
class SelfEvaluationTable:
    """One project's 财政项目支出绩效自评表, every figure as scored.

    Attributes:
        unit: The project's unit id.
        project: 项目名称.
        year: The year of the table (``None`` when the rulebook has none).
        department: 主管部门.
        implementer: 实施单位.
        funds: The 项目资金 rows, 年度资金总额 first.
        goal: 年度总体目标：预期目标.
        achieved: 年度总体目标：实际完成情况.
        indicators: The indicator rows, grouped by 一级指标.
        points: The full score (分值 of 总分).
        total: 总分.
        grade: 评分等级.
        reasons: The 失分原因 lines (not printed on the form; kept for the record).
    """

    unit: str
    project: str
    year: int | None
    department: str
    implementer: str
    funds: tuple[FundsLine, ...]
    goal: str
    achieved: str
    indicators: tuple[IndicatorLine, ...]
    points: Decimal
    total: Decimal
    grade: str
    reasons: tuple[str, ...] = ()

    @property
    def execution(self) -> FundsLine:
        """The 年度资金总额 row (the scored one)."""
        return self.funds[0]


def _target_text(target: Target) -> str:
    unit = f"({target.unit})" if target.unit else ""
    return f"{target.comparator}{format(two_places(target.value), 'f')}{unit}"


def build_table(
    form: SelfEvaluationForm, values: Mapping[str, Any], result: UnitResult
) -> SelfEvaluationTable:
    """Return the table of one project from its checked values and its result.

    Args:
        form: The form the project was scored against.
        values: What ``form.check`` returned for the project.
        result: The project's result.

    Returns:
        The table, every figure from the scoring.
    """
    execution = form.execution
    budget, executed = values[execution.budget], values[execution.executed]
    funds = [
        FundsLine(
            TOTAL_TITLE,
            values[BUDGET_START],
            budget,
            executed,
            execution.printed_rate(budget, executed),
            execution.points,
            result.find(execution.id).score,
        )
    ]
    for name, label in FUNDS_ROWS:
        row = values.get(name, ())
        if len(row) != 3:
            continue
        # A breakdown row without a full-year budget prints 0.00, as the 2024 tables do.
        rate = (
            execution.printed_rate(row[1], row[2])
            if row[1] > 0
            else two_places(ZERO, execution.rate_places)
        )
        funds.append(FundsLine(label, row[0], row[1], row[2], rate))

    table: Node = values[INDICATORS]
    lines: list[IndicatorLine] = []
    for group in table.children:
        for leaf in group.children:
            if not isinstance(leaf, QuantitativeIndicator | QualitativeIndicator):
                continue  # IndicatorTable.build makes nothing else
            path = f"{table.id}.{group.id}.{leaf.id}"
            name = leaf.fact_name
            deviation = "；".join(values.get(f"{name}_deviation", ()))
            if isinstance(leaf, QuantitativeIndicator):
                unit = f"({leaf.target.unit})" if leaf.target.unit else ""
                target = _target_text(leaf.target)
                actual = f"{format(two_places(values[name]), 'f')}{unit}"
            else:
                target = leaf.target
                actual = str(values[name])
            lines.append(
                IndicatorLine(
                    path,
                    group.title,
                    leaf.category,
                    leaf.title,
                    target,
                    actual,
                    leaf.max_points,
                    result.find(path).score,
                    deviation,
                )
            )
    return SelfEvaluationTable(
        result.unit,
        result.name or result.unit,
        form.year,
        values.get("department", ""),
        values.get("implementer", ""),
        tuple(funds),
        values.get("goal", ""),
        values.get("achieved", ""),
        tuple(lines),
        result.max,
        result.total,
        result.grade,
        result.reasons,
    )
