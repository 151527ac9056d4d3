"""Assessment calendars: the dated steps of one year's assessment, as the plan states them.

A calendar is data (bundled YAML under ``_data/``): each :class:`Milestone` keeps the
date expression exactly as the plan writes it ("2024年12月中旬前") and the span it reads
as for the plan year. Submission milestones also name the facts lateness feeds.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Mapping
from typing import Final, Literal

import attrs

from ..engine._errors import RulebookError, did_you_mean
from ..engine._node import check_id, check_title
from ..engine._repr import code_repr
from ._dates import DateSpan, same_month
from ._status import SubmissionCheck, check_submission, lateness_facts

__all__ = [
    "MILESTONE_KINDS",
    "MILESTONE_STATE_LABELS",
    "AssessmentCalendar",
    "Milestone",
    "milestone_state",
]

MilestoneKind = Literal["start", "submission", "onsite", "scoring", "summary", "finish"]
MILESTONE_KINDS: Final = ("start", "submission", "onsite", "scoring", "summary", "finish")
MilestoneState = Literal["past", "under_way", "due_this_month", "upcoming"]
MILESTONE_STATE_LABELS: Final[dict[str, str]] = {
    "past": "已过",
    "under_way": "进行中",
    "due_this_month": "本月到期",
    "upcoming": "未到",
}
"""Chinese labels of the milestone states."""


def milestone_state(span: DateSpan, as_of: _dt.date) -> MilestoneState:
    """Where *as_of* stands against a milestone's span.

    ``past`` after the last day; ``under_way`` inside a span that has a first day;
    ``due_this_month`` when the last day is later this month (or today); else ``upcoming``.

    >>> from assessment_rules.calendar import parse_when
    >>> milestone_state(parse_when("10月20日-30日", 2020), _dt.date(2020, 10, 25))
    'under_way'
    """
    if as_of > span.last:
        return "past"
    if span.first is not None and span.first <= as_of:
        return "under_way"
    if same_month(as_of, span.last):
        return "due_this_month"
    return "upcoming"


def _check_kind(instance: Milestone, attribute: attrs.Attribute[str], value: str) -> None:
    if value not in MILESTONE_KINDS:
        raise RulebookError(
            instance.id, attribute.name, value, f"must be one of {', '.join(MILESTONE_KINDS)}"
        )


def _optional_name(instance: Milestone, attribute: attrs.Attribute[str], value: str) -> None:
    if value:
        check_id(instance, attribute, value)


@attrs.frozen(repr=False)
class Milestone:
    """One dated step of an assessment (自评报送, 现场核查, 综合评定, 汇总, 完成).

    Args:
        id: Stable ASCII id, e.g. ``"self_evaluation"``.
        title: What happens, in the plan's words.
        span: The days, parsed from the plan's expression (``span.text`` keeps it).
        kind: ``start``, ``submission`` (units hand something in by the deadline),
            ``onsite``, ``scoring``, ``summary`` or ``finish``.
        who: Who acts, e.g. ``"各单位"`` or ``"区安委办"``.
        source: Where the plan says it.
        late_fact: For a submission: the flag fact "handed in late".
        missing_fact: For a submission: the flag fact "not handed in".
        days_fact: For a submission: the count fact "days late".

    >>> from assessment_rules.calendar import parse_when
    >>> Milestone("report", "报送自查情况", parse_when("10月31日前", 2020), kind="submission").due
    datetime.date(2020, 10, 31)
    """

    id: str = attrs.field(validator=check_id)
    title: str = attrs.field(validator=check_title)
    span: DateSpan
    kind: MilestoneKind = attrs.field(default="submission", validator=_check_kind)
    who: str = ""
    source: str = ""
    late_fact: str = attrs.field(default="", validator=_optional_name)
    missing_fact: str = attrs.field(default="", validator=_optional_name)
    days_fact: str = attrs.field(default="", validator=_optional_name)

    def __attrs_post_init__(self) -> None:
        named = (self.late_fact, self.missing_fact, self.days_fact)
        if self.kind != "submission" and any(named):
            raise RulebookError(self.id, "late_fact", named, "is only for kind='submission'")
        given = [name for name in named if name]
        if len(set(given)) != len(given):
            raise RulebookError(self.id, "late_fact", named, "must be different fact names")

    def __repr__(self) -> str:
        return code_repr(self)

    @property
    def due(self) -> _dt.date:
        """The deadline (the span's last day)."""
        return self.span.last

    def state(self, as_of: _dt.date) -> MilestoneState:
        """This milestone's state on *as_of* (see :func:`milestone_state`)."""
        return milestone_state(self.span, as_of)

    def check(self, submitted: _dt.date | None, as_of: _dt.date | None = None) -> SubmissionCheck:
        """Check one unit's submission against this milestone's deadline."""
        return check_submission(self.due, submitted, as_of)

    def facts(
        self, submitted: _dt.date | None, as_of: _dt.date | None = None
    ) -> dict[str, bool | int]:
        """The lateness facts this milestone declares, for one unit's submission."""
        return lateness_facts(
            self.due,
            submitted,
            as_of,
            late=self.late_fact or None,
            missing=self.missing_fact or None,
            days=self.days_fact or None,
        )


def _to_milestones(value: Iterable[Milestone]) -> tuple[Milestone, ...]:
    return tuple(value)


@attrs.frozen(repr=False)
class AssessmentCalendar:
    """The dated steps of one year's assessment, in the plan's order.

    Args:
        id: Stable id such as ``"putuo-2024-assessment"``.
        title: The plan's title.
        year: The plan year (a bare month such as "11月" belongs to it).
        milestones: The steps; ids are unique.
        document: The document the dates come from.
        source: Its reference number, e.g. ``"普安委〔2024〕8号"``.
        issued: The day the document was issued, if known.

    >>> from assessment_rules.calendar import load_calendar
    >>> load_calendar("putuo-2020-inspection").milestone("self_check_report").due
    datetime.date(2020, 10, 31)
    """

    id: str
    title: str = attrs.field(validator=check_title)
    year: int
    milestones: tuple[Milestone, ...] = attrs.field(converter=_to_milestones)
    document: str = ""
    source: str = ""
    issued: _dt.date | None = None

    def __attrs_post_init__(self) -> None:
        seen: set[str] = set()
        for milestone in self.milestones:
            if not isinstance(milestone, Milestone):
                raise RulebookError(self.id, "milestones", milestone, "must be Milestone objects")
            if milestone.id in seen:
                raise RulebookError(
                    f"{self.id}.{milestone.id}", "id", milestone.id, "must be unique"
                )
            seen.add(milestone.id)
        facts: dict[str, str] = {}
        for milestone in self.submissions:
            for name in (milestone.late_fact, milestone.missing_fact, milestone.days_fact):
                if name and name in facts:
                    raise RulebookError(
                        f"{self.id}.{milestone.id}",
                        "fact",
                        name,
                        f"is already the lateness fact of {facts[name]!r}",
                    )
                if name:
                    facts[name] = milestone.id

    def __repr__(self) -> str:
        return code_repr(self)

    def milestone(self, id: str) -> Milestone:
        """Return the milestone with *id*.

        Raises:
            KeyError: No such milestone; the message suggests a close one.
        """
        for milestone in self.milestones:
            if milestone.id == id:
                return milestone
        hint = did_you_mean(id, [m.id for m in self.milestones])
        raise KeyError(f"{id!r} is not a milestone of {self.id!r}" + (f" ({hint})" if hint else ""))

    @property
    def submissions(self) -> tuple[Milestone, ...]:
        """The milestones by which units hand something in."""
        return tuple(m for m in self.milestones if m.kind == "submission")

    def schedule(self) -> tuple[Milestone, ...]:
        """The milestones by deadline (ties keep the plan's order)."""
        return tuple(sorted(self.milestones, key=lambda m: m.due))

    def check_unit(
        self, submitted: Mapping[str, _dt.date | None], as_of: _dt.date | None = None
    ) -> dict[str, SubmissionCheck]:
        """Check one unit's submissions: milestone id → check, for every submission step.

        A submission milestone the mapping leaves out counts as not handed in.

        Raises:
            KeyError: The mapping names a milestone that is not a submission step.
        """
        ids = {m.id for m in self.submissions}
        for key in submitted:
            if key not in ids:
                hint = did_you_mean(key, ids)
                raise KeyError(
                    f"{key!r} is not a submission milestone of {self.id!r}"
                    + (f" ({hint})" if hint else "")
                )
        return {m.id: m.check(submitted.get(m.id), as_of) for m in self.submissions}

    def unit_facts(
        self, submitted: Mapping[str, _dt.date | None], as_of: _dt.date | None = None
    ) -> dict[str, bool | int]:
        """The lateness facts of every submission milestone for one unit, merged."""
        self.check_unit(submitted, as_of)
        facts: dict[str, bool | int] = {}
        for milestone in self.submissions:
            facts.update(milestone.facts(submitted.get(milestone.id), as_of))
        return facts
