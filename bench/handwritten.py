"""A hand-written, straight-line ``Decimal`` scorer for wujin-2021-departments (seed 004).

This is the yardstick of the benchmark: what a careful engineer would write by hand
for one score sheet, with no rule engine. It does not call the library. It computes
what the library's ledger says for each unit: the total, the grade, and every lost
or gained point with its clause path, raw and counted amount and Chinese reason
(失分原因), including 扣完为止 item caps, ★ clauses that escape them, the floor at 0,
the three vetoes and the capped commendation bonus.

It reads validated fact values (what ``Rulebook.check`` returns: booleans, whole
numbers, tuples of item names, ``Decimal`` scores and award amounts).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any, NamedTuple

__all__ = ["HandResult", "score"]

ZERO = Decimal(0)
HALF = Decimal("0.5")
ONE = Decimal(1)
TWO = Decimal(2)
FIVE = Decimal(5)
TEN = Decimal(10)
TWENTY = Decimal(20)
FIFTEEN = Decimal(15)
HUNDRED = Decimal(100)
DISTRICT_CAP = Decimal("1.5")

QUARTERLY = (
    "一季度月报表",
    "一季度工作小结",
    "二季度月报表",
    "二季度工作小结",
    "三季度月报表",
    "三季度工作小结",
    "四季度月报表",
    "四季度工作小结",
)
COMMITTEE_RULES = ("工作报告制度", "形势分析制度", "督办制度")
CAMPAIGN_DOCUMENTS = ("工作方案", "月工作进展情况", "工作总结")
CAMPAIGN_ACTIVITIES = ("安全生产月", "安全宣传“五进”", "安康杯竞赛")
SAFETY_MONTH_DOCUMENTS = ("安全生产月方案", "安全生产月总结")
CAMPAIGN_STAGES = ("组织领导", "部署", "检查", "总结")
AWARDS = (
    ("national", "国家级表彰", TWO),
    ("provincial", "省级表彰", TWO),
    ("municipal", "市级表彰", TWO),
    ("district", "区委、区政府、区安委会表彰", DISTRICT_CAP),
)

LedgerLine = tuple[str, Decimal, Decimal, str]  # path, raw, counted, reason


class HandResult(NamedTuple):
    """What the hand-written scorer reports for one unit."""

    total: Decimal
    base: Decimal
    grade: str
    lost: list[LedgerLine]
    gained: list[LedgerLine]
    vetoes: list[str]


def _fmt(value: Decimal | int) -> str:
    if isinstance(value, int):
        return str(value)
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def _cap(lines: list[list[Any]], limit: Decimal, starred_escape: bool = True) -> Decimal:
    """扣完为止: lines stop at *limit*, taken in clause order; return what is taken.

    ★ lines escape an item's cap (*starred_escape*) but not the floor of the total.
    """
    if not lines:
        return ZERO
    if starred_escape:
        lines = [line for line in lines if not line[4]]
    taken = sum((line[2] for line in lines), ZERO)
    if taken <= limit:
        return taken
    budget = limit
    for line in lines:
        share = min(line[2], budget)
        line[2] = share
        budget -= share
    return limit


def _checklist(
    item: list[list[Any]],
    path: str,
    required: tuple[str, ...],
    done: tuple[str, ...],
    what: str,
    *,
    rate: Decimal = ONE,
) -> None:
    """*rate* per item of *required* missing from *done*: "<what>缺N项（…）"."""
    missing = [name for name in required if name not in done]
    if missing:
        raw = rate * len(missing)
        item.append([path, raw, raw, f"{what}缺{len(missing)}项（{'、'.join(missing)}）", 0])


def _at_least_four(
    item: list[list[Any]], path: str, held: int, what: str, rate: Decimal = ONE
) -> None:
    """*rate* per time short of 4: "<what>N次（应不少于4次），少M次"."""
    if held < 4:
        raw = rate * (4 - held)
        item.append([path, raw, raw, f"{what}{held}次（应不少于4次），少{4 - held}次", 0])


def score(v: Mapping[str, Any]) -> HandResult:
    """Score one unit's validated facts; see the module docstring."""
    lost: list[list[Any]] = []  # [path, raw, counted, base reason, starred]

    # 一(1) 完善安全生产责任体系（10分，扣完为止）
    p = "organisation.responsibility."
    item: list[list[Any]] = []
    if v["no_support_system"]:
        item.append([p + "no_support_system", ONE, ONE, "未建立部门支持保障安全生产工作制度", 0])
    if v["no_responsibility_system"]:
        item.append(
            [
                p + "no_responsibility_system",
                TWO,
                TWO,
                "未建立健全安全生产责任制和层层签订安全生产目标管理责任书",
                0,
            ]
        )
    if v["head_not_chair"]:
        item.append([p + "head_not_chair", ONE, ONE, "部门主要负责人未担任本级安委会主任", 0])
    what = "召开安全工作会议研究部署工作"
    _at_least_four(item, p + "safety_meetings", v["safety_meetings"], what)
    if v["no_annual_plan"]:
        text = "未制定年度安全工作要点和重点任务分解工作计划"
        item.append([p + "no_annual_plan", ONE, ONE, text, 0])
    if v["no_duty_report"]:
        item.append([p + "no_duty_report", ONE, ONE, "主要负责人未作书面安全生产履职报告", 0])
    what = "每季度上报本部门安全生产情况"
    _checklist(item, p + "quarterly_reports", QUARTERLY, v["quarterly_reports"], what, rate=HALF)
    _cap(item, TEN)
    lost += item

    # 一(2) 落实区安委会、专委会工作责任（10分，扣完为止）
    p = "organisation.committee_duties."
    item = []
    what = "落实安委会工作制度"
    _checklist(item, p + "committee_rules", COMMITTEE_RULES, v["committee_rules"], what)
    n = v["lead_unit_lapses"]
    if n:
        raw = TWO * n
        text = f"专委会牵头单位未按专委会要求开展工作{n}次"
        item.append([p + "lead_unit_lapses", raw, raw, text, 0])
    n = v["member_unit_lapses"]
    if n:
        raw = ONE * n
        text = f"专委会成员单位未按要求参加或配合有关工作{n}次"
        item.append([p + "member_unit_lapses", raw, raw, text, 0])
    _cap(item, TEN)
    lost += item

    # 二(1) 落实企业安全生产主体责任专项行动（10分，扣完为止）
    p = "key_work.enterprise_duty."
    item = []
    if v["campaign_below_target"]:
        text = "“落实企业安全生产主体责任专项行动”工作未达到2021年工作要求"
        item.append([p + "campaign_below_target", TWO, TWO, text, 0])
    n = v["firms_lacking_duty"]
    if n:
        raw = ONE * n
        text = f"生产经营单位安全责任、投入、培训、管理、应急救援不到位{n}家"
        item.append([p + "firms_lacking_duty", raw, raw, text, 0])
    n = v["firms_without_director"]
    if n:
        raw = HALF * n
        text = f"重点行业领域单位未实行安全总监制度、推进安全生产责任保险制度{n}家"
        item.append([p + "firms_without_director", raw, raw, text, 0])
    _cap(item, TEN)
    lost += item

    # 二(2) 开展安全督查检查（20分，扣完为止）
    p = "key_work.inspections."
    item = []
    if v["no_inspection_plan"]:
        item.append([p + "no_inspection_plan", TWO, TWO, "未制定年度检查计划", 0])
    n = v["missing_inspection_records"]
    if n:
        raw = ONE * n
        item.append([p + "missing_inspection_records", raw, raw, f"缺少检查、复查台账{n}次", 0])
    what = "安全生产大检查上报材料"
    _checklist(item, p + "campaign_documents", CAMPAIGN_DOCUMENTS, v["campaign_documents"], what)
    what = "部门领导带队开展安全生产检查、督查"
    _at_least_four(item, p + "leader_checks", v["leader_checks"], what, TWO)
    what = "分管领导参加安全生产检查、督查"
    _at_least_four(item, p + "deputy_checks", v["deputy_checks"], what)
    _cap(item, TWENTY)
    lost += item

    # 二(3) 开展安全生产宣传教育培训活动（10分，扣完为止）
    p = "key_work.training."
    item = []
    if v["no_training_plan"]:
        text = "未制定年度安全生产宣传教育培训计划"
        item.append([p + "no_training_plan", ONE, ONE, text, 0])
    if v["no_manager_training"]:
        text = "未组织本监管行业内单位主要负责人和安全管理人员安全培训"
        item.append([p + "no_manager_training", TWO, TWO, text, 0])
    n = v["untrained_staff"]
    if n:
        raw = ONE * n
        item.append([p + "untrained_staff", raw, raw, f"部门安全监管人员未参加培训{n}人", 0])
    what = "组织开展安全生产宣传活动"
    _checklist(item, p + "campaign_activities", CAMPAIGN_ACTIVITIES, v["campaign_activities"], what)
    what = "按时报送“安全生产月”材料"
    _checklist(
        item,
        p + "safety_month_documents",
        SAFETY_MONTH_DOCUMENTS,
        v["safety_month_documents"],
        what,
    )
    n = v["culture_shortfall"]
    if n:
        raw = ONE * n
        text = f"安全文化建设示范企业培育少于创建目标{n}家"
        item.append([p + "culture_shortfall", raw, raw, text, 0])
    _cap(item, TEN)
    lost += item

    # 二(4) 深化行业领域安全生产专项整治三年行动（10分，扣完为止）
    p = "key_work.special_rectification."
    item = []
    if v["no_three_year_plan"]:
        text = "未制定行业领域安全生产专项整治三年行动方案"
        item.append([p + "no_three_year_plan", TWO, TWO, text, 0])
    what = "专项行动环节"
    _checklist(item, p + "campaign_stages", CAMPAIGN_STAGES, v["campaign_stages"], what)
    if v["hazards_not_rectified"]:
        text = "未对全系统重大事故隐患、检查督查中发现的严重违法行为等重要事项实行治理整治"
        item.append([p + "hazards_not_rectified", FIVE, FIVE, text, 0])
    _cap(item, TEN)
    lost += item

    # 二(5) 着力推动完善安全生产应急管理（10分，扣完为止；★条款不受限）
    p = "key_work.emergency."
    item = []
    if v["no_emergency_plan"]:
        text = "未结合本行业领域特点制定完善应急救援预案"
        item.append([p + "no_emergency_plan", TWO, TWO, text, 0])
    if v["no_drill"]:
        item.append([p + "no_drill", ONE, ONE, "未按计划组织应急演练", 0])
    n = v["late_accident_reports"]
    if n:
        raw = TWO * n
        text = f"★所监管行业（领域）内发生迟报、漏报、瞒报死亡事故{n}起"
        item.append([p + "late_accident_reports", raw, raw, text, 1])
    n = v["poor_aftermath"]
    if n:
        raw = TWO * n
        text = f"★发生生产安全事故后善后处理不力造成不良社会影响和严重后果{n}起"
        item.append([p + "poor_aftermath", raw, raw, text, 1])
    n = v["slow_response"]
    if n:
        raw = TWO * n
        text = f"★发生生产安全事故后相关负责人未立即赶赴现场或未按要求按时处理到位{n}次"
        item.append([p + "slow_response", raw, raw, text, 1])
    n = v["stale_resources"]
    if n:
        raw = ONE * n
        text = f"未定期更新应急队伍、物资和装备信息，应急处置时无法有效使用{n}次"
        item.append([p + "stale_resources", raw, raw, text, 0])
    _cap(item, TEN)
    lost += item

    # 三、四 assessor judgments (15 and 5 points)
    given = v["supervision_score"]
    if given < FIFTEEN:
        raw = FIFTEEN - given
        text = f"履行监管职责、完成年度安全生产目标任务评分得{_fmt(given)}分（满分15分）"
        lost.append(["supervision.annual_targets.supervision_score", raw, raw, text, 0])
    given = v["other_work_score"]
    if given < FIVE:
        raw = FIVE - given
        text = f"完成其他安全生产重点工作评分得{_fmt(given)}分（满分5分）"
        lost.append(["other_work.other_tasks.other_work_score", raw, raw, text, 0])

    # The total before bonus never goes below 0 (even ★ deductions stop there).
    taken = _cap(lost, HUNDRED, starred_escape=False)

    lines: list[LedgerLine] = []
    for path, raw, counted, text, _ in lost:
        if counted == raw:
            reason = f"{text}，扣{_fmt(raw)}分"
        elif counted == 0:
            reason = f"{text}，应扣{_fmt(raw)}分，本项分值已扣完，不再扣分"
        else:
            reason = f"{text}，应扣{_fmt(raw)}分，扣完为止，实扣{_fmt(counted)}分"
        lines.append((path, raw, counted, reason))

    # 注4 加分: ≤2 per national/provincial/municipal award, ≤1.5 per district award, ≤5 in all.
    gained: list[LedgerLine] = []
    budget = FIVE
    for level, title, cap in AWARDS:
        for amount in v["commendations_" + level]:
            if amount <= 0:
                continue
            share = amount if amount <= cap else cap
            notes = [f"单次不超过{_fmt(cap)}分"] if share < amount else []
            if share > budget:
                notes.append("加分总分值不超过5分")
                share = budget
            budget -= share
            if share == amount:
                reason = f"受到{title}，加{_fmt(amount)}分"
            else:
                note = "，".join(notes)
                reason = f"受到{title}，申报加{_fmt(amount)}分（{note}），实加{_fmt(share)}分"
            gained.append(("commendations." + level, amount, share, reason))
    bonus = sum((line[2] for line in gained), ZERO)

    # 注3 一票否决
    vetoes = []
    n = v["major_accidents"]
    if n >= 1:
        vetoes.append(f"一票否决：所监管行业（领域）内发生较大及以上生产安全责任事故{n}起")
    n = v["multi_fatality_accidents"]
    if n >= 2:
        vetoes.append(
            f"一票否决：所监管行业（领域）内发生一次死亡2人（含）以上生产安全责任事故{n}起"
        )
    n = v["serious_injury_accidents"]
    if n >= 1:
        vetoes.append(f"一票否决：发生重伤10人以上的安全责任事故{n}起")

    base = HUNDRED - taken
    total = base + bonus
    if vetoes:
        grade = "不合格"
    elif total >= 90:
        grade = "优秀"
    elif total >= 80:
        grade = "良好"
    elif total >= 60:
        grade = "合格"
    else:
        grade = "不合格"
    return HandResult(total, base, grade, lines, gained, vetoes)
