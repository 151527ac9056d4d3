"""Evidence files sent by offices: read, merged and checked against the office split."""

from __future__ import annotations

from pathlib import Path

import pytest

from assessment_rules import EvidenceError, load_rulebook
from assessment_rules.cohorts import load_registry
from assessment_rules.io import load_evidence, read_evidence, read_office_evidence
from assessment_rules.io._office_files import declared_office

EXAMPLES = Path(__file__).parents[2] / "examples"
STREETS = load_rulebook("putuo-2024-streets")
OFFICE_FILES = sorted((EXAMPLES / "putuo-2024-streets" / "offices").glob("*.yaml"))


def write(folder: Path, name: str, text: str) -> Path:
    """Write one evidence file and return its path."""
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def office_file(folder: Path, office: str, units: str) -> Path:
    """A putuo-2024-streets office file with the given YAML unit list."""
    header = f"rulebook: putuo-2024-streets\noffice: {office}\nunits:\n"
    return write(folder, f"{office}.yaml", header + units)


class TestDeclaredOffice:
    def test_yaml_office_file_names_its_office(self) -> None:
        """The bundled fire office file declares office 'fire'."""
        assert declared_office(EXAMPLES / "putuo-2024-streets" / "offices" / "fire.yaml") == "fire"

    def test_cohort_file_declares_none(self) -> None:
        """A whole-cohort file has no office."""
        assert declared_office(EXAMPLES / "putuo-2024-streets.yaml") is None

    def test_json_office_file_names_its_office(self, tmp_path: Path) -> None:
        """A JSON file's top-level office key is read too."""
        path = write(tmp_path, "a.json", '{"office": "gas", "units": []}')
        assert declared_office(path) == "gas"


class TestExampleOfficeFiles:
    def test_merged_office_files_equal_the_cohort_file(self) -> None:
        """The six office files together give every unit exactly the cohort file's facts."""
        merged = {
            e.unit: (e.name, dict(e.facts)) for e in load_evidence(OFFICE_FILES, STREETS).units
        }
        whole = {
            e.unit: (e.name, dict(e.facts))
            for e in read_evidence(EXAMPLES / "putuo-2024-streets.yaml")
        }
        assert merged == whole

    def test_strict_reader_covers_every_registered_street(self) -> None:
        """Read strictly against the registry's ten streets, nothing is missing."""
        streets = [u.id for u in load_registry("putuo").category("streets")]
        merged = read_office_evidence(OFFICE_FILES, STREETS, expected_units=streets)
        assert [e.unit for e in merged] == streets

    def test_cohort_file_is_read_as_before(self) -> None:
        """One whole-cohort file with no office key is not checked against the split."""
        units = load_evidence([EXAMPLES / "putuo-2024-streets.yaml"], STREETS).units
        assert len(units) == 10


class TestOfficeProblems:
    def test_foreign_fact_and_missing_domain_are_reported_before_scoring(
        self, tmp_path: Path
    ) -> None:
        """The fire office sending a safety fact, and no gas file, are both reported."""
        files = [tmp_path / p.name for p in OFFICE_FILES if p.stem != "gas"]
        for path, source in zip(files, [p for p in OFFICE_FILES if p.stem != "gas"], strict=True):
            path.write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
        fire = tmp_path / "fire.yaml"
        fire.write_text(
            fire.read_text(encoding="utf-8").replace(
                "      fire_duty: 9\n", "      fire_duty: 9\n      late_report: true\n", 1
            ),
            encoding="utf-8",
        )
        with pytest.raises(EvidenceError) as caught:
            load_evidence(files, STREETS)
        problems = caught.value.problems
        assert [(p.unit, p.fact, p.value) for p in problems] == [
            ("changshoulu", "late_report", True),
            ("", "office", "gas"),
        ]
        assert "supplied by office 'safety'" in problems[0].expectation
        assert "for all 10 units" in problems[1].expectation

    def test_a_file_without_office_among_office_files_is_reported(self, tmp_path: Path) -> None:
        """When offices send files, a file that does not say which office sent it is a problem."""
        files = [
            office_file(
                tmp_path, "fire", "  - id: taopu\n    facts: {fire_duty: 9, major_fire: 0}\n"
            ),
            write(tmp_path, "loose.yaml", "units:\n  - id: taopu\n    facts: {gas_work: 8}\n"),
        ]
        with pytest.raises(EvidenceError) as caught:
            read_office_evidence(files, STREETS)
        first = caught.value.problems[0]
        assert (first.fact, first.source) == ("office", str(files[1]))
        assert "is not declared" in first.expectation

    def test_conflicts_are_reported_once_by_load_evidence(self, tmp_path: Path) -> None:
        """A value sent twice differently shows as one conflict, not one per check."""
        files = [
            office_file(
                tmp_path, "fire", "  - id: taopu\n    facts: {fire_duty: 9, major_fire: 0}\n"
            ),
            write(
                tmp_path,
                "fire-again.yaml",
                "office: fire\nunits:\n  - id: taopu\n    facts: {fire_duty: 8}\n",
            ),
        ]
        with pytest.raises(EvidenceError) as caught:
            load_evidence(files, STREETS)
        conflicts = [p for p in caught.value.problems if "conflicts" in p.expectation]
        assert len(conflicts) == 1
