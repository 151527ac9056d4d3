"""Rulebook pages, worked examples, change pages and the reference, as Markdown strings."""

from __future__ import annotations

from decimal import Decimal

import assessment_rules
from assessment_rules import (
    CapAt,
    Deduct,
    Evidence,
    Item,
    Judgment,
    Rulebook,
    Section,
    bundled_rulebooks,
    load_rulebook,
)
from assessment_rules.docs import (
    DocumentedRulebook,
    bundled_site_pages,
    default_evidence,
    example_from_defaults,
    example_from_evidence,
    find_example,
    predecessor_of,
    reference_pages,
    render_example,
    render_facts,
    render_score_sheet,
    rulebook_page,
    rulebook_pages,
    score_sheet,
)
from assessment_rules.docs._markdown import cell, value_text
from assessment_rules.io import read_evidence
from assessment_rules.yearly import diff_markdown

WUJIN = load_rulebook("wujin-2021-departments")


def tiny(book_id: str = "demo-2024-units", rate: str = "1", **settings: object) -> Rulebook:
    """A two-item rulebook: a capped item with a shortfall and a judged item."""
    return Rulebook(
        book_id,
        "示例细则",
        points="20",
        year=int(book_id.split("-")[1]),
        children=(
            Section(
                "org",
                "组织领导",
                points="20",
                children=(
                    CapAt(
                        Item(
                            "meet",
                            "召开会议",
                            points="10",
                            children=(
                                Deduct(
                                    "meetings",
                                    "召开安全会议",
                                    rate=rate,
                                    shape="shortfall",
                                    required=4,
                                    source="附件 一(1)",
                                ),
                            ),
                        )
                    ),
                    Item(
                        "duty",
                        "履职",
                        points="10",
                        children=(Judgment("duty_score", "履职情况", points="10"),),
                    ),
                ),
            ),
        ),
        **settings,  # type: ignore[arg-type]
    )


class TestScoreSheetTable:
    def test_parts_span_their_rows_as_on_paper(self) -> None:
        """组织领导 spans its two items and 重点工作 its five, like the merged cells on paper."""
        html = render_score_sheet(score_sheet(WUJIN))
        assert '<td class="sheet-no" rowspan="2">一</td>' in html
        assert '<td class="sheet-no" rowspan="5">二</td>' in html
        # 事故控制 is one line (its three vetoes are its 考核标准), as on paper.
        assert html.count("<tr id=") == 2 + 5 + 1 + 1 + 1 + 1

    def test_text_is_escaped(self) -> None:
        """A clause containing < and & is shown as text, not read as HTML."""
        book = Rulebook(
            "escape",
            "示例",
            points="10",
            children=(Item("a", "甲<乙>", points="10", children=(Deduct("x", "A&B", rate="1"),)),),
        )
        html = render_score_sheet(score_sheet(book))
        assert "甲&lt;乙&gt;" in html and "A&amp;B的，扣1分" in html


class TestFacts:
    def test_required_and_defaulted_facts_are_told_apart(self) -> None:
        """Facts without a default are 必填; declared defaults are shown as written (否, 0)."""
        table = render_facts(WUJIN.facts, WUJIN.fact_paths)
        lines = {line.split(" | ")[0][3:-1]: line for line in table.splitlines()[2:]}
        assert len(lines) == len(WUJIN.facts)
        assert "**必填**" in lines["safety_meetings"]
        assert "| 否 |" in lines["no_support_system"]
        assert "一季度月报表" in lines["quarterly_reports"]

    def test_values_read_as_an_assessor_writes_them(self) -> None:
        """Booleans are 是/否, decimals lose trailing zeros, lists join with 、."""
        assert [value_text(v) for v in (False, Decimal("0.50"), ["甲", "乙"], 3)] == [
            "否",
            "0.5",
            "甲、乙",
            "3",
        ]
        assert cell("a|b\nc") == "a\\|b c"


class TestWorkedExample:
    def test_example_file_is_found_beside_the_rulebooks(self) -> None:
        """The bundled Wujin example is found as examples/<id>.yaml next to rulebooks/."""
        path = find_example(bundled_rulebooks()["wujin-2021-departments"], WUJIN.id)
        assert path is not None and path.parent.name == "examples"

    def test_richest_unit_is_shown_with_its_reasons(self) -> None:
        """The Wujin example shows 示例区商务委员会, whose twelve lapses total 33 points."""
        path = find_example(bundled_rulebooks()["wujin-2021-departments"], WUJIN.id)
        assert path is not None
        example = example_from_evidence(WUJIN, read_evidence(path, WUJIN.id), "examples/x.yaml")
        # 'passing': inspections 2 + 4×1 + 1 + 2×2 + 3×1 = 14; training 1 + 2×1 = 3;
        # rectification 2 + 2×1 + 5 = 9; judgments (15 − 10) + (5 − 3) = 7 → 33 lost, 67.
        assert example.result.unit == "passing"
        assert (example.result.total, example.result.grade) == (Decimal("67"), "合格")
        text = render_example(example)
        assert "部门领导带队开展安全生产检查、督查2次（应不少于4次），少2次，扣4分" in text
        assert "| 示例区商务委员会 | 100 | 33 | 0 | **67** | **合格** |" in text
        assert len(example.ranking) == 7

    def test_defaults_build_one_small_lapse_per_required_fact(self) -> None:
        """Without an example file, a shortfall is one short and a judgment one point low."""
        evidence = default_evidence(tiny())
        assert dict(evidence.facts) == {"meetings": 3, "duty_score": Decimal("9")}
        example = example_from_defaults(tiny())
        # 20 − 1 (one meeting short) − 1 (judged 9 of 10) = 18.
        assert example.generated and example.result.total == Decimal("18")
        assert "没有附带示例证据" in example.origin

    def test_declared_defaults_are_kept(self) -> None:
        """A fact with a declared default takes it in the built example."""
        book = Rulebook(
            "defaults",
            "示例",
            points="10",
            children=(
                Item(
                    "a", "甲", points="10", children=(Deduct("x", "未做", rate="1", default=False),)
                ),
            ),
        )
        assert dict(default_evidence(book).facts) == {"x": False}


class TestRulebookPage:
    def test_page_has_every_part_an_officer_needs(self) -> None:
        """The page has the description, sheet, notes, grades, facts, example and sources."""
        page = rulebook_page(DocumentedRulebook(tiny(), example_from_defaults(tiny())))
        for heading in (
            "# 示例细则（2024）",
            "## 考核细则（评分表） {#score-sheet}",
            "### 注",
            "### 考核等次",
            "## 需要填报的事实 {#facts}",
            "## 示例：计分与失分原因 {#example}",
            "## 条款来源 {#sources}",
        ):
            assert f"\n{heading}\n" in page
        assert "| `org.meet.meetings` | 召开安全会议 | 扣分 | 附件 一(1) |" in page
        assert "| `org.duty.duty_score` | 履职情况 | 评分 | （未注明） |" in page

    def test_missing_example_is_explained(self) -> None:
        """A rulebook without an example says why on its page."""
        page = rulebook_page(DocumentedRulebook(tiny(), None, "无法自动构造示例单位：x"))
        assert "无法自动构造示例单位：x" in page


class TestChanges:
    def test_declared_predecessor_wins_over_the_year(self) -> None:
        """A declared predecessor is used as declared; otherwise last year's id is inferred."""
        old, new = tiny("demo-2023-units"), tiny("demo-2024-units")
        known = {old.id: old, new.id: new}
        assert predecessor_of(new, known) == ("demo-2023-units", False)
        declared = tiny("demo-2024-units", predecessor="other-2020-units")
        assert predecessor_of(declared, known) == ("other-2020-units", True)
        assert predecessor_of(old, known) == ("", False)

    def test_change_page_appears_for_a_revised_rulebook(self) -> None:
        """A rulebook revising another gets a change page linked from its own page."""
        old = tiny("demo-2023-units")
        new = tiny("demo-2024-units", rate="2", predecessor="demo-2023-units")
        pages = rulebook_pages([DocumentedRulebook(old), DocumentedRulebook(new)])
        # The 2023 rulebook revises nothing known, so only 2024 has a change page.
        assert sorted(pages) == [
            "SUMMARY.md",
            "demo-2023-units.md",
            "demo-2024-units-changes.md",
            "demo-2024-units.md",
            "index.md",
        ]
        assert "[查看变化](demo-2024-units-changes.md)" in pages["demo-2024-units.md"]
        # The one clause change: the shortfall rate of 召开安全会议 went from 1 to 2.
        changes = pages["demo-2024-units-changes.md"]
        assert "| `org.meet.meetings` | 召开安全会议 | 扣分标准（分） | 1 | 2 |" in changes
        assert "* [示例细则（2024）：变化](demo-2024-units-changes.md)" in pages["SUMMARY.md"]

    def test_library_diff_is_the_change_page_body(self) -> None:
        """The change page shows assessment_rules.yearly.diff_markdown's text whole."""
        old = tiny("demo-2023-units")
        new = tiny("demo-2024-units", predecessor="demo-2023-units")
        pages = rulebook_pages([DocumentedRulebook(old), DocumentedRulebook(new)])
        assert diff_markdown(old, new).rstrip() in pages["demo-2024-units-changes.md"]


class TestSitePages:
    def test_every_bundled_rulebook_has_a_page(self) -> None:
        """Each bundled rulebook, present or added later, gets its page and a nav entry."""
        pages = bundled_site_pages()
        for book in bundled_rulebooks():
            assert f"rulebooks/{book}.md" in pages
            assert f"({book}.md)" in pages["rulebooks/SUMMARY.md"]

    def test_every_public_name_is_in_the_reference_once(self) -> None:
        """Each name of assessment_rules.__all__ (but __version__) is documented exactly once."""
        pages = reference_pages(assessment_rules.__all__)
        text = "\n".join(pages.values())
        for name in assessment_rules.__all__:
            if name == "__version__":
                continue
            assert text.count(f"::: assessment_rules.{name}\n") == 1, name

    def test_evidence_objects_are_accepted_by_the_example(self) -> None:
        """An Evidence list from code gives the same example as from a file."""
        units = [Evidence("a", {"meetings": 4, "duty_score": 10}, "甲")]
        example = example_from_evidence(tiny(), units, "inline")
        assert example.result.total == Decimal("20") and example.ranking[0][0] == 1
