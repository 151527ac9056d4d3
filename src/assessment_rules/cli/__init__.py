"""The ``assessment-rules`` command line: a thin layer over the library.

Exit codes: 0 success; 1 the command ran but found failures (for example failing
rulebook test cases); 2 wrong usage (unknown option, missing argument, an ``--output``
that is refused); 3 a rulebook cannot be loaded or is malformed; 4 evidence or another
input file is wrong, or the output file cannot be written; 141 standard output was
closed by its reader (``| head``); 143 stopped by SIGTERM (temporary files removed).
A user's mistake never prints a traceback.

The console script runs :func:`run`: ``main`` with a batch run's garbage collector
and no interpreter teardown after the output is complete (see ``_process``);
calling ``main`` from Python runs the same commands with the interpreter's defaults.

Messages, help and tables are in Chinese unless ``--lang en`` (before the command)
or ``ASSESSMENT_RULES_LANG=en`` asks for English (see ``_lang``).
"""

from __future__ import annotations

import click

from ._exit_codes import EXIT_EVIDENCE, EXIT_RULEBOOK, EXIT_USAGE
from ._lang import LANG_OPTION, LocalizedContext, LocalizedGroup, localize_click
from ._lazy_commands import LazyCommands
from ._process import run

__all__ = ["EXIT_EVIDENCE", "EXIT_RULEBOOK", "EXIT_USAGE", "main", "run"]


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
    from ._output import terminated_as_exit  # noqa: PLC0415 - with the command, not at import

    # SIGTERM unwinds the command like Ctrl-C, so no temporary file outlives it.
    ctx.with_resource(terminated_as_exit())


# Each command's module is imported when the command is run or its help is shown
# (see ``_lazy_commands``): ``score`` does not wait for the web server's imports.
main.commands = LazyCommands(
    __name__,
    {
        "score": "._score:score",
        "check": "._check:check",
        "diff": "._diff:diff",
        "test": "._cases_command:test",
        "docs": "._docs:docs",
        "tasks": "._tasks:tasks",
        "calendar": "._tasks:calendar_view",
        "list": "._list:list_rulebooks",
        "show": "._show:show",
        "template": "._template:template",
        "explain": "._explain:explain",
        "selfeval-table": "._selfeval:selfeval_table",
        "compare": "._compare:compare",
        "serve": "._serve:serve",
    },
    prepare=LocalizedContext.adopt,
)
