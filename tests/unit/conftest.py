"""Fixtures shared by the unit tests."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

BENCH = Path(__file__).parents[2] / "bench"
BENCH_MODULES = ("run", "handwritten", "workload", "heavy", "zen_wujin")


@pytest.fixture(scope="module")
def bench() -> Iterator[ModuleType]:
    """The bench/run.py module, imported with bench/ on the path and removed afterwards."""
    with pytest.MonkeyPatch.context() as patch:
        patch.syspath_prepend(str(BENCH))
        for name in BENCH_MODULES:
            patch.delitem(sys.modules, name, raising=False)
        yield importlib.import_module("run")
        for name in BENCH_MODULES:
            sys.modules.pop(name, None)
