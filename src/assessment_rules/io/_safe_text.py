"""Text that is safe to show: never run by a spreadsheet, never obeyed by a terminal.

Unit names and ids come from untrusted evidence, and rulebook texts are written by
people. Two dangers follow, and each has one guard here.

**Formulas** (CSV/formula injection). A cell beginning with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return is run as a formula by Excel and WPS when a CSV
file is opened. Every text cell the writers produce goes through :func:`csv_text`
(CSV: a leading apostrophe, which Excel hides and treats as "this is text") or is
written as an explicit string cell with ``quotePrefix`` set (XLSX). Numbers the
program computes are written as numbers and are never guarded, so a ★ item's ``-4``
stays a number.

**Control characters.** An escape sequence in a unit's name (``ESC [2J`` clears the
screen, OSC 8 makes a link) is obeyed by the terminal that shows it; a C1 control
(U+0080–U+009F) does the same on some terminals; XLSX cannot hold most C0 controls
at all, and a lone surrogate cannot be encoded as UTF-8. :func:`visible` writes
each such character as its ``\\uXXXX`` escape (ESC becomes ``\\u001b``): the C0
controls other than tab and line feed, DEL, the C1 controls, the bidirectional
embedding, override and isolate controls (which reorder how a name reads) and lone
surrogates. The notation is JSON's own, so escaping JSON text keeps it valid and
keeps every value: a JSON reader gets the very same characters back.
"""

from __future__ import annotations

import re
from typing import Final

__all__ = [
    "FORMULA_TRIGGERS",
    "VisibleText",
    "csv_text",
    "is_formula_like",
    "unguard",
    "visible",
    "visible_keeping_colours",
]

FORMULA_TRIGGERS: Final = ("=", "+", "-", "@", "\t", "\r")

_UNSAFE: Final = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
# Colour and bold codes (SGR) as rich writes them; nothing else survives.
_UNSAFE_BUT_SGR: Final = re.compile(
    "\x1b\\[[0-9;]*m|[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)


def _escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def _escape_but_sgr(match: re.Match[str]) -> str:
    found = match.group()
    return found if len(found) > 1 else f"\\u{ord(found):04x}"


class VisibleText(str):
    """A text already made :func:`visible` whole, so a writer need not scan it again.

    Only code that built the text from visible pieces wraps it (the JSON result's unit
    lines, tens of megabytes for a large cohort); the CLI's writer passes it through.
    Any operation on it gives a plain ``str`` back, so the mark does not spread.
    """

    __slots__ = ()


def visible(text: str) -> str:
    """Return *text* with every control character and lone surrogate as ``\\uXXXX``.

    Tab and line feed are kept; so is every printable character, Chinese included.

    >>> visible("区应急局\\x1b[2J"), visible("a\\tb\\nc")
    ('区应急局\\\\u001b[2J', 'a\\tb\\nc')
    >>> visible("\\x9b31m \\ud800 \\u202e")
    '\\\\u009b31m \\\\ud800 \\\\u202e'
    """
    return _UNSAFE.sub(_escape, text)


def visible_keeping_colours(text: str) -> str:
    """Like :func:`visible`, but keep the colour codes (SGR, ``ESC [ … m``) of a
    rendered terminal table, whose texts were made visible before rendering.

    >>> visible_keeping_colours("\\x1b[1m甲\\x1b[0m\\x1b]8;;http://x\\x1b\\\\")
    '\\x1b[1m甲\\x1b[0m\\\\u001b]8;;http://x\\\\u001b\\\\'
    """
    return _UNSAFE_BUT_SGR.sub(_escape_but_sgr, text)


def is_formula_like(text: str) -> bool:
    """Whether a spreadsheet could read *text* as a formula.

    >>> is_formula_like("=HYPERLINK(\\"http://x\\")"), is_formula_like("区应急管理局")
    (True, False)
    """
    return text.startswith(FORMULA_TRIGGERS)


def csv_text(text: str) -> str:
    """Return *text* guarded for a CSV cell: visible, and an apostrophe before a
    formula trigger.

    >>> csv_text("=1+1"), csv_text("扣2分"), csv_text("\\x1b"), csv_text("\\rx")
    ("'=1+1", '扣2分', '\\\\u001b', "'\\\\u000dx")
    """
    return "'" + visible(text) if is_formula_like(text) else visible(text)


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
