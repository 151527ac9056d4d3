"""The ``assessment-rules`` command line: a thin layer over the library.

Exit codes: 0 success; 1 the command ran but found failures (for example failing
rulebook test cases); 2 wrong usage (unknown option, missing argument); 3 a rulebook
cannot be loaded or is malformed; 4 evidence or another input file is wrong. A user's
mistake never prints a traceback.
"""

from __future__ import annotations

import click

from ._common import EXIT_EVIDENCE, EXIT_RULEBOOK, EXIT_USAGE
from ._score import score

__all__ = ["EXIT_EVIDENCE", "EXIT_RULEBOOK", "EXIT_USAGE", "main"]


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="assessment-rules")
def main() -> None:
    """Score performance assessments (绩效考核) against rulebooks written as code.

    Every point lost or gained is explained (失分原因). Start with:

        assessment-rules score wujin-2021-departments examples/wujin-2021-departments.yaml
    """


main.add_command(score)
