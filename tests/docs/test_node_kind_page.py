"""The "own rule shape" how-to page: its example runs and the tools understand its node."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from assessment_rules import evaluate
from assessment_rules.yearly import lint

PAGE = Path(__file__).resolve().parents[2] / "docs" / "how-to" / "node-kind.md"


def run_page() -> dict[str, Any]:
    namespace: dict[str, Any] = {"__name__": "node_kind_page"}
    for code in re.findall(r"```python\n(.*?)```", PAGE.read_text(encoding="utf-8"), re.S):
        exec(compile(code, str(PAGE), "exec"), namespace)
    return namespace


class TestNodeKindPage:
    def test_the_example_scores_as_the_page_says(self) -> None:
        """Three late reports cost 1 + 2 + 4 = 7 points, with the node's own reason."""
        book = run_page()["book"]
        result = evaluate(book, {"late": 3})
        assert (result.total, result.reasons) == (result.max - 7, ("迟报3次，扣7分",))

    def test_lint_reads_the_nodes_limits(self) -> None:
        """The node states it takes at most 2⁵ − 1 = 31 points, so an uncapped item of 10
        points is reported as able to go below zero, naming that figure."""
        book = run_page()["book"]
        below = [f.message for f in lint(book) if f.code == "below-zero"]
        assert len(below) == 1 and "31" in below[0]

    def test_the_page_is_in_the_navigation(self) -> None:
        """mkdocs.yml lists the page."""
        mkdocs = PAGE.parents[2] / "mkdocs.yml"
        assert "how-to/node-kind.md" in mkdocs.read_text(encoding="utf-8")
