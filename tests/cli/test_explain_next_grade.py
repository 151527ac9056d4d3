"""``explain`` on the Wujin examples: the 整改清单 block, and each thing said once."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from assessment_rules.cli import main

EXAMPLE = str(Path(__file__).parents[2] / "examples" / "wujin-2021-departments.yaml")
UNITS = ("clean", "capped", "starred", "vetoed", "bonus", "passing", "tied")


def explain(unit: str, *more: str) -> str:
    run = CliRunner().invoke(
        main, ["explain", "wujin-2021-departments", EXAMPLE, "--unit", unit, *more]
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
        assert "路径：supervision.annual_targets.supervision_score" in block
        assert "逐条可补回（单独整改一条，按分值从高到低）" in block

    def test_a_vetoed_unit_is_told_points_do_not_lift_a_veto(self) -> None:
        """vetoed (97, 不合格): no set, the veto sentence instead."""
        block = explain("vetoed").split("整改清单", 1)[1]
        assert "已被一票否决：一票否决不因补回分数而解除" in block
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
        }
        assert json.loads(explain("vetoed", "--format", "json"))["to_next_grade"] is None
