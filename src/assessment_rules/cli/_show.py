"""``assessment-rules show``: a rulebook as a tree, with every rule spelled out."""

from __future__ import annotations

import json

import click

from ._common import fail_cleanly, open_rulebook, stdout_is_terminal, write_output
from ._outline import rulebook_dict, rulebook_outline
from ._render import outline_markdown, outline_rich, outline_text

__all__ = ["show"]


@click.command()
@click.argument("rulebook")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "md"]),
    default="text",
    show_default=True,
    help="text: a tree (coloured on a terminal, plain when piped); json: the tree, facts "
    "and grades for tools; md: nested Markdown lists.",
)
@click.option(
    "--output", "-o", type=click.Path(dir_okay=False), help="Write here instead of stdout."
)
@fail_cleanly
def show(rulebook: str, fmt: str, output: str | None) -> None:
    """Show RULEBOOK as a tree: sections and items with points, 扣完为止 caps, ★ clauses,
    一票否决 vetoes, 加分 with its limits, and the grade bands.

    The [names] after a clause are the facts the evidence must give for it (see
    `assessment-rules template`).
    """
    book = open_rulebook(rulebook)
    outline = rulebook_outline(book)
    if fmt == "json":
        content = json.dumps(rulebook_dict(book), ensure_ascii=False, indent=2) + "\n"
    elif fmt == "md":
        content = outline_markdown(outline)
    elif output is None and stdout_is_terminal():
        content = outline_rich(outline)
    else:
        content = outline_text(outline)
    write_output(output, content)
