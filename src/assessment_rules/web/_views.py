"""What the web page shows, as plain data the templates lay out.

The page reads the same result the API returns: every number and sentence comes from
the scored cohort (ranking, grades, 失分原因, vetoes) or from the explain outline; the
整改清单 lists each clause a unit lost points on, most points first, with how far the
unit is from the next grade band.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from ..cli._cohort_text import summary_text
from ..cli._outline import rulebook_outline, unit_outline
from ..cli._render import Outline
from ..engine._numbers import fmt
from ..engine._results import UnitResult
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


def _next_band(rulebook: Rulebook, result: UnitResult, grade: str) -> str:
    if result.vetoed:
        return "一票否决：扣分整改不能改变等次，须消除否决事项"
    titles = [band.title for band in rulebook.grades]
    if grade not in titles or titles.index(grade) == 0:
        return ""
    above = rulebook.grades[titles.index(grade) - 1]
    needed = above.minimum - result.total
    if needed <= 0:  # held back by the 优秀 quota, not by points
        return f"分数已达{above.title}线，等次受优秀比例限制"
    return f"距{above.title}（{fmt(above.minimum)}分）还差{fmt(needed)}分"


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
        fixes = sorted(lost, key=lambda entry: (-entry.counted, entry.path))
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
                "fixes": _entries(entry for entry in fixes if entry.counted > Decimal(0)),
                "recoverable": fmt(sum((e.counted for e in lost), Decimal(0))),
                "next": _next_band(book, result, ranked.grade),
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
