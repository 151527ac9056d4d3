"""The JSON result: a versioned contract other district tools read.

Numbers are decimal strings, all written by one rule (``_cohort_json.decimal_text``:
the exact value, shortest text, ``"99"`` not ``"99.00"``). Texts keep every
character; the control characters C0 (as JSON requires), DEL, C1, the bidirectional
controls and lone surrogates are written as ``\\uXXXX`` escapes, so the document is
valid UTF-8 and safe to show on a terminal. For every unit, ``max − Σ lost.points + Σ gained.points
== total`` exactly. The document's shape is fixed by the JSON Schema shipped beside
this module (``result.schema.json``, see :func:`result_schema`); ``schema_version``
changes with it. The digests of the rulebook and of every evidence file let anyone
check later that a result came from exactly these inputs.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from decimal import Decimal
from importlib import resources
from json.encoder import encode_basestring
from typing import Any

from .. import __version__
from ..cohorts._cohort import Cohort, RankedUnit
from ..cohorts._next_grade import to_next_grade
from ..engine._results import LedgerEntry, NodeResult, UnitResult
from ..engine._rulebook import Rulebook
from ._cohort_json import _d, quota_to_dict, summary_to_dict
from ._evidence_files import EvidenceFile
from ._safe_text import VisibleText, visible

__all__ = [
    "SCHEMA_VERSION",
    "cohort_to_dict",
    "dumps",
    "iter_cohort_json",
    "result_schema",
    "rulebook_digest",
    "unit_to_dict",
]

SCHEMA_VERSION = "1.2"


def rulebook_digest(rulebook: Rulebook) -> str:
    """SHA-256 of the rulebook's code repr: equal rulebooks have equal digests."""
    return hashlib.sha256(repr(rulebook).encode("utf-8")).hexdigest()


def _entry(entry: LedgerEntry) -> dict[str, Any]:
    return {
        "path": entry.path,
        "title": entry.title,
        "points": _d(entry.counted),
        "reason": entry.reason,
        "raw": _d(entry.raw),
        "absorbed": _d(entry.absorbed),
        "occurrences": _d(entry.occurrences),
        "rate": _d(entry.rate),
        "starred": entry.starred,
        "detail": list(entry.detail),
        "source": entry.source,
    }


def _node(node: NodeResult) -> dict[str, Any]:
    return {
        "path": node.path,
        "title": node.title,
        "kind": node.kind,
        "max": _d(node.max),
        "score": _d(node.score),
        "lost": _d(node.lost),
        "gained": _d(node.gained),
        "cap": None if node.cap is None else _d(node.cap),
        "absorbed": _d(node.absorbed),
    }


def _scored_nodes(result: UnitResult, memo: dict[int, dict[str, Any]]) -> list[dict[str, Any]]:
    """Every node that carries points or children, each encoded once per shared object.

    Zero-point clauses (deductions, vetoes, bonuses) are left out: their amounts are
    the ``lost``, ``gained`` and ``vetoes`` entries. The evaluator shares the results of
    untouched subtrees between units, so encoding by identity saves most of the work on
    large cohorts (the objects outlive the call, so their ids are stable within it).
    """
    encoded = []
    for node in result.root.walk():
        if not node.path or not (node.children or node.max):
            continue
        known = memo.get(id(node))
        if known is None:
            known = memo[id(node)] = _node(node)
        encoded.append(known)
    return encoded


def unit_to_dict(
    result: UnitResult,
    rank: int | None = None,
    grade: str | None = None,
    grade_note: str = "",
    *,
    memo: dict[int, dict[str, Any]] | None = None,
    rulebook: Rulebook | None = None,
) -> dict[str, Any]:
    """One unit's JSON object.

    Args:
        result: The unit's result.
        rank: Its rank in the cohort, if ranked.
        grade: The final grade after the cohort's quota; by default the score's grade.
        grade_note: Why the quota moved or kept the unit, if it did.
        memo: Node encodings to share across the units of one document.
        rulebook: The rulebook the unit was scored against: with it the object ends
            with ``to_next_grade`` (see :func:`next_grade_to_dict`), as the schema
            requires; without it that key is left out.
    """
    record: dict[str, Any] = {
        "id": result.unit,
        "name": result.name,
        "total": _d(result.total),
        "max": _d(result.max),
        "base": _d(result.base),
        "grade": grade or result.grade,
        "score_grade": result.grade,
        "grade_note": grade_note,
        "vetoed": result.vetoed,
        "vetoes": [
            {
                "path": v.path,
                "title": v.title,
                "reason": v.reason,
                "source": v.source,
                "effect": v.effect,
            }
            for v in result.vetoes
        ],
        "rank": rank,
        "lost": [_entry(e) for e in result.lost],
        "gained": [_entry(e) for e in result.gained],
        "nodes": _scored_nodes(result, {} if memo is None else memo),
        "eligible": result.eligible,
        "ineligible": list(result.ineligible),
    }
    if rulebook is not None:
        record["to_next_grade"] = next_grade_to_dict(rulebook, result, grade)
    return record


def next_grade_to_dict(
    rulebook: Rulebook, result: UnitResult, grade: str | None = None
) -> dict[str, Any] | None:
    """A unit's ``to_next_grade``: the band the fewest clauses lift it to (the next one
    above its grade, or higher when a score veto lifts on the way), the points it needs,
    those clauses (paths, in clause order), what fixing them recovers and the score
    vetoes they lift; ``None`` at the top grade, when a veto holds the unit at its
    grade, for a unit not assessed or moved down by the quota (*grade* is its final
    grade), or when no set reaches the band (see
    :func:`assessment_rules.cohorts.to_next_grade`).
    """
    plan = to_next_grade(rulebook, result, grade=grade)
    if plan.target is None:
        return None
    return {
        "grade": plan.target,
        "points_needed": _d(plan.points_needed),
        "clauses": list(plan.clauses),
        "recovered": _d(plan.recovered),
        "lifts": [hit.path for hit in plan.lifts],
    }


def _head(cohort: Cohort, rulebook: Rulebook, evidence: Iterable[EvidenceFile]) -> dict[str, Any]:
    return {
        "schema": "assessment-rules/result",
        "schema_version": SCHEMA_VERSION,
        "generator": {"name": "assessment-rules", "version": __version__},
        "rulebook": {
            "id": rulebook.id,
            "title": rulebook.title,
            "year": rulebook.year,
            "points": _d(rulebook.points),
            "grades": [{"title": g.title, "minimum": _d(g.minimum)} for g in rulebook.grades],
            "digest": rulebook_digest(rulebook),
        },
        "evidence": [
            {"path": f.path, "format": f.format, "sha256": f.sha256, "units": f.units}
            for f in evidence
        ],
        "quota": None if cohort.quota is None else cohort.quota.note,
        "excellent_quota": quota_to_dict(cohort.quota),
        "summary": summary_to_dict(cohort),
    }


def _units(cohort: Cohort, rulebook: Rulebook) -> Iterator[dict[str, Any]]:
    memo: dict[int, dict[str, Any]] = {}
    for r in cohort.units:
        yield {
            **unit_to_dict(r.result, r.rank, r.grade, r.grade_note, memo=memo, rulebook=rulebook),
            "quota_status": r.quota.status if r.quota is not None else "",
            "group": r.group,
            "standing": r.rank_text,
        }


# ----------------------------------------------------------------- streamed text
#
# ``iter_cohort_json`` writes each unit's line from pieces of text rather than from a
# dict: the evaluator shares ledger entries and whole subtrees between units, so each
# shared object is encoded once per document and its text reused. The pieces are what
# the standard library's encoder writes for the same values with the same separators
# (``_unit_line`` equals ``json.dumps(unit dict, ensure_ascii=False,
# separators=(", ", ": "))``, and tests check the two documents are the same text).


def _text(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=_SEPARATORS)


_SEPARATORS = (", ", ": ")


class _Texts:
    """Encoded ledger entries and node subtrees of one document, by object identity.

    The results outlive the document's writing, so their identities are stable while
    it is written. Every piece is already :func:`visible` (which escapes single
    characters, so the escaped pieces of a line are the escaped line). Strings and
    numbers are encoded once per distinct value (:meth:`string`, :meth:`number`), and
    entries, nodes and ``to_next_grade`` are written as text directly, as the standard
    encoder writes :func:`_entry`, :func:`_node` and :func:`next_grade_to_dict` (tests
    compare the two). The lines are marked :class:`VisibleText`, so the CLI's writer
    does not scan them again.
    """

    __slots__ = (
        "entries",
        "next_grades",
        "numbers",
        "rulebook",
        "strings",
        "subtrees",
        "top",
    )

    def __init__(self, rulebook: Rulebook) -> None:
        self.rulebook = rulebook
        self.top = rulebook.grades[0].title  # the grades run highest first
        self.entries: dict[int, str] = {}
        self.subtrees: dict[int, str] = {}
        self.next_grades: dict[tuple[Any, ...], str] = {}
        self.strings: dict[str, str] = {}
        self.numbers: dict[Any, str] = {}

    def string(self, text: str) -> str:
        """*text* as a JSON string, visible (each distinct text encoded once)."""
        known = self.strings.get(text)
        if known is None:
            known = self.strings[text] = visible(encode_basestring(text))
        return known

    def number(self, value: Decimal | int) -> str:
        """*value* as the result's quoted decimal text (:func:`decimal_text` depends
        only on the value, so equal values share it)."""
        try:
            known = self.numbers.get(value)
        except TypeError:  # a signalling NaN cannot be hashed
            return '"' + _d(value) + '"'
        if known is None:
            known = self.numbers[value] = '"' + _d(value) + '"'
        return known

    def _flag(self, value: Any) -> str:
        if value is True:
            return "true"
        if value is False:
            return "false"
        return _visible_text(value)

    def entry_text(self, entry: LedgerEntry) -> str:
        """:func:`_entry`'s object as the standard encoder writes it, visible."""
        string, number = self.string, self.number
        detail = entry.detail
        return "".join(
            (
                '{"path": ',
                string(entry.path),
                ', "title": ',
                string(entry.title),
                ', "points": ',
                number(entry.counted),
                ', "reason": ',
                string(entry.reason),
                ', "raw": ',
                number(entry.raw),
                ', "absorbed": ',
                number(entry.absorbed),
                ', "occurrences": ',
                number(entry.occurrences),
                ', "rate": ',
                number(entry.rate),
                ', "starred": ',
                self._flag(entry.starred),
                ', "detail": ',
                "[" + ", ".join(map(string, detail)) + "]" if detail else "[]",
                ', "source": ',
                string(entry.source),
                "}",
            )
        )

    def node_text(self, node: NodeResult) -> str:
        """:func:`_node`'s object as the standard encoder writes it, visible."""
        string, number = self.string, self.number
        return "".join(
            (
                '{"path": ',
                string(node.path),
                ', "title": ',
                string(node.title),
                ', "kind": ',
                string(node.kind),
                ', "max": ',
                number(node.max),
                ', "score": ',
                number(node.score),
                ', "lost": ',
                number(node.lost),
                ', "gained": ',
                number(node.gained),
                ', "cap": ',
                "null" if node.cap is None else number(node.cap),
                ', "absorbed": ',
                number(node.absorbed),
                "}",
            )
        )

    def next_grade(self, result: UnitResult, grade: str) -> str:
        """``to_next_grade``: ``null`` at once for a unit at the top grade (no band is
        above it); otherwise a function of everything in the result but the unit's id
        and name, so units that share their tree (the evaluator shares equal results)
        and their figures share it."""
        if result.grade == self.top and result.eligible:
            return "null"
        key = (
            id(result.root),
            result.base,
            result.total,
            result.grade,
            result.vetoes,
            result.eligible,
            result.ineligible,
            grade,  # the final grade: the quota may have moved the unit down
        )
        text = self.next_grades.get(key)
        if text is None:
            text = self.next_grades[key] = self.plan_text(result, grade)
        return text

    def plan_text(self, result: UnitResult, grade: str) -> str:
        """:func:`next_grade_to_dict`'s object as the standard encoder writes it, visible."""
        plan = to_next_grade(self.rulebook, result, grade=grade)
        if plan.target is None:
            return "null"
        string, number = self.string, self.number
        return "".join(
            (
                '{"grade": ',
                string(plan.target),
                ', "points_needed": ',
                number(plan.points_needed),
                ', "clauses": [',
                ", ".join(map(string, plan.clauses)),
                '], "recovered": ',
                number(plan.recovered),
                ', "lifts": [',
                ", ".join([string(hit.path) for hit in plan.lifts]),
                "]}",
            )
        )

    def entry_list(self, entries: list[LedgerEntry]) -> str:
        if not entries:
            return "[]"
        known = self.entries
        parts = []
        for entry in entries:
            text = known.get(id(entry))
            if text is None:
                text = known[id(entry)] = self.entry_text(entry)
            parts.append(text)
        return "[" + ", ".join(parts) + "]"

    def subtree(self, node: NodeResult) -> str:
        """The encoded scored nodes of *node*'s subtree, pre-order, joined by ", "."""
        if not node.children and not node.max:
            return ""  # a zero-point clause: not kept, so not looked up either
        text = self.subtrees.get(id(node))
        if text is None:
            parts = [self.node_text(node)] if node.children or node.max else []
            for child in node.children:
                inner = self.subtree(child)
                if inner:
                    parts.append(inner)
            text = self.subtrees[id(node)] = ", ".join(parts)
        return text

    def nodes(self, root: NodeResult) -> str:
        # The root (path "") is the unit itself: its figures are the unit's. Its text is
        # not kept: a root is rarely shared, joining its sections' texts is quick, and
        # keeping every unit's text would hold most of the document in memory.
        return "[" + ", ".join([text for text in map(self.subtree, root.children) if text]) + "]"


def _string(text: str) -> str:
    return visible(encode_basestring(text))


def _unit_line(ranked: RankedUnit, texts: _Texts) -> str:
    """One unit's object as the standard encoder writes ``_units``'s dict, visible."""
    result = ranked.result
    entries = result.root.entries
    lost = [e for e in entries if e.kind == "deduction"]
    gained = [e for e in entries if e.kind == "bonus"] if len(lost) < len(entries) else []
    vetoes = (
        _visible_text(
            [
                {
                    "path": v.path,
                    "title": v.title,
                    "reason": v.reason,
                    "source": v.source,
                    "effect": v.effect,
                }
                for v in result.vetoes
            ]
        )
        if result.vetoes
        else "[]"
    )
    quota = ranked.quota.status if ranked.quota is not None else ""
    string, number = texts.string, texts.number
    return "".join(
        (
            '{"id": ',
            _string(result.unit),
            ', "name": ',
            _string(result.name),
            ', "total": ',
            number(result.total),
            ', "max": ',
            number(result.max),
            ', "base": ',
            number(result.base),
            ', "grade": ',
            string(ranked.grade or result.grade),
            ', "score_grade": ',
            string(result.grade),
            ', "grade_note": ',
            string(ranked.grade_note),
            ', "vetoed": ',
            "true" if result.vetoed else "false",
            ', "vetoes": ',
            vetoes,
            ', "rank": ',
            "null" if ranked.rank is None else str(ranked.rank),
            ', "lost": ',
            texts.entry_list(lost),
            ', "gained": ',
            texts.entry_list(gained),
            ', "nodes": ',
            texts.nodes(result.root),
            ', "eligible": ',
            "true" if result.eligible else "false",
            ', "ineligible": ',
            _visible_text(list(result.ineligible)) if result.ineligible else "[]",
            ', "to_next_grade": ',
            texts.next_grade(result, ranked.grade),
            ', "quota_status": ',
            string(quota),
            ', "group": ',
            string(ranked.group),
            ', "standing": ',
            _string(ranked.rank_text),
            "}",
        )
    )


def _visible_text(value: Any) -> str:
    return visible(_text(value))


def _unit_lines(cohort: Cohort, rulebook: Rulebook) -> Iterator[str]:
    texts = _Texts(rulebook)
    for ranked in cohort.units:
        yield _unit_line(ranked, texts)


def cohort_to_dict(
    cohort: Cohort, rulebook: Rulebook, evidence: Iterable[EvidenceFile] = ()
) -> dict[str, Any]:
    """The whole JSON document for a scored cohort.

    Args:
        cohort: The scored, ranked cohort.
        rulebook: The rulebook it was scored against.
        evidence: The evidence files read, recorded with their SHA-256 digests.

    Returns:
        A document valid against :func:`result_schema`.
    """
    document = _head(cohort, rulebook, evidence)
    document["units"] = list(_units(cohort, rulebook))
    return document


def iter_cohort_json(
    cohort: Cohort, rulebook: Rulebook, evidence: Iterable[EvidenceFile] = ()
) -> Iterator[str]:
    """Yield ``dumps(cohort_to_dict(...))`` piece by piece, one unit at a time.

    Large cohorts are written without holding the whole document (or its text) in
    memory; the text is exactly the same as :func:`dumps` gives.
    """
    units = _unit_lines(cohort, rulebook)
    return _pieces(_head(cohort, rulebook, evidence), units, made_visible=True)


def result_schema() -> dict[str, Any]:
    """Return the JSON Schema (draft 2020-12) of the result document.

    >>> result_schema()["properties"]["schema_version"]["const"] == SCHEMA_VERSION
    True
    """
    text = resources.files("assessment_rules.io").joinpath("result.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def _pieces(
    head: dict[str, Any], units: Iterable[dict[str, Any] | str], *, made_visible: bool = False
) -> Iterator[str]:
    """The document's text: the head indented, then each unit (a dict, or its line,
    which *made_visible* says is already :func:`visible`)."""
    if head:
        yield VisibleText(visible(json.dumps(head, ensure_ascii=False, indent=2)[:-2] + ",\n"))
    else:
        yield "{\n"
    lead = '  "units": [\n    '
    for unit in units:
        if made_visible and isinstance(unit, str):
            yield VisibleText(lead + unit)
        else:
            yield lead + visible(unit if isinstance(unit, str) else _text(unit))
        lead = ",\n    "
    yield '  "units": []\n}' if lead.startswith("  ") else "\n  ]\n}"


def dumps(document: dict[str, Any]) -> str:
    """Serialise with Chinese kept readable, a stable key order, and one unit per line.

    The head of the document is indented for people; each unit is written on one line
    by the standard library's C encoder (which cannot indent), so a cohort of tens of
    thousands of units is written in seconds and still diffs unit by unit.

    >>> print(dumps({"schema": "x", "units": [{"id": "a", "total": "90"}]}))
    {
      "schema": "x",
      "units": [
        {"id": "a", "total": "90"}
      ]
    }
    """
    units = document.get("units")
    if not isinstance(units, list):
        return visible(json.dumps(document, ensure_ascii=False, indent=2))
    head = {key: value for key, value in document.items() if key != "units"}
    return "".join(_pieces(head, units))
