"""JSON evidence: duplicate keys, huge numbers and deep nesting are errors with their lines."""

from __future__ import annotations

import time
from decimal import Decimal
from pathlib import Path

import pytest

from assessment_rules import EvidenceError, load_rulebook
from assessment_rules.io import load_evidence
from assessment_rules.io._input_limits import MAX_DEPTH
from assessment_rules.io._json_input import JsonInputError, load_json

BOOK = load_rulebook("wujin-2021-departments")


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def problems(path: Path) -> str:
    start = time.perf_counter()
    with pytest.raises(EvidenceError) as caught:
        load_evidence([path], BOOK)
    assert time.perf_counter() - start < 5
    return str(caught.value)


class TestDuplicateKeys:
    def test_a_key_given_twice_is_an_error_naming_both_lines(self, tmp_path: Path) -> None:
        """``json`` keeps the last of two equal keys silently; here it is an error."""
        path = write(
            tmp_path / "e.json",
            '{"units": [{"id": "d1", "facts": {\n  "leader_checks": 4,\n  "leader_checks": 1\n}}]}',
        )
        message = problems(path)
        assert f"{path}:3: key 'leader_checks' is given twice in one object" in message
        assert "first on line 2" in message

    def test_keys_in_different_objects_may_repeat(self) -> None:
        """The same key in two objects is no duplicate."""
        assert load_json('[{"a": 1}, {"a": 2}]') == [{"a": 1}, {"a": 2}]

    def test_two_units_with_one_id_are_an_error(self, tmp_path: Path) -> None:
        """A unit id given twice in one JSON file names both records."""
        path = write(
            tmp_path / "e.json",
            '{"units": [{"id": "d1", "facts": {}}, {"id": "d1", "facts": {"leader_checks": 1}}]}',
        )
        message = problems(path)
        assert f"is given twice in this file ({path} unit #1 and {path} unit #2)" in message


class TestNumbers:
    @pytest.mark.parametrize(
        ("number", "words"),
        [
            ("9" * 5000, "too large"),
            ("1e999999999", "too large"),
            ("1e-999999999", "too many decimal places"),
            ("NaN", "not a number JSON allows"),
            ("-Infinity", "not a number JSON allows"),
        ],
    )
    def test_numbers_beyond_the_rule_are_errors_at_once(
        self, tmp_path: Path, number: str, words: str
    ) -> None:
        """A 5,000-digit integer or 1e999999999 is refused at once, with its line."""
        path = write(
            tmp_path / "e.json",
            '{"units": [\n{"id": "d1", "facts": {"leader_checks": ' + number + "}}]}",
        )
        message = problems(path)
        assert f"{path}:2:" in message
        assert words in message

    def test_fractions_are_exact_decimals(self) -> None:
        """``13.50`` is ``Decimal('13.50')``, never a binary float."""
        assert load_json('{"a": 13.50, "b": 2}') == {"a": Decimal("13.50"), "b": 2}


class TestNesting:
    def test_deep_nesting_is_an_error_not_a_recursion_error(self, tmp_path: Path) -> None:
        """100,000 nested arrays give the nesting error (it was a RecursionError)."""
        path = write(tmp_path / "e.json", '{"units": ' + "[" * 100_000 + "]" * 100_000 + "}")
        assert f"nests deeper than {MAX_DEPTH} levels" in problems(path)

    def test_the_limit_is_exact(self) -> None:
        """``MAX_DEPTH`` levels are read; one more is refused."""
        assert load_json("[" * MAX_DEPTH + "]" * MAX_DEPTH)
        with pytest.raises(JsonInputError, match="nests deeper"):
            load_json("[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1))
