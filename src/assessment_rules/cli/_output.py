"""Where a command's result goes: ``--output`` checked before any work, written safely.

The rules (``docs/cli.md``, "输出文件与标准输出"):

- No ``--output``, or ``-o -``: standard output.
- Refused before any work, with exit code 2: an ``--output`` that is one of the
  command's input files (the same file by any name, hard links included); a symbolic
  link; anything but a regular file (a directory, FIFO, device or socket); a suffix
  naming a format other than the one written (``score … -o 结果.yaml``), or a format
  the tool never writes (``.xls``, ``.doc``, ``.py`` …).
- Without ``--format``, a known suffix (``.json``, ``.csv``, ``.xlsx``, ``.docx``,
  ``.md``, ``.yaml``) chooses the format, when the command can write it.
- A directory that does not exist is an output file that cannot be written: exit 4,
  before any work.
- A file is written whole or not at all: into a temporary file beside it, flushed to
  disk, then renamed over it. A new file gets the permissions the umask gives new
  files (0644 under the usual 022); a file written over keeps its mode (and its owner
  and group where the user may keep them). On an error, Ctrl-C or SIGTERM the
  temporary file is removed and the old file is left as it was.
- Every text written is made visible (see ``io/_safe_text``): control characters and
  lone surrogates become ``\\uXXXX``.
- An error while writing names the file (``cannot write '结果.xlsx': No space left on
  device``, exit 4); standard output closed early by the reader (``| head``) ends the
  command quietly with exit code 141, as for any program stopped by SIGPIPE.
"""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import stat
import sys
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from types import FrameType
from typing import IO, Any, Final

import click

from .._i18n import gettext as _
from ..io._safe_text import VisibleText, visible, visible_keeping_colours

__all__ = [
    "EXIT_BROKEN_PIPE",
    "EXIT_TERMINATED",
    "FOREIGN_SUFFIXES",
    "SUFFIX_FORMATS",
    "OutputFileError",
    "StyledText",
    "WriteTo",
    "check_output",
    "end_quietly_on_broken_pipe",
    "settle_output",
    "terminated_as_exit",
    "write_output",
]

EXIT_BROKEN_PIPE: Final = 128 + signal.SIGPIPE
EXIT_TERMINATED: Final = 128 + signal.SIGTERM

SUFFIX_FORMATS: Final = {
    ".json": "json",
    ".csv": "csv",
    ".xlsx": "xlsx",
    ".docx": "docx",
    ".md": "md",
    ".markdown": "md",
    ".yaml": "yaml",
    ".yml": "yaml",
}
"""Suffixes that name a format the tool writes: the file must hold that format."""

FOREIGN_SUFFIXES: Final = frozenset(
    {
        ".xls",
        ".xlsm",
        ".xlsb",
        ".xltx",
        ".et",
        ".ods",
        ".numbers",
        ".tsv",
        ".doc",
        ".wps",
        ".pdf",
        ".html",
        ".htm",
        ".xml",
        ".zip",
        ".py",
    }
)
"""Suffixes of formats the tool never writes: such an ``--output`` is refused."""

_FORMAT_NAMES: Final = {
    "json": "JSON",
    "csv": "CSV",
    "xlsx": "XLSX",
    "docx": "Word",
    "md": "Markdown",
    "yaml": "YAML",
}

WriteTo = Callable[[IO[bytes]], None]
"""Content that writes itself into a binary file (a workbook streamed to disk)."""


class StyledText(str):
    """Text rendered for a terminal with colour codes (SGR) in it.

    The renderers make every text from the data visible before rendering, so the
    only escape sequences left are the colours; :func:`write_output` keeps those.
    """

    __slots__ = ()


class OutputFileError(click.ClickException):
    """The output file cannot be written (exit code 4): its directory is missing, no
    permission, disk full. The message names the file."""

    exit_code = 4

    def __init__(self, output: str, reason: str) -> None:
        super().__init__(_("cannot write {file!r}: {reason}").format(file=output, reason=reason))
        self.output = output


# Output checks ------------------------------------------------------------------------


def _format_parameter(command: click.Command) -> click.Parameter | None:
    for param in command.params:
        if "--format" in getattr(param, "opts", ()):
            return param
    return None


def _input_paths(command: click.Command, params: dict[str, Any]) -> list[str]:
    """The values of the command's arguments and path options: the files it reads
    (a rulebook file, evidence, a plan, a progress file …); ids that are not files
    are weeded out by the comparison itself."""
    found: list[str] = []
    for param in command.params:
        if param.name in (None, "output"):
            continue
        if not isinstance(param, click.Argument) and not isinstance(param.type, click.Path):
            continue
        value = params.get(param.name)
        values = value if isinstance(value, tuple | list) else (value,)
        found += [str(item) for item in values if isinstance(item, str | os.PathLike)]
    return found


def _settle_format(
    ctx: click.Context, params: dict[str, Any], output: str, *, change: bool
) -> None:
    suffix = Path(output).suffix.lower()
    command = ctx.command
    param = _format_parameter(command)
    choices = tuple(getattr(param.type, "choices", ())) if param is not None else ()
    if suffix in FOREIGN_SUFFIXES:
        endings = [end for end, named in SUFFIX_FORMATS.items() if named in choices]
        raise click.UsageError(
            _(
                "--output {output!r}: assessment-rules never writes {suffix} files; "
                "give a file name ending in {endings} (or no suffix)"
            ).format(output=output, suffix=suffix, endings=_(", ").join([*endings, ".txt"])),
            ctx,
        )
    named = SUFFIX_FORMATS.get(suffix)
    if named is None or param is None or param.name is None:
        return
    given = params.get(param.name)
    source = ctx.get_parameter_source(param.name)
    explicit = given is not None and source not in (
        click.core.ParameterSource.DEFAULT,
        click.core.ParameterSource.DEFAULT_MAP,
    )
    what = (_("an {format}") if named == "xlsx" else _("a {format}")).format(
        format=_FORMAT_NAMES[named]
    )
    formats = _(", ").join(map(str, choices))
    if explicit or not change:
        if given is not None and given != named:
            raise click.UsageError(
                _(
                    "--output {output!r} names {what} file, but {given} would be "
                    "written into it: give --format {named}{foreign} or another file name "
                    "(formats: {formats})"
                ).format(
                    output=output,
                    what=what,
                    given=given,
                    named=named,
                    foreign=""
                    if named in choices
                    else _(" (not a format of `{command}`)").format(command=command.name),
                    formats=formats,
                ),
                ctx,
            )
        return
    if named not in choices:
        raise click.UsageError(
            _(
                "--output {output!r} names {what} file, which `{command}` "
                "does not write (formats: {formats}); "
                "give a file name ending in one of them, or --format"
            ).format(output=output, what=what, command=command.name, formats=formats),
            ctx,
        )
    params[param.name] = named
    ctx.params[param.name] = named


def _describe(mode: int) -> str:
    if stat.S_ISLNK(mode):
        return _("a symbolic link (give the file it points to; links are never replaced)")
    if stat.S_ISDIR(mode):
        return _("a directory")
    if stat.S_ISFIFO(mode):
        return _("a FIFO (named pipe)")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return _("a device")
    if stat.S_ISSOCK(mode):
        return _("a socket")
    return _("not a regular file")


def _check_target(output: str, inputs: Iterable[str], ctx: click.Context | None) -> None:
    path = Path(output)
    try:
        found = path.lstat()
    except FileNotFoundError:
        found = None
    except NotADirectoryError:
        raise OutputFileError(
            output, _("{directory!r} is not a directory").format(directory=str(path.parent))
        ) from None
    except OSError as error:
        raise OutputFileError(output, error.strerror or str(error)) from None
    if found is not None and not stat.S_ISREG(found.st_mode):
        raise click.UsageError(
            _(
                "--output {output!r} is {kind}; "
                "results are written only to regular files (or to standard output: leave out -o)"
            ).format(output=output, kind=_describe(found.st_mode)),
            ctx,
        )
    if found is None:
        parent = path.parent
        if not parent.is_dir():
            reason = (
                _("directory {directory!r} is not a directory")
                if parent.exists()
                else _("directory {directory!r} does not exist")
            )
            raise OutputFileError(output, reason.format(directory=str(parent)))
        return
    for name in inputs:
        try:
            other = os.stat(name)
        except (OSError, ValueError):
            continue  # an id, not a file; or unreadable, which its reader reports
        if (other.st_dev, other.st_ino) == (found.st_dev, found.st_ino):
            raise click.UsageError(
                _(
                    "--output {output!r} is the input file {file!r}; "
                    "an input is never written over: choose another output file"
                ).format(output=output, file=name),
                ctx,
            )


def settle_output(ctx: click.Context, params: dict[str, Any]) -> None:
    """Check a command's ``--output`` before it does any work; choose the format
    from the suffix when ``--format`` is not given (updates *params*).

    Raises:
        click.UsageError: The output is refused (exit 2; see the module doc).
        OutputFileError: Its directory does not exist (exit 4).
    """
    output = params.get("output")
    if not isinstance(output, str) or output == "-":
        return
    _check_target(output, _input_paths(ctx.command, params), ctx)
    _settle_format(ctx, params, output, change=True)


def check_output(output: str) -> None:
    """Check *output* again just before writing (the command may have no
    :func:`settle_output`, and the file system may have changed meanwhile)."""
    ctx = click.get_current_context(silent=True)
    if ctx is None:
        _check_target(output, (), None)
        return
    _check_target(output, _input_paths(ctx.command, ctx.params), ctx)
    _settle_format(ctx, dict(ctx.params), output, change=False)


# Writing ---------------------------------------------------------------------------------

_UMASK_LOCK = threading.Lock()


def _new_file_mode() -> int:
    with _UMASK_LOCK:  # os.umask can only be read by setting it
        mask = os.umask(0o022)
        os.umask(mask)
    return 0o666 & ~mask


def _give_mode(handle: int, path: Path) -> None:
    """Give the file being written the mode (and owner) it will have as *path*."""
    try:
        old = path.lstat()
    except FileNotFoundError:
        os.fchmod(handle, _new_file_mode())
        return
    mine = os.fstat(handle)
    if (mine.st_uid, mine.st_gid) != (old.st_uid, old.st_gid):
        with contextlib.suppress(OSError):  # only root may give a file away
            os.fchown(handle, old.st_uid, old.st_gid)
    os.fchmod(handle, stat.S_IMODE(old.st_mode))


def _replace(temporary: str, path: Path) -> None:
    try:
        old = path.lstat()
    except FileNotFoundError:
        old = None
    if old is not None and not stat.S_ISREG(old.st_mode):
        # Something was put there while we worked: never replace it.
        raise click.UsageError(f"--output {str(path)!r} is {_describe(old.st_mode)}")
    os.replace(temporary, path)


# The signals that unwind a command (Ctrl-C, and SIGTERM under ``terminated_as_exit``).
_UNWINDING: Final = frozenset({signal.SIGINT, signal.SIGTERM})


def _hold_signals() -> set[int | signal.Signals] | None:
    """Hold Ctrl-C and SIGTERM until :func:`_release_signals`; the mask before, or
    ``None`` where signals cannot be held (not POSIX)."""
    if not hasattr(signal, "pthread_sigmask"):
        return None
    return signal.pthread_sigmask(signal.SIG_BLOCK, _UNWINDING)


def _release_signals(before: set[int | signal.Signals] | None) -> None:
    if before is not None:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)


@contextlib.contextmanager
def _atomic(path: Path) -> Iterator[IO[bytes]]:
    """A file to write *path*'s new content into; it takes *path*'s place only when
    complete and on disk, else it is removed.

    Ctrl-C and SIGTERM are held while the temporary file is created: a signal that
    came just after the file was made on disk, before its name was known here, would
    leave it behind. Held, it is handled on release, inside the block that removes it.
    """
    directory = path.parent if str(path.parent) else Path(".")
    before = _hold_signals()
    try:
        handle, temporary = tempfile.mkstemp(dir=directory, prefix=f".{path.name}.", suffix=".tmp")
    except BaseException:
        _release_signals(before)
        raise
    unwrapped: int | None = handle  # closed here if the file object never took it
    try:
        _release_signals(before)
        with os.fdopen(handle, "wb") as out:
            unwrapped = None
            yield out
            out.flush()
            os.fsync(out.fileno())
            _give_mode(out.fileno(), path)
        _replace(temporary, path)
    except BaseException:
        if unwrapped is not None:
            with contextlib.suppress(OSError):
                os.close(unwrapped)
        Path(temporary).unlink(missing_ok=True)
        raise


def _text_pieces(content: str | Iterable[str]) -> Iterator[str]:
    if isinstance(content, StyledText):
        yield visible_keeping_colours(content)
    elif isinstance(content, str):
        yield visible(content)
    else:
        for piece in content:
            # Pieces marked visible (the JSON result's unit lines) are not scanned again.
            yield piece if type(piece) is VisibleText else visible(piece)


def _write(out: IO[bytes], content: str | bytes | Iterable[str] | WriteTo) -> None:
    if isinstance(content, bytes):
        out.write(content)
    elif callable(content):
        content(out)
    else:
        for piece in _text_pieces(content):
            out.write(piece.encode("utf-8"))


def _write_all(stream: IO[bytes], data: bytes) -> None:
    """Write all of *data*: a pipe whose reader has gone may take part of a write and
    say so only by the count; the next write then raises ``BrokenPipeError``."""
    view = memoryview(data)
    while view:
        written = stream.write(view)
        if written is None:  # a raw stream that would block: nothing was taken
            continue
        view = view[written:]


def _to_stdout(content: str | bytes | Iterable[str] | WriteTo) -> None:
    if sys.stdout is None:  # started with standard output closed (``>&-``)
        raise OSError(errno.EBADF, os.strerror(errno.EBADF))
    sys.stdout.flush()
    out: IO[bytes] = sys.stdout.buffer
    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
    if callable(content):
        # Written to a real file first, so a workbook is the same bytes as in a file.
        with tempfile.TemporaryFile() as spool:
            content(spool)
            spool.seek(0)
            while chunk := spool.read(1 << 20):
                _write_all(out, chunk)
    elif isinstance(content, bytes):
        _write_all(out, content)
    elif isinstance(content, str):
        (text,) = _text_pieces(content)
        _write_all(out, (text if text.endswith("\n") else text + "\n").encode(encoding))
    else:
        for piece in _text_pieces(content):
            _write_all(out, piece.encode(encoding))
    out.flush()


def write_output(output: str | None, content: str | bytes | Iterable[str] | WriteTo) -> None:
    """Write *content* to the file *output* whole or not at all, or to stdout.

    *content* is text (made visible, see :mod:`..io._safe_text`; a
    :class:`StyledText` keeps its colours), bytes, text pieces written as they come
    (large JSON), or a function writing into a binary file (a large workbook).
    On standard output a text that does not end with a line break gets one.

    Raises:
        click.UsageError: The output is refused (see the module doc).
        OutputFileError: The file cannot be written; the message names it.
    """
    if output is None or output == "-":
        try:
            _to_stdout(content)
        except BrokenPipeError:
            end_quietly_on_broken_pipe()
        except OSError as error:
            raise OutputFileError("<standard output>", error.strerror or str(error)) from None
        return
    check_output(output)
    path = Path(output)
    try:
        with _atomic(path) as out:
            _write(out, content)
    except OSError as error:
        raise OutputFileError(output, error.strerror or str(error)) from None


def end_quietly_on_broken_pipe() -> None:
    """End the command when the reader of standard output has gone (``| head``):
    no message, no traceback, exit code 141 as after SIGPIPE."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        # Point stdout at /dev/null so the interpreter's final flush cannot fail again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    sys.exit(EXIT_BROKEN_PIPE)


def _terminate(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(EXIT_TERMINATED)


@contextlib.contextmanager
def terminated_as_exit() -> Iterator[None]:
    """While a command runs, SIGTERM unwinds it like Ctrl-C does, so temporary files
    are removed on the way out (exit code 143); the previous handler comes back after.

    Python runs the handler between its own steps, so inside one long C call the
    command ends when the call returns (SIGKILL ends it at once, but then the
    temporary file ``.NAME.xxxx.tmp`` may stay beside the output).
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
