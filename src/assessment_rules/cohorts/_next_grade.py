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
exactly when its deductions are at most one bound. It costs about ``n²`` steps for *n*
lapsed clauses, once to find the fewest and the most points, and the earliest set in
clause order is then built clause by clause, each time checking by the same knapsack
that the set can still be completed: about ``n³`` steps in all, a fraction of a
second for 100 clauses that all lapsed.

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

from decimal import Decimal
from typing import Final, Literal

import attrs

from ..engine._numbers import ZERO, fmt
from ..engine._results import NodeResult, UnitResult, VetoHit
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
            clause order (fewest clauses, then most points, then clause order).
        recovered: What fixing ``clauses`` adds to the score (at least
            ``points_needed``).
        recoverable: Every lapsed clause with what fixing it alone gives back, most
            first, then in clause order.
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


class _Grading:
    """The unit's score and grade as functions of its base, as the final step works them.

    ``score(b)`` is ``b + min(bonus, budget(b))`` under the rulebook's total policy, and
    ``position(b)`` the grade's position (0 the top band) with the clause vetoes held and
    the score vetoes read at ``b``. Both only improve as ``b`` grows. The formulas hold
    for every base at least the unit's own: when the policy cut the bonus there, it cuts
    at least as much at any higher base.
    """

    def __init__(self, rulebook: Rulebook, result: UnitResult) -> None:
        self.bands = rulebook.grades  # highest first
        self.titles = [band.title for band in self.bands]
        self.points = rulebook.points
        self.policy = rulebook.total
        self.bonus = result.root.gained
        self.score_vetoes = rulebook.score_vetoes
        ids = {veto.id for veto in self.score_vetoes}
        # The clause vetoes: facts, which no fixing lifts.
        # Each with the best band (a position) it lets the unit reach.
        self.held = tuple(
            (hit, self._allowed(rulebook, hit)) for hit in result.vetoes if hit.path not in ids
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
        return next(
            (n for n, band in enumerate(self.bands) if total >= band.minimum), len(self.bands) - 1
        )

    def score(self, base: Decimal) -> Decimal:
        if self.policy is None or not self.bonus:
            return base + self.bonus
        budget = self.policy.budget(self.points, base)
        return base + (self.bonus if budget is None else min(self.bonus, budget))

    def least_base(self, score: Decimal) -> Decimal:
        """The least base whose score is at least *score* (``score`` is
        ``min(b + bonus, max(b, ceiling))``, as the bonus is already within its cap)."""
        ceiling = None if self.policy is None else self.policy.ceiling(self.points)
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
        found = {self.least_base(band.minimum) for band in self.bands}
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
    top = _Group(None)
    clauses: list[tuple[str, str, str, Decimal, Decimal]] = []
    root = result.root
    _collect(root, top, top, clauses)
    raws = [clause[3] for clause in clauses]
    floor = rulebook.points if rulebook.floor else None
    n = len(clauses)
    grading = _Grading(rulebook, result)
    base = root.max - root.lost
    now = root.score
    final = grade or result.grade

    def lost_with(fixed: tuple[int, ...]) -> Decimal:
        """The deductions with *fixed* fixed and every other clause kept."""
        decided = {i: i in fixed for i in range(n)}
        value = _least(top, raws, decided, n, floor)[len(fixed)]
        assert value is not None  # every clause is decided, so exactly len(fixed) are fixed
        return value

    def gain(lost: Decimal) -> Decimal:
        """What the score regains when the deductions come down to *lost*."""
        return _tidy(grading.score(root.max - lost) - now)

    # A converted part (折算) counts its clauses in another scale: beyond the model.
    rescaled = any(getattr(node, "raw_max", None) is not None for node in root.walk())
    supported = (
        not rescaled
        and lost_with(()) == root.lost
        and grading.score(base) == now
        and (not result.eligible or grading.titles[grading.position(base)] == result.grade)
    )
    recoverable: tuple[Recovery, ...] = ()
    if supported:
        found = [
            Recovery(path, title, reason, counted, gain(lost_with((i,))))
            for i, (path, title, reason, _, counted) in enumerate(clauses)
        ]
        order = {id(item): i for i, item in enumerate(found)}
        recoverable = tuple(sorted(found, key=lambda r: (-r.recovers, order[id(r)])))

    def without(blocked: Blocked, note: str = "") -> NextGrade:
        return NextGrade(
            result.unit,
            final,
            None,
            ZERO,
            (),
            ZERO,
            recoverable,
            blocked,
            note=note or BLOCKED_TEXT[blocked],
        )

    titles = grading.titles
    if not result.eligible:  # not scored: kept out by the gate
        why = "；".join(result.ineligible) or "不符合申报条件"
        return without("ineligible", f"未参评，不计算整改清单。{why}")
    demoted = final in titles and result.grade in titles  # by the quota: moved down
    if demoted and titles.index(final) > titles.index(result.grade):
        return without(
            "quota",
            f"总分已达到{result.grade}分数线，因优秀比例限制评为{final}：能否评为"
            f"{result.grade}取决于在参评单位中的名次，补回分数可以提高名次，但不能保证等次",
        )
    if result.grade not in titles:
        return without("unsupported")
    position = titles.index(result.grade)
    if position == 0:
        return without("top")
    wanted = position - 1  # at least one band up
    if grading.limit > wanted:
        return without("vetoed", _veto_note(grading, wanted))
    if not supported:
        return without("unsupported")
    # The least base that lifts the grade: the grade only improves as the base grows
    # and changes only at the breakpoints, so it is the first that does.
    need = next(
        (b for b in grading.breakpoints() if b > base and grading.position(b) <= wanted), None
    )
    if need is None:
        return without("unreachable")
    allowed = root.max - need  # the deductions must come down to at most this
    best = _least(top, raws, {}, n, floor)
    size = next((k for k, x in enumerate(best) if x is not None and x <= allowed), None)
    if size is None:
        return without("unreachable")
    least = best[size]
    assert least is not None
    reached = grading.score(root.max - least)
    # Sets of that size that recover as much as the best: the score stops at a ceiling,
    # so deductions a little above the least may still give the same score.
    tie = min(allowed, root.max - grading.least_base(reached))
    # The earliest set in clause order among those: take each clause in turn when a set
    # with it (and the choices so far) still exists.
    decided: dict[int, bool] = {}
    chosen = 0
    for i in range(n):
        if chosen == size:
            decided[i] = False
            continue
        decided[i] = True
        reach = _least(top, raws, decided, size, floor)
        value = reach[size] if len(reach) > size else None
        if value is not None and value <= tie:
            chosen += 1
        else:
            decided[i] = False
    picked = tuple(i for i in range(n) if decided[i])
    after = root.max - lost_with(picked)
    held = {veto_id for veto_id, _, _ in grading.triggered(after)}
    ids = {veto.id for veto in rulebook.score_vetoes}
    lifts = tuple(hit for hit in result.vetoes if hit.path in ids and hit.path not in held)
    return NextGrade(
        result.unit,
        final,
        titles[grading.position(need)],
        _tidy(grading.score(need) - now),
        tuple(clauses[i][0] for i in picked),
        gain(root.max - after),
        recoverable,
        lifts=lifts,
    )


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
            f"（{n}）{titles.get(path, path)}" for n, path in enumerate(plan.clauses, 1)
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
