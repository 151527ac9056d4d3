"""``assessment-rules list``: the rulebooks that can be used, bundled and your own."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from rich.markup import escape
from rich.table import Table

from .._i18n import gettext as _
from ..engine._errors import AssessmentRulesError
from ..engine._loading import bundled_rulebooks, load_rulebook, rulebook_modules
from ..engine._numbers import fmt
from ..engine._rulebook import Rulebook
from ._common import EXIT_RULEBOOK, fail_cleanly, stdout_is_terminal
from ._render import render_rich

__all__ = ["list_rulebooks"]


def _candidates(paths: tuple[str, ...]) -> list[tuple[str, str]]:
    """``(name to load, where it comes from)`` for bundled ids and each rulebook module.

    Only the folder's rulebook modules (files assigning ``RULEBOOK`` at their top
    level, found without running them) are loaded: helper scripts are left alone.
    """
    found = [(rulebook_id, "bundled") for rulebook_id in sorted(bundled_rulebooks())]
    for directory in paths:
        for path in rulebook_modules(Path(directory)):
            found.append((str(path), str(path)))
    return found


@click.command("list")
@click.option(
    "--path",
    "paths",
    multiple=True,
    type=click.Path(exists=True, file_okay=False),
    help="Also list the rulebook modules in this directory: *.py files that assign "
    "RULEBOOK at their top level (other scripts are not run). Repeatable.",
)
@click.option(
    "--format",
    "fmt_",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text: a table (tab-separated when piped); json: for tools.",
)
@fail_cleanly
def list_rulebooks(paths: tuple[str, ...], fmt_: str) -> None:
    """List the rulebooks: id, title, year and full points.

    Use the id (or the file path) as RULEBOOK in the other commands. A file that does
    not load is reported on stderr with its error, and the exit code is 3.
    """
    books: list[tuple[Rulebook, str]] = []
    failures: list[str] = []
    for name, origin in _candidates(paths):
        try:
            books.append((load_rulebook(name), origin))
        except AssessmentRulesError as error:
            failures.append(
                _("error: {message}").format(message=_("rulebook: {error}").format(error=error))
            )
    if fmt_ == "json":
        records = [
            {
                "id": book.id,
                "title": book.title,
                "year": book.year,
                "points": format(book.points, "f"),
                "source": origin,
            }
            for book, origin in books
        ]
        click.echo(json.dumps(records, ensure_ascii=False, indent=2))
    elif stdout_is_terminal():
        table = Table(title=_("Rulebooks"))
        for column in (_("Id"), _("Title"), _("Year"), _("Points"), _("Source")):
            table.add_column(column)
        for book, origin in books:
            table.add_row(
                book.id, escape(book.title), str(book.year or ""), fmt(book.points), escape(origin)
            )
        click.echo(render_rich(table, color=True), nl=False)
    else:
        # Tab-separated for tools: the header row is field names, like JSON's, not text.
        click.echo("id\ttitle\tyear\tpoints\tsource")
        for book, origin in books:
            click.echo(f"{book.id}\t{book.title}\t{book.year or ''}\t{fmt(book.points)}\t{origin}")
    for failure in failures:
        click.echo(failure, err=True)
    if failures:
        sys.exit(EXIT_RULEBOOK)
