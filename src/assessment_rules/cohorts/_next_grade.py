"""The way to the next grade (整改清单): which lapses to fix, and what fixing them gives back.

*Fixing* a clause means it loses nothing. What that gives back is not the clause's ledger
amount: a cap (扣完为止, a ``CapAt`` around a clause, an item or a section) may still take
its full limit from the clauses left, a clause the cap already absorbed may give back
nothing alone and a lot together with its neighbours, ★ clauses escape every cap, and
the rulebook's floor stops all deductions together at its points. So the recovery is
worked out on the unit's result tree, where every node carries its cap
(:attr:`~assessment_rules.NodeResult.cap`) and every clause its raw amount and ★.

**The model.** A lapsed clause that is not ★ counts toward the nearest capped node
above it (its own cap first, when a ``CapAt`` wraps the clause itself); a capped node
counts ``min(cap, Σ what its members count)`` toward the next capped node above it,
and so on up; ★ clauses count their raw amount at the top. The rulebook's deductions
are the sum at the top, stopped at the rulebook's points when it has a floor; the
base is ``max − deductions``. This is the arithmetic
:mod:`~assessment_rules.engine._evaluate` does cap by cap (a cap cuts its members'
counted amounts in clause order, but only their sum reaches the node above).

**The score and the grade.** Bonus does not depend on deductions, but the rulebook's
total policy (:class:`~assessment_rules.combinators.TotalPolicy`) may cut it: with a
base *b* the unit scores ``b + min(bonus, budget(b))``, where the budget is what the
policy lets bonus add (it only shrinks as *b* grows, so the score never falls when a
clause is fixed, and with ``above_full=False`` a fixed clause may give back less than
it cost). The grade is then worked out as the final step does it
(:mod:`~assessment_rules.engine._policy`): the band the score earns, held down by every
veto. A clause veto is a fact, not a deduction: no fixing lifts it, so it limits the
bands a unit can climb to (``lowest`` and ``zero`` allow none above the grade it has,
``bar_top`` allows up to the second band, ``grade`` up to the band it names). A score
veto (:class:`~assessment_rules.combinators.ScoreVeto`, 得分低于80分的不合格) is lifted by
points: a set must reach its threshold too when the veto would hold the unit below
the band. "The score" here is the unit's computed score (``result.root.score``): the
total, except for a unit a ``zero`` veto took to 0, where it is the score before that.

Before answering, :func:`to_next_grade` checks that the model gives the unit's own
deductions, score and grade exactly; a rulebook whose arithmetic it cannot follow gets
no list (``blocked == "unsupported"``) rather than a wrong one.

**The target.** The band the unit is to reach is the next one above its grade *as
far as points can take it*: the least score that lifts the unit's grade by at least
one band fixes the target, and that score may earn more than one band at once (a unit
at 78 that a "below 80" veto holds at 不合格 reaches 良好, not 合格, at 80).

**The smallest set.** The clauses whose fixing reaches the target are chosen by, in
this order: the fewest clauses; then the most points recovered; then clause order (the
set whose first clause comes earliest on the score sheet, then the second…). Greedy
choice by recovery is not minimal under caps: with a 2-point cap over two 2-point
clauses and a 1.5-point clause outside it, 2 points need both capped clauses (each
alone gives back nothing) while greedy would start with the 1.5. The search is exact
instead: every deduction is a nested ``min(cap, Σ …)`` of the clauses' amounts, which
only grows with each amount, so the least a capped node can count with *k* of its
clauses fixed is ``min(cap, least Σ over the ways of sharing k among its members)`` —
a knapsack over the tree (each node combines its members' best-by-count lists). The
score and the grade only improve as deductions fall, so a set reaches the target
exactly when its deductions are at most one bound. The earliest set in clause order is
then built clause by clause, each time checking that the set can still be completed.

**Cheaper where it can be, with the same answers.** With every clause kept each capped
node's sum is worked out once; fixing one clause changes only the caps above it, each
by what the one inside gives back, so what each clause gives back alone takes a walk up
its caps (and when one clause is enough, that is the answer). A cap that does not bind
with every clause kept never binds, so the model leaves it out (its clauses count toward
the cap above as they are) and the knapsack runs over the binding caps only,
and only as far as the count needed (a set gives back at most the sum of its amounts,
which gives a first count to try); with no binding cap and no binding floor a set gives
back exactly that sum, and the largest amounts are the best completion. Capped subtrees
the evaluator shares between units are read once (with what each cap sums to; the plain
nodes above them, new in every unit, are walked through and not kept), each
rulebook's bands and vetoes once, and ``recoverable`` is worked out when
it is first read (the JSON result does not read it). About ``n³`` steps at worst for
*n* lapsed clauses, a fraction of a second for 100 clauses that all lapsed.

**No set** is given (``target`` is ``None``, and ``blocked`` and :attr:`NextGrade.note`
say why) at the top grade; when a clause veto holds the unit where it is; for a unit
the eligibility gate kept out (the note names the unmet requirements); for a unit the
excellent quota (优秀比例) moved down although its score earns the band above (pass the
cohort's final grade as ``grade=``): whether it keeps 优秀 depends on the other units'
scores, not on a number of points, so the note says so instead of naming a set; when
even fixing every clause falls short; and for arithmetic beyond the model. The
clause-by-clause list (``recoverable``) is given in every case but the last.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING, Final, Literal

import attrs

from ..engine._numbers import ZERO, fmt
from ..engine._results import LedgerEntry, NodeResult, UnitResult, VetoHit
from ..engine._rulebook import Rulebook

__all__ = ["NextGrade", "Recovery", "to_next_grade"]

Blocked = Literal["", "top", "vetoed", "ineligible", "quota", "unreachable", "unsupported"]

# Why no set is given, in the words ``explain`` prints (to_next_grade words the
# "vetoed", "ineligible" and "quota" notes for the unit: which veto, which requirement).
BLOCKED_TEXT: Final[dict[str, str]] = {
    "top": "已是最高等次",
    "vetoed": "已被一票否决：一票否决不因补回分数而解除，整改分数不能改变等次",
    "ineligible": "未参评（不符合申报条件），不计算整改清单",
    "quota": "总分已达到更高等次的分数线，因优秀比例限制未评为该等次：能否评上取决于名次，"
    "补回分数可以提高名次，但不能保证等次",
    "unreachable": "即使全部失分项整改到位，也达不到更高等次",
    "unsupported": "本细则的计分方式无法逐条推算整改效果，未给出整改清单",
}


def _default_note(plan: NextGrade) -> str:
    return BLOCKED_TEXT.get(plan.blocked, "")


@attrs.frozen
class Recovery:
    """One lapsed clause: what it costs the unit now and what fixing it alone gives back.

    Attributes:
        path: The clause's dotted path.
        title: The clause's short title.
        reason: Its 失分原因.
        counted: The points it counts now (after caps and the floor).
        recovers: The points the unit's score regains when this clause alone is fixed;
            less than ``counted`` when another clause under the same cap would take its
            place (possibly 0) or the total policy keeps the total at full points, and
            more when the cap had cut another clause.
    """

    path: str
    title: str
    reason: str
    counted: Decimal
    recovers: Decimal


@attrs.frozen
class NextGrade:
    """The way to the next grade band for one unit (整改清单).

    Attributes:
        unit: The unit's id.
        grade: The unit's grade now (the cohort's final grade when one was given).
        target: The band fixing ``clauses`` reaches: the next one above the grade as
            far as points can take the unit (see the module's docs), or ``None`` (see
            ``blocked``).
        points_needed: The least rise of the unit's score that reaches ``target`` (its
            minimum less the score, or more when a score veto's threshold is higher; 0
            with no target).
        clauses: The smallest set of clause paths whose fixing reaches ``target``, in
            clause order (fewest clauses, then most points, then clause order). This
            stays in clause order, as the JSON result's ``next_grade.clauses`` gives
            it (a stable order for programs); every 整改清单 a person reads (``explain``,
            the score sheets, the web page) lists the set as :attr:`by_recovery` does.
        recovered: What fixing ``clauses`` adds to the score (at least
            ``points_needed``).
        recoverable: Every lapsed clause with what fixing it alone gives back, most
            first, then in clause order. A plan from :func:`to_next_grade` works it out
            when it is first read (equality, ``repr`` and :func:`attrs.evolve` read it
            like any field).
        blocked: Why there is no target: ``"top"`` (already the top grade),
            ``"vetoed"`` (a veto holds the unit at its grade: no points lift it),
            ``"ineligible"`` (not scored: the unit failed the eligibility gate),
            ``"quota"`` (the score earns the band above, the excellent quota moved the
            unit down), ``"unreachable"`` (even fixing every clause falls short),
            ``"unsupported"`` (the rulebook's arithmetic is beyond the model; see the
            module's docs), or ``""``.
        lifts: The unit's score vetoes (:class:`~assessment_rules.combinators.ScoreVeto`,
            as the result lists them) that fixing ``clauses`` lifts on the way.
        note: Why there is no target, in Chinese, naming the veto, the unmet
            requirement or the quota (empty when there is a target).
    """

    unit: str
    grade: str
    target: str | None
    points_needed: Decimal
    clauses: tuple[str, ...]
    recovered: Decimal
    recoverable: tuple[Recovery, ...]
    blocked: Blocked = ""
    lifts: tuple[VetoHit, ...] = ()
    note: str = attrs.field(default=attrs.Factory(_default_note, takes_self=True))
    # How to work out ``recoverable`` when :func:`to_next_grade` left it for later.
    _pending: Callable[[], tuple[Recovery, ...]] | None = attrs.field(
        default=None, init=False, eq=False, repr=False
    )

    if not TYPE_CHECKING:

        def __getattr__(self, name: str) -> object:
            # Only reached for an attribute not set: ``recoverable`` left for later.
            pending = object.__getattribute__(self, "_pending")
            if name != "recoverable" or pending is None:
                raise AttributeError(name)
            value = pending()
            object.__setattr__(self, "recoverable", value)
            object.__setattr__(self, "_pending", None)
            return value

    @property
    def by_recovery(self) -> tuple[str, ...]:
        """``clauses`` as a 整改清单 lists them: most points recovered first (what fixing
        the clause alone gives back, :attr:`Recovery.recovers`), then clause order.

        >>> plan = NextGrade("u", "良好", "优秀", Decimal("9"), ("a", "b", "c"), Decimal("14"),
        ...     tuple(Recovery(p, p, p, Decimal(v), Decimal(v)) for p, v in
        ...           (("b", "5"), ("c", "5"), ("a", "4"))))
        >>> plan.by_recovery
        ('b', 'c', 'a')
        """
        chosen = set(self.clauses)
        ordered = [item.path for item in self.recoverable if item.path in chosen]
        return tuple(ordered) + tuple(path for path in self.clauses if path not in ordered)


def _later(plan: NextGrade, work: Callable[[], tuple[Recovery, ...]]) -> NextGrade:
    """*plan* with ``recoverable`` worked out by *work* when it is first read.

    The JSON result does not give it, and it is most of the work for a unit with many
    lapsed clauses; equality, ``repr`` and :func:`attrs.evolve` read it as any field.
    """
    object.__setattr__(plan, "_pending", work)
    object.__delattr__(plan, "recoverable")
    return plan


# --------------------------------------------------------------------------- model


# What a part of a unit's model holds: :class:`_Part` as tuples (read once per shared
# subtree), :class:`_Laid` as the lists a unit's parts are laid into.
_PART_FIELDS: Final = (
    "clauses",
    "limits",
    "outer",
    "owner",
    "parent",
    "raws",
    "rescaled",
    "starred",
    "sums",
)


class _Part:
    """What a subtree adds to a unit's model: its lapsed clauses, in clause order, and
    its binding capped nodes (its *groups*), in tree order, each after the group it
    counts toward.

    Numbered within the part: group 0 is the group above the subtree, groups 1, 2, …
    are the part's own (``limits[g - 1]``, ``parent[g - 1]``, ``sums[g - 1]``), and a
    ★ clause is owned by -1 (it counts at the top, past every cap). ``sums`` are what
    each group's members add up to with every clause kept (★ clauses left out), which
    is more than its limit: a cap that does not cut with every clause kept never cuts
    (the sums only fall as clauses are fixed), so it is no group and its members count
    toward the group above as they are. ``outer`` is what the part adds to the group
    above with every clause kept (its own groups count their limits), ``starred`` what
    its ★ clauses add at the top. All of it depends on the subtree alone, so a capped
    subtree the evaluator shares between units is read once, and a unit's model is the
    parts of its capped subtrees laid end to end (see :class:`_Laid`).
    """

    __slots__ = _PART_FIELDS

    def __init__(
        self,
        rescaled: bool,
        *,
        clauses: tuple[LedgerEntry, ...] = (),
        raws: tuple[Decimal, ...] = (),
        owner: tuple[int, ...] = (),
        limits: tuple[Decimal, ...] = (),
        parent: tuple[int, ...] = (),
        sums: tuple[Decimal, ...] = (),
        outer: Decimal = ZERO,
        starred: Decimal = ZERO,
    ) -> None:
        self.rescaled = rescaled
        self.clauses = clauses
        self.raws = raws
        self.owner = owner
        self.limits = limits
        self.parent = parent
        self.sums = sums
        self.outer = outer
        self.starred = starred

    def capped(self, limit: Decimal) -> _Part:
        """The part under a cap of *limit*: a new first group when the cap cuts, the
        part as it is when it does not (see the class docs)."""
        total = self.outer
        if not total > limit:
            return self
        return _Part(
            self.rescaled,
            clauses=self.clauses,
            raws=self.raws,
            owner=tuple(-1 if group < 0 else group + 1 for group in self.owner),
            limits=(limit, *self.limits),
            parent=(0, *(group + 1 for group in self.parent)),
            sums=(total, *self.sums),
            outer=limit,
            starred=self.starred,
        )


_NOTHING: Final = _Part(False)
_CONVERTED: Final = _Part(True)


class _Laid:
    """Parts laid end to end, numbered as in :class:`_Part` (group 0 the group above
    them all), with the clauses of plain clause nodes among them.

    A node with no cap and no converted part (折算) adds nothing of its own: its part
    is its children's laid end to end. So :meth:`walk` goes through such nodes and
    reads (:func:`_read`, once per shared subtree) only the capped and converted nodes
    below them. A unit's root and its sections are such nodes, and new in every unit;
    the capped items under them are what units share.
    """

    __slots__ = _PART_FIELDS

    def __init__(self) -> None:
        self.rescaled = False
        self.clauses: list[LedgerEntry] = []
        self.raws: list[Decimal] = []
        self.owner: list[int] = []
        self.limits: list[Decimal] = []
        self.parent: list[int] = []
        self.sums: list[Decimal] = []
        self.outer = ZERO
        self.starred = ZERO

    def walk(self, node: NodeResult) -> None:
        """Lay out *node*'s children: capped and converted ones read as parts, plain
        clauses taken as they are, the others walked through."""
        for child in node.children:
            if child.cap is not None or child.raw_max is not None:
                self.add(_read(child))
            elif child.children:
                self.walk(child)
            elif child.entries:  # a clause: read here, as _lapsed does, for speed
                for entry in child.entries:
                    if entry.kind == "deduction" and entry.raw > ZERO:
                        self.clauses.append(entry)
                        self.raws.append(entry.raw)
                        if entry.starred:
                            self.owner.append(-1)
                            self.starred += entry.raw
                        else:
                            self.owner.append(0)
                            self.outer += entry.raw

    def add(self, part: _Part) -> None:
        """Lay *part* after what is laid out, its groups numbered after the ones here."""
        if part.rescaled:
            self.rescaled = True
        if not part.clauses and not part.limits:
            return
        self.clauses += part.clauses
        self.raws += part.raws
        shift = len(self.limits)
        if shift and part.limits:
            self.owner += [group + shift if group > 0 else group for group in part.owner]
            self.parent += [group + shift if group else 0 for group in part.parent]
        else:
            self.owner += part.owner
            self.parent += part.parent
        self.limits += part.limits
        self.sums += part.sums
        self.outer += part.outer
        self.starred += part.starred


# The parts of capped and converted subtrees already read, by identity: the evaluator
# shares equal subtrees between units (a cohort's units share most of their items), so
# a writer going through a cohort reads each shared subtree once. Each entry holds its
# node, so the identity is not reused while the entry lives; the table is emptied when
# full.
_READ: dict[int, tuple[NodeResult, _Part]] = {}
_READ_MOST: Final = 1 << 16


def _read(node: NodeResult) -> _Part:
    """*node*'s part (see :class:`_Part`); ``rescaled`` says whether its subtree holds
    a converted part (折算).

    A capped node whose subtree lapsed nowhere is left out: it counts ``min(cap, 0)``,
    which is nothing (unless its cap is below 0, when it is kept).
    """
    if not node.children:
        lapsed = _lapsed(node)
        rescaled = node.raw_max is not None
        if lapsed:
            outer = starred = ZERO
            for entry in lapsed:
                if entry.starred:
                    starred += entry.raw
                else:
                    outer += entry.raw
            part = _Part(
                rescaled,
                clauses=lapsed,
                raws=tuple(entry.raw for entry in lapsed),
                owner=tuple(-1 if entry.starred else 0 for entry in lapsed),
                outer=outer,
                starred=starred,
            )
        else:
            part = _CONVERTED if rescaled else _NOTHING
        if node.cap is not None and (lapsed or node.cap < 0):
            part = part.capped(node.cap)
        return part
    known = _READ.get(id(node))
    if known is not None and known[0] is node:
        return known[1]
    laid = _Laid()
    laid.walk(node)
    part = _Part(
        laid.rescaled or node.raw_max is not None,
        clauses=tuple(laid.clauses),
        raws=tuple(laid.raws),
        owner=tuple(laid.owner),
        limits=tuple(laid.limits),
        parent=tuple(laid.parent),
        sums=tuple(laid.sums),
        outer=laid.outer,
        starred=laid.starred,
    )
    if node.cap is not None and (laid.clauses or laid.limits or node.cap < 0):
        part = part.capped(node.cap)
    if len(_READ) >= _READ_MOST:
        _READ.clear()
    _READ[id(node)] = (node, part)
    return part


def _lapsed(node: NodeResult) -> tuple[LedgerEntry, ...]:
    """A clause's lapses: its deductions that take something."""
    return tuple(entry for entry in node.entries if entry.kind == "deduction" and entry.raw > 0)


# A list of least amounts by number of clauses fixed (index k: exactly k fixed);
# ``None`` where k clauses cannot be fixed (too few, or a clause is held out).
_Best = list[Decimal | None]


def _combine(a: _Best, b: _Best, most: int) -> _Best:
    """The least sums of two independent parts, by number fixed (a min-plus product)."""
    out: _Best = [None] * min(len(a) + len(b) - 1, most + 1)
    for i, x in enumerate(a):
        if x is None:
            continue
        for j, y in enumerate(b[: most + 1 - i]):
            if y is None:
                continue
            total = x + y
            known = out[i + j]
            if known is None or total < known:
                out[i + j] = total
    return out


class _Model:
    """A unit's lapsed clauses and the capped nodes (*groups*) they count toward.

    Group 0 is the top (its limit the rulebook's points when it has a floor); the
    others come in tree order, each after the group it counts toward, so going through
    them backwards works each group out after every group inside it. Only caps that
    cut with every clause kept are groups (see :class:`_Part`): the others never cut, so
    their members count toward the group above as they are. A unit's model is its
    root's part with the top put above it.
    """

    __slots__ = (
        "binding",
        "clauses",
        "kids",
        "limits",
        "lost",
        "members",
        "nodes",
        "own",
        "owner",
        "parent",
        "raws",
        "rescaled",
        "sums",
        "values",
    )

    def __init__(self, root: NodeResult, floor: Decimal | None) -> None:
        part = _Laid()
        if root.cap is not None or root.raw_max is not None:
            part.add(_read(root))
        else:
            part.walk(root)
        self.rescaled = part.rescaled
        self.clauses = part.clauses
        self.raws = part.raws
        # Per clause: the group it counts toward (a ★ clause the top, past every cap).
        self.owner = [group if group > 0 else 0 for group in part.owner]
        self.limits: list[Decimal | None] = [floor, *part.limits]
        self.parent = [-1, *part.parent]
        # Every clause kept: what each group's members add up to, and what it counts.
        # Every group but the top binds (see _Part); the top binds when the floor does.
        total = part.outer + part.starred
        floored = floor is not None and total > floor
        lost = floor if floor is not None and floored else total
        self.sums = [total, *part.sums]
        self.values: list[Decimal] = [lost, *part.limits]
        self.lost = lost
        self.binding = [floored] + [True] * len(part.limits)
        groups = len(self.limits)
        if groups == 1:
            self.own = [total]
            self.members = [list(range(len(self.raws)))]
            self.nodes = [0]
            self.kids: list[list[int]] = [[]]
            return
        members: list[list[int]] = [[] for _ in range(groups)]
        own = [ZERO] * groups  # what each group's own clauses add up to
        raws = self.raws
        for i, group in enumerate(self.owner):
            members[group].append(i)
            own[group] += raws[i]
        self.members = members
        self.own = own
        # The groups, inner ones first (the top last), each with the groups that count
        # toward it.
        self.nodes = list(range(groups - 1, -1, -1))
        kids: list[list[int]] = [[] for _ in range(groups)]
        for group in range(1, groups):
            kids[self.parent[group]].append(group)
        self.kids = kids

    def singles(self) -> list[Decimal]:
        """:meth:`alone` for every clause, in clause order."""
        if len(self.limits) > 1:
            return [self.alone(i) for i in range(len(self.raws))]
        # One group, the top: each clause fixed takes its amount off the sum.
        total, limit = self.sums[0], self.limits[0]
        if limit is None:
            return [total - raw for raw in self.raws]
        return [rest if rest <= limit else limit for rest in (total - raw for raw in self.raws)]

    def alone(self, i: int) -> Decimal:
        """The deductions with clause *i* fixed and every other kept: only the groups
        above it change, each by what the one inside it gives back."""
        sums, values, limits, parent = self.sums, self.values, self.limits, self.parent
        back = self.raws[i]
        group = self.owner[i]
        while True:
            total = sums[group] - back
            limit = limits[group]
            now = total if limit is None or total <= limit else limit
            if not group:
                return now
            back = values[group] - now
            if not back:
                return self.lost
            group = parent[group]

    def lost_with(self, fixed: tuple[int, ...]) -> Decimal:
        """The deductions with the clauses *fixed* fixed and every other kept."""
        raws, owner = self.raws, self.owner
        if len(self.limits) == 1:
            total = self.sums[0]
            for i in fixed:
                total -= raws[i]
            limit = self.limits[0]
            return total if limit is None or total <= limit else limit
        sums = list(self.own)
        for i in fixed:
            sums[owner[i]] -= raws[i]
        for group in range(len(self.limits) - 1, 0, -1):
            limit = self.limits[group]
            total = sums[group]
            sums[self.parent[group]] += total if limit is None or total <= limit else limit
        limit = self.limits[0]
        return sums[0] if limit is None or sums[0] <= limit else limit

    def least(self, decided: list[bool | None], most: int) -> _Best:
        """The least the deductions can be with exactly k clauses fixed, for k up to
        *most*: a knapsack over the binding groups (each combines its members' best by
        count, then stops at its limit). ``decided[i]`` is ``True`` for a clause that
        must be fixed, ``False`` for one that must be kept and ``None`` for a free one.
        """
        lists: dict[int, _Best] = {}
        for group in self.nodes:
            lists[group] = self.best(group, decided, most, lists)
        return lists[0]

    def best(
        self, group: int, decided: list[bool | None], most: int, lists: dict[int, _Best]
    ) -> _Best:
        """:meth:`least` for one binding group (or the top), its inner ones in *lists*."""
        free: list[Decimal] = []
        kept = ZERO
        fixed = 0
        for i in self.members[group]:
            state = decided[i]
            if state is None:
                free.append(self.raws[i])
            elif state:
                fixed += 1
            else:
                kept += self.raws[i]
        free.sort(reverse=True)
        # The members alone: fixing the k largest of the free ones is best.
        running = kept + sum(free, ZERO)
        best: _Best = [None] * fixed + [running]
        for raw in free[: max(0, most - fixed)]:
            running -= raw
            best.append(running)
        del best[most + 1 :]
        for inner in self.kids[group]:
            best = _combine(best, lists[inner], most)
        limit = self.limits[group]
        if self.binding[group] and limit is not None:
            best = [None if x is None else min(x, limit) for x in best]
        return best


# --------------------------------------------------------------------------- answer


def _tidy(value: Decimal) -> Decimal:
    """The same value in its shortest form: a difference of 9.0 and 7 is 2, not 2.0."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1)) + ZERO  # + ZERO: never -0
    return value.normalize()


class _Book:
    """What :class:`_Grading` reads from a rulebook, the same for every unit."""

    __slots__ = (
        "bands",
        "ceiling",
        "ids",
        "minima",
        "points",
        "policy",
        "positions",
        "score_vetoes",
        "titles",
    )

    def __init__(self, rulebook: Rulebook) -> None:
        self.bands = rulebook.grades  # highest first
        self.titles = tuple(band.title for band in self.bands)
        self.positions = {title: n for n, title in reversed(tuple(enumerate(self.titles)))}
        self.minima = tuple(band.minimum for band in self.bands)
        self.points = rulebook.points
        self.policy = rulebook.total
        self.ceiling = None if self.policy is None else self.policy.ceiling(self.points)
        self.score_vetoes = rulebook.score_vetoes
        self.ids = frozenset(veto.id for veto in self.score_vetoes)


# The rulebooks' constant parts, by identity (each entry holds its rulebook, so the
# identity is not reused while the entry lives); emptied when full. Read and added to
# as the evaluator's memos are (see "Threads" in engine._evaluate): an entry is built
# whole before it is put in, and two threads that build one put in equal ones.
_BOOKS: dict[int, tuple[Rulebook, _Book]] = {}
_BOOKS_MOST: Final = 64


def _book(rulebook: Rulebook) -> _Book:
    known = _BOOKS.get(id(rulebook))
    if known is not None and known[0] is rulebook:
        return known[1]
    book = _Book(rulebook)
    if len(_BOOKS) >= _BOOKS_MOST:
        _BOOKS.clear()
    _BOOKS[id(rulebook)] = (rulebook, book)
    return book


class _Grading:
    """The unit's score and grade as functions of its base, as the final step works them.

    ``score(b)`` is ``b + min(bonus, budget(b))`` under the rulebook's total policy, and
    ``position(b)`` the grade's position (0 the top band) with the clause vetoes held and
    the score vetoes read at ``b``. Both only improve as ``b`` grows. The formulas hold
    for every base at least the unit's own: when the policy cut the bonus there, it cuts
    at least as much at any higher base.
    """

    __slots__ = (
        "bands",
        "bonus",
        "ceiling",
        "held",
        "ids",
        "limit",
        "minima",
        "points",
        "policy",
        "score_vetoes",
        "titles",
        "zeroed",
    )

    def __init__(self, rulebook: Rulebook, result: UnitResult, book: _Book) -> None:
        self.bands = book.bands
        self.titles = book.titles
        self.minima = book.minima
        self.points = book.points
        self.policy = book.policy
        self.ceiling = book.ceiling
        self.bonus = result.root.gained
        self.score_vetoes = book.score_vetoes
        self.ids = ids = book.ids
        # The clause vetoes: facts, which no fixing lifts.
        # Each with the best band (a position) it lets the unit reach.
        self.held = (
            tuple(
                (hit, self._allowed(rulebook, hit)) for hit in result.vetoes if hit.path not in ids
            )
            if result.vetoes
            else ()
        )
        self.zeroed = any(hit.effect == "zero" for hit, _ in self.held)
        self.limit = max((allowed for _, allowed in self.held), default=0)

    def _allowed(self, rulebook: Rulebook, hit: VetoHit) -> int:
        """The best band (a position) a clause veto lets the unit reach."""
        if hit.effect == "bar_top":
            return 1
        if hit.effect == "grade":
            try:
                named = getattr(rulebook.node(hit.path), "grade", "")
            except KeyError:
                named = ""
            return self.titles.index(named) if named in self.titles else len(self.titles) - 1
        if hit.effect == "zero":
            return self.band(ZERO)  # the total stays 0 whatever is fixed
        return len(self.titles) - 1

    def band(self, total: Decimal) -> int:
        """The band a total earns (a total below every minimum earns the lowest)."""
        n = 0
        for minimum in self.minima:
            if total >= minimum:
                return n
            n += 1
        return n - 1

    def score(self, base: Decimal) -> Decimal:
        if self.policy is None or not self.bonus:
            return base + self.bonus
        budget = self.policy.budget(self.points, base)
        return base + (self.bonus if budget is None else min(self.bonus, budget))

    def least_base(self, score: Decimal) -> Decimal:
        """The least base whose score is at least *score* (``score`` is
        ``min(b + bonus, max(b, ceiling))``, as the bonus is already within its cap)."""
        ceiling = self.ceiling
        if ceiling is None or ceiling >= score or not self.bonus:
            return score - self.bonus
        return score

    def triggered(self, base: Decimal) -> list[tuple[str, str, str]]:
        """The score vetoes that hold at *base*: (id, effect, grade)."""
        total = self.score(base)
        return [
            (veto.id, veto.effect, veto.grade)
            for veto in self.score_vetoes
            if veto.triggered(base, total)
        ]

    def position(self, base: Decimal) -> int:
        """The grade's position at *base*, as ``Finisher._grade`` works it out."""
        if not self.score_vetoes:
            at = self.band(ZERO if self.zeroed else self.score(base))
            return at if at > self.limit else self.limit
        hits = self.triggered(base)
        zero = self.zeroed or any(effect == "zero" for _, effect, _ in hits)
        at = self.band(ZERO if zero else self.score(base))
        at = max(at, self.limit)
        for _, effect, grade in hits:
            if effect == "bar_top":
                at = max(at, 1)
            elif effect == "grade":
                at = max(at, self.titles.index(grade))
            elif effect == "lowest":
                at = max(at, len(self.titles) - 1)
        return at

    def breakpoints(self) -> list[Decimal]:
        """Every base at which the grade can change: where the score reaches a band's
        minimum and where a score veto stops holding."""
        found = {self.least_base(minimum) for minimum in self.minima}
        for veto in self.score_vetoes:
            found.add(self.least_base(veto.below) if veto.on == "total" else veto.below)
        return sorted(found)


def _veto_note(grading: _Grading, target: int) -> str:
    """Why the clause vetoes hold the unit below the band at *target*, naming them."""
    names = "、".join(hit.title for hit, allowed in grading.held if allowed > target)
    head = f"已被一票否决（{names}）：一票否决不因补回分数而解除，"
    if grading.limit >= len(grading.titles) - 1 or grading.zeroed:
        return head + "整改分数不能改变等次"
    best = grading.titles[grading.limit]
    if grading.limit == 1 and all(hit.effect == "bar_top" for hit, _ in grading.held):
        return head + f"不得评为{grading.titles[0]}，等次最高为{best}"
    return head + f"等次最高为{best}"


def to_next_grade(rulebook: Rulebook, result: UnitResult, *, grade: str | None = None) -> NextGrade:
    """Work out the way to the next grade band for one unit's result.

    Args:
        rulebook: The rulebook the unit was scored against (its grade bands, points,
            floor, total policy and vetoes).
        result: The unit's result.
        grade: The unit's final grade in its cohort (``RankedUnit.grade``), when the
            excellent quota may have moved it below the grade its score earns; by
            default the result's own grade.

    Returns:
        What each lapsed clause gives back alone, and the smallest set of clauses whose
        fixing reaches the band above the unit's grade: fewest clauses, then most points
        recovered, then earliest in clause order. ``target`` is ``None`` at the top
        grade, when a veto holds the unit where it is, for a unit kept out by the
        eligibility gate or moved down by the quota, when no set reaches the band, or
        when the rulebook's arithmetic is beyond the model (``blocked`` and ``note``
        say which; see the module's docs).

    Two 2-point lapses under a 2-point cap and a 1.5-point one outside it; the unit
    needs 2 points for 优秀. Alone, each capped clause gives back nothing (the other
    still takes the whole cap) and the third 1.5, yet the two capped ones together
    give back 2:

    >>> from assessment_rules import CapAt, Deduct, GradeBand, Item, Rulebook, Section
    >>> book = Rulebook("demo", "示例", points="10", grades=(
    ...     GradeBand("优秀", "8.5"), GradeBand("合格", "0")), children=(
    ...     Section("s", "安全", points="10", children=(
    ...         CapAt(Item("a", "台账", points="2", children=(
    ...             Deduct("x", "缺检查台账", rate="2"), Deduct("y", "缺复查台账", rate="2")))),
    ...         Item("b", "培训", points="8", children=(Deduct("z", "未培训", rate="1.5"),)))),))
    >>> plan = to_next_grade(book, book.evaluate({"x": True, "y": True, "z": True}))
    >>> plan.target, plan.points_needed, plan.clauses, plan.recovered
    ('优秀', Decimal('2'), ('s.a.x', 's.a.y'), Decimal('2'))
    >>> [(item.path, item.recovers) for item in plan.recoverable]
    [('s.b.z', Decimal('1.5')), ('s.a.x', Decimal('0')), ('s.a.y', Decimal('0'))]
    """
    root = result.root
    floor = rulebook.points if rulebook.floor else None
    book = _book(rulebook)
    grading = _Grading(rulebook, result, book)
    base = root.max - root.lost
    now = root.score
    final = grade or result.grade
    # Worked out when first needed: a unit the gate, the quota or a veto stops, or a
    # caller that reads no ``recoverable``, does not pay for what it does not use.
    model: _Model | None = None
    singles: list[Decimal] | None = None

    def supported() -> _Model | None:
        """The unit's model, or ``None`` when it does not give the unit's own figures."""
        nonlocal model
        if model is None:
            model = _Model(root, floor)
        if (
            not model.rescaled  # a converted part (折算) counts its clauses in another scale
            and model.lost == root.lost
            and grading.score(base) == now
            and (not result.eligible or grading.titles[grading.position(base)] == result.grade)
        ):
            return model
        return None

    def alone(model: _Model) -> list[Decimal]:
        """The deductions with each clause alone fixed."""
        nonlocal singles
        if singles is None:
            singles = model.singles()
        return singles

    def gain(lost: Decimal) -> Decimal:
        """What the score regains when the deductions come down to *lost*."""
        return _tidy(grading.score(root.max - lost) - now)

    def recoverable() -> tuple[Recovery, ...]:
        model = supported()
        if model is None:
            return ()
        found = [
            Recovery(clause.path, clause.title, clause.reason, clause.counted, gain(lost))
            for clause, lost in zip(model.clauses, alone(model), strict=True)
        ]
        return tuple(sorted(found, key=lambda item: -item.recovers))  # stable: clause order

    def without(blocked: Blocked, note: str = "") -> NextGrade:
        note = note or BLOCKED_TEXT[blocked]
        plan = NextGrade(result.unit, final, None, ZERO, (), ZERO, (), blocked, note=note)
        return _later(plan, recoverable)

    titles = grading.titles
    if not result.eligible:  # not scored: kept out by the gate
        why = "；".join(result.ineligible) or "不符合申报条件"
        return without("ineligible", f"未参评，不计算整改清单。{why}")
    demoted = final in titles and result.grade in titles  # by the quota: moved down
    if demoted and book.positions[final] > book.positions[result.grade]:
        return without(
            "quota",
            f"总分已达到{result.grade}分数线，因优秀比例限制评为{final}：能否评为"
            f"{result.grade}取决于在参评单位中的名次，补回分数可以提高名次，但不能保证等次",
        )
    if result.grade not in titles:
        return without("unsupported")
    position = book.positions[result.grade]
    if position == 0:
        return without("top")
    wanted = position - 1  # at least one band up
    if grading.limit > wanted:
        return without("vetoed", _veto_note(grading, wanted))
    found = supported()
    if found is None:
        return without("unsupported")
    # The least base that lifts the grade: the grade only improves as the base grows
    # and changes only at the breakpoints, so it is the first that does.
    need = next(
        (b for b in grading.breakpoints() if b > base and grading.position(b) <= wanted), None
    )
    if need is None:
        return without("unreachable")
    allowed = root.max - need  # the deductions must come down to at most this
    n = len(found.clauses)
    raws = found.raws
    # The fewest clauses: one when some clause alone is enough (the knapsack's count 1
    # is the least of the clauses alone); none when fixing them all is not.
    ones = alone(found)
    least = min(ones, default=None)
    if least is not None and least <= allowed:
        size = 1
    elif found.lost_with(tuple(range(n))) > allowed:
        return without("unreachable")
    elif not any(found.binding):
        # No cap binds (nor the floor): fixing a set takes off exactly the sum of its
        # amounts, so the largest amounts are the fewest (what the knapsack finds then).
        ordered = sorted(raws, reverse=True)
        size = 0
        least = found.lost  # above *allowed*: no clause alone is enough
        while least > allowed and size < n:
            least -= ordered[size]
            size += 1
    else:
        # A set takes off at most the sum of its amounts: at least as many clauses as
        # the largest amounts need. The knapsack goes that far, then twice as far…
        most = 1
        short = found.lost - allowed  # what a set must take off
        for raw in sorted(raws, reverse=True):
            short -= raw
            if short <= 0:
                break
            most += 1
        most = min(n, most)
        while True:
            best = found.least([None] * n, most)
            size = next((k for k, x in enumerate(best) if x is not None and x <= allowed), 0)
            if size:
                break
            most = min(n, 2 * most)
        least = best[size]
    assert least is not None
    reached = grading.score(root.max - least)
    # Sets of that size that recover as much as the best: the score stops at a ceiling,
    # so deductions a little above the least may still give the same score.
    tie = min(allowed, root.max - grading.least_base(reached))
    # The earliest set in clause order among those: take each clause in turn when a set
    # with it (and the choices so far) still exists.
    picked: tuple[int, ...]
    if size == 1:
        picked = (next(i for i, lost in enumerate(ones) if lost <= tie),)
    else:
        # Fixing a set takes off at most the sum of its amounts (each cap and the floor
        # pass on at most what the clauses inside them give back), and exactly that when
        # no cap binds (nor the floor). So a clause is left out at once when even the
        # largest amounts after it, added up, are not enough; when no cap binds it is
        # taken otherwise. Under a binding cap it is taken when the clauses after it
        # that give back most alone complete a set, and else when the knapsack finds one.
        want = found.lost - tie  # the least a set must take off
        tail: list[list[Decimal]] = [[]] * n  # the size - 1 largest amounts after i
        largest: list[Decimal] = []  # largest first
        for i in range(n - 1, -1, -1):
            tail[i] = largest
            raw = raws[i]
            if len(largest) < size - 1 or raw > largest[-1]:
                at = len(largest)
                while at and largest[at - 1] < raw:
                    at -= 1
                largest = [*largest[:at], raw, *largest[at:]][: size - 1]
        binding = any(found.binding)
        helps: list[list[int]] = [[]] * n  # the size - 1 that give back most alone after i
        if binding:
            most_back: list[int] = []
            for i in range(n - 1, -1, -1):
                helps[i] = most_back
                most_back = sorted([*most_back, i], key=ones.__getitem__)[: size - 1]
        decided: list[bool | None] = [None] * n
        chosen: list[int] = []
        taken = ZERO
        for i in range(n):
            if len(chosen) == size:
                break
            rest = tail[i][: size - len(chosen) - 1]
            decided[i] = False
            if len(rest) < size - len(chosen) - 1:
                continue
            if taken + raws[i] + sum(rest, ZERO) < want:
                continue
            if binding and found.lost_with((*chosen, i, *helps[i][: len(rest)])) > tie:
                decided[i] = True
                reach = found.least(decided, size)
                value = reach[size] if len(reach) > size else None
                if value is None or value > tie:
                    decided[i] = False
                    continue
            decided[i] = True
            chosen.append(i)
            taken += raws[i]
        picked = tuple(chosen)
    after = root.max - (ones[picked[0]] if size == 1 else found.lost_with(picked))
    lifts: tuple[VetoHit, ...] = ()
    if book.ids and result.vetoes:
        held = {veto_id for veto_id, _, _ in grading.triggered(after)}
        ids = book.ids
        lifts = tuple(hit for hit in result.vetoes if hit.path in ids and hit.path not in held)
    plan = NextGrade(
        result.unit,
        final,
        titles[grading.position(need)],
        _tidy(grading.score(need) - now),
        tuple(found.clauses[i].path for i in picked),
        gain(root.max - after),
        (),
        lifts=lifts,
    )
    return _later(plan, recoverable)


def lifted_text(plan: NextGrade) -> str:
    """ "，同时解除一票否决：…" naming the score vetoes the set lifts, or ""."""
    if not plan.lifts:
        return ""
    return "，同时解除一票否决：" + "、".join(hit.title for hit in plan.lifts)


def next_grade_lines(plan: NextGrade) -> list[str]:
    """The 整改清单 in Chinese lines, for ``explain`` and the score sheets.

    >>> plan = NextGrade("u", "良好", "优秀", Decimal("2"), ("a.b",), Decimal("2"),
    ...                  (Recovery("a.b", "未制定计划", "未制定计划，扣2分", Decimal("2"),
    ...                            Decimal("2")),))
    >>> for line in next_grade_lines(plan):
    ...     print(line)
    距优秀还差2分：整改以下1条即可达到（可补回2分）：（1）未制定计划
    逐条可补回：未制定计划 2分
    """
    lines: list[str] = []
    titles = {item.path: item.title for item in plan.recoverable}
    if plan.target is not None:
        # Numbered and joined by "；": the titles themselves hold "、".
        named = "；".join(
            f"（{n}）{titles.get(path, path)}" for n, path in enumerate(plan.by_recovery, 1)
        )
        lines.append(
            f"距{plan.target}还差{fmt(plan.points_needed)}分：整改以下{len(plan.clauses)}条"
            f"即可达到（可补回{fmt(plan.recovered)}分{lifted_text(plan)}）：{named}"
        )
    elif plan.note:
        lines.append(plan.note)
    if plan.recoverable and plan.blocked != "top":
        lines.append(
            "逐条可补回："
            + "；".join(f"{item.title} {fmt(item.recovers)}分" for item in plan.recoverable)
        )
    return lines
