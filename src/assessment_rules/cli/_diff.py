"""``assessment-rules diff``: what changed between two rulebooks, and re-scoring."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import click

from .._i18n import gettext as _
from .._i18n import ngettext
from ..engine._errors import EvidenceError
from ..engine._evidence import Evidence
from ..engine._facts import FactValueError
from ..engine._rulebook import Rulebook
from ..io import dumps, load_evidence
from ..yearly._diff import diff_rulebooks
from ..yearly._rescore import rescore
from ._common import (
    HIDDEN_SHEETS_OPTION,
    OUTPUT_OPTION,
    fail_cleanly,
    include_hidden_sheets,
    open_rulebook,
    write_output,
)

__all__ = ["diff"]

_LISTED = 10  # conflicts listed by name; the rest are counted


def _assumptions(values: tuple[str, ...]) -> dict[str, str]:
    assumed: dict[str, str] = {}
    for text in values:
        name, sep, value = text.partition("=")
        if not sep or not name.strip():
            raise click.BadParameter(
                _("{text!r} must look like FACT=VALUE").format(text=text), param_hint="--assume"
            )
        if name.strip() in assumed and assumed[name.strip()] != value.strip():
            raise click.BadParameter(
                _("{fact} is assumed twice, as {first!r} and {second!r}").format(
                    fact=name.strip(), first=assumed[name.strip()], second=value.strip()
                ),
                param_hint="--assume",
            )
        assumed[name.strip()] = value.strip()
    return assumed


def _same(book: Rulebook, name: str, one: object, other: object) -> bool:
    """Whether two values of a fact are equal as *book* reads them (3 and "3.0" are)."""
    fact = book.facts.get(name)
    if fact is not None:
        try:
            return fact.coerce(one) == fact.coerce(other)
        except FactValueError:
            pass
    return str(one) == str(other)


def _check_assumptions(
    book: Rulebook, units: Iterable[Evidence], assumed: Mapping[str, str]
) -> None:
    """An assumption only fills a fact the evidence leaves out: one that contradicts a
    value the evidence gives is an error, listing the units and where their values are.

    Raises:
        click.UsageError: Some unit's evidence gives an assumed fact another value.
    """
    conflicts = [
        _("unit {unit!r}").format(unit=unit.unit)
        + (f" ({unit.source})" if unit.source else "")
        + ": "
        + _("{fact}={given!r} conflicts with --assume {fact}={value}").format(
            fact=name, given=unit.facts[name], value=value
        )
        for unit in units
        for name, value in assumed.items()
        if unit.facts.get(name) is not None and not _same(book, name, unit.facts[name], value)
    ]
    if conflicts:
        more = len(conflicts) - _LISTED
        raise click.UsageError(
            ngettext(
                "--assume contradicts the evidence in {count} place (an assumption only "
                "fills a fact the evidence leaves out; drop it or correct the evidence):",
                "--assume contradicts the evidence in {count} places (an assumption only "
                "fills a fact the evidence leaves out; drop it or correct the evidence):",
                len(conflicts),
            ).format(count=len(conflicts))
            + "\n"
            + "\n".join(f"  - {line}" for line in conflicts[:_LISTED])
            + ("\n  " + _("… and {more} more").format(more=more) if more > 0 else "")
        )


@click.command()
@click.argument("old")
@click.argument("new")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "md", "json"]),
    default="text",
    show_default=True,
    help="text for people, md (Markdown) for documents, json (a `changes` list) for tools.",
)
@click.option(
    "--evidence",
    "-e",
    multiple=True,
    type=click.Path(dir_okay=False),
    help="OLD's evidence file(s): re-score every unit under NEW and show how it moves.",
)
@click.option(
    "--assume",
    multiple=True,
    metavar="FACT=VALUE",
    help="A value for a fact NEW requires and the evidence lacks (repeatable). It only "
    "fills the fact where a unit's evidence leaves it out; a unit whose evidence gives "
    "another value is an error.",
)
@OUTPUT_OPTION
@HIDDEN_SHEETS_OPTION
@fail_cleanly
def diff(
    *,
    old: str,
    new: str,
    fmt: str,
    evidence: tuple[str, ...],
    assume: tuple[str, ...],
    output: str | None,
) -> None:
    """List what changed from rulebook OLD to rulebook NEW (ids or files).

    Nodes added, removed and moved; points, rates, caps, texts, grades, vetoes and
    bonus rules changed; facts added and removed. With --evidence, last year's
    evidence is scored under both rulebooks: facts no longer used, facts newly
    required, and each unit's total and grade before and after.
    """
    before, after = open_rulebook(old), open_rulebook(new)
    changes = diff_rulebooks(before, after)
    report = None
    if evidence:
        evidence_set = load_evidence(
            evidence, before, include_hidden_sheets=include_hidden_sheets()
        )
        assumed = _assumptions(assume)
        _check_assumptions(after, evidence_set.units, assumed)
        try:
            report = rescore(before, after, evidence_set.units, assumed)
        except EvidenceError as error:
            raise evidence_set.locate(error) from None
    elif assume:
        raise click.UsageError(_("--assume only applies with --evidence"))
    if fmt == "json":
        document = changes.as_dict()
        if report is not None:
            document["rescore"] = report.as_dict()
        write_output(output, dumps(document) + "\n")
    elif fmt == "md":
        text = changes.as_markdown()
        if report is not None:
            text += f"\n## 按 {after.id} 重新计分\n\n" + report.as_markdown()
        write_output(output, text)
    else:
        text = changes.as_text()
        if report is not None:
            text += "\n" + report.as_text()
        write_output(output, text)
