"""Putuo District Emergency Management Bureau, 2024: project-expenditure self-evaluation (seed 002).

The 财政项目支出绩效自评表 every project publishes: a 10-point budget-execution row and
90 points of performance indicators, graded 优/良/中/差. The rules are the form's; the
indicator rows are each project's own and come with its evidence (see ``description``).
"""

from __future__ import annotations

from assessment_rules import ExecutionRateScore
from assessment_rules.engine import FINANCE_GRADES
from assessment_rules.finance import QUALITATIVE_BANDS, IndicatorTable, SelfEvaluationForm

DOCUMENT = "上海市普陀区应急管理局 2024年度财政项目支出绩效自评表（11张）"

DESCRIPTION = """\
财政项目支出绩效自评表（2024年度）的计分规则。

**一本细则，十一个项目。** 每个项目的绩效指标（三级指标、年度指标值、分值）在预算批复时
随绩效目标一起确定，逐项目不同（援滇干部工作经费 6 项各 15 分，应急管理数字化能力建设
3 项各 30 分）。因此指标行是表格上的数据，随每个项目的证据填写（`indicators`），而计分
规则属于本细则：预算执行率 10 分，绩效指标合计 90 分，定量指标按年度指标值计分，定性指标
在全国通行的三个档次内由评价人给分，等级 优≥90、良≥80、中≥60、差。财务人员照着本项目的
绩效目标表填写指标行，分析人员只维护一本细则；第二年换了指标，细则不必改。

决定（种子文件未明示处）：

- 执行率 = 全年执行数 ÷ 全年预算数；表上打印的执行率截断到两位小数（14.80 ÷ 15.00 印作
  98.66），得分 = 10 × 执行率，四舍五入到两位小数，不超过 10 分。
- 全年执行数超过全年预算数：得分以 10 分为限，并在失分原因中写明；全年预算数为 0、金额缺失
  或为负：证据错误，不给分也不给满分。年初预算数为 0 属正常。
- 定量指标：达到年度指标值得满分；未达到时 ≥ 和 = 按 实际值 ÷ 指标值、≤ 按 指标值 ÷ 实际值
  折算，四舍五入到两位小数，不超过分值；= 指标超额完成按满分计。
- 定性指标：达成指标 80%–100%（含 80%），部分达成指标 60%–80%（含 60%），未达成指标
  0–60%，评价人在档次内给分。
- 任一指标低于满分，必须填写偏差原因分析及改进措施，否则为证据错误。
- 项目资金分项（当年财政拨款、上年结转资金、其他资金）只用于打印，三行要么都填要么都不填，
  填了就必须与年度资金总额逐列相等；全年预算数为 0 的分项执行率印作 0.00。
"""

RULEBOOK = SelfEvaluationForm(
    "putuo-2024-finance-selfeval",
    "财政项目支出绩效自评表",
    children=(
        ExecutionRateScore(
            "execution",
            "预算执行率",
            points="10.00",
            rate_display="truncate",
            text="项目资金：执行率 = 全年执行数 ÷ 全年预算数；得分 = 分数 × 执行率",
            source="自评表 项目资金（万元）年度资金总额 行",
        ),
        IndicatorTable(
            "indicators",
            "绩效指标",
            points="90.00",
            bands=QUALITATIVE_BANDS,
            text="一级指标、二级指标、三级指标、年度指标值、实际完成值、分值、得分、"
            "偏差原因分析及改进措施",
            source="自评表 绩效指标 部分",
        ),
    ),
    # Written with two decimals, as the table prints 分值 and 总分 (100.00, 10.00).
    points="100.00",
    grades=FINANCE_GRADES,
    document=DOCUMENT,
    source="seed 002",
    year=2024,
    description=DESCRIPTION,
)
