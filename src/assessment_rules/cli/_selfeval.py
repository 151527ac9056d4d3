"""``assessment-rules selfeval-table``: print 财政项目支出绩效自评表 in the form's own shape."""

from __future__ import annotations

import click

from .._i18n import gettext as _
from ..engine._errors import EvidenceError, RulebookError
from ..finance._selfeval import SelfEvaluationForm
from ..io import dumps, load_evidence
from ..io._finance_table import tables_markdown, tables_text, tables_to_dict, tables_xlsx
from ._common import (
    HIDDEN_SHEETS_OPTION,
    fail_cleanly,
    format_from_output,
    include_hidden_sheets,
    open_rulebook,
    require_file_or_pipe,
    write_output,
)

__all__ = ["selfeval_table"]

FORMATS = ("text", "md", "json", "xlsx")


@click.command("selfeval-table")
@click.argument("rulebook")
@click.argument("evidence", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default=None,
    help="text: the table laid out for printing (default); md: the eight-column table "
    "as Markdown; json: every cell as data (执行率, 得分, 总分, 评分等级…); xlsx: one "
    "sheet per project, cells merged as published. Guessed from the --output suffix "
    "when not given.",
)
@click.option(
    "--unit",
    "units",
    multiple=True,
    metavar="ID",
    help="Only this project (unit id or 项目名称); repeat for several. Default: all, "
    "in evidence order.",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False),
    help="Write here instead of stdout (written whole or not at all; never over an input "
    "file, a link or a device). Required for xlsx on a terminal.",
)
@HIDDEN_SHEETS_OPTION
@fail_cleanly
def selfeval_table(
    rulebook: str,
    evidence: tuple[str, ...],
    fmt: str | None,
    units: tuple[str, ...],
    output: str | None,
) -> None:
    """Score projects and print each one's 财政项目支出绩效自评表 as published.

    RULEBOOK must be a self-evaluation form (such as putuo-2024-finance-selfeval);
    EVIDENCE holds one unit per project with its funds, goals and indicator rows. The
    table has the published rows and columns: 项目名称, 主管部门/实施单位, 项目资金
    (年初预算数, 全年预算数, 全年执行数, 分数, 执行率, 得分), 年度总体目标, the
    indicator rows (年度指标值, 实际完成值, 分值, 得分, 偏差原因分析及改进措施), 总分 and
    评分等级. Every figure is the scored one, so it can be laid beside the published
    table and compared cell by cell.

    \b
    Examples:
      assessment-rules selfeval-table putuo-2024-finance-selfeval \\
          examples/putuo-2024-finance-selfeval.yaml --unit report-rewards
      assessment-rules selfeval-table putuo-2024-finance-selfeval 自评.yaml -o 自评表.xlsx
    """
    chosen = format_from_output(fmt, output, "text", FORMATS)
    require_file_or_pipe(chosen, output)
    book = open_rulebook(rulebook)
    if not isinstance(book, SelfEvaluationForm):
        raise RulebookError(
            "",
            "rulebook",
            book.id,
            _(
                "is not a self-evaluation form (财政项目支出绩效自评表); try "
                "putuo-2024-finance-selfeval, or `assessment-rules score` for other rulebooks"
            ),
        )
    evidence_set = load_evidence(evidence, book, include_hidden_sheets=include_hidden_sheets())
    selected = [evidence_set.unit(unit) for unit in units] if units else evidence_set.units
    try:
        tables = book.tables(selected)
    except EvidenceError as error:
        raise evidence_set.locate(error) from None
    content: str | bytes
    if chosen == "json":
        content = dumps(tables_to_dict(tables, book.id)) + "\n"
    elif chosen == "md":
        content = tables_markdown(tables)
    elif chosen == "xlsx":
        content = tables_xlsx(tables)
    else:
        content = tables_text(tables)
    write_output(output, content)
