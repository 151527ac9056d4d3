"""The load test (bench/load.py) runs end to end on a handful of requests; never timed here."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

BENCH = Path(__file__).parents[2] / "bench"


@pytest.fixture(scope="module")
def load() -> Iterator[ModuleType]:
    """bench/load.py, imported with bench/ on the path and removed afterwards."""
    with pytest.MonkeyPatch.context() as patch:
        patch.syspath_prepend(str(BENCH))
        for name in ("load", "workload"):
            patch.delitem(sys.modules, name, raising=False)
        yield importlib.import_module("load")
        for name in ("load", "workload"):
            sys.modules.pop(name, None)


class TestRunLoad:
    def test_a_small_run_has_no_errors(self, load: ModuleType) -> None:
        """3 clients × 4 requests scoring 5 units on one worker all succeed and are counted."""
        figures = load.run_load(clients=3, requests=4, units=5, workers=1)
        assert figures["errors"] == 0, figures["error_kinds"]
        assert figures["ok"] == figures["requests"] == 12
        latency = figures["latency_ms"]
        assert 0 < latency["p50"] <= latency["p99"] <= latency["max"]
        assert figures["throughput_rps"] > 0
