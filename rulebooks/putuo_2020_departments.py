"""Putuo District, 2020: safety-production and fire inspection assessment of departments.

Seed 001 (普安办〔2020〕13号) sets the frame; its score sheet for departments (附件2) is not
published, so the items are derived from its five content areas. See ``DESCRIPTION``.
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
)

PLAN = "普安办〔2020〕13号"
# Names no annex: the streets rulebook shares some of these clauses.
UNPUBLISHED = "分值和扣分标准为本细则派生（附件评分细则未公开）"


def derived(basis: str, rule: str = "") -> str:
    """The ``text`` of a derived clause: the quoted basis, then what this rulebook adds."""
    added = f"；{rule}" if rule else ""
    return f"依据：“{basis}”{added}。{UNPUBLISHED}"


DESCRIPTION = f"""\
2020年度普陀区安全生产和消防工作巡查考核，部门类（16个专项监管部门、4个行业主管部门）。

原文引用（quoted）：五个方面——明确责任落实、深化专项治理、完善体制机制、强化基础建设、
防范遏制事故（{PLAN} 一、二（一）至（五））；分类考核对象（{PLAN} 三（二））；10月31日前
报送自查情况和《安全生产责任履职践诺报告书》（{PLAN} 三（三））；100分制、优秀/良好/
合格/不合格四个等级（{PLAN} 三（五））；逾期不报或不按规定要求报送酌情扣分（{PLAN} 四（二））。
巡查考核由区安委会办公室具体落实（{PLAN} 三（一）），故全部事实由一个办公室提供。

派生（derived）：附件2（专项、行业部门评分细则）未公开，五个方面的分值（25/25/20/15/15，
部门侧重监管责任和体制机制，与街道镇不同）、扣分条款和扣分标准由本细则设定；逾期报送
扣2分、报送不合要求扣1分（“酌情扣分”的取值）；一票否决（较大及以上事故）取自“有效遏制较大事故发生”
（{PLAN} 二（五）），否决的后果为本细则设定。等次分数线90/80/60为本项目默认值。{PLAN}
未规定优秀比例，本细则不设优秀名额。
"""

responsibility = Section(
    "responsibility",
    "明确责任落实",
    points="25",
    source=f"{PLAN} 二（一）",
    children=(
        CapAt(
            Item(
                "three_musts",
                "部门监管责任（管行业必须管安全、管业务必须管安全、管生产经营必须管安全）",
                points="15",
                source=f"{PLAN} 二（一）",
                children=(
                    Deduct(
                        "no_supervision_duty",
                        "未落实“管行业必须管安全、管业务必须管安全、管生产经营必须管安全”的部门监管责任",
                        rate="4",
                        default=False,
                        text=derived(
                            "压实……部门“管行业必须管安全、管业务必须管安全、管生产经营必须管安全”"
                            "的安全生产责任",
                            "未落实的扣4分",
                        ),
                        source=f"{PLAN} 四（一）",
                    ),
                    Deduct(
                        "no_fire_responsibility",
                        "未严格落实《消防安全责任制实施办法》",
                        rate="3",
                        default=False,
                        text=derived(
                            "严格落实……《消防安全责任制实施办法》及本区相关规定", "未落实的扣3分"
                        ),
                        source=f"{PLAN} 二（一）",
                    ),
                    Deduct(
                        "no_situation_analysis",
                        "未分析研判本行业领域安全生产形势任务",
                        rate="3",
                        default=False,
                        text=derived(
                            "深刻吸取突出事故教训，分析研判本区安全生产形势任务", "未开展的扣3分"
                        ),
                        source=f"{PLAN} 二（一）",
                    ),
                    Deduct(
                        "no_enterprise_duty",
                        "未推动落实行业领域企业主体责任",
                        rate="5",
                        default=False,
                        text=derived(
                            "明确和落实党委政府领导责任、部门监管责任和企业主体责任",
                            "未推动落实的扣5分",
                        ),
                        source=f"{PLAN} 二（一）",
                    ),
                ),
            )
        ),
        Item(
            "duty_performance",
            "安全生产责任履职践诺",
            points="10",
            source=f"{PLAN} 三（三）、三（五）",
            children=(
                Judgment(
                    "duty_score",
                    "安全生产和消防工作履职情况",
                    points="10",
                    text=derived(
                        "根据各单位今年以来安全生产和消防工作履职情况进行年度综合绩效评定"
                    ),
                    source=f"{PLAN} 三（五）",
                ),
            ),
        ),
    ),
)

campaigns = Section(
    "campaigns",
    "深化专项治理",
    points="25",
    source=f"{PLAN} 二（二）",
    children=(
        CapAt(
            Item(
                "three_year",
                "安全生产专项整治三年行动",
                points="10",
                source=f"{PLAN} 二（二）",
                children=(
                    Deduct(
                        "no_campaign_plan",
                        "未细化专项整治工作方案",
                        rate="3",
                        default=False,
                        text=derived(
                            "全面部署开展安全生产专项整治三年行动，细化专项整治工作方案和“两张清单”",
                            "未细化工作方案的扣3分",
                        ),
                        source=f"{PLAN} 二（二）",
                    ),
                    Deduct(
                        "two_lists",
                        "建立专项整治“两张清单”",
                        rate="2",
                        shape="missing",
                        items=("问题隐患清单", "制度措施清单"),
                        text=derived("细化专项整治工作方案和“两张清单”", "缺一张扣2分"),
                        source=f"{PLAN} 二（二）",
                    ),
                    Deduct(
                        "overdue_rectifications",
                        "问题隐患逾期未整改",
                        rate="1",
                        shape="each",
                        unit="项",
                        default=0,
                        text=derived(
                            "坚持动态监管，全力补短板、固底板、强弱项、堵漏洞",
                            "每项扣1分，扣完为止",
                        ),
                        source=f"{PLAN} 二（二）",
                    ),
                ),
            )
        ),
        Item(
            "key_guarantees",
            "重点时段安全保障",
            points="15",
            source=f"{PLAN} 二（二）",
            children=(
                Judgment(
                    "guarantee_score",
                    "疫情防控统筹、防汛防台和第三届进博会安全保障工作",
                    points="15",
                    text=derived(
                        "统筹疫情防控和安全生产工作……全力做好防汛防台各项工作和第三届中国国际"
                        "进口博览会安全保障工作"
                    ),
                    source=f"{PLAN} 二（二）",
                ),
            ),
        ),
    ),
)

mechanisms = Section(
    "mechanisms",
    "完善体制机制",
    points="20",
    source=f"{PLAN} 二（三）",
    children=(
        CapAt(
            Item(
                "rules",
                "安全生产制度执行和规划",
                points="10",
                source=f"{PLAN} 二（三）",
                children=(
                    Deduct(
                        "no_five_year_plan",
                        "未科学谋划本行业、本单位安全生产“十四五规划”",
                        rate="4",
                        default=False,
                        text=derived(
                            "加强安全生产制度、办法的执行，科学谋划本行业、本单位安全生产“十四五规划”",
                            "未谋划的扣4分",
                        ),
                        source=f"{PLAN} 二（三）",
                    ),
                    Deduct(
                        "no_reform_review",
                        "安全生产领域改革发展任务未做好“回头看”",
                        rate="3",
                        default=False,
                        text=derived(
                            "稳步推进安全生产领域改革发展任务落地，做好“回头看”", "未开展的扣3分"
                        ),
                        source=f"{PLAN} 二（三）",
                    ),
                    Deduct(
                        "no_fire_rules",
                        "未贯彻落实《上海市消防安全责任制实施办法》等法规文件",
                        rate="3",
                        default=False,
                        text=derived(
                            "认真贯彻落实《上海市消防安全责任制实施办法》《关于加强上海市消防救援"
                            "队伍职业保障的意见》等法规文件",
                            "未落实的扣3分",
                        ),
                        source=f"{PLAN} 二（三）",
                    ),
                ),
            )
        ),
        Item(
            "fire_system",
            "消防安全体系建设和火灾防控基层基础",
            points="10",
            source=f"{PLAN} 二（三）",
            children=(
                Judgment(
                    "fire_system_score",
                    "行业领域消防安全体系建设",
                    points="10",
                    text=derived(
                        "加强消防安全体系建设，夯实火灾防控基层基础，整体提升城市防灾减灾救灾能力"
                    ),
                    source=f"{PLAN} 二（三）",
                ),
            ),
        ),
    ),
)

foundations = Section(
    "foundations",
    "强化基础建设",
    points="15",
    source=f"{PLAN} 二（四）",
    children=(
        Item(
            "emergency_system",
            "应急管理体系",
            points="8",
            source=f"{PLAN} 二（四）",
            children=(
                Judgment(
                    "emergency_system_score",
                    "本行业领域应急管理体系建设",
                    points="8",
                    text=derived("完善应急管理体系"),
                    source=f"{PLAN} 二（四）",
                ),
            ),
        ),
        CapAt(
            Item(
                "publicity",
                "宣传教育和社会共治",
                points="7",
                source=f"{PLAN} 二（四）",
                children=(
                    Deduct(
                        "no_publicity",
                        "未开展安全知识普及宣传教育",
                        rate="4",
                        default=False,
                        text=derived("加强宣传教育，普及安全知识", "未开展的扣4分"),
                        source=f"{PLAN} 二（四）",
                    ),
                    Deduct(
                        "no_reporting_rewards",
                        "未落实举报奖励制度",
                        rate="3",
                        default=False,
                        text=derived("完善举报奖励制度，着力推进社会共治", "未落实的扣3分"),
                        source=f"{PLAN} 二（四）",
                    ),
                ),
            )
        ),
    ),
)

accidents = Section(
    "accidents",
    "防范遏制事故",
    points="15",
    source=f"{PLAN} 二（五）",
    children=(
        CapAt(
            Item(
                "accident_control",
                "事故起数和死亡人数",
                points="15",
                source=f"{PLAN} 二（五）",
                children=(
                    Deduct(
                        "production_deaths",
                        "发生生产安全事故死亡",
                        rate="3",
                        shape="each",
                        unit="人",
                        default=0,
                        text=derived(
                            "生产安全事故和火灾事故起数、死亡人数进一步减少",
                            "每死亡1人扣3分，扣完为止",
                        ),
                        source=f"{PLAN} 二（五）",
                    ),
                    Deduct(
                        "fire_deaths",
                        "发生火灾事故死亡",
                        rate="3",
                        shape="each",
                        unit="人",
                        default=0,
                        text=derived(
                            "生产安全事故和火灾事故起数、死亡人数进一步减少",
                            "每死亡1人扣3分，扣完为止",
                        ),
                        source=f"{PLAN} 二（五）",
                    ),
                ),
            )
        ),
        Veto(
            "major_accident",
            "发生较大及以上事故",
            text=derived("有效遏制较大事故发生", "发生的，等次为不合格（一票否决）"),
            source=f"{PLAN} 二（五）",
        ),
    ),
)

submission = Section(
    "submission",
    "自查材料报送",
    points="0",
    text="逾期不报或不按规定要求报送，将酌情予以扣分处理",
    source=f"{PLAN} 三（三）；{PLAN} 四（二）",
    children=(
        Deduct(
            "late_report",
            "未在10月31日前报送自查情况和《安全生产责任履职践诺报告书》",
            rate="2",
            default=False,
            text=derived(
                "于10月31日前向区安委会办公室报送自查情况和本单位《安全生产责任履职践诺报告书》；"
                "逾期不报或不按规定要求报送，将酌情予以扣分处理",
                "逾期报送扣2分",
            ),
            source=f"{PLAN} 三（三）；{PLAN} 四（二）",
        ),
        Deduct(
            "nonconforming_report",
            "未按规定要求报送自查材料",
            rate="1",
            default=False,
            text=derived("逾期不报或不按规定要求报送，将酌情予以扣分处理", "不符合要求的扣1分"),
            source=f"{PLAN} 四（二）",
        ),
    ),
)

RULEBOOK = Rulebook(
    "putuo-2020-departments",
    "普陀区2020年安全生产和消防工作巡查考核评分细则（专项、行业部门）",
    children=(responsibility, campaigns, mechanisms, foundations, accidents, submission),
    points="100",
    grades=STANDARD_GRADES,
    document="2020年度普陀区安全生产和消防工作巡查考核实施方案",
    source=PLAN,
    year=2020,
    description=DESCRIPTION,
    offices=(
        Office(
            "inspection",
            "区安委会办公室（巡查考核工作组）",
            domain="安全生产和消防",
            paths=(
                "responsibility",
                "campaigns",
                "mechanisms",
                "foundations",
                "accidents",
                "submission",
            ),
            source=f"{PLAN} 三（一）",
        ),
    ),
)
