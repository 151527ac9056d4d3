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
scored. The readers find the declared office in the same parse that reads the units
(``FileRead.office``), so this module reads no file itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from ..cohorts._offices import OfficeSubmission, merge_office_evidence
from ..engine._errors import EvidenceError, Problem
from ..engine._rulebook import Rulebook

if TYPE_CHECKING:  # _evidence_files imports this module
    from ._evidence_files import FileRead

__all__ = ["office_problems"]


def office_problems(
    rulebook: Rulebook,
    reads: Sequence[FileRead],
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
        reads: Each file as read (its units and declared office).
        expected_units: Unit ids every office must cover; by default every unit sent.
        conflicts: Whether to report conflicting values too (``load_evidence`` reports
            them itself).
        required: Check even when no file declares an office.

    Returns:
        The problems found, by office, file and unit.
    """
    if not rulebook.offices:
        return []  # without an office split there is nothing to check
    if not (required or any(read.office for read in reads)):
        return []
    problems: list[Problem] = []
    submissions: list[OfficeSubmission] = []
    for read in reads:
        if read.office is None:
            choices = ", ".join(o.id for o in rulebook.offices)
            problems.append(
                Problem(
                    "",
                    "office",
                    None,
                    "is not declared: when offices send their own files, each file says "
                    f"which office sent it (office: one of {choices})",
                    source=read.file.path,
                )
            )
            continue
        submissions.append(OfficeSubmission(read.office, read.units, read.file.path))
    try:
        merge_office_evidence(
            rulebook, submissions, expected_units=expected_units, conflicts=conflicts
        )
    except EvidenceError as error:
        problems.extend(error.problems)
    return problems
