"""The JSON result contract: validated against the shipped, versioned JSON Schema."""

from __future__ import annotations

import hashlib
import json
import re
from decimal import Decimal
from pathlib import Path

import jsonschema
import pytest

from assessment_rules import assess, load_rulebook
from assessment_rules.io import (
    SCHEMA_VERSION,
    cohort_to_dict,
    dumps,
    load_evidence,
    result_schema,
    rulebook_digest,
)
from assessment_rules.io._cohort_json import decimal_text

EXAMPLES = Path(__file__).parents[2] / "examples"


class TestResultSchema:
    def test_the_schema_is_valid_draft_2020_12_and_versioned(self) -> None:
        """The shipped schema is itself valid and pins the current schema_version."""
        schema = result_schema()
        jsonschema.Draft202012Validator.check_schema(schema)
        assert schema["properties"]["schema_version"]["const"] == SCHEMA_VERSION

    @pytest.mark.parametrize(
        "book", ["wujin-2021-departments", "putuo-2024-departments", "putuo-2024-streets"]
    )
    def test_real_results_validate_against_the_schema(self, book: str) -> None:
        """The document for a bundled example cohort validates against the schema."""
        rulebook = load_rulebook(book)
        evidence = load_evidence([EXAMPLES / f"{book}.yaml"], rulebook)
        document = json.loads(
            json.dumps(cohort_to_dict(assess(rulebook, evidence.units), rulebook, evidence.files))
        )
        jsonschema.Draft202012Validator(result_schema()).validate(document)

    def test_a_float_total_is_rejected_by_the_schema(self) -> None:
        """Numbers must be decimal strings: a JSON float total fails validation."""
        rulebook = load_rulebook("wujin-2021-departments")
        evidence = load_evidence([EXAMPLES / "wujin-2021-departments.yaml"], rulebook)
        document = json.loads(
            json.dumps(cohort_to_dict(assess(rulebook, evidence.units), rulebook, evidence.files))
        )
        document["units"][0]["total"] = 100.0
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(document, result_schema())


class TestDigests:
    def test_evidence_files_are_recorded_with_the_sha256_of_their_bytes(self) -> None:
        """Each evidence file's digest is the SHA-256 of its bytes, so inputs can be checked."""
        path = EXAMPLES / "wujin-2021-departments.yaml"
        rulebook = load_rulebook("wujin-2021-departments")
        evidence = load_evidence([path], rulebook)
        document = cohort_to_dict(assess(rulebook, evidence.units), rulebook, evidence.files)
        (record,) = document["evidence"]
        assert record["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
        assert (record["format"], record["units"]) == ("yaml", 7)

    def test_the_rulebook_digest_is_of_its_code_repr(self) -> None:
        """The rulebook digest is the SHA-256 of the rulebook's repr."""
        rulebook = load_rulebook("wujin-2021-departments")
        expected = hashlib.sha256(repr(rulebook).encode("utf-8")).hexdigest()
        assert rulebook_digest(rulebook) == expected

    def test_totals_are_exact_decimal_strings(self) -> None:
        """The bonus unit's total is the string '96.5' (91.5 + 5, worked in the rulebook tests)."""
        rulebook = load_rulebook("wujin-2021-departments")
        evidence = load_evidence([EXAMPLES / "wujin-2021-departments.yaml"], rulebook)
        document = cohort_to_dict(assess(rulebook, evidence.units), rulebook)
        totals = {unit["id"]: unit["total"] for unit in document["units"]}
        assert totals["bonus"] == "96.5" and Decimal(totals["bonus"]) == Decimal("96.5")


class TestDecimalText:
    @pytest.mark.parametrize(
        ("value", "text"),
        [
            ("99", "99"),
            ("99.0", "99"),
            ("99.00", "99"),
            ("0.0", "0"),
            ("-0.00", "0"),
            ("97.50", "97.5"),
            ("-4", "-4"),
            ("1E+2", "100"),
            ("0.30", "0.3"),
            (
                "12345678901234567890.123456789012345678901",
                "12345678901234567890.123456789012345678901",
            ),
        ],
    )
    def test_one_rule_for_every_decimal(self, value: str, text: str) -> None:
        """The shortest exact text: no exponent, trailing zeros or -0; nothing rounded."""
        assert decimal_text(Decimal(value)) == text

    def test_the_schema_pattern_is_the_rule(self) -> None:
        """The schema's decimal pattern accepts the rule's texts and no other spelling."""
        pattern = re.compile(result_schema()["$defs"]["decimal"]["pattern"])
        assert all(pattern.match(t) for t in ("99", "97.5", "0", "-4", "-0.5", "100"))
        assert not any(pattern.match(t) for t in ("99.0", "99.00", "0.0", "-0", "1E+2", "07"))


class TestControlCharactersInJson:
    def test_names_keep_every_character_as_escapes(self) -> None:
        """C1 controls, bidi overrides and lone surrogates become \\u escapes; values stay."""
        name = "甲\x9b\u202e\ud800\x1b乙"
        text = dumps({"schema": "x", "units": [{"name": name}]})
        assert text.isascii() or all(ord(ch) < 0x7F or ord(ch) > 0x9F for ch in text)
        assert "\\u009b\\u202e\\ud800\\u001b" in text
        assert json.loads(text)["units"][0]["name"] == name
