"""Evidence from a table (a CSV file or a worksheet), in either of two layouts.

**Form layout** (what ``assessment-rules template`` writes): one row per fact, one
column per unit. The header row starts with ``事实代码``; the columns 填报项目, 类型,
填写要求, 默认值 and 对应条款 are help for the assessor and are ignored; every other
headed column is a unit, its header the unit id. A row whose 事实代码 is ``单位名称``
holds the units' display names. A unit column left entirely empty is a spare column
and is skipped.

**Table layout** (one row per unit, for large cohorts and exports from other tools):
the header row starts with ``单位代码``; a ``单位名称`` column holds names; every other
column is a fact, headed by its name (``leader_checks``), its Chinese label, or both
as ``label（name）``. A row with nothing but its unit id is a spare line and is skipped.

A list cell where no item applies holds ``无``: an empty cell means "not given".
Rows above the header are titles, except a row starting with ``考核细则`` whose next
cell names the rulebook the file was made for (checked when given), and a row
starting with ``报送部门（office）`` (or ``报送部门``, ``office``) whose next cell is the
id of the office that sent the form (``assessment-rules template --office``), as
``office:`` does in YAML. Empty cells mean "not given": the rulebook's declared
default applies, or the fact is reported missing.

**Merged cells** in a workbook are refused where they touch the table (the header row
and below, in a column that is read: the key column, unit columns, the name column or
fact columns), naming the range: Excel keeps a merged range's value in its first cell
only, so one unit would get the value and its neighbour silently nothing. Merged
titles above the header row, and merges inside help columns (填报项目…对应条款), are
fine.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator, Mapping, Sequence
from typing import Final

import attrs

from .._i18n import N_, N_plural, ngettext
from .._i18n import gettext as _
from ..engine._errors import Problem, did_you_mean
from ..engine._evidence import Evidence
from ..engine._facts import Fact
from ._input_limits import ProblemLog
from ._safe_text import unguard

__all__ = [
    "FORM_KEY",
    "FORM_META",
    "NAME_KEY",
    "OFFICE_KEY",
    "RULEBOOK_KEY",
    "TABLE_KEY",
    "Cell",
    "CellRange",
    "TableEvidence",
    "column_letter",
    "parse_table",
]

FORM_KEY: Final = "事实代码"
TABLE_KEY: Final = "单位代码"
NAME_KEY: Final = "单位名称"
RULEBOOK_KEY: Final = "考核细则"
OFFICE_KEY: Final = "报送部门（office）"
FORM_META: Final = ("填报项目", "类型", "填写要求", "默认值", "对应条款")
_FORM_KEYS: Final = frozenset({FORM_KEY, "fact"})
_TABLE_KEYS: Final = frozenset({TABLE_KEY, "id", "unit"})
_NAME_KEYS: Final = frozenset({NAME_KEY, "name"})
_RULEBOOK_KEYS: Final = frozenset({RULEBOOK_KEY, "rulebook"})
_OFFICE_KEYS: Final = frozenset({OFFICE_KEY, "报送部门(office)", "报送部门", "office"})
_TABLE_IGNORED: Final = frozenset({"序号"})
_NAME_IN_HEADER: Final = re.compile(r"[（(]\s*([a-z][a-z0-9_]*)\s*[)）]\s*$")
NONE_WORDS: Final = frozenset({"无", "（无）", "(无)", "none"})
"""What a list cell holds when no item applies (a blank cell means "not given")."""


@attrs.frozen
class Cell:
    """One cell as read: its exact text (``None`` when empty) and where it is.

    Attributes:
        text: The cell's text; numbers are their exact decimal text.
        where: A location a person can find, e.g. ``"sheet '证据' cell H7"``.
        formula: Whether the cell holds a formula instead of a value.
    """

    text: str | None
    where: str
    formula: bool = False


@attrs.frozen
class CellRange:
    """A merged range of cells, 1-based and inclusive.

    Attributes:
        ref: As Excel writes it, e.g. ``"B3:C3"``.
        min_row: First row.
        min_col: First column (A is 1).
        max_row: Last row.
        max_col: Last column.
    """

    ref: str
    min_row: int
    min_col: int
    max_row: int
    max_col: int


@attrs.frozen
class TableEvidence:
    """What one table yields: units, the cell of every value, and the problems found.

    Attributes:
        units: One ``Evidence`` per unit, in table order.
        cells: ``(unit, fact) → location`` of each value, for error messages.
        problems: Layout and cell problems (formulas, unknown headers, duplicates).
        rulebook: The rulebook id the table names in its 考核细则 row, or ``None``.
        found: Whether a header row was found at all.
        office: The office id the table names in its 报送部门（office） row, or ``None``.
        more: Problems found beyond those listed (at most ``MAX_PROBLEMS`` are).
        blanks: ``(unit, fact) → location`` of the cell where a value belongs (the
            fact's row and the unit's column, or the unit's row and the fact's
            column), for a value left out: "missing" is said at that cell.
    """

    units: tuple[Evidence, ...]
    cells: Mapping[tuple[str, str], str]
    problems: tuple[Problem, ...]
    rulebook: str | None
    found: bool
    office: str | None = None
    more: int = 0
    blanks: Mapping[tuple[str, str], str] = attrs.field(factory=dict)


def column_letter(number: int) -> str:
    """The letters of a 1-based column number, as Excel names columns.

    >>> column_letter(1), column_letter(26), column_letter(27), column_letter(16384)
    ('A', 'Z', 'AA', 'XFD')
    """
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


class _Blanks(Mapping[tuple[str, str], str]):
    """The cell where each unit's value of each fact belongs, worked out when asked.

    A table of 20,000 units and 60 facts has 1.2 million such cells; only the few
    that a "missing" problem names are ever spelled out.
    """

    def __init__(
        self, source: str, units: Mapping[str, int], facts: Mapping[str, int], *, by_column: bool
    ) -> None:
        self._source = source
        self._units = units  # unit → its column (form layout) or its row (table layout)
        self._facts = facts  # fact → its row (form layout) or its column (table layout)
        self._by_column = by_column

    def __getitem__(self, key: tuple[str, str]) -> str:
        unit, fact = key
        if unit not in self._units or fact not in self._facts:
            raise KeyError(key)
        at, other = self._units[unit], self._facts[fact]
        column, row = (at, other) if self._by_column else (other, at)
        return f"{self._source} cell {column_letter(column)}{row}"

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return ((unit, fact) for unit in self._units for fact in self._facts)

    def __len__(self) -> int:
        return len(self._units) * len(self._facts)


def _text(cell: Cell | None) -> str:
    if cell is None or cell.text is None:
        return ""
    return unguard(cell.text.strip())


def _at(row: Sequence[Cell], index: int) -> Cell | None:
    return row[index] if index < len(row) else None


def _key_index(row: Sequence[Cell]) -> int | None:
    for index, cell in enumerate(row):
        if _text(cell):
            return index
    return None


class _Headers:
    """Resolves column headers and form keys to fact names."""

    def __init__(self, facts: Mapping[str, Fact] | None) -> None:
        self.facts = facts
        labels: dict[str, list[str]] = {}
        for name, fact in (facts or {}).items():
            labels.setdefault(fact.label, []).append(name)
        self.by_label = {label: names[0] for label, names in labels.items() if len(names) == 1}

    def value(self, name: str, text: str) -> str:
        """The cell text as evidence: 无 in a list cell means an empty list."""
        fact = (self.facts or {}).get(name)
        if fact is not None and fact.kind in ("list", "amounts") and text in NONE_WORDS:
            return ""
        return text

    def resolve(self, header: str) -> tuple[str | None, str]:
        """Return ``(fact name, "")`` or ``(None, hint)`` for an unknown header."""
        if self.facts is None:
            match = _NAME_IN_HEADER.search(header)
            return (match.group(1) if match else header), ""
        if header in self.facts:
            return header, ""
        match = _NAME_IN_HEADER.search(header)
        if match and match.group(1) in self.facts:
            return match.group(1), ""
        if header in self.by_label:
            return self.by_label[header], ""
        candidates = [*self.facts, *(f"{f.label}（{n}）" for n, f in self.facts.items())]
        return None, did_you_mean(header, candidates)


def _formula_problem(unit: str, fact: str, cell: Cell, source: str) -> Problem:
    return Problem(
        unit,
        fact,
        cell.text,
        _("is a formula; type the value itself (in Excel: copy, then paste as values)"),
        source=f"{source} {cell.where}",
    )


def _unknown_fact(header: str, hint: str, where: str) -> Problem:
    return Problem("", header, None, _("is not a fact of this rulebook"), hint=hint, source=where)


def parse_table(
    rows: Sequence[Sequence[Cell]],
    source: str,
    facts: Mapping[str, Fact] | None = None,
    *,
    merged: Sequence[CellRange] = (),
    hidden_rows: Collection[int] = (),
    hidden_columns: Collection[int] = (),
) -> TableEvidence:
    """Read the units in one table, in the form or the table layout.

    Args:
        rows: The table's rows of cells, top to bottom (row 1 first, column A first).
        source: The file (and sheet) for messages and ``Evidence.source``.
        facts: The rulebook's facts; lets headers be Chinese labels and gives
            "Did you mean …?" hints. Without it headers must be fact names.
        merged: The sheet's merged ranges; those that touch the table are problems.
        hidden_rows: The sheet's hidden rows (1-based); those holding a value the
            table is read from (the header row and below, or a 考核细则 or 报送部门
            row) are a problem.
        hidden_columns: The sheet's hidden columns (A is 1); those holding a value in
            a column that is read are a problem.

    Returns:
        The units read, where each value came from, and every problem found.
    """
    rulebook: str | None = None
    office: str | None = None
    key_rows: list[int] = []  # the 考核细则 and 报送部门 rows above the header (0-based)
    for number, row in enumerate(rows):
        key_at = _key_index(row)
        if key_at is None:
            continue
        key = _text(row[key_at])
        if key in _RULEBOOK_KEYS:
            rulebook = _text(_at(row, key_at + 1)) or None
            key_rows.append(number)
        elif key in _OFFICE_KEYS:
            office = _text(_at(row, key_at + 1)) or None
            key_rows.append(number)
        elif key in _FORM_KEYS or key in _TABLE_KEYS:
            problems = ProblemLog()
            parse = _parse_form if key in _FORM_KEYS else _parse_rows
            read, used = parse(rows, number, key_at, source, _Headers(facts), rulebook, problems)
            _merge_problems(merged, number + 1, used, source, problems)
            if hidden_rows or hidden_columns:
                _hidden_problems(
                    rows, number, key_rows, used, hidden_rows, hidden_columns, source, problems
                )
            return attrs.evolve(
                read, office=office, problems=tuple(problems.kept), more=problems.more
            )
    return TableEvidence((), {}, (), rulebook, False, office)


def _merge_problems(
    merged: Sequence[CellRange],
    header_row: int,
    used: set[int],
    source: str,
    problems: ProblemLog,
) -> None:
    """Report merged ranges that reach the table: from its header row down, in a read column."""
    for found in merged:
        if found.max_row < header_row:
            continue  # a merged title above the table
        if any(found.min_col <= index + 1 <= found.max_col for index in used):
            problems.append(
                Problem(
                    "",
                    "",
                    found.ref,
                    _(
                        "are merged cells inside the table: Excel keeps the value of a merged "
                        "range in its first cell only, so the other units or facts would "
                        "silently get nothing. Unmerge them and type the value in every cell"
                    ),
                    source=_("{source} cells {cells}").format(source=source, cells=found.ref),
                )
            )


_LISTED: Final = 20  # hidden rows or columns named in one problem; the rest counted


def _listed(names: Sequence[str]) -> str:
    shown = ", ".join(names[:_LISTED])
    more = len(names) - _LISTED
    return _("{shown} and {more} more").format(shown=shown, more=more) if more > 0 else shown


_HIDDEN: Final = N_plural(
    "is hidden but holds values the evidence is read from.",
    "are hidden but hold values the evidence is read from.",
)
_HIDDEN_ADVICE: Final = N_(
    "Hidden values are easily stale and nobody sees them: unhide them and check them, "
    "or delete them (or read hidden rows and columns on purpose: --include-hidden-sheets "
    "on the command line, include_hidden_sheets=True in Python)"
)


def _hidden(count: int) -> str:
    return ngettext(*_HIDDEN, count) + " " + _(_HIDDEN_ADVICE)


def _hidden_problems(  # noqa: PLR0917 - one private call site
    rows: Sequence[Sequence[Cell]],
    header_at: int,
    key_rows: Sequence[int],
    used: set[int],
    hidden_rows: Collection[int],
    hidden_columns: Collection[int],
    source: str,
    problems: ProblemLog,
) -> None:
    """Report hidden rows and columns that hold a value the table is read from.

    A hidden row counts from the header row down (and the 考核细则 and 报送部门 rows
    above it), where it holds a value in a column that is read; a hidden column counts
    when it is read and holds a value from the header row down. Hidden titles and
    hidden help columns (填报项目…对应条款) are fine.
    """

    def filled(row: Sequence[Cell], columns: Collection[int]) -> bool:
        return any(
            cell.text is not None and cell.text.strip()
            for index, cell in enumerate(row)
            if index in columns
        )

    read_rows = [*key_rows, *range(header_at, len(rows))]
    bad_rows = [
        number + 1
        for number in read_rows
        if number + 1 in hidden_rows
        and filled(rows[number], used if number >= header_at else range(len(rows[number])))
    ]
    if bad_rows:
        names = _listed([str(n) for n in bad_rows])
        problems.append(
            Problem(
                "",
                "",
                None,
                _hidden(len(bad_rows)),
                source=ngettext(
                    "{source} row {rows}", "{source} rows {rows}", len(bad_rows)
                ).format(source=source, rows=names),
            )
        )
    header = rows[header_at]
    bad_columns: list[str] = []
    for index in sorted(used):
        if index + 1 not in hidden_columns:
            continue
        if any(filled(row, (index,)) for row in rows[header_at:]):
            letter = column_letter(index + 1)
            heading = _text(_at(header, index))
            bad_columns.append(f"{letter} ({heading})" if heading else letter)
    if bad_columns:
        names = _listed(bad_columns)
        problems.append(
            Problem(
                "",
                "",
                None,
                _hidden(len(bad_columns)),
                source=ngettext(
                    "{source} column {columns}", "{source} columns {columns}", len(bad_columns)
                ).format(source=source, columns=names),
            )
        )


def _parse_form(  # noqa: PLR0917 - one private call site
    rows: Sequence[Sequence[Cell]],
    header_at: int,
    key_at: int,
    source: str,
    headers: _Headers,
    rulebook: str | None,
    problems: ProblemLog,
) -> tuple[TableEvidence, set[int]]:
    header = rows[header_at]
    units: dict[int, str] = {}
    seen: dict[str, str] = {}
    meta = set(FORM_META)
    for index in range(key_at + 1, len(header)):
        text = _text(header[index])
        if not text or text in meta:
            continue
        cell = header[index]
        if header[index].formula:
            problems.append(_formula_problem(text, "id", cell, source))
            continue
        if text in seen:
            problems.append(
                Problem(
                    text,
                    "id",
                    text,
                    _("is the header of two unit columns ({first} and {second})").format(
                        first=seen[text], second=cell.where
                    ),
                    source=source,
                )
            )
            continue
        seen[text] = cell.where
        units[index] = text
    names: dict[int, str] = {}
    values: dict[int, dict[str, str]] = {index: {} for index in units}
    cells: dict[tuple[str, str], str] = {}
    fact_rows: dict[str, str] = {}
    fact_numbers: dict[str, int] = {}  # fact → its row number, where blanks are
    for number, row in enumerate(rows[header_at + 1 :], header_at + 2):
        key_cell = _at(row, key_at)
        key = _text(key_cell)
        filled = [
            (index, cell)
            for index, cell in enumerate(row)
            if index > key_at and cell.text is not None and cell.text.strip()
        ]
        unit_cells = [(i, c) for i, c in filled if i in units]
        stray = [c for i, c in filled if i not in units and _text(_at(header, i)) not in meta]
        for cell in stray:
            problems.append(
                Problem(
                    "",
                    key or "",
                    cell.text,
                    _("is in a column without a unit id in the header row"),
                    source=f"{source} {cell.where}",
                )
            )
        if not key:
            for _index, cell in unit_cells:
                problems.append(
                    Problem(
                        "",
                        "",
                        cell.text,
                        _("has no {key} (fact name) in its row").format(key=FORM_KEY),
                        source=f"{source} {cell.where}",
                    )
                )
            continue
        if key in _NAME_KEYS:
            for index, cell in unit_cells:
                if cell.formula:
                    problems.append(_formula_problem(units[index], "name", cell, source))
                else:
                    names[index] = _text(cell)
            continue
        where = key_cell.where if key_cell is not None else ""
        name, hint = headers.resolve(key)
        if name is None:
            problems.append(_unknown_fact(key, hint, f"{source} {where}"))
            continue
        if name in fact_rows:
            problems.append(
                Problem(
                    "",
                    name,
                    None,
                    _("appears in two rows ({first} and {second})").format(
                        first=fact_rows[name], second=where
                    ),
                    source=source,
                )
            )
            continue
        fact_rows[name] = where
        fact_numbers[name] = number
        for index, cell in unit_cells:
            if cell.formula:
                problems.append(_formula_problem(units[index], name, cell, source))
                continue
            values[index][name] = headers.value(
                name, unguard(cell.text.strip()) if cell.text else ""
            )
            cells[(units[index], name)] = f"{source} {cell.where}"
    evidences = tuple(
        Evidence(unit, values[index], names.get(index, ""), f"{source} {header[index].where}")
        for index, unit in units.items()
        if values[index] or names.get(index)
    )
    read = {evidence.unit for evidence in evidences}
    blanks = _Blanks(
        source,
        {unit: index + 1 for index, unit in units.items() if unit in read},
        fact_numbers,
        by_column=True,
    )
    return TableEvidence(evidences, cells, (), rulebook, True, blanks=blanks), {key_at, *units}


def _parse_rows(  # noqa: PLR0917 - one private call site
    rows: Sequence[Sequence[Cell]],
    header_at: int,
    key_at: int,
    source: str,
    headers: _Headers,
    rulebook: str | None,
    problems: ProblemLog,
) -> tuple[TableEvidence, set[int]]:
    header = rows[header_at]
    columns: dict[int, str] = {}
    name_at: int | None = None
    seen: dict[str, str] = {}
    for index in range(key_at + 1, len(header)):
        cell = header[index]
        text = _text(cell)
        if not text or text in _TABLE_IGNORED:
            continue
        if text in _NAME_KEYS:
            name_at = index
            continue
        name, hint = headers.resolve(text)
        if name is None:
            problems.append(_unknown_fact(text, hint, f"{source} {cell.where}"))
            continue
        if name in seen:
            problems.append(
                Problem(
                    "",
                    name,
                    None,
                    _("heads two columns ({first} and {second})").format(
                        first=seen[name], second=cell.where
                    ),
                    source=source,
                )
            )
            continue
        seen[name] = cell.where
        columns[index] = name
    evidences: list[Evidence] = []
    cells: dict[tuple[str, str], str] = {}
    unit_rows: dict[str, int] = {}  # unit → its row number, where blanks are
    for number, row in enumerate(rows[header_at + 1 :], header_at + 2):
        filled = [cell for cell in row if cell.text is not None and cell.text.strip()]
        if not filled:
            continue
        id_cell = _at(row, key_at)
        unit = _text(id_cell)
        if not unit or (id_cell is not None and id_cell.formula):
            first = id_cell or filled[0]
            problems.append(
                Problem(
                    "",
                    "id",
                    id_cell.text if id_cell is not None else None,
                    _("must be the unit's id ({key}): a row with values needs one").format(
                        key=TABLE_KEY
                    ),
                    source=f"{source} {first.where}",
                )
            )
            continue
        facts: dict[str, str] = {}
        for index, name in columns.items():
            found = _at(row, index)
            if found is None or found.text is None or not found.text.strip():
                continue
            if found.formula:
                problems.append(_formula_problem(unit, name, found, source))
                continue
            facts[name] = headers.value(name, unguard(found.text.strip()))
            cells[(unit, name)] = f"{source} {found.where}"
        display = ""
        if name_at is not None:
            name_cell = _at(row, name_at)
            if name_cell is not None and name_cell.formula:
                problems.append(_formula_problem(unit, "name", name_cell, source))
            else:
                display = _text(name_cell)
        if not facts and not display:
            continue  # a spare line of a form: an id with nothing filled in
        where = id_cell.where if id_cell is not None else ""
        evidences.append(Evidence(unit, facts, display, f"{source} {where}".strip()))
        unit_rows.setdefault(unit, number)
    used = {key_at, *columns, *(() if name_at is None else (name_at,))}
    blanks = _Blanks(
        source,
        unit_rows,
        {name: index + 1 for index, name in columns.items()},
        by_column=False,
    )
    return TableEvidence(tuple(evidences), cells, (), rulebook, True, blanks=blanks), used
