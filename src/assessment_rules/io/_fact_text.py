"""Chinese descriptions of facts, for evidence forms and the help they carry.

A form tells the assessor, for every fact, what to type: its kind (类型), what a
valid value looks like (填写要求), the default used when the cell is left empty
(默认值) and the clauses the value feeds (对应条款).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Final

import attrs

from ..engine._facts import Fact
from ..engine._node import Node
from ..engine._numbers import fmt
from ..engine._rulebook import Rulebook

__all__ = ["KIND_TITLES", "FactRow", "fact_rows", "node_index", "value_text"]

KIND_TITLES: Final = {
    "flag": "是/否",
    "count": "整数",
    "amount": "数值",
    "score": "评分",
    "date": "日期",
    "choice": "单选",
    "list": "清单",
    "amounts": "数值清单",
}

LIST_SEPARATOR: Final = "、"


def value_text(value: object) -> str:
    """Render one fact value the way a form cell holds it.

    >>> value_text(False), value_text(("甲", "乙")), value_text(Decimal("2.50"))
    ('否', '甲、乙', '2.50')
    """
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return LIST_SEPARATOR.join(value_text(item) for item in value)
    return "" if value is None else str(value)


def _bounds(fact: Fact) -> str:
    low, high = fact.effective_minimum, fact.maximum
    if low is not None and high is not None:
        return f"{fmt(low)} 至 {fmt(high)}"
    if low is not None:
        return f"不小于 {fmt(low)}"
    if high is not None:
        return f"不大于 {fmt(high)}"
    return ""


def requirement(fact: Fact) -> str:
    """Say in Chinese what a valid value of *fact* looks like.

    >>> requirement(Fact("x", "会议次数", kind="count", unit="次"))
    '整数（次），不小于 0'
    """
    if fact.help:
        # The rulebook's own sentence says it best (a judged deduction's range, a list
        # of award levels); the choices are still listed.
        choices = f"；可选：{LIST_SEPARATOR.join(fact.choices)}" if fact.choices else ""
        return fact.help + choices
    unit = f"（{fact.unit}）" if fact.unit else ""
    bounds = _bounds(fact)
    kind = fact.kind
    if kind == "flag":
        return "填“是”或“否”"
    if kind == "date":
        return "日期，如 2024-11-20"
    if kind == "choice":
        return "从中选一：" + LIST_SEPARATOR.join(fact.choices)
    if kind == "list":
        if fact.choices:
            return (
                "列出已完成（已具备）的各项，用“、”分隔，一项也没有填“无”；可选："
                + LIST_SEPARATOR.join(fact.choices)
            )
        return "多项用“、”分隔，没有填“无”"
    if kind == "amounts":
        return f"每项一个数值{unit}，多项用“、”分隔，没有填“无”" + (
            f"，每项{bounds}" if bounds else ""
        )
    noun = {"count": "整数", "amount": "数值", "score": "数值"}[kind]
    return f"{noun}{unit}" + (f"，{bounds}" if bounds else "")


def default_text(fact: Fact) -> str:
    """The 默认值 cell: the declared default, or 必填 when the fact is required.

    >>> default_text(Fact("x", "标签", kind="flag", default=False))
    '否'
    """
    if fact.default is None:
        return "必填"
    text = value_text(fact.default)
    return text if text else "（空）"


def node_index(rulebook: Rulebook) -> dict[str, Node]:
    """Map every dotted path to its node (a ``CapAt`` yields to the node it wraps)."""
    return {path: node for path, node in rulebook.walk()}


@attrs.frozen
class FactRow:
    """One line of an evidence form: a fact and everything an assessor needs to fill it.

    Attributes:
        name: The fact name (事实代码), the key in evidence files.
        label: The Chinese label (填报项目).
        kind: The kind in Chinese (类型).
        requirement: What a valid value looks like (填写要求).
        default: The default used when left empty, or 必填 (默认值).
        clauses: The clauses the fact feeds, with source and path (对应条款).
        fact: The fact itself.
    """

    name: str
    label: str
    kind: str
    requirement: str
    default: str
    clauses: tuple[str, ...]
    fact: Fact


def fact_rows(rulebook: Rulebook) -> list[FactRow]:
    """Describe every fact of *rulebook*, in clause order.

    >>> from assessment_rules import load_rulebook
    >>> row = fact_rows(load_rulebook("wujin-2021-departments"))[3]
    >>> row.name, row.kind, row.default
    ('safety_meetings', '整数', '必填')
    """
    nodes = node_index(rulebook)
    rows: list[FactRow] = []
    paths: Mapping[str, tuple[str, ...]] = rulebook.fact_paths
    for name, fact in rulebook.facts.items():
        clauses = []
        for path in paths[name]:
            node = nodes.get(path)
            source = node.source if node is not None else ""
            clauses.append(f"{source}（{path}）" if source else path)
        rows.append(
            FactRow(
                name,
                fact.label,
                KIND_TITLES.get(fact.kind, fact.kind),
                requirement(fact),
                default_text(fact),
                tuple(clauses),
                fact,
            )
        )
    return rows
