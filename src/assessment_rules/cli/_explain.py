"""``assessment-rules explain``: one unit's whole ledger, every point accounted for."""

from __future__ import annotations

from contextlib import nullcontext

import click

from .._i18n import gettext as _
from .._i18n import use_language
from ..engine._errors import EvidenceError, Problem
from ..engine._evidence import Evidence
from ..io import EvidenceSet, dumps, load_evidence, unit_to_dict
from ._common import (
    HIDDEN_SHEETS_OPTION,
    OUTPUT_OPTION,
    fail_cleanly,
    include_hidden_sheets,
    open_rulebook,
    outline_format_option,
    score_cohort,
    stdout_is_terminal,
    write_output,
)
from ._outline import unit_outline
from ._render import render_outline

__all__ = ["choose_unit", "explain"]


def choose_unit(evidence_set: EvidenceSet, wanted: str) -> Evidence:
    """The unit whose id is *wanted*, else the one unit with that display name.

    Raises:
        EvidenceError: No such unit ("Did you mean …?"), or several units share the
            name (their ids and where each is, so one can be given instead).
    """
    for evidence in evidence_set.units:
        if evidence.unit == wanted:
            return evidence
    named = [evidence for evidence in evidence_set.units if evidence.name == wanted]
    if len(named) > 1:
        ids = _(", ").join(f"{e.unit!r}" + (f" ({e.source})" if e.source else "") for e in named)
        raise EvidenceError(
            [
                Problem(
                    "",
                    "unit",
                    wanted,
                    _("is the name of {count} units: {ids}; give one of their ids").format(
                        count=len(named), ids=ids
                    ),
                )
            ]
        )
    return evidence_set.unit(wanted)


@click.command()
@click.argument("rulebook")
@click.argument("evidence", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option(
    "--unit",
    "-u",
    "wanted",
    required=True,
    help="The unit's id (or its display name, when no other unit has it).",
)
@outline_format_option("the unit's result object as in `score --format json`")
@OUTPUT_OPTION
@HIDDEN_SHEETS_OPTION
@fail_cleanly
def explain(
    rulebook: str, evidence: tuple[str, ...], wanted: str, fmt: str, output: str | None
) -> None:
    """Explain how one unit got its score: every section and item with its points and
    score, every deduction and bonus with its reason, the clause as printed, the
    arithmetic (count × rate = raw; how much a 扣完为止 cap absorbed), vetoes and grade.

    Only the chosen unit needs valid evidence; its rank is not shown (use `score`).
    When the rulebook has an 优秀 quota, the grade after the quota is shown when every
    unit in EVIDENCE scores.

    \b
    Example:
      assessment-rules explain wujin-2021-departments 证据.xlsx --unit yjj
    """
    book = open_rulebook(rulebook)
    evidence_set = load_evidence(evidence, book, include_hidden_sheets=include_hidden_sheets())
    unit = choose_unit(evidence_set, wanted)
    try:
        result = book.evaluate(unit)
    except EvidenceError as error:
        raise evidence_set.locate(error) from None
    # Markdown is a document to file: Chinese whatever the language.
    with use_language("zh") if fmt == "md" else nullcontext():
        grade, note = result.grade, ""
        if book.quota is not None:
            # The 优秀 quota depends on the whole cohort: apply it only when every unit
            # scores.
            try:
                ranked = score_cohort(book, evidence_set).ranked(unit.unit)
                grade, note = ranked.grade, ranked.grade_note
            except EvidenceError:
                note = _(
                    "another unit's evidence has mistakes: the grade is not adjusted to the "
                    "优秀 quota (see `score` for the official result)"
                )
        if fmt == "json":
            content = dumps(unit_to_dict(result, None, grade, note, rulebook=book)) + "\n"
        else:
            content = render_outline(
                unit_outline(result, book, grade, note),
                fmt,
                color=output is None and stdout_is_terminal(),
            )
    write_output(output, content)
