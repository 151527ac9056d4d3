"""Chinese date expressions of the seeds, read into concrete dates for a plan year.

The seeds give deadlines as "12月", "11月下旬", "2024年12月中旬前", "次年1月15日前" or
"10月20日-30日". :func:`parse_when` turns one such expression into a :class:`DateSpan`
(first day, last day) for a given plan year; the last day is the deadline. The
conventions, where the seeds leave a choice (each is in ``docs/calendar.md``):

* a month alone ("12月", "3 月") is the whole month, due by its last day;
* 上旬 is days 1–10, 中旬 11–20, 下旬 21 to the month's end (中下旬 11–end, 上中旬 1–20,
  月初 = 上旬); 月底/月末 is the month's last day;
* 前/之前/以前 ("by") after a day, a 旬, a month end or the year end means by the last day
  of what it names, that day included: "1月15日前" is met on 1 月 15 日, "12月中旬前" on
  12 月 20 日. "12月前" alone is rejected as ambiguous (before December, or by its end?);
* 次年/翌年/明年 is the year after the plan year; 当年/本年/今年 the plan year; "2025年" an
  explicit year; 年底/年末 is 12 月 31 日;
* quarters ("一季度", "第三季度") are the quarter, 季度末 its last day; 上半年, 下半年, 全年;
* a range "A—B" (also -, ～, 至, 到) runs from A's first day to B's last day; B may leave
  out the year and month it shares with A ("10月20日-30日"); a B that would end before A
  starts crosses into the next year ("12月20日-1月10日");
* "A（B）" reads B as a closer statement of A ("10月中下旬（10月20日-30日）"); B must lie
  inside A.

Month arithmetic uses python-dateutil's ``relativedelta`` (``day=31`` lands on the last day
of any month).
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from typing import Final

import attrs
from dateutil.relativedelta import relativedelta

from .._i18n import N_
from .._i18n import gettext as _
from ..engine._errors import AssessmentRulesError
from ..engine._repr import code_repr

__all__ = [
    "DateExpressionError",
    "DateSpan",
    "month_end",
    "parse_date",
    "parse_when",
    "quarter_span",
    "same_month",
]


class DateExpressionError(AssessmentRulesError, ValueError):
    """A date or a Chinese date expression cannot be read."""


def month_end(year: int, month: int) -> _dt.date:
    """Return the last day of *month* in *year*.

    >>> month_end(2024, 2), month_end(2023, 2), month_end(2024, 12)
    (datetime.date(2024, 2, 29), datetime.date(2023, 2, 28), datetime.date(2024, 12, 31))
    """
    return _dt.date(year, month, 1) + relativedelta(day=31)


def quarter_span(year: int, number: int) -> tuple[_dt.date, _dt.date]:
    """Return the first and last day of quarter *number* (1–4) of *year*.

    >>> quarter_span(2024, 1)
    (datetime.date(2024, 1, 1), datetime.date(2024, 3, 31))
    """
    if number not in (1, 2, 3, 4):
        raise DateExpressionError("", "quarter", number, "must be 1, 2, 3 or 4")
    first = _dt.date(year, 3 * number - 2, 1)
    return first, first + relativedelta(months=3, days=-1)


def same_month(one: _dt.date, other: _dt.date) -> bool:
    """Whether two days fall in the same month of the same year.

    >>> same_month(_dt.date(2024, 12, 1), _dt.date(2024, 12, 31))
    True
    """
    return (one.year, one.month) == (other.year, other.month)


def _check_last(instance: DateSpan, attribute: attrs.Attribute[_dt.date], value: _dt.date) -> None:
    if not isinstance(value, _dt.date):
        raise DateExpressionError(instance.text, attribute.name, value, "must be a date")
    if instance.first is not None and instance.first > value:
        raise DateExpressionError(
            instance.text, attribute.name, value, f"must not be before first={instance.first}"
        )


@attrs.frozen(repr=False)
class DateSpan:
    """The days a date expression names: from ``first`` (``None``: open) to ``last``.

    ``last`` is the deadline: something due "by" the span is on time on that day.

    Args:
        first: The first day, or ``None`` for "by" expressions such as "11月20日前".
        last: The last day (the deadline).
        text: The expression as written in the source, e.g. ``"12 月"``.

    >>> span = parse_when("11月下旬", 2024)
    >>> span.first, span.due
    (datetime.date(2024, 11, 21), datetime.date(2024, 11, 30))
    """

    first: _dt.date | None
    last: _dt.date = attrs.field(validator=_check_last)
    text: str = ""

    def __repr__(self) -> str:
        return code_repr(self)

    @property
    def due(self) -> _dt.date:
        """The deadline: the span's last day, inclusive."""
        return self.last

    def contains(self, day: _dt.date) -> bool:
        """Whether *day* falls inside the span (an open start reaches back indefinitely).

        >>> parse_when("10月20日-30日", 2020).contains(_dt.date(2020, 10, 30))
        True
        """
        return (self.first is None or self.first <= day) and day <= self.last

    def describe(self) -> str:
        """Render the span as ISO dates: ``2024-11-21 – 2024-11-30`` or ``≤ 2024-11-20``.

        >>> parse_when("2024年11月20日前", 2024).describe()
        '≤ 2024-11-20'
        """
        if self.first is None:
            return f"≤ {self.last.isoformat()}"
        if self.first == self.last:
            return self.last.isoformat()
        return f"{self.first.isoformat()} – {self.last.isoformat()}"


_DASHES: Final = ("——", "—", "–", "～", "~", "至", "到")
_CN_DIGITS: Final = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_PARTS: Final = {
    "上旬": (1, 10),
    "月初": (1, 10),
    "初": (1, 10),
    "中旬": (11, 20),
    "下旬": (21, 31),
    "上中旬": (1, 20),
    "中下旬": (11, 31),
    "底": (31, 31),
    "末": (31, 31),
    "月底": (31, 31),
    "月末": (31, 31),
}
_NEXT_YEAR: Final = frozenset({"次年", "翌年", "明年"})
_POINT: Final = re.compile(
    r"^(?:(?P<year>\d{4})年|(?P<rel>次年|翌年|明年|当年|本年|今年))?"
    r"(?:"
    r"(?P<yearpart>年底|年末|底|末|上半年|下半年|全年)"
    r"|第?(?P<quarter>[一二三四1-4])季度(?P<qend>末|底)?"
    r"|(?:(?P<month>\d{1,2})月份?)?"
    r"(?:(?P<day>\d{1,2})[日号]|(?P<part>上中旬|中下旬|上旬|中旬|下旬|月初|月底|月末|初|底|末))?"
    r")"
    r"(?P<by>之前|以前|前)?$"
)
_ISO: Final = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_WRAPPED: Final = re.compile(r"^(?P<outer>[^()]+)\((?P<inner>[^()]+)\)$")
_EXPECTED: Final = N_(
    "must be a date expression such as '12月', '11月下旬', '2024年12月中旬前', "
    "'次年1月15日前', '6月底' or '10月20日-30日'"
)


def _normalise(text: str) -> str:
    # NFKC turns full-width digits and brackets into ASCII; the seeds put spaces
    # inside expressions ("12 月", "10 月 20 日") which carry no meaning.
    folded = unicodedata.normalize("NFKC", text)
    folded = "".join(folded.split())
    for dash in _DASHES:
        folded = folded.replace(dash, "-")
    return folded


def _fail(text: str, expectation: str = "", hint: str = "") -> DateExpressionError:
    return DateExpressionError("", "date", text, expectation or _(_EXPECTED), hint)


def _day(text: str, year: int, month: int, day: int) -> _dt.date:
    try:
        return _dt.date(year, month, day)
    except ValueError:
        raise _fail(
            text,
            _("names a day that does not exist ({year}年{month}月{day}日)").format(
                year=year, month=month, day=day
            ),
        ) from None


@attrs.frozen
class _Point:
    """One side of a range as parsed, before missing parts are inherited."""

    year: int | None
    month: int | None
    first: _dt.date | None
    last: _dt.date
    by: bool


def _point(text: str, whole: str, plan_year: int, year: int | None, month: int | None) -> _Point:
    match = _POINT.match(text)
    if match is None or not text:
        raise _fail(whole)
    groups = match.groupdict()
    explicit_year: int | None = None
    if groups["year"]:
        explicit_year = int(groups["year"])
    elif groups["rel"]:
        explicit_year = plan_year + 1 if groups["rel"] in _NEXT_YEAR else plan_year
    the_year = explicit_year if explicit_year is not None else (year or plan_year)
    by = groups["by"] is not None
    if groups["yearpart"]:
        part = groups["yearpart"]
        if part in ("底", "末") and explicit_year is None:
            raise _fail(whole)
        if part in ("年底", "年末", "底", "末"):
            first = last = _dt.date(the_year, 12, 31)
        elif part == "上半年":
            first, last = _dt.date(the_year, 1, 1), _dt.date(the_year, 6, 30)
        elif part == "下半年":
            first, last = _dt.date(the_year, 7, 1), _dt.date(the_year, 12, 31)
        else:
            first, last = _dt.date(the_year, 1, 1), _dt.date(the_year, 12, 31)
        if by and first != last:
            raise _fail(whole, _("is ambiguous with 前 (write 年底前, 6月底前 or a day)"))
        return _Point(explicit_year, None, None if by else first, last, by)
    if groups["quarter"]:
        first, last = quarter_span(the_year, _CN_DIGITS[groups["quarter"]])
        if groups["qend"]:
            first = last
        elif by:
            raise _fail(whole, _("is ambiguous with 前 (write 季度末前 or a day)"))
        return _Point(explicit_year, None, None if by else first, last, by)
    own_month = int(groups["month"]) if groups["month"] else None
    if own_month is None and not (groups["day"] or groups["part"]):
        raise _fail(whole)
    the_month = own_month if own_month is not None else month
    if the_month is None:
        raise _fail(whole, _("names a day without its month (write 10月30日)"))
    if not 1 <= the_month <= 12:
        raise _fail(whole, _("names month {month}, which does not exist").format(month=the_month))
    end = month_end(the_year, the_month)
    if groups["day"]:
        first = last = _day(whole, the_year, the_month, int(groups["day"]))
    elif groups["part"]:
        low, high = _PARTS[groups["part"]]
        first = _dt.date(the_year, the_month, min(low, end.day))
        last = _dt.date(the_year, the_month, min(high, end.day))
    else:
        if by:
            raise _fail(
                whole,
                _("is ambiguous: 'X月前' may mean before the month or by its end"),
                _("write 'X月底前' for the end of the month, or name the day"),
            )
        first, last = _dt.date(the_year, the_month, 1), end
    return _Point(explicit_year, own_month, None if by else first, last, by)


def _single(text: str, whole: str, plan_year: int) -> DateSpan:
    parts = text.split("-")
    if len(parts) == 1:
        point = _point(text, whole, plan_year, None, None)
        return DateSpan(point.first, point.last, whole)
    if len(parts) != 2 or not all(parts):
        raise _fail(whole)
    start = _point(parts[0], whole, plan_year, None, None)
    if start.by or start.first is None:
        raise _fail(whole, _("must not put 前 on the start of a range"))
    end = _point(parts[1], whole, plan_year, start.first.year, start.first.month)
    if end.by:
        raise _fail(whole, _("must not put 前 inside a range"))
    last = end.last
    if last < start.first and end.year is None:
        # "12月20日-1月10日": the range runs over the turn of the year.
        last = last + relativedelta(years=1)
        if end.month is None or last < start.first:
            raise _fail(whole, _("ends before it starts"))
    elif last < start.first:
        raise _fail(whole, _("ends before it starts"))
    return DateSpan(start.first, last, whole)


def parse_when(text: str, year: int) -> DateSpan:
    """Read a Chinese date expression of the seeds as a span of days in *year*'s plan.

    Args:
        text: The expression as written, e.g. ``"12 月"``, ``"次年1月上旬"``,
            ``"2024年11月20日前"`` or ``"10月20日—10月30日"``.
        year: The plan year: the year a bare month belongs to.

    Returns:
        The span; its ``last`` day is the deadline.

    Raises:
        DateExpressionError: The expression is not one of the documented forms, is
            ambiguous, or names a day that does not exist; the message says which.

    >>> parse_when("12 月", 2024).due
    datetime.date(2024, 12, 31)
    >>> parse_when("次年1月15日前", 2024)
    DateSpan(None, datetime.date(2025, 1, 15), text='次年1月15日前')
    """
    if not isinstance(text, str):
        raise _fail(repr(text), _("must be text"))
    folded = _normalise(text)
    if not folded:
        raise _fail(text, _("must not be empty"))
    iso = _ISO.match(folded)
    if iso is not None:
        day = _day(text, int(iso[1]), int(iso[2]), int(iso[3]))
        return DateSpan(day, day, text)
    wrapped = _WRAPPED.match(folded)
    if wrapped is not None:
        outer = _single(wrapped["outer"], text, year)
        inner = _single(wrapped["inner"], text, year)
        inside = (
            outer.first is None or inner.first is None or outer.first <= inner.first
        ) and inner.last <= outer.last
        if not inside:
            raise _fail(
                text,
                _("restates {outer} as {inner}, outside it").format(
                    outer=outer.describe(), inner=inner.describe()
                ),
            )
        return DateSpan(inner.first, inner.last, text)
    return _single(folded, text, year)


def parse_date(text: str) -> _dt.date:
    """Read one calendar day: ISO ``2024-10-01`` or Chinese ``2024年10月1日``.

    Args:
        text: The day as typed by a user or found in a file.

    Returns:
        The date.

    Raises:
        DateExpressionError: The text is not one day with its year.

    >>> parse_date("2024-10-01"), parse_date("2024年10月1日")
    (datetime.date(2024, 10, 1), datetime.date(2024, 10, 1))
    """
    if isinstance(text, _dt.datetime):
        return text.date()
    if isinstance(text, _dt.date):
        return text
    if not isinstance(text, str):
        raise _fail(repr(text), _("must be a date as YYYY-MM-DD"))
    folded = _normalise(text)
    iso = _ISO.match(folded)
    if iso is not None:
        return _day(text, int(iso[1]), int(iso[2]), int(iso[3]))
    match = _POINT.match(folded)
    if match is not None and match["year"] and match["month"] and match["day"] and not match["by"]:
        return _day(text, int(match["year"]), int(match["month"]), int(match["day"]))
    raise _fail(text, _("must be a date as YYYY-MM-DD (or 2024年10月1日)"))
