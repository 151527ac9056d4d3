"""Terminal rendering (rich tables and trees, or plain text), kept apart from the data.

Trees are built once as :class:`Outline` data (see ``_outline``) and rendered three
ways: a rich ``Tree`` on a terminal, plain text with ASCII-free guides when piped
(no colour codes, no wrapping, so ``grep`` works), and nested Markdown lists.

Every text from the data is made visible (``io/_safe_text.visible``) before rich
renders it, so the only escape sequences in a coloured rendering are rich's own
colours: a unit named ``\x1b[2J`` shows as ``\u001b[2J`` and clears nothing.
"""

from __future__ import annotations

import io
import shutil
from collections.abc import Iterator

import attrs
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.tree import Tree

from .._i18n import gettext as _
from ..cohorts._cohort import Cohort, RankedUnit
from ..engine._numbers import fmt
from ..engine._rulebook import Rulebook
from ..io._safe_text import visible
from ..io._writers import md_cell
from ._cohort_text import summary_text
from ._output import StyledText

__all__ = [
    "Outline",
    "cohort_table",
    "outline_markdown",
    "outline_text",
    "render_outline",
    "render_rich",
    "terminal_width",
]


@attrs.frozen
class Outline:
    """One line of a tree and the lines under it.

    Attributes:
        text: The line as plain text.
        style: A rich style for the terminal ("" for none).
        children: The lines under it.
    """

    text: str
    style: str = ""
    children: tuple[Outline, ...] = ()


def terminal_width() -> int:
    """The terminal's width, at least 100 columns."""
    return max(shutil.get_terminal_size((120, 24)).columns, 100)


def render_rich(console_output: object, *, color: bool) -> str:
    """Render a rich renderable to text (with colours only when *color*, then as
    :class:`StyledText`); its texts must have been made visible already."""
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=terminal_width(),
        force_terminal=color,
        color_system="auto" if color else None,
        highlight=False,
    )
    console.print(console_output)
    return StyledText(buffer.getvalue()) if color else buffer.getvalue()


def _tree(outline: Outline, tree: Tree | None = None) -> Tree:
    text = escape(visible(outline.text))
    label = f"[{outline.style}]{text}[/]" if outline.style else text
    node = Tree(label) if tree is None else tree.add(label)
    for child in outline.children:
        _tree(child, node)
    return node


def outline_rich(outline: Outline, *, color: bool = True) -> str:
    """Render an outline as a rich tree."""
    return render_rich(_tree(outline), color=color)


def _text_lines(outline: Outline, prefix: str, last: bool, root: bool) -> Iterator[str]:
    if root:
        yield outline.text
        inner = ""
    else:
        yield prefix + ("└── " if last else "├── ") + outline.text.replace("\n", " ")
        inner = prefix + ("    " if last else "│   ")
    for index, child in enumerate(outline.children):
        yield from _text_lines(child, inner, index == len(outline.children) - 1, False)


def outline_text(outline: Outline) -> str:
    """Render an outline as plain text with tree guides, one line per node.

    >>> print(outline_text(Outline("根", children=(Outline("甲"), Outline("乙")))), end="")
    根
    ├── 甲
    └── 乙
    """
    return "\n".join(_text_lines(outline, "", True, True)) + "\n"


def outline_markdown(outline: Outline, level: int = 0) -> str:
    """Render an outline as nested Markdown bullets (the root as a heading).

    >>> print(outline_markdown(Outline("根", children=(Outline("甲"),))), end="")
    # 根
    <BLANKLINE>
    - 甲
    """
    if level == 0:
        lines = [f"# {md_cell(outline.text)}", ""]
        lines += [outline_markdown(child, 1) for child in outline.children]
        return "\n".join(lines) + ("\n" if not lines[-1].endswith("\n") else "")
    indent = "  " * (level - 1)
    lines = [f"{indent}- {md_cell(outline.text)}"]
    lines += [outline_markdown(child, level + 1).rstrip("\n") for child in outline.children]
    return "\n".join(lines) + "\n"


def render_outline(outline: Outline, fmt: str, *, color: bool) -> str:
    """Render an outline as Markdown (``fmt == "md"``), else as a coloured rich tree
    when *color* (a terminal) or as plain text (a file or a pipe)."""
    if fmt == "md":
        return outline_markdown(outline)
    return outline_rich(outline) if color else outline_text(outline)


def _by_class(cohort: Cohort, rulebook: Rulebook) -> list[tuple[str, list[RankedUnit]]]:
    """The units under their class (分类排名), classes in the rulebook's order: in each
    its ranked units, then its 不排名 and 不参评 ones; one untitled part without classes."""
    classes: dict[str, list[RankedUnit]] = {group: [] for group in rulebook.ranking.groups}
    for ranked in cohort.units:
        classes.setdefault(ranked.group, []).append(ranked)
    return [(group, units) for group, units in classes.items() if units]


def _ranking_table(title: str, units: list[RankedUnit]) -> Table:
    table = Table(title=escape(visible(title)) if title else None, show_lines=True)
    table.add_column(_("Rank"), justify="right", no_wrap=True)
    table.add_column(_("Unit"), no_wrap=True)
    table.add_column(_("Total"), justify="right", no_wrap=True)
    table.add_column(_("Grade"), no_wrap=True)
    table.add_column(_("Points lost / gained"), ratio=1, overflow="fold")
    for ranked in units:
        result = ranked.result
        lines = [*result.reasons, *(e.reason for e in result.gained)]
        if ranked.grade_note:
            lines.append(ranked.grade_note)
        name = result.name or result.unit
        if ranked.group:
            name = _("{name} ({group})").format(name=name, group=ranked.group)
        table.add_row(
            ranked.rank_text,
            escape(visible(name)),
            fmt(result.total),
            escape(visible(ranked.grade)) + (_(" (vetoed)") if result.vetoed else ""),
            escape(visible("\n".join(lines))) if lines else _("No points lost"),
        )
    return table


def cohort_table(cohort: Cohort, rulebook: Rulebook, *, color: bool = True) -> str:
    """Render a ranked cohort: 排名, 单位, 总分, 等次 and every 失分原因 (headings in
    the current language; titles, grades and reasons are the rulebook's).

    Ranked within classes (分类排名), each class has its own heading and table and
    each unit's name is followed by its class; the title is the rulebook's title (its
    id is for commands, not for readers).
    """
    parts = _by_class(cohort, rulebook)
    if len(parts) == 1 and not parts[0][0]:
        text = render_rich(_ranking_table(rulebook.title, parts[0][1]), color=color)
    else:
        text = visible(rulebook.title) + "\n" if not parts else ""
        for index, (group, units) in enumerate(parts):
            heading = _("[{group}] ranking").format(group=group) if group else ""
            if index == 0:
                heading = f"{rulebook.title}\n{heading}"
            text += render_rich(_ranking_table(heading, units), color=color)
    if cohort.quota is not None:
        text += visible(cohort.quota.note) + "\n"
    text += visible(summary_text(cohort))
    return StyledText(text) if color else text
