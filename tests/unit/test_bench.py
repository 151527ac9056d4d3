"""The benchmark's agreement checks (bench/run.py), run on small workloads and never timed."""

from __future__ import annotations

import json
from decimal import Decimal
from types import ModuleType
from typing import Any

import pytest

UNITS = 200


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


Scored = tuple[list[Any], list[Any], list[dict[str, Any]]]


@pytest.fixture(scope="module")
def heavy_scored(bench: ModuleType) -> Scored:
    """The heavy mix's units: library results, hand-written results, validated values."""
    book = bench.load_rulebook(bench.RULEBOOK_ID)
    units = bench.MIXES["heavy"](UNITS, 2021)
    evidences = [bench.Evidence(u["id"], u["facts"], u["name"]) for u in units]
    values = book.check_all(evidences)
    library = bench.validate_and_score(book, evidences)
    return library, bench.score_handwritten(values), values


class TestHeavyMix:
    def test_every_unit_has_ten_or_more_entries(self, heavy_scored: Scored) -> None:
        """Each of 200 heavy units has at least ten ledger entries."""
        library, _, _ = heavy_scored
        assert min(len(result.entries) for result in library) >= 10

    def test_the_heavy_mix_binds_caps_stars_and_cuts_bonuses(
        self, bench: ModuleType, heavy_scored: Scored
    ) -> None:
        """The heavy units include binding caps, ★ deductions, cut bonuses and vetoes."""
        mix = bench.mixture(heavy_scored[0])
        for kind in ("cap_binds", "starred", "bonus_cut", "vetoed"):
            assert mix[kind] > 0, kind
        assert mix["clean"] == 0

    def test_the_library_and_the_hand_written_scorer_agree(
        self, bench: ModuleType, heavy_scored: Scored
    ) -> None:
        """On 200 heavy units both scorers agree on totals, grades and every ledger line."""
        library, hand, _ = heavy_scored
        assert bench.disagreements(library, hand) == []


class TestZen:
    def test_the_jdm_file_is_what_the_clause_table_builds(self, bench: ModuleType) -> None:
        """bench/zen_wujin.json is regenerated from the clause table (python bench/zen_wujin.py)."""
        written = json.loads(bench.zen_wujin.JDM_PATH.read_text(encoding="utf-8"))
        assert written == bench.zen_wujin.build_jdm()

    @pytest.mark.parametrize("mix", ["light", "heavy"])
    def test_zen_agrees_with_the_library_on_every_unit(self, bench: ModuleType, mix: str) -> None:
        """ZEN's totals, grades, lost clauses, bonus and vetoes equal the library's on 200 units."""
        pytest.importorskip("zen", reason="the bench extra (zen-engine) is not installed")
        book = bench.load_rulebook(bench.RULEBOOK_ID)
        units = bench.MIXES[mix](UNITS, 2021)
        evidences = [bench.Evidence(u["id"], u["facts"], u["name"]) for u in units]
        values = book.check_all(evidences)
        library = bench.validate_and_score(book, evidences)
        contexts = [bench.zen_wujin.to_context(v) for v in values]
        outputs = bench.score_zen(bench.zen_wujin.load_decision(), contexts)
        assert bench.zen_wujin.disagreements(library, outputs) == []

    def test_a_different_total_is_reported(self, bench: ModuleType, heavy_scored: Scored) -> None:
        """A ZEN output whose total differs by 0.5 makes the check name that unit."""
        pytest.importorskip("zen", reason="the bench extra (zen-engine) is not installed")
        library, _, values = heavy_scored
        outputs = bench.score_zen(
            bench.zen_wujin.load_decision(), [bench.zen_wujin.to_context(v) for v in values[:3]]
        )
        outputs[1] = {**outputs[1], "total": str(Decimal(outputs[1]["total"]) + Decimal("0.5"))}
        found = bench.zen_wujin.disagreements(library[:3], outputs)
        assert len(found) == 1
        assert found[0].startswith(f"{library[1].unit}: total:")


class TestTargets:
    def test_each_target_says_whether_it_holds(self, bench: ModuleType) -> None:
        """Figures at the targets hold them; ones past the targets do not."""
        mixes = {
            "light": {"ratio": 2.0, "zen_ratio": 4.0},
            "heavy": {"ratio": 2.01, "zen_ratio": None},
        }
        figures = {
            "mixes": mixes,
            "import_ms": 50.0,
            "cli_seconds": 3.2,
            "retained_bytes_per_unit": {
                "light": {"bytes_per_unit": 2048},
                "heavy": {"bytes_per_unit": 2049},
            },
        }
        held = {name: row["holds"] for name, row in bench.targets(figures).items()}
        assert held == {
            "light_ratio": True,
            "light_zen_ratio": True,
            "heavy_ratio": False,
            "heavy_zen_ratio": None,
            "import_ms": True,
            "cli_seconds": False,
            "light_retained_bytes_per_unit": True,
            "heavy_retained_bytes_per_unit": False,
        }
