"""The curated public namespace."""

from __future__ import annotations

from importlib.resources import files

import assessment_rules


class TestAll:
    def test_all_is_sorted(self) -> None:
        """``__all__`` is sorted as ruff's RUF022 sorts it: CONSTANTS, Classes, functions."""

        def key(name: str) -> tuple[int, str]:
            if name.isupper():
                return (0, name)
            return (1, name) if name[:1].isupper() else (2, name)

        assert list(assessment_rules.__all__) == sorted(assessment_rules.__all__, key=key)

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

    def test_package_is_typed(self) -> None:
        """The package ships a ``py.typed`` marker."""
        assert files("assessment_rules").joinpath("py.typed").is_file()
