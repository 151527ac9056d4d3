"""The ``assessment-rules`` console script as a process: a batch run's garbage
collector and a quick exit.

:func:`run` is the console script's entry point (``[project.scripts]`` in
``pyproject.toml``) and nothing else calls it: importing the library, calling
:data:`~assessment_rules.cli.main` from Python and ``CliRunner`` in the tests all run
the same commands with the interpreter's defaults. The two policies below change how
fast a large ``score`` ends, never what it writes.

**The collector.** A batch run allocates millions of objects and frees almost none of
them until it ends: parsed evidence, then one result tree per unit, kept for
ranking and writing. The collector's default first threshold (700 allocations) makes
it walk the young objects tens of thousands of times and the whole growing heap
again and again, though none of these objects is garbage and result trees hold no
cycles. Measured for issue 16 (CPU time of the command in one process, ``score …
--format json --output``, the policies alternating in the same minutes): on 40,000
light units the defaults took 9.5–10.2 s; ``gc.freeze()`` after start-up alone, the
same (9.8–10.3 s); the collector off, 7.8–8.6 s; a first threshold of 100,000,
8.2–8.6 s; on 40,000 heavy units the defaults 18.3–20.0 s, off 16.0–16.7 s, the
threshold 14.3–14.6 s, the threshold with ``freeze`` 15.4–15.6 s. The threshold is
kept: the gain of switching the collector off, while garbage with cycles (a user's
rulebook may make some) is still collected, after 100,000 allocations instead of
700.

**The exit.** Ending normally, the interpreter frees every object one by one:
a second or so after a 40,000-unit run, once the result is already written. Here the
process ends with :func:`os._exit` after flushing standard output and error and
running the ``atexit`` handlers, with the command's exit code. That is safe because
every output is complete before the command returns: each file is written by
``write_output`` into a temporary file, flushed to disk, closed and renamed over the
target (or written whole to standard output, flushed here), and a failed command
has already removed its temporary file on the way out. When anything else might
still need the normal ending, the normal ending is used: a thread other than the
main one, not a daemon, still running (the normal ending waits for it), standard
output or error that cannot be flushed (the interpreter then reports it as usual),
or an exception other than :class:`SystemExit` (a bug: its traceback is printed as
usual).
"""

from __future__ import annotations

import atexit
import gc
import os
import sys
import threading
from typing import Final, NoReturn

import click

__all__ = ["BATCH_THRESHOLDS", "exit_status", "run", "run_command"]

BATCH_THRESHOLDS: Final = (100_000, 10, 10)
"""The collector's thresholds in a console run (generation 0, 1, 2; the defaults are
700, 10, 10)."""


def exit_status(code: object) -> int:
    """The process's exit status for ``SystemExit(code)``, as the interpreter sets it.

    ``None`` is 0, an int is itself, anything else is printed on standard error and
    is 1.

    >>> exit_status(None), exit_status(4), exit_status(True)
    (0, 4, 1)
    """
    if code is None:
        return 0
    if isinstance(code, int):
        return int(code)
    print(code, file=sys.stderr)
    return 1


def run_command(command: click.Command) -> int:
    """Run *command* as the console script does (arguments from ``sys.argv``) with
    the batch collector thresholds; return its exit status.

    Exceptions other than :class:`SystemExit` propagate.
    """
    gc.set_threshold(*BATCH_THRESHOLDS)
    try:
        command.main()
    except SystemExit as stop:
        return exit_status(stop.code)
    return 0  # click's standalone mode always ends with SystemExit; kept for safety


def _other_threads() -> bool:
    main = threading.main_thread()
    return any(thread is not main and not thread.daemon for thread in threading.enumerate())


def _flushed() -> bool:
    for stream in (sys.stdout, sys.stderr):
        if stream is None:
            continue
        try:
            stream.flush()
        except (OSError, ValueError):
            return False
    return True


def run() -> NoReturn:
    """The console script: :data:`~assessment_rules.cli.main` with the batch policies
    of this module (see its docstring), ending without the interpreter's teardown."""
    from . import main  # noqa: PLC0415 - the package imports this module

    status = run_command(main)
    if _other_threads() or not _flushed():
        sys.exit(status)
    atexit._run_exitfuncs()  # what the normal ending runs first (private, but stable)
    if not _flushed():
        sys.exit(status)
    os._exit(status)
