"""The results notice (考核结果通报) as a Word document: a draft the office edits.

``score … --format docx`` writes it. The notice reads as the office would write it by
hand, for Word or WPS to edit before it is issued:

- a title from the rulebook's (``关于某县2026年度街镇应急管理工作考核结果的通报``) and
  an opening paragraph naming the rulebook, the year, the number of units and how
  they are ranked, with the grade distribution (the 优秀 quota's note) and the
  cohort's 平均分, 中位数, 最高 and 最低 (over the units assessed);
- 一、考核排名: the ranking table (排名 / 单位 / 总分 / 等次 / 备注), its header
  repeated on every page; a unit the eligibility gate kept out shows 不参评 and why;
- 二、一票否决情况: each vetoed unit and why, in plain words (or that there was none);
- 三、各单位失分原因: for each unit, its 失分原因 grouped by the sections of the score
  sheet (组织领导, 重点工作…), then its 加分; a converted part (折算) says what its
  deductions came to once converted;
- a closing line and a signature block with blanks for the issuing office and the date.

The page is A4 with the margins of a government document (GB/T 9704: 37 mm top, 35 mm
bottom, 28 mm left, 26 mm right), page numbers ``— 1 —`` at the foot. Chinese text is
set in 仿宋 (headings in 黑体, the title in 宋体): the East Asian font of every style is
named, so Word and WPS do not fall back to a Western font for Chinese.

The bytes depend only on the results: the document's core properties carry fixed dates
(1980-01-01, as the workbooks' do) and no author, and every member of the zip file is
dated 1980-01-01.
"""

from __future__ import annotations

import datetime
import io
import zipfile
from collections.abc import Sequence
from typing import IO, Any, Final

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_ALIGN_VERTICAL, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from ..cohorts._cohort import Cohort, RankedUnit
from ..engine._numbers import fmt
from ..engine._rulebook import Rulebook
from ._safe_text import visible
from ._sheets import _Unit, cell_text, converted_text, summary_line, total_cell

__all__ = ["BODY_FONT", "HEADING_FONT", "TITLE_FONT", "cohort_docx", "write_cohort_docx"]

BODY_FONT: Final = "仿宋"
HEADING_FONT: Final = "黑体"
TITLE_FONT: Final = "宋体"
_LATIN_FONT: Final = "Times New Roman"
_BODY_SIZE: Final = Pt(16)  # 三号, the body size of a government document
_TABLE_SIZE: Final = Pt(12)  # 小四
_TITLE_SIZE: Final = Pt(22)  # 二号
_LINE: Final = Pt(28)  # 28-point lines: 22 lines a page at 三号
_FIXED_TIME: Final = datetime.datetime(1980, 1, 1, tzinfo=datetime.UTC)
_ZIP_EPOCH: Final = (1980, 1, 1, 0, 0, 0)
_RANKING_HEADER: Final = ("排名", "单位", "总分", "等次", "备注")
_RANKING_WIDTHS: Final = (Mm(18), Mm(38), Mm(16), Mm(26), Mm(58))
"""The text width is 156 mm; 备注 (vetoes, the quota's note) gets the room it needs."""
OTHER_REASONS: Final = "其他"


def cohort_docx(cohort: Cohort, rulebook: Rulebook) -> bytes:
    """The results notice of a scored cohort, as .docx bytes (see the module doc).

    >>> from assessment_rules import Deduct, Item, Rulebook, Section, assess
    >>> from assessment_rules.engine import Evidence
    >>> book = Rulebook("tiny", "示例细则", points="10", children=(
    ...     Section("org", "组织领导", points="10", children=(
    ...         Item("plan", "年度计划", points="10", children=(
    ...             Deduct("no_plan", "未制定年度计划", rate="2"),)),)),))
    >>> data = cohort_docx(assess(book, [Evidence("a", {"no_plan": True}, "甲")]), book)
    >>> data[:2], data == cohort_docx(assess(book, [Evidence("a", {"no_plan": True}, "甲")]), book)
    (b'PK', True)
    """
    buffer = io.BytesIO()
    write_cohort_docx(buffer, cohort, rulebook)
    return buffer.getvalue()


def write_cohort_docx(out: IO[bytes], cohort: Cohort, rulebook: Rulebook) -> None:
    """Write the results notice of a scored cohort to *out* as .docx."""
    document: Any = Document()
    _page(document)
    _styles(document)
    _properties(document, rulebook)
    _title(document, rulebook)
    _opening(document, cohort, rulebook)
    _heading(document, "一、考核排名")
    _ranking(document, cohort)
    _heading(document, "二、一票否决情况")
    _vetoes(document, cohort)
    _heading(document, "三、各单位失分原因")
    for number, ranked in enumerate(cohort.units, 1):
        _unit(document, ranked, number)
    _closing(document)
    draft = io.BytesIO()
    document.save(draft)
    out.write(_steady_zip(draft.getvalue()))


def _fonts(element: Any, east_asian: str, latin: str = _LATIN_FONT) -> None:
    """Name the fonts of a style's or a run's text: Latin and East Asian apart, since
    Word takes Chinese text's font from ``w:eastAsia`` only."""
    properties = element.get_or_add_rPr()
    fonts = properties.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        properties.insert(0, fonts)
    for attribute in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attribute), latin)
    fonts.set(qn("w:eastAsia"), east_asian)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)
    language = properties.find(qn("w:lang"))
    if language is None:
        language = OxmlElement("w:lang")
        properties.append(language)
    language.set(qn("w:eastAsia"), "zh-CN")


def _page(document: Any) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.header_distance, section.footer_distance = Mm(15), Mm(20)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("— ")
    # A PAGE field: Word and WPS put the page's number in it.
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    number = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    number.append(text)
    field.append(number)
    footer._p.append(field)
    footer.add_run(" —")
    for run in footer.runs:
        run.font.size = Pt(14)


def _styles(document: Any) -> None:
    normal = document.styles["Normal"]
    normal.font.size = _BODY_SIZE
    _fonts(normal.element, BODY_FONT)
    paragraph = normal.paragraph_format
    paragraph.line_spacing = _LINE
    paragraph.space_before = paragraph.space_after = Pt(0)
    for name, font, size in (
        ("Heading 1", HEADING_FONT, _BODY_SIZE),
        ("Heading 2", "楷体", _BODY_SIZE),
    ):
        style = document.styles[name]
        style.font.size = size
        style.font.bold = False
        style.font.italic = False
        style.font.color.rgb = RGBColor(0, 0, 0)
        _fonts(style.element, font)
        style.paragraph_format.space_before = Pt(0)
        style.paragraph_format.space_after = Pt(0)
        style.paragraph_format.line_spacing = _LINE
        style.paragraph_format.first_line_indent = Pt(32)
        style.paragraph_format.keep_with_next = True


def _properties(document: Any, rulebook: Rulebook) -> None:
    properties = document.core_properties
    properties.title = _title_text(rulebook)
    properties.subject = rulebook.title
    properties.author = ""
    properties.last_modified_by = ""
    properties.comments = ""
    properties.keywords = "考核结果通报"
    properties.revision = 1
    properties.created = properties.modified = properties.last_printed = _FIXED_TIME


_RULES_WORDS: Final = ("考核评分细则", "评分细则", "考核细则", "细则")


def _title_text(rulebook: Rulebook) -> str:
    """``关于…考核结果的通报``, the subject taken from the rulebook's title.

    >>> from assessment_rules import Item, Rulebook
    >>> part = (Item("a", "甲", points="10"),)
    >>> _title_text(Rulebook("x", "某县2026年度街镇应急管理工作考核细则", points="10",
    ...     year=2026, children=part))
    '关于某县2026年度街镇应急管理工作考核结果的通报'
    >>> _title_text(Rulebook("y", "部门安全生产目标任务考核细则", points="10", year=2021,
    ...     children=part))
    '关于2021年度部门安全生产目标任务考核结果的通报'
    """
    subject = rulebook.title
    for words in _RULES_WORDS:
        if words in subject:
            subject = subject.replace(words, "考核", 1)
            break
    if "考核" not in subject:
        subject += "考核"
    if rulebook.year and str(rulebook.year) not in subject:
        subject = f"{rulebook.year}年度{subject}"
    return f"关于{subject}结果的通报"


def _paragraph(document: Any, text: str = "", *, indent: bool = True) -> Any:
    paragraph = document.add_paragraph()
    if indent:
        paragraph.paragraph_format.first_line_indent = Pt(32)  # two characters at 三号
    if text:
        paragraph.add_run(visible(text))
    return paragraph


def _title(document: Any, rulebook: Rulebook) -> None:
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.line_spacing = Pt(36)
    paragraph.paragraph_format.space_after = Pt(28)
    run = paragraph.add_run(_title_text(rulebook))
    run.font.size = _TITLE_SIZE
    run.font.bold = True
    _fonts(run._r, TITLE_FONT)


def _opening(document: Any, cohort: Cohort, rulebook: Rulebook) -> None:
    _paragraph(document, "各有关单位：", indent=False)
    year = f"{rulebook.year}年度" if rulebook.year else "本年度"
    ranking = getattr(rulebook, "ranking", None)
    order = ranking.describe() if ranking is not None else "按总分从高到低排名"
    _paragraph(
        document,
        f"根据《{rulebook.title}》，对{len(cohort)}个单位{year}的工作进行了考核，"
        f"{order.rstrip('。')}，并逐条注明失分原因。现将考核结果通报如下。",
    )
    counts: dict[str, int] = {}
    for ranked in cohort.units:
        counts[ranked.grade] = counts.get(ranked.grade, 0) + 1
    order = [*cohort.grade_titles, *(g for g in counts if g not in cohort.grade_titles)]
    spread = "、".join(f"{grade}{counts[grade]}个" for grade in order if counts.get(grade))
    vetoed = sum(1 for ranked in cohort.units if ranked.result.vetoed)
    text = f"本次考核共{len(cohort)}个单位" + (f"，其中{spread}" if spread else "")
    text += f"（含一票否决{vetoed}个）。" if vetoed else "。"
    if cohort.quota is not None:
        text += _sentence(cohort.quota.note)
    if cohort.units:
        text += _sentence(summary_line(cohort))
    _paragraph(document, text)


def _sentence(text: str) -> str:
    """*text* closed with a full stop (。), once.

    >>> _sentence("优秀3个"), _sentence("已满。")
    ('优秀3个。', '已满。')
    """
    text = text.strip()
    return text if not text or text.endswith(("。", "！", "？")) else text + "。"


def _heading(document: Any, text: str, level: int = 1) -> None:
    document.add_heading(visible(text), level=level)


def _repeat_header(row: Any) -> None:
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _table_cell(cell: Any, text: str, *, bold: bool = False, centre: bool = False) -> None:
    cell.vertical_alignment = WD_ALIGN_VERTICAL.CENTER
    paragraph = cell.paragraphs[0]
    paragraph.paragraph_format.first_line_indent = Pt(0)
    paragraph.paragraph_format.line_spacing = 1.0
    if centre:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(visible(text))
    run.font.size = _TABLE_SIZE
    run.font.bold = bold


def _note(ranked: RankedUnit) -> str:
    notes = list(ranked.result.ineligible) if not ranked.result.eligible else []
    if ranked.result.vetoed:
        notes.append("一票否决")
    if ranked.grade_note:
        notes.append(ranked.grade_note)
    return "；".join(notes)


def _ranking(document: Any, cohort: Cohort) -> None:
    if not cohort.units:
        _paragraph(document, "本次考核没有单位。")
        return
    table = document.add_table(rows=1, cols=len(_RANKING_HEADER))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _repeat_header(table.rows[0])
    # Widths on the grid and on every cell: Word reads the cells', LibreOffice the grid's.
    for column, width in zip(table.columns, _RANKING_WIDTHS, strict=True):
        column.width = width
    for cell, text, width in zip(
        table.rows[0].cells, _RANKING_HEADER, _RANKING_WIDTHS, strict=True
    ):
        cell.width = width
        _table_cell(cell, text, bold=True, centre=True)
    for ranked in cohort.units:
        result = ranked.result
        values = (
            ranked.rank_text,
            result.name or result.unit,
            cell_text(total_cell(result)),
            ranked.grade,
            _note(ranked),
        )
        row = table.add_row()
        for index, (cell, text, width) in enumerate(
            zip(row.cells, values, _RANKING_WIDTHS, strict=True)
        ):
            cell.width = width
            _table_cell(cell, text, centre=index not in {1, 4})


def _veto_text(reason: str) -> str:
    """A veto's reason without its own 一票否决 label, which the notice states once.

    >>> _veto_text("一票否决：发生较大事故1起")
    '发生较大事故1起'
    """
    for label in ("一票否决：", "一票否决:"):
        if reason.startswith(label):
            return reason[len(label) :]
    return reason


def _vetoes(document: Any, cohort: Cohort) -> None:
    vetoed = [ranked for ranked in cohort.units if ranked.result.vetoed]
    if not vetoed:
        _paragraph(document, "本次考核没有单位被一票否决。")
        return
    for ranked in vetoed:
        result = ranked.result
        why = "；".join(_veto_text(hit.reason).rstrip("。") for hit in result.vetoes)
        _paragraph(
            document,
            f"{result.name or result.unit}：{why}。实行一票否决，考核等次定为{ranked.grade}"
            f"（考核得分{fmt(result.total)}分，得分不改变否决结果）。",
        )


def _sections(ranked: RankedUnit) -> list[tuple[str, list[str]]]:
    """The unit's 失分原因 by section of the score sheet, in sheet order; a reason found
    in no section (an eligibility gate's, say) goes under 其他, so none is left out."""
    result = ranked.result
    groups: list[tuple[str, list[str]]] = []
    placed: set[str] = set()
    worded = _Unit(result)  # 该部分不得分 and the like, worded as on the score sheet
    for child in result.root.children:
        lines = [worded.reason(entry) for entry in child.entries if entry.kind == "deduction"]
        lines += [
            f"{node.title}按{fmt(node.raw_max)}分制评分，"
            f"原表扣{fmt(node.raw_max - node.raw_score)}分，"
            f"折算后扣{fmt(node.lost)}分（得分{converted_text(node)}）"
            for node in child.walk()
            if node.raw_max is not None and node.raw_score is not None and node.lost
        ]
        if lines:
            groups.append((child.title, lines))
            placed.update(entry.reason for entry in child.entries)
    vetoes = {hit.reason for hit in result.vetoes}
    others = [line for line in result.reasons if line not in placed and line not in vetoes]
    if others:
        groups.append((OTHER_REASONS, others))
    return groups


def _lines(document: Any, label: str, lines: Sequence[str]) -> None:
    paragraph = _paragraph(document)
    run = paragraph.add_run(visible(label) + "：")
    run.font.bold = True
    for number, line in enumerate(lines, 1):
        _paragraph(document, f"{number}. {line}")


def _unit(document: Any, ranked: RankedUnit, number: int) -> None:
    result = ranked.result
    label = f"（{_chinese_number(number)}）{result.name or result.unit}"
    if not result.eligible:
        _heading(document, f"{label}：不参评", level=2)
        _paragraph(document, _sentence("；".join(result.ineligible) or "未满足申报条件"))
        return
    grade = ranked.grade + ("（一票否决）" if result.vetoed else "")
    _heading(document, f"{label}：总分{fmt(result.total)}分，等次{grade}", level=2)
    if result.vetoed:
        _lines(document, "一票否决", [_veto_text(hit.reason) for hit in result.vetoes])
    sections = _sections(ranked)
    for title, lines in sections:
        _lines(document, title, lines)
    gained = [entry.reason for entry in result.gained]
    if gained:
        _lines(document, "加分", gained)
    if not sections and not result.vetoed:
        _paragraph(document, "无失分。")


_DIGITS: Final = "〇一二三四五六七八九"


def _chinese_number(number: int) -> str:
    """一 … 九十九 (and plain digits beyond), as (一)(二) numbering reads.

    >>> [_chinese_number(n) for n in (1, 10, 12, 20, 35, 100)]
    ['一', '十', '十二', '二十', '三十五', '100']
    """
    if number >= 100:
        return str(number)
    tens, ones = divmod(number, 10)
    text = ("" if tens == 1 else _DIGITS[tens]) + "十" if tens else ""
    return text + (_DIGITS[ones] if ones else "")


def _closing(document: Any) -> None:
    _paragraph(document, "请各单位对照失分原因认真整改，整改情况于　　月　　日前报送。")
    _paragraph(document)
    for text in ("（发文单位）", "　　年　　月　　日"):
        paragraph = _paragraph(document, text, indent=False)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        paragraph.paragraph_format.right_indent = Pt(64)


def _steady_zip(data: bytes) -> bytes:
    """The same package with every member dated 1980-01-01 (python-docx dates them
    by the clock)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            info = zipfile.ZipInfo(member.filename, date_time=_ZIP_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            target.writestr(info, source.read(member))
    return buffer.getvalue()
