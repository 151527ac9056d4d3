"""The base every scoring node shares, and the checks every node runs at construction."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar, Final

import attrs

from ._errors import RulebookError
from ._numbers import ZERO, as_decimal
from ._repr import code_repr

if TYPE_CHECKING:
    from ._facts import Fact

__all__ = ["ID_PATTERN", "Lapse", "Node", "ScoredLeaf", "to_decimal", "to_points", "to_texts"]

ID_PATTERN: Final = re.compile(r"^[a-z][a-z0-9_]*$")


def to_texts(value: Iterable[str]) -> tuple[str, ...]:
    """attrs converter: a tuple of strings from any iterable of strings."""
    if isinstance(value, str):
        return (value,)
    return tuple(value)


def to_decimal(value: object) -> Decimal:
    """attrs converter: rulebook numbers are written as decimal text or ints."""
    try:
        return as_decimal(value)
    except (TypeError, ValueError) as error:
        raise RulebookError(
            "", "", value, f"must be decimal text such as '0.5' ({error})"
        ) from None


def to_points(value: object) -> Decimal:
    """attrs converter for ``points``/``rate``/``cap`` fields (never negative)."""
    number = to_decimal(value)
    if number < 0:
        raise RulebookError("", "", value, "must be ≥ 0")
    return number


def check_id(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    """attrs validator: ids and fact names are stable lowercase ASCII (paths, file keys)."""
    if not isinstance(value, str) or not ID_PATTERN.match(value):
        raise RulebookError(
            str(value),
            attribute.name,
            value,
            "must be lowercase ASCII: a letter, then letters, digits or _",
        )


def check_title(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    """attrs validator: every node has a title (the score sheet's wording)."""
    if not isinstance(value, str) or not value.strip():
        raise RulebookError(
            str(getattr(instance, "id", None) or getattr(instance, "name", "")),
            attribute.name,
            value,
            "must be a non-empty string",
        )


@attrs.frozen
class Lapse:
    """What a leaf measured for one unit before any cap: the raw side of a ledger entry.

    Attributes:
        occurrences: How many times the rate applies (1 for a flag).
        rate: Points per occurrence.
        raw: Points before caps (``occurrences × rate`` for deductions).
        detail: Names that explain the amount, e.g. the missing items.
        actual: The measured value the reason quotes (a count, a score, a rate).
    """

    occurrences: Decimal | int
    rate: Decimal
    raw: Decimal
    detail: tuple[str, ...] = ()
    actual: Any = None


class Node:
    """Behaviour shared by every node of a scoring tree.

    Subclasses are attrs frozen classes with at least ``id`` and ``title``. Containers
    override :attr:`children`; nodes that contribute to the maximum override
    :attr:`max_points`; nodes that need evidence override :meth:`facts`.
    """

    __slots__ = ()
    kind: ClassVar[str] = "node"
    id: str
    title: str

    def __repr__(self) -> str:
        return code_repr(self)

    @property
    def children(self) -> tuple[Node, ...]:
        """Child nodes, in score-sheet order (empty for leaves)."""
        return ()

    @property
    def max_points(self) -> Decimal:
        """Points this node contributes to its parent's maximum."""
        return ZERO

    @property
    def segment(self) -> str:
        """This node's part of a dotted path ("" for transparent wrappers)."""
        return self.id

    def own_facts(self) -> tuple[Fact, ...]:
        """The facts this node itself reads (not its children's)."""
        return ()

    def cross_check(self, values: Mapping[str, object]) -> list[tuple[str, object, str]]:
        """Return problems that span several facts as ``(fact, value, expectation)``."""
        return []

    def walk(self, prefix: str = "") -> Iterator[tuple[str, Node]]:
        """Yield ``(dotted path, node)`` for this node and every descendant, pre-order.

        Transparent wrappers such as ``CapAt`` are yielded with the path of the node
        they wrap, just before it.
        """
        path = f"{prefix}.{self.segment}" if prefix and self.segment else (self.segment or prefix)
        yield path, self
        for child in self.children:
            yield from child.walk(path)


class ScoredLeaf(Node):
    """A leaf that can lose points: implements :meth:`measure` and :meth:`reason`."""

    __slots__ = ()
    starred: bool = False

    def measure(self, values: Mapping[str, Any]) -> Lapse | None:
        """Return what this leaf loses for the given fact values, or ``None``."""
        raise NotImplementedError

    def reason(self, lapse: Lapse, counted: Decimal) -> str:
        """Return the Chinese 失分原因 text for a lapse of which *counted* points count."""
        raise NotImplementedError
