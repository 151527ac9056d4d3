"""The Putuo cohorts through the CLI: ranking, quota, summary, office files and compare."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from assessment_rules.cli import main

EXAMPLES = Path(__file__).parents[2] / "examples"
STREETS = str(EXAMPLES / "putuo-2024-streets.yaml")
DEPARTMENTS = str(EXAMPLES / "putuo-2024-departments.yaml")
STREET_OFFICES = sorted(
    str(p) for p in (EXAMPLES / "putuo-2024-streets" / "offices").glob("*.yaml")
)
SELF = str(EXAMPLES / "putuo-2024-streets" / "self-evaluation.yaml")


def invoke(*args: str) -> tuple[int, str, str]:
    """Run the CLI; return the exit code, stdout and stderr."""
    run = CliRunner().invoke(main, list(args))
    return run.exit_code, run.stdout, run.stderr


class TestScoreJson:
    @pytest.mark.parametrize(
        ("rulebook", "example"),
        [("putuo-2024-streets", STREETS), ("putuo-2024-departments", DEPARTMENTS)],
    )
    def test_ranks_grades_quota_and_balanced_ledgers(self, rulebook: str, example: str) -> None:
        """Each unit has its rank and final grade, the ledger balances, the quota is given."""
        code, out, err = invoke("score", rulebook, example, "--format", "json")
        assert code == 0, err
        document = json.loads(out)
        for unit in document["units"]:
            lost = sum((Decimal(e["points"]) for e in unit["lost"]), Decimal(0))
            gained = sum((Decimal(e["points"]) for e in unit["gained"]), Decimal(0))
            assert Decimal(unit["max"]) - lost + gained == Decimal(unit["total"])
            assert unit["rank"] >= 1 and unit["grade"]
        quota = document["excellent_quota"]
        assert (quota["share"], quota["rounding"], quota["ties"]) == (
            "0.3",
            "half_up",
            "admit_all",
        )
        # 30% of 10 streets = 3 places; of 20 departments = 6.
        assert quota["places"] == (3 if "streets" in rulebook else 6)
        assert document["summary"]["size"] == len(document["units"])

    def test_streets_quota_moves_yichuanlu_and_reports_the_tie(self) -> None:
        """宜川路 is moved to 良好; the tie on 91 keeps one unit over the quota."""
        _, out, _ = invoke("score", "putuo-2024-streets", STREETS, "--format", "json")
        document = json.loads(out)
        units = {u["id"]: u for u in document["units"]}
        assert (units["yichuanlu"]["score_grade"], units["yichuanlu"]["grade"]) == ("优秀", "良好")
        assert units["yichuanlu"]["quota_status"] == "demoted"
        assert units["wanli"]["quota_status"] == "vetoed"
        assert (document["excellent_quota"]["tie"], document["excellent_quota"]["over_quota"]) == (
            True,
            1,
        )
        # (90 + 91) / 2 = 90.5, worked in tests/rulebooks/test_putuo_2024_streets.py
        assert document["summary"]["median"] == "90.5"

    def test_office_files_score_like_the_cohort_file(self) -> None:
        """Scoring the six office files gives the same units as the single cohort file."""
        _, whole, _ = invoke("score", "putuo-2024-streets", STREETS, "--format", "json")
        code, split, err = invoke(
            "score", "putuo-2024-streets", *STREET_OFFICES, "--format", "json"
        )
        assert code == 0, err
        assert json.loads(split)["units"] == json.loads(whole)["units"]


class TestScoreTable:
    def test_officer_sees_ranking_reasons_and_summary_in_chinese(self) -> None:
        """The text output shows every street, its 失分原因, the quota and the summary."""
        code, out, _ = invoke("--lang", "zh", "score", "putuo-2024-streets", STREETS)
        assert code == 0
        for name in ("长寿路街道", "桃浦镇", "长风新村街道"):
            assert name in out
        assert "一票否决：发生较大及以上生产安全事故1起" in out
        assert "未在2024年11月20日前报送自评和总结情况，扣2分" in out
        assert "优秀名额3个" in out
        assert "等次分布：优秀4个，良好4个，合格1个，不合格1个" in out
        assert "平均分88.45分，中位数90.5分" in out
        assert "失分最多的条款" in out


class TestScoreOfficeProblems:
    def test_missing_office_file_fails_before_scoring(self, tmp_path: Path) -> None:
        """Without the gas office's file the command exits 4 naming the missing domain."""
        files = [f for f in STREET_OFFICES if not f.endswith("gas.yaml")]
        code, _out, err = invoke(
            "score", "putuo-2024-streets", *files, "-o", str(tmp_path / "r.json")
        )
        assert code == 4
        assert "office='gas' sent nothing" in err
        assert not (tmp_path / "r.json").exists()


class TestCompare:
    def test_table_lists_the_differing_clauses(self) -> None:
        """The table gives each unit's two totals and the clauses with their gaps."""
        code, out, err = invoke("--lang", "zh", "compare", "putuo-2024-streets", SELF, STREETS)
        assert code == 0, err
        assert "宜川路街道：自评94分（优秀），考核90分（优秀），相差-4分，2处条款不一致" in out
        assert "考核触发一票否决" in out

    def test_json_gives_points_per_clause(self) -> None:
        """JSON lists 桃浦镇's overdue hazards: self −2, assessor −6, difference −4."""
        code, out, _ = invoke("compare", "putuo-2024-streets", SELF, STREETS, "--format", "json")
        assert code == 0
        taopu = next(u for u in json.loads(out)["units"] if u["id"] == "taopu")
        assert [
            (c["self_points"], c["assessor_points"], c["difference"]) for c in taopu["clauses"]
        ] == [("-2", "-6", "-4")]

    def test_unit_on_one_side_only_is_an_evidence_error(self, tmp_path: Path) -> None:
        """A self-evaluation for a unit the assessors did not score exits 4, no traceback."""
        lone = tmp_path / "self.yaml"
        lone.write_text("units:\n  - id: nowhere\n    facts: {}\n", encoding="utf-8")
        code, _, err = invoke("compare", "putuo-2024-streets", str(lone), STREETS)
        assert code == 4
        assert "has a self-evaluation but no assessor's evidence" in err
        assert "Traceback" not in err
