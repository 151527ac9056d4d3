"""Whole pages of the documentation site, as Markdown strings keyed by their path.

:func:`rulebook_pages` makes the rulebook part of a site (an overview, one page per
rulebook, one page of changes per rulebook that revises another, and the navigation
file read by ``mkdocs-literate-nav``); :func:`reference_pages` makes the API reference
from ``assessment_rules.__all__``. Loading rulebooks and examples is kept apart in
:func:`document_rulebooks`, so every page function is pure.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import attrs

from ..engine._errors import AssessmentRulesError
from ..engine._loading import load_rulebook
from ..engine._numbers import fmt
from ..engine._rulebook import Rulebook
from ..yearly._diff import diff_markdown
from ._changes import predecessor_of
from ._example import WorkedExample, example_from_defaults, find_example, load_example
from ._markdown import (
    cell,
    render_example,
    render_facts,
    render_grades,
    render_notes,
    render_score_sheet,
    render_sources,
)
from ._sheet import ScoreSheet, score_sheet

__all__ = [
    "REFERENCE_GROUPS",
    "DocumentedRulebook",
    "changes_page",
    "document_rulebooks",
    "reference_pages",
    "rulebook_page",
    "rulebook_pages",
    "rulebooks_index",
]


@attrs.frozen
class DocumentedRulebook:
    """A rulebook ready to be documented: the rulebook and its worked example.

    Attributes:
        rulebook: The rulebook.
        example: Its worked example, or ``None`` when none could be built.
        note: Why there is no example (shown on the page), or "".
        sheet: Its score sheet, laid out once for the page and the overview.
    """

    rulebook: Rulebook
    example: WorkedExample | None = None
    note: str = ""
    sheet: ScoreSheet = attrs.field(init=False, eq=False, repr=False)

    @sheet.default
    def _sheet(self) -> ScoreSheet:
        return score_sheet(self.rulebook)


def _shown(path: Path, rulebook_file: Path) -> str:
    base = rulebook_file.resolve().parent.parent
    try:
        return path.resolve().relative_to(base).as_posix()
    except ValueError:
        return path.name


def document_rulebooks(files: Mapping[str, Path]) -> list[DocumentedRulebook]:
    """Load rulebooks by file and build each one's worked example.

    The example evidence is ``examples/<rulebook-id>.yaml`` found by
    :func:`find_example`; without one, an example is built from the facts.

    Args:
        files: Rulebook id (or any label) → the rulebook's Python file.

    Returns:
        The documented rulebooks, sorted by id.

    Raises:
        RulebookError: A rulebook cannot be loaded.
        EvidenceFileError, EvidenceError: An example evidence file is wrong.
    """
    documented: list[DocumentedRulebook] = []
    for path in files.values():
        book = load_rulebook(path)
        example_file = find_example(path, book.id)
        if example_file is not None:
            example = load_example(book, example_file, _shown(example_file, path))
            documented.append(DocumentedRulebook(book, example))
            continue
        try:
            documented.append(DocumentedRulebook(book, example_from_defaults(book)))
        except AssessmentRulesError as error:
            note = f"无法自动构造示例单位：{error}"
            documented.append(DocumentedRulebook(book, None, note))
    return sorted(documented, key=lambda d: d.rulebook.id)


def _label(book: Rulebook) -> str:
    return f"{book.title}（{book.year}）" if book.year else book.title


def _meta(book: Rulebook, predecessor: str, has_changes: bool, linked: bool) -> str:
    rows = ["| 项目 | 内容 |", "|---|---|", f"| 细则编号 | `{book.id}` |"]
    if book.document:
        rows.append(f"| 文件 | {cell(book.document)} |")
    if book.source:
        rows.append(f"| 文号 | {cell(book.source)} |")
    if book.year:
        rows.append(f"| 考核年度 | {book.year} |")
    rows.append(f"| 满分 | {fmt(book.points)}分 |")
    rows.append(f"| 需填报的事实 | {len(book.facts)} 项 |")
    if predecessor:
        link = f"[{predecessor}]({predecessor}.md)" if linked else f"`{predecessor}`"
        changes = f"，[查看变化]({book.id}-changes.md)" if has_changes else ""
        rows.append(f"| 上一版 | {link}{changes} |")
    return "\n".join(rows) + "\n"


def rulebook_page(
    documented: DocumentedRulebook,
    predecessor: str = "",
    has_changes: bool = False,
    linked: bool = False,
) -> str:
    """Render one rulebook's page: description, score sheet, notes, facts, example, sources.

    Args:
        documented: The rulebook and its worked example.
        predecessor: The id of the rulebook it revises, or "".
        has_changes: Whether a change page exists (``<id>-changes.md`` beside it).
        linked: Whether the predecessor has a page on the same site (``<id>.md``).

    Returns:
        The page's Markdown.

    >>> from assessment_rules import load_rulebook
    >>> page = rulebook_page(DocumentedRulebook(load_rulebook("wujin-2021-departments")))
    >>> page.splitlines()[6]
    '# 部门（单位）安全生产目标任务考核细则（2021）'
    """
    book = documented.rulebook
    sheet = documented.sheet
    parts = [
        # Ranked above the guides that mention the same terms: an officer searching
        # 一票否决 is looking for the clauses.
        f"---\ntitle: {_label(book)}\nsearch:\n  boost: 3\n---\n",
        f"# {_label(book)}\n",
        _meta(book, predecessor, has_changes, linked),
    ]
    if book.description:
        parts.append("## 说明\n")
        parts.append(book.description.strip() + "\n")
    parts.append("## 考核细则（评分表） {#score-sheet}\n")
    parts.append(render_score_sheet(sheet))
    parts.append("### 注\n")
    parts.append(render_notes(sheet))
    parts.append("### 考核等次\n")
    parts.append(render_grades(sheet))
    parts.append("## 需要填报的事实 {#facts}\n")
    parts.append(
        "考核人员为每个被考核单位填写下列事实（证据文件 `facts:` 下的键）。"
        "标注“必填”的必须填写；其余未填写时取默认值。\n"
    )
    parts.append(render_facts(book.facts, book.fact_paths))
    parts.append("## 示例：计分与失分原因 {#example}\n")
    if documented.example is not None:
        parts.append(render_example(documented.example, book))
    else:
        parts.append(cell(documented.note or "没有示例。") + "\n")
    parts.append("## 条款来源 {#sources}\n")
    parts.append(render_sources(book))
    return "\n".join(parts)


def changes_page(old: Rulebook, new: Rulebook, declared: bool, linked: bool = True) -> str:
    """Render the page of what changed from *old* (the predecessor) to *new*.

    Args:
        old: The predecessor.
        new: The rulebook that revises it.
        declared: Whether *new* declares its predecessor (else it was inferred).
        linked: Whether *old* has a page on the same site to link to.
    """
    how = "本细则声明其上一版为" if declared else "本细则未声明上一版；按编号中的年度推断上一版为"
    return "\n".join(
        [
            f"---\ntitle: {_label(new)}：与上一版相比的变化\n---\n",
            f"# {_label(new)}：与上一版相比的变化\n",
            f"{how} {f'[{_label(old)}]({old.id}.md)' if linked else _label(old)}（`{old.id}`）。"
            f"本页列出 [{new.id}]({new.id}.md) 相对于它的变化，"
            "每一项写明改了什么、原来怎样、现在怎样。\n",
            diff_markdown(old, new).rstrip() + "\n",
        ]
    )


def rulebooks_index(documented: Sequence[DocumentedRulebook]) -> str:
    """Render the overview page listing every rulebook."""
    lines = [
        "---\ntitle: 考核细则\n---\n",
        "# 考核细则\n",
        "下列考核细则均由代码中的规则生成：评分表与纸质细则的版式一致"
        "（序号 / 项目 / 考核内容 / 考核标准 / 分值），并附填报事实、计分示例和每一条款的来源。\n",
        "| 细则 | 编号 | 年度 | 满分 | 条款数 |",
        "|---|---|---|---|---|",
    ]
    for entry in documented:
        book = entry.rulebook
        clauses = sum(1 for _ in entry.sheet.criteria)
        lines.append(
            f"| [{cell(book.title)}]({book.id}.md) | `{book.id}` | {book.year or '—'} | "
            f"{fmt(book.points)} | {clauses} |"
        )
    return "\n".join(lines) + "\n"


def rulebook_pages(documented: Sequence[DocumentedRulebook]) -> dict[str, str]:
    """Make every rulebook page of a site, keyed by path relative to the rulebook folder.

    Returns ``index.md``, ``<id>.md`` for each rulebook, ``<id>-changes.md`` for each
    rulebook whose predecessor is among *documented* or bundled, and ``SUMMARY.md``
    (the section's navigation for ``mkdocs-literate-nav``).
    """
    known = {d.rulebook.id: d.rulebook for d in documented}
    pages: dict[str, str] = {"index.md": rulebooks_index(documented)}
    nav = ["* [概览](index.md)"]
    for entry in documented:
        book = entry.rulebook
        predecessor, declared = predecessor_of(book, known)
        old = known.get(predecessor)
        if old is None and predecessor:
            try:
                old = load_rulebook(predecessor)
            except AssessmentRulesError:
                old = None
        linked = predecessor in known
        pages[f"{book.id}.md"] = rulebook_page(entry, predecessor, old is not None, linked)
        nav.append(f"* [{_label(book)}]({book.id}.md)")
        if old is not None:
            pages[f"{book.id}-changes.md"] = changes_page(old, book, declared, linked)
            nav.append(f"* [{_label(book)}：变化]({book.id}-changes.md)")
    pages["SUMMARY.md"] = "\n".join(nav) + "\n"
    return pages


REFERENCE_GROUPS: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    (
        "dsl",
        "规则语言（DSL）",
        "编写考核细则所用的节点：部分、考核内容、扣完为止、扣分、评分、一票否决、加分与等次。",
        (
            "Rulebook",
            "Section",
            "Item",
            "CapAt",
            "Deduct",
            "DEDUCT_SHAPES",
            "Judgment",
            "ExecutionRateScore",
            "Veto",
            "Bonus",
            "AwardLevel",
            "GradeBand",
            "STANDARD_GRADES",
            "FINANCE_GRADES",
        ),
    ),
    (
        "protocol",
        "节点协议",
        "编写自己的规则形状：每种节点在自己的类里说明各工具需要的一切（见“编写自己的规则形状”）。",
        ("Node", "ScoredLeaf", "BonusLeaf", "VetoLeaf", "Lapse", "Gain", "Limits"),
    ),
    (
        "facts",
        "事实与证据",
        "细则需要的事实（Fact）与被考核单位填报的证据（Evidence）。",
        ("Fact", "FACT_KINDS", "Evidence"),
    ),
    (
        "scoring",
        "评分与结果",
        "为一个单位或一批单位评分；结果树、台账与排名。",
        (
            "evaluate",
            "assess",
            "UnitResult",
            "NodeResult",
            "LedgerEntry",
            "VetoHit",
            "Cohort",
            "RankedUnit",
            "competition_ranks",
            "grade_for",
            "round_half_up",
        ),
    ),
    (
        "loading",
        "加载细则",
        "按编号加载随库附带的细则，或按路径加载自己的细则文件。",
        ("load_rulebook", "bundled_rulebooks"),
    ),
    (
        "errors",
        "错误",
        "所有错误共有一个根类；细则错误与证据错误分别给出路径、字段与期望。",
        ("AssessmentRulesError", "RulebookError", "EvidenceError", "Problem"),
    ),
)
"""The reference pages: (slug, title, introduction, public names) in reading order."""

ROOMS: tuple[tuple[str, str, str], ...] = (
    ("engine", "引擎", "节点协议、事实与证据、计分与结果；不认识任何具体的规则形状。"),
    ("combinators", "内置规则形状", "按节点协议编写的内置组合子。"),
    ("cohorts", "单位群体", "排名、等次、优秀名额、单位名录、多部门证据、自评与考核对比。"),
    ("finance", "财政绩效自评", "绩效指标、预算执行率与自评表。"),
    ("yearly", "逐年修订", "派生、比较、重算、检查与测试用例。"),
    ("calendar", "考核日历", "截止日期、任务状态、季度与年度汇总。"),
)
"""The package's rooms whose public names that are not at the top level get a page."""

_SKIPPED = frozenset({"__version__"})


def reference_pages(public: Iterable[str]) -> dict[str, str]:
    """Make the API reference pages (mkdocstrings directives) for the public names.

    Every name of *public* (``assessment_rules.__all__``) is placed on its group's
    page; names not in :data:`REFERENCE_GROUPS` (added later) go on a page of their
    own, so a new public name is documented without editing this module. The I/O
    package (the JSON contract) and this docs package get a page each.

    Returns:
        Pages keyed by path relative to the reference folder, with ``SUMMARY.md``.

    >>> pages = reference_pages(["Deduct", "evaluate", "brand_new"])
    >>> sorted(pages)[:6]
    ['SUMMARY.md', 'calendar.md', 'cohorts.md', 'combinators.md', 'docs.md', 'dsl.md']
    """
    names = [name for name in public if name not in _SKIPPED]
    placed: set[str] = set()
    pages: dict[str, str] = {}
    nav = ["* [概览](index.md)"]
    index = [
        "# API 参考\n",
        "顶层公开接口即 `assessment_rules.__all__` 中的名称，"
        "均可 `from assessment_rules import …`；"
        "其余公开名称按包的分区（`engine`、`combinators`、`cohorts`、`finance`、`yearly`、"
        "`calendar`、`io`、`docs`）各有一页。"
        "以下各页由源码中的文档字符串生成；文档字符串中的示例在测试中作为 doctest 运行。\n",
    ]
    for slug, title, intro, members in REFERENCE_GROUPS:
        present = [name for name in members if name in names]
        placed.update(present)
        if not present:
            continue
        pages[f"{slug}.md"] = _reference_page(title, intro, present)
        nav.append(f"* [{title}]({slug}.md)")
        index.append(f"- [{title}]({slug}.md)：{intro}")
    rest = [name for name in names if name not in placed]
    if rest:
        title = "其他公开接口"
        intro = "其余公开名称。"
        pages["more.md"] = _reference_page(title, intro, rest)
        nav.append(f"* [{title}](more.md)")
        index.append(f"- [{title}](more.md)：{intro}")
    top = set(names)
    modules = {room: importlib.import_module(f"assessment_rules.{room}") for room, _, _ in ROOMS}
    for room, title, intro in ROOMS:
        module = modules[room]
        own = [
            name
            for name in module.__all__
            if name not in top and _home(name, room, modules) == room
        ]
        if not own:
            continue
        directives = "\n\n".join(f"::: assessment_rules.{room}.{name}" for name in own)
        pages[f"{room}.md"] = (
            f"# {title}（`assessment_rules.{room}`）\n\n{intro}"
            f"顶层已列出的名称见其他页面；以下名称从 `assessment_rules.{room}` 导入。\n\n"
            f"{directives}\n"
        )
        nav.append(f"* [{title}]({room}.md)")
        index.append(f"- [{title}]({room}.md)：`assessment_rules.{room}`，{intro}")
    pages["io.md"] = (
        "# 读写：证据文件与 JSON 结果\n\n"
        "`assessment_rules.io` 读取证据文件（YAML/JSON，数字保持精确），"
        "并写出供其他工具读取的 JSON 结果（版本化的契约）。\n\n"
        "::: assessment_rules.io\n"
    )
    nav.append("* [读写：证据与 JSON](io.md)")
    index.append("- [读写：证据文件与 JSON 结果](io.md)：`assessment_rules.io`。")
    pages["docs.md"] = (
        "# 文档生成\n\n"
        "`assessment_rules.docs` 由细则生成本站的细则页面（评分表、填报事实、示例、来源、变化）。"
        "`assessment-rules docs` 命令用它为你自己的细则生成同样的站点。\n\n"
        "::: assessment_rules.docs\n"
    )
    nav.append("* [文档生成](docs.md)")
    index.append("- [文档生成](docs.md)：`assessment_rules.docs`。")
    pages["index.md"] = "\n".join(index) + "\n"
    pages["SUMMARY.md"] = "\n".join(nav) + "\n"
    return pages


def _home(name: str, room: str, modules: Mapping[str, object]) -> str:
    """The room that documents *name*: the one it is defined in, when several export it
    (``Ranking`` is importable from ``combinators`` and ``cohorts``; it is documented
    once, under ``cohorts``, so the site has one anchor for it)."""
    defined = str(getattr(getattr(modules[room], name), "__module__", ""))
    for other, module in modules.items():
        if name in getattr(module, "__all__", ()) and defined.startswith(
            f"assessment_rules.{other}."
        ):
            return other
    return room


def _reference_page(title: str, intro: str, names: Sequence[str]) -> str:
    directives = "\n\n".join(f"::: assessment_rules.{name}" for name in names)
    return f"# {title}\n\n{intro}\n\n{directives}\n"
