"""The order a 整改清单 lists its clauses in, on the bundled Wujin example's 示例区商务委员会.

'passing' scores 67 (合格); 良好 needs 80, 13 more. The fewest clauses are 3, the most
points 14: 缺少检查、复查台账 (4, clause order first), 隐患未治理整治 (5) and 履行监管职责
(5). A reader expects them by value: 5, 5, then 4; the JSON keeps clause order.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from assessment_rules import assess, load_rulebook
from assessment_rules.cli import main
from assessment_rules.cohorts import NextGrade, to_next_grade
from assessment_rules.cohorts._next_grade import next_grade_lines
from assessment_rules.io import read_evidence

EXAMPLE = Path(__file__).parents[2] / "examples" / "wujin-2021-departments.yaml"
FIRST = "key_work.inspections.missing_inspection_records"
SECOND = "key_work.special_rectification.hazards_not_rectified"
THIRD = "supervision.annual_targets.supervision_score"


@pytest.fixture(scope="module")
def plan() -> NextGrade:
    book = load_rulebook("wujin-2021-departments")
    cohort = assess(book, read_evidence(EXAMPLE, book.id))
    ranked = next(r for r in cohort.units if r.result.unit == "passing")
    return to_next_grade(book, ranked.result, grade=ranked.grade)


class TestByRecovery:
    def test_the_set_is_by_points_then_clause_order(self, plan: NextGrade) -> None:
        """5 (二、) and 5 (三、) in clause order, then the 4; 4 + 5 + 5 = 14 ≥ 13."""
        recovers = {item.path: item.recovers for item in plan.recoverable}
        assert plan.by_recovery == (SECOND, THIRD, FIRST)
        assert [recovers[path] for path in plan.by_recovery] == [Decimal(5), Decimal(5), 4]
        assert (plan.points_needed, plan.recovered) == (Decimal(13), Decimal(14))

    def test_clauses_stay_in_clause_order(self, plan: NextGrade) -> None:
        """``clauses`` (and so the JSON's next_grade.clauses) keeps the sheet's order."""
        assert plan.clauses == (FIRST, SECOND, THIRD)

    def test_the_sheet_line_lists_them_by_value(self, plan: NextGrade) -> None:
        """The score sheets' 整改清单 line numbers the 5s first, the 4 last."""
        line = next_grade_lines(plan)[0]
        assert line.index("（1）未对全系统重大事故隐患") < line.index("（2）履行监管职责")
        assert line.index("（2）履行监管职责") < line.index("（3）缺少检查、复查台账")

    def test_explain_lists_them_by_value(self) -> None:
        """``explain`` shows 现计扣5分, 5分, then 4分 under 整改以下3条."""
        result = CliRunner().invoke(
            main,
            ["--lang", "zh", "explain", "wujin-2021-departments", str(EXAMPLE), "-u", "passing"],
        )
        assert result.exit_code == 0, result.output
        block = result.output.split("整改以下3条", 1)[1].split("逐条可补回", 1)[0]
        counted = [part.split("分）", 1)[0] for part in block.split("（现计扣")[1:]]
        assert counted == ["5", "5", "4"]
