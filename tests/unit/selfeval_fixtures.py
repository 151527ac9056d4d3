"""A small self-evaluation form shared by the tests of the form and of its table."""

from __future__ import annotations

from assessment_rules import ExecutionRateScore
from assessment_rules.engine import FINANCE_GRADES
from assessment_rules.finance import IndicatorTable, SelfEvaluationForm

__all__ = ["FORM"]

FORM = SelfEvaluationForm(
    "demo-selfeval",
    "财政项目支出绩效自评表",
    children=(
        ExecutionRateScore("execution", "预算执行率", points="10.00"),
        IndicatorTable("indicators", "绩效指标", points="90.00"),
    ),
    points="100.00",
    grades=FINANCE_GRADES,
    year=2024,
)
