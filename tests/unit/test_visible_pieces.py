"""Text already made visible is written as it is; any other text is made visible once.

The JSON result's unit lines are built from visible pieces (issue 16: scanning tens of
megabytes twice cost about a second on 40,000 units); the CLI's writer passes a
:class:`VisibleText` through and still escapes every other piece.
"""

from __future__ import annotations

from pathlib import Path

from assessment_rules import Deduct, Evidence, Item, Rulebook, Section, assess
from assessment_rules.cli._output import write_output
from assessment_rules.io import iter_cohort_json
from assessment_rules.io._safe_text import VisibleText, visible


class TestVisibleText:
    def test_operations_give_plain_text(self) -> None:
        """Joining or slicing a marked text gives a plain str, so the mark does not spread."""
        marked = VisibleText("甲")
        assert type(marked + "\x1b") is str
        assert type(marked[:1]) is str
        assert type("".join([marked])) is str

    def test_the_writer_passes_marked_pieces_and_escapes_the_rest(self, tmp_path: Path) -> None:
        """A marked piece is written unchanged; a plain piece gets its escapes."""
        out = tmp_path / "out.txt"
        # The marked piece holds an ESC only to show it is not scanned: real marked
        # pieces never hold one.
        write_output(str(out), iter([VisibleText("a\x1b"), "b\x1b"]))
        assert out.read_text("utf-8") == "a\x1bb\\u001b"

    def test_the_json_pieces_are_marked_and_visible(self) -> None:
        """Every piece of the streamed result that is marked is already visible."""
        book = Rulebook(
            "tiny",
            "示例\x1b",
            points="10",
            children=(
                Section(
                    "org",
                    "组织",
                    points="10",
                    children=(
                        Item(
                            "plan",
                            "计划",
                            points="10",
                            children=(Deduct("no_plan", "未制定\u202e", rate="2"),),
                        ),
                    ),
                ),
            ),
        )
        cohort = assess(book, [Evidence("u\x1b", {"no_plan": True}, "名称")])
        pieces = list(iter_cohort_json(cohort, book))
        marked = [piece for piece in pieces if type(piece) is VisibleText]
        assert len(marked) == 2  # the head and the one unit's line
        assert all(visible(piece) == piece for piece in pieces)
        assert "\\u001b" in marked[0]  # the rulebook's title
        assert "\\u001b" in marked[1] and "\\u202e" in marked[1]  # the id, the clause
