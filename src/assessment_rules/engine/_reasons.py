"""Chinese 失分原因 phrasing shared by every leaf, so reasons read the same everywhere."""

from __future__ import annotations

from decimal import Decimal

from ._numbers import fmt

__all__ = ["CAP_SPENT", "bonus_text", "counted_text", "deduction_text", "zeroed_text"]

#: How a reason ends when a cap (扣完为止) left nothing of the deduction.
CAP_SPENT = "，本项分值已扣完，不再扣分"


def deduction_text(base: str, raw: Decimal, counted: Decimal) -> str:
    """Finish a reason with the points lost, saying when a cap absorbed some of them.

    >>> deduction_text("部门领导带队检查少2次", Decimal("4"), Decimal("4"))
    '部门领导带队检查少2次，扣4分'
    >>> deduction_text("缺2项", Decimal("2"), Decimal("1"))
    '缺2项，应扣2分，扣完为止，实扣1分'
    """
    if counted == raw:
        return f"{base}，扣{fmt(raw)}分"
    if counted == 0:
        return f"{base}，应扣{fmt(raw)}分{CAP_SPENT}"
    return f"{base}，应扣{fmt(raw)}分，扣完为止，实扣{fmt(counted)}分"


def bonus_text(base: str, raw: Decimal, counted: Decimal, limit_note: str = "") -> str:
    """Finish a bonus reason, saying when a cap cut the award.

    >>> bonus_text("受到市级表彰", Decimal("2"), Decimal("2"))
    '受到市级表彰，加2分'
    """
    if counted == raw:
        return f"{base}，加{fmt(raw)}分"
    note = f"（{limit_note}）" if limit_note else ""
    return f"{base}，申报加{fmt(raw)}分{note}，实加{fmt(counted)}分"


def zeroed_text(reason: str, scope: str) -> str:
    """Reword a reason whose points a 该项不得分 took (not a cap): the one place this is said.

    *scope* is ``"该项"`` for an item, ``"该部分"`` for a section or converted part. A
    reason that does not end as :func:`deduction_text` ends a spent cap (a node kind's
    own wording) is kept.

    >>> zeroed_text("发生一般生产安全事故2起，应扣12分，本项分值已扣完，不再扣分", "该部分")
    '发生一般生产安全事故2起，应扣12分，因该部分不得分，不再另扣'
    """
    if reason.endswith(CAP_SPENT):
        return f"{reason.removesuffix(CAP_SPENT)}，因{scope}不得分，不再另扣"
    return reason


def counted_text(counted: Decimal, absorbed: Decimal) -> str:
    """How an ``explain`` line ends: what counted, and what a cap absorbed, if anything.

    >>> counted_text(Decimal(3), Decimal(0)), counted_text(Decimal(1), Decimal(2))
    ('，计入3分', '，计入1分，2分被上限吸收')
    """
    text = f"，计入{fmt(counted)}分"
    return f"{text}，{fmt(absorbed)}分被上限吸收" if absorbed else text
