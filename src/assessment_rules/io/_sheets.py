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
from ..cohorts._ranking import NOT_ASSESSED
from ..engine._numbers import fmt, round_half_up
from ..engine._results import LedgerEntry, NodeResult, UnitResult
from ..engine._rulebook import Rulebook
from ._layout import SheetRow as LayoutLine
from ._layout import SheetSection, chinese_numeral, sheet_layout

__all__ = [
    "RANKING_HEADER",
    "SHEET_HEADER",
    "RankingRow",
    "SheetRow",
    "cell_text",
    "chinese_numeral",
    "converted_text",
    "ranking_rows",
    "sheet_clauses",
    "sheet_rows",
    "summary_line",
    "total_cell",
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
        kind: ``item``, ``bonus``, ``veto``, ``converted`` (the line that converts
            a part, 折算), ``total`` or ``grade``.
        points_text: 分值 as text, where the number alone would mislead (see
            :attr:`points_cell`).
        score_text: 得分 as text (see :attr:`score_cell`).
    """

    number: str
    section: str
    content: str
    standard: str
    points: Decimal | None
    score: Decimal | None
    reasons: tuple[str, ...]
    kind: str = "item"
    points_text: str = ""
    score_text: str = ""

    @property
    def points_cell(self) -> Decimal | str | None:
        """分值 as the sheet shows it: the number, or its text when there is one.

        Only ``points`` count towards 合计: a line of a converted part (折算) shows its
        points on the part's own scale as text (``原表40``) and leaves ``points`` empty.
        """
        return self.points_text or self.points

    @property
    def score_cell(self) -> Decimal | str | None:
        """得分 as the sheet shows it: ``27.86（原表65/70分折算）``, ``原表35``, ``不参评``
        or the number."""
        return self.score_text or self.score


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


_ZEROED: Final = "该项不得分"


def _zero_lines(root: NodeResult) -> dict[str, NodeResult]:
    """The clauses that zeroed a part of several lines (该项不得分 on a whole section),
    by path, each with the part it zeroed.

    Such a clause stands on a line of its own, and its entry took every point of the
    part: a child without children of its own whose counted loss is the part's points,
    the part scoring nothing while every other deduction in it counted nothing.
    """
    found: dict[str, NodeResult] = {}
    for node in root.walk():
        if node.max <= 0 or node.score != node.gained or not node.children:
            continue
        for child in node.children:
            if child.children or child.lost != node.max:
                continue
            others = [e for e in node.entries if e.kind == "deduction" and e.path != child.path]
            if all(not entry.counted for entry in others):
                found[child.path] = node
    return found


def _inside(path: str, parent: str) -> bool:
    return path.startswith(parent + ".")


def _reasons(node: NodeResult, result: UnitResult, unit: _Unit | None = None) -> tuple[str, ...]:
    vetoes = tuple(
        hit.reason for hit in result.vetoes if hit.path == node.path or _inside(hit.path, node.path)
    )
    if unit is None:
        return vetoes + tuple(entry.reason for entry in node.entries)
    # Worded as the sheet words them (a part's zero took these points, not 扣完为止).
    return vetoes + tuple(unit.reason(entry) for entry in node.entries)


def _score(points: Decimal | None, node: NodeResult) -> Decimal | None:
    if points is not None:
        return node.score
    return node.score if node.score else None


_KINDS: Final = {"veto": "veto", "bonus": "bonus"}

Cells = tuple[str, str, Decimal | None, Decimal | None, tuple[str, ...], str]


def _cells(line: LayoutLine, node: NodeResult | None, result: UnitResult) -> list[Cells]:
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


def converted_text(node: NodeResult) -> str:
    """A converted part's score with its own scale beside it: ``27.86（原表65/70分折算）``.

    >>> node = NodeResult("f", "f", "防汛", "rescaled", Decimal(30), Decimal("27.86"),
    ...     Decimal("2.14"), Decimal(0), raw_max=Decimal(70), raw_score=Decimal(65))
    >>> converted_text(node)
    '27.86（原表65/70分折算）'
    """
    raw_max = node.raw_max if node.raw_max is not None else node.max
    raw_score = node.raw_score if node.raw_score is not None else node.score
    return f"{fmt(node.score)}（原表{fmt(raw_score)}/{fmt(raw_max)}分折算）"


def _converted_lost(node: NodeResult) -> str:
    """``原表扣5分，折算后扣2.14分`` for a converted part that lost points, else ""."""
    if node.raw_max is None or node.raw_score is None or node.raw_score == node.raw_max:
        return ""
    return f"原表扣{fmt(node.raw_max - node.raw_score)}分，折算后扣{fmt(node.lost)}分"


class _Unit:
    """One unit's result, read for its sheet: converted parts (折算) and zeroed parts."""

    def __init__(self, result: UnitResult) -> None:
        self.result = result
        self.by_path = {node.path: node for node in result.root.walk()}
        self.converted = [node for node in result.root.walk() if node.raw_max is not None]
        self.zero_lines = _zero_lines(result.root)
        self.zeroed = list(self.zero_lines.values())

    def converted_around(self, path: str) -> NodeResult | None:
        """The innermost converted part strictly around *path*, if any."""
        found = None
        for node in self.converted:
            if _inside(path, node.path) and (found is None or len(node.path) > len(found.path)):
                found = node
        return found

    def zeroed_around(self, path: str) -> NodeResult | None:
        for node in self.zeroed:
            if _inside(path, node.path):
                return node
        return None

    def rows(self, line: LayoutLine) -> list[SheetRow]:
        """The rows of one layout line (``number`` and ``section`` left to the caller)."""
        result, path = self.result, line.path
        node = self.by_path.get(path)
        if not result.eligible:
            # Not scored (不参评): 分值 as printed, no 得分 and no reasons on any line.
            rows = [
                SheetRow("", "", content, standard, points, None, (), kind)
                for content, standard, points, _, _, kind in _cells(line, None, result)
            ]
            return self._rescaled(rows, node, path)
        if node is not None and path in self.zero_lines:
            reasons = tuple(self.reason(entry) for entry in node.entries)
            return [SheetRow("", "", line.content, line.standard, None, None, reasons, "item")]
        zeroed = self.zeroed_around(path)
        rows = []
        for content, standard, points, kept, found, kind in _cells(line, node, result):
            score, reasons = kept, found
            if zeroed is not None and node is not None:
                reasons = _reasons(node, result, self)
                if points is not None:
                    score = Decimal(0)  # the part scores nothing, whatever the line kept
            rows.append(SheetRow("", "", content, standard, points, score, reasons, kind))
        return self._rescaled(rows, node, path)

    def _rescaled(self, rows: list[SheetRow], node: NodeResult | None, path: str) -> list[SheetRow]:
        """*rows* with the figures of a converted part's lines shown on its own scale."""
        outer = self.converted_around(path)
        if node is not None and node.raw_max is not None and self.result.eligible:
            # The line is a converted part: its own figures are converted already.
            rows = [attrs.evolve(row, score_text=converted_text(node)) for row in rows]
        elif outer is not None:
            # On the part's own scale: shown, but not added into 合计.
            rows = [
                attrs.evolve(
                    row,
                    points=None,
                    score=None,
                    points_text="" if row.points is None else f"原表{fmt(row.points)}",
                    score_text="" if row.score is None else f"原表{fmt(row.score)}",
                )
                for row in rows
            ]
        return rows

    def conversion_row(self, node: NodeResult) -> SheetRow:
        """The line that converts a part: its points and converted score."""
        reasons = (_converted_lost(node),) if _converted_lost(node) else ()
        standard = f"按{fmt(node.raw_max or node.max)}分制评分，折算为{fmt(node.max)}分"
        return SheetRow(
            "",
            "",
            f"{node.title}（折算）",
            standard,
            node.max,
            None if not self.result.eligible else node.score,
            reasons if self.result.eligible else (),
            "converted",
            score_text=converted_text(node) if self.result.eligible else "",
        )

    def reason(self, entry: LedgerEntry) -> str:
        """An entry's reason as the sheet words it: a zero on a whole part says
        该部分不得分 (what it absorbed already says so: the engine words it)."""
        if entry.path in self.zero_lines:
            part = self.zero_lines[entry.path]
            return entry.reason.replace(_ZEROED, f"该部分（{part.title}）不得分", 1)
        return entry.reason

    def reasons(self) -> tuple[str, ...]:
        """The unit's 失分原因 for the ranking: vetoes, each deduction as the sheet words
        it, and after a converted part's deductions what they came to once converted."""
        result = self.result
        if not result.eligible:
            return result.reasons
        lines = [hit.reason for hit in result.vetoes]
        pending: list[NodeResult] = []
        for entry in result.lost:
            while pending and not _inside(entry.path, pending[-1].path):
                node = pending.pop()
                lines.append(f"{node.title}{_converted_lost(node)}")
            lines.append(self.reason(entry))
            pending += [
                node
                for node in self.converted
                if _inside(entry.path, node.path) and node not in pending and node.lost
            ]
        lines += [f"{node.title}{_converted_lost(node)}" for node in reversed(pending)]
        return tuple(lines)

    def total_reasons(self) -> tuple[str, ...]:
        result = self.result
        if not result.eligible:
            return result.ineligible or (NOT_ASSESSED,)
        lost, gained = result.root.lost, result.root.gained
        summary = f"扣分合计{fmt(lost)}分"
        notes = [f"{node.title}{_converted_lost(node)}" for node in self.converted]
        notes = [note for node, note in zip(self.converted, notes, strict=True) if node.lost]
        if notes:
            summary += f"（其中{'；'.join(notes)}）"
        lines = [summary]
        if gained:
            lines.append(f"加分合计{fmt(gained)}分")
        return tuple(lines)


def sheet_rows(
    result: UnitResult,
    rulebook: Rulebook,
    grade: str | None = None,
    grade_note: str = "",
    *,
    clauses: Sequence[SheetSection] | None = None,
) -> list[SheetRow]:
    """Lay one unit's result out as the official score sheet.

    The numbers in 分值 add up to 合计's, and so do those in 得分: the lines of a
    converted part (折算) show their own scale as text (``原表40``, ``原表35``) and a
    closing line gives the part's converted points and score
    (``27.86（原表65/70分折算）``); the lines of a part a clause zeroed (该项不得分 on
    a whole section) score 0, the zeroing line says ``该部分不得分`` and takes the
    points; a unit kept out by the eligibility gate (不参评) has no 得分 and its 合计
    says why.

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
    unit = _Unit(result)
    rows: list[SheetRow] = []
    for part in layout:
        first = True
        open_parts: list[NodeResult] = []  # converted parts around the line, outermost first
        for line in part.rows:
            while open_parts and not _inside(line.path, open_parts[-1].path):
                rows.append(unit.conversion_row(open_parts.pop()))
            opened = {node.path for node in open_parts}
            open_parts += [
                node
                for node in unit.converted
                if _inside(line.path, node.path) and node.path not in opened
            ]
            for row in unit.rows(line):
                label = (part.number, part.title) if first else ("", "")
                rows.append(attrs.evolve(row, number=label[0], section=label[1]))
                first = False
        while open_parts:
            rows.append(unit.conversion_row(open_parts.pop()))
    total: Decimal | None = result.total if result.eligible else None
    rows.append(
        SheetRow(
            "",
            "合计",
            "",
            "",
            result.max,
            total,
            unit.total_reasons(),
            "total",
            score_text="" if result.eligible else NOT_ASSESSED,
        )
    )
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
    total: Decimal | str
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
                total_cell(result),
                ranked.grade + ("（一票否决）" if result.vetoed else ""),
                _Unit(result).reasons(),
                tuple(entry.reason for entry in result.gained),
                ranked.grade_note,
                result.unit,
            )
        )
    return rows


def cell_text(value: Decimal | str | None) -> str:
    """A sheet cell as text: a number as :func:`number_text` writes it, text as it is.

    >>> cell_text(Decimal("40.0")), cell_text("原表40"), cell_text(None)
    ('40', '原表40', '')
    """
    return value if isinstance(value, str) else number_text(value)


def number_text(value: Decimal | None) -> str:
    """A number as a sheet cell shows it: no trailing zeros, empty for ``None``.

    >>> number_text(Decimal("90.00")), number_text(None), number_text(Decimal(0))
    ('90', '', '0')
    """
    return "" if value is None else fmt(value)


def total_cell(result: UnitResult) -> Decimal | str:
    """A unit's 总分 as a sheet shows it: the total, or 不参评 for a unit the
    eligibility gate kept out (its 0 is no score)."""
    return result.total if result.eligible else NOT_ASSESSED


def summary_line(cohort: Cohort) -> str:
    """The cohort's figures in one Chinese line, for the sheets and the notice.

    Over the units assessed (a 不参评 unit is left out and said so), vetoed units
    included (said so); the mean to 2 places, as every score on a sheet.

    >>> from assessment_rules import Deduct, Item, Rulebook, Section, assess
    >>> from assessment_rules.engine import Evidence
    >>> book = Rulebook("tiny", "示例", points="10", children=(
    ...     Section("org", "组织领导", points="10", children=(
    ...         Item("plan", "年度计划", points="10", children=(
    ...             Deduct("no_plan", "未制定年度计划", rate="2"),)),)),))
    >>> summary_line(assess(book, [Evidence(u, {"no_plan": f}) for u, f in
    ...     (("a", True), ("b", False), ("c", True))]))
    '平均分8.67分（四舍五入保留2位小数），中位数8分，最高10分，最低8分（共3个单位）'
    """
    if not cohort.units:
        return ""
    summary = cohort.summary
    if not summary.size:
        return "全部单位均不参评，无平均分。"
    shown = round_half_up(summary.mean, 2)
    rounded = "" if summary.mean_exact and shown == summary.mean else "（四舍五入保留2位小数）"
    notes = [f"共{summary.size}个单位"]
    if summary.vetoed:
        notes.append(f"含一票否决{summary.vetoed}个")
    left_out = getattr(summary, "not_assessed", 0)
    if left_out:
        notes.append(f"不参评{left_out}个未计入")
    return (
        f"平均分{fmt(shown)}分{rounded}，中位数{fmt(summary.median)}分，"
        f"最高{fmt(summary.highest)}分，最低{fmt(summary.lowest)}分（{'，'.join(notes)}）"
    )
