"""``print(result)``: a short multi-line Chinese summary; ``repr`` stays the exact form."""

from __future__ import annotations

from pathlib import Path

from assessment_rules import load_rulebook
from assessment_rules.io import read_evidence

EXAMPLE = Path(__file__).parents[2] / "examples" / "wujin-2021-departments.yaml"
BOOK = load_rulebook("wujin-2021-departments")
UNITS = {evidence.unit: evidence for evidence in read_evidence(EXAMPLE, BOOK.id)}


class TestUnitResultStr:
    def test_summary_lists_total_grade_and_every_reason(self) -> None:
        """starred: 83, 良好, then its eight 失分原因 numbered, one a line."""
        result = BOOK.evaluate(UNITS["starred"])
        lines = str(result).splitlines()
        assert lines[0] == "示例区交通委员会（starred）：总分83分（满分100分），等次良好"
        assert lines[1] == "失分原因："
        assert lines[2:] == [f"  {n}. {reason}" for n, reason in enumerate(result.reasons, 1)]
        assert len(lines) == 10
        assert lines[4] == "  3. ★所监管行业（领域）内发生迟报、漏报、瞒报死亡事故2起，扣4分"

    def test_a_veto_is_stated_once_before_the_reasons(self) -> None:
        """vetoed: the grade line says 一票否决, the veto's own line follows, then 2 reasons."""
        lines = str(BOOK.evaluate(UNITS["vetoed"])).splitlines()
        assert lines[0].endswith("等次不合格（一票否决）")
        assert lines[1] == "一票否决：所监管行业（领域）内发生较大及以上生产安全责任事故1起"
        assert lines[2] == "失分原因："
        assert len(lines) == 5

    def test_bonus_and_a_clean_sheet(self) -> None:
        """bonus lists its four awards under 加分; clean says 无失分."""
        bonus = str(BOOK.evaluate(UNITS["bonus"]))
        assert "\n加分：\n  1. 受到国家级表彰，加2分\n" in bonus
        assert str(BOOK.evaluate(UNITS["clean"])).splitlines()[1:] == ["无失分"]

    def test_repr_is_unchanged(self) -> None:
        """repr is still the named tuple's exact one-line form, not the summary."""
        result = BOOK.evaluate(UNITS["vetoed"])
        text = repr(result)
        assert text.startswith("UnitResult(unit='vetoed', name='示例区市场监督管理局', ")
        assert "\n" not in text and text != str(result)
