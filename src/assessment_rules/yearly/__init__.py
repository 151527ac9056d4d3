"""Year to year: derive next year's rulebook by edits, diff, rescore, lint and test cases."""

from __future__ import annotations

from .._lazy import lazy_names

# Read by the type checker only; ``typing`` itself is not imported (it is slow to).
TYPE_CHECKING = False
if TYPE_CHECKING:
    from ._cases import CaseOutcome, RulebookCase, read_cases, run_case
    from ._derive import Cap, Edit, Insert, Move, Remove, Replace, Set, Uncap, derive
    from ._diff import CHANGE_KINDS, Change, RulebookDiff, diff_markdown, diff_rulebooks
    from ._lint import LINT_RULES, Finding, LintReport, lint, lint_file
    from ._rescore import Rescore, UnitShift, rescore

__all__ = [
    "CHANGE_KINDS",
    "LINT_RULES",
    "Cap",
    "CaseOutcome",
    "Change",
    "Edit",
    "Finding",
    "Insert",
    "LintReport",
    "Move",
    "Remove",
    "Replace",
    "Rescore",
    "RulebookCase",
    "RulebookDiff",
    "Set",
    "Uncap",
    "UnitShift",
    "derive",
    "diff_markdown",
    "diff_rulebooks",
    "lint",
    "lint_file",
    "read_cases",
    "rescore",
    "run_case",
]

# Each name is imported from its module when first used (see assessment_rules._lazy).
__getattr__, __dir__ = lazy_names(
    __name__,
    {
        "._cases": "CaseOutcome RulebookCase read_cases run_case",
        "._derive": "Cap Edit Insert Move Remove Replace Set Uncap derive",
        "._diff": "CHANGE_KINDS Change RulebookDiff diff_markdown diff_rulebooks",
        "._lint": "LINT_RULES Finding LintReport lint lint_file",
        "._rescore": "Rescore UnitShift rescore",
    },
)
