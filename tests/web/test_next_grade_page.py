"""The page's 整改清单 is ``to_next_grade``'s: the smallest set marked, the note when blocked.

The Wujin figures are worked out in tests/unit/test_next_grade.py; the policy figures
(veto variants, score veto, total policy, gate, quota) are those of
docs/shapes/policies.md, worked out again beside each assertion.
"""

from __future__ import annotations

import re

from starlette.testclient import TestClient

from assessment_rules import assess
from assessment_rules.web._html import render
from assessment_rules.web._service import Scored
from assessment_rules.web._views import result_view

from ..unit.test_policies import BOOK as POLICIES
from ..unit.test_policies import UNITS as POLICY_UNITS
from .conftest import WUJIN, upload


def _sections(html: str) -> dict[str, str]:
    """Each unit's <details> block, by unit id."""
    return dict(
        re.findall(
            r'<details class="unit" id="[^"]+" data-unit="([^"]+)">(.*?)</details>', html, re.S
        )
    )


def _next(section: str) -> str:
    found = re.search(r'<p class="next[^"]*">(.*?)</p>', section, re.S)
    assert found, section
    return found.group(1)


class TestWujinPage:
    def units(self, client: TestClient) -> dict[str, str]:
        page = client.post(
            "/rulebooks/wujin-2021-departments/result?fragment=1", files=upload(WUJIN)
        )
        assert page.status_code == 200
        return _sections(page.text)

    def test_a_unit_below_the_top_gets_the_smallest_set_marked(self, client: TestClient) -> None:
        """starred (83): 7 short of 优秀; ★ late reports (4) and stale resources (3), marked."""
        section = self.units(client)["starred"]
        assert _next(section) == (
            "距优秀还差7分：整改下表中标“须整改”的2条即可达到优秀（共可补回7分）"
        )
        assert section.count('<tr class="chosen">') == 2
        assert "共可挽回" not in section  # the old sum of lost points is gone

    def test_a_vetoed_unit_is_told_which_veto_holds_it(self, client: TestClient) -> None:
        """vetoed (97, 不合格): the note names the veto; nothing is marked."""
        section = self.units(client)["vetoed"]
        assert _next(section) == (
            "已被一票否决（所监管行业（领域）内发生较大及以上生产安全责任事故）："
            "一票否决不因补回分数而解除，整改分数不能改变等次"
        )
        assert 'class="chosen"' not in section

    def test_under_a_binding_cap_the_table_shows_what_fixing_gives_back(
        self, client: TestClient
    ) -> None:
        """capped (90, 优秀): meetings cost 4 but give back 2; the cap absorbs the rest."""
        section = self.units(client)["capped"]
        assert _next(section) == "已是最高等次"
        # 一(1) loses raw 12 under its 10-point cap: without meetings (4), 8 → 2 back.
        row = next(r for r in section.split("<tr") if "safety_meetings" in r)
        assert re.findall(r'<td class="num">([^<]*)</td>', row) == ["2", "4"]


class TestPolicyPage:
    def units(self) -> dict[str, str]:
        cohort = assess(POLICIES, POLICY_UNITS)
        return _sections(
            render("_result.html", base="", r=result_view(Scored(POLICIES, cohort, ())))
        )

    def test_each_veto_variant_and_policy_case_shows_its_line(self) -> None:
        """The headline of each unit of the worked example."""
        found = {unit: _next(section) for unit, section in self.units().items()}
        # c: 重伤 (bar_top), 100 → 良好, the most the veto allows.
        assert found["c"] == (
            "已被一票否决（发生重伤事故）：一票否决不因补回分数而解除，不得评为优秀，等次最高为良好"
        )
        # d: 约谈 (grade 合格) with 2 hazards: 90 → 合格, its limit.
        assert (
            found["d"] == "已被一票否决（被区政府约谈）：一票否决不因补回分数而解除，等次最高为合格"
        )
        # e: 亡人火灾 (zero): total 0, no points help.
        assert found["e"].startswith("已被一票否决（发生亡人火灾）")
        # g: 5 hazards, 75, 不合格 by the score veto; at 80 it lifts and 80 is 良好.
        assert found["g"] == (
            "距良好还差5分：整改下表中标“须整改”的1条即可达到良好"
            "（共可补回25分，同时解除一票否决：年度考核得分低于80分）"
        )
        # f: 4 hazards, 80, 良好; fixing them gives 100: 10 short of 优秀.
        assert found["f"] == "距优秀还差10分：整改下表中标“须整改”的1条即可达到优秀（共可补回20分）"
        # a: 97, 优秀 by score, moved to 良好 by 街道's quota (b has 100).
        assert found["a"].startswith("总分已达到优秀分数线，因优秀比例限制评为良好")
        # h: kept out by the gate, both requirements named.
        assert found["h"] == (
            "未参评，不计算整改清单。不符合申报条件：年度自评合格（未满足）；"
            "不符合申报条件：死亡人数未超过控制指标（实际2人，不超过1人）"
        )

    def test_the_total_policy_is_in_the_figures(self) -> None:
        """a: 1 hazard (5) and a 2-point award, total 97; fixing it gives 100, so 3 back."""
        section = self.units()["a"]
        row = next(r for r in section.split("<tr") if "work.checks.hazards" in r)
        assert re.findall(r'<td class="num">([^<]*)</td>', row) == ["3", "5"]

    def test_an_ineligible_unit_is_not_told_it_has_nothing_to_fix(self) -> None:
        """h was not scored: no table and no 无需整改 line."""
        section = self.units()["h"]
        assert "无需整改的失分条款" not in section and "<table" not in section
