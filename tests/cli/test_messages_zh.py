"""The last English lines of ``diff``, ``test`` and ``docs``, now in Chinese (--lang zh),
and still in English with --lang en (the suite's language)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from assessment_rules.cli import main

COUNTY = Path(__file__).parent / "data" / "county" / "ema_2026.py"


def run(*args: str, code: int = 0) -> str:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == code, result.output
    return result.output


class TestDiff:
    def test_the_count_header_is_chinese(self) -> None:
        """Wujin 2021 → 2022 reads 共17处变化 (17 changes in English)."""
        zh = run("--lang", "zh", "diff", "wujin-2021-departments", "wujin-2022-departments")
        en = run("--lang", "en", "diff", "wujin-2021-departments", "wujin-2022-departments")
        assert zh.splitlines()[0] == "wujin-2021-departments → wujin-2022-departments: 共17处变化"
        assert en.splitlines()[0].endswith(": 17 changes")

    def test_no_changes(self) -> None:
        """A rulebook compared with itself: 没有变化."""
        zh = run("--lang", "zh", "diff", "wujin-2021-departments", "wujin-2021-departments")
        assert zh.splitlines()[0].endswith(": 没有变化")


class TestCaseRunner:
    def test_each_case_and_the_count_are_chinese(self) -> None:
        """Every bundled case passes: 通过 on each line, then 通过27个，未通过0个."""
        lines = run("--lang", "zh", "test").splitlines()
        assert lines[-1] == f"通过{len(lines) - 1}个，未通过0个"
        assert all(line.startswith("通过 ") for line in lines[:-1])
        assert "passed" not in lines[-1] and not any(line.startswith("ok") for line in lines)

    def test_english_is_unchanged(self) -> None:
        """--lang en keeps ``ok   …`` and ``27 passed, 0 failed``."""
        lines = run("--lang", "en", "test").splitlines()
        assert lines[-1] == f"{len(lines) - 1} passed, 0 failed"
        assert lines[0].startswith("ok   ")


class TestDocsBuild:
    def test_the_built_message_is_chinese(self, tmp_path: Path) -> None:
        """One rulebook: 已生成网站 <out>（1份考核细则：county-ema-2026）."""
        pytest.importorskip("mkdocs")
        books = tmp_path / "books"
        books.mkdir()
        shutil.copy(COUNTY, books / COUNTY.name)
        out = tmp_path / "site"
        text = run("--lang", "zh", "docs", str(books), "--out", str(out))
        assert text.strip() == f"已生成网站 {out}（1份考核细则：county-ema-2026）"

    def test_an_empty_folder_is_refused_in_chinese(self, tmp_path: Path) -> None:
        """A folder without rulebook modules: 目录中没有考核细则文件…, exit 3."""
        text = run("--lang", "zh", "docs", str(tmp_path), "--out", str(tmp_path / "s"), code=3)
        assert "目录中没有考核细则文件" in text and "contains" not in text
