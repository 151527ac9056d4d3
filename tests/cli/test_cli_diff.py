"""``assessment-rules diff``: the changes between two rulebooks and re-scoring."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from assessment_rules.cli import main

EXAMPLE = str(Path(__file__).parents[2] / "examples" / "wujin-2021-departments.yaml")
YEARS = ["diff", "wujin-2021-departments", "wujin-2022-departments"]


class TestDiff:
    def test_json_lists_the_changes(self) -> None:
        """Each JSON change has kind, path, field, old and new; the bonus cap is there."""
        run = CliRunner().invoke(main, [*YEARS, "--format", "json"])
        assert run.exit_code == 0, run.output
        changes = json.loads(run.output)["changes"]
        assert all({"kind", "path", "field", "old", "new"} <= set(c) for c in changes)
        # 注4 as revised: 加分总分值 5 → 6.
        assert {
            "kind": "bonus",
            "path": "commendations",
            "field": "cap",
            "old": "5",
            "new": "6",
        }.items() <= next(c for c in changes if c["kind"] == "bonus").items()

    def test_markdown_is_a_table(self) -> None:
        """The Markdown output is a table with one row per change."""
        run = CliRunner().invoke(main, [*YEARS, "--format", "md"])
        assert run.exit_code == 0
        assert "| 变化 | 路径 | 条款 | 字段 | 原 | 新 |" in run.output
        assert "| 分值 | `key_work.inspections` | 开展安全督查检查 | 分值 | 20 | 18 |" in run.output

    def test_text_with_evidence_rescores(self) -> None:
        """With last year's evidence each unit's move is listed under the changes."""
        run = CliRunner().invoke(main, [*YEARS, "--evidence", EXAMPLE])
        assert run.exit_code == 0, run.output
        # bonus department: 96.5 → 96 (see tests/rulebooks/test_wujin_2022_departments.py).
        assert "bonus 示例区生态环境局: 96.5 优秀 → 96 优秀 (-0.5)" in run.output
        assert "facts newly required: none" in run.output

    def test_json_with_evidence_has_a_rescore_part(self) -> None:
        """The JSON document carries the re-scoring next to the changes."""
        run = CliRunner().invoke(main, [*YEARS, "--evidence", EXAMPLE, "--format", "json"])
        rescore = json.loads(run.output)["rescore"]
        assert rescore["facts_new_optional"] == ["no_plan_review"]
        assert len(rescore["units"]) == 7

    def test_output_file(self, tmp_path: Path) -> None:
        """--output writes the report to a file instead of stdout."""
        out = tmp_path / "diff.md"
        run = CliRunner().invoke(main, [*YEARS, "--format", "md", "--output", str(out)])
        assert (run.exit_code, run.output) == (0, "")
        assert out.read_text(encoding="utf-8").startswith("`wujin-2022-departments` 与")

    def test_assume_needs_evidence(self) -> None:
        """--assume without --evidence is a usage error."""
        run = CliRunner().invoke(main, [*YEARS, "--assume", "x=1"])
        assert run.exit_code == 2

    def test_malformed_assumption(self) -> None:
        """--assume must look like FACT=VALUE."""
        run = CliRunner().invoke(main, [*YEARS, "--evidence", EXAMPLE, "--assume", "x"])
        assert run.exit_code == 2
        assert "FACT=VALUE" in run.output

    def test_unknown_rulebook_exits_3(self) -> None:
        """An unknown rulebook id exits 3 without a traceback."""
        run = CliRunner().invoke(main, ["diff", "wujin-2021-departments", "wujin-2023"])
        assert run.exit_code == 3
        assert "Traceback" not in run.output
