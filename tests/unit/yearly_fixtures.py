"""A small rulebook shared by the tests of deriving, diffing, re-scoring and linting."""

from __future__ import annotations

from assessment_rules import (
    AwardLevel,
    Bonus,
    CapAt,
    Deduct,
    GradeBand,
    Item,
    Judgment,
    Rulebook,
    Section,
    Veto,
)

__all__ = ["tiny"]


def tiny() -> Rulebook:
    """A 20-point sheet small enough to score by hand."""
    return Rulebook(
        "tiny-2021",
        "示例细则",
        points="20",
        document="示例文件",
        year=2021,
        # 90 / 80 / 60 % of the 20 points.
        grades=(
            GradeBand("优秀", "18"),
            GradeBand("良好", "16"),
            GradeBand("合格", "12"),
            GradeBand("不合格", "0"),
        ),
        children=(
            Section(
                "org",
                "组织领导",
                points="10",
                source="一",
                children=(
                    CapAt(
                        Item(
                            "plan",
                            "年度计划",
                            points="4",
                            source="一（1）",
                            children=(
                                Deduct(
                                    "no_plan",
                                    "未制定年度计划",
                                    rate="2",
                                    default=False,
                                    source="一（1）1",
                                ),
                                Deduct(
                                    "meetings",
                                    "召开会议",
                                    rate="1",
                                    shape="shortfall",
                                    required=4,
                                    source="一（1）2",
                                ),
                            ),
                        )
                    ),
                    Item(
                        "duty",
                        "履职",
                        points="6",
                        source="一（2）",
                        children=(
                            Judgment("duty_score", "履职评分", points="6", source="一（2）"),
                        ),
                    ),
                ),
            ),
            Section(
                "work",
                "重点工作",
                points="10",
                source="二",
                children=(
                    CapAt(
                        Item(
                            "checks",
                            "检查",
                            points="10",
                            source="二（1）",
                            children=(
                                Deduct(
                                    "missing_records",
                                    "缺少台账",
                                    rate="1",
                                    shape="each",
                                    default=0,
                                    source="二（1）1",
                                ),
                            ),
                        )
                    ),
                ),
            ),
            Veto("major", "发生较大事故", source="注3"),
            Bonus(
                "awards",
                "表彰加分",
                levels=(AwardLevel("city", "市级表彰", cap="2"),),
                cap="3",
                source="注4",
            ),
        ),
    )
