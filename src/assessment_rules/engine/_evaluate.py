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
- A clause whose class declares itself ``pure`` in its own body (``Deduct``,
  ``Judgment``, ``Veto``, or a user's node kind that says so) reads only its one
  fact, so what it gives is a function of that fact's value. The plan remembers, per
  clause and per value, the *outcome*: the lapse with its finished ledger entry and
  leaf result when no cap cuts it. Values are keyed exactly (by type, and Decimals by
  their text, since ``1.5`` and ``1.50`` print differently). Other leaves are asked
  every time, as are values the memo has no room for or cannot hash. A ``pure``
  bonus clause is remembered the same way, per combination of its facts' values
  (``Bonus`` reads one list of amounts per award level; most units have none).
- A container whose results below are all remembered outcomes (no clause a cap or the
  floor cut, no bonus, no clause asked afresh) is a function of those outcomes; it is
  remembered per combination of them (keyed by their identities: an outcome, once
  remembered, lives as long as the plan, so its identity is never reused). Anything
  built for one unit alone makes the containers above it *fresh*: built, never
  remembered, so no memo fills with keys that cannot match again.
- Paths, titles, which caps hold which clause and the clean results' fields are
  prepared once; results are built as tuples (see ``_results``).
- The sums a unit's containers get (score, lost, base, what a cap absorbed) repeat
  from unit to unit; each distinct one, by its text, is kept once (``_shared``) and
  every result that has it refers to that one ``Decimal``, which makes a retained
  cohort about a quarter smaller.
- A clause a cap cuts is not a remembered outcome, but caps bind in the same few ways
  from unit to unit: its result is kept per (outcome, amount counted, zero that took
  it, points absorbed at it) in ``Plan.cuts``. A pure bonus's entries are kept by their
  content (``_BonusPlan.entries``): award combinations vary far more than single
  awards do. The first saves building the entry and its reason again; with both, a
  retained cohort holds each distinct entry once (the heavy mix of ``bench/`` keeps a
  third fewer bytes per unit). Entries are shared between units, never within one:
  in one unit's result each award is its own entry object, as it is its own line of
  the ledger (tools that key on an entry's identity see two equal awards apart).

**Bounded.** Each memo stops growing at ``_MEMO_LIMIT`` entries (the tables of shared
sums, cut results and bonus entries at ``_SHARED_LIMIT``), so unusual evidence
cannot make memory grow; past it, results are built as usual. A container memo that
is full and rarely matches (fewer than one lookup in ``_USEFUL``) is no longer consulted.
Results are equal, down to each ``Decimal``'s exponent, to what building every node
afresh gives, and as immutable.

**Threads.** A rulebook, and so its plan, may be shared by any number of threads, and
``Rulebook.check``, ``evaluate`` and ``evaluate_checked`` may run in all of them at
once: each call keeps its working state in its own locals, and the only state shared
between calls is the memos (and the tables of shared sums, cut results and bonus
entries, which work the same way). A memo is a dict that is only ever added to, and what it
holds is immutable once added: an outcome is finished (entry and leaf result built)
before it is put in, and is put in with one ``dict.setdefault``, so two threads that
measure the same new value both go on with the one outcome that won. A single dict
operation on keys of built-in types is atomic in CPython (under the GIL, and with the
per-dict locks of free-threaded builds), so no lock is needed. Under contention a memo
may pass its limit by at most one entry per thread, and a counter of memo matches may
miss an increment; neither changes a result. ``tests/unit/test_threads.py`` scores a
cohort from many threads and compares every result with a single-threaded run. Node
kinds must keep their own methods free of shared mutable state (attrs frozen classes
are) for this to hold.
"""

from __future__ import annotations

import datetime as _dt
from bisect import bisect_left
from collections.abc import Mapping
from decimal import Decimal
from itertools import chain
from typing import Any, Final

from ._grades import GradeBand
from ._node import BonusLeaf, Lapse, Node, ScoredLeaf, VetoLeaf
from ._numbers import ZERO
from ._reasons import zeroed_text
from ._results import LedgerEntry, NodeResult, UnitResult, VetoHit

__all__ = ["Plan", "compile_plan"]

_UNSEEN: Final = object()
# A memo stops growing at this many entries; later values are measured every time
# (still exact), so unusual evidence cannot make memory grow.
_MEMO_LIMIT: Final = 512
# A full container memo that matches fewer than one unit in this many, over at least
# this many lookups since it filled, is dropped from the path (looking it up costs
# more than it saves).
_USEFUL: Final = 8
_SAMPLE: Final = 64
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
# Fact kinds a pure bonus's values can be keyed on: the above, and lists of Decimals.
_BONUS_KEYS: Final = frozenset({*_DIRECT_KEYS, *_TEXT_KEYS, "amounts"})

_new = tuple.__new__  # builds a result tuple without the keyword-argument pass


class _Frame:
    """One real (non-wrapper) node with its path, the leaves under it and its clean result.

    The plan's parts are plain slotted classes, not attrs classes: they are internal,
    never compared or printed, are not changed after compiling (except their memos
    and the memo's counters), and defining them this way keeps imports fast.
    """

    __slots__ = (
        "bonus",
        "cap",
        "children",
        "clean",
        "clean_children",
        "end",
        "id",
        "kind",
        "leaf",
        "leafy",
        "looked",
        "matched",
        "max",
        "memo",
        "node",
        "order",
        "path",
        "raw_max",
        "start",
        "title",
        "uneven",
        "whole",
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
        self.clean_children = tuple(child.clean for child in children)
        # Whether a child loses points even when clean: a converted part whose full
        # score rounds (2 × 1.2 = 2.4 kept to 0 places scores 2). Rare: only then does
        # building this node add up its clean children too.
        self.uneven = any(child.lost for child in self.clean_children)
        # Every child a clause, the clauses start..end in order (a plain item).
        self.leafy = (
            bool(children)
            and all(child.leaf == self.start + n for n, child in enumerate(children))
            and len(children) == self.end - self.start
        )
        self.id, self.title, self.kind, self.max = clean.id, clean.title, clean.kind, clean.max
        # A converted part (折算) is scored out of ``raw_max`` and then converted; a
        # zeroing clause under it (该项不得分) takes ``whole``: the points on its scale.
        self.raw_max = node.raw_points
        self.whole = self.max if self.raw_max is None else self.raw_max
        # Results already built for this container, keyed by the identities of the
        # remembered outcomes below it; once it is full, how often it was looked up
        # and matched.
        self.memo: dict[tuple[int, ...], NodeResult] = {}
        self.looked = 0
        self.matched = 0


class _BonusPlan:
    """A bonus clause with its path and the frames whose results its gains change.

    A bonus whose class declares itself ``pure`` gives the same entries for the same
    values of its own facts: they are remembered per combination of those values
    (``facts`` lists them with their kinds; empty when the bonus is asked every time).
    """

    __slots__ = (
        "entries",
        "facts",
        "frames",
        "looked",
        "matched",
        "memo",
        "node",
        "path",
        "source",
    )

    def __init__(self, node: BonusLeaf, path: str, frames: tuple[int, ...]) -> None:
        self.node = node
        self.path = path
        self.source = node.source
        self.frames = frames  # the bonus's frame and its ancestors
        self.facts: tuple[tuple[str, str], ...] = ()
        if type(node).__dict__.get("pure", False):
            facts = tuple((fact.name, fact.kind) for fact in node.own_facts())
            if facts and all(kind in _BONUS_KEYS for _, kind in facts):
                self.facts = facts
        self.memo: dict[tuple[object, ...], tuple[LedgerEntry, ...]] = {}
        self.looked = 0  # once the memo is full: lookups, and how many matched
        self.matched = 0
        # A pure bonus's single entries, by their content (see ``_gain_entries``).
        self.entries: dict[tuple[str, str, str, str, str], LedgerEntry] = {}


class _Outcome:
    """A clause's lapse and, when remembered, the entry and leaf result it gives uncut.

    A remembered outcome (``entry`` set) is finished before any other thread can see
    it and never changes; one measured afresh for one unit has ``entry`` None.
    """

    __slots__ = ("entry", "lapse", "raw", "result", "zeroes")

    def __init__(
        self, lapse: Lapse, entry: LedgerEntry | None = None, result: NodeResult | None = None
    ) -> None:
        self.lapse = lapse
        self.raw = lapse.raw
        self.entry = entry
        self.result = result
        self.zeroes = lapse.zeroes


# Per clause: (leaf index, leaf, memo fact or None, its exact type, key by text, memo).
_Probe = tuple[int, ScoredLeaf, str | None, type | None, bool, dict[object, "_Outcome | None"]]
# Per veto: (veto, path, memo fact or None, its exact type, key by text, memo).
_VetoProbe = tuple[VetoLeaf, str, str | None, type | None, bool, dict[object, "VetoHit | None"]]


def _memo_fact(node: Node) -> tuple[str | None, type | None, bool]:
    """The fact a node's outcome can be memoised on, its values' exact type, and
    whether values are keyed by their text (Decimals).

    Only nodes whose class declares :attr:`~Node.pure` in its own body (a subclass may
    read other facts, so the flag is not inherited) and read one fact are memoised:
    their ``measure``/``reason``/``triggered`` read nothing but that fact and the
    node's fields. Any other node is asked every time.
    """
    if not type(node).__dict__.get("pure", False):  # declared by the class itself
        return None, None, False
    facts = node.own_facts()
    if len(facts) == 1:
        fact = facts[0]
        if fact.kind in _DIRECT_KEYS:
            return fact.name, _DIRECT_KEYS[fact.kind], False
        if fact.kind in _TEXT_KEYS:
            return fact.name, Decimal, True
    return None, None, False


class Plan:
    """The flattened rulebook the evaluator runs (built once, at construction)."""

    __slots__ = (
        "bonuses",
        "cap_limits",
        "cap_orders",
        "caps",
        "converted",
        "cuts",
        "floor",
        "floor_scopes",
        "grades",
        "leaf_caps",
        "leaf_chains",
        "leaf_frames",
        "leaf_paths",
        "leaf_sources",
        "leaf_titles",
        "leaves",
        "lowest",
        "points",
        "probes",
        "root",
        "smallest_cap",
        "starred",
        "vetoes",
        "zero_caps",
        "zero_frames",
    )

    root: _Frame
    points: Decimal
    floor: bool
    grades: tuple[tuple[Decimal, str], ...]  # (minimum, title), highest first
    lowest: str
    leaves: tuple[ScoredLeaf, ...]
    leaf_frames: tuple[_Frame, ...]
    leaf_chains: tuple[tuple[int, ...], ...]  # per leaf: its frame and every ancestor
    leaf_paths: tuple[str, ...]
    leaf_titles: tuple[str, ...]
    leaf_sources: tuple[str, ...]
    starred: tuple[bool, ...]
    leaf_caps: tuple[tuple[int, ...], ...]  # per leaf: the caps that can stop it
    caps: tuple[tuple[Decimal, str], ...]  # limit and path, inner caps first
    cap_limits: tuple[Decimal, ...]
    smallest_cap: Decimal  # the least of cap_limits (0 when there is no cap)
    cap_orders: tuple[int, ...]  # per cap: the order of the frame it caps
    bonuses: tuple[_BonusPlan, ...]
    # Results of remembered outcomes cut to an amount, by (outcome identity, amount
    # text, order of the node a zero took it for or -1, absorbed text): see _cut_result.
    cuts: dict[tuple[int, str, int, str], NodeResult]
    vetoes: tuple[_VetoProbe, ...]
    probes: tuple[_Probe, ...]
    zero_frames: tuple[_Frame, ...]  # per leaf: the node a zeroing lapse of it zeroes
    zero_caps: tuple[tuple[int, ...], ...]  # per leaf: the caps outside that node
    converted: tuple[_Frame, ...]  # the converted parts (折算)
    # The floor's scopes, inner parts first and the root last: (frame, path where a cut
    # is recorded, its budget, the converted parts directly inside, whether a part).
    floor_scopes: tuple[tuple[_Frame, str, Decimal, tuple[_Frame, ...], bool], ...]

    def __init__(
        self, root: Node, points: Decimal, floor: bool, grades: tuple[GradeBand, ...]
    ) -> None:
        self.points = points
        self.floor = floor
        self.grades = tuple((band.minimum, band.title) for band in grades)
        self.lowest = grades[-1].title
        self.cuts = {}
        _compile(self, root)

    def run(self, values: Mapping[str, Any], unit: str, name: str, rulebook_id: str) -> UnitResult:
        """Evaluate validated fact values into a ``UnitResult``."""
        hits: list[int] = []  # the clauses that lapsed, in clause order
        found: list[_Outcome] = []  # what each of them measured
        append_hit = hits.append
        append_found = found.append
        zero = False  # whether a clause zeroes its item (该项不得分)
        measured = False  # whether a lapse was measured for this unit alone (no result yet)
        for i, leaf, fact, expected, by_text, memo in self.probes:
            if fact is not None and type(value := values[fact]) is expected:
                key = str(value) if by_text else value
                try:
                    outcome = memo.get(key, _UNSEEN)
                except TypeError:  # an unhashable value in unchecked input
                    outcome = _UNSEEN
                    key = _UNSEEN
                if outcome is _UNSEEN:
                    outcome = self._remember(i, leaf, values, key, memo)
                if outcome is not None:
                    append_hit(i)
                    append_found(outcome)  # type: ignore[arg-type]
                    if outcome.zeroes:  # type: ignore[attr-defined]
                        zero = True
                    if outcome.result is None:  # type: ignore[attr-defined]
                        measured = True
                continue
            lapse = leaf.measure(values)
            if lapse is not None:
                if lapse.zeroes:
                    lapse = self._whole(i, lapse)
                    zero = True
                append_hit(i)
                append_found(_Outcome(lapse))
                measured = True

        # Counted amounts, one per lapsed clause: each keeps the very ``raw`` object
        # unless a cap or the floor cut it.
        counted = [outcome.raw for outcome in found]
        absorbed: dict[str, Decimal] = {}
        outer: dict[int, int] = {}  # per cut clause (position): the outermost cap that bound
        floored = False
        zero_cut: dict[int, _Frame] | None = None  # positions a zero cut to 0: its node
        zeroed: set[int] | None = None  # orders of the frames zeroed
        hit_caps: list[tuple[int, ...]] | None = None
        if zero:
            zero_cut, zeroed = self._apply_zeroes(hits, found, counted)
            hit_caps = [
                self.zero_caps[i] if outcome.zeroes else self.leaf_caps[i]
                for i, outcome in zip(hits, found, strict=True)
            ]
        if hits:
            # What the clauses take before any cut (the same additions, in the same
            # order, as a loop from ZERO). No cap can bind while the whole is within the
            # smallest cap and no amount is negative: a cap's clauses are some of these.
            taken = sum(counted, ZERO)
            if (
                self.cap_limits
                and (taken > self.smallest_cap or min(counted) < ZERO)
                and self._caps_bind(hits, counted, hit_caps)
            ):
                outer = self._apply_caps(hits, counted, absorbed, hit_caps)
                taken = sum(counted, ZERO)
            if self.floor and self.converted:
                floored = self._floor_converted(hits, counted, absorbed)
            elif self.floor and taken > self.points:
                floored = True
                absorbed[""] = taken - self.points
                budget = self.points
                for position, amount in enumerate(counted):
                    share = min(amount, budget)
                    counted[position] = share
                    budget -= share

        # ``dirty`` frames have entries below them; ``fresh`` ones have a result below
        # them that is not a function of the remembered outcomes under them (a clause
        # measured afresh, a bonus, a clause a cap outside them or the floor cut), so
        # they are not memoised. A clause cut by a cap is a function of the outcomes
        # under that cap: the capped frame and those above it are still remembered.
        # Per lapsed clause, in clause order: its result (a remembered outcome's own,
        # unless cut or measured afresh) and its outcome's identity.
        results: list[NodeResult] = [outcome.result for outcome in found]  # type: ignore[misc]
        keys = list(map(id, found))
        chains = self.leaf_chains
        dirty = set(chain.from_iterable(map(chains.__getitem__, hits)))
        fresh: set[int] = set()
        if measured or absorbed or zero_cut:
            leaf_paths = self.leaf_paths
            for position, outcome in enumerate(found):
                i = hits[position]
                amount = counted[position]
                result = results[position]
                if (
                    result is None
                    or amount is not outcome.raw
                    or (absorbed and leaf_paths[i] in absorbed)
                ):
                    path = leaf_paths[i]
                    by_zero = zero_cut.get(position) if zero_cut is not None else None
                    above = chains[i]
                    if result is None or floored or by_zero is not None:
                        fresh.update(above)
                    else:  # cut by caps only: fresh below the outermost cap that bound
                        fresh.update(above[above.index(self.cap_orders[outer[position]]) + 1 :])
                    results[position] = self._cut_result(
                        i, outcome, amount, by_zero, absorbed.get(path, ZERO)
                    )
        bonus_entries: list[tuple[LedgerEntry, ...]] = []
        for plan in self.bonuses:
            own = _bonus_entries(plan, values)
            if own and zeroed and not zeroed.isdisjoint(plan.frames):
                own = _zeroed_gains(own)
            bonus_entries.append(own)
            if own:
                dirty.update(plan.frames)
                fresh.update(plan.frames)

        if dirty:
            unit_state = _Unit(
                hits=hits,
                results=results,
                keys=keys,
                bonus_entries=bonus_entries,
                absorbed=absorbed,
                dirty=dirty,
                fresh=fresh,
            )
            root = _build(self.root, unit_state)
        else:
            root = self.root.clean
        vetoed = self._vetoes(values) if self.vetoes else ()
        total = root.score
        if vetoed:
            grade = self.lowest
        else:
            grade = self.lowest
            for minimum, title in self.grades:
                if total >= minimum:
                    grade = title
                    break
        return _new(
            UnitResult,
            (
                unit,
                name,
                rulebook_id,
                root.max,
                _shared(root.max - root.lost),
                total,
                grade,
                bool(vetoed),
                vetoed,
                root,
                True,  # eligible: the gate (engine/_policy.py) runs before the plan
                (),
            ),
        )

    def _floor_converted(
        self, hits: list[int], counted: list[Decimal], absorbed: dict[str, Decimal]
    ) -> bool:
        """The floor of a rulebook with converted parts (折算).

        Every converted part is a sheet of its own scored on its own scale, so the floor
        holds on each: inner parts first, a part's converted parts count by their
        converted loss, and the entries on its own scale (★ too) stop, in clause order,
        at its ``out_of`` less what those parts lost; what they cut is recorded as
        absorbed at the part. The rulebook does the same with its points, recording at
        the root. So no part loses more than its points and the total before bonus
        stops at 0. Returns whether it cut anything.
        """
        cut = False
        losses: dict[int, Decimal] = {}  # per converted frame (order): its converted loss
        for frame, path, budget, inner, scope in self.floor_scopes:
            low = bisect_left(hits, frame.start)
            high = bisect_left(hits, frame.end, low)
            parts = ZERO
            for part in inner:
                parts += losses[part.order]
            own = [
                position
                for position in range(low, high)
                if not any(part.start <= hits[position] < part.end for part in inner)
            ]
            taken = ZERO
            for position in own:
                taken += counted[position]
            left = max(budget - parts, ZERO)
            if taken > left:
                cut = True
                absorbed[path] = absorbed.get(path, ZERO) + (taken - left)
                for position in own:
                    share = min(counted[position], left)
                    counted[position] = share
                    left -= share
            if scope:  # a converted part: its loss in converted points
                raw = frame.whole - parts
                for position in own:
                    raw -= counted[position]
                losses[frame.order] = frame.max - frame.node.convert(raw)
        return cut

    def _whole(self, i: int, lapse: Lapse) -> Lapse:
        """A zeroing lapse (该项不得分) with its amount: the points of the node it zeroes."""
        whole = self.zero_frames[i].whole
        return Lapse(lapse.occurrences, whole, whole, lapse.detail, lapse.actual, True)

    def _apply_zeroes(
        self, hits: list[int], found: list[_Outcome], counted: list[Decimal]
    ) -> tuple[dict[int, _Frame], set[int]]:
        """该项不得分: each zeroing clause keeps its whole amount; every other clause under
        the node it zeroes counts 0 (its entry stays, absorbed).

        Outer nodes first (pre-order), so a zeroing clause inside a node that is
        zeroed as a whole is itself absorbed. Returns the positions cut to 0, each with
        the frame whose zero took it, and the orders of the zeroed frames.
        """
        cut: dict[int, _Frame] = {}
        zeroed: set[int] = set()
        frames = self.zero_frames
        zeroing = sorted(
            (frames[hits[position]].order, position)
            for position, outcome in enumerate(found)
            if outcome.zeroes
        )
        for _, position in zeroing:
            if position in cut:
                continue
            frame = frames[hits[position]]
            zeroed.add(frame.order)
            low = bisect_left(hits, frame.start)
            high = bisect_left(hits, frame.end, low)
            for other in range(low, high):
                if other != position:
                    counted[other] = ZERO
                    cut[other] = frame
        return cut, zeroed

    def _remember(
        self,
        i: int,
        leaf: ScoredLeaf,
        values: Mapping[str, Any],
        key: object,
        memo: dict[object, _Outcome | None],
    ) -> _Outcome | None:
        """Measure a clause on a value not seen yet; remember the finished outcome."""
        lapse = leaf.measure(values)
        room = key is not _UNSEEN and len(memo) < _MEMO_LIMIT
        if lapse is None:
            if room:
                memo.setdefault(key, None)
            return None
        if lapse.zeroes:
            lapse = self._whole(i, lapse)
        if not room:
            return _Outcome(lapse)  # measured for this unit alone
        entry = self._entry(i, lapse, lapse.raw)
        outcome = _Outcome(lapse, entry, _leaf_result(self.leaf_frames[i], entry, ZERO))
        # Another thread may have put its own outcome in first: both go on with that one.
        return memo.setdefault(key, outcome)

    def _cut_result(
        self,
        i: int,
        outcome: _Outcome,
        counted: Decimal,
        zeroed: _Frame | None,
        absorbed: Decimal,
    ) -> NodeResult:
        """The result of a lapsed clause that counts *counted* (a cap, the floor or a
        zero cut it, or it was measured for this unit alone).

        A remembered outcome cut to the same amount, by the same zero and with the same
        points absorbed at the clause, gives the same result: caps bind in the same few
        ways from unit to unit, so these are kept too (in ``cuts``, bounded like the
        memos), and a retained cohort holds each distinct cut entry once.
        """
        if outcome.entry is None:  # measured for this unit alone
            entry = self._entry(i, outcome.lapse, counted, zeroed)
            return _leaf_result(self.leaf_frames[i], entry, absorbed)
        key = (
            id(outcome),
            str(counted),
            -1 if zeroed is None else zeroed.order,
            str(absorbed) if absorbed else "",
        )
        known = self.cuts.get(key)
        if known is not None:
            return known
        entry = self._entry(i, outcome.lapse, counted, zeroed)
        built = _leaf_result(self.leaf_frames[i], entry, absorbed)
        if len(self.cuts) < _SHARED_LIMIT:
            # Another thread may have put its own in first: both go on with that one.
            built = self.cuts.setdefault(key, built)
        return built

    def _caps_bind(
        self,
        hits: list[int],
        counted: list[Decimal],
        hit_caps: list[tuple[int, ...]] | None = None,
    ) -> bool:
        """Whether any cap is exceeded by the raw amounts (else no cap can bind).

        *hit_caps* gives, per lapsed clause, the caps that can stop it when a zeroing
        clause changed them (the caps of the node it zeroes do not stop it).
        """
        taken: dict[int, Decimal] = {}
        caps_of = map(self.leaf_caps.__getitem__, hits) if hit_caps is None else hit_caps
        for caps, amount in zip(caps_of, counted, strict=True):
            for c in caps:
                taken[c] = taken[c] + amount if c in taken else amount
        limits = self.cap_limits
        return any(amount > limits[c] for c, amount in taken.items())

    def _apply_caps(
        self,
        hits: list[int],
        counted: list[Decimal],
        absorbed: dict[str, Decimal],
        hit_caps: list[tuple[int, ...]] | None = None,
    ) -> dict[int, int]:
        """扣完为止: cut the counted amounts cap by cap, inner caps first, in clause order.

        Returns, for each clause (by position) under a cap that bound, the outermost
        such cap: what the clause counts depends on the clauses under it alone.
        """
        outer: dict[int, int] = {}
        members: dict[int, list[int]] = {}
        caps_of = map(self.leaf_caps.__getitem__, hits) if hit_caps is None else hit_caps
        for position, held in enumerate(caps_of):
            for c in held:
                members.setdefault(c, []).append(position)
        caps = self.caps
        for c in sorted(members):  # inner caps first, as compiled
            positions = members[c]
            limit, path = caps[c]
            taken = ZERO
            for position in positions:
                taken += counted[position]
            if taken > limit:
                absorbed[path] = _shared(taken - limit)
                budget = limit
                for position in positions:
                    share = min(counted[position], budget)
                    counted[position] = share
                    budget -= share
                    outer[position] = c  # later caps are outer ones
        return outer

    def _entry(
        self, i: int, lapse: Lapse, counted: Decimal, zeroed: _Frame | None = None
    ) -> LedgerEntry:
        """A clause's ledger entry; *zeroed* is the node whose 该项不得分 took its points."""
        raw = lapse.raw
        reason = self.leaves[i].reason(lapse, counted)
        if zeroed is not None:  # its reason says the zero took it, not a cap
            reason = zeroed_text(reason, "该部分" if zeroed.node.sheet_role == "part" else "该项")
        return _new(
            LedgerEntry,
            (
                self.leaf_paths[i],
                self.leaf_titles[i],
                "deduction",
                lapse.occurrences,
                lapse.rate,
                raw,
                counted,
                _shared(raw - counted),
                reason,
                self.starred[i],
                lapse.detail,
                self.leaf_sources[i],
            ),
        )

    def _vetoes(self, values: Mapping[str, Any]) -> tuple[VetoHit, ...]:
        found: list[VetoHit] = []
        for veto, path, fact, expected, by_text, memo in self.vetoes:
            if fact is not None:
                value = values[fact]
                if type(value) is expected:
                    key = str(value) if by_text else value
                    try:
                        hit = memo.get(key, _UNSEEN)
                    except TypeError:  # an unhashable value in unchecked input
                        hit = _UNSEEN
                        key = _UNSEEN
                    if hit is _UNSEEN:
                        hit = _veto_hit(veto, path, values)
                        if key is not _UNSEEN and len(memo) < _MEMO_LIMIT:
                            hit = memo.setdefault(key, hit)
                    if hit is not None:
                        found.append(hit)  # type: ignore[arg-type]
                    continue
            hit = _veto_hit(veto, path, values)
            if hit is not None:
                found.append(hit)
        return tuple(found) if found else ()


def _veto_hit(veto: VetoLeaf, path: str, values: Mapping[str, Any]) -> VetoHit | None:
    if not veto.triggered(values):
        return None
    return _new(VetoHit, (path, veto.title, veto.reason(values), veto.source, veto.effect))


def _bonus_key(plan: _BonusPlan, values: Mapping[str, Any]) -> tuple[object, ...] | None:
    """The exact key of a pure bonus's fact values, or ``None`` when one cannot be keyed
    (a value not of its fact's checked type, as in unchecked input)."""
    key: list[object] = []
    for name, kind in plan.facts:
        value = values[name]
        if kind == "amounts":  # a tuple of Decimals, keyed by their texts (1.5 ≠ 1.50)
            if type(value) is not tuple:
                return None
            if value:
                if not all(type(amount) is Decimal for amount in value):
                    return None
                value = tuple(map(str, value))
        elif kind in _TEXT_KEYS:
            if type(value) is not Decimal:
                return None
            value = str(value)
        elif type(value) is not _DIRECT_KEYS[kind]:
            return None
        key.append(value)
    return tuple(key)


def _bonus_entries(plan: _BonusPlan, values: Mapping[str, Any]) -> tuple[LedgerEntry, ...]:
    """A bonus clause's ledger entries, remembered per value for a pure one."""
    memo = plan.memo
    full = len(memo) >= _MEMO_LIMIT
    # A full memo that rarely matches (varied awards) costs more than it saves: skip it.
    if not plan.facts:
        return _gain_entries(plan, values)
    if full and plan.looked >= _SAMPLE and plan.matched * _USEFUL < plan.looked:
        return _gain_entries(plan, values, plan.entries)
    key = _bonus_key(plan, values)
    if key is None:
        return _gain_entries(plan, values)
    own = memo.get(key)
    if full:
        plan.looked += 1
        plan.matched += own is not None
    if own is None:
        own = _gain_entries(plan, values, plan.entries)
        if len(memo) < _MEMO_LIMIT:
            # Another thread may have put its own in first: both go on with that one.
            own = memo.setdefault(key, own)
    return own


def _gain_entries(
    plan: _BonusPlan,
    values: Mapping[str, Any],
    shared: dict[tuple[str, str, str, str, str], LedgerEntry] | None = None,
) -> tuple[LedgerEntry, ...]:
    """A bonus clause's ledger entries for one unit's values.

    With *shared* (a pure bonus's table of entries by content), an entry equal in
    every field to one already built, down to each amount's text, is that one: award
    combinations vary from unit to unit far more than single awards do (市级表彰 2 cut
    to 1.5 …), so a retained cohort holds each distinct entry once. Bounded like the
    memos, and filled with one ``setdefault`` (see the module's notes on threads).
    """
    gains = plan.node.gains(values)
    if not gains:
        return ()
    path = plan.path
    source = plan.source
    built: list[LedgerEntry] = []
    for gain in gains:
        raw = gain.raw
        counted = gain.counted
        known = None
        if shared is not None:
            key = (gain.id, gain.title, str(raw), str(counted), gain.reason)
            known = shared.get(key)
            # Within one unit every entry is its own object: two equal awards are two
            # lines of the ledger (see the module's notes).
            if known is not None and all(known is not other for other in built):
                built.append(known)
                continue
        entry = _new(
            LedgerEntry,
            (
                f"{path}.{gain.id}" if gain.id else path,
                gain.title,
                "bonus",
                1,
                raw,
                raw,
                counted,
                _shared(raw - counted),
                gain.reason,
                False,
                (),
                source,
            ),
        )
        if shared is not None and known is None and len(shared) < _SHARED_LIMIT:
            # Not yet kept: an equal entry earlier in this unit would have been found.
            entry = shared.setdefault(key, entry)
        built.append(entry)
    return tuple(built)


def _leaf_result(frame: _Frame, entry: LedgerEntry, absorbed: Decimal) -> NodeResult:
    """The result of a clause that lost points (``entry``)."""
    lost = entry.counted
    return _new(
        NodeResult,
        (
            frame.path,
            frame.id,
            frame.title,
            frame.kind,
            frame.max,
            _shared(frame.max - lost),
            lost,
            ZERO,
            (entry,),
            (),
            frame.cap,
            absorbed,
            None,
            None,
        ),
    )


class _Unit:
    """What one unit's evaluation has worked out before its result tree is built."""

    __slots__ = (
        "absorbed",
        "bonus_entries",
        "by_leaf",
        "dirty",
        "fresh",
        "hits",
        "keys",
        "results",
    )

    def __init__(
        self,
        *,
        hits: list[int],
        results: list[NodeResult],
        keys: list[int],
        bonus_entries: list[tuple[LedgerEntry, ...]],
        absorbed: dict[str, Decimal],
        dirty: set[int],
        fresh: set[int],
    ) -> None:
        self.hits = hits  # the lapsed clauses' leaf indices, in clause order
        self.results = results  # their results, in the same order
        self.by_leaf = dict(zip(hits, results, strict=True))  # the same, by leaf index
        self.keys = keys  # their outcomes' identities, in the same order
        self.bonus_entries = bonus_entries  # per bonus, its entries
        self.absorbed = absorbed  # path → points its cap (or the floor) absorbed
        self.dirty = dirty  # frames with entries below them
        self.fresh = fresh  # frames with a result below them built for this unit only


def _build(frame: _Frame, unit: _Unit) -> NodeResult:
    """Build the result of a frame that has ledger entries below it."""
    if frame.bonus >= 0:
        own = unit.bonus_entries[frame.bonus]
        gained = ZERO
        for entry in own:
            gained += entry.counted
        return _new(
            NodeResult,
            (
                frame.path,
                frame.id,
                frame.title,
                frame.kind,
                ZERO,
                gained,
                ZERO,
                gained,
                own,
                *_TAIL,
            ),
        )
    # Same clause outcomes below, same result: a container with no result built for
    # this unit alone below it is a function of the remembered outcomes below it, so
    # it is built once per combination of them.
    key: tuple[int, ...] | None = None
    memo = frame.memo
    full = len(memo) >= _MEMO_LIMIT
    hits = unit.hits
    low = high = -1  # the lapsed clauses under the frame: hits[low:high]
    if frame.order not in unit.fresh and (
        not full or frame.looked < _SAMPLE or frame.matched * _USEFUL >= frame.looked
    ):
        low = bisect_left(hits, frame.start)
        high = bisect_left(hits, frame.end, low)
        key = tuple(unit.keys[low:high])
        known = memo.get(key)
        if full:  # how useful a full memo is decides whether it is still consulted
            frame.looked += 1
            frame.matched += known is not None
        if known is not None:
            return known
    lost = ZERO
    gained = ZERO
    if frame.leafy:
        # Every child is a clause: put the lapsed ones' results in place of their
        # clean ones. A clause's result holds its one entry and gains nothing.
        if low < 0:
            low = bisect_left(hits, frame.start)
            high = bisect_left(hits, frame.end, low)
        lapsed = unit.results[low:high]
        children = list(frame.clean_children)
        start = frame.start
        for k, result in enumerate(lapsed, low):
            children[hits[k] - start] = result
            lost += result.lost
        if len(lapsed) == 1:
            entries = lapsed[0].entries
        else:
            entries = tuple([result.entries[0] for result in lapsed])
        return _container(frame, unit, key, children, entries, lost=lost, gained=gained)
    dirty = unit.dirty
    by_leaf = unit.by_leaf
    children = []
    parts: list[tuple[LedgerEntry, ...]] = []
    uneven = frame.uneven
    for child in frame.children:
        if child.order not in dirty:
            clean = child.clean
            children.append(clean)
            if uneven and clean.lost:  # a clean converted part that rounds (see _Frame)
                lost += clean.lost
            continue
        # A child without entries lost and gained exactly ZERO; adding it to a sum
        # that starts at ZERO changes neither the value nor the exponent, so only
        # children with entries are added. Nor is ZERO added to ZERO (0 + 0 is 0, with
        # exponent 0): a subtree that gains nothing keeps the shared ZERO, not a copy.
        result = by_leaf[child.leaf] if child.leaf >= 0 else _build(child, unit)
        children.append(result)
        if result.entries:
            parts.append(result.entries)
            lost += result.lost
            if result.gained is not ZERO or gained is not ZERO:
                gained += result.gained
    # One child with entries: its (immutable) tuple is this node's too.
    entries = parts[0] if len(parts) == 1 else tuple(chain.from_iterable(parts))
    return _container(frame, unit, key, children, entries, lost=lost, gained=gained)


def _container(
    frame: _Frame,
    unit: _Unit,
    key: tuple[int, ...] | None,
    children: list[NodeResult],
    entries: tuple[LedgerEntry, ...],
    *,
    lost: Decimal,
    gained: Decimal,
) -> NodeResult:
    """A container's result from its children's, remembered under *key* if given."""
    absorbed = unit.absorbed
    maximum = frame.max
    raw_max = frame.raw_max
    if raw_max is None:
        built: NodeResult = _new(
            NodeResult,
            (
                frame.path,
                frame.id,
                frame.title,
                frame.kind,
                maximum,
                _shared(maximum - lost + gained),
                _shared(lost),
                gained,
                entries,
                tuple(children),
                frame.cap,
                absorbed.get(frame.path, ZERO) if absorbed else ZERO,
                None,
                None,
            ),
        )
    else:
        raw_score, score, lost = _converted(frame.node, maximum, raw_max, lost, gained)
        built = _new(
            NodeResult,
            (
                frame.path,
                frame.id,
                frame.title,
                frame.kind,
                maximum,
                score,
                lost,
                ZERO,
                entries,
                tuple(children),
                frame.cap,
                absorbed.get(frame.path, ZERO) if absorbed else ZERO,
                raw_max,
                raw_score,
            ),
        )
    if key is not None and len(frame.memo) < _MEMO_LIMIT:
        built = frame.memo.setdefault(key, built)
    return built


# Containers' sums repeat from unit to unit (97, 4.5…): each distinct one (by its text,
# so 4.5 and 4.50 stay apart) is kept once and shared, which saves a Decimal (104
# bytes) per figure in every retained result. Bounded like the memos; a dict lookup
# and a ``setdefault``, so threads may share it (see the module's notes).
_SHARED: Final[dict[str, Decimal]] = {"0": ZERO}
_SHARED_LIMIT: Final = 4096


def _shared(value: Decimal) -> Decimal:
    """*value*, or the equal Decimal with the same text already kept."""
    text = str(value)
    known = _SHARED.get(text)
    if known is not None:
        return known
    if len(_SHARED) < _SHARED_LIMIT:
        return _SHARED.setdefault(text, value)
    return value


# A bonus clause's result: no children, no cap, nothing absorbed (NodeResult's defaults).
_TAIL: Final = ((), None, Decimal(0), None, None)


def _converted(
    node: Node, maximum: Decimal, raw_max: Decimal, lost: Decimal, gained: Decimal
) -> tuple[Decimal, Decimal, Decimal]:
    """A converted part's raw score, converted score and loss in converted points.

    Nothing inside a converted part gains (its construction refuses bonus there), so
    ``max − lost == score`` holds with ``lost`` in the converted points.
    """
    raw_score = raw_max - lost + gained
    score = node.convert(raw_score)
    return raw_score, score, maximum - score


def _zeroed_gains(entries: tuple[LedgerEntry, ...]) -> tuple[LedgerEntry, ...]:
    """Bonus entries inside a zeroed node (该项不得分): listed, absorbed, counting 0."""
    return tuple(
        _new(
            LedgerEntry,
            (
                *entry[:6],
                ZERO,
                entry.raw,
                f"{entry.reason}（该项不得分，加分不计入）",
                *entry[9:],
            ),
        )
        for entry in entries
    )


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
    raw_max = node.raw_points
    raw_score: Decimal | None = None
    if raw_max is not None:  # a converted part: its full raw score, converted
        raw_score, score, lost = _converted(node, maximum, raw_max, ZERO, ZERO)
    else:
        # A clean child loses points only when it is a converted part whose full score
        # rounds; the sum is the one ``_build`` does (clean children in order).
        lost = ZERO
        for child in children:
            if child.clean.lost:
                lost += child.clean.lost
        score = maximum - ZERO if isinstance(node, ScoredLeaf) else maximum - lost + ZERO
    return NodeResult(
        path=path,
        id=node.id,
        title=node.title,
        kind=node.kind,
        max=maximum,
        score=score,
        lost=lost,
        gained=ZERO,
        entries=(),
        children=tuple(child.clean for child in children),
        cap=cap,
        absorbed=ZERO,
        raw_max=raw_max,
        raw_score=raw_score,
    )


def compile_plan(root: Node, points: Decimal, floor: bool, grades: tuple[GradeBand, ...]) -> Plan:
    """Flatten *root* into a :class:`Plan`."""
    return Plan(root, points, floor, grades)


def _compile(plan: Plan, root: Node) -> None:
    """Fill in *plan* from the tree under *root*."""
    leaves: list[ScoredLeaf] = []
    leaf_frames: list[_Frame] = []
    leaf_chains: list[tuple[int, ...]] = []
    caps: list[tuple[int, int, Decimal, str, int]] = []
    bonuses: list[_BonusPlan] = []
    vetoes: list[_VetoProbe] = []
    frames: dict[int, _Frame] = {}  # by order
    ancestry: dict[int, tuple[int, ...]] = {}  # per container: its order and its ancestors'
    counter = [1]  # the root frame is 0

    def visit(node: Node, prefix: str, cap: Decimal | None, chain: tuple[int, ...]) -> _Frame:
        if node.transparent:  # a wrapper: its one child takes its place
            inner = node.children[0]
            limit = node.cap_limit
            frame = visit(inner, prefix, cap if limit is None else limit, chain)
            if limit is not None:
                caps.append((frame.start, frame.end, limit, frame.path, frame.order))
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
            caps.append((start, len(leaves), own, path, order))
        frame = _Frame(
            node, path, order, span=(start, len(leaves)), clean=clean, children=children, cap=cap
        )
        frames[order] = frame
        ancestry[order] = chain
        return frame

    children = tuple(visit(child, "", None, (0,)) for child in root.children)
    clean = _clean_result(root, "", None, children)
    plan.root = _Frame(root, "", 0, span=(0, len(leaves)), clean=clean, children=children)
    frames[0] = plan.root
    starred = tuple(bool(leaf.starred) for leaf in leaves)
    plan.leaves = tuple(leaves)
    plan.leaf_frames = tuple(leaf_frames)
    plan.leaf_chains = tuple(leaf_chains)
    plan.leaf_paths = tuple(frame.path for frame in leaf_frames)
    plan.leaf_titles = tuple(leaf.title for leaf in leaves)
    plan.leaf_sources = tuple(leaf.source for leaf in leaves)
    plan.starred = starred
    # A ★ clause escapes every cap; any other clause answers to each cap around it.
    plan.leaf_caps = tuple(
        ()
        if starred[i]
        else tuple(c for c, (start, end, *_) in enumerate(caps) if start <= i < end)
        for i in range(len(leaves))
    )
    plan.caps = tuple((limit, path) for _, _, limit, path, _ in caps)
    plan.cap_limits = tuple(limit for limit, _ in plan.caps)
    plan.smallest_cap = min(plan.cap_limits, default=ZERO)
    plan.cap_orders = tuple(order for *_, order in caps)
    # 该项不得分: a zeroing clause zeroes the node it sits in (its parent frame), and
    # only the caps outside that node can cut it.
    plan.zero_frames = tuple(frames[chain[-2]] for chain in leaf_chains)
    # The floor's scopes: each converted part (折算), inner ones first, then the root;
    # each with the converted parts directly inside it (no other part between).
    converted = [order for order in sorted(frames) if frames[order].raw_max is not None]
    within: dict[int, list[_Frame]] = {order: [] for order in (0, *converted)}
    for order in converted:
        owner = next((o for o in reversed(ancestry[order][:-1]) if o in within), 0)
        within[owner].append(frames[order])
    plan.converted = tuple(frames[order] for order in converted)
    plan.floor_scopes = (
        *(
            (frames[order], frames[order].path, frames[order].whole, tuple(within[order]), True)
            for order in reversed(converted)
        ),
        (plan.root, "", plan.points, tuple(within[0]), False),
    )
    plan.zero_caps = tuple(
        tuple(c for c in plan.leaf_caps[i] if plan.cap_orders[c] not in chain[-2:])
        for i, chain in enumerate(leaf_chains)
    )
    plan.bonuses = tuple(bonuses)
    plan.vetoes = tuple(vetoes)
    plan.probes = tuple((i, leaf, *_memo_fact(leaf), {}) for i, leaf in enumerate(leaves))
