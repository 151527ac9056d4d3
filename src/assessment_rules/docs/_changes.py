"""What changed between a rulebook and its predecessor, for the change pages.

When the library provides ``assessment_rules.diff_markdown`` (the yearly-rulebooks
diff), the page uses it. Otherwise :func:`simple_changes` compares the two trees node
by node on their dotted paths: enough to show added, removed and changed clauses.
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs

import assessment_rules

from .._node import Node
from .._numbers import fmt
from .._rulebook import Rulebook
from .._structure import CapAt
from ._markdown import cell
from ._sheet import cap_text, grade_lines, rule_text

__all__ = ["Change", "changes_markdown", "predecessor_of", "simple_changes"]

_FIELD_TITLES = {
    "title": "标题",
    "points": "分值",
    "rule": "计分规则",
    "text": "原文",
    "source": "来源",
    "cap": "扣完为止",
}


@attrs.frozen
class Change:
    """One difference between two rulebooks.

    Attributes:
        kind: ``added``, ``removed`` or ``changed``.
        path: The node's dotted path ("" for the rulebook itself).
        field: What changed (``title``, ``points``, ``rule``, ``text``, ``source``,
            ``cap``, ``grades``), or "" for added and removed nodes.
        old: The old value as text ("" when added).
        new: The new value as text ("" when removed).
    """

    kind: str
    path: str
    field: str
    old: str
    new: str


def _nodes(rulebook: Rulebook) -> dict[str, tuple[Node, str]]:
    """Map each real node's path to the node and the 扣完为止 sentence wrapping it."""
    caps: dict[str, str] = {}
    found: dict[str, Node] = {}
    for path, node in rulebook.walk():
        if isinstance(node, CapAt):
            caps[path] = cap_text(node)
        elif node is not rulebook:
            found[path] = node
    return {path: (node, caps.get(path, "")) for path, node in found.items()}


def _lowest(rulebook: Rulebook) -> str:
    return rulebook.grades[-1].title if rulebook.grades else "不合格"


def _fields(node: Node, cap: str, lowest: str) -> dict[str, str]:
    fields = {
        "title": node.title,
        "points": fmt(node.max_points) if node.max_points else "",
        "text": str(getattr(node, "text", "") or ""),
        "source": str(getattr(node, "source", "") or ""),
        "cap": cap,
    }
    if not node.children:
        fields["rule"] = rule_text(node, lowest)
    return fields


def simple_changes(old: Rulebook, new: Rulebook) -> tuple[Change, ...]:
    """Compare two rulebooks clause by clause on their dotted paths.

    >>> from assessment_rules import Deduct, Item, Rulebook, Section
    >>> def book(rate):
    ...     return Rulebook("tiny", "示例", points="10", children=(
    ...         Section("org", "组织领导", points="10", children=(
    ...             Item("meet", "会议", points="10", children=(
    ...                 Deduct("late", "迟报", rate=rate, shape="each"),)),)),))
    >>> [(c.kind, c.path, c.field) for c in simple_changes(book("1"), book("2"))]
    [('changed', 'org.meet.late', 'rule')]
    """
    before, after = _nodes(old), _nodes(new)
    changes: list[Change] = []
    if old.points != new.points:
        changes.append(Change("changed", "", "points", fmt(old.points), fmt(new.points)))
    if old.grades != new.grades:
        changes.append(
            Change(
                "changed",
                "",
                "grades",
                "；".join(grade_lines(old.grades)),
                "；".join(grade_lines(new.grades)),
            )
        )
    for path, (node, _) in before.items():
        if path not in after:
            changes.append(Change("removed", path, "", node.title, ""))
    for path, (node, cap) in after.items():
        if path not in before:
            changes.append(Change("added", path, "", "", node.title))
            continue
        old_node, old_cap = before[path]
        old_fields = _fields(old_node, old_cap, _lowest(old))
        for field, value in _fields(node, cap, _lowest(new)).items():
            previous = old_fields.get(field, "")
            if previous != value:
                changes.append(Change("changed", path, field, previous, value))
    return tuple(changes)


def _render_simple(old: Rulebook, new: Rulebook) -> str:
    changes = simple_changes(old, new)
    if not changes:
        return "两版细则的条款、分值、计分规则、等次和来源完全相同。\n"
    added = [c for c in changes if c.kind == "added"]
    removed = [c for c in changes if c.kind == "removed"]
    changed = [c for c in changes if c.kind == "changed"]
    parts: list[str] = [
        f"共 {len(changes)} 处变化：新增 {len(added)} 条，删除 {len(removed)} 条，"
        f"修改 {len(changed)} 处。\n"
    ]
    if added:
        parts.append("### 新增\n")
        parts.append("\n".join(f"- `{c.path}` {cell(c.new)}" for c in added) + "\n")
    if removed:
        parts.append("### 删除\n")
        parts.append("\n".join(f"- `{c.path}` {cell(c.old)}" for c in removed) + "\n")
    if changed:
        parts.append("### 修改\n")
        rows = ["| 路径 | 内容 | 原 | 新 |", "|---|---|---|---|"]
        for c in changed:
            field = _FIELD_TITLES.get(c.field, "等次" if c.field == "grades" else c.field)
            rows.append(
                f"| `{c.path or '（细则）'}` | {field} | {cell(c.old) or '—'} | "
                f"{cell(c.new) or '—'} |"
            )
        parts.append("\n".join(rows) + "\n")
    return "\n".join(parts)


def changes_markdown(old: Rulebook, new: Rulebook) -> tuple[str, bool]:
    """Return the Markdown of what changed from *old* to *new*.

    Returns:
        The Markdown, and whether it came from the library's own ``diff_markdown``
        (``False`` when this module's simple comparison was used).
    """
    diff = getattr(assessment_rules, "diff_markdown", None)
    if callable(diff):
        return str(diff(old, new)), True
    return _render_simple(old, new), False


def predecessor_of(rulebook: Rulebook, known: Mapping[str, Rulebook]) -> tuple[str, bool]:
    """Return the id of the rulebook that *rulebook* revises, and whether it was declared.

    A rulebook declares it with ``Rulebook(..., predecessor="wujin-2021-departments")``.
    Without a declaration, the same id with the previous year (``wujin-2022-…`` →
    ``wujin-2021-…``) is taken when such a rulebook is known. Returns ``("", False)``
    when there is none.

    >>> from assessment_rules import load_rulebook
    >>> predecessor_of(load_rulebook("wujin-2021-departments"), {})
    ('', False)
    """
    if rulebook.predecessor:
        return rulebook.predecessor, True
    if rulebook.year is not None:
        year = str(rulebook.year)
        parts = rulebook.id.split("-")
        if year in parts:
            index = parts.index(year)
            guess = "-".join([*parts[:index], str(rulebook.year - 1), *parts[index + 1 :]])
            if guess in known:
                return guess, False
    return "", False
