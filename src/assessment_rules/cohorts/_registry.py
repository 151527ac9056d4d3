"""Registries of assessed units: who is assessed in a district, and in which category.

A registry is data (a YAML file bundled in ``assessment_rules/registries/``, or any file
of the same layout): each unit has a stable ASCII id (used as ``id`` in evidence files),
its Chinese name as the documents print it, and a category (``streets`` or
``departments``) that picks its rulebook (差异化设置考核指标).
"""

from __future__ import annotations

import importlib.resources
import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any, Final

import attrs

from ..engine._errors import AssessmentRulesError, Problem, did_you_mean
from ..engine._evidence import Evidence

__all__ = [
    "Registry",
    "RegistryCategory",
    "RegistryError",
    "RegistryUnit",
    "bundled_registries",
    "load_registry",
]

UNIT_ID_PATTERN: Final = re.compile(r"^[a-z][a-z0-9-]*$")


class RegistryError(AssessmentRulesError, ValueError):
    """A registry file is missing, unreadable or malformed."""


@attrs.frozen
class RegistryCategory:
    """A category of assessed units, scored with its own rulebook.

    Attributes:
        id: ``streets`` or ``departments`` (the last word of the rulebook id).
        title: The category in Chinese, e.g. ``"街道（镇）"``.
        source: Where the category comes from.
    """

    id: str
    title: str
    source: str = ""


@attrs.frozen
class RegistryUnit:
    """One assessed unit.

    Attributes:
        id: Stable ASCII id, e.g. ``"changshoulu"`` or ``"emergency-management"``.
        name: The Chinese name as the documents print it, e.g. ``"长寿路街道"``.
        category: The category id.
        group: The finer group the documents use (街道, 镇, 专项监管部门, 行业主管部门).
        lead_tasks: Numbers of the 2024 tasks (seed 003) whose 责任单位 names this unit.
    """

    id: str
    name: str
    category: str
    group: str = ""
    lead_tasks: tuple[int, ...] = attrs.field(default=(), converter=tuple)


@attrs.frozen
class Registry:
    """The assessed units of one district.

    Attributes:
        district: The registry id, e.g. ``"putuo"``.
        title: The district in Chinese.
        categories: The categories, in document order.
        units: Every unit, in document order.
        source: The documents the registry is transcribed from.
    """

    district: str
    title: str
    categories: tuple[RegistryCategory, ...]
    units: tuple[RegistryUnit, ...]
    source: str = ""

    def unit(self, unit_id: str) -> RegistryUnit:
        """Return the unit with id *unit_id*.

        Raises:
            KeyError: No such unit; the message suggests a close id.

        >>> load_registry("putuo").unit("taopu").name
        '桃浦镇'
        """
        for unit in self.units:
            if unit.id == unit_id:
                return unit
        hint = did_you_mean(unit_id, [u.id for u in self.units])
        suffix = f" ({hint})" if hint else ""
        raise KeyError(f"{unit_id!r} is not a unit of {self.district!r}{suffix}")

    def category(self, category: str) -> tuple[RegistryUnit, ...]:
        """Return the units of *category*, in document order.

        Raises:
            KeyError: No such category.

        >>> len(load_registry("putuo").category("streets"))
        10
        """
        known = [c.id for c in self.categories]
        if category not in known:
            hint = did_you_mean(category, known)
            raise KeyError(
                f"{category!r} is not a category of {self.district!r} ({', '.join(known)})"
                + (f"; {hint}" if hint else "")
            )
        return tuple(unit for unit in self.units if unit.category == category)

    def check(self, evidences: Iterable[Evidence], category: str | None = None) -> list[Problem]:
        """List every way *evidences* disagree with the registry.

        Unknown ids, names that are not the registered name, units of another category,
        and (when *category* is given) registered units with no evidence.

        Args:
            evidences: The cohort's evidence.
            category: The category the cohort should be, or ``None``.

        Returns:
            The problems found (empty when the cohort matches).
        """
        problems: list[Problem] = []
        ids = {unit.id: unit for unit in self.units}
        seen: set[str] = set()
        for evidence in evidences:
            seen.add(evidence.unit)
            found = ids.get(evidence.unit)
            where = evidence.source
            if found is None:
                problems.append(
                    Problem(
                        evidence.unit,
                        "id",
                        evidence.unit,
                        f"is not a unit of the {self.title} registry",
                        hint=did_you_mean(evidence.unit, ids),
                        source=where,
                    )
                )
                continue
            if evidence.name and evidence.name != found.name:
                problems.append(
                    Problem(
                        evidence.unit,
                        "name",
                        evidence.name,
                        f"must be the registered name {found.name!r}",
                        source=where,
                    )
                )
            if category is not None and found.category != category:
                problems.append(
                    Problem(
                        evidence.unit,
                        "category",
                        found.category,
                        f"must be {category!r} for this cohort",
                        source=where,
                    )
                )
        if category is not None:
            for unit in self.category(category):
                if unit.id not in seen:
                    problems.append(
                        Problem(
                            unit.id, "id", None, f"is registered ({unit.name}) but has no evidence"
                        )
                    )
        return problems


@cache
def bundled_registries() -> tuple[str, ...]:
    """The ids of the registries bundled with the package.

    >>> "putuo" in bundled_registries()
    True
    """
    folder = importlib.resources.files("assessment_rules") / "registries"
    names = (entry.name for entry in folder.iterdir())
    return tuple(sorted(name.removesuffix(".yaml") for name in names if name.endswith(".yaml")))


def _text(value: object, where: str, field: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise RegistryError(where, field, value, "must be a non-empty text")
    return value.strip()


def _parse(document: Any, source: str) -> Registry:
    if not isinstance(document, dict):
        raise RegistryError(source, "", type(document).__name__, "must be a mapping")
    district = _text(document.get("district"), source, "district")
    categories: list[RegistryCategory] = []
    for position, record in enumerate(document.get("categories") or (), start=1):
        where = f"{source} categories #{position}"
        if not isinstance(record, dict):
            raise RegistryError(where, "category", record, "must be a mapping")
        categories.append(
            RegistryCategory(
                _text(record.get("id"), where, "id"),
                _text(record.get("title"), where, "title"),
                str(record.get("source", "")),
            )
        )
    known = {category.id for category in categories}
    units: list[RegistryUnit] = []
    seen: set[str] = set()
    for position, record in enumerate(document.get("units") or (), start=1):
        where = f"{source} units #{position}"
        if not isinstance(record, dict):
            raise RegistryError(where, "unit", record, "must be a mapping")
        unit_id = _text(record.get("id"), where, "id")
        if not UNIT_ID_PATTERN.match(unit_id):
            raise RegistryError(where, "id", unit_id, "must be lowercase ASCII words joined by '-'")
        if unit_id in seen:
            raise RegistryError(where, "id", unit_id, "must be unique")
        seen.add(unit_id)
        category = _text(record.get("category"), where, "category")
        if category not in known:
            raise RegistryError(
                where, "category", category, f"must be one of {', '.join(sorted(known))}"
            )
        tasks = record.get("lead_tasks") or []
        if not isinstance(tasks, list) or not all(
            isinstance(t, int) and not isinstance(t, bool) and t > 0 for t in tasks
        ):
            raise RegistryError(where, "lead_tasks", tasks, "must be a list of task numbers")
        units.append(
            RegistryUnit(
                unit_id,
                _text(record.get("name"), where, "name"),
                category,
                str(record.get("group", "")),
                tuple(tasks),
            )
        )
    if not units:
        raise RegistryError(source, "units", None, "must list at least one unit")
    return Registry(
        district,
        _text(document.get("title"), source, "title"),
        tuple(categories),
        tuple(units),
        str(document.get("source", "")),
    )


def _load_yaml(text: str, source: str) -> Any:
    # Registries are read like every other YAML file (duplicate keys, ambiguous numbers
    # and alias bombs are errors). Imported here: the io package imports the package
    # root, and YAML stays out of `import assessment_rules` (startup time).
    from ..io._yaml import YamlError, load_yaml  # noqa: PLC0415

    try:
        return load_yaml(text, source)
    except YamlError as error:
        raise RegistryError(error.path, "", None, error.expectation) from None


@cache
def _load_bundled(name: str) -> Registry:
    # A bundled registry never changes while the process runs and a Registry is
    # immutable: read and parse it once, as ``load_rulebook`` does for rulebooks.
    resource = importlib.resources.files("assessment_rules") / "registries" / f"{name}.yaml"
    source = f"registries/{name}.yaml"
    return _parse(_load_yaml(resource.read_text(encoding="utf-8"), source), source)


def load_registry(district: str | Path = "putuo") -> Registry:
    """Load a bundled registry by id (``"putuo"``) or a registry YAML file by path.

    Args:
        district: A bundled registry id, or the path of a YAML file of the same layout.

    Returns:
        The registry (a bundled one is read once per process; it is immutable).

    Raises:
        RegistryError: Unknown id (with a hint), unreadable or malformed file.

    >>> registry = load_registry("putuo")
    >>> [u.name for u in registry.category("streets")][:2]
    ['长寿路街道', '曹家渡街道']
    """
    text = str(district)
    bundled = bundled_registries()
    if text in bundled:
        return _load_bundled(text)
    path = Path(text)
    if path.suffix.lower() not in (".yaml", ".yml") or not path.is_file():
        raise RegistryError(
            "",
            "registry",
            text,
            f"is neither a bundled registry ({', '.join(bundled)}) nor a YAML file",
            did_you_mean(text, bundled),
        )
    from ..io._input_limits import read_input  # noqa: PLC0415 - see _load_yaml

    data = read_input(path, lambda reason: RegistryError(text, "", None, reason))
    try:
        content = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise RegistryError(text, "", None, f"cannot be read as UTF-8 text ({error})") from None
    return _parse(_load_yaml(content, text), text)
