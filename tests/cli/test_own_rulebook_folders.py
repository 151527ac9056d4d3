"""A folder of one's own rulebooks: only rulebook modules are loaded (issue #13 part 2).

A rulebook module assigns ``RULEBOOK`` at its top level; it is recognised from the
file's syntax tree, so a helper script beside it (one that exits or raises when
imported) is never run by ``list --path``, ``docs DIR`` or the HTTP catalog.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from assessment_rules.cli import main
from assessment_rules.docs._site import rulebook_files
from assessment_rules.engine._loading import is_rulebook_module, rulebook_modules
from assessment_rules.web._catalog import build_catalog

RULEBOOK = """\
from assessment_rules import Deduct, Item, Rulebook, Section

RULEBOOK: Rulebook = Rulebook("mine-2025", "我的细则", points="10", source="示例", children=(
    Section("s", "部分", points="10", source="一", children=(
        Item("i", "内容", points="10", source="一(1)", children=(
            Deduct("late", "迟报", rate="2", source="一(1)"),
        )),
    )),
))
"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "mine_2025.py").write_text(RULEBOOK, "utf-8")
    (tmp_path / "make_cases.py").write_text("import sys\nsys.exit('never run me')\n", "utf-8")
    (tmp_path / "raises.py").write_text("raise RuntimeError('never import me')\n", "utf-8")
    (tmp_path / "uses_it.py").write_text(
        "def build():\n    RULEBOOK = None\n    return RULEBOOK\n", "utf-8"
    )
    (tmp_path / "_private.py").write_text("RULEBOOK = 1\n", "utf-8")
    return tmp_path


class TestIsRulebookModule:
    def test_only_top_level_assignments_count(self, folder: Path) -> None:
        """A plain or annotated top-level RULEBOOK counts; one inside a function does not."""
        assert is_rulebook_module(folder / "mine_2025.py")
        assert not is_rulebook_module(folder / "make_cases.py")
        assert not is_rulebook_module(folder / "uses_it.py")

    def test_a_file_that_is_not_python_counts(self, tmp_path: Path) -> None:
        """A syntax error is kept, so that loading reports it with its line."""
        broken = tmp_path / "broken.py"
        broken.write_text("RULEBOOK = (\n", "utf-8")
        assert is_rulebook_module(broken)

    def test_rulebook_modules_skip_helpers_and_private_files(self, folder: Path) -> None:
        """Only mine_2025.py is a rulebook module of the folder."""
        assert [p.name for p in rulebook_modules(folder)] == ["mine_2025.py"]


class TestFolderCommands:
    def test_list_path_ignores_helper_scripts(self, folder: Path) -> None:
        """list --path lists the rulebook and exits 0: the helpers are never run."""
        result = CliRunner().invoke(main, ["list", "--path", str(folder), "--format", "json"])
        assert result.exit_code == 0, result.output
        assert '"id": "mine-2025"' in result.output
        assert "never" not in result.output

    def test_docs_and_catalog_load_rulebook_modules_only(self, folder: Path) -> None:
        """The docs site's and the HTTP service's folder readers skip the helpers too."""
        assert list(rulebook_files(folder)) == ["mine-2025"]
        assert "mine-2025" in build_catalog((folder,)).entries

    def test_a_broken_rulebook_is_still_reported(self, folder: Path) -> None:
        """A rulebook module that fails at import is an error (exit 3), not skipped."""
        (folder / "broken.py").write_text("RULEBOOK = undefined_name\n", "utf-8")
        result = CliRunner().invoke(main, ["list", "--path", str(folder)])
        assert result.exit_code == 3
        assert "broken.py" in result.output
