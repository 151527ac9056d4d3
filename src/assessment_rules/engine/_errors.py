"""One root for every error the library raises, and one message shape for all of them.

Every message reads ``path: field=value!r must be <expectation>``, followed by a hint
when there is one ("Did you mean 'meetings_held'?"). The parts stay available as
attributes so tools can show them their own way.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence

import attrs

__all__ = [
    "AssessmentRulesError",
    "EvidenceError",
    "Problem",
    "RulebookError",
    "did_you_mean",
]


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """Return a "Did you mean …?" hint for *word*, or an empty string.

    >>> did_you_mean("meetings_hld", ["meetings_held", "plan_missing"])
    "Did you mean 'meetings_held'?"
    """
    matches = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return f"Did you mean {matches[0]!r}?" if matches else ""


def _message(path: str, field: str, value: object, expectation: str, hint: str) -> str:
    where = f"{path}: " if path else ""
    text = f"{where}{field}={value!r} {expectation}" if field else f"{where}{expectation}"
    return f"{text} ({hint})" if hint else text


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
    """

    unit: str
    fact: str
    value: object
    expectation: str
    paths: tuple[str, ...] = ()
    hint: str = ""
    source: str = ""

    def __str__(self) -> str:
        where = " ".join(
            part
            for part in (
                self.source,
                f"unit {self.unit!r}" if self.unit else "",
                f"[{', '.join(self.paths)}]" if self.paths else "",
            )
            if part
        )
        return _message(where, self.fact, self.value, self.expectation, self.hint)


class EvidenceError(AssessmentRulesError, ValueError):
    """Evidence does not fit the rulebook; lists every problem at once.

    Attributes:
        problems: Every problem found, in the order found.
    """

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        first = self.problems[0] if self.problems else None
        count = len(self.problems)
        lines = "\n".join(f"  - {p}" for p in self.problems)
        summary = f"{count} problem{'s' if count != 1 else ''} in the evidence:\n{lines}"
        super().__init__(
            first.unit if first else "",
            first.fact if first else "",
            first.value if first else None,
            summary,
        )
        # The generic shape would prefix "path: field=value"; a list reads better alone.
        self.args = (summary,)

    def __str__(self) -> str:
        return str(self.args[0])
