"""``assessment-rules score``: score a cohort from evidence files, in any output format."""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from typing import IO

import click

from ..io import iter_cohort_json, load_evidence
from ..io._safe_text import visible
from ._common import (
    BINARY_OUTPUT_OPTION,
    HIDDEN_SHEETS_OPTION,
    WriteTo,
    fail_cleanly,
    format_from_output,
    include_hidden_sheets,
    open_rulebook,
    progress,
    require_file_or_pipe,
    score_cohort,
    stderr_console,
    stdout_is_terminal,
    write_output,
)

__all__ = ["score"]

FORMATS = ("table", "json", "csv", "xlsx", "docx", "md")


@click.command()
@click.argument("rulebook")
@click.argument("evidence", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default=None,
    help="table: ranking with 失分原因 on screen (default); json: the versioned result "
    "for tools, with file digests; csv / xlsx: the ranking and every unit's score sheet "
    "(序号/项目/考核内容/考核标准/分值/得分/失分原因), xlsx with charts; docx: the "
    "考核结果通报 draft for Word or WPS; md: the same as csv, as Markdown. "
    "Guessed from the --output suffix when not given.",
)
@BINARY_OUTPUT_OPTION
@HIDDEN_SHEETS_OPTION
@fail_cleanly
def score(rulebook: str, evidence: tuple[str, ...], fmt: str | None, output: str | None) -> None:
    """Score every unit in EVIDENCE against RULEBOOK, rank them, explain every lost point.

    RULEBOOK is a bundled id (see `assessment-rules list`) or a Python file that
    defines RULEBOOK. EVIDENCE files may be YAML, JSON, CSV or XLSX (the form
    `assessment-rules template` writes, filled in); several files, e.g. one per office,
    are merged by unit id, and a fact given twice with different values is an error.
    Every problem in every file is listed at once, and nothing is written unless every
    unit's evidence is valid.

    \b
    Examples:
      assessment-rules score wujin-2021-departments 证据.xlsx -o 结果.xlsx
      assessment-rules score wujin-2021-departments a.yaml b.csv --format json -o r.json
    """
    chosen = format_from_output(fmt, output, "table", FORMATS)
    require_file_or_pipe(chosen, output)
    book = open_rulebook(rulebook)
    evidence_set = load_evidence(evidence, book, include_hidden_sheets=include_hidden_sheets())
    cohort = score_cohort(book, evidence_set)
    content: str | bytes | Iterable[str] | WriteTo
    # Each writer (the sheet writers import openpyxl) loads only when its format is asked.
    if chosen == "json":
        content = itertools.chain(iter_cohort_json(cohort, book, evidence_set.files), ("\n",))
    elif chosen == "csv":
        from ..io._writers import cohort_csv  # noqa: PLC0415

        with progress(len(cohort), "写出评分表") as advance:
            content = cohort_csv(cohort, book, advance)
    elif chosen == "xlsx":

        def workbook(out: IO[bytes]) -> None:
            from ..io._writers import write_cohort_xlsx  # noqa: PLC0415

            with progress(len(cohort), "写出评分表") as advance:
                write_cohort_xlsx(out, cohort, book, advance)

        content = workbook
    elif chosen == "docx":

        def notice(out: IO[bytes]) -> None:
            # python-docx (and lxml) load only when a notice is written.
            from ..io._docx import write_cohort_docx  # noqa: PLC0415

            write_cohort_docx(out, cohort, book)

        content = notice
    elif chosen == "md":
        from ..io._writers import cohort_markdown  # noqa: PLC0415

        content = cohort_markdown(cohort, book)
    else:
        from ._render import cohort_table  # noqa: PLC0415

        color = output is None and stdout_is_terminal()
        content = cohort_table(cohort, book, color=color)
    write_output(output, content)
    if output is not None and output != "-":
        stderr_console().print(
            f"已写出 {visible(output)}：{len(cohort)} 个单位（{chosen}）",
            highlight=False,
            soft_wrap=True,
            markup=False,
        )
