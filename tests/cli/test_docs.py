"""``assessment-rules docs``: a site for a folder of the user's own rulebooks."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from assessment_rules import bundled_rulebooks
from assessment_rules.cli import EXIT_EVIDENCE, EXIT_RULEBOOK, main

pytest.importorskip("mkdocs", reason="the docs command needs the docs extra")

WUJIN = bundled_rulebooks()["wujin-2021-departments"]
EXAMPLE = WUJIN.parents[1] / "examples" / "wujin-2021-departments.yaml"


def books(tmp_path: Path, *, example: bool = False) -> Path:
    folder = tmp_path / "rulebooks"
    folder.mkdir()
    shutil.copy(WUJIN, folder / WUJIN.name)
    if example:
        (tmp_path / "examples").mkdir()
        shutil.copy(EXAMPLE, tmp_path / "examples" / EXAMPLE.name)
    return folder


class TestDocsCommand:
    def test_site_is_built_with_the_score_sheet_and_search(self, tmp_path: Path) -> None:
        """A folder with one rulebook and its example becomes a site with a searchable page."""
        out = tmp_path / "site"
        result = CliRunner().invoke(
            main, ["docs", str(books(tmp_path, example=True)), "--out", str(out)]
        )
        assert result.exit_code == 0, result.output
        assert "wujin-2021-departments" in result.output
        page = (out / "rulebooks" / "wujin-2021-departments" / "index.html").read_text("utf-8")
        assert "<th>考核标准</th>" in page and "示例区商务委员会" in page
        index = json.loads((out / "search" / "search_index.json").read_text("utf-8"))
        text = "".join(doc["text"] for doc in index["docs"])
        # The terms are indexed whole, between the zero-width spaces jieba's cut leaves.
        assert "\u200b扣完为止\u200b" in text and "\u200b一票否决\u200b" in text

    def test_previous_site_is_replaced(self, tmp_path: Path) -> None:
        """Building into a previously built site replaces it."""
        folder = books(tmp_path)
        out = tmp_path / "site"
        runner = CliRunner()
        assert runner.invoke(main, ["docs", str(folder), "--out", str(out)]).exit_code == 0
        (out / "stale.txt").write_text("old", encoding="utf-8")
        assert runner.invoke(main, ["docs", str(folder), "--out", str(out)]).exit_code == 0
        assert not (out / "stale.txt").exists() and (out / "index.html").is_file()

    def test_broken_rulebooks_are_all_listed(self, tmp_path: Path) -> None:
        """Two broken files are both reported, with exit code 3 and no traceback or site."""
        folder = books(tmp_path)
        # Not a Rulebook (a file with no RULEBOOK at all is a helper script, skipped).
        (folder / "no_rulebook.py").write_text("RULEBOOK = 1\n", encoding="utf-8")
        (folder / "bad_points.py").write_text(
            "from assessment_rules import Item, Rulebook, Deduct\n"
            "RULEBOOK = Rulebook('bad', 'x', points='10', children=(\n"
            "    Item('a', 'a', points='5', children=(Deduct('x', 'x', rate='1'),)),))\n",
            encoding="utf-8",
        )
        out = tmp_path / "site"
        result = CliRunner().invoke(main, ["docs", str(folder), "--out", str(out)])
        assert result.exit_code == EXIT_RULEBOOK
        assert "2 broken rulebook files" in result.output
        assert "no_rulebook.py" in result.output and "bad_points.py" in result.output
        assert "Traceback" not in result.output and not out.exists()

    def test_bad_example_evidence_is_an_evidence_error(self, tmp_path: Path) -> None:
        """An example file that does not fit its rulebook exits 4 naming the file."""
        folder = books(tmp_path)
        (tmp_path / "examples").mkdir()
        (tmp_path / "examples" / "wujin-2021-departments.yaml").write_text(
            "units:\n  - id: a\n    facts: {leader_checks: many}\n", encoding="utf-8"
        )
        result = CliRunner().invoke(main, ["docs", str(folder), "--out", str(tmp_path / "s")])
        assert result.exit_code == EXIT_EVIDENCE
        assert "leader_checks" in result.output and "Traceback" not in result.output

    def test_folder_without_rulebooks_is_refused(self, tmp_path: Path) -> None:
        """An empty folder is reported as having no rulebook files."""
        result = CliRunner().invoke(main, ["docs", str(tmp_path), "--out", str(tmp_path / "s")])
        assert result.exit_code == EXIT_RULEBOOK
        assert "contains no rulebook files" in result.output

    def test_unrelated_folder_is_not_overwritten(self, tmp_path: Path) -> None:
        """A non-empty folder that is not a built site is left alone."""
        out = tmp_path / "mine"
        out.mkdir()
        (out / "notes.txt").write_text("keep", encoding="utf-8")
        result = CliRunner().invoke(main, ["docs", str(books(tmp_path)), "--out", str(out)])
        assert result.exit_code != 0
        assert "not a built site" in result.output
        assert (out / "notes.txt").read_text(encoding="utf-8") == "keep"
