"""Reading evidence files (YAML and JSON) into ``Evidence`` objects.

The format, one file per cohort (or per office)::

    rulebook: wujin-2021-departments     # optional; checked when present
    units:
      - id: dept-a                       # stable id, unique in the cohort
        name: 区示例局                    # display name
        facts:
          meetings_held: 4
          leader_checks: 2

Evidence files are untrusted: they are parsed with safe loaders only, numbers are
kept as exact decimals, and every problem in a file is reported at once.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from .._errors import AssessmentRulesError, EvidenceError, Problem
from .._evidence import Evidence
from ._yaml import load_yaml

__all__ = ["EvidenceFileError", "parse_evidence", "read_evidence", "read_evidence_files"]


class EvidenceFileError(AssessmentRulesError, ValueError):
    """An evidence file cannot be read or does not have the evidence layout."""


def _decode(data: bytes, path: str) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise EvidenceFileError(path, "encoding", None, "must be UTF-8 (or GBK) text")


def parse_evidence(document: Any, source: str, rulebook_id: str | None = None) -> list[Evidence]:
    """Turn a parsed evidence document (mapping with ``units``) into ``Evidence``.

    Raises:
        EvidenceFileError: The layout is wrong (every problem listed).
        EvidenceError: Unit records are malformed (every problem listed).
    """
    if not isinstance(document, dict):
        raise EvidenceFileError(
            source,
            "",
            type(document).__name__,
            "must be a mapping with a 'units' list (see the evidence format in the docs)",
        )
    declared = document.get("rulebook")
    if rulebook_id is not None and declared is not None and declared != rulebook_id:
        raise EvidenceFileError(
            source, "rulebook", declared, f"names another rulebook than {rulebook_id!r}"
        )
    units = document.get("units")
    if not isinstance(units, list):
        raise EvidenceFileError(source, "units", units, "must be a list of units")
    problems: list[Problem] = []
    evidences: list[Evidence] = []
    for position, record in enumerate(units, start=1):
        where = f"{source} unit #{position}"
        if not isinstance(record, dict):
            problems.append(Problem("", "unit", record, "must be a mapping", source=where))
            continue
        unit = record.get("id")
        if not isinstance(unit, str | int) or isinstance(unit, bool) or not str(unit).strip():
            problems.append(Problem("", "id", unit, "must be a non-empty text id", source=where))
            continue
        facts = record.get("facts", {})
        if facts is None:
            facts = {}
        if not isinstance(facts, dict):
            problems.append(Problem(str(unit), "facts", facts, "must be a mapping", source=where))
            continue
        extra = sorted(set(record) - {"id", "name", "facts"})
        for key in extra:
            problems.append(
                Problem(
                    str(unit),
                    str(key),
                    record[key],
                    "is not a unit field (facts go under 'facts')",
                    source=where,
                )
            )
        name = record.get("name", "")
        evidences.append(
            Evidence(
                str(unit),
                {str(k): v for k, v in facts.items()},
                str(name) if name is not None else "",
                source,
            )
        )
    if problems:
        raise EvidenceError(problems)
    return evidences


def read_evidence(path: str | Path, rulebook_id: str | None = None) -> list[Evidence]:
    """Read one YAML or JSON evidence file.

    Args:
        path: The file (``.yaml``, ``.yml`` or ``.json``).
        rulebook_id: When given, a file naming another rulebook is rejected.

    Returns:
        One ``Evidence`` per unit, in file order.

    Raises:
        EvidenceFileError: The file is missing, empty, unparsable or mis-shaped.
        EvidenceError: Unit records are malformed.
    """
    path = Path(path)
    source = str(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise EvidenceFileError(source, "", None, f"cannot be read ({error.strerror})") from None
    text = _decode(data, source)
    if not text.strip():
        raise EvidenceFileError(source, "", None, "is empty")
    suffix = path.suffix.lower()
    try:
        if suffix == ".json":
            document = json.loads(text, parse_float=Decimal)
        elif suffix in (".yaml", ".yml"):
            document = load_yaml(text)
        else:
            raise EvidenceFileError(source, "suffix", path.suffix, "must be .yaml, .yml or .json")
    except json.JSONDecodeError as error:
        raise EvidenceFileError(
            f"{source}:{error.lineno}", "", None, f"is not valid JSON ({error.msg})"
        ) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"{source}:{mark.line + 1}" if mark is not None else source
        problem = getattr(error, "problem", None) or "syntax error"
        raise EvidenceFileError(where, "", None, f"is not valid YAML ({problem})") from None
    return parse_evidence(document, source, rulebook_id)


def read_evidence_files(
    paths: Iterable[str | Path], rulebook_id: str | None = None
) -> list[Evidence]:
    """Read several evidence files and merge units with the same id.

    A fact given by two files for the same unit with different values is a conflict;
    every conflict is reported at once.
    """
    merged: dict[str, Evidence] = {}
    problems: list[Problem] = []
    for path in paths:
        for evidence in read_evidence(path, rulebook_id):
            known = merged.get(evidence.unit)
            if known is None:
                merged[evidence.unit] = evidence
                continue
            facts = dict(known.facts)
            for name, value in evidence.facts.items():
                if name in facts and facts[name] != value:
                    problems.append(
                        Problem(
                            evidence.unit,
                            name,
                            value,
                            f"conflicts with {facts[name]!r} from {known.source}",
                            source=evidence.source,
                        )
                    )
                facts[name] = value
            merged[evidence.unit] = Evidence(
                evidence.unit,
                facts,
                known.name or evidence.name,
                f"{known.source} + {evidence.source}",
            )
    if problems:
        raise EvidenceError(problems)
    return list(merged.values())
