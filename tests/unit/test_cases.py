"""Rulebook test cases as data: reading case files and running cases."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from assessment_rules.yearly import read_cases, run_case
from assessment_rules.yearly._cases import CaseFileError, bundled_case_files, find_case_files

CASE_FILE = """\
rulebook: wujin-2021-departments
baseline:
  safety_meetings: 4
  quarterly_reports: [一季度月报表, 一季度工作小结, 二季度月报表, 二季度工作小结,
                      三季度月报表, 三季度工作小结, 四季度月报表, 四季度工作小结]
  committee_rules: [工作报告制度, 形势分析制度, 督办制度]
  campaign_documents: [工作方案, 月工作进展情况, 工作总结]
  leader_checks: 4
  deputy_checks: 4
  campaign_activities: [安全生产月, 安全宣传“五进”, 安康杯竞赛]
  safety_month_documents: [安全生产月方案, 安全生产月总结]
  campaign_stages: [组织领导, 部署, 检查, 总结]
  supervision_score: 15
  other_work_score: 5
  major_accidents: 0
  multi_fatality_accidents: 0
  serious_injury_accidents: 0
cases:
  - name: 部门领导少带队检查1次扣2分，得98分
    facts: {leader_checks: 3}
    total: 98
    grade: 优秀
    lost:
      key_work.inspections.leader_checks: 2
"""


def write(tmp_path: Path, text: str, name: str = "cases.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


class TestReadCases:
    def test_baseline_and_case_facts_merge(self, tmp_path: Path) -> None:
        """A case's facts override the baseline and the rest of the baseline stays."""
        (case,) = read_cases(write(tmp_path, CASE_FILE))
        assert (case.facts["leader_checks"], case.facts["deputy_checks"]) == (3, 4)
        assert (case.total, case.grade, case.lost) == (
            Decimal("98"),
            "优秀",
            (("key_work.inspections.leader_checks", Decimal("2")),),
        )

    def test_each_case_knows_its_line(self, tmp_path: Path) -> None:
        """A case's source is the file and the line where it starts."""
        path = write(tmp_path, CASE_FILE)
        (case,) = read_cases(path)
        # Line 18 is "cases:", so the first case starts on line 19.
        assert case.source == f"{path}:19"
        assert case.id == "cases.yaml:19"

    def test_every_problem_is_listed_at_once(self, tmp_path: Path) -> None:
        """A malformed file reports each problem with its file and line."""
        text = CASE_FILE.replace("    total: 98\n", "    total: many\n").replace(
            "    grade: 优秀\n", "    grade: 优秀\n    colour: red\n"
        )
        path = write(tmp_path, text)
        with pytest.raises(CaseFileError) as caught:
            read_cases(path)
        assert caught.value.problems == (
            f"{path}:19: 'colour' is not a case field (facts, gained, grade, lost, name, "
            "rulebook, total, unit, vetoes)",
            f"{path}:19: total='many' must be the expected total",
        )

    def test_lost_points_are_required(self, tmp_path: Path) -> None:
        """A case must state its lost points, even when there are none ({})."""
        text = CASE_FILE.replace("    lost:\n      key_work.inspections.leader_checks: 2\n", "")
        with pytest.raises(CaseFileError, match="lost must list"):
            read_cases(write(tmp_path, text))

    def test_invalid_yaml_names_the_line(self, tmp_path: Path) -> None:
        """A YAML syntax error is reported with its line."""
        path = write(tmp_path, "rulebook: x\ncases: [\n")
        with pytest.raises(CaseFileError, match=rf"{path}:3: is not valid YAML"):
            read_cases(path)


class TestRunCase:
    def test_a_matching_case_passes(self, tmp_path: Path) -> None:
        """A case whose figures match the result passes with no differences."""
        (case,) = read_cases(write(tmp_path, CASE_FILE))
        outcome = run_case(case)
        assert (outcome.passed, outcome.differences) == (True, ())

    def test_a_failing_case_shows_the_ledger_difference(self, tmp_path: Path) -> None:
        """Expected and actual totals and ledger lines are printed side by side."""
        text = CASE_FILE.replace("total: 98", "total: 97").replace(
            "leader_checks: 2", "deputy_checks: 1"
        )
        (case,) = read_cases(write(tmp_path, text))
        outcome = run_case(case)
        assert outcome.differences == (
            "total: expected 97, got 98",
            "lost (path: expected, got):",
            "  key_work.inspections.deputy_checks: expected 1, got —",
            "  key_work.inspections.leader_checks: expected —, got 2   "
            "(部门领导带队开展安全生产检查、督查3次（应不少于4次），少1次，扣2分)",
        )
        assert outcome.report().startswith("FAIL 部门领导少带队检查1次扣2分，得98分")

    def test_evidence_that_does_not_fit_fails_the_case(self, tmp_path: Path) -> None:
        """A case whose facts do not fit the rulebook fails and names the fact."""
        text = CASE_FILE.replace("{leader_checks: 3}", "{leader_checks: three}")
        (case,) = read_cases(write(tmp_path, text))
        outcome = run_case(case)
        assert not outcome.passed
        assert "leader_checks" in outcome.differences[1]

    def test_unexpected_vetoes_fail(self, tmp_path: Path) -> None:
        """A veto the case does not expect is a difference."""
        text = CASE_FILE.replace("{leader_checks: 3}", "{leader_checks: 3, major_accidents: 1}")
        (case,) = read_cases(write(tmp_path, text))
        assert "vetoes: expected none, got ['accident_control.major_accidents']" in (
            run_case(case).differences
        )


class TestCaseFiles:
    def test_bundled_cases_cover_both_wujin_years(self) -> None:
        """The bundled case files are one per Wujin rulebook."""
        names = [path.name for path in bundled_case_files()]
        assert {"wujin-2021-departments.yaml", "wujin-2022-departments.yaml"} <= set(names)

    def test_directories_expand_to_their_yaml_files(self, tmp_path: Path) -> None:
        """A directory gives its *.yaml files in name order."""
        write(tmp_path, CASE_FILE, "b.yaml")
        write(tmp_path, CASE_FILE, "a.yaml")
        assert [p.name for p in find_case_files([tmp_path])] == ["a.yaml", "b.yaml"]

    def test_missing_paths_are_errors(self, tmp_path: Path) -> None:
        """A path that does not exist is reported."""
        with pytest.raises(CaseFileError, match="no such file"):
            find_case_files([tmp_path / "nope.yaml"])
