"""Last year's evidence under this year's rules: which facts changed and how units move.

:func:`rescore` scores each unit's evidence under the old and the new rulebook. Facts
the new rulebook no longer reads are dropped (and listed); facts it newly requires
are listed, and a unit can only be scored under the new rules once they are supplied,
either in the evidence or by an explicit assumption (``assume``), never invented.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

import attrs

from ..engine._errors import EvidenceError, Problem
from ..engine._evidence import Evidence
from ..engine._numbers import fmt
from ..engine._rulebook import Rulebook

__all__ = ["Rescore", "UnitShift", "rescore"]


@attrs.frozen
class UnitShift:
    """How one unit's result moves from the old rules to the new ones.

    Attributes:
        unit: The unit's id.
        name: Its display name.
        old_total: The total under the old rules.
        old_grade: The grade under the old rules.
        new_total: The total under the new rules, or ``None`` when the evidence does
            not fit them (see ``problems``).
        new_grade: The grade under the new rules, or ``None``.
        problems: Why the unit cannot be scored under the new rules (missing facts…).
    """

    unit: str
    name: str
    old_total: Decimal
    old_grade: str
    new_total: Decimal | None
    new_grade: str | None
    problems: tuple[Problem, ...] = ()

    @property
    def delta(self) -> Decimal | None:
        """``new_total − old_total``, or ``None`` when the unit cannot be re-scored."""
        return None if self.new_total is None else self.new_total - self.old_total

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready data (numbers as decimal text)."""
        delta = self.delta
        return {
            "unit": self.unit,
            "name": self.name,
            "old_total": format(self.old_total, "f"),
            "old_grade": self.old_grade,
            "new_total": None if self.new_total is None else format(self.new_total, "f"),
            "new_grade": self.new_grade,
            "delta": None if delta is None else format(delta, "f"),
            "problems": [str(p) for p in self.problems],
        }


@attrs.frozen
class Rescore:
    """The re-scoring report.

    Attributes:
        old: The old rulebook's id.
        new: The new rulebook's id.
        facts_unused: Facts the old rulebook read that the new one no longer reads.
        facts_required: Facts the new rulebook reads, without a default, that the old
            one did not: last year's evidence cannot supply them.
        facts_new_optional: New facts with a declared default.
        facts_assumed: Facts supplied by ``assume``, with their values.
        units: One :class:`UnitShift` per unit, in evidence order.
    """

    old: str
    new: str
    facts_unused: tuple[str, ...]
    facts_required: tuple[str, ...]
    facts_new_optional: tuple[str, ...]
    facts_assumed: tuple[tuple[str, object], ...]
    units: tuple[UnitShift, ...]

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready data."""
        return {
            "old": self.old,
            "new": self.new,
            "facts_unused": list(self.facts_unused),
            "facts_required": list(self.facts_required),
            "facts_new_optional": list(self.facts_new_optional),
            "facts_assumed": {name: str(value) for name, value in self.facts_assumed},
            "units": [u.as_dict() for u in self.units],
        }

    def as_text(self) -> str:
        """A plain-text report."""
        lines = [f"Re-scoring {len(self.units)} unit(s) from {self.old} under {self.new}:"]
        lines.append(f"  facts no longer used: {', '.join(self.facts_unused) or 'none'}")
        lines.append(f"  facts newly required: {', '.join(self.facts_required) or 'none'}")
        if self.facts_new_optional:
            lines.append(f"  new facts with a default: {', '.join(self.facts_new_optional)}")
        if self.facts_assumed:
            assumed = ", ".join(f"{n}={v}" for n, v in self.facts_assumed)
            lines.append(f"  assumed: {assumed}")
        for shift in self.units:
            label = shift.name or shift.unit
            old = f"{fmt(shift.old_total)} {shift.old_grade}"
            if shift.new_total is None:
                reasons = "; ".join(p.fact for p in shift.problems)
                lines.append(f"  {shift.unit} {label}: {old} → cannot score ({reasons})")
                continue
            delta = shift.delta or Decimal(0)
            sign = "+" if delta > 0 else ""
            moved = "" if shift.new_grade == shift.old_grade else "  grade changes"
            lines.append(
                f"  {shift.unit} {label}: {old} → {fmt(shift.new_total)} {shift.new_grade}"
                f" ({sign}{fmt(delta)}){moved}"
            )
        return "\n".join(lines) + "\n"

    def as_markdown(self) -> str:
        """A Markdown report: the fact lists and a table of units."""
        rows = [
            f"**不再使用的事实**：{'、'.join(f'`{f}`' for f in self.facts_unused) or '无'}",
            "",
            f"**新增必填事实**：{'、'.join(f'`{f}`' for f in self.facts_required) or '无'}",
            "",
            "| 单位 | 原总分 | 原等次 | 新总分 | 新等次 | 变化 |",
            "| --- | --- | --- | --- | --- | --- |",
        ]
        for s in self.units:
            label = (s.name or s.unit).replace("|", "\\|")
            if s.new_total is None:
                missing = "、".join(p.fact for p in s.problems)
                old = f"{fmt(s.old_total)} | {s.old_grade}"
                rows.append(f"| {label} | {old} | — | — | 无法计分：{missing} |")
                continue
            delta = s.delta or Decimal(0)
            sign = "+" if delta > 0 else ""
            rows.append(
                f"| {label} | {fmt(s.old_total)} | {s.old_grade} | {fmt(s.new_total)} | "
                f"{s.new_grade} | {sign}{fmt(delta)} |"
            )
        return "\n".join(rows) + "\n"


def rescore(
    old: Rulebook,
    new: Rulebook,
    evidences: Iterable[Evidence],
    assume: Mapping[str, object] | None = None,
) -> Rescore:
    """Score last year's evidence under both rulebooks and report how units move.

    Args:
        old: The rulebook the evidence was collected for.
        new: The rulebook to re-score under.
        evidences: The units' evidence for *old*.
        assume: Values for facts the new rulebook needs and the evidence lacks; each
            is used only where a unit's evidence does not give the fact.

    Returns:
        The report. A unit whose evidence does not fit the new rules has
        ``new_total=None`` and the problems listed.

    Raises:
        EvidenceError: The evidence does not fit the *old* rulebook (every problem).

    >>> from assessment_rules import Evidence, load_rulebook

    >>> from assessment_rules.yearly import Set, derive
    >>> old = load_rulebook("wujin-2021-departments")
    >>> new = derive(old, Set("supervision", points="15"), id="same-again")
    >>> rescore(old, new, []).facts_unused
    ()
    """
    assume = dict(assume or {})
    evidences = list(evidences)
    old_values = old.check_all(evidences)
    unused = tuple(name for name in old.facts if name not in new.facts)
    fresh = [name for name in new.facts if name not in old.facts]
    required = tuple(name for name in fresh if new.facts[name].required)
    optional = tuple(name for name in fresh if not new.facts[name].required)
    problems: list[Problem] = []
    for name in assume:
        if name not in new.facts:
            problems.append(
                Problem("", name, assume[name], f"is not a fact of rulebook {new.id!r}")
            )
    if problems:
        raise EvidenceError(problems)
    shifts: list[UnitShift] = []
    for evidence, values in zip(evidences, old_values, strict=True):
        before = old.evaluate_checked(values, evidence.unit, evidence.name)
        facts = {k: v for k, v in evidence.facts.items() if k in new.facts}
        for name, value in assume.items():
            facts.setdefault(name, value)
        moved = Evidence(evidence.unit, facts, evidence.name, evidence.source)
        try:
            after = new.evaluate(moved)
        except EvidenceError as error:
            shifts.append(
                UnitShift(
                    evidence.unit,
                    evidence.name,
                    before.total,
                    before.grade,
                    None,
                    None,
                    error.problems,
                )
            )
            continue
        shifts.append(
            UnitShift(
                evidence.unit, evidence.name, before.total, before.grade, after.total, after.grade
            )
        )
    return Rescore(
        old.id,
        new.id,
        unused,
        required,
        optional,
        tuple(assume.items()),
        tuple(shifts),
    )
