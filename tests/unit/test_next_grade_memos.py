"""``to_next_grade``'s shared tables: bounded, and right from many threads at once.

Two tables outlive a call: the parts of capped subtrees already read (``_READ``) and each
rulebook's constant parts (``_BOOKS``). Both are keyed by identity, hold their key's
object, are emptied when full and are only added to otherwise (the evaluator's rule
for memos, "Threads" in ``engine._evaluate``).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from types import ModuleType

import pytest

from assessment_rules import Evidence, assess
from assessment_rules.cohorts import _next_grade, to_next_grade


def _answers(book: object, cohort: object) -> list[tuple[object, ...]]:
    return [
        (plan.target, plan.points_needed, plan.clauses, plan.recovered, plan.blocked)
        for plan in (
            to_next_grade(book, ranked.result, grade=ranked.grade)  # type: ignore[arg-type]
            for ranked in cohort.units  # type: ignore[attr-defined]
        )
    ]


def test_threads_get_what_one_thread_gets(bench: ModuleType) -> None:
    """Eight threads working through one heavy cohort at once agree with one thread."""
    book = bench._fresh_rulebook()
    units = bench.MIXES["heavy"](200, 5)
    cohort = assess(book, [Evidence(u["id"], u["facts"], u["name"]) for u in units])
    _next_grade._READ.clear()
    _next_grade._BOOKS.clear()
    alone = _answers(book, cohort)
    assert sum(1 for answer in alone if answer[0] is not None) > 100
    _next_grade._READ.clear()
    _next_grade._BOOKS.clear()
    with ThreadPoolExecutor(8) as pool:
        together = list(pool.map(lambda _: _answers(book, cohort), range(8)))
    assert all(answers == alone for answers in together)


def test_the_rulebook_table_is_emptied_when_full(
    bench: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The table of rulebooks never holds more than its limit."""
    monkeypatch.setattr(_next_grade, "_BOOKS_MOST", 2)
    monkeypatch.setattr(_next_grade, "_BOOKS", {})
    units = bench.MIXES["heavy"](3, 5)
    for _ in range(5):
        book = bench._fresh_rulebook()  # a new object each time
        cohort = assess(book, [Evidence(u["id"], u["facts"], u["name"]) for u in units])
        _answers(book, cohort)
        assert len(_next_grade._BOOKS) <= 2
