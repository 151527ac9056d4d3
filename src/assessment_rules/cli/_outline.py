"""Outlines of a rulebook (``show``) and of one unit's ledger (``explain``), as data.

Nodes are described from their public fields only (``points``, ``rate``, ``shape``,
``starred``, ``cap``…), read with ``getattr`` so that node kinds added later still
show with their title and points.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from ..combinators._structure import CapAt
from ..engine._node import Node
from ..engine._numbers import fmt
from ..engine._results import LedgerEntry, NodeResult, UnitResult
from ..engine._rulebook import Rulebook
from ..io._fact_text import node_index
from ..io._sheets import chinese_numeral
from ._render import Outline

__all__ = ["rulebook_dict", "rulebook_outline", "unit_outline"]


def _points(value: object) -> str:
    return fmt(value) if isinstance(value, Decimal | int) else str(value)


def _deduct_rule(node: Any) -> str:
    rate = _points(node.rate)
    unit = getattr(node, "counter", "") or "次"
    shape = getattr(node, "shape", "flag")
    if shape == "each":
        return f"每{unit}扣{rate}分"
    if shape == "shortfall":
        return f"应不少于{node.required}{unit}，每少1{unit}扣{rate}分"
    if shape == "missing":
        return f"每缺1{unit}扣{rate}分（{'、'.join(node.items)}）"
    return f"扣{rate}分"


def _facts_note(node: Node) -> str:
    names = [fact.name for fact in node.own_facts()]
    return f"  [{', '.join(names)}]" if names else ""


def _describe(node: Node, cap: CapAt | None, numeral: str) -> tuple[str, str]:
    kind = node.kind
    title = node.title
    points = node.max_points
    cap_note = ""
    if cap is not None:
        limit = cap.effective_limit
        cap_note = "，扣完为止" if limit == points else f"，最多扣{fmt(limit)}分（扣完为止）"
    if kind == "section":
        head = f"{numeral}、{title}" if numeral else title
        return f"{head}（{fmt(points)}分{cap_note}）", "bold"
    if kind == "item":
        return f"{title}（{fmt(points)}分{cap_note}）", "bold"
    if kind == "deduct":
        star = getattr(node, "starred", False)
        mark = "★ " if star else ""
        note = "（★ 不受扣完为止限制，直接从总分扣减）" if star else ""
        return f"{mark}{title}：{_deduct_rule(node)}{note}{cap_note}{_facts_note(node)}", (
            "red" if star else ""
        )
    if kind == "judgment":
        return f"{title}：评分 0 至 {fmt(points)} 分{_facts_note(node)}", ""
    if kind == "veto":
        at_least = getattr(node, "at_least", 1)
        unit = getattr(node, "unit", "")
        threshold = f"（达到{at_least}{unit}）" if at_least > 1 else ""
        return f"一票否决：{title}{threshold}，等次为最低等次{_facts_note(node)}", "magenta"
    if kind == "bonus":
        bonus_cap = getattr(node, "cap", None)
        total_note = f"（加分总分值不超过{fmt(bonus_cap)}分）" if bonus_cap is not None else ""
        return f"加分：{title}{total_note}", "green"
    extra = f"（{fmt(points)}分{cap_note}）" if points else cap_note
    return f"{title}{extra}{_facts_note(node)}", ""


def _rule_outline(node: Node, cap: CapAt | None = None, numeral: str = "") -> Outline:
    if isinstance(node, CapAt):
        return _rule_outline(node.node, node, numeral)
    text, style = _describe(node, cap, numeral)
    children = [_rule_outline(child) for child in node.children]
    if node.kind == "bonus":
        for level in getattr(node, "levels", ()):
            fact = node.fact_for(level) if hasattr(node, "fact_for") else None
            name = f"  [{fact.name}]" if fact is not None else ""
            children.append(Outline(f"{level.title}：单次不超过{fmt(level.cap)}分{name}", "green"))
    return Outline(text, style, tuple(children))


def rulebook_outline(rulebook: Rulebook) -> Outline:
    """The rulebook as a tree: points, caps (扣完为止), ★, vetoes, bonus, grade bands.

    >>> from assessment_rules import load_rulebook
    >>> rulebook_outline(load_rulebook("wujin-2021-departments")).children[0].text
    '一、组织领导（20分）'
    """
    year = f"，{rulebook.year}年" if rulebook.year else ""
    head = f"{rulebook.title}（{rulebook.id}{year}，满分{fmt(rulebook.points)}分）"
    children: list[Outline] = []
    number = 0
    for child in rulebook.children:
        inner = child.node if isinstance(child, CapAt) else child
        numeral = ""
        if inner.kind == "section":
            number += 1
            numeral = chinese_numeral(number)
        children.append(_rule_outline(child, None, numeral))
    bands = []
    for index, band in enumerate(rulebook.grades):
        if index and not band.minimum:
            bands.append(f"{band.title} < {fmt(rulebook.grades[index - 1].minimum)}")
        else:
            bands.append(f"{band.title} ≥ {fmt(band.minimum)}")
    children.append(Outline(f"等次：{'；'.join(bands)}（下限含本数）", "cyan"))
    if rulebook.floor:
        children.append(Outline("扣分后的基础分不低于0分；加分在其后计入", "dim"))
    quota = getattr(rulebook, "quota", None)
    if quota is not None and hasattr(quota, "share"):
        children.append(Outline(f"优秀比例：{fmt(quota.share * 100)}%左右", "cyan"))
    return Outline(head, "bold", tuple(children))


def _plain(value: object) -> object:
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, tuple):
        return list(value)
    return value


def _node_dict(path: str, node: Node, cap: Decimal | None) -> dict[str, Any]:
    if isinstance(node, CapAt):
        return _node_dict(path, node.node, node.effective_limit)
    record: dict[str, Any] = {
        "path": path,
        "id": node.id,
        "kind": node.kind,
        "title": node.title,
        "points": format(node.max_points, "f"),
        "cap": None if cap is None else format(cap, "f"),
        "starred": bool(getattr(node, "starred", False)),
        "text": str(getattr(node, "text", "") or ""),
        "source": str(getattr(node, "source", "") or ""),
        "facts": [fact.name for fact in node.own_facts()],
    }
    for name in ("rate", "shape", "required", "items", "at_least", "unit"):
        value = getattr(node, name, None)
        if value is None or value in ((), ""):
            continue
        record[name] = _plain(value)
    if node.kind == "bonus":
        bonus_cap = getattr(node, "cap", None)
        record["cap"] = None if bonus_cap is None else format(bonus_cap, "f")
        record["levels"] = [
            {"id": level.id, "title": level.title, "cap": format(level.cap, "f")}
            for level in getattr(node, "levels", ())
        ]
    record["children"] = [
        _node_dict(f"{path}.{child.id}" if path else child.id, child, None)
        for child in node.children
    ]
    return record


def rulebook_dict(rulebook: Rulebook) -> dict[str, Any]:
    """The rulebook as JSON-ready data: its tree, facts and grade bands."""
    facts: Mapping[str, Any] = rulebook.facts
    return {
        "id": rulebook.id,
        "title": rulebook.title,
        "year": rulebook.year,
        "points": format(rulebook.points, "f"),
        "document": rulebook.document,
        "source": rulebook.source,
        "floor": rulebook.floor,
        "grades": [{"title": g.title, "minimum": format(g.minimum, "f")} for g in rulebook.grades],
        "facts": [
            {
                "name": name,
                "label": fact.label,
                "kind": fact.kind,
                "minimum": None if fact.minimum is None else format(fact.minimum, "f"),
                "maximum": None if fact.maximum is None else format(fact.maximum, "f"),
                "choices": list(fact.choices),
                "required": fact.required,
                "unit": fact.unit,
                "paths": list(rulebook.fact_paths[name]),
            }
            for name, fact in facts.items()
        ],
        "children": [_node_dict(child.id, child, None) for child in rulebook.children],
    }


def _score_text(node: NodeResult) -> str:
    parts = [f"{fmt(node.score)}/{fmt(node.max)}分"]
    if node.lost:
        parts.append(f"扣{fmt(node.lost)}")
    if node.gained:
        parts.append(f"加{fmt(node.gained)}")
    if node.absorbed:
        parts.append(f"扣完为止，{fmt(node.absorbed)}分未计")
    return "，".join(parts)


def _entry_outline(entry: LedgerEntry, rule: Node | None) -> list[Outline]:
    style = "red" if entry.kind == "deduction" else "green"
    lines = [Outline(f"原因：{entry.reason}", style)]
    arithmetic = (
        f"计算：{fmt(entry.occurrences)} × {fmt(entry.rate)} = {fmt(entry.raw)}，"
        f"计入{fmt(entry.counted)}"
    )
    if entry.absorbed:
        arithmetic += f"，{fmt(entry.absorbed)}分被上限吸收"
    lines.append(Outline(arithmetic, "dim"))
    text = str(getattr(rule, "text", "") or "") if rule is not None else ""
    if text:
        lines.append(Outline(f"条款：{text}", "dim"))
    if entry.source:
        lines.append(Outline(f"来源：{entry.source}", "dim"))
    return lines


def _result_outline(
    node: NodeResult, result: UnitResult, rules: Mapping[str, Node], numeral: str = ""
) -> Outline:
    rule = rules.get(node.path)
    title = f"{numeral}、{node.title}" if numeral else node.title
    if node.kind == "veto":
        hit = next((v for v in result.vetoes if v.path == node.path), None)
        if hit is not None:
            return Outline(f"一票否决（触发）：{hit.reason}", "bold magenta")
        return Outline(f"一票否决：{node.title}（未触发）", "dim")
    if node.kind == "bonus":
        entries = tuple(
            Outline(f"{e.title}：加{fmt(e.counted)}分", "green", tuple(_entry_outline(e, None)))
            for e in node.entries
        )
        return Outline(f"加分：{node.title}：加{fmt(node.gained)}分", "green", entries)
    if not node.children:
        if not node.entries:
            return Outline(f"{title}：未扣分", "dim")
        lines = tuple(line for e in node.entries for line in _entry_outline(e, rule))
        if node.max:
            return Outline(f"{title}：{_score_text(node)}", "", lines)
        absorbed = sum((e.absorbed for e in node.entries), Decimal(0))
        note = f"（应扣{fmt(node.lost + absorbed)}分，扣完为止）" if absorbed else ""
        star = "★ " if any(e.starred for e in node.entries) else ""
        return Outline(f"{star}{title}：扣{fmt(node.lost)}分{note}", "red", lines)
    children = tuple(_result_outline(child, result, rules) for child in node.children)
    style = "bold" if node.lost or node.gained else "bold dim"
    return Outline(f"{title}：{_score_text(node)}", style, children)


def unit_outline(
    result: UnitResult, rulebook: Rulebook, grade: str = "", note: str = ""
) -> Outline:
    """One unit's whole ledger as a tree: every node's score, every entry explained."""
    rules = node_index(rulebook)
    label = f"{result.name}（{result.unit}）" if result.name else result.unit
    final = grade or result.grade
    head = (
        f"{label}：总分{fmt(result.total)}分（满分{fmt(result.max)}分，"
        f"扣{fmt(result.root.lost)}分，加{fmt(result.root.gained)}分），等次{final}"
        + ("（一票否决）" if result.vetoed else "")
    )
    children: list[Outline] = []
    number = 0
    for child in result.root.children:
        numeral = ""
        if child.kind == "section":
            number += 1
            numeral = chinese_numeral(number)
        children.append(_result_outline(child, result, rules, numeral))
    if note:
        children.append(Outline(note, "cyan"))
    return Outline(head, "bold", tuple(children))
