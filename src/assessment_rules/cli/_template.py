"""``assessment-rules template``: an empty evidence form to fill in (YAML, CSV or XLSX)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Final

import click

from .._i18n import N_
from .._i18n import gettext as _
from ..cohorts._offices import Office
from ..engine._errors import did_you_mean
from ..engine._rulebook import Rulebook
from ..io._input_limits import MAX_CELLS, MAX_FILE_BYTES, mib
from ..io._safe_text import visible
from ..io._tabular import FORM_META
from ..io._templates import form_fact_rows, template_csv, template_xlsx, template_yaml
from ..io._writers import steady_xlsx
from ._common import (
    OUTPUT_OPTION,
    fail_cleanly,
    format_from_output,
    open_rulebook,
    require_file_or_pipe,
    stderr_console,
    write_output,
)
from ._lang import TemplatedHelpOption

__all__ = ["COLUMNS_MAX_UNITS", "MAX_UNITS", "template"]

FORMATS = ("yaml", "csv", "xlsx")
MAX_UNITS: Final = 20_000
"""The most units one form lays out (``--units`` or repeated ``--unit``)."""
COLUMNS_MAX_UNITS: Final = 16_384 - 1 - len(FORM_META)
"""The most unit columns the ``columns`` layout holds: Excel's 16,384 columns less
事实代码 and the help columns. Past it a form is laid out in rows."""
_CONTROL: Final = re.compile("[\x00-\x1f\x7f-\x9f]")


def _units(count: int | None, given: tuple[str, ...]) -> list[tuple[str, str]]:
    if given:
        if len(given) > MAX_UNITS:
            raise click.BadParameter(
                _("{count} units; a form holds at most {limit:,}").format(
                    count=len(given), limit=MAX_UNITS
                ),
                param_hint="--unit",
            )
        units = []
        for text in given:
            unit, _sep, name = text.partition("=")
            if not unit.strip():
                raise click.BadParameter(
                    _("{text!r} has no unit id").format(text=text), param_hint="--unit"
                )
            if _CONTROL.search(text):
                raise click.BadParameter(
                    _(
                        "{text!r} contains a control character; ids and names are printable text"
                    ).format(text=text),
                    param_hint="--unit",
                )
            units.append((unit.strip(), name.strip()))
        ids = [unit for unit, _ in units]
        repeated = sorted({unit for unit in ids if ids.count(unit) > 1})
        if repeated:
            raise click.BadParameter(
                _("repeated unit id {ids}").format(ids=_(", ").join(repeated)), param_hint="--unit"
            )
        return units
    total = count or 1
    width = len(str(total))
    return [(f"unit-{index:0{width}d}", "") for index in range(1, total + 1)]


def _layout(asked: str | None, units: int, fmt: str) -> str:
    """The layout asked for, or ``columns`` while the units fit in a sheet's columns.

    Raises:
        click.BadParameter: ``--layout columns`` for more units than it can hold.
    """
    if fmt == "yaml" or units <= COLUMNS_MAX_UNITS:
        return asked or "columns"
    if asked == "columns":
        raise click.BadParameter(
            _(
                "{units:,} units do not fit in one row of a sheet (at most "
                "{limit:,} unit columns): use --layout rows"
            ).format(units=units, limit=COLUMNS_MAX_UNITS),
            param_hint="--layout",
        )
    stderr_console().print(
        _(
            "{units:,} units do not fit in one row of a sheet (at most {limit:,} unit "
            "columns): the form has one row per unit (--layout rows)"
        ).format(units=units, limit=COLUMNS_MAX_UNITS),
        highlight=False,
        soft_wrap=True,
        markup=False,
    )
    return "rows"


def _check_readable(
    book: Rulebook, units: list[tuple[str, str]], fmt: str, layout: str, office: Office | None
) -> None:
    """Refuse a form the evidence readers would refuse once filled: one larger than an
    input file may be (YAML repeats every fact's help for every unit), or with more
    cells than a CSV file or a workbook may have (``docs/cli.md``, 限制 / Limits).

    Raises:
        click.UsageError: The form would be too large to read back.
    """
    facts = len(form_fact_rows(book, office))
    top = 1 + (office is not None)  # the 考核细则 row and the office row
    if fmt == "yaml":
        one = len(template_yaml(book, units[:1], office).encode("utf-8"))
        two = len(template_yaml(book, units[:2], office).encode("utf-8")) if units[1:] else one
        size = one + (two - one) * (len(units) - 1)
        if size > MAX_FILE_BYTES:
            raise click.UsageError(
                _(
                    "a YAML form for {units:,} units would be about {size}, more than "
                    "the {limit} an evidence file may be: use --format csv or xlsx, "
                    "or fewer units per form"
                ).format(units=len(units), size=mib(size), limit=mib(MAX_FILE_BYTES))
            )
        return
    if layout == "rows":
        cells = (top + 1 + len(units)) * (2 + facts)
    else:
        cells = (top + 2 + facts) * (1 + len(FORM_META) + len(units))
    if cells > MAX_CELLS:
        raise click.UsageError(
            _(
                "a form of {units:,} units and {facts} facts has {cells:,} cells, more than "
                "the {limit:,} a CSV file or workbook may have: use fewer units per form"
            ).format(units=len(units), facts=facts, cells=cells, limit=MAX_CELLS)
        )


def _office(book: Rulebook, wanted: str | None) -> Office | None:
    if wanted is None:
        return None
    offices = {office.id: office for office in book.offices}
    if wanted in offices:
        return offices[wanted]
    if not offices:
        raise click.BadParameter(
            _("rulebook {rulebook!r} declares no offices: leave out --office").format(
                rulebook=book.id
            ),
            param_hint="--office",
        )
    choices = _(", ").join(f"{o.id} ({o.label})" for o in book.offices)
    hint = did_you_mean(wanted, offices)
    raise click.BadParameter(
        _("{office!r} is not an office of {rulebook!r}{hint} (offices: {offices})").format(
            office=wanted, rulebook=book.id, hint=f"; {hint}" if hint else "", offices=choices
        ),
        param_hint="--office",
    )


@click.command()
@click.argument("rulebook")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default=None,
    help="yaml (default), csv or xlsx; guessed from the --output suffix when not given.",
)
@OUTPUT_OPTION
@click.option(
    "--units",
    "count",
    type=click.IntRange(1, MAX_UNITS),
    default=None,
    cls=TemplatedHelpOption,
    help_template=N_(
        "How many unit columns (or rows) to lay out, ids numbered to the width of the "
        "count: unit-1…unit-9, unit-01…unit-16, unit-001… [default: 1; at most {most}]"
    ),
    help_fields={"most": f"{MAX_UNITS:,}"},
)
@click.option(
    "--unit",
    "given",
    multiple=True,
    metavar="ID[=名称]",
    help="A unit to lay out, with its display name if given: --unit yjj=区应急管理局. Repeatable.",
)
@click.option(
    "--layout",
    type=click.Choice(["columns", "rows"]),
    default=None,
    cls=TemplatedHelpOption,
    help_template=N_(
        "CSV/XLSX only. columns: one row per fact and one column per unit, with the help "
        "beside each fact; rows: one row per unit (handy for many units). [default: columns, "
        "or rows past {most} units]"
    ),
    help_fields={"most": f"{COLUMNS_MAX_UNITS:,}"},
)
@click.option(
    "--office",
    "office_id",
    default=None,
    metavar="ID",
    help="Only the facts this office supplies (rulebooks that split the scoring by office, "
    "e.g. fire), with the office declared in the form: office: ID in YAML, a 报送部门（office） "
    "row in CSV/XLSX.",
)
@fail_cleanly
def template(  # noqa: PLR0917 - click passes every option positionally
    rulebook: str,
    fmt: str | None,
    output: str | None,
    count: int | None,
    given: tuple[str, ...],
    layout: str | None,
    office_id: str | None,
) -> None:
    """Write an empty evidence form for RULEBOOK, ready to fill in Excel, WPS or an editor.

    The form lists every fact the rulebook needs, with its label (填报项目), kind (类型),
    what to type (填写要求), default (默认值) and the clauses it feeds (对应条款). Fill one
    column per unit, then score it:

    \b
      assessment-rules template wujin-2021-departments --units 16 -o 证据.xlsx
      assessment-rules score wujin-2021-departments 证据.xlsx -o 结果.xlsx

    With --office, one form per office; score all the filled forms together:

    \b
      assessment-rules template putuo-2024-streets --office fire -o 消防.xlsx
      assessment-rules score putuo-2024-streets 消防.xlsx 燃气.xlsx … -o 结果.xlsx
    """
    if count is not None and given:
        raise click.UsageError(_("give either --units N or --unit ID…, not both"))
    chosen = format_from_output(fmt, output, "yaml", FORMATS)
    require_file_or_pipe(chosen, output)
    book = open_rulebook(rulebook)
    # The form's own instruction names the rulebook as it was given when that was a file:
    # a rulebook loaded from a file has no id the score command would find.
    command = rulebook if Path(rulebook).is_file() else None
    office = _office(book, office_id)
    units = _units(count, given)
    layout = _layout(layout, len(units), chosen)
    _check_readable(book, units, chosen, layout, office)
    content: str | bytes
    if chosen == "xlsx":
        content = steady_xlsx(
            template_xlsx(
                book, units, "rows" if layout == "rows" else "columns", office, command=command
            )
        )
    elif chosen == "csv":
        content = template_csv(book, units, "rows" if layout == "rows" else "columns", office)
    else:
        content = template_yaml(book, units, office, command=command)
    write_output(output, content)
    if output is not None and output != "-":
        facts = len(form_fact_rows(book, office))
        by = f"，报送部门 {office.label}" if office else ""
        stderr_console().print(
            f"已写出 {visible(output)}：{facts} 项事实，{len(units)} 个单位（{chosen}）{by}",
            highlight=False,
            soft_wrap=True,
            markup=False,
        )
