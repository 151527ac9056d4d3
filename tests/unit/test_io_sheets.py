"""The official score-sheet layout and the ranking, checked by hand against seed 004."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from assessment_rules import assess, bundled_rulebooks, load_rulebook
from assessment_rules.docs import default_evidence, score_sheet
from assessment_rules.io import read_evidence
from assessment_rules.io._sheets import chinese_numeral, ranking_rows, sheet_clauses, sheet_rows

BOOK = load_rulebook("wujin-2021-departments")
COHORT = assess(BOOK, read_evidence(Path(__file__).parents[2] / "examples" / f"{BOOK.id}.yaml"))


class TestChineseNumeral:
    def test_section_numbers_read_as_printed(self) -> None:
        """Sections are numbered 一 … 十, 十一, 二十一 as score sheets print them."""
        assert [chinese_numeral(n) for n in (1, 5, 10, 11, 21)] == [
            "一",
            "五",
            "十",
            "十一",
            "二十一",
        ]


class TestSheetRows:
    def test_one_line_per_item_numbered_by_section(self) -> None:
        """Seed 004 has 2 + 5 + 1 + 1 items, 事故控制, then 加分, 合计 and 等次: 13 lines."""
        rows = sheet_rows(COHORT.result("clean"), BOOK)
        assert len(rows) == 9 + 1 + 1 + 2
        # 加分 stands outside the numbering, as in the notes (注) of the printed sheet.
        assert [r.number for r in rows if r.number] == ["一", "二", "三", "四", "五"]
        bonus = next(r for r in rows if r.kind == "bonus")
        assert (bonus.number, bonus.section) == ("", "加分")
        assert [r.kind for r in rows[-2:]] == ["total", "grade"]

    @pytest.mark.parametrize("book", sorted(bundled_rulebooks()))
    def test_unit_sheet_and_docs_page_number_the_same_parts(self, book: str) -> None:
        """Every bundled rulebook's unit sheet and docs page give each part the same 序号."""
        rulebook = load_rulebook(book)
        page = [(s.number, s.title) for s in score_sheet(rulebook).sections]
        layout = [(s.number, s.title) for s in sheet_clauses(rulebook)]
        assert page == layout
        if book == "putuo-2024-finance-selfeval":
            return  # its rows come with each unit's evidence: no unit here to lay out
        result = rulebook.evaluate(default_evidence(rulebook))
        sheet = [(r.number, r.section) for r in sheet_rows(result, rulebook) if r.section]
        assert sheet[:-2] == page

    def test_capped_line_closes_its_standard_with_the_cap(self) -> None:
        """一(1) lists its clauses as printed, then its 扣完为止 as the docs page does."""
        first = sheet_rows(COHORT.result("clean"), BOOK)[0]
        assert first.standard.endswith("\n（本项10分，扣完为止）")

    def test_section_of_clauses_is_one_line(self) -> None:
        """事故控制 (three vetoes under the section) is one line, its text the 考核内容."""
        rows = sheet_rows(COHORT.result("clean"), BOOK)
        line = next(r for r in rows if r.section == "事故控制")
        assert line.content == "压降事故数量：严控一般安全生产事故，确保安全生产形势平稳。"
        assert line.standard.count("实行“一票否决”") == 3

    def test_capped_item_shows_zero_and_every_reason(self) -> None:
        """一(1) for 'capped' scores 10 − 10 = 0, listing all 7 clauses incl. the absorbed one."""
        first = sheet_rows(COHORT.result("capped"), BOOK)[0]
        assert (first.points, first.score, len(first.reasons)) == (Decimal(10), Decimal(0), 7)
        assert first.standard.startswith("1．按照")

    def test_veto_line_carries_the_veto_reason_and_grade_line_says_vetoed(self) -> None:
        """The 事故控制 line lists the triggered veto; the 等次 line reads 不合格（一票否决）."""
        rows = sheet_rows(COHORT.result("vetoed"), BOOK)
        accident = next(r for r in rows if r.section == "事故控制")
        assert accident.reasons[0].startswith("一票否决：")
        assert rows[-1].content == "不合格（一票否决）"

    def test_total_line_sums_lost_and_gained(self) -> None:
        """'bonus' loses 3 + 1.5 + 2 + 1.5 + 0.5 = 8.5 and gains 5: total 96.5."""
        total = sheet_rows(COHORT.result("bonus"), BOOK)[-2]
        assert (total.points, total.score) == (Decimal(100), Decimal("96.5"))
        assert total.reasons == ("扣分合计8.5分", "加分合计5分")


class TestRankingRows:
    def test_ranking_is_high_to_low_with_shared_ranks(self) -> None:
        """starred and tied share rank 4 on 83; passing (67) is 6th; the vetoed unit is last."""
        rows = ranking_rows(COHORT)
        ranks = {row.unit: row.rank for row in rows}
        assert (ranks["starred"], ranks["tied"], ranks["passing"], ranks["vetoed"]) == (4, 4, 6, 7)
        kept = [row.total for row in rows if row.unit != "vetoed"]
        assert kept == sorted(kept, reverse=True)
