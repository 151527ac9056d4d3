"""Veto variants, the total's policy, the eligibility gate and ranking policies.

The worked example is the one in docs/shapes/policies.md, with the same figures: a
district's 街镇 sheet with one item (重大隐患未整改 每项扣5分), a 市级表彰 bonus (each ≤ 3,
together ≤ 5), four vetoes with four effects, a score veto below 80, a total that may
not exceed 100, a gate of two conditions, ranking within 街道/镇 and 参评不排名.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest

from assessment_rules import (
    AwardLevel,
    Bonus,
    CapAt,
    Deduct,
    Evidence,
    ExcellentQuota,
    Fact,
    Item,
    Rulebook,
    RulebookError,
    Section,
    Veto,
    assess,
    bundled_rulebooks,
    load_rulebook,
)
from assessment_rules.cohorts import Ranking
from assessment_rules.combinators import VETO_EFFECTS, Requirement, ScoreVeto, TotalPolicy
from assessment_rules.io import cohort_to_dict, read_evidence
from assessment_rules.yearly import Set, derive, diff_rulebooks, lint


def D(text: str) -> Decimal:  # noqa: N802 - reads like the Decimal it builds
    return Decimal(text)


BOOK = Rulebook(
    "demo-policies",
    "示例区街镇安全生产工作考核",
    children=(
        Section(
            "work",
            "工作落实",
            points="100",
            children=(
                CapAt(
                    Item(
                        "checks",
                        "隐患排查",
                        points="100",
                        children=(
                            Deduct("hazards", "重大隐患未整改", rate="5", shape="each", unit="项"),
                        ),
                    )
                ),
            ),
        ),
        Bonus("awards", "表彰加分", levels=(AwardLevel("city", "市级表彰", cap="3"),), cap="5"),
        Veto("major_accident", "发生较大及以上生产安全事故", unit="起"),
        Veto("fire_death", "发生亡人火灾", unit="起", effect="zero"),
        Veto("injury", "发生重伤事故", unit="起", effect="bar_top"),
        Veto("warning", "被区政府约谈", unit="次", effect="grade", grade="合格"),
    ),
    total=TotalPolicy(above_full=False),
    score_vetoes=(ScoreVeto("below_80", "年度考核得分低于80分", below="80"),),
    gate=(
        Requirement("self_check", "年度自评合格"),
        Requirement("deaths", "死亡人数未超过控制指标", limit="death_quota", unit="人"),
    ),
    ranking=Ranking(groups=("街道", "镇"), unranked_fact="not_ranked"),
    quota=ExcellentQuota(share="0.3", scope="group"),
)

PASSING = {"self_check": True, "deaths": 0, "death_quota": 1}


def unit(name: str, group: str, **facts: Any) -> Evidence:
    values = {
        "hazards": 0,
        "major_accident": 0,
        "fire_death": 0,
        "injury": 0,
        "warning": 0,
        "ranking_group": group,
        **PASSING,
        **facts,
    }
    return Evidence(name, values, name=name)


UNITS = [
    unit("a", "街道", hazards=1, awards_city=["2"]),
    unit("b", "街道", awards_city=["3", "3"]),
    unit("c", "街道", injury=1),
    unit("d", "镇", hazards=2, warning=1),
    unit("e", "镇", hazards=1, fire_death=1),
    unit("f", "镇", hazards=4),
    unit("g", "镇", hazards=5),
    unit("h", "镇", self_check=False, deaths=2),
    unit("j", "街道", not_ranked=True),
]


@pytest.fixture(scope="module")
def cohort():  # type: ignore[no-untyped-def]
    return assess(BOOK, UNITS)


class TestWorkedExample:
    """The figures of docs/shapes/policies.md, computed by hand beside each assertion."""

    def test_totals_and_grades_by_score(self, cohort) -> None:  # type: ignore[no-untyped-def]
        """Each unit's total and grade (before the quota) are as worked out by hand."""
        got = {u.result.unit: (str(u.result.total), u.result.grade) for u in cohort.units}
        assert got == {
            "a": ("97", "优秀"),  # 100 − 1×5 = 95, + 市级表彰 2 = 97
            "b": ("100", "优秀"),  # 100; bonus 3 + 3 → 3 + 2 (合计≤5) → 0 (总分≤100)
            "c": ("100", "良好"),  # 100, 重伤 (bar_top): at most the second band
            "d": ("90", "合格"),  # 100 − 2×5 = 90 (优秀), 约谈 (grade=合格) → 合格
            "e": ("0", "不合格"),  # 100 − 5 = 95 computed, 亡人火灾 (zero) → 0
            "f": ("80", "良好"),  # 100 − 4×5 = 80: not below 80
            "g": ("75", "不合格"),  # 100 − 5×5 = 75 < 80: score veto → 不合格
            "h": ("0", "不参评"),  # fails both gate conditions: not scored
            "j": ("100", "优秀"),  # 100, 参评不排名
        }

    def test_bonus_cut_by_the_total_policy_balances(self, cohort) -> None:  # type: ignore[no-untyped-def]
        """b's two awards are cut to 0 by 总分不超过100分, and the ledger still balances."""
        b = cohort.result("b")
        assert [(e.raw, e.counted, e.absorbed) for e in b.gained] == [
            (D("3"), D("0"), D("3")),
            (D("3"), D("0"), D("3")),
        ]
        assert b.gained[0].reason == "受到市级表彰，加3分（加分后总分不超过100分，计入0分）"
        assert b.root.absorbed == D("5")  # 3 + 2 that Bonus counted, all cut by the policy
        for node in b.root.walk():
            assert node.score == node.max - node.lost + node.gained

    def test_vetoes_state_their_effect(self, cohort) -> None:  # type: ignore[no-untyped-def]
        """Every veto hit says which effect applied, and its reason says it in Chinese."""
        hits = {u.result.unit: u.result.vetoes for u in cohort.units if u.result.vetoes}
        assert {k: [(h.path, h.effect) for h in v] for k, v in hits.items()} == {
            "c": [("injury", "bar_top")],
            "d": [("warning", "grade")],
            "e": [("fire_death", "zero")],
            "g": [("below_80", "lowest")],
        }
        assert hits["d"][0].reason == "一票否决：被区政府约谈1次，考核等次为合格"
        assert hits["e"][0].reason == "一票否决：发生亡人火灾1起，考核总分计为0分"
        assert hits["g"][0].reason == (
            "一票否决：年度考核得分低于80分（总分75分，低于80分），考核等次为不合格"
        )

    def test_zero_keeps_the_computed_tree(self, cohort) -> None:  # type: ignore[no-untyped-def]
        """e's total is 0 but its tree shows the 95 it scored, balanced."""
        e = cohort.result("e")
        assert (e.total, e.base, e.root.score) == (D("0"), D("0"), D("95"))

    def test_gate_keeps_a_unit_out_with_reasons(self, cohort) -> None:  # type: ignore[no-untyped-def]
        """h fails both conditions: not scored, not ranked, listed with 不参评 and why."""
        h = cohort.ranked("h")
        assert (h.result.eligible, h.rank, h.rank_text, h.grade) == (
            False,
            None,
            "不参评",
            "不参评",
        )
        assert h.result.reasons == (
            "不符合申报条件：年度自评合格（未满足）",
            "不符合申报条件：死亡人数未超过控制指标（实际2人，不超过1人）",
        )
        assert h.result.entries == () and h.quota is None

    def test_ranks_within_classes_failed_units_last(self, cohort) -> None:  # type: ignore[no-untyped-def]
        """街道: b 1, c 1, a 3, j 不排名; 镇: d 1, f 2, failed g 3, e 4; h 不参评."""
        # 街道: c's 重伤 veto is bar_top (否优项): it limits the grade, not the place, so
        # c ranks by its 100 beside b's 100 (1, 1; b first in evidence order), a 97 → 3.
        # 镇: d's 约谈 veto (grade=合格) ranks d by its 90 → 1, f 80 → 2; g (score veto
        # below 80, lowest) and e (亡人火灾, zero) failed the year: after them, g 75 → 3,
        # e 0 → 4.
        assert [(u.result.unit, u.group, u.rank_text) for u in cohort.units] == [
            ("b", "街道", "1"),
            ("c", "街道", "1"),
            ("a", "街道", "3"),
            ("d", "镇", "1"),
            ("f", "镇", "2"),
            ("g", "镇", "3"),
            ("e", "镇", "4"),
            ("j", "街道", "不排名"),
            ("h", "镇", "不参评"),
        ]

    def test_quota_per_class(self, cohort) -> None:  # type: ignore[no-untyped-def]
        """街道 3 ranked × 30% = 0.9 → 1 place (b); a moves to 良好; j is outside the quota."""
        assert cohort.ranked("b").grade == "优秀"
        assert (cohort.ranked("a").grade, cohort.ranked("a").moved) == ("良好", True)
        assert cohort.ranked("j").grade == "优秀" and cohort.ranked("j").quota is None
        quota = cohort.quota
        # 镇: 4 ranked × 30% = 1.2 → 1 place, no candidate (f 80 is 良好).
        assert (quota.size, quota.places, quota.admitted, quota.demoted) == (7, 2, 1, 1)
        assert quota.note.startswith("【街道】优秀比例控制在30%左右：共3个单位，优秀名额1个")

    def test_json_shows_effect_standing_and_eligibility(self, cohort) -> None:  # type: ignore[no-untyped-def]
        """The JSON states each veto's effect, the standing text and the gate."""
        units = {u["id"]: u for u in cohort_to_dict(cohort, BOOK)["units"]}
        assert units["e"]["vetoes"][0]["effect"] == "zero"
        assert (units["h"]["rank"], units["h"]["standing"], units["h"]["eligible"]) == (
            None,
            "不参评",
            False,
        )
        assert units["j"]["standing"] == "不排名" and units["b"]["group"] == "街道"


class TestVetoEffects:
    def test_effect_must_be_known(self) -> None:
        """An unknown effect names the veto, the field and the value."""
        with pytest.raises(RulebookError, match=r"x: effect='half' must be one of lowest"):
            Veto("x", "事故", effect="half")

    def test_grade_effect_needs_a_band_of_the_rulebook(self) -> None:
        """A veto naming a band the rulebook lacks fails at construction, with its path."""
        with pytest.raises(RulebookError, match=r"warning: grade='中' must be one of the grades"):
            attrs.evolve(
                BOOK,
                children=(
                    *BOOK.children[:-1],
                    Veto("warning", "被区政府约谈", effect="grade", grade="中"),
                ),
            )

    def test_a_veto_never_raises_a_grade(self) -> None:
        """A 55 with grade='合格' stays 不合格 (11 hazards: 100 − 55 = 45 … score veto too)."""
        book = attrs.evolve(BOOK, score_vetoes=())
        result = book.evaluate(unit("x", "镇", hazards=9, warning=1))
        # 100 − 9×5 = 55 → 不合格 by score; the veto allows at most 合格: 不合格 stays.
        assert (result.total, result.grade) == (D("55"), "不合格")

    def test_default_veto_wording_is_unchanged(self) -> None:
        """The default effect's reason and sheet text read as before."""
        veto = Veto("major_accident", "发生较大及以上生产安全事故", unit="起")
        assert veto.reason({"major_accident": 1}) == "一票否决：发生较大及以上生产安全事故1起"
        assert veto.criterion() == "发生较大及以上生产安全事故的，实行“一票否决”，考核等次为不合格"
        assert set(VETO_EFFECTS) == {"lowest", "zero", "bar_top", "grade"}

    def test_criteria_state_each_effect(self) -> None:
        """The sheet text of each variant says what the veto does."""
        texts = [node.criterion() for node in BOOK.children[2:]]
        assert texts == [
            "发生较大及以上生产安全事故的，实行“一票否决”，考核等次为不合格",
            "发生亡人火灾的，实行“一票否决”，考核总分计为0分",
            "发生重伤事故的，实行“一票否决”，不得评为最高等次",
            "被区政府约谈的，实行“一票否决”，考核等次为合格",
        ]


class TestTotalPolicy:
    def test_cap_below_points_is_refused(self) -> None:
        """A total cap below full points fails with the rulebook and the field."""
        with pytest.raises(RulebookError, match=r"demo-policies: total=.*at least"):
            attrs.evolve(BOOK, total=TotalPolicy(cap="90"))

    def test_bonus_cap_and_total_cap(self) -> None:
        """cap=102, bonus_cap=4: a 95 with 5 of awards gets 4 (bonus_cap); a 100 gets 2."""
        book = attrs.evolve(BOOK, total=TotalPolicy(cap="102", bonus_cap="4"))
        low = book.evaluate(unit("x", "镇", hazards=1, awards_city=["3", "2"]))
        high = book.evaluate(unit("y", "镇", awards_city=["3", "2"]))
        # low: 95 + min(5, 4, 102 − 95 = 7) = 99; high: 100 + min(5, 4, 2) = 102.
        assert (low.total, high.total) == (D("99"), D("102"))

    def test_repr_reads_as_code(self) -> None:
        """The policy's repr leaves defaults out."""
        assert repr(TotalPolicy(above_full=False, bonus_cap="5")) == (
            "TotalPolicy(above_full=False, bonus_cap='5')"
        )


class TestRequirement:
    def test_number_fact_needs_a_bound(self) -> None:
        """A count requirement without at_most or limit is refused, naming the field."""
        with pytest.raises(RulebookError, match=r"deaths: at_most=None must be given"):
            Requirement("deaths", "死亡人数", fact=Fact("deaths", "死亡人数", kind="count"))

    def test_gate_facts_are_in_the_template(self) -> None:
        """The gate's and the ranking's facts are rulebook facts (templates, check)."""
        assert {"self_check", "deaths", "death_quota", "ranking_group", "not_ranked"} <= set(
            BOOK.facts
        )


class TestDiffAndDerive:
    def test_derive_changes_an_effect_and_diff_reports_it(self) -> None:
        """Next year the 约谈 veto bars the top grade only, and the total may exceed 100."""
        new = derive(
            BOOK,
            Set("warning", effect="bar_top", grade=""),
            id="demo-policies-next",
            total=TotalPolicy(),
        )
        result = new.evaluate(unit("d", "镇", hazards=2, warning=1))
        assert (result.total, result.grade) == (D("90"), "良好")  # 90 is 优秀, barred → 良好
        changes = diff_rulebooks(BOOK, new)
        fields = {(c.path, c.field) for c in changes.changes}
        assert ("warning", "effect") in fields and ("", "total") in fields

    def test_lint_runs_on_a_rulebook_with_policies(self) -> None:
        """lint reads the rulebook; its only findings are the example's missing sources."""
        assert {finding.code for finding in lint(BOOK)} == {"no-source"}


class TestDefaultRanking:
    def test_bundled_cohorts_rank_vetoed_units_last(self) -> None:
        """In every bundled cohort with examples, every vetoed unit ranks after every other
        (their vetoes all fail the year: effect lowest)."""
        examples = Path(__file__).parents[2] / "examples"
        checked = 0
        for book_id in bundled_rulebooks():
            path = examples / f"{book_id}.yaml"
            if not path.exists():
                continue
            book = load_rulebook(book_id)
            cohort = assess(book, read_evidence(path, book_id))
            ranks = [(u.result.vetoed, u.rank) for u in cohort.units if u.ranked]
            clean = [rank for vetoed, rank in ranks if not vetoed]
            vetoed = [rank for vetoed, rank in ranks if vetoed]
            if clean and vetoed:
                assert min(vetoed) > max(clean), book_id
                checked += 1
        assert checked >= 3  # wujin-2021, putuo-2024-streets and -departments have vetoes


def test_a_total_policy_cuts_entries_by_their_place_not_their_identity() -> None:
    """One entry object listed twice (two equal awards of 1) is cut at its second place only.

    The tree by hand: root 10 + 2 = 12 with one bonus leaf holding the same entry twice.
    ``TotalPolicy(cap=11)``: bonus may add 1, so the first award counts 1 and the second
    0 (absorbed 1); the total is 11.
    """
    from assessment_rules import LedgerEntry, NodeResult  # noqa: PLC0415
    from assessment_rules.engine._policy import _cut_bonus  # noqa: PLC0415

    award = LedgerEntry(
        path="b.city",
        title="市级表彰",
        kind="bonus",
        occurrences=1,
        rate=Decimal(1),
        raw=Decimal(1),
        counted=Decimal(1),
        absorbed=Decimal(0),
        reason="受到市级表彰，加1分",
        starred=False,
        detail=(),
        source="",
    )
    ten, two, zero = Decimal(10), Decimal(2), Decimal(0)
    leaf = NodeResult("b", "b", "表彰", "bonus", zero, two, zero, two, (award, award))
    root = NodeResult(
        "", "", "示例", "rulebook", ten, ten + two, zero, two, (award, award), (leaf,)
    )
    cut = _cut_bonus(root, TotalPolicy(cap="11"), ten)
    assert [entry.counted for entry in cut.entries] == [Decimal(1), Decimal(0)]
    assert [entry.counted for entry in cut.children[0].entries] == [Decimal(1), Decimal(0)]
    assert (cut.score, cut.gained, cut.children[0].gained) == (Decimal(11), Decimal(1), Decimal(1))
