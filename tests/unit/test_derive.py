"""Deriving a rulebook by path-based edits: ``derive`` and the edit classes."""

from __future__ import annotations

from decimal import Decimal

import pytest

from assessment_rules import (
    AwardLevel,
    CapAt,
    Deduct,
    GradeBand,
    Item,
    Rulebook,
    RulebookError,
    Section,
    Veto,
)
from assessment_rules.yearly import Cap, Insert, Move, Remove, Replace, Set, Uncap, derive

from .yearly_fixtures import Doubling, TieredBonus, tiny, with_user_nodes

BOOK = tiny()
CLEAN = {"meetings": 4, "duty_score": 6, "major": 0}


def total(book: Rulebook, **facts: object) -> Decimal:
    return book.evaluate({**CLEAN, **facts}).total


class TestDerive:
    def test_old_rulebook_is_left_intact(self) -> None:
        """Deriving never changes the old rulebook: its repr and scores stay the same."""
        before = repr(BOOK)
        derive(BOOK, Set("org.plan.no_plan", rate="3"), id="tiny-2022")
        assert repr(BOOK) == before
        # no_plan still deducts 2 under the old rules: 20 − 2 = 18.
        assert total(BOOK, no_plan=True) == Decimal("18")

    def test_untouched_subtrees_are_shared(self) -> None:
        """Sections no edit touched are the very same objects in the new rulebook."""
        new = derive(BOOK, Set("org.plan.no_plan", rate="3"), id="tiny-2022")
        assert new.children[1] is BOOK.children[1]
        assert new.children[0] is not BOOK.children[0]

    def test_settings_change_the_rulebook_fields(self) -> None:
        """id, year and title come from the settings; the rest is kept."""
        new = derive(BOOK, id="tiny-2022", year=2022, title="示例细则（2022）")
        assert (new.id, new.year, new.title, new.document) == (
            "tiny-2022",
            2022,
            "示例细则（2022）",
            "示例文件",
        )

    def test_predecessor_defaults_to_the_old_id(self) -> None:
        """A derived rulebook records which rulebook it revises."""
        assert derive(BOOK, id="tiny-2022").predecessor == "tiny-2021"

    def test_unknown_setting_is_rejected_with_a_hint(self) -> None:
        """A misspelt rulebook setting names the field and suggests the right one."""
        with pytest.raises(RulebookError, match="yeer") as caught:
            derive(BOOK, id="tiny-2022", yeer=2022)
        assert caught.value.hint == "Did you mean 'year'?"

    def test_a_non_edit_is_rejected(self) -> None:
        """Passing a node instead of an edit is a clear error."""
        with pytest.raises(RulebookError, match="must be Set, Insert"):
            derive(BOOK, Veto("x", "某事"), id="tiny-2022")  # type: ignore[arg-type]

    def test_edits_apply_in_order_so_a_later_edit_sees_a_moved_path(self) -> None:
        """After a Move, the next edit addresses the node at its new path."""
        new = derive(
            BOOK,
            Move("org.plan", to="work"),
            Set("org", points="6"),
            Set("work", points="14"),
            Set("work.plan.no_plan", rate="3"),
            id="tiny-2022",
        )
        # no_plan now deducts 3 from work.plan: 20 − 3 = 17.
        assert total(new, no_plan=True) == Decimal("17")


class TestSet:
    def test_points_move_between_two_items_in_one_derive(self) -> None:
        """Two Set edits keep the section total; construction runs once, at the end."""
        new = derive(
            BOOK,
            Set("org.plan", points="3"),
            Set("org.duty", points="7"),
            Set("org.duty.duty_score", points="7"),
            id="tiny-2022",
        )
        assert new.node("org.plan").max_points == Decimal("3")
        # plan is capped at its points: no_plan 2 + meetings (4 − 0) × 1 = 6 → stops at 3.
        # duty: 7 − 6 = 1.  20 − 3 − 1 = 16.
        assert total(new, no_plan=True, meetings=0) == Decimal("16")

    def test_broken_total_fails_with_the_path_and_the_edit(self) -> None:
        """Changing one item's points alone breaks its section, named by dotted path."""
        with pytest.raises(RulebookError) as caught:
            derive(BOOK, Set("org.plan", points="5"), id="tiny-2022")
        error = caught.value
        assert (error.path, error.field) == ("org", "points")
        assert "plan 5 + duty 6 = 11" in error.expectation
        assert "Set('org.plan', points='5')" in error.hint

    def test_a_deep_broken_node_is_named_by_its_full_path(self) -> None:
        """A bad value in a leaf is reported at the leaf's full dotted path."""
        with pytest.raises(RulebookError) as caught:
            derive(BOOK, Set("work.checks.missing_records", rate="0"), id="tiny-2022")
        assert caught.value.path == "work.checks.missing_records"

    def test_changed_title_keeps_the_fact_name(self) -> None:
        """Rewording a clause keeps its fact name, so last year's evidence still fits."""
        new = derive(BOOK, Set("org.plan.no_plan", title="未制定年度工作计划"), id="tiny-2022")
        fact = new.facts["no_plan"]
        assert (fact.name, fact.label, fact.default) == ("no_plan", "未制定年度工作计划", False)

    def test_changed_items_change_the_fact_choices(self) -> None:
        """A missing-items clause with a new item list reads a fact with those choices."""
        book = derive(
            BOOK,
            Insert(
                "org.plan",
                Deduct(
                    "reports",
                    "上报材料",
                    rate="0.5",
                    shape="missing",
                    items=("方案", "总结"),
                    source="x",
                ),
            ),
            id="tiny-a",
        )
        new = derive(book, Set("org.plan.reports", items=("方案", "总结", "台账")), id="tiny-b")
        assert new.facts["reports"].choices == ("方案", "总结", "台账")

    def test_judgment_points_rederive_its_fact_maximum(self) -> None:
        """A judgment given more points accepts scores up to the new points."""
        new = derive(
            BOOK,
            Set("org.duty", points="8"),
            Set("org.duty.duty_score", points="8"),
            Set("org.plan", points="2"),
            id="tiny-2022",
        )
        assert new.facts["duty_score"].maximum == Decimal("8")

    def test_bonus_total_and_level_caps(self) -> None:
        """The bonus total cap and an award level's cap are set by path."""
        new = derive(BOOK, Set("awards", cap="4"), Set("awards.city", cap="3"), id="tiny-2022")
        # One city award of 3 (≤ 3 per award, ≤ 4 in total): 20 + 3 = 23.
        assert total(new, awards_city=["3"]) == Decimal("23")
        # Under the old caps it counts 2: 20 + 2 = 22.
        assert total(BOOK, awards_city=["3"]) == Decimal("22")

    def test_veto_threshold(self) -> None:
        """A veto's threshold is a field like any other."""
        new = derive(BOOK, Set("major", at_least=2), id="tiny-2022")
        assert new.evaluate({**CLEAN, "major": 1}).vetoed is False
        assert BOOK.evaluate({**CLEAN, "major": 1}).vetoed is True

    def test_grade_bands_on_the_rulebook(self) -> None:
        """Set on the root path changes rulebook fields such as the grade bands."""
        bands = (GradeBand("优秀", "18"), GradeBand("合格", "12"), GradeBand("不合格", "0"))
        new = derive(BOOK, Set("", grades=bands), id="tiny-2022")
        # 20 − 2 = 18 ≥ 18 → 优秀.
        assert new.evaluate({**CLEAN, "no_plan": True}).grade == "优秀"

    def test_unknown_field_is_rejected_with_a_hint(self) -> None:
        """A misspelt field names the node's fields and suggests the right one."""
        with pytest.raises(RulebookError) as caught:
            derive(BOOK, Set("org.plan.no_plan", rat="3"), id="tiny-2022")
        assert caught.value.field == "rat"
        assert caught.value.hint == "Did you mean 'rate'?"

    def test_cap_limit_points_to_cap(self) -> None:
        """Setting ``limit`` on a node says that limits belong to Cap."""
        with pytest.raises(RulebookError) as caught:
            derive(BOOK, Set("org.plan", limit="3"), id="tiny-2022")
        assert caught.value.hint == "use Cap('org.plan', limit='3')"

    def test_children_are_not_set_directly(self) -> None:
        """Sub-nodes change through Insert, Remove, Replace and Move."""
        with pytest.raises(RulebookError, match="Insert, Remove"):
            derive(BOOK, Set("org", children=()), id="tiny-2022")

    def test_unknown_path_suggests_a_close_one(self) -> None:
        """A misspelt path is rejected with a "Did you mean" hint."""
        with pytest.raises(RulebookError) as caught:
            derive(BOOK, Set("org.plna", points="4"), id="tiny-2022")
        assert caught.value.hint == "Did you mean 'org.plan'?"

    def test_needs_a_field(self) -> None:
        """A Set without fields is an error at once."""
        with pytest.raises(RulebookError, match="at least one field"):
            Set("org.plan")

    def test_repr_rebuilds_the_edit(self) -> None:
        """The repr is the code that builds the edit."""
        assert repr(Set("org.plan", points="4", title="计划")) == (
            "Set('org.plan', points='4', title='计划')"
        )


class TestInsert:
    NEW = Deduct("no_review", "未评估计划", rate="1", default=False, source="一（1）3")

    def test_after_a_sibling(self) -> None:
        """``after`` places the node just after the named sibling."""
        new = derive(BOOK, Insert("org.plan", self.NEW, after="no_plan"), id="tiny-2022")
        assert [c.id for c in new.node("org.plan").children] == ["no_plan", "no_review", "meetings"]
        # The new clause deducts 1: 20 − 1 = 19.
        assert total(new, no_review=True) == Decimal("19")

    def test_before_a_sibling_at_an_index_and_last(self) -> None:
        """``before``, ``at`` and the default (last) place the node as asked."""
        before = derive(BOOK, Insert("org.plan", self.NEW, before="no_plan"), id="t-a")
        at = derive(BOOK, Insert("org.plan", self.NEW, at=1), id="t-b")
        last = derive(BOOK, Insert("org.plan", self.NEW), id="t-c")
        assert [c.id for c in before.node("org.plan").children] == [
            "no_review",
            "no_plan",
            "meetings",
        ]
        assert [c.id for c in at.node("org.plan").children] == ["no_plan", "no_review", "meetings"]
        assert [c.id for c in last.node("org.plan").children] == [
            "no_plan",
            "meetings",
            "no_review",
        ]

    def test_a_section_into_the_rulebook(self) -> None:
        """Path ``""`` inserts at the top level."""
        section = Section("extra", "其他", points="0", source="三")
        new = derive(BOOK, Insert("", section, after="work"), id="tiny-2022")
        assert [c.id for c in new.children] == ["org", "work", "extra", "major", "awards"]

    def test_an_award_level_into_a_bonus(self) -> None:
        """A bonus holds award levels, inserted like any other node."""
        level = AwardLevel("district", "区级表彰", cap="1")
        new = derive(BOOK, Insert("awards", level), id="tiny-2022")
        assert "awards_district" in new.facts

    def test_a_node_into_a_bonus_is_rejected(self) -> None:
        """Only award levels go into a bonus."""
        with pytest.raises(RulebookError, match="must be a AwardLevel"):
            derive(BOOK, Insert("awards", self.NEW), id="tiny-2022")

    def test_into_a_leaf_is_rejected(self) -> None:
        """A leaf cannot hold other nodes."""
        with pytest.raises(RulebookError, match="cannot hold other nodes"):
            derive(BOOK, Insert("org.plan.no_plan", self.NEW), id="tiny-2022")

    def test_unknown_sibling_suggests_one(self) -> None:
        """A misspelt sibling id lists the siblings and suggests one."""
        with pytest.raises(RulebookError) as caught:
            derive(BOOK, Insert("org.plan", self.NEW, after="no_pln"), id="tiny-2022")
        assert caught.value.hint == "Did you mean 'no_plan'?"

    def test_duplicate_id_fails_at_the_path(self) -> None:
        """Inserting a sibling with an existing id fails at that path."""
        twin = Deduct("no_plan", "重复", rate="1", source="x")
        with pytest.raises(RulebookError) as caught:
            derive(BOOK, Insert("org.plan", twin), id="tiny-2022")
        assert caught.value.path == "org.plan.no_plan"

    def test_two_positions_are_rejected(self) -> None:
        """At most one of before, after and at."""
        with pytest.raises(RulebookError, match="cannot go with"):
            Insert("org.plan", self.NEW, after="no_plan", at=0)

    def test_repr_rebuilds_the_edit(self) -> None:
        """The repr is the code that builds the edit."""
        assert (
            repr(Insert("org", Veto("v", "某事"), at=0)) == "Insert('org', Veto('v', '某事'), at=0)"
        )


class TestRemove:
    def test_removes_the_node_and_its_fact(self) -> None:
        """A removed clause no longer reads its fact."""
        new = derive(BOOK, Remove("org.plan.no_plan"), id="tiny-2022")
        assert "no_plan" not in new.facts
        assert "no_plan" in BOOK.facts

    def test_removing_a_scored_item_breaks_the_total(self) -> None:
        """Removing an item with points fails at its section unless the points move."""
        with pytest.raises(RulebookError) as caught:
            derive(BOOK, Remove("org.duty"), id="tiny-2022")
        assert (caught.value.path, caught.value.field) == ("org", "points")

    def test_repr(self) -> None:
        """The repr is the code that builds the edit."""
        assert repr(Remove("org.duty")) == "Remove('org.duty')"


class TestReplace:
    def test_keeps_the_cap_around_the_node(self) -> None:
        """A replaced item stays inside its CapAt."""
        item = Item(
            "plan",
            "年度计划",
            points="4",
            source="一（1）",
            children=(
                Deduct("no_plan", "未制定年度计划", rate="5", default=False, source="一（1）1"),
            ),
        )
        new = derive(BOOK, Replace("org.plan", item), id="tiny-2022")
        # 5 deducted from a 4-point capped item: stops at 4; 20 − 4 = 16.
        facts = {"no_plan": True, "duty_score": 6, "major": 0}
        assert new.evaluate(facts).total == Decimal("16")
        assert "meetings" not in new.facts

    def test_a_cap_replaces_the_whole_slot(self) -> None:
        """Replacing with a CapAt swaps the wrapper too (here: a lower limit)."""
        item = BOOK.node("org.plan")
        new = derive(BOOK, Replace("org.plan", CapAt(item, limit="1")), id="tiny-2022")
        # no_plan 2 stops at the limit 1: 20 − 1 = 19.
        assert total(new, no_plan=True) == Decimal("19")


class TestMove:
    def test_changes_the_path_and_keeps_the_id(self) -> None:
        """A moved clause keeps its id and fact, under a new path."""
        new = derive(BOOK, Move("org.plan.no_plan", to="work.checks"), id="tiny-2022")
        assert new.fact_paths["no_plan"] == ("work.checks.no_plan",)

    def test_into_itself_is_rejected(self) -> None:
        """A node cannot move inside itself."""
        with pytest.raises(RulebookError, match="inside it"):
            derive(BOOK, Move("org", to="org.plan"), id="tiny-2022")

    def test_unknown_position_leaves_a_clear_error(self) -> None:
        """A bad anchor in the target container is reported."""
        with pytest.raises(RulebookError, match="is not among the siblings"):
            derive(BOOK, Move("org.plan.no_plan", to="work.checks", before="x"), id="t")

    def test_repr(self) -> None:
        """The repr is the code that builds the edit (``to`` by keyword)."""
        assert repr(Move("a.b", to="c", at=0)) == "Move('a.b', to='c', at=0)"


class TestCapAndUncap:
    def test_uncap_lets_deductions_run_below_zero(self) -> None:
        """Without its CapAt an item's deductions no longer stop at its points."""
        new = derive(BOOK, Uncap("work.checks"), id="tiny-2022")
        # 12 records × 1 = 12 from a 10-point item: 20 − 12 = 8 (capped: 20 − 10 = 10).
        assert total(new, missing_records=12) == Decimal("8")
        assert total(BOOK, missing_records=12) == Decimal("10")

    def test_cap_wraps_an_uncapped_node(self) -> None:
        """Cap adds 扣完为止 to a node that had none."""
        new = derive(BOOK, Uncap("work.checks"), Cap("work.checks", limit="6"), id="t")
        # 12 records stop at the limit 6: 20 − 6 = 14.
        assert total(new, missing_records=12) == Decimal("14")

    def test_cap_changes_an_existing_limit(self) -> None:
        """Cap on a capped node changes its limit."""
        new = derive(BOOK, Cap("work.checks", limit="5"), id="tiny-2022")
        assert total(new, missing_records=12) == Decimal("15")

    def test_cap_above_the_points_fails_at_the_path(self) -> None:
        """A limit above the node's points is a construction error at its path."""
        with pytest.raises(RulebookError) as caught:
            derive(BOOK, Cap("work.checks", limit="11"), id="tiny-2022")
        assert (caught.value.path, caught.value.field) == ("work.checks", "limit")

    def test_uncap_of_an_uncapped_node_is_an_error(self) -> None:
        """Uncap needs a CapAt to remove."""
        with pytest.raises(RulebookError, match="not wrapped in CapAt"):
            derive(BOOK, Uncap("org.duty"), id="tiny-2022")

    def test_reprs(self) -> None:
        """The reprs are the code that builds the edits."""
        assert (repr(Cap("a", limit="3")), repr(Cap("a")), repr(Uncap("a"))) == (
            "Cap('a', limit='3')",
            "Cap('a')",
            "Uncap('a')",
        )


class TestUserNodes:
    """A ``Bonus`` subclass and a node kind the library has never seen derive like built-ins."""

    BOOK = with_user_nodes()

    def test_set_on_a_bonus_subclass_and_its_award_level(self) -> None:
        """The subclass keeps its class and its own field; its levels are addressed below it."""
        new = derive(
            self.BOOK,
            Set("awards", cap="4", note="以区表彰文件为准"),
            Set("awards.city", cap="3"),
            id="tiny-2022",
        )
        awards = new.node("awards")
        assert isinstance(awards, TieredBonus)
        assert (awards.note, awards.cap, awards.levels[0].cap) == (
            "以区表彰文件为准",
            Decimal("4"),
            Decimal("3"),
        )
        # One city award of 3 (≤ 3 per award, ≤ 4 in total): 20 + 3 = 23.
        assert total(new, late=0, awards_city=["3"]) == Decimal("23")

    def test_an_award_level_goes_into_a_bonus_subclass(self) -> None:
        """Insert puts a level into the subclass, which then reads the level's fact."""
        level = AwardLevel("district", "区级表彰", cap="1")
        new = derive(self.BOOK, Insert("awards", level), id="tiny-2022")
        assert "awards_district" in new.facts

    def test_only_award_levels_go_into_a_bonus_subclass(self) -> None:
        """The parts a bonus subclass holds are award levels, as for Bonus itself."""
        clause = Deduct("no_review", "未评估计划", rate="1", source="x")
        with pytest.raises(RulebookError, match="must be a AwardLevel to go into a TieredBonus"):
            derive(self.BOOK, Insert("awards", clause), id="tiny-2022")

    def test_set_on_a_custom_leaf_inside_an_item(self) -> None:
        """A custom leaf is rebuilt from its edit arguments, so its fact follows its fields."""
        new = derive(self.BOOK, Set("work.checks.late", title="迟报信息", most=2), id="tiny-2022")
        late = new.node("work.checks.late")
        assert isinstance(late, Doubling)
        fact = new.facts["late"]
        assert (fact.label, fact.maximum) == ("迟报信息", Decimal("2"))
        # Two lapses: 1 + 2 = 3 lost, 20 − 3 = 17.
        assert total(new, late=2, awards_city=[]) == Decimal("17")

    def test_a_custom_leaf_is_inserted_and_capped(self) -> None:
        """Insert, Cap and Uncap handle a custom leaf like any clause."""
        new = derive(
            self.BOOK,
            Insert("org.plan", Doubling("slow", "迟交", source="一（1）3")),
            Uncap("org.plan"),
            Cap("org.plan.slow", limit="2"),
            id="tiny-2022",
        )
        # 迟交 3 times would take 7; its own cap stops it at 2.
        assert total(new, late=0, slow=3) == Decimal("18")
