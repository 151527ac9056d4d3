"""Every node of the four Putuo rulebooks cites its source and says what is derived."""

from __future__ import annotations

import pytest

from assessment_rules import CapAt, Deduct, Judgment, Veto, load_rulebook
from assessment_rules.cohorts import fact_owners

IDS = [
    "putuo-2024-streets",
    "putuo-2024-departments",
    "putuo-2020-streets",
    "putuo-2020-departments",
]


@pytest.mark.parametrize("rulebook", IDS)
def test_every_node_cites_a_source_clause(rulebook: str) -> None:
    """Sections, items, clauses and vetoes all name the seed clause they come from."""
    book = load_rulebook(rulebook)
    missing = [
        path
        for path, node in book.walk()
        if path and not isinstance(node, CapAt) and not getattr(node, "source", "")
    ]
    assert missing == []
    assert all(o.source for o in book.offices)


@pytest.mark.parametrize("rulebook", IDS)
def test_every_derived_clause_says_so(rulebook: str) -> None:
    """Each clause quotes its basis and marks its points as set by this rulebook."""
    book = load_rulebook(rulebook)
    leaves = [n for _, n in book.walk() if isinstance(n, Deduct | Judgment | Veto)]
    assert leaves
    for leaf in leaves:
        assert leaf.text.startswith("依据：“"), leaf.id
        assert "本细则派生" in leaf.text, leaf.id


@pytest.mark.parametrize("rulebook", IDS)
def test_description_and_office_split(rulebook: str) -> None:
    """The description separates quoted from derived; every fact has exactly one office."""
    book = load_rulebook(rulebook)
    assert "原文引用（quoted）" in book.description and "派生（derived）" in book.description
    assert set(fact_owners(book)) == set(book.facts)
    assert book.points == 100
    assert [band.title for band in book.grades] == ["优秀", "良好", "合格", "不合格"]


def test_only_the_2024_rulebooks_declare_the_quota() -> None:
    """普安委〔2024〕8号 sets the 30% share; 普安办〔2020〕13号 sets none."""
    assert [load_rulebook(r).quota is not None for r in IDS] == [True, True, False, False]
