"""Finance self-evaluation (绩效自评表): indicators, execution rate and the printed table."""

from __future__ import annotations

from .._lazy import lazy_names

# Read by the type checker only; ``typing`` itself is not imported (it is slow to).
TYPE_CHECKING = False
if TYPE_CHECKING:
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

# Each name is imported from its module when first used (see assessment_rules._lazy).
__getattr__, __dir__ = lazy_names(
    __name__,
    {
        "._indicators": (
            "QUALITATIVE_BANDS IndicatorBand IndicatorRow IndicatorTable "
            "QualitativeIndicator QuantitativeIndicator Target parse_target"
        ),
        "._selfeval": "SelfEvaluationForm",
        "._selfeval_table": "FundsLine IndicatorLine SelfEvaluationTable",
    },
)
