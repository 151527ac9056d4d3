"""Shared CLI plumbing: exit codes, clean error reporting, safe output files, progress."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import wraps
from pathlib import Path
from typing import Any, Final, TypeVar

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

from ..cohorts._cohort import Cohort, assess
from ..engine._errors import AssessmentRulesError, EvidenceError, RulebookError
from ..engine._loading import load_rulebook
from ..engine._rulebook import Rulebook
from ..io import EvidenceSet

__all__ = [
    "BINARY_FORMATS",
    "BINARY_OUTPUT_OPTION",
    "EXIT_EVIDENCE",
    "EXIT_FAILURES",
    "EXIT_RULEBOOK",
    "EXIT_USAGE",
    "OUTPUT_OPTION",
    "PROGRESS_MIN_UNITS",
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

EXIT_FAILURES = 1
EXIT_USAGE = 2
EXIT_RULEBOOK = 3
EXIT_EVIDENCE = 4

F = TypeVar("F", bound=Callable[..., Any])


def fail_cleanly(command: F) -> F:
    """Turn library errors into a message on stderr and a documented exit code."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except RulebookError as error:
            click.echo(f"error: rulebook: {error}", err=True)
            sys.exit(EXIT_RULEBOOK)
        except EvidenceError as error:
            click.echo(f"error: {error}", err=True)
            sys.exit(EXIT_EVIDENCE)
        except AssessmentRulesError as error:
            click.echo(f"error: {error}", err=True)
            sys.exit(EXIT_EVIDENCE)
        except OSError as error:
            # A file that cannot be written (no permission, disk full) is the user's
            # environment, not a bug: say which file and why.
            name = f" {error.filename!r}" if error.filename else ""
            click.echo(f"error: cannot write or read{name}: {error.strerror or error}", err=True)
            sys.exit(EXIT_EVIDENCE)

    return wrapper  # type: ignore[return-value]


BINARY_FORMATS: Final = frozenset({"xlsx"})
PROGRESS_MIN_UNITS: Final = 200
_SUFFIX_FORMATS: Final = {
    ".json": "json",
    ".csv": "csv",
    ".xlsx": "xlsx",
    ".md": "md",
    ".yaml": "yaml",
    ".yml": "yaml",
}


OUTPUT_OPTION: Final = click.option(
    "--output", "-o", type=click.Path(dir_okay=False), help="Write here instead of stdout."
)
"""The ``--output`` option of commands that write text (see :func:`write_output`)."""

BINARY_OUTPUT_OPTION: Final = click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False),
    help="Write here instead of stdout (written whole or not at all). Required for "
    "xlsx on a terminal.",
)
"""The ``--output`` option of commands that can write a workbook (xlsx)."""


def outline_format_option(json_help: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """The ``--format`` option of commands that print a tree (see ``render_outline``).

    Args:
        json_help: What ``--format json`` writes instead of the tree.
    """
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(["text", "json", "md"]),
        default="text",
        show_default=True,
        help="text: a tree (coloured on a terminal, plain when piped); "
        f"json: {json_help}; md: nested Markdown lists.",
    )


def stdout_is_terminal() -> bool:
    """Whether standard output is a terminal (not a file or a pipe)."""
    return sys.stdout.isatty()


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
        guessed = _SUFFIX_FORMATS.get(Path(output).suffix.lower())
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
            f"--format {fmt} writes a binary file: give --output FILE.{fmt} "
            f"(or redirect standard output to a file)"
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


@contextmanager
def _atomic(path: Path, binary: bool) -> Iterator[Any]:
    directory = path.parent if str(path.parent) else Path(".")
    handle, temporary = tempfile.mkstemp(dir=directory, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(
            handle, "wb" if binary else "w", encoding=None if binary else "utf-8"
        ) as out:
            yield out
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_output(output: str | None, content: str | bytes | Iterable[str]) -> None:
    """Write *content* to *output* atomically (never half-written), or to stdout.

    *content* may be an iterable of text pieces, written as they come (large JSON).
    """
    if output is None or output == "-":
        if isinstance(content, bytes):
            sys.stdout.buffer.write(content)
        elif isinstance(content, str):
            click.echo(content, nl=not content.endswith("\n"))
        else:
            for piece in content:
                click.echo(piece, nl=False)
        return
    path = Path(output)
    if not path.parent.exists():
        raise click.BadParameter(
            f"directory {str(path.parent)!r} does not exist", param_hint="--output"
        )
    with _atomic(path, isinstance(content, bytes)) as out:
        if isinstance(content, str | bytes):
            out.write(content)
        else:
            out.writelines(content)
