"""Outlines of a rulebook (``show``) and of one unit's ledger (``explain``), as data.

Every node is described through the node protocol only, so a node kind added by a
district shows in its own words with no change here:

- a node's line is its :meth:`~assessment_rules.Node.outline` (by default its
  criterion sentence), and the limit of a transparent wrapper around it is the
  wrapper's own outline (``扣完为止``);
- the facts after a line (``[name]``) are the node's ``own_facts()``; a node that reads
  several lists them under its line, each with its label;
- an entry's arithmetic in ``explain`` is the clause's
  :meth:`~assessment_rules.Node.explain`, the clause itself its printed text or else its
  criterion, and vetoes and bonuses are told apart by the rule node's role, not by a
  kind name;
- a ★ clause's line starts with ★; styles follow the roles: ★ clauses red, vetoes
  magenta, bonuses green, parts and lines bold;
- top-level parts carry the 序号 of the one score-sheet layout (一、二…).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any, Final

import attrs

from .._i18n import gettext as _
from .._i18n import ngettext
from ..cohorts._next_grade import NextGrade, Recovery, lifted_text, to_next_grade
from ..docs._sheet import score_sheet  # the one place the policies are put in words
from ..engine._node import BonusLeaf, Node, ScoredLeaf, VetoLeaf
from ..engine._numbers import fmt
from ..engine._results import LedgerEntry, NodeResult, UnitResult
from ..engine._rulebook import Rulebook
from ..io._fact_text import node_index
from ..io._layout import sheet_layout
from ._render import Outline

__all__ = ["next_grade_outline", "rulebook_dict", "rulebook_outline", "unit_outline"]


# Explains an entry whose clause is not in the rulebook's own tree (rows a unit's
# evidence declares, as on 财政自评表) with the protocol's default wording.
_PLAIN: Final = Node()


def _style(node: Node) -> str:
    if isinstance(node, VetoLeaf):
        return "magenta"
    if isinstance(node, BonusLeaf):
        return "green"
    if isinstance(node, ScoredLeaf):
        return "red" if node.starred else ""
    return "bold" if node.sheet_role in ("part", "line") else ""


def _with_limit(text: str, limit: str) -> str:
    """Add a wrapper's limit to a line: inside its closing （…） when it has one."""
    if text.endswith("）"):
        return f"{text[:-1]}，{limit}）"
    return f"{text}，{limit}"


def _part_numbers(rulebook: Rulebook) -> dict[str, str]:
    """序号 of the top-level parts, by path, as every score sheet numbers them."""
    return {part.path: part.number for part in sheet_layout(rulebook)}


def _rule_outline(node: Node, numeral: str = "", lowest: str = "不合格") -> Outline:
    inner, wrappers = node.unwrapped()
    text = inner.outline(lowest_grade=lowest)
    for wrapper in reversed(wrappers):  # the innermost limit first
        text = _with_limit(text, wrapper.outline())
    if inner.starred and not text.startswith("★"):
        text = f"★ {text}"  # ★ first, so the clauses no cap stops stand out in the tree
    if numeral:
        text = f"{numeral}、{text}"
    style = _style(inner)
    facts = inner.own_facts()
    children = [_rule_outline(child, lowest=lowest) for child in inner.children]
    if len(facts) == 1:
        text += f"  [{facts[0].name}]"
    elif facts:
        children += [Outline(f"{fact.label}  [{fact.name}]", style) for fact in facts]
    return Outline(text, style, tuple(children))


def rulebook_outline(rulebook: Rulebook) -> Outline:
    """The rulebook as a tree: points, caps (扣完为止), ★, vetoes, bonus, grade bands.

    >>> from assessment_rules import load_rulebook
    >>> rulebook_outline(load_rulebook("wujin-2021-departments")).children[0].text
    '一、组织领导（20分）'
    """
    if rulebook.year:
        head = _("{title} ({id}, {year}, out of {points})").format(
            title=rulebook.title, id=rulebook.id, year=rulebook.year, points=fmt(rulebook.points)
        )
    else:
        head = _("{title} ({id}, out of {points})").format(
            title=rulebook.title, id=rulebook.id, points=fmt(rulebook.points)
        )
    numbers = _part_numbers(rulebook)
    lowest = rulebook.grades[-1].title
    children = [
        _rule_outline(child, numbers.get(child.unwrapped()[0].segment, ""), lowest)
        for child in rulebook.children
    ]
    bands = []
    for index, band in enumerate(rulebook.grades):
        if index and not band.minimum:
            bands.append(f"{band.title} < {fmt(rulebook.grades[index - 1].minimum)}")
        else:
            bands.append(f"{band.title} ≥ {fmt(band.minimum)}")
    grades = _("Grades: {bands} (each lower bound included)").format(bands=_("; ").join(bands))
    children.append(Outline(grades, "cyan"))
    children.extend(policy_outlines(rulebook))
    return Outline(head, "bold", tuple(children))


def policy_outlines(rulebook: Rulebook) -> list[Outline]:
    """The rulebook-wide rules under the tree, each in its policy's own words: score
    vetoes, the floor and the total's policy, the eligibility gate, the ranking and the
    excellent quota (as the docs site's 注 states them)."""
    sheet = score_sheet(rulebook)
    lines = [Outline(_("Veto: {rule}").format(rule=rule), "magenta") for rule in sheet.score_vetoes]
    if rulebook.floor:
        total = _(
            "The base score after deductions is not below 0; bonus counts after deductions, {total}"
        )
    else:
        total = _("Bonus counts after deductions, {total}")
    lines.append(Outline(total.format(total=sheet.total), "dim"))
    if sheet.gate:
        lines.append(
            Outline(
                _(
                    "Conditions to take part (a unit that fails them is not assessed: "
                    "no score, no grade, no ranking)"
                ),
                "cyan",
                tuple(Outline(condition, "cyan") for condition in sheet.gate),
            )
        )
    lines.append(Outline(_("Ranking: {ranking}").format(ranking=sheet.ranking), "cyan"))
    if sheet.quota:
        lines.append(Outline(sheet.quota, "cyan"))
    return lines


def _plain(value: object) -> object:
    """A node's argument as a JSON value: decimals as text, tuples as lists, records as
    objects of their ``__init__`` arguments (a ``Fact``, an ``AwardLevel``…)."""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, tuple | list):
        return [_plain(item) for item in value]
    if isinstance(value, Node):
        return value.id
    cls = type(value)
    if attrs.has(cls):
        return {
            (field.alias or field.name): _plain(getattr(value, field.name))
            for field in attrs.fields(cls)
            if field.init
        }
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def _holds_nodes(value: object) -> bool:
    """Whether an argument holds sub-nodes (shown under ``children``, not as a field)."""
    if isinstance(value, Node):
        return True
    return isinstance(value, tuple | list) and any(isinstance(item, Node) for item in value)


def _node_dict(path: str, node: Node) -> dict[str, Any]:
    inner, wrappers = node.unwrapped()
    arguments = {
        name: value
        for name, value in inner.edit_arguments().items()
        if value is not None and value not in ((), "") and not _holds_nodes(value)
    }
    limit = wrappers[-1].cap_limit if wrappers else None
    cap = arguments.get("cap") if limit is None else limit
    record: dict[str, Any] = {
        "path": path,
        "id": inner.id,
        "kind": inner.kind,
        "title": inner.title,
        "points": format(inner.max_points, "f"),
        "cap": _plain(cap),
        "starred": inner.starred,
        "text": inner.text,
        "source": inner.source,
        "criterion": inner.criterion(),
        "facts": [fact.name for fact in inner.own_facts()],
    }
    for name, value in arguments.items():
        record.setdefault(name, _plain(value))
    record["children"] = [
        _node_dict(f"{path}.{child.unwrapped()[0].segment}" if path else child.id, child)
        for child in inner.children
    ]
    return record


def rulebook_dict(rulebook: Rulebook) -> dict[str, Any]:
    """The rulebook as JSON-ready data: its tree, facts and grade bands.

    Each node gives ``path``, ``id``, ``kind``, ``title``, ``points``, ``cap`` (the
    扣完为止 limit a wrapper puts on it, or its own ``cap`` argument, such as a bonus's
    total), ``starred``, ``text``, ``source``, ``criterion`` (its sentence on the score
    sheet), ``facts``, then the other arguments that rebuild it (``rate``, ``shape``,
    ``levels``…, empty ones left out) and its ``children``. ``notes`` are the sheet's
    注 in Chinese, the rulebook-wide policies included (total, gate, score vetoes,
    ranking, quota), each in its own words.
    """
    facts: Mapping[str, Any] = rulebook.facts
    return {
        "id": rulebook.id,
        "title": rulebook.title,
        "year": rulebook.year,
        "points": format(rulebook.points, "f"),
        "document": rulebook.document,
        "source": rulebook.source,
        "floor": rulebook.floor,
        "grades": [{"title": g.title, "minimum": format(g.minimum, "f")} for g in rulebook.grades],
        "facts": [
            {
                "name": name,
                "label": fact.label,
                "kind": fact.kind,
                "minimum": None if fact.minimum is None else format(fact.minimum, "f"),
                "maximum": None if fact.maximum is None else format(fact.maximum, "f"),
                "choices": list(fact.choices),
                "required": fact.required,
                "unit": fact.unit,
                "paths": list(rulebook.fact_paths[name]),
            }
            for name, fact in facts.items()
        ],
        "children": [_node_dict(child.id, child) for child in rulebook.children],
        "notes": list(score_sheet(rulebook).notes()),
    }


def _score_text(node: NodeResult) -> str:
    parts = [_("{score}/{max} points").format(score=fmt(node.score), max=fmt(node.max))]
    if node.raw_max is not None and node.raw_score is not None:  # a converted part (折算)
        parts[0] += _(" (converted from {score}/{max} on its own sheet)").format(
            score=fmt(node.raw_score), max=fmt(node.raw_max)
        )
    if node.lost:
        parts.append(_("{points} deducted").format(points=fmt(node.lost)))
    if node.gained:
        parts.append(_("{points} added").format(points=fmt(node.gained)))
    if node.absorbed:
        parts.append(_("capped (扣完为止), {points} not counted").format(points=fmt(node.absorbed)))
    return _(", ").join(parts)


def _zeroing_child(node: NodeResult) -> LedgerEntry | None:
    """The 该项不得分 entry that zeroed *node*, if one did.

    Read from the result alone (no node class is asked): a clause directly under
    *node* whose one deduction is *node*'s whole points, with *node* left at 0
    before bonus. Every other deduction under *node* then counts 0 because of it.
    """
    if not node.max or node.score - node.gained:
        return None
    for child in node.children:
        if not child.children and len(child.entries) == 1:
            entry = child.entries[0]
            if entry.kind == "deduction" and entry.raw == node.max and entry.counted:
                return entry
    return None


def _zeroed_text(text: str, entry: LedgerEntry, zeroed: str) -> str:
    """Say that *zeroed*'s 该项不得分, not a cap, took an entry's points: the shared
    ending of the arithmetic (``…被上限吸收``) is reworded, everything else kept (the
    reason already says it: the engine words it, ``…，因该部分不得分，不再另扣``)."""
    cut = f"{fmt(entry.absorbed)}分被上限吸收"
    if text.endswith(cut):
        return f"{text.removesuffix(cut)}{fmt(entry.absorbed)}分因“{zeroed}”该项不得分不再计入"
    return text


def _entry_outline(
    entry: LedgerEntry, rule: Node | None, *, clause: bool = True, zeroed: str = ""
) -> list[Outline]:
    style = "red" if entry.kind == "deduction" else "green"
    reason, arithmetic = entry.reason, (rule or _PLAIN).explain(entry)
    if zeroed and entry.absorbed and not entry.counted:
        reason, arithmetic = (
            _zeroed_text(reason, entry, zeroed),
            _zeroed_text(arithmetic, entry, zeroed),
        )
    lines = [Outline(_("Reason: {reason}").format(reason=reason), style)]
    lines.append(Outline(_("Calculation: {arithmetic}").format(arithmetic=arithmetic), "dim"))
    if clause and rule is not None:
        text = rule.text or rule.criterion()
        lines.append(Outline(_("Clause: {clause}").format(clause=text), "dim"))
    if entry.source:
        lines.append(Outline(_("Source: {source}").format(source=entry.source), "dim"))
    return lines


def _result_outline(
    node: NodeResult,
    result: UnitResult,
    rules: Mapping[str, Node],
    numeral: str = "",
    zeroed: str = "",
) -> Outline:
    """One node's line and its children; *zeroed* names the part a 该项不得分 zeroed
    around this node, whose other deductions count 0 because of it (not of a cap)."""
    rule = rules.get(node.path)
    title = f"{numeral}、{node.title}" if numeral else node.title
    if isinstance(rule, VetoLeaf):
        hit = next((v for v in result.vetoes if v.path == node.path), None)
        if hit is not None:
            # The reason already starts with 一票否决 (say it once).
            reason = hit.reason.removeprefix("一票否决：")
            return Outline(_("Veto (triggered): {reason}").format(reason=reason), "bold magenta")
        return Outline(_("Veto: {title} (not triggered)").format(title=node.title), "dim")
    if isinstance(rule, BonusLeaf):
        entries = tuple(
            Outline(
                _("{title}: {points} added").format(title=e.title, points=fmt(e.counted)),
                "green",
                tuple(_entry_outline(e, rule, clause=False)),
            )
            for e in node.entries
        )
        bonus = _("Bonus: {title}: {points} added")
        return Outline(bonus.format(title=node.title, points=fmt(node.gained)), "green", entries)
    zeroing = _zeroing_child(node) if node.children else None
    if zeroing is not None and not zeroed:
        zeroed = title
    # Deductions here that counted 0 only because the part around was zeroed.
    untaken = zeroed and any(
        e.kind == "deduction" and e.absorbed and not e.counted and e is not zeroing
        for e in node.entries
    )
    if not node.children:
        if not node.entries:
            return Outline(_("{title}: nothing deducted").format(title=title), "dim")
        lines = tuple(line for e in node.entries for line in _entry_outline(e, rule, zeroed=zeroed))
        if node.max:
            return Outline(_scored(title, _score_text(node)), "", lines)
        absorbed = sum((e.absorbed for e in node.entries), Decimal(0))
        due = fmt(node.lost + absorbed)
        if untaken:
            note = _(
                " ({due} due, not counted because “{zeroed}” scores nothing (该项不得分))"
            ).format(due=due, zeroed=zeroed)
        else:
            note = _(" ({due} due, capped: 扣完为止)").format(due=due) if absorbed else ""
        star = "★ " if any(e.starred for e in node.entries) else ""
        line = _("{title}: {points} deducted").format(title=title, points=fmt(node.lost))
        return Outline(f"{star}{line}{note}", "red", lines)
    style = "bold" if node.lost or node.gained else "bold dim"
    score = _score_text(node)
    if untaken and zeroing is None:
        score += _(
            " (“{zeroed}” around it scores nothing (该项不得分): "
            "its deductions are listed but not counted)"
        ).format(zeroed=zeroed)
    only = node.children[0] if len(node.children) == 1 else None
    if only is not None and not only.children and only.max and only.max == node.max:
        # An item that is one judged (or scored) clause, e.g. 三、行业领域监管's item of
        # one 15-point judgment: one line for both, the clause's entries under it.
        rule = rules.get(only.path)
        if isinstance(rule, ScoredLeaf) or rule is None:
            lines = tuple(
                line for e in only.entries for line in _entry_outline(e, rule, zeroed=zeroed)
            )
            return Outline(_scored(title, score), style, lines)
    children = tuple(
        _result_outline(child, result, rules, zeroed=zeroed) for child in node.children
    )
    return Outline(_scored(title, score), style, children)


def _scored(title: str, score: str) -> str:
    return _("{title}: {score}").format(title=title, score=score)


def unit_outline(
    result: UnitResult, rulebook: Rulebook, grade: str = "", note: str = ""
) -> Outline:
    """One unit's whole ledger as a tree: every node's score, every entry explained."""
    rules = node_index(rulebook)
    numbers = _part_numbers(rulebook)
    label = (
        _("{name} ({unit})").format(name=result.name, unit=result.unit)
        if result.name
        else result.unit
    )
    if not result.eligible:
        # Not scored: no total to balance, no tree to read, only why it was kept out.
        why = tuple(Outline(reason, "magenta") for reason in result.ineligible)
        head = _(
            "{unit}: not assessed (does not meet the conditions to take part: "
            "no score, no ranking, no grade)"
        ).format(unit=label)
        return Outline(head, "bold", why)
    final = grade or result.grade
    head = _(
        "{unit}: total {total} (out of {max}, {lost} deducted, {gained} added), grade {grade}"
    ).format(
        unit=label,
        total=fmt(result.total),
        max=fmt(result.max),
        lost=fmt(result.root.lost),
        gained=fmt(result.root.gained),
        grade=final,
    ) + (_(" (vetoed)") if result.vetoed else "")
    children = [
        _result_outline(child, result, rules, numbers.get(child.path, ""))
        for child in result.root.children
    ]
    if note:
        children.append(Outline(note, "cyan"))
    plan = to_next_grade(rulebook, result, grade=final)
    if plan.blocked != "top":
        children.append(next_grade_outline(plan, _places(result, numbers)))
    return Outline(head, "bold", tuple(children))


def _places(result: UnitResult, numbers: Mapping[str, str]) -> dict[str, str]:
    """Where each clause sits, in the sheet's words: the titles of the parts above it
    (``三、行业领域监管 › 年度目标任务``), for readers who do not know dotted paths."""
    places: dict[str, str] = {}
    stack: list[tuple[NodeResult, tuple[str, ...]]] = [
        (child, ()) for child in result.root.children
    ]
    while stack:
        node, above = stack.pop()
        places[node.path] = " › ".join(above)
        numeral = numbers.get(node.path, "")
        title = f"{numeral}、{node.title}" if numeral else node.title
        stack.extend((child, (*above, title)) for child in node.children)
    return places


def _recovery_text(item: Recovery) -> str:
    text = _("{title}: {points} to recover").format(title=item.title, points=fmt(item.recovers))
    if item.recovers != item.counted:
        # Caps (扣完为止) and the floor make the two differ; say both.
        text += _(" ({points} deducted now)").format(points=fmt(item.counted))
    return text


def next_grade_outline(plan: NextGrade, places: Mapping[str, str] | None = None) -> Outline:
    """The 整改清单 block of ``explain``: the way to the next grade, then every clause.

    The set is the fewest clauses whose fixing reaches the band above the unit's grade
    (ties: most points, then clause order; see
    :func:`assessment_rules.cohorts.to_next_grade`), listed most points recovered
    first, then in clause order (``NextGrade.by_recovery``); then each lapsed clause with what
    fixing it alone gives back, most first. *places* gives, by clause path, where the
    clause sits in the sheet's words (``位置：…``); no dotted path is shown.
    """
    where = places or {}
    lines: list[Outline] = []
    by_path = {item.path: item for item in plan.recoverable}
    if plan.target is not None:
        # Each clause with what it costs now: under a cap, what a set gives back is not
        # the sum of what its clauses give back alone.
        chosen = tuple(
            Outline(
                by_path[path].title
                + _(" ({points} deducted now)").format(points=fmt(by_path[path].counted)),
                "cyan",
                (Outline(_("Where: {place}").format(place=where[path]), "dim"),)
                if where.get(path)
                else (),
            )
            for path in plan.by_recovery
        )
        lines.append(
            Outline(
                ngettext(
                    "{needed} short of {target}: fixing this {count} clause reaches {target} "
                    "({recovered} recovered in all{lifted})",
                    "{needed} short of {target}: fixing these {count} clauses reaches {target} "
                    "({recovered} recovered in all{lifted})",
                    len(plan.clauses),
                ).format(
                    needed=fmt(plan.points_needed),
                    target=plan.target,
                    count=len(plan.clauses),
                    recovered=fmt(plan.recovered),
                    lifted=lifted_text(plan),
                ),
                "bold cyan",
                chosen,
            )
        )
    elif plan.note:
        lines.append(Outline(plan.note, "bold magenta" if plan.blocked == "vetoed" else "cyan"))
    if plan.recoverable:
        lines.append(
            Outline(
                _("Clause by clause (what fixing one alone recovers, most first)"),
                "dim",
                tuple(Outline(_recovery_text(item), "dim") for item in plan.recoverable),
            )
        )
    return Outline(_("To fix"), "bold cyan", tuple(lines))
