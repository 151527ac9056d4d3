"""Assessment calendars: periods, deadlines, late submissions and work-plan tasks.

* Dates: :func:`parse_when` reads the seeds' Chinese date expressions ("12月",
  "11月下旬", "次年1月15日前", "10月20日-30日") into a :class:`DateSpan` for a plan year.
* Deadlines: :func:`check_submission` decides on time / late / missing;
  :func:`lateness_facts` turns that into the fact values a ``Deduct`` reads.
* Calendars: :func:`load_calendar` gives the bundled ``putuo-2024-assessment``
  (普安委〔2024〕8号) and ``putuo-2020-inspection`` (普安办〔2020〕13号) as data.
* Work plans: :func:`load_workplan` gives ``putuo-2024-workplan``, the 35 tasks of the
  2024 治本攻坚 plan; :meth:`WorkPlan.status` and :meth:`WorkPlan.completion` say how
  they stand on a day and what the unit's item scores.
* Periods: :func:`assess_quarter` and :func:`assess_year` score the quarters (动态排名)
  and roll them up into the annual assessment as an :class:`AnnualRollup` declares.
"""

from __future__ import annotations

from .._lazy import lazy_names

# Read by the type checker only; ``typing`` itself is not imported (it is slow to).
TYPE_CHECKING = False
if TYPE_CHECKING:
    from ._calendar import (
        MILESTONE_KINDS,
        MILESTONE_STATE_LABELS,
        AssessmentCalendar,
        Milestone,
        milestone_state,
    )
    from ._dates import (
        DateExpressionError,
        DateSpan,
        month_end,
        parse_date,
        parse_when,
        quarter_span,
        same_month,
    )
    from ._files import (
        PlanFileError,
        bundled_plans,
        load_calendar,
        load_plan,
        load_workplan,
        read_progress,
        read_submissions,
    )
    from ._periods import (
        ROLLUP_HOWS,
        AnnualRollup,
        Quarter,
        QuarterResult,
        Rollup,
        YearAssessment,
        assess_quarter,
        assess_year,
    )
    from ._status import (
        STATUS_LABELS,
        STATUS_ORDER,
        SUBMISSION_LABELS,
        SubmissionCheck,
        check_submission,
        lateness_facts,
        status_on,
    )
    from ._workplan import (
        PROGRESS_STATES,
        Assignment,
        Completion,
        Party,
        Progress,
        ProgressEntry,
        Task,
        TaskReport,
        UnitGroup,
        WorkPlan,
        WorkPlanError,
        normalise_unit,
        parse_parties,
        unit_kind,
    )

__all__ = [
    "MILESTONE_KINDS",
    "MILESTONE_STATE_LABELS",
    "PROGRESS_STATES",
    "ROLLUP_HOWS",
    "STATUS_LABELS",
    "STATUS_ORDER",
    "SUBMISSION_LABELS",
    "AnnualRollup",
    "AssessmentCalendar",
    "Assignment",
    "Completion",
    "DateExpressionError",
    "DateSpan",
    "Milestone",
    "Party",
    "PlanFileError",
    "Progress",
    "ProgressEntry",
    "Quarter",
    "QuarterResult",
    "Rollup",
    "SubmissionCheck",
    "Task",
    "TaskReport",
    "UnitGroup",
    "WorkPlan",
    "WorkPlanError",
    "YearAssessment",
    "assess_quarter",
    "assess_year",
    "bundled_plans",
    "check_submission",
    "lateness_facts",
    "load_calendar",
    "load_plan",
    "load_workplan",
    "milestone_state",
    "month_end",
    "normalise_unit",
    "parse_date",
    "parse_parties",
    "parse_when",
    "quarter_span",
    "read_progress",
    "read_submissions",
    "same_month",
    "status_on",
    "unit_kind",
]

# Each name is imported from its module when first used (see assessment_rules._lazy).
__getattr__, __dir__ = lazy_names(
    __name__,
    {
        "._calendar": (
            "MILESTONE_KINDS MILESTONE_STATE_LABELS AssessmentCalendar Milestone milestone_state"
        ),
        "._dates": (
            "DateExpressionError DateSpan month_end parse_date parse_when quarter_span same_month"
        ),
        "._files": (
            "PlanFileError bundled_plans load_calendar load_plan load_workplan "
            "read_progress read_submissions"
        ),
        "._periods": (
            "ROLLUP_HOWS AnnualRollup Quarter QuarterResult Rollup YearAssessment "
            "assess_quarter assess_year"
        ),
        "._status": (
            "STATUS_LABELS STATUS_ORDER SUBMISSION_LABELS SubmissionCheck "
            "check_submission lateness_facts status_on"
        ),
        "._workplan": (
            "PROGRESS_STATES Assignment Completion Party Progress ProgressEntry "
            "Task TaskReport UnitGroup WorkPlan WorkPlanError normalise_unit "
            "parse_parties unit_kind"
        ),
    },
)
