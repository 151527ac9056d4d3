"""A node's ``__init__`` arguments in the words of a rulebook author and of a score sheet.

Two things live here, both about the arguments that build a node:

- :func:`friendly_arguments`: a rulebook author who leaves out a required argument
  (``QuantityDeduct(..., unit="小时")`` without ``partial``) or misspells one gets a
  :class:`~assessment_rules.RulebookError` naming the node and the field, not Python's
  bare ``TypeError: __init__() missing 1 required positional argument``;
- the Chinese wording of an argument and of its value, which ``diff`` and the docs
  site's change pages print (:data:`ARGUMENT_LABELS`, :func:`value_text`). The node
  protocol's :meth:`~assessment_rules.Node.argument_label` and
  :meth:`~assessment_rules.Node.argument_text` use them by default; a node kind
  overrides those two hooks for its own coded values (``partial="round_up"`` reads
  不足1小时的按1小时计).
"""

from __future__ import annotations

import datetime as _dt
import functools
import inspect
from collections.abc import Callable
from decimal import Decimal
from typing import Any, Final, TypeVar

from .._i18n import gettext as _
from ._errors import RulebookError, did_you_mean
from ._numbers import fmt

__all__ = ["ARGUMENT_LABELS", "chinese_date", "friendly_arguments", "value_text"]

T = TypeVar("T", bound=type)

ARGUMENT_LABELS: Final[dict[str, str]] = {
    "id": "编号",
    "title": "名称",
    "text": "原文",
    "source": "来源",
    "document": "文件",
    "description": "说明",
    "year": "考核年度",
    "predecessor": "上一版",
    "points": "分值",
    "rate": "扣分标准（分）",
    "shape": "扣分方式",
    "required": "应达次数",
    "items": "清单项目",
    "unit": "计量单位",
    "starred": "★（可超出本项分值扣分）",
    "default": "默认值",
    "fact": "读取的事实",
    "cap": "上限（分）",
    "limit": "扣分上限（分）",
    "low": "下限（分）",
    "high": "上限（分）",
    "amounts": "各次扣分（分）",
    "step": "每次递增（分）",
    "per": "计量单位大小",
    "allowed": "控制数",
    "places": "保留小数位数",
    "partial": "不足1个计量单位时",
    "at_least": "触发数量",
    "effect": "否决后果",
    "grade": "等次",
    "deadline": "规定期限",
    "deadline_fact": "期限事实",
    "out_of": "原分制（分）",
    "weight": "权重",
    "reason": "加分原因措辞",
    "levels": "级别",
    "points_from": "以哪个分值为准",
    "floor": "扣分后的基础分不低于0分",
    "quota": "优秀比例",
    "offices": "打分部门",
    "total": "总分规则",
    "score_vetoes": "按得分的一票否决",
    "gate": "申报条件",
    "ranking": "排名规则",
}
"""Chinese labels of the arguments the built-in nodes and the rulebook share."""


def chinese_date(day: _dt.date) -> str:
    """A date as a Chinese sheet writes it.

    >>> chinese_date(_dt.date(2026, 12, 10))
    '2026年12月10日'
    """
    return f"{day.year}年{day.month}月{day.day}日"


def _sentence(value: object) -> str | None:
    """The value's own Chinese sentence, when it has one that needs no argument."""
    for name in ("criterion", "describe", "text"):
        method = getattr(value, name, None)
        if not callable(method):
            continue
        try:
            parameters = inspect.signature(method).parameters.values()
        except (TypeError, ValueError):
            continue
        needed = [
            p
            for p in parameters
            if p.default is p.empty and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
        ]
        if not needed:
            text = method()
            if isinstance(text, str):
                return text
    return None


def value_text(value: object) -> str:
    """An argument's value in Chinese: numbers plain, 是/否, dates, lists joined with 、.

    An object that says itself (a ``criterion()``, ``describe()`` or ``text()`` needing
    no argument, as nodes, award levels, ranking policies and deadlines do) is given by
    that sentence; a fact by its label and name.

    >>> value_text(Decimal("3.50")), value_text(True), value_text(("冲锋舟", "沙袋"))
    ('3.5', '是', '冲锋舟、沙袋')
    >>> value_text(_dt.date(2027, 12, 10)), value_text(None)
    ('2027年12月10日', '—')
    """
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, Decimal | int):
        return fmt(value)
    if isinstance(value, _dt.date):
        return chinese_date(value)
    if isinstance(value, str):
        return value
    if isinstance(value, tuple | list):
        return "、".join(value_text(item) for item in value) or "（无）"
    label, name = getattr(value, "label", None), getattr(value, "name", None)
    if isinstance(label, str) and isinstance(name, str):  # a Fact
        return f"{label}（{name}）"
    sentence = _sentence(value)
    return sentence if sentence is not None else str(value)


def _problem(cls: type, args: tuple[Any, ...], kwargs: dict[str, Any]) -> RulebookError | None:
    """What is wrong with a call's arguments, as a ``RulebookError``, or ``None``."""
    signature = inspect.signature(cls)
    parameters = signature.parameters
    owner = kwargs.get("id", args[0] if args else None)
    path = owner if isinstance(owner, str) and owner else cls.__name__
    unknown = [name for name in kwargs if name not in parameters]
    if unknown:
        return RulebookError(
            path,
            unknown[0],
            kwargs[unknown[0]],
            _("is not an argument of {node}").format(node=cls.__name__),
            did_you_mean(unknown[0], parameters),
        )
    names = list(parameters)
    if len(args) > len(names):
        return RulebookError(
            path,
            "",
            args,
            _(
                "{node} takes at most {count} arguments by position (got {given}); "
                "give the others by name"
            ).format(node=cls.__name__, count=len(names), given=len(args)),
        )
    given = set(names[: len(args)]) | set(kwargs)
    missing = [name for name, p in parameters.items() if p.default is p.empty and name not in given]
    if missing:
        required = [name for name, p in parameters.items() if p.default is p.empty]
        return RulebookError(
            path,
            missing[0],
            None,
            _("must be given ({node} needs {required}; missing: {missing})").format(
                node=cls.__name__, required=", ".join(required), missing=", ".join(missing)
            ),
        )
    return None


def friendly_arguments(cls: T) -> T:
    """Class decorator: a missing or unknown ``__init__`` argument is a ``RulebookError``.

    The error names the node (its ``id`` when given, else the class), the field and
    what the class needs; a misspelt keyword gets "Did you mean …?". Calls with the
    right arguments are not touched.
    """
    init: Callable[..., None] = cls.__init__  # type: ignore[misc]

    @functools.wraps(init)
    def checked_init(self: Any, *args: Any, **kwargs: Any) -> None:
        try:
            init(self, *args, **kwargs)
        except TypeError:
            problem = _problem(cls, args, kwargs)
            if problem is None:
                raise
            raise problem from None

    setattr(cls, "__init__", checked_init)  # noqa: B010
    return cls
