"""Reading and merging evidence files of any format, with where every value came from."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from assessment_rules import EvidenceError, load_rulebook
from assessment_rules.io import load_evidence, read_evidence

BOOK = load_rulebook("wujin-2021-departments")


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


class TestSameFactsEveryFormat:
    def test_yaml_json_csv_give_equal_checked_values(self, tmp_path: Path) -> None:
        """The same facts typed in YAML, JSON and a GBK CSV are checked to the same values."""
        yaml_file = write(
            tmp_path / "a.yaml",
            "units:\n  - id: d1\n    facts:\n      supervision_score: 13.5\n"
            "      no_drill: 是\n      campaign_stages: [组织领导, 部署]\n",
        )
        json_file = write(
            tmp_path / "a.json",
            '{"units": [{"id": "d1", "facts": {"supervision_score": 13.5, "no_drill": true,'
            ' "campaign_stages": ["组织领导", "部署"]}}]}',
        )
        csv_file = write(
            tmp_path / "a.csv",
            "单位代码,supervision_score,no_drill,专项行动环节\nd1,13.5,是,组织领导、部署\n",
            "gbk",
        )
        checked = []
        for path in (yaml_file, json_file, csv_file):
            (unit,) = load_evidence([path], BOOK).units
            facts = BOOK.facts
            checked.append({k: facts[k].coerce(v) for k, v in unit.facts.items()})
        assert checked[0] == checked[1] == checked[2]
        assert checked[0]["supervision_score"] == Decimal("13.5")


class TestLocations:
    def test_yaml_values_are_located_by_line(self, tmp_path: Path) -> None:
        """Each YAML fact is located at its line, so errors say where to look."""
        path = write(tmp_path / "e.yaml", "units:\n  - id: d1\n    facts:\n      no_drill: 1\n")
        assert load_evidence([path], BOOK).cells[("d1", "no_drill")] == f"{path}:4"

    def test_locate_rewrites_problem_sources_to_cells(self, tmp_path: Path) -> None:
        """An EvidenceError from checking is re-pointed at the cell of each bad value."""
        path = write(tmp_path / "e.csv", "单位代码,leader_checks\nd1,-1\n")
        evidence = load_evidence([path], BOOK)
        with pytest.raises(EvidenceError) as caught:
            BOOK.check_all(evidence.units)
        located = evidence.locate(caught.value)
        bad = next(p for p in located.problems if p.fact == "leader_checks")
        assert bad.source == f"{path} cell B2"


class TestMerging:
    def test_units_merge_across_files_and_keep_the_first_name(self, tmp_path: Path) -> None:
        """Facts for one unit from two files are merged into one unit."""
        one = write(tmp_path / "a.yaml", "units:\n  - {id: d1, name: 甲, facts: {no_drill: 是}}\n")
        two = write(tmp_path / "b.csv", "单位代码,leader_checks\nd1,3\n")
        (unit,) = load_evidence([one, two], BOOK).units
        assert (unit.name, dict(unit.facts)) == ("甲", {"no_drill": "是", "leader_checks": "3"})

    def test_no_units_at_all_is_an_error(self, tmp_path: Path) -> None:
        """A form with no unit filled in gives 'no units found' rather than an empty result."""
        path = write(tmp_path / "e.csv", "单位代码,leader_checks\nd1,\n")
        with pytest.raises(EvidenceError, match="no units found"):
            load_evidence([path], BOOK)

    def test_a_file_for_another_rulebook_is_refused(self, tmp_path: Path) -> None:
        """The 考核细则 row of a form must match the rulebook being scored."""
        path = write(tmp_path / "e.csv", "考核细则,putuo-2024-streets\n单位代码,x\nd1,1\n")
        with pytest.raises(EvidenceError, match="names another rulebook"):
            load_evidence([path], BOOK)


class TestReadEvidence:
    def test_read_evidence_reads_xlsx_and_csv_without_a_rulebook(self, tmp_path: Path) -> None:
        """Without a rulebook, tables must head columns with fact names (or 'label（name）')."""
        path = write(tmp_path / "e.csv", "单位代码,单位名称,标签（leader_checks）\nd1,甲,3\n")
        (unit,) = read_evidence(path)
        assert (unit.unit, unit.name, dict(unit.facts)) == ("d1", "甲", {"leader_checks": "3"})
