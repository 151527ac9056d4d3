"""Lint a rulebook: mistakes the construction checks cannot see, each with its path.

Construction already rejects points that do not add up and unsound grade bands; a
file with such a mistake fails to import. :func:`lint_file` still reports it: it loads
the file once more with those two checks collecting instead of raising (``_collect``),
so every such mistake in the file is reported at once with its ``file:line`` and
dotted path, and the other rules below run on the tree as well.

Every rule has a declared severity (:data:`LINT_RULES`): an ``error`` makes
``assessment-rules check`` exit 1, a ``warning`` does not.
"""

from __future__ import annotations

import importlib.util
import re
import sys
import traceback
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from itertools import pairwise
from pathlib import Path
from types import ModuleType
from typing import Any, Final, Literal

import attrs

from .._i18n import N_
from .._i18n import gettext as _
from ..engine import _loading
from ..engine._collect import collecting
from ..engine._errors import RulebookError
from ..engine._grades import GradeBand
from ..engine._node import BonusLeaf, Node, ScoredLeaf
from ..engine._numbers import ZERO, fmt
from ..engine._rulebook import Rulebook

__all__ = ["LINT_RULES", "Finding", "LintReport", "lint", "lint_file"]

Severity = Literal["error", "warning"]

LINT_RULES: Final[dict[str, tuple[Severity, str]]] = {
    "construction": ("error", "the rulebook fails a construction check and cannot load"),
    "points": ("error", "a node's children's points do not add up to its points"),
    "points-differ": (
        "warning",
        "a section's printed points differ from its items' sum (points_from says which counts)",
    ),
    "duplicate-id": ("error", "two siblings share an id"),
    "grades": ("error", "grade bands overlap, leave a gap, or do not end at 0"),
    "unreachable-grade": ("error", "no total can reach a grade band"),
    "no-source": ("error", "a node does not say where it comes from (source)"),
    "cap-never-binds": ("warning", "a CapAt limit is at least all its deductions can take"),
    "cap-always-binds": ("warning", "one deduction is larger than the cap it sits under"),
    "below-zero": ("warning", "an item with points can go below zero without CapAt (扣完为止)"),
    "double-count": ("warning", "two criteria read the same fact"),
}
"""Every lint rule: code → (declared severity, what it finds)."""

# The severity as the text output words it (the JSON keeps the code word).
_SEVERITY_WORDS: Final[dict[str, str]] = {"error": N_("error"), "warning": N_("warning")}


@attrs.frozen
class Finding:
    """One lint finding.

    Attributes:
        severity: ``error`` or ``warning``, as :data:`LINT_RULES` declares for ``code``.
        code: The rule that found it.
        path: The node's dotted path (``""`` for the rulebook itself).
        message: What is wrong, with the numbers.
        location: ``file:line`` when known, else the file, else ``""``.
    """

    severity: Severity
    code: str
    path: str
    message: str
    location: str = ""

    def __str__(self) -> str:
        where = f"{self.location}: " if self.location else ""
        severity = _(_SEVERITY_WORDS[self.severity])
        path = self.path or _("(rulebook)")
        return f"{where}{severity} [{self.code}] {path}: {self.message}"

    def as_dict(self) -> dict[str, str]:
        """JSON-ready data."""
        return {
            "severity": self.severity,
            "code": self.code,
            "path": self.path,
            "message": self.message,
            "location": self.location,
        }


def _finding(code: str, path: str, message: str, location: str = "") -> Finding:
    return Finding(LINT_RULES[code][0], code, path, message, location)


# --------------------------------------------------------------------------- tree rules
#
# Every rule asks the nodes through the protocol (roles, ``transparent``,
# ``cap_limit``, ``limits()``), so a district's own node kind is linted like a
# built-in one.


def _most(node: Node) -> Decimal | None:
    """What *node* adds to the capped deductions around it, or ``None`` when unbounded.

    A ★ node adds nothing: no cap stops it.
    """
    return ZERO if node.starred else node.limits().most_lost


def _sum_most(nodes: Iterable[Node]) -> Decimal | None:
    total: Decimal | None = ZERO
    for node in nodes:
        most = _most(node)
        total = None if most is None or total is None else total + most
    return total


def _join(prefix: str, segment: str) -> str:
    return f"{prefix}.{segment}" if prefix else segment


def _parent(path: str) -> str:
    return path.rpartition(".")[0]


def _parts(node: Node) -> tuple[object, ...]:
    """The sub-parts a node holds in its ``edit_field`` (children, award levels…)."""
    if node.edit_field is None:
        return ()
    value = node.edit_arguments().get(node.edit_field)
    if isinstance(value, tuple | list):
        return tuple(value)
    return () if value is None else (value,)


def _capped_steps(node: Node, prefix: str) -> Iterator[tuple[str, Decimal]]:
    """The paths under *node* that a cap on it stops, with their per-occurrence step.

    ★ nodes and everything under them escape the cap and are left out.
    """
    for child in node.children:
        if child.starred:
            continue
        if child.transparent:
            yield from _capped_steps(child, prefix)
            continue
        path = _join(prefix, child.segment)
        step = child.limits().step
        if step is not None:
            yield path, step
        yield from _capped_steps(child, path)


def _check_points(book: Rulebook) -> Iterator[Finding]:
    for path, node in book.walk():
        if node.transparent or not node.children:
            continue
        ids = [child.id for child in node.children]
        for repeated in sorted({i for i in ids if ids.count(i) > 1}):
            yield _finding("duplicate-id", _join(path, repeated), _("id is not unique"))
        total = sum((child.max_points for child in node.children), ZERO)
        printed = node.printed_points
        if printed is not None and printed != total:
            counted = node.max_points
            which = _("the printed figure") if counted == printed else _("the items' sum")
            yield _finding(
                "points-differ",
                path,
                _(
                    "printed points {printed} differ from its items' sum {total}; "
                    "it is scored out of {counted} ({which}, points_from)"
                ).format(printed=fmt(printed), total=fmt(total), counted=fmt(counted), which=which),
            )
        # The rule ``check_children`` enforces: what the children must add up to, as
        # the node says (its ``points``, a converted part's ``out_of``, or nothing).
        points = node.children_total
        if points is None:
            continue
        if total not in (ZERO, points):
            parts = " + ".join(f"{c.id} {fmt(c.max_points)}" for c in node.children if c.max_points)
            yield _finding(
                "points",
                path,
                _("points {points} must equal the children's points ({parts} = {total})").format(
                    points=fmt(points), parts=parts, total=fmt(total)
                ),
            )


def _check_grades(book: Rulebook) -> Iterator[Finding]:
    grades: tuple[GradeBand, ...] = book.grades
    if not grades:
        yield _finding("grades", "", _("lists no grade band"))
        return
    titles = [band.title for band in grades]
    for title in sorted({t for t in titles if titles.count(t) > 1}):
        yield _finding("grades", "", _("grade {title!r} is listed twice").format(title=title))
    for higher, lower in pairwise(grades):
        if higher.minimum == lower.minimum:
            yield _finding(
                "grades",
                "",
                _("{higher} and {lower} overlap: both start at {minimum}").format(
                    higher=higher.title, lower=lower.title, minimum=fmt(higher.minimum)
                ),
            )
        elif higher.minimum < lower.minimum:
            yield _finding(
                "grades",
                "",
                _(
                    "{higher} (≥ {high}) is listed above {lower} (≥ {low}): "
                    "bands must be highest first"
                ).format(
                    higher=higher.title,
                    high=fmt(higher.minimum),
                    lower=lower.title,
                    low=fmt(lower.minimum),
                ),
            )
    if grades[-1].minimum != 0:
        yield _finding(
            "grades",
            "",
            _(
                "the lowest band {grade} starts at {minimum}, "
                "leaving totals below it without a grade"
            ).format(grade=grades[-1].title, minimum=fmt(grades[-1].minimum)),
        )
    bonus = book.limits().most_gained
    if bonus is None:
        return
    best = book.points + bonus
    for band in grades:
        if band.minimum > best:
            yield _finding(
                "unreachable-grade",
                "",
                _(
                    "{grade} needs ≥ {minimum}, but the best total is {best}"
                    " ({points} points + {bonus} bonus)"
                ).format(
                    grade=band.title,
                    minimum=fmt(band.minimum),
                    best=fmt(best),
                    points=fmt(book.points),
                    bonus=fmt(bonus),
                ),
            )


def _part_gain(part: object) -> Decimal | None:
    """The most one sub-part of a bonus clause can add, when it says so.

    A node states it in its limits; a plain part (an award level) in its ``cap``, the
    word every rule uses for "at most" (``AwardLevel.cap``: 单次不超过).
    """
    if isinstance(part, Node):
        return part.limits().most_gained
    cap = getattr(part, "cap", None)
    return cap if isinstance(cap, Decimal) else None


def _check_caps(book: Rulebook) -> Iterator[Finding]:
    for path, node in book.walk():
        limit = node.cap_limit
        if limit is not None:
            most = _sum_most(node.children)
            if most is not None and most <= limit:
                yield _finding(
                    "cap-never-binds",
                    path,
                    _("the cap at {limit} never binds: its deductions take at most {most}").format(
                        limit=fmt(limit), most=fmt(most)
                    ),
                )
            # A wrapper shares its path with the node inside it, so what it wraps
            # hangs below the wrapper's parent.
            prefix = _parent(path) if node.transparent else path
            for inner, step in _capped_steps(node, prefix):
                if step > limit:
                    yield _finding(
                        "cap-always-binds",
                        inner,
                        _(
                            "one occurrence deducts {step}, more than the cap of "
                            "{limit} at {path}: the clause can never count in full"
                        ).format(step=fmt(step), limit=fmt(limit), path=path),
                    )
        if isinstance(node, BonusLeaf):
            total = node.limits().most_gained
            if total is None:
                continue
            for part in _parts(node):
                most = _part_gain(part)
                if most is not None and most > total:
                    yield _finding(
                        "cap-always-binds",
                        _join(path, str(getattr(part, "id", ""))),
                        _("one award may add {most}, more than the bonus total of {total}").format(
                            most=fmt(most), total=fmt(total)
                        ),
                    )


def _check_below_zero(book: Rulebook) -> Iterator[Finding]:
    capped = {path for path, node in book.walk() if node.cap_limit is not None}
    for path, node in book.walk():
        if node is book or node.transparent or path in capped:
            continue
        points = node.raw_points or node.max_points  # a converted part: its own scale
        if points == 0:
            continue  # a part without points deducts from the total by design
        # Only a node that holds clauses itself (an item), not a part made of items.
        if not any(isinstance(child.unwrapped()[0], ScoredLeaf) for child in node.children):
            continue
        most = _sum_most(node.children)
        if most is None or most > points:
            if most is None:
                message = _(
                    "its deductions can take without limit from {points} points "
                    "and it has no CapAt (扣完为止)"
                ).format(points=fmt(points))
            else:
                message = _(
                    "its deductions can take up to {most} from {points} points "
                    "and it has no CapAt (扣完为止)"
                ).format(most=fmt(most), points=fmt(points))
            yield _finding("below-zero", path, message)


def _check_double_count(book: Rulebook) -> Iterator[Finding]:
    scoring = {path for path, node in book.walk() if isinstance(node, ScoredLeaf | BonusLeaf)}
    for fact, paths in book.fact_paths.items():
        counted = [p for p in paths if p in scoring]
        for path in counted[1:]:
            yield _finding(
                "double-count",
                path,
                _(
                    "reads fact {fact!r}, which {other} also reads: the same evidence counts twice"
                ).format(fact=fact, other=counted[0]),
            )


def _check_sources(book: Rulebook) -> Iterator[Finding]:
    if not book.source and not book.document:
        yield _finding("no-source", "", _("names neither its document nor its source"))
    for path, node in book.walk():
        if node is book or node.transparent:
            continue
        if not node.source.strip():
            yield _finding(
                "no-source",
                path,
                _("{kind} {title!r} has no source").format(kind=node.kind, title=node.title),
            )


_RULES: Final[tuple[Callable[[Rulebook], Iterator[Finding]], ...]] = (
    _check_points,
    _check_grades,
    _check_sources,
    _check_caps,
    _check_below_zero,
    _check_double_count,
)


def lint(rulebook: Rulebook) -> tuple[Finding, ...]:
    """Return every lint finding for a rulebook, in rule order.

    Args:
        rulebook: A rulebook (for a file that does not load, use :func:`lint_file`).

    Returns:
        The findings, errors and warnings mixed, each with its path.

    >>> from assessment_rules import load_rulebook
    >>> [f.code for f in lint(load_rulebook("wujin-2021-departments"))]
    []
    """
    return tuple(finding for rule in _RULES for finding in rule(rulebook))


# --------------------------------------------------------------------------- files


@attrs.frozen
class LintReport:
    """The result of linting one rulebook file.

    Attributes:
        target: The rulebook id or file as given.
        file: The rulebook's file, when known.
        rulebook: The rulebook's id, when it could be read.
        loaded: Whether the rulebook passed its construction checks.
        findings: Every finding.
    """

    target: str
    file: str
    rulebook: str
    loaded: bool
    findings: tuple[Finding, ...]

    @property
    def errors(self) -> tuple[Finding, ...]:
        """The findings of severity ``error``."""
        return tuple(f for f in self.findings if f.severity == "error")

    @property
    def warnings(self) -> tuple[Finding, ...]:
        """The findings of severity ``warning``."""
        return tuple(f for f in self.findings if f.severity == "warning")

    @property
    def exit_code(self) -> int:
        """3 when the rulebook cannot load, 1 with errors, 0 otherwise (warnings only)."""
        if not self.loaded:
            return 3
        return 1 if self.errors else 0

    def as_text(self) -> str:
        """One line per finding, then a summary line."""
        lines = [str(f) for f in self.findings]
        name = self.rulebook or self.target
        if self.loaded:
            summary = _("{name}: {errors} error(s), {warnings} warning(s)")
        else:
            summary = _(
                "{name}: {errors} error(s), {warnings} warning(s), the rulebook cannot load"
            )
        lines.append(
            summary.format(name=name, errors=len(self.errors), warnings=len(self.warnings))
        )
        return "\n".join(lines) + "\n"

    def as_dict(self) -> dict[str, Any]:
        """The JSON document."""
        return {
            "schema": "assessment-rules/check",
            "schema_version": "1.0",
            "target": self.target,
            "file": self.file,
            "rulebook": self.rulebook,
            "loaded": self.loaded,
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "findings": [f.as_dict() for f in self.findings],
        }


@attrs.frozen
class _Collected:
    error: RulebookError
    line: int | None
    subject: int  # id() of what the check was given (a node's children), to find its path


def _line_of(path: Path, frames: traceback.StackSummary) -> int | None:
    line = None
    for frame in frames:
        if frame.filename and Path(frame.filename).resolve() == path:
            line = frame.lineno
    return line


@attrs.define
class _Collector:
    """Records each collected construction error with its line in the file."""

    path: Path
    found: list[_Collected] = attrs.Factory(list)

    def __call__(self, error: RulebookError, args: tuple[object, ...]) -> None:
        line = _line_of(self.path, traceback.extract_stack())
        self.found.append(_Collected(error, line, id(args[-1]) if args else 0))


def _exec_file(path: Path) -> ModuleType:
    name = f"assessment_rules_lint_{abs(hash(path))}"
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise RulebookError(str(path), "path", str(path), "must be a Python file")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    finally:
        sys.modules.pop(name, None)
    return module


def _import_leniently(path: Path) -> tuple[Rulebook | None, list[_Collected]]:
    """Import *path* with the points and grades checks collecting instead of raising.

    Rulebooks it loads along the way are dropped from the loader's cache afterwards,
    so nothing built leniently is ever handed out as a valid rulebook.
    """
    collector = _Collector(path)
    with _loading.RULEBOOKS.isolated(), collecting(collector):
        loaded = _exec_file(path)
    book = getattr(loaded, "RULEBOOK", None)
    return (book if isinstance(book, Rulebook) else None), collector.found


def _id_lines(path: Path) -> dict[str, int]:
    """Line of each quoted id that appears exactly once in the file."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return {}
    seen: dict[str, list[int]] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        for match in re.finditer(r"""["']([a-z][a-z0-9_]*)["']""", line):
            seen.setdefault(match.group(1), []).append(number)
    return {name: lines[0] for name, lines in seen.items() if len(lines) == 1}


def _locate(findings: tuple[Finding, ...], path: Path) -> tuple[Finding, ...]:
    lines = _id_lines(path)
    located = []
    for finding in findings:
        last = finding.path.rpartition(".")[2]
        line = lines.get(last) if last else None
        where = f"{path}:{line}" if line else str(path)
        located.append(attrs.evolve(finding, location=finding.location or where))
    return tuple(located)


def _collected_findings(
    book: Rulebook | None, found: list[_Collected], path: Path
) -> list[Finding]:
    paths: dict[int, str] = {}
    if book is not None:
        for node_path, node in book.walk():
            if not node.transparent and node.children:
                paths.setdefault(id(node.children), node_path)
    findings = []
    for item in found:
        error = item.error
        owner = paths.get(item.subject)
        where = error.path if owner is None else owner
        if owner is not None and error.field == "id":
            where = f"{owner}.{error.value}" if owner else str(error.value)
        code = {"points": "points", "id": "duplicate-id", "grades": "grades"}.get(
            error.field, "construction"
        )
        if code == "grades":
            where = ""
        message = f"{error.field}={error.value!r} {error.expectation}"
        location = f"{path}:{item.line}" if item.line else str(path)
        findings.append(_finding(code, where, message, location))
    return findings


def lint_file(target: str | Path) -> LintReport:
    """Lint a rulebook by bundled id or file, even when the file fails to import.

    Args:
        target: A bundled rulebook id or the path of a rulebook file.

    Returns:
        The report; ``loaded`` is false when the rulebook fails its construction
        checks, whose errors are then findings with ``file:line``.

    >>> lint_file("wujin-2021-departments").exit_code
    0
    """
    text = str(target)
    bundled = _loading.bundled_rulebooks()
    path = bundled.get(text) or Path(text)
    try:
        book = _loading.load_rulebook(text)
    except Exception as error:  # any failure of a user's file is a finding
        first = error
    else:
        findings = lint(book)
        if path.is_file():
            findings = _locate(findings, path.resolve())
        return LintReport(text, str(path), book.id, True, findings)
    if not path.is_file():
        message = str(first)
        return LintReport(text, "", "", False, (_finding("construction", "", message),))
    path = path.resolve()
    try:
        book_or_none, found = _import_leniently(path)
    except Exception as error:  # reported with file:line, never a traceback
        line = _line_of(path, traceback.extract_tb(error.__traceback__))
        location = f"{path}:{line}" if line else str(path)
        where = error.path if isinstance(error, RulebookError) else ""
        message = (
            f"{error.field}={error.value!r} {error.expectation}"
            if isinstance(error, RulebookError) and error.field
            else (error.expectation if isinstance(error, RulebookError) else repr(error))
        )
        return LintReport(
            text, str(path), "", False, (_finding("construction", where, message, location),)
        )
    if book_or_none is None:
        return LintReport(
            text, str(path), "", False, (_finding("construction", "", str(first), str(path)),)
        )
    collected = _collected_findings(book_or_none, found, path)
    seen = {(f.code, f.path) for f in collected}
    rest = [f for f in _locate(lint(book_or_none), path) if (f.code, f.path) not in seen]
    if not collected:
        # The file failed for a reason the collector does not cover; say so first.
        collected = [_finding("construction", "", str(first), str(path))]
    return LintReport(text, str(path), book_or_none.id, False, (*collected, *rest))
