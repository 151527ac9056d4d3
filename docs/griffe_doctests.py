"""A griffe extension: show the docstrings' bare doctest examples as Python code.

The library's docstrings put their doctest (``>>>``) right in the text, where pytest
runs it; Markdown would render those lines as nested quotes. This fences each bare
doctest block as ``pycon`` and turns reST roles (:func:`x`) into inline code.
"""

from __future__ import annotations

import re
from typing import Any

import griffe

_ROLE = re.compile(r":(?:func|class|meth|attr|data|mod|exc|obj):`~?([^`]+)`")


def fence_doctests(text: str) -> str:
    """Wrap every unindented ``>>>`` block (up to the next blank line) in a pycon fence."""
    out: list[str] = []
    in_example = in_fence = False
    for line in text.split("\n"):
        if line.startswith("```"):
            in_fence = not in_fence
        if in_example and not line.strip():
            out.append("```")
            in_example = False
        elif not in_example and not in_fence and line.startswith(">>>"):
            out.append("```pycon")
            in_example = True
        out.append(line)
    if in_example:
        out.append("```")
    return _ROLE.sub(r"`\1`", "\n".join(out))


class DoctestBlocks(griffe.Extension):
    """Fence bare doctest blocks in every docstring before it is parsed."""

    def on_instance(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        if obj.docstring is not None:
            obj.docstring.value = fence_doctests(obj.docstring.value)
