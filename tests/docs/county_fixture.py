"""The county sheet a reviewer wrote with every new rule shape and policy (issue 13).

Two years of one 街镇应急管理 sheet: 2026 written out, 2027 derived from it. The pages,
``show`` and ``diff`` are checked on these in ``test_rule_presentation.py``.
"""

from __future__ import annotations

from assessment_rules import CapAt, Deduct, Item, Rulebook, Section, Veto
from assessment_rules.combinators import (
    BonusLevel,
    EscalatingDeduct,
    JudgedDeduct,
    LevelBonus,
    QuantityDeduct,
    Ranking,
    Requirement,
    Rescaled,
    TotalPolicy,
    ZeroIf,
    ZeroIfLate,
)
from assessment_rules.yearly import Set, derive

COUNTY_2026 = Rulebook(
    "county-ema-2026",
    "某县2026年度街镇应急管理工作考核细则",
    points="100",
    year=2026,
    source="县应急局〔2026〕3号",
    children=(
        Section("duty", "责任落实", points="20", source="一", children=(
            CapAt(Item("plans", "应急预案与演练", points="20", source="一(1)", children=(
                Deduct("no_plan", "未修订总体应急预案", rate="5", source="一(1)第1条"),
                Deduct("drills", "组织综合应急演练", rate="2", shape="shortfall",
                       required=4, unit="次", source="一(1)第2条"),
                JudgedDeduct("plan_quality", "预案内容不完整、针对性不强", low="1", high="5",
                             source="一(1)第3条"),
            ))),
        )),
        Section("reporting", "信息报送", points="20", source="二", children=(
            CapAt(Item("timely", "突发事件信息报送", points="15", source="二(1)", children=(
                QuantityDeduct("late_hours", "突发事件信息迟报", rate="3", unit="小时",
                               partial="round_up", source="二(1)"),
            ))),
            Item("summary", "年度工作总结", points="5", source="二(2)", children=(
                ZeroIfLate("summary_date", "年度应急管理工作总结", deadline="2026-12-10",
                           source="二(2)"),
            )),
        )),
        Section("safety", "安全生产", points="30", source="三", children=(
            CapAt(Item("accidents", "生产安全事故控制", points="30", source="三(1)", children=(
                EscalatingDeduct("accidents", "发生一般生产安全事故", ("5",), step="1",
                                 unit="起", source="三(1)"),
            ))),
            ZeroIf("accident_death", "发生生产安全事故造成人员死亡", at_least=1, unit="起",
                   source="三(2)"),
        )),
        Rescaled("flood", "防汛防台专项考核", out_of="70", points="30", places=2,
                 source="四", children=(
            CapAt(Item("flood_prep", "防汛物资与演练", points="40", source="四(1)", children=(
                Deduct("flood_supplies", "防汛物资储备", rate="5", shape="missing",
                       items=("冲锋舟", "救生衣", "沙袋", "抽水泵"), source="四(1)第1条"),
                Deduct("flood_drills", "开展防汛演练", rate="5", shape="shortfall",
                       required=2, unit="次", source="四(1)第2条"),
            ))),
            CapAt(Item("flood_transfer", "人员转移", points="30", source="四(2)", children=(
                Deduct("late_transfers", "危险区域人员转移不及时", rate="3", shape="each",
                       unit="次", source="四(2)"),
            ))),
        )),
        LevelBonus("honours", "应急管理工作获表彰", levels=(
            BonusLevel("national", "国家级", points="5"),
            BonusLevel("provincial", "省级", low="3", high="4"),
            BonusLevel("municipal", "市级", points="2"),
        ), reason="应急管理工作获{level}表彰", source="五"),
        Veto("major_accident", "发生较大及以上生产安全事故", unit="起", source="六(1)"),
        Veto("serious_injury", "发生造成重伤的生产安全事故", unit="起", effect="bar_top",
             source="六(2)"),
    ),
    total=TotalPolicy(above_full=False),
    gate=(Requirement("self_check", "按时提交年度自评报告且自评合格"),),
    ranking=Ranking(groups=("街道", "镇"), unranked_fact="not_ranked"),
)  # fmt: skip

COUNTY_2027 = derive(
    COUNTY_2026,
    Set("safety.accidents.accidents", amounts=("4",)),
    Set("reporting.timely.late_hours", partial="drop"),
    Set("duty.plans.plan_quality", high="6"),
    Set("honours.provincial", low="3", high="3.5"),
    Set("reporting.summary.summary_date", deadline="2027-12-10"),
    Set("serious_injury", effect="grade", grade="合格"),
    id="county-ema-2027",
    title="某县2027年度街镇应急管理工作考核细则",
    year=2027,
)

BASELINE = {
    "no_plan": False,
    "drills": 4,
    "plan_quality": 0,
    "late_hours": 0,
    "summary_date": "2026-12-01",
    "accidents": 0,
    "accident_death": 0,
    "flood_supplies": ["冲锋舟", "救生衣", "沙袋", "抽水泵"],
    "flood_drills": 2,
    "late_transfers": 0,
    "major_accident": 0,
    "serious_injury": 0,
    "self_check": True,
    "ranking_group": "镇",
}
"""A 镇 that loses nothing: 100 points."""
