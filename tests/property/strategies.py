"""Shared hypothesis strategies: generated rulebooks and evidence that fits them.

Rulebooks are built from the public DSL only. ``rulebooks()`` keeps to the shapes the
seeds use: sections of items, items wrapped in ``CapAt`` or not, the four ``Deduct``
shapes with rates in half-point steps, ★ clauses, assessor judgments, vetoes and a capped
bonus. ``full_rulebooks()`` and ``full_evidence_for()`` use every node kind and every
setting, with evidence that makes caps and the floor bind, for the reference-scorer tests.
"""

from __future__ import annotations

import functools
from decimal import Decimal
from typing import Any, Literal

from hypothesis import strategies as st

from assessment_rules import (
    STANDARD_GRADES,
    AwardLevel,
    Bonus,
    CapAt,
    Deduct,
    ExecutionRateScore,
    Fact,
    GradeBand,
    Item,
    Judgment,
    Node,
    Rulebook,
    Section,
    Veto,
)

Shape = Literal["flag", "each", "shortfall", "missing"]
SHAPES: tuple[Shape, ...] = ("flag", "each", "shortfall", "missing")
HALVES = st.integers(min_value=1, max_value=10).map(lambda n: Decimal(n) / 2)


@st.composite
def deducts(draw: st.DrawFn, ident: str) -> Deduct:
    """One ``Deduct`` of any shape, named *ident*."""
    shape = draw(st.sampled_from(SHAPES))
    rate = draw(HALVES)
    starred = draw(st.booleans()) if shape == "each" else False
    if shape == "shortfall":
        required = draw(st.integers(min_value=1, max_value=6))
        return Deduct(ident, f"条款{ident}", rate=rate, shape="shortfall", required=required)
    if shape == "missing":
        count = draw(st.integers(min_value=1, max_value=4))
        items = tuple(f"材料{i}" for i in range(count))
        return Deduct(ident, f"条款{ident}", rate=rate, shape="missing", items=items)
    return Deduct(ident, f"条款{ident}", rate=rate, shape=shape, starred=starred)


@st.composite
def items(draw: st.DrawFn, ident: str) -> Node:
    """An item: deductions (possibly capped) or a single judgment."""
    points = Decimal(draw(st.integers(min_value=1, max_value=20)))
    if draw(st.integers(min_value=0, max_value=4)) == 0:
        judged = Judgment(f"{ident}_score", f"评分{ident}", points=points)
        return Item(ident, f"考核内容{ident}", points=points, children=(judged,))
    count = draw(st.integers(min_value=1, max_value=4))
    children = tuple(draw(deducts(f"{ident}_d{i}")) for i in range(count))
    item = Item(ident, f"考核内容{ident}", points=points, children=tuple(children))
    if draw(st.booleans()):
        limit = draw(st.none() | st.integers(min_value=0, max_value=int(points)).map(Decimal))
        return CapAt(item, limit=limit)
    return item


@st.composite
def rulebooks(draw: st.DrawFn) -> Rulebook:
    """A whole rulebook whose points add up, with optional veto and bonus."""
    sections: list[Node] = []
    for s in range(draw(st.integers(min_value=1, max_value=3))):
        children = tuple(
            draw(items(f"s{s}_i{i}")) for i in range(draw(st.integers(min_value=1, max_value=3)))
        )
        points = sum((child.max_points for child in children), Decimal(0))
        section: Node = Section(f"s{s}", f"部分{s}", points=points, children=children)
        if draw(st.booleans()):
            section = CapAt(section)
        sections.append(section)
    if draw(st.booleans()):
        sections.append(Veto("veto_count", "发生较大事故", at_least=draw(st.integers(1, 2))))
    if draw(st.booleans()):
        levels = (
            AwardLevel("high", "市级表彰", cap=draw(HALVES)),
            AwardLevel("low", "区级表彰", cap=draw(HALVES)),
        )
        cap = draw(st.none() | HALVES)
        sections.append(Bonus("bonus", "表彰加分", levels=levels, cap=cap))
    total = sum((node.max_points for node in sections), Decimal(0))
    grades = draw(st.sampled_from([STANDARD_GRADES, _scaled_grades(total)]))
    return Rulebook(
        "generated", "生成的细则", children=tuple(sections), points=total, grades=grades
    )


def _scaled_grades(total: Decimal) -> tuple[GradeBand, ...]:
    """Grade bands at 90/80/60 per cent of *total*, for rulebooks that are not out of 100."""
    marks = [total * Decimal(p) / 100 for p in (90, 80, 60)]
    if len(set(marks)) < 3 or marks[-1] <= 0:
        return STANDARD_GRADES
    return (
        GradeBand("优秀", marks[0]),
        GradeBand("良好", marks[1]),
        GradeBand("合格", marks[2]),
        GradeBand("不合格", "0"),
    )


def fact_values(fact: Fact) -> st.SearchStrategy[Any]:
    """Valid values for one fact, in the forms evidence files carry."""
    if fact.kind == "flag":
        return st.booleans()
    if fact.kind == "count":
        return st.integers(min_value=0, max_value=8)
    if fact.kind == "score":
        top = int((fact.maximum or Decimal(0)) * 2)
        return st.integers(min_value=0, max_value=top).map(lambda n: Decimal(n) / 2)
    if fact.kind == "list":
        return st.lists(st.sampled_from(fact.choices), unique=True).map(tuple)
    if fact.kind == "amounts":
        return st.lists(HALVES, max_size=4).map(tuple)
    raise AssertionError(f"no strategy for {fact.kind}")


@st.composite
def evidence_for(draw: st.DrawFn, rulebook: Rulebook) -> dict[str, Any]:
    """A complete, valid evidence mapping for *rulebook*."""
    return {name: draw(fact_values(fact)) for name, fact in rulebook.facts.items()}


@st.composite
def rulebooks_with_evidence(draw: st.DrawFn) -> tuple[Rulebook, dict[str, Any]]:
    """A rulebook and one unit's evidence for it."""
    book = draw(rulebooks())
    return book, draw(evidence_for(book))


# Rulebooks of every node kind, for the reference-scorer tests: nested sections, caps on
# leaves, items and sections (with and without an explicit limit), ★ on every shape,
# judgments, execution rates, flag and count vetoes, bonuses of several levels, and
# rulebooks without a floor. Ids carry their whole path so every fact name is unique.
# The parts are plain functions of ``draw`` and the strategies they draw from are built
# once: a new strategy object per node is validated on every draw, which made
# generation most of these tests' time.

STARS = st.sampled_from([False, False, True])  # ★ on about a third of the clauses
MAX_DEPTH = 2  # sections nest at most this deep below the rulebook
ONE_IN = {n: st.integers(min_value=0, max_value=n - 1) for n in (3, 4, 6, 10)}
FEW = st.integers(min_value=1, max_value=3)
REQUIRED = st.integers(min_value=1, max_value=6)
ITEM_COUNT = st.integers(min_value=1, max_value=4)
OWN_POINTS = st.integers(min_value=1, max_value=12)
ERS_POINTS = st.integers(min_value=1, max_value=10)
PLACES = st.integers(min_value=0, max_value=2)
LEVELS = st.integers(min_value=1, max_value=3)
AT_LEAST = st.integers(min_value=1, max_value=3)
OCCURRENCES = st.integers(min_value=0, max_value=4)
TOP_VETOES = st.integers(min_value=0, max_value=2)
FLOORS = st.sampled_from([True, True, False])  # mostly on, so the floor binds often
AWARDS = st.lists(st.integers(min_value=0, max_value=8).map(lambda n: Decimal(n) / 2), max_size=3)


def _halves_up_to(top: Decimal) -> st.SearchStrategy[Decimal]:
    """Half points from 0 to *top* (cap limits and judged scores)."""
    return _halves_between(Decimal(0), top)


def _halves_between(low: Decimal, high: Decimal) -> st.SearchStrategy[Decimal]:
    """Half points from *low* (rounded up to a half) to *high* (rounded down)."""
    return _halves_from(int(-(-low * 2 // 1)), int(high * 2))


@functools.cache
def _halves_from(first: int, last: int) -> st.SearchStrategy[Decimal]:
    """``first``/2 to ``last``/2 in half points, built once per range."""
    return st.integers(min_value=first, max_value=last).map(lambda n: Decimal(n) / 2)


def _deduct(draw: st.DrawFn, ident: str) -> Deduct:
    """One ``Deduct`` of any shape, ★ or not, named *ident*."""
    shape = draw(st.sampled_from(SHAPES))
    rate, starred = draw(HALVES), draw(STARS)
    title = f"条款{ident}"
    if shape == "shortfall":
        required = draw(REQUIRED)
        return Deduct(ident, title, rate=rate, shape=shape, required=required, starred=starred)
    if shape == "missing":
        names = tuple(f"材料{i}" for i in range(draw(ITEM_COUNT)))
        return Deduct(ident, title, rate=rate, shape=shape, items=names, starred=starred)
    return Deduct(ident, title, rate=rate, shape=shape, starred=starred)


def _scored_leaf(draw: st.DrawFn, ident: str) -> Node:
    """A leaf with points of its own: an assessor's judgment or an execution-rate score."""
    if draw(st.booleans()):
        return Judgment(ident, f"评分{ident}", points=draw(HALVES))
    return ExecutionRateScore(
        ident,
        f"预算执行率{ident}",
        points=draw(ERS_POINTS),
        budget=f"{ident}_budget",
        executed=f"{ident}_executed",
        places=draw(PLACES),
    )


def _maybe_capped_leaf(draw: st.DrawFn, leaf: Node) -> Node:
    """*leaf*, now and then wrapped in its own ``CapAt`` (a deduction's needs a limit)."""
    if draw(ONE_IN[4]) != 0:
        return leaf
    if leaf.max_points > 0:
        return CapAt(leaf, limit=draw(st.none() | _halves_up_to(leaf.max_points)))
    return CapAt(leaf, limit=draw(_halves_up_to(Decimal(6))))


def _maybe_capped(draw: st.DrawFn, node: Node) -> Node:
    """*node* (an item or a section) as is, capped at its points, or capped below them."""
    choice = draw(ONE_IN[3])
    if choice == 0:
        return node
    if choice == 1:
        return CapAt(node)
    return CapAt(node, limit=draw(_halves_up_to(node.max_points)))


def _item(draw: st.DrawFn, ident: str) -> Node:
    """An item of deductions, with at most one judgment or execution-rate row among them."""
    count = draw(FEW)
    children = [_maybe_capped_leaf(draw, _deduct(draw, f"{ident}_d{i}")) for i in range(count)]
    if draw(ONE_IN[3]) == 0:
        position = draw(st.integers(min_value=0, max_value=count))
        children.insert(position, _maybe_capped_leaf(draw, _scored_leaf(draw, f"{ident}_j")))
    own = sum((child.max_points for child in children), Decimal(0))
    points = own or Decimal(draw(OWN_POINTS))
    return _maybe_capped(
        draw, Item(ident, f"考核内容{ident}", points=points, children=tuple(children))
    )


def _veto(draw: st.DrawFn, ident: str) -> Veto:
    """A flag veto, or a count veto that holds at one or more occurrences."""
    if draw(st.booleans()):
        return Veto(ident, f"否决{ident}", fact=Fact(ident, f"否决{ident}", kind="flag"))
    return Veto(ident, f"否决{ident}", at_least=draw(AT_LEAST))


def _bonus(draw: st.DrawFn, ident: str) -> Bonus:
    """A bonus of one to three award levels, with or without a total cap."""
    levels = tuple(AwardLevel(f"l{i}", f"表彰{i}", cap=draw(HALVES)) for i in range(draw(LEVELS)))
    return Bonus(ident, f"加分{ident}", levels=levels, cap=draw(st.none() | HALVES))


def _section(draw: st.DrawFn, ident: str, depth: int = 1) -> Node:
    """A section of items and nested sections, now and then a bare clause, veto or bonus."""
    children: list[Node] = []
    for i in range(draw(FEW)):
        kind = draw(ONE_IN[10])
        if kind < 6 or depth >= MAX_DEPTH:
            children.append(_item(draw, f"{ident}_i{i}"))
        elif kind < 8:
            children.append(_section(draw, f"{ident}_s{i}", depth + 1))
        else:
            children.append(_maybe_capped_leaf(draw, _deduct(draw, f"{ident}_d{i}")))
    if draw(ONE_IN[6]) == 0:
        children.append(_veto(draw, f"{ident}_veto"))
    if draw(ONE_IN[6]) == 0:
        children.append(_bonus(draw, f"{ident}_bonus"))
    own = sum((child.max_points for child in children), Decimal(0))
    points = own or Decimal(draw(OWN_POINTS))
    return _maybe_capped(
        draw, Section(ident, f"部分{ident}", points=points, children=tuple(children))
    )


@st.composite
def full_rulebooks(draw: st.DrawFn) -> Rulebook:
    """A rulebook using every node kind, with or without the floor at 0."""
    children = [_section(draw, f"s{s}") for s in range(draw(FEW))]
    children += [_veto(draw, f"veto{v}") for v in range(draw(TOP_VETOES))]
    if draw(st.booleans()):
        children.append(_bonus(draw, "bonus"))
    total = sum((child.max_points for child in children), Decimal(0))
    # Bands scaled to the points: fixed 90/80/60 bands would grade every small
    # generated rulebook at the lowest grade, where a veto changes nothing.
    return Rulebook(
        "generated",
        "生成的细则",
        children=tuple(children),
        points=total,
        grades=_scaled_grades(total),
        floor=draw(FLOORS),
    )


# Counts are drawn wide so that caps and the floor bind often: most clauses lose
# nothing, some lose a little, some lose far more than their item is worth.
COUNTS = st.one_of(
    st.just(0), st.integers(min_value=0, max_value=3), st.integers(min_value=4, max_value=20)
)
CENTS = st.integers(min_value=1, max_value=10_000).map(lambda n: Decimal(n).scaleb(-2))
MOODS = st.sampled_from(["many", "worst", "few"])
# Per mood, the values of each-shape counts: a few small lapses, any, nearly the worst.
EACH = {
    "few": st.integers(min_value=0, max_value=2),
    "many": COUNTS,
    "worst": st.integers(min_value=6, max_value=20),
}


def _execution_values(draw: st.DrawFn) -> tuple[Decimal, Decimal]:
    """A budget and an amount executed: under, exactly at, or over the budget."""
    budget = draw(CENTS)
    cents = int(budget * 100)
    executed = draw(
        st.one_of(
            st.integers(min_value=0, max_value=cents),
            st.just(cents),
            st.integers(min_value=cents, max_value=cents + cents // 5 + 1),
        )
    )
    return budget, Decimal(executed).scaleb(-2)


@st.composite
def full_evidence_for(draw: st.DrawFn, book: Rulebook) -> dict[str, Any]:
    """Evidence for every fact of *book*: a unit with a few small lapses, many, or the worst.

    A unit with a few small lapses scores high enough for grades above the lowest, so a
    veto changes its grade; one with many makes caps bind; the worst units lapse on
    every clause, far past what their items are worth, so the floor binds too.
    """
    mood = draw(MOODS)
    values: dict[str, Any] = {}
    for _, node in book.walk():
        if isinstance(node, Deduct):
            lapsed = mood != "few" or draw(ONE_IN[4]) == 0
            values[node.fact.name] = _lapse(draw, node, mood) if lapsed else _met(node)
        elif isinstance(node, Judgment):
            low = node.points / 2 if mood == "few" else Decimal(0)
            high = Decimal(0) if mood == "worst" else node.points
            values[node.fact.name] = draw(_halves_between(low, high))
        elif isinstance(node, ExecutionRateScore):
            values[node.budget], values[node.executed] = _execution_values(draw)
        elif isinstance(node, Veto):
            kind = st.booleans() if node.fact.kind == "flag" else OCCURRENCES
            values[node.fact.name] = draw(kind)
        elif isinstance(node, Bonus):
            for level in node.levels:
                values[node.fact_for(level).name] = tuple(draw(AWARDS))
    return values


def _lapse(draw: st.DrawFn, clause: Deduct, mood: str) -> Any:
    """A value of a clause's fact: a small lapse, any at all, or nearly the worst."""
    required = clause.required or 0
    names = clause.items
    if clause.shape == "flag":
        return True if mood == "worst" else draw(st.booleans())
    if clause.shape == "each":
        return draw(EACH[mood])
    if clause.shape == "shortfall":
        low, high = {"few": (required - 1, required + 2), "worst": (0, 1)}.get(
            mood, (0, required + 2)
        )
        return draw(st.integers(min_value=low, max_value=high))
    if mood == "few":  # every item listed, or all but one
        skipped = draw(st.integers(min_value=0, max_value=len(names)))
        return names[:skipped] + names[skipped + 1 :]
    if mood == "worst":  # nothing listed, or one item
        return draw(st.sampled_from([(), *((name,) for name in names)]))
    return tuple(draw(st.lists(st.sampled_from(names), unique=True)))


def _met(clause: Deduct) -> Any:
    """The value of a clause's fact for a unit that met it."""
    return {"flag": False, "each": 0, "shortfall": clause.required, "missing": clause.items}[
        clause.shape
    ]


@st.composite
def full_cases(draw: st.DrawFn) -> tuple[Rulebook, dict[str, Any]]:
    """A rulebook of every node kind and one unit's evidence for it."""
    book = draw(full_rulebooks())
    return book, draw(full_evidence_for(book))
