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
total is ``max − deductions + bonus`` (bonus does not depend on deductions). This is
the arithmetic :mod:`~assessment_rules.engine._evaluate` does cap by cap (a cap cuts
its members' counted amounts in clause order, but only their sum reaches the node
above). Before answering, :func:`to_next_grade` checks that the model gives the
unit's own deductions exactly; a rulebook whose arithmetic it cannot follow gets no
list (``blocked == "unsupported"``) rather than a wrong one.

**The smallest set.** The clauses whose fixing reaches the next grade band are chosen
by, in this order: the fewest clauses; then the most points recovered; then clause
order (the set whose first clause comes earliest on the score sheet, then the
second…). Greedy choice by recovery is not minimal under caps: with a 2-point cap over
two 2-point clauses and a 1.5-point clause outside it, 2 points need both capped
clauses (each alone gives back nothing) while greedy would start with the 1.5. The
search is exact instead: every deduction is a nested ``min(cap, Σ …)`` of the
clauses' amounts, which only grows with each amount, so the least a capped node can
count with *k* of its clauses fixed is ``min(cap, least Σ over the ways of sharing k
among its members)`` — a knapsack over the tree (each node combines its members'
best-by-count lists). It costs about ``n²`` steps for *n* lapsed clauses, once to
find the fewest and the most points, and the earliest set in clause order is then
built clause by clause, each time checking by the same knapsack that the set can
still be completed: about ``n³`` steps in all, a fraction of a second for 100
clauses that all lapsed.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Final, Literal

import attrs

from ..engine._numbers import ZERO, fmt
from ..engine._results import NodeResult, UnitResult
from ..engine._rulebook import Rulebook

__all__ = ["NextGrade", "Recovery", "to_next_grade"]

Blocked = Literal["", "top", "vetoed", "ineligible", "unreachable", "unsupported"]

# Why no set is given, in the words ``explain`` prints.
BLOCKED_TEXT: Final[dict[str, str]] = {
    "top": "已是最高等次",
    "vetoed": "已被一票否决：一票否决不因补回分数而解除，整改分数不能改变等次",
    "ineligible": "未参评（不符合申报条件），不计算整改清单",
    "unreachable": "即使全部失分项整改到位，也达不到更高等次",
    "unsupported": "本细则的计分方式无法逐条推算整改效果，未给出整改清单",
}


@attrs.frozen
class Recovery:
    """One lapsed clause: what it costs the unit now and what fixing it alone gives back.

    Attributes:
        path: The clause's dotted path.
        title: The clause's short title.
        reason: Its 失分原因.
        counted: The points it counts now (after caps and the floor).
        recovers: The points the total regains when this clause alone is fixed; less
            than ``counted`` when another clause under the same cap would take its
            place, possibly 0, and more when the cap had cut another clause.
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
        grade: The unit's grade now.
        target: The next grade band above it, or ``None`` (see ``blocked``).
        points_needed: ``target``'s minimum less the unit's total (0 with no target).
        clauses: The smallest set of clause paths whose fixing reaches ``target``, in
            clause order (fewest clauses, then most points, then clause order).
        recovered: What fixing ``clauses`` gives back (at least ``points_needed``).
        recoverable: Every lapsed clause with what fixing it alone gives back, most
            first, then in clause order.
        blocked: Why there is no target: ``"top"`` (already the top grade),
            ``"vetoed"`` (no points lift a veto), ``"ineligible"`` (not scored: the
            unit failed the eligibility gate), ``"unreachable"`` (even fixing every
            clause falls short), ``"unsupported"`` (the rulebook's arithmetic is beyond
            the model; see the module's docs), or ``""``.
    """

    unit: str
    grade: str
    target: str | None
    points_needed: Decimal
    clauses: tuple[str, ...]
    recovered: Decimal
    recoverable: tuple[Recovery, ...]
    blocked: Blocked = ""

    @property
    def note(self) -> str:
        """Why there is no target, in Chinese (empty when there is one)."""
        return BLOCKED_TEXT.get(self.blocked, "")


# --------------------------------------------------------------------------- model


class _Group:
    """A capped node (or the top) and what counts toward it: clauses and inner groups."""

    __slots__ = ("clauses", "groups", "limit")

    def __init__(self, limit: Decimal | None) -> None:
        self.limit = limit
        self.clauses: list[int] = []  # indices into the clause list
        self.groups: list[_Group] = []


def _collect(
    node: NodeResult,
    group: _Group,
    top: _Group,
    clauses: list[tuple[str, str, str, Decimal, Decimal]],
) -> None:
    """Sort the lapsed clauses under *node* into the groups of the caps above them."""
    if node.cap is not None:
        inner = _Group(node.cap)
        group.groups.append(inner)
        group = inner
    for entry in node.entries if not node.children else ():
        if entry.kind != "deduction" or entry.raw <= 0:
            continue
        index = len(clauses)
        clauses.append((entry.path, entry.title, entry.reason, entry.raw, entry.counted))
        (top if entry.starred else group).clauses.append(index)
    for child in node.children:
        _collect(child, group, top, clauses)


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


def _least(
    group: _Group, raws: list[Decimal], fixed: dict[int, bool], most: int, floor: Decimal | None
) -> _Best:
    """The least *group* can count with exactly k clauses fixed, for k up to *most*.

    ``fixed`` holds the clauses already decided: fixed (True) or kept (False).
    """
    best: _Best = [ZERO]
    for i in group.clauses:
        decided = fixed.get(i)
        if decided is None:
            own: _Best = [raws[i], ZERO]
        elif decided:
            own = [None, ZERO]
        else:
            own = [raws[i]]
        best = _combine(best, own, most)
    for inner in group.groups:
        best = _combine(best, _least(inner, raws, fixed, most, None), most)
    limit = group.limit if floor is None else floor
    if limit is not None:
        best = [None if x is None else min(x, limit) for x in best]
    return best


# --------------------------------------------------------------------------- answer


def _tidy(value: Decimal) -> Decimal:
    """The same value in its shortest form: a difference of 9.0 and 7 is 2, not 2.0."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1)) + ZERO  # + ZERO: never -0
    return value.normalize()


def _next_band(rulebook: Rulebook, total: Decimal) -> tuple[str, Decimal] | None:
    """The band just above the one *total* earns, as (title, minimum), or None at the top.

    A total below every minimum (a negative one, with no floor) earns the lowest band.
    """
    grades = rulebook.grades  # highest first
    earned = next((i for i, band in enumerate(grades) if total >= band.minimum), len(grades) - 1)
    if earned == 0:
        return None
    return grades[earned - 1].title, grades[earned - 1].minimum


def to_next_grade(rulebook: Rulebook, result: UnitResult) -> NextGrade:
    """Work out the way to the next grade band for one unit's result.

    Args:
        rulebook: The rulebook the unit was scored against (its grade bands, points and
            floor).
        result: The unit's result.

    Returns:
        What each lapsed clause gives back alone, and the smallest set of clauses whose
        fixing reaches the band above the unit's grade: fewest clauses, then most points
        recovered, then earliest in clause order. ``target`` is ``None`` at the top
        grade, for a vetoed unit, when no set reaches the band, or when the rulebook's
        arithmetic is beyond the model (``blocked`` says which).

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
    top = _Group(None)
    clauses: list[tuple[str, str, str, Decimal, Decimal]] = []
    root = result.root
    _collect(root, top, top, clauses)
    raws = [clause[3] for clause in clauses]
    floor = rulebook.points if rulebook.floor else None
    n = len(clauses)

    def lost_with(fixed: tuple[int, ...]) -> Decimal:
        """The deductions with *fixed* fixed and every other clause kept."""
        decided = {i: i in fixed for i in range(n)}
        value = _least(top, raws, decided, n, floor)[len(fixed)]
        assert value is not None  # every clause is decided, so exactly len(fixed) are fixed
        return value

    # A converted part (折算) counts its clauses in another scale: beyond the model.
    rescaled = any(getattr(node, "raw_max", None) is not None for node in root.walk())
    supported = not rescaled and lost_with(()) == root.lost
    recoverable: tuple[Recovery, ...] = ()
    if supported:
        now = root.lost
        found = [
            Recovery(path, title, reason, counted, _tidy(now - lost_with((i,))))
            for i, (path, title, reason, _, counted) in enumerate(clauses)
        ]
        order = {id(item): i for i, item in enumerate(found)}
        recoverable = tuple(sorted(found, key=lambda r: (-r.recovers, order[id(r)])))

    def without(blocked: Blocked) -> NextGrade:
        return NextGrade(result.unit, result.grade, None, ZERO, (), ZERO, recoverable, blocked)

    if not getattr(result, "eligible", True):  # not scored: kept out by the gate
        return without("ineligible")
    if result.vetoed:
        return without("vetoed")
    band = _next_band(rulebook, result.total)
    if band is None:
        return without("top")
    if not supported:
        return without("unsupported")
    title, minimum = band
    needed = minimum - result.total
    # The deductions must come down to at most this for the total to reach the band.
    allowed = root.lost - needed
    best = _least(top, raws, {}, n, floor)
    size = next((k for k, x in enumerate(best) if x is not None and x <= allowed), None)
    if size is None:
        return without("unreachable")
    least = best[size]
    assert least is not None
    # The earliest set in clause order among those of that size that lose only ``least``:
    # take each clause in turn when a set with it (and the choices so far) still exists.
    decided: dict[int, bool] = {}
    chosen = 0
    for i in range(n):
        if chosen == size:
            decided[i] = False
            continue
        decided[i] = True
        reach = _least(top, raws, decided, size, floor)
        value = reach[size] if len(reach) > size else None
        if value is not None and value <= least:
            chosen += 1
        else:
            decided[i] = False
    paths = tuple(clauses[i][0] for i in range(n) if decided[i])
    return NextGrade(
        result.unit,
        result.grade,
        title,
        _tidy(needed),
        paths,
        _tidy(root.lost - least),
        recoverable,
    )


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
            f"（{n}）{titles.get(path, path)}" for n, path in enumerate(plan.clauses, 1)
        )
        lines.append(
            f"距{plan.target}还差{fmt(plan.points_needed)}分：整改以下{len(plan.clauses)}条"
            f"即可达到（可补回{fmt(plan.recovered)}分）：{named}"
        )
    elif plan.note:
        lines.append(plan.note)
    if plan.recoverable and plan.blocked != "top":
        lines.append(
            "逐条可补回："
            + "；".join(f"{item.title} {fmt(item.recovers)}分" for item in plan.recoverable)
        )
    return lines
