"""Reading untrusted JSON: exact numbers, no duplicate keys, bounded nesting.

The standard library's C parser reads the file once. Three things it allows are
refused here, each listed with its line:

- a key given twice in one object (``json`` keeps the last one silently);
- numbers beyond the number rule's sizes (at most 15 digits before the decimal point
  and 10 after it; a 5,000-digit integer or ``1e999999999`` is refused at once, never
  converted), and ``NaN`` / ``Infinity``, which are not JSON;
- nesting deeper than ``MAX_DEPTH`` levels (instead of a ``RecursionError``).

Fractions are read as ``Decimal`` from their text, never through binary floats.
Lines are found only when something is wrong, by a second, pure-Python scan of the
text: a good file is parsed once.
"""

from __future__ import annotations

import gc
import json
import re
from decimal import Decimal, InvalidOperation
from itertools import chain, compress
from typing import Any, Final

from .._i18n import gettext as _
from ..engine._numbers import MAX_INTEGER_DIGITS, check_size
from ._input_limits import MAX_DEPTH, MAX_PROBLEMS

__all__ = ["JsonInputError", "load_json"]

_TOKEN: Final = re.compile(
    r'"[^"\\]*(?:\\.[^"\\]*)*"'  # a string
    r"|[{}\[\]:,]"
    r"|-?[0-9][0-9.eE+-]*"  # a number (checked by the parser proper)
    r"|NaN|-?Infinity|true|false|null"
    r"|\s+"
    r"|."
)
_CONTAINERS: Final = frozenset((dict, list))


class JsonInputError(ValueError):
    """A JSON text breaks the rules above; carries ``(line, sentence)`` per problem.

    Attributes:
        problems: The problems listed, in file order (line is 1-based or ``None``).
        more: How many further problems were found but not listed.
    """

    def __init__(self, problems: list[tuple[int | None, str]], more: int = 0) -> None:
        self.problems = problems
        self.more = more
        super().__init__("; ".join(sentence for _, sentence in problems))


class _Flags:
    __slots__ = ("bad",)

    def __init__(self) -> None:
        self.bad = False


def _shown(text: str) -> str:
    return repr(text) if len(text) <= 40 else f"{text[:30]!r}… ({len(text)} characters)"


def _number_problem(text: str) -> str | None:
    """What is wrong with a JSON number's text, or ``None``."""
    if text in ("NaN", "Infinity", "-Infinity"):
        return _("{value} is not a number JSON allows (and not a finite number)").format(value=text)
    if text.lstrip("-").isdigit():
        if len(text.lstrip("-")) > MAX_INTEGER_DIGITS:
            return _("{value} is too large: numbers have at most {digits} digits").format(
                value=_shown(text), digits=MAX_INTEGER_DIGITS
            )
        return None
    try:
        check_size(Decimal(text), text)
    except ValueError as error:
        return str(error)
    except InvalidOperation:
        return _("{value} is too large").format(value=_shown(text))
    return None


def load_json(text: str) -> Any:
    """Parse untrusted JSON text: numbers exact, duplicates and huge numbers refused.

    Raises:
        json.JSONDecodeError: The text is not JSON.
        JsonInputError: Duplicate keys, numbers too large, or nesting too deep (every
            problem, with its line).

    >>> load_json('{"a": 1.50, "b": [2]}')
    {'a': Decimal('1.50'), 'b': [2]}
    """
    flags = _Flags()

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        mapping = dict(items)
        if len(mapping) != len(items):
            flags.bad = True
        return mapping

    def integer(text: str) -> int | str:
        if len(text.lstrip("-")) > MAX_INTEGER_DIGITS:
            flags.bad = True
            return text  # never converted: int() of 5,000 digits raises, of more is slow
        return int(text)

    def fraction(text: str) -> Decimal | str:
        if _number_problem(text) is not None:
            flags.bad = True
            return text
        return Decimal(text)

    def constant(text: str) -> None:
        flags.bad = True

    collecting = gc.isenabled()
    gc.disable()  # millions of new, acyclic objects: the collector would scan them again and again
    try:
        document = json.loads(
            text,
            object_pairs_hook=pairs,
            parse_int=integer,
            parse_float=fraction,
            parse_constant=constant,
        )
    except RecursionError:
        raise JsonInputError(_locate(text, deep_only=True)) from None
    finally:
        if collecting:
            gc.enable()
    if flags.bad or _too_deep(document):
        found = _locate(text, deep_only=False)
        raise JsonInputError(found[:MAX_PROBLEMS], max(0, len(found) - MAX_PROBLEMS))
    return document


def _too_deep(document: Any) -> bool:
    """Whether a container nests deeper than ``MAX_DEPTH`` levels; level by level, one
    list of containers at a time.

    Tens of thousands of units hold about a million values: each level's values are
    gathered and sorted into containers by C-level iterators (``chain``, ``map``,
    ``compress``), so no Python code runs per value. The parser makes exact ``dict``
    and ``list`` objects only, so their exact types are what is looked for.
    """
    level = [document] if type(document) in _CONTAINERS else []
    depth = 1
    while level:
        values = list(
            chain.from_iterable(node.values() if type(node) is dict else node for node in level)
        )
        children = list(compress(values, map(_CONTAINERS.__contains__, map(type, values))))
        if children and depth >= MAX_DEPTH:
            return True
        level = children
        depth += 1
    return False


def _locate(text: str, *, deep_only: bool) -> list[tuple[int | None, str]]:
    """Find each problem's line by scanning the text (only when something is wrong)."""
    problems: list[tuple[int | None, str]] = []
    frames: list[dict[str, int] | None] = []  # an object's keys → line, or None for a list
    expect_key = False
    line = 1
    add = problems.append
    for match in _TOKEN.finditer(text):
        token = match.group()
        first = token[0]
        if first in "{[":
            if len(frames) >= MAX_DEPTH:
                add(
                    (
                        line,
                        _("nests deeper than {depth} levels of objects and arrays").format(
                            depth=MAX_DEPTH
                        ),
                    )
                )
                return problems
            frames.append({} if first == "{" else None)
            expect_key = first == "{"
        elif first in "}]":
            if frames:
                frames.pop()
            expect_key = False
        elif first == ",":
            expect_key = bool(frames) and frames[-1] is not None
        elif first == ":":
            expect_key = False
        elif first.isspace():
            line += token.count("\n")
        elif deep_only:
            continue
        elif first == '"':
            if expect_key and frames and frames[-1] is not None:
                keys = frames[-1]
                try:
                    key = json.loads(token)
                except ValueError:
                    continue
                if key in keys:
                    add(
                        (
                            line,
                            _(
                                "key {key} is given twice in one object (first on line "
                                "{line}); keep one"
                            ).format(key=_shown(key), line=keys[key]),
                        )
                    )
                else:
                    keys[key] = line
        elif first.isdigit() or first == "-" or token in ("NaN", "Infinity"):
            problem = _number_problem(token)
            if problem is not None:
                add((line, problem))
        if len(problems) > MAX_PROBLEMS * 10:
            break
    return problems
