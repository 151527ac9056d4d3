"""The peer: wujin-2021-departments as a GoRules ZEN decision (JDM), and its scorer.

ZEN (``zen-engine`` on PyPI, the ``bench`` extra) is a general-purpose business-rules
engine written in Rust, with exact decimal arithmetic. ``zen_wujin.json`` is the Wujin
score sheet written for it by hand, clause by clause, from the table below (not from
the library's rulebook): four expression nodes, each reading what the one before wrote,

- ``measure``: each clause's points before caps, one array per item (★ clauses apart),
  each award level's awards cut to the level's per-award cap, the vetoes that hold;
- ``caps``: each item's cap (扣完为止) in clause order, ★ clauses escaping it, and
  the bonus cap over the levels in order;
- ``floor``: every clause's amount in sheet order, cut in order at the full score
  when the clauses take more (the total before bonus never goes below 0);
- ``result``: what a unit's result says: total, base, grade, the lost points as
  clause ids with amounts (raw and counted), the bonus per award level, the vetoes.

Regenerate the JSON after changing the table: ``python bench/zen_wujin.py``. The
benchmark times ``ZenDecision.evaluate`` on each unit's validated facts (as JSON
values, decimals as text) and checks that ZEN and the library agree on every unit.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping, Sequence
from decimal import Decimal
from itertools import pairwise
from pathlib import Path
from typing import Any

__all__ = [
    "JDM_PATH",
    "build_jdm",
    "compare",
    "disagreements",
    "library_view",
    "load_decision",
    "to_context",
    "zen_view",
]

JDM_PATH = Path(__file__).with_name("zen_wujin.json")

# (clause id, shape, rate, required count or checklist items, ★), by item with its cap.
# Shapes: flag (rate when true), each (rate × count), shortfall (rate × what is short
# of the required count), missing (rate × checklist items not done), judgment (the
# item's points less the assessor's score).
_ITEMS: tuple[tuple[str, str, tuple[tuple[str, str, str, Any, bool], ...]], ...] = (
    (
        "responsibility",
        "10",
        (
            ("no_support_system", "flag", "1", None, False),
            ("no_responsibility_system", "flag", "2", None, False),
            ("head_not_chair", "flag", "1", None, False),
            ("safety_meetings", "shortfall", "1", 4, False),
            ("no_annual_plan", "flag", "1", None, False),
            ("no_duty_report", "flag", "1", None, False),
            (
                "quarterly_reports",
                "missing",
                "0.5",
                (
                    "一季度月报表",
                    "一季度工作小结",
                    "二季度月报表",
                    "二季度工作小结",
                    "三季度月报表",
                    "三季度工作小结",
                    "四季度月报表",
                    "四季度工作小结",
                ),
                False,
            ),
        ),
    ),
    (
        "committee_duties",
        "10",
        (
            (
                "committee_rules",
                "missing",
                "1",
                ("工作报告制度", "形势分析制度", "督办制度"),
                False,
            ),
            ("lead_unit_lapses", "each", "2", None, False),
            ("member_unit_lapses", "each", "1", None, False),
        ),
    ),
    (
        "enterprise_duty",
        "10",
        (
            ("campaign_below_target", "flag", "2", None, False),
            ("firms_lacking_duty", "each", "1", None, False),
            ("firms_without_director", "each", "0.5", None, False),
        ),
    ),
    (
        "inspections",
        "20",
        (
            ("no_inspection_plan", "flag", "2", None, False),
            ("missing_inspection_records", "each", "1", None, False),
            (
                "campaign_documents",
                "missing",
                "1",
                ("工作方案", "月工作进展情况", "工作总结"),
                False,
            ),
            ("leader_checks", "shortfall", "2", 4, False),
            ("deputy_checks", "shortfall", "1", 4, False),
        ),
    ),
    (
        "training",
        "10",
        (
            ("no_training_plan", "flag", "1", None, False),
            ("no_manager_training", "flag", "2", None, False),
            ("untrained_staff", "each", "1", None, False),
            (
                "campaign_activities",
                "missing",
                "1",
                ("安全生产月", "安全宣传“五进”", "安康杯竞赛"),
                False,
            ),
            ("safety_month_documents", "missing", "1", ("安全生产月方案", "安全生产月总结"), False),
            ("culture_shortfall", "each", "1", None, False),
        ),
    ),
    (
        "special_rectification",
        "10",
        (
            ("no_three_year_plan", "flag", "2", None, False),
            ("campaign_stages", "missing", "1", ("组织领导", "部署", "检查", "总结"), False),
            ("hazards_not_rectified", "flag", "5", None, False),
        ),
    ),
    (
        "emergency",
        "10",
        (
            ("no_emergency_plan", "flag", "2", None, False),
            ("no_drill", "flag", "1", None, False),
            ("late_accident_reports", "each", "2", None, True),
            ("poor_aftermath", "each", "2", None, True),
            ("slow_response", "each", "2", None, True),
            ("stale_resources", "each", "1", None, False),
        ),
    ),
    # Assessor judgments: no cap, the item's points less the score given.
    ("annual_targets", "", (("supervision_score", "judgment", "15", None, False),)),
    ("other_tasks", "", (("other_work_score", "judgment", "5", None, False),)),
)
# 注4: per-award caps by level, 5 in all.
_AWARDS = (("national", "2"), ("provincial", "2"), ("municipal", "2"), ("district", "1.5"))
_BONUS_CAP = "5"
# 注3: (fact, count at which the veto triggers).
_VETOES = (("major_accidents", 1), ("multi_fatality_accidents", 2), ("serious_injury_accidents", 1))
_GRADES = (("优秀", "90"), ("良好", "80"), ("合格", "60"))
_LOWEST = "不合格"
_FULL = "100"


def _raw(clause: str, shape: str, rate: str, extra: Any) -> str:
    """The expression of a clause's points before any cap."""
    if shape == "flag":
        return f"{clause} ? {rate} : 0"
    if shape == "each":
        return f"{clause} * {rate}"
    if shape == "shortfall":
        return f"max([{extra} - {clause}, 0]) * {rate}"
    if shape == "missing":  # validated: the items done are distinct items of the list
        return f"({len(extra)} - len({clause})) * {rate}"
    return f"{rate} - number({clause})"


def _cut(amounts: str, limit: str) -> str:
    """An array's amounts cut in order so that together they stay within *limit*.

    Each amount keeps what the ones before it left (扣完为止):
    ``max(0, min(a[i], limit − Σ a[0..i−1]))``, ZEN's slices including both ends; when
    the amounts stay within the limit (most units) they are kept as they are.
    """
    return (
        f"sum({amounts}) > {limit} ? map([0..{{last}}], max([0, min([{amounts}[#], "
        f"{limit} - (sum({amounts}[0:#]) - {amounts}[#])])])) : {amounts}"
    )


def _nodes() -> list[tuple[str, list[tuple[str, str]]]]:
    """The expression nodes in order, each as ``(name, [(key, expression), …])``.

    Each node reads what the node before it wrote (the first reads the facts). Amounts
    travel as one array per item, so that expressions stay short: ZEN's time grows
    with the length of the expressions' text.
    """
    # 1. Each clause's points before caps, one array per item (★ clauses apart);
    # each level's awards, cut to the level's per-award cap.
    measure: list[tuple[str, str]] = []
    order: list[str] = []  # clause ids in sheet order
    where: list[str] = []  # where each clause's amount is: "item[i]" or "starred[i]"
    starred: list[str] = []
    for item, _, lines in _ITEMS:
        amounts: list[str] = []
        for clause, shape, rate, extra, star in lines:
            order.append(clause)
            if star:
                where.append(f"starred[{len(starred)}]")
                starred.append(_raw(clause, shape, rate, extra))
            else:
                where.append(f"{item}[{len(amounts)}]")
                amounts.append(_raw(clause, shape, rate, extra))
        measure.append((item, f"[{', '.join(amounts)}]"))
    measure.append(("starred", f"[{', '.join(starred)}]"))
    levels = [level for level, _ in _AWARDS]
    awards = ", ".join(
        f"sum(map(filter(map(commendations_{level}, number(#)), # > 0), min([#, {cap}])))"
        for level, cap in _AWARDS
    )
    measure.append(("awards", f"[{awards}]"))
    vetoes = ", ".join(
        f"{{fact: '{fact}', hit: {fact} >= {at_least}}}" for fact, at_least in _VETOES
    )
    measure.append(("vetoes", f"map(filter([{vetoes}], #.hit), #.fact)"))
    # 2. Item caps (★ clauses escape them); the bonus cap over the levels in order.
    caps: list[tuple[str, str]] = []
    for item, cap, lines in _ITEMS:
        last = sum(1 for *_, star in lines if not star) - 1
        cut = _cut(item, cap).format(last=last) if cap else item
        caps.append((item, cut))
    # The raw points before caps, in sheet order (item arrays and ★ ones interleaved).
    capped = [item for item, cap, _ in _ITEMS if cap]
    raw = [w.replace("[", "_raw[", 1) if w.split("[")[0] in capped else w for w in where]
    caps.extend((f"{item}_raw", item) for item in capped)
    caps.append(("starred", "starred"))
    caps.append(("awards", "awards"))
    caps.append(("bonus", _cut("awards", _BONUS_CAP).format(last=len(levels) - 1)))
    caps.append(("vetoes", "vetoes"))
    # 3. Every clause's amounts in sheet order; the total before bonus never goes below
    # 0, so when the clauses take more than the full score they are cut in order at
    # it, ★ ones too.
    last = len(order) - 1
    floor = [
        ("clauses", f"[{', '.join(repr(clause) for clause in order)}]"),
        ("raw", f"[{', '.join(raw)}]"),
        ("amounts", f"[{', '.join(where)}]"),
        ("counted", _cut("$.amounts", _FULL).format(last=last)),
        ("base", f"{_FULL} - sum($.counted)"),
        ("total", "$.base + sum(bonus)"),
        ("awards", "awards"),
        ("bonus", "bonus"),
        ("vetoes", "vetoes"),
    ]
    # 4. The result: total, base, grade, lost points as clause ids with their amounts,
    # the bonus per award level, the vetoes.
    grade = f"'{_LOWEST}'"
    for title, minimum in reversed(_GRADES):
        grade = f"total >= {minimum} ? '{title}' : {grade}"
    result = [
        ("total", "string(total)"),
        ("base", "string(base)"),
        ("grade", f"len(vetoes) > 0 ? '{_LOWEST}' : ({grade})"),
        ("vetoes", "vetoes"),
        (
            "lost",
            f"map(filter([0..{last}], raw[#] > 0), {{clause: clauses[#], "
            "raw: string(raw[#]), points: string(counted[#])})",
        ),
        (
            "gained",
            f"map(filter([0..{len(levels) - 1}], awards[#] > 0), "
            f"{{level: [{', '.join(repr(level) for level in levels)}][#], "
            "points: string(bonus[#])})",
        ),
    ]
    return [("measure", measure), ("caps", caps), ("floor", floor), ("result", result)]


def _node(node_id: str, name: str, x: int, expressions: list[tuple[str, str]]) -> dict[str, Any]:
    return {
        "id": node_id,
        "type": "expressionNode",
        "name": name,
        "position": {"x": x, "y": 0},
        "content": {
            "expressions": [
                {"id": f"{node_id}-{n}", "key": key, "value": value}
                for n, (key, value) in enumerate(expressions, start=1)
            ]
        },
    }


def build_jdm() -> dict[str, Any]:
    """The JDM document: facts → measure → caps → result → output."""
    nodes = [{"id": "input", "type": "inputNode", "name": "facts", "position": {"x": 0, "y": 0}}]
    for n, (name, expressions) in enumerate(_nodes(), start=1):
        nodes.append(_node(name, name, 250 * n, expressions))
    nodes.append(
        {"id": "output", "type": "outputNode", "name": "result", "position": {"x": 1250, "y": 0}}
    )
    edges = [
        {"id": f"e{n}", "sourceId": a["id"], "targetId": b["id"], "type": "edge"}
        for n, (a, b) in enumerate(pairwise(nodes), start=1)
    ]
    return {"contentType": "application/vnd.gorules.decision", "nodes": nodes, "edges": edges}


def load_decision() -> Any:
    """The compiled ZEN decision read from ``zen_wujin.json`` (needs ``zen-engine``)."""
    import zen  # noqa: PLC0415 (optional: the bench extra)

    return zen.ZenEngine().create_decision(JDM_PATH.read_text(encoding="utf-8"))


def to_context(values: Mapping[str, Any]) -> dict[str, Any]:
    """A unit's validated fact values as JSON values: tuples as lists, decimals as text."""
    context: dict[str, Any] = {}
    for name, value in values.items():
        if isinstance(value, Decimal):
            context[name] = str(value)
        elif isinstance(value, tuple):
            context[name] = [str(v) if isinstance(v, Decimal) else v for v in value]
        else:
            context[name] = value
    return context


def library_view(result: Any) -> tuple[Any, ...]:
    """What ZEN's result says, read from a library result (all exact, all tuples)."""
    lost = tuple((e.path.rsplit(".", 1)[1], e.raw, e.counted) for e in result.lost)
    gained: dict[str, Decimal] = {}
    for e in result.gained:
        level = e.path.rsplit(".", 1)[1]
        gained[level] = gained.get(level, Decimal(0)) + e.counted
    vetoes = tuple(v.path.rsplit(".", 1)[1] for v in result.vetoes)
    return result.total, result.base, result.grade, lost, tuple(gained.items()), vetoes


def zen_view(output: Mapping[str, Any]) -> tuple[Any, ...]:
    """A ZEN result in the form of :func:`library_view` (amounts read as decimals)."""
    lost = tuple((e["clause"], Decimal(e["raw"]), Decimal(e["points"])) for e in output["lost"])
    gained = tuple((e["level"], Decimal(e["points"])) for e in output["gained"])
    total, base = Decimal(output["total"]), Decimal(output["base"])
    return total, base, output["grade"], lost, gained, tuple(output["vetoes"])


def compare(units: Sequence[str], library: Sequence[Any], zen: Sequence[Any]) -> list[str]:
    """Describe every unit whose views differ (empty when the two scorers agree).

    Decimals compare by value: ZEN writes ``1.0`` where the library keeps ``1``.
    """
    if not len(units) == len(library) == len(zen):
        return [f"{len(library)} library results but {len(zen)} ZEN ones"]
    problems = []
    names = ("total", "base", "grade", "lost", "gained", "vetoes")
    for unit, mine, theirs in zip(units, library, zen, strict=True):
        for name, a, b in zip(names, mine, theirs, strict=True):
            if a != b:
                problems.append(f"{unit}: {name}: library {a!r} ≠ ZEN {b!r}")
    return problems


def disagreements(library: Sequence[Any], outputs: Sequence[Mapping[str, Any]]) -> list[str]:
    """Describe every unit on which the library and ZEN differ (empty when they agree).

    Compared: total, base, grade, every lost clause with its raw and counted points,
    the bonus per award level and the vetoes.
    """
    return compare(
        [result.unit for result in library],
        [library_view(result) for result in library],
        [zen_view(output) for output in outputs],
    )


def main() -> int:
    """Write ``zen_wujin.json`` from the clause table."""
    text = json.dumps(build_jdm(), ensure_ascii=False, indent=2) + "\n"
    JDM_PATH.write_text(text, encoding="utf-8")
    count = sum(len(expressions) for _, expressions in _nodes())
    print(f"wrote {JDM_PATH} ({count} expressions)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
