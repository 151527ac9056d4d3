"""The evaluator: a plan compiled once per rulebook, run once per unit.

Compiling flattens the tree so that a unit's evaluation is three passes: measure
every leaf, apply the caps (inner caps first, then the rulebook's floor), then build
the immutable result tree from the final counted amounts. Because caps run before
any result is built, every node's ``max − lost + gained = score`` holds with the same
counted amounts everywhere.

Speed comes from work done once, at construction, instead of once per unit:

- Most of a unit's clauses lose nothing, and a subtree that loses and gains nothing
  has the same result for every unit. Each node's *clean* result is built once and
  shared (results are immutable, so sharing is safe); a unit builds new results only
  on the paths from its ledger entries up to the root.
- A clause that declares itself ``pure`` (``Deduct``, ``Judgment``, ``Veto``) reads
  only its one fact, so what it gives is a function of that fact's value. The plan remembers,
  per clause and per value, the lapse and, when no cap cuts it, the finished ledger
  entry and leaf result. Values are keyed exactly (by type, and Decimals by their
  text, since ``1.5`` and ``1.50`` print differently). Other leaves are asked every
  time.
- A container with no result below it that belongs to this unit alone (no clause a
  cap or the floor cut, no bonus) is a function of the shared results of its lapsed
  clauses; it is remembered per combination of them (keyed by their identities,
  which the memo keeps alive), so common patterns of lapses are built once and a
  remembered container is not descended into.
- Paths, titles, which caps hold which clause and the bonus fact names and texts are
  prepared once.

Each memo stops growing at ``_MEMO_LIMIT`` entries, so unusual evidence cannot make
memory grow; past it, results are built as usual. Results are equal, down to each
``Decimal``'s exponent, to what building every node afresh gives, and as immutable.
"""

from __future__ import annotations

import datetime as _dt
from bisect import bisect_left
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, Final

from ._grades import GradeBand, grade_for
from ._node import BonusLeaf, Lapse, Node, ScoredLeaf, VetoLeaf
from ._numbers import ZERO
from ._results import LedgerEntry, NodeResult, UnitResult, VetoHit

__all__ = ["Plan", "compile_plan"]

_UNSEEN: Final = object()
# A memo stops growing at this many distinct values per clause; later values are
# measured every time (still exact), so unusual evidence cannot make memory grow.
_MEMO_LIMIT: Final = 512
# Fact kinds whose checked values are hashable and equal only when every clause
# reading them gives the same result: booleans, whole numbers, texts, tuples of
# texts and dates.
_DIRECT_KEYS: Final[dict[str, type]] = {
    "flag": bool,
    "count": int,
    "choice": str,
    "list": tuple,
    "date": _dt.date,
}
# Decimal facts: equal Decimals can differ in exponent (1.5 vs 1.50) and the exponent
# shows in the ledger, so they are keyed by their text.
_TEXT_KEYS: Final = frozenset({"amount", "score"})


class _Frame:
    """One real (non-wrapper) node with its path, the leaves under it and its clean result.

    The plan's parts are plain slotted classes, not attrs classes: they are internal,
    never compared or printed, are not changed after compiling (except their memos),
    and defining them this way keeps ``import assessment_rules`` fast.
    """

    __slots__ = (
        "bonus",
        "cap",
        "children",
        "clean",
        "end",
        "leaf",
        "memo",
        "node",
        "order",
        "path",
        "start",
    )

    def __init__(
        self,
        node: Node,
        path: str,
        order: int,
        *,
        span: tuple[int, int],
        clean: NodeResult,
        children: tuple[_Frame, ...] = (),
        cap: Decimal | None = None,
        leaf: int = -1,
        bonus: int = -1,
    ) -> None:
        self.node = node
        self.path = path
        self.order = order  # position in pre-order; the key of the dirty set
        self.start, self.end = span  # the leaves under this node
        self.children = children
        self.cap = cap
        self.leaf = leaf  # index into the leaf list, or -1
        self.bonus = bonus  # index into the bonus list, or -1
        self.clean = clean  # the result when nothing in the subtree is lost or gained
        # Results already built for this container, keyed by the identities of the
        # clause results below it (the memo keeps them alive, so ids stay unique).
        self.memo: dict[tuple[int, ...], NodeResult] = {}


class _BonusPlan:
    """A bonus clause with its path and the frames whose results its gains change."""

    __slots__ = ("frames", "node", "path", "source")

    def __init__(self, node: BonusLeaf, path: str, frames: tuple[int, ...]) -> None:
        self.node = node
        self.path = path
        self.source = node.source
        self.frames = frames  # the bonus's frame and its ancestors


class _Outcome:
    """A clause's lapse, with the entry and leaf result it gives when no cap cuts it."""

    __slots__ = ("entry", "lapse", "result")

    def __init__(self, lapse: Lapse) -> None:
        self.lapse = lapse
        self.entry: LedgerEntry | None = None
        self.result: NodeResult | None = None


# Per clause: (leaf index, leaf, memo fact or None, its exact type, memo).
_Probe = tuple[int, ScoredLeaf, str | None, type | None, dict[object, "_Outcome | None"]]
# Per veto: (veto, path, memo fact or None, its exact type, memo).
_VetoProbe = tuple[VetoLeaf, str, str | None, type | None, dict[object, "VetoHit | None"]]


def _memo_fact(node: Node) -> tuple[str | None, type | None]:
    """The fact a node's outcome can be memoised on, and the exact type of its values.

    Only nodes that declare themselves :attr:`~Node.pure` and read one fact are
    memoised: their ``measure``/``reason``/``triggered`` read nothing but that fact
    and the node's fields. Any other node is asked every time.
    """
    if not type(node).__dict__.get("pure", False):  # declared by the class itself
        return None, None
    facts = node.own_facts()
    if len(facts) == 1:
        fact = facts[0]
        if fact.kind in _DIRECT_KEYS:
            return fact.name, _DIRECT_KEYS[fact.kind]
        if fact.kind in _TEXT_KEYS:
            return fact.name, Decimal
    return None, None


class Plan:
    """The flattened rulebook the evaluator runs (built once, at construction)."""

    __slots__ = (
        "bonuses",
        "caps",
        "floor",
        "grades",
        "leaf_caps",
        "leaf_chains",
        "leaf_frames",
        "leaf_sources",
        "leaves",
        "points",
        "probes",
        "root",
        "starred",
        "vetoes",
    )

    root: _Frame
    points: Decimal
    floor: bool
    grades: tuple[GradeBand, ...]
    leaves: tuple[ScoredLeaf, ...]
    leaf_frames: tuple[_Frame, ...]
    leaf_chains: tuple[tuple[int, ...], ...]  # per leaf: its frame and every ancestor
    leaf_sources: tuple[str, ...]
    starred: tuple[bool, ...]
    leaf_caps: tuple[tuple[int, ...], ...]  # per leaf: the caps that can stop it
    caps: tuple[tuple[Decimal, str], ...]  # limit and path, inner caps first
    bonuses: tuple[_BonusPlan, ...]
    vetoes: tuple[_VetoProbe, ...]
    probes: tuple[_Probe, ...]

    def __init__(
        self, root: Node, points: Decimal, floor: bool, grades: tuple[GradeBand, ...]
    ) -> None:
        self.points = points
        self.floor = floor
        self.grades = grades
        _compile(self, root)

    def run(self, values: Mapping[str, Any], unit: str, name: str, rulebook_id: str) -> UnitResult:
        """Evaluate validated fact values into a ``UnitResult``."""
        hits: list[int] = []  # the clauses that lapsed, in clause order
        found: list[_Outcome] = []  # what each of them measured
        for i, leaf, fact, expected, memo in self.probes:
            if fact is not None:
                value = values[fact]
                kind = type(value)
                if kind is expected:
                    key = str(value) if kind is Decimal else value
                    try:
                        outcome = memo[key]
                    except KeyError:
                        lapse = leaf.measure(values)
                        outcome = None if lapse is None else _Outcome(lapse)
                        if len(memo) < _MEMO_LIMIT:
                            memo[key] = outcome
                    except TypeError:  # an unhashable value in unchecked input
                        lapse = leaf.measure(values)
                        outcome = None if lapse is None else _Outcome(lapse)
                    if outcome is not None:
                        hits.append(i)
                        found.append(outcome)
                    continue
            lapse = leaf.measure(values)
            if lapse is not None:
                hits.append(i)
                found.append(_Outcome(lapse))

        # Counted amounts exist only for clauses that lapsed; every other one counts 0.
        counted: dict[int, Decimal] = {}
        absorbed: dict[str, Decimal] = {}
        if hits:
            capped: dict[int, list[int]] = {}
            leaf_caps = self.leaf_caps
            for i, outcome in zip(hits, found, strict=True):
                counted[i] = outcome.lapse.raw
                for c in leaf_caps[i]:
                    if c in capped:
                        capped[c].append(i)
                    else:
                        capped[c] = [i]
            caps = self.caps
            for c in sorted(capped):  # inner caps first, as compiled
                members = capped[c]
                limit, path = caps[c]
                taken = ZERO
                for i in members:
                    taken += counted[i]
                if taken > limit:
                    absorbed[path] = taken - limit
                    budget = limit
                    for i in members:
                        share = min(counted[i], budget)
                        counted[i] = share
                        budget -= share
            if self.floor:
                taken = sum(counted.values(), ZERO)
                if taken > self.points:
                    absorbed[""] = taken - self.points
                    budget = self.points
                    for i in hits:
                        share = min(counted[i], budget)
                        counted[i] = share
                        budget -= share

        # ``dirty`` frames have entries below them; ``fresh`` ones have a result below
        # them that was built for this unit alone (a cut clause, a bonus), so they
        # are not memoised.
        results: dict[int, NodeResult] = {}  # per lapsed clause, in clause order
        dirty: set[int] = set()
        fresh: set[int] = set()
        leaf_frames = self.leaf_frames
        leaf_chains = self.leaf_chains
        for i, outcome in zip(hits, found, strict=True):
            lapse = outcome.lapse
            amount = counted[i]
            frame = leaf_frames[i]
            # ``counted`` keeps the very ``raw`` object unless a cap or the floor cut it.
            if amount is lapse.raw and (not absorbed or frame.path not in absorbed):
                result = outcome.result
                if result is None:
                    entry = outcome.entry = self._entry(i, lapse, amount)
                    result = outcome.result = _leaf_result(frame, entry, ZERO)
            else:
                entry = self._entry(i, lapse, amount)
                result = _leaf_result(frame, entry, absorbed.get(frame.path, ZERO))
                fresh.update(leaf_chains[i])
            results[i] = result
            dirty.update(leaf_chains[i])
        bonus_entries: list[tuple[LedgerEntry, ...]] = []
        for plan in self.bonuses:
            own = _bonus_entries(plan, values)
            bonus_entries.append(own)
            if own:
                dirty.update(plan.frames)
                fresh.update(plan.frames)

        if dirty:
            state = _Unit(results, bonus_entries, absorbed, dirty, fresh)
            root = _build(self.root, state)
        else:
            root = self.root.clean
        vetoed = self._vetoes(values) if self.vetoes else ()
        grade = self.grades[-1].title if vetoed else grade_for(self.grades, root.score)
        return UnitResult(
            unit=unit,
            name=name,
            rulebook=rulebook_id,
            max=root.max,
            base=root.max - root.lost,
            total=root.score,
            grade=grade,
            vetoed=bool(vetoed),
            vetoes=vetoed,
            root=root,
        )

    def _entry(self, i: int, lapse: Lapse, counted: Decimal) -> LedgerEntry:
        leaf = self.leaves[i]
        return LedgerEntry(
            path=self.leaf_frames[i].path,
            title=leaf.title,
            kind="deduction",
            occurrences=lapse.occurrences,
            rate=lapse.rate,
            raw=lapse.raw,
            counted=counted,
            absorbed=lapse.raw - counted,
            reason=leaf.reason(lapse, counted),
            starred=self.starred[i],
            detail=lapse.detail,
            source=self.leaf_sources[i],
        )

    def _vetoes(self, values: Mapping[str, Any]) -> tuple[VetoHit, ...]:
        found: list[VetoHit] = []
        for veto, path, fact, expected, memo in self.vetoes:
            key: object = _UNSEEN
            if fact is not None:
                value = values[fact]
                kind = type(value)
                if kind is expected:
                    key = str(value) if kind is Decimal else value
            hit: VetoHit | object | None = _UNSEEN
            if key is not _UNSEEN:
                try:
                    hit = memo.get(key, _UNSEEN)
                except TypeError:  # an unhashable value in unchecked input
                    key = _UNSEEN
            if hit is _UNSEEN:
                hit = None
                if veto.triggered(values):
                    hit = VetoHit(
                        path=path, title=veto.title, reason=veto.reason(values), source=veto.source
                    )
                if key is not _UNSEEN and len(memo) < _MEMO_LIMIT:
                    memo[key] = hit
            if hit is not None:
                found.append(hit)  # type: ignore[arg-type]
        return tuple(found)


def _bonus_entries(plan: _BonusPlan, values: Mapping[str, Any]) -> tuple[LedgerEntry, ...]:
    path = plan.path
    return tuple(
        LedgerEntry(
            path=f"{path}.{gain.id}" if gain.id else path,
            title=gain.title,
            kind="bonus",
            occurrences=1,
            rate=gain.raw,
            raw=gain.raw,
            counted=gain.counted,
            absorbed=gain.raw - gain.counted,
            reason=gain.reason,
            source=plan.source,
        )
        for gain in plan.node.gains(values)
    )


def _leaf_result(frame: _Frame, entry: LedgerEntry, absorbed: Decimal) -> NodeResult:
    """The result of a clause that lost points (``entry``)."""
    clean = frame.clean
    lost = entry.counted
    return NodeResult(
        path=clean.path,
        id=clean.id,
        title=clean.title,
        kind=clean.kind,
        max=clean.max,
        score=clean.max - lost,
        lost=lost,
        gained=ZERO,
        entries=(entry,),
        children=(),
        cap=clean.cap,
        absorbed=absorbed,
    )


class _Unit:
    """What one unit's evaluation has worked out before its result tree is built."""

    __slots__ = ("absorbed", "bonus_entries", "dirty", "fresh", "hits", "ordered", "results")

    def __init__(
        self,
        results: dict[int, NodeResult],
        bonus_entries: list[tuple[LedgerEntry, ...]],
        absorbed: dict[str, Decimal],
        dirty: set[int],
        fresh: set[int],
    ) -> None:
        self.results = results  # leaf index → result, for each lapsed clause in order
        self.hits = list(results)  # the lapsed clauses' leaf indices, in clause order
        self.ordered = list(results.values())  # their results, in the same order
        self.bonus_entries = bonus_entries  # per bonus, its entries
        self.absorbed = absorbed  # path → points its cap (or the floor) absorbed
        self.dirty = dirty  # frames with entries below them
        self.fresh = fresh  # frames with a result below them built for this unit only


def _build(frame: _Frame, unit: _Unit) -> NodeResult:
    """Build the result of a frame that has ledger entries below it."""
    clean = frame.clean
    if frame.bonus >= 0:
        own = unit.bonus_entries[frame.bonus]
        gained = sum((e.counted for e in own), ZERO)
        return NodeResult(
            path=clean.path,
            id=clean.id,
            title=clean.title,
            kind=clean.kind,
            max=ZERO,
            score=gained,
            lost=ZERO,
            gained=gained,
            entries=own,
        )
    # Same clause results below, same result: a container with no result built for
    # this unit alone below it (no cut clause, no bonus) is a function of the shared
    # results of its lapsed clauses, so it is built once per combination of them.
    absorbed = unit.absorbed
    key: tuple[int, ...] | None = None
    if frame.order not in unit.fresh and clean.path not in absorbed:
        hits = unit.hits
        low = bisect_left(hits, frame.start)
        key = tuple(map(id, unit.ordered[low : bisect_left(hits, frame.end, low)]))
        known = frame.memo.get(key)
        if known is not None:
            return known
    dirty = unit.dirty
    results = unit.results
    children: list[NodeResult] = []
    parts: list[tuple[LedgerEntry, ...]] = []
    lost = ZERO
    gained = ZERO
    for child in frame.children:
        if child.order not in dirty:
            children.append(child.clean)
            continue
        # A child without entries lost and gained exactly ZERO; adding it to a sum
        # that starts at ZERO changes neither the value nor the exponent, so only
        # children with entries are added.
        result = results[child.leaf] if child.leaf >= 0 else _build(child, unit)
        children.append(result)
        if result.entries:
            parts.append(result.entries)
            lost += result.lost
            gained += result.gained
    # One child with entries: its (immutable) tuple is this node's too.
    entries = parts[0] if len(parts) == 1 else tuple(e for part in parts for e in part)
    maximum = clean.max
    built = NodeResult(
        path=clean.path,
        id=clean.id,
        title=clean.title,
        kind=clean.kind,
        max=maximum,
        score=maximum - lost + gained,
        lost=lost,
        gained=gained,
        entries=entries,
        children=tuple(children),
        cap=clean.cap,
        absorbed=absorbed.get(clean.path, ZERO),
    )
    if key is not None and len(frame.memo) < _MEMO_LIMIT:
        frame.memo[key] = built
    return built


def _clean_result(
    node: Node, path: str, cap: Decimal | None, children: tuple[_Frame, ...]
) -> NodeResult:
    """The result of a node when nothing in its subtree is lost or gained.

    The arithmetic is the one :func:`_build` and :func:`_leaf_result` do, so a shared
    clean result has the same values, down to each ``Decimal``'s exponent.
    """
    if isinstance(node, BonusLeaf):
        return NodeResult(
            path=path,
            id=node.id,
            title=node.title,
            kind=node.kind,
            max=ZERO,
            score=ZERO,
            lost=ZERO,
            gained=ZERO,
            entries=(),
        )
    maximum = node.max_points
    score = maximum - ZERO if isinstance(node, ScoredLeaf) else maximum - ZERO + ZERO
    return NodeResult(
        path=path,
        id=node.id,
        title=node.title,
        kind=node.kind,
        max=maximum,
        score=score,
        lost=ZERO,
        gained=ZERO,
        entries=(),
        children=tuple(child.clean for child in children),
        cap=cap,
        absorbed=ZERO,
    )


def compile_plan(root: Node, points: Decimal, floor: bool, grades: tuple[GradeBand, ...]) -> Plan:
    """Flatten *root* into a :class:`Plan`."""
    return Plan(root, points, floor, grades)


def _compile(plan: Plan, root: Node) -> None:
    """Fill in *plan* from the tree under *root*."""
    leaves: list[ScoredLeaf] = []
    leaf_frames: list[_Frame] = []
    leaf_chains: list[tuple[int, ...]] = []
    caps: list[tuple[int, int, Decimal, str]] = []
    bonuses: list[_BonusPlan] = []
    vetoes: list[_VetoProbe] = []
    counter = [1]  # the root frame is 0

    def visit(node: Node, prefix: str, cap: Decimal | None, chain: tuple[int, ...]) -> _Frame:
        if node.transparent:  # a wrapper: its one child takes its place
            inner = node.children[0]
            limit = node.cap_limit
            frame = visit(inner, prefix, cap if limit is None else limit, chain)
            if limit is not None:
                caps.append((frame.start, frame.end, limit, frame.path))
            return frame
        path = f"{prefix}.{node.segment}" if prefix else node.segment
        order = counter[0]
        counter[0] += 1
        chain = (*chain, order)
        start = len(leaves)
        if isinstance(node, ScoredLeaf):
            clean = _clean_result(node, path, cap, ())
            frame = _Frame(
                node, path, order, span=(start, start + 1), clean=clean, cap=cap, leaf=start
            )
            leaves.append(node)
            leaf_frames.append(frame)
            leaf_chains.append(chain)
            return frame
        if isinstance(node, BonusLeaf):
            bonuses.append(_BonusPlan(node, path, chain))
            clean = _clean_result(node, path, cap, ())
            return _Frame(
                node, path, order, span=(start, start), clean=clean, cap=cap, bonus=len(bonuses) - 1
            )
        if isinstance(node, VetoLeaf):
            vetoes.append((node, path, *_memo_fact(node), {}))
        own = node.cap_limit  # a container that caps its own deductions
        if own is not None:
            cap = own if cap is None else min(cap, own)
        children = tuple(visit(child, path, None, chain) for child in node.children)
        clean = _clean_result(node, path, cap, children)
        if own is not None:
            caps.append((start, len(leaves), own, path))
        return _Frame(
            node, path, order, span=(start, len(leaves)), clean=clean, children=children, cap=cap
        )

    children = tuple(visit(child, "", None, (0,)) for child in root.children)
    clean = _clean_result(root, "", None, children)
    plan.root = _Frame(root, "", 0, span=(0, len(leaves)), clean=clean, children=children)
    starred = tuple(bool(leaf.starred) for leaf in leaves)
    plan.leaves = tuple(leaves)
    plan.leaf_frames = tuple(leaf_frames)
    plan.leaf_chains = tuple(leaf_chains)
    plan.leaf_sources = tuple(leaf.source for leaf in leaves)
    plan.starred = starred
    # A ★ clause escapes every cap; any other clause answers to each cap around it.
    plan.leaf_caps = tuple(
        ()
        if starred[i]
        else tuple(c for c, (start, end, _, _) in enumerate(caps) if start <= i < end)
        for i in range(len(leaves))
    )
    plan.caps = tuple((limit, path) for _, _, limit, path in caps)
    plan.bonuses = tuple(bonuses)
    plan.vetoes = tuple(vetoes)
    plan.probes = tuple((i, leaf, *_memo_fact(leaf), {}) for i, leaf in enumerate(leaves))
