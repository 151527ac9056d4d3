"""Rulebook test cases as data: YAML files an assessor can read and check by hand.

A case file names a rulebook, optionally a ``baseline`` of facts every case starts
from, and a list of cases. Each case is named by a sentence an assessor could check,
gives the facts that differ from the baseline, and the expected total, grade and lost
points (dotted path → points that counted)::

    rulebook: wujin-2021-departments
    baseline:                 # a department that meets every requirement
      safety_meetings: 4
      ...
    cases:
      - name: 全年只召开2次安全工作会议，扣2分，得98分，等次优秀
        facts: {safety_meetings: 2}
        # 每年不少于4次，每少一次扣1分：(4 − 2) × 1 = 2；100 − 2 = 98 ≥ 90 → 优秀
        total: 98
        grade: 优秀
        lost:
          organisation.responsibility.safety_meetings: 2

``lost`` is required (``lost: {}`` says the case loses no points, so a forgotten
``lost`` is not read as "none"); ``gained`` (path → bonus points) and ``vetoes`` (the
paths of triggered vetoes) are checked too and default to none, so a case states the
whole ledger: a deduction, bonus or veto the case does not list makes it fail. Bundled cases live
next to the bundled rulebooks, in ``rulebooks/cases/<rulebook-id>.yaml``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace
from typing import Any, Final

import attrs

from .._i18n import gettext as _
from .._i18n import ngettext
from ..engine._errors import MAX_PROBLEMS, AssessmentRulesError, EvidenceError
from ..engine._evidence import Evidence
from ..engine._loading import bundled_rulebooks, load_rulebook, rulebook_dirs
from ..engine._numbers import ZERO, as_decimal, fmt
from ..engine._results import UnitResult
from ..engine._rulebook import Rulebook

__all__ = [
    "CaseFileError",
    "CaseOutcome",
    "RulebookCase",
    "bundled_case_files",
    "find_case_files",
    "read_cases",
    "run_case",
]

_FILE_KEYS: Final = frozenset({"rulebook", "baseline", "cases"})
_CASE_KEYS: Final = frozenset(
    {"name", "rulebook", "unit", "facts", "total", "grade", "lost", "gained", "vetoes"}
)


class CaseFileError(AssessmentRulesError, ValueError):
    """A case file cannot be read or is mis-shaped; lists every problem at once.

    At most ``MAX_PROBLEMS`` problems are listed; the rest are counted.

    Args:
        problems: One line per problem, each starting with ``file:line``.
        more: How many further problems were found and not given.

    Attributes:
        problems: The problems listed, one line each.
        more: Problems found but not listed.
    """

    def __init__(self, problems: Iterable[str], more: int = 0) -> None:
        given = tuple(problems)
        self.problems = given[:MAX_PROBLEMS]
        self.more = max(0, more) + max(0, len(given) - MAX_PROBLEMS)
        count = len(self.problems)
        lines = "\n".join(f"  - {p}" for p in self.problems)
        if self.more:
            heading = ngettext(
                "{total} problems in the case file(s) (the first {count} is listed):",
                "{total} problems in the case file(s) (the first {count} are listed):",
                count,
            ).format(total=count + self.more, count=count)
            tail = ngettext(
                "… and {more} more problem, not listed",
                "… and {more} more problems, not listed",
                self.more,
            ).format(more=self.more)
            summary = f"{heading}\n{lines}\n  - {tail}"
        else:
            heading = ngettext(
                "{count} problem in the case file(s):",
                "{count} problems in the case file(s):",
                count,
            ).format(count=count)
            summary = f"{heading}\n{lines}"
        super().__init__("", "", None, summary)
        self.args = (summary,)

    def __str__(self) -> str:
        return str(self.args[0])


def _points_map(value: Mapping[str, Decimal]) -> tuple[tuple[str, Decimal], ...]:
    return tuple(value.items())


@attrs.frozen
class RulebookCase:
    """One rulebook test case.

    Attributes:
        name: A sentence an assessor could check.
        rulebook: The rulebook id (or a file path, relative to the case file).
        facts: The unit's evidence (the file's baseline with the case's facts over it).
        total: The expected total.
        grade: The expected grade.
        lost: Expected counted deductions, ``(path, points)``.
        gained: Expected counted bonus, ``(path, points)``.
        vetoes: Expected triggered vetoes (their paths).
        source: ``file:line`` of the case.
        unit: The unit id used while scoring.
    """

    name: str
    rulebook: str
    facts: Mapping[str, Any]
    total: Decimal
    grade: str
    lost: tuple[tuple[str, Decimal], ...] = ()
    gained: tuple[tuple[str, Decimal], ...] = ()
    vetoes: tuple[str, ...] = ()
    source: str = ""
    unit: str = "case"

    @property
    def id(self) -> str:
        """A short ASCII id for test runners: ``file.yaml:line``."""
        return Path(self.source).name

    def open_rulebook(self) -> Rulebook:
        """Load the case's rulebook: a bundled id, or a file relative to the case file."""
        if self.rulebook in bundled_rulebooks():
            return load_rulebook(self.rulebook)
        here = Path(self.source.rpartition(":")[0] or ".").parent
        candidate = here / self.rulebook
        return load_rulebook(candidate if candidate.is_file() else self.rulebook)


@attrs.frozen
class CaseOutcome:
    """The result of running one case.

    Attributes:
        case: The case.
        differences: One line per difference between expected and actual (empty
            when the case passes).
        result: The unit's result, or ``None`` when the evidence did not fit.
    """

    case: RulebookCase
    differences: tuple[str, ...]
    result: UnitResult | None

    @property
    def passed(self) -> bool:
        """Whether the actual result matches every expectation."""
        return not self.differences

    def report(self) -> str:
        """``ok`` or ``FAIL`` with the case's name and the differences, for people."""
        label = (_("ok") if self.passed else _("FAIL")).ljust(4)
        head = f"{label} {self.case.name}  [{self.case.source}]"
        return "\n".join([head, *(f"    {line}" for line in self.differences)])


# --------------------------------------------------------------------------- reading


def _yaml_io() -> Any:
    # The io package imports the package root (for its version), so importing it at
    # module level from here would be circular while ``assessment_rules`` initialises.
    from ..io import _input_limits, _yaml  # noqa: PLC0415

    return SimpleNamespace(
        parse_yaml=_yaml.parse_yaml, YamlError=_yaml.YamlError, read_input=_input_limits.read_input
    )


def _number(value: object) -> Decimal | None:
    if isinstance(value, bool):
        return None
    try:
        return as_decimal(value)
    except (TypeError, ValueError):
        return None


def _points(value: object, where: str, key: str, problems: list[str]) -> dict[str, Decimal]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        problems.append(
            f"{where}: "
            + _("{key} must map rule paths to points (got {value!r})").format(key=key, value=value)
        )
        return {}
    result: dict[str, Decimal] = {}
    for path, points in value.items():
        number = _number(points)
        if number is None:
            problems.append(f"{where}: {key}.{path}={points!r} " + _("must be a number of points"))
            continue
        result[str(path)] = number
    return result


def _parse_case(
    record: object, where: str, rulebook: object, baseline: dict[str, Any], problems: list[str]
) -> RulebookCase | None:
    if not isinstance(record, dict):
        problems.append(
            f"{where}: " + _("a case must be a mapping (got {value!r})").format(value=record)
        )
        return None
    count = len(problems)
    for key in sorted(set(map(str, record)) - _CASE_KEYS):
        problems.append(
            f"{where}: "
            + _("{key!r} is not a case field ({fields})").format(
                key=key, fields=", ".join(sorted(_CASE_KEYS))
            )
        )
    name = record.get("name")
    if not isinstance(name, str) or not name.strip():
        problems.append(f"{where}: " + _("name must be a sentence an assessor could check"))
    book = record.get("rulebook", rulebook)
    if not isinstance(book, str) or not book:
        problems.append(
            f"{where}: " + _("rulebook must name a rulebook id (in the case or the file)")
        )
    facts = record.get("facts") or {}
    if not isinstance(facts, dict):
        problems.append(f"{where}: " + _("facts must be a mapping of fact name to value"))
        facts = {}
    total = _number(record.get("total"))
    if total is None:
        problems.append(
            f"{where}: total={record.get('total')!r} " + _("must be the expected total")
        )
    grade = record.get("grade")
    if not isinstance(grade, str) or not grade:
        problems.append(f"{where}: " + _("grade must be the expected grade (优秀, 良好…)"))
    if "lost" not in record:
        problems.append(
            f"{where}: "
            + _(
                "lost must list every clause that lost points (path: points); "
                "write lost: {} for a case that loses no points"
            )
        )
    lost = _points(record.get("lost"), where, "lost", problems)
    gained = _points(record.get("gained"), where, "gained", problems)
    vetoes = record.get("vetoes") or []
    if not isinstance(vetoes, list) or not all(isinstance(v, str) for v in vetoes):
        problems.append(f"{where}: " + _("vetoes must list the paths of the triggered vetoes"))
        vetoes = []
    unit = record.get("unit", "case")
    if len(problems) > count:
        return None
    assert isinstance(name, str) and isinstance(book, str) and isinstance(grade, str)
    assert total is not None
    return RulebookCase(
        name.strip(),
        book,
        {**baseline, **{str(k): v for k, v in facts.items()}},
        total,
        grade,
        _points_map(lost),
        _points_map(gained),
        tuple(vetoes),
        where,
        str(unit),
    )


def read_cases(path: str | Path) -> tuple[RulebookCase, ...]:
    """Read one YAML case file.

    Args:
        path: The file.

    Returns:
        Its cases, in file order.

    Raises:
        CaseFileError: The file is unreadable or mis-shaped (every problem listed).

    >>> path = next(p for p in bundled_case_files() if p.stem == "wujin-2021-departments")
    >>> read_cases(path)[0].rulebook
    'wujin-2021-departments'
    """
    path = Path(path)
    yaml_io = _yaml_io()
    data = yaml_io.read_input(path, lambda reason: CaseFileError([f"{path}: {reason}"]))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise CaseFileError(
            [f"{path}: " + _("cannot be read as UTF-8 text ({error})").format(error=error)]
        ) from None
    try:
        located = yaml_io.parse_yaml(text, str(path))  # one parse: values and lines
    except yaml_io.YamlError as error:
        raise CaseFileError(error.lines()) from None
    document = located.value
    if not isinstance(document, dict):
        raise CaseFileError([f"{path}: " + _("must be a mapping with a 'cases' list")])
    problems: list[str] = []
    for key in sorted(set(map(str, document)) - _FILE_KEYS):
        problems.append(
            f"{path}: "
            + _("{key!r} is not a case-file field (rulebook, baseline, cases)").format(key=key)
        )
    baseline = document.get("baseline") or {}
    if not isinstance(baseline, dict):
        problems.append(f"{path}: " + _("baseline must be a mapping of fact name to value"))
        baseline = {}
    records = document.get("cases")
    if not isinstance(records, list) or not records:
        problems.append(f"{path}: " + _("cases must be a non-empty list"))
        records = []
    cases: list[RulebookCase] = []
    for index, record in enumerate(records):
        line = located.line(record)
        where = f"{path}:{line}" if line is not None else f"{path} case #{index + 1}"
        case = _parse_case(record, where, document.get("rulebook"), baseline, problems)
        if case is not None:
            cases.append(case)
    if problems:
        raise CaseFileError(problems)
    return tuple(cases)


def bundled_case_files() -> tuple[Path, ...]:
    """The case files shipped with the bundled rulebooks (``rulebooks/cases/*.yaml``)."""
    found: dict[str, Path] = {}
    for directory in rulebook_dirs():
        for path in sorted((directory / "cases").glob("*.yaml")):
            found.setdefault(path.name, path)
    return tuple(found.values())


def find_case_files(paths: Iterable[str | Path]) -> tuple[Path, ...]:
    """Expand files and directories into case files (``*.yaml``/``*.yml``, sorted).

    Raises:
        CaseFileError: A path does not exist, or a directory holds no case file.
    """
    files: list[Path] = []
    problems: list[str] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found = sorted([*path.glob("*.yaml"), *path.glob("*.yml")])
            if not found:
                problems.append(f"{path}: " + _("holds no *.yaml case file"))
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            problems.append(f"{path}: " + _("no such file or directory"))
    if problems:
        raise CaseFileError(problems)
    return tuple(files)


# --------------------------------------------------------------------------- running


def _ledger(result: UnitResult, kind: str) -> dict[str, tuple[Decimal, list[str]]]:
    found: dict[str, tuple[Decimal, list[str]]] = {}
    for entry in result.entries:
        if entry.kind != kind or entry.counted == 0:
            continue
        points, reasons = found.get(entry.path, (ZERO, []))
        found[entry.path] = (points + entry.counted, [*reasons, entry.reason])
    return found


def _compare(
    label: str,
    expected: Mapping[str, Decimal],
    actual: Mapping[str, tuple[Decimal, list[str]]],
) -> list[str]:
    lines: list[str] = []
    for path in [*expected, *(p for p in actual if p not in expected)]:
        want = expected.get(path, ZERO)
        got, reasons = actual.get(path, (ZERO, []))
        if want == got:
            continue
        shown_want = fmt(want) if path in expected else "—"
        shown_got = fmt(got) if path in actual else "—"
        why = f"   ({'; '.join(reasons)})" if reasons else ""
        lines.append(
            f"  {path}: "
            + _("expected {expected}, got {got}").format(expected=shown_want, got=shown_got)
            + why
        )
    return [label + _(" (path: expected, got):"), *lines] if lines else []


def run_case(case: RulebookCase) -> CaseOutcome:
    """Score a case's evidence and compare the result with its expectations.

    Args:
        case: The case.

    Returns:
        The outcome; its ``differences`` list the expected and actual ledger lines
        that differ.

    Raises:
        RulebookError: The case's rulebook cannot be loaded.
    """
    book = case.open_rulebook()
    try:
        result = book.evaluate(Evidence(case.unit, case.facts, case.name, case.source))
    except EvidenceError as error:
        return CaseOutcome(
            case, (_("the evidence does not fit the rulebook:"), *map(str, error.problems)), None
        )
    differences: list[str] = []
    if result.total != case.total:
        differences.append(
            "total: "
            + _("expected {expected}, got {got}").format(
                expected=fmt(case.total), got=fmt(result.total)
            )
        )
    if result.grade != case.grade:
        differences.append(
            "grade: "
            + _("expected {expected}, got {got}").format(expected=case.grade, got=result.grade)
        )
    differences += _compare("lost", dict(case.lost), _ledger(result, "deduction"))
    differences += _compare("gained", dict(case.gained), _ledger(result, "bonus"))
    vetoes = tuple(hit.path for hit in result.vetoes)
    if sorted(vetoes) != sorted(case.vetoes):
        differences.append(
            "vetoes: "
            + _("expected {expected}, got {got}").format(
                expected=list(case.vetoes) or _("none"), got=list(vetoes) or _("none")
            )
        )
    return CaseOutcome(case, tuple(differences), result)
