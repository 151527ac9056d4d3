"""``assessment-rules score``: score a cohort from evidence files."""

from __future__ import annotations

import sys

import click

from .._cohort import assess
from ..io import cohort_to_dict, dumps, read_evidence_files
from ._common import fail_cleanly, open_rulebook, write_output
from ._render import cohort_table

__all__ = ["score"]


@click.command()
@click.argument("rulebook")
@click.argument("evidence", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="table: ranking with 失分原因 for people; json: the versioned result for tools.",
)
@click.option(
    "--output", "-o", type=click.Path(dir_okay=False), help="Write here instead of stdout."
)
@fail_cleanly
def score(rulebook: str, evidence: tuple[str, ...], fmt: str, output: str | None) -> None:
    """Score every unit in EVIDENCE against RULEBOOK and rank them.

    RULEBOOK is a bundled id (see `assessment-rules list`) or a Python file that
    defines RULEBOOK. Several EVIDENCE files (YAML or JSON, e.g. one per office)
    are merged by unit id; a fact given twice with different values is an error.
    Nothing is written unless every unit's evidence is valid.
    """
    book = open_rulebook(rulebook)
    evidences = read_evidence_files(evidence, book.id)
    cohort = assess(book, evidences)
    if fmt == "json":
        write_output(output, dumps(cohort_to_dict(cohort, book)) + "\n")
    else:
        write_output(
            output, cohort_table(cohort, book, color=output is None and sys.stdout.isatty())
        )
