"""A plain reference scorer: the semantics of scoring, written without the library's evaluator.

The library's evaluator is compiled and memoised for speed; this module is the slow,
obvious version the property tests hold it to. It reads only the nodes' public fields
(``Deduct.rate/shape/required/items/starred/fact``, ``Judgment.points/fact``,
``ExecutionRateScore.points/budget/executed/places``, ``CapAt.node/effective_limit``,
``Bonus.levels/cap/fact_for``, ``Veto.fact/at_least``, ``Rulebook.points/floor/grades``,
``children`` and ``max_points``) and computes, for one unit:

1. the raw amount of every clause from its fact;
2. the caps, inner caps first: each ``CapAt`` lets the non-★ clauses inside it keep,
   in clause order, what is left of its limit; the rest is absorbed. ★ clauses escape
   every cap;
3. the floor: when ``rulebook.floor`` is set, all counted deductions together stop at
   ``rulebook.points``, cut in clause order the same way (★ clauses included);
4. each award counts up to its level's cap, then up to what is left of the bonus's
   total cap, in level order and list order; awards of 0 give no entry;
5. the score of every node from its children's scores; the grade from the bands on
   the total, or the lowest band when any veto holds.

Node paths are the rule tree's dotted ids; ``CapAt`` adds no segment.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any

from assessment_rules import (
    Bonus,
    CapAt,
    Deduct,
    ExecutionRateScore,
    Item,
    Judgment,
    Node,
    Rulebook,
    Section,
    Veto,
)

__all__ = ["Expected", "ExpectedEntry", "ExpectedNode", "reference_score"]

ZERO = Decimal(0)


@dataclass(frozen=True)
class ExpectedEntry:
    """One expected ledger entry: a clause's (or award's) raw, counted and absorbed amounts."""

    path: str
    kind: str
    raw: Decimal
    counted: Decimal
    absorbed: Decimal
    starred: bool = False


@dataclass(frozen=True)
class ExpectedNode:
    """One node's expected maximum, score, counted losses and counted gains."""

    max: Decimal
    score: Decimal
    lost: Decimal
    gained: Decimal


@dataclass(frozen=True)
class Expected:
    """What one unit should get: totals, grade, vetoes, ledger and every node's score.

    ``cut`` maps the path of each cap that absorbed something to the amount, with ``""``
    for the floor: what the result's nodes report as ``absorbed``.
    """

    base: Decimal
    total: Decimal
    grade: str
    vetoed: bool
    vetoes: tuple[str, ...]
    entries: tuple[ExpectedEntry, ...]
    nodes: dict[str, ExpectedNode]
    cut: dict[str, Decimal]


@dataclass
class _Clause:
    """A lapsed clause while caps are applied; ``counted`` only ever goes down."""

    path: str
    raw: Decimal
    starred: bool
    counted: Decimal = field(init=False)

    def __post_init__(self) -> None:
        self.counted = self.raw


def _join(prefix: str, segment: str) -> str:
    return f"{prefix}.{segment}" if prefix else segment


def _half_up(exact: Fraction, places: int) -> Decimal:
    """Round a non-negative exact value half up to *places* decimal places."""
    steps = math.floor(exact * 10**places + Fraction(1, 2))
    return Decimal(steps).scaleb(-places)


def _raw_amount(leaf: Node, values: Mapping[str, Any]) -> Decimal | None:
    """What a scoring leaf loses before any cap, or ``None`` when it has no entry."""
    if isinstance(leaf, Deduct):
        value = values[leaf.fact.name]
        if leaf.shape == "flag":
            occurrences = 1 if value else 0
        elif leaf.shape == "each":
            occurrences = value
        elif leaf.shape == "shortfall":
            assert leaf.required is not None
            occurrences = max(0, leaf.required - value)
        else:
            occurrences = sum(1 for item in leaf.items if item not in value)
        return leaf.rate * occurrences if occurrences else None
    if isinstance(leaf, Judgment):
        lost = leaf.points - values[leaf.fact.name]
        return lost if lost > 0 else None
    if isinstance(leaf, ExecutionRateScore):
        budget: Decimal = values[leaf.budget]
        executed: Decimal = values[leaf.executed]
        if executed > budget:
            return ZERO  # the documented zero-point entry saying the score stops at the points
        exact = Fraction(leaf.points) * Fraction(executed) / Fraction(budget)
        lost = leaf.points - min(_half_up(exact, leaf.places), leaf.points)
        return lost if lost > 0 else None
    raise AssertionError(f"the reference scorer does not know {type(leaf).__name__}")


def _cut(clauses: list[_Clause], limit: Decimal) -> Decimal:
    """Let *clauses* keep, in order, at most *limit* together; return what was absorbed."""
    taken = sum((clause.counted for clause in clauses), ZERO)
    if taken <= limit:
        return ZERO
    left = limit
    for clause in clauses:
        clause.counted = min(clause.counted, left)
        left -= clause.counted
    return taken - limit


def _awards(bonus: Bonus, path: str, values: Mapping[str, Any]) -> list[ExpectedEntry]:
    """The bonus entries: each award up to its level's cap, all up to the total cap."""
    entries: list[ExpectedEntry] = []
    left = bonus.cap
    for level in bonus.levels:
        for amount in values[bonus.fact_for(level).name]:
            if amount <= 0:
                continue
            counted = min(amount, level.cap)
            if left is not None:
                counted = min(counted, left)
                left -= counted
            entries.append(
                ExpectedEntry(_join(path, level.id), "bonus", amount, counted, amount - counted)
            )
    return entries


class _Unit:
    """One unit's evaluation by plain recursion over the rule tree."""

    def __init__(self, book: Rulebook, values: Mapping[str, Any]) -> None:
        self.values = values
        self.clauses: dict[str, _Clause] = {}
        self.awards: dict[str, list[ExpectedEntry]] = {}
        self.vetoes: list[str] = []
        self.cut: dict[str, Decimal] = {}
        self.nodes: dict[str, ExpectedNode] = {}
        everything: list[_Clause] = []
        for child in book.children:
            everything += self.measure(child, child.id)
        if book.floor:
            absorbed = _cut(everything, book.points)
            if absorbed:
                self.cut[""] = absorbed
        self.entries: list[ExpectedEntry] = []
        self.root = self.tally(book, "")

    def measure(self, node: Node, path: str) -> list[_Clause]:
        """Measure the clauses under *node* at *path*, applying its caps innermost first."""
        if isinstance(node, CapAt):
            inside = self.measure(node.node, path)  # the wrapper shares its node's path
            absorbed = _cut([c for c in inside if not c.starred], node.effective_limit)
            if absorbed:
                self.cut[path] = self.cut.get(path, ZERO) + absorbed
            return inside
        if isinstance(node, Deduct | Judgment | ExecutionRateScore):
            raw = _raw_amount(node, self.values)
            if raw is None:
                return []
            starred = isinstance(node, Deduct) and node.starred
            clause = self.clauses[path] = _Clause(path, raw, starred)
            return [clause]
        if isinstance(node, Veto):
            value = self.values[node.fact.name]
            if bool(value) if node.fact.kind == "flag" else value >= node.at_least:
                self.vetoes.append(path)
            return []
        if isinstance(node, Bonus):
            self.awards[path] = _awards(node, path, self.values)
            return []
        if not isinstance(node, Section | Item):
            raise AssertionError(f"the reference scorer does not know {type(node).__name__}")
        found: list[_Clause] = []
        for child in node.children:
            found += self.measure(child, _join(path, child.id))
        return found

    def tally(self, node: Node, path: str) -> ExpectedNode:
        """Score *node* at *path* from its children's scores, logging entries in order."""
        if isinstance(node, CapAt):
            return self.tally(node.node, path)
        maximum = node.max_points
        if path in self.clauses:
            clause = self.clauses[path]
            self.entries.append(
                ExpectedEntry(
                    path,
                    "deduction",
                    clause.raw,
                    clause.counted,
                    clause.raw - clause.counted,
                    clause.starred,
                )
            )
            result = ExpectedNode(maximum, maximum - clause.counted, clause.counted, ZERO)
        elif isinstance(node, Bonus):
            awards = self.awards[path]
            self.entries += awards
            gained = sum((award.counted for award in awards), ZERO)
            result = ExpectedNode(ZERO, gained, ZERO, gained)
        else:
            parts = [self.tally(child, _join(path, child.id)) for child in node.children]
            # A container's score is its own points less what its children were out of,
            # plus what they scored: the sum of their scores when their points add up,
            # its points less their losses when they are bare deductions.
            result = ExpectedNode(
                maximum,
                maximum
                - sum((part.max for part in parts), ZERO)
                + sum((part.score for part in parts), ZERO),
                sum((part.lost for part in parts), ZERO),
                sum((part.gained for part in parts), ZERO),
            )
        self.nodes[path] = result
        return result


def reference_score(book: Rulebook, values: Mapping[str, Any]) -> Expected:
    """Score one unit's fact *values* (already exact Python values) the plain way.

    Args:
        book: The rulebook.
        values: Fact name → value, as ``Rulebook.check`` would return them (bools,
            ints, Decimals, tuples); every fact the rulebook reads must be present.

    Returns:
        The expected totals, grade, vetoes, ledger and node scores.
    """
    unit = _Unit(book, values)
    root = unit.root
    vetoed = bool(unit.vetoes)
    if vetoed:
        grade = book.grades[-1].title
    else:
        grade = next(
            (band.title for band in book.grades if root.score >= band.minimum),
            book.grades[-1].title,
        )
    return Expected(
        base=root.max - root.lost,
        total=root.score,
        grade=grade,
        vetoed=vetoed,
        vetoes=tuple(unit.vetoes),
        entries=tuple(unit.entries),
        nodes=unit.nodes,
        cut=unit.cut,
    )
