"""The built-in rule shapes of the score sheets, written on the public node protocol.

Each class here is one shape in one file's worth of code: its facts, how it measures a
unit, its Chinese reason and sheet text, its limits and examples. A district's own
shape is written the same way (see :class:`assessment_rules.Node`).

Every piece a rulebook file is written from is importable from here, the rulebook-wide
policies included: ``Ranking`` (排名规则) and ``ExcellentQuota`` (优秀比例) live in
:mod:`assessment_rules.cohorts`, where a cohort is ranked, and are the same classes
under both names.
"""

from __future__ import annotations

from .._lazy import lazy_names

# Read by the type checker only; ``typing`` itself is not imported (it is slow to).
TYPE_CHECKING = False
if TYPE_CHECKING:
    from ..cohorts._quota import ExcellentQuota
    from ..cohorts._ranking import Ranking
    from ._criteria import DEDUCT_SHAPES, Deduct, ExecutionRateScore, Judgment
    from ._escalating import EscalatingDeduct
    from ._judged import JudgedDeduct
    from ._level_bonus import BonusLevel, LevelBonus
    from ._parts import Deadline, Rescaled, ZeroIf, ZeroIfLate
    from ._policies import VETO_EFFECTS, Requirement, ScoreVeto, TotalPolicy
    from ._quantity import PARTIAL_UNITS, QuantityDeduct
    from ._structure import POINTS_FROM, CapAt, Item, Section
    from ._veto_bonus import AwardLevel, Bonus, Veto

__all__ = [
    "DEDUCT_SHAPES",
    "PARTIAL_UNITS",
    "POINTS_FROM",
    "VETO_EFFECTS",
    "AwardLevel",
    "Bonus",
    "BonusLevel",
    "CapAt",
    "Deadline",
    "Deduct",
    "EscalatingDeduct",
    "ExcellentQuota",
    "ExecutionRateScore",
    "Item",
    "JudgedDeduct",
    "Judgment",
    "LevelBonus",
    "QuantityDeduct",
    "Ranking",
    "Requirement",
    "Rescaled",
    "ScoreVeto",
    "Section",
    "TotalPolicy",
    "Veto",
    "ZeroIf",
    "ZeroIfLate",
]

# Each name is imported from its module when first used (see assessment_rules._lazy).
__getattr__, __dir__ = lazy_names(
    __name__,
    {
        "._criteria": "DEDUCT_SHAPES Deduct ExecutionRateScore Judgment",
        "._escalating": "EscalatingDeduct",
        "._judged": "JudgedDeduct",
        "._level_bonus": "BonusLevel LevelBonus",
        "._parts": "Deadline Rescaled ZeroIf ZeroIfLate",
        "._policies": "VETO_EFFECTS Requirement ScoreVeto TotalPolicy",
        "._quantity": "PARTIAL_UNITS QuantityDeduct",
        "._structure": "POINTS_FROM CapAt Item Section",
        "._veto_bonus": "AwardLevel Bonus Veto",
        # The rulebook-wide policies of a cohort: their home is assessment_rules.cohorts.
        "..cohorts._quota": "ExcellentQuota",
        "..cohorts._ranking": "Ranking",
    },
)
