"""The first ``score`` command: table and JSON over the bundled Wujin examples."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from click.testing import CliRunner

from assessment_rules.cli import main

EXAMPLE = str(Path(__file__).parents[2] / "examples" / "wujin-2021-departments.yaml")


class TestScoreJson:
    def test_json_contract_fields_and_ledger_identity(self) -> None:
        """Every unit carries the contract fields, and max − Σ lost + Σ gained = total."""
        run = CliRunner().invoke(
            main, ["score", "wujin-2021-departments", EXAMPLE, "--format", "json"]
        )
        assert run.exit_code == 0, run.output
        document = json.loads(run.output)
        assert document["rulebook"]["id"] == "wujin-2021-departments"
        for unit in document["units"]:
            assert {
                "id",
                "name",
                "total",
                "max",
                "grade",
                "vetoed",
                "rank",
                "lost",
                "gained",
            } <= set(unit)
            lost = sum((Decimal(e["points"]) for e in unit["lost"]), Decimal(0))
            gained = sum((Decimal(e["points"]) for e in unit["gained"]), Decimal(0))
            assert Decimal(unit["max"]) - lost + gained == Decimal(unit["total"])
            for entry in unit["lost"] + unit["gained"]:
                assert {"path", "title", "points", "reason"} <= set(entry)

    def test_numbers_are_decimal_strings(self) -> None:
        """Totals are strings such as '96.5', never JSON floats."""
        run = CliRunner().invoke(
            main, ["score", "wujin-2021-departments", EXAMPLE, "--format", "json"]
        )
        totals = {u["id"]: u["total"] for u in json.loads(run.output)["units"]}
        # bonus: 91.5 + 5 = 96.5 (worked in tests/rulebooks/test_wujin_2021_departments.py)
        assert totals["bonus"] == "96.5"


class TestScoreTable:
    def test_table_shows_rank_grade_and_reasons(self) -> None:
        """The table lists every unit with its grade and Chinese reasons."""
        run = CliRunner(env={"COLUMNS": "300"}).invoke(
            main, ["--lang", "zh", "score", "wujin-2021-departments", EXAMPLE]
        )
        assert run.exit_code == 0, run.output
        for text in ("示例区应急管理局", "不合格（一票否决）", "一票否决", "本项分值已扣完"):
            assert text in run.output


class TestScoreErrors:
    def test_unknown_rulebook_exits_3_with_a_hint(self) -> None:
        """A misspelt rulebook id exits 3 and suggests the right one, without a traceback."""
        run = CliRunner().invoke(main, ["score", "wujin-2021", EXAMPLE])
        assert run.exit_code == 3
        assert "Did you mean 'wujin-2021-departments'?" in run.output
        assert "Traceback" not in run.output

    def test_bad_evidence_exits_4_and_lists_every_problem(self, tmp_path: Path) -> None:
        """Evidence with two mistakes exits 4 and names both facts and the unit."""
        path = tmp_path / "bad.yaml"
        path.write_text(
            "units:\n  - id: d1\n    facts:\n      leader_checks: -1\n      safety_meeting: 4\n",
            encoding="utf-8",
        )
        output = tmp_path / "out.json"
        run = CliRunner().invoke(
            main,
            ["score", "wujin-2021-departments", str(path), "--format", "json", "-o", str(output)],
        )
        assert run.exit_code == 4
        assert "leader_checks=-1" in run.output and "Did you mean 'safety_meetings'?" in run.output
        assert not output.exists()
