"""Wujin District, 2022: the 2021 department sheet revised for a new year (illustrative).

Written as a small list of edits on ``wujin-2021-departments`` (seed 004), the way an
analyst writes next year's sheet. The seeds hold no 2022 Wujin document: these edits
are an example of typical yearly revisions, not an official 2022 text.
"""

from __future__ import annotations

from assessment_rules import Deduct, load_rulebook
from assessment_rules.yearly import Insert, Set, derive

REVISION = "武进区部门（单位）安全生产目标任务考核细则 2022年修订示例"

RULEBOOK = derive(
    load_rulebook("wujin-2021-departments"),
    # The campaign target is the new year's (a reworded clause).
    Set(
        "key_work.enterprise_duty.campaign_below_target",
        title="“落实企业安全生产主体责任专项行动”工作未达到2022年工作要求",
        text="“落实企业安全生产主体责任专项行动”工作未达到2022年工作要求的扣2分",
    ),
    # 安全总监制度 weighs more: 0.5 → 1 point per firm.
    Set(
        "key_work.enterprise_duty.firms_without_director",
        rate="1",
        text="重点行业领域未按要求实行安全总监制度、推进安全生产责任保险制度的，有1家扣1分",
        source=f"{REVISION} 二（1）第3条",
    ),
    # Two points move from inspections to emergency management; 重点工作 stays at 60.
    Set("key_work.inspections", points="18"),
    Set("key_work.emergency", points="12"),
    # A new clause: the emergency plans must be reviewed and revised.
    Insert(
        "key_work.emergency",
        Deduct(
            "no_plan_review",
            "未按规定开展应急预案评估和修订",
            rate="1",
            default=False,
            text="未按规定开展应急预案评估，未根据评估结果及时修订应急预案的扣1分",
            source=f"{REVISION} 二（5）第1条",
        ),
        after="no_drill",
    ),
    # The bonus total rises from 5 to 6 points.
    Set(
        "commendations",
        cap="6",
        text="镇专业委员会成员单位在年度工作中有亮点，受到国家、省级、市级表彰的予以加分，"
        "加分单次不超过2分；部门、单位在重点行业领域专项整治工作突出，安全生产工作受到区委、"
        "区政府、区安委会表彰的予以加分，单次加分不超过1.5分；加分总分值不超过6分。",
        source=f"{REVISION} 注4",
    ),
    id="wujin-2022-departments",
    year=2022,
    document=REVISION,
    description="""\
武进区 2022 年度部门（单位）安全生产目标任务考核细则（**修订示例**）：以 2021 年细则
（`wujin-2021-departments`）为底稿，逐条写出修订，其余条款原样沿用。

种子文件中没有 2022 年的武进细则；这里的修订演示逐年修订的典型方式，**并非官方文件**：

- 二（1）第1条：专项行动考核要求由“2021年”改为“2022年”（改写条款）。
- 二（1）第3条：未实行安全总监制度、推进安全生产责任保险制度，由每家扣0.5分改为每家扣1分。
- 二（2）“开展安全督查检查”由20分调为18分，二（5）“着力推动完善安全生产应急管理”由10分
  调为12分，重点工作仍为60分；两项仍“扣完为止”。
- 二（5）新增一条：未按规定开展应急预案评估和修订的扣1分（未填写时按“否”处理）。
- 注4：加分总分值由不超过5分提高到不超过6分。

其余决定（等次 90 / 80 / 60，★条款不受单项上限约束，基础分不低于0分等）与 2021 年细则相同。
""",
)
