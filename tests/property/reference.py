"""A plain reference scorer: the semantics of scoring, written without the library's evaluator.

The library's evaluator is compiled and memoised for speed; this module is the slow,
obvious version the property tests hold it to. It reads only the nodes' and the
rulebook's public fields (``Deduct.rate/shape/required/items/starred/fact``,
``Judgment.points/fact``, ``ExecutionRateScore.points/budget/executed/places``,
``EscalatingDeduct.amounts/step``, ``QuantityDeduct.rate/per/allowed/partial/places``,
``JudgedDeduct.fact``, ``ZeroIf.at_least/fact``, ``ZeroIfLate.deadline/deadline_fact/fact``,
``Rescaled.out_of/points/weight/places``, ``Section``/``Item`` ``points/points_from``,
``CapAt.node/limit``, ``Bonus.levels/cap/fact_for``, ``LevelBonus.levels/id``,
``Veto.fact/at_least/effect/grade``, ``Rulebook.points/floor/grades/total/score_vetoes/
gate``, ``children``) and computes, for one unit, what the docs (``docs/shapes/*.md``)
and the classes' docstrings say, in this order:

0. the gate (申报条件): a unit failing any ``Requirement`` is not scored: total and base
   0, grade 不参评, no entries, every node at its full points;
1. the raw amount of every clause from its fact: the four ``Deduct`` shapes, judgments,
   execution rates, the escalating series (第k次 costs ``amounts[k-1]``, then the last
   plus ``step`` more each time, or the last again), a quantity's units above
   ``allowed`` (whole units dropped or rounded up, or proportional), a judged
   deduction's entered points; a triggered ``ZeroIf``/``ZeroIfLate`` (submitted after
   the deadline day) takes the whole points of the node it sits in (a converted
   part's ``out_of``);
2. 该项不得分, outer nodes first: every other clause under a zeroed node counts 0 (★
   ones too), and its bonus entries count 0;
3. the caps, inner caps first: each ``CapAt`` lets the non-★ clauses inside it keep,
   in clause order, what is left of its limit; the rest is absorbed. ★ clauses escape
   every cap; a zeroing clause escapes the cap on the node it zeroes and on itself;
4. the floor: when ``rulebook.floor`` is set, each converted part is a sheet of its own
   (inner parts first): the deductions on its own scale stop, in clause order, at its
   ``out_of`` less what the parts inside it lost (in their converted points), the cut
   recorded at the part; then the deductions outside converted parts stop at the
   points less what the converted parts lost (in converted points);
5. each ``Bonus`` award counts up to its level's cap, then up to what is left of the
   bonus's total cap, in level order and list order; awards of 0 give no entry. A
   ``LevelBonus`` gives one entry, its highest listed level's points (or the amount
   entered for a ranged level);
6. the score of every node: ``max − lost + gained`` from the counted entries under it;
   a ``Section``/``Item`` is out of its ``points`` (or its items' sum with
   ``points_from="items"``); a converted part scores ``out_of − lost`` on its own
   scale, converted by ``× points ÷ out_of`` (exact, or half up to ``places``);
7. the total's policy: bonus beyond ``bonus_cap`` or beyond the ceiling (``cap``, and
   the points unless ``above_full``) less the base is cut from the bonus entries in
   clause order;
8. score vetoes on the total (or base) after step 7, then the effects: ``zero`` makes
   total and base 0; the grade is the lowest of the grade by total, the lowest band
   (``lowest``), the named band (``grade``) and the second band (``bar_top``).

Node paths are the rule tree's dotted ids; ``CapAt`` adds no segment. A cap around a
converted part (or around a node containing one) is refused at construction (its
deductions count on the part's own scale).
"""

from __future__ import annotations

import datetime as _dt
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
from assessment_rules.combinators import (
    EscalatingDeduct,
    JudgedDeduct,
    LevelBonus,
    QuantityDeduct,
    Rescaled,
    ZeroIf,
    ZeroIfLate,
)

__all__ = ["NOT_ASSESSED", "Expected", "ExpectedEntry", "ExpectedNode", "reference_score"]

ZERO = Decimal(0)
NOT_ASSESSED = "不参评"  # the grade of a unit the gate kept out (docs/shapes/policies.md)
_LEAVES = (
    Deduct,
    Judgment,
    ExecutionRateScore,
    EscalatingDeduct,
    QuantityDeduct,
    JudgedDeduct,
    ZeroIf,
    ZeroIfLate,
)


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
    """One node's expected maximum, score, counted losses and counted gains.

    ``raw_max`` and ``raw_score`` are a converted part's figures before conversion.
    """

    max: Decimal
    score: Decimal
    lost: Decimal
    gained: Decimal
    raw_max: Decimal | None = None
    raw_score: Decimal | None = None


@dataclass(frozen=True)
class Expected:
    """What one unit should get: totals, grade, vetoes, ledger and every node's score.

    ``cut`` maps the path of each cap that absorbed something to the amount, with ``""``
    for the floor and the total's policy together: what the result's nodes report as
    ``absorbed``. ``vetoes`` holds ``(path, effect)`` of each veto that held, the tree's
    in clause order, then the score vetoes by id.
    """

    base: Decimal
    total: Decimal
    grade: str
    vetoed: bool
    vetoes: tuple[tuple[str, str], ...]
    entries: tuple[ExpectedEntry, ...]
    nodes: dict[str, ExpectedNode]
    cut: dict[str, Decimal]
    eligible: bool = True
    failed: tuple[str, ...] = ()  # the ids of the requirements not met


@dataclass
class _Clause:
    """A lapsed clause while zeroes, caps and the floor apply; ``counted`` only goes down.

    ``zeroes`` is the path of the node a triggered 该项不得分 clause zeroes.
    """

    path: str
    raw: Decimal
    starred: bool
    zeroes: str | None = None
    counted: Decimal = field(init=False)

    def __post_init__(self) -> None:
        self.counted = self.raw


@dataclass
class _Award:
    """One bonus entry while zeroes and the total's policy apply."""

    path: str
    raw: Decimal
    counted: Decimal


def _join(prefix: str, segment: str) -> str:
    return f"{prefix}.{segment}" if prefix else segment


def _under(path: str, node: str) -> bool:
    return node in ("", path) or path.startswith(f"{node}.")


def _half_up(exact: Fraction, places: int) -> Decimal:
    """Round an exact value half up (away from zero, 四舍五入) to *places* places."""
    steps = abs(exact) * 10**places
    whole = math.floor(steps)
    if steps - whole >= Fraction(1, 2):
        whole += 1
    rounded = Decimal(whole).scaleb(-places)
    return rounded if exact >= 0 else -rounded


def _exact(value: Fraction) -> Decimal:
    """A fraction whose decimal expansion ends (its denominator is 2^a·5^b), exactly."""
    twos = fives = 0
    rest = value.denominator
    while rest % 2 == 0:
        rest, twos = rest // 2, twos + 1
    while rest % 5 == 0:
        rest, fives = rest // 5, fives + 1
    assert rest == 1, f"{value} has no finite decimal"
    places = max(twos, fives)
    return Decimal(value.numerator * 10**places // value.denominator).scaleb(-places)


def _points_of(node: Node) -> Decimal:
    """A node's points from its own fields (what its parent adds up)."""
    if isinstance(node, CapAt):
        return _points_of(node.node)
    if isinstance(node, Section | Item):
        if node.points_from == "items":
            return sum((_points_of(child) for child in node.children), ZERO)
        return node.points
    if isinstance(node, Rescaled):
        return node.points if node.points is not None else node.out_of * (node.weight or ZERO)
    if isinstance(node, Judgment | ExecutionRateScore):
        return Decimal(node.points)
    return ZERO


def _convert(part: Rescaled, raw_score: Decimal) -> Decimal:
    """``raw × points ÷ out_of``: exact, or half up to ``places`` (按30%折算)."""
    exact = Fraction(raw_score) * Fraction(_points_of(part)) / Fraction(part.out_of)
    return _exact(exact) if part.places is None else _half_up(exact, part.places)


def _series(leaf: EscalatingDeduct, count: int) -> Decimal:
    """第1次…第count次 together, one occurrence at a time."""
    total = ZERO
    cost = ZERO
    for k in range(1, count + 1):
        if k <= len(leaf.amounts):
            cost = leaf.amounts[k - 1]
        elif leaf.step is not None:
            cost = cost + leaf.step
        # else: the last amount again (第3次及以上每次扣5分)
        total += cost
    return total


def _quantity(leaf: QuantityDeduct, value: Decimal) -> Decimal:
    """What a quantity above ``allowed`` costs, by the declared rule for a partial unit."""
    excess = Fraction(value) - Fraction(leaf.allowed)
    if excess <= 0:
        return ZERO
    units = excess / Fraction(leaf.per)
    if leaf.partial == "drop":
        return leaf.rate * math.floor(units)
    if leaf.partial == "round_up":
        return leaf.rate * math.ceil(units)
    exact = Fraction(leaf.rate) * units
    return _exact(exact) if leaf.places is None else _half_up(exact, leaf.places)


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
    if isinstance(leaf, EscalatingDeduct):
        count = values[leaf.fact.name]
        return _series(leaf, count) if count else None
    if isinstance(leaf, QuantityDeduct):
        amount = _quantity(leaf, values[leaf.fact.name])
        return amount if amount > 0 else None
    if isinstance(leaf, JudgedDeduct):
        entered: Decimal = values[leaf.fact.name]
        return entered if entered > 0 else None
    raise AssertionError(f"the reference scorer does not know {type(leaf).__name__}")


def _zero_holds(leaf: Node, values: Mapping[str, Any]) -> bool:
    """Whether a 该项不得分 clause holds."""
    if isinstance(leaf, ZeroIf):
        value = values[leaf.fact.name]
        return bool(value) if leaf.at_least is None else value >= leaf.at_least
    assert isinstance(leaf, ZeroIfLate)
    submitted: _dt.date = values[leaf.fact.name]
    due = leaf.deadline.due if leaf.deadline is not None else values[leaf.deadline_fact]
    return submitted > due  # handed in on the deadline day is on time


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


def _awards(bonus: Node, path: str, values: Mapping[str, Any]) -> list[_Award]:
    """The bonus entries: each award up to its level's cap, all up to the total cap."""
    if isinstance(bonus, LevelBonus):
        listed = values[bonus.id]
        reached = [level for level in bonus.levels if level.title in listed]
        if not reached:
            return []
        top = reached[0]  # levels are listed highest first
        amount = top.points if top.points is not None else values[f"{bonus.id}_points"]
        return [_Award(_join(path, top.id), amount, amount)] if amount > 0 else []
    assert isinstance(bonus, Bonus)
    entries: list[_Award] = []
    left = bonus.cap
    for level in bonus.levels:
        for amount in values[bonus.fact_for(level).name]:
            if amount <= 0:
                continue
            counted = min(amount, level.cap)
            if left is not None:
                counted = min(counted, left)
                left -= counted
            entries.append(_Award(_join(path, level.id), amount, counted))
    return entries


class _Unit:
    """One unit's evaluation by plain recursion over the rule tree."""

    def __init__(self, book: Rulebook, values: Mapping[str, Any]) -> None:
        self.values = values
        self.clauses: dict[str, _Clause] = {}
        self.awards: dict[str, list[_Award]] = {}
        self.vetoes: list[tuple[str, str, str]] = []
        self.cut: dict[str, Decimal] = {}
        self.containers: list[tuple[str, list[_Clause]]] = []  # pre-order
        self.caps: list[tuple[str, Decimal, list[_Clause]]] = []  # inner caps first
        self.parts: list[tuple[str, Node]] = []  # the outermost converted parts
        self.all_parts: list[tuple[str, Node]] = []  # every converted part, pre-order
        self.zeroed: list[str] = []
        everything: list[_Clause] = []
        for child in book.children:
            everything += self.measure(child, child.id, "", book.points, inside_part=False)
        self.containers.insert(0, ("", everything))  # the rulebook itself, first
        self.zero()
        for path, limit, under in self.caps:
            members = [
                c
                for c in under
                if not c.starred and not (c.zeroes is not None and path in (c.zeroes, c.path))
            ]
            absorbed = _cut(members, limit)
            if absorbed:
                self.cut[path] = self.cut.get(path, ZERO) + absorbed
        for path, awards in self.awards.items():
            if any(_under(path, node) for node in self.zeroed):
                for award in awards:
                    award.counted = ZERO  # 该项不得分: the bonus is listed, counting 0
        if book.floor:  # each converted part on its own scale, inner ones first; then the root
            under = dict(self.containers)
            for path, node in [*reversed(self.all_parts), ("", None)]:
                inside = [p for p, _ in self.all_parts if p != path and _under(p, path)]
                inner = [
                    (p, n)
                    for p, n in self.all_parts
                    if p in inside and not any(q != p and _under(p, q) for q in inside)
                ]
                converted = ZERO
                for part_path, part in inner:
                    converted += self.tally(part, part_path, {}, []).lost
                own = [c for c in under[path] if not any(_under(c.path, p) for p, _ in inner)]
                budget = book.points if node is None else node.out_of
                absorbed = _cut(own, max(budget - converted, ZERO))
                if absorbed:
                    self.cut[path] = self.cut.get(path, ZERO) + absorbed
        self.book = book

    def measure(
        self, node: Node, path: str, parent: str, whole: Decimal, *, inside_part: bool
    ) -> list[_Clause]:
        """Measure the clauses under *node* at *path*; *whole* is what its parent is out of."""
        if isinstance(node, CapAt):
            inside = self.measure(node.node, path, parent, whole, inside_part=inside_part)
            limit = node.limit if node.limit is not None else _points_of(node.node)
            self.caps.append((path, limit, inside))  # post-order: inner caps first
            return inside
        if isinstance(node, ZeroIf | ZeroIfLate):
            if not _zero_holds(node, self.values):
                return []
            clause = self.clauses[path] = _Clause(path, whole, False, zeroes=parent)
            return [clause]
        if isinstance(node, _LEAVES):
            raw = _raw_amount(node, self.values)
            if raw is None:
                return []
            clause = self.clauses[path] = _Clause(path, raw, bool(node.starred))
            return [clause]
        if isinstance(node, Veto):
            value = self.values[node.fact.name]
            if bool(value) if node.fact.kind == "flag" else value >= node.at_least:
                self.vetoes.append((path, node.effect, node.grade))
            return []
        if isinstance(node, Bonus | LevelBonus):
            self.awards[path] = _awards(node, path, self.values)
            return []
        if isinstance(node, Rescaled):
            if not inside_part:
                self.parts.append((path, node))
            own = node.out_of  # a clause zeroing the part takes its points on its scale
            self.all_parts.append((path, node))
        elif isinstance(node, Section | Item):
            own = _points_of(node)
        else:
            raise AssertionError(f"the reference scorer does not know {type(node).__name__}")
        found: list[_Clause] = []
        self.containers.append((path, found))  # pre-order: filled in below
        nested = inside_part or isinstance(node, Rescaled)
        for child in node.children:
            found += self.measure(child, _join(path, child.id), path, own, inside_part=nested)
        return found

    def zero(self) -> None:
        """该项不得分, outer nodes first: the first holding clause takes the node's points."""
        gone: set[int] = set()
        for path, under in self.containers:
            holding = [c for c in under if c.zeroes == path and id(c) not in gone]
            if not holding:
                continue
            self.zeroed.append(path)
            for clause in under:
                if clause is not holding[0]:
                    clause.counted = ZERO
                    gone.add(id(clause))

    def tally(
        self, node: Node, path: str, nodes: dict[str, ExpectedNode], entries: list[ExpectedEntry]
    ) -> ExpectedNode:
        """Score *node* at *path* from the counted entries under it, logging them in order."""
        if isinstance(node, CapAt):
            return self.tally(node.node, path, nodes, entries)
        maximum = _points_of(node)
        if path in self.clauses:
            clause = self.clauses[path]
            entries.append(
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
        elif isinstance(node, Bonus | LevelBonus):
            awards = self.awards[path]
            entries += [
                ExpectedEntry(a.path, "bonus", a.raw, a.counted, a.raw - a.counted) for a in awards
            ]
            gained = sum((a.counted for a in awards), ZERO)
            result = ExpectedNode(ZERO, gained, ZERO, gained)
        else:
            parts = [
                self.tally(child, _join(path, child.id), nodes, entries) for child in node.children
            ]
            lost = sum((part.lost for part in parts), ZERO)
            gained = sum((part.gained for part in parts), ZERO)
            if isinstance(node, Rescaled):
                raw_score = node.out_of - lost + gained
                score = _convert(node, raw_score)
                result = ExpectedNode(maximum, score, maximum - score, ZERO, node.out_of, raw_score)
            else:
                result = ExpectedNode(maximum, maximum - lost + gained, lost, gained)
        nodes[path] = result
        return result

    def root(self) -> tuple[ExpectedNode, dict[str, ExpectedNode], list[ExpectedEntry]]:
        """The whole tree's results and the ledger, in clause order."""
        nodes: dict[str, ExpectedNode] = {}
        entries: list[ExpectedEntry] = []
        parts = [self.tally(child, child.id, nodes, entries) for child in self.book.children]
        points = self.book.points
        lost = sum((part.lost for part in parts), ZERO)
        gained = sum((part.gained for part in parts), ZERO)
        nodes[""] = ExpectedNode(points, points - lost + gained, lost, gained)
        return nodes[""], nodes, entries

    def apply_total_policy(self, base: Decimal) -> None:
        """Cut bonus beyond what the rulebook's total policy lets it add, in clause order."""
        policy = self.book.total
        if policy is None:
            return
        room: list[Decimal] = []
        if policy.bonus_cap is not None:
            room.append(policy.bonus_cap)
        ceilings = [
            c
            for c in (policy.cap, None if policy.above_full else self.book.points)
            if c is not None
        ]
        if ceilings:
            room.append(max(min(ceilings) - base, ZERO))
        if not room:
            return
        budget = min(room)
        awards = [a for path in sorted_paths(self.book) for a in self.awards.get(path, [])]
        gained = sum((a.counted for a in awards), ZERO)
        if gained <= budget:
            return
        left = budget
        for award in awards:
            award.counted = min(award.counted, left)
            left -= award.counted
        self.cut[""] = self.cut.get("", ZERO) + gained - budget


def sorted_paths(book: Rulebook) -> list[str]:
    """Every node path in clause (pre-)order."""
    return [path for path, node in book.walk() if not isinstance(node, CapAt)]


def _grade(book: Rulebook, total: Decimal, vetoes: list[tuple[str, str, str]]) -> str:
    """The grade by total, then lowered (never raised) by what each veto allows."""
    titles = [band.title for band in book.grades]
    position = next(
        (n for n, band in enumerate(book.grades) if total >= band.minimum), len(titles) - 1
    )
    for _, effect, grade in vetoes:
        if effect == "lowest":
            position = len(titles) - 1
        elif effect == "bar_top":
            position = max(position, 1)
        elif effect == "grade":
            position = max(position, titles.index(grade))
    return titles[position]


def _clean(book: Rulebook) -> dict[str, ExpectedNode]:
    """Every clause at its full points: the tree of a unit the gate kept out.

    A converted part whose full score rounds loses points even then (1 × 30% kept to
    0 places scores 0): its container counts that loss, as in a scored unit.
    """
    walked = [(path, node) for path, node in book.walk() if not isinstance(node, CapAt)]
    lost: dict[str, Decimal] = {}  # per path: what the converted parts below lose
    nodes: dict[str, ExpectedNode] = {}
    for path, node in reversed(walked):  # children before their parents
        maximum = book.points if node is book else _points_of(node)
        if isinstance(node, Rescaled):
            score = _convert(node, node.out_of)
            nodes[path] = ExpectedNode(
                maximum, score, maximum - score, ZERO, node.out_of, node.out_of
            )
            own = maximum - score
        else:
            own = lost.get(path, ZERO)
            nodes[path] = ExpectedNode(maximum, maximum - own, own, ZERO)
        if path and own:
            parent = path.rpartition(".")[0]
            lost[parent] = lost.get(parent, ZERO) + own
    return nodes


def reference_score(book: Rulebook, values: Mapping[str, Any]) -> Expected:
    """Score one unit's fact *values* (already exact Python values) the plain way.

    Args:
        book: The rulebook.
        values: Fact name → value, as ``Rulebook.check`` would return them (bools,
            ints, Decimals, dates, tuples); every fact the rulebook reads must be present.

    Returns:
        The expected totals, grade, vetoes, ledger and node scores.
    """
    failed = []
    for requirement in book.gate:
        value = values[requirement.fact.name]
        bounds = [] if requirement.at_most is None else [requirement.at_most]
        if requirement.limit:
            bounds.append(Decimal(values[requirement.limit]))
        met = bool(value) if not bounds else Decimal(value) <= min(bounds)
        if not met:
            failed.append(requirement.id)
    if failed:
        return Expected(
            ZERO, ZERO, NOT_ASSESSED, False, (), (), _clean(book), {}, False, tuple(failed)
        )
    unit = _Unit(book, values)
    root, nodes, entries = unit.root()
    base = root.max - root.lost
    if book.total is not None and root.gained:
        unit.apply_total_policy(base)
        root, nodes, entries = unit.root()
    total = root.score
    held = list(unit.vetoes)
    for veto in book.score_vetoes:
        if (total if veto.on == "total" else base) < veto.below:
            held.append((veto.id, veto.effect, veto.grade))
    if any(effect == "zero" for _, effect, _ in held):
        base = total = ZERO
    return Expected(
        base=base,
        total=total,
        grade=_grade(book, total, held),
        vetoed=bool(held),
        vetoes=tuple((path, effect) for path, effect, _ in held),
        entries=tuple(entries),
        nodes=nodes,
        cut=unit.cut,
    )
