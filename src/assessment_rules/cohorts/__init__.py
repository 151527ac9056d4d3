"""Cohorts: ranking and grading many units, the 优秀 quota, registries, offices, comparison."""

from ._cohort import Cohort, RankedUnit, assess, competition_ranks
from ._compare import ClauseDifference, UnitComparison, compare_cohorts, compare_units
from ._offices import Office, OfficeSubmission, fact_owners, merge_office_evidence
from ._quota import ExcellentQuota, QuotaDecision, QuotaOutcome
from ._registry import Registry, RegistryUnit, load_registry
from ._summary import ClauseLoss, CohortSummary, summarize

__all__ = [
    "ClauseDifference",
    "ClauseLoss",
    "Cohort",
    "CohortSummary",
    "ExcellentQuota",
    "Office",
    "OfficeSubmission",
    "QuotaDecision",
    "QuotaOutcome",
    "RankedUnit",
    "Registry",
    "RegistryUnit",
    "UnitComparison",
    "assess",
    "compare_cohorts",
    "compare_units",
    "competition_ranks",
    "fact_owners",
    "load_registry",
    "merge_office_evidence",
    "summarize",
]
