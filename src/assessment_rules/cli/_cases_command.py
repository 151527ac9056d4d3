"""``assessment-rules test``: run rulebook test cases written as YAML data."""

from __future__ import annotations

import sys

import click

from .._i18n import gettext as _
from ..yearly._cases import bundled_case_files, find_case_files, read_cases, run_case
from ._common import EXIT_FAILURES, fail_cleanly

__all__ = ["test"]


@click.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--quiet", "-q", is_flag=True, help="Print failing cases only.")
@fail_cleanly
def test(paths: tuple[str, ...], quiet: bool) -> None:
    """Run rulebook test cases from PATHS (YAML files or directories).

    Without PATHS, runs the cases bundled with the rulebooks. Each case names a
    rulebook, a unit's evidence and the expected total, grade and lost points; a
    failing case prints how the expected ledger differs from the actual one.

    Exit codes: 0 all passed, 1 a case failed, 3 a rulebook cannot load, 4 a case
    file is malformed.
    """
    files = find_case_files(paths) if paths else bundled_case_files()
    cases = [case for path in files for case in read_cases(path)]
    failed = 0
    for case in cases:
        outcome = run_case(case)
        if not outcome.passed:
            failed += 1
        if not quiet or not outcome.passed:
            click.echo(outcome.report())
    click.echo(
        _("{passed} passed, {failed} failed").format(passed=len(cases) - failed, failed=failed)
    )
    if failed or not cases:
        sys.exit(EXIT_FAILURES)
