"""Every mistake at once, each at its cell (issue 15, item 2).

The tool's own evidence form (``template --format xlsx``) is filled with valid values,
then six mistakes of different kinds are made in it. ``score`` lists the six together,
each naming its own cell; a formula cell is one problem among the others, and a value
left out is named at the cell where it belongs (the fact's row, the unit's column), not
at the unit's id in the header row.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from assessment_rules import EvidenceError, load_rulebook
from assessment_rules.cli import main
from assessment_rules.io import load_evidence
from assessment_rules.io._fact_text import value_text

BOOK = load_rulebook("wujin-2021-departments")


def _layout(sheet: object) -> tuple[int, dict[str, str], dict[str, int]]:
    """The header row, each unit's column letter and each fact's row, as the form has them."""
    rows = list(sheet.iter_rows())  # type: ignore[attr-defined]
    header = next(row for row in rows if row[0].value == "事实代码")
    units = {
        str(cell.value): cell.column_letter
        for cell in header[6:]  # after 事实代码 and the five help columns
        if cell.value
    }
    facts = {str(row[0].value): row[0].row for row in rows if row[0].value in BOOK.facts}
    return header[0].row, units, facts


@pytest.fixture
def form(tmp_path: Path) -> tuple[Path, dict[str, str], dict[str, int]]:
    """The form for 3 units, filled with a valid value in every cell."""
    path = tmp_path / "证据.xlsx"
    made = CliRunner().invoke(
        main,
        ["template", "wujin-2021-departments", "--units", "3", "--format", "xlsx", "-o", str(path)],
    )
    assert made.exit_code == 0, made.output
    book = openpyxl.load_workbook(path)
    sheet = book["证据"]
    _, units, facts = _layout(sheet)
    for letter in units.values():
        for name, row in facts.items():
            sheet[f"{letter}{row}"] = value_text(BOOK.facts[name].example_value()) or "无"
    book.save(path)
    return path, units, facts


class TestSixMistakes:
    def test_the_filled_form_scores(
        self, form: tuple[Path, dict[str, str], dict[str, int]]
    ) -> None:
        """The form filled with valid values scores (so each mistake below is the only one)."""
        path, _, _ = form
        run = CliRunner().invoke(main, ["score", "wujin-2021-departments", str(path)])
        assert run.exit_code == 0, run.output

    def test_six_mistakes_are_listed_together_each_at_its_cell(
        self, form: tuple[Path, dict[str, str], dict[str, int]]
    ) -> None:
        """A formula, a bad yes/no, a score out of range, a value left out, a bad number and
        an unknown fact row are six problems in one message, each naming its cell."""
        path, units, facts = form
        one, two, three = (units[unit] for unit in sorted(units))
        workbook = openpyxl.load_workbook(path)
        sheet = workbook["证据"]
        sheet[f"{one}{facts['safety_meetings']}"] = "=1+3"  # 1. a formula
        sheet[f"{two}{facts['no_drill']}"] = "是的"  # 2. not yes or no
        sheet[f"{three}{facts['supervision_score']}"] = 16  # 3. above its 15 points
        sheet[f"{two}{facts['leader_checks']}"] = None  # 4. left out (a required count)
        sheet[f"{three}{facts['deputy_checks']}"] = "三"  # 5. not a number
        extra = sheet.max_row + 1
        sheet[f"A{extra}"] = "leader_chekcs"  # 6. a row no fact has
        sheet[f"{one}{extra}"] = 2
        workbook.save(path)
        where = f"{path} sheet '证据' cell"
        expected = {
            f"{where} {one}{facts['safety_meetings']}": "is a formula",
            f"{where} {two}{facts['no_drill']}": "must be yes or no",
            f"{where} {three}{facts['supervision_score']}": "must be a number from 0 to 15",
            f"{where} {two}{facts['leader_checks']}": "is not filled in",
            f"{where} {three}{facts['deputy_checks']}": "must be a whole number",
            f"{where} A{extra}": "is not a fact of this rulebook",
        }

        run = CliRunner().invoke(main, ["score", "wujin-2021-departments", str(path)])

        assert run.exit_code == 4, run.output
        lines = [line for line in run.output.splitlines() if line.startswith("  - ")]
        assert run.output.startswith("error: 6 problems in the evidence"), run.output
        assert len(lines) == 6, run.output
        for cell, expectation in expected.items():
            (line,) = [line for line in lines if f"{cell} " in line or f"{cell}:" in line]
            assert expectation in line, line
        # Not at the unit's id in the header row (G2/H2/I2): at its own row.
        assert f"{where} {two}2 " not in run.output

    def test_the_api_lists_the_same_six(
        self, form: tuple[Path, dict[str, str], dict[str, int]]
    ) -> None:
        """load_evidence raises one EvidenceError with a formula and the bad values together."""
        path, units, facts = form
        one, two, _ = (units[unit] for unit in sorted(units))
        workbook = openpyxl.load_workbook(path)
        sheet = workbook["证据"]
        sheet[f"{one}{facts['safety_meetings']}"] = "=1+3"
        sheet[f"{two}{facts['no_drill']}"] = "是的"
        workbook.save(path)
        with pytest.raises(EvidenceError) as caught:
            load_evidence([path], BOOK)
        found = sorted((p.fact, p.source.rsplit(" ", 1)[-1]) for p in caught.value.problems)
        assert found == [
            ("no_drill", f"{two}{facts['no_drill']}"),
            ("safety_meetings", f"{one}{facts['safety_meetings']}"),
        ]
