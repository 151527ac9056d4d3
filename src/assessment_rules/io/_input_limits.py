"""The limits every reader of untrusted input keeps, in one place, each with its number.

Evidence, registries, plans, calendars, progress and case files come from people and
other tools. Whatever they hold, reading them ends in a result or in an error that
says which limit was reached, never in a hang, a memory blow-up or a traceback. The
numbers are documented in ``docs/cli.md`` (限制 / Limits); a test checks they agree.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Final

from .._i18n import gettext as _
from ..engine._errors import MAX_PROBLEMS, EvidenceError, Problem, ProblemLog
from ..engine._numbers import MAX_DECIMAL_PLACES, MAX_INTEGER_DIGITS

__all__ = [
    "MAX_ALIAS_NODES",
    "MAX_CELLS",
    "MAX_DECIMAL_PLACES",
    "MAX_DEPTH",
    "MAX_FILE_BYTES",
    "MAX_INTEGER_DIGITS",
    "MAX_PROBLEMS",
    "MAX_ZIP_MEMBERS",
    "MAX_ZIP_PART_BYTES",
    "MAX_ZIP_TOTAL_BYTES",
    "ProblemLog",
    "evidence_error",
    "mib",
    "read_input",
]

MAX_FILE_BYTES: Final = 128 * 2**20
"""Size of any one input file (128 MiB; 59,000 units of YAML evidence take about 60 MB)."""
MAX_DEPTH: Final = 32
"""Nesting of mappings and lists in a YAML or JSON file (evidence needs 5 levels)."""
MAX_ALIAS_NODES: Final = 10_000
"""Nodes that YAML aliases (``*name``) may add to a file in all, counted as expanded."""
MAX_CELLS: Final = 2_000_000
"""Cells read from one CSV file or XLSX workbook, empty cells inside the table included."""
MAX_ZIP_MEMBERS: Final = 10_000
"""Parts (zip members) of an XLSX workbook."""
MAX_ZIP_PART_BYTES: Final = 128 * 2**20
"""Unpacked size of one part of an XLSX workbook (a sheet, the shared strings)."""
MAX_ZIP_TOTAL_BYTES: Final = 256 * 2**20
"""Unpacked size of all parts of an XLSX workbook together."""


def mib(size: int) -> str:
    """A byte count for messages, in MiB.

    >>> mib(128 * 2**20), mib(1536 * 2**10)
    ('128 MiB', '1.5 MiB')
    """
    value = size / 2**20
    return f"{value:.0f} MiB" if value >= 10 or value == int(value) else f"{value:.1f} MiB"


def read_input(path: Path, fail: Callable[[str], Exception]) -> bytes:
    """Read an input file's bytes, refusing what cannot be a data file or is too large.

    A FIFO, a device or a directory is refused before it is opened (reading one could
    wait forever or never end); a file larger than :data:`MAX_FILE_BYTES` is refused
    from its size, and the read itself stops there in case the file grows meanwhile.

    Args:
        path: The file.
        fail: Makes the caller's error type from a sentence ("is too large …").

    Raises:
        Exception: ``fail(reason)``, for a missing, unreadable, special or too large
            file.
    """
    try:
        info = os.stat(path)
    except OSError as error:
        raise fail(_("cannot be read ({reason})").format(reason=error.strerror)) from None
    if stat.S_ISDIR(info.st_mode):
        raise fail(_("is a directory, not a file"))
    if not stat.S_ISREG(info.st_mode):
        raise fail(_("is not a regular file (a pipe, device or socket cannot be read as data)"))
    if info.st_size > MAX_FILE_BYTES:
        raise fail(
            _("is too large ({size}; input files are at most {limit})").format(
                size=mib(info.st_size), limit=mib(MAX_FILE_BYTES)
            )
        )
    try:
        with open(path, "rb") as stream:
            # Ask for the size stat gave (a buffer of the limit would cost 128 MiB for
            # every small file); read on only if the file grew or its size is unknown.
            chunks = [stream.read(info.st_size + 1)]
            total = len(chunks[0])
            while total > info.st_size and total <= MAX_FILE_BYTES:
                chunk = stream.read(1 << 20)
                if not chunk:
                    break
                chunks.append(chunk)
                total += len(chunk)
    except OSError as error:
        raise fail(_("cannot be read ({reason})").format(reason=error.strerror)) from None
    if total > MAX_FILE_BYTES:
        raise fail(
            _("is too large (input files are at most {limit})").format(limit=mib(MAX_FILE_BYTES))
        )
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def evidence_error(problems: Sequence[Problem], total: int | None = None) -> EvidenceError:
    """An ``EvidenceError`` listing at most :data:`MAX_PROBLEMS` problems.

    Args:
        problems: The problems (only the first ``MAX_PROBLEMS`` are listed).
        total: How many problems were found in all, when more were found than given.

    >>> error = evidence_error([Problem("", "x", i, "is wrong") for i in range(101)])
    >>> print(str(error).splitlines()[0])
    101 problems in the evidence (the first 100 are listed):
    >>> print(str(error).splitlines()[-1])
      - … and 1 more problem, not listed
    """
    count = len(problems) if total is None else total
    listed = list(problems[:MAX_PROBLEMS])
    return EvidenceError(listed, count - len(listed))
