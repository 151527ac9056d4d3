"""Unit score sheets in the official layout, as data every writer (CSV, XLSX, Markdown) shares.

A unit's sheet has the columns of the printed 考核细则 plus the result:
序号 / 项目 / 考核内容 / 考核标准 / 分值 / 得分 / 失分原因. Its parts, lines and clauses
are the rulebook's one score-sheet layout (:mod:`._layout`, shared with the docs
site): parts numbered 一、二…, a 一票否决 or 加分 clause directly under the rulebook a
part outside the numbering, one line per 考核内容. Each line gets the unit's 得分 and
its 失分原因 (and 加分, 一票否决) from the result. Two closing lines give 合计 and 等次.

Forms whose rows come with each unit's evidence (财政自评表) have a line whose rule
node has no parts of its own while the unit's result does: that line lists the
result's parts instead, one line each, without clause text.

The ranking has 排名 / 单位 / 总分 / 等次 / 失分原因 (then 加分原因, 等次说明 — why
the 优秀 quota moved or kept a unit — and 单位代码). The 等次 shown is the final one,
after the quota.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Final

import attrs

from ..cohorts._cohort import Cohort
from ..engine._numbers import fmt
from ..engine._results import NodeResult, UnitResult
from ..engine._rulebook import Rulebook
from ._layout import SheetRow as LayoutLine
from ._layout import SheetSection, chinese_numeral, sheet_layout

__all__ = [
    "RANKING_HEADER",
    "SHEET_HEADER",
    "RankingRow",
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


@attrs.frozen
class SheetRow:
    """One line of a unit's score sheet.

    Attributes:
        number: 序号, on the first line of each numbered part.
        section: 项目, on the first line of each part.
        content: 考核内容.
        standard: 考核标准 (the clauses as printed, numbered, then any 扣完为止).
        points: 分值, or ``None`` (bonus and veto lines).
        score: 得分, or ``None`` (a line without points where nothing was lost or gained).
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


def sheet_clauses(rulebook: Rulebook) -> tuple[SheetSection, ...]:
    """Lay the rulebook out once (see :func:`._layout.sheet_layout`), for many units' sheets.

    >>> from assessment_rules import Deduct, Item, Rulebook, Section
    >>> book = Rulebook("tiny", "示例", points="10", children=(
    ...     Section("org", "组织领导", points="10", children=(
    ...         Item("plan", "年度计划", points="10", children=(
    ...             Deduct("no_plan", "未制定年度计划", rate="2"),)),)),))
    >>> sheet_clauses(book)[0].rows[0].standard
    '未制定年度计划的，扣2分'
    """
    return sheet_layout(rulebook)


def _reasons(node: NodeResult, result: UnitResult) -> tuple[str, ...]:
    vetoes = tuple(
        hit.reason
        for hit in result.vetoes
        if hit.path == node.path or hit.path.startswith(node.path + ".")
    )
    return vetoes + tuple(entry.reason for entry in node.entries)


def _score(points: Decimal | None, node: NodeResult) -> Decimal | None:
    if points is not None:
        return node.score
    return node.score if node.score else None


_KINDS: Final = {"veto": "veto", "bonus": "bonus"}


def _cells(
    line: LayoutLine, node: NodeResult | None, result: UnitResult
) -> list[tuple[str, str, Decimal | None, Decimal | None, tuple[str, ...], str]]:
    """The cells of one layout line for one unit: 考核内容 to 失分原因, and the row kind."""
    kind = _KINDS.get(line.role, "item")
    if node is None:
        return [(line.content, line.standard, line.points, None, (), kind)]
    own_clause = all(criterion.path == line.path for criterion in line.criteria)
    if node.children and own_clause:
        # Rows declared by the unit's evidence: the rule node has no parts, the result has.
        return [
            (child.title, "", child.max, child.score, _reasons(child, result), "item")
            for child in node.children
        ]
    points = node.max if line.points is not None else None
    return [
        (line.content, line.standard, points, _score(points, node), _reasons(node, result), kind)
    ]


def sheet_rows(
    result: UnitResult,
    rulebook: Rulebook,
    grade: str | None = None,
    grade_note: str = "",
    *,
    clauses: Sequence[SheetSection] | None = None,
) -> list[SheetRow]:
    """Lay one unit's result out as the official score sheet.

    Args:
        result: The unit's result.
        rulebook: Its rulebook (for the layout and the clause texts).
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
    layout = sheet_layout(rulebook) if clauses is None else clauses
    by_path = {node.path: node for node in result.root.walk()}
    rows: list[SheetRow] = []
    for part in layout:
        first = True
        for line in part.rows:
            for content, standard, points, score, reasons, kind in _cells(
                line, by_path.get(line.path), result
            ):
                rows.append(
                    SheetRow(
                        part.number if first else "",
                        part.title if first else "",
                        content,
                        standard,
                        points,
                        score,
                        reasons,
                        kind,
                    )
                )
                first = False
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
    """One line of the ranking (see :data:`RANKING_HEADER`).

    ``rank`` is the number, or 不排名 / 不参评 for a unit not ranked (see
    ``RankedUnit.rank_text``); ``name`` carries the unit's class (分类排名) if any.
    """

    rank: int | str
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
                ranked.rank if ranked.rank is not None else ranked.rank_text,
                (result.name or result.unit) + (f"（{ranked.group}）" if ranked.group else ""),
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
