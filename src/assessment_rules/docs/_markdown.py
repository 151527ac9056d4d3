"""Markdown (and table HTML) for the rulebook pages, rendered from data only.

Every function takes plain data (a ``ScoreSheet``, facts, a ``WorkedExample``) and
returns a Markdown string; none reads files or evaluates anything.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from ..engine._facts import Fact
from ..engine._numbers import fmt
from ..engine._results import UnitResult
from ..engine._rulebook import Rulebook
from ..io._sheets import cell_text, sheet_rows
from ._example import WorkedExample
from ._sheet import ScoreSheet, SheetRow, SheetSection, grade_lines, kind_title

__all__ = [
    "FACT_KIND_TITLES",
    "cell",
    "render_example",
    "render_facts",
    "render_grades",
    "render_notes",
    "render_score_sheet",
    "render_sources",
    "value_text",
]

FACT_KIND_TITLES: dict[str, str] = {
    "flag": "是/否",
    "count": "整数",
    "amount": "数额",
    "score": "分数",
    "date": "日期",
    "choice": "单选",
    "list": "清单",
    "amounts": "数额列表",
}
"""Chinese names of the fact kinds."""


def cell(text: object) -> str:
    """Make text safe inside a Markdown table cell (pipes escaped, one line).

    >>> cell("甲|乙\\n丙")
    '甲\\\\|乙 丙'
    """
    return str(text).replace("|", "\\|").replace("\r", " ").replace("\n", " ")


def value_text(value: Any) -> str:
    """Write a fact value the way an assessor writes it (是/否, 3, 0.5, 甲、乙).

    >>> value_text(True), value_text(Decimal("2.50")), value_text(("甲", "乙")), value_text(())
    ('是', '2.5', '甲、乙', '无')
    """
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, Decimal):
        return fmt(value)
    if isinstance(value, tuple | list):
        return "、".join(value_text(item) for item in value) if value else "无"
    return str(value)


def _points(value: Decimal | None) -> str:
    return "—" if value is None else fmt(value)


def _e(text: str) -> str:
    return html.escape(text, quote=False)


def _criteria_cell(row: SheetRow) -> str:
    parts: list[str] = []
    if row.printed:
        parts.extend(_e(line) for line in row.printed.splitlines() if line.strip())
    else:
        numbered = len(row.criteria) > 1
        for criterion in row.criteria:
            head = f"{criterion.number}．" if numbered else ""
            parts.append(f"{head}{_e(criterion.text)}")
    if row.limit:
        parts.append(f"<strong>（{_e(row.limit)}）</strong>")
    return "<br>".join(parts)


def _section_cells(section: SheetSection, span: int) -> str:
    title = _e(section.title)
    if section.points is not None and section.points > 0:
        title += f"<br>（{fmt(section.points)}分）"
    if section.limit:
        title += f"<br><strong>（{_e(section.limit)}）</strong>"
    if section.text:
        title += f"<br><small>{_e(section.text)}</small>"
    rowspan = f' rowspan="{span}"' if span > 1 else ""
    return (
        f'<td class="sheet-no"{rowspan}>{_e(section.number)}</td>'
        f'<td class="sheet-project"{rowspan}>{title}</td>'
    )


def render_score_sheet(sheet: ScoreSheet) -> str:
    """Render the score sheet as a table in the official layout.

    Columns 序号 / 项目 / 考核内容 / 考核标准 / 分值; a part's 序号 and 项目 span its
    rows as on paper. The table is HTML inside the Markdown page (Markdown tables cannot
    merge cells) wrapped in ``<div class="score-sheet">``.

    >>> from assessment_rules import load_rulebook
    >>> from assessment_rules.docs import score_sheet
    >>> text = render_score_sheet(score_sheet(load_rulebook("wujin-2021-departments")))
    >>> "<th>序号</th><th>项目</th><th>考核内容</th><th>考核标准</th><th>分值</th>" in text
    True
    """
    lines = [
        '<div class="score-sheet" markdown="0">',
        "<table>",
        "<thead><tr><th>序号</th><th>项目</th><th>考核内容</th><th>考核标准</th><th>分值</th>"
        "</tr></thead>",
        "<tbody>",
    ]
    for section in sheet.sections:
        rows = section.rows or (SheetRow(section.path, "", None, ()),)
        for position, row in enumerate(rows):
            lead = _section_cells(section, len(rows)) if position == 0 else ""
            content = _e(row.content)
            if row.points is not None:
                content += f"（{fmt(row.points)}分）"
            lines.append(
                f'<tr id="{_e(row.path)}">{lead}<td class="sheet-content">{content}</td>'
                f'<td class="sheet-criteria">{_criteria_cell(row)}</td>'
                f'<td class="sheet-points">{_points(row.points)}</td></tr>'
            )
    lines.append(
        f'<tr><td colspan="4">合计</td><td class="sheet-points">{fmt(sheet.points)}</td></tr>'
    )
    lines.extend(["</tbody>", "</table>", "</div>"])
    return "\n".join(lines) + "\n"


def render_notes(sheet: ScoreSheet) -> str:
    """Render the sheet's notes (注) as a numbered list."""
    return "\n".join(f"{n}. {note}" for n, note in enumerate(sheet.notes(), start=1)) + "\n"


def render_grades(sheet: ScoreSheet) -> str:
    """Render the grade bands as a table (等次 / 分数)."""
    lines = ["| 等次 | 分数 |", "|---|---|"]
    for line in grade_lines(sheet.grades):
        title, _, band = line.partition("：")
        lines.append(f"| {cell(title)} | {cell(band)} |")
    if sheet.veto_rules:
        # Each veto says its own effect: not every veto forces the lowest grade.
        rules = "；".join(rule.rstrip("。") for rule in sheet.veto_rules)
        lines.append(f"| 一票否决 | 不论得分：{cell(rules)} |")
    return "\n".join(lines) + "\n"


def _range(fact: Fact) -> str:
    low, high = fact.effective_minimum, fact.maximum
    if fact.kind in ("flag", "date", "choice", "list"):
        return ""
    if low is not None and high is not None:
        return f"{fmt(low)} 至 {fmt(high)}"
    if low is not None:
        return f"≥ {fmt(low)}"
    if high is not None:
        return f"≤ {fmt(high)}"
    return ""


def _bounds(fact: Fact) -> str:
    """What to enter: the fact's own help when it has one (it says what the value
    means, e.g. the award levels reached or the points an assessor gives), with its
    choices and range; otherwise what its kind and bounds allow."""
    kind = fact.kind
    unit = f"（{fact.unit}）" if fact.unit else ""
    if fact.help:
        extra = []
        if fact.choices:
            extra.append("可选：" + "、".join(fact.choices))
        limits = _range(fact)
        if limits and fact.maximum is not None:
            extra.append(f"取值 {limits}{unit}")
        return "；".join([fact.help.rstrip("。"), *extra])
    if kind == "flag":
        return "是 / 否"
    if kind == "date":
        return "日期，如 2024-11-20"
    if kind == "choice":
        return "下列之一：" + "、".join(fact.choices)
    if kind == "list":
        if fact.choices:
            # A checklist (每缺1项扣…) lists what the unit has done or has.
            return "列出已完成（已具备）的各项，可选：" + "、".join(fact.choices)
        return "文字清单"
    low, high = fact.effective_minimum, fact.maximum
    noun = FACT_KIND_TITLES.get(kind, kind)
    if low is not None and high is not None:
        text = f"{fmt(low)} 至 {fmt(high)}"
    elif low is not None:
        text = f"≥ {fmt(low)}"
    elif high is not None:
        text = f"≤ {fmt(high)}"
    else:
        text = noun
    if kind == "amounts":
        text = f"每项 {text}"
    return text + unit


def render_facts(facts: Mapping[str, Fact], paths: Mapping[str, Sequence[str]]) -> str:
    """Render the facts an assessor must supply: name, label, kind, bounds, default.

    Args:
        facts: The rulebook's facts, by name, in clause order.
        paths: For each fact, the paths of the clauses that read it.

    Returns:
        A Markdown table; required facts are marked 必填.

    >>> from assessment_rules import Fact
    >>> print(render_facts({"checks": Fact("checks", "领导带队检查", kind="count")},
    ...                    {"checks": ("work.checks",)}))
    | 事实 | 说明 | 类型 | 取值 | 默认值 | 用于条款 |
    |---|---|---|---|---|---|
    | `checks` | 领导带队检查 | 整数 | ≥ 0 | **必填** | `work.checks` |
    <BLANKLINE>
    """
    lines = ["| 事实 | 说明 | 类型 | 取值 | 默认值 | 用于条款 |", "|---|---|---|---|---|---|"]
    for name, fact in facts.items():
        default = "**必填**" if fact.default is None else cell(value_text(fact.default))
        label = fact.label
        used = "<br>".join(f"`{p}`" for p in paths.get(name, ()))
        lines.append(
            f"| `{name}` | {cell(label)} | {FACT_KIND_TITLES.get(fact.kind, fact.kind)} | "
            f"{cell(_bounds(fact))} | {default} | {used} |"
        )
    return "\n".join(lines) + "\n"


def render_sources(rulebook: Rulebook) -> str:
    """Render the source of every clause: path, title, kind, printed source.

    Wrappers (扣完为止) are not listed separately; their rule is on the sheet.
    """
    lines = ["| 路径 | 条款 | 类型 | 来源 |", "|---|---|---|---|"]
    for path, node in rulebook.walk():
        if node is rulebook or node.transparent:
            continue
        source = node.source or "（未注明）"
        lines.append(f"| `{path}` | {cell(node.title)} | {kind_title(node)} | {cell(source)} |")
    return "\n".join(lines) + "\n"


def _yaml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, tuple | list):
        return "[" + ", ".join(_yaml_value(item) for item in value) + "]"
    if value is None:
        return "null"
    return str(value)


def _facts_block(facts: Iterable[tuple[str, Any]]) -> str:
    body = "\n".join(f"{name}: {_yaml_value(value)}" for name, value in facts)
    return f"```yaml\n{body}\n```\n"


def render_example(example: WorkedExample, rulebook: Rulebook | None = None) -> str:
    """Render a worked example: the unit's facts, its score, grade and 失分原因.

    The ledger table shows for every clause what it would deduct, what counted and what
    a cap absorbed, so the identity 满分 − 扣分 + 加分 = 得分 can be checked by hand.

    Args:
        example: The worked example.
        rulebook: Its rulebook. With it the page adds 各项得分, the unit's score sheet
            line by line as every score sheet shows it (see :func:`_scores_table`);
            without it that table is left out.
    """
    result = example.result
    parts: list[str] = [example.origin.rstrip() + "\n"]
    summary = [
        "| 单位 | 满分 | 扣分 | 加分 | 总分 | 等次 |",
        "|---|---|---|---|---|---|",
        f"| {cell(result.name or result.unit)} | {fmt(result.max)} | {fmt(result.lost_points)} | "
        f"{fmt(result.gained_points)} | **{fmt(result.total)}** | **{cell(result.grade)}**"
        f"{'（一票否决）' if result.vetoed else ''} |",
    ]
    parts.append("\n".join(summary) + "\n")
    parts.append("### 失分原因\n")
    if result.reasons:
        parts.append(
            "\n".join(f"{n}. {cell(r)}" for n, r in enumerate(result.reasons, start=1)) + "\n"
        )
    else:
        parts.append("无失分。\n")
    if result.gained:
        parts.append("### 加分原因\n")
        parts.append(
            "\n".join(f"{n}. {cell(e.reason)}" for n, e in enumerate(result.gained, start=1)) + "\n"
        )
    if result.entries:
        parts.append("### 台账\n")
        ledger = [
            "| 条款 | 类型 | 应计 | 实计 | 上限吸收 | 原因 |",
            "|---|---|---|---|---|---|",
        ]
        for entry in result.entries:
            kind = "扣分" if entry.kind == "deduction" else "加分"
            star = "★" if entry.starred else ""
            ledger.append(
                f"| `{entry.path}` | {star}{kind} | {fmt(entry.raw)} | {fmt(entry.counted)} | "
                f"{fmt(entry.absorbed)} | {cell(entry.reason)} |"
            )
        parts.append("\n".join(ledger) + "\n")
    if rulebook is not None:
        parts.append("### 各项得分\n")
        parts.append(_scores_table(result, rulebook))
    if example.charts:
        parts.append("### 图表\n")
        parts.append(example.charts)
    parts.append("### 填报的事实\n")
    parts.append(_facts_block(example.facts))
    if len(example.ranking) > 1:
        parts.append("### 全部示例单位\n")
        parts.append(_ranking_table(example))
    return "\n".join(parts)


def _scores_table(result: UnitResult, rulebook: Rulebook) -> str:
    """The unit's 各项得分: the lines of its score sheet (:func:`~assessment_rules.io.
    _sheets.sheet_rows`), so the page and the sheets show the same figures.

    Only 分值 numbers add up to 合计: a converted part's lines show their own scale as
    text (原表40, 原表35) and its closing line the converted score
    (``27.86（原表65/70分折算）``); a part zeroed by 该项不得分 scores 0 on every line.
    """
    rows = ["| 序号 | 项目 | 考核内容 | 分值 | 得分 |", "|---|---|---|---|---|"]
    for row in sheet_rows(result, rulebook):
        if row.kind == "grade":
            continue  # the summary table above gives the grade
        rows.append(
            f"| {cell(row.number)} | {cell(row.section)} | {cell(row.content)} | "
            f"{cell(cell_text(row.points_cell))} | {cell(cell_text(row.score_cell))} |"
        )
    return "\n".join(rows) + "\n"


def _ranking_table(example: WorkedExample) -> str:
    """Every example unit with its rank as a ranking sheet prints it (3, 不排名, 不参评),
    its class when the rulebook ranks within classes, and its final grade."""
    units = example.units
    if not units:  # a WorkedExample built by hand, with ranks only
        rows = ["| 排名 | 单位 | 总分 | 等次 |", "|---|---|---|---|"]
        for rank, unit in example.ranking:
            vetoed = "（一票否决）" if unit.vetoed else ""
            rows.append(
                f"| {'—' if rank is None else rank} | {cell(unit.name or unit.unit)} | "
                f"{fmt(unit.total)} | {cell(unit.grade)}{vetoed} |"
            )
        return "\n".join(rows) + "\n"
    grouped = any(ranked.group for ranked in units)
    head = "| 类别 | 排名 | 单位 | 总分 | 等次 |" if grouped else "| 排名 | 单位 | 总分 | 等次 |"
    rows = [head, "|" + "---|" * (head.count("|") - 1)]
    for ranked in units:
        result = ranked.result
        notes = []
        if result.vetoed:
            notes.append("一票否决")
        if ranked.grade_note:
            notes.append(ranked.grade_note)
        note = f"（{'；'.join(notes)}）" if notes else ""
        lead = f"| {cell(ranked.group or '—')} " if grouped else ""
        rows.append(
            f"{lead}| {ranked.rank_text} | {cell(result.name or result.unit)} | "
            f"{fmt(result.total)} | {cell(ranked.grade)}{cell(note)} |"
        )
    return "\n".join(rows) + "\n"
