"""The ``assessment-rules`` command line: a thin layer over the library.

Exit codes: 0 success; 1 the command ran but found failures (for example failing
rulebook test cases); 2 wrong usage (unknown option, missing argument, an ``--output``
that is refused); 3 a rulebook cannot be loaded or is malformed; 4 evidence or another
input file is wrong, or the output file cannot be written; 141 standard output was
closed by its reader (``| head``); 143 stopped by SIGTERM (temporary files removed).
A user's mistake never prints a traceback.

Messages, help and tables are in Chinese unless ``--lang en`` (before the command)
or ``ASSESSMENT_RULES_LANG=en`` asks for English (see ``_lang``).
"""

from __future__ import annotations

import click

from ._cases_command import test
from ._check import check
from ._common import EXIT_EVIDENCE, EXIT_RULEBOOK, EXIT_USAGE
from ._compare import compare
from ._diff import diff
from ._docs import docs
from ._explain import explain
from ._lang import LANG_OPTION, LocalizedGroup, localize_click
from ._list import list_rulebooks
from ._output import terminated_as_exit
from ._score import score
from ._selfeval import selfeval_table
from ._serve import serve
from ._show import show
from ._tasks import calendar_view, tasks
from ._template import template

__all__ = ["EXIT_EVIDENCE", "EXIT_RULEBOOK", "EXIT_USAGE", "main"]


localize_click()


@click.group(
    cls=LocalizedGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(package_name="assessment-rules")
@LANG_OPTION
@click.pass_context
def main(ctx: click.Context) -> None:
    """Score performance assessments (绩效考核) against rulebooks written as code.

    Every point lost or gained is explained (失分原因). Start with:

        assessment-rules score wujin-2021-departments examples/wujin-2021-departments.yaml
    """
    # SIGTERM unwinds the command like Ctrl-C, so no temporary file outlives it.
    ctx.with_resource(terminated_as_exit())


main.add_command(score)
main.add_command(check)
main.add_command(diff)
main.add_command(test)
main.add_command(docs)
main.add_command(tasks)
main.add_command(calendar_view)
main.add_command(list_rulebooks)
main.add_command(show)
main.add_command(template)
main.add_command(explain)
main.add_command(selfeval_table)
main.add_command(compare)
main.add_command(serve)
