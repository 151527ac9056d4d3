"""A safe YAML loader that keeps numbers exact.

PyYAML's ``safe_load`` turns ``1.5`` into a binary float, losing the decimal text the
assessor typed. This loader is ``SafeLoader`` (no object construction, no code) with
floats built as ``Decimal`` from their text, and dates left as ISO text.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

import yaml

__all__ = ["DecimalSafeLoader", "load_yaml", "yaml_problem"]


class DecimalSafeLoader(yaml.SafeLoader):
    """``yaml.SafeLoader`` whose floats are ``Decimal`` and whose dates stay text."""


def _decimal(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    text = str(loader.construct_scalar(node)).replace("_", "")  # type: ignore[arg-type]
    try:
        return Decimal(text)
    except InvalidOperation:
        return text  # .inf / .nan: left as text, rejected by the fact checks


def _text(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    return loader.construct_scalar(node)  # type: ignore[arg-type]


DecimalSafeLoader.add_constructor("tag:yaml.org,2002:float", _decimal)
DecimalSafeLoader.add_constructor("tag:yaml.org,2002:timestamp", _text)


def load_yaml(text: str) -> Any:
    """Parse YAML text safely, numbers exact.

    >>> load_yaml("a: 1.10\\nb: [2, 0.5]")
    {'a': Decimal('1.10'), 'b': [2, Decimal('0.5')]}
    """
    return yaml.load(text, Loader=DecimalSafeLoader)  # a SafeLoader subclass: no objects, no code


def yaml_problem(error: yaml.YAMLError, source: str) -> tuple[str, str]:
    """Say where a YAML file is broken and what is wrong, for any error type to carry.

    Returns:
        ``("file:line", "is not valid YAML (problem)")``; the line is 1-based and
        left out when PyYAML does not know it.

    >>> try:
    ...     load_yaml("a: [1, 2")
    ... except yaml.YAMLError as error:
    ...     yaml_problem(error, "e.yaml")[0]
    'e.yaml:1'
    """
    mark = getattr(error, "problem_mark", None)
    where = f"{source}:{mark.line + 1}" if mark is not None else source
    problem = getattr(error, "problem", None) or "syntax error"
    return where, f"is not valid YAML ({problem})"
