"""``template`` (empty forms) and ``explain`` (one unit's ledger)."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
import yaml
from click.testing import CliRunner

from assessment_rules import bundled_rulebooks
from assessment_rules.cli import main

EXAMPLE = str(Path(__file__).parents[2] / "examples" / "wujin-2021-departments.yaml")


class TestTemplate:
    @pytest.mark.parametrize("book", sorted(bundled_rulebooks()))
    @pytest.mark.parametrize("suffix", ["yaml", "csv", "xlsx"])
    def test_every_bundled_rulebook_gets_a_form_in_every_format(
        self, book: str, suffix: str, tmp_path: Path
    ) -> None:
        """The format follows the output suffix, and the file is written."""
        out = tmp_path / f"form.{suffix}"
        run = CliRunner().invoke(main, ["template", book, "--units", "3", "-o", str(out)])
        assert run.exit_code == 0, run.output
        assert out.stat().st_size > 0

    def test_named_units_fill_the_header_and_name_row(self, tmp_path: Path) -> None:
        """--unit ID=名称 puts the id in the header and the name in the 单位名称 row."""
        out = tmp_path / "f.xlsx"
        args = ["template", "wujin-2021-departments", "--unit", "yjj=区应急管理局", "--unit", "swj"]
        CliRunner().invoke(main, [*args, "-o", str(out)])
        sheet = openpyxl.load_workbook(out)["证据"]
        assert [sheet["G2"].value, sheet["H2"].value] == ["yjj", "swj"]
        assert sheet["G3"].value == "区应急管理局"

    def test_yaml_form_goes_to_stdout_and_is_valid_yaml(self) -> None:
        """Without --output the YAML form is printed and parses."""
        run = CliRunner().invoke(main, ["template", "wujin-2021-departments", "--units", "2"])
        assert run.exit_code == 0
        assert [u["id"] for u in yaml.safe_load(run.output)["units"]] == ["unit-1", "unit-2"]

    def test_an_unfilled_form_lists_every_required_fact_as_missing(self, tmp_path: Path) -> None:
        """Scoring a form with only a name filled in lists each 必填 fact (exit 4)."""
        out = tmp_path / "f.xlsx"
        CliRunner().invoke(main, ["template", "wujin-2021-departments", "-o", str(out)])
        workbook = openpyxl.load_workbook(out)
        workbook["证据"]["G3"] = "区应急管理局"
        workbook.save(out)
        run = CliRunner().invoke(main, ["score", "wujin-2021-departments", str(out)])
        assert run.exit_code == 4
        # Seed 004 needs 14 facts with no default (counts, checklists, scores, accidents).
        assert run.output.count("is not filled in") == 14


class TestExplain:
    def test_ledger_tree_shows_arithmetic_clause_and_cap(self) -> None:
        """capped: 一(1) scores 0/10 and its last clause is absorbed by 扣完为止."""
        run = CliRunner().invoke(
            main, ["--lang", "zh", "explain", "wujin-2021-departments", EXAMPLE, "--unit", "capped"]
        )
        assert run.exit_code == 0, run.output
        text = run.output
        assert text.startswith("示例区住房和建设管理委员会（capped）：总分90分")
        assert "0/10分，扣10，扣完为止，2分未计" in text
        # quarterly_reports: 4 missing × 0.5 = 2, counted 0 (the item was already at 0).
        assert "计算：缺4项 × 0.5分 = 2分，计入0分，2分被上限吸收" in text
        assert (
            "条款：每季度按要求上报本部门安全生产情况（月报表、工作小结）的，缺一项扣0.5分" in text
        )

    def test_each_clause_explains_its_own_arithmetic(self) -> None:
        """starred: the judgment 三 reads full marks less the score given, the ★ count × rate."""
        run = CliRunner().invoke(
            main,
            ["--lang", "zh", "explain", "wujin-2021-departments", EXAMPLE, "--unit", "starred"],
        )
        assert run.exit_code == 0, run.output
        # supervision_score 13 of 15; late_accident_reports 2 × 2 (seed 004 二(5) ★).
        assert "计算：满分15分 − 评分13分 = 2分" in run.output
        assert "计算：2起 × 2分 = 4分，计入4分" in run.output

    def test_vetoes_and_bonus_appear_in_the_tree(self) -> None:
        """A triggered veto and each bonus award, with what its caps absorbed, are shown."""
        vetoed = CliRunner().invoke(
            main, ["--lang", "zh", "explain", "wujin-2021-departments", EXAMPLE, "--unit", "vetoed"]
        )
        assert "一票否决（触发）：所监管行业（领域）内发生较大及以上生产安全责任事故1起" in (
            vetoed.output
        )
        bonus = CliRunner().invoke(
            main,
            [
                "--lang",
                "zh",
                "explain",
                "wujin-2021-departments",
                EXAMPLE,
                "--unit",
                "示例区生态环境局",
            ],
        )
        # Municipal 2.5 → 2 (per award), then 1 left under the 5-point total: 1.5 absorbed.
        assert "计算：应加2.5分，计入1分，1.5分被上限吸收" in bonus.output

    def test_json_and_markdown_formats(self) -> None:
        """--format json gives the unit object; md gives a heading and bullets."""
        base = ["explain", "wujin-2021-departments", EXAMPLE, "--unit", "starred"]
        unit = json.loads(CliRunner().invoke(main, [*base, "--format", "json"]).output)
        # starred: 100 − 6 − 8★ − 3 = 83 (worked in tests/rulebooks).
        assert (unit["id"], unit["total"]) == ("starred", "83")
        md = CliRunner().invoke(main, [*base, "--format", "md"]).output
        assert md.startswith("# 示例区交通委员会（starred）") and "\n- 一、组织领导" in md
