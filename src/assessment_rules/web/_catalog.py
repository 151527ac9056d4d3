"""The rulebooks one service process offers: the bundled ones and the user's folders.

Every rulebook is loaded once, when the app is built, so a broken user rulebook stops
the service at start with its file and line (as ``assessment-rules check`` reports it)
rather than failing one request later; loading in one thread at start also keeps the
library's load cache out of concurrent requests.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from types import MappingProxyType

import attrs

from ..engine._errors import AssessmentRulesError, RulebookError, did_you_mean
from ..engine._loading import bundled_rulebooks, load_rulebook, rulebook_modules
from ..engine._rulebook import Rulebook
from ._problems import ProblemError

__all__ = ["Catalog", "CatalogEntry", "build_catalog"]


@attrs.frozen
class CatalogEntry:
    """One rulebook on offer.

    Attributes:
        rulebook: The loaded rulebook.
        origin: ``bundled``, or the file a user rulebook came from.
    """

    rulebook: Rulebook
    origin: str


def _read_only(entries: Mapping[str, CatalogEntry]) -> Mapping[str, CatalogEntry]:
    return MappingProxyType(dict(entries))


@attrs.frozen
class Catalog:
    """The rulebooks on offer, by id, in listing order."""

    entries: Mapping[str, CatalogEntry] = attrs.field(converter=_read_only)

    def get(self, rulebook_id: str) -> Rulebook:
        """The rulebook with this id.

        Raises:
            ProblemError: 404 ``unknown-rulebook``, with a "Did you mean …?" hint.
        """
        entry = self.entries.get(rulebook_id)
        if entry is None:
            hint = did_you_mean(rulebook_id, self.entries)
            raise ProblemError(
                404,
                "unknown-rulebook",
                "没有这个考核细则",
                f"考核细则 {rulebook_id!r} 不存在（可用：{'、'.join(self.entries)}）"
                + (f"。{hint}" if hint else ""),
                [{"field": "rulebook", "value": rulebook_id, "hint": hint}],
            )
        return entry.rulebook


def build_catalog(dirs: Iterable[Path] = ()) -> Catalog:
    """Load the bundled rulebooks and every ``*.py`` rulebook file in *dirs*.

    A user rulebook whose id is a bundled one's replaces it (a district's own edition
    of a sheet wins over the shipped example); two user files with one id are an error.

    Raises:
        RulebookError: A folder is missing, a file does not load, or two user files
            define the same id.

    >>> "wujin-2021-departments" in build_catalog().entries
    True
    """
    entries: dict[str, CatalogEntry] = {}
    for rulebook_id in sorted(bundled_rulebooks()):
        entries[rulebook_id] = CatalogEntry(load_rulebook(rulebook_id), "bundled")
    mine: dict[str, str] = {}
    for directory in dirs:
        if not directory.is_dir():
            raise RulebookError("", "--rulebooks", str(directory), "must be a folder")
        for path in rulebook_modules(directory):  # helper scripts are never run
            try:
                book = load_rulebook(path)
            except AssessmentRulesError:
                raise
            except Exception as error:  # a user's file may fail in any way while it imports
                raise RulebookError(
                    str(path), "", None, f"cannot be loaded ({type(error).__name__}: {error})"
                ) from error
            if book.id in mine:
                raise RulebookError(
                    str(path),
                    "id",
                    book.id,
                    f"is also the id of the rulebook in {mine[book.id]}; ids must be unique",
                )
            mine[book.id] = str(path)
            entries[book.id] = CatalogEntry(book, str(path))
    return Catalog(entries)
