"""Score sheets after the fresh-eyes review: converted parts (折算), a zero on a whole
section (该部分不得分), a unit kept out by the gate (不参评), the summary line, the
template's instruction, the printed layout.

One small rulebook carries every new shape, with figures worked out by hand:

- 信息报送 20 (迟报 5 a time), 安全生产 30 (事故 6 a time, capped at 30; a death zeroes
  the whole section), 防汛防台 scored out of 70 (40 + 30) and converted to 50, half up
  to 2 places; the gate asks for the self-check.
- 丁镇: one drill short, 5 lost of 70 → 65 × 50 ÷ 70 = 46.428… → 46.43; total
  20 + 30 + 46.43 = 96.43, lost 50 − 46.43 = 3.57.
- 乙镇: one late report (5), two accidents (12, absorbed) and a death (the section's
  30): total 15 + 0 + 50 = 65, lost 35.
- 丙镇: no self-check: 不参评.
"""

from __future__ import annotations

import csv
import io
import shlex
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import docx
import openpyxl
import pytest
from click.testing import CliRunner

from assessment_rules import CapAt, Deduct, Item, Rulebook, Section, assess, load_rulebook
from assessment_rules.cli import main
from assessment_rules.combinators import Requirement, Rescaled, ZeroIf
from assessment_rules.engine import Evidence
from assessment_rules.io import load_evidence
from assessment_rules.io._docx import cohort_docx
from assessment_rules.io._print import row_height
from assessment_rules.io._sheets import sheet_rows
from assessment_rules.io._writers import cohort_csv, cohort_markdown, cohort_xlsx

BOOK = Rulebook(
    "county-test",
    "某县2026年度街镇应急管理工作考核细则",
    points="100",
    year=2026,
    children=(
        Section("reporting", "信息报送", points="20", children=(
            Item("summary", "年度工作总结", points="20", children=(
                Deduct("late", "迟报年度工作总结", rate="5", shape="each", unit="次"),
            )),
        )),
        Section("safety", "安全生产", points="30", children=(
            CapAt(Item("accidents", "生产安全事故控制", points="30", children=(
                Deduct("accidents", "发生一般生产安全事故", rate="6", shape="each", unit="起"),
            ))),
            ZeroIf("death", "发生生产安全事故造成人员死亡", at_least=1, unit="起"),
        )),
        Rescaled("flood", "防汛防台专项考核", out_of="70", points="50", places=2, children=(
            CapAt(Item("prep", "防汛物资与演练", points="40", children=(
                Deduct("drills", "开展防汛演练", rate="5", shape="shortfall", required=2,
                       unit="次"),
            ))),
            Item("transfer", "人员转移", points="30", children=(
                Deduct("transfers", "危险区域人员转移不及时", rate="3", shape="each", unit="次"),
            )),
        )),
    ),
    gate=(Requirement("self_check", "按时提交年度自评报告且自评合格"),),
)  # fmt: skip
BASE = {"late": 0, "accidents": 0, "death": 0, "drills": 2, "transfers": 0, "self_check": True}
COHORT = assess(
    BOOK,
    [
        Evidence("ding", {**BASE, "drills": 1}, "丁镇"),
        Evidence("yi", {**BASE, "late": 1, "accidents": 2, "death": 1}, "乙镇"),
        Evidence("bing", {**BASE, "self_check": False}, "丙镇"),
    ],
)
RULEBOOK_FILE = """
from assessment_rules import Deduct, Item, Rulebook, Section
RULEBOOK = Rulebook("file-book", "示例细则", points="10", children=(
    Section("org", "组织领导", points="10", children=(
        Item("plan", "年度计划", points="10", children=(
            Deduct("no_plan", "未制定年度计划", rate="2", source="一(1)"),)),)),))
"""


def _rows(unit: str):  # type: ignore[no-untyped-def]
    ranked = COHORT.ranked(unit)
    return sheet_rows(ranked.result, BOOK, ranked.grade, ranked.grade_note)


def _md_section(unit_name: str) -> str:
    text = cohort_markdown(COHORT, BOOK)
    return text.split(f"## {unit_name}\n", 1)[1].split("\n## ", 1)[0]


def _xlsx() -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(cohort_xlsx(COHORT, BOOK)))


def _docx_text() -> str:
    document = docx.Document(io.BytesIO(cohort_docx(COHORT, BOOK)))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


class TestConvertedPart:
    def test_points_and_scores_add_up_to_the_total(self) -> None:
        """分值 adds to 100 (20 + 30 + 50) and 得分 to 96.43 (20 + 30 + 46.43): the
        lines on the 70-point scale are text, not numbers."""
        rows = _rows("ding")
        body = [row for row in rows if row.kind not in {"total", "grade"}]
        assert sum(row.points for row in body if row.points is not None) == Decimal(100)
        assert sum(row.score for row in body if row.score is not None) == Decimal("96.43")
        total = rows[-2]
        assert (total.points, total.score) == (Decimal(100), Decimal("96.43"))

    def test_converted_score_is_shown_beside_its_own_scale(self) -> None:
        """The part's line reads 46.43（原表65/70分折算）; its lines 原表40/原表35."""
        section = _md_section("丁镇")
        line = "| 防汛防台专项考核（折算） | 按70分制评分，折算为50分 | 50 |"
        assert f"{line} 46.43（原表65/70分折算） |" in section
        assert "| 原表40 | 原表35 | 开展防汛演练1次" in section

    def test_lost_points_reconcile(self) -> None:
        """扣分合计3.57 says where it comes from: 5 lost of 70 is 3.57 of 50."""
        section = _md_section("丁镇")
        assert "扣分合计3.57分（其中防汛防台专项考核原表扣5分，折算后扣3.57分）" in section
        ranking = cohort_markdown(COHORT, BOOK).split("## 丁镇")[0]
        assert "防汛防台专项考核原表扣5分，折算后扣3.57分" in ranking

    def test_every_format_shows_the_conversion(self) -> None:
        """CSV, XLSX and the docx notice carry the converted figure too."""
        text = cohort_csv(COHORT, BOOK).decode("utf-8-sig")
        assert "46.43（原表65/70分折算）" in text
        sheet = _xlsx()["丁镇"]
        values = [cell.value for row in sheet.iter_rows() for cell in row]
        assert "46.43（原表65/70分折算）" in values and "原表40" in values
        assert "折算后扣3.57分" in _docx_text()


class TestZeroOnASection:
    def test_no_line_prints_a_negative_score(self) -> None:
        """The zero's line carries no 得分 (before: an unnumbered −30 row)."""
        rows = _rows("yi")
        assert all(row.score is None or row.score >= 0 for row in rows)
        zero = next(row for row in rows if row.content == "发生生产安全事故造成人员死亡")
        assert (zero.points, zero.score) == (None, None)

    def test_the_section_says_it_is_zeroed_and_lines_score_nothing(self) -> None:
        """事故控制 scores 0 (the section's 30 are gone), and its 12 points say why they
        were not taken: the section's zero, not the item's own 扣完为止."""
        section = _md_section("乙镇")
        assert "该部分（安全生产）不得分，扣30分" in section
        assert "| 30 | 0 | 发生一般生产安全事故2起，应扣12分，因该部分不得分，不再另扣 |" in section
        assert "本项分值已扣完" not in cohort_markdown(COHORT, BOOK)

    def test_scores_add_up(self) -> None:
        """得分 adds to 65 = 15 + 0 + 50."""
        rows = _rows("yi")
        body = [row for row in rows if row.kind not in {"total", "grade"}]
        assert sum(row.score for row in body if row.score is not None) == Decimal(65)


class TestNotAssessed:
    def test_sheet_shows_no_scores_and_says_why(self) -> None:
        """丙镇's lines have no 得分, and 合计 reads 不参评 with the gate's reason."""
        rows = _rows("bing")
        assert all(row.score is None for row in rows)
        total = rows[-2]
        assert total.score_cell == "不参评"
        assert total.reasons == ("不符合申报条件：按时提交年度自评报告且自评合格（未满足）",)

    def test_every_format_says_not_assessed(self) -> None:
        """Markdown, CSV, XLSX and docx: 不参评 and why, never 总分0."""
        assert _md_section("丙镇").lstrip().startswith("**不参评**：不符合申报条件")
        text = cohort_csv(COHORT, BOOK).decode("utf-8-sig")
        assert "总分：不参评" in text and "总分：0" not in text
        assert _xlsx()["丙镇"]["A2"].value.startswith("不参评：不符合申报条件")
        notice = _docx_text()
        assert "丙镇：不参评" in notice and "丙镇：总分0分" not in notice


class TestSummaryAndTitles:
    # Mean of the units assessed, 96.43 and 65: 80.715 → 80.72 half up; 丙镇 left out.
    LINE = "平均分80.72分（四舍五入保留2位小数），中位数80.715分，最高96.43分，最低65分"

    def test_summary_line_in_every_format(self) -> None:
        """The average is in the CSV, Markdown, XLSX ranking and docx notice."""
        assert self.LINE in cohort_csv(COHORT, BOOK).decode("utf-8-sig")
        assert self.LINE in cohort_markdown(COHORT, BOOK)
        ranking = [cell.value for row in _xlsx()["排名"].iter_rows() for cell in row]
        assert any(isinstance(v, str) and v.startswith(self.LINE) for v in ranking)
        assert self.LINE in _docx_text()

    def test_titles_carry_no_rulebook_id(self) -> None:
        """Titles a clerk reads name the rulebook by its title only."""
        first = next(csv.reader(io.StringIO(cohort_csv(COHORT, BOOK).decode("utf-8-sig"))))
        assert first == ["某县2026年度街镇应急管理工作考核细则考核结果"]
        assert cohort_markdown(COHORT, BOOK).startswith(
            "# 某县2026年度街镇应急管理工作考核细则考核结果\n"
        )
        assert "county-test" not in _docx_text()


class TestUnitSheetLayout:
    def test_header_line_is_one_readable_sentence(self) -> None:
        """Row 2 reads 总分：96.43分　　等次：优秀　　排名：第1名 across A:F."""
        sheet = _xlsx()["丁镇"]
        assert sheet["A2"].value == "总分：96.43分　　等次：优秀　　排名：第1名"
        assert "A2:F2" in {str(merged) for merged in sheet.merged_cells.ranges}
        assert sheet["G2"].value == "单位代码：ding"

    def test_rectification_label_spans_two_columns_and_every_cell_has_a_border(self) -> None:
        """整改清单 sits in A:B merged down its rows; its text cells are bordered to G."""
        sheet = _xlsx()["乙镇"]
        label = next(row for row in sheet.iter_rows() if row[0].value == "整改清单")[0]
        merged = next(r for r in sheet.merged_cells.ranges if label.coordinate in r)
        assert (merged.min_col, merged.max_col) == (1, 2)
        for row in range(merged.min_row, merged.max_row + 1):
            assert sheet.cell(row, 7).border.right.style == "thin"

    def test_workbook_is_the_same_bytes_each_time(self) -> None:
        """Two runs give byte-identical workbooks."""
        assert cohort_xlsx(COHORT, BOOK) == cohort_xlsx(COHORT, BOOK)


class TestRowHeight:
    def test_six_lines_get_what_libreoffice_needs(self) -> None:
        """LibreOffice sets 10-point lines about 14.5 points apart (a row of six lines
        at 14 points a line prints cut): six lines get at least 6 × 14.5 + 2."""
        assert row_height([("\n".join(["甲"] * 6), 10)]) >= 6 * 14.5 + 2


class TestTemplateInstruction:
    def test_rulebook_file_is_named_in_the_command(self, tmp_path: Path) -> None:
        """A form made from a rulebook file tells to score it with that file."""
        book = tmp_path / "细则.py"
        book.write_text(RULEBOOK_FILE, encoding="utf-8")
        form = tmp_path / "f.yaml"
        run = CliRunner().invoke(main, ["template", str(book), "-o", str(form)])
        assert run.exit_code == 0, run.output
        text = form.read_text(encoding="utf-8")
        assert f"assessment-rules score {shlex.quote(str(book))} 本文件.yaml" in text
        assert "score file-book" not in text and "（file-book）" not in text

    def test_help_sheet_quotes_the_unit_ids_as_generated(self, tmp_path: Path) -> None:
        """With 8 units the ids are unit-1…unit-8, and 说明 says so."""
        form = tmp_path / "f.xlsx"
        run = CliRunner().invoke(
            main, ["template", "wujin-2021-departments", "--units", "8", "-o", str(form)]
        )
        assert run.exit_code == 0, run.output
        book = openpyxl.load_workbook(form)
        text = "\n".join(str(c.value) for row in book["说明"].iter_rows() for c in row if c.value)
        assert "已预填 unit-1、unit-2…unit-8" in text
        assert "unit-01" not in text
        assert book["证据"]["G2"].value == "unit-1"

    def test_selfeval_help_names_only_what_it_writes(self) -> None:
        """selfeval-table writes no docx, so its --output help does not offer one."""
        run = CliRunner().invoke(main, ["selfeval-table", "--help"])
        assert run.exit_code == 0 and "docx" not in run.output


class TestChartData:
    def test_figures_are_centred_and_the_gate_unit_is_not_charted(self) -> None:
        """The 图表 sheet's tables centre their figures; 丙镇 (不参评) has no column."""
        sheet = _xlsx()["图表"]
        rows = list(sheet.iter_rows())
        names = [row[1].value for row in rows if len(row) > 2]
        assert "丁镇" in names and "丙镇" not in names
        ding = next(row for row in rows if len(row) > 2 and row[1].value == "丁镇")
        assert ding[2].value == Decimal("96.43") or ding[2].value == 96.43
        assert ding[2].alignment.horizontal == "center"


@pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftotext") is None,
    reason="LibreOffice (soffice) and poppler-utils (pdftotext) are not installed",
)
class TestPrinted:
    def test_printed_sheets_show_the_new_cells_whole(self, tmp_path: Path) -> None:
        """In LibreOffice's PDF: the converted score, 不参评 and the 整改清单 label print
        unbroken, and each unit's sheet takes one page."""
        book = tmp_path / "r.xlsx"
        book.write_bytes(cohort_xlsx(COHORT, BOOK))
        subprocess.run(
            [
                "soffice",
                f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(tmp_path),
                str(book),
            ],
            check=True,
            capture_output=True,
            timeout=600,
        )
        text = subprocess.run(
            ["pdftotext", "-layout", str(tmp_path / "r.pdf"), "-"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        pages = [page for page in text.split("\f") if page.strip()]
        for name in ("丁镇", "乙镇", "丙镇"):
            heading = f"某县2026年度街镇应急管理工作考核细则：{name}"
            assert sum(heading in page for page in pages) == 1
            assert sum(page.splitlines()[0].rstrip().endswith(name) for page in pages) == 1
        joined = "".join(text.split())
        assert "整改清单" in joined.replace("\n", "") and "整改清\n" not in text
        assert "不参评：不符合申报条件" in joined
        assert "折算后扣3.57分" in joined


class TestNotice:
    def test_quota_sentence_is_closed_and_remarks_get_the_widest_column(self) -> None:
        """Putuo's quota note ends with 。 before the average; 备注 is the widest column
        and 排名 holds 不排名 on one line (18 mm)."""
        book = load_rulebook("putuo-2024-streets")
        examples = Path(__file__).parents[2] / "examples"
        cohort = assess(book, load_evidence([examples / "putuo-2024-streets.yaml"], book).units)
        assert cohort.quota is not None
        document = docx.Document(io.BytesIO(cohort_docx(cohort, book)))
        text = "\n".join(p.text for p in document.paragraphs)
        assert f"{cohort.quota.note}。平均分" in text
        widths = [column.width for column in document.tables[0].columns]
        assert widths[4] == max(widths) and widths[0] >= docx.shared.Mm(17.9)
