"""Numbers from Python and JSON: a float in evidence is read by its shortest text (issue 15).

A float comes from Python code (``evaluate(book, {"other_work_score": 4.5})``) or from
``json.load`` in a tool that calls this library. It is taken as ``Decimal(repr(f))``,
the text its writer wrote; NaN and infinity are refused; a bool is not a number.
Scoring stays ``Decimal``.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from assessment_rules import Evidence, EvidenceError, evaluate, load_rulebook
from assessment_rules.engine._numbers import (
    NotFiniteError,
    NumberSizeError,
    as_decimal,
    evidence_decimal,
    float_decimal,
)
from assessment_rules.io import parse_evidence, read_evidence

BOOK = load_rulebook("wujin-2021-departments")
EXAMPLE = Path(__file__).parents[2] / "examples" / "wujin-2021-departments.yaml"


def _facts(**changes: object) -> dict[str, object]:
    """The example's first unit's facts, with *changes* over them."""
    facts = dict(read_evidence(EXAMPLE)[0].facts)
    facts.update(changes)
    return facts


class TestFloatDecimal:
    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            (4.5, Decimal("4.5")),
            (0.1, Decimal("0.1")),
            (13.5, Decimal("13.5")),
            (2.0, Decimal("2.0")),
            (-0.5, Decimal("-0.5")),
            (1e-07, Decimal("1E-7")),
        ],
    )
    def test_a_float_is_its_shortest_text(self, value: float, expected: Decimal) -> None:
        """4.5 is Decimal('4.5') and 0.1 is Decimal('0.1'), never the binary expansion."""
        assert float_decimal(value) == expected
        assert str(float_decimal(value)) == str(expected)  # the exponent too
        assert evidence_decimal(value) == expected

    @pytest.mark.parametrize("value", [float("nan"), float("inf"), float("-inf")])
    def test_nan_and_infinity_are_refused(self, value: float) -> None:
        """NaN and the infinities are refused with a sentence that names them."""
        with pytest.raises(NotFiniteError, match="NaN and infinity are refused"):
            evidence_decimal(value)

    def test_a_huge_float_is_refused_by_the_size_rule(self) -> None:
        """1e300 is beyond the number rule's 15 digits before the point."""
        with pytest.raises(NumberSizeError, match="too large"):
            evidence_decimal(1e300)

    def test_a_bool_is_not_a_number(self) -> None:
        """True is not 1 where a number is needed."""
        with pytest.raises(TypeError, match="boolean"):
            evidence_decimal(True)

    def test_rulebook_numbers_still_refuse_floats(self) -> None:
        """as_decimal, the rule for a rulebook's own numbers, keeps refusing floats."""
        with pytest.raises(TypeError, match="binary float"):
            as_decimal(0.5)


class TestEvaluateWithFloats:
    def test_evaluate_takes_the_float_4_5_as_4_5(self) -> None:
        """other_work_score=4.5 (a float) scores exactly as the text '4.5' does."""
        by_float = evaluate(BOOK, _facts(other_work_score=4.5, supervision_score=13.5))
        by_text = evaluate(BOOK, _facts(other_work_score="4.5", supervision_score="13.5"))
        assert by_float.total == by_text.total
        assert isinstance(by_float.total, Decimal)
        # Hand check: judged items lose 15 − 13.5 = 1.5 and 5 − 4.5 = 0.5, 2 points.
        full = evaluate(BOOK, _facts(other_work_score="5", supervision_score="15"))
        assert full.total - by_float.total == Decimal("2.0")

    def test_a_float_count_that_is_whole_is_a_count(self) -> None:
        """leader_checks=4.0 is the count 4; 4.5 is refused as a fraction."""
        assert evaluate(BOOK, _facts(leader_checks=4.0)).total == (
            evaluate(BOOK, _facts(leader_checks=4)).total
        )
        with pytest.raises(EvidenceError, match="not a fraction"):
            evaluate(BOOK, _facts(leader_checks=4.5))

    def test_nan_infinity_and_bools_are_each_a_problem(self) -> None:
        """NaN, infinity and a bool given as numbers are listed together, each named."""
        with pytest.raises(EvidenceError) as caught:
            evaluate(
                BOOK,
                _facts(
                    other_work_score=float("nan"),
                    supervision_score=float("inf"),
                    leader_checks=True,
                ),
            )
        found = {problem.fact: problem.expectation for problem in caught.value.problems}
        assert "NaN and infinity" in found["other_work_score"]
        assert "NaN and infinity" in found["supervision_score"]
        assert "not a yes/no value" in found["leader_checks"]

    def test_evidence_from_json_load_scores_as_its_text(self) -> None:
        """A document from json.load (floats and all) scores as the same numbers in text."""
        text = json.dumps(
            {"units": [{"id": "a", "facts": _facts(other_work_score=4.5, supervision_score=0.1)}]}
        )
        (unit,) = parse_evidence(json.loads(text), "e.json")
        assert isinstance(unit.facts["other_work_score"], float)
        values = BOOK.check(unit)
        assert (values["other_work_score"], values["supervision_score"]) == (
            Decimal("4.5"),
            Decimal("0.1"),
        )
        texts = Evidence("a", _facts(other_work_score="4.5", supervision_score="0.1"))
        assert evaluate(BOOK, unit).total == evaluate(BOOK, texts).total
