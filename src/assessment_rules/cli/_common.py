"""Shared CLI plumbing: exit codes, clean error reporting, safe output files, progress."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import wraps
from pathlib import Path
from typing import Any, Final, TypeVar

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

from .._i18n import N_
from .._i18n import gettext as _
from ..cohorts._cohort import Cohort, assess
from ..engine._errors import AssessmentRulesError, EvidenceError, RulebookError
from ..engine._loading import load_rulebook
from ..engine._rulebook import Rulebook
from ..io import EvidenceSet
from ..io._safe_text import visible
from ._exit_codes import EXIT_EVIDENCE, EXIT_FAILURES, EXIT_RULEBOOK, EXIT_USAGE
from ._lang import TemplatedHelpOption
from ._output import (
    SUFFIX_FORMATS,
    OutputFileError,
    StyledText,
    WriteTo,
    end_quietly_on_broken_pipe,
    settle_output,
    write_output,
)

__all__ = [
    "BINARY_FORMATS",
    "BINARY_OUTPUT_OPTION",
    "EXIT_EVIDENCE",
    "EXIT_FAILURES",
    "EXIT_RULEBOOK",
    "EXIT_USAGE",
    "OUTPUT_OPTION",
    "PROGRESS_MIN_UNITS",
    "StyledText",
    "WriteTo",
    "fail_cleanly",
    "format_from_output",
    "open_rulebook",
    "outline_format_option",
    "progress",
    "require_file_or_pipe",
    "score_cohort",
    "stderr_console",
    "stdout_is_terminal",
    "write_output",
]


F = TypeVar("F", bound=Callable[..., Any])


def _fail(message: str, code: int) -> None:
    click.echo(_("error: {message}").format(message=visible(message)), err=True)
    sys.exit(code)


def fail_cleanly(command: F) -> F:
    """Check ``--output`` before the command runs (see ``_output``), and turn library
    errors into a message on stderr and a documented exit code.

    Every message is made visible (control characters as ``\\uXXXX``), so a unit
    named with an escape sequence cannot drive the terminal that shows the error.
    """

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            ctx = click.get_current_context(silent=True)
            if ctx is not None:
                settle_output(ctx, kwargs)
            return command(*args, **kwargs)
        except BrokenPipeError:
            end_quietly_on_broken_pipe()
        except OutputFileError as error:
            _fail(error.message, EXIT_EVIDENCE)
        except click.ClickException as error:
            setattr(error, "message", visible(error.message))  # noqa: B010 - a Final attribute
            raise
        except RulebookError as error:
            _fail(_("rulebook: {error}").format(error=error), EXIT_RULEBOOK)
        except AssessmentRulesError as error:
            _fail(str(error), EXIT_EVIDENCE)
        except OSError as error:
            # A file that cannot be read or written (no permission, disk full) is the
            # user's environment, not a bug: say which file and why.
            reason = error.strerror or str(error)
            if error.filename:
                text = _("cannot write or read {file!r}: {reason}").format(
                    file=error.filename, reason=reason
                )
            else:
                text = _("cannot write or read: {reason}").format(reason=reason)
            _fail(text, EXIT_EVIDENCE)

    return wrapper  # type: ignore[return-value]


BINARY_FORMATS: Final = frozenset({"xlsx", "docx"})
PROGRESS_MIN_UNITS: Final = 200
OUTPUT_OPTION: Final = click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False),
    help="Write here instead of stdout (written whole or not at all; never over an input "
    "file, a link or a device).",
)
"""The ``--output`` option of commands that write text (see :func:`write_output`)."""

BINARY_OUTPUT_OPTION: Final = click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False),
    help="Write here instead of stdout (written whole or not at all; never over an input "
    "file, a link or a device). Required for xlsx and docx on a terminal.",
)
"""The ``--output`` option of commands that can write a workbook (xlsx)."""


def _remember_hidden_sheets(ctx: click.Context, _param: click.Parameter, value: bool) -> bool:
    ctx.meta["include_hidden_sheets"] = bool(value)
    return value


HIDDEN_SHEETS_OPTION: Final = click.option(
    "--include-hidden-sheets",
    is_flag=True,
    expose_value=False,
    callback=_remember_hidden_sheets,
    help="Also read hidden sheets, rows and columns of XLSX evidence (by default any that "
    "hold values are refused: hidden values are easily stale and nobody sees them).",
)
"""The ``--include-hidden-sheets`` flag of commands that read evidence workbooks; read it
with :func:`include_hidden_sheets` (it is the API keyword of the same name)."""


def include_hidden_sheets() -> bool:
    """Whether the running command was given ``--include-hidden-sheets``."""
    ctx = click.get_current_context(silent=True)
    return bool(ctx is not None and ctx.meta.get("include_hidden_sheets", False))


def outline_format_option(json_help: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """The ``--format`` option of commands that print a tree (see ``render_outline``).

    Args:
        json_help: What ``--format json`` writes instead of the tree.
    """
    return click.option(
        "--format",
        "fmt",
        cls=TemplatedHelpOption,
        type=click.Choice(["text", "json", "md"]),
        default="text",
        show_default=True,
        help_template=N_(
            "text: a tree (coloured on a terminal, plain when piped); "
            "json: {json}; md: nested Markdown lists."
        ),
        help_fields={"json": json_help},
    )


def stdout_is_terminal() -> bool:
    """Whether standard output is a terminal (not a file or a pipe; not closed)."""
    return sys.stdout is not None and sys.stdout.isatty()


def stderr_console() -> Console:
    """The console progress bars and notes are drawn on (standard error)."""
    return Console(stderr=True)


def format_from_output(
    fmt: str | None, output: str | None, default: str, allowed: Sequence[str]
) -> str:
    """The format asked for, or the one the output file's suffix names, or *default*."""
    if fmt is not None:
        return fmt
    if output is not None and output != "-":
        guessed = SUFFIX_FORMATS.get(Path(output).suffix.lower())
        if guessed is not None and guessed in allowed:
            return guessed
    return default


def require_file_or_pipe(fmt: str, output: str | None) -> None:
    """Refuse to print a binary format (xlsx) on a terminal; a file or a pipe is fine.

    Raises:
        click.UsageError: Binary output with no ``--output`` while stdout is a terminal.
    """
    if fmt in BINARY_FORMATS and (output is None or output == "-") and stdout_is_terminal():
        raise click.UsageError(
            _(
                "--format {format} writes a binary file: give --output FILE.{format} "
                "(or redirect standard output to a file)"
            ).format(format=fmt)
        )


@contextmanager
def progress(total: int, description: str) -> Iterator[Callable[[int], None]]:
    """Yield a callback advancing a progress bar on standard error.

    The bar shows only for batches of at least :data:`PROGRESS_MIN_UNITS` units and
    only when standard error is a terminal; otherwise the callback does nothing.
    """
    console = stderr_console()
    if total < PROGRESS_MIN_UNITS or not console.is_terminal:
        yield _ignore
        return
    with Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=console,
        transient=True,
    ) as bar:
        task = bar.add_task(description, total=total)

        def advance(count: int) -> None:
            bar.advance(task, count)

        yield advance


def _ignore(count: int) -> None:
    """A progress callback that shows nothing (output piped, or a small batch)."""


def score_cohort(rulebook: Rulebook, evidence: EvidenceSet) -> Cohort:
    """Validate every unit, then score, rank and grade them all.

    Raises:
        EvidenceError: Any unit's evidence is wrong; each problem names the file and
            the line, row or cell its value came from.
    """
    try:
        return assess(rulebook, evidence.units)
    except EvidenceError as error:
        raise evidence.locate(error) from None


def open_rulebook(id_or_path: str) -> Rulebook:
    """Load a rulebook for a command (errors become exit code 3 via fail_cleanly)."""
    return load_rulebook(id_or_path)
