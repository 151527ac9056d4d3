"""Construction errors name the node, the field and what was given (issue 12, item 4).

Every argument a constructor converts or validates fails the way attrs' own checks
do: ``path: field=given must be <expectation> (got <offending part> that is a <type>)``,
where the path is the node's id (a fact's name, a grade's title), and the error keeps
``.path``, ``.field`` and ``.value`` (the argument as given) as attributes.
"""

from __future__ import annotations

from typing import Any

import pytest

from assessment_rules import (
    AwardLevel,
    Bonus,
    CapAt,
    Deduct,
    ExcellentQuota,
    ExecutionRateScore,
    Fact,
    GradeBand,
    Item,
    Judgment,
    Office,
    Rulebook,
    RulebookError,
    Section,
    Veto,
    load_rulebook,
)


def raised(build: Any) -> RulebookError:
    """Return the ``RulebookError`` that calling *build* raises."""
    with pytest.raises(RulebookError) as caught:
        build()
    return caught.value


def shape(error: RulebookError) -> tuple[str, str, object, str]:
    return error.path, error.field, error.value, str(error)


def level() -> AwardLevel:
    return AwardLevel("municipal", "市级表彰", cap="2")


def item() -> Item:
    return Item("plan", "年度计划", points="2", children=(Deduct("no_plan", "未制定", rate="2"),))


class TestDeduct:
    def test_negative_rate(self) -> None:
        """A negative rate names the deduction, the rate and the text given."""
        error = raised(lambda: Deduct("a", "甲", rate="-1"))
        assert shape(error) == (
            "a",
            "rate",
            "-1",
            "a: rate='-1' must be ≥ 0 (got '-1' that is a str)",
        )

    def test_rate_that_is_not_a_number(self) -> None:
        """A rate that is not decimal text names the deduction and quotes the text."""
        error = raised(lambda: Deduct("a", "甲", rate="两分"))
        assert shape(error) == (
            "a",
            "rate",
            "两分",
            "a: rate='两分' must be decimal text such as '0.5' (got '两分' that is a str)",
        )

    def test_float_rate(self) -> None:
        """A binary float rate names the deduction and says it got a float."""
        error = raised(lambda: Deduct("a", "甲", rate=0.5))  # type: ignore[arg-type]
        assert shape(error) == (
            "a",
            "rate",
            0.5,
            "a: rate=0.5 must be decimal text such as '0.5' (got 0.5 that is a float)",
        )

    def test_fact_of_the_wrong_type(self) -> None:
        """A fact that is neither a Fact, a name nor None names the deduction."""
        error = raised(lambda: Deduct("a", "甲", rate="1", fact=3))  # type: ignore[arg-type]
        assert shape(error) == (
            "a",
            "fact",
            3,
            "a: fact=3 must be a Fact, a fact name or None (got 3 that is an int)",
        )

    def test_items_that_are_not_texts(self) -> None:
        """Items that are not strings name the deduction and the offending item."""
        error = raised(
            lambda: Deduct("a", "甲", rate="1", shape="missing", items=("计划", 2))  # type: ignore[arg-type]
        )
        assert shape(error) == (
            "a",
            "items",
            ("计划", 2),
            "a: items=('计划', 2) must be a text or texts (got 2 that is an int)",
        )

    def test_empty_title(self) -> None:
        """An empty title names the deduction and quotes the title."""
        error = raised(lambda: Deduct("a", " ", rate="1"))
        assert shape(error) == (
            "a",
            "title",
            " ",
            "a: title=' ' must be a non-empty string (got ' ' that is a str)",
        )

    def test_id_that_is_not_ascii(self) -> None:
        """A Chinese id is quoted as the path, since the node has no other name."""
        error = raised(lambda: Deduct("扣分", "甲", rate="1"))
        assert shape(error) == (
            "扣分",
            "id",
            "扣分",
            "扣分: id='扣分' must be lowercase ASCII: a letter, then letters, digits or _ "
            "(got '扣分' that is a str)",
        )


class TestJudgment:
    def test_points_that_are_not_a_number(self) -> None:
        """Points that are not decimal text name the judgment."""
        error = raised(lambda: Judgment("duty", "履职情况", points="十五"))
        assert shape(error) == (
            "duty",
            "points",
            "十五",
            "duty: points='十五' must be decimal text such as '0.5' (got '十五' that is a str)",
        )

    def test_fact_of_the_wrong_type(self) -> None:
        """A fact that is a number names the judgment."""
        error = raised(lambda: Judgment("duty", "履职情况", points="15", fact=15))  # type: ignore[arg-type]
        assert shape(error) == (
            "duty",
            "fact",
            15,
            "duty: fact=15 must be a Fact, a fact name or None (got 15 that is an int)",
        )


class TestExecutionRateScore:
    def test_negative_points(self) -> None:
        """Negative points name the execution-rate clause."""
        error = raised(lambda: ExecutionRateScore("execution", "预算执行率", points="-3"))
        assert shape(error) == (
            "execution",
            "points",
            "-3",
            "execution: points='-3' must be ≥ 0 (got '-3' that is a str)",
        )


class TestBonus:
    def test_levels_that_are_not_award_levels(self) -> None:
        """A level that is a string names the bonus, the list given and the bad level."""
        error = raised(lambda: Bonus("awards", "表彰加分", levels=["x"]))  # type: ignore[list-item]
        assert shape(error) == (
            "awards",
            "levels",
            ["x"],
            "awards: levels=['x'] must contain AwardLevel objects (got 'x' that is a str)",
        )

    def test_negative_cap(self) -> None:
        """A negative total cap names the bonus."""
        error = raised(lambda: Bonus("awards", "表彰加分", levels=[level()], cap="-2"))
        assert shape(error) == (
            "awards",
            "cap",
            "-2",
            "awards: cap='-2' must be ≥ 0 (got '-2' that is a str)",
        )


class TestAwardLevel:
    def test_negative_cap(self) -> None:
        """A negative cap per award names the level."""
        error = raised(lambda: AwardLevel("municipal", "市级表彰", cap="-1"))
        assert shape(error) == (
            "municipal",
            "cap",
            "-1",
            "municipal: cap='-1' must be ≥ 0 (got '-1' that is a str)",
        )


class TestVeto:
    def test_fact_of_the_wrong_type(self) -> None:
        """A fact that is a number names the veto."""
        error = raised(lambda: Veto("accident", "发生事故", fact=1))  # type: ignore[arg-type]
        assert shape(error) == (
            "accident",
            "fact",
            1,
            "accident: fact=1 must be a count or flag fact (got 1 that is an int)",
        )


class TestSection:
    def test_children_that_are_a_string(self) -> None:
        """Children given as a string name the section."""
        error = raised(lambda: Section("org", "组织领导", points="10", children="oops"))  # type: ignore[arg-type]
        assert shape(error) == (
            "org",
            "children",
            "oops",
            "org: children='oops' must be a node or a tuple of nodes (got 'oops' that is a str)",
        )


class TestItem:
    def test_negative_points(self) -> None:
        """Negative points name the item."""
        error = raised(lambda: Item("plan", "年度计划", points="-1"))
        assert shape(error) == (
            "plan",
            "points",
            "-1",
            "plan: points='-1' must be ≥ 0 (got '-1' that is a str)",
        )


class TestCapAt:
    def test_limit_that_is_not_a_number(self) -> None:
        """A limit that is not decimal text names the wrapped node."""
        error = raised(lambda: CapAt(item(), limit="abc"))
        assert shape(error) == (
            "plan",
            "limit",
            "abc",
            "plan: limit='abc' must be decimal text such as '0.5' (got 'abc' that is a str)",
        )


class TestFact:
    def test_minimum_that_is_not_a_number(self) -> None:
        """A minimum that is not decimal text names the fact."""
        error = raised(lambda: Fact("budget", "预算数", kind="amount", minimum="x"))
        assert shape(error) == (
            "budget",
            "minimum",
            "x",
            "budget: minimum='x' must be decimal text such as '0.5' (got 'x' that is a str)",
        )

    def test_choices_that_are_not_texts(self) -> None:
        """Choices given as a number name the fact."""
        error = raised(lambda: Fact("level", "等级", kind="choice", choices=3))  # type: ignore[arg-type]
        assert shape(error) == (
            "level",
            "choices",
            3,
            "level: choices=3 must be a text or texts (got 3 that is an int)",
        )


class TestGradeBand:
    def test_minimum_that_is_not_a_number(self) -> None:
        """A minimum that is not decimal text names the grade by its title."""
        error = raised(lambda: GradeBand("优秀", "九十"))
        assert shape(error) == (
            "优秀",
            "minimum",
            "九十",
            "优秀: minimum='九十' must be decimal text such as '0.5' (got '九十' that is a str)",
        )


class TestRulebook:
    def test_children_that_are_a_string(self) -> None:
        """Children given as a string name the rulebook."""
        error = raised(lambda: Rulebook("demo", "示例", children="oops"))  # type: ignore[arg-type]
        assert shape(error) == (
            "demo",
            "children",
            "oops",
            "demo: children='oops' must be a node or a tuple of nodes (got 'oops' that is a str)",
        )

    def test_negative_points(self) -> None:
        """Negative points name the rulebook."""
        error = raised(lambda: Rulebook("demo", "示例", children=(), points="-1"))
        assert shape(error) == (
            "demo",
            "points",
            "-1",
            "demo: points='-1' must be ≥ 0 (got '-1' that is a str)",
        )

    def test_grades_that_are_not_grade_bands(self) -> None:
        """A grade given as a string names the rulebook and the bad grade."""
        error = raised(lambda: Rulebook("demo", "示例", children=(), grades=["优秀"]))  # type: ignore[list-item]
        assert shape(error) == (
            "demo",
            "grades",
            ["优秀"],
            "demo: grades=['优秀'] must contain GradeBand objects (got '优秀' that is a str)",
        )

    def test_offices_that_are_not_offices(self) -> None:
        """An office given as a string names the rulebook and the bad office."""
        error = raised(lambda: Rulebook("demo", "示例", children=(), offices=["fire"]))  # type: ignore[list-item]
        assert shape(error) == (
            "demo",
            "offices",
            ["fire"],
            "demo: offices=['fire'] must contain Office objects (got 'fire' that is a str)",
        )


class TestExcellentQuota:
    def test_share_that_is_not_a_number(self) -> None:
        """A share that is not decimal text names the quota."""
        error = raised(lambda: ExcellentQuota(share="三成"))
        assert shape(error) == (
            "quota",
            "share",
            "三成",
            "quota: share='三成' must be a fraction from 0 to 1, e.g. '0.30' "
            "(got '三成' that is a str)",
        )

    def test_share_above_one(self) -> None:
        """A share above one names the quota and quotes the text given."""
        error = raised(lambda: ExcellentQuota(share="30"))
        assert shape(error) == (
            "quota",
            "share",
            "30",
            "quota: share='30' must be a fraction from 0 to 1, e.g. '0.30' "
            "(got '30' that is a str)",
        )

    def test_unknown_rounding(self) -> None:
        """An unknown rounding names the quota and lists the options."""
        error = raised(lambda: ExcellentQuota(rounding="nearest"))  # type: ignore[arg-type]
        assert shape(error) == (
            "quota",
            "rounding",
            "nearest",
            "quota: rounding='nearest' must be one of half_up, down, up "
            "(got 'nearest' that is a str)",
        )


class TestOffice:
    def test_paths_that_are_not_texts(self) -> None:
        """Paths given as a number name the office."""
        error = raised(lambda: Office("fire", "区消防救援局", paths=3))  # type: ignore[arg-type]
        assert shape(error) == (
            "fire",
            "paths",
            3,
            "fire: paths=3 must be a text or texts (got 3 that is an int)",
        )


class TestTheRulebookFile:
    def test_a_converter_error_keeps_the_files_line(self, tmp_path: Any) -> None:
        """Loading a rulebook file whose deduction has a bad rate names file, line and node."""
        path = tmp_path / "bad_rate.py"
        path.write_text(
            "from assessment_rules import Deduct, Item, Rulebook, Section\n"
            "RULEBOOK = Rulebook('bad', '示例', points='10', children=(\n"
            "    Section('s', '安全', points='10', children=(\n"
            "        Item('i', '检查', points='10', children=(\n"
            "            Deduct('late', '迟报', rate='-1'),\n"
            "        )),\n"
            "    )),\n"
            "))\n",
            encoding="utf-8",
        )
        error = raised(lambda: load_rulebook(path))
        assert (error.field, error.value) == ("rate", "-1")
        assert error.path == f"{path.resolve()}:5: late"
        assert str(error).endswith("late: rate='-1' must be ≥ 0 (got '-1' that is a str)")
