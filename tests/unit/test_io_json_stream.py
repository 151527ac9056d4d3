"""The streamed JSON result is the same text as the whole document dumped at once."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from assessment_rules import Deduct, Evidence, Item, Rulebook, Section, assess, load_rulebook
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


class TestStreamedPiecesMatchTheEncoder:
    """The writer encodes entries and nodes as text directly; the standard encoder of
    ``cohort_to_dict`` is the reference, character for character."""

    def test_awkward_titles_and_reasons(self) -> None:
        title = 'a"b\\c\x1b[2J\u202e\ttab\nline'
        book = Rulebook(
            "tiny",
            "示例",
            points="10",
            children=(
                Section(
                    "org",
                    title,
                    points="10",
                    children=(
                        Item(
                            "plan",
                            title + "计划",
                            points="10",
                            children=(Deduct("no_plan", title + "未制定", rate="2.50"),),
                        ),
                    ),
                ),
            ),
        )
        units = [Evidence(f"u{i}", {"no_plan": i % 2 == 0}, title + str(i)) for i in range(4)]
        cohort = assess(book, units)
        streamed = "".join(iter_cohort_json(cohort, book))
        assert streamed == dumps(cohort_to_dict(cohort, book))
        assert "\\u001b" in streamed and "\x1b" not in streamed
        assert '"points": "2.5"' in streamed  # rate 2.50 written by the one number rule

    def test_bench_workload(self) -> None:
        """300 generated units (caps binding, ★ deductions, bonus cuts, shared subtrees)."""
        sys.path.insert(0, str(Path(__file__).parents[2] / "bench"))
        from workload import generate_units  # noqa: PLC0415

        book = load_rulebook("wujin-2021-departments")
        units = generate_units(300, 7)
        cohort = assess(book, [Evidence(u["id"], u["facts"], u["name"]) for u in units])
        assert "".join(iter_cohort_json(cohort, book)) == dumps(cohort_to_dict(cohort, book))
