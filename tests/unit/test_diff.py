"""The structured differences between two rulebooks and their renderings."""

from __future__ import annotations

import importlib.util
import json
from decimal import Decimal
from pathlib import Path

from assessment_rules import AwardLevel, Deduct, GradeBand, Section
from assessment_rules.yearly import (
    CHANGE_KINDS,
    Cap,
    Insert,
    Move,
    Remove,
    Replace,
    Set,
    Uncap,
    derive,
    diff_markdown,
    diff_rulebooks,
)

from .yearly_fixtures import Doubling, TieredBonus, tiny, with_user_nodes

BOOK = tiny()


def changes(*edits: object, **settings: object) -> list[tuple[str, str, str, object, object]]:
    """The node and fact changes (not the rulebook's own id) as tuples."""
    new = derive(BOOK, *edits, id="tiny-2021", predecessor="", **settings)  # type: ignore[arg-type]
    return [(c.kind, c.path, c.field, c.old, c.new) for c in diff_rulebooks(BOOK, new).changes]


class TestDiffRulebooks:
    def test_identical_rulebooks_have_no_changes(self) -> None:
        """A rulebook compared with itself has no changes."""
        assert diff_rulebooks(BOOK, BOOK).changes == ()

    def test_points_rates_and_texts(self) -> None:
        """Points, rates and texts are reported with old and new values at their paths."""
        assert changes(
            Set("org.plan", points="3"),
            Set("org.duty", points="7"),
            Set("org.duty.duty_score", points="7"),
            Set("work.checks.missing_records", rate="0.5", title="缺少检查台账"),
        ) == [
            ("points", "org.plan", "points", Decimal("4"), Decimal("3")),
            ("points", "org.duty", "points", Decimal("6"), Decimal("7")),
            ("points", "org.duty.duty_score", "points", Decimal("6"), Decimal("7")),
            ("text", "work.checks.missing_records", "title", "缺少台账", "缺少检查台账"),
            ("rate", "work.checks.missing_records", "rate", Decimal("1"), Decimal("0.5")),
            ("fact_changed", "org.duty.duty_score", "maximum", Decimal("6"), Decimal("7")),
        ]

    def test_added_and_removed_nodes_and_their_facts(self) -> None:
        """An added clause and a removed one are listed with the facts they bring or drop."""
        new = Deduct("no_review", "未评估计划", rate="1", default=False, source="x")
        found = changes(Insert("org.plan", new), Remove("org.plan.no_plan"))
        assert found == [
            # Each clause in the one sentence the score sheet prints (its criterion).
            ("added", "org.plan.no_review", "node", None, "未评估计划的，扣1分"),
            ("removed", "org.plan.no_plan", "node", "未制定年度计划的，扣2分", None),
            ("fact_added", "org.plan.no_review", "fact", None, "no_review"),
            ("fact_removed", "org.plan.no_plan", "fact", "no_plan", None),
        ]

    def test_a_removed_subtree_is_listed_once(self) -> None:
        """Removing an item lists the item, not each clause inside it."""
        found = changes(Remove("work.checks"), Set("work", points="0"), Set("", points="10"))
        assert [c[:2] for c in found if c[0] in ("removed", "added")] == [
            ("removed", "work.checks")
        ]

    def test_a_moved_node_is_matched_by_id(self) -> None:
        """A node under a new parent is one move, not a removal and an addition."""
        found = changes(Move("org.plan.no_plan", to="work.checks"))
        assert found == [
            ("moved", "work.checks.no_plan", "path", "org.plan.no_plan", "work.checks.no_plan")
        ]

    def test_a_moved_subtree_reports_only_its_root(self) -> None:
        """Children of a moved item move with it silently; their own edits still show."""
        found = changes(
            Move("org.plan", to="work"),
            Set("org", points="6"),
            Set("work", points="14"),
            Set("work.plan.no_plan", rate="3"),
        )
        assert [c for c in found if c[0] in ("moved", "rate")] == [
            ("moved", "work.plan", "path", "org.plan", "work.plan"),
            ("rate", "work.plan.no_plan", "rate", Decimal("2"), Decimal("3")),
        ]

    def test_caps_added_removed_and_changed(self) -> None:
        """Wrapping, unwrapping and re-limiting a CapAt are cap changes of ``limit``."""
        assert changes(Uncap("work.checks"), Cap("org.duty"), Cap("org.plan", limit="3")) == [
            ("cap", "org.plan", "limit", Decimal("4"), Decimal("3")),
            ("cap", "org.duty", "limit", None, Decimal("6")),
            ("cap", "work.checks", "limit", Decimal("10"), None),
        ]

    def test_a_default_cap_following_points_is_not_a_cap_change(self) -> None:
        """When points change under a default limit, only the points change is listed."""
        found = changes(
            Set("org.plan", points="3"),
            Set("org.duty", points="7"),
            Set("org.duty.duty_score", points="7"),
        )
        assert "cap" not in [c[0] for c in found]

    def test_veto_and_bonus_rules(self) -> None:
        """Veto thresholds, bonus caps and award levels are their own kinds."""
        found = changes(
            Set("major", at_least=2),
            Set("awards", cap="4"),
            Set("awards.city", cap="3"),
            Insert("awards", AwardLevel("district", "区级表彰", cap="1")),
        )
        assert found[:4] == [
            ("veto", "major", "at_least", 1, 2),
            ("bonus", "awards", "cap", Decimal("3"), Decimal("4")),
            ("bonus", "awards.city", "cap", Decimal("2"), Decimal("3")),
            # An award level is a plain part of the bonus: it is summed up by its title.
            ("added", "awards.district", "node", None, "受到区级表彰的，单次加分不超过1分"),
        ]

    def test_grade_bands(self) -> None:
        """A band's new minimum, a new band and a dropped band are grade changes."""
        bands = (
            GradeBand("优秀", "19"),
            GradeBand("较好", "17"),
            GradeBand("合格", "12"),
            GradeBand("不合格", "0"),
        )
        # The fixture's bands are 优秀 18, 良好 16, 合格 12, 不合格 0.
        assert changes(grades=bands) == [
            ("grade", "", "minimum", Decimal("18"), Decimal("19")),
            ("grade", "", "minimum", None, Decimal("17")),
            ("grade", "", "minimum", Decimal("16"), None),
        ]

    def test_rulebook_fields(self) -> None:
        """The rulebook's id and year show as rulebook changes, its title as text."""
        new = derive(BOOK, id="tiny-2022", year=2022, title="新标题")
        found = {(c.kind, c.field) for c in diff_rulebooks(BOOK, new).changes}
        assert {("rulebook", "id"), ("rulebook", "year"), ("text", "title")} <= found

    def test_removed_section_sorts_after_the_remaining_ones(self) -> None:
        """Changes follow the new sheet's order; a removed section comes after it."""
        extra = Section("extra", "其他", points="0", source="三")
        found = changes(Remove("org.plan.no_plan"), Insert("", extra, at=0))
        assert [c[1] for c in found if c[0] in ("added", "removed")] == [
            "extra",
            "org.plan.no_plan",
        ]

    def test_every_kind_is_declared(self) -> None:
        """Every kind a diff produces is one of CHANGE_KINDS."""
        new = derive(BOOK, Set("major", at_least=2), Uncap("work.checks"), id="t")
        assert {c.kind for c in diff_rulebooks(BOOK, new).changes} <= set(CHANGE_KINDS)


class TestUserNodes:
    """A ``Bonus`` subclass and a node kind the library has never seen diff like built-ins."""

    BOOK = with_user_nodes()

    def changes(self, *edits: object) -> list[tuple[str, str, str, object, object]]:
        new = derive(self.BOOK, *edits, id="tiny-2021", predecessor="")  # type: ignore[arg-type]
        return [
            (c.kind, c.path, c.field, c.old, c.new) for c in diff_rulebooks(self.BOOK, new).changes
        ]

    def test_a_bonus_subclass_has_bonus_changes(self) -> None:
        """Its cap, its own field and its award levels are bonus changes, matched by id."""
        assert self.changes(
            Set("awards", cap="4", note="以区表彰文件为准"),
            Set("awards.city", cap="3"),
        ) == [
            ("bonus", "awards", "cap", Decimal("3"), Decimal("4")),
            ("bonus", "awards", "note", "以表彰文件为准", "以区表彰文件为准"),
            ("bonus", "awards.city", "cap", Decimal("2"), Decimal("3")),
        ]

    def test_a_custom_leaf_changes_field_by_field(self) -> None:
        """Its own fields are rule changes, its title a text change, and its fact follows."""
        assert self.changes(Set("work.checks.late", title="迟报信息", most=2)) == [
            ("text", "work.checks.late", "title", "迟报", "迟报信息"),
            ("rule", "work.checks.late", "most", 3, 2),
            ("fact_changed", "work.checks.late", "maximum", Decimal("3"), Decimal("2")),
        ]

    def test_an_added_custom_leaf_is_summed_up_by_its_criterion(self) -> None:
        """The summary is the clause's own sentence, as on the score sheet."""
        found = self.changes(Insert("org.plan", Doubling("slow", "迟交", source="一（1）3")))
        assert found[0] == (
            "added",
            "org.plan.slow",
            "node",
            None,
            "迟交的，第1次扣1分，此后每次加倍，最多计3次",
        )

    def test_a_removed_veto_is_summed_up_with_the_lowest_grade(self) -> None:
        """A veto's sentence names the old rulebook's lowest grade."""
        found = self.changes(Remove("major"))
        assert found[0] == (
            "removed",
            "major",
            "node",
            "发生较大事故的，实行“一票否决”，考核等次为不合格",
            None,
        )

    def test_a_kind_defined_again_by_next_years_file_is_the_same_kind(self) -> None:
        """Each year's file defines its own class: same name and kind is no change of kind."""
        path = Path(__file__).with_name("yearly_fixtures.py")
        spec = importlib.util.spec_from_file_location("yearly_fixtures_next_year", path)
        assert spec is not None and spec.loader is not None
        again = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(again)
        assert again.Doubling is not Doubling
        assert diff_rulebooks(self.BOOK, again.with_user_nodes()).changes == ()

    def test_a_bonus_replaced_by_a_subclass_is_a_change_of_kind(self) -> None:
        """A different class of node at the same path is reported, then its new fields."""
        bonus = TieredBonus(
            "awards",
            "表彰加分",
            levels=(AwardLevel("city", "市级表彰", cap="2"),),
            cap="3",
            source="注4",
        )
        new = derive(BOOK, Replace("awards", bonus), id="tiny-2021", predecessor="")
        found = [(c.kind, c.path, c.field, c.old, c.new) for c in diff_rulebooks(BOOK, new).changes]
        assert found == [("rule", "awards", "kind", "bonus", "tiered_bonus")]

    def test_a_cap_around_a_custom_leaf(self) -> None:
        """Capping a custom clause on its own is a cap change at the clause's path."""
        found = self.changes(Cap("work.checks.late", limit="5"))
        assert found == [("cap", "work.checks.late", "limit", None, Decimal("5"))]


class TestRenderings:
    NEW = derive(BOOK, Set("awards", cap="4", text="加分 | 不超过4分"), id="tiny-2022")

    def test_json_has_the_change_contract(self) -> None:
        """Each JSON change has kind, path, field, old and new, numbers as text."""
        document = json.loads(json.dumps(diff_rulebooks(BOOK, self.NEW).as_dict()))
        bonus = next(c for c in document["changes"] if c["kind"] == "bonus")
        assert {k: bonus[k] for k in ("kind", "path", "field", "old", "new")} == {
            "kind": "bonus",
            "path": "awards",
            "field": "cap",
            "old": "3",
            "new": "4",
        }
        assert document["counts"]["bonus"] == 1

    def test_markdown_escapes_table_cells(self) -> None:
        """A ``|`` inside a clause's text cannot break the Markdown table."""
        text = diff_markdown(BOOK, self.NEW)
        row = next(line for line in text.splitlines() if "不超过4分" in line)
        assert "加分 \\| 不超过4分" in row
        assert row.count(" | ") == 5

    def test_text_has_one_line_per_change(self) -> None:
        """The text report starts with a count and lists each change on a line."""
        report = diff_rulebooks(BOOK, self.NEW)
        lines = report.as_text().splitlines()
        assert lines[0] == f"tiny-2021 → tiny-2022: {len(report.changes)} changes"
        assert len(lines) == 1 + len(report.changes)
        assert "  ~ [加分] awards 表彰加分：上限（分）：3 → 4" in lines

    def test_no_changes_reads_as_a_sentence(self) -> None:
        """Two equal rulebooks give a one-line Markdown note."""
        assert diff_markdown(BOOK, BOOK) == "`tiny-2021` 与 `tiny-2021` 相比没有变化。\n"
