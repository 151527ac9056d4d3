"""``list`` and ``show``: which rulebooks exist, and what each one says."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from assessment_rules import bundled_rulebooks
from assessment_rules._i18n import use_language
from assessment_rules.cli import main
from assessment_rules.cli._outline import rulebook_dict, rulebook_outline, unit_outline
from assessment_rules.cli._render import outline_text
from tests.docs.doubling import DOUBLING_BOOK


class TestList:
    def test_every_bundled_rulebook_is_listed_with_title_year_points(self) -> None:
        """Piped output has one tab-separated line per bundled rulebook."""
        run = CliRunner().invoke(main, ["list"])
        assert run.exit_code == 0, run.output
        lines = run.output.splitlines()
        assert lines[0] == "id\ttitle\tyear\tpoints\tsource"
        ids = [line.split("\t")[0] for line in lines[1:]]
        assert ids == sorted(bundled_rulebooks())
        wujin = next(line for line in lines if line.startswith("wujin-2021-departments\t"))
        # Seed 004: 部门（单位）安全生产目标任务考核细则, 2021, 100 points.
        assert wujin.split("\t")[1:4] == ["部门（单位）安全生产目标任务考核细则", "2021", "100"]

    def test_path_adds_user_rulebooks_and_reports_broken_ones(self, tmp_path: Path) -> None:
        """--path DIR lists its rulebook files; a broken one is reported and exits 3."""
        source = bundled_rulebooks()["wujin-2021-departments"].read_text(encoding="utf-8")
        (tmp_path / "mine.py").write_text(
            source.replace('"wujin-2021-departments"', '"mine-2025"'), encoding="utf-8"
        )
        (tmp_path / "broken.py").write_text("RULEBOOK = 1\n", encoding="utf-8")
        run = CliRunner().invoke(main, ["list", "--path", str(tmp_path), "--format", "json"])
        assert run.exit_code == 3
        assert "mine-2025" in [record["id"] for record in json.loads(run.stdout)]
        assert "broken.py" in run.stderr and "must be a Rulebook" in run.stderr


class TestShow:
    def test_tree_shows_points_caps_stars_vetoes_bonus_and_grades(self) -> None:
        """The plain tree names every rule shape of seed 004."""
        run = CliRunner().invoke(main, ["--lang", "zh", "show", "wujin-2021-departments"])
        assert run.exit_code == 0, run.output
        text = run.output
        for expected in (
            "一、组织领导（20分）",
            "（10分，扣完为止）",
            "★ 所监管行业（领域）内发生迟报、漏报、瞒报死亡事故的，每起扣2分",
            "一票否决：所监管行业（领域）内发生较大及以上生产安全责任事故",
            "加分：表彰加分（加分总分值不超过5分）",
            # Each award level is a fact of the bonus, listed with its label.
            "区委、区政府、区安委会表彰加分（每次表彰一项，单次不超过1.5分）"
            "  [commendations_district]",
            "等次：优秀 ≥ 90；良好 ≥ 80；合格 ≥ 60；不合格 < 60",
        ):
            assert expected in text
        assert "\x1b[" not in text  # no colour codes when piped

    @pytest.mark.parametrize("book", sorted(bundled_rulebooks()))
    def test_every_bundled_rulebook_shows_in_every_format(self, book: str) -> None:
        """text, json and md all render each bundled rulebook."""
        for fmt in ("text", "json", "md"):
            run = CliRunner().invoke(main, ["show", book, "--format", fmt])
            assert run.exit_code == 0, run.output
        document = json.loads(CliRunner().invoke(main, ["show", book, "--format", "json"]).output)
        assert document["id"] == book and document["children"]

    def test_json_lists_facts_with_the_paths_they_feed(self) -> None:
        """JSON gives each fact's kind and paths, for tools that build their own forms."""
        run = CliRunner().invoke(main, ["show", "wujin-2021-departments", "--format", "json"])
        facts = {fact["name"]: fact for fact in json.loads(run.output)["facts"]}
        assert facts["leader_checks"]["paths"] == ["key_work.inspections.leader_checks"]
        assert facts["leader_checks"]["required"] is True


class TestShowANodeKindTheLibraryNeverSaw:
    def test_show_and_explain_use_the_nodes_own_words(self) -> None:
        """show prints the node's criterion and fact; explain its reason and arithmetic."""
        with use_language("zh"):
            shown = outline_text(rulebook_outline(DOUBLING_BOOK))
        assert "一、日常工作（10分）" in shown
        assert "信息报送（10分，扣完为止）" in shown
        assert "迟报的，第1次扣1分，以后每次加倍  [late]" in shown
        assert "一票否决：发生较大事故，等次为不合格  [major]" in shown
        record = rulebook_dict(DOUBLING_BOOK)["children"][0]["children"][0]
        assert (record["path"], record["cap"]) == ("work.report", "10")
        assert record["children"][0]["kind"] == "doubling"
        result = DOUBLING_BOOK.evaluate({"late": 3, "major": 0})
        with use_language("zh"):
            explained = outline_text(unit_outline(result, DOUBLING_BOOK))
        assert "原因：迟报3次，扣7分" in explained
        assert "计算：应扣7分，计入7分" in explained
