"""A person's mistakes: each gives a clear message naming where, and a documented exit code.

Exit codes (cli/__init__.py): 2 usage, 3 rulebook, 4 evidence or another input file.
No mistake prints a traceback, and no output file is left behind.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from assessment_rules.cli import main
from assessment_rules.io import read_evidence

from .forms import fill_csv, fill_xlsx

BOOK = "wujin-2021-departments"
EXAMPLE = Path(__file__).parents[2] / "examples" / f"{BOOK}.yaml"
EVIDENCES = read_evidence(EXAMPLE)[:2]  # clean, capped


def _xlsx(tmp_path: Path, change: Callable[[openpyxl.Workbook], None]) -> Path:
    path = tmp_path / "证据.xlsx"
    CliRunner().invoke(main, ["template", BOOK, "--units", "2", "-o", str(path)])
    fill_xlsx(path, EVIDENCES)
    workbook = openpyxl.load_workbook(path)
    change(workbook)
    workbook.save(path)
    return path


def _fact_row(sheet: object, fact: str) -> int:
    for row in sheet.iter_rows():  # type: ignore[attr-defined]
        if row[0].value == fact:
            return int(row[0].row)
    raise AssertionError(fact)


def _set(fact: str, value: object) -> Callable[[openpyxl.Workbook], None]:
    def change(workbook: openpyxl.Workbook) -> None:
        sheet = workbook["证据"]
        sheet.cell(row=_fact_row(sheet, fact), column=7).value = value

    return change


def _yaml(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "e.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def unknown_fact(tmp_path: Path) -> Path:
    return _yaml(tmp_path, "units:\n  - id: d1\n    facts:\n      bogus_fact: 1\n")


def typo(tmp_path: Path) -> Path:
    return _yaml(tmp_path, "units:\n  - id: d1\n    facts:\n      leader_chekcs: 3\n")


def negative_count_csv(tmp_path: Path) -> Path:
    path = tmp_path / "e.csv"
    CliRunner().invoke(main, ["template", BOOK, "-o", str(path)])
    fill_csv(path, EVIDENCES)
    text = path.read_bytes().decode("utf-8-sig").splitlines()
    row = next(i for i, line in enumerate(text) if line.startswith("leader_checks,"))
    cells = text[row].rsplit(",", 2)
    text[row] = f"{cells[0]},-1,{cells[2]}"
    path.write_bytes("\n".join(text).encode("utf-8-sig"))
    return path


def text_in_number_cell(tmp_path: Path) -> Path:
    return _xlsx(tmp_path, _set("leader_checks", "三"))


def formula_in_name(tmp_path: Path) -> Path:
    def change(workbook: openpyxl.Workbook) -> None:
        workbook["证据"]["G3"] = '=HYPERLINK("http://example.invalid","区应急局")'

    return _xlsx(tmp_path, change)


def empty_csv(tmp_path: Path) -> Path:
    path = tmp_path / "e.csv"
    path.write_bytes(b"")
    return path


def empty_yaml(tmp_path: Path) -> Path:
    return _yaml(tmp_path, "# nothing yet\n")


def wrong_sheet(tmp_path: Path) -> Path:
    path = tmp_path / "e.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Sheet1"
    sheet["A1"], sheet["B1"] = "部门", "得分"
    workbook.save(path)
    return path


def truncated_xlsx(tmp_path: Path) -> Path:
    good = _xlsx(tmp_path, lambda workbook: None)
    path = tmp_path / "cut.xlsx"
    path.write_bytes(good.read_bytes()[:3000])
    return path


def truncated_yaml(tmp_path: Path) -> Path:
    text = EXAMPLE.read_text(encoding="utf-8")
    cut = text.index("quarterly_reports: [一季度月报表") + 30
    return _yaml(tmp_path, text[:cut])


def old_xls(tmp_path: Path) -> Path:
    path = tmp_path / "e.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0")
    return path


def missing_file(tmp_path: Path) -> Path:
    return tmp_path / "nowhere.yaml"


CASES = [
    # (builder, exit code, texts the message must contain)
    (unknown_fact, 4, ["bogus_fact=1", "is not a fact of rulebook"]),
    (typo, 4, ["leader_chekcs=3", "Did you mean 'leader_checks'?", "e.yaml:4"]),
    (
        negative_count_csv,
        4,
        ["e.csv cell G", "unit 'clean'", "[key_work.inspections.leader_checks]", "≥ 0"],
    ),
    (
        text_in_number_cell,
        4,
        ["sheet '证据' cell G", "leader_checks='三'", "[key_work.inspections.leader_checks]"],
    ),
    (formula_in_name, 4, ["cell G3", "is a formula", "paste as values"]),
    (empty_csv, 4, ["e.csv: is empty"]),
    (empty_yaml, 4, ["e.yaml: is empty"]),
    (wrong_sheet, 4, ["sheet 'Sheet1'", "has no header row", "right sheet"]),
    (truncated_xlsx, 4, ["cut.xlsx", "damaged or truncated"]),
    (truncated_yaml, 4, ["e.yaml:", "is not valid YAML"]),
    (old_xls, 4, ["save an Excel .xls", "as .xlsx"]),
    (missing_file, 4, ["nowhere.yaml", "cannot be read"]),
]


@pytest.mark.parametrize(
    ("build", "code", "texts"), CASES, ids=[case[0].__name__ for case in CASES]
)
def test_bad_input_gives_exit_code_and_message(
    build: Callable[[Path], Path], code: int, texts: list[str], tmp_path: Path
) -> None:
    """Each bad input exits with its code, names the place and never leaves an output file."""
    evidence = build(tmp_path)
    output = tmp_path / "结果.xlsx"
    run = CliRunner().invoke(main, ["score", BOOK, str(evidence), "-o", str(output)])
    assert run.exit_code == code, run.output
    for text in texts:
        assert text in run.output, run.output
    assert "Traceback" not in run.output
    assert not output.exists()


class TestAllProblemsAtOnce:
    def test_two_bad_cells_in_two_files_are_both_listed(self, tmp_path: Path) -> None:
        """Mistakes in two files, in two units, are reported together in one run."""
        bad_xlsx = text_in_number_cell(tmp_path)
        bad_yaml = _yaml(tmp_path, "units:\n  - id: other\n    facts:\n      no_drill: 也许\n")
        run = CliRunner().invoke(main, ["score", BOOK, str(bad_xlsx), str(bad_yaml)])
        assert run.exit_code == 4
        assert "leader_checks='三'" in run.output and "no_drill='也许'" in run.output
        # 'other' gives only no_drill, so its required facts are listed missing too.
        assert "(safety_meetings) is not filled in" in run.output

    def test_conflicting_values_from_two_files_name_both(self, tmp_path: Path) -> None:
        """The same fact with different values in two files is a conflict naming both places."""
        one = _yaml(tmp_path, "units:\n  - id: d1\n    facts:\n      leader_checks: 3\n")
        two = tmp_path / "two.csv"
        two.write_text("单位代码,leader_checks\nd1,4\n", encoding="utf-8")
        run = CliRunner().invoke(main, ["score", BOOK, str(one), str(two)])
        assert run.exit_code == 4
        assert "two.csv cell B2" in run.output and "conflicts with 3 from" in run.output

    def test_equal_values_written_differently_do_not_conflict(self, tmp_path: Path) -> None:
        """3 in YAML and '3.0' in a CSV cell are the same count, so they merge quietly."""
        one = _yaml(tmp_path, "units:\n  - id: d1\n    facts:\n      leader_checks: 3\n")
        two = tmp_path / "two.csv"
        two.write_text("单位代码,leader_checks\nd1,3.0\n", encoding="utf-8")
        run = CliRunner().invoke(main, ["score", BOOK, str(one), str(two)])
        assert "conflicts" not in run.output


class TestUsageAndRulebookMistakes:
    def test_unknown_rulebook_suggests_the_right_id(self) -> None:
        """A misspelt rulebook id exits 3 with "Did you mean …?"."""
        run = CliRunner().invoke(main, ["template", "wujin-2021-department"])
        assert run.exit_code == 3
        assert "Did you mean 'wujin-2021-departments'?" in run.output

    def test_unknown_unit_suggests_the_right_id(self) -> None:
        """explain with a misspelt unit exits 4 with "Did you mean …?"."""
        run = CliRunner().invoke(main, ["explain", BOOK, str(EXAMPLE), "--unit", "caped"])
        assert run.exit_code == 4
        assert "Did you mean 'capped'?" in run.output

    def test_xlsx_on_a_terminal_needs_an_output_file(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Binary XLSX is refused on a terminal (exit 2) before any work is done."""
        monkeypatch.setattr("assessment_rules.cli._common.stdout_is_terminal", lambda: True)
        run = CliRunner().invoke(main, ["score", BOOK, str(EXAMPLE), "--format", "xlsx"])
        assert run.exit_code == 2
        assert "--output" in run.output

    def test_xlsx_to_a_pipe_writes_the_workbook_bytes(self) -> None:
        """When stdout is not a terminal, XLSX bytes go to stdout (a zip file)."""
        run = CliRunner().invoke(main, ["score", BOOK, str(EXAMPLE), "--format", "xlsx"])
        assert run.exit_code == 0
        assert run.stdout_bytes.startswith(b"PK")

    def test_units_and_unit_together_are_a_usage_error(self) -> None:
        """template refuses --units together with --unit (exit 2)."""
        run = CliRunner().invoke(main, ["template", BOOK, "--units", "2", "--unit", "a"])
        assert run.exit_code == 2
