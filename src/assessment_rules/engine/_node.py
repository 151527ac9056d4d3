"""The node protocol: what every scoring node states about itself, in its own class.

Every tool of the library (the evaluator, lint, ``show``/``explain``, templates, the
score sheets, the docs site, ``diff``/``derive``/``rescore``) asks a node through the
methods below and never branches on a concrete node class. The built-in combinators
(:mod:`assessment_rules.combinators`) are written on this protocol exactly as a
district's own node kind is, so a new shape is one class in one file.

A node plays one *role*, given by the base class it derives from:

- :class:`Node` itself: a container (a section, an item, the rulebook) whose score is
  its points less what its children lose, plus what they gain; or a transparent
  wrapper (:attr:`Node.transparent`) around one child, like ``CapAt``;
- :class:`ScoredLeaf`: a clause that can lose points (``measure`` and ``reason``);
- :class:`BonusLeaf`: a clause that adds points (``gains``);
- :class:`VetoLeaf`: a clause that, when it holds, forces the lowest grade.

Public methods here do the bookkeeping and call small hooks each class implements, as
Hypothesis strategies do. Every hook has a default, so a node kind overrides only what
it has to say.

>>> import attrs
>>> from decimal import Decimal
>>> from assessment_rules import Fact, Item, Lapse, Rulebook, ScoredLeaf, Section, evaluate
>>> @attrs.frozen(repr=False)
... class Doubling(ScoredLeaf):
...     '''第1次扣1分、第2次扣2分、第3次扣4分……: each lapse costs twice the last.'''
...     kind = "doubling"
...     id: str
...     title: str
...     def own_facts(self):
...         return (Fact(self.id, self.title, kind="count", unit="次"),)
...     def measure(self, values):
...         n = values[self.id]
...         return Lapse(n, Decimal(1), Decimal(2**n - 1), actual=n) if n else None
...     def describe_lapse(self, lapse):
...         return f"{self.title}{lapse.actual}次"
...     def criterion(self, *, lowest_grade="不合格"):
...         return f"{self.title}的，第1次扣1分，以后每次加倍"
>>> book = Rulebook("demo", "示例", points="10", children=(
...     Section("s", "安全", points="10", children=(
...         Item("i", "检查", points="10", children=(Doubling("late", "迟报"),)),)),))
>>> evaluate(book, {"late": 3}).reasons
('迟报3次，扣7分',)
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar, Final

import attrs

from ._arguments import ARGUMENT_LABELS, value_text
from ._collect import collectable
from ._errors import RulebookError
from ._numbers import (
    MAX_DECIMAL_PLACES,
    MAX_INTEGER_DIGITS,
    ZERO,
    NumberSizeError,
    as_decimal,
    fmt,
)
from ._reasons import counted_text, deduction_text
from ._repr import code_repr

if TYPE_CHECKING:
    from ._facts import Fact
    from ._results import LedgerEntry

__all__ = [
    "ID_PATTERN",
    "BonusLeaf",
    "Gain",
    "Lapse",
    "Limits",
    "Node",
    "ScoredLeaf",
    "VetoLeaf",
    "check_children",
    "check_id",
    "check_title",
    "got",
    "named_converters",
    "owner_name",
    "to_children",
    "to_decimal",
    "to_points",
    "to_texts",
]

ID_PATTERN: Final = re.compile(r"^[a-z][a-z0-9_]*$")


def got(value: object) -> str:
    """What an argument was, as attrs' messages say it: ``(got '-1' that is a str)``."""
    name = type(value).__name__
    article = "an" if name[:1].lower() in "aeiou" else "a"
    return f"(got {value!r} that is {article} {name})"


def owner_name(instance: object, names: tuple[str, ...] = ("id", "name", "title")) -> str:
    """The name an error gives the object being built: its id, else its name or title.

    Converters run in field order while the object is built, so a field after the
    one being converted is not set yet; such a field is skipped.
    """
    for attribute in names:
        try:
            value = getattr(instance, attribute)
        except AttributeError:
            continue
        if isinstance(value, str) and value:
            return value
    return ""


def _naming(convert: Callable[[Any], Any], field: str) -> attrs.Converter[Any, Any]:
    def converter(value: Any, instance: object) -> Any:
        try:
            return convert(value)
        except RulebookError as error:
            raise RulebookError(
                error.path or owner_name(instance),
                field,
                value,
                f"{error.expectation} {got(error.value)}",
                error.hint,
            ) from None

    return attrs.Converter(converter, takes_self=True)


def named_converters(cls: type, fields: list[attrs.Attribute[Any]]) -> list[attrs.Attribute[Any]]:
    """attrs ``field_transformer``: a converter's errors name the object, field and value.

    A converter such as :func:`to_points` is a plain function of the value (so mypy's
    attrs plugin can type the ``__init__`` argument, and tools can call it directly);
    it raises ``RulebookError`` with an empty path. Built with this transformer, the
    class re-raises it as ``id: field=given must be … (got … that is a str)``, the
    way attrs' own validators say it. Subclasses inherit the wrapped converters.

    >>> @attrs.frozen(field_transformer=named_converters)
    ... class Cap:
    ...     id: str
    ...     limit: Decimal = attrs.field(converter=to_points)
    >>> try:
    ...     Cap("fire", "-2")
    ... except RulebookError as error:
    ...     print(error)
    fire: limit='-2' must be ≥ 0 (got '-2' that is a str)
    """
    return [
        field.evolve(converter=_naming(field.converter, field.alias or field.name.lstrip("_")))
        if callable(field.converter) and not isinstance(field.converter, attrs.Converter)
        else field
        for field in fields
    ]


def to_texts(value: Iterable[str]) -> tuple[str, ...]:
    """attrs converter: a tuple of strings from a string or any iterable of strings."""
    if isinstance(value, str):
        return (value,)
    try:
        texts = tuple(value)
    except TypeError:
        raise RulebookError("", "", value, "must be a text or texts") from None
    for text in texts:
        if not isinstance(text, str):
            raise RulebookError("", "", text, "must be a text or texts")
    return texts


def to_decimal(value: object) -> Decimal:
    """attrs converter: rulebook numbers are written as decimal text or ints."""
    try:
        return as_decimal(value)
    except NumberSizeError:
        raise RulebookError(
            "",
            "",
            value,
            f"must have at most {MAX_INTEGER_DIGITS} digits before the decimal point "
            f"and {MAX_DECIMAL_PLACES} after it",
        ) from None
    except (TypeError, ValueError):
        raise RulebookError("", "", value, "must be decimal text such as '0.5'") from None


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
            f"must be lowercase ASCII: a letter, then letters, digits or _ {got(value)}",
        )


def check_title(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    """attrs validator: every node has a title (the score sheet's wording)."""
    if not isinstance(value, str) or not value.strip():
        raise RulebookError(
            owner_name(instance, ("id", "name")),
            attribute.name,
            value,
            f"must be a non-empty string {got(value)}",
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
        zeroes: 该项不得分: the lapse takes every point of the node the clause sits in
            (its parent item or section), whatever its points and its other
            deductions. The evaluator then sets ``rate`` and ``raw`` to those points
            (a zeroing leaf may leave them 0) and lists every other entry under that
            node as absorbed, counting 0 (★ ones and bonus included), so the node
            scores exactly 0. Caps at or inside that node do not cut the zeroing
            entry; caps and the floor outside it treat it as any deduction.
    """

    occurrences: Decimal | int
    rate: Decimal
    raw: Decimal
    detail: tuple[str, ...] = ()
    actual: Any = None
    zeroes: bool = False


@attrs.frozen
class Gain:
    """What a bonus clause adds for one unit: one award, already cut by its own limits.

    Attributes:
        id: The path segment below the clause (an award level's id), or ``""``.
        title: The award's short title.
        raw: Points proposed.
        counted: Points that count after the clause's own limits.
        reason: The 加分原因 in Chinese.
    """

    id: str
    title: str
    raw: Decimal
    counted: Decimal
    reason: str


@attrs.frozen
class Limits:
    """What a node can do to a score, for lint and the docs.

    Attributes:
        most_lost: The most the node's deductions that caps stop can take, or ``None``
            when unbounded (for a leaf: the most it can take).
        most_gained: The most it can add, or ``None`` when unbounded.
        step: The points one occurrence deducts, when every occurrence deducts the
            same (lint warns when a cap is smaller than one step), else ``None``.
        uncapped: What the ★ deductions under a container can take (no cap stops
            them), or ``None`` when unbounded.
    """

    most_lost: Decimal | None = ZERO
    most_gained: Decimal | None = ZERO
    step: Decimal | None = None
    uncapped: Decimal | None = ZERO

    @property
    def total_lost(self) -> Decimal | None:
        """The most every deduction under the node can take, ★ ones included."""
        return _plus(self.most_lost, self.uncapped)


class Node:
    """A node of a scoring tree: the protocol every tool goes through.

    Subclasses are attrs frozen classes with at least ``id`` and ``title``. What a
    tool needs of a node it asks here:

    ======================  ===============================================================
    facts                   :meth:`own_facts`, :meth:`cross_check`, :attr:`pure`
    how it scores           :attr:`children`, :attr:`max_points`, :attr:`cap_limit`,
                            :attr:`raw_points` with :meth:`convert` (折算), and the
                            role's hook (``measure``, ``gains``, ``triggered``)
    limits (lint)           :meth:`limits`, :attr:`children_total`,
                            :attr:`printed_points`
    sheet text              :meth:`criterion`, :attr:`text`, :attr:`source`,
                            :attr:`sheet_role`
    ``show``/``explain``    :meth:`outline`, :meth:`explain`
    ``diff``/``derive``     :meth:`edit_arguments`, :attr:`edit_field`,
                            :meth:`argument_label`, :meth:`argument_text`
    examples                :meth:`example_values`
    ======================  ===============================================================
    """

    __slots__ = ()
    kind: ClassVar[str] = "node"
    #: How a score sheet lays the node out: ``part`` (a numbered 项目 with lines under
    #: it), ``line`` (one 考核内容 row with its 考核标准) or ``clause`` (one numbered
    #: 考核标准 inside a line). Containers are lines by default, leaves clauses.
    sheet_role: ClassVar[str] = "line"
    #: True when what the node gives a unit is a function of its own fields and the
    #: values of its own facts (:meth:`own_facts`) only; the evaluator then works it
    #: out once per value (for a scored leaf or veto reading one fact, and for a bonus
    #: clause whatever the number of its facts).
    #: It is not inherited: a subclass (which may read other facts) is asked every
    #: time unless its own class body says ``pure = True`` again.
    pure: ClassVar[bool] = False
    #: The ``__init__`` argument that holds the node's sub-parts (``children``,
    #: ``node``, ``levels``), which ``derive`` edits and ``diff`` matches by id.
    edit_field: ClassVar[str | None] = None
    #: A transparent wrapper (``CapAt``) adds no path segment and no result of its
    #: own: its one child takes its place, with the wrapper's :attr:`cap_limit`.
    transparent: ClassVar[bool] = False
    id: str
    title: str
    #: The clause as printed on the paper sheet (考核标准), if kept verbatim.
    text: str = ""
    #: Where the clause comes from, e.g. ``"附件2 一(1)第2条"``.
    source: str = ""
    #: ★: the clause's deductions escape every cap (扣完为止) around it.
    starred: bool = False

    def __repr__(self) -> str:
        return code_repr(self)

    # ------------------------------------------------------------------ structure

    @property
    def children(self) -> tuple[Node, ...]:
        """Child nodes, in score-sheet order (empty for leaves)."""
        return ()

    @property
    def max_points(self) -> Decimal:
        """Points this node contributes to its parent's maximum."""
        return ZERO

    @property
    def children_total(self) -> Decimal | None:
        """What the children's points must add up to (or be 0), or ``None`` when free.

        Construction and lint hold a node to it. By default it is the node's
        ``points`` field when it has one (a section, an item, the rulebook); a
        converted part (``Rescaled``) says ``out_of``; a section whose printed points
        need not match its items (``points_from``) says ``None``.
        """
        points = getattr(self, "points", None)
        return points if isinstance(points, Decimal) else None

    @property
    def printed_points(self) -> Decimal | None:
        """The points printed on the sheet when the rulebook lets them differ from the
        children's sum (``points_from``), else ``None``; lint warns when they differ."""
        return None

    @property
    def raw_points(self) -> Decimal | None:
        """The points a converted part is scored out of before :meth:`convert`, or None.

        A node that says so (``Rescaled``: 按30%折算) is scored on its children's
        scale, ``raw_points − lost``, and then converted into :attr:`max_points`;
        its result carries both (``NodeResult.raw_max``/``raw_score``).
        """
        return None

    def convert(self, raw_score: Decimal) -> Decimal:
        """The converted score of a part that scored *raw_score* of :attr:`raw_points`."""
        return raw_score

    @property
    def segment(self) -> str:
        """This node's part of a dotted path (``""`` for the root and for wrappers)."""
        return "" if self.transparent else self.id

    @property
    def cap_limit(self) -> Decimal | None:
        """The most the non-★ deductions under this node may take (扣完为止), or None."""
        return None

    def walk(self, prefix: str = "") -> Iterator[tuple[str, Node]]:
        """Yield ``(dotted path, node)`` for this node and every descendant, pre-order.

        Transparent wrappers such as ``CapAt`` are yielded with the path of the node
        they wrap, just before it.
        """
        if self.transparent:
            inner = self.children[0]
            yield (f"{prefix}.{inner.segment}" if prefix else inner.segment), self
            yield from inner.walk(prefix)
            return
        path = f"{prefix}.{self.segment}" if prefix else self.segment
        yield path, self
        for child in self.children:
            yield from child.walk(path)

    def unwrapped(self) -> tuple[Node, tuple[Node, ...]]:
        """The node inside any transparent wrappers, and the wrappers, outermost first."""
        node: Node = self
        wrappers: list[Node] = []
        while node.transparent:
            wrappers.append(node)
            node = node.children[0]
        return node, tuple(wrappers)

    # ---------------------------------------------------------------------- facts

    def own_facts(self) -> tuple[Fact, ...]:
        """The facts this node itself reads (not its children's)."""
        return ()

    def cross_check(self, values: Mapping[str, object]) -> list[tuple[str, object, str]]:
        """Return problems that span several facts as ``(fact, value, expectation)``."""
        return []

    # --------------------------------------------------------------------- limits

    def limits(self) -> Limits:
        """What this node can take or add; containers sum their children.

        The default for a container adds up its children's limits and stops the
        non-★ deductions at :attr:`cap_limit`. A leaf kind states its own.
        """
        capped: Decimal | None = ZERO
        free: Decimal | None = ZERO  # what ★ clauses take: no cap stops it
        gained: Decimal | None = ZERO
        for child in self.children:
            limits = child.limits()
            if child.starred:
                free = _plus(free, limits.total_lost)
            else:
                capped = _plus(capped, limits.most_lost)
                free = _plus(free, limits.uncapped)
            gained = _plus(gained, limits.most_gained)
        limit = self.cap_limit
        if limit is not None:
            capped = limit if capped is None else min(capped, limit)
        return Limits(capped, gained, None, free)

    # ----------------------------------------------------------------------- text

    def criterion(self, *, lowest_grade: str = "不合格") -> str:
        """One Chinese sentence saying how the node is scored (its 考核标准).

        Every tool that puts a clause into words uses this sentence: ``show``, the
        score sheets, the docs site and ``diff``. The default gives the printed text
        or the title, with the points.

        Args:
            lowest_grade: The grade a veto forces, for the vetoes' sentence.
        """
        text = self.text or self.title
        points = self.max_points
        return f"{text}（{fmt(points)}分）" if points else text

    def outline(self, *, lowest_grade: str = "不合格") -> str:
        """The node's line in ``assessment-rules show``.

        By default a clause shows its :meth:`criterion` and a part or line its title
        with its points.

        Args:
            lowest_grade: The rulebook's lowest grade, for a veto's line (as in
                :meth:`criterion`): ``show`` names the band, never "the lowest grade".
        """
        if self.sheet_role == "clause":
            return self.criterion(lowest_grade=lowest_grade)
        points = self.max_points
        return f"{self.title}（{fmt(points)}分）" if points else self.title

    def explain(self, entry: LedgerEntry) -> str:
        """The arithmetic behind one of this node's ledger entries, for ``explain``."""
        verb = "扣" if entry.kind == "deduction" else "加"
        text = f"应{verb}{fmt(entry.raw)}分"
        return text + counted_text(entry.counted, entry.absorbed)

    # --------------------------------------------------------------- diff, derive

    def argument_label(self, name: str) -> str:
        """The Chinese name of the ``__init__`` argument *name*, for ``diff``.

        ``diff`` and the docs site's change pages print it instead of the field name
        (``rate`` reads 扣分标准（分）). The default knows the arguments the built-in
        nodes share (:data:`~assessment_rules.engine._arguments.ARGUMENT_LABELS`) and
        gives any other name as it is; a node kind with arguments of its own overrides
        this to name them.
        """
        return ARGUMENT_LABELS.get(name, name)

    def argument_text(self, name: str, value: Any, *, lowest_grade: str = "不合格") -> str:
        """How the argument *name* reads in Chinese when it holds *value*, for ``diff``.

        ``diff`` asks the old node about the old value and the new node about the new
        one. The default writes numbers plainly, 是/否, dates as 2026年12月10日, lists
        joined with 、, and an object by its own sentence (``criterion()``); a node
        kind whose argument is a code (``partial="round_up"``, ``effect="bar_top"``)
        overrides this to say what the code means (不足1小时的按1小时计).

        Args:
            name: The argument's name (a key of :meth:`edit_arguments`).
            value: Its value, this node's or the other year's.
            lowest_grade: The rulebook's lowest grade, for a veto's effect.
        """
        return value_text(value)

    def edit_arguments(self) -> dict[str, Any]:
        """The ``__init__`` arguments that rebuild this node, by name.

        ``derive`` rebuilds edited nodes from them and ``diff`` compares them field
        by field. The default reads the attrs fields; a node whose stored value
        differs from what was given (a fact derived from the title) overrides it.
        """
        cls = type(self)
        if not attrs.has(cls):
            return {}
        return {
            (field.alias or field.name): getattr(self, field.name)
            for field in attrs.fields(cls)
            if field.init
        }

    # ------------------------------------------------------------------- examples

    def example_values(self) -> dict[str, Any]:
        """Fact values showing one small lapse of this node, for templates and docs.

        The default gives each of the node's facts a neutral valid value.
        """
        return {fact.name: fact.example_value() for fact in self.own_facts()}


def _plus(a: Decimal | None, b: Decimal | None) -> Decimal | None:
    return None if a is None or b is None else a + b


class ScoredLeaf(Node):
    """A clause that can lose points: implement :meth:`measure` (and the reason's start).

    :meth:`reason` finishes the 失分原因 with the points lost (saying when a cap
    absorbed some); a leaf kind usually implements only :meth:`describe_lapse`.
    """

    __slots__ = ()
    sheet_role: ClassVar[str] = "clause"

    def measure(self, values: Mapping[str, Any]) -> Lapse | None:
        """Return what this leaf loses for the given fact values, or ``None``."""
        raise NotImplementedError(f"{type(self).__name__} must implement measure()")

    def describe_lapse(self, lapse: Lapse) -> str:
        """The start of the 失分原因, before the points: by default the title."""
        return self.title

    def reason(self, lapse: Lapse, counted: Decimal) -> str:
        """Return the Chinese 失分原因 text for a lapse of which *counted* points count."""
        base = self.describe_lapse(lapse)
        if self.starred and not base.startswith("★"):
            base = f"★{base}"
        return deduction_text(base, lapse.raw, counted)

    def limits(self) -> Limits:
        """By default a leaf with points can take at most them; others are unbounded."""
        points = self.max_points
        return Limits(points if points > 0 else None)

    def explain(self, entry: LedgerEntry) -> str:
        """``2次 × 2分 = 4分`` for per-occurrence amounts, else the default."""
        if entry.occurrences != 1 and entry.rate * entry.occurrences == entry.raw:
            text = f"{fmt(entry.occurrences)} × {fmt(entry.rate)}分 = {fmt(entry.raw)}分"
            text += f"，计入{fmt(entry.counted)}分"
            if entry.absorbed:
                text += f"，{fmt(entry.absorbed)}分被上限吸收"
            return text
        return super().explain(entry)


class BonusLeaf(Node):
    """A clause that adds points after deductions: implement :meth:`gains`."""

    __slots__ = ()
    sheet_role: ClassVar[str] = "clause"

    def gains(self, values: Mapping[str, Any]) -> tuple[Gain, ...]:
        """Return what this clause adds for the given fact values (empty for none)."""
        raise NotImplementedError(f"{type(self).__name__} must implement gains()")

    def limits(self) -> Limits:
        return Limits(ZERO, None)


class VetoLeaf(Node):
    """一票否决: a clause that forces the lowest grade. Implement :meth:`triggered`.

    What a triggered veto does is its :attr:`effect` (``lowest``, ``zero``,
    ``bar_top`` or ``grade`` with :attr:`grade`; see ``engine/_policy.py``); a node
    kind that states none forces the lowest grade.
    """

    __slots__ = ()
    sheet_role: ClassVar[str] = "clause"
    #: What the veto does when it holds: one of ``VETO_EFFECTS``.
    effect: str = "lowest"
    #: The band an ``effect="grade"`` veto sets ("" otherwise).
    grade: str = ""

    def triggered(self, values: Mapping[str, Any]) -> bool:
        """Whether the veto condition holds for these fact values."""
        raise NotImplementedError(f"{type(self).__name__} must implement triggered()")

    def reason(self, values: Mapping[str, Any]) -> str:
        """The Chinese sentence listing this veto in a result."""
        return f"一票否决：{self.title}"

    def criterion(self, *, lowest_grade: str = "不合格") -> str:
        return f"{self.title}的，实行“一票否决”，考核等次为{lowest_grade}"


# ------------------------------------------------------------------ containers


def to_children(value: object) -> tuple[Node, ...]:
    """attrs converter: a node or a list/tuple of nodes as a tuple."""
    if isinstance(value, Node):
        return (value,)
    if not isinstance(value, list | tuple):
        raise RulebookError("", "children", value, "must be a node or a tuple of nodes")
    return tuple(value)


@collectable
def check_children(
    owner: str, points: Decimal | None, children: tuple[Node, ...], *, add_up: bool = True
) -> None:
    """Check children are nodes with unique ids whose points add up to *points*.

    The points of scored children (sections, items, judgments…) must add up to the
    parent's points, or be zero when the parent scores only by deduction. With
    ``add_up=False`` (or *points* ``None``) only the ids are checked: the rulebook
    said which figure counts (``points_from``).
    """
    seen: set[str] = set()
    for child in children:
        if not isinstance(child, Node):
            raise RulebookError(owner, "children", child, "must contain only scoring nodes")
        if child.id in seen:
            raise RulebookError(
                f"{owner}.{child.id}", "id", child.id, "must be unique among siblings"
            )
        seen.add(child.id)
    if not add_up or points is None:
        return
    total = sum((child.max_points for child in children), ZERO)
    if total not in (ZERO, points):
        detail = " + ".join(
            f"{child.id} {fmt(child.max_points)}" for child in children if child.max_points
        )
        raise RulebookError(
            owner,
            "points",
            points,
            f"must equal the children's points ({detail} = {fmt(total)})",
        )
