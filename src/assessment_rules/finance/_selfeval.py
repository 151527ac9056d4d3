"""The project-expenditure self-evaluation form (财政项目支出绩效自评表) as a rulebook.

Every project's table has the same rules (a 10-point budget-execution row, 90 points
of performance indicators, the 优/良/中/差 bands) but its own indicator rows, set when
the project's performance targets were approved. :class:`SelfEvaluationForm` is a
``Rulebook`` whose tree holds one :class:`~assessment_rules.finance.IndicatorTable`: each unit
(project) declares its rows in the evidence fact ``indicators``, exactly as the table
prints them, and the form builds that unit's concrete rulebook from them. Everything
else works as for any rulebook: one cohort, one ``score`` command, one JSON result.

The evidence of one project::

    budget_start: 22.50          # 年初预算数 (年度资金总额)
    budget: 24.38                # 全年预算数
    executed: 23.36              # 全年执行数
    appropriation: [22.50, 24.38, 23.36]   # 其中：当年财政拨款 (年初, 全年预算, 全年执行)
    carryover: [0.00, 0.00, 0.00]          # 上年结转资金
    other: [0.00, 0.00, 0.00]              # 其他资金
    department: 上海市普陀区应急管理局       # 主管部门
    implementer: 上海市普陀区应急管理局      # 实施单位
    goal: 保障援滇干部经费                   # 年度总体目标：预期目标
    achieved: 本年度有2名援滇干部……          # 年度总体目标：实际完成情况
    indicators:
      - {group: 产出指标, category: 数量指标, indicator: 覆盖度,
         target: "=100.00(百分比)", actual: "100.00(百分比)", points: 15.00}
      - {group: 产出指标, category: 质量指标, indicator: 有效性,
         target: 有效, actual: 达成指标, points: 15.00, score: 15.00}
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from functools import lru_cache
from typing import Any, Final, TypeVar

import attrs

from ..combinators._criteria import ExecutionRateScore
from ..engine._errors import EvidenceError, Problem, RulebookError, did_you_mean
from ..engine._evidence import Evidence, check_evidence
from ..engine._facts import Fact, FactValueError
from ..engine._node import Node
from ..engine._numbers import ZERO, as_decimal, fmt
from ..engine._results import UnitResult
from ..engine._rulebook import Rulebook
from ._indicators import (
    IndicatorRow,
    IndicatorTable,
    QualitativeIndicator,
    QuantitativeIndicator,
    Target,
    looks_quantitative,
    parse_quantity,
    parse_target,
)
from ._selfeval_table import (
    BUDGET_START,
    FUNDS_ROWS,
    INDICATORS,
    SelfEvaluationTable,
    build_table,
)

__all__ = [
    "FORM_TEXTS",
    "FUNDS_ROWS",
    "INDICATOR_FIELDS",
    "SelfEvaluationForm",
]

FORM_TEXTS: Final[tuple[tuple[str, str], ...]] = (
    ("department", "主管部门"),
    ("implementer", "实施单位"),
    ("goal", "年度总体目标：预期目标"),
    ("achieved", "年度总体目标：实际完成情况"),
)
"""The texts the form prints but never scores: fact name and label."""

INDICATOR_FIELDS: Final[tuple[tuple[str, str], ...]] = (
    ("group", "一级指标"),
    ("category", "二级指标"),
    ("indicator", "三级指标"),
    ("target", "年度指标值"),
    ("actual", "实际完成值"),
    ("points", "分值"),
    ("score", "得分（定性指标，评价人在档次内给分）"),
    ("deviation", "偏差原因分析及改进措施"),
)
"""The keys of one row of ``indicators`` and what each holds."""

_ROW_KEYS: Final = tuple(key for key, _ in INDICATOR_FIELDS)
_ROW_LABELS: Final = dict(INDICATOR_FIELDS)
_Child = TypeVar("_Child", bound=Node)


def _funds_facts() -> tuple[Fact, ...]:
    start = Fact(BUDGET_START, "年度资金总额：年初预算数", kind="amount", unit="万元")
    rows = tuple(
        Fact(
            name,
            label,
            kind="amounts",
            default=(),
            unit="万元",
            help="三个数：年初预算数、全年预算数、全年执行数",
        )
        for name, label in FUNDS_ROWS
    )
    return (start, *rows)


FUNDS_FACTS: Final = _funds_facts()


def _direct(children: tuple[Node, ...], kind: type[_Child], owner: str, what: str) -> _Child:
    found = [child for child in children if isinstance(child, kind)]
    if len(found) != 1:
        raise RulebookError(
            owner, "children", len(found), f"must hold exactly one {kind.__name__} ({what})"
        )
    return found[0]


@lru_cache(maxsize=256)
def _concrete(form: SelfEvaluationForm, table: Node) -> Rulebook:
    """The plain rulebook of one unit: the form with its rows in place of the table."""
    # Copy every init field, so settings added to Rulebook later carry over too.
    arguments: dict[str, Any] = {
        str(field.alias): getattr(form, field.name)
        for field in attrs.fields(Rulebook)
        if field.init
    }
    arguments["children"] = tuple(
        table if isinstance(child, IndicatorTable) else child for child in form.children
    )
    return Rulebook(**arguments)


@attrs.frozen(repr=False, cache_hash=True)
class SelfEvaluationForm(Rulebook):
    """A ``Rulebook`` for forms whose indicator rows each unit declares itself.

    Its children hold exactly one :class:`~assessment_rules.ExecutionRateScore` (the
    项目资金 row) and one :class:`~assessment_rules.finance.IndicatorTable` (the indicator
    rows). Each unit's evidence gives its rows under ``indicators`` (keys in
    :data:`INDICATOR_FIELDS`), the funds breakdown (:data:`FUNDS_ROWS`, optional, all
    three or none) and the printed texts (:data:`FORM_TEXTS`, optional). Scoring a
    unit builds and caches the plain rulebook of its rows, so results, ledgers and
    paths (``indicators.output.quantity``) are those of an ordinary rulebook.
    ``check`` and ``check_all`` check the rows too, and return each unit's values with
    its built indicator table under ``indicators``.

    Args are those of :class:`~assessment_rules.Rulebook`.

    Raises:
        RulebookError: The children do not hold one execution row and one table.

    >>> from assessment_rules import ExecutionRateScore

    >>> from assessment_rules.engine import FINANCE_GRADES

    >>> from assessment_rules.finance import IndicatorTable
    >>> form = SelfEvaluationForm("demo-selfeval", "财政项目支出绩效自评表", children=(
    ...     ExecutionRateScore("execution", "预算执行率", points="10"),
    ...     IndicatorTable("indicators", "绩效指标", points="90")), grades=FINANCE_GRADES)
    >>> form.evaluate({"budget_start": "10", "budget": "10", "executed": "9.5",
    ...     "indicators": [{"group": "产出指标", "category": "数量指标", "indicator": "覆盖度",
    ...                     "target": "≥90.00(百分比)", "actual": "100.00(百分比)",
    ...                     "points": "90"}]}).total
    Decimal('99.50')
    """

    def __attrs_post_init__(self) -> None:
        super().__attrs_post_init__()
        _direct(self.children, ExecutionRateScore, self.id, "the 项目资金 row")
        _direct(self.children, IndicatorTable, self.id, "the indicator rows")

    @property
    def execution(self) -> ExecutionRateScore:
        """The budget-execution row (项目资金)."""
        return _direct(self.children, ExecutionRateScore, self.id, "the 项目资金 row")

    @property
    def table(self) -> IndicatorTable:
        """The indicator table whose rows each unit declares."""
        return _direct(self.children, IndicatorTable, self.id, "the indicator rows")

    @property
    def facts(self) -> Mapping[str, Fact]:
        """The scored facts and the printed funds facts (rows go under ``indicators``)."""
        merged = dict(super().facts)
        for fact in FUNDS_FACTS:
            merged.setdefault(fact.name, fact)
        return merged

    @property
    def fact_paths(self) -> Mapping[str, tuple[str, ...]]:
        """Rule paths per fact; the printed funds facts belong to the 项目资金 row."""
        paths = dict(super().fact_paths)
        for fact in FUNDS_FACTS:
            paths.setdefault(fact.name, (self.execution.id,))
        return paths

    def concrete(self, table: Node) -> Rulebook:
        """Return the plain rulebook of one unit's built indicator table (cached)."""
        return _concrete(self, table)

    def evaluate_checked(self, values: Mapping[str, Any], unit: str, name: str = "") -> UnitResult:
        """Score values returned by :meth:`check` with the project's own rulebook."""
        table = values.get(INDICATORS)
        # check() puts the unit's rows there as a part (IndicatorTable.build).
        if not isinstance(table, Node) or table.sheet_role != "part":
            raise EvidenceError(
                [Problem(unit, INDICATORS, table, "must be the table built by check()")]
            )
        return self.concrete(table).evaluate_checked(values, unit, name)

    def tables(self, evidences: Iterable[Evidence]) -> tuple[SelfEvaluationTable, ...]:
        """Score every project and return its 自评表, in evidence order.

        Raises:
            EvidenceError: Any project's evidence is wrong (every problem listed).
        """
        batch = list(evidences)
        checked = self.check_all(batch)
        return tuple(
            build_table(self, values, self.evaluate_checked(values, evidence.unit, evidence.name))
            for evidence, values in zip(batch, checked, strict=True)
        )

    def _check(self, evidence: Evidence) -> tuple[dict[str, Any], list[Problem]]:
        """Check a project in two independent parts, so every problem shows at once.

        The form's own facts (funds, budget, executed) go through the engine's
        evidence check; the rows are parsed, built and their facts checked leaf by leaf.
        """
        unit, source = evidence.unit, evidence.source
        facts = dict(evidence.facts)
        problem = _Collector(unit, source)
        texts: dict[str, str] = {}
        for name, _label in FORM_TEXTS:
            text = facts.pop(name, None)
            if text is None:
                texts[name] = ""
            elif isinstance(text, str):
                texts[name] = text.strip()
            else:
                problem(name, text, "must be text")
        raw_rows = facts.pop(INDICATORS, None)
        values, found = check_evidence(self, Evidence(unit, facts, evidence.name, source))
        problem.found.extend(found)
        _funds_problems(self.execution, values, problem)
        built = self._rows(raw_rows, problem, values)
        values.update(texts)
        if built is not None:
            values[INDICATORS] = built
        return values, problem.found

    def _rows(self, raw: object, problem: _Collector, values: dict[str, Any]) -> Node | None:
        """Parse, build and check the ``indicators`` rows; add their facts to *values*."""
        if raw is None:
            problem(INDICATORS, None, "is missing: 绩效指标 (a list of indicator rows)")
            return None
        if not isinstance(raw, list | tuple) or not raw:
            problem(INDICATORS, raw, "must be a non-empty list of indicator rows")
            return None
        table = self.table
        rows: list[IndicatorRow] = []
        measures: list[dict[str, object]] = []
        ok = True
        for number, record in enumerate(raw, start=1):
            parsed = _parse_row(table, record, f"{INDICATORS}[{number}]", problem)
            if parsed is None:
                ok = False
                continue
            rows.append(parsed[0])
            measures.append(parsed[1])
        if not ok:
            return None
        total = sum((row.points for row in rows), ZERO)
        if total != table.points:
            detail = " + ".join(fmt(row.points) for row in rows)
            problem(
                INDICATORS,
                fmt(total),
                f"分值 must add up to {fmt(table.points)} ({detail} = {fmt(total)})",
            )
            return None
        built = table.build(rows)
        leaves = {
            leaf.fact_name: (path, leaf)
            for path, leaf in built.walk()
            if isinstance(leaf, QuantitativeIndicator | QualitativeIndicator)
        }
        spots = table.places_for(rows)
        for number, ((group, leaf_id), measure) in enumerate(zip(spots, measures, strict=True), 1):
            path, leaf = leaves[f"{group}_{leaf_id}"]
            _check_leaf(
                leaf, path, measure, f"{INDICATORS}[{number}]", problem=problem, values=values
            )
        return built


class _Collector:
    """Collects one unit's problems; rows' problems carry the ``indicators`` path."""

    def __init__(self, unit: str, source: str) -> None:
        self.unit = unit
        self.source = source
        self.found: list[Problem] = []

    def __call__(
        self,
        fact: str,
        value: object,
        expectation: str,
        hint: str = "",
        paths: tuple[str, ...] | None = None,
    ) -> None:
        if paths is None:
            paths = (INDICATORS,) if fact.startswith(INDICATORS) else ()
        self.found.append(Problem(self.unit, fact, value, expectation, paths, hint, self.source))


def _parse_row(
    table: IndicatorTable, record: object, where: str, problem: _Collector
) -> tuple[IndicatorRow, dict[str, object]] | None:
    """One row: its definition and its measured side, or None after reporting problems."""
    if not isinstance(record, Mapping):
        problem(where, record, "must be a mapping with keys " + ", ".join(_ROW_KEYS))
        return None
    ok = True
    for key in record:
        if key not in _ROW_KEYS:
            problem(
                f"{where}.{key}",
                record[key],
                "is not a key of an indicator row",
                did_you_mean(str(key), _ROW_KEYS),
            )
            ok = False
    texts: dict[str, str] = {}
    for key in ("group", "category", "indicator", "target"):
        value = record.get(key)
        if isinstance(value, int | Decimal) and not isinstance(value, bool) and key == "indicator":
            value = str(value)  # a 三级指标 printed as a bare number, e.g. "2"
        if not isinstance(value, str) or not value.strip():
            problem(f"{where}.{key}", value, f"must be text ({_ROW_LABELS[key]})")
            ok = False
        else:
            texts[key] = value.strip()
    for key, lookup in (("group", table.group_id), ("category", table.category_id)):
        if key in texts:
            try:
                lookup(texts[key])
            except RulebookError as error:
                problem(f"{where}.{key}", texts[key], error.expectation, error.hint)
                ok = False
    target: Target | None = None
    if "target" in texts and looks_quantitative(texts["target"]):
        try:
            target = parse_target(texts["target"])
        except RulebookError as error:
            problem(f"{where}.target", texts["target"], error.expectation)
            ok = False
    points = _points(record.get("points"))
    if points is None:
        problem(f"{where}.points", record.get("points"), "must be a number > 0 (分值)")
        ok = False
    outcomes = tuple(band.title for band in table.bands)
    measure = _row_measure(
        record, "target" in texts, target, where, outcomes=outcomes, problem=problem
    )
    if not ok or measure is None or points is None:
        return None
    row = IndicatorRow(
        texts["group"], texts["category"], texts["indicator"], texts["target"], points
    )
    return row, measure


def _points(value: object) -> Decimal | None:
    try:
        number = as_decimal(value)
    except (TypeError, ValueError):
        return None
    return number if number > 0 else None


def _row_measure(
    record: Mapping[str, Any],
    has_target: bool,
    target: Target | None,
    where: str,
    *,
    outcomes: tuple[str, ...],
    problem: _Collector,
) -> dict[str, object] | None:
    """The measured side of a row (actual, score, deviation), or None after a problem."""
    measure: dict[str, object] = {}
    ok = True
    deviation = record.get("deviation")
    if deviation is None or deviation == "":
        measure["deviation"] = ()
    elif isinstance(deviation, str):
        measure["deviation"] = (deviation.strip(),)  # one text, never split at commas
    else:
        problem(f"{where}.deviation", deviation, "must be text (偏差原因分析及改进措施)")
        ok = False
    actual = record.get("actual")
    quantitative = target is not None or (
        has_target and looks_quantitative(str(record.get("target")))
    )
    if actual is None:
        problem(f"{where}.actual", None, "is missing: 实际完成值")
        ok = False
    elif quantitative:
        number, unit = _actual_quantity(actual)
        if number is None:
            problem(
                f"{where}.actual",
                actual,
                "must be a number ≥ 0 with an optional (unit), e.g. '100.00(百分比)'",
            )
            ok = False
        elif target is not None and unit and unit != target.unit:
            problem(f"{where}.actual", actual, f"must be in the target's unit ({target.unit})")
            ok = False
        else:
            measure["actual"] = number
    elif not isinstance(actual, str) or actual.strip() not in outcomes:
        problem(
            f"{where}.actual",
            actual,
            "must be the outcome of a qualitative indicator: " + "、".join(outcomes),
            did_you_mean(actual, outcomes) if isinstance(actual, str) else "",
        )
        ok = False
    else:
        measure["actual"] = actual.strip()
    if quantitative and "score" in record:
        problem(
            f"{where}.score",
            record["score"],
            "is computed for a quantitative indicator from 年度指标值 and 实际完成值; leave it out",
        )
        ok = False
    elif has_target and not quantitative:
        if record.get("score") is None:
            problem(
                f"{where}.score",
                None,
                "is missing: a qualitative indicator's 得分 is given by the assessor "
                "within the band of its outcome",
            )
            ok = False
        else:
            measure["score"] = record["score"]
    return measure if ok else None


def _actual_quantity(actual: object) -> tuple[Decimal | None, str]:
    if isinstance(actual, Decimal | int) and not isinstance(actual, bool):
        number, unit = as_decimal(actual), ""
    elif isinstance(actual, str):
        try:
            number, unit = parse_quantity(actual)
        except ValueError:
            return None, ""
    else:
        return None, ""
    return (number, unit) if number >= 0 else (None, unit)


def _check_leaf(
    leaf: QuantitativeIndicator | QualitativeIndicator,
    path: str,
    measure: Mapping[str, object],
    where: str,
    *,
    problem: _Collector,
    values: dict[str, Any],
) -> None:
    """Coerce one row's facts as its leaf declares them, then run the leaf's cross-check."""
    names: dict[str, str] = {}
    ok = True
    for fact in leaf.own_facts():
        key = {leaf.fact_name: "actual", f"{leaf.fact_name}_score": "score"}.get(
            fact.name, "deviation"
        )
        names[fact.name] = f"{where}.{key}"
        raw = measure.get(key)
        try:
            values[fact.name] = fact.default if raw is None else fact.coerce(raw)
        except FactValueError as error:
            problem(f"{where}.{key}", raw, error.expectation, error.hint, (path,))
            ok = False
    if ok:
        for name, value, expectation in leaf.cross_check(values):
            problem(names.get(name, name), value, expectation, paths=(path,))


def _funds_problems(
    execution: ExecutionRateScore, values: Mapping[str, Any], problem: _Collector
) -> None:
    """The breakdown rows: three numbers each, all three rows or none, adding up."""
    before = len(problem.found)
    given: dict[str, tuple[Decimal, ...]] = {
        name: tuple(values.get(name) or ()) for name, _ in FUNDS_ROWS
    }
    present = [name for name, row in given.items() if row]
    for name in present:
        if len(given[name]) != 3:
            problem(
                name,
                [fmt(part) for part in given[name]],
                "must be three numbers: 年初预算数, 全年预算数, 全年执行数",
            )
    for name, row in given.items():
        if len(row) == 3 and row[1] == 0 and row[2] > 0:
            problem(
                name,
                [fmt(part) for part in row],
                "has 全年执行数 > 0 but 全年预算数 0: no execution rate can be printed",
            )
    if present and len(present) != len(given):
        for name in given:
            if name not in present:
                problem(
                    name,
                    None,
                    "is missing: give all three breakdown rows (当年财政拨款, "
                    "上年结转资金, 其他资金) or none",
                )
    totals = (
        values.get(BUDGET_START),
        values.get(execution.budget),
        values.get(execution.executed),
    )
    added = len(problem.found) > before
    if added or not present or not all(isinstance(total, Decimal) for total in totals):
        return
    columns = (
        (BUDGET_START, "年初预算数"),
        (execution.budget, "全年预算数"),
        (execution.executed, "全年执行数"),
    )
    sums = zip(columns, totals, zip(*given.values(), strict=True), strict=True)
    for (fact, column), total, parts in sums:
        if sum(parts, ZERO) != total:
            problem(
                fact,
                total,
                f"must equal the breakdown of {column} "
                f"({' + '.join(fmt(part) for part in parts)} = {fmt(sum(parts, ZERO))})",
            )
