"""The engine: the node protocol, facts and evidence, the evaluator and its results.

Nothing here knows a concrete rule shape. The built-in combinators
(:mod:`assessment_rules.combinators`) and a user's own node kinds are written on the
same protocol (:class:`Node`, :class:`ScoredLeaf`, …), and every tool goes through it.
"""

from __future__ import annotations

from .._lazy import lazy_names

# Read by the type checker only; ``typing`` itself is not imported (it is slow to).
TYPE_CHECKING = False
if TYPE_CHECKING:
    from ._errors import AssessmentRulesError, EvidenceError, Problem, RulebookError
    from ._evidence import Evidence
    from ._facts import FACT_KINDS, Fact
    from ._grades import FINANCE_GRADES, STANDARD_GRADES, GradeBand, grade_for
    from ._loading import bundled_rulebooks, clear_rulebook_cache, load_rulebook
    from ._node import (
        BonusLeaf,
        Gain,
        Lapse,
        Limits,
        Node,
        ScoredLeaf,
        VetoLeaf,
        check_id,
        check_title,
        named_converters,
        to_decimal,
        to_points,
        to_texts,
    )
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
    "check_id",
    "check_title",
    "clear_rulebook_cache",
    "deduction_text",
    "grade_for",
    "load_rulebook",
    "named_converters",
    "round_half_up",
    "to_decimal",
    "to_points",
    "to_texts",
]

# Each name is imported from its module when first used (see assessment_rules._lazy).
__getattr__, __dir__ = lazy_names(
    __name__,
    {
        "._errors": "AssessmentRulesError EvidenceError Problem RulebookError",
        "._evidence": "Evidence",
        "._facts": "FACT_KINDS Fact",
        "._grades": "FINANCE_GRADES STANDARD_GRADES GradeBand grade_for",
        "._loading": "bundled_rulebooks clear_rulebook_cache load_rulebook",
        "._node": (
            "BonusLeaf Gain Lapse Limits Node ScoredLeaf VetoLeaf check_id "
            "check_title named_converters to_decimal to_points to_texts"
        ),
        "._numbers": "round_half_up",
        "._reasons": "bonus_text deduction_text",
        "._results": "LedgerEntry NodeResult UnitResult VetoHit",
        "._rulebook": "Rulebook",
    },
)
