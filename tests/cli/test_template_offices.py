"""Per-office forms: ``template --office`` in XLSX and CSV, filled and scored together."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from assessment_rules import load_rulebook
from assessment_rules.cli import main
from assessment_rules.io import read_evidence
from assessment_rules.io._office_files import declared_office

from .forms import fill_csv, fill_xlsx

EXAMPLES = Path(__file__).parents[2] / "examples"
STREETS = str(EXAMPLES / "putuo-2024-streets.yaml")
OFFICE_FILES = EXAMPLES / "putuo-2024-streets" / "offices"
OFFICES = [office.id for office in load_rulebook("putuo-2024-streets").offices]


def invoke(*args: str) -> tuple[int, str, str]:
    """Run the CLI; return the exit code, stdout and stderr."""
    run = CliRunner().invoke(main, list(args))
    return run.exit_code, run.stdout, run.stderr


def office_form(tmp_path: Path, office: str, fmt: str) -> Path:
    """Write the empty form of *office* for putuo-2024-streets and fill it from its YAML."""
    evidences = read_evidence(OFFICE_FILES / f"{office}.yaml")
    path = tmp_path / f"{office}.{fmt}"
    code, _, err = invoke(
        "template",
        "putuo-2024-streets",
        "--office",
        office,
        "--units",
        str(len(evidences)),
        "--format",
        fmt,
        "-o",
        str(path),
    )
    assert code == 0, err
    (fill_xlsx if fmt == "xlsx" else fill_csv)(path, evidences)
    return path


class TestOfficeForms:
    def test_every_office_file_is_an_example(self) -> None:
        """Each office of putuo-2024-streets has an example YAML file to fill its form from."""
        assert sorted(OFFICES) == sorted(p.stem for p in OFFICE_FILES.glob("*.yaml"))

    def test_xlsx_office_forms_score_like_the_cohort_file(self, tmp_path: Path) -> None:
        """Six filled XLSX office forms, scored together, give the cohort file's units."""
        forms = [str(office_form(tmp_path, office, "xlsx")) for office in OFFICES]
        _, whole, _ = invoke("score", "putuo-2024-streets", STREETS, "--format", "json")
        code, split, err = invoke("score", "putuo-2024-streets", *forms, "--format", "json")
        assert code == 0, err
        assert json.loads(split)["units"] == json.loads(whole)["units"]

    def test_xlsx_form_lists_only_its_office_facts_and_declares_it(self, tmp_path: Path) -> None:
        """The fire form holds the fire facts only, under a 报送部门（office） row naming fire."""
        path = office_form(tmp_path, "fire", "xlsx")
        sheet = openpyxl.load_workbook(path)["证据"]
        rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
        assert rows[1][:2] == ["报送部门（office）", "fire"]
        facts = {row[0] for row in rows[4:] if row[0]}
        # Fire's facts by its path "fire" plus major_fire (rulebooks/putuo_2024_streets.py).
        assert facts == {"fire_duty", "fire_hazards_overdue", "no_platform_scene", "major_fire"}
        assert declared_office(path) == "fire"

    def test_csv_fact_of_another_office_is_reported(self, tmp_path: Path) -> None:
        """A gas fact in the fire CSV form exits 4 naming both offices, the unit and the fact."""
        form = office_form(tmp_path, "fire", "csv")
        rows = list(csv.reader(io.StringIO(form.read_bytes().decode("utf-8-sig"))))
        last_unit = rows[2][-1]
        gas = {e.unit: e.facts for e in read_evidence(OFFICE_FILES / "gas.yaml")}
        # The gas office's own value, so the one problem is who sent it, not a conflict.
        value = str(gas[last_unit]["gas_work"])
        rows.append(["gas_work", *[""] * (len(rows[2]) - 2), value])  # last unit's column
        buffer = io.StringIO()
        csv.writer(buffer).writerows(rows)
        form.write_bytes(buffer.getvalue().encode("utf-8-sig"))
        others = [str(p) for p in sorted(OFFICE_FILES.glob("*.yaml")) if p.stem != "fire"]
        out = tmp_path / "r.json"
        code, _, err = invoke("score", "putuo-2024-streets", str(form), *others, "-o", str(out))
        assert code == 4
        (line,) = [line for line in err.splitlines() if "is sent by office" in line]
        assert f"{form} unit '{last_unit}'" in line
        assert f"gas_work='{value}' is sent by office 'fire'" in line
        assert "supplied by office 'gas'" in line
        assert "conflicts" not in err
        assert "Traceback" not in err
        assert not out.exists()

    def test_csv_form_without_a_unit_domain_is_reported(self, tmp_path: Path) -> None:
        """A fire CSV form missing one street exits 4: that street's 消防 domain is missing."""
        evidences = read_evidence(OFFICE_FILES / "fire.yaml")
        form = tmp_path / "fire.csv"
        code, _, err = invoke(
            "template", "putuo-2024-streets", "--office", "fire", "-o", str(form), "--units", "9"
        )
        assert code == 0, err
        fill_csv(form, evidences[1:])
        others = [str(p) for p in sorted(OFFICE_FILES.glob("*.yaml")) if p.stem != "fire"]
        code, _, err = invoke("score", "putuo-2024-streets", str(form), *others)
        assert code == 4
        assert f"unit '{evidences[0].unit}': office='fire' sent nothing for this unit" in err


class TestUnknownOffice:
    @pytest.mark.parametrize("fmt", ["yaml", "csv"])
    def test_misspelt_office_gets_a_hint(self, tmp_path: Path, fmt: str) -> None:
        """--office fier exits 2 suggesting fire and writes nothing."""
        out = tmp_path / f"form.{fmt}"
        code, _, err = invoke("template", "putuo-2024-streets", "--office", "fier", "-o", str(out))
        assert code == 2
        assert "Did you mean 'fire'?" in err
        assert not out.exists()

    def test_office_for_a_rulebook_without_offices_is_refused(self) -> None:
        """--office on a rulebook that declares no offices exits 2 saying so."""
        code, _, err = invoke("template", "wujin-2021-departments", "--office", "fire")
        assert code == 2
        assert "declares no offices" in err

    def test_without_office_the_form_lists_every_fact(self) -> None:
        """Without --office the YAML form declares no office and lists every fact."""
        code, out, _ = invoke("template", "putuo-2024-streets")
        assert code == 0
        assert "\noffice:" not in out
        book = load_rulebook("putuo-2024-streets")
        assert all(f"      {name}:" in out for name in book.facts)
