"""The assessor's round trip: template → filled spreadsheet → score sheets, in every format."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import attrs
import openpyxl
import pytest
from click.testing import CliRunner

from assessment_rules.cli import main
from assessment_rules.io import read_evidence

from .forms import cell_value, fill_csv, fill_xlsx

EXAMPLES = Path(__file__).parents[2] / "examples"
BOOKS = ["wujin-2021-departments", "putuo-2024-departments", "putuo-2024-streets"]


def run(*args: str) -> Any:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result


def scored(book: str, *evidence: Path) -> list[dict[str, Any]]:
    """The units of a JSON result, without the file digests (they differ by format)."""
    document = json.loads(run("score", book, *map(str, evidence), "--format", "json").output)
    return document["units"]  # type: ignore[no-any-return]


@pytest.mark.parametrize("book", BOOKS)
class TestSameResultFromEveryFormat:
    def test_filled_xlsx_form_scores_like_the_yaml(self, book: str, tmp_path: Path) -> None:
        """A template XLSX filled with the example's values scores exactly as the YAML does."""
        example = EXAMPLES / f"{book}.yaml"
        evidences = read_evidence(example)
        form = tmp_path / "证据.xlsx"
        run("template", book, "--units", "2", "-o", str(form))
        fill_xlsx(form, evidences)
        assert scored(book, form) == scored(book, example)

    def test_filled_gbk_csv_form_scores_like_the_yaml(self, book: str, tmp_path: Path) -> None:
        """A template CSV filled in and saved as GBK (Excel on Chinese Windows) scores the same."""
        example = EXAMPLES / f"{book}.yaml"
        form = tmp_path / "证据.csv"
        run("template", book, "-o", str(form))
        fill_csv(form, read_evidence(example), encoding="gbk")
        assert scored(book, form) == scored(book, example)

    def test_json_evidence_scores_like_the_yaml(self, book: str, tmp_path: Path) -> None:
        """The same facts as JSON evidence give the same result."""
        example = EXAMPLES / f"{book}.yaml"
        units = [
            {"id": e.unit, "name": e.name, "facts": {k: _plain(v) for k, v in e.facts.items()}}
            for e in read_evidence(example)
        ]
        path = tmp_path / "e.json"
        path.write_text(json.dumps({"units": units}, ensure_ascii=False), encoding="utf-8")
        assert scored(book, path) == scored(book, example)


def _plain(value: object) -> object:
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, bool | int | str) or value is None:
        return value
    return str(value)  # Decimal: JSON strings keep the exact decimal text


class TestRowsLayout:
    def test_one_row_per_unit_form_scores_like_the_yaml(self, tmp_path: Path) -> None:
        """The rows layout, filled one unit per row under label（name） headers, scores the same."""
        book = "wujin-2021-departments"
        example = EXAMPLES / f"{book}.yaml"
        evidences = read_evidence(example)
        form = tmp_path / "证据.xlsx"
        run("template", book, "--layout", "rows", "--units", "7", "-o", str(form))
        workbook = openpyxl.load_workbook(form)
        sheet = workbook["证据"]
        headers = [cell.value for cell in sheet[2]]
        column_of = {str(h).rsplit("（", 1)[-1].rstrip("）"): i + 1 for i, h in enumerate(headers)}
        for offset, evidence in enumerate(evidences):
            row = 3 + offset
            sheet.cell(row=row, column=1).value = evidence.unit
            sheet.cell(row=row, column=2).value = evidence.name
            for fact, value in evidence.facts.items():
                sheet.cell(row=row, column=column_of[fact]).value = cell_value(value)
        workbook.save(form)
        assert scored(book, form) == scored(book, example)


class TestMergingFormats:
    def test_half_the_facts_in_csv_and_half_in_yaml_merge_like_one_file(
        self, tmp_path: Path
    ) -> None:
        """Facts split between a filled CSV form and a YAML file merge to the one-file result."""
        book = "wujin-2021-departments"
        example = EXAMPLES / f"{book}.yaml"
        evidences = read_evidence(example)
        first = [
            attrs.evolve(e, facts={k: v for i, (k, v) in enumerate(e.facts.items()) if i % 2})
            for e in evidences
        ]
        second = [
            {
                "id": e.unit,
                "facts": {k: _plain(v) for i, (k, v) in enumerate(e.facts.items()) if not i % 2},
            }
            for e in evidences
        ]
        form = tmp_path / "a.csv"
        run("template", book, "-o", str(form))
        fill_csv(form, first)
        rest = tmp_path / "b.yaml"
        rest.write_text(json.dumps({"units": second}, ensure_ascii=False), encoding="utf-8")
        assert scored(book, form, rest) == scored(book, example)


class TestScoreSheetsBack:
    def test_xlsx_result_has_ranking_and_a_sheet_per_unit(self, tmp_path: Path) -> None:
        """Scoring a filled form to XLSX gives a 排名 sheet and one official sheet per unit."""
        book = "wujin-2021-departments"
        form = tmp_path / "证据.xlsx"
        run("template", book, "-o", str(form))
        fill_xlsx(form, read_evidence(EXAMPLES / f"{book}.yaml"))
        out = tmp_path / "结果.xlsx"
        run("score", book, str(form), "-o", str(out))
        workbook = openpyxl.load_workbook(out)
        assert workbook.sheetnames[:2] == ["排名", "图表"]
        assert len(workbook.sheetnames) == 2 + 7
        ranking = [[c.value for c in row] for row in workbook["排名"].iter_rows()]
        assert ranking[1][:5] == ["排名", "单位", "总分", "等次", "失分原因"]
        # capped: 100 − 10 (item 一(1) stops at its 10 points) = 90, 优秀; 7 reasons listed,
        # the last one absorbed (worked in tests/rulebooks/test_wujin_2021_departments.py).
        capped = next(row for row in ranking if row[-1] == "capped")
        assert (capped[2], capped[3]) == (90, "优秀")
        assert capped[4].count("\n") == 6 and "本项分值已扣完" in capped[4]
        sheet = [
            [c.value for c in row] for row in workbook["示例区住房和建设管理委员会"].iter_rows()
        ]
        assert sheet[2] == ["序号", "项目", "考核内容", "考核标准", "分值", "得分", "失分原因"]
        first = sheet[3]
        # 一、组织领导, item 一(1): 10 points, scores 0 after 扣完为止.
        assert first[:2] == ["一", "组织领导"] and (first[4], first[5]) == (10, 0)
        assert "召开安全工作会议研究部署工作0次" in first[6]
