"""What the web page shows, as plain data the templates lay out.

The page reads the same result the API returns: every number and sentence comes from
the scored cohort (ranking, grades, 失分原因, vetoes) or from the explain outline; the
整改清单 is :func:`~assessment_rules.cohorts.to_next_grade`'s: the fewest clauses whose
fixing reaches the next grade band (worked out through caps, ★ clauses, the floor, the
total policy and the vetoes, not by adding lost points), or why none does, then each
lapsed clause with what fixing it alone gives back.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from ..cli._cohort_text import summary_text
from ..cli._outline import rulebook_outline, unit_outline
from ..cli._render import Outline
from ..cohorts._cohort import RankedUnit
from ..cohorts._next_grade import lifted_text, to_next_grade
from ..engine._numbers import fmt
from ..engine._rulebook import Rulebook
from ._catalog import Catalog
from ._service import Scored

__all__ = ["catalog_view", "result_view", "rulebook_view"]


def _tree(outline: Outline) -> dict[str, Any]:
    return {
        "text": outline.text,
        "style": outline.style,
        "children": [_tree(child) for child in outline.children],
    }


def catalog_view(catalog: Catalog) -> list[dict[str, Any]]:
    """One row per rulebook on offer, for the home page."""
    return [
        {
            "id": rulebook_id,
            "title": entry.rulebook.title,
            "year": entry.rulebook.year or "",
            "points": fmt(entry.rulebook.points),
            "origin": "内置" if entry.origin == "bundled" else "本地细则",
        }
        for rulebook_id, entry in catalog.entries.items()
    ]


def rulebook_view(rulebook: Rulebook) -> dict[str, Any]:
    """A rulebook's page: its bands, offices and outline tree."""
    return {
        "id": rulebook.id,
        "title": rulebook.title,
        "year": rulebook.year or "",
        "points": fmt(rulebook.points),
        "document": rulebook.document,
        "grades": [(band.title, fmt(band.minimum)) for band in rulebook.grades],
        "offices": [(office.id, office.label) for office in rulebook.offices],
        "outline": _tree(rulebook_outline(rulebook)),
    }


def _next_grade(rulebook: Rulebook, ranked: RankedUnit) -> dict[str, Any]:
    """The unit's 整改清单: the headline, each lapsed clause (those of the smallest set
    marked), and whether the unit lost nothing at all."""
    result = ranked.result
    plan = to_next_grade(rulebook, result, grade=ranked.grade)
    chosen = set(plan.clauses)
    entries = {entry.path: entry for entry in result.lost}
    fixes = []
    for item in plan.recoverable:
        entry = entries.get(item.path)
        fixes.append(
            {
                "title": item.title,
                "path": item.path,
                "points": fmt(item.recovers),
                "counted": fmt(item.counted),
                "reason": item.reason,
                "source": entry.source if entry is not None else "",
                "starred": "★" if entry is not None and entry.starred else "",
                "chosen": item.path in chosen,
            }
        )
    if plan.target is not None:
        headline = (
            f"距{plan.target}还差{fmt(plan.points_needed)}分：整改下表中标“须整改”的"
            f"{len(plan.clauses)}条即可达到{plan.target}"
            f"（共可补回{fmt(plan.recovered)}分{lifted_text(plan)}）"
        )
    else:
        headline = plan.note
    return {
        "next": headline,
        "next_blocked": plan.blocked,
        "fixes": fixes,
        "clean": not any(entry.raw > 0 for entry in result.lost)
        and plan.blocked not in ("ineligible", "unsupported"),
    }


def _entries(entries: Iterable[Any]) -> list[dict[str, str]]:
    return [
        {
            "title": entry.title,
            "path": entry.path,
            "points": fmt(entry.counted),
            "reason": entry.reason,
            "source": entry.source,
            "starred": "★" if entry.starred else "",
        }
        for entry in entries
    ]


def result_view(scored: Scored) -> dict[str, Any]:
    """The ranking and, for each unit, its reasons, vetoes, 整改清单 and ledger."""
    book, cohort = scored.rulebook, scored.cohort
    rows: list[dict[str, Any]] = []
    units: list[dict[str, Any]] = []
    for index, ranked in enumerate(cohort.units, start=1):
        result = ranked.result
        anchor = f"unit-{index}"
        lost: Sequence[Any] = result.lost
        rows.append(
            {
                "anchor": anchor,
                "rank": ranked.rank_text,
                "id": result.unit,
                "name": result.name or result.unit,
                "total": fmt(result.total),
                "grade": ranked.grade,
                "vetoed": result.vetoed,
                "lost": fmt(result.lost_points),
                "reasons": list(result.reasons),
            }
        )
        units.append(
            {
                "anchor": anchor,
                "id": result.unit,
                "name": result.name or result.unit,
                "rank": ranked.rank_text,
                "total": fmt(result.total),
                "max": fmt(result.max),
                "grade": ranked.grade,
                "grade_note": ranked.grade_note,
                "vetoes": [veto.reason for veto in result.vetoes],
                "lost": _entries(lost),
                "gained": _entries(result.gained),
                **_next_grade(book, ranked),
                "ledger": _tree(unit_outline(result, book, ranked.grade, ranked.grade_note)),
            }
        )
    return {
        "rulebook": {"id": book.id, "title": book.title, "points": fmt(book.points)},
        "files": [f.path for f in scored.files],
        "summary": summary_text(cohort).splitlines(),
        "quota": cohort.quota.note if cohort.quota is not None else "",
        "rows": rows,
        "units": units,
    }
