"""Every bundled rulebook's ranking puts a unit a veto failed after every other unit.

``test_policies.py`` checks the example cohorts as they are, which only says something
for the cohorts whose examples happen to hold a veto. Here every bundled rulebook with
a veto is checked on a cohort where the veto certainly holds, and for the unit that
would otherwise rank first: its best-scoring unit, with each veto in turn triggered.
The cohort is the rulebook's example evidence when there is one (examples/<id>.yaml),
else three units built from the rulebook's example values with one lapse each.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import attrs
import pytest

from assessment_rules import Evidence, Veto, assess, bundled_rulebooks, load_rulebook
from assessment_rules.io import read_evidence

EXAMPLES = Path(__file__).parents[2] / "examples"
WITH_VETOES = [
    book_id
    for book_id in bundled_rulebooks()
    if any(isinstance(node, Veto) for _, node in load_rulebook(book_id).walk())
]


def _cohort(book_id: str) -> list[Evidence]:
    path = EXAMPLES / f"{book_id}.yaml"
    if path.exists():
        return list(read_evidence(path, book_id))
    book = load_rulebook(book_id)
    base = {name: fact.example_value() for name, fact in book.facts.items()}
    return [Evidence(f"u{n}", dict(base)) for n in range(3)]


def test_every_bundled_rulebook_with_a_veto_is_checked() -> None:
    """Six of the seven bundled rulebooks have vetoes (the finance self-evaluation has none)."""
    assert len(WITH_VETOES) == 6


@pytest.mark.parametrize("book_id", WITH_VETOES)
def test_the_best_unit_vetoed_ranks_after_every_other(book_id: str) -> None:
    """Each veto, triggered for the unit ranked first, moves it after every unit not failed."""
    book = load_rulebook(book_id)
    evidences = _cohort(book_id)
    first = assess(book, evidences).units[0].result.unit
    for path, veto in ((p, n) for p, n in book.walk() if isinstance(n, Veto)):
        assert veto.effect in ("lowest", "zero"), path  # every bundled veto fails the year
        held: Any = True if veto.fact.kind == "flag" else veto.at_least
        changed = [
            attrs.evolve(e, facts={**e.facts, veto.fact.name: held}) if e.unit == first else e
            for e in evidences
        ]
        cohort = assess(book, changed)
        ranked = [u for u in cohort.units if u.ranked]
        vetoed = [u for u in ranked if u.result.vetoed]
        clean = [u for u in ranked if not u.result.vetoed]
        assert first in {u.result.unit for u in vetoed}, (book_id, path)
        assert clean, (book_id, path)
        worst_clean = max(u.rank for u in clean if u.rank is not None)
        for unit in vetoed:
            assert unit.rank is not None and unit.rank > worst_clean, (book_id, path, unit)
