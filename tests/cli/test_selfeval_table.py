"""``assessment-rules selfeval-table``: the published tables from the command line."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
from click.testing import CliRunner

from assessment_rules.cli import main

ROOT = Path(__file__).parents[2]
EXAMPLE = str(ROOT / "examples" / "putuo-2024-finance-selfeval.yaml")
BOOK = "putuo-2024-finance-selfeval"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["selfeval-table", *args])
    return result.exit_code, result.stdout, result.stderr


class TestOutput:
    def test_text_for_one_project(self) -> None:
        """--unit prints one project's table; 举报奖励项目 totals 90.27, 优 (seed 002)."""
        code, out, _ = run(BOOK, EXAMPLE, "--unit", "report-rewards")
        assert code == 0
        assert "项目名称  举报奖励项目" in out and "援滇干部工作经费" not in out
        total = next(line for line in out.splitlines() if line.startswith("总分"))
        assert total.endswith("100.00  90.27")
        assert "评分等级  优" in out

    def test_unit_by_project_name(self) -> None:
        """A project can be chosen by its 项目名称 too."""
        code, out, _ = run(BOOK, EXAMPLE, "--unit", "公众号运营")
        assert code == 0 and "项目名称  公众号运营" in out

    def test_all_projects_in_evidence_order(self) -> None:
        """Without --unit every project prints, 援滇干部工作经费 first, 应急避难场所 last."""
        code, out, _ = run(BOOK, EXAMPLE, "--format", "json")
        assert code == 0
        projects = [table["project"] for table in json.loads(out)["tables"]]
        assert len(projects) == 11
        assert (projects[0], projects[-1]) == ("援滇干部工作经费", "应急避难场所建设维护")

    def test_markdown_from_the_output_suffix(self, tmp_path: Path) -> None:
        """-o tables.md writes Markdown without --format."""
        target = tmp_path / "tables.md"
        code, _, _ = run(BOOK, EXAMPLE, "--unit", "enterprise-code", "-o", str(target))
        assert code == 0
        # 企业码: 14.80 ÷ 15.00 prints 98.66, 得分 9.87 (seed 002).
        assert "| 15.00 | 15.00 | 14.80 | 10.00 | 98.66 | 9.87 |" in target.read_text("utf-8")

    def test_xlsx_has_one_sheet_per_project(self, tmp_path: Path) -> None:
        """-o tables.xlsx writes a workbook, one sheet per project in evidence order."""
        target = tmp_path / "tables.xlsx"
        code, _, _ = run(BOOK, EXAMPLE, "-o", str(target))
        assert code == 0
        workbook = openpyxl.load_workbook(target)
        assert len(workbook.sheetnames) == 11 and workbook.sheetnames[0] == "援滇干部工作经费"


class TestErrors:
    def test_other_rulebooks_are_refused(self) -> None:
        """A rulebook that is not a self-evaluation form exits 3 with a pointer."""
        code, _, err = run("wujin-2021-departments", EXAMPLE)
        assert code == 3 and "is not a self-evaluation form" in err

    def test_unknown_unit_suggests_one(self) -> None:
        """An unknown --unit exits 4 and suggests the closest id."""
        code, _, err = run(BOOK, EXAMPLE, "--unit", "report-reward")
        assert code == 4 and "Did you mean 'report-rewards'" in err

    def test_bad_evidence_writes_nothing(self, tmp_path: Path) -> None:
        """Evidence with a missing deviation reason exits 4 and leaves no output file."""
        evidence = tmp_path / "bad.yaml"
        evidence.write_text(
            "units:\n"
            "  - id: p\n"
            "    facts:\n"
            "      budget_start: 1\n"
            "      budget: 1\n"
            "      executed: 1\n"
            "      indicators:\n"
            "        - {group: 产出指标, category: 数量指标, indicator: 覆盖率,\n"
            '           target: "≥90(百分比)", actual: "80(百分比)", points: 90}\n',
            "utf-8",
        )
        target = tmp_path / "out.md"
        code, _, err = run(BOOK, str(evidence), "-o", str(target))
        assert code == 4
        assert "indicators[1].deviation=None is required" in err
        assert not target.exists()
