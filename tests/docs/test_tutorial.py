"""The tutorial's code runs as printed and its tests pass (docs/tutorial.md)."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path
from typing import Any

TUTORIAL = Path(__file__).resolve().parents[2] / "docs" / "tutorial.md"


def blocks(language: str) -> list[str]:
    """The tutorial's fenced code blocks of one language, in order."""
    text = TUTORIAL.read_text(encoding="utf-8")
    return re.findall(rf"```{language}\n(.*?)```", text, flags=re.S)


def run_tutorial() -> tuple[dict[str, Any], str]:
    namespace: dict[str, Any] = {"__name__": "tutorial"}
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        for code in blocks("python"):
            exec(compile(code, str(TUTORIAL), "exec"), namespace)
    return namespace, printed.getvalue()


class TestTutorial:
    def test_printed_output_is_what_the_code_prints(self) -> None:
        """The output shown after the scoring step is exactly what that code prints."""
        _, printed = run_tutorial()
        shown = blocks("text")[0]
        assert printed == shown

    def test_tutorial_tests_pass(self) -> None:
        """Each test function the tutorial writes passes against its rulebook."""
        namespace, _ = run_tutorial()
        tests = [value for name, value in namespace.items() if name.startswith("test_")]
        assert len(tests) == 2
        for test in tests:
            test()
