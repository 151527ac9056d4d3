"""``assessment-rules diff``: what changed between two rulebooks, and re-scoring."""

from __future__ import annotations

import click

from ..io import dumps, read_evidence_files
from ..yearly._diff import diff_rulebooks
from ..yearly._rescore import rescore
from ._common import OUTPUT_OPTION, fail_cleanly, open_rulebook, write_output

__all__ = ["diff"]


def _assumptions(values: tuple[str, ...]) -> dict[str, str]:
    assumed: dict[str, str] = {}
    for text in values:
        name, sep, value = text.partition("=")
        if not sep or not name.strip():
            raise click.BadParameter(f"{text!r} must look like FACT=VALUE", param_hint="--assume")
        assumed[name.strip()] = value.strip()
    return assumed


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
    help="A value for a fact NEW requires and the evidence lacks (repeatable).",
)
@OUTPUT_OPTION
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
        units = read_evidence_files(evidence, before.id)
        report = rescore(before, after, units, _assumptions(assume))
    elif assume:
        raise click.UsageError("--assume only applies with --evidence")
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
