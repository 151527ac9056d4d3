"""The results notice (考核结果通报) as .docx, read back with python-docx."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
from docx.oxml.ns import qn

from assessment_rules import assess, load_rulebook
from assessment_rules.io import read_evidence
from assessment_rules.io._docx import BODY_FONT, cohort_docx

EXAMPLES = Path(__file__).parents[2] / "examples"


def _cohort(name: str):  # type: ignore[no-untyped-def]
    book = load_rulebook(name)
    return book, assess(book, read_evidence(EXAMPLES / f"{name}.yaml"))


WUJIN, WUJIN_COHORT = _cohort("wujin-2021-departments")


def _text(data: bytes) -> tuple[str, list[list[str]]]:
    document = docx.Document(io.BytesIO(data))
    paragraphs = "\n".join(p.text for p in document.paragraphs)
    table = [[cell.text for cell in row.cells] for row in document.tables[0].rows]
    return paragraphs, table


class TestNotice:
    def test_title_and_opening_name_the_rulebook_and_year(self) -> None:
        """The title names the year and the subject from the rulebook's title; the opening
        names the rulebook and counts."""
        text, _ = _text(cohort_docx(WUJIN_COHORT, WUJIN))
        assert text.startswith(
            "关于2021年度部门（单位）安全生产目标任务考核结果的通报\n各有关单位："
        )
        assert f"根据《{WUJIN.title}》，对7个单位2021年度的工作进行了考核" in text
        # examples/wujin-2021-departments.yaml, by hand: 100, 96.5, 90 优秀; 83, 83 良好;
        # 67 合格; 97 vetoed, so 不合格.
        assert (
            "本次考核共7个单位，其中优秀3个、良好2个、合格1个、不合格1个（含一票否决1个）。" in text
        )

    def test_the_ranking_table_has_every_unit_with_its_grade(self) -> None:
        """One row per unit in ranking order: rank, name, total, grade, note."""
        _, table = _text(cohort_docx(WUJIN_COHORT, WUJIN))
        assert table[0] == ["排名", "单位", "总分", "等次", "备注"]
        assert [row[1] for row in table[1:]] == [r.result.name for r in WUJIN_COHORT.units]
        assert [row[3] for row in table[1:]] == [r.grade for r in WUJIN_COHORT.units]
        assert table[1][:4] == ["1", "示例区应急管理局", "100", "优秀"]
        assert table[-1][1:] == ["示例区市场监督管理局", "97", "不合格", "一票否决"]

    def test_every_reason_line_is_stated(self) -> None:
        """Every 失分原因 and 加分 line of every unit appears in the notice."""
        for name in ("wujin-2021-departments", "putuo-2024-streets", "putuo-2024-departments"):
            book, cohort = _cohort(name)
            text, _ = _text(cohort_docx(cohort, book))
            for ranked in cohort.units:
                result = ranked.result
                assert f"{result.name or result.unit}：总分" in text
                for line in result.reasons:
                    assert line.removeprefix("一票否决：") in text, (name, line)
                for entry in result.gained:
                    assert entry.reason in text

    def test_reasons_are_grouped_by_section(self) -> None:
        """A unit's reasons sit under their section's title, in sheet order."""
        text, _ = _text(cohort_docx(WUJIN_COHORT, WUJIN))
        unit = text.split("（二）示例区生态环境局：总分96.5分，等次优秀\n", 1)[1]
        unit = unit.split("（三）", 1)[0]
        assert unit.startswith("重点工作：\n1. 生产经营单位安全责任")
        assert unit.index("重点工作：") < unit.index("行业领域监管：") < unit.index("加分：")

    def test_vetoes_are_stated_plainly(self) -> None:
        """A vetoed unit is named with its reason and the grade the veto forces."""
        text, _ = _text(cohort_docx(WUJIN_COHORT, WUJIN))
        assert (
            "示例区市场监督管理局：所监管行业（领域）内发生较大及以上生产安全责任事故1起。"
            "实行一票否决，考核等次定为不合格（考核得分97分，得分不改变否决结果）。"
        ) in text

    def test_no_veto_is_said_so(self) -> None:
        """A cohort without vetoes says there was none."""
        units = [e for e in read_evidence(EXAMPLES / "wujin-2021-departments.yaml")]
        cohort = assess(WUJIN, [e for e in units if e.name != "示例区市场监督管理局"])
        text, _ = _text(cohort_docx(cohort, WUJIN))
        assert "本次考核没有单位被一票否决。" in text

    def test_two_runs_give_the_same_bytes(self) -> None:
        """Fixed core properties and zip dates: the same cohort, the same file."""
        first = cohort_docx(WUJIN_COHORT, WUJIN)
        assert first == cohort_docx(WUJIN_COHORT, WUJIN)
        with zipfile.ZipFile(io.BytesIO(first)) as archive:
            assert {m.date_time for m in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
            core = archive.read("docProps/core.xml").decode()
        assert "1980-01-01T00:00:00Z" in core and "python-docx" not in core

    def test_the_page_is_a4_with_a_chinese_font(self) -> None:
        """A4 portrait, and the body's East Asian font is 仿宋."""
        document = docx.Document(io.BytesIO(cohort_docx(WUJIN_COHORT, WUJIN)))
        section = document.sections[0]
        # Word keeps sizes in twentieths of a point: 11906 × 16838 is A4 to the 0.01 mm.
        width, height = section.page_width, section.page_height
        assert width is not None and height is not None
        assert (round(width.mm), round(height.mm)) == (210, 297)
        fonts = document.styles["Normal"].element.rPr.find(qn("w:rFonts"))
        assert fonts.get(qn("w:eastAsia")) == BODY_FONT

    def test_the_ranking_header_repeats_on_every_page(self) -> None:
        """The table's first row is marked as a header row."""
        document = docx.Document(io.BytesIO(cohort_docx(WUJIN_COHORT, WUJIN)))
        row = document.tables[0].rows[0]._tr
        assert row.trPr is not None and row.trPr.find(qn("w:tblHeader")) is not None
