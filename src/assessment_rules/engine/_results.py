"""Immutable results: the ledger entries and the result tree that mirrors the rulebook.

At every node ``max − lost + gained == score`` holds exactly, where ``lost`` and
``gained`` are the counted amounts of the ledger entries in the node's subtree.

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
    """A triggered 一票否决 clause."""

    path: str
    title: str
    reason: str
    source: str = ""


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
        absorbed: Points this node's own cap or floor absorbed.
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
        """The 失分原因 lines (and vetoes), in clause order."""
        return tuple(v.reason for v in self.vetoes) + tuple(e.reason for e in self.lost)

    def find(self, path: str) -> NodeResult:
        """Return the result node at *path*."""
        return self.root.find(path)


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
