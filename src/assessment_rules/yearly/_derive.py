"""Deriving next year's rulebook from last year's by path-based edits.

Each year a district revises its score sheet: a few points move, a clause is reworded,
an item is added. :func:`derive` writes the new year as a small list of edits on the
old rulebook::

    RULEBOOK = derive(
        load_rulebook("wujin-2021-departments"),
        Set("key_work.inspections", points="18"),
        Set("key_work.emergency", points="12"),
        Insert("key_work.emergency", Deduct("no_plan_review", ...), after="no_drill"),
        Set("commendations", cap="6"),
        id="wujin-2022-departments",
        year=2022,
    )

Paths are the dotted paths of :meth:`Node.walk` (a transparent wrapper such as ``CapAt``
adds no segment; the parts a node keeps in its ``edit_field``, such as the award levels of
a ``Bonus``, are addressed below it: ``commendations.national``). Edits apply in
order to a draft of the tree; the new rulebook is then built once, bottom-up, so every
construction check runs again on every rebuilt node: an edit that breaks "points add
up" fails with the node's dotted path and the edits that touched it. Untouched nodes
are shared with the old rulebook, which is never changed; ids stay stable, so last
year's evidence still names the same facts.

Nodes are read and rebuilt through the node protocol only (``edit_field``,
``edit_arguments()``, ``transparent``), so a district's own node kind, or a subclass of
a built-in one, derives like the built-ins.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, ClassVar

import attrs

from ..combinators._structure import CapAt
from ..engine._errors import RulebookError, did_you_mean
from ..engine._node import Node
from ..engine._repr import code_repr, value_repr
from ..engine._rulebook import Rulebook

__all__ = ["Cap", "Edit", "Insert", "Move", "Remove", "Replace", "Set", "Uncap", "derive"]


# --------------------------------------------------------------------------- drafts


class _Draft:
    """A mutable stand-in for one node while edits are applied (never escapes this module).

    ``original`` is the node (or plain part, such as an award level) it stands for,
    ``None`` for a wrapper the edits created; ``changes`` are field values set by edits;
    ``children`` are the drafts of the parts in the node's ``edit_field`` (``children``,
    ``levels``, or ``node`` for ``CapAt``), and ``single`` says that field holds one part
    rather than a tuple of them.
    """

    __slots__ = ("changes", "children", "cls", "dirty", "edits", "original", "single")

    def __init__(
        self,
        cls: type,
        original: object | None,
        children: list[_Draft] | None,
        *,
        single: bool = False,
    ) -> None:
        self.cls = cls
        self.original = original
        self.changes: dict[str, Any] = {}
        self.children = children
        self.single = single
        self.dirty = original is None
        self.edits: list[Edit] = []

    @property
    def wrapper(self) -> bool:
        """A transparent wrapper (``CapAt``): it takes the id and path of its one part."""
        return bool(getattr(self.cls, "transparent", False))

    @property
    def id(self) -> str:
        if self.wrapper:
            assert self.children is not None
            return self.children[0].id
        if "id" in self.changes:
            return str(self.changes["id"])
        return str(getattr(self.original, "id", ""))

    def real(self) -> _Draft:
        """The node inside any transparent wrappers."""
        draft = self
        while draft.wrapper:
            assert draft.children is not None
            draft = draft.children[0]
        return draft


def _init_fields(cls: type) -> dict[str, attrs.Attribute[Any]]:
    if not attrs.has(cls):
        return {}
    return {(f.alias or f.name): f for f in attrs.fields(cls) if f.init}


def _sequence_field(cls: type) -> str | None:
    """The ``__init__`` argument holding a node's sub-parts (its ``edit_field``), or ``None``.

    A container that does not declare one but takes ``children`` (the rulebook itself)
    holds them there.
    """
    field = getattr(cls, "edit_field", None)
    if isinstance(field, str):
        return field
    return "children" if "children" in _init_fields(cls) else None


def _arguments(obj: object) -> dict[str, Any]:
    """The ``__init__`` arguments that rebuild *obj*, by name.

    A node says them itself (:meth:`Node.edit_arguments`: a fact derived from the
    node's own fields is given as ``None``, so a changed title re-derives it); a plain
    part such as an award level gives its attrs fields.
    """
    if isinstance(obj, Node):
        return dict(obj.edit_arguments())
    return {name: getattr(obj, field.name) for name, field in _init_fields(type(obj)).items()}


def _parts(obj: object, field: str) -> tuple[tuple[Any, ...], bool]:
    """The sub-parts in *obj*'s field *field*, and whether it holds one part, not a tuple."""
    value = _arguments(obj)[field]
    if isinstance(value, tuple | list):
        return tuple(value), False
    return (value,), True


def _draft_of(obj: object) -> _Draft:
    field = _sequence_field(type(obj))
    if field is None:
        return _Draft(type(obj), obj, None)
    subs, single = _parts(obj, field)
    return _Draft(type(obj), obj, [_draft_of(sub) for sub in subs], single=single)


def _argument_names(draft: _Draft) -> list[str]:
    """The names ``Set`` may change on *draft* (its rebuilding arguments)."""
    if draft.original is not None:
        return list(_arguments(draft.original))
    return list(_init_fields(draft.cls))


def _kwargs_of(draft: _Draft) -> dict[str, Any]:
    kwargs = _arguments(draft.original) if draft.original is not None else {}
    kwargs.update(draft.changes)
    return kwargs


def _iter_paths(draft: _Draft, prefix: str) -> Iterator[tuple[str, _Draft]]:
    for child in draft.children or ():
        real = child.real()
        path = f"{prefix}.{real.id}" if prefix else real.id
        yield path, real
        yield from _iter_paths(real, path)


def _subtree_edits(draft: _Draft) -> list[Edit]:
    found = list(draft.edits)
    for child in draft.children or ():
        found.extend(_subtree_edits(child))
    return found


def _relocate(error: RulebookError, node_id: str, path: str, draft: _Draft) -> RulebookError:
    """Give a node's construction error its full dotted path and the edits behind it."""
    inner = error.path
    if not path:
        where = inner
    elif not inner or inner == node_id:
        where = path
    elif inner.startswith(node_id + "."):
        where = path + inner[len(node_id) :]
    else:
        where = f"{path}: {inner}"
    edits = _subtree_edits(draft)
    hints = [error.hint] if error.hint else []
    if edits:
        hints.append("after " + ", ".join(repr(edit) for edit in edits))
    return RulebookError(where, error.field, error.value, error.expectation, "; ".join(hints))


def _build(draft: _Draft, path: str) -> Any:
    built: list[Any] = []
    changed = draft.dirty
    for child in draft.children or ():
        # A wrapper adds no segment: its inner node shares the wrapper's path.
        child_path = path if draft.wrapper else (f"{path}.{child.id}" if path else child.id)
        node = _build(child, child_path)
        built.append(node)
        changed = changed or node is not child.original
    if not changed and draft.original is not None:
        return draft.original
    kwargs = _kwargs_of(draft)
    field = _sequence_field(draft.cls)
    if field is not None:
        kwargs[field] = built[0] if draft.single else tuple(built)
    try:
        return draft.cls(**kwargs)
    except RulebookError as error:
        raise _relocate(error, str(kwargs.get("id", draft.id)), path, draft) from None


# --------------------------------------------------------------------------- edits


def _error(
    edit: Edit, field: str, value: object, expectation: str, hint: str = ""
) -> RulebookError:
    return RulebookError("", field, value, f"{expectation} (in {edit!r})", hint)


@attrs.frozen
class _Located:
    """Where a path points in the draft: its container, its slot and the real node."""

    container: _Draft
    index: int
    slot: _Draft
    real: _Draft
    holder: _Draft  # the container, or the innermost wrapper around the real node


def _locate(root: _Draft, path: str, edit: Edit, book_id: str) -> _Located:
    if not path:
        raise _error(edit, "path", path, "must name a node below the rulebook")
    current = root
    located: _Located | None = None
    for segment in path.split("."):
        found = None
        for index, slot in enumerate(current.children or ()):
            if slot.id == segment:
                holder = current
                draft = slot
                while draft.wrapper:
                    holder = draft
                    assert draft.children is not None
                    draft = draft.children[0]
                found = _Located(current, index, slot, draft, holder)
                break
        if found is None:
            known = [p for p, _ in _iter_paths(root, "")]
            raise _error(
                edit, "path", path, f"is not a node of {book_id!r}", did_you_mean(path, known)
            )
        located = found
        current = found.real
    assert located is not None
    return located


def _container(root: _Draft, path: str, edit: Edit, book_id: str) -> _Draft:
    draft = root if not path else _locate(root, path, edit, book_id).real
    if _sequence_field(draft.cls) is None or draft.single:
        raise _error(
            edit, "path", path, f"names a {draft.cls.__name__}, which cannot hold other nodes"
        )
    return draft


def _position(
    container: _Draft, before: str | None, after: str | None, at: int | None, edit: Edit
) -> int:
    assert container.children is not None
    siblings = [slot.id for slot in container.children]
    if at is not None:
        if not 0 <= at <= len(siblings):
            raise _error(edit, "at", at, f"must be from 0 to {len(siblings)}")
        return at
    anchor = before if before is not None else after
    if anchor is None:
        return len(siblings)
    if anchor not in siblings:
        field = "before" if before is not None else "after"
        raise _error(
            edit,
            field,
            anchor,
            f"is not among the siblings ({', '.join(siblings)})",
            did_you_mean(anchor, siblings),
        )
    index = siblings.index(anchor)
    return index if before is not None else index + 1


def _one_position(
    instance: Edit, attribute: attrs.Attribute[Any], value: object
) -> None:  # attrs validator on ``at``
    given = [
        name for name in ("before", "after", "at") if getattr(instance, name, None) is not None
    ]
    if len(given) > 1:
        raise RulebookError("", given[1], getattr(instance, given[1]), "cannot go with " + given[0])


def _check_path(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not isinstance(value, str):
        raise RulebookError("", attribute.name, value, "must be a dotted path such as 'a.b'")


def _part_type(container: _Draft) -> type:
    """What goes into *container*: a node, or the kind of plain part it holds (award levels)."""
    kinds = [draft.cls for draft in container.children or ()]
    field = _sequence_field(container.cls)
    if container.original is not None and field is not None:
        kinds.extend(type(part) for part in _parts(container.original, field)[0])
    return next((kind for kind in kinds if not issubclass(kind, Node)), Node)


def _check_insertable(container: _Draft, node: object, edit: Edit) -> None:
    wanted = _part_type(container)
    if not isinstance(node, wanted):
        raise _error(
            edit,
            "node",
            node,
            f"must be a {wanted.__name__} to go into a {container.cls.__name__}",
        )


class Edit:
    """One path-based change to a rulebook, applied by :func:`derive`.

    Subclasses are frozen attrs classes whose repr is the code that builds them; each
    implements :meth:`apply` on the draft tree.
    """

    __slots__ = ()
    verb: ClassVar[str] = "edit"

    def __repr__(self) -> str:
        return code_repr(self)

    def apply(self, root: _Draft, book_id: str) -> None:
        """Apply this edit to the draft tree rooted at *root* (the rulebook's draft)."""
        raise NotImplementedError


@attrs.frozen(repr=False)
class Replace(Edit):
    """Put *node* in place of the node at *path*.

    A ``CapAt`` (any transparent wrapper) around the old node stays around the new one,
    unless the new node is itself a wrapper (then the whole slot is replaced).

    >>> from assessment_rules import Deduct
    >>> Replace("key_work.emergency.no_drill", Deduct("no_drill", "未组织应急演练", rate="2"))
    Replace('key_work.emergency.no_drill', Deduct('no_drill', '未组织应急演练', '2'))
    """

    path: str = attrs.field(validator=_check_path)
    node: Any

    def apply(self, root: _Draft, book_id: str) -> None:
        where = _locate(root, self.path, self, book_id)
        _check_insertable(where.container, self.node, self)
        draft = _draft_of(self.node)
        draft.dirty = True
        draft.edits.append(self)
        wraps = bool(getattr(self.node, "transparent", False))
        holder = where.container if wraps else where.holder
        index = where.index if holder is where.container else 0
        assert holder.children is not None
        holder.children[index] = draft
        holder.dirty = True


@attrs.frozen(repr=False)
class Insert(Edit):
    """Insert *node* into the container at *path* (``""`` is the rulebook itself).

    Give at most one of ``before`` / ``after`` (a sibling's id) or ``at`` (an index);
    by default the node goes last.

    >>> from assessment_rules import Deduct
    >>> Insert("key_work.emergency", Deduct("no_review", "未开展预案评估", rate="1"),
    ...        after="no_drill")
    Insert('key_work.emergency', Deduct('no_review', '未开展预案评估', '1'), after='no_drill')
    """

    path: str = attrs.field(validator=_check_path)
    node: Any
    before: str | None = None
    after: str | None = None
    at: int | None = attrs.field(default=None, validator=_one_position)

    def apply(self, root: _Draft, book_id: str) -> None:
        container = _container(root, self.path, self, book_id)
        _check_insertable(container, self.node, self)
        index = _position(container, self.before, self.after, self.at, self)
        draft = _draft_of(self.node)
        draft.dirty = True
        draft.edits.append(self)
        assert container.children is not None
        container.children.insert(index, draft)
        container.dirty = True


@attrs.frozen(repr=False)
class Remove(Edit):
    """Remove the node at *path*, with any ``CapAt`` around it.

    >>> Remove("organisation.responsibility.head_not_chair")
    Remove('organisation.responsibility.head_not_chair')
    """

    path: str = attrs.field(validator=_check_path)

    def apply(self, root: _Draft, book_id: str) -> None:
        where = _locate(root, self.path, self, book_id)
        assert where.container.children is not None
        del where.container.children[where.index]
        where.container.dirty = True
        where.container.edits.append(self)


@attrs.frozen(repr=False)
class Move(Edit):
    """Move the node at *path* (with any ``CapAt`` around it) into the container *to*.

    Its id stays, so evidence still names the same facts; only its path changes.
    Give at most one of ``before`` / ``after`` / ``at``; by default it goes last.

    >>> Move("key_work.training", to="organisation", at=0)
    Move('key_work.training', to='organisation', at=0)
    """

    path: str = attrs.field(validator=_check_path)
    to: str = attrs.field(kw_only=True, validator=_check_path)
    before: str | None = attrs.field(default=None, kw_only=True)
    after: str | None = attrs.field(default=None, kw_only=True)
    at: int | None = attrs.field(default=None, kw_only=True, validator=_one_position)

    def __repr__(self) -> str:
        return code_repr(self, positional=1)

    def apply(self, root: _Draft, book_id: str) -> None:
        if self.to == self.path or self.to.startswith(self.path + "."):
            raise _error(self, "to", self.to, "must not be the moved node or inside it")
        where = _locate(root, self.path, self, book_id)
        target = _container(root, self.to, self, book_id)
        assert where.container.children is not None and target.children is not None
        del where.container.children[where.index]
        where.container.dirty = True
        where.container.edits.append(self)
        try:
            index = _position(target, self.before, self.after, self.at, self)
        except RulebookError:
            where.container.children.insert(where.index, where.slot)
            raise
        target.children.insert(index, where.slot)
        target.dirty = True
        target.edits.append(self)


@attrs.frozen(init=False, repr=False)
class Set(Edit):
    """Change fields of the node at *path* (``""`` for the rulebook itself).

    Any constructor argument of the node can be set: ``points``, ``rate``, ``title``,
    ``text``, ``source``, ``required``, ``items``, ``starred``, ``cap`` of a bonus,
    ``at_least`` of a veto, ``grades`` of the rulebook… Its sub-nodes are changed with
    the other edits, and a ``CapAt`` limit with :class:`Cap`. An award level of a bonus
    is addressed below the bonus (``Set("commendations.district", cap="2")``).

    >>> Set("key_work.inspections", points="18", title="开展安全生产督查检查")
    Set('key_work.inspections', points='18', title='开展安全生产督查检查')
    """

    path: str = attrs.field(validator=_check_path)
    fields: tuple[tuple[str, Any], ...]

    def __init__(self, path: str, /, **fields: Any) -> None:
        if not fields:
            raise RulebookError(path, "fields", fields, "must name at least one field to set")
        self.__attrs_init__(path, tuple(fields.items()))

    def __repr__(self) -> str:
        parts = [repr(self.path), *(f"{name}={value_repr(v)}" for name, v in self.fields)]
        return f"Set({', '.join(parts)})"

    def apply(self, root: _Draft, book_id: str) -> None:
        draft = root if not self.path else _locate(root, self.path, self, book_id).real
        known = _argument_names(draft)
        sequence = _sequence_field(draft.cls)
        for name, value in self.fields:
            if name == sequence:
                raise _error(
                    self, name, value, "is changed with Insert, Remove, Replace or Move edits"
                )
            if name == "limit" and name not in known:
                raise _error(
                    self,
                    name,
                    value,
                    "is the limit of a CapAt",
                    f"use Cap({self.path!r}, limit={value_repr(value)})",
                )
            if name not in known:
                choices = [n for n in known if n != sequence]
                raise _error(
                    self,
                    name,
                    value,
                    f"is not a field of {draft.cls.__name__} ({', '.join(choices)})",
                    did_you_mean(name, choices),
                )
            draft.changes[name] = value
        draft.dirty = True
        draft.edits.append(self)


@attrs.frozen(repr=False)
class Cap(Edit):
    """Wrap the node at *path* in ``CapAt`` (扣完为止), or change the limit of its cap.

    ``limit=None`` means the node's own points.

    >>> Cap("key_work.inspections", limit="15")
    Cap('key_work.inspections', limit='15')
    """

    path: str = attrs.field(validator=_check_path)
    limit: Any = None

    def apply(self, root: _Draft, book_id: str) -> None:
        where = _locate(root, self.path, self, book_id)
        if where.slot.wrapper and "limit" in _argument_names(where.slot):
            where.slot.changes["limit"] = self.limit
            where.slot.dirty = True
            where.slot.edits.append(self)
            return
        wrapper = _Draft(CapAt, None, [where.slot], single=True)
        wrapper.changes["limit"] = self.limit
        wrapper.edits.append(self)
        assert where.container.children is not None
        where.container.children[where.index] = wrapper
        where.container.dirty = True


@attrs.frozen(repr=False)
class Uncap(Edit):
    """Remove the ``CapAt`` around the node at *path*: its deductions no longer stop.

    >>> Uncap("key_work.inspections")
    Uncap('key_work.inspections')
    """

    path: str = attrs.field(validator=_check_path)

    def apply(self, root: _Draft, book_id: str) -> None:
        where = _locate(root, self.path, self, book_id)
        if not where.slot.wrapper:
            raise _error(self, "path", self.path, "is not wrapped in CapAt")
        assert where.slot.children is not None and where.container.children is not None
        where.container.children[where.index] = where.slot.children[0]
        where.container.dirty = True
        where.container.edits.append(self)


def derive(rulebook: Rulebook, *edits: Edit, id: str, **settings: Any) -> Rulebook:
    """Build a new rulebook from *rulebook* by path-based *edits*; the old one is unchanged.

    Args:
        rulebook: Last year's rulebook.
        *edits: ``Set``, ``Insert``, ``Remove``, ``Replace``, ``Move``, ``Cap`` and
            ``Uncap`` edits, applied in order (a path refers to the tree as the earlier
            edits left it).
        id: The new rulebook's id.
        **settings: Other rulebook fields to change: ``title``, ``year``, ``grades``,
            ``points``, ``floor``, ``document``, ``source``, ``description``…
            ``predecessor`` defaults to the old rulebook's id.

    Returns:
        The new rulebook. Unchanged nodes are shared with the old one.

    Raises:
        RulebookError: An edit names an unknown path or field, or the edited tree fails
            a construction check; the message gives the dotted path and the edits
            that touched it.

    >>> from assessment_rules import Deduct, Item, CapAt, Section, Rulebook
    >>> old = Rulebook("tiny-2021", "示例", points="10", children=(
    ...     Section("org", "组织领导", points="10", children=(
    ...         CapAt(Item("plan", "年度计划", points="10", children=(
    ...             Deduct("no_plan", "未制定年度计划", rate="2"),))),)),))
    >>> new = derive(old, Set("org.plan.no_plan", rate="3"), id="tiny-2022", year=2022)
    >>> new.evaluate({"no_plan": True}).total, old.evaluate({"no_plan": True}).total
    (Decimal('7'), Decimal('8'))
    """
    if not isinstance(rulebook, Rulebook):
        raise RulebookError("", "rulebook", rulebook, "must be a Rulebook")
    known = list(rulebook.edit_arguments())
    for name, value in settings.items():
        if name not in known or name == "children":
            choices = [n for n in known if n not in ("children", "id")]
            raise RulebookError(
                id,
                name,
                value,
                f"is not a rulebook setting ({', '.join(choices)})",
                did_you_mean(name, choices),
            )
    root = _draft_of(rulebook)
    for edit in edits:
        if not isinstance(edit, Edit):
            raise RulebookError(
                id, "edits", edit, "must be Set, Insert, Remove, Replace, Move, Cap or Uncap"
            )
        edit.apply(root, rulebook.id)
    root.changes.update(settings)
    root.changes["id"] = id
    if "predecessor" not in settings:
        root.changes["predecessor"] = rulebook.id
    root.dirty = True
    result = _build(root, "")
    assert isinstance(result, Rulebook)
    return result
