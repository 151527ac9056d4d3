"""The "yearly rulebooks" how-to page: in the navigation, and its examples work."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

from assessment_rules import Rulebook, load_rulebook
from assessment_rules.yearly import LINT_RULES, diff_rulebooks

ROOT = Path(__file__).parents[2]
PAGE = ROOT / "docs" / "yearly-rulebooks.md"


def blocks(language: str) -> list[str]:
    text = PAGE.read_text(encoding="utf-8")
    return re.findall(rf"```{language}\n(.*?)```", text, flags=re.DOTALL)


class TestYearlyPage:
    def test_page_is_in_the_navigation(self) -> None:
        """mkdocs.yml lists the page."""
        assert "yearly-rulebooks.md" in (ROOT / "mkdocs.yml").read_text(encoding="utf-8")

    def test_derive_example_builds_the_described_rulebook(self) -> None:
        """The page's derive example runs and moves inspections from 20 to 18 points."""
        namespace: dict[str, object] = {}
        exec(blocks("python")[0], namespace)  # the page's own example, run as written
        book = namespace["RULEBOOK"]
        assert isinstance(book, Rulebook)
        assert book.node("key_work.inspections").max_points == Decimal("18")
        old = load_rulebook("wujin-2021-departments")
        assert ("bonus", "commendations") in {
            (c.kind, c.path) for c in diff_rulebooks(old, book).changes
        }

    def test_every_lint_rule_is_documented_with_its_severity(self) -> None:
        """The lint table lists each rule code with its declared severity."""
        text = PAGE.read_text(encoding="utf-8")
        for code, (severity, _) in LINT_RULES.items():
            assert f"| `{code}` | {severity} |" in text
