"""Seeded evidence for the benchmark: realistic departments scored by wujin-2021-departments.

The mixture follows what an assessment office sees in a year: most departments are
clean or lose a few points; some lose enough in one item that its cap (扣完为止)
binds; a few have ★ accident clauses, a rare few trigger a veto (一票否决), and some
receive commendations (加分), occasionally more than the caps allow. Facts are written
as an evidence file holds them (whole numbers, booleans, lists of item names, judgment
scores as decimal text), so the same records feed the library, the hand-written
scorer and the CLI.
"""

from __future__ import annotations

import random
from typing import Any

from assessment_rules import load_rulebook

__all__ = ["RULEBOOK_ID", "checklists", "evidence_document", "generate_units"]

RULEBOOK_ID = "wujin-2021-departments"

# Flags that default to "not found" (False) in the rulebook.
_FLAGS = (
    "no_support_system",
    "no_responsibility_system",
    "head_not_chair",
    "no_annual_plan",
    "no_duty_report",
    "campaign_below_target",
    "no_inspection_plan",
    "no_training_plan",
    "no_manager_training",
    "no_three_year_plan",
    "hazards_not_rectified",
    "no_emergency_plan",
    "no_drill",
)
# Per-occurrence counts that default to 0; ★ ones are drawn separately.
_COUNTS = (
    "lead_unit_lapses",
    "member_unit_lapses",
    "firms_lacking_duty",
    "firms_without_director",
    "missing_inspection_records",
    "untrained_staff",
    "culture_shortfall",
    "stale_resources",
)
_STARRED = ("late_accident_reports", "poor_aftermath", "slow_response")
_AWARD_LEVELS = ("national", "provincial", "municipal", "district")
_AWARD_POINTS = ("0.5", "1", "1", "1.5", "2", "2", "2.5", "3")


def _half_points(rng: random.Random, low: int, high: int) -> str:
    """A judgment score in half points from *low* to *high*, as decimal text."""
    halves = rng.randint(low * 2, high * 2)
    return f"{halves // 2}.5" if halves % 2 else str(halves // 2)


def _unit_facts(rng: random.Random, lists: dict[str, tuple[str, ...]]) -> dict[str, Any]:
    # Profiles: 35% clean, 45% a few lapses, 15% careless (caps bind), 5% troubled.
    draw = rng.random()
    lapse = 0.0 if draw < 0.35 else 0.08 if draw < 0.80 else 0.45 if draw < 0.95 else 0.7
    facts: dict[str, Any] = {}
    for name in _FLAGS:
        if rng.random() < lapse:
            facts[name] = True
        elif rng.random() < 0.3:
            facts[name] = False  # some offices write the "no" explicitly
    for name in _COUNTS:
        if rng.random() < lapse:
            facts[name] = rng.randint(1, 6)
    for name, items in lists.items():
        facts[name] = [item for item in items if rng.random() >= lapse]
    facts["safety_meetings"] = rng.randint(1, 3) if rng.random() < lapse else rng.randint(4, 6)
    facts["leader_checks"] = rng.randint(0, 3) if rng.random() < lapse else rng.randint(4, 8)
    facts["deputy_checks"] = rng.randint(0, 3) if rng.random() < lapse else rng.randint(4, 8)
    clean = lapse == 0.0
    facts["supervision_score"] = "15" if clean else _half_points(rng, 9, 15)
    facts["other_work_score"] = "5" if clean else _half_points(rng, 2, 5)
    # ★ clauses: accidents handled badly in about 6% of units, more in troubled ones.
    if rng.random() < (0.06 if lapse < 0.7 else 0.5):
        for name in _STARRED:
            if rng.random() < 0.5:
                facts[name] = rng.randint(1, 4)
    facts["major_accidents"] = 1 if rng.random() < 0.01 else 0
    facts["multi_fatality_accidents"] = rng.choice((0, 0, 1, 2)) if rng.random() < 0.04 else 0
    facts["serious_injury_accidents"] = 1 if rng.random() < 0.005 else 0
    # Commendations in about 15% of units, sometimes above the per-award or total cap.
    if rng.random() < 0.15:
        for level in _AWARD_LEVELS:
            if rng.random() < 0.4:
                count = rng.randint(1, 3)
                facts[f"commendations_{level}"] = [rng.choice(_AWARD_POINTS) for _ in range(count)]
    return facts


def generate_units(count: int, seed: int = 2021) -> list[dict[str, Any]]:
    """Return *count* unit records ``{"id", "name", "facts"}`` drawn from *seed*.

    >>> [unit["id"] for unit in generate_units(2)]
    ['dept-00001', 'dept-00002']
    """
    rng = random.Random(seed)
    lists = checklists()
    return [
        {"id": f"dept-{n:05d}", "name": f"示例部门{n}", "facts": _unit_facts(rng, lists)}
        for n in range(1, count + 1)
    ]


def checklists() -> dict[str, tuple[str, ...]]:
    """The items each checklist fact requires, in the rulebook's order."""
    return {
        name: fact.choices
        for name, fact in load_rulebook(RULEBOOK_ID).facts.items()
        if fact.kind == "list" and fact.choices
    }


def evidence_document(units: list[dict[str, Any]]) -> dict[str, Any]:
    """Wrap unit records as an evidence file (the layout ``read_evidence`` expects)."""
    return {"rulebook": RULEBOOK_ID, "units": units}
