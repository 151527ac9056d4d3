"""Putuo District, 2024: safety, disaster-prevention and fire assessment of streets and towns.

Seed 000 (普安委〔2024〕8号) sets the frame; its score sheet for streets (附件1) is not
published, so the items are derived from what the seeds state. See ``DESCRIPTION``.
"""

from __future__ import annotations

from assessment_rules import (
    STANDARD_GRADES,
    CapAt,
    Deduct,
    Item,
    Judgment,
    Office,
    Rulebook,
    Section,
    Veto,
    load_rulebook,
)

PLAN = "普安委〔2024〕8号"
PLAN_2020 = "普安办〔2020〕13号"
TASKS = "治本攻坚三年行动2024年工作计划表"
UNPUBLISHED = "分值和扣分标准为本细则派生（附件评分细则未公开）"

# The clauses the plan does not differentiate by category are the departments' own
# nodes (immutable, so sharing them is safe): one text to revise, not two.
DEPARTMENTS = load_rulebook("putuo-2024-departments")


def derived(basis: str, rule: str = "") -> str:
    """The ``text`` of a derived clause: the quoted basis, then what this rulebook adds."""
    added = f"；{rule}" if rule else ""
    return f"依据：“{basis}”{added}。{UNPUBLISHED}"


DESCRIPTION = f"""\
普陀区2024年度安全生产、灾害防治和消防安全绩效考核，街道（镇）类（10个街镇）。

原文引用（quoted）：考核范围与内容（{PLAN} 一）；按安全生产、自然灾害防治、消防分项打分，
依托区安委办、区城运应急委办、区消防救援局、区级燃气工作专班、区级电动自行车专班、
区交专委办（{PLAN} 二）；日常、季度、工作报告审阅、常态化督查、年度考核五种方式
（{PLAN} 二、1—5）；百分制、从高到低排序并注明失分原因、优秀比例控制在30%左右
（{PLAN} 二、5）；2024年11月20日前报送自评和总结（{PLAN} 三、2）；逾期不报或不按规定
要求报送酌情扣分（{PLAN_2020} 四（二））；街镇牵头的2024年任务（{TASKS} 序号5、6、11）。

派生（derived）：附件1（各街镇评分细则表）未公开，各分项的分值、扣分条款和扣分标准由本细则
按上述原文设定；各分项分值为安全生产45、自然灾害防治15、消防20、燃气8、电动自行车7、
道路交通5。逾期报送扣2分、报送不合要求扣1分（“酌情扣分”的取值）。一票否决
（较大及以上生产安全事故、较大及以上火灾事故）取自“有效防范遏制较大生产安全事故”
（{TASKS} 序号2）和“有效遏制较大事故发生”（{PLAN_2020} 二（五）），否决的后果为本细则设定。
等次分数线（优秀90、良好80、合格60）为本项目默认值。优秀名额：30%×单位数，四舍五入；
名额末位同分全部评为优秀并在结果中注明（“左右”的取法）。
"""

# 一、安全生产（区安委办，45分）
responsibility = CapAt(
    Item(
        "responsibility",
        "落实安全生产属地责任",
        points="10",
        source=f"{PLAN} 一；{TASKS} 序号5、6、11",
        children=(
            Deduct(
                "no_lead_member",
                "未由担任本级党（工）委委员的领导干部具体分管安全生产工作",
                rate="3",
                default=False,
                text=derived(
                    "推动乡镇政府、街道办事处由担任本级党（工）委委员、党组成员的领导干部具体分管"
                    "安全生产工作(85%以上)",
                    "未落实的扣3分",
                ),
                source=f"{TASKS} 序号11（12月，责任单位：各街镇）",
            ),
            Deduct(
                "no_local_plan",
                "未制定辖区安全生产治本攻坚三年行动具体计划",
                rate="3",
                default=False,
                text=derived(
                    "各属地街镇结合实际制定实施辖区的安全生产治本攻坚三年行动具体计划",
                    "未制定的扣3分",
                ),
                source=f"{TASKS} 序号5（4月）",
            ),
            DEPARTMENTS.node("safety.supervision_duty.no_mobilisation"),
            DEPARTMENTS.node("safety.supervision_duty.no_duty_lists"),
        ),
    )
)

hazards = CapAt(
    Item(
        "hazards",
        "重大安全隐患排查整治",
        points="12",
        source=f"{PLAN} 一；{TASKS} 序号1、20",
        children=(
            Deduct(
                "hazards_overdue",
                "重大事故隐患逾期未整改销号",
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
                "no_hazard_list",
                "未实行重大事故隐患清单制管理并动态更新整改落实情况",
                rate="2",
                default=False,
                text=derived("实行清单制管理并动态更新整改落实情况", "未实行的扣2分"),
                source=f"{TASKS} 序号20",
            ),
            Deduct(
                "hazards_found_by_inspection",
                "明查暗访、督查检查发现重大事故隐患",
                rate="1",
                shape="each",
                unit="项",
                default=0,
                text=derived(
                    "将国务院安委会（办）、市安委会（办）、区安委会（办）组织的明查暗访、"
                    "监督检查、考核巡查作为考核的重要方式",
                    "每发现1项重大事故隐患扣1分",
                ),
                source=f"{PLAN} 二、4",
            ),
        ),
    )
)

annual_tasks = Item(
    "annual_tasks",
    "完成区政府下达的年度安全生产目标任务",
    points="8",
    source=f"{TASKS} 序号1、2、5、6、11；{PLAN} 二、3",
    children=(
        Judgment(
            "annual_targets",
            "完成区政府下达的年度安全生产目标任务",
            points="8",
            text=derived(
                "掌握各单位年度工作推进情况、完成率、建设成果和问题",
                "按街镇牵头的2024年任务（序号5、6、11）和年度目标（序号1、2）的完成情况评分",
            ),
            source=f"{TASKS}；{PLAN} 二、3",
        ),
    ),
)

reports = CapAt(DEPARTMENTS.node("safety.reports"))

supervision = Item(
    "supervision",
    "常态化督查",
    points="7",
    source=f"{PLAN} 二、4",
    children=(
        Judgment(
            "supervision_score",
            "常态化督查情况",
            points="7",
            text=derived("把督查情况按照考核内容和标准进行打分，计入年度考核", "由区安委办评分"),
            source=f"{PLAN} 二、4",
        ),
    ),
)

quarterly = Item(
    "quarterly",
    "季度考核评估",
    points="5",
    source=f"{PLAN} 二、2",
    children=(
        Judgment(
            "quarterly_score",
            "季度考核指标完成情况",
            points="5",
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
    points="45",
    text="区安委办分项打分",
    source=f"{PLAN} 二",
    children=(responsibility, hazards, annual_tasks, reports, supervision, quarterly),
)

# 二、自然灾害防治（区城运应急委办，15分）
disaster = Section(
    "disaster",
    "自然灾害防治",
    points="15",
    text="区城运应急委办公室（防灾减灾救灾）分项打分",
    source=f"{PLAN} 二",
    children=(
        CapAt(DEPARTMENTS.node("disaster.duty")),
        Item(
            "response",
            "风险监测与突发事件联动处置",
            points="10",
            source=f"{PLAN} 一",
            children=(
                Judgment(
                    "disaster_response",
                    "防灾减灾责任落实、风险监测和突发事件联动处置",
                    points="10",
                    text=derived(
                        "落实……防灾减灾责任，加强体系建设、风险监测、值班值守、突发事件联动处置"
                    ),
                    source=f"{PLAN} 一",
                ),
            ),
        ),
    ),
)

# 三、消防（区消防救援局，20分）
fire = Section(
    "fire",
    "消防",
    points="20",
    text="区消防救援局分项打分",
    source=f"{PLAN} 二",
    children=(
        Item(
            "fire_responsibility",
            "落实消防安全责任",
            points="10",
            source=f"{PLAN} 一",
            children=(
                Judgment(
                    "fire_duty",
                    "消防安全责任落实情况",
                    points="10",
                    text=derived("落实消防安全和防灾减灾责任"),
                    source=f"{PLAN} 一",
                ),
            ),
        ),
        CapAt(
            Item(
                "fire_hazards",
                "消防隐患督改",
                points="10",
                source=f"{TASKS} 序号16、23",
                children=(
                    Deduct(
                        "fire_hazards_overdue",
                        "消防隐患督改逾期未闭环",
                        rate="1",
                        shape="each",
                        unit="处",
                        default=0,
                        text=derived(
                            "将消防隐患督改等职责嵌入街镇城市运行“一网统管”平台场景应用，"
                            "推动基层力量发挥实效",
                            "每处扣1分，扣完为止",
                        ),
                        source=f"{TASKS} 序号23",
                    ),
                    Deduct(
                        "no_platform_scene",
                        "消防隐患督改未嵌入街镇“一网统管”平台场景应用",
                        rate="3",
                        default=False,
                        text=derived(
                            "将消防隐患督改等职责嵌入街镇城市运行“一网统管”平台场景应用",
                            "未嵌入的扣3分",
                        ),
                        source=f"{TASKS} 序号23",
                    ),
                ),
            )
        ),
    ),
)

# 四、燃气安全（区级燃气工作专班，8分）
gas = Section(
    "gas",
    "燃气安全",
    points="8",
    text="区级燃气工作专班分项打分",
    source=f"{PLAN} 二",
    children=(
        CapAt(
            Item(
                "gas_safety",
                "城镇燃气安全综合整治",
                points="8",
                source=f"{PLAN} 二；{TASKS} 序号16",
                children=(
                    Judgment(
                        "gas_work",
                        "城镇燃气安全整治工作成效",
                        points="8",
                        text=derived("开展……城镇燃气安全……等综合整治"),
                        source=f"{TASKS} 序号16",
                    ),
                    Deduct(
                        "gas_hazards_open",
                        "燃气安全隐患未按期整改",
                        rate="1",
                        shape="each",
                        unit="处",
                        default=0,
                        text=derived("开展……城镇燃气安全……等综合整治", "每处扣1分，扣完为止"),
                        source=f"{TASKS} 序号16",
                    ),
                ),
            )
        ),
    ),
)

# 五、电动自行车安全（区级电动自行车专班，7分）
ebike = Section(
    "ebike",
    "电动自行车安全",
    points="7",
    text="区级电动自行车专班分项打分",
    source=f"{PLAN} 二",
    children=(
        CapAt(
            Item(
                "ebike_safety",
                "电动自行车安全隐患整治",
                points="7",
                source=f"{PLAN} 二；{TASKS} 序号7",
                children=(
                    Judgment(
                        "ebike_work",
                        "电动自行车安全整治工作成效",
                        points="7",
                        text=derived("强化……电动自行车……等跨区域、跨部门安全工作协同"),
                        source=f"{TASKS} 序号7",
                    ),
                    Deduct(
                        "ebike_indoor_charging",
                        "督查发现电动自行车违规进楼入户停放充电",
                        rate="0.5",
                        shape="each",
                        unit="处",
                        default=0,
                        text=derived(
                            "强化……电动自行车……等跨区域、跨部门安全工作协同",
                            "每处扣0.5分，扣完为止",
                        ),
                        source=f"{TASKS} 序号7；{PLAN} 二、4",
                    ),
                ),
            )
        ),
    ),
)

# 六、道路交通安全（区交专委办，5分）
traffic = Section(
    "traffic",
    "道路交通安全",
    points="5",
    text="区交专委办公室分项打分",
    source=f"{PLAN} 二",
    children=(
        Item(
            "traffic_safety",
            "道路交通安全工作",
            points="5",
            source=f"{PLAN} 二",
            children=(
                Judgment(
                    "traffic_work",
                    "道路交通安全工作成效",
                    points="5",
                    text=derived("依托……区交专委办公室等……开展分项打分"),
                    source=f"{PLAN} 二",
                ),
            ),
        ),
    ),
)

# 材料报送：不设分值，扣分直接从总分中扣除
submission = DEPARTMENTS.node("submission")

major_accident = Veto(
    "major_accident",
    "发生较大及以上生产安全事故",
    text=derived("有效防范遏制较大生产安全事故", "发生的，等次为不合格（一票否决）"),
    source=f"{TASKS} 序号2；{PLAN_2020} 二（五）",
)

major_fire = Veto(
    "major_fire",
    "发生较大及以上火灾事故",
    text=derived(
        "生产安全事故和火灾事故起数、死亡人数进一步减少，有效遏制较大事故发生",
        "发生的，等次为不合格（一票否决）",
    ),
    source=f"{PLAN_2020} 二（五）",
)

OFFICES = (
    *(office for office in DEPARTMENTS.offices if office.id in ("safety", "disaster")),
    Office(
        "fire",
        "区消防救援局",
        domain="消防",
        paths=("fire", "major_fire"),
        source=f"{PLAN} 二",
    ),
    Office("gas", "区级燃气工作专班", domain="燃气安全", paths=("gas",), source=f"{PLAN} 二"),
    Office(
        "ebike",
        "区级电动自行车专班",
        domain="电动自行车安全",
        paths=("ebike",),
        source=f"{PLAN} 二",
    ),
    Office("traffic", "区交专委办", domain="道路交通安全", paths=("traffic",), source=f"{PLAN} 二"),
)

RULEBOOK = Rulebook(
    "putuo-2024-streets",
    "普陀区2024年度安全生产、灾害防治和消防安全绩效考核评分细则（街道镇）",
    children=(safety, disaster, fire, gas, ebike, traffic, submission, major_accident, major_fire),
    points="100",
    grades=STANDARD_GRADES,
    document="普陀区2024年度安全生产、灾害防治和消防安全绩效考核工作方案",
    source=PLAN,
    year=2024,
    description=DESCRIPTION,
    quota=DEPARTMENTS.quota,
    offices=OFFICES,
)
