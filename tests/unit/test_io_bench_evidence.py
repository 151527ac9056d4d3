"""The large-evidence benchmark (bench/evidence_parse.py), run on a small file and never timed."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

BENCH = Path(__file__).parents[2] / "bench"


@pytest.fixture(scope="module")
def bench() -> Iterator[ModuleType]:
    """bench/evidence_parse.py, imported with bench/ on the path and removed afterwards."""
    with pytest.MonkeyPatch.context() as patch:
        patch.syspath_prepend(str(BENCH))
        for name in ("evidence_parse", "workload"):
            patch.delitem(sys.modules, name, raising=False)
        yield importlib.import_module("evidence_parse")
        for name in ("evidence_parse", "workload"):
            sys.modules.pop(name, None)


class TestMeasure:
    @pytest.mark.parametrize("fmt", ["yaml", "json"])
    def test_every_unit_is_read_back(self, bench: ModuleType, fmt: str) -> None:
        """200 generated units written as evidence are all read back, in a fresh interpreter."""
        figures = bench.measure(200, fmt)
        assert figures["units_read"] == 200
        assert figures["within_targets"] is True

    def test_the_targets_are_those_of_the_issue(self, bench: ModuleType) -> None:
        """The targets are 30 s and 1 GB for the 59,000-unit file."""
        assert (bench.TARGET_SECONDS, bench.TARGET_MB) == (30.0, 1024.0)
