"""assessment_rules: performance-assessment rulebooks as code, scored exactly and explained.

Build a rulebook from combinators, give each unit's evidence, and get an exact result
whose ledger explains every point lost or gained (失分原因)::

    from assessment_rules import load_rulebook, evaluate
    book = load_rulebook("wujin-2021-departments")
    result = evaluate(book, {"meetings_held": 3, ...})
    result.total, result.grade, result.reasons
"""

from ._cohort import Cohort, RankedUnit, assess, competition_ranks
from ._criteria import DEDUCT_SHAPES, Deduct, ExecutionRateScore, Judgment
from ._errors import AssessmentRulesError, EvidenceError, Problem, RulebookError
from ._evidence import Evidence
from ._facts import FACT_KINDS, Fact
from ._grades import FINANCE_GRADES, STANDARD_GRADES, GradeBand, grade_for
from ._loading import bundled_rulebooks, load_rulebook
from ._node import Lapse, Node, ScoredLeaf
from ._numbers import round_half_up
from ._results import LedgerEntry, NodeResult, UnitResult, VetoHit
from ._rulebook import Rulebook
from ._structure import CapAt, Item, Section
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
    "DEDUCT_SHAPES",
    "FACT_KINDS",
    "FINANCE_GRADES",
    "STANDARD_GRADES",
    "AssessmentRulesError",
    "AwardLevel",
    "Bonus",
    "CapAt",
    "Cohort",
    "Deduct",
    "Evidence",
    "EvidenceError",
    "ExecutionRateScore",
    "Fact",
    "GradeBand",
    "Item",
    "Judgment",
    "Lapse",
    "LedgerEntry",
    "Node",
    "NodeResult",
    "Problem",
    "RankedUnit",
    "Rulebook",
    "RulebookError",
    "ScoredLeaf",
    "Section",
    "UnitResult",
    "Veto",
    "VetoHit",
    "__version__",
    "assess",
    "bundled_rulebooks",
    "competition_ranks",
    "evaluate",
    "grade_for",
    "load_rulebook",
    "round_half_up",
]
