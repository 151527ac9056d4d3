"""``assessment-rules compare``: a unit's self-evaluation against the assessor's score."""

from __future__ import annotations

import datetime as _dt
from decimal import Decimal
from typing import Any

import click
from rich.markup import escape
from rich.table import Table

from .._i18n import gettext as _
from .._i18n import ngettext
from ..cohorts._compare import ClauseDifference, UnitComparison, compare_cohorts
from ..engine._errors import EvidenceError, Problem
from ..engine._numbers import fmt
from ..engine._rulebook import Rulebook
from ..io import EvidenceSet, dumps, load_evidence
from ..io._cohort_json import decimal_text
from ..io._safe_text import visible
from ._common import (
    HIDDEN_SHEETS_OPTION,
    OUTPUT_OPTION,
    StyledText,
    fail_cleanly,
    include_hidden_sheets,
    open_rulebook,
    stdout_is_terminal,
    write_output,
)
from ._render import render_rich

__all__ = ["compare", "comparison_table", "comparisons_to_dict"]


def _signed(value: Decimal) -> str:
    return ("+" if value > 0 else "") + fmt(value)


def _json_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return decimal_text(value)
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [_json_value(item) for item in value]
    return value


def comparisons_to_dict(
    comparisons: tuple[UnitComparison, ...], rulebook: Rulebook
) -> dict[str, Any]:
    """The JSON document: for each unit both totals and every clause that differs.

    Numbers are decimal strings in their shortest exact text (as in the result
    document); ``difference`` is assessor − self.
    """
    return {
        "schema": "assessment-rules/comparison",
        "rulebook": {"id": rulebook.id, "title": rulebook.title},
        "units": [
            {
                "id": c.unit,
                "name": c.name,
                "self_total": decimal_text(c.self_result.total),
                "assessor_total": decimal_text(c.assessor_result.total),
                "difference": decimal_text(c.difference),
                "self_grade": c.self_result.grade,
                "assessor_grade": c.assessor_result.grade,
                "clauses": [
                    {
                        "path": d.path,
                        "title": d.title,
                        "kind": d.kind,
                        "self_points": decimal_text(d.self_points),
                        "assessor_points": decimal_text(d.assessor_points),
                        "difference": decimal_text(d.difference),
                        "self_reason": d.self_reason,
                        "assessor_reason": d.assessor_reason,
                        "source": d.source,
                    }
                    for d in c.clauses
                ],
                "facts": [
                    {
                        "name": f.name,
                        "label": f.label,
                        "self": _json_value(f.self_value),
                        "assessor": _json_value(f.assessor_value),
                    }
                    for f in c.facts
                ],
            }
            for c in comparisons
        ],
    }


def _summary(comparison: UnitComparison) -> str:
    """Both totals and grades, and the gap, in the current language (the Chinese reads
    as :attr:`UnitComparison.summary`)."""
    return ngettext(
        "{unit}: self-evaluation {mine} ({my_grade}), assessor {theirs} ({their_grade}), "
        "a gap of {gap}, {count} clause differs",
        "{unit}: self-evaluation {mine} ({my_grade}), assessor {theirs} ({their_grade}), "
        "a gap of {gap}, {count} clauses differ",
        len(comparison.clauses),
    ).format(
        unit=comparison.name or comparison.unit,
        mine=fmt(comparison.self_result.total),
        my_grade=comparison.self_result.grade,
        theirs=fmt(comparison.assessor_result.total),
        their_grade=comparison.assessor_result.grade,
        gap=_signed(comparison.difference),
        count=len(comparison.clauses),
    )


def _veto_text(clause: ClauseDifference) -> str:
    if clause.assessor_reason:
        return _("the assessor's score triggers the veto")
    return _("the self-evaluation triggers the veto, the assessor's score does not")


def comparison_table(
    comparisons: tuple[UnitComparison, ...], rulebook: Rulebook, *, color: bool = True
) -> str:
    """Render each unit's totals and a table of the clauses where the scores differ."""
    head = _("{title} ({id}): self-evaluation against the assessor's score").format(
        title=rulebook.title, id=rulebook.id
    )
    parts: list[str] = [visible(head) + "\n"]
    veto = _("veto")
    for comparison in comparisons:
        parts.append(visible(_summary(comparison)) + "\n")
        if comparison.agreed:
            parts.append("  " + _("every clause scores the same") + "\n")
            continue
        table = Table(show_lines=True)
        table.add_column(_("Clause"), overflow="fold")
        table.add_column(_("Self"), justify="right", no_wrap=True)
        table.add_column(_("Assessor"), justify="right", no_wrap=True)
        table.add_column(_("Gap"), justify="right", no_wrap=True)
        table.add_column(_("Assessor's reason / self-evaluation's note"), ratio=1, overflow="fold")
        for clause in comparison.clauses:
            reason = clause.assessor_reason or _("(self-evaluation: {reason})").format(
                reason=clause.self_reason
            )
            table.add_row(
                escape(visible(f"{clause.title}\n{clause.path}")),
                veto
                if clause.kind == "veto" and clause.self_reason
                else _signed(clause.self_points),
                veto
                if clause.kind == "veto" and clause.assessor_reason
                else _signed(clause.assessor_points),
                escape(visible(_veto_text(clause)))
                if clause.kind == "veto"
                else _signed(clause.difference),
                escape(visible(reason)),
            )
        parts.append(render_rich(table, color=color))
    text = "".join(parts)
    return StyledText(text) if color else text


def _located(error: EvidenceError, sides: tuple[EvidenceSet, ...]) -> EvidenceError:
    """*error* with each problem naming the cell or line of its own side's file."""
    problems: list[Problem] = []
    for problem in error.problems:
        side = next(
            (s for s in sides if any(problem.source.startswith(f.path) for f in s.files)), None
        )
        problems += side.locate(EvidenceError([problem])).problems if side else [problem]
    return EvidenceError(problems)


@click.command()
@click.argument("rulebook")
@click.argument("self_evidence", metavar="SELF", type=click.Path(dir_okay=False))
@click.argument("assessor_evidence", metavar="ASSESSOR", type=click.Path(dir_okay=False))
@click.option(
    "--format",
    "fmt_",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="table: each unit's totals and the clauses that differ; json: the same for tools.",
)
@OUTPUT_OPTION
@HIDDEN_SHEETS_OPTION
@fail_cleanly
def compare(
    rulebook: str, self_evidence: str, assessor_evidence: str, fmt_: str, output: str | None
) -> None:
    """Compare the units' self-evaluation (SELF) with the assessor's evidence (ASSESSOR).

    Both files are scored against RULEBOOK; for each unit every clause where the two
    scores differ is listed with the points (差额 = 考核 − 自评), and every fact the two
    sides gave differently. Units are matched by id.

    \b
    Example:
      assessment-rules compare putuo-2024-streets 自评.yaml 考核.yaml
    """
    book = open_rulebook(rulebook)
    mine = load_evidence([self_evidence], book, include_hidden_sheets=include_hidden_sheets())
    theirs = load_evidence([assessor_evidence], book, include_hidden_sheets=include_hidden_sheets())
    try:
        comparisons = compare_cohorts(book, mine.units, theirs.units)
    except EvidenceError as error:
        raise _located(error, (mine, theirs)) from None
    if fmt_ == "json":
        content = dumps(comparisons_to_dict(comparisons, book)) + "\n"
    else:
        content = comparison_table(comparisons, book, color=output is None and stdout_is_terminal())
    write_output(output, content)
