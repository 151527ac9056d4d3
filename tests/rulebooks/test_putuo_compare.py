"""The bundled self-evaluation of the 2024 streets against the assessors' evidence."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from assessment_rules import load_rulebook
from assessment_rules.cohorts._compare import UnitComparison, compare_cohorts
from assessment_rules.io import read_evidence

EXAMPLES = Path(__file__).parents[2] / "examples"
BOOK = load_rulebook("putuo-2024-streets")


def comparisons() -> tuple[UnitComparison, ...]:
    """Compare the example self-evaluation with the example assessors' evidence."""
    return compare_cohorts(
        BOOK,
        read_evidence(EXAMPLES / "putuo-2024-streets" / "self-evaluation.yaml"),
        read_evidence(EXAMPLES / "putuo-2024-streets.yaml"),
    )


def test_four_streets_scored_themselves_differently() -> None:
    """长寿路, 宜川路, 万里 and 桃浦 differ from the assessors; the other six agree."""
    found = comparisons()
    assert [c.unit for c in found if not c.agreed] == ["changshoulu", "yichuanlu", "wanli", "taopu"]


def test_each_gap_by_clause() -> None:
    """The gaps per clause are the differences written into the self-evaluation file."""
    found = {c.unit: c for c in comparisons()}
    rows = {
        unit: [(d.path, d.difference) for d in found[unit].clauses]
        for unit in ("changshoulu", "yichuanlu", "wanli", "taopu")
    }
    assert rows == {
        # annual targets self 8 vs 7; e-bike charging self none vs 2 × 0.5
        "changshoulu": [
            ("safety.annual_tasks.annual_targets", Decimal(-1)),
            ("ebike.ebike_safety.ebike_indoor_charging", Decimal(-1)),
        ],
        # supervision self 7 vs 5; late report self none vs 2
        "yichuanlu": [
            ("safety.supervision.supervision_score", Decimal(-2)),
            ("submission.late_report", Decimal(-2)),
        ],
        # the accident only the assessors count: a veto, no points
        "wanli": [("major_accident", Decimal(0))],
        # overdue hazards self 1 × 2 vs 3 × 2
        "taopu": [("safety.hazards.hazards_overdue", Decimal(-4))],
    }
    # Totals: 长寿路 98 vs 96; 宜川路 94 vs 90; 万里 92 vs 92; 桃浦 82 vs 78.
    assert [found[u].difference for u in ("changshoulu", "yichuanlu", "wanli", "taopu")] == [
        Decimal(-2),
        Decimal(-4),
        Decimal(0),
        Decimal(-4),
    ]
