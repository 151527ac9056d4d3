"""Hidden rows and columns in XLSX evidence (issue 14): refused like hidden sheets,
naming the rows or columns, and read on the same explicit opt-in."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from assessment_rules import EvidenceError, Rulebook, load_rulebook
from assessment_rules.cli import main
from assessment_rules.io import load_evidence
from assessment_rules.io._grids import read_workbook

FILES = Path(__file__).parents[1] / "corpus" / "files"
TINY = FILES / "tiny.py"
GOOD = FILES / "good" / "tiny.xlsx"  # form layout: facts in rows 4-9, units d1 (G), d2 (H)


def _book() -> Rulebook:
    return load_rulebook(str(TINY))


def _variant(tmp_path: Path, change: str, *, stale: bool = True) -> Path:
    """The good form with one row or column hidden (and, if *stale*, a different value
    in it: what nobody would see)."""
    path = tmp_path / "form.xlsx"
    workbook = openpyxl.load_workbook(GOOD)
    sheet = workbook["证据"]
    kind, _, where = change.partition(" ")
    if kind == "row":
        sheet.row_dimensions[int(where)].hidden = True
    else:
        sheet.column_dimensions[where].hidden = True
    if stale:
        sheet["H6"] = 0  # d2's lapses: 2 in the good file
    workbook.save(path)
    return path


class TestRefused:
    def test_a_hidden_fact_row_is_refused_naming_it(self, tmp_path: Path) -> None:
        """Row 6 (lapses) hidden: one problem naming the sheet and row 6."""
        path = _variant(tmp_path, "row 6")
        with pytest.raises(EvidenceError) as caught:
            load_evidence([path], _book())
        (problem,) = caught.value.problems
        assert problem.source == f"{path} sheet '证据' row 6"
        assert "is hidden but holds values" in problem.expectation
        assert "--include-hidden-sheets" in problem.expectation

    def test_a_hidden_unit_column_is_refused_naming_it_and_its_unit(self, tmp_path: Path) -> None:
        """Column H (unit d2) hidden: one problem naming column H and d2."""
        path = _variant(tmp_path, "column H")
        with pytest.raises(EvidenceError) as caught:
            load_evidence([path], _book())
        (problem,) = caught.value.problems
        assert problem.source == f"{path} sheet '证据' column H (d2)"

    def test_several_hidden_rows_are_named_in_one_problem(self, tmp_path: Path) -> None:
        """Rows 5 and 7 hidden: one problem naming rows 5, 7."""
        path = tmp_path / "form.xlsx"
        workbook = openpyxl.load_workbook(GOOD)
        for number in (5, 7):
            workbook["证据"].row_dimensions[number].hidden = True
        workbook.save(path)
        with pytest.raises(EvidenceError) as caught:
            load_evidence([path], _book())
        (problem,) = caught.value.problems
        assert problem.source == f"{path} sheet '证据' rows 5, 7"

    def test_the_rulebook_row_above_the_header_counts(self, tmp_path: Path) -> None:
        """The hidden 考核细则 row (row 1) is read, so it is refused too."""
        path = _variant(tmp_path, "row 1", stale=False)
        with pytest.raises(EvidenceError, match="row 1: is hidden"):
            load_evidence([path], _book())


class TestAllowed:
    @pytest.mark.parametrize("change", ["column D", "column B", "row 20", "column K"])
    def test_hidden_help_columns_and_empty_rows_are_fine(self, tmp_path: Path, change: str) -> None:
        """A hidden help column (填写要求, 填报项目), an empty row or column is no problem."""
        path = _variant(tmp_path, change, stale=False)
        units = load_evidence([path], _book()).units
        assert [unit.unit for unit in units] == ["d1", "d2"]

    def test_the_opt_in_reads_hidden_rows_and_columns(self, tmp_path: Path) -> None:
        """include_hidden_sheets=True reads the hidden row's values as any others."""
        path = _variant(tmp_path, "row 6")
        units = load_evidence([path], _book(), include_hidden_sheets=True).units
        assert units[1].facts["lapses"] == "0"

    def test_the_sheet_reports_its_hidden_rows_and_columns(self, tmp_path: Path) -> None:
        """read_workbook gives each sheet's hidden rows and columns, none on the opt-in."""
        path = tmp_path / "form.xlsx"
        workbook = openpyxl.load_workbook(GOOD)
        workbook["证据"].row_dimensions[6].hidden = True
        workbook["证据"].column_dimensions.group("G", "H", hidden=True)
        workbook.save(path)
        sheet = read_workbook(path.read_bytes(), str(path))[0]
        assert (sheet.hidden_rows, sheet.hidden_columns) == ((6,), (7, 8))
        sheet = read_workbook(path.read_bytes(), str(path), include_hidden_sheets=True)[0]
        assert (sheet.hidden_rows, sheet.hidden_columns) == ((), ())


class TestCommandLine:
    @pytest.mark.parametrize("command", ["score", "explain", "compare", "diff", "selfeval-table"])
    def test_every_command_reading_evidence_has_the_flag(self, command: str) -> None:
        """Each command that reads evidence workbooks offers --include-hidden-sheets."""
        run = CliRunner().invoke(main, ["--lang", "en", command, "--help"])
        assert run.exit_code == 0, run.output
        assert "--include-hidden-sheets" in run.output

    def test_the_flag_reads_a_hidden_row(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """score refuses the hidden row (exit 4) and, with the flag, scores d2 with it."""
        work = tmp_path / "work"
        shutil.copytree(FILES, work)
        monkeypatch.chdir(work)
        refused = CliRunner().invoke(main, ["score", "tiny.py", "xlsx/hidden-row.xlsx"])
        assert refused.exit_code == 4, refused.output
        flag = ["--include-hidden-sheets", "--format", "json"]
        read = CliRunner().invoke(main, ["score", "tiny.py", "xlsx/hidden-row.xlsx", *flag])
        assert read.exit_code == 0, read.output
        units = json.loads(read.stdout)["units"]
        # The good file's totals (d2 loses 2 lapses × 2 in the hidden row among 15.5).
        assert [(unit["id"], unit["total"]) for unit in units] == [("d1", "95"), ("d2", "84.5")]
