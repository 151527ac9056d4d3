"""``assessment-rules test``: rulebook cases from YAML files."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from assessment_rules.cli import main

BUNDLED = Path(__file__).parents[2] / "rulebooks" / "cases" / "wujin-2021-departments.yaml"


class TestTestCommand:
    def test_bundled_cases_pass(self) -> None:
        """Without a path the bundled cases run and all pass."""
        run = CliRunner().invoke(main, ["test"])
        assert run.exit_code == 0, run.output
        last = run.output.splitlines()[-1]
        assert last.endswith(" passed, 0 failed")

    def test_a_failing_case_prints_the_ledger_difference_and_exits_1(self, tmp_path: Path) -> None:
        """A wrong expectation fails with the expected and actual lost points."""
        text = BUNDLED.read_text(encoding="utf-8").replace(
            "organisation.responsibility.safety_meetings: 2",
            "organisation.responsibility.safety_meetings: 3",
        )
        path = tmp_path / "wrong.yaml"
        path.write_text(text, encoding="utf-8")
        run = CliRunner().invoke(main, ["test", "--quiet", str(path)])
        assert run.exit_code == 1
        assert "FAIL 全年只召开2次安全工作会议的部门扣2分，得98分" in run.output
        assert "organisation.responsibility.safety_meetings: expected 3, got 2" in run.output
        assert run.output.splitlines()[-1] == "14 passed, 1 failed"

    def test_a_malformed_file_exits_4(self, tmp_path: Path) -> None:
        """A case file without cases is an input error, exit 4."""
        path = tmp_path / "empty.yaml"
        path.write_text("rulebook: wujin-2021-departments\n", encoding="utf-8")
        run = CliRunner().invoke(main, ["test", str(path)])
        assert run.exit_code == 4
        assert "cases must be a non-empty list" in run.output

    def test_an_unknown_rulebook_exits_3(self, tmp_path: Path) -> None:
        """A case naming an unknown rulebook exits 3."""
        path = tmp_path / "other.yaml"
        path.write_text(
            BUNDLED.read_text(encoding="utf-8").replace(
                "rulebook: wujin-2021-departments", "rulebook: wujin-1999"
            ),
            encoding="utf-8",
        )
        run = CliRunner().invoke(main, ["test", str(path)])
        assert run.exit_code == 3
