"""Fuzzing every reader of untrusted input: each ends in a result or a clean error, in bounds.

A clean error is an ``AssessmentRulesError`` (every error type of the library derives
from it: ``EvidenceError``, ``EvidenceFileError``, ``PlanFileError``, ``CaseFileError``,
``RegistryError``, ``YamlError``), and its message can be printed. Anything else (a
``TypeError``, a ``RecursionError``, a zip or XML error from a library) fails the test,
and so does an example that takes more than ``SECONDS`` or allocates more than
``MEGABYTES`` of Python memory. Evidence that reads is also checked against a
rulebook, so the values the readers hand on are fuzzed through ``Fact.coerce`` too.
"""

from __future__ import annotations

import os
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessment_rules import AssessmentRulesError, load_rulebook
from assessment_rules.calendar import (
    load_calendar,
    load_plan,
    load_workplan,
    read_progress,
    read_submissions,
)
from assessment_rules.cohorts import load_registry
from assessment_rules.io import load_evidence
from assessment_rules.io._yaml import load_yaml
from assessment_rules.yearly import read_cases

from .strategies import csv_bytes, json_texts, xlsx_bytes, yaml_texts

SECONDS = 5.0
MEGABYTES = 64
BOOK = load_rulebook("wujin-2021-departments")
PLAN = load_workplan("putuo-2024-workplan")
CALENDAR = load_calendar("putuo-2020-inspection")


def fuzz(examples: int) -> settings:
    """Settings of one fuzz test: its number of examples, and no deadline (the time bound is
    checked by :func:`ends_cleanly`, generously, on the reader alone).

    The numbers keep the whole fuzz run to about half a minute in CI; ``FUZZ_SCALE=20``
    in the environment multiplies them for a long run by hand.
    """
    return settings(
        max_examples=max(1, int(examples * float(os.environ.get("FUZZ_SCALE", "1")))),
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


@pytest.fixture(scope="module")
def folder() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as where:
        yield Path(where)


def ends_cleanly(read: Callable[[], object]) -> None:
    """Run *read*: a result or an AssessmentRulesError, within the time and memory bounds."""
    tracemalloc.start()
    start = time.perf_counter()
    try:
        read()
    except AssessmentRulesError as error:
        assert str(error)  # the message can be made (no RecursionError in a repr)
    finally:
        seconds = time.perf_counter() - start
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    assert seconds < SECONDS, f"took {seconds:.1f} s"
    assert peak < MEGABYTES * 2**20, f"allocated {peak / 2**20:.0f} MiB"


def _write(folder: Path, name: str, data: str | bytes) -> Path:
    path = folder / name
    if isinstance(data, str):
        path.write_bytes(data.encode("utf-8", errors="surrogatepass"))
    else:
        path.write_bytes(data)
    return path


def _evidence(path: Path) -> None:
    loaded = load_evidence([path], BOOK)
    BOOK.check_all(loaded.units)


class TestYaml:
    @fuzz(300)
    @given(st.text(max_size=200) | yaml_texts("evidence"))
    def test_load_yaml(self, text: str) -> None:
        """The YAML reader itself."""
        ends_cleanly(lambda: load_yaml(text))

    @fuzz(80)
    @given(yaml_texts("evidence"))
    def test_evidence_yaml(self, folder: Path, text: str) -> None:
        """YAML evidence, read and checked against the Wujin rulebook."""
        path = _write(folder, "e.yaml", text)
        ends_cleanly(lambda: _evidence(path))

    @fuzz(60)
    @given(yaml_texts("registry"))
    def test_registry(self, folder: Path, text: str) -> None:
        """A registry of units."""
        path = _write(folder, "r.yaml", text)
        ends_cleanly(lambda: load_registry(path))

    @fuzz(60)
    @given(yaml_texts("plan"))
    def test_plan(self, folder: Path, text: str) -> None:
        """A work plan or calendar."""
        path = _write(folder, "p.yaml", text)
        ends_cleanly(lambda: load_plan(path))

    @fuzz(60)
    @given(yaml_texts("cases"))
    def test_cases(self, folder: Path, text: str) -> None:
        """A rulebook case file."""
        path = _write(folder, "c.yaml", text)
        ends_cleanly(lambda: read_cases(path))

    @fuzz(60)
    @given(yaml_texts("progress"))
    def test_progress(self, folder: Path, text: str) -> None:
        """A progress file of the 2024 work plan."""
        path = _write(folder, "g.yaml", text)
        ends_cleanly(lambda: read_progress(path, PLAN))

    @fuzz(40)
    @given(yaml_texts("submissions"))
    def test_submissions(self, folder: Path, text: str) -> None:
        """A submissions file of the 2020 inspection calendar."""
        path = _write(folder, "s.yaml", text)
        ends_cleanly(lambda: read_submissions(path, CALENDAR))


class TestTables:
    @fuzz(150)
    @given(json_texts())
    def test_evidence_json(self, folder: Path, text: str) -> None:
        """JSON evidence, read and checked."""
        path = _write(folder, "e.json", text)
        ends_cleanly(lambda: _evidence(path))

    @fuzz(150)
    @given(csv_bytes())
    def test_evidence_csv(self, folder: Path, data: bytes) -> None:
        """CSV evidence in any encoding, read and checked."""
        path = _write(folder, "e.csv", data)
        ends_cleanly(lambda: _evidence(path))

    @fuzz(80)
    @given(xlsx_bytes())
    def test_evidence_xlsx(self, folder: Path, data: bytes) -> None:
        """XLSX evidence (merged cells, hidden sheets, damaged zips), read and checked."""
        path = _write(folder, "e.xlsx", data)
        ends_cleanly(lambda: _evidence(path))
