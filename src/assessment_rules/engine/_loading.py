"""Finding and loading rulebooks: bundled ones by id, user ones by path.

A rulebook module is a Python file exposing one well-known object, ``RULEBOOK``.
The engine never imports the ``rulebooks/`` directory as a package; it loads each
file by path, so user rulebooks and bundled ones are treated alike.

In a folder of rulebooks (``list --path DIR``, ``docs DIR``, ``serve --rulebooks
DIR``), a *rulebook module* is a ``.py`` file whose name does not start with ``_`` and
whose top level assigns ``RULEBOOK`` (``RULEBOOK = …`` or ``RULEBOOK: Rulebook = …``).
This is decided by reading the file's syntax tree, without running it
(:func:`rulebook_modules`), so a helper script beside the rulebooks (a
``make_cases.py`` that calls ``sys.exit`` or raises when imported) is never run. A file
that is not valid Python counts as a rulebook module, so that its mistake is
reported rather than silently skipped.

Each file is loaded once per process. The loaded rulebooks have one owner,
:data:`RULEBOOKS` (a :class:`RulebookCache`); :func:`clear_rulebook_cache` empties
it, and :meth:`RulebookCache.isolated` runs code whose loads are forgotten afterwards.
Everything handed out is read-only: rulebooks are frozen, and
:func:`bundled_rulebooks` is a read-only mapping.

A rulebook file that fails to import (a ``SyntaxError``, an ``ImportError``, any
exception while its module runs) is a :class:`RulebookError` naming the file and
line, like a rulebook that fails its construction checks: the command line shows
it with exit code 3, never a traceback.
"""

from __future__ import annotations

import ast
import importlib.util
import sys
import threading
import traceback
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from types import MappingProxyType

from .._i18n import gettext as _
from ._errors import AssessmentRulesError, RulebookError, did_you_mean
from ._rulebook import Rulebook

__all__ = [
    "RULEBOOKS",
    "RulebookCache",
    "bundled_rulebooks",
    "clear_rulebook_cache",
    "is_rulebook_module",
    "load_rulebook",
    "rulebook_dirs",
    "rulebook_modules",
]


def rulebook_dirs() -> tuple[Path, ...]:
    """Directories searched for bundled rulebooks.

    An installed wheel carries them inside the package (``_bundled/rulebooks``); an
    editable install or a source checkout reads the repository's ``rulebooks/``.
    """
    here = Path(__file__).resolve().parent.parent  # the package root
    candidates = (here / "_bundled" / "rulebooks", here.parent.parent / "rulebooks")
    return tuple(path for path in candidates if path.is_dir())


def is_rulebook_module(path: Path) -> bool:
    r"""Whether the file *path* is a rulebook module: its top level assigns ``RULEBOOK``.

    The file is parsed, never run. A file that cannot be read as Python source counts
    as a rulebook module (loading it then reports the mistake with its line).

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "helper.py").write_text("import sys\nsys.exit(1)\n")
    >>> _ = (folder / "town.py").write_text("RULEBOOK = None\n")
    >>> is_rulebook_module(folder / "helper.py"), is_rulebook_module(folder / "town.py")
    (False, True)
    """
    try:
        tree = ast.parse(path.read_bytes(), filename=str(path))
    except (SyntaxError, ValueError, OSError):
        return True
    for statement in tree.body:
        if isinstance(statement, ast.Assign):
            targets = statement.targets
        elif isinstance(statement, ast.AnnAssign) and statement.value is not None:
            targets = [statement.target]
        else:
            continue
        if any(isinstance(t, ast.Name) and t.id == "RULEBOOK" for t in targets):
            return True
    return False


def rulebook_modules(directory: Path) -> tuple[Path, ...]:
    """The rulebook modules of a folder, sorted by name (see :func:`is_rulebook_module`).

    Files whose names start with ``_`` and files that do not assign ``RULEBOOK`` at
    their top level (helper scripts) are left out; none of them is run.
    """
    return tuple(
        path
        for path in sorted(Path(directory).glob("*.py"))
        if not path.name.startswith("_") and is_rulebook_module(path)
    )


@cache
def bundled_rulebooks() -> Mapping[str, Path]:
    """Map each bundled rulebook id to its file (ids are file names with ``-``).

    The mapping is read-only: it is shared by every caller in the process.

    >>> bundled_rulebooks()["wujin-2021-departments"].name
    'wujin_2021_departments.py'
    """
    found: dict[str, Path] = {}
    for directory in rulebook_dirs():
        for path in sorted(directory.glob("*.py")):
            if path.name.startswith("_"):
                continue
            found.setdefault(path.stem.replace("_", "-"), path)
    return MappingProxyType(found)


class RulebookCache:
    """The rulebooks loaded in this process, by resolved file path: their one owner.

    Loading, clearing and isolating all take the same (re-entrant) lock, so a
    rulebook loaded by one thread is never lost while another clears or isolates.
    """

    def __init__(self) -> None:
        self._books: dict[Path, Rulebook] = {}
        self._lock = threading.RLock()

    def __len__(self) -> int:
        return len(self._books)

    def __contains__(self, path: object) -> bool:
        return path in self._books

    def load(self, path: Path) -> Rulebook:
        """The rulebook in the file *path* (resolved), loading it on first use."""
        path = path.resolve()
        with self._lock:
            found = self._books.get(path)
            if found is None:
                found = self._books[path] = _import_rulebook(path)
            return found

    def clear(self) -> None:
        """Forget every loaded rulebook: the next load reads its file again."""
        with self._lock:
            self._books.clear()

    @contextmanager
    def isolated(self) -> Iterator[None]:
        """Run a block whose loads are forgotten when it ends (``lint_file`` imports
        rulebooks leniently: nothing built that way may be handed out later)."""
        with self._lock:
            kept = dict(self._books)
            try:
                yield
            finally:
                self._books.clear()
                self._books.update(kept)


RULEBOOKS = RulebookCache()
"""The process's loaded rulebooks (see :class:`RulebookCache`)."""

_loaded = RULEBOOKS._books  # the old name, for callers not yet moved to RULEBOOKS


def clear_rulebook_cache() -> None:
    """Forget every rulebook loaded so far; the next :func:`load_rulebook` of each
    reads its file again (a test that rewrites a rulebook file, a long-lived tool)."""
    RULEBOOKS.clear()


def _load_file(path: Path) -> Rulebook:
    return RULEBOOKS.load(path)


def _import_rulebook(path: Path) -> Rulebook:
    module_name = f"assessment_rules_rulebook_{abs(hash(path))}"
    spec = importlib.util.spec_from_file_location(module_name, path)
    if spec is None or spec.loader is None:
        raise RulebookError(str(path), "path", str(path), _("must be a Python file"))
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    try:
        spec.loader.exec_module(module)
    except AssessmentRulesError as error:
        line = _line_in(error, path)
        where = f"{path}:{line}" if line else str(path)
        raise RulebookError(
            f"{where}: {error.path}" if error.path else where,
            error.field,
            error.value,
            error.expectation,
            error.hint,
        ) from error
    except SyntaxError as error:
        where = f"{error.filename or path}:{error.lineno}" if error.lineno else str(path)
        raise RulebookError(
            where, "", None, _("is not valid Python ({reason})").format(reason=error.msg)
        ) from None
    except Exception as error:  # whatever the file's code raises: its author's mistake
        line = _line_in(error, path)
        where = f"{path}:{line}" if line else str(path)
        raise RulebookError(
            where,
            "",
            None,
            _("fails at import: {error}").format(error=f"{type(error).__name__}: {error}"),
        ) from None
    finally:
        sys.modules.pop(module_name, None)
    rulebook = getattr(module, "RULEBOOK", None)
    if not isinstance(rulebook, Rulebook):
        raise RulebookError(
            str(path), "RULEBOOK", rulebook, _("must be a Rulebook defined at module level")
        )
    return rulebook


def _line_in(error: BaseException, path: Path) -> int | None:
    line = None
    for frame in traceback.extract_tb(error.__traceback__):
        if Path(frame.filename).resolve() == path:
            line = frame.lineno
    return line


def load_rulebook(id_or_path: str | Path) -> Rulebook:
    """Return a rulebook by bundled id (``"wujin-2021-departments"``) or by file path.

    Args:
        id_or_path: A bundled rulebook id, or the path of a Python file that defines
            ``RULEBOOK``.

    Returns:
        The rulebook (loaded once per process and cached; it is immutable).

    Raises:
        RulebookError: Unknown id (with a "Did you mean …?" hint), a file without
            ``RULEBOOK``, a file that fails to import (syntax error, missing import,
            any exception) or a rulebook that fails its construction checks (the
            message names the file and line).

    >>> load_rulebook("wujin-2021-departments").points
    Decimal('100')
    """
    text = str(id_or_path)
    bundled = bundled_rulebooks()
    if text in bundled:
        return _load_file(bundled[text])
    path = Path(text)
    if path.suffix == ".py" or path.exists():
        if not path.is_file():
            raise RulebookError("", "rulebook", text, _("is not a file"))
        return _load_file(path)
    raise RulebookError(
        "",
        "rulebook",
        text,
        _("is neither a bundled rulebook id nor a Python file (bundled: {bundled})").format(
            bundled=_(", ").join(sorted(bundled)) or _("none")
        ),
        did_you_mean(text, bundled),
    )
