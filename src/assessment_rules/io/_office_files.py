"""Reading one evidence file per office and merging them strictly.

Each office scores its own domain (普安委〔2024〕8号 二) and sends one file with its
facts for every unit (see :mod:`._office_check` for the layout).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ..cohorts._offices import OfficeSubmission, merge_office_evidence
from ..engine._errors import Problem
from ..engine._evidence import Evidence
from ..engine._rulebook import Rulebook
from ._evidence_files import FileRead, read_file
from ._grids import EvidenceFileError
from ._input_limits import ProblemLog
from ._office_check import office_problems

__all__ = ["declared_office", "read_office_evidence"]


def declared_office(path: str | Path, *, include_hidden_sheets: bool = False) -> str | None:
    """Return the office an evidence file declares, or ``None``.

    YAML and JSON files declare it with a top-level ``office`` key; CSV and XLSX forms
    with a 报送部门（office） row above the header row. Files that cannot be read or
    parsed declare none here (reading them reports their own problems).

    >>> declared_office("examples/putuo-2024-streets/offices/fire.yaml")
    'fire'
    """
    try:
        return read_file(Path(path), include_hidden_sheets=include_hidden_sheets).office
    except EvidenceFileError:
        return None


def read_office_evidence(
    paths: Iterable[str | Path],
    rulebook: Rulebook,
    *,
    expected_units: Iterable[str] | None = None,
    include_hidden_sheets: bool = False,
) -> list[Evidence]:
    """Read one file per office and merge them, reporting every problem at once.

    Args:
        paths: One file per office, each declaring its office (``office:`` in YAML or
            JSON, a 报送部门（office） row in a CSV or XLSX form).
        rulebook: A rulebook that declares its ``offices``.
        expected_units: Unit ids every office must cover (for example a registry
            category); by default every unit any office sent.
        include_hidden_sheets: Read hidden sheets of workbooks too (by default a
            hidden sheet with values is an error).

    Returns:
        One merged ``Evidence`` per unit, in order of first appearance.

    Raises:
        EvidenceError: Unreadable files, files without ``office:``, unknown offices,
            facts sent by the wrong office, conflicts and missing domains, all at once.
        RulebookError: The rulebook declares no offices.

    >>> from assessment_rules import load_rulebook
    >>> from pathlib import Path
    >>> files = sorted(Path("examples/putuo-2024-streets/offices").glob("*.yaml"))
    >>> merged = read_office_evidence(files, load_rulebook("putuo-2024-streets"))
    >>> len(merged), merged[0].name
    (10, '长寿路街道')
    """
    expected = None if expected_units is None else list(expected_units)
    problems = ProblemLog()
    reads: list[FileRead] = []
    for path in paths:
        try:
            read = read_file(Path(path), rulebook.id, include_hidden_sheets=include_hidden_sheets)
        except EvidenceFileError as error:
            problems.append(Problem("", "", None, str(error)))
            continue
        problems.extend(read.problems, read.more)
        if not read.problems:
            reads.append(read)
    problems.extend(
        office_problems(rulebook, reads, expected_units=expected, conflicts=True, required=True)
    )
    if problems:
        raise problems.error()
    submissions = [
        OfficeSubmission(read.office or "", read.units, read.file.path) for read in reads
    ]
    return merge_office_evidence(rulebook, submissions, expected_units=expected)
