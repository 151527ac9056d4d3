"""Finding rulebooks by id and by path (``_loading``)."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from assessment_rules import RulebookError, bundled_rulebooks, load_rulebook
from assessment_rules.engine import clear_rulebook_cache
from assessment_rules.engine._loading import RULEBOOKS

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


class TestFilesThatFailToImport:
    @pytest.mark.parametrize(
        ("source", "message"),
        [
            ("RULEBOOK = (\n", r"bad\.py:1: is not valid Python \('\(' was never closed\)"),
            ("import no_such_module_for_a_test\n", r"bad\.py:1: fails at import: ModuleNot"),
            ("X = 1\nraise ValueError('boom')\n", r"bad\.py:2: fails at import: ValueError: boom"),
        ],
    )
    def test_an_import_failure_is_a_rulebook_error(
        self, tmp_path: Path, source: str, message: str
    ) -> None:
        """SyntaxError, ImportError or any exception at import: RulebookError with file:line."""
        path = tmp_path / "bad.py"
        path.write_text(source, encoding="utf-8")
        with pytest.raises(RulebookError, match=message):
            load_rulebook(path)


class TestSharedState:
    def test_bundled_rulebooks_cannot_be_changed(self) -> None:
        """bundled_rulebooks() is read-only: clearing it cannot break later loads."""
        with pytest.raises(TypeError):
            bundled_rulebooks()["wujin-2021-departments"] = Path("x.py")  # type: ignore[index]
        with pytest.raises(AttributeError):
            bundled_rulebooks().clear()  # type: ignore[attr-defined]
        assert load_rulebook("wujin-2021-departments").id == "wujin-2021-departments"

    def test_a_loaded_rulebooks_facts_cannot_be_changed(self) -> None:
        """load_rulebook(...).facts.pop(...) fails; the cached rulebook keeps its facts."""
        book = load_rulebook("wujin-2021-departments")
        with pytest.raises((TypeError, AttributeError)):
            book.facts.pop("leader_checks")  # type: ignore[attr-defined]
        with pytest.raises(TypeError):
            book.fact_paths["leader_checks"] = ()  # type: ignore[index]
        assert "leader_checks" in load_rulebook("wujin-2021-departments").facts

    def test_the_cache_has_a_public_reset(self, tmp_path: Path) -> None:
        """clear_rulebook_cache() makes the next load read the file again."""
        path = tmp_path / "mine.py"
        path.write_text(GOOD, encoding="utf-8")
        first = load_rulebook(path)
        assert load_rulebook(path) is first
        path.write_text(GOOD.replace("我的细则", "改过的细则"), encoding="utf-8")
        clear_rulebook_cache()
        assert load_rulebook(path).title == "改过的细则"

    def test_isolated_loads_are_forgotten(self, tmp_path: Path) -> None:
        """What is loaded inside RULEBOOKS.isolated() is gone afterwards; the rest stays."""
        kept = load_rulebook("wujin-2021-departments")
        path = tmp_path / "mine.py"
        path.write_text(GOOD, encoding="utf-8")
        with RULEBOOKS.isolated():
            load_rulebook(path)
            assert path.resolve() in RULEBOOKS
        assert path.resolve() not in RULEBOOKS
        assert load_rulebook("wujin-2021-departments") is kept

    def test_loads_in_threads_survive_an_isolation(self, tmp_path: Path) -> None:
        """A rulebook another thread loads while one isolates is kept (one lock)."""
        paths = []
        for number in range(8):
            path = tmp_path / f"b{number}.py"
            path.write_text(GOOD.replace('"mine"', f'"mine-{number}"'), encoding="utf-8")
            paths.append(path)
        with ThreadPoolExecutor(4) as pool:
            isolating = [pool.submit(_isolate_briefly) for _ in range(8)]
            loaded = list(pool.map(load_rulebook, paths))
            for future in isolating:
                future.result()
        assert all(path.resolve() in RULEBOOKS for path in paths)
        assert [load_rulebook(path) for path in paths] == loaded


def _isolate_briefly() -> None:
    with RULEBOOKS.isolated():
        time.sleep(0.01)
