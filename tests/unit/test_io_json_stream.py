"""The streamed JSON result is the same text as the whole document dumped at once."""

from __future__ import annotations

import json
from pathlib import Path

from assessment_rules import assess, load_rulebook
from assessment_rules.io import cohort_to_dict, dumps, iter_cohort_json, read_evidence

EXAMPLES = Path(__file__).parents[2] / "examples"


class TestIterCohortJson:
    def test_streamed_text_equals_dumps(self) -> None:
        """Joining the streamed pieces gives exactly dumps(cohort_to_dict(...))."""
        book = load_rulebook("wujin-2021-departments")
        cohort = assess(book, read_evidence(EXAMPLES / "wujin-2021-departments.yaml"))
        streamed = "".join(iter_cohort_json(cohort, book))
        assert streamed == dumps(cohort_to_dict(cohort, book))
        assert len(json.loads(streamed)["units"]) == 7

    def test_one_unit_per_line(self) -> None:
        """Each unit of the document sits on a line of its own."""
        book = load_rulebook("wujin-2021-departments")
        cohort = assess(book, read_evidence(EXAMPLES / "wujin-2021-departments.yaml"))
        lines = "".join(iter_cohort_json(cohort, book)).splitlines()
        assert sum(1 for line in lines if line.lstrip().startswith('{"id": ')) == 7

    def test_nodes_are_the_scored_lines(self) -> None:
        """Unit nodes list sections, items and judgments, not zero-point clauses."""
        book = load_rulebook("wujin-2021-departments")
        cohort = assess(book, read_evidence(EXAMPLES / "wujin-2021-departments.yaml"))
        unit = cohort_to_dict(cohort, book)["units"][0]
        kinds = {node["kind"] for node in unit["nodes"]}
        # Wujin: 5 sections, 9 items, 2 judgments → 16 nodes; deductions, vetoes and the
        # bonus are in lost/gained/vetoes instead.
        assert kinds == {"section", "item", "judgment"}
        assert len(unit["nodes"]) == 16

    def test_an_empty_cohort_is_valid_json(self) -> None:
        """A document without units still parses."""
        assert json.loads(dumps({"schema": "x", "units": []})) == {"schema": "x", "units": []}
        assert json.loads(dumps({"units": []})) == {"units": []}
