"""The heavy mix: a hard cohort, every unit with ten or more ledger entries.

Beside the light mix of ``workload.py`` (a third of the units lose nothing), this one
is what an assessment office sees in a bad year, or after a strict inspection round:
every department lapses on ten or more of the 35 clauses of wujin-2021-departments, so
every unit builds most of its result tree afresh. Each unit has a weak item or two,
where most clauses lapse with high counts, and lapses scattered over the rest. Of
20,000 units (seed 2021) item caps (扣完为止) bind in 36%, a third have ★ accident
clauses, and two in five receive commendations, three quarters of them cut by the
per-award or total caps; 5% are vetoed.

Facts are written as an evidence file holds them (whole numbers, booleans, lists of
item names, judgment scores and award points as decimal text), like the light mix, so
the same records feed the library, the hand-written scorer, ZEN and the CLI.
"""

from __future__ import annotations

import random
from typing import Any

from assessment_rules import load_rulebook
from workload import RULEBOOK_ID, checklists

__all__ = ["MIN_ENTRIES", "RULEBOOK_ID", "generate_units"]

MIN_ENTRIES = 10

# Yes/no findings (default "not found").
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
# Per-occurrence findings (default 0).
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
# Meetings and checks held, required at least 4 a year.
_SHORTFALLS = ("safety_meetings", "leader_checks", "deputy_checks")
_JUDGMENTS = (("supervision_score", 15), ("other_work_score", 5))
_STARRED = ("late_accident_reports", "poor_aftermath", "slow_response")
_AWARD_LEVELS = ("national", "provincial", "municipal", "district")
# Points proposed per award; the sheet allows at most 2 (1.5 for district awards).
_AWARD_POINTS = ("0.5", "1", "1", "1.5", "1.5", "2", "2", "2.5", "3")


def _half_points(rng: random.Random, low: int, high: int) -> str:
    """A judgment score in half points from *low* to *high*, as decimal text."""
    halves = rng.randint(low * 2, high * 2)
    return f"{halves // 2}.5" if halves % 2 else str(halves // 2)


def _lapse(
    rng: random.Random, clause: str, facts: dict[str, Any], lists: dict[str, Any], weak: bool
) -> None:
    """Write the evidence of one lapse of *clause* into *facts* (worse in a weak item)."""
    if clause in _FLAGS:
        facts[clause] = True
    elif clause in _COUNTS:
        facts[clause] = rng.randint(3, 6) if weak else rng.choice((1, 1, 1, 2, 2, 3))
    elif clause in _SHORTFALLS:
        facts[clause] = rng.randint(0, 2) if weak else rng.randint(1, 3)
    elif clause in lists:
        items = lists[clause]
        most = len(items) if weak else max(1, len(items) // 2)
        missing = set(rng.sample(items, rng.randint(1, most)))
        facts[clause] = [item for item in items if item not in missing]
    else:
        top = dict(_JUDGMENTS)[clause]
        facts[clause] = _half_points(rng, max(1, top - 6), top - 1)


def _unit_facts(
    rng: random.Random, items: dict[str, list[str]], lists: dict[str, tuple[str, ...]]
) -> dict[str, Any]:
    # Every clause clean first, as a complete evidence file writes it.
    facts: dict[str, Any] = {name: False for name in _FLAGS}
    facts.update({name: 0 for name in _COUNTS})
    facts.update({name: rng.randint(4, 6) for name in _SHORTFALLS})
    facts.update({name: list(choices) for name, choices in lists.items()})
    facts.update({name: str(top) for name, top in _JUDGMENTS})
    # A weak item or two, where most clauses lapse and counts run high (caps bind)...
    lapsed: set[str] = set()
    for item in rng.sample(sorted(items), rng.choice((1, 2))):
        for clause in items[item]:
            if rng.random() < 0.85:
                _lapse(rng, clause, facts, lists, weak=True)
                lapsed.add(clause)
    # ...and lapses scattered over the rest: 10 to 14 non-★ clauses lapse in all.
    rest = [clause for clauses in items.values() for clause in clauses if clause not in lapsed]
    for clause in rng.sample(rest, max(0, rng.randint(MIN_ENTRIES, 14) - len(lapsed))):
        _lapse(rng, clause, facts, lists, weak=False)
    # ★ accidents handled badly: about a third of the units.
    if rng.random() < 0.33:
        for name in rng.sample(_STARRED, rng.randint(1, 2)):
            facts[name] = rng.randint(1, 3)
    facts["major_accidents"] = 1 if rng.random() < 0.02 else 0
    facts["multi_fatality_accidents"] = rng.choice((0, 1, 2)) if rng.random() < 0.06 else 0
    facts["serious_injury_accidents"] = 1 if rng.random() < 0.01 else 0
    # Commendations in about 40% of units, often above the per-award or total cap.
    if rng.random() < 0.4:
        for level in rng.sample(_AWARD_LEVELS, rng.randint(1, 3)):
            count = rng.randint(1, 3)
            facts[f"commendations_{level}"] = [rng.choice(_AWARD_POINTS) for _ in range(count)]
    return facts


def _clauses_by_item() -> dict[str, list[str]]:
    """The non-★ clause facts of each item of the rulebook, in clause order."""
    items: dict[str, list[str]] = {}
    for name, paths in load_rulebook(RULEBOOK_ID).fact_paths.items():
        item = paths[0].rsplit(".", 1)[0]
        if name not in _STARRED and "." in item:
            items.setdefault(item, []).append(name)
    return items


def generate_units(count: int, seed: int = 2021) -> list[dict[str, Any]]:
    """Return *count* unit records ``{"id", "name", "facts"}`` drawn from *seed*.

    >>> [unit["id"] for unit in generate_units(2)]
    ['hard-00001', 'hard-00002']
    """
    rng = random.Random(seed)
    items = _clauses_by_item()
    lists = checklists()
    return [
        {"id": f"hard-{n:05d}", "name": f"示例部门{n}", "facts": _unit_facts(rng, items, lists)}
        for n in range(1, count + 1)
    ]
