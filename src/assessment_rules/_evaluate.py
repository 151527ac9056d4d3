"""The evaluator: a plan compiled once per rulebook, run once per unit.

Compiling flattens the tree so that a unit's evaluation is three passes over lists:
measure every leaf, apply the caps (inner caps first, then the rulebook's floor),
then build the immutable result tree from the final counted amounts. Because caps
run before any result is built, every node's ``max − lost + gained = score`` holds
with the same counted amounts everywhere.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import attrs

from ._grades import GradeBand, grade_for
from ._node import Lapse, Node, ScoredLeaf
from ._numbers import ZERO, fmt
from ._reasons import bonus_text
from ._results import LedgerEntry, NodeResult, UnitResult, VetoHit
from ._structure import CapAt
from ._veto_bonus import Bonus, Veto

__all__ = ["Plan", "compile_plan"]


@attrs.frozen
class _Frame:
    """One real (non-wrapper) node with its path and the range of leaves under it."""

    node: Node
    path: str
    start: int
    end: int
    children: tuple[_Frame, ...]
    cap: Decimal | None
    leaf: int  # index into the leaf list, or -1
    bonus: int  # index into the bonus list, or -1


@attrs.frozen
class Plan:
    """The flattened rulebook the evaluator runs (built once, at construction)."""

    root: _Frame
    points: Decimal
    floor: bool
    grades: tuple[GradeBand, ...]
    leaves: tuple[ScoredLeaf, ...]
    leaf_paths: tuple[str, ...]
    starred: tuple[bool, ...]
    caps: tuple[tuple[int, int, Decimal, str], ...]
    bonuses: tuple[tuple[Bonus, str], ...]
    vetoes: tuple[tuple[Veto, str], ...]

    def run(self, values: Mapping[str, Any], unit: str, name: str, rulebook_id: str) -> UnitResult:
        """Evaluate validated fact values into a ``UnitResult``."""
        lapses: list[Lapse | None] = [leaf.measure(values) for leaf in self.leaves]
        counted: list[Decimal] = [lapse.raw if lapse else ZERO for lapse in lapses]
        absorbed: dict[str, Decimal] = {}
        starred = self.starred
        for start, end, limit, path in self.caps:
            taken = sum((counted[i] for i in range(start, end) if not starred[i]), ZERO)
            if taken > limit:
                absorbed[path] = taken - limit
                budget = limit
                for i in range(start, end):
                    if starred[i]:
                        continue
                    share = min(counted[i], budget)
                    counted[i] = share
                    budget -= share
        if self.floor:
            taken = sum(counted, ZERO)
            if taken > self.points:
                absorbed[""] = taken - self.points
                budget = self.points
                for i, amount in enumerate(counted):
                    share = min(amount, budget)
                    counted[i] = share
                    budget -= share

        entries: list[LedgerEntry | None] = []
        for i, lapse in enumerate(lapses):
            if lapse is None:
                entries.append(None)
                continue
            leaf = self.leaves[i]
            entries.append(
                LedgerEntry(
                    self.leaf_paths[i],
                    leaf.title,
                    "deduction",
                    lapse.occurrences,
                    lapse.rate,
                    lapse.raw,
                    counted[i],
                    lapse.raw - counted[i],
                    leaf.reason(lapse, counted[i]),
                    starred[i],
                    lapse.detail,
                    getattr(leaf, "source", ""),
                )
            )
        bonus_entries = [_bonus_entries(bonus, path, values) for bonus, path in self.bonuses]
        root = _build(self.root, entries, bonus_entries, absorbed)
        base = root.max - root.lost
        hits = tuple(
            VetoHit(path, veto.title, veto.reason(values), veto.source)
            for veto, path in self.vetoes
            if veto.triggered(values)
        )
        grade = self.grades[-1].title if hits else grade_for(self.grades, root.score)
        return UnitResult(
            unit, name, rulebook_id, root.max, base, root.score, grade, bool(hits), hits, root
        )


def _bonus_entries(bonus: Bonus, path: str, values: Mapping[str, Any]) -> tuple[LedgerEntry, ...]:
    budget = bonus.cap
    result: list[LedgerEntry] = []
    for level in bonus.levels:
        fact = bonus.fact_for(level)
        for amount in values[fact.name]:
            if amount <= 0:
                continue
            share = min(amount, level.cap)
            notes = [f"单次不超过{fmt(level.cap)}分"] if share < amount else []
            if budget is not None:
                if share > budget:
                    notes.append(f"加分总分值不超过{fmt(bonus.cap or ZERO)}分")
                    share = budget
                budget -= share
            reason = bonus_text(f"受到{level.title}", amount, share, "，".join(notes))
            result.append(
                LedgerEntry(
                    f"{path}.{level.id}",
                    level.title,
                    "bonus",
                    1,
                    amount,
                    amount,
                    share,
                    amount - share,
                    reason,
                    False,
                    (),
                    bonus.source,
                )
            )
    return tuple(result)


def _build(
    frame: _Frame,
    entries: list[LedgerEntry | None],
    bonus_entries: list[tuple[LedgerEntry, ...]],
    absorbed: dict[str, Decimal],
) -> NodeResult:
    node = frame.node
    if frame.leaf >= 0:
        entry = entries[frame.leaf]
        own: tuple[LedgerEntry, ...] = (entry,) if entry is not None else ()
        lost = entry.counted if entry is not None else ZERO
        maximum = node.max_points
        return NodeResult(
            frame.path,
            node.id,
            node.title,
            node.kind,
            maximum,
            maximum - lost,
            lost,
            ZERO,
            own,
            (),
            frame.cap,
            absorbed.get(frame.path, ZERO),
        )
    if frame.bonus >= 0:
        own = bonus_entries[frame.bonus]
        gained = sum((e.counted for e in own), ZERO)
        return NodeResult(
            frame.path, node.id, node.title, node.kind, ZERO, gained, ZERO, gained, own
        )
    children = tuple(_build(child, entries, bonus_entries, absorbed) for child in frame.children)
    collected: tuple[LedgerEntry, ...] = tuple(e for child in children for e in child.entries)
    lost = sum((child.lost for child in children), ZERO)
    gained = sum((child.gained for child in children), ZERO)
    maximum = node.max_points
    return NodeResult(
        frame.path,
        node.id,
        node.title,
        node.kind,
        maximum,
        maximum - lost + gained,
        lost,
        gained,
        collected,
        children,
        frame.cap,
        absorbed.get(frame.path, ZERO),
    )


def compile_plan(root: Node, points: Decimal, floor: bool, grades: tuple[GradeBand, ...]) -> Plan:
    """Flatten *root* into a :class:`Plan`."""
    leaves: list[ScoredLeaf] = []
    leaf_paths: list[str] = []
    caps: list[tuple[int, int, Decimal, str]] = []
    bonuses: list[tuple[Bonus, str]] = []
    vetoes: list[tuple[Veto, str]] = []

    def visit(node: Node, prefix: str, cap: Decimal | None) -> _Frame:
        if isinstance(node, CapAt):
            inner = node.node
            path = f"{prefix}.{inner.id}" if prefix else inner.id
            frame = visit(inner, prefix, node.effective_limit)
            caps.append((frame.start, frame.end, node.effective_limit, path))
            return frame
        path = f"{prefix}.{node.id}" if prefix else node.id
        start = len(leaves)
        if isinstance(node, ScoredLeaf):
            leaves.append(node)
            leaf_paths.append(path)
            return _Frame(node, path, start, start + 1, (), cap, start, -1)
        if isinstance(node, Bonus):
            bonuses.append((node, path))
            return _Frame(node, path, start, start, (), cap, -1, len(bonuses) - 1)
        if isinstance(node, Veto):
            vetoes.append((node, path))
        children = tuple(visit(child, path, None) for child in node.children)
        return _Frame(node, path, start, len(leaves), children, cap, -1, -1)

    children = tuple(visit(child, "", None) for child in root.children)
    frame = _Frame(root, "", 0, len(leaves), children, None, -1, -1)
    return Plan(
        frame,
        points,
        floor,
        grades,
        tuple(leaves),
        tuple(leaf_paths),
        tuple(bool(getattr(leaf, "starred", False)) for leaf in leaves),
        tuple(caps),
        tuple(bonuses),
        tuple(vetoes),
    )
