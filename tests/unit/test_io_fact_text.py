"""Chinese descriptions of facts for forms."""

from __future__ import annotations

from assessment_rules import Fact, load_rulebook
from assessment_rules.io._fact_text import default_text, fact_rows, requirement


class TestRequirement:
    def test_each_kind_says_what_to_type(self) -> None:
        """Flags ask for 是/否, scores give their range, lists name their items."""
        assert requirement(Fact("a", "标签", kind="flag")) == "填“是”或“否”"
        assert requirement(Fact("b", "标签", kind="score", maximum="15", unit="分")) == (
            "数值（分），0 至 15"
        )
        listed = requirement(Fact("c", "标签", kind="list", choices=("甲", "乙")))
        assert listed.endswith("可选：甲、乙")

    def test_required_facts_say_so(self) -> None:
        """A fact without a default is 必填; a default is shown as a form would hold it."""
        assert default_text(Fact("a", "标签", kind="count")) == "必填"
        assert default_text(Fact("a", "标签", kind="count", default=0)) == "0"


class TestFactRows:
    def test_every_fact_is_described_with_its_clauses(self) -> None:
        """One row per fact, each naming the clause paths it feeds."""
        book = load_rulebook("wujin-2021-departments")
        rows = fact_rows(book)
        assert [row.name for row in rows] == list(book.facts)
        assert all(row.clauses for row in rows)
