"""The registry of assessed units: Putuo's streets and towns and the departments of seed 001."""

from __future__ import annotations

from pathlib import Path

import pytest

from assessment_rules import Evidence
from assessment_rules.cohorts import load_registry
from assessment_rules.cohorts._registry import RegistryError, bundled_registries

# 普安办〔2020〕13号 三（二）, copied from the seed in its order:
# 专项监管部门：主要包括区发改委、区商务委、区人社局、区建管委、区生态环境局、区规划资源局、
# 区卫生健康委、区体育局、区绿化市容局、区房管局、区应急局、区民防办、区市场监管局、区城管执法局、
# 区公安交警支队、区消防救援支队等部门。
# 行业主管部门：主要包括区教育局、区民政局、区文旅局、区国资委等部门。
SUPERVISION = [
    "区发改委",
    "区商务委",
    "区人社局",
    "区建管委",
    "区生态环境局",
    "区规划资源局",
    "区卫生健康委",
    "区体育局",
    "区绿化市容局",
    "区房管局",
    "区应急局",
    "区民防办",
    "区市场监管局",
    "区城管执法局",
    "区公安交警支队",
    "区消防救援支队",
]
INDUSTRY = ["区教育局", "区民政局", "区文旅局", "区国资委"]
# Issue 4 names Putuo's ten streets and towns.
STREETS = [
    "长寿路街道",
    "曹家渡街道",
    "甘泉路街道",
    "石泉路街道",
    "宜川路街道",
    "万里街道",
    "真如镇街道",
    "长风新村街道",
    "长征镇",
    "桃浦镇",
]

PUTUO = load_registry("putuo")


class TestPutuoRegistry:
    def test_departments_are_seed_001s_twenty_in_order(self) -> None:
        """The departments are the 16 supervision and 4 industry departments, as printed."""
        departments = PUTUO.category("departments")
        assert [u.name for u in departments] == SUPERVISION + INDUSTRY
        assert [u.group for u in departments] == ["专项监管部门"] * 16 + ["行业主管部门"] * 4

    def test_streets_are_the_ten_streets_and_towns(self) -> None:
        """The streets category lists the 8 streets and 2 towns."""
        streets = PUTUO.category("streets")
        assert [u.name for u in streets] == STREETS
        assert [u.group for u in streets].count("镇") == 2

    def test_ids_are_unique_ascii(self) -> None:
        """Every id is unique, lowercase ASCII, and usable as an evidence id."""
        ids = [u.id for u in PUTUO.units]
        assert len(set(ids)) == len(ids) == 30
        assert all(i.isascii() and i == i.lower() for i in ids)

    def test_lead_tasks_follow_seed_003(self) -> None:
        """区应急局 leads 13 tasks of seed 003; 区国资委 leads tasks 8, 9 and 27."""
        # Seed 003 责任单位 naming 区应急局: 3, 8, 9, 11, 13, 16, 19, 21, 22, 24, 25, 28, 29.
        assert PUTUO.unit("emergency-management").lead_tasks == (
            3, 8, 9, 11, 13, 16, 19, 21, 22, 24, 25, 28, 29,
        )  # fmt: skip
        assert PUTUO.unit("state-assets").lead_tasks == (8, 9, 27)
        # Task 11 names 各街镇: every street leads it.
        assert all(u.lead_tasks == (11,) for u in PUTUO.category("streets"))

    def test_unknown_unit_suggests_a_close_id(self) -> None:
        """A misspelt id raises KeyError with a suggestion."""
        with pytest.raises(KeyError, match="Did you mean 'taopu'"):
            PUTUO.unit("taopo")

    def test_unknown_category_lists_the_categories(self) -> None:
        """An unknown category names the known ones."""
        with pytest.raises(KeyError, match="streets, departments"):
            PUTUO.category("towns")


class TestRegistryCheck:
    def test_matching_cohort_has_no_problems(self) -> None:
        """Evidence for all ten streets with registered names passes."""
        cohort = [Evidence(u.id, {}, u.name) for u in PUTUO.category("streets")]
        assert PUTUO.check(cohort, "streets") == []

    def test_every_mismatch_is_listed(self) -> None:
        """An unknown id, a wrong name, a department and the streets left out all show."""
        cohort = [
            Evidence("taopo", {}, "桃浦镇"),
            Evidence("wanli", {}, "万里"),
            Evidence("education", {}, "区教育局"),
        ]
        problems = PUTUO.check(cohort, "streets")
        assert [(p.unit, p.fact) for p in problems[:3]] == [
            ("taopo", "id"),
            ("wanli", "name"),
            ("education", "category"),
        ]
        # Nine streets have no evidence (万里 is present under its id).
        assert len(problems) == 3 + 9


class TestLoadRegistry:
    def test_putuo_is_bundled(self) -> None:
        """The Putuo registry ships with the package."""
        assert "putuo" in bundled_registries()

    def test_unknown_id_suggests_a_bundled_one(self) -> None:
        """A misspelt registry id is refused with a hint."""
        with pytest.raises(RegistryError, match="Did you mean 'putuo'"):
            load_registry("putou")

    def test_a_registry_file_loads_by_path(self, tmp_path: Path) -> None:
        """A user's YAML registry of the same layout loads."""
        path = tmp_path / "demo.yaml"
        path.write_text(
            "district: demo\ntitle: 示例区\ncategories: [{id: streets, title: 街镇}]\n"
            "units: [{id: a, name: 甲街道, category: streets}]\n",
            encoding="utf-8",
        )
        assert load_registry(path).unit("a").name == "甲街道"

    def test_a_unit_of_an_unknown_category_is_refused(self, tmp_path: Path) -> None:
        """A unit whose category is not declared fails, naming the file and the unit."""
        path = tmp_path / "bad.yaml"
        path.write_text(
            "district: demo\ntitle: 示例区\ncategories: [{id: streets, title: 街镇}]\n"
            "units: [{id: a, name: 甲, category: towns}]\n",
            encoding="utf-8",
        )
        with pytest.raises(RegistryError, match=r"bad\.yaml units #1: category='towns'"):
            load_registry(path)
