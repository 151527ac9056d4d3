"""``score`` in every output format, and the progress bar on big batches."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from rich.console import Console

from assessment_rules.cli import main

BOOK = "wujin-2021-departments"
EXAMPLE = str(Path(__file__).parents[2] / "examples" / f"{BOOK}.yaml")


class TestFormats:
    def test_format_is_guessed_from_the_output_suffix(self, tmp_path: Path) -> None:
        """-o 结果.xlsx writes a workbook, -o r.md Markdown, -o r.csv CSV, -o r.json JSON."""
        for suffix, magic in (("xlsx", b"PK"), ("md", b"# "), ("json", b"{")):
            out = tmp_path / f"结果.{suffix}"
            run = CliRunner().invoke(main, ["score", BOOK, EXAMPLE, "-o", str(out)])
            assert run.exit_code == 0, run.output
            assert out.read_bytes().startswith(magic)
        out = tmp_path / "r.csv"
        CliRunner().invoke(main, ["score", BOOK, EXAMPLE, "-o", str(out)])
        assert out.read_bytes().startswith(b"\xef\xbb\xbf")

    def test_csv_ranking_lists_every_unit_with_its_reasons(self) -> None:
        """The CSV's ranking block has 7 units; 'passing' (67, 合格) lists 12 reasons."""
        run = CliRunner().invoke(main, ["score", BOOK, EXAMPLE, "--format", "csv"])
        rows = list(csv.reader(io.StringIO(run.stdout_bytes.decode("utf-8-sig"))))
        ranking = rows[2:9]
        assert ranking[0][-1] == "clean"
        passing = next(row for row in ranking if row[-1] == "passing")
        # 12 clauses lose points for 'passing' (tests/rulebooks: 100 − 33 = 67).
        assert (passing[2], passing[3], len(passing[4].splitlines())) == ("67", "合格", 12)

    def test_markdown_has_ranking_and_sections(self) -> None:
        """Markdown has a 排名 table and one section per unit."""
        run = CliRunner().invoke(main, ["score", BOOK, EXAMPLE, "--format", "md"])
        assert run.output.count("\n## ") == 1 + 7

    def test_xlsx_unit_sheets_follow_the_official_layout(self, tmp_path: Path) -> None:
        """Each unit sheet has the seven official columns, then 合计 and 等次 (their labels
        merged over 序号 and 项目), and ends with the 考核人/复核人/日期 block."""
        out = tmp_path / "r.xlsx"
        CliRunner().invoke(main, ["score", BOOK, EXAMPLE, "-o", str(out)])
        workbook = openpyxl.load_workbook(out)
        sheet = [[c.value for c in row] for row in workbook["示例区商务委员会"].iter_rows()]
        assert sheet[2] == ["序号", "项目", "考核内容", "考核标准", "分值", "得分", "失分原因"]
        total = next(index for index, row in enumerate(sheet) if row[0] == "合计")
        assert (sheet[total][5], sheet[total + 1][0], sheet[total + 1][2]) == (67, "等次", "合格")
        assert sheet[-1][0] == "考核人："

    def test_json_records_the_evidence_digest(self) -> None:
        """The JSON result names the evidence file with its SHA-256."""
        run = CliRunner().invoke(main, ["score", BOOK, EXAMPLE, "--format", "json"])
        (record,) = json.loads(run.output)["evidence"]
        assert record["path"] == EXAMPLE and len(record["sha256"]) == 64


def _many_units(tmp_path: Path, count: int) -> Path:
    path = tmp_path / "many.csv"
    lines = [
        "单位代码,safety_meetings,quarterly_reports,committee_rules,campaign_documents,"
        "leader_checks,deputy_checks,campaign_activities,safety_month_documents,"
        "campaign_stages,supervision_score,other_work_score,major_accidents,"
        "multi_fatality_accidents,serious_injury_accidents"
    ]
    # 无: no checklist item done (each missing item loses points); a blank would be "not given".
    lines += [f"u{i},4,无,无,无,4,4,无,无,无,15,5,0,0,0" for i in range(count)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


class TestProgress:
    def test_big_batches_are_silent_when_not_on_a_terminal(self, tmp_path: Path) -> None:
        """Scoring 300 units to a file prints no progress bar when stderr is not a terminal."""
        out = tmp_path / "r.csv"
        run = CliRunner().invoke(
            main, ["score", BOOK, str(_many_units(tmp_path, 300)), "-o", str(out)]
        )
        assert run.exit_code == 0, run.output
        assert run.stderr.strip() == f"已写出 {out}：300 个单位（csv）"

    def test_big_batches_draw_a_bar_on_a_terminal(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """On a terminal, writing 300 units' sheets draws a rich progress bar on stderr."""
        screen = io.StringIO()
        console = Console(file=screen, force_terminal=True, width=100)
        monkeypatch.setattr("assessment_rules.cli._common.stderr_console", lambda: console)
        out = tmp_path / "r.csv"
        run = CliRunner().invoke(
            main, ["score", BOOK, str(_many_units(tmp_path, 300)), "-o", str(out)]
        )
        assert run.exit_code == 0, run.output
        assert "写出评分表" in screen.getvalue() and "300/300" in screen.getvalue()
