"""Immutable results: the ledger entries and the result tree that mirrors the rulebook.

At every node ``max − lost + gained == score`` holds exactly, where ``lost`` and
``gained`` are the counted amounts of the ledger entries in the node's subtree. A
converted part (折算) is the one place where the scale changes: its children's
entries are in its ``raw_max`` points, its own ``lost`` is in its ``max`` points
(``raw_max``/``raw_score`` keep both sides), and the nodes above it add up its
converted figures.

The result classes are named tuples rather than attrs classes: a cohort builds tens
of thousands of them, and a tuple is built in a tenth of the time a frozen attrs
instance takes (each of whose fields is set through ``object.__setattr__``), in the
same memory. They keep what the attrs classes gave: keyword construction, fields
by name, the same repr, immutability, and equality only with a result of the same
class (``==`` never matches a plain tuple). ``_replace`` gives a changed copy.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any, Literal, NamedTuple

from ._numbers import fmt

__all__ = ["LedgerEntry", "NodeResult", "UnitResult", "VetoHit"]

EntryKind = Literal["deduction", "bonus"]


def _same(self: tuple[Any, ...], other: object) -> bool:
    return type(other) is type(self) and tuple.__eq__(self, other)


def _different(self: tuple[Any, ...], other: object) -> bool:
    return type(other) is not type(self) or tuple.__ne__(self, other)


def _unordered(self: tuple[Any, ...], other: object) -> bool:
    raise TypeError(f"{type(self).__name__} results are not ordered")


class LedgerEntry(NamedTuple):
    """One point lost or gained, with the clause and the Chinese reason.

    Attributes:
        path: Dotted path of the clause (``"key_work.inspections.leader_checks"``).
        title: The clause's short title.
        kind: ``deduction`` or ``bonus``.
        occurrences: How many times the rate applied.
        rate: Points per occurrence.
        raw: Points before caps.
        counted: Points that actually counted after caps and floors.
        absorbed: ``raw − counted``: the part a cap or floor absorbed.
        reason: The 失分原因 (or 加分原因) in Chinese.
        starred: Whether the clause is ★ (escapes item caps).
        detail: Names behind the amount, e.g. the missing items.
        source: The clause's source reference.
    """

    path: str
    title: str
    kind: EntryKind
    occurrences: Decimal | int
    rate: Decimal
    raw: Decimal
    counted: Decimal
    absorbed: Decimal
    reason: str
    starred: bool = False
    detail: tuple[str, ...] = ()
    source: str = ""

    @property
    def signed(self) -> Decimal:
        """The counted amount with its sign: negative for a deduction."""
        return -self.counted if self.kind == "deduction" else self.counted


class VetoHit(NamedTuple):
    """A triggered 一票否决 clause.

    Attributes:
        path: Dotted path of the veto clause (for a rulebook-level score veto, its id).
        title: The clause's title.
        reason: The Chinese sentence listing the veto, with the effect it had.
        source: The clause's source reference.
        effect: What the veto did (see :data:`~assessment_rules.combinators.VETO_EFFECTS`):
            ``lowest`` (the grade falls to the lowest, the default), ``zero`` (the total
            becomes 0), ``bar_top`` (the unit can be at most the second grade, 否优项)
            or ``grade`` (the grade is set to the band the clause names).
    """

    path: str
    title: str
    reason: str
    source: str = ""
    effect: str = "lowest"


class NodeResult(NamedTuple):
    """The result of one rule node for one unit; mirrors the rule tree.

    Attributes:
        path: The node's dotted path ("" for the rulebook itself).
        id: The node's id.
        title: The node's title.
        kind: The node kind (``rulebook``, ``section``, ``item``, ``deduct``…).
        max: The node's points (0 for deductions, vetoes and bonuses).
        score: ``max − lost + gained``.
        lost: Counted deductions in this subtree.
        gained: Counted bonus in this subtree.
        entries: Every ledger entry in this subtree, in clause order.
        children: Results of the child nodes.
        cap: The ``CapAt`` limit on this node, if any.
        absorbed: Points this node's own cap or floor absorbed (the root's floor, or a
            converted part's own floor, on the part's raw scale).
        raw_max: For a converted part (``Rescaled``, 按30%折算): the points it is
            scored out of before conversion (its children's scale), else ``None``.
        raw_score: For a converted part: its score before conversion,
            ``raw_max − Σ children's lost``; ``score`` is that converted (and
            ``lost`` is then ``max − score``, in the converted points), else ``None``.
    """

    path: str
    id: str
    title: str
    kind: str
    max: Decimal
    score: Decimal
    lost: Decimal
    gained: Decimal
    entries: tuple[LedgerEntry, ...] = ()
    children: tuple[NodeResult, ...] = ()
    cap: Decimal | None = None
    absorbed: Decimal = Decimal(0)
    raw_max: Decimal | None = None
    raw_score: Decimal | None = None

    def walk(self) -> Iterator[NodeResult]:
        """Yield this result and every descendant, pre-order."""
        # A stack rather than nested generators: one generator however deep the tree.
        stack = [self]
        while stack:
            node = stack.pop()
            yield node
            if node.children:
                stack.extend(reversed(node.children))

    def find(self, path: str) -> NodeResult:
        """Return the descendant result at *path*.

        Raises:
            KeyError: No node has that path.
        """
        for node in self.walk():
            if node.path == path:
                return node
        raise KeyError(path)


class UnitResult(NamedTuple):
    """One unit's whole result: total, grade, vetoes and the balanced ledger.

    Attributes:
        unit: The unit's id.
        name: The unit's display name.
        rulebook: The rulebook id.
        max: The rulebook's points (100).
        base: The total before bonus (never below 0).
        total: ``base + bonus``; may exceed ``max`` through bonus.
        grade: The grade, the lowest one when vetoed.
        vetoed: Whether any veto triggered.
        vetoes: The triggered vetoes.
        root: The result tree.
        eligible: Whether the unit passed the rulebook's eligibility gate (申报条件). A
            unit that did not is not scored: its total and base are 0, its grade is
            ``不参评``, its tree loses nothing, and ``ineligible`` says why.
        ineligible: The gate's conditions the unit failed, as Chinese sentences.
    """

    unit: str
    name: str
    rulebook: str
    max: Decimal
    base: Decimal
    total: Decimal
    grade: str
    vetoed: bool
    vetoes: tuple[VetoHit, ...]
    root: NodeResult
    eligible: bool = True
    ineligible: tuple[str, ...] = ()

    @property
    def entries(self) -> tuple[LedgerEntry, ...]:
        """Every ledger entry, in clause order."""
        return self.root.entries

    @property
    def lost(self) -> tuple[LedgerEntry, ...]:
        """Deduction entries (with amounts counted or absorbed)."""
        return tuple(e for e in self.root.entries if e.kind == "deduction")

    @property
    def gained(self) -> tuple[LedgerEntry, ...]:
        """Bonus entries."""
        return tuple(e for e in self.root.entries if e.kind == "bonus")

    @property
    def lost_points(self) -> Decimal:
        """Σ counted deductions."""
        return self.root.lost

    @property
    def gained_points(self) -> Decimal:
        """Σ counted bonus."""
        return self.root.gained

    @property
    def reasons(self) -> tuple[str, ...]:
        """The 失分原因 lines (and vetoes), in clause order; for a unit the
        eligibility gate kept out, why it was not scored."""
        if not self.eligible:
            return self.ineligible
        return tuple(v.reason for v in self.vetoes) + tuple(e.reason for e in self.lost)

    def find(self, path: str) -> NodeResult:
        """Return the result node at *path*."""
        return self.root.find(path)

    def __str__(self) -> str:
        """A short Chinese summary, one line each: the unit, total and grade, the vetoes,
        every 失分原因 and 加分原因 (``repr`` stays the exact constructor form).

        >>> from assessment_rules import Deduct, Item, Rulebook, Section
        >>> book = Rulebook("demo", "示例", points="10", children=(
        ...     Section("s", "安全", points="10", children=(
        ...         Item("i", "检查", points="10", children=(
        ...             Deduct("late", "迟报", rate="2", shape="each"),)),)),))
        >>> print(book.evaluate({"late": 2}))
        unit：总分6分（满分10分），等次不合格
        失分原因：
          1. 迟报2次，扣4分
        """
        label = f"{self.name}（{self.unit}）" if self.name else self.unit
        lines = [
            f"{label}：总分{fmt(self.total)}分（满分{fmt(self.max)}分），等次{self.grade}"
            + ("（一票否决）" if self.vetoed else "")
        ]
        if not getattr(self, "eligible", True):  # kept out by the eligibility gate
            lines.extend(f"不参评：{why}" for why in getattr(self, "ineligible", ()))
        lines.extend(veto.reason for veto in self.vetoes)
        lost = [entry.reason for entry in self.lost if entry.counted or entry.absorbed]
        if lost:
            lines.append("失分原因：")
            lines.extend(f"  {n}. {reason}" for n, reason in enumerate(lost, 1))
        elif not self.vetoed:
            lines.append("无失分")
        gained = [entry.reason for entry in self.gained]
        if gained:
            lines.append("加分：")
            lines.extend(f"  {n}. {reason}" for n, reason in enumerate(gained, 1))
        return "\n".join(lines)


# Equal only to a result of the same class, never to a plain tuple; not ordered (as
# the attrs classes these replace were). Hashing stays the tuple's (the C one).
# (setattr, because the type checker refuses to assign to a method.)
for _class in (LedgerEntry, VetoHit, NodeResult, UnitResult):
    for _name, _method in (
        ("__eq__", _same),
        ("__ne__", _different),
        ("__hash__", tuple.__hash__),
        ("__lt__", _unordered),
        ("__le__", _unordered),
        ("__gt__", _unordered),
        ("__ge__", _unordered),
    ):
        setattr(_class, _name, _method)
del _class, _name, _method
