"""Empty evidence forms (``assessment-rules template``) in YAML, CSV and XLSX.

Every form lists every fact of the rulebook with its label, kind, what to type,
its default and the clauses it feeds. Filled in, each form is valid evidence and
gives the same result as the others for the same values.

Two layouts for CSV and XLSX: ``columns`` (the default: one row per fact, one
column per unit, with the help beside each fact) and ``rows`` (one row per unit,
one column per fact: handier for hundreds of units or for pasting from another
system; in XLSX the help is on the 说明 sheet).

A form for one office (``office=``, from ``template --office``) lists only the facts
that office supplies and declares the office: ``office: <id>`` in YAML, a
``报送部门（office）`` row between the 考核细则 row and the header row in CSV and XLSX.
"""

from __future__ import annotations

import io
import json
import shlex
from collections.abc import Sequence
from decimal import Decimal
from typing import Any, Final, Literal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from ..cohorts._offices import Office, fact_owners
from ..engine._rulebook import Rulebook
from ._fact_text import FactRow, fact_rows
from ._print import BODY_SIZE, THIN_BORDER, row_height, set_print_layout
from ._safe_text import is_formula_like
from ._tabular import FORM_KEY, FORM_META, NAME_KEY, OFFICE_KEY, RULEBOOK_KEY, TABLE_KEY
from ._writers import csv_bytes

__all__ = ["Layout", "template_csv", "template_xlsx", "template_yaml"]

Layout = Literal["columns", "rows"]
FORM_SHEET: Final = "证据"
HELP_SHEET: Final = "说明"

_HOW_TO: Final = (
    "按“填写要求”填写每个单位的各项事实；是/否 填“是”或“否”；"
    "清单各项用“、”分隔，一项也没有填“无”。",
    "留空的格子：有默认值的按默认值计，标“必填”的必须填写，否则评分时会列出缺少的项目。",
    "只填数值，不要填公式（含公式的格子会被拒绝：请复制后“选择性粘贴 → 数值”）。",
)
_INPUT_COLOUR: Final = "FFF2CC"
_HEADER_COLOUR: Final = "DDEBF7"
_SHADING: Final = (
    "浅黄色底纹的格子是要填写的格子；浅蓝色底纹的一行是表头。"
    "填写时会按各项的范围检查（是/否、单选、整数与评分的范围），填错会提示。"
)


def _prefilled(units: Sequence[tuple[str, str]]) -> str:
    """The unit ids the form comes with, as 说明 quotes them.

    >>> _prefilled([(f"unit-{n}", "") for n in range(1, 9)])
    'unit-1、unit-2…unit-8'
    >>> _prefilled([("cd", "城东街道")]), _prefilled([])
    ('cd', '')
    """
    ids = [unit for unit, _ in units]
    if len(ids) <= 2:
        return "、".join(ids)
    shown = "、".join(ids[:2])
    return shown + ("…" + ids[-1] if len(ids) > 3 else "、" + ids[-1])


def _how_to(
    layout: Layout, office: Office | None, units: Sequence[tuple[str, str]] = ()
) -> list[str]:
    """The numbered instructions of the 说明 sheet, naming the rows as the form lays them out."""
    top = len(_office_row(office))
    ids = _prefilled(units)
    if layout == "rows":
        where = (
            f"每个单位占一行：从第{3 + top}行起，A 列（单位代码）填单位的固定代码，"
            "B 列填单位全称，其后各列按表头填写各项事实。"
        )
        keep = f"不要改动第1行的考核细则代码和第{2 + top}行的表头；多余的空白单位行会被忽略。"
    else:
        where = (
            f"每个单位占一列：第{2 + top}行（表头行）的单位列是单位的固定代码"
            + (f"（已预填 {ids}，可改为实际代码），" if ids else "，")
            + f"第{3 + top}行（单位名称）填单位全称；从第{4 + top}行起每行是一项事实。"
        )
        keep = "不要改动“事实代码”列和第1行的考核细则代码；多余的空白单位列会被忽略。"
    return [where, *_HOW_TO, _SHADING, keep]


def form_fact_rows(rulebook: Rulebook, office: Office | None = None) -> list[FactRow]:
    """The facts a form lists: all of them, or only those *office* supplies.

    >>> from assessment_rules import load_rulebook
    >>> book = load_rulebook("putuo-2024-streets")
    >>> [row.name for row in form_fact_rows(book, book.offices[2])]
    ['fire_duty', 'fire_hazards_overdue', 'no_platform_scene', 'major_fire']
    """
    rows = fact_rows(rulebook)
    if office is None:
        return rows
    owners = fact_owners(rulebook)
    return [row for row in rows if owners[row.name].id == office.id]


def _office_row(office: Office | None) -> list[list[str]]:
    return [] if office is None else [[OFFICE_KEY, office.id, office.label]]


def _header_label(row: FactRow) -> str:
    return f"{row.label}（{row.name}）"


def _usage(rulebook: Rulebook, suffix: str, command: str | None = None) -> str:
    """The command that scores the filled form: the rulebook as the form was made from
    it (a rulebook file's path, else its id).

    >>> from assessment_rules import load_rulebook
    >>> _usage(load_rulebook("wujin-2021-departments"), ".xlsx", "规则 2026.py")
    "填好后评分：assessment-rules score '规则 2026.py' 本文件.xlsx -o 结果.xlsx"
    """
    book = shlex.quote(command) if command else rulebook.id
    return f"填好后评分：assessment-rules score {book} 本文件{suffix} -o 结果.xlsx"


def clause_texts(rulebook: Rulebook) -> dict[str, tuple[str, ...]]:
    """For each fact, the clauses it feeds as a clerk reads them: source and title
    (``一(1)第2条 组织综合应急演练``), no dotted paths.

    >>> from assessment_rules import load_rulebook
    >>> clause_texts(load_rulebook("wujin-2021-departments"))["safety_meetings"]
    ('附件2 一、组织领导 （1） 第2条 召开安全工作会议研究部署工作',)
    """
    nodes = dict(rulebook.walk())
    found: dict[str, tuple[str, ...]] = {}
    for name, paths in rulebook.fact_paths.items():
        texts = []
        for path in paths:
            node = nodes.get(path)
            if node is None:
                continue
            text = f"{node.source} {node.title}" if node.source else node.title
            if text not in texts:
                texts.append(text)
        found[name] = tuple(texts)
    return found


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def template_yaml(
    rulebook: Rulebook,
    units: Sequence[tuple[str, str]],
    office: Office | None = None,
    *,
    command: str | None = None,
) -> str:
    """An evidence form in YAML: every fact of every unit, empty, with its help as comments.

    Args:
        rulebook: The rulebook.
        units: ``(id, name)`` of each unit to list.
        office: Only this office's facts, with ``office:`` declared.
        command: The rulebook as the scoring command names it, when it is not the
            rulebook's id (a rulebook file's path).

    Returns:
        YAML text; once every 必填 value is given it is valid evidence.

    >>> from assessment_rules import load_rulebook
    >>> text = template_yaml(load_rulebook("wujin-2021-departments"), [("u1", "")])
    >>> "      safety_meetings:" in text
    True
    """
    rows = form_fact_rows(rulebook, office)
    clauses = clause_texts(rulebook)
    out = [
        f"# 证据填报表：{rulebook.title}",
        *(
            [f"# 报送部门：{office.label}。只填本部门负责的事实，不要改动 office 行。"]
            if office
            else []
        ),
        "# 每个单位一项：id 为单位代码（固定不变），name 为单位名称；在 facts 下填写各项事实。",
        "# 留空的项目：有默认值的按默认值计，标“必填”的必须填写。",
        "# 是/否 填 true/false（或 是/否）；清单写成 [甲, 乙]，一项也没有写 []；",
        "# 数值照原样填写，如 13.5。",
        f"# {_usage(rulebook, '.yaml', command)}",
        f"rulebook: {rulebook.id}",
        *([f"office: {office.id}"] if office else []),
        "units:",
    ]
    for unit, name in units:
        out += [f"  - id: {_q(unit)}", f"    name: {_q(name)}", "    facts:"]
        for row in rows:
            out.append(
                f"      # {row.label} · {row.kind} · {row.requirement} · 默认：{row.default}"
            )
            out.append(f"      # 条款：{'；'.join(clauses.get(row.name, row.clauses))}")
            out.append(f"      {row.name}:")
    return "\n".join(out) + "\n"


def _fact_cells(row: FactRow, clauses: dict[str, tuple[str, ...]]) -> list[str]:
    """A fact's 事实代码 and its help columns (``FORM_META``), as the form lays them out."""
    texts = clauses.get(row.name, row.clauses)
    return [row.name, row.label, row.kind, row.requirement, row.default, "\n".join(texts)]


def _form_rows(
    rulebook: Rulebook,
    units: Sequence[tuple[str, str]],
    layout: Layout,
    office: Office | None = None,
) -> list[list[str]]:
    rows = form_fact_rows(rulebook, office)
    table: list[list[str]] = [[RULEBOOK_KEY, rulebook.id, rulebook.title], *_office_row(office)]
    if layout == "rows":
        table.append([TABLE_KEY, NAME_KEY, *(_header_label(row) for row in rows)])
        table += [[unit, name, *([""] * len(rows))] for unit, name in units]
        return table
    table.append([FORM_KEY, *FORM_META, *(unit for unit, _ in units)])
    table.append(
        [NAME_KEY, "单位名称（全称）", "文本", "填写单位全称", "", "", *(n for _, n in units)]
    )
    clauses = clause_texts(rulebook)
    table += [[*_fact_cells(row, clauses), *([""] * len(units))] for row in rows]
    return table


def template_csv(
    rulebook: Rulebook,
    units: Sequence[tuple[str, str]],
    layout: Layout = "columns",
    office: Office | None = None,
) -> bytes:
    """An evidence form as CSV (UTF-8 with a BOM, as Excel expects).

    With *office*, only that office's facts, under a 报送部门（office） row.

    >>> from assessment_rules import load_rulebook
    >>> data = template_csv(load_rulebook("wujin-2021-departments"), [("u1", "")])
    >>> data.decode("utf-8-sig").splitlines()[1].startswith("事实代码,填报项目")
    True
    """
    return csv_bytes(_form_rows(rulebook, units, layout, office))


def _help_rows(
    rulebook: Rulebook,
    layout: Layout,
    office: Office | None,
    units: Sequence[tuple[str, str]] = (),
    command: str | None = None,
) -> list[list[str]]:
    rows: list[list[str]] = [[f"填写说明：{rulebook.title}"], []]
    steps = _how_to(layout, office, units)
    rows += [[f"{index}. {text}"] for index, text in enumerate(steps, 1)]
    if office is not None:
        rows.append(
            [
                f"{len(steps) + 1}. 本表由{office.label}填报，只含该部门负责的事实；"
                "不要改动“报送部门（office）”行：评分时据此核对各部门报送的事实。"
            ]
        )
    rows += [[_usage(rulebook, ".xlsx", command)], []]
    if layout == "rows":
        clauses = clause_texts(rulebook)
        rows.append([FORM_KEY, *FORM_META])
        rows += [_fact_cells(row, clauses) for row in form_fact_rows(rulebook, office)]
    return rows


def template_xlsx(
    rulebook: Rulebook,
    units: Sequence[tuple[str, str]],
    layout: Layout = "columns",
    office: Office | None = None,
    *,
    command: str | None = None,
) -> bytes:
    """An evidence form as an XLSX workbook: the 证据 sheet to fill and a 说明 sheet.

    是/否 and single-choice cells get a drop-down list; whole-number and score cells
    accept only numbers in range. With *office*, only that office's facts, under a
    报送部门（office） row.

    The form prints on A4, landscape: its header rows and its label columns (事实代码,
    填报项目) repeated on every page of unit columns, every row as tall as its help
    text (every 清单 option shows), thin borders, and the shading explained on 说明.
    """
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = FORM_SHEET
    font = Font(size=BODY_SIZE)
    wrap = Alignment(wrap_text=True, vertical="top")
    header = {
        "font": Font(bold=True, size=BODY_SIZE),
        "alignment": Alignment(horizontal="center", vertical="center", wrap_text=True),
        "fill": PatternFill("solid", fgColor=_HEADER_COLOUR),
    }
    input_fill = PatternFill("solid", fgColor=_INPUT_COLOUR)
    table = _form_rows(rulebook, units, layout, office)
    top = len(_office_row(office))  # rows the office line pushes the table down by
    facts = form_fact_rows(rulebook, office)
    if layout == "columns":
        first_unit = 2 + len(FORM_META)
        widths = [18, 24, 6, 30, 6, 30] + [12] * len(units)
        input_rows = range(3 + top, 4 + top + len(facts))
        input_columns = range(first_unit, first_unit + len(units))
        title_rows = f"{2 + top}:{3 + top}"
    else:
        first_unit = 1
        widths = [16, 24] + [18] * len(facts)
        input_rows = range(3 + top, 3 + top + len(units))
        input_columns = range(1, 3 + len(facts))
        title_rows = f"{2 + top}:{2 + top}"
    for row_index, values in enumerate(table, 1):
        for column, value in enumerate(values, 1):
            cell = sheet.cell(row=row_index, column=column)
            _set_text(cell, value)
            cell.alignment = wrap
            cell.font = font
            if row_index > 1 + top:
                cell.border = THIN_BORDER
            if row_index == 2 + top:
                for name, setting in header.items():
                    setattr(cell, name, setting)
            elif row_index in input_rows and column in input_columns:
                cell.fill = input_fill
        if row_index <= 1 + top:
            # 考核细则 and 报送部门: one line each, the title running on to the right.
            for column in range(1, len(values) + 1):
                sheet.cell(row=row_index, column=column).alignment = Alignment(vertical="top")
            continue
        wrapped = [(value, widths[column]) for column, value in enumerate(values[:6])]
        sheet.row_dimensions[row_index].height = row_height(wrapped, minimum=18)
    if layout == "columns":
        for offset, fact_row in enumerate(facts):
            target = 4 + top + offset
            if units:
                span = (
                    f"{get_column_letter(first_unit)}{target}:"
                    f"{get_column_letter(first_unit + len(units) - 1)}{target}"
                )
                _validate(sheet, fact_row, span, DataValidation)
        sheet.freeze_panes = f"{get_column_letter(first_unit)}{3 + top}"
    else:
        for offset, fact_row in enumerate(facts):
            letter = get_column_letter(3 + offset)
            if units:
                span = f"{letter}{3 + top}:{letter}{2 + top + len(units)}"
                _validate(sheet, fact_row, span, DataValidation)
        sheet.freeze_panes = f"C{3 + top}"
    for index, width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    title = f"证据填报表：{rulebook.title}"
    name = office.label if office else ""
    set_print_layout(
        sheet, title=title, name=name, fit_width=False, title_rows=title_rows, title_cols="A:B"
    )
    sheet.page_setup.pageOrder = "overThenDown"  # a fact's row across its units first
    sheet.page_setup.scale = 80  # the help and about seven unit columns a page
    help_sheet = workbook.create_sheet(HELP_SHEET)
    # In the rows layout 说明 lists the facts' help in six columns; a sentence spans them.
    help_widths = [90] if layout == "columns" else [18, 24, 6, 30, 6, 30]
    for values in _help_rows(rulebook, layout, office, units, command):
        help_sheet.append([None] * len(values))
        row_index = help_sheet.max_row
        for column, value in enumerate(values, 1):
            cell = help_sheet.cell(row=row_index, column=column)
            _set_text(cell, value)
            cell.alignment = wrap
            cell.font = font
        if len(values) == 1:
            cells = [(values[0], sum(help_widths))]
            if len(help_widths) > 1:
                help_sheet.merge_cells(
                    start_row=row_index, start_column=1, end_row=row_index, end_column=6
                )
        else:
            cells = list(zip(values, help_widths, strict=False))
        help_sheet.row_dimensions[row_index].height = row_height(cells, minimum=16)
    for index, width in enumerate(help_widths, 1):
        help_sheet.column_dimensions[get_column_letter(index)].width = width
    set_print_layout(help_sheet, title=f"填写说明：{rulebook.title}", landscape=layout == "rows")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _set_text(cell: Any, value: str) -> None:
    if value:
        cell.value = value
        cell.data_type = "s"  # never a formula, whatever the text starts with
        cell.quotePrefix = is_formula_like(value)


_PROMPT_CHARS: Final = 250
"""Excel refuses a validation prompt of more than 255 characters (and an error message of
more than 225): longer help is cut, the whole of it being in the 填写要求 column."""


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _number_rule(row: FactRow, validation: Any) -> Any:
    """Whole numbers (整数) or decimals (数值, 评分) within the fact's range, if it has one."""
    fact = row.fact
    kind = "whole" if fact.kind == "count" else "decimal"
    low = fact.effective_minimum
    if fact.kind == "count" and low is None:
        low = Decimal(0)
    high = fact.maximum
    if low is not None and high is not None:
        return validation(
            type=kind, operator="between", formula1=str(low), formula2=str(high), allow_blank=True
        )
    if low is not None:
        return validation(
            type=kind, operator="greaterThanOrEqual", formula1=str(low), allow_blank=True
        )
    if high is not None:
        return validation(
            type=kind, operator="lessThanOrEqual", formula1=str(high), allow_blank=True
        )
    return None


def _validate(sheet: Any, row: FactRow, span: str, validation: Any) -> None:
    """Check a fact's cells as they are typed: 是/否 and 单选 from a list, 整数 and
    数值/评分 within the fact's range."""
    fact = row.fact
    rule: Any = None
    if fact.kind == "flag":
        rule = validation(type="list", formula1='"是,否"', allow_blank=True)
    elif fact.kind == "choice" and sum(len(c) + 1 for c in fact.choices) < 250:
        options = ",".join(fact.choices)
        if '"' not in options:
            rule = validation(type="list", formula1=f'"{options}"', allow_blank=True)
    elif fact.kind in {"count", "amount", "score"}:
        rule = _number_rule(row, validation)
    if rule is None:
        return
    rule.error = _short(f"{row.label}：{row.requirement}", 220)
    rule.errorTitle = "填写有误"
    rule.prompt = _short(row.requirement, _PROMPT_CHARS)
    rule.showErrorMessage = True
    rule.showInputMessage = True
    sheet.add_data_validation(rule)
    rule.add(span)
