"""Finding rulebooks by id and by path (``_loading``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from assessment_rules import RulebookError, bundled_rulebooks, load_rulebook

GOOD = """
from assessment_rules import Deduct, Item, Rulebook, Section
RULEBOOK = Rulebook("mine", "我的细则", points="5", children=(
    Section("s", "部分", points="5", children=(
        Item("i", "内容", points="5", children=(Deduct("d", "问题", rate="1"),)),)),))
"""


class TestLoadRulebook:
    def test_bundled_rulebooks_are_found_by_id(self) -> None:
        """The Wujin rulebook loads by its id and is cached."""
        assert "wujin-2021-departments" in bundled_rulebooks()
        first = load_rulebook("wujin-2021-departments")
        assert first is load_rulebook("wujin-2021-departments")
        assert first.id == "wujin-2021-departments"

    def test_a_user_file_loads_by_path(self, tmp_path: Path) -> None:
        """A Python file defining RULEBOOK loads by its path."""
        path = tmp_path / "mine.py"
        path.write_text(GOOD, encoding="utf-8")
        assert load_rulebook(path).id == "mine"

    def test_unknown_ids_suggest_a_bundled_one(self) -> None:
        """A misspelt id gets a did-you-mean hint."""
        with pytest.raises(RulebookError, match="Did you mean 'wujin-2021-departments'"):
            load_rulebook("wujin-2021-department")

    def test_a_broken_rulebook_names_file_line_and_node(self, tmp_path: Path) -> None:
        """A points mistake is reported with the file, the line and the node."""
        path = tmp_path / "broken.py"
        path.write_text(
            GOOD.replace('points="5", children=(Deduct', 'points="4", children=(Deduct'),
            encoding="utf-8",
        )
        with pytest.raises(RulebookError) as caught:
            load_rulebook(path)
        message = str(caught.value)
        assert f"{path.resolve()}:" in message
        assert "s: points=Decimal('5') must equal the children's points (i 4 = 4)" in message

    def test_a_file_without_rulebook_is_refused(self, tmp_path: Path) -> None:
        """A Python file that defines no RULEBOOK is refused."""
        path = tmp_path / "empty.py"
        path.write_text("X = 1\n", encoding="utf-8")
        with pytest.raises(RulebookError, match="RULEBOOK=None must be a Rulebook"):
            load_rulebook(path)
