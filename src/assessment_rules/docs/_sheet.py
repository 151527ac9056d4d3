"""The score sheet as data: the one sheet layout with every rule spelled out.

A rulebook becomes a :class:`ScoreSheet`: the parts, lines and clauses of the one
score-sheet layout that every sheet of the library shares (序号 / 项目 / 考核内容 /
考核标准 / 分值; see :mod:`assessment_rules.io._layout` for its rules, among them
that a 一票否决 or 加分 clause directly under the rulebook is a part outside the
numbering). On top of it the page adds what the paper states in its notes: every
clause's rule as the engine applies it (its criterion sentence, with 扣完为止), the ★
clauses, the vetoes, the bonus and the grade bands, and the rulebook's own policies.
Each of those says its own Chinese sentence, as a node says its criterion: a veto its
effect (``criterion(lowest_grade=…)``), a converted part (``raw_points``) its
conversion, the total's policy (``TotalPolicy.criterion``), each condition of the
eligibility gate (``Requirement.criterion``), each score veto
(``ScoreVeto.criterion``), the ranking (``Ranking.describe``) and the excellent quota
(``ExcellentQuota.criterion``). Nothing here asks what class a node or a policy is.
Rendering to Markdown is done elsewhere (``_markdown``), from this data only, so the
same sheet can be rendered other ways.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import attrs

from ..engine._grades import GradeBand
from ..engine._node import Node, ScoredLeaf
from ..engine._numbers import fmt
from ..engine._policy import NOT_ASSESSED, TotalPolicy
from ..engine._rulebook import Rulebook
from ..io._layout import (
    Criterion,
    SheetRow,
    SheetSection,
    chinese_numeral,
    clause_role,
    sheet_layout,
)

__all__ = [
    "Criterion",
    "ScoreSheet",
    "SheetRow",
    "SheetSection",
    "cap_text",
    "chinese_numeral",
    "grade_lines",
    "kind_title",
    "rule_text",
    "score_sheet",
]


def kind_title(node: Node) -> str:
    """Name what a node is on the sheet, in Chinese, from its role.

    A ``part`` is a 考核项目; a veto 一票否决; a bonus 加分; a clause that loses points
    扣分, or 评分 when it scores within points of its own; any other node a 考核内容.

    >>> from assessment_rules import Deduct, Judgment
    >>> kind_title(Deduct("plan", "未制定", rate="1"))
    '扣分'
    >>> kind_title(Judgment("duty", "履职", points="5"))
    '评分'
    """
    role = clause_role(node)
    if role == "veto":
        return "一票否决"
    if role == "bonus":
        return "加分"
    if isinstance(node, ScoredLeaf):
        return "评分" if node.max_points > 0 else "扣分"
    return "考核项目" if node.sheet_role == "part" else "考核内容"


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
        total: The total's policy in words: how far bonus may take the total
            (``TotalPolicy.criterion``; without a policy, that the total may exceed
            full points).
        conversions: The sentence of each converted part (按70分制评分，折算为30分).
        gate: The conditions of the eligibility gate (申报条件), one sentence each.
        score_vetoes: The vetoes on the score itself (得分低于80分的…), one sentence each.
        ranking: How a cohort is ranked, in words ("" for none).
        quota: The excellent quota in words ("" for none).
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
    total: str = ""
    conversions: tuple[str, ...] = ()
    gate: tuple[str, ...] = ()
    score_vetoes: tuple[str, ...] = ()
    ranking: str = ""
    quota: str = ""

    @property
    def veto_rules(self) -> tuple[str, ...]:
        """Every veto's sentence, its effect included: the clauses', then the score's."""
        return tuple(c.rule for c in self.vetoes) + self.score_vetoes

    @property
    def criteria(self) -> Iterator[Criterion]:
        """Every clause of the sheet, in order."""
        for section in self.sections:
            for row in section.rows:
                yield from row.criteria

    def notes(self) -> tuple[str, ...]:
        """The sheet's notes (注) in Chinese, each said by the rule or policy it is about.

        In order: the gate, the total, converted parts, caps, ★, the floor, vetoes (each
        with its own effect), bonus with the total's policy, the grades, the ranking and
        the quota.

        >>> from assessment_rules import load_rulebook
        >>> score_sheet(load_rulebook("wujin-2021-departments")).notes()[0]
        '考核总分值为100分。'
        """
        lines: list[str] = []
        if self.gate:
            lines.append(
                f"参加考核须符合申报条件：{'；'.join(_bare(g) for g in self.gate)}。"
                f"不符合任一条件的单位{NOT_ASSESSED}：不计分、不评定等次、不参加排名，"
                "也不占优秀名额，结果中写明不符合的条件。"
            )
        lines.append(f"考核总分值为{fmt(self.points)}分。")
        lines.extend(f"{_bare(text)}。" for text in self.conversions)
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
        if self.veto_rules:
            rules = "；".join(_bare(rule) for rule in self.veto_rules)
            lines.append(
                f"一票否决：{rules}。一票否决不会提高等次；同时出现几种情形的，取其中最低的等次；"
                "被否决单位的各项得分仍照常计算并列出。"
            )
        if self.bonuses:
            rules = "；".join(_bare(c.rule) for c in self.bonuses)
            lines.append(f"加分：{rules}。加分在扣分之后计入，{_bare(self.total)}。")
        if self.grades:
            lines.append("考核等次：" + "；".join(grade_lines(self.grades)) + "。")
        if self.ranking:
            lines.append(f"排名：{_bare(self.ranking)}。")
        if self.quota:
            lines.append(f"{_bare(self.quota)}。")
        return tuple(lines)


def _bare(text: str) -> str:
    """A sentence without its closing 。 (so sentences can be joined and closed once)."""
    return text.rstrip().rstrip("。；;")


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


def cap_text(cap: Node) -> str:
    """Spell out a wrapper's limit (扣完为止) in Chinese: its criterion sentence.

    >>> from assessment_rules import CapAt, Deduct, Item
    >>> item = Item("plan", "年度计划", points="10", children=(Deduct("x", "未制定", rate="2"),))
    >>> cap_text(CapAt(item)), cap_text(CapAt(item, limit="6"))
    ('本项10分，扣完为止', '本项扣分最多6分')
    """
    return cap.criterion()


def rule_text(node: Node, lowest_grade: str = "不合格") -> str:
    """Spell out how one clause is scored, in Chinese: the node's criterion sentence.

    Every node kind says it itself (:meth:`~assessment_rules.Node.criterion`); a kind
    that does not is described by its printed text or title and points.

    Args:
        node: A scoring node (usually a leaf, a veto or a bonus).
        lowest_grade: The grade a veto forces.

    Returns:
        One sentence.

    >>> from assessment_rules import Deduct
    >>> rule_text(Deduct("leader_checks", "部门领导带队检查", rate="2", shape="shortfall",
    ...                  required=4, unit="次"))
    '部门领导带队检查应不少于4次，每少1次扣2分'
    """
    return node.criterion(lowest_grade=lowest_grade)


def score_sheet(rulebook: Rulebook) -> ScoreSheet:
    """Lay a rulebook out as its paper score sheet, with the rules spelled out.

    Top-level parts are numbered 一, 二…; a 一票否决 or 加分 clause directly under the
    rulebook is a part outside the numbering (the one layout of every score sheet).

    Args:
        rulebook: The rulebook.

    Returns:
        The sheet, with every clause's rule spelled out in Chinese.

    >>> from assessment_rules import load_rulebook
    >>> sheet = score_sheet(load_rulebook("wujin-2021-departments"))
    >>> [(s.number, s.title, s.points) for s in sheet.sections][:2]
    [('一', '组织领导', Decimal('20')), ('二', '重点工作', Decimal('60'))]
    """
    sections = sheet_layout(rulebook)
    lowest = rulebook.grades[-1].title if rulebook.grades else "不合格"
    capped = tuple(path for path, node in rulebook.walk() if node.transparent)
    every = [c for s in sections for r in s.rows for c in r.criteria]
    return ScoreSheet(
        rulebook.id,
        rulebook.title,
        rulebook.points,
        sections,
        rulebook.grades,
        rulebook.floor,
        capped,
        tuple(c for c in every if c.starred),
        tuple(c for c in every if c.role == "veto"),
        tuple(c for c in every if c.role == "bonus"),
        total=(rulebook.total or TotalPolicy()).criterion(rulebook.points),
        conversions=tuple(
            node.criterion(lowest_grade=lowest)
            for _, node in rulebook.walk()
            if node is not rulebook and node.raw_points is not None
        ),
        gate=tuple(requirement.criterion() for requirement in rulebook.gate),
        score_vetoes=tuple(veto.criterion(lowest_grade=lowest) for veto in rulebook.score_vetoes),
        ranking=rulebook.ranking.describe(),
        quota="" if rulebook.quota is None else rulebook.quota.criterion(),
    )
