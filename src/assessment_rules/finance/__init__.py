"""Finance self-evaluation (绩效自评表): indicators, execution rate and the printed table."""

from ._indicators import (
    QUALITATIVE_BANDS,
    IndicatorBand,
    IndicatorRow,
    IndicatorTable,
    QualitativeIndicator,
    QuantitativeIndicator,
    Target,
    parse_target,
)
from ._selfeval import SelfEvaluationForm
from ._selfeval_table import FundsLine, IndicatorLine, SelfEvaluationTable

__all__ = [
    "QUALITATIVE_BANDS",
    "FundsLine",
    "IndicatorBand",
    "IndicatorLine",
    "IndicatorRow",
    "IndicatorTable",
    "QualitativeIndicator",
    "QuantitativeIndicator",
    "SelfEvaluationForm",
    "SelfEvaluationTable",
    "Target",
    "parse_target",
]
