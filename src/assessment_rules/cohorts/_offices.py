"""Offices that score their own domain (分项打分), and merging what each one supplies.

Seed 000 (普安委〔2024〕8号 二) has several offices score the assessment by domain:
区安委办 (安全生产), 区城运应急委办 (自然灾害防治), 区消防救援局 (消防), the gas and
e-bike task forces and 区交专委办. A rulebook declares that split as data:
``Rulebook(offices=(Office(...), ...))``, each office owning the facts read under
its rule paths. Each office then sends one evidence file with its facts for every
unit; :func:`merge_office_evidence` joins them and reports, all at once and before
anything is scored, every conflict, every fact sent by an office that does not own
it, and every unit an office sent nothing for.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from ..engine._errors import EvidenceError, Problem, RulebookError, did_you_mean
from ..engine._evidence import Evidence
from ..engine._node import check_id, check_title, named_converters, to_texts
from ..engine._repr import code_repr

if TYPE_CHECKING:
    from ..engine._rulebook import Rulebook

__all__ = [
    "Office",
    "OfficeSubmission",
    "check_offices",
    "fact_owners",
    "merge_office_evidence",
]


def _to_offices(value: Iterable[Office]) -> tuple[Office, ...]:
    if not isinstance(value, Iterable):
        raise RulebookError("", "offices", value, "must contain Office objects")
    offices = tuple(value)
    for office in offices:
        if not isinstance(office, Office):
            raise RulebookError("", "offices", office, "must contain Office objects")
    return offices


@attrs.frozen(repr=False, field_transformer=named_converters)
class Office:
    """An office that scores one domain and supplies the facts read under its paths.

    Args:
        id: Stable ASCII id, used as ``office:`` in that office's evidence file.
        title: The office's name, e.g. ``"区消防救援局"``.
        domain: The domain it scores, e.g. ``"消防"``.
        paths: Rule paths (a section, an item, a veto) whose facts this office supplies.
        facts: Further facts it supplies, by name (for facts read outside its paths).
        source: Where the split comes from, e.g. ``"普安委〔2024〕8号 二"``.

    >>> Office("fire", "区消防救援局", domain="消防", paths=("fire",))
    Office('fire', '区消防救援局', domain='消防', paths=('fire',))
    """

    id: str = attrs.field(validator=check_id)
    title: str = attrs.field(validator=check_title)
    domain: str = ""
    paths: tuple[str, ...] = attrs.field(default=(), converter=to_texts)
    facts: tuple[str, ...] = attrs.field(default=(), converter=to_texts)
    source: str = ""

    def __repr__(self) -> str:
        return code_repr(self)

    @property
    def label(self) -> str:
        """``区消防救援局（消防）``: the title with the domain."""
        return f"{self.title}（{self.domain}）" if self.domain else self.title

    def covers(self, path: str) -> bool:
        """Whether the rule at *path* lies under one of this office's paths."""
        return any(path == own or path.startswith(own + ".") for own in self.paths)


def _owners(
    offices: tuple[Office, ...], fact_paths: Mapping[str, tuple[str, ...]]
) -> dict[str, list[Office]]:
    owners: dict[str, list[Office]] = {name: [] for name in fact_paths}
    for office in offices:
        for name, paths in fact_paths.items():
            if name in office.facts or any(office.covers(path) for path in paths):
                owners[name].append(office)
    return owners


def check_offices(rulebook: Rulebook) -> None:
    """Check a rulebook's office split: every fact has exactly one office.

    Raises:
        RulebookError: Duplicate office ids, a path or fact that is not in the
            rulebook, a fact no office supplies, or a fact two offices claim.
    """
    offices = rulebook.offices
    if not offices:
        return
    owner = rulebook.id
    seen: set[str] = set()
    node_paths = {path for path, node in rulebook.walk() if path}
    for office in offices:
        if office.id in seen:
            raise RulebookError(f"{owner}.offices", "id", office.id, "must be unique")
        seen.add(office.id)
        for path in office.paths:
            if path not in node_paths:
                raise RulebookError(
                    f"{owner}.offices.{office.id}",
                    "paths",
                    path,
                    "must name a rule path of the rulebook",
                    did_you_mean(path, node_paths),
                )
        for name in office.facts:
            if name not in rulebook.fact_paths:
                raise RulebookError(
                    f"{owner}.offices.{office.id}",
                    "facts",
                    name,
                    "must name a fact of the rulebook",
                    did_you_mean(name, rulebook.fact_paths),
                )
    owners = _owners(offices, rulebook.fact_paths)
    orphans = [name for name, found in owners.items() if not found]
    if orphans:
        raise RulebookError(
            f"{owner}.offices",
            "facts",
            orphans,
            "must each be supplied by an office (add their path or name to an Office)",
        )
    for name, found in owners.items():
        if len(found) > 1:
            raise RulebookError(
                f"{owner}.offices",
                "facts",
                name,
                "is claimed by more than one office: " + ", ".join(o.id for o in found),
            )


def fact_owners(rulebook: Rulebook) -> dict[str, Office]:
    """Map each fact name to the office that supplies it (empty without offices).

    >>> from assessment_rules import load_rulebook
    >>> fact_owners(load_rulebook("putuo-2024-streets"))["fire_duty"].title
    '区消防救援局'
    """
    if not rulebook.offices:
        return {}
    return {
        name: found[0] for name, found in _owners(rulebook.offices, rulebook.fact_paths).items()
    }


def _to_evidences(value: Iterable[Evidence]) -> tuple[Evidence, ...]:
    return tuple(value)


@attrs.frozen
class OfficeSubmission:
    """What one office sent: its id and one ``Evidence`` per unit.

    Attributes:
        office: The office id (``office:`` in the file).
        evidences: The units' facts from this office.
        source: The file it came from.
    """

    office: str
    evidences: tuple[Evidence, ...] = attrs.field(converter=_to_evidences)
    source: str = ""


def merge_office_evidence(
    rulebook: Rulebook,
    submissions: Sequence[OfficeSubmission],
    *,
    expected_units: Iterable[str] | None = None,
    conflicts: bool = True,
) -> list[Evidence]:
    """Join the offices' submissions into one ``Evidence`` per unit.

    Every problem is found before any is raised: an office the rulebook does not
    declare, a unit listed twice by one office, a fact sent by an office that does not
    own it (or that is not a fact of the rulebook), the same fact with different values
    from two submissions, different names for one unit id, and a unit for which an
    office sent nothing (a missing domain).

    Args:
        rulebook: A rulebook that declares ``offices``.
        submissions: One submission per office file, in the order given.
        expected_units: Unit ids every office must cover (e.g. a registry category);
            by default every unit any office sent.
        conflicts: Whether to report conflicting values (off when a caller, such as
            ``io.load_evidence``, already reports them).

    Returns:
        One merged ``Evidence`` per unit, in order of first appearance (expected
        units first).

    Raises:
        RulebookError: The rulebook declares no offices.
        EvidenceError: Every problem found, by office and unit.

    >>> from assessment_rules import load_rulebook
    >>> book = load_rulebook("putuo-2020-streets")
    >>> merged = merge_office_evidence(book, [OfficeSubmission("inspection", [
    ...     Evidence("taopu", {"late_report": True}, "桃浦镇")])])
    >>> merged[0].facts["late_report"], merged[0].name
    (True, '桃浦镇')
    """
    if not rulebook.offices:
        raise RulebookError(
            rulebook.id, "offices", (), "are not declared: office evidence cannot be merged"
        )
    offices = {office.id: office for office in rulebook.offices}
    owners = fact_owners(rulebook)
    problems: list[Problem] = []
    order: list[str] = list(dict.fromkeys(expected_units or ()))
    facts: dict[str, dict[str, Any]] = {unit: {} for unit in order}
    given_by: dict[tuple[str, str], tuple[str, str]] = {}
    names: dict[str, tuple[str, str]] = {}
    covered: dict[str, set[str]] = {unit: set() for unit in order}
    sources: dict[str, list[str]] = {unit: [] for unit in order}
    for submission in submissions:
        office = offices.get(submission.office)
        where = submission.source
        if office is None:
            problems.append(
                Problem(
                    "",
                    "office",
                    submission.office,
                    f"is not an office of rulebook {rulebook.id!r} (offices: {', '.join(offices)})",
                    hint=did_you_mean(submission.office, offices),
                    source=where,
                )
            )
            continue
        listed: set[str] = set()
        for evidence in submission.evidences:
            unit = evidence.unit
            if unit in listed:
                problems.append(
                    Problem(
                        unit,
                        "id",
                        unit,
                        f"is listed twice by office {office.id!r} ({office.label})",
                        source=where,
                    )
                )
                continue
            listed.add(unit)
            if unit not in facts:
                order.append(unit)
                facts[unit], covered[unit], sources[unit] = {}, set(), []
            covered[unit].add(office.id)
            if where and where not in sources[unit]:
                sources[unit].append(where)
            if evidence.name:
                known_name = names.get(unit)
                if known_name is None:
                    names[unit] = (evidence.name, where)
                elif known_name[0] != evidence.name:
                    problems.append(
                        Problem(
                            unit,
                            "name",
                            evidence.name,
                            f"differs from {known_name[0]!r} given in "
                            f"{known_name[1] or 'another file'}",
                            source=where,
                        )
                    )
            for name, value in evidence.facts.items():
                owner = owners.get(name)
                if owner is None:
                    problems.append(
                        Problem(
                            unit,
                            name,
                            value,
                            f"is not a fact of rulebook {rulebook.id!r}",
                            hint=did_you_mean(name, owners),
                            source=where,
                        )
                    )
                    continue
                if owner.id != office.id:
                    problems.append(
                        Problem(
                            unit,
                            name,
                            value,
                            f"is sent by office {office.id!r} ({office.label}) but is supplied "
                            f"by office {owner.id!r} ({owner.label})",
                            rulebook.fact_paths[name],
                            source=where,
                        )
                    )
                if name in facts[unit] and facts[unit][name] != value:
                    first_office, first_source = given_by[(unit, name)]
                    if not conflicts:
                        continue
                    problems.append(
                        Problem(
                            unit,
                            name,
                            value,
                            f"conflicts with {facts[unit][name]!r} sent by office "
                            f"{first_office!r} in {first_source or 'another file'}",
                            rulebook.fact_paths[name],
                            source=where,
                        )
                    )
                    continue
                facts[unit].setdefault(name, value)
                given_by.setdefault((unit, name), (office.id, where))
    for office in rulebook.offices:
        missing = [unit for unit in order if office.id not in covered[unit]]
        if missing and len(missing) == len(order) and len(order) > 1:
            # One problem, not one per unit: the whole file is missing (or misnamed).
            problems.append(
                Problem(
                    "",
                    "office",
                    office.id,
                    f"sent nothing: no evidence file declares office: {office.id} "
                    f"(the {office.domain or office.title} domain, {office.label}, is missing "
                    f"for all {len(order)} units)",
                )
            )
            continue
        for unit in missing:
            problems.append(
                Problem(
                    unit,
                    "office",
                    office.id,
                    f"sent nothing for this unit: the {office.domain or office.title} "
                    f"domain ({office.label}) is missing",
                )
            )
    if problems:
        raise EvidenceError(problems)
    return [
        Evidence(
            unit,
            facts[unit],
            names.get(unit, ("", ""))[0],
            "offices: " + " + ".join(sources[unit]),
        )
        for unit in order
    ]
