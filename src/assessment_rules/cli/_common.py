"""Shared CLI plumbing: exit codes, clean error reporting, safe output files."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from .._errors import AssessmentRulesError, EvidenceError, RulebookError
from .._loading import load_rulebook
from .._rulebook import Rulebook

__all__ = [
    "EXIT_EVIDENCE",
    "EXIT_FAILURES",
    "EXIT_RULEBOOK",
    "EXIT_USAGE",
    "fail_cleanly",
    "open_rulebook",
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

    return wrapper  # type: ignore[return-value]


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


def write_output(output: str | None, content: str | bytes) -> None:
    """Write *content* to *output* atomically (never half-written), or to stdout."""
    if output is None or output == "-":
        if isinstance(content, bytes):
            sys.stdout.buffer.write(content)
        else:
            click.echo(content, nl=not content.endswith("\n"))
        return
    path = Path(output)
    if not path.parent.exists():
        raise click.BadParameter(
            f"directory {str(path.parent)!r} does not exist", param_hint="--output"
        )
    with _atomic(path, isinstance(content, bytes)) as out:
        out.write(content)
