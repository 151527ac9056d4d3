"""Chinese first, English on request: the language choice, sample messages in both
languages, and a catalog that covers every message and is compiled from its ``.po``.

The expected Chinese texts are the translations in
``src/assessment_rules/locale/zh/LC_MESSAGES/assessment_rules.po``, written out here
so that a change to either is seen.
"""

from __future__ import annotations

import inspect
import re
import threading
from pathlib import Path
from typing import Final

import click
import pytest
from click.testing import CliRunner

from assessment_rules import (
    AssessmentRulesError,
    CapAt,
    Deduct,
    EvidenceError,
    Item,
    Judgment,
    Rulebook,
    Section,
    evaluate,
)
from assessment_rules._i18n import (
    ENV_VARIABLE,
    current_language,
    gettext,
    language_from_accept,
    set_language,
    use_language,
)
from assessment_rules.calendar import parse_when
from assessment_rules.cli import main
from assessment_rules.cli._lang import CLICK_MESSAGES, TemplatedHelpOption
from assessment_rules.cli._outline import unit_outline
from assessment_rules.cli._render import outline_text
from assessment_rules.io import load_evidence
from assessment_rules.yearly import lint

babel = pytest.importorskip("babel", reason="the catalog tests need Babel (the test extra)")

from assessment_rules.locale._catalog import (  # noqa: E402 - after the skip
    MO_FILE,
    compiled,
    extract_messages,
    read_catalog,
)

EXAMPLES = Path(__file__).parents[2] / "examples"
WUJIN = str(EXAMPLES / "wujin-2021-departments.yaml")

BOOK = Rulebook(
    "tiny",
    "示例",
    points="25",
    children=(
        Section(
            "org",
            "组织领导",
            points="25",
            children=(
                Item(
                    "plan",
                    "年度计划",
                    points="10",
                    children=(Deduct("no_plan", "未制定年度计划", rate="2"),),
                ),
                Judgment("work", "工作成效", points="15"),
            ),
        ),
    ),
)


def problems(facts: dict[str, object]) -> str:
    """The message of the error that *facts* give for BOOK."""
    with pytest.raises(EvidenceError) as caught:
        evaluate(BOOK, facts)
    return str(caught.value)


def invoke(*args: str, env: dict[str, str | None] | None = None) -> click.testing.Result:
    """Run the CLI with *env* over the test session's (English) environment."""
    return CliRunner(env={"COLUMNS": "200", **(env or {})}).invoke(main, list(args))


class TestLanguageChoice:
    def test_default_is_chinese(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Without a call or the environment variable, messages are Chinese."""
        monkeypatch.delenv(ENV_VARIABLE)
        assert current_language() == "zh"
        assert gettext("is not filled in ({expected})") == "未填写（应填{expected}）"

    def test_environment_variable(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """The environment variable chooses, in locale spellings too."""
        monkeypatch.setenv(ENV_VARIABLE, "en_US.UTF-8")
        assert current_language() == "en"
        monkeypatch.setenv(ENV_VARIABLE, "zh-CN")
        assert current_language() == "zh"

    def test_explicit_call_wins_over_environment(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """use_language wins over the environment variable, and ends with its block."""
        monkeypatch.setenv(ENV_VARIABLE, "en")
        with use_language("zh"):
            assert current_language() == "zh"
        assert current_language() == "en"

    def test_unknown_language_is_refused(self) -> None:
        """A language without a catalog is an error naming the choices."""
        with pytest.raises(ValueError, match="language='fr' must be one of zh, en"):
            set_language("fr")

    def test_threads_keep_their_own_language(self) -> None:
        """Two threads rendering at the same moment each get their own language."""
        barrier = threading.Barrier(2)
        seen: dict[str, str] = {}

        def render(language: str) -> None:
            with use_language(language):
                barrier.wait()
                seen[language] = problems({"no_plan": True})

        threads = [threading.Thread(target=render, args=(lang,)) for lang in ("zh", "en")]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert seen["zh"].startswith("证据中有1处问题：")
        assert seen["en"].startswith("1 problem in the evidence:")

    @pytest.mark.parametrize(
        ("header", "expected"),
        [
            ("zh-CN,zh;q=0.9,en;q=0.8", "zh"),
            ("en-US,en;q=0.9", "en"),
            ("fr;q=1, en-GB;q=0.8, zh;q=0.5", "en"),
            ("zh;q=0.2, en;q=0", "zh"),
            ("de", None),
            ("", None),
        ],
    )
    def test_accept_language(self, header: str, expected: str | None) -> None:
        """Accept-Language picks the heaviest language shown here; q=0 refuses one."""
        assert language_from_accept(header) == expected


class TestEvidenceMessages:
    def test_bad_yes_no_value(self) -> None:
        """A flag given 是的 says, in each language, that 是 or 否 is wanted."""
        facts = {"no_plan": "是的", "work": "10"}
        with use_language("zh"):
            assert (
                "单位 'unit'：未制定年度计划（no_plan='是的'）"
                "必须填写“是”或“否”，也可填 true/false" in problems(facts)
            )
        with use_language("en"):
            assert (
                "unit 'unit': 未制定年度计划 (no_plan='是的') must be yes or no "
                "(是/否, true/false)" in problems(facts)
            )

    def test_missing_fact(self) -> None:
        """A fact left out is named with its label and what to write."""
        with use_language("zh"):
            text = problems({"work": "10"})
        assert text == (
            "证据中有1处问题：\n"
            "  - 单位 'unit'：未制定年度计划（no_plan）未填写"
            "（应填“是”或“否”，也可填 true/false） [org.plan.no_plan]"
        )
        with use_language("en"):
            assert "未制定年度计划 (no_plan) is not filled in (yes or no" in problems(
                {"work": "10"}
            )

    def test_number_out_of_range(self) -> None:
        """A judged score above its points gives the range in words."""
        facts = {"no_plan": False, "work": "16"}
        with use_language("zh"):
            assert "工作成效（work='16'）必须填写0至15之间的分数" in problems(facts)
        with use_language("en"):
            assert "工作成效 (work='16') must be a number from 0 to 15" in problems(facts)

    def test_every_problem_counted_in_both_languages(self) -> None:
        """Three problems are counted and listed in either language."""
        facts = {"no_plan": "maybe", "work": "-1", "extra": 1}
        with use_language("zh"):
            text = problems(facts)
            assert text.startswith("证据中有3处问题：")
            assert "extra=1 不是考核细则 'tiny' 中的事实" in text
        with use_language("en"):
            assert problems(facts).startswith("3 problems in the evidence:")


class TestCommandLine:
    def test_help_is_chinese_by_default(self) -> None:
        """`score --help` with no language chosen is in Chinese, headings and options too."""
        run = invoke("score", "--help", env={ENV_VARIABLE: None})
        assert run.exit_code == 0, run.output
        assert run.output.startswith("用法： main score [OPTIONS] RULEBOOK EVIDENCE...")
        assert (
            "按考核细则 RULEBOOK 对 EVIDENCE 中的每个单位计分、排名，并说明每一处失分。"
            in run.output
        )
        assert "选项:" in run.output and "显示本帮助并退出。" in run.output
        assert "Score every unit" not in run.output

    def test_help_in_english_with_lang(self) -> None:
        """`--lang en score --help` is click's English help, exactly as written."""
        run = invoke("--lang", "en", "score", "--help", env={ENV_VARIABLE: None})
        assert run.exit_code == 0, run.output
        assert run.output.startswith("Usage: main score [OPTIONS]")
        assert "Score every unit in EVIDENCE against RULEBOOK" in run.output
        assert "Show this message and exit." in run.output

    def test_help_in_english_with_environment(self) -> None:
        """The environment variable gives English help too; --lang zh overrides it."""
        run = invoke("score", "--help", env={ENV_VARIABLE: "en"})
        assert "Score every unit in EVIDENCE" in run.output
        run = invoke("--lang", "zh", "score", "--help", env={ENV_VARIABLE: "en"})
        assert "用法：" in run.output

    def test_command_list_gives_first_sentences(self) -> None:
        """The group's help lists each command by its first Chinese sentence."""
        run = invoke("--help", env={ENV_VARIABLE: None})
        assert re.search(r"explain\s+说明一个单位的得分由来。\n", run.output), run.output

    def test_unknown_language(self) -> None:
        """--lang fr is a usage error (exit 2) that says what to give."""
        run = invoke("--lang", "fr", "list", env={ENV_VARIABLE: None})
        assert run.exit_code == 2
        assert "不支持语言 'fr'：请填写 zh 或 en" in run.output

    def test_summary_heading(self) -> None:
        """The summary under the ranking is Chinese by default, English with --lang en."""
        run = invoke("score", "wujin-2021-departments", WUJIN, env={ENV_VARIABLE: None})
        assert run.exit_code == 0, run.output
        assert "等次分布：" in run.stdout and "失分最多的条款：" in run.stdout
        assert "排名" in run.stdout
        run = invoke("--lang", "en", "score", "wujin-2021-departments", WUJIN)
        assert (
            "Grades: " in run.stdout and "Clauses where the cohort lost most points:" in run.stdout
        )
        assert "Rank" in run.stdout and "等次分布" not in run.stdout

    def test_evidence_error_in_chinese(self, tmp_path: Path) -> None:
        """A bad value in an evidence file is reported in Chinese, exit code 4."""
        evidence = tmp_path / "e.yaml"
        evidence.write_text("units:\n  - id: a\n    facts:\n      no_plan: 是的\n", "utf-8")
        book = tmp_path / "tiny.py"
        book.write_text(
            "from assessment_rules import Deduct, Item, Rulebook, Section\n"
            "RULEBOOK = Rulebook('tiny', '示例', points='10', children=(Section('org', '组织',"
            " points='10', children=(Item('plan', '计划', points='10', children=("
            "Deduct('no_plan', '未制定年度计划', rate='2'),)),)),))\n",
            "utf-8",
        )
        run = invoke("score", str(book), str(evidence), env={ENV_VARIABLE: None})
        assert run.exit_code == 4, run.output
        assert run.stderr.startswith("错误：证据中有1处问题：")
        assert "必须填写“是”或“否”" in run.stderr


class TestMessagesOfEveryArea:
    """One message from each area that reads files or options, in both languages."""

    def test_evidence_file_problem(self, tmp_path: Path) -> None:
        """An evidence file whose units are not a list says so in Chinese and English."""
        evidence = tmp_path / "e.yaml"
        evidence.write_text("units: 3\n", "utf-8")
        for language, expected in (
            ("zh", "units=3 必须是单位列表"),
            ("en", "units=3 must be a list of units"),
        ):
            with use_language(language), pytest.raises(AssessmentRulesError) as caught:
                load_evidence([evidence])
            assert f"  - {evidence}: {expected}" in str(caught.value).splitlines()

    def test_yaml_reader_problem(self, tmp_path: Path) -> None:
        """A key given twice in a YAML mapping names both lines in either language."""
        evidence = tmp_path / "e.yaml"
        evidence.write_text("units: []\nunits: []\n", "utf-8")
        with use_language("zh"), pytest.raises(AssessmentRulesError) as caught:
            load_evidence([evidence])
        assert "键 'units' 在同一个映射中出现两次（第一次在第1行）；请只保留一个" in str(
            caught.value
        )
        with use_language("en"), pytest.raises(AssessmentRulesError) as caught:
            load_evidence([evidence])
        assert "key 'units' is given twice in one mapping (first on line 1); keep one" in str(
            caught.value
        )

    def test_calendar_date_error(self) -> None:
        """A month that does not exist is named in the plan's own words."""
        with use_language("zh"), pytest.raises(AssessmentRulesError) as caught:
            parse_when("13月", 2024)
        assert str(caught.value) == "date='13月' 所写的13月不存在"
        with use_language("en"), pytest.raises(AssessmentRulesError) as caught:
            parse_when("13月", 2024)
        assert str(caught.value) == "date='13月' names month 13, which does not exist"

    def test_cli_usage_error(self) -> None:
        """`template` given both --units and --unit is a usage error (exit 2) in each language."""
        args = ("template", "wujin-2021-departments", "--units", "2", "--unit", "a")
        run = invoke(*args, env={ENV_VARIABLE: None})
        assert run.exit_code == 2
        assert "错误：--units N 与 --unit ID… 只能用其一" in run.output
        run = invoke("--lang", "en", *args)
        assert run.exit_code == 2
        assert "Error: give either --units N or --unit ID…, not both" in run.output

    def test_list_headings(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """`list` on a terminal heads its table in the chosen language."""
        monkeypatch.setattr("assessment_rules.cli._list.stdout_is_terminal", lambda: True)
        run = invoke("list", env={ENV_VARIABLE: None})
        assert run.exit_code == 0, run.output
        assert "考核细则" in run.output and "名称" in run.output and "Title" not in run.output
        run = invoke("--lang", "en", "list")
        assert "Rulebooks" in run.output and "Title" in run.output and "名称" not in run.output


class TestToolWordsAroundRulebookText:
    """The tool's own words around the rulebook's texts follow the language; the
    rulebook's texts (titles, reasons, grade names) stay as written."""

    # BOOK with no_plan and a judged 12 of 15: 年度计划 10 − 2 = 8, 工作成效 15 − 12 = 3
    # lost, total 25 − 2 − 3 = 20, under 合格's 60 of the default bands: 不合格.
    FACTS: Final = {"no_plan": True, "work": "12"}

    def outline(self, language: str) -> str:
        result = evaluate(BOOK, self.FACTS)
        with use_language(language):
            return outline_text(unit_outline(result, BOOK))

    def test_explain_header_in_chinese(self) -> None:
        """explain's first line in Chinese is the one the office has always read."""
        lines = self.outline("zh").splitlines()
        assert lines[0] == "unit：总分20分（满分25分，扣5分，加0分），等次不合格"
        assert "│   ├── 年度计划：8/10分，扣2" in lines
        assert "│       ├── 原因：工作成效评分得12分（满分15分），扣3分" in lines
        assert "└── 整改清单" in lines

    def test_explain_header_in_english(self) -> None:
        """In English the header and labels are English around the Chinese rule texts."""
        lines = self.outline("en").splitlines()
        assert lines[0] == "unit: total 20 (out of 25, 5 deducted, 0 added), grade 不合格"
        assert "│   ├── 年度计划: 8/10 points, 2 deducted" in lines
        assert "│       ├── Reason: 工作成效评分得12分（满分15分），扣3分" in lines
        assert "└── To fix" in lines
        assert not any(word in self.outline("en") for word in ("总分", "原因：", "整改清单"))

    def lint_message(self, language: str) -> tuple[str, str]:
        """A 10-point 扣完为止 item whose two flags take at most 2 + 1 = 3."""
        item = CapAt(
            Item(
                "i",
                "项",
                points="10",
                source="s",
                children=(
                    Deduct("a", "甲", rate="2", default=False, source="s"),
                    Deduct("b", "乙", rate="1", default=False, source="s"),
                ),
            )
        )
        book = Rulebook(
            "lint-me",
            "示例",
            points="10",
            document="示例文件",
            children=(Section("part", "部分", points="10", source="一", children=(item,)),),
        )
        with use_language(language):
            (finding,) = (f for f in lint(book) if f.code == "cap-never-binds")
            return finding.message, str(finding)

    def test_lint_warning_in_chinese(self) -> None:
        """A lint warning reads as an office analyst would write it."""
        message, line = self.lint_message("zh")
        assert message == "扣分上限10分不起作用：其下各项最多只扣3分"
        assert line == f"警告 [cap-never-binds] part.i: {message}"

    def test_lint_warning_in_english(self) -> None:
        """The same warning in English, its code and path unchanged."""
        message, line = self.lint_message("en")
        assert message == "the cap at 10 never binds: its deductions take at most 3"
        assert line == f"warning [cap-never-binds] part.i: {message}"

    def test_tasks_heading_in_both_languages(self) -> None:
        """tasks' title and column headings follow --lang; its Markdown stays Chinese."""
        args = ("tasks", "putuo-2024-workplan", "--as-of", "2024-12-31")
        chinese = invoke("--lang", "zh", *args)
        english = invoke("--lang", "en", *args)
        assert chinese.exit_code == english.exit_code == 0, chinese.output + english.output
        assert " · 截至 2024-12-31" in chinese.output
        assert all(head in chinese.output for head in ("序号", "截止日期", "牵头单位", "状态"))
        assert " · as of 2024-12-31" in english.output
        assert all(head in english.output for head in ("No.", "Due", "Lead units", "Status"))
        assert "截至" not in english.output and "截止日期" not in english.output
        markdown = invoke("--lang", "en", *args, "--format", "md").output
        assert markdown.splitlines()[2] == (
            "| 序号 | 任务 | 时间节点 | 截止日期 | 牵头单位 | 状态 |"
        )


class TestCatalog:
    def test_every_message_is_translated(self) -> None:
        """Every message marked in the source has a Chinese translation in the catalog."""
        catalog = read_catalog()
        untranslated = []
        for message in extract_messages():
            if not message.id:
                continue
            found = catalog.get(message.id)
            strings = () if found is None else found.string
            strings = (strings,) if isinstance(strings, str) else strings
            if found is None or found.fuzzy or not all(strings):
                untranslated.append(message.id)
        assert not untranslated, (
            "run `python -m assessment_rules.locale` and translate in the .po:\n"
            + "\n".join(repr(m) for m in untranslated)
        )

    def test_placeholders_match(self) -> None:
        """A translation has exactly the placeholders of its message."""
        fields = re.compile(r"\{[^{}]*\}")
        wrong = []
        for message in read_catalog():
            if not message.id or not message.string:
                continue
            ids = (message.id,) if isinstance(message.id, str) else message.id
            strings = (message.string,) if isinstance(message.string, str) else message.string
            wanted = set(fields.findall(ids[-1]))
            for string in strings:
                if set(fields.findall(string)) != wanted:
                    wrong.append((ids[0], string))
        # Plural forms may drop the count a language does not need; none do here.
        assert not wrong

    def test_compiled_catalog_is_up_to_date(self) -> None:
        """The shipped .mo is the compilation of the .po (run the locale command if not)."""
        assert MO_FILE.read_bytes() == compiled(read_catalog()), (
            "the .mo is stale: run `python -m assessment_rules.locale`"
        )

    def test_click_messages_are_clicks(self) -> None:
        """Each click text the catalog translates is still written so in click's source."""
        source = "".join(
            path.read_text("utf-8") for path in Path(click.__file__).parent.glob("*.py")
        )
        for message in CLICK_MESSAGES:
            for text in (message,) if isinstance(message, str) else message:
                assert repr(text)[1:-1] in source or text in source, text

    def test_every_cli_help_is_translated(self) -> None:
        """Every command's and option's help, as click holds it, has a translation."""
        missing = []
        ctx = click.Context(main)
        commands = [main, *main.commands.values()]
        with use_language("zh"):
            for command in commands:
                texts = [command.help or ""]
                texts += [
                    getattr(p, "help", None) or ""
                    for p in command.get_params(ctx)
                    if not isinstance(p, TemplatedHelpOption)
                ]
                for text in texts:
                    clean = inspect.cleandoc(text) if text else ""
                    if clean and gettext(clean) == clean:
                        missing.append(clean)
        assert not missing
