"""Invariants of the fast evidence reading paths (issue 16): the nesting check of
untrusted JSON and the single pass that turns a JSON document into units."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from assessment_rules.io import load_evidence, parse_evidence
from assessment_rules.io._input_limits import MAX_DEPTH
from assessment_rules.io._json_input import _too_deep

SCALARS = st.none() | st.booleans() | st.integers(-(10**6), 10**6) | st.text(max_size=3)


def _depth(value: Any) -> int:
    """Containers nested in *value*, counted the plain recursive way (a scalar is 0)."""
    if isinstance(value, dict):
        return 1 + max((_depth(child) for child in value.values()), default=0)
    if isinstance(value, list):
        return 1 + max((_depth(child) for child in value), default=0)
    return 0


def _nest(value: Any, levels: int) -> Any:
    for level in range(levels):
        value = [value] if level % 2 else {"k": value}
    return value


documents = st.recursive(
    SCALARS,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=2), children, max_size=4)
    ),
    max_leaves=30,
).flatmap(
    # Some documents are pushed down to around the limit, where it matters.
    lambda document: st.integers(0, MAX_DEPTH + 2).map(
        lambda extra: _nest(document, extra) if _depth(document) + extra > 25 else document
    )
)


class TestNestingCheck:
    @given(documents)
    def test_too_deep_is_the_recursive_depth_over_the_limit(self, document: Any) -> None:
        """The level-by-level check says "too deep" exactly when the recursive depth
        is above ``MAX_DEPTH``."""
        assert _too_deep(document) == (_depth(document) > MAX_DEPTH)

    def test_the_limit_itself(self) -> None:
        """``MAX_DEPTH`` levels pass; one more does not (mappings and lists alike)."""
        assert not _too_deep(_nest(1, MAX_DEPTH))
        assert _too_deep(_nest(1, MAX_DEPTH + 1))
        assert _too_deep(_nest([], MAX_DEPTH))  # the empty list is a level too


FACT_NAMES = st.sampled_from(["meetings_held", "leader_checks", "a", "b", "说明"])
FACT_VALUES = st.none() | st.booleans() | st.integers(0, 99) | st.text(max_size=4)
records = st.fixed_dictionaries(
    {"facts": st.dictionaries(FACT_NAMES, FACT_VALUES, max_size=4)},
    optional={"name": st.none() | st.text(max_size=4) | st.integers(0, 9)},
)


class TestUnitsFromJson:
    @given(st.lists(records, min_size=1, max_size=8), st.booleans())
    def test_units_are_the_records_with_blanks_left_out(
        self, records: list[dict[str, Any]], integer_ids: bool
    ) -> None:
        """Each record becomes one unit, in file order: its id and name as text, its
        facts without the values left blank (null), and the file as its source; and
        ``parse_evidence`` keeps the blanks."""
        units = [
            {"id": index if integer_ids else f"u{index}", **record}
            for index, record in enumerate(records, start=1)
        ]
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "evidence.json"
            path.write_text(json.dumps({"units": units}, ensure_ascii=False), encoding="utf-8")
            loaded = load_evidence([path]).units
        parsed = parse_evidence({"units": units}, str(path))
        assert [unit.unit for unit in loaded] == [str(unit["id"]) for unit in units]
        for unit, record, kept in zip(loaded, units, parsed, strict=True):
            name = record.get("name", "")
            assert unit.name == ("" if name is None else str(name))
            assert dict(unit.facts) == {
                fact: value for fact, value in record["facts"].items() if value is not None
            }
            assert dict(kept.facts) == record["facts"]
            assert unit.source == str(path)
