"""Wujin District, 2021: department safety-production target assessment (seed 004).

The score sheet 《部门（单位）安全生产目标任务考核细则》 (附件2), encoded clause by
clause. Titles follow the official wording; ``text`` keeps each clause as printed.
"""

from __future__ import annotations

from assessment_rules import (
    STANDARD_GRADES,
    AwardLevel,
    Bonus,
    CapAt,
    Deduct,
    Item,
    Judgment,
    Rulebook,
    Section,
    Veto,
)

DOCUMENT = "武进区《部门（单位）安全生产目标任务考核细则》（附件2）"


def clause(section: str, item: int | None = None, number: str | None = None) -> str:
    """Source reference: 附件2 一、(1) 第2条."""
    parts = [f"附件2 {section}"]
    if item is not None:
        parts.append(f"（{item}）")
    if number is not None:
        parts.append(f"第{number}条")
    return " ".join(parts)


# 一、组织领导（20分）
responsibility = CapAt(
    Item(
        "responsibility",
        "完善安全生产责任体系，切实抓好本部门安全生产工作",
        points="10",
        source=clause("一、组织领导", 1),
        children=(
            Deduct(
                "no_support_system",
                "未建立部门支持保障安全生产工作制度",
                rate="1",
                default=False,
                text="按照“党政同责、一岗双责、齐抓共管、失职追责”的要求建立工作机制，"
                "未建立部门支持保障安全生产工作制度的扣1分",
                source=clause("一、组织领导", 1, "1"),
            ),
            Deduct(
                "no_responsibility_system",
                "未建立健全安全生产责任制和层层签订安全生产目标管理责任书",
                rate="2",
                default=False,
                text="未建立健全安全生产责任制和层层签订安全生产目标管理责任书的扣2分",
                source=clause("一、组织领导", 1, "1"),
            ),
            Deduct(
                "head_not_chair",
                "部门主要负责人未担任本级安委会主任",
                rate="1",
                default=False,
                text="部门主要负责人未担任本级安委会主任的扣1分",
                source=clause("一、组织领导", 1, "2"),
            ),
            Deduct(
                "safety_meetings",
                "召开安全工作会议研究部署工作",
                rate="1",
                shape="shortfall",
                required=4,
                unit="次",
                text="定期召开安全工作会议研究部署工作，每年不少于4次，每少一次扣1分",
                source=clause("一、组织领导", 1, "2"),
            ),
            Deduct(
                "no_annual_plan",
                "未制定年度安全工作要点和重点任务分解工作计划",
                rate="1",
                default=False,
                text="未制定年度安全工作要点和重点任务分解工作计划的扣1分",
                source=clause("一、组织领导", 1, "3"),
            ),
            Deduct(
                "no_duty_report",
                "主要负责人未作书面安全生产履职报告",
                rate="1",
                default=False,
                text="主要负责人未作书面安全生产履职报告扣1分",
                source=clause("一、组织领导", 1, "4"),
            ),
            Deduct(
                "quarterly_reports",
                "每季度上报本部门安全生产情况",
                rate="0.5",
                shape="missing",
                items=(
                    "一季度月报表",
                    "一季度工作小结",
                    "二季度月报表",
                    "二季度工作小结",
                    "三季度月报表",
                    "三季度工作小结",
                    "四季度月报表",
                    "四季度工作小结",
                ),
                text="每季度按要求上报本部门安全生产情况（月报表、工作小结）的，缺一项扣0.5分",
                source=clause("一、组织领导", 1, "5"),
            ),
        ),
    )
)

committee_duties = CapAt(
    Item(
        "committee_duties",
        "坚持安全生产工作制度，落实区安委会、专委会确定的各项工作落实责任",
        points="10",
        source=clause("一、组织领导", 2),
        children=(
            Deduct(
                "committee_rules",
                "落实安委会工作制度",
                rate="1",
                shape="missing",
                items=("工作报告制度", "形势分析制度", "督办制度"),
                text="未落实安委会工作报告制度、形势分析制度、督办制度等规定，每缺1项扣1分",
                source=clause("一、组织领导", 2, "1"),
            ),
            Deduct(
                "lead_unit_lapses",
                "专委会牵头单位未按专委会要求开展工作",
                rate="2",
                shape="each",
                unit="次",
                default=0,
                text="根据《武进区安全生产专业委员会工作规则》（武安发〔2018〕8号）要求，负有镇安全生产"
                "专业委员会牵头单位的部门按照专委会要求开展工作，未按要求开展的，有1次扣2分",
                source=clause("一、组织领导", 2, "2"),
            ),
            Deduct(
                "member_unit_lapses",
                "专委会成员单位未按要求参加或配合有关工作",
                rate="1",
                shape="each",
                unit="次",
                default=0,
                text="各镇安全生产专门委员会成员单位未按要求参加或配合有关工作的，有1次扣1分",
                source=clause("一、组织领导", 2, "2"),
            ),
        ),
    )
)

organisation = Section(
    "organisation",
    "组织领导",
    points="20",
    source=clause("一、组织领导"),
    children=(responsibility, committee_duties),
)

# 二、重点工作（60分）
enterprise_duty = CapAt(
    Item(
        "enterprise_duty",
        "开展落实企业安全生产主体责任专项行动",
        points="10",
        source=clause("二、重点工作", 1),
        children=(
            Deduct(
                "campaign_below_target",
                "“落实企业安全生产主体责任专项行动”工作未达到2021年工作要求",
                rate="2",
                default=False,
                text="“落实企业安全生产主体责任专项行动”工作未达到2021年工作要求的扣2分",
                source=clause("二、重点工作", 1, "1"),
            ),
            Deduct(
                "firms_lacking_duty",
                "生产经营单位安全责任、投入、培训、管理、应急救援不到位",
                rate="1",
                shape="each",
                unit="家",
                default=0,
                text="生产经营单位未按规定建立安全生产责任制、相关制度和操作规程，存在安全责任落实不到位、"
                "安全投入不到位、安全培训不到位、安全管理不到位、应急救援不到位的，发现1家扣1分",
                source=clause("二、重点工作", 1, "2"),
            ),
            Deduct(
                "firms_without_director",
                "重点行业领域单位未实行安全总监制度、推进安全生产责任保险制度",
                rate="0.5",
                shape="each",
                unit="家",
                default=0,
                text="重点行业领域未按要求实行安全总监制度、推进安全生产责任保险制度的，有1家扣0.5分",
                source=clause("二、重点工作", 1, "3"),
            ),
        ),
    )
)

inspections = CapAt(
    Item(
        "inspections",
        "开展安全督查检查",
        points="20",
        source=clause("二、重点工作", 2),
        children=(
            Deduct(
                "no_inspection_plan",
                "未制定年度检查计划",
                rate="2",
                default=False,
                text="按计划组织对监管行业（领域）内单位进行安全生产检查，未制定年度检查计划的扣2分",
                source=clause("二、重点工作", 2, "1"),
            ),
            Deduct(
                "missing_inspection_records",
                "缺少检查、复查台账",
                rate="1",
                shape="each",
                unit="次",
                default=0,
                text="无检查、复查台账的，缺1次扣1分",
                source=clause("二、重点工作", 2, "1"),
            ),
            Deduct(
                "campaign_documents",
                "安全生产大检查上报材料",
                rate="1",
                shape="missing",
                items=("工作方案", "月工作进展情况", "工作总结"),
                text="组织开展本条线、系统安全生产大检查，按要求上报工作方案、月工作进展情况和工作总结，"
                "每缺1项扣1分",
                source=clause("二、重点工作", 2, "2"),
            ),
            Deduct(
                "leader_checks",
                "部门领导带队开展安全生产检查、督查",
                rate="2",
                shape="shortfall",
                required=4,
                unit="次",
                text="部门领导带队开展安全生产检查、督查每年不少于4次，每少一次扣2分",
                source=clause("二、重点工作", 2, "3"),
            ),
            Deduct(
                "deputy_checks",
                "分管领导参加安全生产检查、督查",
                rate="1",
                shape="shortfall",
                required=4,
                unit="次",
                text="分管领导每少参加1次的扣1分",
                source=clause("二、重点工作", 2, "3"),
            ),
        ),
    )
)

training = CapAt(
    Item(
        "training",
        "开展安全生产宣传教育培训活动",
        points="10",
        source=clause("二、重点工作", 3),
        children=(
            Deduct(
                "no_training_plan",
                "未制定年度安全生产宣传教育培训计划",
                rate="1",
                default=False,
                text="未制定年度安全生产宣传教育培训计划的扣1分",
                source=clause("二、重点工作", 3, "1"),
            ),
            Deduct(
                "no_manager_training",
                "未组织本监管行业内单位主要负责人和安全管理人员安全培训",
                rate="2",
                default=False,
                text="未组织本监管行业内单位主要负责人和安全管理人员安全培训扣2分",
                source=clause("二、重点工作", 3, "1"),
            ),
            Deduct(
                "untrained_staff",
                "部门安全监管人员未参加培训",
                rate="1",
                shape="each",
                unit="人",
                default=0,
                text="部门安全监管人员参加培训覆盖面达到100%，每有1人未参加扣1分",
                source=clause("二、重点工作", 3, "1"),
            ),
            Deduct(
                "campaign_activities",
                "组织开展安全生产宣传活动",
                rate="1",
                shape="missing",
                items=("安全生产月", "安全宣传“五进”", "安康杯竞赛"),
                text="未组织开展“安全生产月”、安全宣传“五进”、“安康杯”竞赛等活动，每少1项扣1分",
                source=clause("二、重点工作", 3, "2"),
            ),
            Deduct(
                "safety_month_documents",
                "按时报送“安全生产月”材料",
                rate="1",
                shape="missing",
                items=("安全生产月方案", "安全生产月总结"),
                text="未按时报送“安全生产月”方案和总结的，每少一项扣1分",
                source=clause("二、重点工作", 3, "2"),
            ),
            Deduct(
                "culture_shortfall",
                "安全文化建设示范企业培育少于创建目标",
                rate="1",
                shape="each",
                unit="家",
                default=0,
                text="未按要求培育度安全文化建设示范企业创建目标的，每少1家扣1分",
                source=clause("二、重点工作", 3, "3"),
            ),
        ),
    )
)

special_rectification = CapAt(
    Item(
        "special_rectification",
        "深化行业领域安全生产专项整治三年行动",
        points="10",
        source=clause("二、重点工作", 4),
        children=(
            Deduct(
                "no_three_year_plan",
                "未制定行业领域安全生产专项整治三年行动方案",
                rate="2",
                default=False,
                text="结合各自实际，有针对性地开展专项整治，未按要求制定行业领域安全生产专项整治三年行动"
                "方案的扣2分",
                source=clause("二、重点工作", 4, "1"),
            ),
            Deduct(
                "campaign_stages",
                "专项行动环节",
                rate="1",
                shape="missing",
                items=("组织领导", "部署", "检查", "总结"),
                text="专项行动有组织领导、部署、检查和总结，每少1项扣1分",
                source=clause("二、重点工作", 4, "1"),
            ),
            Deduct(
                "hazards_not_rectified",
                "未对全系统重大事故隐患、检查督查中发现的严重违法行为等重要事项实行治理整治",
                rate="5",
                default=False,
                text="未对全系统重大事故隐患、检查督查中发现的严重违法行为等重要事项实行治理整治的，扣5分",
                source=clause("二、重点工作", 4, "2"),
            ),
        ),
    )
)

emergency = CapAt(
    Item(
        "emergency",
        "着力推动完善安全生产应急管理",
        points="10",
        source=clause("二、重点工作", 5),
        children=(
            Deduct(
                "no_emergency_plan",
                "未结合本行业领域特点制定完善应急救援预案",
                rate="2",
                default=False,
                text="未结合本行业领域特点制定完善应急救援预案的扣2分",
                source=clause("二、重点工作", 5, "1"),
            ),
            Deduct(
                "no_drill",
                "未按计划组织应急演练",
                rate="1",
                default=False,
                text="未按计划组织应急演练扣1分（需提供演练方案、现场照片等）",
                source=clause("二、重点工作", 5, "1"),
            ),
            Deduct(
                "late_accident_reports",
                "所监管行业（领域）内发生迟报、漏报、瞒报死亡事故",
                rate="2",
                shape="each",
                unit="起",
                starred=True,
                default=0,
                text="所监管行业（领域）内发生迟报、漏报、瞒报死亡事故的，每起扣2分；（注：★）",
                source=clause("二、重点工作", 5, "2"),
            ),
            Deduct(
                "poor_aftermath",
                "发生生产安全事故后善后处理不力造成不良社会影响和严重后果",
                rate="2",
                shape="each",
                unit="起",
                starred=True,
                default=0,
                text="发生生产安全事故后，善后处理不力造成不良社会影响和严重后果的，每起扣2分；（注：★）",
                source=clause("二、重点工作", 5, "3"),
            ),
            Deduct(
                "slow_response",
                "发生生产安全事故后相关负责人未立即赶赴现场或未按要求按时处理到位",
                rate="2",
                shape="each",
                unit="次",
                starred=True,
                default=0,
                text="发生生产安全事故，相关负责人未立即赶赴事故现场组织救援的、事故后未按相关要求按时"
                "处理到位的，一次扣2分；（注：★）",
                source=clause("二、重点工作", 5, "4"),
            ),
            Deduct(
                "stale_resources",
                "未定期更新应急队伍、物资和装备信息，应急处置时无法有效使用",
                rate="1",
                shape="each",
                unit="次",
                default=0,
                text="未定期更新应急队伍、物资和装备信息，应急处置时无法有效使用的，发现一次扣1分",
                source=clause("二、重点工作", 5, "5"),
            ),
        ),
    )
)

key_work = Section(
    "key_work",
    "重点工作",
    points="60",
    source=clause("二、重点工作"),
    children=(enterprise_duty, inspections, training, special_rectification, emergency),
)

# 三、行业领域监管（15分）— assessor judgment
supervision = Section(
    "supervision",
    "行业领域监管",
    points="15",
    source=clause("三、行业领域监管"),
    children=(
        Item(
            "annual_targets",
            "履行监管职责，完成区政府、镇政府下达的年度安全生产目标任务",
            points="15",
            source=clause("三、行业领域监管", 1),
            children=(
                Judgment(
                    "supervision_score",
                    "履行监管职责、完成年度安全生产目标任务",
                    points="15",
                    text="根据履职情况和工作成效进行评分。",
                    source=clause("三、行业领域监管", 1),
                ),
            ),
        ),
    ),
)

# 四、其他工作（5分）— assessor judgment
other_work = Section(
    "other_work",
    "其他工作",
    points="5",
    source=clause("四、其他工作"),
    children=(
        Item(
            "other_tasks",
            "完成镇党委、镇政府、镇安委会部署的其他安全生产重点工作",
            points="5",
            source=clause("四、其他工作", 1),
            children=(
                Judgment(
                    "other_work_score",
                    "完成其他安全生产重点工作",
                    points="5",
                    text="根据贯彻落实情况和工作成效进行评分。",
                    source=clause("四、其他工作", 1),
                ),
            ),
        ),
    ),
)

# 五、事故控制 — no points in the sheet; it carries the veto conditions of note 3.
accident_control = Section(
    "accident_control",
    "事故控制",
    points="0",
    text="压降事故数量：严控一般安全生产事故，确保安全生产形势平稳。",
    source=clause("五、事故控制"),
    children=(
        Veto(
            "major_accidents",
            "所监管行业（领域）内发生较大及以上生产安全责任事故",
            unit="起",
            text="所监管行业（领域）内发生一次较大及以上生产安全责任事故的，实行“一票否决”",
            source="附件2 注3",
        ),
        Veto(
            "multi_fatality_accidents",
            "所监管行业（领域）内发生一次死亡2人（含）以上生产安全责任事故",
            at_least=2,
            unit="起",
            text="所监管行业（领域）内发生两起一次死亡2人（含）以上生产安全责任事故的，实行“一票否决”",
            source="附件2 注3",
        ),
        Veto(
            "serious_injury_accidents",
            "发生重伤10人以上的安全责任事故",
            unit="起",
            text="发生重伤10人以上的安全责任事故的，实行“一票否决”，年度考核等次为不合格",
            source="附件2 注3",
        ),
    ),
)

commendations = Bonus(
    "commendations",
    "表彰加分",
    levels=(
        AwardLevel("national", "国家级表彰", cap="2"),
        AwardLevel("provincial", "省级表彰", cap="2"),
        AwardLevel("municipal", "市级表彰", cap="2"),
        AwardLevel("district", "区委、区政府、区安委会表彰", cap="1.5"),
    ),
    cap="5",
    text="镇专业委员会成员单位在年度工作中有亮点，受到国家、省级、市级表彰的予以加分，加分单次不超过2分；"
    "部门、单位在重点行业领域专项整治工作突出，安全生产工作受到区委、区政府、区安委会表彰的予以加分，"
    "单次加分不超过1.5分；加分总分值不超过5分。",
    source="附件2 注4",
)

RULEBOOK = Rulebook(
    "wujin-2021-departments",
    "部门（单位）安全生产目标任务考核细则",
    children=(organisation, key_work, supervision, other_work, accident_control, commendations),
    points="100",
    grades=STANDARD_GRADES,
    document=DOCUMENT,
    year=2021,
    description="""\
武进区 2021 年度部门（单位）安全生产目标任务考核细则，逐条编码。

**照录（quoted）**：五个部分及其分值（组织领导20、重点工作60、行业领域监管15、
其他工作5、事故控制），每一条考核标准的扣分额与扣分方式，★条款，注1（总分100分；
每一单项标准分扣完为止，打★项目累计扣分可以超出设定分值），注3 的三项一票否决，
注4 的加分规则（国家、省、市级表彰单次不超过2分；区级表彰单次不超过1.5分；
加分总分值不超过5分）。

**决定（decided where the sheet is silent）**：

- 每个考核内容（单项）均“扣完为止”（CapAt），★条款不受单项上限约束，直接从总分中
  扣减；扣减后的基础分不低于0分，加分在其后计入，总分可超过100分。
- 第五部分“事故控制”在细则中没有分值：编码为0分的部分，承载注3的三项一票否决；
  一般事故本身不另行扣分，其后果已由二（5）的★条款扣减。
- 分管领导“每少参加1次扣1分”以部门领导带队检查的最低次数（每年4次）为应参加次数。
- “每季度按要求上报（月报表、工作小结）”按四个季度各两项、共8项计，缺一项扣0.5分。
- 等次未在细则中给出：采用 90 / 80 / 60 分（含）为优秀 / 良好 / 合格的下限，低于60分为不合格。
- 发现的问题（标志与次数）未填写时按“未发现”（否 / 0）处理，这是本细则声明的默认值；
  应达次数、
  清单完成情况、评分与事故数必须填写。
""",
)
