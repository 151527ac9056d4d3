"""The JSON writer's shortcut for ``to_next_grade`` changes no unit's text (issue 16).

The writer writes ``null`` at once for a unit at the top grade and works the rest out
once per shared result tree and figures; each unit's text must be what calling
:func:`next_grade_to_dict` for that unit gives.
"""

from __future__ import annotations

from types import ModuleType

import pytest

from assessment_rules import Evidence, assess
from assessment_rules.io._json import _Texts, _visible_text, next_grade_to_dict


@pytest.mark.parametrize("mix", ["light", "heavy"])
def test_every_unit_gets_what_a_call_of_its_own_gives(bench: ModuleType, mix: str) -> None:
    units = bench.MIXES[mix](300, 11)
    book = bench._fresh_rulebook()
    cohort = assess(book, [Evidence(u["id"], u["facts"], u["name"]) for u in units])
    texts = _Texts(book)
    top = book.grades[0].title
    at_top = 0
    for ranked in cohort.units:
        result = ranked.result
        at_top += result.grade == top
        expected = _visible_text(next_grade_to_dict(book, result, ranked.grade))
        assert texts.next_grade(result, ranked.grade) == expected, result.unit
    if mix == "light":
        assert at_top > 0  # the shortcut was taken (about half of the light mix)
