"""The 2022 Wujin example: derived from 2021 by a handful of edits, and its diff.

The edits (rulebooks/wujin_2022_departments.py): 二（1）第1条 reworded for 2022;
二（1）第3条 0.5 → 1 point per firm; 二（2）20 → 18 points and 二（5）10 → 12 points;
a new clause in 二（5）; the bonus total 5 → 6. Expected changes below are listed from
those edits, not from the program's output.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from assessment_rules import load_rulebook
from assessment_rules.io import read_evidence
from assessment_rules.yearly import diff_rulebooks, lint, rescore

OLD = load_rulebook("wujin-2021-departments")
NEW = load_rulebook("wujin-2022-departments")
EXAMPLE = Path(__file__).parents[2] / "examples" / "wujin-2021-departments.yaml"


def D(text: str) -> Decimal:  # noqa: N802 - reads like the Decimal it builds
    return Decimal(text)


class TestDerivation:
    def test_is_derived_from_2021(self) -> None:
        """The 2022 rulebook names 2021 as its predecessor and keeps 100 points."""
        assert (NEW.id, NEW.year, NEW.predecessor, NEW.points) == (
            "wujin-2022-departments",
            2022,
            "wujin-2021-departments",
            D("100"),
        )

    def test_2021_is_unchanged(self) -> None:
        """Loading 2022 leaves the 2021 rules as they were (inspections still 20 points)."""
        assert OLD.node("key_work.inspections").max_points == D("20")
        assert "no_plan_review" not in OLD.facts

    def test_section_total_is_kept(self) -> None:
        """重点工作 still adds up to 60 after two points moved between its items."""
        key_work = NEW.node("key_work")
        # 10 + 18 + 10 + 10 + 12 = 60.
        assert sum((c.max_points for c in key_work.children), D("0")) == D("60")

    def test_lints_clean(self) -> None:
        """The derived rulebook has no lint findings (every node has a source)."""
        assert lint(NEW) == ()


class TestDiff:
    def test_lists_the_rule_changes(self) -> None:
        """The diff lists exactly the six rule edits (texts aside)."""
        rules = [
            (c.kind, c.path, c.field, c.old, c.new)
            for c in diff_rulebooks(OLD, NEW).changes
            if c.kind not in ("text", "rulebook")
        ]
        assert rules == [
            ("rate", "key_work.enterprise_duty.firms_without_director", "rate", D("0.5"), D("1")),
            ("points", "key_work.inspections", "points", D("20"), D("18")),
            ("points", "key_work.emergency", "points", D("10"), D("12")),
            (
                "added",
                "key_work.emergency.no_plan_review",
                "node",
                None,
                "未按规定开展应急预案评估和修订的，扣1分",
            ),
            ("bonus", "commendations", "cap", D("5"), D("6")),
            ("fact_added", "key_work.emergency.no_plan_review", "fact", None, "no_plan_review"),
        ]

    def test_lists_the_reworded_clause(self) -> None:
        """The reworded 2022 clause shows its old and new title."""
        titles = [
            (c.old, c.new)
            for c in diff_rulebooks(OLD, NEW).changes
            if c.kind == "text" and c.field == "title"
        ]
        assert titles == [
            (
                "“落实企业安全生产主体责任专项行动”工作未达到2021年工作要求",
                "“落实企业安全生产主体责任专项行动”工作未达到2022年工作要求",
            )
        ]

    def test_no_facts_are_dropped(self) -> None:
        """Every 2021 fact is still read in 2022, so last year's evidence carries over."""
        assert set(OLD.facts) <= set(NEW.facts)


class TestRescoreExamples:
    def test_only_the_bonus_department_moves(self) -> None:
        """Re-scored under 2022, the example departments keep their totals but one."""
        report = rescore(OLD, NEW, read_evidence(EXAMPLE, OLD.id))
        moves = {u.unit: (u.old_total, u.new_total, u.new_grade) for u in report.units}
        # bonus: firms without director 3 × 1 = 3 (was 1.5) → base 91.5 − 1.5 = 90;
        #        awards 2 + 2 + 2 (each capped at 2) + 1.5 = 7.5 → total cap 6 → 96.
        assert moves["bonus"] == (D("96.5"), D("96"), "优秀")
        # starred: 二（5）non-★ 6 and ★ 8 fit either cap; total stays 100 − 14 − 3 = 83.
        assert moves["starred"] == (D("83"), D("83"), "良好")
        # passing: 二（2）loses 14, under both the 20 and the 18 cap → 67.
        assert moves["passing"] == (D("67"), D("67"), "合格")
        assert report.facts_unused == ()
        assert report.facts_required == ()
        assert report.facts_new_optional == ("no_plan_review",)
