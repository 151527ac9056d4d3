"""Reading evidence files (YAML, JSON, CSV, XLSX) into ``Evidence`` objects.

The YAML/JSON format, one file per cohort (or per office)::

    rulebook: wujin-2021-departments     # optional; checked when present
    units:
      - id: dept-a                       # stable id, unique in the cohort
        name: 区示例局                    # display name
        facts:
          meetings_held: 4
          leader_checks: 2

CSV and XLSX files hold the form ``assessment-rules template`` writes (one column
per unit) or a table with one row per unit; see :mod:`._tabular`. All four give the
same facts for the same values.

Evidence files are untrusted: they are parsed with safe loaders only, numbers are
kept as exact decimals, formulas are refused, and every problem in every file is
reported at once, each naming the file and the line, row or cell.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any, Final

import attrs
import yaml

from ..engine._errors import EvidenceError, Problem, did_you_mean
from ..engine._evidence import Evidence
from ..engine._facts import Fact, FactValueError
from ..engine._rulebook import Rulebook
from ._fact_text import value_text
from ._grids import EvidenceFileError, decode_text, read_csv, read_xlsx
from ._office_check import office_problems
from ._tabular import parse_table
from ._yaml import DecimalSafeLoader, load_yaml, yaml_problem

__all__ = [
    "EVIDENCE_SUFFIXES",
    "EvidenceFile",
    "EvidenceFileError",
    "EvidenceSet",
    "FileRead",
    "load_evidence",
    "parse_evidence",
    "read_evidence",
    "read_evidence_files",
    "read_file",
]

EVIDENCE_SUFFIXES: Final = (".yaml", ".yml", ".json", ".csv", ".xlsx")
INSTRUCTIONS_SHEET: Final = "说明"


def parse_evidence(document: Any, source: str, rulebook_id: str | None = None) -> list[Evidence]:
    """Turn a parsed evidence document (mapping with ``units``) into ``Evidence``.

    Raises:
        EvidenceFileError: The layout is wrong.
        EvidenceError: Unit records are malformed (every problem listed).

    >>> parse_evidence({"units": [{"id": "a", "facts": {"x": 1}}]}, "e.yaml")[0].facts["x"]
    1
    """
    evidences, problems = _parse_document(document, source, rulebook_id)
    if problems:
        raise EvidenceError(problems)
    return evidences


def _parse_document(
    document: Any, source: str, rulebook_id: str | None
) -> tuple[list[Evidence], list[Problem]]:
    if document is None:
        raise EvidenceFileError(source, "", None, "is empty (nothing but comments)")
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
        extra = sorted(str(key) for key in set(record) - {"id", "name", "facts"})
        for key in extra:
            problems.append(
                Problem(
                    str(unit),
                    key,
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
    return evidences, problems


@attrs.frozen
class EvidenceFile:
    """One evidence file as read, for the record a result keeps.

    Attributes:
        path: The path as given.
        sha256: SHA-256 of the file's bytes: the same digest means the same evidence.
        format: ``yaml``, ``json``, ``csv`` or ``xlsx``.
        units: How many units the file gave.
    """

    path: str
    sha256: str
    format: str
    units: int


@attrs.frozen
class FileRead:
    """Everything one evidence file gave, from a single read and parse.

    Attributes:
        units: One ``Evidence`` per unit, in file order.
        cells: ``(unit, fact) → location`` (line, row or cell) of each value.
        problems: Malformed unit records or cells (the file itself was readable).
        file: The file's record (path, digest, format, unit count).
        office: The office the file declares (``office:`` in YAML or JSON, a
            报送部门（office） row in a CSV or XLSX form), or ``None``.
    """

    units: list[Evidence]
    cells: dict[tuple[str, str], str]
    problems: list[Problem]
    file: EvidenceFile
    office: str | None = None


def _format_of(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        return "yaml"
    if suffix in (".json", ".csv", ".xlsx"):
        return suffix[1:]
    raise EvidenceFileError(
        str(path),
        "suffix",
        path.suffix,
        "must be .yaml, .yml, .json, .csv or .xlsx "
        "(save an Excel .xls, .xlsm or WPS .et file as .xlsx)",
    )


def _yaml_lines(text: str) -> list[tuple[int, dict[str, int]]]:
    """For each unit record, its line and each fact's line (1-based)."""
    try:
        root = yaml.compose(text, Loader=DecimalSafeLoader)  # nodes only: nothing is built
    except yaml.YAMLError:
        return []
    found: list[tuple[int, dict[str, int]]] = []
    if not isinstance(root, yaml.MappingNode):
        return found
    for key, value in root.value:
        if key.value != "units" or not isinstance(value, yaml.SequenceNode):
            continue
        for record in value.value:
            lines: dict[str, int] = {}
            if isinstance(record, yaml.MappingNode):
                for field, inner in record.value:
                    if field.value == "facts" and isinstance(inner, yaml.MappingNode):
                        for fact, _ in inner.value:
                            lines[str(fact.value)] = fact.start_mark.line + 1
            found.append((record.start_mark.line + 1, lines))
    return found


def _read_structured(
    text: str, kind: str, source: str, rulebook_id: str | None
) -> tuple[list[Evidence], dict[tuple[str, str], str], list[Problem], str | None]:
    try:
        document = json.loads(text, parse_float=Decimal) if kind == "json" else load_yaml(text)
    except json.JSONDecodeError as error:
        raise EvidenceFileError(
            f"{source}:{error.lineno}", "", None, f"is not valid JSON ({error.msg})"
        ) from None
    except yaml.YAMLError as error:
        where, expectation = yaml_problem(error, source)
        raise EvidenceFileError(where, "", None, expectation) from None
    evidences, problems = _parse_document(document, source, rulebook_id)
    office = document.get("office")  # _parse_document has checked it is a mapping
    cells: dict[tuple[str, str], str] = {}
    if kind == "yaml":
        lines = _yaml_lines(text)
        if len(lines) == len(evidences):
            located = []
            for evidence, (line, facts) in zip(evidences, lines, strict=True):
                for fact, fact_line in facts.items():
                    cells[(evidence.unit, fact)] = f"{source}:{fact_line}"
                located.append(attrs.evolve(evidence, source=f"{source}:{line}"))
            evidences = located
    return evidences, cells, problems, None if office is None else str(office)


def _read_tabular(
    data: bytes, kind: str, source: str, rulebook_id: str | None, facts: Mapping[str, Fact] | None
) -> tuple[list[Evidence], dict[tuple[str, str], str], list[Problem], str | None]:
    if kind == "csv":
        tables = [(source, read_csv(data, source))]
    else:
        tables = [
            (f"{source} sheet {title!r}", rows)
            for title, rows in read_xlsx(data, source)
            if title != INSTRUCTIONS_SHEET
        ]
    evidences: list[Evidence] = []
    cells: dict[tuple[str, str], str] = {}
    problems: list[Problem] = []
    office: str | None = None
    found = False
    for where, rows in tables:
        table = parse_table(rows, where, facts)
        if table.rulebook and rulebook_id and table.rulebook != rulebook_id:
            raise EvidenceFileError(
                where, "考核细则", table.rulebook, f"names another rulebook than {rulebook_id!r}"
            )
        office = office or table.office
        if not table.found:
            if any(cell.text is not None for row in rows for cell in row):
                problems.append(
                    Problem(
                        "",
                        "",
                        None,
                        "has no header row (a row starting with 事实代码, or with 单位代码); "
                        "is this the right sheet or file?",
                        source=where,
                    )
                )
            continue
        found = True
        evidences.extend(table.units)
        cells.update(table.cells)
        problems.extend(table.problems)
    if not found and not problems:
        raise EvidenceFileError(
            source,
            "",
            None,
            "has no evidence table (a header row starting with 事实代码 or 单位代码)",
        )
    return evidences, cells, problems, office


def read_file(
    path: Path, rulebook_id: str | None = None, facts: Mapping[str, Fact] | None = None
) -> FileRead:
    """Read and parse one evidence file once, keeping its problems instead of raising them.

    Args:
        path: The file.
        rulebook_id: When given, a file naming another rulebook is rejected.
        facts: The rulebook's facts, so table headers may be Chinese labels.

    Returns:
        The units, value locations, problems and declared office.

    Raises:
        EvidenceFileError: The file is missing, empty, unparsable or mis-shaped.

    >>> read_file(Path("examples/putuo-2024-streets/offices/fire.yaml")).office
    'fire'
    """
    source = str(path)
    kind = _format_of(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise EvidenceFileError(source, "", None, f"cannot be read ({error.strerror})") from None
    if not data.strip():
        raise EvidenceFileError(source, "", None, "is empty")
    if kind in ("csv", "xlsx"):
        evidences, cells, problems, office = _read_tabular(data, kind, source, rulebook_id, facts)
    else:
        text = decode_text(data, source)
        if not text.strip():
            raise EvidenceFileError(source, "", None, "is empty")
        evidences, cells, problems, office = _read_structured(text, kind, source, rulebook_id)
    digest = hashlib.sha256(data).hexdigest()
    record = EvidenceFile(source, digest, kind, len(evidences))
    return FileRead(evidences, cells, problems, record, office)


def read_evidence(path: str | Path, rulebook_id: str | None = None) -> list[Evidence]:
    """Read one evidence file: YAML, JSON, CSV or XLSX.

    Args:
        path: The file (``.yaml``, ``.yml``, ``.json``, ``.csv`` or ``.xlsx``).
        rulebook_id: When given, a file naming another rulebook is rejected.

    Returns:
        One ``Evidence`` per unit, in file order.

    Raises:
        EvidenceFileError: The file is missing, empty, unparsable or mis-shaped.
        EvidenceError: Unit records or cells are malformed (every problem listed).
    """
    read = read_file(Path(path), rulebook_id)
    if read.problems:
        raise EvidenceError(read.problems)
    return read.units


def _same(fact: Fact | None, left: object, right: object) -> bool:
    if fact is not None:
        try:
            return fact.coerce(left) == fact.coerce(right)
        except FactValueError:
            pass
    return value_text(left) == value_text(right)


@attrs.frozen
class EvidenceSet:
    """The units of several evidence files, merged, with where every value came from.

    Attributes:
        units: One ``Evidence`` per unit id, in the order first seen.
        files: The files read, with their SHA-256 digests.
        cells: ``(unit, fact) → location`` (file and line, row or cell) of each value.
    """

    units: tuple[Evidence, ...]
    files: tuple[EvidenceFile, ...]
    cells: Mapping[tuple[str, str], str] = attrs.field(factory=dict)

    def locate(self, error: EvidenceError) -> EvidenceError:
        """Return *error* with each problem naming the cell or line its value came from."""
        located = []
        for problem in error.problems:
            where = self.cells.get((problem.unit, problem.fact))
            located.append(attrs.evolve(problem, source=where) if where else problem)
        return EvidenceError(located)

    def unit(self, wanted: str) -> Evidence:
        """Return the unit whose id (or display name) is *wanted*.

        Raises:
            EvidenceError: No such unit; the message suggests a close id.
        """
        for evidence in self.units:
            if wanted in (evidence.unit, evidence.name):
                return evidence
        ids = [evidence.unit for evidence in self.units]
        names = [evidence.name for evidence in self.units if evidence.name]
        raise EvidenceError(
            [
                Problem(
                    "",
                    "unit",
                    wanted,
                    "is not a unit in the evidence (units: "
                    + ", ".join(ids[:20])
                    + (", …" if len(ids) > 20 else "")
                    + ")",
                    hint=did_you_mean(wanted, [*ids, *names]),
                )
            ]
        )


def load_evidence(
    paths: Iterable[str | Path], rulebook: Rulebook | str | None = None
) -> EvidenceSet:
    """Read and merge evidence files of any format, reporting every problem at once.

    Units with the same id in several files (for example one file per office) are
    merged fact by fact. A fact given twice with different values is a conflict;
    values are compared as the rulebook reads them, so ``3`` in YAML and ``"3"`` in
    a CSV cell agree.

    Args:
        paths: The evidence files.
        rulebook: The rulebook (lets tables use Chinese labels as headers and checks
            the 考核细则 each file names), its id, or ``None``.

    Returns:
        The merged units with their files and cell locations.

    Raises:
        EvidenceError: Any file is unreadable or malformed, or values conflict; every
            problem of every file is listed.
    """
    rulebook_id = rulebook.id if isinstance(rulebook, Rulebook) else rulebook
    facts = rulebook.facts if isinstance(rulebook, Rulebook) else None
    problems: list[Problem] = []
    cells: dict[tuple[str, str], str] = {}
    merged: dict[str, Evidence] = {}
    names: list[str] = []
    reads: list[FileRead] = []
    for path in paths:
        names.append(str(path))
        try:
            read = read_file(Path(path), rulebook_id, facts)
        except EvidenceFileError as error:
            problems.append(Problem("", "", None, str(error)))
            continue
        problems.extend(read.problems)
        reads.append(read)
        for evidence in read.units:
            given = {k: v for k, v in evidence.facts.items() if v is not None}
            for fact in given:
                where = read.cells.get((evidence.unit, fact))
                if where:
                    cells.setdefault((evidence.unit, fact), where)
            known = merged.get(evidence.unit)
            if known is None:
                merged[evidence.unit] = attrs.evolve(evidence, facts=given)
                continue
            combined = dict(known.facts)
            for name, value in given.items():
                if name in combined and not _same(
                    facts.get(name) if facts else None, combined[name], value
                ):
                    problems.append(
                        Problem(
                            evidence.unit,
                            name,
                            value,
                            f"conflicts with {combined[name]!r} from "
                            f"{cells.get((evidence.unit, name)) or known.source}",
                            source=read.cells.get((evidence.unit, name), evidence.source),
                        )
                    )
                    continue
                combined[name] = value
            merged[evidence.unit] = Evidence(
                evidence.unit,
                combined,
                known.name or evidence.name,
                f"{known.source} + {evidence.source}",
            )
    if isinstance(rulebook, Rulebook):  # files naming their office: check the office split
        problems.extend(office_problems(rulebook, reads))
    if not problems and not merged:
        problems.append(Problem("", "", None, "no units found in " + ", ".join(names)))
    if problems:
        raise EvidenceError(problems)
    return EvidenceSet(tuple(merged.values()), tuple(read.file for read in reads), cells)


def read_evidence_files(
    paths: Iterable[str | Path], rulebook_id: str | None = None
) -> list[Evidence]:
    """Read several evidence files and merge units with the same id.

    A fact given by two files for the same unit with different values is a conflict;
    every conflict is reported at once. See :func:`load_evidence`.
    """
    return list(load_evidence(paths, rulebook_id).units)
