"""Which rulebook another one revises, for the change pages.

The changes themselves are the library's own :func:`assessment_rules.yearly.diff_markdown`.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..engine._rulebook import Rulebook

__all__ = ["predecessor_of"]


def predecessor_of(rulebook: Rulebook, known: Mapping[str, Rulebook]) -> tuple[str, bool]:
    """Return the id of the rulebook that *rulebook* revises, and whether it was declared.

    A rulebook declares it with ``Rulebook(..., predecessor="wujin-2021-departments")``.
    Without a declaration, the same id with the previous year (``wujin-2022-…`` →
    ``wujin-2021-…``) is taken when such a rulebook is known. Returns ``("", False)``
    when there is none.

    >>> from assessment_rules import load_rulebook
    >>> predecessor_of(load_rulebook("wujin-2021-departments"), {})
    ('', False)
    """
    if rulebook.predecessor:
        return rulebook.predecessor, True
    if rulebook.year is not None:
        year = str(rulebook.year)
        parts = rulebook.id.split("-")
        if year in parts:
            index = parts.index(year)
            guess = "-".join([*parts[:index], str(rulebook.year - 1), *parts[index + 1 :]])
            if guess in known:
                return guess, False
    return "", False
