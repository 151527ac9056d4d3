"""The page docs/finance-selfeval.md stays true to the program and the seed."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

from assessment_rules import load_rulebook
from assessment_rules.finance import SelfEvaluationForm, SelfEvaluationTable, parse_target
from assessment_rules.io import read_evidence
from assessment_rules.io._finance_table import table_markdown

ROOT = Path(__file__).parents[2]
PAGE = (ROOT / "docs" / "finance-selfeval.md").read_text("utf-8")
EXAMPLE = ROOT / "examples" / "putuo-2024-finance-selfeval.yaml"


def tables() -> dict[str, SelfEvaluationTable]:
    book = load_rulebook("putuo-2024-finance-selfeval")
    assert isinstance(book, SelfEvaluationForm)
    return {table.unit: table for table in book.tables(read_evidence(EXAMPLE, book.id))}


class TestPage:
    def test_is_in_the_navigation(self) -> None:
        """mkdocs.yml lists the page."""
        assert "finance-selfeval.md" in (ROOT / "mkdocs.yml").read_text("utf-8")

    def test_example_table_is_the_program_output(self) -> None:
        """The 举报奖励项目 table on the page is exactly what selfeval-table --format md prints."""
        printed = table_markdown(tables()["report-rewards"])
        rows = [line for line in printed.splitlines() if line.startswith("|")]
        assert "\n".join(rows) in PAGE

    def test_check_table_matches_the_scores(self) -> None:
        """Each line of the 核对结果 table (from seed 002) matches the scored table."""
        by_name = {t.project: t for t in tables().values()}
        section = PAGE.split("## 核对结果")[1].split("## ")[0]
        lines = [line for line in section.splitlines() if line.startswith("| ") and "优" in line]
        assert len(lines) == 11
        for line in lines:
            name, budget, executed, rate, score, total, grade = (
                cell.strip() for cell in line.strip("|").split("|")
            )
            table = by_name[name]
            shown = re.sub(r"（未印，(.*)）", r"\1", score)
            execution = table.execution
            assert (execution.budget, execution.executed, execution.rate) == (
                Decimal(budget),
                Decimal(executed),
                Decimal(rate),
            )
            assert (execution.score, table.total, table.grade) == (
                Decimal(shown),
                Decimal(total),
                grade,
            )

    def test_python_example_results(self) -> None:
        """The results quoted in the Python examples are what the library returns."""
        table = tables()["report-rewards"]
        got = (table.project, table.execution.rate, table.execution.score, table.total, table.grade)
        assert f"# {got!r}" in PAGE
        assert list(tables())[5] == "report-rewards"  # the page indexes tables[5]
        score = parse_target("≥90.00(百分比)").score(Decimal("85"), Decimal("15"))
        assert f"# {score!r}" in PAGE
