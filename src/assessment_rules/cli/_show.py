"""``assessment-rules show``: a rulebook as a tree, with every rule spelled out."""

from __future__ import annotations

import json

import click

from .._i18n import use_language
from ._common import (
    OUTPUT_OPTION,
    fail_cleanly,
    open_rulebook,
    outline_format_option,
    stdout_is_terminal,
    write_output,
)
from ._outline import rulebook_dict, rulebook_outline
from ._render import render_outline

__all__ = ["show"]


@click.command()
@click.argument("rulebook")
@outline_format_option("the tree, facts and grades for tools")
@OUTPUT_OPTION
@fail_cleanly
def show(rulebook: str, fmt: str, output: str | None) -> None:
    """Show RULEBOOK as a tree: sections and items with points, 扣完为止 caps, ★ clauses,
    一票否决 vetoes, 加分 with its limits, and the grade bands.

    The [names] after a clause are the facts the evidence must give for it (see
    `assessment-rules template`).
    """
    book = open_rulebook(rulebook)
    if fmt == "json":
        content = json.dumps(rulebook_dict(book), ensure_ascii=False, indent=2) + "\n"
    elif fmt == "md":
        # Markdown is a document to file: Chinese whatever the language.
        with use_language("zh"):
            content = render_outline(rulebook_outline(book), fmt, color=False)
    else:
        content = render_outline(
            rulebook_outline(book), fmt, color=output is None and stdout_is_terminal()
        )
    write_output(output, content)
