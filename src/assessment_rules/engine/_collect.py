"""Construction checks that can collect their errors instead of raising them.

A rulebook file whose points do not add up fails to import at the first such node,
but ``assessment-rules check`` wants every one of them, each with its line. The
checks marked :func:`collectable` (points add up, grade bands are sound) raise as
usual, except inside :func:`collecting`: there each error goes to a handler and
construction goes on. A context variable, not a patched module global, scopes this
to the one lenient import that asks for it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import ParamSpec

from ._errors import RulebookError

__all__ = ["Handler", "collectable", "collecting"]

P = ParamSpec("P")

Handler = Callable[[RulebookError, tuple[object, ...]], None]
"""Receives a check's error and the positional arguments the check was given."""

_handler: ContextVar[Handler | None] = ContextVar("assessment_rules_collect", default=None)


def collectable(check: Callable[P, None]) -> Callable[P, None]:
    """Mark a construction check whose ``RulebookError`` :func:`collecting` may take.

    Args:
        check: A check that returns nothing and raises ``RulebookError``.

    Returns:
        The check, raising as before unless a handler is collecting.
    """

    @functools.wraps(check)
    def checked(*args: P.args, **kwargs: P.kwargs) -> None:
        try:
            check(*args, **kwargs)
        except RulebookError as error:
            handler = _handler.get()
            if handler is None:
                raise
            handler(error, tuple(args))

    return checked


@contextmanager
def collecting(handler: Handler) -> Iterator[None]:
    """Within this block, collectable checks hand their errors to *handler*.

    Args:
        handler: Called with each error and the failing check's positional arguments
            (for ``check_children``, the children tuple comes last).

    >>> from assessment_rules import Rulebook, Section
    >>> found = []
    >>> with collecting(lambda error, args: found.append(error.field)):
    ...     book = Rulebook("tiny", "示例", points="10", children=(
    ...         Section("org", "组织领导", points="10"),
    ...         Section("work", "重点工作", points="5"),))
    >>> found, book.points
    (['points'], Decimal('10'))
    """
    token = _handler.set(handler)
    try:
        yield
    finally:
        _handler.reset(token)
