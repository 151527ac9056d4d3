"""The one score-sheet layout: parts, lines and clauses, as every score sheet shows them.

Every score sheet of the library lays a rulebook out here, once: the unit sheets that
``score`` writes (XLSX, CSV, Markdown) and the rulebook pages of the docs site, in the
columns of the printed 考核细则 (序号 / 项目 / 考核内容 / 考核标准 / 分值). The layout
asks the nodes only through the node protocol (:attr:`~assessment_rules.Node.sheet_role`,
transparent wrappers and their :attr:`~assessment_rules.Node.cap_limit`,
:meth:`~assessment_rules.Node.criterion`, ``text``, ``source`` and the roles), so a
district's own node kind is laid out as a built-in one is.

**Parts** (序号 and 项目). Each child of the rulebook is a part, numbered 一、二… in
order. The one exception is a clause that carries no points of its own standing
directly under the rulebook (a 一票否决 or a 加分 clause): it stays outside the
numbering, with an empty 序号 and its role's name (一票否决, 加分) as its 项目, as the
printed sheets state such rules in their notes (注) rather than as a numbered row. So
Wujin's bonus is the unnumbered part “加分”, never “六、加分”, in every sheet.

**Lines** (考核内容, one row each):

- a ``part`` (a section) whose children are all clauses, such as 事故控制 with its
  vetoes, is one line: its printed text (else its title) is the 考核内容 and its
  clauses are the 考核标准;
- otherwise each child of a part is a line: a ``line`` node (an item) with the clauses
  under it, or a clause on its own; a nested part adds its lines, each prefixed with
  its title (``子项：甲``);
- a ``line`` or ``clause`` node directly under the rulebook is its part's one line.

**Clauses** (考核标准): the ``clause`` nodes (and childless nodes) under a line, in
order, numbered 1．2．… when there are several. A line whose 考核标准 is kept whole as
printed (its ``text``) shows that instead. A clause shows its printed text, else its
criterion sentence with the limit of each wrapper around it; a ★ clause is marked.
The limit of a wrapper around a line (``本项10分，扣完为止``) closes its 考核标准.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Final

import attrs

from ..engine._node import BonusLeaf, Node, ScoredLeaf, VetoLeaf
from ..engine._numbers import fmt
from ..engine._rulebook import Rulebook

__all__ = [
    "ROLE_TITLES",
    "Criterion",
    "SheetRow",
    "SheetSection",
    "chinese_numeral",
    "clause_role",
    "sheet_layout",
]

_DIGITS: Final = "零一二三四五六七八九"

ROLE_TITLES: Final = {"veto": "一票否决", "bonus": "加分"}
"""The 项目 of an unnumbered part, by the role of its clause."""


def chinese_numeral(number: int) -> str:
    """Return the Chinese numeral a score sheet uses for 序号 (1 → 一, 12 → 十二).

    Args:
        number: A whole number from 1 to 99.

    Returns:
        The numeral; other numbers are returned in Arabic digits.

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


def clause_role(node: Node) -> str:
    """Name the role a node plays: ``veto``, ``bonus``, ``scored`` or ``""`` (a container).

    >>> from assessment_rules import Veto
    >>> clause_role(Veto("major", "发生较大事故"))
    'veto'
    """
    if isinstance(node, VetoLeaf):
        return "veto"
    if isinstance(node, BonusLeaf):
        return "bonus"
    if isinstance(node, ScoredLeaf):
        return "scored"
    return ""


@attrs.frozen
class Criterion:
    """One clause of 考核标准.

    Attributes:
        number: Its number within the row (1, 2, …).
        path: The clause's dotted path.
        kind: The node's kind (``deduct``, ``judgment``, a district's own…), as data.
        title: The clause's short title.
        text: The wording shown on the sheet: as printed when the rulebook keeps it,
            otherwise the rule spelled out.
        printed: Whether ``text`` is the printed wording.
        rule: How the engine scores the clause: the node's criterion sentence, with
            the limit of each wrapper around it.
        starred: Whether the clause is ★ (not stopped by 扣完为止).
        source: Where the clause comes from.
        role: ``veto``, ``bonus``, ``scored`` or ``""`` (see :func:`clause_role`).
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
    role: str = ""


@attrs.frozen
class SheetRow:
    """One line of the sheet: a 考核内容 with its clauses and its 分值.

    Attributes:
        path: The line's dotted path.
        content: 考核内容 as printed.
        points: 分值, or ``None`` for lines that carry no points (一票否决, 加分).
        criteria: The clauses, in sheet order.
        printed: The line's 考核标准 when the rulebook keeps it whole, else "".
        limit: The 扣完为止 sentence for the line, or "".
        source: Where the line comes from.
        role: The role of the line's own node (see :func:`clause_role`).
    """

    path: str
    content: str
    points: Decimal | None
    criteria: tuple[Criterion, ...]
    printed: str = ""
    limit: str = ""
    source: str = ""
    role: str = ""

    @property
    def standard(self) -> str:
        """The 考核标准 cell as plain text: printed whole or the clauses numbered, then the limit.

        >>> SheetRow("a", "甲", None, (), printed="按时报送", limit="本项2分，扣完为止").standard
        '按时报送\\n（本项2分，扣完为止）'
        """
        if self.printed:
            lines = [self.printed]
        elif len(self.criteria) == 1:
            lines = [self.criteria[0].text]
        else:
            lines = [f"{c.number}．{c.text}" for c in self.criteria]
        if self.limit:
            lines.append(f"（{self.limit}）")
        return "\n".join(line for line in lines if line)


@attrs.frozen
class SheetSection:
    """A part of the sheet (序号 and 项目) with its lines.

    Attributes:
        number: 序号 (一, 二…), or "" for a part outside the numbering (加分, 一票否决).
        path: The part's dotted path.
        title: 项目 as printed.
        points: The part's points, or ``None`` when it carries none.
        text: Text printed under the heading (when it is not the line's 考核内容).
        rows: Its lines.
        limit: The 扣完为止 sentence for the whole part, or "".
        source: Where the part comes from.
    """

    number: str
    path: str
    title: str
    points: Decimal | None
    text: str
    rows: tuple[SheetRow, ...]
    limit: str = ""
    source: str = ""


def _is_clause(node: Node) -> bool:
    """Whether a node is read as one clause of 考核标准 (not a container of rows)."""
    return node.sheet_role == "clause" or not node.children


def _join(path: str, segment: str) -> str:
    return f"{path}.{segment}" if path else segment


def _limit(wrappers: tuple[Node, ...], lowest: str) -> str:
    return "；".join(wrapper.criterion(lowest_grade=lowest) for wrapper in wrappers)


def _criterion(
    number: int, path: str, node: Node, wrappers: tuple[Node, ...], lowest: str
) -> Criterion:
    rule = node.criterion(lowest_grade=lowest)
    for wrapper in wrappers:
        rule += f"（{wrapper.criterion(lowest_grade=lowest)}）"
    text = node.text or rule
    if node.starred and "★" not in text:
        text += "（★）"
    return Criterion(
        number=number,
        path=path,
        kind=node.kind,
        title=node.title,
        text=text,
        printed=bool(node.text),
        rule=rule,
        starred=node.starred,
        source=node.source,
        role=clause_role(node),
    )


def _clauses(node: Node, path: str) -> Iterator[tuple[str, Node, tuple[Node, ...]]]:
    """The clauses under a line, in order, with the wrappers around each."""
    for child in node.children:
        inner, wrappers = child.unwrapped()
        child_path = _join(path, inner.segment)
        if _is_clause(inner):
            yield child_path, inner, wrappers
        else:
            yield from _clauses(inner, child_path)


def _line(
    path: str,
    node: Node,
    wrappers: tuple[Node, ...],
    lowest: str,
    prefix: str = "",
    *,
    whole_part: bool = False,
) -> SheetRow:
    """One line: a line node, a clause on its own, or a part whose children are clauses."""
    found: list[tuple[str, Node, tuple[Node, ...]]]
    if _is_clause(node):
        found, printed, content = [(path, node, ())], "", node.title
    elif whole_part:
        found, printed, content = list(_clauses(node, path)), "", node.text or node.title
    else:
        found, printed, content = list(_clauses(node, path)), node.text, node.title
    role = clause_role(node)
    if role == "bonus":
        total = node.limits().most_gained
        if total is not None:
            content += f"（总分值不超过{fmt(total)}分）"
    points = node.max_points
    return SheetRow(
        path=path,
        content=prefix + content,
        points=points if points > 0 or node.sheet_role == "line" else None,
        criteria=tuple(
            _criterion(number, p, n, w, lowest) for number, (p, n, w) in enumerate(found, start=1)
        ),
        printed=printed,
        limit=_limit(wrappers, lowest),
        source=node.source,
        role=role,
    )


def _whole(node: Node) -> bool:
    """Whether a part is laid out as one line: every child of it is a clause."""
    return all(_is_clause(child.unwrapped()[0]) for child in node.children)


def _lines(
    node: Node, path: str, wrappers: tuple[Node, ...], lowest: str, prefix: str = ""
) -> list[SheetRow]:
    """The lines of a part (see the module docstring)."""
    if node.sheet_role != "part" or _whole(node):
        return [_line(path, node, wrappers, lowest, prefix, whole_part=node.sheet_role == "part")]
    rows: list[SheetRow] = []
    for child in node.children:
        inner, inner_wrappers = child.unwrapped()
        child_path = _join(path, inner.segment)
        if inner.sheet_role == "part" and not _whole(inner):
            limit = _limit(inner_wrappers, lowest)
            head = f"{prefix}{inner.title}" + (f"（{limit}）" if limit else "") + "："
            rows.extend(_lines(inner, child_path, (), lowest, head))
        else:
            rows.extend(_lines(inner, child_path, inner_wrappers, lowest, prefix))
    return rows


def sheet_layout(rulebook: Rulebook) -> tuple[SheetSection, ...]:
    """Lay a rulebook out as its score sheet: numbered parts, their lines and clauses.

    Args:
        rulebook: The rulebook.

    Returns:
        The parts in sheet order (see the module docstring for the rules).

    >>> from assessment_rules import load_rulebook
    >>> parts = sheet_layout(load_rulebook("wujin-2021-departments"))
    >>> [(part.number, part.title, len(part.rows)) for part in parts][3:]
    [('四', '其他工作', 1), ('五', '事故控制', 1), ('', '加分', 1)]
    """
    lowest = rulebook.grades[-1].title if rulebook.grades else "不合格"
    parts: list[SheetSection] = []
    counter = 0
    for child in rulebook.children:
        node, wrappers = child.unwrapped()
        path = node.segment
        points = node.max_points
        numbered = node.sheet_role != "clause" or points > 0
        if numbered:
            counter += 1
        several = node.sheet_role == "part" and not _whole(node)
        rows = _lines(node, path, wrappers if not several else (), lowest)
        role = clause_role(node)
        parts.append(
            SheetSection(
                number=chinese_numeral(counter) if numbered else "",
                path=path,
                title=node.title if numbered else ROLE_TITLES.get(role, node.title),
                points=points if points > 0 or node.sheet_role == "part" else None,
                text=node.text if several else "",
                rows=tuple(rows),
                limit=_limit(wrappers, lowest) if several else "",
                source=node.source,
            )
        )
    return tuple(parts)
