"""The built-in rule shapes of the score sheets, written on the public node protocol.

Each class here is one shape in one file's worth of code: its facts, how it measures a
unit, its Chinese reason and sheet text, its limits and examples. A district's own
shape is written the same way (see :class:`assessment_rules.Node`).
"""

from __future__ import annotations

from .._lazy import lazy_names

# Read by the type checker only; ``typing`` itself is not imported (it is slow to).
TYPE_CHECKING = False
if TYPE_CHECKING:
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

# Each name is imported from its module when first used (see assessment_rules._lazy).
__getattr__, __dir__ = lazy_names(
    __name__,
    {
        "._criteria": "DEDUCT_SHAPES Deduct ExecutionRateScore Judgment",
        "._structure": "CapAt Item Section",
        "._veto_bonus": "AwardLevel Bonus Veto",
    },
)
