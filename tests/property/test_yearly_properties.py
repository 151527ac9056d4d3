"""Invariants of deriving and diffing rulebooks, over generated rulebooks and evidence."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from assessment_rules import CapAt, Deduct, Evidence, Rulebook
from assessment_rules.yearly import Remove, Set, derive, diff_rulebooks, lint, rescore

from .strategies import rulebooks, rulebooks_with_evidence


def node_paths(book: Rulebook) -> list[str]:
    """Every real node's dotted path (CapAt wrappers share their node's path)."""
    return [path for path, node in book.walk() if path and not isinstance(node, CapAt)]


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_retitling_and_back_gives_the_same_rulebook(data: st.DataObject) -> None:
    """Setting a title and setting it back yields a rulebook equal to the original."""
    book = data.draw(rulebooks())
    path = data.draw(st.sampled_from(node_paths(book)))
    title = book.node(path).title
    changed = derive(book, Set(path, title="新的标题"), id="changed")
    back = derive(changed, Set(path, title=title), id=book.id, predecessor=book.predecessor)
    assert back == book
    assert repr(back) == repr(book)


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_one_retitle_is_one_text_change_at_its_path(data: st.DataObject) -> None:
    """The diff of a single retitling is exactly one text change of that path's title."""
    book = data.draw(rulebooks())
    path = data.draw(st.sampled_from(node_paths(book)))
    new = derive(book, Set(path, title="新的标题"), id=book.id, predecessor=book.predecessor)
    assert [(c.kind, c.path, c.field) for c in diff_rulebooks(book, new).changes] == [
        ("text", path, "title")
    ]


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_a_removed_deduction_is_one_removal_and_its_fact(data: st.DataObject) -> None:
    """Removing one clause shows as that removal plus the fact it no longer reads."""
    book = data.draw(rulebooks())
    leaves = [
        p
        for p, n in book.walk()
        if isinstance(n, Deduct) and len(book.fact_paths[n.fact.name]) == 1
    ]
    if not leaves:
        return
    path = data.draw(st.sampled_from(leaves))
    new = derive(book, Remove(path), id=book.id, predecessor=book.predecessor)
    kinds = [(c.kind, c.path) for c in diff_rulebooks(book, new).changes]
    assert kinds == [("removed", path), ("fact_removed", path)]


@settings(max_examples=40, deadline=None)
@given(rulebooks())
def test_a_rulebook_has_no_differences_from_itself(book: Rulebook) -> None:
    """diff(a, a) is empty for every rulebook."""
    assert diff_rulebooks(book, book).changes == ()


@settings(max_examples=40, deadline=None)
@given(rulebooks_with_evidence())
def test_rescoring_under_the_same_rules_moves_nobody(
    pair: tuple[Rulebook, dict[str, object]],
) -> None:
    """Re-scoring evidence under an identical rulebook gives every unit a delta of 0."""
    book, facts = pair
    report = rescore(book, derive(book, id="copy"), [Evidence("u", facts)])
    assert [u.delta for u in report.units] == [Decimal(0)]


@settings(max_examples=40, deadline=None)
@given(rulebooks())
def test_lint_never_reports_construction_problems_on_a_built_rulebook(book: Rulebook) -> None:
    """A rulebook that constructed has no points, duplicate-id or grades findings."""
    assert not [f for f in lint(book) if f.code in ("points", "duplicate-id", "grades")]
