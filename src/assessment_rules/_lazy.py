"""Public names imported on first use (PEP 562), so that ``import assessment_rules`` is quick.

A package's ``__init__`` lists where each of its public names lives; the name is
imported from there the first time it is asked for, then kept in the package like
any imported name. The type checker reads the same names from ordinary imports under
``if TYPE_CHECKING:``, and ``tests/unit/test_public_api.py`` asks for every name in
every ``__all__``, so a name whose home is wrong fails there.
"""

from __future__ import annotations

import importlib
import sys

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

__all__ = ["lazy_names"]


def lazy_names(
    package: str, homes: Mapping[str, str]
) -> tuple[Callable[[str], object], Callable[[], list[str]]]:
    """Return ``__getattr__`` and ``__dir__`` for *package*.

    Args:
        package: The package's ``__name__``.
        homes: For each module (relative, such as ``"._facts"``), its public names
            separated by spaces.
    """
    home_of = {name: module for module, names in homes.items() for name in names.split()}

    def get(name: str) -> object:
        module = home_of.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module, package), name)
        setattr(sys.modules[package], name, value)  # later lookups skip this hook
        return value

    def names() -> list[str]:
        return sorted(set(vars(sys.modules[package])) | set(home_of))

    return get, names
