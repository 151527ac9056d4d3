"""The worked example of docs/shapes/deductions.md goes through every command.

The page's rulebook is written to a file and loaded by path, as a user's own rulebook
is; the two towns' figures are the page's hand-computed ones (甲镇 68 合格, 乙镇 56 不合格).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from assessment_rules.cli import main

PAGE = Path(__file__).resolve().parents[2] / "docs" / "shapes" / "deductions.md"

EVIDENCE = """\
rulebook: town-forest-fire
units:
  - id: town-a
    name: 甲镇
    facts: {fires: 2, late_hours: 2.5, patrol_gaps: 3, burned_area: 3.6, records: 3,
            drill: 0, model: [省级, 市级], model_points: 6}
  - id: town-b
    name: 乙镇
    facts: {fires: 6, late_hours: 0.5, patrol_gaps: 1, burned_area: 1.8, records: 5,
            drill: 6, model: [国家级]}
"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    code = re.findall(r"```python\n(.*?)```", PAGE.read_text(encoding="utf-8"), re.S)[0]
    (tmp_path / "town_forest_fire.py").write_text(code + "\nRULEBOOK = book\n", "utf-8")
    (tmp_path / "evidence.yaml").write_text(EVIDENCE, "utf-8")
    return tmp_path


def run(folder: Path, *args: str) -> Result:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert "Traceback" not in result.output
    return result


class TestEveryCommand:
    def test_show_prints_each_criterion(self, folder: Path) -> None:
        """show lists the sheet text of the four shapes."""
        result = run(folder, "show", str(folder / "town_forest_fire.py"))
        assert result.exit_code == 0, result.output
        for text in (
            "发生森林火灾的，第1起扣5分，此后每起比上一起多扣1分（以此类推）",
            "火情迟报的，每1小时扣2分，不足1小时的按1小时计",
            "台账资料不完整、不规范的，酌情扣1–5分",
            "加分：森林防火工作获表彰（按最高级别计1次，最多10分）",
        ):
            assert text in result.output

    def test_check_passes(self, folder: Path) -> None:
        """The example has no lint finding: check exits 0."""
        result = run(folder, "check", str(folder / "town_forest_fire.py"))
        assert result.exit_code == 0, result.output

    def test_template_lists_the_facts_with_their_help(self, folder: Path) -> None:
        """The form asks for the judged deduction and the levels in the rulebook's words."""
        out = folder / "form.yaml"
        result = run(folder, "template", str(folder / "town_forest_fire.py"), "-o", str(out))
        assert result.exit_code == 0, result.output
        form = out.read_text(encoding="utf-8")
        assert "未发现填0；发现的，在1–5分内填写扣分" in form
        assert "同一项按最高级别只计1次；可选：国家级、省级、市级" in form

    def test_score_json_has_the_hand_computed_totals(self, folder: Path) -> None:
        """甲镇 68 合格, 乙镇 56 不合格 (see the page)."""
        result = run(
            folder,
            "score",
            str(folder / "town_forest_fire.py"),
            str(folder / "evidence.yaml"),
            "--format",
            "json",
        )
        assert result.exit_code == 0, result.output
        units = {unit["id"]: unit for unit in json.loads(result.output)["units"]}
        assert (units["town-a"]["total"], units["town-a"]["grade"]) == ("68", "合格")
        assert (units["town-b"]["total"], units["town-b"]["grade"]) == ("56", "不合格")

    def test_explain_shows_the_series_and_the_quantity(self, folder: Path) -> None:
        """explain writes 5+6 = 11 and 3小时 × 2分 = 6 for 甲镇."""
        result = run(
            folder,
            "explain",
            str(folder / "town_forest_fire.py"),
            str(folder / "evidence.yaml"),
            "--unit",
            "town-a",
        )
        assert result.exit_code == 0, result.output
        assert "5+6 = 11分，计入11分" in result.output
        assert "3小时 × 2分 = 6分，计入6分" in result.output
        assert "考核人员在1–5分内酌情扣3分，计入3分" in result.output
        assert (
            "森林防火工作获省级表彰，加6分（另获市级，同一项按最高级别只计入1次）" in result.output
        )

    def test_an_out_of_range_judgment_is_an_evidence_error(self, folder: Path) -> None:
        """records: 0.5 is refused naming the unit, the clause, the fact and the range."""
        bad = folder / "bad.yaml"
        bad.write_text(EVIDENCE.replace("records: 5", "records: 0.5"), "utf-8")
        result = run(folder, "score", str(folder / "town_forest_fire.py"), str(bad))
        assert result.exit_code == 4, result.output
        assert "town-b" in result.output and "duty.records.records" in result.output
        assert "(records='0.5') must be a number from 0 to 5 (未发现填0" in result.output
