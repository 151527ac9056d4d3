"""The built-in rule shapes of the score sheets, written on the public node protocol.

Each class here is one shape in one file's worth of code: its facts, how it measures a
unit, its Chinese reason and sheet text, its limits and examples. A district's own
shape is written the same way (see :class:`assessment_rules.Node`).
"""

from ._criteria import DEDUCT_SHAPES, Deduct, ExecutionRateScore, Judgment
from ._structure import CapAt, Item, Section
from ._veto_bonus import AwardLevel, Bonus, Veto

__all__ = [
    "DEDUCT_SHAPES",
    "AwardLevel",
    "Bonus",
    "CapAt",
    "Deduct",
    "ExecutionRateScore",
    "Item",
    "Judgment",
    "Section",
    "Veto",
]
