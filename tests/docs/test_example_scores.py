"""The worked example's 各项得分 on a rulebook page, on the reviewers' county sheet.

丁镇 (tests/cli/data/county): 预案内容 judged 3 → 责任落实 17; one 防汛演练 short of 2
→ 防汛 70 − 5 = 65, converted 65 × 30 ÷ 70 = 27.857… → 27.86; total 17 + 20 + 30 +
27.86 = 94.86.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from assessment_rules import load_rulebook
from assessment_rules.docs import example_from_evidence, render_example
from assessment_rules.engine import Rulebook
from assessment_rules.io import read_evidence

DATA = Path(__file__).parents[1] / "cli" / "data" / "county"


def _county() -> Rulebook:
    """The reviewers' county sheet, loaded by path as a user's own rulebook is."""
    return load_rulebook(str(DATA / "ema_2026.py"))


@pytest.fixture(scope="module")
def scores() -> list[list[str]]:
    """The 各项得分 table of 丁镇's worked example, as rows of cells."""
    book = _county()
    ding = [e for e in read_evidence(DATA / "evidence.yaml", book.id) if e.unit == "ding"]
    text = render_example(example_from_evidence(book, ding, "evidence.yaml"), book)
    table = text.split("### 各项得分\n", 1)[1].strip("\n").split("\n\n", 1)[0]
    return [[c.strip() for c in line.strip("|").split("|")] for line in table.splitlines()[2:]]


class TestScoresTable:
    def test_a_converted_part_shows_its_converted_score(self, scores: list[list[str]]) -> None:
        """防汛 closes with 30 and 27.86（原表65/70分折算）; its lines show 原表40/原表35."""
        by_content = {row[2]: row for row in scores}
        assert by_content["防汛防台专项考核（折算）"][3:] == ["30", "27.86（原表65/70分折算）"]
        assert by_content["防汛物资与演练"][3:] == ["原表40", "原表35"]
        assert by_content["人员转移"][3:] == ["原表30", "原表30"]

    def test_points_add_up_to_the_total(self, scores: list[list[str]]) -> None:
        """20 + 15 + 5 + 30 + 30 = 100 = 合计; 得分 17 + 15 + 5 + 30 + 27.86 = 94.86."""
        total = next(row for row in scores if row[1] == "合计")
        assert total[3:] == ["100", "94.86"]
        lines = [row for row in scores if row[1] != "合计"]
        points = [row[3] for row in lines if row[3] and not row[3].startswith("原表")]
        assert sum(float(p) for p in points) == 100
        got = [row[4].split("（")[0] for row in lines if row[3] and not row[3].startswith("原表")]
        assert round(sum(float(s) for s in got), 2) == 94.86

    def test_without_the_rulebook_the_table_is_left_out(self) -> None:
        """render_example(example) alone has no 各项得分 (it needs the sheet layout)."""
        book = _county()
        ding = [e for e in read_evidence(DATA / "evidence.yaml", book.id) if e.unit == "ding"]
        assert "各项得分" not in render_example(example_from_evidence(book, ding, "e.yaml"))
