"""Shared hypothesis strategies: generated rulebooks and evidence that fits them.

Rulebooks are built from the public DSL only, with the shapes the seeds use: sections of
items, items wrapped in ``CapAt`` or not, the four ``Deduct`` shapes with rates in
half-point steps, ★ clauses, assessor judgments, vetoes and a capped bonus.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

from assessment_rules import (
    STANDARD_GRADES,
    AwardLevel,
    Bonus,
    CapAt,
    Deduct,
    Fact,
    GradeBand,
    Item,
    Judgment,
    Node,
    Rulebook,
    Section,
    Veto,
)

HALVES = st.integers(min_value=1, max_value=10).map(lambda n: Decimal(n) / 2)


@st.composite
def deducts(draw: st.DrawFn, ident: str) -> Deduct:
    """One ``Deduct`` of any shape, named *ident*."""
    shape = draw(st.sampled_from(["flag", "each", "shortfall", "missing"]))
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
    item = Item(ident, f"考核内容{ident}", points=points, children=children)
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
