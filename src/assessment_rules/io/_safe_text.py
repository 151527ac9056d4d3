"""Text a spreadsheet must show as text, never run as a formula (CSV/formula injection).

Unit names and ids come from untrusted evidence and rulebook texts are written by
people; a cell beginning with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is
run as a formula by Excel and WPS when a CSV file is opened. Every text cell the
writers produce goes through :func:`csv_text` (CSV: a leading apostrophe, which
Excel hides and treats as "this is text") or is written as an explicit string cell
with ``quotePrefix`` set (XLSX). Numbers the program computes are written as numbers
and are never guarded, so a ★ item's ``-4`` stays a number.
"""

from __future__ import annotations

from typing import Final

__all__ = ["FORMULA_TRIGGERS", "csv_text", "is_formula_like", "unguard"]

FORMULA_TRIGGERS: Final = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(text: str) -> bool:
    """Whether a spreadsheet could read *text* as a formula.

    >>> is_formula_like("=HYPERLINK(\\"http://x\\")"), is_formula_like("区应急管理局")
    (True, False)
    """
    return text.startswith(FORMULA_TRIGGERS)


def csv_text(text: str) -> str:
    """Return *text* guarded for a CSV cell: an apostrophe before a formula trigger.

    >>> csv_text("=1+1"), csv_text("扣2分")
    ("'=1+1", '扣2分')
    """
    return "'" + text if is_formula_like(text) else text


def unguard(text: str) -> str:
    """Undo :func:`csv_text` when reading back a cell this program wrote.

    Only an apostrophe followed by a formula trigger is removed; any other text is
    kept as typed.

    >>> unguard("'=1+1"), unguard("'abc")
    ('=1+1', "'abc")
    """
    if text.startswith("'") and is_formula_like(text[1:]):
        return text[1:]
    return text
