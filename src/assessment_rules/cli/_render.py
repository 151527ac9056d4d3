"""Terminal rendering of results (rich), kept apart from the data it renders."""

from __future__ import annotations

import io
import shutil

from rich.console import Console
from rich.table import Table

from .._cohort import Cohort
from .._numbers import fmt
from .._rulebook import Rulebook

__all__ = ["cohort_table"]


def cohort_table(cohort: Cohort, rulebook: Rulebook, *, color: bool = True) -> str:
    """Render a ranked cohort: 排名, 单位, 总分, 等次 and every 失分原因."""
    table = Table(title=f"{rulebook.title}（{rulebook.id}）", show_lines=True)
    table.add_column("排名", justify="right", no_wrap=True)
    table.add_column("单位", no_wrap=True)
    table.add_column("总分", justify="right", no_wrap=True)
    table.add_column("等次", no_wrap=True)
    table.add_column("失分原因 / 加分", ratio=1, overflow="fold")
    for ranked in cohort.units:
        result = ranked.result
        lines = [*result.reasons, *(e.reason for e in result.gained)]
        table.add_row(
            str(ranked.rank),
            result.name or result.unit,
            fmt(result.total),
            result.grade + ("（否决）" if result.vetoed else ""),
            "\n".join(lines) if lines else "无失分",
        )
    width = max(shutil.get_terminal_size((120, 24)).columns, 100)
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=width,
        force_terminal=color,
        color_system="auto" if color else None,
        highlight=False,
    )
    console.print(table)
    return buffer.getvalue()
