"""The thread contract: one rulebook checks and scores units from many threads at once.

``engine/_evaluate.py`` states the contract: a rulebook (its compiled checks, its plan
and their memos) may be shared by any number of threads, and ``check``, ``evaluate``
and ``evaluate_checked`` may run in all of them at once, giving exactly what one
thread gives. Here every thread starts on a fresh copy of the rulebook (empty memos,
so the threads race to fill them), and every result is compared, by its repr (every
field, every ``Decimal`` exponent), with a single-threaded run on another copy.
"""

from __future__ import annotations

import random
import sys
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from typing import Any

import attrs
import pytest

from assessment_rules import Evidence, Rulebook, load_rulebook

THREADS = 16
UNITS = 200


def _value(rng: random.Random, kind: str, choices: tuple[str, ...], maximum: Any) -> Any:
    """A valid value of a fact, written as an evidence file may write it."""
    if kind == "flag":
        return rng.random() < 0.3
    if kind == "count":
        return rng.choice((0, 0, 1, 2, 5, "3"))
    if kind in ("amount", "score"):
        top = int(maximum) if maximum is not None else 20
        return rng.choice((str(top), f"{rng.randint(0, top * 2) / 2}", Decimal(top)))
    if kind == "list":
        return [c for c in choices if rng.random() < 0.7]
    if kind == "amounts":
        return [rng.choice(("0.5", "1", "2", "3")) for _ in range(rng.randint(0, 2))]
    return None  # the fact's default


def _units(book: Rulebook, seed: int) -> list[Evidence]:
    """*UNITS* units with facts drawn from *seed*, many of them repeating each other."""
    rng = random.Random(seed)
    units = []
    for n in range(UNITS):
        facts = {
            name: _value(rng, fact.kind, fact.choices, fact.maximum)
            for name, fact in book.facts.items()
        }
        facts = {name: value for name, value in facts.items() if value is not None}
        units.append(Evidence(f"u{n}", facts, f"单位{n}"))
    return units


@pytest.fixture
def switch_often() -> Iterator[None]:
    """Threads switch every microsecond, so that memo writes interleave."""
    before = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    yield
    sys.setswitchinterval(before)


@pytest.mark.usefixtures("switch_often")
class TestManyThreads:
    @pytest.mark.parametrize(
        "rulebook", ["wujin-2021-departments", "putuo-2024-departments", "putuo-2024-streets"]
    )
    def test_every_result_matches_a_single_threaded_run(self, rulebook: str) -> None:
        """16 threads check and score 200 units each, in their own orders, as one thread does."""
        book = load_rulebook(rulebook)
        units = _units(book, seed=16)
        alone = attrs.evolve(book)  # a copy with its own, empty memos
        expected = [repr(alone.evaluate(unit)) for unit in units]

        shared = attrs.evolve(book)  # the threads' copy: they fill its memos together
        start = threading.Barrier(THREADS)

        def score(seed: int) -> list[tuple[int, str]]:
            order = list(range(len(units)))
            random.Random(seed).shuffle(order)
            start.wait()
            return [(i, repr(shared.evaluate(units[i]))) for i in order]

        with ThreadPoolExecutor(THREADS) as pool:
            runs = list(pool.map(score, range(THREADS)))
        for run in runs:
            assert len(run) == len(units)
            for i, text in run:
                assert text == expected[i], units[i].unit

    def test_checked_values_match_a_single_threaded_run(self) -> None:
        """16 threads validating the same units get exactly the values one thread gets."""
        book = load_rulebook("wujin-2021-departments")
        units = _units(book, seed=61)
        expected = [attrs.evolve(book).check(unit) for unit in units]
        shared = attrs.evolve(book)
        start = threading.Barrier(THREADS)

        def check(_: int) -> list[dict[str, Any]]:
            start.wait()
            return [shared.check(unit) for unit in units]

        with ThreadPoolExecutor(THREADS) as pool:
            for values in pool.map(check, range(THREADS)):
                assert [repr(v) for v in values] == [repr(v) for v in expected]
