"""assessment_rules: performance-assessment rulebooks as code, scored exactly and explained.

Build a rulebook from combinators, give each unit's evidence, and get an exact result
whose ledger explains every point lost or gained (失分原因)::

    from assessment_rules import load_rulebook, evaluate
    book = load_rulebook("wujin-2021-departments")
    result = evaluate(book, {"meetings_held": 3, ...})
    result.total, result.grade, result.reasons
"""

from ._cases import CaseOutcome, RulebookCase, read_cases, run_case
from ._cohort import Cohort, RankedUnit, assess, competition_ranks
from ._criteria import DEDUCT_SHAPES, Deduct, ExecutionRateScore, Judgment
from ._derive import Cap, Edit, Insert, Move, Remove, Replace, Set, Uncap, derive
from ._diff import CHANGE_KINDS, Change, RulebookDiff, diff_markdown, diff_rulebooks
from ._errors import AssessmentRulesError, EvidenceError, Problem, RulebookError
from ._evidence import Evidence
from ._facts import FACT_KINDS, Fact
from ._grades import FINANCE_GRADES, STANDARD_GRADES, GradeBand, grade_for
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
from ._lint import LINT_RULES, Finding, LintReport, lint, lint_file
from ._loading import bundled_rulebooks, load_rulebook
from ._node import Lapse, Node, ScoredLeaf
from ._numbers import round_half_up
from ._offices import Office, OfficeSubmission, fact_owners, merge_office_evidence
from ._quota import ExcellentQuota, QuotaDecision, QuotaOutcome
from ._registry import Registry, RegistryUnit, load_registry
from ._rescore import Rescore, UnitShift, rescore
from ._results import LedgerEntry, NodeResult, UnitResult, VetoHit
from ._rulebook import Rulebook
from ._selfeval import SelfEvaluationForm
from ._selfeval_table import FundsLine, IndicatorLine, SelfEvaluationTable
from ._structure import CapAt, Item, Section
from ._summary import ClauseLoss, CohortSummary
from ._veto_bonus import AwardLevel, Bonus, Veto

__version__ = "0.1.0"


def evaluate(rulebook: Rulebook, evidence: Evidence | dict[str, object]) -> UnitResult:
    """Score one unit's evidence against a rulebook.

    A pure function: no clock, no files, no environment; same inputs, same result.

    Args:
        rulebook: The rulebook.
        evidence: An ``Evidence`` or a plain mapping of fact name to value.

    Returns:
        The unit's result tree with its balanced ledger.

    Raises:
        EvidenceError: The evidence does not fit; every problem is listed.
    """
    return rulebook.evaluate(evidence)


__all__ = [
    "CHANGE_KINDS",
    "DEDUCT_SHAPES",
    "FACT_KINDS",
    "FINANCE_GRADES",
    "LINT_RULES",
    "QUALITATIVE_BANDS",
    "STANDARD_GRADES",
    "AssessmentRulesError",
    "AwardLevel",
    "Bonus",
    "Cap",
    "CapAt",
    "CaseOutcome",
    "Change",
    "ClauseLoss",
    "Cohort",
    "CohortSummary",
    "Deduct",
    "Edit",
    "Evidence",
    "EvidenceError",
    "ExcellentQuota",
    "ExecutionRateScore",
    "Fact",
    "Finding",
    "FundsLine",
    "GradeBand",
    "IndicatorBand",
    "IndicatorLine",
    "IndicatorRow",
    "IndicatorTable",
    "Insert",
    "Item",
    "Judgment",
    "Lapse",
    "LedgerEntry",
    "LintReport",
    "Move",
    "Node",
    "NodeResult",
    "Office",
    "OfficeSubmission",
    "Problem",
    "QualitativeIndicator",
    "QuantitativeIndicator",
    "QuotaDecision",
    "QuotaOutcome",
    "RankedUnit",
    "Registry",
    "RegistryUnit",
    "Remove",
    "Replace",
    "Rescore",
    "Rulebook",
    "RulebookCase",
    "RulebookDiff",
    "RulebookError",
    "ScoredLeaf",
    "Section",
    "SelfEvaluationForm",
    "SelfEvaluationTable",
    "Set",
    "Target",
    "Uncap",
    "UnitResult",
    "UnitShift",
    "Veto",
    "VetoHit",
    "__version__",
    "assess",
    "bundled_rulebooks",
    "competition_ranks",
    "derive",
    "diff_markdown",
    "diff_rulebooks",
    "evaluate",
    "fact_owners",
    "grade_for",
    "lint",
    "lint_file",
    "load_registry",
    "load_rulebook",
    "merge_office_evidence",
    "parse_target",
    "read_cases",
    "rescore",
    "round_half_up",
    "run_case",
]
