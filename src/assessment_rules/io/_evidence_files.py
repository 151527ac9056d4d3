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
reported at once, each naming the file and the line, row or cell. A unit id given
twice in one file (two YAML/JSON records, two columns or rows, two sheets of one
workbook) is an error naming both places; units with the same id in *different*
files are merged fact by fact (one file per office). The limits every reader keeps
are in :mod:`._input_limits`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from itertools import repeat
from operator import is_
from pathlib import Path
from typing import Any, Final

import attrs

from .._i18n import gettext as _
from .._i18n import same_language
from ..engine._errors import EvidenceError, Problem, did_you_mean
from ..engine._evidence import Evidence
from ..engine._facts import Fact, FactValueError
from ..engine._rulebook import Rulebook
from ._fact_text import value_text
from ._grids import EvidenceFileError, Sheet, decode_text, read_csv, read_workbook
from ._input_limits import MAX_PROBLEMS, ProblemLog, evidence_error, read_input
from ._json_input import JsonInputError, load_json
from ._office_check import office_problems
from ._tabular import parse_table
from ._yaml import YamlDocument, YamlError, parse_yaml

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
_UNIT_FIELDS: Final = frozenset({"id", "name", "facts"})
_NONES: Final = repeat(None)  # compared with a unit's values by identity, in C


def parse_evidence(document: Any, source: str, rulebook_id: str | None = None) -> list[Evidence]:
    """Turn a parsed evidence document (mapping with ``units``) into ``Evidence``.

    Raises:
        EvidenceFileError: The layout is wrong.
        EvidenceError: Unit records are malformed (every problem listed).

    >>> parse_evidence({"units": [{"id": "a", "facts": {"x": 1}}]}, "e.yaml")[0].facts["x"]
    1
    """
    evidences, problems, _names = _parse_document(document, source, rulebook_id)
    if problems:
        raise problems.error()
    return evidences


class _YamlCells(Mapping[tuple[str, str], str]):
    """``(unit, fact) → "file:line"`` for a YAML file, worked out when asked.

    A 59,000-unit file has millions of values; their lines stay in the parse's compact
    arrays instead of millions of location strings.
    """

    def __init__(self, document: YamlDocument, facts: dict[str, Mapping[Any, Any]]) -> None:
        self._document = document
        self._facts = facts  # unit → its facts mapping as parsed (the first record wins)

    def __getitem__(self, key: tuple[str, str]) -> str:
        unit, fact = key
        facts = self._facts.get(unit)
        if facts is None or facts.get(fact) is None:
            raise KeyError(key)
        line = self._document.key_lines(facts).get(fact)
        if line is None:
            raise KeyError(key)
        return f"{self._document.source}:{line}"

    def __iter__(self) -> Iterator[tuple[str, str]]:
        for unit, facts in self._facts.items():
            for fact, value in facts.items():
                if value is not None:
                    yield unit, str(fact)

    def __len__(self) -> int:
        return sum(1 for _ in self)


class _FirstOf(Mapping[tuple[str, str], str]):
    """The locations of several files' values: the first file that has a key wins."""

    def __init__(self, maps: Sequence[Mapping[tuple[str, str], str]]) -> None:
        self._maps = tuple(maps)

    def __getitem__(self, key: tuple[str, str]) -> str:
        for found in self._maps:
            where = found.get(key)
            if where is not None:
                return where
        raise KeyError(key)

    def __iter__(self) -> Iterator[tuple[str, str]]:
        seen: set[tuple[str, str]] = set()
        for found in self._maps:
            for key in found:
                if key not in seen:
                    seen.add(key)
                    yield key

    def __len__(self) -> int:
        return sum(1 for _ in self)


def _parse_document(
    document: Any,
    source: str,
    rulebook_id: str | None,
    located: YamlDocument | None = None,
    *,
    string_keys: bool = False,
) -> tuple[list[Evidence], ProblemLog, dict[str, Mapping[Any, Any]]]:
    """The units of a parsed document, in one pass over its records.

    *string_keys* says every mapping key is text already (a JSON document), so fact
    names need no ``str``.
    """
    if document is None:
        raise EvidenceFileError(source, "", None, _("is empty (nothing but comments)"))
    if not isinstance(document, dict):
        raise EvidenceFileError(
            source,
            "",
            type(document).__name__,
            _("must be a mapping with a 'units' list (see the evidence format in the docs)"),
        )
    declared = document.get("rulebook")
    if rulebook_id is not None and declared is not None and declared != rulebook_id:
        raise EvidenceFileError(
            source,
            "rulebook",
            declared,
            _("names another rulebook than {rulebook!r}").format(rulebook=rulebook_id),
        )
    units = document.get("units")
    if not isinstance(units, list):
        raise EvidenceFileError(source, "units", units, _("must be a list of units"))
    problems = ProblemLog()
    evidences: list[Evidence] = []
    # unit id → (position, line) of its first record; a place is written out only for
    # a problem (a JSON file's units are named by position, in the current language).
    seen: dict[str, tuple[int, int | None]] = {}
    fact_maps: dict[str, Mapping[Any, Any]] = {}
    numbered = _("{source} unit #{position}")

    def place(position: int, line: int | None) -> str:
        if line is not None:
            return f"{source}:{line}"
        return numbered.format(source=source, position=position)

    for position, record in enumerate(units, start=1):
        line = located.line(record) if located is not None else None
        if not isinstance(record, dict):
            problems.append(
                Problem("", "unit", record, _("must be a mapping"), source=place(position, line))
            )
            continue
        unit = record.get("id")
        if type(unit) is str and unit.strip():
            key = unit
        elif not isinstance(unit, str | int) or isinstance(unit, bool) or not str(unit).strip():
            problems.append(
                Problem(
                    "",
                    "id",
                    unit,
                    _("must be a non-empty text id"),
                    source=place(position, line),
                )
            )
            continue
        else:
            key = str(unit)
        first = seen.get(key)
        if first is not None:
            where = place(position, line)
            problems.append(
                Problem(
                    key,
                    "id",
                    unit,
                    _(
                        "is given twice in this file ({first} and {second}); "
                        "each unit appears once in a file"
                    ).format(first=place(*first), second=where),
                    source=where,
                )
            )
            continue
        seen[key] = (position, line)
        facts = record.get("facts", {})
        if facts is None:
            facts = {}
        if not isinstance(facts, dict):
            problems.append(
                Problem(key, "facts", facts, _("must be a mapping"), source=place(position, line))
            )
            continue
        if not record.keys() <= _UNIT_FIELDS:
            for extra in sorted(str(field) for field in set(record) - _UNIT_FIELDS):
                problems.append(
                    Problem(
                        key,
                        extra,
                        record[extra],
                        _("is not a unit field (facts go under 'facts')"),
                        source=place(position, line),
                    )
                )
        name = record.get("name", "")
        if isinstance(name, bool | dict | list):
            problems.append(
                Problem(
                    key,
                    "name",
                    name,
                    _("must be text (put a name such as NO or 是 in quotes)"),
                    source=place(position, line),
                )
            )
            continue
        fact_maps[key] = facts
        evidences.append(
            Evidence(
                key,
                # Evidence copies the mapping; JSON keys are text already.
                facts if string_keys else {str(k): v for k, v in facts.items()},
                str(name) if name is not None else "",
                source if line is None else f"{source}:{line}",
            )
        )
    return evidences, problems, fact_maps


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
        problems: Malformed unit records or cells (the file itself was readable); at
            most ``MAX_PROBLEMS`` of them.
        file: The file's record (path, digest, format, unit count).
        office: The office the file declares (``office:`` in YAML or JSON, a
            报送部门（office） row in a CSV or XLSX form), or ``None``.
        more: Problems found beyond those listed in *problems*.
        blanks: ``(unit, fact) → cell`` where a value left out belongs (CSV and
            XLSX tables; empty for YAML and JSON, whose units' lines say it).
    """

    units: list[Evidence]
    cells: Mapping[tuple[str, str], str]
    problems: list[Problem]
    file: EvidenceFile
    office: str | None = None
    more: int = 0
    blanks: Mapping[tuple[str, str], str] = attrs.field(factory=dict)


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
        _(
            "must be .yaml, .yml, .json, .csv or .xlsx "
            "(save an Excel .xls, .xlsm or WPS .et file as .xlsx)"
        ),
    )


def _read_structured(
    text: str, kind: str, source: str, rulebook_id: str | None
) -> tuple[list[Evidence], Mapping[tuple[str, str], str], ProblemLog, str | None]:
    located: YamlDocument | None = None
    problems = ProblemLog()
    try:
        if kind == "json":
            document = load_json(text)
        else:
            located = parse_yaml(text, source)
            document = located.value
    except json.JSONDecodeError as error:
        problems.append(
            Problem(
                "",
                "",
                None,
                _("is not valid JSON ({reason})").format(reason=error.msg),
                source=f"{source}:{error.lineno}",
            )
        )
        return [], {}, problems, None
    except (JsonInputError, YamlError) as error:
        # Every problem of the file on its own line, each with its own line number.
        for line, sentence in error.problems:
            where = source if line is None else f"{source}:{line}"
            problems.append(Problem("", "", None, sentence, source=where))
        problems.extend((), error.more)
        return [], {}, problems, None
    evidences, problems, fact_maps = _parse_document(
        document, source, rulebook_id, located, string_keys=kind == "json"
    )
    office = document.get("office")  # _parse_document has checked it is a mapping
    cells: Mapping[tuple[str, str], str] = (
        _YamlCells(located, fact_maps) if located is not None else {}
    )
    return evidences, cells, problems, None if office is None else str(office)


def _read_tabular(  # noqa: PLR0917 - one private call site
    data: bytes,
    kind: str,
    source: str,
    rulebook_id: str | None,
    facts: Mapping[str, Fact] | None,
    include_hidden_sheets: bool,
) -> tuple[
    list[Evidence],
    dict[tuple[str, str], str],
    ProblemLog,
    str | None,
    Mapping[tuple[str, str], str],
]:
    tables: list[tuple[str, Sheet]]
    if kind == "csv":
        tables = [(source, Sheet(source, read_csv(data, source)))]
    else:
        tables = [
            (_("{source} sheet {sheet!r}").format(source=source, sheet=sheet.title), sheet)
            for sheet in read_workbook(
                data, source, include_hidden_sheets=include_hidden_sheets, skip={INSTRUCTIONS_SHEET}
            )
        ]
    evidences: list[Evidence] = []
    cells: dict[tuple[str, str], str] = {}
    problems = ProblemLog()
    office: str | None = None
    found = False
    seen: dict[str, str] = {}
    blanks: list[Mapping[tuple[str, str], str]] = []
    for where, sheet in tables:
        rows = sheet.rows
        table = parse_table(
            rows,
            where,
            facts,
            merged=sheet.merged,
            hidden_rows=frozenset(sheet.hidden_rows),
            hidden_columns=frozenset(sheet.hidden_columns),
        )
        if table.rulebook and rulebook_id and table.rulebook != rulebook_id:
            raise EvidenceFileError(
                where,
                "考核细则",
                table.rulebook,
                _("names another rulebook than {rulebook!r}").format(rulebook=rulebook_id),
            )
        office = office or table.office
        if not table.found:
            if any(cell.text is not None for row in rows for cell in row):
                problems.append(
                    Problem(
                        "",
                        "",
                        None,
                        _(
                            "has no header row (a row starting with 事实代码, or with 单位代码); "
                            "is this the right sheet or file?"
                        ),
                        source=where,
                    )
                )
            continue
        found = True
        for evidence in table.units:
            first = seen.get(evidence.unit)
            if first is not None:
                problems.append(
                    Problem(
                        evidence.unit,
                        "id",
                        evidence.unit,
                        _(
                            "is given twice in this file ({first} and {second}); "
                            "each unit appears once in a file"
                        ).format(first=first, second=evidence.source),
                        source=evidence.source,
                    )
                )
                continue
            seen[evidence.unit] = evidence.source
            evidences.append(evidence)
        cells.update(table.cells)
        blanks.append(table.blanks)
        problems.extend(table.problems, table.more)
    if not found and not problems:
        raise EvidenceFileError(
            source,
            "",
            None,
            _("has no evidence table (a header row starting with 事实代码 or 单位代码)"),
        )
    return evidences, cells, problems, office, _FirstOf(blanks)


def read_file(
    path: Path,
    rulebook_id: str | None = None,
    facts: Mapping[str, Fact] | None = None,
    *,
    include_hidden_sheets: bool = False,
) -> FileRead:
    """Read and parse one evidence file once, keeping its problems instead of raising them.

    Args:
        path: The file.
        rulebook_id: When given, a file naming another rulebook is rejected.
        facts: The rulebook's facts, so table headers may be Chinese labels.
        include_hidden_sheets: Read the hidden sheets of a workbook too; by default a
            hidden sheet that holds values is an error (its values are easily stale).

    Returns:
        The units, value locations, problems and declared office.

    Raises:
        EvidenceFileError: The file is missing, empty, too large, not a regular file,
            not readable in its format (encoding, zip, CSV quoting or row widths) or
            mis-shaped. Problems inside a YAML or JSON text (syntax, duplicate keys,
            ambiguous or huge numbers, limits) are returned as ``problems``, each with
            its line.

    >>> read_file(Path("examples/putuo-2024-streets/offices/fire.yaml")).office
    'fire'
    """
    source = str(path)
    kind = _format_of(path)
    data = read_input(path, lambda reason: EvidenceFileError(source, "", None, reason))
    if not data.strip():
        raise EvidenceFileError(source, "", None, _("is empty"))
    cells: Mapping[tuple[str, str], str]
    blanks: Mapping[tuple[str, str], str] = {}
    if kind in ("csv", "xlsx"):
        evidences, cells, problems, office, blanks = _read_tabular(
            data, kind, source, rulebook_id, facts, include_hidden_sheets
        )
    else:
        text = decode_text(data, source)
        if not text.strip():
            raise EvidenceFileError(source, "", None, _("is empty"))
        evidences, cells, problems, office = _read_structured(text, kind, source, rulebook_id)
    digest = hashlib.sha256(data).hexdigest()
    record = EvidenceFile(source, digest, kind, len(evidences))
    return FileRead(evidences, cells, problems.kept, record, office, problems.more, blanks)


def read_evidence(
    path: str | Path, rulebook_id: str | None = None, *, include_hidden_sheets: bool = False
) -> list[Evidence]:
    """Read one evidence file: YAML, JSON, CSV or XLSX.

    Args:
        path: The file (``.yaml``, ``.yml``, ``.json``, ``.csv`` or ``.xlsx``).
        rulebook_id: When given, a file naming another rulebook is rejected.
        include_hidden_sheets: Read hidden sheets of a workbook too (see
            :func:`read_file`).

    Returns:
        One ``Evidence`` per unit, in file order.

    Raises:
        EvidenceFileError: The file is missing, empty, unparsable or mis-shaped.
        EvidenceError: Unit records or cells are malformed (every problem listed).
    """
    read = read_file(Path(path), rulebook_id, include_hidden_sheets=include_hidden_sheets)
    if read.problems:
        raise evidence_error(read.problems, len(read.problems) + read.more)
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
        blanks: ``(unit, fact) → cell`` where a value left out of a CSV or XLSX table
            belongs: the fact's row and the unit's column (or the unit's row and the
            fact's column).
    """

    units: tuple[Evidence, ...]
    files: tuple[EvidenceFile, ...]
    cells: Mapping[tuple[str, str], str] = attrs.field(factory=dict)
    blanks: Mapping[tuple[str, str], str] = attrs.field(factory=dict)

    def where(self, unit: str, fact: str) -> str | None:
        """The cell or line of *unit*'s value of *fact*, or of the blank cell where it
        belongs, or ``None``."""
        key = (unit, fact)
        return self.cells.get(key) or self.blanks.get(key)

    def locate(self, error: EvidenceError) -> EvidenceError:
        """Return *error* with each problem naming the cell or line its value came from.

        A value left out is named at the cell where it belongs (the fact's row and the
        unit's column of a form), not at the unit's header. At most ``MAX_PROBLEMS``
        problems are listed; the rest are counted.
        """
        located = []
        for problem in error.problems[:MAX_PROBLEMS]:
            where = self.where(problem.unit, problem.fact)
            located.append(attrs.evolve(problem, source=where) if where else problem)
        return EvidenceError(located, error.more + len(error.problems) - len(located))

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
                    _("is not a unit in the evidence (units: {units})").format(
                        units=_(", ").join(ids[:20]) + (_(", ") + "…" if len(ids) > 20 else "")
                    ),
                    hint=did_you_mean(wanted, [*ids, *names]),
                )
            ]
        )


def load_evidence(
    paths: Iterable[str | Path],
    rulebook: Rulebook | str | None = None,
    *,
    include_hidden_sheets: bool = False,
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
        include_hidden_sheets: Read hidden sheets of workbooks too (see
            :func:`read_file`).

    Returns:
        The merged units with their files and cell locations.

    Raises:
        EvidenceError: Any file is unreadable or malformed, or values conflict; every
            problem of every file is listed (at most ``MAX_PROBLEMS``, the rest
            counted).
    """
    # Messages are made per unit and per value: the language is looked up once.
    with same_language():
        return _load_evidence(paths, rulebook, include_hidden_sheets)


def _load_evidence(
    paths: Iterable[str | Path], rulebook: Rulebook | str | None, include_hidden_sheets: bool
) -> EvidenceSet:
    rulebook_id = rulebook.id if isinstance(rulebook, Rulebook) else rulebook
    facts = rulebook.facts if isinstance(rulebook, Rulebook) else None
    problems = ProblemLog()
    merged: dict[str, Evidence] = {}
    names: list[str] = []
    reads: list[FileRead] = []
    unreadable = False  # a file that could not be read at all leaves its facts out
    for path in paths:
        names.append(str(path))
        try:
            read = read_file(
                Path(path), rulebook_id, facts, include_hidden_sheets=include_hidden_sheets
            )
        except EvidenceFileError as error:
            problems.append(Problem("", "", None, str(error)))
            unreadable = True
            continue
        problems.extend(read.problems, read.more)
        reads.append(read)
        # The first file that gives a value is where that value is said to come from.
        cells: Mapping[tuple[str, str], str] = _FirstOf([r.cells for r in reads])
        for evidence in read.units:
            known = merged.get(evidence.unit)
            if known is None and not any(map(is_, evidence.facts.values(), _NONES)):
                merged[evidence.unit] = evidence  # nothing left blank: kept as read
                continue
            given = {k: v for k, v in evidence.facts.items() if v is not None}
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
                            _("conflicts with {value!r} from {source}").format(
                                value=combined[name],
                                source=cells.get((evidence.unit, name)) or known.source,
                            ),
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
    split: list[Problem] = []
    if isinstance(rulebook, Rulebook):  # files naming their office: check the office split
        split = list(office_problems(rulebook, reads))
        problems.extend(split)
    if not problems and not merged:
        problems.append(
            Problem("", "", None, _("no units found in {files}").format(files=_(", ").join(names)))
        )
    found = EvidenceSet(
        tuple(merged.values()),
        tuple(read.file for read in reads),
        _FirstOf([read.cells for read in reads]),
        _FirstOf([read.blanks for read in reads]),
    )
    if problems and not split and not unreadable and isinstance(rulebook, Rulebook):
        # Every mistake at once: a formula cell or an unknown row must not hide the
        # bad values around it, which checking would otherwise report only later.
        # (A file that cannot be read, or a wrong split between offices such as a
        # missing office's file, leaves facts out of every unit: that is said once,
        # by its own problem, not as every unit's missing facts.)
        _check_units(rulebook, found, problems)
    if problems:
        raise problems.error()
    return found


def _check_units(rulebook: Rulebook, evidence: EvidenceSet, problems: ProblemLog) -> None:
    """Add the problems checking the units finds to those the files had.

    A value the files already have a problem with (a formula, a conflict) is not
    reported again as missing or wrong.
    """
    said = {(problem.unit, problem.fact) for problem in problems.kept}
    for unit in evidence.units:
        try:
            rulebook.check(unit)
        except EvidenceError as error:
            found = error.problems
        else:
            continue
        for problem in found:
            if (problem.unit, problem.fact) in said:
                continue
            where = evidence.where(problem.unit, problem.fact)
            problems.append(attrs.evolve(problem, source=where) if where else problem)


def read_evidence_files(
    paths: Iterable[str | Path], rulebook_id: str | None = None
) -> list[Evidence]:
    """Read several evidence files and merge units with the same id.

    A fact given by two files for the same unit with different values is a conflict;
    every conflict is reported at once. See :func:`load_evidence`.
    """
    return list(load_evidence(paths, rulebook_id).units)
