"""Linting rulebooks and rulebook files: every rule, its path and its severity."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from assessment_rules import (
    AwardLevel,
    Bonus,
    CapAt,
    Deduct,
    Fact,
    GradeBand,
    Item,
    RulebookError,
    Section,
    load_rulebook,
)
from assessment_rules.engine import _node as _structure
from assessment_rules.engine._rulebook import Rulebook
from assessment_rules.yearly import LINT_RULES, lint, lint_file

from .yearly_fixtures import Doubling, tiny


def book(*items: object, **settings: object) -> Rulebook:
    """A one-section, 10-point rulebook around *items* (each must carry 10 points)."""
    section = Section("part", "部分", points="10", source="一", children=items)  # type: ignore[arg-type]
    # 90 / 80 / 60 % of the 10 points, so every grade is reachable.
    bands = (
        GradeBand("优秀", "9"),
        GradeBand("良好", "8"),
        GradeBand("合格", "6"),
        GradeBand("不合格", "0"),
    )
    defaults: dict[str, object] = {"points": "10", "document": "示例文件", "grades": bands}
    return Rulebook("lint-me", "示例", children=(section,), **{**defaults, **settings})  # type: ignore[arg-type]


def capped(*clauses: Deduct) -> CapAt:
    """Item ``i`` (10 points, 扣完为止) holding *clauses*."""
    return CapAt(Item("i", "项", points="10", source="s", children=clauses))


def codes(rulebook: Rulebook) -> list[tuple[str, str, str]]:
    return [(f.severity, f.code, f.path) for f in lint(rulebook)]


class TestLint:
    def test_a_sound_rulebook_has_no_findings(self) -> None:
        """The bundled Wujin 2021 rulebook and the test fixture lint clean."""
        assert lint(load_rulebook("wujin-2021-departments")) == ()
        assert lint(tiny()) == ()

    def test_cap_that_never_binds(self) -> None:
        """A 10-point cap over clauses that take at most 3 can never bind."""
        item = capped(
            Deduct("a", "甲", rate="2", default=False, source="s"),
            Deduct("b", "乙", rate="1", default=False, source="s"),
        )
        # Flags of 2 and 1 take at most 3 ≤ 10.
        assert codes(book(item)) == [("warning", "cap-never-binds", "part.i")]

    def test_starred_clauses_do_not_count_towards_the_cap(self) -> None:
        """★ deductions escape the cap, so they cannot make it bind."""
        item = capped(
            Deduct("a", "甲", rate="2", default=False, source="s"),
            Deduct("b", "乙", rate="5", shape="each", starred=True, default=0, source="s"),
        )
        assert codes(book(item)) == [("warning", "cap-never-binds", "part.i")]

    def test_deduction_larger_than_its_cap_always_binds(self) -> None:
        """A flag of 12 inside a 10-point capped item can never count in full."""
        item = capped(Deduct("a", "甲", rate="12", default=False, source="s"))
        assert codes(book(item)) == [("warning", "cap-always-binds", "part.i.a")]

    def test_bonus_level_above_the_total_always_binds(self) -> None:
        """An award level worth more than the bonus total can never count in full."""
        bonus = Bonus(
            "awards", "加分", levels=(AwardLevel("city", "市级", cap="3"),), cap="2", source="s"
        )
        item = capped(Deduct("a", "甲", rate="1", shape="each", default=0, source="s"))
        found = codes(book(item, bonus))
        assert ("warning", "cap-always-binds", "part.awards.city") in found

    def test_item_that_can_go_below_zero(self) -> None:
        """An uncapped item whose per-occurrence deductions are unbounded is flagged."""
        item = Item(
            "i",
            "项",
            points="10",
            source="s",
            children=(Deduct("a", "甲", rate="1", shape="each", default=0, source="s"),),
        )
        assert codes(book(item)) == [("warning", "below-zero", "part.i")]

    def test_a_custom_leaf_with_bounded_limits_cannot_go_below_zero(self) -> None:
        """A kind lint has never seen, at most 7 from a 10-point item, is not flagged."""
        item = Item("i", "项", points="10", source="s", children=(Doubling("late", "迟报"),))
        assert codes(book(item)) == []

    def test_a_custom_leaf_whose_limits_exceed_the_item_is_flagged(self) -> None:
        """Its limits are what count: at most 15 (four lapses) from 10 points goes below zero."""
        item = Item(
            "i", "项", points="10", source="s", children=(Doubling("late", "迟报", most=4),)
        )
        found = lint(book(item))
        assert [(f.code, f.path) for f in found] == [("below-zero", "part.i")]
        assert "up to 15 from 10 points" in found[0].message

    def test_a_custom_leaf_counts_towards_its_cap(self) -> None:
        """A cap at 10 over a custom leaf that takes at most 7 never binds."""
        item = CapAt(Item("i", "项", points="10", source="s", children=(Doubling("late", "迟报"),)))
        assert codes(book(item)) == [("warning", "cap-never-binds", "part.i")]

    def test_a_custom_leaf_step_above_its_cap_always_binds(self) -> None:
        """A custom leaf whose every lapse deducts 12 under a 10-point cap always binds."""
        leaf = Doubling("late", "迟报", most=5, step=Decimal(12))
        item = CapAt(Item("i", "项", points="10", source="s", children=(leaf,)))
        assert codes(book(item)) == [("warning", "cap-always-binds", "part.i.late")]

    def test_a_cap_directly_on_a_clause_names_the_clause_once(self) -> None:
        """A 12-point flag capped at 10 on its own is found at the clause's own path."""
        clause = CapAt(Deduct("a", "甲", rate="12", default=False, source="s"), limit="10")
        item = Item("i", "项", points="10", source="s", children=(clause,))
        assert ("warning", "cap-always-binds", "part.i.a") in codes(book(item))

    def test_zero_point_container_drawing_on_the_total_is_not_flagged(self) -> None:
        """A 0-point part deducts from the total by design and is not a below-zero item."""
        late = Section(
            "late",
            "逾期",
            points="0",
            source="s",
            children=(
                Deduct("late_reports", "逾期报送", rate="1", shape="each", default=0, source="s"),
            ),
        )
        item = capped(Deduct("a", "甲", rate="1", shape="each", default=0, source="s"))
        assert codes(book(item, late)) == []

    def test_two_criteria_reading_one_fact(self) -> None:
        """The second clause reading the same fact is flagged as double counting."""
        shared = Fact("overdue", "逾期", kind="count", default=0)
        item = capped(
            Deduct("a", "甲", rate="1", shape="each", fact=shared, source="s"),
            Deduct("b", "乙", rate="2", shape="each", fact=shared, source="s"),
        )
        assert codes(book(item)) == [("warning", "double-count", "part.i.b")]

    def test_node_without_a_source(self) -> None:
        """A clause without a source is an error at its path."""
        item = capped(Deduct("a", "甲", rate="1", shape="each", default=0))
        assert codes(book(item)) == [("error", "no-source", "part.i.a")]

    def test_rulebook_without_document_or_source(self) -> None:
        """A rulebook naming neither document nor source is an error at the root."""
        item = capped(Deduct("a", "甲", rate="1", shape="each", default=0, source="s"))
        assert codes(book(item, document="")) == [("error", "no-source", "")]

    def test_unreachable_grade(self) -> None:
        """A band above the best possible total (points + bonus cap) is an error."""
        item = capped(Deduct("a", "甲", rate="1", shape="each", default=0, source="s"))
        bands = (GradeBand("满分以上", "11"), GradeBand("合格", "6"), GradeBand("不合格", "0"))
        findings = lint(book(item, grades=bands))
        assert [(f.code, f.path) for f in findings] == [("unreachable-grade", "")]
        # Best total 10 + 0 bonus = 10 < 11.
        assert "best total is 10" in findings[0].message

    def test_every_finding_has_its_declared_severity(self) -> None:
        """Each finding's severity is the one LINT_RULES declares for its code."""
        item = Item(
            "i",
            "项",
            points="10",
            children=(Deduct("a", "甲", rate="12", shape="each", default=0),),
        )
        for finding in lint(book(item)):
            assert finding.severity == LINT_RULES[finding.code][0]


BROKEN_POINTS = """\
from assessment_rules import CapAt, Deduct, GradeBand, Item, Rulebook, Section

GRADES = (GradeBand("合格", "12"), GradeBand("不合格", "0"))
first = Section("first", "第一部分", points="10", source="一", children=(
    CapAt(Item("a", "甲", points="6", source="一1", children=(
        Deduct("x", "某事", rate="1", shape="each", default=0, source="一1"),
    ))),
))
second = Section("second", "第二部分", points="10", source="二", children=(
    Item("b", "乙", points="8", source="二1", children=(
        Deduct("y", "他事", rate="1", shape="each", default=0),
    )),
))
RULEBOOK = Rulebook("broken", "有误的细则", points="20", document="示例",
                    grades=GRADES, children=(first, second))
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


class TestLintFile:
    def test_every_broken_total_is_reported_with_file_line_and_path(self, tmp_path: Path) -> None:
        """Two sections whose points do not add up are both reported, each at its line."""
        path = write(tmp_path, "broken.py", BROKEN_POINTS)
        report = lint_file(path)
        assert (report.loaded, report.exit_code, report.rulebook) == (False, 3, "broken")
        points = [(f.path, f.location) for f in report.findings if f.code == "points"]
        # first: 6 ≠ 10 (line 4); second: 8 ≠ 10 (line 9).
        assert points == [("first", f"{path.resolve()}:4"), ("second", f"{path.resolve()}:9")]

    def test_other_rules_still_run_on_a_file_that_fails_to_import(self, tmp_path: Path) -> None:
        """The missing source and the uncapped item are found alongside the totals."""
        report = lint_file(write(tmp_path, "broken.py", BROKEN_POINTS))
        others = {(f.code, f.path) for f in report.findings if f.code != "points"}
        assert others == {("no-source", "second.b.y"), ("below-zero", "second.b")}

    def test_overlapping_grades_are_reported(self, tmp_path: Path) -> None:
        """Two bands starting at the same total are a grades error with the file's line."""
        text = (
            BROKEN_POINTS.replace('points="6"', 'points="10"')
            .replace('points="8"', 'points="10"')
            .replace('GradeBand("合格", "12")', 'GradeBand("优", "12"), GradeBand("良", "12")')
        )
        report = lint_file(write(tmp_path, "grades.py", text))
        grades = [f for f in report.findings if f.code == "grades"]
        assert report.exit_code == 3
        # The bands are checked where the Rulebook is built (line 14).
        assert [(f.path, f.location.rsplit(":", 1)[1]) for f in grades] == [("", "14")]

    def test_a_derived_rulebook_with_a_broken_edit(self, tmp_path: Path) -> None:
        """An edit that breaks a section total is reported at the section's path."""
        text = (
            "from assessment_rules import load_rulebook\n"
            "from assessment_rules.yearly import Set, derive\n\n"
            'RULEBOOK = derive(load_rulebook("wujin-2021-departments"),\n'
            '                  Set("key_work.inspections", points="18"), id="broken-2022")\n'
        )
        report = lint_file(write(tmp_path, "derived.py", text))
        points = [
            (f.path, f.location.rsplit(":", 1)[1]) for f in report.findings if f.code == "points"
        ]
        assert (report.exit_code, points) == (3, [("key_work", "4")])

    def test_python_errors_are_findings_not_tracebacks(self, tmp_path: Path) -> None:
        """A file that raises on import yields one construction finding with its line."""
        path = write(tmp_path, "oops.py", "x = 1\nRULEBOOK = undefined_name\n")
        report = lint_file(path)
        assert [(f.code, f.location) for f in report.findings] == [
            ("construction", f"{path.resolve()}:2")
        ]
        assert "undefined_name" in report.findings[0].message
        assert report.exit_code == 3

    def test_a_file_without_rulebook(self, tmp_path: Path) -> None:
        """A file that defines no RULEBOOK cannot load."""
        report = lint_file(write(tmp_path, "empty.py", "X = 1\n"))
        assert (report.exit_code, report.findings[0].code) == (3, "construction")
        assert "RULEBOOK" in report.findings[0].message

    def test_unknown_id_suggests_a_bundled_one(self) -> None:
        """A misspelt bundled id cannot load and the message suggests the right id."""
        report = lint_file("wujin-2021-departmets")
        assert report.exit_code == 3
        assert "Did you mean 'wujin-2021-departments'?" in report.findings[0].message

    def test_the_lenient_import_leaves_nothing_behind(self, tmp_path: Path) -> None:
        """After linting a broken file the real checks are back and it still fails to load."""
        original = _structure.check_children
        path = write(tmp_path, "broken.py", BROKEN_POINTS)
        lint_file(path)
        assert _structure.check_children is original
        with pytest.raises(RulebookError, match="points"):
            load_rulebook(path)

    def test_findings_of_a_loadable_file_carry_the_line_of_the_id(self, tmp_path: Path) -> None:
        """A finding on a node whose id appears once in the file points at that line."""
        text = BROKEN_POINTS.replace('points="6"', 'points="10"').replace(
            'points="8"', 'points="10"'
        )
        report = lint_file(write(tmp_path, "ok.py", text))
        found = {f.path: f.location.rsplit(":", 1)[1] for f in report.findings}
        # "y" is on line 11, "b" on line 10.
        assert found == {"second.b.y": "11", "second.b": "10"}
        assert report.exit_code == 1

    def test_text_and_json(self) -> None:
        """The text ends with a summary line and the JSON counts errors and warnings."""
        report = lint_file("wujin-2021-departments")
        assert report.as_text() == "wujin-2021-departments: 0 error(s), 0 warning(s)\n"
        assert report.as_dict()["errors"] == 0
