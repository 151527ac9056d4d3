"""Tools go through the node protocol: none of them branches on a built-in node class.

The built-in combinators are written on the same public protocol a user's node kind
is (:mod:`assessment_rules.engine._node`). A tool that asked ``isinstance(node,
Deduct)`` would treat a user's shape as a second-class citizen, so outside the
combinators' own modules no source file may name a built-in node class in an
``isinstance``/``issubclass`` check or an ``is`` comparison of classes.
"""

from __future__ import annotations

import ast
from pathlib import Path

import assessment_rules
from assessment_rules import combinators

SOURCE = Path(assessment_rules.__file__).parent
# Ranking and ExcellentQuota are importable from combinators too, but they are the
# cohorts' policies (their home is assessment_rules.cohorts), not node classes.
BUILT_IN = {
    name
    for name in combinators.__all__
    if isinstance(getattr(combinators, name), type)
    and name != "AwardLevel"
    and not getattr(combinators, name).__module__.startswith("assessment_rules.cohorts")
} | {"Container", "AwardLevel"}
# The combinators' own modules may know their own classes.
OWN = {SOURCE / "combinators"}


def _names(node: ast.expr) -> set[str]:
    """Class names mentioned in an isinstance target such as ``A | B`` or ``(A, B)``."""
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name)} | {
        n.attr for n in ast.walk(node) if isinstance(n, ast.Attribute)
    }


def _branches(path: Path) -> list[str]:
    found: list[str] = []
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in ("isinstance", "issubclass")
            and len(node.args) == 2
        ):
            hit = _names(node.args[1]) & BUILT_IN
            if hit:
                found.append(f"{path.name}:{node.lineno} {node.func.id}(…, {sorted(hit)})")
        if isinstance(node, ast.Compare) and any(
            isinstance(op, ast.Is | ast.IsNot | ast.Eq) for op in node.ops
        ):
            sides = [node.left, *node.comparators]
            hit = set().union(*(_names(side) for side in sides)) & BUILT_IN
            if hit and any(isinstance(side, ast.Name) and side.id in BUILT_IN for side in sides):
                found.append(f"{path.name}:{node.lineno} compares with {sorted(hit)}")
    return found


class TestNoBranchingOnBuiltIns:
    def test_no_tool_branches_on_a_built_in_node_class(self) -> None:
        """No module outside the combinators checks a node against a built-in class."""
        found = [
            hit
            for path in sorted(SOURCE.rglob("*.py"))
            if not any(own in path.parents for own in OWN)
            for hit in _branches(path)
        ]
        assert found == []

    def test_the_checker_sees_a_branch(self, tmp_path: Path) -> None:
        """The scan finds an ``isinstance`` on a built-in class and a ``cls is`` test."""
        sample = tmp_path / "tool.py"
        sample.write_text(
            "def f(node, cls):\n"
            "    if isinstance(node, Deduct | Veto):\n"
            "        return 1\n"
            "    return cls is Bonus\n",
            encoding="utf-8",
        )
        assert len(_branches(sample)) == 2
