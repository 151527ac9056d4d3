"""What changed between two rulebooks (usually two years of one score sheet), as data.

:func:`diff_rulebooks` matches nodes by dotted path, and a node whose path changed by
its id (ids are stable across years), then lists every difference as a
:class:`Change`: nodes added, removed or moved; points, rates, caps (扣完为止), texts,
grade bands, vetoes, bonus rules and other rule settings changed; facts added, removed
or declared differently. Renderers for text, Markdown and JSON walk that data.

Nodes are compared through the node protocol only: a transparent wrapper (``CapAt``) is
the cap around the node inside it, the parts a node keeps in its ``edit_field`` are
matched by id, fields are its ``edit_arguments()`` and an added or removed clause is
summed up by its ``criterion()``, the sentence the score sheet prints. A district's own
node kind is diffed like a built-in one.

Every change also carries its wording for people (``label``, ``old_text``,
``new_text``): the node says how its argument reads, through the protocol's
:meth:`~assessment_rules.Node.argument_label` and
:meth:`~assessment_rules.Node.argument_text` (``partial`` 不足1个计量单位时:
不足1小时的按1小时计 → 不足1小时的部分不扣分), asked of the old node for the old
value and of the new node for the new one. The reports print that wording; the JSON
keeps the field names and raw values as well, for tools.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Any, Final

import attrs

from .._i18n import gettext as _
from .._i18n import ngettext
from ..engine._arguments import ARGUMENT_LABELS, value_text
from ..engine._facts import Fact
from ..engine._grades import GradeBand
from ..engine._node import BonusLeaf, Node, VetoLeaf
from ..engine._numbers import fmt
from ..engine._rulebook import Rulebook
from ._derive import _arguments, _parts, _sequence_field

__all__ = [
    "CHANGE_KINDS",
    "Change",
    "RulebookDiff",
    "diff_markdown",
    "diff_rulebooks",
    "plain_value",
]

CHANGE_KINDS: Final = (
    "rulebook",
    "grade",
    "added",
    "removed",
    "moved",
    "points",
    "rate",
    "cap",
    "text",
    "rule",
    "veto",
    "bonus",
    "fact_added",
    "fact_removed",
    "fact_changed",
)
"""Every ``Change.kind``, in the order a report lists them."""

KIND_LABELS: Final = {
    "rulebook": "细则",
    "grade": "等次",
    "added": "新增",
    "removed": "删除",
    "moved": "移动",
    "points": "分值",
    "rate": "扣分标准",
    "cap": "扣完为止",
    "text": "文字",
    "rule": "规则",
    "veto": "一票否决",
    "bonus": "加分",
    "fact_added": "新增事实",
    "fact_removed": "删除事实",
    "fact_changed": "事实变化",
}
"""Chinese labels of the change kinds, for reports."""

_TEXT_FIELDS: Final = frozenset({"title", "text", "source", "document", "description"})
_FACT_FIELDS: Final = ("kind", "minimum", "maximum", "choices", "default")
_FACT_LABELS: Final = {
    "kind": "类型",
    "minimum": "最小值",
    "maximum": "最大值",
    "choices": "可选项",
    "default": "默认值",
}
_FACT_KINDS: Final = {
    "flag": "是/否",
    "count": "整数",
    "amount": "数额",
    "score": "分数",
    "date": "日期",
    "choice": "单选",
    "list": "清单",
    "amounts": "数额列表",
}


@attrs.frozen
class Change:
    """One difference between two rulebooks.

    Attributes:
        kind: One of :data:`CHANGE_KINDS`.
        path: The node's dotted path in the new rulebook (in the old one for a
            removal); ``""`` for the rulebook itself.
        field: The field that changed (``points``, ``rate``, ``limit``, ``title``…),
            ``node`` for an added or removed node, ``path`` for a move, ``fact`` for a
            fact added or removed.
        old: The old value (``None`` when there was none).
        new: The new value (``None`` when there is none).
        title: The node's title (the grade's title for a grade band).
        node: The node's kind (``section``, ``item``, ``deduct``, ``veto``…; a plain
            part's class in snake case, such as ``award_level``).
        fact: The fact's name, for fact changes.
        label: The field in Chinese (``不足1个计量单位时``; the node's
            ``argument_label``), or "" for an added or removed node.
        old_text: The old value in Chinese (the old node's ``argument_text``: 不足1小时
            的按1小时计, 2026年12月10日前, 不得评为最高等次), "—" for none.
        new_text: The new value in Chinese, "—" for none.
    """

    kind: str
    path: str
    field: str
    old: Any
    new: Any
    title: str = ""
    node: str = ""
    fact: str = ""
    label: str = ""
    old_text: str = attrs.field(
        default=attrs.Factory(lambda self: _shown(self.old), takes_self=True)
    )
    new_text: str = attrs.field(
        default=attrs.Factory(lambda self: _shown(self.new), takes_self=True)
    )

    def as_dict(self) -> dict[str, Any]:
        """This change as JSON-ready data (numbers as decimal text)."""
        return {
            "kind": self.kind,
            "path": self.path,
            "field": self.field,
            "old": plain_value(self.old),
            "new": plain_value(self.new),
            "title": self.title,
            "node": self.node,
            "fact": self.fact,
            "label": self.label,
            "old_text": self.old_text,
            "new_text": self.new_text,
        }


def plain_value(value: object) -> Any:
    """Return *value* as JSON-ready data: decimals as text, tuples as lists.

    >>> plain_value((Decimal("0.5"), "a")), plain_value(None)
    (['0.5', 'a'], None)
    """
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, tuple | list):
        return [plain_value(v) for v in value]
    if isinstance(value, Fact):
        return value.name
    if isinstance(value, GradeBand):
        return f"{value.title} ≥ {fmt(value.minimum)}"
    if isinstance(value, Node) or attrs.has(type(value)):
        return repr(value)
    return str(value)


def _shown(value: object) -> str:
    """A value in Chinese when no node says it (the default of ``argument_text``)."""
    if isinstance(value, GradeBand):
        return f"{value.title} ≥ {fmt(value.minimum)}"
    return value_text(value)


@attrs.frozen
class RulebookDiff:
    """Every change from one rulebook to another, with renderers.

    Attributes:
        old: The old rulebook's id.
        new: The new rulebook's id.
        old_title: The old rulebook's title.
        new_title: The new rulebook's title.
        changes: The changes: rulebook settings and grades, then by section in sheet
            order, then facts.
    """

    old: str
    new: str
    old_title: str
    new_title: str
    changes: tuple[Change, ...]

    def __bool__(self) -> bool:
        return bool(self.changes)

    def of_kind(self, *kinds: str) -> tuple[Change, ...]:
        """The changes of the given kinds."""
        return tuple(c for c in self.changes if c.kind in kinds)

    def counts(self) -> dict[str, int]:
        """How many changes of each kind, in :data:`CHANGE_KINDS` order."""
        counts = {kind: 0 for kind in CHANGE_KINDS}
        for change in self.changes:
            counts[change.kind] = counts.get(change.kind, 0) + 1
        return {kind: n for kind, n in counts.items() if n}

    def as_dict(self) -> dict[str, Any]:
        """The JSON document: ``old``, ``new``, ``counts`` and the ``changes`` list."""
        return {
            "schema": "assessment-rules/diff",
            "schema_version": "1.1",
            "old": {"id": self.old, "title": self.old_title},
            "new": {"id": self.new, "title": self.new_title},
            "counts": self.counts(),
            "changes": [c.as_dict() for c in self.changes],
        }

    def as_text(self) -> str:
        """A plain-text report, one line per change."""
        lines = [f"{self.old} → {self.new}: {_count_text(len(self.changes))}"]
        for change in self.changes:
            lines.append("  " + _line(change))
        return "\n".join(lines) + "\n"

    def as_markdown(self) -> str:
        """A Markdown table of the changes (the documentation site's "what changed")."""
        if not self.changes:
            return f"`{self.new}` 与 `{self.old}` 相比没有变化。\n"
        head = f"`{self.new}` 与 `{self.old}` 相比共有 {len(self.changes)} 处变化"
        counts = "，".join(f"{KIND_LABELS.get(k, k)} {n}" for k, n in self.counts().items())
        rows = [
            f"{head}（{counts}）。",
            "",
            "| 变化 | 路径 | 条款 | 字段 | 原 | 新 |",
            "| --- | --- | --- | --- | --- | --- |",
        ]
        for c in self.changes:
            old, new = (
                (f"`{c.old}`", f"`{c.new}`")
                if c.kind == "moved"
                else (_md(_brief(c, c.old_text)), _md(_brief(c, c.new_text)))
            )
            cells = (
                KIND_LABELS.get(c.kind, c.kind),
                f"`{c.path}`" if c.path else "（细则）",
                _md(c.title),
                _md(_label(c)),
                old,
                new,
            )
            rows.append("| " + " | ".join(cells) + " |")
        return "\n".join(rows) + "\n"


def _count_text(count: int) -> str:
    if count == 0:
        return _("no changes")
    return ngettext("{count} change", "{count} changes", count).format(count=count)


def _label(change: Change) -> str:
    """The changed field as a reader says it: the node's label, else the field name."""
    if change.kind in ("added", "removed", "fact_added", "fact_removed"):
        return ""
    return change.label or change.field


def _brief(change: Change, text: str) -> str:
    # A rulebook description is a page of prose: say that it changed, not all of it.
    if change.field == "description" and len(text) > 40:
        return text[:40].replace("\n", " ") + "…"
    return text


def _md(text: str) -> str:
    return (
        text.replace("\\", "\\\\")
        .replace("|", "\\|")
        .replace("<", "&lt;")
        .replace("\r", " ")
        .replace("\n", " ")
        .replace("*", "\\*")
        .replace("_", "\\_")
    )


def _line(change: Change) -> str:
    label = KIND_LABELS.get(change.kind, change.kind)
    where = change.path or "（细则）"
    title = f" {change.title}" if change.title else ""
    old, new = _brief(change, change.old_text), _brief(change, change.new_text)
    if change.kind in ("added", "fact_added"):
        return f"+ [{label}] {where}{title}：{new}"
    if change.kind in ("removed", "fact_removed"):
        return f"- [{label}] {where}{title}：{old}"
    if change.kind == "moved":
        return f"~ [{label}] {where}{title}：由 {change.old} 移至 {change.new}"
    return f"~ [{label}] {where}{title}：{_label(change)}：{old} → {new}"


# --------------------------------------------------------------------------- matching


@attrs.frozen
class _Entry:
    node: Any
    wrapper: Node | None  # the outermost transparent wrapper with a cap around the node
    rules: str  # the change kind of its rule fields: ``veto``, ``bonus`` or ``rule``


def _rules_kind(node: object) -> str:
    if isinstance(node, VetoLeaf):
        return "veto"
    if isinstance(node, BonusLeaf):
        return "bonus"
    return "rule"


def _entries(book: Rulebook) -> dict[str, _Entry]:
    """Every node by dotted path, with the cap around it; plain parts (award levels) too."""
    found: dict[str, _Entry] = {}
    caps: dict[str, Node] = {}
    for path, node in book.walk():
        if node is book:
            continue
        if node.transparent:
            if node.cap_limit is not None:
                caps.setdefault(path, node)
            continue
        rules = _rules_kind(node)
        found[path] = _Entry(node, caps.get(path), rules)
        field = _sequence_field(type(node))
        if field is None:
            continue
        for part in _parts(node, field)[0]:
            # Nodes are walked already; plain parts with an id are matched by it.
            if not isinstance(part, Node) and isinstance(getattr(part, "id", None), str):
                found[f"{path}.{part.id}"] = _Entry(part, None, rules)
    return found


def _parent(path: str) -> str:
    return path.rpartition(".")[0]


def _last(path: str) -> str:
    return path.rpartition(".")[2]


def _node_kind(node: object) -> str:
    if isinstance(node, Node):
        return node.kind
    # A plain part (an award level): its class name in snake case.
    return re.sub(r"(?<!^)(?=[A-Z])", "_", type(node).__name__).lower()


def _title(node: object) -> str:
    return str(getattr(node, "title", ""))


def _summary(node: object, lowest_grade: str) -> str:
    """The clause in words: a node's :meth:`~Node.criterion`, the one sentence the
    score sheet prints; a plain part's own ``criterion()`` if it has one, else its title."""
    if isinstance(node, Node):
        return node.criterion(lowest_grade=lowest_grade)
    criterion = getattr(node, "criterion", None)
    return str(criterion()) if callable(criterion) else _title(node)


def _field_kind(entry: _Entry, field: str) -> str:
    if field in _TEXT_FIELDS:
        return "text"
    if field == "points":
        return "points"
    if field == "rate":
        return "rate"
    return entry.rules


def _same_kind(old: object, new: object) -> bool:
    """The same class, or one each year's rulebook file defines anew (same name and kind)."""
    before, after = type(old), type(new)
    if before is after:
        return True
    return before.__qualname__ == after.__qualname__ and _node_kind(old) == _node_kind(new)


def _argument_label(node: object, name: str) -> str:
    """The argument's Chinese name, as the node says it (a plain part: the shared one)."""
    if isinstance(node, Node):
        return node.argument_label(name)
    return ARGUMENT_LABELS.get(name, name)


def _argument_text(node: object, name: str, value: object, lowest_grade: str) -> str:
    """The value in Chinese, as the node holding it says it."""
    if isinstance(node, Node):
        return node.argument_text(name, value, lowest_grade=lowest_grade)
    return _shown(value)


def _field_changes(
    path: str, old: _Entry, new: _Entry, old_lowest: str, new_lowest: str
) -> Iterator[Change]:
    title, kind = _title(new.node), _node_kind(new.node)
    if not _same_kind(old.node, new.node):
        yield Change(
            "rule", path, "kind", _node_kind(old.node), kind, title, kind, label="规则形状"
        )
    before_fields, after_fields = _arguments(old.node), _arguments(new.node)
    skip = {_sequence_field(type(old.node)), _sequence_field(type(new.node)), "id"}
    for name, after in after_fields.items():
        if name in skip or name not in before_fields:
            continue
        before = before_fields[name]
        if before != after:
            yield Change(
                _field_kind(new, name),
                path,
                name,
                before,
                after,
                title,
                kind,
                label=_argument_label(new.node, name),
                old_text=_argument_text(old.node, name, before, old_lowest),
                new_text=_argument_text(new.node, name, after, new_lowest),
            )


def _wrapper_settings(wrapper: Node) -> dict[str, Any]:
    """A wrapper's own arguments, without the node it wraps."""
    return {k: v for k, v in wrapper.edit_arguments().items() if k != wrapper.edit_field}


def _cap_change(path: str, old: _Entry, new: _Entry) -> Change | None:
    before = old.wrapper.cap_limit if old.wrapper is not None else None
    after = new.wrapper.cap_limit if new.wrapper is not None else None
    if old.wrapper is not None and new.wrapper is not None:
        # A default limit follows the node's points: a points change says it already.
        same = _wrapper_settings(old.wrapper) == _wrapper_settings(new.wrapper)
        if same or before == after:
            return None
    elif old.wrapper is None and new.wrapper is None:
        return None
    return Change(
        "cap",
        path,
        "limit",
        before,
        after,
        _title(new.node),
        _node_kind(new.node),
        label="扣完为止（扣分上限）",
        old_text="不扣完为止" if before is None else f"{fmt(before)}分",
        new_text="不扣完为止" if after is None else f"{fmt(after)}分",
    )


def _rulebook_changes(old: Rulebook, new: Rulebook) -> Iterator[Change]:
    before_fields, after_fields = old.edit_arguments(), new.edit_arguments()
    for name, before in before_fields.items():
        if name in ("children", "grades"):
            continue
        after = after_fields.get(name)
        if before == after:
            continue
        kind = "text" if name in _TEXT_FIELDS else "points" if name == "points" else "rulebook"
        old_lowest, new_lowest = old.grades[-1].title, new.grades[-1].title
        yield Change(
            kind,
            "",
            name,
            before,
            after,
            new.title,
            "rulebook",
            label=new.argument_label(name),
            old_text=old.argument_text(name, before, lowest_grade=old_lowest),
            new_text=new.argument_text(name, after, lowest_grade=new_lowest),
        )
    old_bands = {band.title: band.minimum for band in old.grades}
    new_bands = {band.title: band.minimum for band in new.grades}
    for band in new.grades:
        if band.title not in old_bands:
            yield Change(
                "grade", "", "minimum", None, band.minimum, band.title, "grade", label="分数下限"
            )
        elif old_bands[band.title] != band.minimum:
            yield Change(
                "grade",
                "",
                "minimum",
                old_bands[band.title],
                band.minimum,
                band.title,
                "grade",
                label="分数下限",
            )
    for band in old.grades:
        if band.title not in new_bands:
            yield Change(
                "grade", "", "minimum", band.minimum, None, band.title, "grade", label="分数下限"
            )


def _fact_changes(old: Rulebook, new: Rulebook) -> Iterator[Change]:
    for name, fact in new.facts.items():
        path = new.fact_paths[name][0]
        known = old.facts.get(name)
        if known is None:
            required = "必填" if fact.required else f"默认 {_shown(fact.default)}"
            yield Change(
                "fact_added", path, "fact", None, name, f"{fact.label}（{required}）", "fact", name
            )
            continue
        for attribute in _FACT_FIELDS:
            before, after = getattr(known, attribute), getattr(fact, attribute)
            if before != after:
                yield Change(
                    "fact_changed",
                    path,
                    attribute,
                    before,
                    after,
                    fact.label,
                    "fact",
                    name,
                    label=f"事实 {name} 的{_FACT_LABELS[attribute]}",
                    old_text=_fact_value(attribute, before),
                    new_text=_fact_value(attribute, after),
                )
    for name, fact in old.facts.items():
        if name not in new.facts:
            path = old.fact_paths[name][0]
            yield Change("fact_removed", path, "fact", name, None, fact.label, "fact", name)


def _fact_value(attribute: str, value: object) -> str:
    if attribute == "kind" and isinstance(value, str):
        return _FACT_KINDS.get(value, value)
    return _shown(value)


def diff_rulebooks(old: Rulebook, new: Rulebook) -> RulebookDiff:
    """Return every difference between *old* and *new*.

    Args:
        old: Last year's rulebook.
        new: This year's rulebook.

    Returns:
        The changes, in report order.

    >>> from assessment_rules import load_rulebook

    >>> from assessment_rules.yearly import Set, derive
    >>> old = load_rulebook("wujin-2021-departments")
    >>> new = derive(old, Set("commendations", cap="6"), id="wujin-2022-example")
    >>> [(c.kind, c.path, c.field, c.old, c.new) for c in diff_rulebooks(old, new).changes
    ...  if c.kind == "bonus"]
    [('bonus', 'commendations', 'cap', Decimal('5'), Decimal('6'))]
    """
    before, after = _entries(old), _entries(new)
    old_lowest = old.grades[-1].title if old.grades else ""
    new_lowest = new.grades[-1].title if new.grades else ""
    old_only = [p for p in before if p not in after]
    new_only = [p for p in after if p not in before]
    pairs: dict[str, str] = {p: p for p in before if p in after}  # new path → old path
    moved: set[str] = set()
    old_ids: dict[str, list[str]] = {}
    new_ids: dict[str, list[str]] = {}
    for p in old_only:
        old_ids.setdefault(_last(p), []).append(p)
    for p in new_only:
        new_ids.setdefault(_last(p), []).append(p)
    paired_old: dict[str, str] = {}  # old path → new path, for moved nodes
    for p in old_only:
        ancestor = next((a for a in paired_old if p.startswith(a + ".")), None)
        if ancestor is not None:
            q = paired_old[ancestor] + p[len(ancestor) :]
            if q in new_only and q not in pairs:
                pairs[q] = p
                paired_old[p] = q
            continue
        same = new_ids.get(_last(p), [])
        if len(same) == 1 and len(old_ids[_last(p)]) == 1 and same[0] not in pairs:
            pairs[same[0]] = p
            paired_old[p] = same[0]
            moved.add(same[0])

    removed = {p for p in old_only if p not in paired_old}
    added = {p for p in new_only if p not in pairs}
    top_new = [child.id for child in new.children]
    top_old = [child.id for child in old.children]

    def section_rank(path: str) -> int:
        # Removed sections sort after the new sheet's sections, in their old order.
        head = path.split(".", maxsplit=1)[0]
        if head in top_new:
            return top_new.index(head)
        return len(top_new) + (top_old.index(head) if head in top_old else 0)

    keyed: list[tuple[tuple[int, int, int], Change]] = []
    for change in _rulebook_changes(old, new):
        keyed.append(((0, 0, len(keyed)), change))
    for path, entry in after.items():
        rank = section_rank(path)
        if path in added:
            if _parent(path) not in added:
                keyed.append(
                    (
                        (1, rank, len(keyed)),
                        Change(
                            "added",
                            path,
                            "node",
                            None,
                            _summary(entry.node, new_lowest),
                            _title(entry.node),
                            _node_kind(entry.node),
                        ),
                    )
                )
            continue
        old_path = pairs[path]
        title = _title(entry.node)
        if path in moved:
            keyed.append(
                (
                    (1, rank, len(keyed)),
                    Change("moved", path, "path", old_path, path, title, _node_kind(entry.node)),
                )
            )
        for change in _field_changes(path, before[old_path], entry, old_lowest, new_lowest):
            keyed.append(((1, rank, len(keyed)), change))
        cap = _cap_change(path, before[old_path], entry)
        if cap is not None:
            keyed.append(((1, rank, len(keyed)), cap))
    for path, entry in before.items():
        if path in removed and _parent(path) not in removed:
            keyed.append(
                (
                    (1, section_rank(path), len(keyed)),
                    Change(
                        "removed",
                        path,
                        "node",
                        _summary(entry.node, old_lowest),
                        None,
                        _title(entry.node),
                        _node_kind(entry.node),
                    ),
                )
            )
    for change in _fact_changes(old, new):
        keyed.append(((2, 0, len(keyed)), change))
    keyed.sort(key=lambda pair: pair[0])
    return RulebookDiff(old.id, new.id, old.title, new.title, tuple(c for _, c in keyed))


def diff_markdown(old: Rulebook, new: Rulebook) -> str:
    """Return the Markdown "what changed" table from *old* to *new*.

    The documentation site renders it on each rulebook's change page.

    >>> from assessment_rules import load_rulebook
    >>> book = load_rulebook("wujin-2021-departments")
    >>> diff_markdown(book, book)
    '`wujin-2021-departments` 与 `wujin-2021-departments` 相比没有变化。\\n'
    """
    return diff_rulebooks(old, new).as_markdown()
