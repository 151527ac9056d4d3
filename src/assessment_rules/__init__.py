"""assessment_rules: performance-assessment rulebooks as code, scored exactly and explained.

Build a rulebook from combinators, give each unit's evidence, and get an exact result
whose ledger explains every point lost or gained (失分原因)::

    from assessment_rules import load_rulebook, evaluate
    book = load_rulebook("wujin-2021-departments")
    result = evaluate(book, {"meetings_held": 3, ...})
    result.total, result.grade, result.reasons

The top level holds what a rulebook author and an importing tool need. The rest lives
in the rooms of the package, which also show its design:

- :mod:`assessment_rules.engine`: the node protocol, facts, evidence, evaluation, results;
- :mod:`assessment_rules.combinators`: the built-in rule shapes, written on that protocol;
- :mod:`assessment_rules.cohorts`: ranking, grades, the 优秀 quota, registries, offices;
- :mod:`assessment_rules.finance`: indicators and the self-evaluation table;
- :mod:`assessment_rules.yearly`: derive, diff, rescore, lint and test cases;
- :mod:`assessment_rules.io`, :mod:`assessment_rules.calendar`,
  :mod:`assessment_rules.docs`, :mod:`assessment_rules.cli`.
"""

from __future__ import annotations

import importlib
import warnings

# Read by the type checker only; ``typing`` itself is not imported (it is slow to).
TYPE_CHECKING = False
if TYPE_CHECKING:
    from .cohorts import Cohort, ExcellentQuota, Office, RankedUnit, assess
    from .combinators import (
        AwardLevel,
        Bonus,
        CapAt,
        Deduct,
        ExecutionRateScore,
        Item,
        Judgment,
        Section,
        Veto,
    )
    from .engine import (
        STANDARD_GRADES,
        AssessmentRulesError,
        BonusLeaf,
        Evidence,
        EvidenceError,
        Fact,
        Gain,
        GradeBand,
        Lapse,
        LedgerEntry,
        Limits,
        Node,
        NodeResult,
        Problem,
        Rulebook,
        RulebookError,
        ScoredLeaf,
        UnitResult,
        VetoHit,
        VetoLeaf,
        bundled_rulebooks,
        load_rulebook,
    )

__version__ = "0.1.0"


def evaluate(rulebook: Rulebook, evidence: Evidence | dict[str, object]) -> UnitResult:
    """Score one unit's evidence against a rulebook.

    A pure function: no clock, no files, no environment; same inputs, same result.

    Args:
        rulebook: The rulebook.
        evidence: An ``Evidence`` or a plain mapping of fact name to value. Numbers
            may be decimal text, ints, ``Decimal`` or floats; a float is taken by its
            shortest text (``repr``), so ``4.5`` scores as ``Decimal('4.5')``, and
            NaN and infinity are refused. Scoring is exact ``Decimal`` arithmetic.

    Returns:
        The unit's result tree with its balanced ledger.

    Raises:
        EvidenceError: The evidence does not fit; every problem is listed.
    """
    return rulebook.evaluate(evidence)


# Names that were exported here before 0.2 and now live in a room of the package.
# They still resolve, with a DeprecationWarning naming the new home.
_MOVED = {
    "cohorts": (
        "ClauseLoss CohortSummary OfficeSubmission QuotaDecision QuotaOutcome Registry "
        "RegistryUnit competition_ranks fact_owners load_registry merge_office_evidence"
    ),
    "combinators": "DEDUCT_SHAPES",
    "engine": "FACT_KINDS FINANCE_GRADES grade_for round_half_up",
    "finance": (
        "QUALITATIVE_BANDS FundsLine IndicatorBand IndicatorLine IndicatorRow IndicatorTable "
        "QualitativeIndicator QuantitativeIndicator SelfEvaluationForm SelfEvaluationTable "
        "Target parse_target"
    ),
    "yearly": (
        "CHANGE_KINDS LINT_RULES Cap CaseOutcome Change Edit Finding Insert LintReport Move "
        "Remove Replace Rescore RulebookCase RulebookDiff Set Uncap UnitShift derive "
        "diff_markdown diff_rulebooks lint lint_file read_cases rescore run_case"
    ),
}
_MOVED_TO = {name: room for room, names in _MOVED.items() for name in names.split()}


# The public names, imported from their room when first used (PEP 562): importing
# the package alone loads none of the rooms, so a tool that imports it to read one
# name does not pay for the rest (see assessment_rules._lazy).
_ROOM_OF = {
    name: room
    for room, names in {
        "cohorts": "Cohort ExcellentQuota Office RankedUnit assess",
        "combinators": (
            "AwardLevel Bonus CapAt Deduct ExecutionRateScore Item Judgment Section Veto"
        ),
        "engine": (
            "STANDARD_GRADES AssessmentRulesError BonusLeaf Evidence EvidenceError Fact Gain "
            "GradeBand Lapse LedgerEntry Limits Node NodeResult Problem Rulebook RulebookError "
            "ScoredLeaf UnitResult VetoHit VetoLeaf bundled_rulebooks load_rulebook"
        ),
    }.items()
    for name in names.split()
}
_ROOMS = frozenset(
    {
        "calendar",
        "cli",
        "cohorts",
        "combinators",
        "docs",
        "engine",
        "finance",
        "io",
        "web",
        "yearly",
    }
)


def __getattr__(name: str) -> object:
    room = _ROOM_OF.get(name)
    if room is not None:
        value = getattr(importlib.import_module(f"{__name__}.{room}"), name)
        globals()[name] = value  # later lookups skip this hook
        return value
    if name in _ROOMS:  # ``assessment_rules.io`` works without importing it first
        return importlib.import_module(f"{__name__}.{name}")
    room = _MOVED_TO.get(name)
    if room is None:
        raise AttributeError(f"module 'assessment_rules' has no attribute {name!r}")
    warnings.warn(
        f"assessment_rules.{name} moved to assessment_rules.{room}.{name}; "
        f"import it from there (the old name goes in 0.3)",
        DeprecationWarning,
        stacklevel=2,
    )
    return getattr(importlib.import_module(f"{__name__}.{room}"), name)


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_ROOM_OF))


__all__ = [
    "STANDARD_GRADES",
    "AssessmentRulesError",
    "AwardLevel",
    "Bonus",
    "BonusLeaf",
    "CapAt",
    "Cohort",
    "Deduct",
    "Evidence",
    "EvidenceError",
    "ExcellentQuota",
    "ExecutionRateScore",
    "Fact",
    "Gain",
    "GradeBand",
    "Item",
    "Judgment",
    "Lapse",
    "LedgerEntry",
    "Limits",
    "Node",
    "NodeResult",
    "Office",
    "Problem",
    "RankedUnit",
    "Rulebook",
    "RulebookError",
    "ScoredLeaf",
    "Section",
    "UnitResult",
    "Veto",
    "VetoHit",
    "VetoLeaf",
    "__version__",
    "assess",
    "bundled_rulebooks",
    "evaluate",
    "load_rulebook",
]
