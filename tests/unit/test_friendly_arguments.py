"""Every class a rulebook is written with answers a wrong argument with a RulebookError.

A rulebook author who misspells an argument (``Deduct(..., rat="2")``) or leaves a
required one out gets an error naming the node and the field, with "Did you mean …?",
never Python's bare ``TypeError: __init__() got an unexpected keyword argument``
(``engine._arguments.friendly_arguments``). Checked over every attrs class that
:mod:`assessment_rules.combinators` exports, and ``Rulebook``.
"""

from __future__ import annotations

import inspect

import attrs
import pytest

from assessment_rules import Rulebook, RulebookError, combinators

_EXPORTED = (getattr(combinators, name) for name in combinators.__all__)
CLASSES: list[type] = [
    *sorted(
        (obj for obj in _EXPORTED if inspect.isclass(obj) and attrs.has(obj)),
        key=lambda cls: cls.__name__,
    ),
    Rulebook,
]


def test_every_node_kind_and_policy_is_covered() -> None:
    """The node kinds and policies of the issue are all among the classes checked."""
    names = {cls.__name__ for cls in CLASSES}
    assert names >= {
        "Deduct", "Judgment", "ExecutionRateScore", "Section", "Item", "CapAt", "Veto",
        "Bonus", "AwardLevel", "EscalatingDeduct", "JudgedDeduct", "LevelBonus",
        "BonusLevel", "ZeroIf", "ZeroIfLate", "Rescaled", "QuantityDeduct", "TotalPolicy",
        "ScoreVeto", "Requirement", "Ranking", "ExcellentQuota", "Deadline", "Rulebook",
    }  # fmt: skip


def _parameters(cls: type) -> list[inspect.Parameter]:
    return list(inspect.signature(cls).parameters.values())


@pytest.mark.parametrize("cls", CLASSES, ids=lambda cls: cls.__name__)
def test_a_misspelt_argument_names_the_node_and_the_field(cls: type) -> None:
    """``<first argument>`` with its last letter doubled is refused with a hint to it."""
    real = _parameters(cls)[0].name
    wrong = real + real[-1]
    with pytest.raises(RulebookError) as caught:
        cls(**{wrong: "x"})
    assert (caught.value.path, caught.value.field) == (cls.__name__, wrong)
    assert f"is not an argument of {cls.__name__}" in str(caught.value)
    assert caught.value.hint == f"Did you mean {real!r}?"


@pytest.mark.parametrize(
    "cls",
    [cls for cls in CLASSES if any(p.default is p.empty for p in _parameters(cls))],
    ids=lambda cls: cls.__name__,
)
def test_a_missing_argument_names_what_the_node_needs(cls: type) -> None:
    """Called with nothing, the first required argument is named as missing."""
    required = [p.name for p in _parameters(cls) if p.default is p.empty]
    with pytest.raises(RulebookError) as caught:
        cls()
    assert caught.value.field == required[0]
    assert f"({cls.__name__} needs {', '.join(required)}; missing: " in str(caught.value)


def test_the_node_is_named_by_its_id_when_given() -> None:
    """Deduct("plan", "未制定", rat="2"): the error's path is the id, the hint 'rate'."""
    with pytest.raises(RulebookError) as caught:
        combinators.Deduct("plan", "未制定", rat="2")
    assert (caught.value.path, caught.value.field, caught.value.hint) == (
        "plan",
        "rat",
        "Did you mean 'rate'?",
    )
