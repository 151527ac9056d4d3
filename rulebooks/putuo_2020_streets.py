"""Putuo District, 2020: safety-production and fire inspection assessment of streets and towns.

Seed 001 (普安办〔2020〕13号) sets the frame; its score sheet for streets (附件1) is not
published, so the items are derived from its five content areas. See ``DESCRIPTION``.
"""

from __future__ import annotations

from assessment_rules import (
    STANDARD_GRADES,
    CapAt,
    Deduct,
    Item,
    Judgment,
    Rulebook,
    Section,
    load_rulebook,
)

PLAN = "普安办〔2020〕13号"
UNPUBLISHED = "分值和扣分标准为本细则派生（附件评分细则未公开）"

# The clauses the plan does not differentiate by category are the departments' own
# nodes (immutable, so sharing them is safe): one text to revise, not two.
DEPARTMENTS = load_rulebook("putuo-2020-departments")


def derived(basis: str, rule: str = "") -> str:
    """The ``text`` of a derived clause: the quoted basis, then what this rulebook adds."""
    added = f"；{rule}" if rule else ""
    return f"依据：“{basis}”{added}。{UNPUBLISHED}"


DESCRIPTION = f"""\
2020年度普陀区安全生产和消防工作巡查考核，街道镇类（10个街道镇）。

原文引用（quoted）：五个方面——明确责任落实、深化专项治理、完善体制机制、强化基础建设、
防范遏制事故（{PLAN} 一、二（一）至（五））；分类考核对象（{PLAN} 三（二））；10月31日前
报送自查情况和《安全生产责任履职践诺报告书》（{PLAN} 三（三））；100分制、优秀/良好/
合格/不合格四个等级（{PLAN} 三（五））；逾期不报或不按规定要求报送酌情扣分（{PLAN} 四（二））。
巡查考核由区安委会办公室具体落实（{PLAN} 三（一）），故全部事实由一个办公室提供。

派生（derived）：附件1（街道镇评分细则）未公开，五个方面的分值（20/25/15/25/15，街道镇
侧重基础建设）、扣分条款和扣分标准由本细则设定；逾期报送扣2分、报送不合要求扣1分
（“酌情扣分”的取值）；一票否决（较大及以上事故）取自“有效遏制较大事故发生”
（{PLAN} 二（五）），否决的后果为本细则设定。等次分数线90/80/60为本项目默认值。{PLAN}
未规定优秀比例，本细则不设优秀名额。
"""

responsibility = Section(
    "responsibility",
    "明确责任落实",
    points="20",
    source=f"{PLAN} 二（一）",
    children=(
        CapAt(
            Item(
                "party_government",
                "党政同责、一岗双责",
                points="10",
                source=f"{PLAN} 二（一）",
                children=(
                    Deduct(
                        "no_leadership_rules",
                        "未严格落实《地方党政领导干部安全生产责任制规定》",
                        rate="4",
                        default=False,
                        text=derived(
                            "严格落实《地方党政领导干部安全生产责任制规定》《消防安全责任制实施办法》"
                            "及本区相关规定",
                            "未落实的扣4分",
                        ),
                        source=f"{PLAN} 二（一）",
                    ),
                    DEPARTMENTS.node("responsibility.three_musts.no_fire_responsibility"),
                    Deduct(
                        "no_situation_analysis",
                        "未分析研判辖区安全生产形势任务",
                        rate="3",
                        default=False,
                        text=derived(
                            "深刻吸取突出事故教训，分析研判本区安全生产形势任务", "未开展的扣3分"
                        ),
                        source=f"{PLAN} 二（一）",
                    ),
                ),
            )
        ),
        DEPARTMENTS.node("responsibility.duty_performance"),
    ),
)

campaigns = DEPARTMENTS.node("campaigns")

mechanisms = Section(
    "mechanisms",
    "完善体制机制",
    points="15",
    source=f"{PLAN} 二（三）",
    children=(
        CapAt(
            Item(
                "rules",
                "安全生产制度执行和规划",
                points="7",
                source=f"{PLAN} 二（三）",
                children=(
                    Deduct(
                        "no_five_year_plan",
                        "未科学谋划本辖区安全生产“十四五规划”",
                        rate="3",
                        default=False,
                        text=derived(
                            "加强安全生产制度、办法的执行，科学谋划本行业、本单位安全生产“十四五规划”",
                            "未谋划的扣3分",
                        ),
                        source=f"{PLAN} 二（三）",
                    ),
                    Deduct(
                        "no_reform_review",
                        "安全生产领域改革发展任务未做好“回头看”",
                        rate="2",
                        default=False,
                        text=derived(
                            "稳步推进安全生产领域改革发展任务落地，做好“回头看”", "未开展的扣2分"
                        ),
                        source=f"{PLAN} 二（三）",
                    ),
                    Deduct(
                        "no_fire_rules",
                        "未贯彻落实《上海市消防安全责任制实施办法》等法规文件",
                        rate="2",
                        default=False,
                        text=derived(
                            "认真贯彻落实《上海市消防安全责任制实施办法》《关于加强上海市消防救援"
                            "队伍职业保障的意见》等法规文件",
                            "未落实的扣2分",
                        ),
                        source=f"{PLAN} 二（三）",
                    ),
                ),
            )
        ),
        Item(
            "fire_system",
            "消防安全体系建设和火灾防控基层基础",
            points="8",
            source=f"{PLAN} 二（三）",
            children=(
                Judgment(
                    "fire_system_score",
                    "消防安全体系建设和火灾防控基层基础",
                    points="8",
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
    points="25",
    source=f"{PLAN} 二（四）",
    children=(
        CapAt(
            Item(
                "grid",
                "“安全生产+消防+网格化”监管模式",
                points="10",
                source=f"{PLAN} 二（四）",
                children=(
                    Deduct(
                        "no_grid_model",
                        "未依托“一网统管”平台推进“安全生产+消防+网格化”监管模式",
                        rate="5",
                        default=False,
                        text=derived(
                            "依托“一网统管”平台，统筹推进“安全生产+消防+网格化”监管模式",
                            "未推进的扣5分",
                        ),
                        source=f"{PLAN} 二（四）",
                    ),
                    Deduct(
                        "unhandled_grid_cases",
                        "网格发现的问题隐患未及时处置",
                        rate="1",
                        shape="each",
                        unit="件",
                        default=0,
                        text=derived("提高基层问题发现和隐患处置效能", "每件扣1分，扣完为止"),
                        source=f"{PLAN} 二（四）",
                    ),
                ),
            )
        ),
        Item(
            "emergency_system",
            "应急管理体系",
            points="8",
            source=f"{PLAN} 二（四）",
            children=(
                Judgment(
                    "emergency_system_score",
                    "街道乡镇应急管理体系建设",
                    points="8",
                    text=derived(
                        "落实本市《关于完善街道乡镇管理体制整合街道乡镇管理服务资源的实施意见》，"
                        "完善应急管理体系"
                    ),
                    source=f"{PLAN} 二（四）",
                ),
            ),
        ),
        CapAt(DEPARTMENTS.node("foundations.publicity")),
    ),
)

accidents = DEPARTMENTS.node("accidents")

submission = DEPARTMENTS.node("submission")

RULEBOOK = Rulebook(
    "putuo-2020-streets",
    "普陀区2020年安全生产和消防工作巡查考核评分细则（街道镇）",
    children=(responsibility, campaigns, mechanisms, foundations, accidents, submission),
    points="100",
    grades=STANDARD_GRADES,
    document="2020年度普陀区安全生产和消防工作巡查考核实施方案",
    source=PLAN,
    year=2020,
    description=DESCRIPTION,
    offices=DEPARTMENTS.offices,
)
