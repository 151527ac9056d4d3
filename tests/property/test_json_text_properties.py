"""The JSON writer's ``to_next_grade`` text is the standard encoder's, for any rulebook.

The writer builds each unit's ``to_next_grade`` as text from the plan (issue 16); the
reference is ``json.dumps`` of :func:`next_grade_to_dict`, made visible. The generated
rulebooks carry score vetoes (so ``lifts`` is not always empty), clause vetoes of every
effect and total policies.
"""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings

from assessment_rules import Evidence, Rulebook, assess
from assessment_rules.io._json import _Texts, _visible_text, next_grade_to_dict

from .test_next_grade_properties import policy_cases


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(policy_cases())
def test_the_plan_text_is_what_the_encoder_writes(case: tuple[Rulebook, dict[str, Any]]) -> None:
    """Each unit's direct text equals the encoded dict, with or without a target."""
    book, values = case
    cohort = assess(book, [Evidence("u", values), Evidence("v", values, "同一单位")])
    texts = _Texts(book)
    for ranked in cohort.units:
        expected = _visible_text(next_grade_to_dict(book, ranked.result, ranked.grade))
        assert texts.plan_text(ranked.result, ranked.grade) == expected
        assert texts.next_grade(ranked.result, ranked.grade) == expected
