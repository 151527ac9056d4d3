"""The engine: the node protocol, facts and evidence, the evaluator and its results.

Nothing here knows a concrete rule shape. The built-in combinators
(:mod:`assessment_rules.combinators`) and a user's own node kinds are written on the
same protocol (:class:`Node`, :class:`ScoredLeaf`, …), and every tool goes through it.
"""

from ._errors import AssessmentRulesError, EvidenceError, Problem, RulebookError
from ._evidence import Evidence
from ._facts import FACT_KINDS, Fact
from ._grades import FINANCE_GRADES, STANDARD_GRADES, GradeBand, grade_for
from ._loading import bundled_rulebooks, load_rulebook
from ._node import BonusLeaf, Gain, Lapse, Limits, Node, ScoredLeaf, VetoLeaf
from ._numbers import round_half_up
from ._reasons import bonus_text, deduction_text
from ._results import LedgerEntry, NodeResult, UnitResult, VetoHit
from ._rulebook import Rulebook

__all__ = [
    "FACT_KINDS",
    "FINANCE_GRADES",
    "STANDARD_GRADES",
    "AssessmentRulesError",
    "BonusLeaf",
    "Evidence",
    "EvidenceError",
    "Fact",
    "Gain",
    "GradeBand",
    "Lapse",
    "LedgerEntry",
    "Limits",
    "Node",
    "NodeResult",
    "Problem",
    "Rulebook",
    "RulebookError",
    "ScoredLeaf",
    "UnitResult",
    "VetoHit",
    "VetoLeaf",
    "bonus_text",
    "bundled_rulebooks",
    "deduction_text",
    "grade_for",
    "load_rulebook",
    "round_half_up",
]
