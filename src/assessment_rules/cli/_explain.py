"""``assessment-rules explain``: one unit's whole ledger, every point accounted for."""

from __future__ import annotations

import click

from ..engine._errors import EvidenceError
from ..io import dumps, load_evidence, unit_to_dict
from ._common import (
    OUTPUT_OPTION,
    fail_cleanly,
    open_rulebook,
    outline_format_option,
    score_cohort,
    stdout_is_terminal,
    write_output,
)
from ._outline import unit_outline
from ._render import render_outline

__all__ = ["explain"]


@click.command()
@click.argument("rulebook")
@click.argument("evidence", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--unit", "-u", "wanted", required=True, help="The unit's id (or its display name).")
@outline_format_option("the unit's result object as in `score --format json`")
@OUTPUT_OPTION
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
    evidence_set = load_evidence(evidence, book)
    unit = evidence_set.unit(wanted)
    try:
        result = book.evaluate(unit)
    except EvidenceError as error:
        raise evidence_set.locate(error) from None
    grade, note = result.grade, ""
    if book.quota is not None:
        # The 优秀 quota depends on the whole cohort: apply it only when every unit scores.
        try:
            ranked = score_cohort(book, evidence_set).ranked(unit.unit)
            grade, note = ranked.grade, ranked.grade_note
        except EvidenceError:
            note = "其他单位的证据有误，未按优秀比例调整等次（以 score 的结果为准）"
    if fmt == "json":
        content = dumps(unit_to_dict(result, None, grade, note)) + "\n"
    else:
        content = render_outline(
            unit_outline(result, book, grade, note),
            fmt,
            color=output is None and stdout_is_terminal(),
        )
    write_output(output, content)
