"""The curated public namespace: a small top level and one room per part of the design."""

from __future__ import annotations

import importlib
from importlib.resources import files
from types import ModuleType

import pytest

import assessment_rules

ROOMS = ("engine", "combinators", "cohorts", "finance", "yearly", "io", "calendar", "docs")


def _key(name: str) -> tuple[int, str]:
    """Ruff's RUF022 order: CONSTANTS, Classes, functions."""
    if name.isupper():
        return (0, name)
    return (1, name) if name[:1].isupper() else (2, name)


def _room(name: str) -> ModuleType:
    return importlib.import_module(f"assessment_rules.{name}")


class TestAll:
    def test_all_is_sorted(self) -> None:
        """``__all__`` is sorted as ruff's RUF022 sorts it: CONSTANTS, Classes, functions."""
        assert list(assessment_rules.__all__) == sorted(assessment_rules.__all__, key=_key)

    def test_every_name_is_exported(self) -> None:
        """Every name in ``__all__`` is an attribute of the package."""
        missing = [n for n in assessment_rules.__all__ if not hasattr(assessment_rules, n)]
        assert missing == []

    def test_no_private_module_leaks(self) -> None:
        """No ``_``-prefixed implementation name is listed as public."""
        assert [
            n for n in assessment_rules.__all__ if n.startswith("_") and n != "__version__"
        ] == []

    def test_combinators_keep_their_names(self) -> None:
        """The five combinators the user named are public under exactly those names."""
        for name in ("Deduct", "CapAt", "Veto", "Bonus", "ExecutionRateScore"):
            assert name in assessment_rules.__all__

    def test_the_top_level_stays_small(self) -> None:
        """The top level keeps to what a rulebook author and an importing tool need."""
        assert len(assessment_rules.__all__) <= 40

    def test_package_is_typed(self) -> None:
        """The package ships a ``py.typed`` marker."""
        assert files("assessment_rules").joinpath("py.typed").is_file()


class TestRooms:
    @pytest.mark.parametrize("name", ROOMS)
    def test_each_room_exports_a_sorted_all(self, name: str) -> None:
        """Each subpackage lists its public names, sorted, and has every one of them."""
        room = _room(name)
        assert list(room.__all__) == sorted(room.__all__, key=_key)
        assert [n for n in room.__all__ if not hasattr(room, n)] == []

    def test_top_level_names_come_from_the_rooms(self) -> None:
        """Every top-level name (but ``evaluate`` and the version) is also in a room."""
        homes = {n for name in ROOMS for n in _room(name).__all__}
        extra = set(assessment_rules.__all__) - homes - {"evaluate", "__version__"}
        assert extra == set()


class TestMovedNames:
    @pytest.mark.parametrize("name", sorted(assessment_rules._MOVED_TO))
    def test_a_moved_name_still_resolves_with_a_warning(self, name: str) -> None:
        """A name that left the top level resolves to its room's object and warns once."""
        room = _room(assessment_rules._MOVED_TO[name])
        assert name in room.__all__
        with pytest.warns(DeprecationWarning, match=f"assessment_rules.{room.__name__[17:]}"):
            value = getattr(assessment_rules, name)
        assert value is getattr(room, name)

    def test_an_unknown_name_is_an_attribute_error(self) -> None:
        """A name that never existed raises ``AttributeError``, not a warning."""
        with pytest.raises(AttributeError, match="no_such_name"):
            assessment_rules.no_such_name  # noqa: B018
