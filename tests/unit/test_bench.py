"""The benchmark's agreement check (bench/run.py), run on a small workload and never timed."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from types import ModuleType

import pytest

BENCH = Path(__file__).parents[2] / "bench"
UNITS = 200


@pytest.fixture(scope="module")
def bench() -> Iterator[ModuleType]:
    """The bench/run.py module, imported with bench/ on the path and removed afterwards."""
    with pytest.MonkeyPatch.context() as patch:
        patch.syspath_prepend(str(BENCH))
        for name in ("run", "handwritten", "workload"):
            patch.delitem(sys.modules, name, raising=False)
        yield importlib.import_module("run")
        for name in ("run", "handwritten", "workload"):
            sys.modules.pop(name, None)


@pytest.fixture(scope="module")
def scored(bench: ModuleType) -> tuple[list[object], list[object]]:
    book, evidences, values = bench.prepare(UNITS)
    return bench.score_library(book, evidences, values), bench.score_handwritten(values)


class TestAgreement:
    def test_both_scorers_agree_on_every_unit(self, bench: ModuleType, scored) -> None:  # type: ignore[no-untyped-def]
        """The library and the hand-written scorer agree on 200 units: totals, grades, ledgers."""
        library, hand = scored
        assert len(library) == UNITS
        assert bench.disagreements(library, hand) == []

    def test_the_workload_exercises_every_rule_shape(self, bench: ModuleType, scored) -> None:  # type: ignore[no-untyped-def]
        """The 200 units include clean ones, binding caps, ★ clauses, vetoes and cut bonuses."""
        mix = bench.mixture(scored[0])
        for kind in ("clean", "cap_binds", "starred", "vetoed", "bonus", "bonus_cut"):
            assert mix[kind] > 0, kind
        assert mix["clean"] < UNITS

    def test_a_different_reason_is_reported(self, bench: ModuleType, scored) -> None:  # type: ignore[no-untyped-def]
        """Changing one reason of one hand-written result makes the check name that unit."""
        library, hand = scored
        position = next(i for i, result in enumerate(hand) if result.lost)
        path, raw, counted, reason = hand[position].lost[0]
        changed = hand[position]._replace(
            lost=[(path, raw, counted, reason + "。"), *hand[position].lost[1:]]
        )
        found = bench.disagreements(library, [*hand[:position], changed, *hand[position + 1 :]])
        assert len(found) == 1
        assert found[0].startswith(f"{library[position].unit}: lost:")


class TestHandwrittenScorer:
    def test_bonus_caps_match_the_worked_example(self, bench: ModuleType) -> None:
        """Awards of 2, 2, 2.5 and 1.5 add 2, 2, 1 and 0 under the per-award and total caps."""
        book = bench.load_rulebook(bench.RULEBOOK_ID)
        # Every checklist complete: each list fact holds all the items the rulebook requires.
        done = {name: list(f.choices) for name, f in book.facts.items() if f.kind == "list"}
        facts = {
            **done,
            "safety_meetings": 4,
            "leader_checks": 4,
            "deputy_checks": 4,
            "supervision_score": "13.5",
            "other_work_score": "5",
            "major_accidents": 0,
            "multi_fatality_accidents": 0,
            "serious_injury_accidents": 0,
            "commendations_national": ["2"],
            "commendations_municipal": ["2", "2.5"],
            "commendations_district": ["1.5"],
        }
        result = bench.handwritten.score(book.check(bench.Evidence("bonus", facts)))
        # Lost: supervision 15 − 13.5 = 1.5, so the base is 98.5.
        # National 2 → 2 (budget 5 → 3); municipal 2 → 2 (→ 1); municipal 2.5 → 2 per
        # award, then 1 left in the total; district 1.5 → 0.  Total 98.5 + 5 = 103.5.
        assert [line[2] for line in result.gained] == [
            Decimal("2"),
            Decimal("2"),
            Decimal("1"),
            Decimal("0"),
        ]
        assert (result.base, result.total, result.grade) == (
            Decimal("98.5"),
            Decimal("103.5"),
            "优秀",
        )
        assert result.gained[2][3] == (
            "受到市级表彰，申报加2.5分（单次不超过2分，加分总分值不超过5分），实加1分"
        )
