"""Cohorts: ranking and grading many units, the 优秀 quota, registries, offices, comparison."""

from __future__ import annotations

from .._lazy import lazy_names

# Read by the type checker only; ``typing`` itself is not imported (it is slow to).
TYPE_CHECKING = False
if TYPE_CHECKING:
    from ._cohort import Cohort, RankedUnit, assess, competition_ranks
    from ._compare import ClauseDifference, UnitComparison, compare_cohorts, compare_units
    from ._next_grade import NextGrade, Recovery, to_next_grade
    from ._offices import Office, OfficeSubmission, fact_owners, merge_office_evidence
    from ._quota import ExcellentQuota, QuotaDecision, QuotaOutcome
    from ._ranking import Ranking, Standing
    from ._registry import Registry, RegistryUnit, load_registry
    from ._summary import ClauseLoss, CohortSummary, summarize

__all__ = [
    "ClauseDifference",
    "ClauseLoss",
    "Cohort",
    "CohortSummary",
    "ExcellentQuota",
    "NextGrade",
    "Office",
    "OfficeSubmission",
    "QuotaDecision",
    "QuotaOutcome",
    "RankedUnit",
    "Ranking",
    "Recovery",
    "Registry",
    "RegistryUnit",
    "Standing",
    "UnitComparison",
    "assess",
    "compare_cohorts",
    "compare_units",
    "competition_ranks",
    "fact_owners",
    "load_registry",
    "merge_office_evidence",
    "summarize",
    "to_next_grade",
]

# Each name is imported from its module when first used (see assessment_rules._lazy).
__getattr__, __dir__ = lazy_names(
    __name__,
    {
        "._cohort": "Cohort RankedUnit assess competition_ranks",
        "._compare": "ClauseDifference UnitComparison compare_cohorts compare_units",
        "._next_grade": "NextGrade Recovery to_next_grade",
        "._offices": "Office OfficeSubmission fact_owners merge_office_evidence",
        "._quota": "ExcellentQuota QuotaDecision QuotaOutcome",
        "._ranking": "Ranking Standing",
        "._registry": "Registry RegistryUnit load_registry",
        "._summary": "ClauseLoss CohortSummary summarize",
    },
)
