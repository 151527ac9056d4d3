"""The worked example on a rulebook page: evidence from a file, or built from the facts.

A rulebook's example evidence lives beside it as ``examples/<rulebook-id>.yaml``. When
there is none, a deterministic example is built from the facts: every fact takes the
value the clause that reads it gives as an example
(:meth:`~assessment_rules.Node.example_values`; the built-in clauses keep a declared
default and otherwise show one small lapse, such as one short of a required count, the
last item of a checklist missing, one point below full marks for a judgment), so the
page still shows real 失分原因.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

from ..cohorts._cohort import RankedUnit, assess
from ..engine._evidence import Evidence
from ..engine._results import UnitResult
from ..engine._rulebook import Rulebook
from ..io import read_evidence
from ..io._charts import chart_data
from ._charts_svg import charts_html

__all__ = [
    "EXAMPLE_SUFFIXES",
    "WorkedExample",
    "default_evidence",
    "example_from_evidence",
    "find_example",
]

EXAMPLE_SUFFIXES = (".yaml", ".yml", ".json")


@attrs.frozen
class WorkedExample:
    """A unit scored for a rulebook page.

    Attributes:
        origin: One Markdown sentence saying where the evidence came from.
        result: The unit's result.
        facts: The facts shown as the unit's input, ``(name, value)`` in clause order.
        ranking: Every example unit with its rank (one entry when built from defaults).
        units: Every example unit as the cohort ranked it, in the ranking's order: its
            rank as printed (``RankedUnit.rank_text``: 3, 不排名, 不参评), its class and
            its final grade after the quota; empty for an example built by hand.
        generated: Whether the evidence was built from the facts rather than read.
        charts: The result workbook's two charts for the example units, as inline SVG
            figures (see ``_charts_svg``), or "".
    """

    origin: str
    result: UnitResult
    facts: tuple[tuple[str, Any], ...]
    ranking: tuple[tuple[int | None, UnitResult], ...] = ()
    generated: bool = False
    charts: str = ""
    units: tuple[RankedUnit, ...] = ()


def find_example(rulebook_file: Path, rulebook_id: str) -> Path | None:
    """Return the example evidence file for a rulebook file, or ``None``.

    Looked for, in order: ``examples/`` beside the rulebook's directory (the
    repository layout ``rulebooks/`` + ``examples/``), ``examples/`` inside it, and the
    rulebook's own directory; the name is ``<rulebook-id>.yaml`` (or ``.yml``, ``.json``).

    >>> from assessment_rules import bundled_rulebooks
    >>> find_example(bundled_rulebooks()["wujin-2021-departments"],
    ...              "wujin-2021-departments").name
    'wujin-2021-departments.yaml'
    """
    folder = rulebook_file.resolve().parent
    for directory in (folder.parent / "examples", folder / "examples", folder):
        for suffix in EXAMPLE_SUFFIXES:
            candidate = directory / f"{rulebook_id}{suffix}"
            if candidate.is_file():
                return candidate
    return None


def _ordered(rulebook: Rulebook, facts: Mapping[str, Any]) -> tuple[tuple[str, Any], ...]:
    known = [(name, facts[name]) for name in rulebook.facts if name in facts]
    extra = [(name, value) for name, value in facts.items() if name not in rulebook.facts]
    return tuple(known + extra)


def _richness(result: UnitResult) -> int:
    return len(result.entries) + len(result.vetoes)


def example_from_evidence(
    rulebook: Rulebook, evidences: list[Evidence], shown_as: str
) -> WorkedExample:
    """Score example units and pick the one whose ledger explains the most.

    Args:
        rulebook: The rulebook.
        evidences: The example units (at least one).
        shown_as: How the page names the evidence file, e.g.
            ``"examples/wujin-2021-departments.yaml"``.

    Returns:
        The example of the unit with the most ledger entries and vetoes (the first such
        unit on a tie), with the ranking of all units.

    Raises:
        EvidenceError: The example evidence does not fit the rulebook.
    """
    cohort = assess(rulebook, evidences)
    by_unit = {e.unit: e for e in evidences}
    # The cohort is in rank order; a tie goes to the unit first in the evidence file.
    order = {unit: index for index, unit in enumerate(by_unit)}
    chosen = max(
        (ranked.result for ranked in cohort.units),
        key=lambda r: (_richness(r), -order[r.unit]),
    )
    origin = (
        f"示例证据取自 `{shown_as}`，共 {len(evidences)} 个示例单位；"
        f"下面详细列出失分条款最多的单位“{chosen.name or chosen.unit}”（`{chosen.unit}`）。"
    )
    return WorkedExample(
        origin,
        chosen,
        _ordered(rulebook, by_unit[chosen.unit].facts),
        tuple((ranked.rank, ranked.result) for ranked in cohort.units),
        charts=charts_html(chart_data(cohort, rulebook)),
        units=tuple(cohort.units),
    )


def default_evidence(rulebook: Rulebook) -> Evidence:
    """Build a deterministic example unit from a rulebook's facts.

    Each fact takes the value the first clause that reads it gives as an example
    (:meth:`~assessment_rules.Node.example_values`), or else a valid neutral value
    (:meth:`~assessment_rules.Fact.example_value`). The built-in clauses keep a declared
    default and otherwise show one small lapse (vetoes are not triggered); a district's
    own node kind says what its example is.

    >>> from assessment_rules import Deduct, Item, Rulebook, Section
    >>> book = Rulebook("tiny", "示例", points="10", children=(
    ...     Section("org", "组织领导", points="10", children=(
    ...         Item("meet", "会议", points="10", children=(
    ...             Deduct("meetings", "召开会议", rate="1", shape="shortfall", required=4),
    ...         )),)),))
    >>> dict(default_evidence(book).facts)
    {'meetings': 3}
    """
    values: dict[str, Any] = {}
    for _, node in rulebook.walk():
        facts = [fact for fact in node.own_facts() if fact.name not in values]
        if not facts:
            continue
        examples = node.example_values()
        for fact in facts:
            values[fact.name] = examples.get(fact.name, fact.example_value())
    return Evidence("example", values, "示例单位", "（按各事实的默认值构造）")


def example_from_defaults(rulebook: Rulebook) -> WorkedExample:
    """Score the deterministic example unit of :func:`default_evidence`.

    Raises:
        EvidenceError: The built values do not satisfy the rulebook's own checks.
    """
    evidence = default_evidence(rulebook)
    cohort = assess(rulebook, [evidence])
    result = cohort.units[0].result
    origin = (
        "本细则没有附带示例证据（`examples/<细则编号>.yaml`）。下面的示例单位是按各事实自动构造的："
        "每个事实取读取它的条款给出的示例值。内置条款对声明了默认值的事实取默认值，"
        "对没有默认值的事实取一个恰好出现一处轻微失分的值"
        "（应达次数少1次、清单缺最后一项、评分比满分少1分），一票否决的情形均未发生。"
    )
    return WorkedExample(
        origin,
        result,
        _ordered(rulebook, evidence.facts),
        ((1, result),),
        generated=True,
        charts=charts_html(chart_data(cohort, rulebook)),
        units=tuple(cohort.units),
    )


def load_example(rulebook: Rulebook, path: Path, shown_as: str) -> WorkedExample:
    """Read an example evidence file and build the worked example from it.

    Raises:
        EvidenceFileError: The file cannot be read or has the wrong layout.
        EvidenceError: Its units do not fit the rulebook.
    """
    return example_from_evidence(rulebook, read_evidence(path, rulebook.id), shown_as)
