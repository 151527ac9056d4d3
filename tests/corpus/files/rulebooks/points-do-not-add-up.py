"""A small rulebook for the bad-input corpus: one fact of each kind evidence forms carry.

Scored like any user rulebook file (``score tests/corpus/files/tiny.py …``).
"""

from assessment_rules import CapAt, Deduct, Item, Judgment, Rulebook, Section, Veto

RULEBOOK = Rulebook(
    "corpus-tiny",
    "语料库示例细则",
    points="100",
    year=2024,
    source="测试语料",
    children=(
        Section(
            "work",
            "工作",
            points="100",
            source="测试语料 一",
            children=(
                CapAt(
                    Item(
                        "duties",
                        "履行职责",
                        points="40",
                        source="测试语料 一（1）",
                        children=(
                            Deduct(
                                "meetings",
                                "召开会议",
                                rate="1",
                                shape="shortfall",
                                required=4,
                                unit="次",
                                source="测试语料 一（1）第1条",
                            ),
                            Deduct(
                                "no_plan",
                                "未制定计划",
                                rate="2",
                                default=False,
                                source="测试语料 一（1）第2条",
                            ),
                            Deduct(
                                "lapses",
                                "工作失误",
                                rate="0.5",
                                shape="each",
                                unit="次",
                                default=0,
                                source="测试语料 一（1）第3条",
                            ),
                            Deduct(
                                "reports",
                                "季度报告",
                                rate="1",
                                shape="missing",
                                items=("一季度", "二季度", "三季度", "四季度"),
                                source="测试语料 一（1）第4条",
                            ),
                        ),
                    )
                ),
                Item(
                    "judged",
                    "工作成效",
                    points="50",
                    source="测试语料 一（2）",
                    children=(
                        Judgment("duty", "工作成效", points="50", source="测试语料 一（2）"),
                    ),
                ),
                Veto("accidents", "发生较大事故", unit="起", source="测试语料 注"),
            ),
        ),
    ),
)
