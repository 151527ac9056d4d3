"""One root for every error the library raises, and one message shape for all of them.

Every message reads ``path: field=value!r must be <expectation>``, followed by a hint
when there is one ("Did you mean 'meetings_held'?"). The parts stay available as
attributes so tools can show them their own way.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from typing import Final

import attrs

from .._i18n import gettext as _
from .._i18n import ngettext

__all__ = [
    "LONGEST_VALUE",
    "MAX_PROBLEMS",
    "AssessmentRulesError",
    "EvidenceError",
    "Problem",
    "ProblemLog",
    "RulebookError",
    "did_you_mean",
    "shown_value",
]

MAX_PROBLEMS: Final = 100
"""Problems listed in one error; the rest are counted ("… and 250 more")."""
LONGEST_VALUE: Final = 60
"""Characters of a value quoted whole in a message; a longer value is cut."""
_KEPT: Final = 30  # characters of a long value kept at its start


def shown_value(value: object) -> str:
    """The value as a message quotes it: its ``repr``, cut when longer than
    :data:`LONGEST_VALUE` characters, saying how long it was.

    A 5,000-digit number in a cell must not turn one line of a message into a page:
    its start is kept, so the user can find it, and its length is said.

    >>> shown_value("12")
    "'12'"
    >>> shown_value("9" * 5000)
    "'999999999999999999999999999999'… (5000 characters)"
    """
    text = repr(value)
    if len(text) <= LONGEST_VALUE:
        return text
    # A text's length is its own (without the quotes repr adds); anything else is
    # counted as its repr.
    length = len(value) if isinstance(value, str) else len(text)
    start = repr(value[:_KEPT]) if isinstance(value, str) else text[:_KEPT]
    return f"{start}… ({length} characters)"


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """Return a "Did you mean …?" hint for *word*, or an empty string.

    >>> did_you_mean("meetings_hld", ["meetings_held", "plan_missing"])
    "Did you mean 'meetings_held'?"
    """
    matches = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return _("Did you mean {name!r}?").format(name=matches[0]) if matches else ""


def _message(path: str, field: str, value: object, expectation: str, hint: str) -> str:
    where = f"{path}: " if path else ""
    shown = shown_value(value)
    text = f"{where}{field}={shown} {expectation}" if field else f"{where}{expectation}"
    return _("{message} ({hint})").format(message=text, hint=hint) if hint else text


class AssessmentRulesError(Exception):
    """The root of every error raised by assessment_rules.

    Attributes:
        path: Dotted rule path (or file/unit location) the error is about.
        field: The field, fact or option that is wrong.
        value: The value that was given.
        hint: A suggestion such as "Did you mean 'x'?", or "".
    """

    def __init__(
        self, path: str, field: str, value: object, expectation: str, hint: str = ""
    ) -> None:
        self.path = path
        self.field = field
        self.value = value
        self.expectation = expectation
        self.hint = hint
        super().__init__(_message(path, field, value, expectation, hint))


class RulebookError(AssessmentRulesError, ValueError):
    """A rulebook or one of its nodes is malformed; raised at construction."""


@attrs.frozen
class Problem:
    """One thing wrong with a unit's evidence.

    Attributes:
        unit: The unit id the problem belongs to ("" when not unit-specific).
        fact: The fact name.
        value: The offending value (``None`` when the fact is missing).
        expectation: What was expected, e.g. "must be a whole number ≥ 0".
        paths: The rule paths that read this fact.
        hint: A suggestion, or "".
        source: The file (and row or sheet) the value came from, or "".
        label: The fact's title (填报项目) when the problem is about a declared fact,
            else "".

    A problem about a declared fact reads as a clerk looks for it: the fact's title
    first, then its code in brackets, ``未填写`` for a missing value (never
    ``None``), and the rule paths that read it last. Other problems keep the one
    message shape ``where [paths]: field=value expectation``.

    >>> print(Problem("u", "drills", None, "is not filled in (a whole number ≥ 0)",
    ...               label="组织综合应急演练次数"))
    unit 'u': 组织综合应急演练次数 (drills) is not filled in (a whole number ≥ 0)
    >>> print(Problem("u", "x", "无", "must be yes or no", label="未制定年度计划"))
    unit 'u': 未制定年度计划 (x='无') must be yes or no
    """

    unit: str
    fact: str
    value: object
    expectation: str
    paths: tuple[str, ...] = ()
    hint: str = ""
    source: str = ""
    label: str = ""

    def __str__(self) -> str:
        unit = _("unit {unit!r}").format(unit=self.unit) if self.unit else ""
        if self.label and self.fact:
            where = " ".join(part for part in (self.source, unit) if part)
            if self.value is None:
                text = _("{label} ({fact}) {expectation}").format(
                    label=self.label, fact=self.fact, expectation=self.expectation
                )
            else:
                text = _("{label} ({fact}={value}) {expectation}").format(
                    label=self.label,
                    fact=self.fact,
                    # A checked number is quoted as the text a clerk typed, not its repr.
                    value=shown_value(
                        format(self.value, "f") if isinstance(self.value, Decimal) else self.value
                    ),
                    expectation=self.expectation,
                )
            text = _("{where}: {text}").format(where=where, text=text) if where else text
            if self.paths:  # last: the clerk reads the title; the rule paths are for lookup
                text += f" [{', '.join(self.paths)}]"
            return (
                _("{message} ({hint})").format(message=text, hint=self.hint) if self.hint else text
            )
        where = " ".join(
            part
            for part in (
                self.source,
                unit,
                f"[{', '.join(self.paths)}]" if self.paths else "",
            )
            if part
        )
        return _message(where, self.fact, self.value, self.expectation, self.hint)


class EvidenceError(AssessmentRulesError, ValueError):
    """Evidence does not fit the rulebook; lists every problem at once.

    At most :data:`MAX_PROBLEMS` problems are listed; the rest are counted, so that a
    file with a million bad cells gives a message that can be read.

    Args:
        problems: The problems found, in the order found (those past
            ``MAX_PROBLEMS`` are counted in :attr:`more`, not kept).
        more: How many further problems were found and not given.

    Attributes:
        problems: The problems listed, in the order found.
        more: Problems found but not listed.

    >>> error = EvidenceError([Problem("u", "x", None, "is missing")], more=2)
    >>> print(error)
    3 problems in the evidence (the first 1 is listed):
      - unit 'u': x=None is missing
      - … and 2 more problems, not listed
    """

    def __init__(self, problems: Iterable[Problem], more: int = 0) -> None:
        given = tuple(problems)
        self.problems = given[:MAX_PROBLEMS]
        self.more = max(0, more) + max(0, len(given) - MAX_PROBLEMS)
        first = self.problems[0] if self.problems else None
        super().__init__(
            first.unit if first else "",
            first.fact if first else "",
            first.value if first else None,
            _summary(self.problems, self.more),
        )
        # The generic shape would prefix "path: field=value"; a list reads better alone.
        self.args = (self.expectation,)

    @property
    def total(self) -> int:
        """Every problem found, listed or not."""
        return len(self.problems) + self.more

    def __str__(self) -> str:
        return str(self.args[0])

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.problems, self.more))


def _summary(problems: Sequence[Problem], more: int) -> str:
    lines = "\n".join(f"  - {p}" for p in problems)
    count = len(problems)
    if not more:
        heading = ngettext(
            "{count} problem in the evidence:", "{count} problems in the evidence:", count
        ).format(count=count)
        return f"{heading}\n{lines}"
    heading = ngettext(
        "{total} problems in the evidence (the first {count} is listed):",
        "{total} problems in the evidence (the first {count} are listed):",
        count,
    ).format(total=count + more, count=count)
    tail = ngettext(
        "… and {more} more problem, not listed", "… and {more} more problems, not listed", more
    ).format(more=more)
    return f"{heading}\n{lines}\n  - {tail}"


class ProblemLog:
    """Problems found while reading: the first :data:`MAX_PROBLEMS` kept, the rest counted.

    A file with a million bad cells costs a counter, not a million messages.

    >>> log = ProblemLog()
    >>> log.extend(Problem("", "x", i, "is wrong") for i in range(150))
    >>> len(log.kept), log.total, log.more
    (100, 150, 50)
    """

    __slots__ = ("kept", "total")

    def __init__(self) -> None:
        self.kept: list[Problem] = []
        self.total = 0

    @property
    def more(self) -> int:
        """Problems found but not kept."""
        return self.total - len(self.kept)

    def append(self, problem: Problem) -> None:
        """Keep *problem* if there is room, and count it."""
        self.total += 1
        if len(self.kept) < MAX_PROBLEMS:
            self.kept.append(problem)

    def extend(self, problems: Iterable[Problem], more: int = 0) -> None:
        """Keep and count each of *problems*, and count *more* that were not kept."""
        for problem in problems:
            self.append(problem)
        self.total += more

    def __bool__(self) -> bool:
        return self.total > 0

    def __len__(self) -> int:
        return self.total

    def __iter__(self) -> Iterator[Problem]:
        return iter(self.kept)

    def error(self) -> EvidenceError:
        """One error listing the problems kept and saying how many more there were."""
        return EvidenceError(self.kept, self.more)
