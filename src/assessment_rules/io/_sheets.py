"""Score sheets in the official layout, as data every writer (CSV, XLSX, Markdown) shares.

A unit's sheet has the columns of the printed 考核细则 plus the result:
序号 / 项目 / 考核内容 / 考核标准 / 分值 / 得分 / 失分原因. There is one line per 考核内容
(an item), numbered by section (一、二…); a section whose clauses sit directly under
it (such as 事故控制 with its vetoes) is one line; bonus and veto clauses at the top
level are lines of their own. Two closing lines give 合计 and 等次. The ranking has
排名 / 单位 / 总分 / 等次 / 失分原因 (then 加分原因, 等次说明 — why the 优秀 quota
moved or kept a unit — and 单位代码). The 等次 shown is the final one, after the quota.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Final

import attrs

from ..cohorts._cohort import Cohort
from ..engine._node import Node
from ..engine._numbers import fmt
from ..engine._results import NodeResult, UnitResult
from ..engine._rulebook import Rulebook

__all__ = [
    "RANKING_HEADER",
    "SHEET_HEADER",
    "RankingRow",
    "SheetClause",
    "SheetRow",
    "chinese_numeral",
    "ranking_rows",
    "sheet_clauses",
    "sheet_rows",
]

SHEET_HEADER: Final = ("序号", "项目", "考核内容", "考核标准", "分值", "得分", "失分原因")
RANKING_HEADER: Final = (
    "排名",
    "单位",
    "总分",
    "等次",
    "失分原因",
    "加分原因",
    "等次说明",
    "单位代码",
)
_DIGITS: Final = "零一二三四五六七八九"


def chinese_numeral(number: int) -> str:
    """Write 1…99 as the section numbers of a score sheet.

    >>> chinese_numeral(1), chinese_numeral(10), chinese_numeral(12), chinese_numeral(20)
    ('一', '十', '十二', '二十')
    """
    if number < 10:
        return _DIGITS[number]
    tens, ones = divmod(number, 10)
    head = ("" if tens == 1 else _DIGITS[tens]) + "十"
    return head + (_DIGITS[ones] if ones else "")


@attrs.frozen
class SheetRow:
    """One line of a unit's score sheet.

    Attributes:
        number: 序号, on the first line of each section.
        section: 项目, on the first line of each section.
        content: 考核内容.
        standard: 考核标准 (the clauses as printed, numbered).
        points: 分值, or ``None`` (bonus and veto lines).
        score: 得分, or ``None``.
        reasons: 失分原因 (and 加分, 一票否决) lines.
        kind: ``item``, ``bonus``, ``veto``, ``total`` or ``grade``.
    """

    number: str
    section: str
    content: str
    standard: str
    points: Decimal | None
    score: Decimal | None
    reasons: tuple[str, ...]
    kind: str = "item"


def _clauses(node: Node, *, own_first: bool = True) -> str:
    own = str(getattr(node, "text", "") or "")
    if own and node.children and own_first:
        return own
    texts = []
    for _, inner in node.walk():
        if inner is node or inner.children or inner.segment == "":
            continue
        texts.append(str(getattr(inner, "text", "") or "") or inner.title)
    if not texts:
        return own
    if len(texts) == 1:
        return texts[0]
    return "\n".join(f"{index}．{text}" for index, text in enumerate(texts, 1))


@attrs.frozen
class SheetClause:
    """The printed texts of one rule node, as its score-sheet lines show them.

    Attributes:
        text: The node's own clause text (考核内容 of a section that is one line).
        standard: 考核标准 of a line: its clauses numbered, or its own text first.
        listed: 考核标准 of a section that is one line: its clauses, never its own text.
        cap: A bonus's 总分值 limit, or ``None``.
    """

    text: str = ""
    standard: str = ""
    listed: str = ""
    cap: Decimal | None = None


# Forms whose rows come with each unit's evidence (财政自评表) have no shared rule node
# for those rows: their lines show no clause text.
_NO_CLAUSE: Final = SheetClause()


def sheet_clauses(rulebook: Rulebook) -> dict[str, SheetClause]:
    """Work out every node's clause texts once per rulebook, by dotted path.

    >>> from assessment_rules import Deduct, Item, Rulebook, Section
    >>> book = Rulebook("tiny", "示例", points="10", children=(
    ...     Section("org", "组织领导", points="10", children=(
    ...         Item("plan", "年度计划", points="10", children=(
    ...             Deduct("no_plan", "未制定年度计划", rate="2"),)),)),))
    >>> sheet_clauses(book)["org.plan"].standard
    '未制定年度计划'
    """
    return {
        path: SheetClause(
            str(getattr(node, "text", "") or ""),
            _clauses(node),
            _clauses(node, own_first=False) if node.children else "",
            getattr(node, "cap", None),
        )
        for path, node in rulebook.walk()
    }


def _line_nodes(node: NodeResult) -> list[NodeResult]:
    if not any(child.children for child in node.children):
        return [node]
    lines: list[NodeResult] = []
    for child in node.children:
        lines.extend(_line_nodes(child) if child.children else [child])
    return lines


def _reasons(node: NodeResult, result: UnitResult) -> tuple[str, ...]:
    vetoes = tuple(
        hit.reason
        for hit in result.vetoes
        if hit.path == node.path or hit.path.startswith(node.path + ".")
    )
    return vetoes + tuple(entry.reason for entry in node.entries)


def sheet_rows(
    result: UnitResult,
    rulebook: Rulebook,
    grade: str | None = None,
    grade_note: str = "",
    *,
    clauses: Mapping[str, SheetClause] | None = None,
) -> list[SheetRow]:
    """Lay one unit's result out as the official score sheet.

    Args:
        result: The unit's result.
        rulebook: Its rulebook (for the clause texts).
        grade: The final grade after the cohort's quota; by default the score's grade.
        grade_note: Why the quota moved or kept the unit, if it did.
        clauses: ``sheet_clauses(rulebook)``, when laying out many units.

    >>> from assessment_rules import Deduct, Item, Rulebook, Section
    >>> book = Rulebook("tiny", "示例", points="10", children=(
    ...     Section("org", "组织领导", points="10", children=(
    ...         Item("plan", "年度计划", points="10", children=(
    ...             Deduct("no_plan", "未制定年度计划", rate="2"),)),)),))
    >>> result = book.evaluate({"no_plan": True})
    >>> [(r.section, r.content, r.score) for r in sheet_rows(result, book)]
    [('组织领导', '年度计划', Decimal('8')), ('合计', '', Decimal('8')), ('等次', '不合格', None)]
    """
    if clauses is None:
        clauses = sheet_clauses(rulebook)
    rows: list[SheetRow] = []
    for number, top in enumerate(result.root.children, 1):
        numeral = chinese_numeral(number)
        rule = clauses.get(top.path, _NO_CLAUSE)
        if top.kind == "bonus":
            cap = rule.cap
            rows.append(
                SheetRow(
                    numeral,
                    "加分",
                    top.title + (f"（总分值不超过{fmt(cap)}分）" if cap is not None else ""),
                    rule.standard,
                    None,
                    top.gained,
                    tuple(entry.reason for entry in top.entries),
                    "bonus",
                )
            )
            continue
        if top.kind == "veto":
            rows.append(
                SheetRow(
                    numeral,
                    "一票否决",
                    top.title,
                    rule.standard,
                    None,
                    None,
                    _reasons(top, result),
                    "veto",
                )
            )
            continue
        for position, line in enumerate(_line_nodes(top)):
            if line is top:
                content, standard = rule.text or line.title, rule.listed
            else:
                content, standard = line.title, clauses.get(line.path, _NO_CLAUSE).standard
            rows.append(
                SheetRow(
                    numeral if position == 0 else "",
                    top.title if position == 0 else "",
                    content,
                    standard,
                    line.max,
                    line.score,
                    _reasons(line, result),
                )
            )
    lost, gained = result.root.lost, result.root.gained
    summary = [f"扣分合计{fmt(lost)}分"]
    if gained:
        summary.append(f"加分合计{fmt(gained)}分")
    rows.append(SheetRow("", "合计", "", "", result.max, result.total, tuple(summary), "total"))
    final = (grade or result.grade) + ("（一票否决）" if result.vetoed else "")
    notes = tuple(hit.reason for hit in result.vetoes) + ((grade_note,) if grade_note else ())
    rows.append(SheetRow("", "等次", final, "", None, None, notes, "grade"))
    return rows


@attrs.frozen
class RankingRow:
    """One line of the ranking (see :data:`RANKING_HEADER`)."""

    rank: int
    name: str
    total: Decimal
    grade: str
    reasons: tuple[str, ...]
    bonuses: tuple[str, ...]
    note: str
    unit: str


def ranking_rows(cohort: Cohort) -> list[RankingRow]:
    """The ranking, high to low, with every lost point's reason for each unit."""
    rows = []
    for ranked in cohort.units:
        result = ranked.result
        rows.append(
            RankingRow(
                ranked.rank,
                result.name or result.unit,
                result.total,
                ranked.grade + ("（一票否决）" if result.vetoed else ""),
                result.reasons,
                tuple(entry.reason for entry in result.gained),
                ranked.grade_note,
                result.unit,
            )
        )
    return rows


def number_text(value: Decimal | None) -> str:
    """A number as a sheet cell shows it: no trailing zeros, empty for ``None``.

    >>> number_text(Decimal("90.00")), number_text(None), number_text(Decimal(0))
    ('90', '', '0')
    """
    return "" if value is None else fmt(value)
