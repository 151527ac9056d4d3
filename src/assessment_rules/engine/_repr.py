"""Reprs that read as the code that built the object, defaults left out.

``Deduct('meetings', '安全工作会议', rate='1', shape='shortfall', required=4)`` is
both what ``repr`` prints and a Python expression that rebuilds an equal node
(numbers print as their decimal text, which every numeric field accepts).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import attrs

__all__ = ["code_repr", "repr_with_fact", "value_repr"]


def value_repr(value: object) -> str:
    """Return the source text for one field value."""
    if isinstance(value, Decimal):
        return repr(format(value, "f"))
    if isinstance(value, tuple):
        inner = ", ".join(value_repr(v) for v in value)
        return f"({inner},)" if len(value) == 1 else f"({inner})"
    return repr(value)


def _default_of(field: attrs.Attribute[Any]) -> object:
    default = field.default
    factory: Callable[[], object] | None = getattr(default, "factory", None)
    if factory is not None:
        return factory()
    return default


def code_repr(obj: object, *, skip: tuple[str, ...] = (), positional: int | None = None) -> str:
    """Build ``ClassName(a, b, key=value)`` for an attrs instance.

    Args:
        obj: An attrs instance.
        skip: Field names to leave out (for values derived from other fields).
        positional: How many leading mandatory fields to print without their name;
            by default every mandatory field.

    Returns:
        The repr text.
    """
    parts: list[str] = []
    count = 0
    for field in attrs.fields(type(obj)):  # type: ignore[arg-type]
        if not field.init or field.name in skip or not field.repr:
            continue
        value = getattr(obj, field.name)
        mandatory = field.default is attrs.NOTHING
        if mandatory and (positional is None or count < positional):
            parts.append(value_repr(value))
            count += 1
            continue
        if not mandatory and value == _default_of(field):
            continue
        parts.append(f"{field.name}={value_repr(value)}")
    return f"{type(obj).__name__}({', '.join(parts)})"


def repr_with_fact(node: object, fact: object, auto: Callable[[str | None], object]) -> str:
    """Repr of a leaf whose fact may be derived from its own fields.

    The fact is left out when it is the one the leaf would derive anyway
    (``auto(None)``), printed as ``fact='name'`` when only its name differs, and in
    full otherwise.
    """
    text = code_repr(node, skip=("fact",))
    if fact == auto(None):
        return text
    name = getattr(fact, "name", None)
    extra = f"fact={name!r}" if fact == auto(name) else f"fact={fact!r}"
    return f"{text[:-1]}, {extra})"
