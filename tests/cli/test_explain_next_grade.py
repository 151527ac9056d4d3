"""``explain`` on the Wujin examples: the 整改清单 block, and each thing said once."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from assessment_rules import assess
from assessment_rules._i18n import use_language
from assessment_rules.cli import main
from assessment_rules.cli._outline import unit_outline
from assessment_rules.cli._render import outline_text
from assessment_rules.io import cohort_to_dict, iter_cohort_json, result_schema, unit_to_dict

from ..unit.test_policies import BOOK as POLICIES
from ..unit.test_policies import UNITS as POLICY_UNITS

EXAMPLE = str(Path(__file__).parents[2] / "examples" / "wujin-2021-departments.yaml")
UNITS = ("clean", "capped", "starred", "vetoed", "bonus", "passing", "tied")


def explain(unit: str, *more: str) -> str:
    run = CliRunner().invoke(
        main, ["--lang", "zh", "explain", "wujin-2021-departments", EXAMPLE, "--unit", unit, *more]
    )
    assert run.exit_code == 0, run.output
    return run.output


class TestExplainSaysEachThingOnce:
    def test_a_triggered_veto_says_one_vote_veto_once(self) -> None:
        """The triggered veto's line carries 一票否决 once, not twice."""
        line = next(line for line in explain("vetoed").splitlines() if "（触发）" in line)
        assert line.count("一票否决") == 1
        assert line.endswith(
            "一票否决（触发）：所监管行业（领域）内发生较大及以上生产安全责任事故1起"
        )

    def test_an_item_of_one_judgment_is_one_line(self) -> None:
        """三's item and its one judgment share one line; the judgment's title is not a line."""
        text = explain("starred")
        lines = text.splitlines()
        item = "履行监管职责，完成区政府、镇政府下达的年度安全生产目标任务：13/15分，扣2"
        assert sum(item in line for line in lines) == 1
        # The judgment's own title as a tree line (title：score) is gone; its reason stays.
        assert "履行监管职责、完成年度安全生产目标任务：13/15分" not in text
        assert "原因：履行监管职责、完成年度安全生产目标任务评分得13分（满分15分），扣2分" in text
        assert "计算：满分15分 − 评分13分 = 2分" in text

    @pytest.mark.parametrize("unit", UNITS)
    def test_no_judged_score_is_shown_as_one_times_its_points(self, unit: str) -> None:
        """No entry's arithmetic reads ``1 × …``: a judged score is full marks less the score
        (a count of one occurrence, ``1次 × 1分``, is a count, not a judged score)."""
        text = explain(unit)
        assert "计算：1 × " not in text


class TestExplainNextGrade:
    def test_below_the_top_grade_the_block_names_the_smallest_set(self) -> None:
        """passing (67): 13 short of 良好; three clauses recover 14 (see tests/unit)."""
        text = explain("passing")
        block = text[text.index("整改清单") :]
        assert "距良好还差13分：整改以下3条即可达到良好（共可补回14分）" in block
        assert "缺少检查、复查台账（现计扣4分）" in block
        # Where a clause sits, in the sheet's words; no dotted path (A4).
        assert (
            "位置：三、行业领域监管 › 履行监管职责，完成区政府、镇政府下达的年度安全生产目标任务"
            in block
        )
        assert "supervision.annual_targets" not in block
        assert "逐条可补回（单独整改一条，按分值从高到低）" in block

    def test_a_vetoed_unit_is_told_points_do_not_lift_a_veto(self) -> None:
        """vetoed (97, 不合格): no set, the veto sentence instead."""
        block = explain("vetoed").split("整改清单", 1)[1]
        assert (
            "已被一票否决（所监管行业（领域）内发生较大及以上生产安全责任事故）："
            "一票否决不因补回分数而解除，整改分数不能改变等次"
        ) in block
        assert "距" not in block.splitlines()[1]

    def test_the_top_grade_has_no_block(self) -> None:
        """clean (100, 优秀) has no 整改清单."""
        assert "整改清单" not in explain("clean")

    def test_json_carries_to_next_grade(self) -> None:
        """explain --format json gives the same to_next_grade as score's JSON."""
        unit = json.loads(explain("starred", "--format", "json"))
        assert unit["to_next_grade"] == {
            "grade": "优秀",
            "points_needed": "7",
            "clauses": [
                "key_work.emergency.late_accident_reports",
                "key_work.emergency.stale_resources",
            ],
            "recovered": "7",
            "lifts": [],
        }
        assert json.loads(explain("vetoed", "--format", "json"))["to_next_grade"] is None


class TestExplainVetoVariants:
    """``explain``'s block for the worked example of docs/shapes/policies.md (figures in
    tests/unit/test_next_grade.py): the unit's outline as explain prints it."""

    def block(self, unit: str) -> str:
        ranked = assess(POLICIES, POLICY_UNITS).ranked(unit)
        with use_language("zh"):
            outline = unit_outline(ranked.result, POLICIES, ranked.grade, ranked.grade_note)
        text = outline_text(outline)
        return text[text.index("整改清单") :]

    def test_a_score_veto_lifted_on_the_way_is_named(self) -> None:
        """g (75, 不合格 by the score veto): 5 points to 良好, lifting the veto."""
        assert (
            "距良好还差5分：整改以下1条即可达到良好"
            "（共可补回25分，同时解除一票否决：年度考核得分低于80分）"
        ) in self.block("g")

    def test_a_bar_top_unit_at_its_limit_is_told_so(self) -> None:
        """c (100, 良好 under 重伤): the veto named, 良好 the most it allows."""
        assert "不得评为优秀，等次最高为良好" in self.block("c")

    def test_a_unit_the_quota_moved_down_gets_the_quota_note(self) -> None:
        """a (97): 优秀 by score, 良好 by the quota; the block says why, not nothing."""
        lines = self.block("a").splitlines()
        assert "总分已达到优秀分数线，因优秀比例限制评为良好" in lines[1]
        # 1 hazard and a 2-point award (97); fixed: 100, the total's ceiling: 3 back.
        assert "重大隐患未整改：可补回3分（现计扣5分）" in lines[3]

    def test_json_shows_the_lifted_score_veto(self) -> None:
        """The JSON object names the veto the set lifts."""
        ranked = assess(POLICIES, POLICY_UNITS).ranked("g")
        unit = unit_to_dict(ranked.result, ranked.rank, ranked.grade, rulebook=POLICIES)
        assert unit["to_next_grade"] == {
            "grade": "良好",
            "points_needed": "5",
            "clauses": ["work.checks.hazards"],
            "recovered": "25",
            "lifts": ["below_80"],
        }
        quota = assess(POLICIES, POLICY_UNITS).ranked("a")
        moved = unit_to_dict(quota.result, quota.rank, quota.grade, rulebook=POLICIES)
        assert moved["to_next_grade"] is None

    def test_the_worked_example_validates_and_streams_the_same(self) -> None:
        """The cohort document (every veto variant, the quota, the gate) validates against
        the 1.2 schema, and the streamed text is the same document."""
        cohort = assess(POLICIES, POLICY_UNITS)
        document = cohort_to_dict(cohort, POLICIES)
        jsonschema.Draft202012Validator(result_schema()).validate(document)
        by_unit = {unit["id"]: unit["to_next_grade"] for unit in document["units"]}
        # Blocked: b, j (top), a (quota), c, d, e (vetoes), h (gate); f and g have a set.
        assert [unit for unit, plan in by_unit.items() if plan is not None] == ["f", "g"]
        streamed = json.loads("".join(iter_cohort_json(cohort, POLICIES)))
        assert streamed["units"] == document["units"]
