"""Benchmark: reading one large evidence file, parsed once, in bounded time and memory.

Writes N seeded departments (``workload.py``) as one evidence file, then reads it
with ``load_evidence`` in a fresh interpreter and reports the wall-clock seconds and
the process's peak resident set (``VmHWM``), against the targets of issue 14: at most
30 s and 1 GB for 59,000 units of YAML (about 60 MB). Before the single-pass reader
the same file took 520 s and 3.2 GB on the benchmark machine (241 s and 2.8 GB on the
one the issue was measured on): line numbers came from a second parse.

    python bench/evidence_parse.py                       # 59,000 units of YAML
    python bench/evidence_parse.py --units 59000 --format json --json

Exit status 1 when a target is missed or a unit is lost. The CPU seconds and the load
average are reported too: on a busy machine the wall clock says more about the others.
Speed is measured here only, never in the test suite;
``tests/unit/test_io_bench_evidence.py`` runs it on 200 units.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from workload import RULEBOOK_ID, evidence_document, generate_units

__all__ = ["TARGET_MB", "TARGET_SECONDS", "main", "measure", "write_evidence"]

TARGET_SECONDS = 30.0
TARGET_MB = 1024.0

_CHILD = """
import json, resource, sys, time
from assessment_rules import load_rulebook
from assessment_rules.io import load_evidence
book = load_rulebook({rulebook!r})
start, cpu = time.perf_counter(), time.process_time()
loaded = load_evidence([{path!r}], book)
seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
peak = [int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM")]
peak_kb = peak[0] if peak else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
figures = {{"units": len(loaded.units), "seconds": seconds, "cpu": cpu, "peak_kb": peak_kb}}
print(json.dumps(figures))
"""


def write_evidence(path: Path, count: int, fmt: str, seed: int = 2021) -> None:
    """Write *count* seeded units to *path* as YAML or JSON evidence."""
    document = evidence_document(generate_units(count, seed))
    if fmt == "json":
        path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
        return
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    text = yaml.dump(document, Dumper=dumper, allow_unicode=True, sort_keys=False)
    path.write_text(text, encoding="utf-8")


def measure(count: int, fmt: str = "yaml", seed: int = 2021) -> dict[str, Any]:
    """Write the evidence file, read it in a fresh interpreter, and report the figures."""
    with tempfile.TemporaryDirectory() as where:
        path = Path(where) / f"evidence.{fmt}"
        write_evidence(path, count, fmt, seed)
        size_mb = path.stat().st_size / 1e6
        code = _CHILD.format(rulebook=RULEBOOK_ID, path=str(path))
        out = subprocess.run(
            [sys.executable, "-c", code], check=False, capture_output=True, text=True
        )
    if out.returncode != 0:
        raise RuntimeError(f"reading the evidence failed ({out.returncode}):\n{out.stderr}")
    row = json.loads(out.stdout)
    peak_mb = row["peak_kb"] / 1024
    return {
        "units": count,
        "format": fmt,
        "file_mb": round(size_mb, 1),
        "units_read": row["units"],
        "seconds": round(row["seconds"], 1),
        "cpu_seconds": round(row["cpu"], 1),
        "load_average": round(os.getloadavg()[0], 1),
        "peak_rss_mb": round(peak_mb),
        "target_seconds": TARGET_SECONDS,
        "target_mb": TARGET_MB,
        "within_targets": row["units"] == count
        and row["seconds"] <= TARGET_SECONDS
        and peak_mb <= TARGET_MB,
    }


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark; exit 1 if a target is missed or a unit is lost."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--units", type=int, default=59000, help="units in the file (59000)")
    parser.add_argument("--format", choices=("yaml", "json"), default="yaml")
    parser.add_argument("--seed", type=int, default=2021, help="workload seed (2021)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    figures = measure(args.units, args.format, args.seed)
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        print(
            f"{figures['units_read']} of {figures['units']} units from "
            f"{figures['file_mb']} MB of {figures['format'].upper()} in {figures['seconds']} s "
            f"(target ≤ {TARGET_SECONDS:g} s; {figures['cpu_seconds']} s of CPU, load average "
            f"{figures['load_average']}), peak RSS {figures['peak_rss_mb']} MB "
            f"(target ≤ {TARGET_MB:g} MB): "
            f"{'within targets' if figures['within_targets'] else 'TARGET MISSED'}"
        )
    return 0 if figures["within_targets"] else 1


if __name__ == "__main__":
    sys.exit(main())
