"""A node kind the library has never seen goes through every tool (issue 12, "Done when").

The rulebook file below defines two node kinds in its own body, written only on the
public protocol, as a district would write them:

- ``Doubling`` (a :class:`ScoredLeaf`): 迟报的，第1次扣1分，第2次扣2分，第3次扣4分……
  *n* late reports cost 1 + 2 + … + 2^(n−1) = 2^n − 1 points;
- ``PerAward`` (a :class:`BonusLeaf`): 每受表彰1次加1分，加分总分值不超过3分.

The file is loaded by path, as the CLI loads a user's rulebook, and goes through
``show``, ``check``, ``template``, ``score`` in every format, ``explain``, the docs
pages and site, ``diff`` and ``derive``. Every command must exit 0 without a
traceback and say the custom clause in its own words (its ``criterion``), with its
reasons (``describe_lapse`` / ``gains``) and the numbers worked out by hand below.

The rulebook (20 points; 优秀 ≥ 18, 良好 ≥ 16, 合格 ≥ 12, else 不合格):

- 一、信息报送 (20):
  - (1) 按时报送信息 (10, 扣完为止): ``Doubling("late", "迟报信息", most=5)``;
  - (2) 工作计划 (10): ``Deduct("no_plan", "未制定年度工作计划", rate="3")``;
- 加分: ``PerAward("awards", "受到上级表彰", each="1", cap="3")``.

The units, by hand:

- ``late`` (示例区甲局): 3 late reports, 1 + 2 + 4 = 7 → 20 − 7 = 13, 合格;
- ``planless`` (示例区乙局): no plan −3, 2 awards +2 → 20 − 3 + 2 = 19, 优秀;
- ``capped`` (示例区丙局): 4 late reports, 1 + 2 + 4 + 8 = 15, the item's cap keeps
  10 (5 absorbed); no plan −3; 5 awards, 5 proposed, the total cap keeps 3
  → 20 − 10 − 3 + 3 = 10, 不合格.
"""

from __future__ import annotations

import csv
import io
import json
import traceback
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml
from click.testing import CliRunner, Result

from assessment_rules import Rulebook, load_rulebook
from assessment_rules.cli import main
from assessment_rules.docs import document_rulebooks, rulebook_page, rulebook_pages
from assessment_rules.yearly import Set, derive, diff_rulebooks

DOUBLING_CRITERION = "迟报信息的，第1次扣1分，第2次扣2分，第3次扣4分，依次加倍，最多计5次"
AWARD_CRITERION = "受到上级表彰的，每次加1分，加分总分值不超过3分"

LATE_REASON = "迟报信息3次，扣7分"
CAPPED_REASON = "迟报信息4次，应扣15分，扣完为止，实扣10分"
PLAN_REASON = "未制定年度工作计划，扣3分"
AWARD_REASON = "受到上级表彰2次，加2分"
CAPPED_AWARD_REASON = "受到上级表彰5次，申报加5分（加分总分值不超过3分），实加3分"

RULEBOOK_SOURCE = '''\
"""示例细则：迟报扣分逐次加倍、表彰按次加分，两种本库从未见过的节点类型。"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any, ClassVar

import attrs

from assessment_rules import (
    BonusLeaf,
    CapAt,
    Deduct,
    Fact,
    Gain,
    GradeBand,
    Item,
    Lapse,
    LedgerEntry,
    Limits,
    Rulebook,
    ScoredLeaf,
    Section,
)
from assessment_rules.engine import bonus_text


@attrs.frozen(repr=False)
class Doubling(ScoredLeaf):
    """第1次扣1分、第2次扣2分、第3次扣4分……：每次迟报的扣分是上一次的两倍。"""

    kind: ClassVar[str] = "doubling"
    pure: ClassVar[bool] = True

    id: str
    title: str
    most: int = 5
    text: str = ""
    source: str = ""

    def own_facts(self) -> tuple[Fact, ...]:
        return (Fact(self.id, self.title, kind="count", maximum=self.most, default=0, unit="次"),)

    def measure(self, values: Mapping[str, Any]) -> Lapse | None:
        n = values[self.id]
        return Lapse(n, Decimal(1), Decimal(2**n - 1), actual=n) if n else None

    def describe_lapse(self, lapse: Lapse) -> str:
        return f"{self.title}{lapse.actual}次"

    def criterion(self, *, lowest_grade: str = "不合格") -> str:
        return (
            f"{self.title}的，第1次扣1分，第2次扣2分，第3次扣4分，依次加倍，"
            f"最多计{self.most}次"
        )

    def limits(self) -> Limits:
        return Limits(Decimal(2**self.most - 1))

    def explain(self, entry: LedgerEntry) -> str:
        terms = " + ".join(str(2**k) for k in range(int(entry.occurrences)))
        text = f"逐次加倍：{terms} = {entry.raw}分，计入{entry.counted}分"
        if entry.absorbed:
            text += f"，{entry.absorbed}分被上限吸收"
        return text

    def example_values(self) -> dict[str, Any]:
        return {self.id: 2}


@attrs.frozen(repr=False)
class PerAward(BonusLeaf):
    """每受表彰1次加 each 分，加分总分值不超过 cap 分。"""

    kind: ClassVar[str] = "per_award"

    id: str
    title: str
    each: Decimal = attrs.field(converter=Decimal)
    cap: Decimal = attrs.field(converter=Decimal)
    text: str = ""
    source: str = ""

    def own_facts(self) -> tuple[Fact, ...]:
        return (Fact(self.id, self.title, kind="count", default=0, unit="次"),)

    def gains(self, values: Mapping[str, Any]) -> tuple[Gain, ...]:
        n = values[self.id]
        if not n:
            return ()
        raw = self.each * n
        counted = min(raw, self.cap)
        reason = bonus_text(f"{self.title}{n}次", raw, counted, f"加分总分值不超过{self.cap}分")
        return (Gain("", self.title, raw, counted, reason),)

    def limits(self) -> Limits:
        return Limits(Decimal(0), self.cap)

    def criterion(self, *, lowest_grade: str = "不合格") -> str:
        return f"{self.title}的，每次加{self.each}分，加分总分值不超过{self.cap}分"

    def example_values(self) -> dict[str, Any]:
        return {self.id: 1}


RULEBOOK = Rulebook(
    "{book_id}",
    "示例细则（自定义节点）",
    points="20",
    year={year},
    document="示例区信息报送考核办法",
    source="示例〔{year}〕1号",
    grades=(
        GradeBand("优秀", "18"),
        GradeBand("良好", "16"),
        GradeBand("合格", "12"),
        GradeBand("不合格", "0"),
    ),
    children=(
        Section("report", "信息报送", points="20", source="示例 一", children=(
            CapAt(Item("timely", "按时报送信息", points="10", source="示例 一(1)", children=(
                Doubling("late", "迟报信息", most={most}, source="示例 一(1)第1条"),{extra}
            ))),
            Item("plan", "工作计划", points="10", source="示例 一(2)", children=(
                Deduct("no_plan", "未制定年度工作计划", rate="3", source="示例 一(2)第1条"),
            )),
        )),
        PerAward("awards", "受到上级表彰", each="1", cap="{cap}", source="示例 二"),
    ),
)
'''

EVIDENCE = """\
rulebook: custom-2024
units:
  - id: late
    name: 示例区甲局
    facts:
      late: 3
      no_plan: false
  - id: planless
    name: 示例区乙局
    facts:
      no_plan: true
      awards: 2
  - id: capped
    name: 示例区丙局
    facts:
      late: 4
      no_plan: true
      awards: 5
"""


EXTRA_CLAUSE = """
                Doubling("late_forms", "迟报统计报表", most=4, source="示例 一(1)第2条"),"""


def write_rulebook(
    folder: Path,
    book_id: str = "custom-2024",
    *,
    year: int = 2024,
    most: int = 5,
    cap: str = "3",
    extra: bool = False,
) -> Path:
    """Write the rulebook file (a Python file exposing ``RULEBOOK``) into *folder*.

    A changed copy takes another *most* for the doubling clause, another *cap* for
    the award, and with *extra* a second doubling clause in the same item.
    """
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{book_id.replace('-', '_')}.py"
    source = (
        RULEBOOK_SOURCE.replace("{book_id}", book_id)
        .replace("{year}", str(year))
        .replace("{most}", str(most))
        .replace("{cap}", cap)
        .replace("{extra}", EXTRA_CLAUSE if extra else "")
    )
    path.write_text(source, encoding="utf-8")
    return path


@pytest.fixture
def book_file(tmp_path: Path) -> Path:
    return write_rulebook(tmp_path / "rulebooks")


@pytest.fixture
def evidence_file(tmp_path: Path) -> Path:
    path = tmp_path / "evidence.yaml"
    path.write_text(EVIDENCE, encoding="utf-8")
    return path


def invoke(*args: object) -> Result:
    """Run the CLI; fail with the traceback if it raised or exited non-zero."""
    run = CliRunner().invoke(main, [str(arg) for arg in args])
    if run.exception is not None and not isinstance(run.exception, SystemExit):
        trace = "".join(traceback.format_exception(*run.exc_info))
        pytest.fail(f"{' '.join(map(str, args))} raised:\n{trace}")
    assert run.exit_code == 0, run.output
    assert "Traceback" not in run.output
    return run


def cells(path: Path) -> list[str]:
    """Every non-empty cell of every sheet of a workbook, as text."""
    workbook = openpyxl.load_workbook(path)
    return [
        str(value)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value is not None
    ]


def strings(document: Any) -> list[str]:
    """Every string anywhere in a JSON document."""
    if isinstance(document, str):
        return [document]
    if isinstance(document, dict):
        return [s for value in document.values() for s in strings(value)]
    if isinstance(document, list):
        return [s for value in document for s in strings(value)]
    return []


class TestTheRulebookItself:
    def test_it_scores_as_worked_out_by_hand(self, book_file: Path) -> None:
        """Loaded by path, the rulebook gives the hand-worked totals, grades and reasons."""
        book = load_rulebook(book_file)
        late = book.evaluate({"late": 3, "no_plan": False})
        planless = book.evaluate({"no_plan": True, "awards": 2})
        capped = book.evaluate({"late": 4, "no_plan": True, "awards": 5})
        assert (late.total, late.grade, late.reasons) == (13, "合格", (LATE_REASON,))
        assert (planless.total, planless.grade) == (19, "优秀")
        assert (capped.total, capped.grade) == (10, "不合格")
        assert capped.reasons == (CAPPED_REASON, PLAN_REASON)
        assert [entry.reason for entry in capped.gained] == [CAPPED_AWARD_REASON]


class TestShowAndCheck:
    def test_show_spells_out_the_custom_clauses(self, book_file: Path) -> None:
        """show prints both custom criteria, the cap on their item and the fact names."""
        text = invoke("show", book_file).output
        assert DOUBLING_CRITERION in text and AWARD_CRITERION in text
        assert "按时报送信息" in text and "扣完为止" in text
        assert "late" in text and "awards" in text

    @pytest.mark.parametrize("fmt", ["json", "md"])
    def test_show_in_other_formats(self, book_file: Path, fmt: str) -> None:
        """show --format json/md carries the custom criteria too."""
        text = invoke("show", book_file, "--format", fmt).output
        if fmt == "json":
            text = "\n".join(strings(json.loads(text)))
        assert DOUBLING_CRITERION in text and AWARD_CRITERION in text

    def test_check_finds_nothing_wrong(self, book_file: Path) -> None:
        """check exits 0 and does not warn that the capped item can go below zero."""
        text = invoke("check", book_file).output
        assert "below zero" not in text
        assert "custom-2024: 0 error(s), 0 warning(s)" in text

    def test_check_json_loads(self, book_file: Path) -> None:
        """check --format json reports the rulebook as loaded."""
        report = json.loads(invoke("check", book_file, "--format", "json").output)
        assert report["loaded"] is True


class TestTemplate:
    def test_yaml_form_lists_the_custom_facts(self, book_file: Path) -> None:
        """The YAML form has a column per unit with the custom clauses' facts."""
        form = yaml.safe_load(invoke("template", book_file, "--units", "2").output)
        assert [unit["id"] for unit in form["units"]] == ["unit-1", "unit-2"]
        assert {"late", "no_plan", "awards"} <= set(form["units"][0]["facts"])

    @pytest.mark.parametrize("suffix", ["csv", "xlsx"])
    def test_spreadsheet_forms_label_the_custom_facts(
        self, book_file: Path, tmp_path: Path, suffix: str
    ) -> None:
        """CSV and XLSX forms carry each custom fact with its Chinese label."""
        out = tmp_path / f"form.{suffix}"
        invoke("template", book_file, "--units", "2", "-o", out)
        text = "\n".join(cells(out)) if suffix == "xlsx" else out.read_text(encoding="utf-8-sig")
        for word in ("late", "迟报信息", "awards", "受到上级表彰", "no_plan"):
            assert word in text


class TestScore:
    def test_table(self, book_file: Path, evidence_file: Path) -> None:
        """The ranking table has the hand-worked ranks, summary and the custom reasons."""
        text = invoke("--lang", "zh", "score", book_file, evidence_file).output
        ranked = [text.index(name) for name in ("示例区乙局", "示例区甲局", "示例区丙局")]
        assert ranked == sorted(ranked)  # 19, 13, 10
        assert LATE_REASON in text and CAPPED_REASON in text and CAPPED_AWARD_REASON in text
        # (19 + 13 + 10) / 3 = 14; late reports cost 7 (甲局) + 10 (丙局, capped) = 17.
        assert "平均分14分，中位数13分，最高19分，最低10分（共3个参评单位）" in text
        assert "迟报信息：2个单位共扣17分" in text

    def test_json(self, book_file: Path, evidence_file: Path) -> None:
        """The JSON result has each unit's total and grade and the custom ledger entries."""
        document = json.loads(invoke("score", book_file, evidence_file, "--format", "json").output)
        units = {unit["id"]: unit for unit in document["units"]}
        totals = {uid: (Decimal(str(u["total"])), u["grade"]) for uid, u in units.items()}
        assert totals == {
            "late": (Decimal(13), "合格"),
            "planless": (Decimal(19), "优秀"),
            "capped": (Decimal(10), "不合格"),
        }
        text = "\n".join(strings(document))
        for reason in (LATE_REASON, CAPPED_REASON, AWARD_REASON, CAPPED_AWARD_REASON):
            assert reason in text
        assert "report.timely.late" in text and "awards" in text

    @pytest.mark.parametrize("suffix", ["csv", "xlsx", "md"])
    def test_score_sheets_give_the_custom_reasons(
        self, book_file: Path, evidence_file: Path, tmp_path: Path, suffix: str
    ) -> None:
        """Each unit's score sheet (CSV, XLSX, Markdown) has its hand-worked scores and reasons."""
        text = score_sheets(book_file, evidence_file, tmp_path / f"result.{suffix}")
        for reason in (LATE_REASON, CAPPED_REASON, PLAN_REASON, CAPPED_AWARD_REASON):
            assert reason in text
        for name in ("示例区甲局", "示例区乙局", "示例区丙局"):
            assert name in text

    @pytest.mark.parametrize("suffix", ["csv", "xlsx", "md"])
    def test_score_sheets_state_the_custom_criteria(
        self, book_file: Path, evidence_file: Path, tmp_path: Path, suffix: str
    ) -> None:
        """The 考核标准 column says each custom clause in its own words (its criterion)."""
        text = score_sheets(book_file, evidence_file, tmp_path / f"result.{suffix}")
        assert DOUBLING_CRITERION in text and AWARD_CRITERION in text


def score_sheets(book_file: Path, evidence_file: Path, out: Path) -> str:
    """Score into *out* (the format follows its suffix) and return its text."""
    invoke("score", book_file, evidence_file, "-o", out)
    if out.suffix == ".xlsx":
        return "\n".join(cells(out))
    text = out.read_text(encoding="utf-8-sig")
    if out.suffix == ".csv":
        assert list(csv.reader(io.StringIO(text)))
    return text


class TestExplain:
    def test_the_custom_arithmetic_is_shown(self, book_file: Path, evidence_file: Path) -> None:
        """capped: 1 + 2 + 4 + 8 = 15 of which the cap keeps 10, by the node's explain()."""
        text = invoke("--lang", "zh", "explain", book_file, evidence_file, "--unit", "capped")
        text = text.output
        assert "总分10分" in text
        assert CAPPED_REASON in text and CAPPED_AWARD_REASON in text
        assert "逐次加倍：1 + 2 + 4 + 8 = 15分，计入10分，5分被上限吸收" in text
        # The bonus has no explain() of its own: the default arithmetic, 5 proposed, 3 kept.
        assert "应加5分，计入3分，2分被上限吸收" in text

    def test_the_clause_is_stated(self, book_file: Path, evidence_file: Path) -> None:
        """A clause without printed text is stated by its criterion under its ledger entry."""
        text = invoke("explain", book_file, evidence_file, "--unit", "capped").output
        assert DOUBLING_CRITERION in text

    def test_an_uncapped_unit(self, book_file: Path, evidence_file: Path) -> None:
        """late: 1 + 2 + 4 = 7, all of it counted."""
        text = invoke("--lang", "zh", "explain", book_file, evidence_file, "--unit", "late").output
        assert "总分13分" in text
        assert "逐次加倍：1 + 2 + 4 = 7分，计入7分" in text

    @pytest.mark.parametrize("fmt", ["json", "md"])
    def test_other_formats(self, book_file: Path, evidence_file: Path, fmt: str) -> None:
        """explain --format json/md carry the custom reasons."""
        text = invoke("explain", book_file, evidence_file, "--unit", "capped", "--format", fmt)
        output = text.output
        if fmt == "json":
            output = "\n".join(strings(json.loads(output)))
        assert CAPPED_REASON in output and CAPPED_AWARD_REASON in output


class TestDocs:
    # The worked example is built from each node's example_values(): 2 late reports
    # (1 + 2 = 3), no plan (3), 1 award (+1): 20 − 3 − 3 + 1 = 15, 合格.

    def test_rulebook_page_states_the_custom_criteria(self, book_file: Path) -> None:
        """The page's score sheet says each custom clause in its own words, with sources."""
        page = rulebook_page(*document_rulebooks({"custom-2024": book_file}))
        assert DOUBLING_CRITERION in page and AWARD_CRITERION in page
        assert "本项10分，扣完为止" in page
        assert "示例 一(1)第1条" in page and "示例 二" in page

    def test_worked_example_uses_the_nodes_example_values(self, book_file: Path) -> None:
        """The generated example unit shows the lapse each node's example_values() asks for."""
        (documented,) = document_rulebooks({"custom-2024": book_file})
        assert documented.example is not None, documented.note
        assert documented.example.result.total == 15
        page = rulebook_page(documented)
        assert "迟报信息2次，扣3分" in page and "受到上级表彰1次，加1分" in page

    def test_site_pages(self, book_file: Path) -> None:
        """The site's pages for the folder include the rulebook's own page."""
        pages = rulebook_pages(document_rulebooks({"custom-2024": book_file}))
        assert any(DOUBLING_CRITERION in page for page in pages.values())

    def test_docs_command_builds_the_site(self, book_file: Path, tmp_path: Path) -> None:
        """assessment-rules docs builds a site whose page shows the custom criterion."""
        pytest.importorskip("mkdocs", reason="the docs command needs the docs extra")
        out = tmp_path / "site"
        invoke("docs", book_file.parent, "--out", out)
        page = (out / "rulebooks" / "custom-2024" / "index.html").read_text("utf-8")
        assert "迟报信息的，第1次扣1分" in page


class TestDiffAndDerive:
    def test_diff_names_the_changed_custom_fields(self, tmp_path: Path, book_file: Path) -> None:
        """A copy with most 5 → 3 and the award cap 3 → 4 shows both fields changed."""
        new = write_rulebook(tmp_path / "next", "custom-2025", year=2025, most=3, cap="4")
        document = json.loads(invoke("diff", book_file, new, "--format", "json").output)
        changed = {(c["path"], c["field"]): (c["old"], c["new"]) for c in document["changes"]}
        assert changed[("report.timely.late", "most")] == (5, 3)
        assert changed[("awards", "cap")] == ("3", "4")
        assert changed[("report.timely.late", "maximum")] == ("5", "3")  # the fact follows
        text = invoke("diff", book_file, new).output
        assert "report.timely.late" in text and "awards" in text
        markdown = invoke("diff", book_file, new, "--format", "md").output
        assert "`report.timely.late`" in markdown

    def test_an_added_custom_clause_is_stated_by_its_criterion(
        self, tmp_path: Path, book_file: Path
    ) -> None:
        """A second doubling clause added next year is listed with its own sentence."""
        new = write_rulebook(tmp_path / "next", "custom-2025", year=2025, extra=True)
        document = json.loads(invoke("diff", book_file, new, "--format", "json").output)
        added = [c for c in document["changes"] if c["path"] == "report.timely.late_forms"]
        assert added and added[0]["kind"] == "added"
        text = invoke("diff", book_file, new).output
        assert "迟报统计报表的，第1次扣1分，第2次扣2分，第3次扣4分，依次加倍，最多计4次" in text

    def test_diff_sees_the_same_kind_in_both_files(self, tmp_path: Path, book_file: Path) -> None:
        """Each year's file defines its own Doubling class: no change of kind is reported."""
        new = write_rulebook(tmp_path / "next", "custom-2025", year=2025, most=3, cap="4")
        document = json.loads(invoke("diff", book_file, new, "--format", "json").output)
        assert [c for c in document["changes"] if c["field"] == "kind"] == []

    def test_diff_rescores_last_years_evidence(
        self, tmp_path: Path, book_file: Path, evidence_file: Path
    ) -> None:
        """capped's award counts 4 instead of 3 under the new cap: 10 → 11."""
        new = write_rulebook(tmp_path / "next", "custom-2025", year=2025, most=5, cap="4")
        text = invoke("diff", book_file, new, "--evidence", evidence_file).output
        assert "10 不合格 → 11 不合格 (+1)" in text

    def test_derive_sets_a_custom_field(self, book_file: Path) -> None:
        """Set on the custom node's own field rebuilds it; the new book scores by it."""
        old = load_rulebook(book_file)
        new = derive(
            old,
            Set("report.timely.late", most=3),
            Set("awards", each="2"),
            id="custom-2025",
            year=2025,
        )
        assert isinstance(new, Rulebook)
        late = new.node("report.timely.late")
        assert (late.most, type(late).__name__) == (3, "Doubling")  # type: ignore[attr-defined]
        assert late.criterion().endswith("最多计3次")
        # 3 late reports still cost 1 + 2 + 4 = 7; 2 awards now add 2 × 2 = 4, capped at 3.
        values = {"late": 3, "no_plan": False, "awards": 2}
        assert new.evaluate(values).total == 20 - 7 + 3
        assert old.evaluate(values).total == 20 - 7 + 2
        # The fact's maximum follows the field: a fourth late report is no longer valid.
        assert new.facts["late"].maximum == 3
        changes = {(c.path, c.field) for c in diff_rulebooks(old, new).changes}
        assert {("report.timely.late", "most"), ("awards", "each")} <= changes
