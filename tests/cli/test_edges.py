"""The command line at its edges: names that are wrong or shared, contradicting options,
rulebook files that fail to import, hostile characters, wide forms and big workbooks.
"""

from __future__ import annotations

import csv
import io
import json
import re
import resource
import subprocess
import sys
import textwrap
from pathlib import Path

import jsonschema
import openpyxl
import pytest
import yaml
from click.testing import CliRunner

from assessment_rules import load_rulebook
from assessment_rules.cli import main
from assessment_rules.cli._render import cohort_table
from assessment_rules.cli._template import COLUMNS_MAX_UNITS, MAX_UNITS
from assessment_rules.cohorts import assess
from assessment_rules.io import read_evidence, result_schema

from .forms import cell_text

ROOT = Path(__file__).parents[2]
BOOK = "wujin-2021-departments"
EXAMPLE = ROOT / "examples" / f"{BOOK}.yaml"
PROGRESS = str(ROOT / "examples" / "putuo-2024-workplan-progress.yaml")


def invoke(*args: str) -> tuple[int, str]:
    run = CliRunner().invoke(main, list(args))
    assert "Traceback" not in run.output, run.output
    return run.exit_code, run.output


def _units() -> list[dict[str, object]]:
    document = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    units: list[dict[str, object]] = document["units"]
    return units


def _evidence(folder: Path, units: list[dict[str, object]], name: str = "ev.json") -> Path:
    path = folder / name
    path.write_text(
        json.dumps({"rulebook": BOOK, "units": units}, default=str),  # \ud800 stays escaped
        encoding="utf-8",
    )
    return path


class TestTasksUnit:
    def test_a_misspelt_unit_is_an_error_with_a_suggestion(self) -> None:
        """区应急管局 (a typo of 区应急局) exits 4 with "Did you mean", not a score of 0."""
        code, output = invoke(
            "tasks", "putuo-2024-workplan", "--unit", "区应急管局", "--as-of", "2025-01-15",
            "--points", "15",
        )  # fmt: skip
        assert code == 4
        assert "unit='区应急管局'" in output and "Did you mean '区应急局'?" in output
        assert "得分" not in output

    @pytest.mark.parametrize("unit", ["区应急局", "区安委办", "区民政局", "长征镇", "各街镇"])
    def test_a_known_unit_or_group_is_accepted(self, unit: str) -> None:
        """Named in the plan, an alias, a registry unit, a street or a group: accepted."""
        code, output = invoke(
            "tasks", "putuo-2024-workplan", "--unit", unit, "--as-of", "2025-01-15"
        )
        assert code == 0, output

    def test_a_unit_named_only_in_the_progress_file_is_accepted(self, tmp_path: Path) -> None:
        """A unit the progress file names is known, whatever the registry says."""
        progress = tmp_path / "p.yaml"
        progress.write_text(
            "plan: putuo-2024-workplan\nprogress:\n  26:\n    区某某局: 不涉及\n", encoding="utf-8"
        )
        code, output = invoke(
            "tasks", "putuo-2024-workplan", "--unit", "区某某局", "--progress", str(progress),
            "--as-of", "2025-01-15",
        )  # fmt: skip
        assert code == 0, output


class TestExplainUnit:
    def test_a_name_two_units_share_is_an_error_listing_their_ids(self, tmp_path: Path) -> None:
        """--unit NAME where two units have that name exits 4 naming both ids."""
        units = _units()[:3]
        units[0]["name"] = units[2]["name"] = "区应急局"
        evidence = _evidence(tmp_path, units)
        code, output = invoke("explain", BOOK, str(evidence), "--unit", "区应急局")
        assert code == 4
        assert "is the name of 2 units: 'clean'" in output and "'starred'" in output

    def test_an_id_wins_over_another_units_name(self, tmp_path: Path) -> None:
        """A unit whose id is asked for is explained even if another unit has it as name."""
        units = _units()[:2]
        units[0]["name"] = "capped"
        evidence = _evidence(tmp_path, units)
        code, output = invoke(
            "explain", BOOK, str(evidence), "--unit", "capped", "--format", "json"
        )
        assert code == 0, output
        assert json.loads(output)["id"] == "capped"

    def test_a_unique_name_still_finds_its_unit(self) -> None:
        """A display name only one unit has still chooses that unit."""
        code, output = invoke("explain", BOOK, str(EXAMPLE), "--unit", "示例区交通委员会")
        assert code == 0 and "starred" in output


class TestDiffAssume:
    YEARS = ("diff", BOOK, "wujin-2022-departments", "--evidence", str(EXAMPLE))

    def test_an_assumption_contradicting_the_evidence_is_an_error(self) -> None:
        """--assume leader_checks=4 where units gave 5, 3 and 2: exit 2 naming them."""
        code, output = invoke(*self.YEARS, "--assume", "leader_checks=4")
        assert code == 2
        assert "--assume contradicts the evidence in 3 places" in output
        assert "unit 'clean'" in output and "leader_checks=5" in output

    def test_an_assumption_agreeing_with_the_evidence_is_fine(self) -> None:
        """--assume no_drill=是 agrees with every unit that gives no_drill (true)."""
        code, output = invoke(
            *self.YEARS, "--assume", "no_drill=是", "--assume", "no_plan_review=否"
        )
        assert code == 0, output

    def test_an_assumption_for_a_missing_fact_fills_it(self) -> None:
        """A fact only the new rulebook has is filled for every unit (as before)."""
        code, output = invoke(*self.YEARS, "--assume", "no_plan_review=否", "--format", "json")
        assert code == 0
        assert json.loads(output)["rescore"]["facts_assumed"] == {"no_plan_review": "否"}

    def test_one_fact_assumed_twice_differently_is_an_error(self) -> None:
        """--assume x=1 --assume x=2 is refused rather than keeping the last."""
        code, output = invoke(
            *self.YEARS, "--assume", "no_plan_review=否", "--assume", "no_plan_review=是"
        )
        assert code == 2 and "assumed twice" in output


BROKEN = {
    "syntax": ("RULEBOOK = (\n", "book.py:1: is not valid Python ('(' was never closed)"),
    "import": ("import no_such_module_for_a_test\n", "book.py:1: fails at import: Module"),
    "exception": (
        "x = 1\nraise RuntimeError('boom')\n",
        "book.py:2: fails at import: RuntimeError",
    ),
}


class TestRulebookFiles:
    @pytest.mark.parametrize("kind", sorted(BROKEN))
    @pytest.mark.parametrize("command", ["score", "explain", "diff", "show", "template"])
    def test_a_rulebook_that_fails_to_import_exits_3(
        self, tmp_path: Path, kind: str, command: str
    ) -> None:
        """A SyntaxError, ImportError or exception at import exits 3 naming file:line."""
        source, message = BROKEN[kind]
        book = tmp_path / "book.py"
        book.write_text(source, encoding="utf-8")
        args = {
            "score": [str(book), str(EXAMPLE)],
            "explain": [str(book), str(EXAMPLE), "--unit", "clean"],
            "diff": [str(book), BOOK],
            "show": [str(book)],
            "template": [str(book)],
        }[command]
        code, output = invoke(command, *args)
        assert code == 3
        assert output.startswith("error: rulebook: ") and message in output


class TestHostileCharacters:
    NAMES = (
        "\x1b[2J清屏局\x1b]8;;http://evil.invalid\x1b\\点我\x1b]8;;\x1b\\",
        "C1\x9b31m红\x85 \u202e反向",
        "孤\ud800立\x00空\x07铃\r回车",
    )

    @pytest.fixture
    def evidence(self, tmp_path: Path) -> Path:
        units = _units()[:3]
        for unit, name in zip(units, self.NAMES, strict=True):
            unit["name"] = name
        return _evidence(tmp_path, units, "hostile.json")

    @pytest.mark.parametrize("fmt", ["xlsx", "csv", "md", "json", "table"])
    def test_every_format_writes_control_characters_safely(
        self, evidence: Path, tmp_path: Path, fmt: str
    ) -> None:
        """XLSX, CSV, Markdown, JSON and the table write such names without an error and
        with no raw control character; JSON keeps the exact names."""
        out = tmp_path / f"r.{fmt if fmt != 'table' else 'txt'}"
        code, output = invoke("score", BOOK, str(evidence), "--format", fmt, "-o", str(out))
        assert code == 0, output
        data = out.read_bytes()
        if fmt == "xlsx":
            workbook = openpyxl.load_workbook(io.BytesIO(data))
            texts = [str(c.value) for row in workbook["排名"].iter_rows() for c in row if c.value]
            assert any("\\u001b[2J清屏局" in text for text in texts)
            return
        text = data.decode("utf-8")
        assert not any(ch in text for ch in "\x1b\x9b\x85\x00\x07\u202e")
        if fmt == "json":
            assert [u["name"] for u in json.loads(text)["units"]] == list(self.NAMES)
        else:
            assert "\\u001b[2J清屏局" in text and "\\ud800" in text

    def test_a_coloured_table_keeps_only_its_own_colours(self) -> None:
        """On a terminal the table is coloured, but a name's escape sequences are shown."""
        book = load_rulebook(BOOK)
        units = read_evidence(EXAMPLE, BOOK)[:1]
        hostile = [type(units[0])(units[0].unit, units[0].facts, self.NAMES[0], "")]
        text = cohort_table(assess(book, hostile), book, color=True)
        assert "\x1b[" in text  # rich's colours
        assert "\x1b[2J" not in text and "\x1b]8" not in text
        assert "\\u001b[2J清屏局" in text

    def test_an_error_message_shows_escapes(self, tmp_path: Path) -> None:
        """A unit id with ESC in an error message is shown escaped, never sent raw."""
        evidence = _evidence(tmp_path, [{"id": "a\x1b[2Jb", "facts": {"bogus": 1}}])
        code, output = invoke("score", BOOK, str(evidence))
        assert code == 4
        assert "\x1b" not in output and "a\\x1b[2Jb" in output

    def test_a_fact_key_and_value_with_escapes_are_shown_escaped(self, tmp_path: Path) -> None:
        """An unknown fact named with an OSC 8 link, and a value with ESC, stay inert."""
        facts = {"bo\x1b]8;;http://x\x1b\\gus": 1, "no_drill": "\x1b[2J"}
        evidence = _evidence(tmp_path, [{"id": "a", "facts": facts}])
        code, output = invoke("score", BOOK, str(evidence))
        assert code == 4
        assert "\x1b" not in output
        assert "bo\\u001b]8;;http://x\\u001b\\gus=1" in output
        assert "no_drill='\\x1b[2J'" in output

    def test_a_template_unit_with_a_control_character_is_refused(self) -> None:
        """template --unit with a control character exits 2 (XLSX could not hold it)."""
        code, output = invoke("template", BOOK, "--unit", "a=区\x1b[2J局", "--format", "xlsx")
        assert code == 2 and "control character" in output and "\x1b" not in output


class TestWideForms:
    def test_many_units_are_laid_out_in_rows(self, tmp_path: Path) -> None:
        """Past the columns a sheet holds, the CSV form switches to rows and reads back."""
        out = tmp_path / "form.csv"
        run = CliRunner().invoke(
            main, ["template", BOOK, "--units", str(COLUMNS_MAX_UNITS + 1), "-o", str(out)]
        )
        assert run.exit_code == 0
        assert "--layout rows" in run.stderr
        rows = list(csv.reader(io.StringIO(out.read_bytes().decode("utf-8-sig"))))
        assert max(len(row) for row in rows) < 100
        assert len(rows) == 2 + COLUMNS_MAX_UNITS + 1
        # Fill the first and last unit and score them.
        clean = read_evidence(EXAMPLE, BOOK)[0]
        headers = rows[1]
        for row in (rows[2], rows[-1]):
            for index, header in enumerate(headers[2:], 2):
                name = header[header.rindex("（") + 1 : -1]
                value = clean.facts.get(name)
                if value is not None:
                    row[index] = cell_text(value)
        buffer = io.StringIO()
        csv.writer(buffer).writerows(rows)
        out.write_bytes(buffer.getvalue().encode("utf-8-sig"))
        code, output = invoke("score", BOOK, str(out), "--format", "json")
        assert code == 0, output[:2000]
        ids = [unit["id"] for unit in json.loads(output)["units"]]
        assert sorted(ids) == ["unit-00001", f"unit-{COLUMNS_MAX_UNITS + 1:05d}"]

    def test_asking_for_columns_past_the_limit_is_refused(self) -> None:
        """--layout columns with more units than a sheet has columns exits 2."""
        code, output = invoke(
            "template", BOOK, "--units", str(COLUMNS_MAX_UNITS + 1), "--layout", "columns",
            "--format", "csv",
        )  # fmt: skip
        assert code == 2 and "--layout rows" in output

    def test_the_documented_maximum_works(self, tmp_path: Path) -> None:
        """template --units at its maximum writes a CSV form (in rows), no traceback."""
        out = tmp_path / "form.csv"
        code, output = invoke("template", BOOK, "--units", str(MAX_UNITS), "-o", str(out))
        assert code == 0, output
        assert out.stat().st_size > 0

    def test_a_yaml_form_too_large_to_read_back_is_refused(self) -> None:
        """A YAML form of 20,000 units would pass the readers' size limit: exit 2, use CSV."""
        code, output = invoke("template", BOOK, "--units", str(MAX_UNITS), "--format", "yaml")
        assert code == 2
        assert "more than the 128 MiB an evidence file may be" in output
        assert "--format csv or xlsx" in output

    def test_one_past_the_maximum_is_a_usage_error(self) -> None:
        """--units above the documented maximum exits 2 naming the range."""
        code, output = invoke("template", BOOK, "--units", str(MAX_UNITS + 1))
        assert code == 2 and f"1<=x<={MAX_UNITS}" in output


class TestLargeWorkbooks:
    def test_a_workbook_needs_no_open_file_per_unit(self, tmp_path: Path) -> None:
        """300 units score to XLSX with only 40 files allowed open (one per sheet failed)."""
        units = [
            {**unit, "id": f"u{number}-{unit['id']}"} for number in range(43) for unit in _units()
        ][:300]
        evidence = _evidence(tmp_path, units)
        out = tmp_path / "r.xlsx"
        script = textwrap.dedent(
            f"""
            import resource
            resource.setrlimit(resource.RLIMIT_NOFILE, (40, 40))
            from assessment_rules.cli import main
            main(["score", {BOOK!r}, {str(evidence)!r}, "-o", {str(out)!r}])
            """
        )
        done = subprocess.run(
            [sys.executable, "-c", script], capture_output=True, timeout=300, check=False
        )
        assert done.returncode == 0, done.stderr[-2000:]
        workbook = openpyxl.load_workbook(out, read_only=True)
        assert len(workbook.sheetnames) == 302  # 排名, 图表 and 300 units
        assert resource.getrlimit(resource.RLIMIT_NOFILE)[0] > 40  # only the child was limited


class TestJsonNumbers:
    @pytest.mark.parametrize(
        "book", ["wujin-2021-departments", "putuo-2024-streets", "putuo-2024-finance-selfeval"]
    )
    def test_every_decimal_is_in_its_shortest_exact_text(self, book: str) -> None:
        """No "99.0", "99.00" or "0.0": each decimal field follows the one rule."""
        example = str(ROOT / "examples" / f"{book}.yaml")
        code, output = invoke("score", book, example, "--format", "json")
        assert code == 0
        document = json.loads(output)
        jsonschema.validate(document, result_schema())  # its decimal pattern is the rule
        decimals = re.findall(r'"(-?[0-9]+\.[0-9]+)"', output)
        assert decimals and not [d for d in decimals if d.endswith("0")]
        assert '"schema_version": "1.2"' in output
