"""The score sheet as data: sections, rows and clauses in the official layout.

A rulebook becomes a :class:`ScoreSheet` (序号 / 项目 / 考核内容 / 考核标准 / 分值) whose
every clause also carries its rule spelled out in Chinese (扣完为止, ★, 一票否决, 加分)
and its source. Rendering to Markdown is done elsewhere (``_markdown``), from this data
only, so the same sheet can be rendered other ways.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import attrs

from ..combinators._criteria import Deduct, ExecutionRateScore, Judgment
from ..combinators._structure import CapAt, Item, Section
from ..combinators._veto_bonus import Bonus, Veto
from ..engine._grades import GradeBand
from ..engine._node import Node, ScoredLeaf
from ..engine._numbers import fmt
from ..engine._rulebook import Rulebook

__all__ = [
    "KIND_TITLES",
    "Criterion",
    "ScoreSheet",
    "SheetRow",
    "SheetSection",
    "cap_text",
    "chinese_numeral",
    "grade_lines",
    "rule_text",
    "score_sheet",
]

KIND_TITLES: dict[str, str] = {
    "rulebook": "细则",
    "section": "考核项目",
    "item": "考核内容",
    "deduct": "扣分",
    "judgment": "评分",
    "execution_rate": "预算执行率",
    "veto": "一票否决",
    "bonus": "加分",
}
"""Chinese names of the node kinds, as the pages print them."""

_DIGITS = "零一二三四五六七八九"


def chinese_numeral(number: int) -> str:
    """Return the Chinese numeral a score sheet uses for 序号 (1 → 一, 12 → 十二).

    Args:
        number: A whole number from 1 to 99.

    Returns:
        The numeral; larger numbers are returned in Arabic digits.

    >>> chinese_numeral(1), chinese_numeral(10), chinese_numeral(12), chinese_numeral(20)
    ('一', '十', '十二', '二十')
    """
    if not 1 <= number <= 99:
        return str(number)
    tens, ones = divmod(number, 10)
    if tens == 0:
        return _DIGITS[ones]
    head = "" if tens == 1 else _DIGITS[tens]
    return f"{head}十{_DIGITS[ones] if ones else ''}"


@attrs.frozen
class Criterion:
    """One clause of 考核标准.

    Attributes:
        number: Its number within the row (1, 2, …).
        path: The clause's dotted path.
        kind: The node kind (``deduct``, ``judgment``, ``veto``…).
        title: The clause's short title.
        text: The wording shown on the sheet: as printed when the rulebook keeps it,
            otherwise the rule spelled out.
        printed: Whether ``text`` is the printed wording.
        rule: How the engine scores the clause, spelled out in Chinese.
        starred: Whether the clause is ★ (not stopped by 扣完为止).
        source: Where the clause comes from.
    """

    number: int
    path: str
    kind: str
    title: str
    text: str
    printed: bool
    rule: str
    starred: bool = False
    source: str = ""


@attrs.frozen
class SheetRow:
    """One row of the sheet: a 考核内容 with its clauses and its 分值.

    Attributes:
        path: The item's dotted path.
        content: 考核内容 as printed.
        points: 分值, or ``None`` for rows that carry no points (一票否决, 加分).
        criteria: The clauses, in sheet order.
        printed: The item's 考核标准 when the rulebook keeps it whole, else "".
        limit: The 扣完为止 sentence for the row, or "".
        source: Where the item comes from.
    """

    path: str
    content: str
    points: Decimal | None
    criteria: tuple[Criterion, ...]
    printed: str = ""
    limit: str = ""
    source: str = ""


@attrs.frozen
class SheetSection:
    """A numbered part of the sheet (序号 and 项目) with its rows.

    Attributes:
        number: 序号 (一, 二…), or "" for parts outside the numbering (加分).
        path: The section's dotted path.
        title: 项目 as printed.
        points: The section's points, or ``None`` when it has none.
        text: Text printed under the heading.
        rows: Its rows.
        limit: The 扣完为止 sentence for the whole part, or "".
        source: Where the section comes from.
    """

    number: str
    path: str
    title: str
    points: Decimal | None
    text: str
    rows: tuple[SheetRow, ...]
    limit: str = ""
    source: str = ""


@attrs.frozen
class ScoreSheet:
    """A rulebook laid out as its paper score sheet, with the notes spelled out.

    Attributes:
        id: The rulebook id.
        title: The sheet's title.
        points: The full score.
        sections: The numbered parts, in sheet order.
        grades: The grade bands, highest first.
        floor: Whether the total before bonus stops at 0.
        capped: Paths of the rows or parts that stop at their points (扣完为止).
        starred: The ★ clauses.
        vetoes: The 一票否决 clauses.
        bonuses: The 加分 clauses.
    """

    id: str
    title: str
    points: Decimal
    sections: tuple[SheetSection, ...]
    grades: tuple[GradeBand, ...]
    floor: bool
    capped: tuple[str, ...]
    starred: tuple[Criterion, ...]
    vetoes: tuple[Criterion, ...]
    bonuses: tuple[Criterion, ...]

    @property
    def criteria(self) -> Iterator[Criterion]:
        """Every clause of the sheet, in order."""
        for section in self.sections:
            for row in section.rows:
                yield from row.criteria

    def notes(self) -> tuple[str, ...]:
        """The sheet's notes (注) in Chinese: total, caps, ★, floor, vetoes, bonus, grades.

        >>> from assessment_rules import load_rulebook
        >>> score_sheet(load_rulebook("wujin-2021-departments")).notes()[0]
        '考核总分值为100分。'
        """
        lines = [f"考核总分值为{fmt(self.points)}分。"]
        if self.capped:
            lines.append(
                "标注“扣完为止”的考核内容，扣分以其分值（或注明的上限）为限，扣完为止，"
                "不倒扣其他项目的分数。"
            )
        if self.starred:
            titles = "；".join(c.title for c in self.starred)
            lines.append(
                f"打★的条款累计扣分可以超出所在考核内容的分值，超出部分直接从总分中扣减：{titles}。"
            )
        if self.floor:
            lines.append("扣分后的基础分不低于0分。")
        if self.vetoes:
            lowest = self.grades[-1].title if self.grades else "不合格"
            titles = "；".join(c.title for c in self.vetoes)
            lines.append(
                f"实行“一票否决”：{titles}。出现其中任一情形，年度考核等次为{lowest}；"
                "得分仍照常计算并显示。"
            )
        if self.bonuses:
            rules = "；".join(c.rule for c in self.bonuses)
            lines.append(
                f"加分：{rules.rstrip('。')}。加分在扣分之后计入，"
                f"总分可以超过{fmt(self.points)}分。"
            )
        if self.grades:
            lines.append("考核等次：" + "；".join(grade_lines(self.grades)) + "。")
        return tuple(lines)


def grade_lines(grades: tuple[GradeBand, ...]) -> tuple[str, ...]:
    """Spell out each grade band in Chinese, highest first (inclusive lower bounds).

    >>> from assessment_rules import STANDARD_GRADES
    >>> grade_lines(STANDARD_GRADES)
    ('优秀：90分（含）以上', '良好：80分（含）至90分', '合格：60分（含）至80分', '不合格：60分以下')
    """
    lines: list[str] = []
    upper: Decimal | None = None
    for band in grades:
        low = fmt(band.minimum)
        if band.minimum == 0 and upper is not None:
            lines.append(f"{band.title}：{fmt(upper)}分以下")
        elif upper is None:
            lines.append(f"{band.title}：{low}分（含）以上")
        else:
            lines.append(f"{band.title}：{low}分（含）至{fmt(upper)}分")
        upper = band.minimum
    return tuple(lines)


def cap_text(cap: CapAt) -> str:
    """Spell out a ``CapAt`` (扣完为止) in Chinese.

    >>> from assessment_rules import Deduct, Item
    >>> item = Item("plan", "年度计划", points="10", children=(Deduct("x", "未制定", rate="2"),))
    >>> cap_text(CapAt(item)), cap_text(CapAt(item, limit="6"))
    ('本项10分，扣完为止', '本项扣分最多6分')
    """
    inner = cap.node
    points = inner.max_points
    if cap.limit is None or (points > 0 and cap.limit == points):
        return f"本项{fmt(points)}分，扣完为止"
    noun = "本项" if points > 0 else "本条"
    return f"{noun}扣分最多{fmt(cap.effective_limit)}分"


def _unwrap(node: Node) -> tuple[Node, tuple[CapAt, ...]]:
    caps: list[CapAt] = []
    while isinstance(node, CapAt):
        caps.append(node)
        node = node.node
    return node, tuple(caps)


def rule_text(node: Node, lowest_grade: str = "不合格") -> str:
    """Spell out how one clause is scored, in Chinese.

    Every node kind of the library is covered; a kind this module does not know (a
    node class added later) is described by its printed text or title and points.

    Args:
        node: A scoring node (usually a leaf, a veto or a bonus).
        lowest_grade: The grade a veto forces.

    Returns:
        One sentence.

    >>> rule_text(Deduct("leader_checks", "部门领导带队检查", rate="2", shape="shortfall",
    ...                  required=4, unit="次"))
    '部门领导带队检查应不少于4次，每少1次扣2分'
    """
    if isinstance(node, Deduct):
        rate, counter = fmt(node.rate), node.counter
        if node.shape == "flag":
            text = f"{node.title}的，扣{rate}分"
        elif node.shape == "each":
            text = f"{node.title}的，每{counter}扣{rate}分"
        elif node.shape == "shortfall":
            text = f"{node.title}应不少于{node.required}{counter}，每少1{counter}扣{rate}分"
        else:
            text = f"{node.title}（{'、'.join(node.items)}），每缺1{counter}扣{rate}分"
        if node.starred:
            text += "（★：累计扣分可超出本项分值）"
        return text
    if isinstance(node, Judgment):
        return f"{node.title}：由考核人员根据实际情况评分，0至{fmt(node.points)}分"
    if isinstance(node, ExecutionRateScore):
        shown = "截断" if node.rate_display == "truncate" else "四舍五入"
        return (
            f"{node.title}：得分 = {fmt(node.points)} × 全年执行数 ÷ 全年预算数，"
            f"四舍五入保留{node.places}位小数，最高{fmt(node.points)}分；"
            f"执行率（%）按{shown}保留{node.rate_places}位小数显示"
        )
    if isinstance(node, Veto):
        if node.fact.kind == "flag" or node.at_least == 1:
            condition = node.title
        else:
            condition = f"{node.title}达到{node.at_least}{node.unit}"
        return f"{condition}的，实行“一票否决”，考核等次为{lowest_grade}"
    if isinstance(node, Bonus):
        levels = "；".join(
            f"受到{level.title}的，单次加分不超过{fmt(level.cap)}分" for level in node.levels
        )
        total = f"；加分总分值不超过{fmt(node.cap)}分" if node.cap is not None else ""
        return f"{levels}{total}"
    text = str(getattr(node, "text", "") or node.title)
    points = node.max_points
    return f"{text}（{fmt(points)}分）" if points else text


def _criterion(
    number: int, path: str, node: Node, caps: tuple[CapAt, ...], lowest: str
) -> Criterion:
    printed = str(getattr(node, "text", "") or "")
    rule = rule_text(node, lowest)
    for cap in caps:
        rule += f"（{cap_text(cap)}）"
    starred = bool(getattr(node, "starred", False))
    text = printed or rule
    if starred and "★" not in text:
        text += "（★）"
    return Criterion(
        number,
        path,
        node.kind,
        node.title,
        text,
        bool(printed),
        rule,
        starred,
        str(getattr(node, "source", "") or ""),
    )


def _is_clause(node: Node) -> bool:
    """Whether a node is read as one clause of 考核标准 (not a container of rows)."""
    return isinstance(node, ScoredLeaf | Veto | Bonus) or not node.children


def _clauses(node: Node, path: str) -> list[tuple[str, Node, tuple[CapAt, ...]]]:
    """Collect the clauses under an item, in order, with the caps that wrap each."""
    found: list[tuple[str, Node, tuple[CapAt, ...]]] = []
    for child in node.children:
        inner, caps = _unwrap(child)
        child_path = f"{path}.{inner.segment}" if path else inner.segment
        if _is_clause(inner):
            found.append((child_path, inner, caps))
        else:
            found.extend(_clauses(inner, child_path))
    return found


def _row(path: str, node: Node, caps: tuple[CapAt, ...], lowest: str, prefix: str) -> SheetRow:
    clauses: list[tuple[str, Node, tuple[CapAt, ...]]]
    clauses = [(path, node, ())] if _is_clause(node) else _clauses(node, path)
    criteria = tuple(
        _criterion(number, p, n, c, lowest) for number, (p, n, c) in enumerate(clauses, start=1)
    )
    points = node.max_points
    has_points = points > 0 or isinstance(node, Item | Section)
    return SheetRow(
        path,
        f"{prefix}{node.title}",
        points if has_points else None,
        criteria,
        str(getattr(node, "text", "") or "") if not _is_clause(node) else "",
        "；".join(cap_text(cap) for cap in caps),
        str(getattr(node, "source", "") or ""),
    )


def _rows(section: Node, path: str, lowest: str, prefix: str = "") -> list[SheetRow]:
    rows: list[SheetRow] = []
    for child in section.children:
        inner, caps = _unwrap(child)
        child_path = f"{path}.{inner.segment}" if path else inner.segment
        if isinstance(inner, Section):
            rows.extend(_rows(inner, child_path, lowest, f"{prefix}{inner.title}："))
        else:
            rows.append(_row(child_path, inner, caps, lowest, prefix))
    return rows


def score_sheet(rulebook: Rulebook) -> ScoreSheet:
    """Lay a rulebook out as its paper score sheet.

    Top-level sections are numbered 一, 二…; a top-level item is a numbered part of its
    own; a top-level 一票否决 or 加分 is a part outside the numbering.

    Args:
        rulebook: The rulebook.

    Returns:
        The sheet, with every clause's rule spelled out in Chinese.

    >>> from assessment_rules import load_rulebook
    >>> sheet = score_sheet(load_rulebook("wujin-2021-departments"))
    >>> [(s.number, s.title, s.points) for s in sheet.sections][:2]
    [('一', '组织领导', Decimal('20')), ('二', '重点工作', Decimal('60'))]
    """
    lowest = rulebook.grades[-1].title if rulebook.grades else "不合格"
    sections: list[SheetSection] = []
    counter = 0
    for child in rulebook.children:
        inner, caps = _unwrap(child)
        path = inner.segment
        limit = "；".join(cap_text(cap) for cap in caps)
        if isinstance(inner, Section):
            counter += 1
            rows = tuple(_rows(inner, path, lowest))
            number = chinese_numeral(counter)
        elif inner.max_points > 0 or isinstance(inner, Item):
            counter += 1
            rows = (_row(path, inner, caps, lowest, ""),)
            number = chinese_numeral(counter)
            limit = ""
        else:
            rows = (_row(path, inner, caps, lowest, ""),)
            number = ""
            limit = ""
        points = inner.max_points
        sections.append(
            SheetSection(
                number,
                path,
                KIND_TITLES.get(inner.kind, inner.title) if not number else inner.title,
                points if points > 0 or isinstance(inner, Section) else None,
                str(getattr(inner, "text", "") or "") if isinstance(inner, Section) else "",
                rows,
                limit,
                str(getattr(inner, "source", "") or ""),
            )
        )
    capped = tuple(path for path, node in rulebook.walk() if isinstance(node, CapAt))
    sheet_sections = tuple(sections)
    every = [c for s in sheet_sections for r in s.rows for c in r.criteria]
    return ScoreSheet(
        rulebook.id,
        rulebook.title,
        rulebook.points,
        sheet_sections,
        rulebook.grades,
        rulebook.floor,
        capped,
        tuple(c for c in every if c.starred),
        tuple(c for c in every if c.kind == "veto"),
        tuple(c for c in every if c.kind == "bonus"),
    )
