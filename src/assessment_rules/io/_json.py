"""The JSON result: a versioned contract other district tools read.

Numbers are decimal strings. For every unit, ``max − Σ lost.points + Σ gained.points
== total`` exactly.
"""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal
from typing import Any

from .._cohort import Cohort
from .._results import LedgerEntry, NodeResult, UnitResult
from .._rulebook import Rulebook

__all__ = ["SCHEMA_VERSION", "cohort_to_dict", "dumps", "rulebook_digest", "unit_to_dict"]

SCHEMA_VERSION = "1.0"


def _d(value: Decimal) -> str:
    return format(value, "f")


def rulebook_digest(rulebook: Rulebook) -> str:
    """SHA-256 of the rulebook's code repr: equal rulebooks have equal digests."""
    return hashlib.sha256(repr(rulebook).encode("utf-8")).hexdigest()


def _entry(entry: LedgerEntry) -> dict[str, Any]:
    return {
        "path": entry.path,
        "title": entry.title,
        "points": _d(entry.counted),
        "reason": entry.reason,
        "raw": _d(entry.raw),
        "absorbed": _d(entry.absorbed),
        "occurrences": str(entry.occurrences),
        "rate": _d(entry.rate),
        "starred": entry.starred,
        "detail": list(entry.detail),
        "source": entry.source,
    }


def _node(node: NodeResult) -> dict[str, Any]:
    return {
        "path": node.path,
        "title": node.title,
        "kind": node.kind,
        "max": _d(node.max),
        "score": _d(node.score),
        "lost": _d(node.lost),
        "gained": _d(node.gained),
        "cap": None if node.cap is None else _d(node.cap),
        "absorbed": _d(node.absorbed),
    }


def unit_to_dict(result: UnitResult, rank: int | None = None) -> dict[str, Any]:
    """One unit's JSON object."""
    return {
        "id": result.unit,
        "name": result.name,
        "total": _d(result.total),
        "max": _d(result.max),
        "base": _d(result.base),
        "grade": result.grade,
        "vetoed": result.vetoed,
        "vetoes": [
            {"path": v.path, "title": v.title, "reason": v.reason, "source": v.source}
            for v in result.vetoes
        ],
        "rank": rank,
        "lost": [_entry(e) for e in result.lost],
        "gained": [_entry(e) for e in result.gained],
        "nodes": [_node(n) for n in result.root.walk() if n.path],
    }


def cohort_to_dict(cohort: Cohort, rulebook: Rulebook) -> dict[str, Any]:
    """The whole JSON document for a scored cohort."""
    return {
        "schema": "assessment-rules/result",
        "schema_version": SCHEMA_VERSION,
        "rulebook": {
            "id": rulebook.id,
            "title": rulebook.title,
            "points": _d(rulebook.points),
            "grades": [{"title": g.title, "minimum": _d(g.minimum)} for g in rulebook.grades],
            "digest": rulebook_digest(rulebook),
        },
        "units": [unit_to_dict(r.result, r.rank) for r in cohort.units],
    }


def dumps(document: dict[str, Any]) -> str:
    """Serialise with Chinese kept readable and a stable key order."""
    return json.dumps(document, ensure_ascii=False, indent=2)
