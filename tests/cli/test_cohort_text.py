"""The cohort summary printed under the ranking: means to 2 places, as on a score sheet."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from assessment_rules.cli import main

ROOT = Path(__file__).resolve().parents[2]


class TestMean:
    def test_a_mean_with_more_places_is_shown_to_two(self) -> None:
        """The Wujin example's mean 616.5 ÷ 7 = 88.0714… prints as 88.07 and says so."""
        example = ROOT / "examples" / "wujin-2021-departments.yaml"
        result = CliRunner().invoke(
            main, ["--lang", "zh", "score", "wujin-2021-departments", str(example)]
        )
        assert result.exit_code == 0, result.output
        assert "平均分88.07分（四舍五入保留2位小数）" in result.output
        assert "88.0714" not in result.output
