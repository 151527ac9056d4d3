"""The how-tos' shell commands run as written (issue #13 part 2).

Each page's fenced ``sh`` blocks are run in order, with bash, in one empty temporary
directory, the way a reader would paste them; every command must succeed.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parents[2] / "docs"


def shell_blocks(page: Path) -> list[str]:
    """The page's fenced ``sh`` blocks, in order."""
    return re.findall(r"```sh\n(.*?)```", page.read_text(encoding="utf-8"), re.S)


def run_blocks(page: Path, where: Path) -> list[subprocess.CompletedProcess[str]]:
    """Run every block of *page* in *where*, stopping at the first command that fails."""
    bash = shutil.which("bash")
    if bash is None:
        pytest.skip("bash is not installed")
    env = dict(os.environ)
    # The assessment-rules of this environment comes first on PATH.
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env.setdefault("NO_MKDOCS_2_WARNING", "1")
    env.setdefault("DISABLE_MKDOCS_2_WARNING", "true")
    done = []
    for block in shell_blocks(page):
        finished = subprocess.run(
            [bash, "-e", "-o", "pipefail", "-c", block],
            cwd=where,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert finished.returncode == 0, (
            f"{block}\n--- stdout\n{finished.stdout}\n--- stderr\n{finished.stderr}"
        )
        done.append(finished)
    return done


class TestOwnRulebooksPage:
    PAGE = DOCS / "how-to" / "own-rulebooks.md"

    def test_every_command_runs_as_written(self, tmp_path: Path) -> None:
        """The page's commands build a folder, check, score, test and document it."""
        done = run_blocks(self.PAGE, tmp_path)
        output = "\n".join(step.stdout for step in done)
        # 甲村: 5 + 6 = 11 and (12 − 10) × 2 = 4 → 85; 乙村: −10 → 90 (see the page).
        assert "发生森林火灾2起（5+6），扣11分" in output
        assert "3 passed, 0 failed" in output
        assert (tmp_path / "district" / "site" / "index.html").is_file()

    def test_the_helper_script_is_never_run(self, tmp_path: Path) -> None:
        """list --path shows the rulebook and neither lists nor runs make_cases.py."""
        done = run_blocks(self.PAGE, tmp_path)
        listing = done[1].stdout
        assert "town-fire-2025" in listing
        assert "make_cases" not in listing + done[1].stderr

    def test_the_page_is_in_the_navigation(self) -> None:
        """mkdocs.yml lists the page, and the tutorial points to it."""
        assert "how-to/own-rulebooks.md" in (DOCS.parent / "mkdocs.yml").read_text("utf-8")
        assert "how-to/own-rulebooks.md" in (DOCS / "tutorial.md").read_text("utf-8")


class TestNodeKindPageCommands:
    PAGE = DOCS / "how-to" / "node-kind.md"

    def test_every_command_runs_as_written(self, tmp_path: Path) -> None:
        """The node-kind how-to's commands run its new node kind through every command."""
        assert shell_blocks(self.PAGE), "the page shows the commands"
        run_blocks(self.PAGE, tmp_path)
