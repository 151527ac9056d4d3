"""Containers and wrappers: ``Section``, ``Item`` and ``CapAt`` (扣完为止)."""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar, Literal

import attrs

from ..engine._arguments import friendly_arguments
from ..engine._errors import RulebookError
from ..engine._node import (
    Node,
    check_children,
    check_id,
    check_title,
    got,
    named_converters,
    to_children,
    to_decimal,
    to_points,
)
from ..engine._numbers import fmt
from ..engine._repr import code_repr

__all__ = ["POINTS_FROM", "CapAt", "Container", "Item", "Section"]

PointsFrom = Literal["printed", "items"]
POINTS_FROM: tuple[PointsFrom, ...] = ("printed", "items")
"""The values of ``points_from``: which figure counts when a sheet's printed points
differ from its items' sum."""


@attrs.frozen(repr=False, field_transformer=named_converters)
class Container(Node):
    """What sections and items share: points, children that add up, text and source.

    When a published sheet prints points that differ from its items' sum, the
    rulebook says which figure counts with ``points_from`` instead of adding a
    placeholder item: ``"printed"`` scores the node out of ``points`` (its items'
    deductions come off the printed figure), ``"items"`` scores it out of the items'
    sum (``points`` stays as printed, for the sheet). ``assessment-rules check`` then
    warns with both figures (``points-differ``).
    """

    edit_field: ClassVar[str | None] = "children"

    id: str = attrs.field(validator=check_id)
    title: str = attrs.field(validator=check_title)
    points: Decimal = attrs.field(converter=to_points)
    children: tuple[Node, ...] = attrs.field(default=(), converter=to_children)
    text: str = ""
    source: str = ""
    points_from: PointsFrom | None = None

    def __attrs_post_init__(self) -> None:
        if self.points_from is not None and self.points_from not in POINTS_FROM:
            raise RulebookError(
                self.id,
                "points_from",
                self.points_from,
                f"must be 'printed', 'items' or None {got(self.points_from)}",
            )
        check_children(self.id, self.points, self.children, add_up=self.points_from is None)
        if self.points_from == "items" and not self.items_points:
            raise RulebookError(
                self.id,
                "points_from",
                self.points_from,
                "needs children with points: these add up to 0",
            )

    @property
    def items_points(self) -> Decimal:
        """What the children's points add up to."""
        return sum((child.max_points for child in self.children), Decimal(0))

    @property
    def max_points(self) -> Decimal:
        if self.points_from == "items":
            return self.items_points
        return self.points

    @property
    def children_total(self) -> Decimal | None:
        return None if self.points_from is not None else self.points

    @property
    def printed_points(self) -> Decimal | None:
        return self.points if self.points_from is not None else None

    def outline(self, *, lowest_grade: str = "不合格") -> str:
        """The title with its points, and the printed figure when another one counts."""
        items = self.items_points
        if self.points_from == "printed" and items != self.points:
            return f"{self.title}（{fmt(self.points)}分；各项合计{fmt(items)}分，按印刷分值计）"
        if self.points_from == "items" and items != self.points:
            return f"{self.title}（{fmt(items)}分；原表印{fmt(self.points)}分，按各项分值合计计）"
        return super().outline()


@friendly_arguments
@attrs.frozen(repr=False)
class Section(Container):
    """A numbered part of a score sheet (序号 一、二…; 项目), e.g. 组织领导（20分）.

    Args:
        id: Stable ASCII id.
        title: The heading as printed, without the points.
        points: The section's points; its children's points must add up to them.
        children: Items (or nested sections, vetoes, bonuses) in sheet order.
        text: Any text printed under the heading.
        source: Where the section comes from.
        points_from: ``None`` (children's points must add up to ``points``),
            ``"printed"`` or ``"items"``: which figure counts when they differ.
    """

    kind: ClassVar[str] = "section"
    sheet_role: ClassVar[str] = "part"


@friendly_arguments
@attrs.frozen(repr=False)
class Item(Container):
    """One line of a score sheet (考核内容) with its points and its criteria (考核标准).

    An item's score is its points minus the deductions counted in it. On its own an
    item can go below zero; wrap it in :class:`CapAt` for 扣完为止.

    Args:
        id: Stable ASCII id.
        title: The 考核内容 as printed, without the points.
        points: The item's points.
        children: ``Deduct``, ``Judgment`` and other criteria, in sheet order.
        text: The 考核标准 as printed, if kept whole.
        source: Where the item comes from.
        points_from: ``None`` (children's points must add up to ``points``),
            ``"printed"`` or ``"items"``: which figure counts when they differ.
    """

    kind: ClassVar[str] = "item"


def _optional_points(value: object) -> Decimal | None:
    return None if value is None else to_decimal(value)


@friendly_arguments
@attrs.frozen(repr=False, field_transformer=named_converters)
class CapAt(Node):
    """扣完为止: the deductions inside ``node`` stop at ``limit``.

    The wrapper is transparent: it has the wrapped node's id and path. ``limit``
    defaults to the node's points. Starred (★) deductions inside are not stopped and
    draw on the total; the part of each deduction the cap absorbs stays visible in the
    ledger. A cap may not hold a converted part (``Rescaled``): its deductions count on
    the sub-sheet's scale, so the cap goes inside the part, with limits on that scale.

    Args:
        node: The item, section or deduction whose deductions are capped.
        limit: The most those deductions can take; by default the node's points.

    >>> from assessment_rules import Deduct, Item
    >>> CapAt(Item("plan", "年度计划", points="2", children=(
    ...     Deduct("no_plan", "未制定年度计划", rate="2"),)))
    CapAt(Item('plan', '年度计划', '2', children=(Deduct('no_plan', '未制定年度计划', '2'),)))
    """

    kind: ClassVar[str] = "cap"
    transparent: ClassVar[bool] = True
    edit_field: ClassVar[str | None] = "node"

    node: Node
    limit: Decimal | None = attrs.field(default=None, converter=_optional_points)

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.node, Node):
            raise RulebookError("", "node", self.node, f"must be a scoring node {got(self.node)}")
        if self.node.transparent:
            # Two caps on one node: only the smaller binds, and the result could carry
            # only one of them, so the rulebook says the one it means.
            raise RulebookError(
                self.node.id,
                "node",
                self.node,
                "must not be another CapAt: give one CapAt with the smaller limit",
            )
        for path, inner in self.node.walk():
            if inner.raw_points is not None:
                # The deductions inside a converted part are on its own scale (the
                # sub-sheet's 100 points) and its loss on the converted one (30 points):
                # a cap around it would hold one to the other.
                raise RulebookError(
                    path,
                    "node",
                    inner.id,
                    "must not hold a converted part (Rescaled): the deductions inside it "
                    f"count on its own {fmt(inner.raw_points)}-point scale, not on the "
                    f"{fmt(inner.max_points)} points it converts into; put the CapAt inside "
                    "the part, around its items or sections, with limits on the "
                    "sub-sheet's scale (扣完为止在原表分值内计)",
                )
        points = self.node.max_points
        if self.limit is None:
            if points <= 0:
                raise RulebookError(
                    self.node.id,
                    "limit",
                    None,
                    "must be given when the wrapped node has no points of its own",
                )
        elif self.limit < 0 or (points > 0 and self.limit > points):
            bound = f"from 0 to the node's points ({fmt(points)})" if points > 0 else "≥ 0"
            raise RulebookError(self.node.id, "limit", self.limit, f"must be {bound}")

    def __repr__(self) -> str:
        return code_repr(self)

    @property
    def id(self) -> str:  # type: ignore[override]
        """The wrapped node's id (the wrapper adds no path segment)."""
        return self.node.id

    @property
    def title(self) -> str:  # type: ignore[override]
        """The wrapped node's title."""
        return self.node.title

    @property
    def cap_limit(self) -> Decimal:
        return self.effective_limit

    @property
    def children(self) -> tuple[Node, ...]:
        return (self.node,)

    @property
    def max_points(self) -> Decimal:
        return self.node.max_points

    @property
    def effective_limit(self) -> Decimal:
        """The limit in force: ``limit`` or, by default, the node's points."""
        return self.node.max_points if self.limit is None else self.limit

    def criterion(self, *, lowest_grade: str = "不合格") -> str:
        """Spell out the cap (扣完为止) in Chinese.

        >>> from assessment_rules import Deduct, Item
        >>> item = Item("plan", "年度计划", points="10",
        ...             children=(Deduct("x", "未制定", rate="2"),))
        >>> CapAt(item).criterion(), CapAt(item, limit="6").criterion()
        ('本项10分，扣完为止', '本项扣分最多6分')
        """
        points = self.node.max_points
        if self.limit is None or (points > 0 and self.limit == points):
            return f"本项{fmt(points)}分，扣完为止"
        noun = "本项" if points > 0 else "本条"
        return f"{noun}扣分最多{fmt(self.effective_limit)}分"

    def outline(self, *, lowest_grade: str = "不合格") -> str:
        points = self.node.max_points
        if self.limit is None or self.limit == points:
            return "扣完为止"
        return f"最多扣{fmt(self.effective_limit)}分（扣完为止）"
