"""Reading untrusted YAML in one pass: exact numbers, no surprises, every position kept.

Every YAML file the program reads (evidence, registries, plans and calendars,
progress and submissions, rulebook test cases) goes through :func:`parse_yaml`. It
builds the document from libyaml's event stream (PyYAML's C parser; the pure-Python
parser when libyaml is missing) with a small builder of its own, so that one parse
gives both the values and the line of every mapping and key, and so that these rules
hold for every file:

**Values.** Mappings, lists, texts, numbers, yes/no and null; no tags that build
objects (``!!python/…``, ``!!set``; ``!!str`` and ``!`` are allowed). Quoted scalars are
always text. Plain ``true``/``false``/``yes``/``no``/``on``/``off`` (YAML 1.1 words,
kept so that ``relevant: no`` still means no) are booleans; ``~``, ``null`` and an
empty value are null; dates such as ``2024-11-20`` and times such as ``1:30`` stay
text (``1:30`` is never the sexagesimal 90).

**Numbers** (plain scalars only). Decimal digits only, as YAML 1.2 writes them:
``12`` is a whole number, ``13.5``, ``.5`` and ``1.5e3`` are exact ``Decimal`` values
(never binary floats). A number with a leading zero (``010``, ``01.5``) and a
YAML 1.1 radix number (``0x1F``, ``0o17``, ``0b101``) are errors asking for the plain
number or quotes, because YAML 1.1 reads ``010`` as 8 and a code such as ``007`` would
lose its zeros: ``010`` is never 8. ``1,5`` and ``1_000`` are text here; as a fact
value they follow the number rule of :mod:`assessment_rules.engine._numbers` (a comma
only between groups of three digits, so ``1,5`` is an error, not 15). Numbers have at
most 15 digits before the decimal point and 10 after it.

**Structure.** A key given twice in one mapping is an error naming both lines
(YAML's merge key ``<<`` still fills in keys that are not given). Keys are texts,
numbers, yes/no or null. One document per file.

**Limits** (see :mod:`._input_limits`): nesting at most ``MAX_DEPTH`` levels;
aliases (``*name``) may add at most ``MAX_ALIAS_NODES`` nodes in all, counted as
expanded, so a "billion laughs" file is refused after a few thousand nodes; an alias
to a mapping or list that contains it is refused; at most ``MAX_PROBLEMS`` problems
are listed, the rest counted.

Why not ruamel.yaml: see the comment on the PyYAML dependency in ``pyproject.toml``.
"""

from __future__ import annotations

import gc
import re
from array import array
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any, Final

import yaml

from .._i18n import gettext as _
from .._i18n import ngettext
from ..engine._errors import AssessmentRulesError
from ..engine._numbers import MAX_INTEGER_DIGITS, check_size
from ._input_limits import MAX_ALIAS_NODES, MAX_DEPTH, MAX_PROBLEMS

__all__ = [
    "YamlDocument",
    "YamlError",
    "load_yaml",
    "parse_yaml",
    "yaml_problem",
    "yaml_problems",
]

_STR: Final = "tag:yaml.org,2002:str"
_TEXT_TAGS: Final = frozenset({_STR, "!"})
_COLLECTION_TAGS: Final = frozenset({"!", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"})
_WORDS: Final[dict[str, object]] = {
    **dict.fromkeys(("", "~", "null", "Null", "NULL"), None),
    **dict.fromkeys(("true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON"), True),
    **dict.fromkeys(("false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF"), False),
}
_NUMBER_START: Final = frozenset("0123456789+-.")
_INT: Final = re.compile(r"[-+]?[0-9]+")
_FLOAT: Final = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")
_RADIX: Final = re.compile(r"[-+]?0[xXoObB][0-9a-fA-F_]*")
_LEADING_ZERO: Final = re.compile(r"[-+]?0[0-9_]")
_SHORT: Final = 64  # texts up to this length are shared between equal occurrences
_BAD_KEY: Final = object()  # stands for a key that was a mapping or a list
_MISSING: Final = object()

try:  # libyaml: about ten times faster than the pure-Python parser
    _LOADER: type[Any] = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _LOADER = yaml.SafeLoader


class YamlError(AssessmentRulesError, yaml.YAMLError):
    """A YAML file is not valid YAML or breaks one of the reader's rules or limits.

    Attributes:
        source: The file.
        problems: ``(line, sentence)`` for each problem, in file order; the line is
            1-based, or ``None`` when unknown.
        more: How many further problems were found but not listed.
    """

    def __init__(
        self, source: str, problems: Sequence[tuple[int | None, str]], more: int = 0
    ) -> None:
        self.source = source
        self.problems = tuple(problems)
        self.more = more
        if len(self.problems) == 1 and not more:
            line, sentence = self.problems[0]
            where = f"{source}:{line}" if line is not None else source
            super().__init__(where, "", None, sentence)
        else:
            count = len(self.problems) + more
            listed = "\n".join(f"    - {_at(line)}{sentence}" for line, sentence in self.problems)
            tail = "\n    - " + _("… and {more} more, not listed").format(more=more) if more else ""
            heading = ngettext("has {count} problem:", "has {count} problems:", count)
            super().__init__(source, "", None, f"{heading.format(count=count)}\n{listed}{tail}")

    def lines(self) -> list[str]:
        """One ``file:line: sentence`` per problem, then "… and N more" if any."""
        found = [
            f"{self.source}{'' if line is None else f':{line}'}: {sentence}"
            for line, sentence in self.problems
        ]
        if self.more:
            tail = ngettext(
                "… and {more} more problem, not listed",
                "… and {more} more problems, not listed",
                self.more,
            ).format(more=self.more)
            found.append(f"{self.source}: {tail}")
        return found


def _at(line: int | None) -> str:
    return _("line {line}: ").format(line=line) if line is not None else ""


class YamlDocument:
    """A parsed YAML document with the line of every mapping and of each of its keys.

    Attributes:
        value: The document (``None`` for a file of comments only).
        source: The file it came from.
    """

    __slots__ = ("_marks", "source", "value")

    def __init__(self, value: Any, source: str, marks: dict[int, tuple[int, array[int]]]):
        self.value = value
        self.source = source
        self._marks = marks  # id(mapping) → (its line, its keys' lines in key order)

    def line(self, mapping: object) -> int | None:
        """The 1-based line where *mapping* (a dict of this document) starts."""
        found = self._marks.get(id(mapping))
        return found[0] if found is not None else None

    def key_lines(self, mapping: object) -> dict[Any, int]:
        """Each key of *mapping* (a dict of this document) → the 1-based line it is on."""
        found = self._marks.get(id(mapping))
        if found is None or not isinstance(mapping, dict):
            return {}
        return dict(zip(mapping, found[1], strict=False))


class _Problems:
    """Problems found so far: the first ``MAX_PROBLEMS`` kept, the rest counted."""

    __slots__ = ("kept", "more")

    def __init__(self) -> None:
        self.kept: list[tuple[int | None, str]] = []
        self.more = 0

    @property
    def total(self) -> int:
        return len(self.kept) + self.more

    def add(self, line: int | None, sentence: str) -> None:
        if len(self.kept) < MAX_PROBLEMS:
            self.kept.append((line, sentence))
        else:
            self.more += 1


class _StopError(Exception):
    """Reading cannot go on (syntax error, a limit reached)."""


def _shown(text: str) -> str:
    return repr(text) if len(text) <= 40 else f"{text[:30]!r}… ({len(text)} characters)"


def _plain(text: str, line: int, problems: _Problems) -> Any:
    """The value of a plain (unquoted, untagged) scalar."""
    if text in _WORDS:
        return _WORDS[text]
    if text[0] not in _NUMBER_START:
        return text
    if _RADIX.fullmatch(text) or (
        _LEADING_ZERO.match(text) and (_INT.fullmatch(text) or _FLOAT.fullmatch(text))
    ):
        problems.add(
            line,
            _(
                "{value} is ambiguous (YAML 1.1 reads 010 as 8, and a code such as 007 "
                "would lose its zeros): write the number without leading zeros, or put the "
                "value in quotes if it is a code or text"
            ).format(value=_shown(text)),
        )
        return text
    if _INT.fullmatch(text):
        digits = len(text.lstrip("+-"))
        if digits > MAX_INTEGER_DIGITS:
            problems.add(
                line,
                _("{value} is too large: numbers have at most {digits} digits").format(
                    value=_shown(text), digits=MAX_INTEGER_DIGITS
                ),
            )
            return text
        return int(text)
    if _FLOAT.fullmatch(text):
        try:
            return check_size(Decimal(text), text)
        except ValueError as error:
            problems.add(line, str(error))
            return text
        except InvalidOperation:  # an exponent beyond what Decimal can hold
            problems.add(line, _("{value} is too large").format(value=_shown(text)))
            return text
    return text


class _Frame:
    """A mapping or list being built."""

    __slots__ = (
        "anchor",
        "container",
        "has_key",
        "key",
        "key_line",
        "lines",
        "merge",
        "merges",
        "start",
        "start_line",
    )

    def __init__(self, container: Any, anchor: str | None, start: int, line: int) -> None:
        self.container = container
        self.anchor = anchor
        self.start = start
        self.start_line = line
        self.lines: array[int] | None = array("L") if isinstance(container, dict) else None
        self.has_key = False
        self.key: Any = None
        self.key_line = 0
        self.merge = False
        self.merges: list[tuple[int, dict[Any, Any]]] = []


def _events(text: str) -> Iterator[Any]:
    loader = _LOADER(text)
    try:
        while loader.check_event():
            yield loader.get_event()
    finally:
        loader.dispose()


def parse_yaml(text: str, source: str = "<yaml>") -> YamlDocument:
    """Parse untrusted YAML text once, by the rules in the module notes.

    Args:
        text: The file's text.
        source: The file, for messages.

    Returns:
        The document and the line of each mapping and key.

    Raises:
        YamlError: The text is not valid YAML, breaks a rule or reaches a limit;
            every problem found is listed with its line.

    >>> document = parse_yaml("units:\\n  - id: a\\n    facts: {x: 1.50}\\n")
    >>> unit = document.value["units"][0]
    >>> unit["facts"], document.line(unit), document.key_lines(unit)
    ({'x': Decimal('1.50')}, 2, {'id': 2, 'facts': 3})
    """
    problems = _Problems()
    collecting = gc.isenabled()
    gc.disable()  # millions of new, acyclic objects: the collector would scan them again and again
    try:
        value, marks = _build(_events(text), problems)
    except UnicodeEncodeError as error:  # a lone surrogate: str, but not Unicode text
        line = text.count("\n", 0, error.start) + 1
        problems.add(
            line,
            _("holds {character!r}, which is not a Unicode character").format(
                character=text[error.start]
            ),
        )
        raise YamlError(source, problems.kept, problems.more) from None
    except _StopError:
        raise YamlError(source, problems.kept, problems.more) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        reason = getattr(error, "problem", None) or getattr(error, "reason", None)
        if reason and "nesting depth" in reason:  # libyaml's own limit, met first
            sentence = _("nests deeper than {depth} levels of mappings and lists").format(
                depth=MAX_DEPTH
            )
        else:
            sentence = _("is not valid YAML ({reason})").format(reason=reason or _("syntax error"))
        problems.add(mark.line + 1 if mark is not None else None, sentence)
        raise YamlError(source, problems.kept, problems.more) from None
    finally:
        if collecting:
            gc.enable()
    if problems.kept:
        raise YamlError(source, problems.kept, problems.more)
    return YamlDocument(value, source, marks)


def load_yaml(text: str, source: str = "<yaml>") -> Any:
    """Parse untrusted YAML text: numbers exact, by the rules in the module notes.

    Raises:
        YamlError: As :func:`parse_yaml`.

    >>> load_yaml("a: 1.10\\nb: [2, 0.5]")
    {'a': Decimal('1.10'), 'b': [2, Decimal('0.5')]}
    """
    return parse_yaml(text, source).value


def _build(
    events: Iterable[Any],  # yaml.Event subclasses; typed loosely, their stubs lack fields
    problems: _Problems,
) -> tuple[Any, dict[int, tuple[int, array[int]]]]:
    stack: list[_Frame] = []
    anchors: dict[str, tuple[Any, int]] = {}  # anchor → (value, nodes it stands for)
    unfinished: set[str] = set()
    marks: dict[int, tuple[int, array[int]]] = {}
    strings: dict[str, str] = {}  # equal short texts share one object (memory)
    nodes = 0  # nodes so far, aliases counted as expanded
    expanded = 0  # nodes added by aliases
    documents = 0
    root: Any = None
    scalar, alias = yaml.ScalarEvent, yaml.AliasEvent
    opening = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
    closing = (yaml.MappingEndEvent, yaml.SequenceEndEvent)

    def stop(line: int | None, sentence: str) -> _StopError:
        if len(problems.kept) >= MAX_PROBLEMS:
            problems.kept.pop()
            problems.more += 1
        problems.add(line, sentence)
        return _StopError()

    def add(value: Any, line: int) -> None:
        nonlocal root
        if not stack:
            root = value
            return
        frame = stack[-1]
        container = frame.container
        if frame.lines is None:
            container.append(value)
            return
        if not frame.has_key:
            frame.has_key = True
            frame.key_line = line
            frame.merge = False
            if isinstance(value, dict | list):
                problems.add(line, _("a key must be a text or a number, not a mapping or list"))
                frame.key = _BAD_KEY
            else:
                frame.key = value
            return
        frame.has_key = False
        key = frame.key
        if key is _BAD_KEY:
            return
        if frame.merge:
            sources = value if isinstance(value, list) else [value]
            if not all(isinstance(item, dict) for item in sources):
                problems.add(
                    frame.key_line,
                    _("the merge key << must be given a mapping or a list of mappings"),
                )
                return
            frame.merges.extend((frame.key_line, item) for item in sources)
            return
        if key in container:
            first = list(container).index(key)
            problems.add(
                frame.key_line,
                _(
                    "key {key} is given twice in one mapping (first on line {line}); keep one"
                ).format(key=_shown(str(key)), line=frame.lines[first]),
            )
            return
        container[key] = value
        frame.lines.append(frame.key_line)

    top: _Frame | None = None  # the frame being filled: stack[-1]
    cache: dict[str, Any] = {}  # plain scalar text → its value (when it had no problem)
    for event in events:
        kind = type(event)
        if kind is scalar:  # most events: kept on a short path
            nodes += 1
            text = event.value
            tag = event.tag
            plain = tag is None and event.implicit[0]
            if plain:
                value: Any = cache.get(text, _MISSING)
                if value is _MISSING:
                    count = problems.total
                    value = _plain(text, event.start_mark.line + 1, problems) if text else None
                    if type(value) is str:
                        value = strings.setdefault(value, value) if len(value) <= _SHORT else value
                    if problems.total == count:
                        cache[text] = value
            elif tag is None or tag in _TEXT_TAGS:
                value = strings.setdefault(text, text) if len(text) <= _SHORT else text
            else:
                problems.add(
                    event.start_mark.line + 1,
                    _(
                        "is not valid YAML here: the tag {tag!r} is not accepted (quote text)"
                    ).format(tag=tag),
                )
                value = text
            if event.anchor is not None:
                anchors[event.anchor] = (value, 1)
            if top is None:
                root = value
            elif top.lines is None:
                top.container.append(value)
            elif not top.has_key:
                top.has_key = True
                top.key = value
                top.key_line = event.start_mark.line + 1
                top.merge = plain and text == "<<"
            elif top.merge or top.key is _BAD_KEY or top.key in top.container:
                add(value, 0)  # the rare cases, with their problems
            else:
                top.has_key = False
                top.container[top.key] = value
                top.lines.append(top.key_line)
        elif kind in opening:
            nodes += 1
            line = event.start_mark.line + 1
            if len(stack) >= MAX_DEPTH:
                raise stop(
                    line,
                    _("nests deeper than {depth} levels of mappings and lists").format(
                        depth=MAX_DEPTH
                    ),
                )
            if event.tag is not None and event.tag not in _COLLECTION_TAGS:
                problems.add(
                    line,
                    _("is not valid YAML here: the tag {tag!r} is not accepted").format(
                        tag=event.tag
                    ),
                )
            container: Any = {} if kind is yaml.MappingStartEvent else []
            if event.anchor is not None:
                unfinished.add(event.anchor)
            top = _Frame(container, event.anchor, nodes, line)
            stack.append(top)
        elif kind in closing:
            frame = stack.pop()
            top = stack[-1] if stack else None
            container = frame.container
            if frame.lines is not None:
                for line, merged in frame.merges:
                    for key, item in merged.items():
                        if key not in container:
                            container[key] = item
                            frame.lines.append(line)
                marks[id(container)] = (frame.start_line, frame.lines)
            if frame.anchor is not None:
                unfinished.discard(frame.anchor)
                anchors[frame.anchor] = (container, nodes - frame.start + 1)
            add(container, frame.start_line)
        elif kind is alias:
            line = event.start_mark.line + 1
            name = event.anchor
            if name in unfinished:
                raise stop(
                    line,
                    _("the alias *{name} refers to a mapping or list that contains it").format(
                        name=name
                    ),
                )
            if name not in anchors:
                raise stop(
                    line, _("the alias *{name} has no anchor &{name} before it").format(name=name)
                )
            value, weight = anchors[name]
            expanded += weight
            nodes += weight
            if expanded > MAX_ALIAS_NODES:
                raise stop(
                    line,
                    _(
                        "aliases (*{name} and others) expand to more than {nodes} "
                        "nodes; write the values out (or use fewer aliases)"
                    ).format(name=name, nodes=MAX_ALIAS_NODES),
                )
            add(value, line)
        elif kind is yaml.DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise stop(
                    event.start_mark.line + 1,
                    _("holds a second YAML document (---); one file holds one document"),
                )
    return root, marks


def yaml_problems(error: yaml.YAMLError, source: str) -> list[str]:
    """Each problem of a YAML error as ``file:line: sentence``, for any error type to carry.

    >>> try:
    ...     load_yaml("a: 1\\na: 2", "e.yaml")
    ... except YamlError as error:
    ...     yaml_problems(error, "e.yaml")
    ["e.yaml:2: key 'a' is given twice in one mapping (first on line 1); keep one"]
    """
    if isinstance(error, YamlError):
        return error.lines()
    where, expectation = yaml_problem(error, source)
    return [f"{where}: {expectation}"]


def yaml_problem(error: yaml.YAMLError, source: str) -> tuple[str, str]:
    """Say where a YAML file is broken and what is wrong, for any error type to carry.

    Returns:
        ``("file:line", "sentence")`` for one problem; ``("file", "has N problems: …")``
        for several.

    >>> try:
    ...     load_yaml("a: 1\\n  b: 2\\n", "e.yaml")
    ... except yaml.YAMLError as error:
    ...     yaml_problem(error, "e.yaml")
    ('e.yaml:2', 'is not valid YAML (mapping values are not allowed in this context)')
    """
    if isinstance(error, YamlError):
        return error.path, error.expectation
    mark = getattr(error, "problem_mark", None)
    where = f"{source}:{mark.line + 1}" if mark is not None else source
    problem = getattr(error, "problem", None) or _("syntax error")
    return where, _("is not valid YAML ({reason})").format(reason=problem)
