"""Putuo District, 2024: safety, disaster-prevention and fire assessment of departments.

Seed 000 (普安委〔2024〕8号) sets the frame; its score sheet for departments (附件2) is
not published, so the items are derived from what the seeds state. See ``DESCRIPTION``.
"""

from __future__ import annotations

from assessment_rules import (
    STANDARD_GRADES,
    CapAt,
    Deduct,
    ExcellentQuota,
    Item,
    Judgment,
    Office,
    Rulebook,
    Section,
    Veto,
)

PLAN = "普安委〔2024〕8号"
PLAN_2020 = "普安办〔2020〕13号"
TASKS = "治本攻坚三年行动2024年工作计划表"
# Names no annex: the streets rulebook shares some of these clauses.
UNPUBLISHED = "分值和扣分标准为本细则派生（附件评分细则未公开）"


def derived(basis: str, rule: str = "") -> str:
    """The ``text`` of a derived clause: the quoted basis, then what this rulebook adds."""
    added = f"；{rule}" if rule else ""
    return f"依据：“{basis}”{added}。{UNPUBLISHED}"


DESCRIPTION = f"""\
普陀区2024年度安全生产、灾害防治和消防安全绩效考核，部门类（区安委会成员单位：16个专项
监管部门和4个行业主管部门）。

原文引用（quoted）：考核对象为负有安全生产、灾害防治、消防安全监督管理职责的部门和行业
领域主管部门（{PLAN} 一）；按安全生产、自然灾害防治、消防分项打分（{PLAN} 二）；工作报告
审阅、常态化督查、季度考核（{PLAN} 二、2—4）；百分制、从高到低排序并注明失分原因、优秀
比例控制在30%左右（{PLAN} 二、5）；2024年11月20日前报送自评和总结（{PLAN} 三、2）；
逾期不报或不按规定要求报送酌情扣分（{PLAN_2020} 四（二））；各部门牵头的2024年任务、
时间节点（{TASKS}，序号见单位名录）。

派生（derived）：附件2（各部门评分细则表）未公开，各分项分值、扣分条款和扣分标准由本细则按
上述原文设定，与街镇类不同（差异化设置考核指标）：安全生产55（含牵头任务15）、自然灾害
防治20、消防25；燃气、电动自行车、道路交通专班不对部门单独打分。牵头任务未按时间节点
完成每项扣2分；逾期报送扣2分、报送不合要求扣1分（“酌情扣分”的取值）。一票否决（较大及
以上生产安全事故）取自“有效防范遏制较大生产安全事故”（{TASKS} 序号2），否决的后果为本细则
设定。等次分数线（优秀90、良好80、合格60）为本项目默认值。优秀名额：30%×单位数，四舍五入；
名额末位同分全部评为优秀并在结果中注明。
"""

# 一、安全生产（区安委办，55分）
supervision_duty = CapAt(
    Item(
        "supervision_duty",
        "落实行业监管责任（管行业必须管安全）",
        points="12",
        source=f"{PLAN} 一；{TASKS} 序号5、6、7、10",
        children=(
            Deduct(
                "no_sub_plan",
                "未制定本部门治本攻坚三年行动子方案",
                rate="3",
                default=False,
                text=derived(
                    "区安委会有关成员单位按照“管行业必须管安全”原则制定本部门单位的治本攻坚三年"
                    "行动子方案",
                    "未制定的扣3分",
                ),
                source=f"{TASKS} 序号5（4月）",
            ),
            Deduct(
                "no_mobilisation",
                "主要负责同志未召开专题会议进行动员部署",
                rate="2",
                default=False,
                text=derived("各单位主要负责同志召开专题会议进行动员部署", "未召开的扣2分"),
                source=f"{TASKS} 序号5（4月）",
            ),
            Deduct(
                "no_duty_lists",
                "未制定并落实领导干部安全生产职责清单和年度任务清单",
                rate="2",
                default=False,
                text=derived(
                    "组织制定并严格落实党委政府领导干部安全生产职责清单和年度任务清单",
                    "未制定或未落实的扣2分",
                ),
                source=f"{TASKS} 序号6（6月）",
            ),
            Deduct(
                "coordination_lapses",
                "未按要求参与跨区域、跨部门安全工作协同",
                rate="1",
                shape="each",
                unit="次",
                default=0,
                text=derived(
                    "强化危险化学品、燃气、建筑施工、道路运输……等跨区域、跨部门安全工作协同",
                    "每次扣1分，扣完为止",
                ),
                source=f"{TASKS} 序号7（9月）",
            ),
            Deduct(
                "no_model_enterprises",
                "未培树“用体系管安全”典型示范企业",
                rate="2",
                default=False,
                text=derived(
                    "培树一批“用体系管安全”典型示范企业（每个重点行业领域培树2-3家）",
                    "负有安全生产监管职责的部门未培树的扣2分",
                ),
                source=f"{TASKS} 序号10（11月，责任单位：各负有安全生产监管职责的部门）",
            ),
        ),
    )
)

lead_tasks = CapAt(
    Item(
        "lead_tasks",
        "完成区政府下达的年度安全生产目标任务",
        points="15",
        source=f"{TASKS}（责任单位、时间节点）；{PLAN} 二、3",
        children=(
            Judgment(
                "annual_targets",
                "完成区政府下达的年度安全生产目标任务",
                points="15",
                text=derived(
                    "掌握各单位年度工作推进情况、完成率、建设成果和问题",
                    "按本部门在2024年工作计划表中牵头和配合的任务完成情况评分",
                ),
                source=f"{TASKS}；{PLAN} 二、3",
            ),
            Deduct(
                "lead_tasks_overdue",
                "牵头的治本攻坚2024年任务未按时间节点完成",
                rate="2",
                shape="each",
                unit="项",
                default=0,
                text=derived(
                    "时间节点、责任单位（治本攻坚三年行动2024年工作计划表）",
                    "本部门作为责任单位的任务逾期未完成的，每项扣2分，扣完为止",
                ),
                source=f"{TASKS}（时间节点、责任单位）",
            ),
        ),
    )
)

hazards = CapAt(
    Item(
        "hazards",
        "重大事故隐患排查整治",
        points="10",
        source=f"{PLAN} 一；{TASKS} 序号1、20",
        children=(
            Deduct(
                "hazards_overdue",
                "行业领域重大事故隐患逾期未整改销号",
                rate="2",
                shape="each",
                unit="项",
                default=0,
                text=derived(
                    "基本消除2023年及以前排查发现的重大事故隐患存量，动态清零2024年发现的重大事故隐患",
                    "每项扣2分，扣完为止",
                ),
                source=f"{TASKS} 序号1",
            ),
            Deduct(
                "no_signoff_mechanism",
                "未建立重大事故隐患审核把关销号机制",
                rate="2",
                default=False,
                text=derived(
                    "建立政府负有安全监管职责部门审核把关销号机制……实行清单制管理并动态更新整改落实情况",
                    "未建立的扣2分",
                ),
                source=f"{TASKS} 序号20",
            ),
        ),
    )
)

enforcement = CapAt(
    Item(
        "enforcement",
        "安全监管执法和从业人员培训",
        points="5",
        source=f"{TASKS} 序号26、29",
        children=(
            Deduct(
                "lax_enforcement",
                "因“零处罚”“只检查不处罚”等工作不力被约谈通报",
                rate="3",
                default=False,
                text=derived(
                    "对“零处罚”“只检查不处罚”等工作不力、处罚落实不到位的“宽松软虚”地区进行约谈通报",
                    "被约谈通报的扣3分",
                ),
                source=f"{TASKS} 序号29",
            ),
            Deduct(
                "no_training_rules",
                "未细化完善本行业领域从业人员安全生产教育培训规定",
                rate="2",
                default=False,
                text=derived(
                    "全面细化完善生产经营单位各类从业人员安全生产教育培训的频次、内容、范围、时间等规定要求",
                    "未细化完善的扣2分",
                ),
                source=f"{TASKS} 序号26",
            ),
        ),
    )
)

reports = CapAt(
    Item(
        "reports",
        "“一计划、双报告”工作报告审阅",
        points="3",
        source=f"{PLAN} 二、3",
        children=(
            Deduct(
                "plan_reports",
                "报送“一计划、双报告”材料",
                rate="1",
                shape="missing",
                items=("年度工作任务", "阶段小结", "年度总结"),
                text=derived(
                    "按照“一计划、双报告”制度要求，对各部门、各街镇年度工作任务、阶段小结、总结进行审阅",
                    "缺一项扣1分",
                ),
                source=f"{PLAN} 二、3",
            ),
        ),
    )
)

supervision = Item(
    "supervision",
    "常态化督查",
    points="6",
    source=f"{PLAN} 二、4",
    children=(
        Judgment(
            "supervision_score",
            "常态化督查情况",
            points="6",
            text=derived("把督查情况按照考核内容和标准进行打分，计入年度考核", "由区安委办评分"),
            source=f"{PLAN} 二、4",
        ),
    ),
)

quarterly = Item(
    "quarterly",
    "季度考核评估",
    points="4",
    source=f"{PLAN} 二、2",
    children=(
        Judgment(
            "quarterly_score",
            "季度考核指标完成情况",
            points="4",
            text=derived(
                "对纳入季度考核指标（附件3），加强数据分析和阶段性任务汇总……同时纳入年度绩效考核",
                "附件3未公开，四个季度汇总后评分",
            ),
            source=f"{PLAN} 二、2",
        ),
    ),
)

safety = Section(
    "safety",
    "安全生产",
    points="55",
    text="区安委办分项打分",
    source=f"{PLAN} 二",
    children=(supervision_duty, lead_tasks, hazards, enforcement, reports, supervision, quarterly),
)

# 二、自然灾害防治（区城运应急委办，20分）
disaster = Section(
    "disaster",
    "自然灾害防治",
    points="20",
    text="区城运应急委办公室（防灾减灾救灾）分项打分",
    source=f"{PLAN} 二",
    children=(
        CapAt(
            Item(
                "duty",
                "值班值守",
                points="5",
                source=f"{PLAN} 一；{PLAN} 二、1",
                children=(
                    Deduct(
                        "duty_lapses",
                        "值班值守抽查发现脱岗、漏岗或信息报送不及时",
                        rate="1",
                        shape="each",
                        unit="次",
                        default=0,
                        text=derived(
                            "加强体系建设、风险监测、值班值守……；结合日常检查调研、重要时段抽查",
                            "每次扣1分，扣完为止",
                        ),
                        source=f"{PLAN} 一；{PLAN} 二、1",
                    ),
                ),
            )
        ),
        Item(
            "response",
            "行业领域灾害风险监测与突发事件联动处置",
            points="15",
            source=f"{PLAN} 一",
            children=(
                Judgment(
                    "disaster_response",
                    "防灾减灾责任落实、风险监测和突发事件联动处置",
                    points="15",
                    text=derived(
                        "落实……防灾减灾责任，加强体系建设、风险监测、值班值守、突发事件联动处置"
                    ),
                    source=f"{PLAN} 一",
                ),
            ),
        ),
    ),
)

# 三、消防（区消防救援局，25分）
fire = Section(
    "fire",
    "消防",
    points="25",
    text="区消防救援局分项打分",
    source=f"{PLAN} 二",
    children=(
        Item(
            "fire_responsibility",
            "落实行业消防安全管理责任",
            points="15",
            source=f"{PLAN} 一",
            children=(
                Judgment(
                    "fire_duty",
                    "行业消防安全管理责任落实情况",
                    points="15",
                    text=derived("落实消防安全和防灾减灾责任"),
                    source=f"{PLAN} 一",
                ),
            ),
        ),
        CapAt(
            Item(
                "fire_campaigns",
                "行业领域消防安全专项整治",
                points="10",
                source=f"{TASKS} 序号16、24",
                children=(
                    Deduct(
                        "fire_hazards_overdue",
                        "行业领域消防隐患督改逾期未闭环",
                        rate="1",
                        shape="each",
                        unit="处",
                        default=0,
                        text=derived(
                            "开展……厂房仓库消防安全、冷库等综合整治，常态化推进相关重点行业领域专项整治",
                            "每处扣1分，扣完为止",
                        ),
                        source=f"{TASKS} 序号16",
                    ),
                    Deduct(
                        "no_fire_campaign_plan",
                        "未部署本行业领域消防安全专项整治",
                        rate="4",
                        default=False,
                        text=derived(
                            "常态化推进相关重点行业领域专项整治；深入开展老旧场所消防设施升级改造……"
                            "等工程治理行动",
                            "未部署的扣4分",
                        ),
                        source=f"{TASKS} 序号16、24",
                    ),
                ),
            )
        ),
    ),
)

# 材料报送：不设分值，扣分直接从总分中扣除
submission = Section(
    "submission",
    "自评和总结材料报送",
    points="0",
    text="逾期不报或不按规定要求报送，将酌情予以扣分处理",
    source=f"{PLAN} 三、2；{PLAN_2020} 四（二）",
    children=(
        Deduct(
            "late_report",
            "未在2024年11月20日前报送自评和总结情况",
            rate="2",
            default=False,
            text=derived(
                "2024年11月20日前，各单位对照年度考核评分细则表，将自评和总结情况，分别报送各相关"
                "测评单位；逾期不报或不按规定要求报送，将酌情予以扣分处理",
                "逾期报送扣2分",
            ),
            source=f"{PLAN} 三、2；{PLAN_2020} 四（二）",
        ),
        Deduct(
            "nonconforming_report",
            "报送材料不符合规定要求（纸质版加盖公章、电子版同步报送区安委办）",
            rate="1",
            default=False,
            text=derived(
                "以上要求报送材料均以纸质版和电子版报送，纸质版加部门公章，同步报送至区安委办；"
                "不按规定要求报送，将酌情予以扣分处理",
                "不符合要求的扣1分",
            ),
            source=f"{PLAN} 三、3；{PLAN_2020} 四（二）",
        ),
    ),
)

major_accident = Veto(
    "major_accident",
    "本行业领域发生较大及以上生产安全事故",
    text=derived("有效防范遏制较大生产安全事故", "发生的，等次为不合格（一票否决）"),
    source=f"{TASKS} 序号2；{PLAN_2020} 二（五）",
)

OFFICES = (
    Office(
        "safety",
        "区安委办",
        domain="安全生产",
        paths=("safety", "submission", "major_accident"),
        source=f"{PLAN} 二；{PLAN} 三、3（材料同步报送至区安委办）",
    ),
    Office(
        "disaster",
        "区城运应急委办",
        domain="自然灾害防治",
        paths=("disaster",),
        source=f"{PLAN} 二",
    ),
    Office("fire", "区消防救援局", domain="消防", paths=("fire",), source=f"{PLAN} 二"),
)

RULEBOOK = Rulebook(
    "putuo-2024-departments",
    "普陀区2024年度安全生产、灾害防治和消防安全绩效考核评分细则（各部门）",
    children=(safety, disaster, fire, submission, major_accident),
    points="100",
    grades=STANDARD_GRADES,
    document="普陀区2024年度安全生产、灾害防治和消防安全绩效考核工作方案",
    source=PLAN,
    year=2024,
    description=DESCRIPTION,
    quota=ExcellentQuota(
        share="0.30",
        rounding="half_up",
        ties="admit_all",
        text="优秀比例控制在30%左右",
        source=f"{PLAN} 二、5",
    ),
    offices=OFFICES,
)
