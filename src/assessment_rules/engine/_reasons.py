"""Chinese 失分原因 phrasing shared by every leaf, so reasons read the same everywhere."""

from __future__ import annotations

from decimal import Decimal

from ._numbers import fmt

__all__ = ["bonus_text", "deduction_text"]


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
        return f"{base}，应扣{fmt(raw)}分，本项分值已扣完，不再扣分"
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
