"""The eleven 2024 财政项目支出绩效自评表 of seed 002, reproduced figure for figure.

Every expected figure below is copied from the published tables in seed 002 (in document
order); the comment beside each execution row gives the hand calculation. Two tables
(公众号运营, 应急避难场所建设维护) print no execution 得分; their 总分 100.00 shows it was
10.00, so that is what the tests expect.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import NamedTuple

import pytest
from click.testing import CliRunner

from assessment_rules import Cohort, assess, load_rulebook
from assessment_rules.cli import main
from assessment_rules.engine import FINANCE_GRADES
from assessment_rules.finance import SelfEvaluationForm, SelfEvaluationTable
from assessment_rules.io import read_evidence
from assessment_rules.io._cohort_json import decimal_text
from assessment_rules.io._finance_table import number, table_markdown

EXAMPLE = Path(__file__).parents[2] / "examples" / "putuo-2024-finance-selfeval.yaml"
BOOK = load_rulebook("putuo-2024-finance-selfeval")


class Published(NamedTuple):
    """One published table: funds (年初, 全年预算, 全年执行), 执行率, 得分, rows, 总分, 等级."""

    unit: str
    project: str
    funds: tuple[str, str, str]
    rate: str
    score: str | None  # None where the published table leaves the cell empty
    rows: tuple[tuple[str, str, str, str, str], ...]  # 三级指标, 年度指标值, 实际完成值, 分值, 得分
    total: str
    grade: str


PUBLISHED = (
    Published(
        "yuandian-cadres",
        "援滇干部工作经费",
        ("22.50", "24.38", "23.36"),
        # 23.36 ÷ 24.38 = 95.816…% → 95.81 (truncated); 10 × 0.95816… = 9.5816… → 9.58.
        "95.81",
        "9.58",
        (
            ("覆盖度", "=100.00(百分比)", "100.00(百分比)", "15.00", "15.00"),
            ("有效性", "有效", "达成指标", "15.00", "15.00"),
            ("投入产出比", "=100.00(百分比)", "100.00(百分比)", "15.00", "15.00"),
            ("社会满意率", "满意", "达成指标", "15.00", "15.00"),
            ("环保度", "环保", "达成指标", "15.00", "15.00"),
            ("正面效应", "正面", "达成指标", "15.00", "15.00"),
        ),
        "99.58",
        "优",
    ),
    Published(
        "risk-assessment",
        "城区安全风险评估",
        ("80.00", "80.00", "79.98"),
        # 79.98 ÷ 80.00 = 99.975% → 99.97 (truncated); 10 × 0.99975 = 9.9975 → 10.00 (half up).
        "99.97",
        "10.00",
        (
            ("2", "=2.00(项)", "2.00(项)", "15.00", "15.00"),
            ("评估精度", "精度准确", "达成指标", "15.00", "15.00"),
            ("预算执行率", "=100.00(百分比)", "100.00(百分比)", "15.00", "15.00"),
            ("社会满意度", "满意度较高", "达成指标", "15.00", "15.00"),
            ("环保度", "环保度较高", "达成指标", "15.00", "15.00"),
            ("可持续影响率", "可持续影响率较高", "达成指标", "15.00", "15.00"),
        ),
        "100.00",
        "优",
    ),
    Published(
        "digital-capability",
        "应急管理数字化能力建设",
        ("0.00", "137.00", "137.00"),
        # 137.00 ÷ 137.00 = 100%; 年初预算数 0.00 plays no part.
        "100.00",
        "10.00",
        (
            ("应急管理数字化能力装备", "=92.00(台)", "92.00(台)", "30.00", "30.00"),
            ("安全生产风险防控及预警机制", "=100.00(个)", "100.00(个)", "30.00", "30.00"),
            ("数字化信息可持续发展", "数字化信息可持续发展", "达成指标", "30.00", "30.00"),
        ),
        "100.00",
        "优",
    ),
    Published(
        "emergency-management",
        "应急管理经费",
        ("82.60", "91.30", "90.68"),
        # 90.68 ÷ 91.30 = 99.320…% → 99.32; 10 × 0.99320… = 9.9320… → 9.93.
        "99.32",
        "9.93",
        (
            ("应急管理能级指数", "≥5.00(级)", "5.00(级)", "15.00", "15.00"),
            ("应急管理效能", "高效", "达成指标", "15.00", "15.00"),
            ("投入精准", "投入精准度", "达成指标", "15.00", "15.00"),
            ("社会满意度", "社会满意率", "达成指标", "15.00", "15.00"),
            ("生态效益能级", "≥5.00(级)", "5.00(级)", "15.00", "15.00"),
            ("长期影响力", "影响长期性", "达成指标", "15.00", "15.00"),
        ),
        "99.93",
        "优",
    ),
    Published(
        "enterprise-code",
        "企业码安全生产监管购买服务项目",
        ("15.00", "15.00", "14.80"),
        # 14.80 ÷ 15.00 = 98.666…% → 98.66 (truncated, not 98.67); 9.8666… → 9.87.
        "98.66",
        "9.87",
        (
            ("覆盖率", "≥90.00(百分比)", "100.00(百分比)", "15.00", "15.00"),
            ("综合监管体系", "提高", "达成指标", "15.00", "15.00"),
            ("治理体系能力建设", "提升", "达成指标", "15.00", "15.00"),
            ("社会满意度", "满意", "达成指标", "15.00", "15.00"),
            ("高质量发展", "高质量", "达成指标", "15.00", "15.00"),
            ("可持续发展", "可持续", "达成指标", "15.00", "15.00"),
        ),
        "99.87",
        "优",
    ),
    Published(
        "report-rewards",
        "举报奖励项目",
        ("10.00", "3.00", "0.08"),
        # 0.08 ÷ 3.00 = 2.666…% → 2.66 (truncated); 10 × 0.02666… = 0.2666… → 0.27.
        "2.66",
        "0.27",
        (
            ("举报数量", "=500.00(条)", "500.00(条)", "15.00", "15.00"),
            ("安全事故发生率", "减少", "达成指标", "15.00", "15.00"),
            ("安全隐患防范意识", "提高", "达成指标", "15.00", "15.00"),
            ("社会评价满意度", "=100.00(百分比)", "100.00(百分比)", "15.00", "15.00"),
            ("加强全民安全意识", "安全效益", "达成指标", "15.00", "15.00"),
            ("常态化持续效应", "影响长期性", "达成指标", "15.00", "15.00"),
        ),
        "90.27",
        "优",
    ),
    Published(
        "third-party-services",
        "企业安全生产主体责任第三方专业技术服务",
        ("350.00", "350.00", "348.80"),
        # 348.80 ÷ 350.00 = 99.657…% → 99.65; 9.9657… → 9.97.
        "99.65",
        "9.97",
        (
            ("覆盖率", "≥90.00(百分比)", "100.00(百分比)", "15.00", "15.00"),
            ("准确度", "≥90.00(百分比)", "100.00(百分比)", "15.00", "15.00"),
            ("投入有效性", "有效", "达成指标", "15.00", "15.00"),
            ("企业满意度", "≥90.00(百分比)", "100.00(百分比)", "15.00", "15.00"),
            ("环保度", "环保", "达成指标", "15.00", "15.00"),
            ("可持续发展性", "可持续", "达成指标", "15.00", "15.00"),
        ),
        "99.97",
        "优",
    ),
    Published(
        "wechat-account",
        "公众号运营",
        ("15.00", "12.00", "12.00"),
        # 12.00 ÷ 12.00 = 100%; 得分 cell omitted, 总分 100.00 = 90.00 + 10.00.
        "100.00",
        None,
        (
            ("推送数量", "≥50.00(次)", "393.00(次)", "15.00", "15.00"),
            ("普法宣传力度", "提高", "达成指标", "15.00", "15.00"),
            ("宣传范围影响力度", "提升", "达成指标", "15.00", "15.00"),
            ("群众安全风险意识", "提升", "达成指标", "15.00", "15.00"),
            ("互动沟通渠道", "拓宽", "达成指标", "15.00", "15.00"),
            ("可持续发展", "可持续", "达成指标", "15.00", "15.00"),
        ),
        "100.00",
        "优",
    ),
    Published(
        "official-vehicle",
        "公车购置经费",
        ("12.00", "12.00", "11.89"),
        # 11.89 ÷ 12.00 = 99.083…% → 99.08; 9.9083… → 9.91.
        "99.08",
        "9.91",
        (
            ("购置数量", "=1.00(辆)", "1.00(辆)", "15.00", "15.00"),
            ("公务车性能", "良好", "达成指标", "15.00", "15.00"),
            ("执法效能", "提升", "达成指标", "15.00", "15.00"),
            ("监管形象", "提升", "达成指标", "15.00", "15.00"),
            ("环保性", "纯电", "达成指标", "15.00", "15.00"),
            ("可持续性", "持续使用", "达成指标", "15.00", "15.00"),
        ),
        "99.91",
        "优",
    ),
    Published(
        "enforcement-standards",
        "执法大队标准化建设项目",
        ("39.28", "39.28", "39.21"),
        # 39.21 ÷ 39.28 = 99.821…% → 99.82; 9.9821… → 9.98.
        "99.82",
        "9.98",
        (
            ("装备配置完成率", "=100.00(百分比)", "100.00(百分比)", "15.00", "15.00"),
            ("装备采购达标率", "≥95.00(百分比)", "100.00(百分比)", "15.00", "15.00"),
            ("投入精准", "及时", "达成指标", "15.00", "15.00"),
            ("社会满意度", "满意", "达成指标", "15.00", "15.00"),
            ("环保性", "环保", "达成指标", "15.00", "15.00"),
            ("可持续性使用", "可持续", "达成指标", "15.00", "15.00"),
        ),
        "99.98",
        "优",
    ),
    Published(
        "emergency-shelters",
        "应急避难场所建设维护",
        ("57.00", "48.28", "48.28"),
        # 48.28 ÷ 48.28 = 100%; 得分 cell omitted, 总分 100.00 = 90.00 + 10.00.
        "100.00",
        None,
        (
            ("应急避难场所深井维保", "≥30.00(次)", "30.00(次)", "15.00", "15.00"),
            ("应急柴油发电机维保", "正常使用", "达成指标", "15.00", "15.00"),
            ("应急设施设备要素", "完整", "达成指标", "15.00", "15.00"),
            ("应急避难功能发挥", "正常", "达成指标", "15.00", "15.00"),
            ("环保", "环保", "达成指标", "15.00", "15.00"),
            ("可持续发展", "可持续", "达成指标", "15.00", "15.00"),
        ),
        "100.00",
        "优",
    ),
)

# Where the published table leaves the execution 得分 cell empty, 总分 − 90.00 gives it.
OMITTED_SCORE = "10.00"


def execution_score(table: Published) -> str:
    """The published execution 得分, or the one the published 总分 implies."""
    return table.score if table.score is not None else OMITTED_SCORE


@pytest.fixture(scope="module")
def cohort() -> Cohort:
    return assess(BOOK, read_evidence(EXAMPLE, BOOK.id))


@pytest.fixture(scope="module")
def tables() -> dict[str, SelfEvaluationTable]:
    assert isinstance(BOOK, SelfEvaluationForm)
    return {table.unit: table for table in BOOK.tables(read_evidence(EXAMPLE, BOOK.id))}


def by_unit(published: Published) -> str:
    return published.unit


class TestRulebook:
    def test_is_the_finance_form_with_national_grades(self) -> None:
        """The rulebook is a self-evaluation form graded 优 ≥ 90, 良 ≥ 80, 中 ≥ 60, 差."""
        assert isinstance(BOOK, SelfEvaluationForm)
        assert BOOK.grades == FINANCE_GRADES
        # 10 for budget execution + 90 for the indicators = 100.
        assert (BOOK.execution.points, BOOK.table.points, BOOK.points) == (
            Decimal("10"),
            Decimal("90"),
            Decimal("100"),
        )

    def test_prints_the_rate_truncated(self) -> None:
        """The 2024 tables truncate the printed 执行率, so the rulebook says so."""
        assert BOOK.execution.rate_display == "truncate"

    def test_description_documents_the_per_unit_rows_decision(self) -> None:
        """The description explains why indicator rows come with each project's evidence."""
        assert "indicators" in BOOK.description and "一本细则" in BOOK.description

    def test_example_lists_the_eleven_projects_in_document_order(self) -> None:
        """The bundled evidence has the eleven projects, 援滇干部工作经费 first."""
        units = read_evidence(EXAMPLE, BOOK.id)
        assert [(u.unit, u.name) for u in units] == [(p.unit, p.project) for p in PUBLISHED]
        assert units[0].name == "援滇干部工作经费" and units[-1].name == "应急避难场所建设维护"


@pytest.mark.parametrize("published", PUBLISHED, ids=by_unit)
class TestPublishedFigures:
    def test_total_and_grade(self, cohort: Cohort, published: Published) -> None:
        """Each project's 总分 and 评分等级 are the published ones, to the cent."""
        result = cohort.result(published.unit)
        assert (str(result.total), result.grade) == (published.total, published.grade)

    def test_execution_score(self, cohort: Cohort, published: Published) -> None:
        """Each project's execution 得分 is the published one (10.00 where the cell is empty)."""
        node = cohort.result(published.unit).find("execution")
        assert str(node.score) == execution_score(published)

    def test_execution_rate_as_printed(self, published: Published) -> None:
        """Each printed 执行率 is the published one (truncated to two places)."""
        _start, budget, executed = (Decimal(x) for x in published.funds)
        assert str(BOOK.execution.printed_rate(budget, executed)) == published.rate

    def test_indicator_scores(self, cohort: Cohort, published: Published) -> None:
        """Each indicator's 得分 is the published one, in table order."""
        result = cohort.result(published.unit)
        scores = [str(node.score) for node in result.root.walk() if node.kind == "indicator"]
        assert scores == [row[4] for row in published.rows]

    def test_total_is_execution_plus_indicators(self, cohort: Cohort, published: Published) -> None:
        """总分 = execution 得分 + Σ indicator 得分, as the published figures add up."""
        expected = Decimal(execution_score(published)) + sum(
            (Decimal(row[4]) for row in published.rows), Decimal(0)
        )
        assert cohort.result(published.unit).total == expected == Decimal(published.total)

    def test_table_rows_match_the_published_table(
        self, tables: dict[str, SelfEvaluationTable], published: Published
    ) -> None:
        """The table output carries every published cell: funds, rate, rows, 总分, 等级."""
        table = tables[published.unit]
        funds = table.execution
        assert (number(funds.start), number(funds.budget), number(funds.executed)) == (
            published.funds
        )
        assert (number(funds.points), number(funds.rate), number(funds.score)) == (
            "10.00",
            published.rate,
            execution_score(published),
        )
        rows = [
            (line.title, line.target, line.actual, number(line.points), number(line.score))
            for line in table.indicators
        ]
        assert rows == list(published.rows)
        assert (number(table.points), number(table.total), table.grade) == (
            "100.00",
            published.total,
            published.grade,
        )

    def test_breakdown_rows_as_printed(
        self, tables: dict[str, SelfEvaluationTable], published: Published
    ) -> None:
        """当年财政拨款 repeats the totals; 上年结转资金 and 其他资金 print 0.00 throughout."""
        table = tables[published.unit]
        titles = [line.title for line in table.funds]
        assert titles == ["年度资金总额：", "其中：当年财政拨款", "上年结转资金", "其他资金"]
        appropriation, carryover, other = table.funds[1:]
        assert (
            number(appropriation.start),
            number(appropriation.budget),
            number(appropriation.executed),
            number(appropriation.rate),
        ) == (*published.funds, published.rate)
        for line in (carryover, other):
            assert [number(x) for x in (line.start, line.budget, line.executed, line.rate)] == [
                "0.00"
            ] * 4

    def test_markdown_carries_every_published_figure(
        self, tables: dict[str, SelfEvaluationTable], published: Published
    ) -> None:
        """The Markdown table shows the funds row, every indicator row and the 总分 row."""
        text = table_markdown(tables[published.unit])
        start, budget, executed = published.funds
        score = execution_score(published)
        funds_row = f"| {start} | {budget} | {executed} | 10.00 | {published.rate} | {score} |"
        assert f"| 年度资金总额： {funds_row}" in text
        for title, target, actual, points, got in published.rows:
            assert f"| {title} | {target} | {actual} | {points} | {got} |" in text
        assert f"| 总分 |  |  |  |  | 100.00 | {published.total} |" in text
        assert f"| 评分等级 | {published.grade} |" in text


class TestReasons:
    def test_only_execution_loses_points(self, cohort: Cohort) -> None:
        """Every published indicator scores full points, so execution is the only lapse."""
        paths = {entry.path for ranked in cohort.units for entry in ranked.result.lost}
        assert paths == {"execution"}

    def test_report_rewards_reason(self, cohort: Cohort) -> None:
        """举报奖励项目's 失分原因 quotes the printed rate and the score."""
        # 0.08 ÷ 3.00 → 2.66 % printed; 得分 0.27; 10 − 0.27 = 9.73 lost.
        assert cohort.result("report-rewards").reasons == (
            "预算执行率2.66%，得0.27分（满分10分），扣9.73分",
        )


class TestCommandLine:
    def test_score_json_gives_the_published_totals_and_grades(self) -> None:
        """`score --format json` gives each project's published 总分 and 评分等级."""
        run = CliRunner().invoke(main, ["score", BOOK.id, str(EXAMPLE), "--format", "json"])
        assert run.exit_code == 0, run.output
        units = {u["id"]: (u["total"], u["grade"]) for u in json.loads(run.output)["units"]}
        # JSON gives each number in its shortest exact text: 100.00 is "100".
        published = {p.unit: (decimal_text(Decimal(p.total)), p.grade) for p in PUBLISHED}
        assert units == published

    def test_selfeval_table_json_gives_every_rate_and_score(self) -> None:
        """`selfeval-table --format json` gives each 执行率 and execution 得分 as published."""
        run = CliRunner().invoke(
            main, ["selfeval-table", BOOK.id, str(EXAMPLE), "--format", "json"]
        )
        assert run.exit_code == 0, run.output
        got = [
            (t["unit"], t["funds"][0]["rate"], t["funds"][0]["score"], t["total"])
            for t in json.loads(run.output)["tables"]
        ]
        assert got == [(p.unit, p.rate, execution_score(p), p.total) for p in PUBLISHED]
