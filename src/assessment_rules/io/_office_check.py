"""Checking evidence files sent by offices against the rulebook's office split.

An office file says which office sent it with ``office: <id>`` at the top (YAML or
JSON)::

    rulebook: putuo-2024-streets
    office: fire                 # an Office id declared by the rulebook
    units:
      - id: changshoulu
        name: 长寿路街道
        facts:
          fire_duty: 9

A CSV or XLSX form says it with a row above its header (``assessment-rules template
--office`` writes it)::

    考核细则,putuo-2024-streets,…
    报送部门（office）,fire,区消防救援局（消防）
    事实代码,填报项目,…,changshoulu,…

``load_evidence`` runs :func:`office_problems` on what it read, so scoring one file per
office reports facts sent by the wrong office and missing domains before anything is
scored. This module reads nothing but the ``office`` key (or row), so the file readers
can use it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any, Final

import yaml

from .._errors import EvidenceError, Problem
from .._evidence import Evidence
from .._offices import OfficeSubmission, merge_office_evidence
from .._rulebook import Rulebook
from ._grids import EvidenceFileError, decode_text, read_csv, read_xlsx
from ._tabular import table_office
from ._yaml import load_yaml

__all__ = ["declared_office", "office_problems"]

# A cheap look before parsing: most cohort files have no top-level ``office`` key.
_YAML_KEY: Final = re.compile(r"(?m)^office\s*:")
_JSON_KEY: Final = re.compile(r'"office"\s*:')
_INSTRUCTIONS_SHEET: Final = "说明"  # the template's help sheet, never evidence


def _tabular_office(path: Path, suffix: str) -> str | None:
    try:
        data = path.read_bytes()
        if suffix == ".csv":
            return table_office(read_csv(data, str(path)))
        for title, rows in read_xlsx(data, str(path)):
            office = None if title == _INSTRUCTIONS_SHEET else table_office(rows)
            if office is not None:
                return office
    except (OSError, EvidenceFileError):
        pass
    return None


def declared_office(path: str | Path) -> str | None:
    """Return the office an evidence file declares, or ``None``.

    YAML and JSON files declare it with a top-level ``office`` key; CSV and XLSX forms
    with a 报送部门（office） row above the header row. Files that cannot be read or
    parsed declare none here (reading them reports their own problems).

    >>> declared_office("examples/putuo-2024-streets/offices/fire.yaml")
    'fire'
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".csv", ".xlsx"):
        return _tabular_office(path, suffix)
    if suffix not in (".yaml", ".yml", ".json"):
        return None
    try:
        text = decode_text(path.read_bytes(), str(path))
    except (OSError, EvidenceFileError):
        return None
    pattern = _JSON_KEY if suffix == ".json" else _YAML_KEY
    if not pattern.search(text):
        return None
    try:
        document: Any = (
            json.loads(text, parse_float=Decimal) if suffix == ".json" else load_yaml(text)
        )
    except (json.JSONDecodeError, yaml.YAMLError):
        return None
    office = document.get("office") if isinstance(document, dict) else None
    return str(office) if office is not None else None


def office_problems(
    rulebook: Rulebook,
    reads: Sequence[tuple[str | Path, Sequence[Evidence]]],
    *,
    expected_units: Iterable[str] | None = None,
    conflicts: bool = False,
    required: bool = False,
) -> list[Problem]:
    """Check what each file gave against the rulebook's office split.

    Nothing is checked unless the rulebook declares offices and at least one file
    declares ``office:`` (or *required* is set). Then every file must name an office,
    every fact must come from the office that owns it, and every office must send
    something for every unit.

    Args:
        rulebook: The rulebook.
        reads: Each file with the units read from it.
        expected_units: Unit ids every office must cover; by default every unit sent.
        conflicts: Whether to report conflicting values too (``load_evidence`` reports
            them itself).
        required: Check even when no file declares an office.

    Returns:
        The problems found, by office, file and unit.
    """
    if not rulebook.offices:
        return []  # without an office split there is nothing to check, or to read again
    offices = [declared_office(path) for path, _ in reads]
    if not (required or any(offices)):
        return []
    problems: list[Problem] = []
    submissions: list[OfficeSubmission] = []
    for (path, evidences), office in zip(reads, offices, strict=True):
        if office is None:
            choices = ", ".join(o.id for o in rulebook.offices)
            problems.append(
                Problem(
                    "",
                    "office",
                    None,
                    "is not declared: when offices send their own files, each file says "
                    f"which office sent it (office: one of {choices})",
                    source=str(path),
                )
            )
            continue
        submissions.append(OfficeSubmission(office, evidences, str(path)))
    try:
        merge_office_evidence(
            rulebook, submissions, expected_units=expected_units, conflicts=conflicts
        )
    except EvidenceError as error:
        problems.extend(error.problems)
    return problems
