"""``assessment-rules check``: lint a rulebook (works on files that fail to import)."""

from __future__ import annotations

import sys

import click

from ..io import dumps
from ..yearly._lint import lint_file
from ._common import OUTPUT_OPTION, write_output

__all__ = ["check"]


@click.command()
@click.argument("rulebook")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text: one line per finding; json: the findings for tools.",
)
@OUTPUT_OPTION
def check(rulebook: str, fmt: str, output: str | None) -> None:
    """Lint RULEBOOK (a bundled id or a rulebook file) and list every finding.

    Each finding names the node's dotted path and has a declared severity: points
    that do not add up, grade bands with gaps or overlaps, unreachable grades, caps
    that never or always bind, items that can go below zero without CapAt, criteria
    reading the same fact, nodes without a source.

    Exit codes: 0 no errors (warnings allowed), 1 errors found, 3 the rulebook cannot
    load (its construction errors are listed with file:line).
    """
    report = lint_file(rulebook)
    if fmt == "json":
        write_output(output, dumps(report.as_dict()) + "\n")
    else:
        write_output(output, report.as_text())
    sys.exit(report.exit_code)
