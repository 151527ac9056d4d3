"""Finding and loading rulebooks: bundled ones by id, user ones by path.

A rulebook module is a Python file exposing one well-known object, ``RULEBOOK``.
The engine never imports the ``rulebooks/`` directory as a package; it loads each
file by path, so user rulebooks and bundled ones are treated alike.
"""

from __future__ import annotations

import importlib.util
import sys
import traceback
from functools import cache
from pathlib import Path

from ._errors import AssessmentRulesError, RulebookError, did_you_mean
from ._rulebook import Rulebook

__all__ = ["bundled_rulebooks", "load_rulebook", "rulebook_dirs"]


def rulebook_dirs() -> tuple[Path, ...]:
    """Directories searched for bundled rulebooks.

    An installed wheel carries them inside the package (``_bundled/rulebooks``); an
    editable install or a source checkout reads the repository's ``rulebooks/``.
    """
    here = Path(__file__).resolve().parent.parent  # the package root
    candidates = (here / "_bundled" / "rulebooks", here.parent.parent / "rulebooks")
    return tuple(path for path in candidates if path.is_dir())


@cache
def bundled_rulebooks() -> dict[str, Path]:
    """Map each bundled rulebook id to its file (ids are file names with ``-``)."""
    found: dict[str, Path] = {}
    for directory in rulebook_dirs():
        for path in sorted(directory.glob("*.py")):
            if path.name.startswith("_"):
                continue
            found.setdefault(path.stem.replace("_", "-"), path)
    return found


_loaded: dict[Path, Rulebook] = {}


def _load_file(path: Path) -> Rulebook:
    path = path.resolve()
    if path in _loaded:
        return _loaded[path]
    module_name = f"assessment_rules_rulebook_{abs(hash(path))}"
    spec = importlib.util.spec_from_file_location(module_name, path)
    if spec is None or spec.loader is None:
        raise RulebookError(str(path), "path", str(path), "must be a Python file")
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
    finally:
        sys.modules.pop(module_name, None)
    rulebook = getattr(module, "RULEBOOK", None)
    if not isinstance(rulebook, Rulebook):
        raise RulebookError(
            str(path), "RULEBOOK", rulebook, "must be a Rulebook defined at module level"
        )
    _loaded[path] = rulebook
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
            ``RULEBOOK``, or a rulebook that fails its construction checks (the
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
            raise RulebookError("", "rulebook", text, "is not a file")
        return _load_file(path)
    raise RulebookError(
        "",
        "rulebook",
        text,
        "is neither a bundled rulebook id nor a Python file "
        f"(bundled: {', '.join(sorted(bundled)) or 'none'})",
        did_you_mean(text, bundled),
    )
