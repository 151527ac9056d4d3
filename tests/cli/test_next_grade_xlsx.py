"""The result workbook: a unit below the top grade has 整改清单 rows above its signatures."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl

from assessment_rules import assess, load_rulebook
from assessment_rules.io import read_evidence
from assessment_rules.io._writers import cohort_xlsx

from ..unit.test_policies import BOOK as POLICIES
from ..unit.test_policies import UNITS as POLICY_UNITS

EXAMPLE = Path(__file__).parents[2] / "examples" / "wujin-2021-departments.yaml"
BOOK = load_rulebook("wujin-2021-departments")


def _rows(sheet_name: str) -> list[tuple[object, ...]]:
    data = cohort_xlsx(assess(BOOK, read_evidence(EXAMPLE, BOOK.id)), BOOK)
    book = openpyxl.load_workbook(io.BytesIO(data))
    return list(book[sheet_name].iter_rows(values_only=True))


def _text(row: tuple[object, ...]) -> object:
    """The row's text: its first filled cell after the 整改清单 label (the layout decides
    which column holds it)."""
    return next((cell for cell in row[1:] if cell), None)


class TestNextGradeRows:
    def test_a_unit_below_the_top_grade_gets_the_rows(self) -> None:
        """示例区交通委员会 (starred, 83): the set line, then each clause's points."""
        rows = _rows("示例区交通委员会")
        at = next(i for i, row in enumerate(rows) if row[0] == "整改清单")
        assert _text(rows[at]) == (
            "距优秀还差7分：整改以下2条即可达到（可补回7分）："
            "（1）所监管行业（领域）内发生迟报、漏报、瞒报死亡事故；"
            "（2）未定期更新应急队伍、物资和装备信息，应急处置时无法有效使用"
        )
        assert str(_text(rows[at + 1])).startswith("逐条可补回：")
        assert any(str(cell).startswith("考核人") for row in rows[at:] for cell in row if cell)

    def test_the_top_grade_has_none(self) -> None:
        """示例区应急管理局 (clean, 100) has no 整改清单 row."""
        assert all(row[0] != "整改清单" for row in _rows("示例区应急管理局"))

    def test_veto_variants_and_the_quota_in_the_rows(self) -> None:
        """The worked example of docs/shapes/policies.md: g's row names the score veto its
        set lifts; a (moved down by the quota) gets the quota note, not nothing."""
        data = cohort_xlsx(assess(POLICIES, POLICY_UNITS), POLICIES)
        book = openpyxl.load_workbook(io.BytesIO(data))

        def first_row(sheet: str) -> object:
            rows = list(book[sheet].iter_rows(values_only=True))
            return _text(next(row for row in rows if row[0] == "整改清单"))

        assert first_row("g") == (
            "距良好还差5分：整改以下1条即可达到（可补回25分，同时解除一票否决：年度考核得分低于80分）："
            "（1）重大隐患未整改"
        )
        assert str(first_row("a")).startswith("总分已达到优秀分数线，因优秀比例限制评为良好")
