"""Score sheets for forms whose rows come with each unit's evidence (财政自评表)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from assessment_rules.cli import main

EXAMPLE = str(Path(__file__).parents[2] / "examples" / "putuo-2024-finance-selfeval.yaml")


class TestFinanceScoreSheets:
    @pytest.mark.parametrize("fmt", ["md", "csv"])
    def test_text_sheets_render_without_shared_rule_nodes(self, fmt: str) -> None:
        """md and csv score sheets of the finance form list 援滇干部工作经费 at 99.58."""
        run = CliRunner().invoke(
            main, ["score", "putuo-2024-finance-selfeval", EXAMPLE, "--format", fmt]
        )
        assert run.exit_code == 0, run.output
        # 援滇: 90 indicator points + 10 × 23.36 ÷ 24.38 = 9.58 (half up) → 99.58 (seed 002).
        assert "援滇干部工作经费" in run.output and "99.58" in run.output

    def test_xlsx_sheets_are_written(self, tmp_path: Path) -> None:
        """The xlsx score sheets of the finance form are written in full."""
        out = tmp_path / "finance.xlsx"
        run = CliRunner().invoke(
            main,
            ["score", "putuo-2024-finance-selfeval", EXAMPLE, "--format", "xlsx", "-o", str(out)],
        )
        assert run.exit_code == 0, run.output
        assert out.stat().st_size > 0
