"""Benchmark: the library against a hand-written scorer and GoRules ZEN on wujin-2021-departments.

**The mixes** (``mixes`` in ``--json``), the headline figures. For each of two
workloads of N seeded departments, the light mix of ``workload.py`` (a third of the
units lose nothing) and the heavy mix of ``heavy.py`` (every unit has ten or more
ledger entries), three scorers run on the same units, round after round, each round
on new units:

- the library as a user's cohort runs it: validate and score each unit
  (``Rulebook.check`` then ``Rulebook.evaluate_checked``), full ledger and result tree,
  every result kept, garbage collector on;
- the hand-written straight-line ``Decimal`` scorer of ``handwritten.py``, on the
  validated values (it does not validate), every result kept, collector on;
- GoRules ZEN (``zen-engine``, the ``bench`` extra), the same score sheet as a JDM of
  expression nodes (``zen_wujin.py``, ``zen_wujin.json``), on the validated values as
  JSON values, every result kept.

All three must agree on every unit: the hand-written scorer on every total, grade,
lost and gained point (path, raw, counted and Chinese reason) and veto; ZEN on every
total, grade, lost clause with its amounts, bonus per level and veto. ``ratio`` is the
library's µs per unit over the hand-written scorer's and ``zen_ratio`` ZEN's over the
library's, each from the medians of the rounds of one run. The same is then measured
with the collector off (``gc_off``, new units again), and in fresh interpreters the
bytes each retained unit result takes (``retained_bytes_per_unit``).

**Scoring alone** (the top-level ``library_us_per_unit`` … ``with_gc``), as the first
round of this work reported it: the light mix, both scorers on validated values, the
collector off (``with_gc``: on); validation is timed on its own (``check_us_per_unit``).

    python bench/run.py --units 20000 --cli 40000 --json
    python bench/run.py --units 20000 --cli 40000 --memory 5000,10000,20000,40000 --docs

Extra measurements (each optional):

- ``--cli N``: end to end, ``assessment-rules score wujin-2021-departments FILE
  --format json --output OUT`` on a JSON evidence file of N units (wall clock of the
  whole process and its CPU time, median of ``--cli-rounds``), and the CLI's totals checked against
  the hand-written scorer.
- ``--memory N1,N2,…``: peak memory (tracemalloc, and the process's maximum resident
  set) to validate and score N units and keep every result, each size in a fresh
  interpreter; the bytes per unit show whether growth is linear.
- ``--docs``: one ``mkdocs build --strict`` (wall clock).

Speed is measured here only, never in the test suite; ``tests/unit/test_bench.py``
runs the agreement check on a small N.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

import attrs

import handwritten
import heavy
import workload
import zen_wujin
from assessment_rules import Evidence, Rulebook, UnitResult, load_rulebook
from workload import RULEBOOK_ID, evidence_document, generate_units

T = TypeVar("T")
ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent

__all__ = ["MIXES", "TARGETS", "disagreements", "main", "measure_mix", "mixture", "prepare"]

# The workloads: each a function of (count, seed) giving unit records.
MIXES: dict[str, Callable[[int, int], list[dict[str, Any]]]] = {
    "light": workload.generate_units,
    "heavy": heavy.generate_units,
}
# Issue 16's targets, checked in ``targets`` of the output.
TARGETS = {
    "ratio_at_most": 2.0,  # library (validate + score) ÷ hand-written, GC on, results kept
    "zen_ratio_at_least": 4.0,  # ZEN ÷ library
    "import_ms_at_most": 50.0,
    "cli_seconds_at_most": 3.0,  # 40,000 units JSON → JSON, end to end
    "retained_bytes_per_unit_at_most": 2048,  # each mix
}


Prepared = tuple[Rulebook, list[Evidence], list[dict[str, Any]]]


def prepare(count: int, seed: int = 2021) -> Prepared:
    """Generate *count* units and validate them: the rulebook, evidence and checked values."""
    return _validate(generate_units(count, seed))


def _validate(units: Iterable[dict[str, Any]]) -> Prepared:
    book = load_rulebook(RULEBOOK_ID)
    evidences = [Evidence(unit["id"], unit["facts"], unit["name"]) for unit in units]
    return book, evidences, book.check_all(evidences)


def score_library(
    book: Rulebook, evidences: Sequence[Evidence], values: Sequence[dict[str, Any]]
) -> list[UnitResult]:
    """Score every unit with the library, full ledger included."""
    run = book.evaluate_checked
    return [run(v, e.unit, e.name) for v, e in zip(values, evidences, strict=True)]


def score_handwritten(values: Sequence[dict[str, Any]]) -> list[handwritten.HandResult]:
    """Score every unit with the hand-written scorer."""
    score = handwritten.score
    return [score(v) for v in values]


def library_view(result: UnitResult) -> tuple[Any, ...]:
    """What the hand-written scorer reports, read from a library result.

    Exact tuples throughout, so that a round keeps these, not the results, while the
    next scorer is timed (the collector soon stops tracking such tuples).
    """
    return (
        result.total,
        result.base,
        result.grade,
        tuple((e.path, e.raw, e.counted, e.reason) for e in result.lost),
        tuple((e.path, e.raw, e.counted, e.reason) for e in result.gained),
        tuple(v.reason for v in result.vetoes),
    )


def hand_view(own: handwritten.HandResult) -> tuple[Any, ...]:
    """A hand-written result in the form of :func:`library_view`."""
    return (
        own.total,
        own.base,
        own.grade,
        tuple(own.lost),
        tuple(own.gained),
        tuple(own.vetoes),
    )


_VIEW_FIELDS = ("total", "base", "grade", "lost", "gained", "vetoes")


def compare(units: Sequence[str], library: Sequence[Any], hand: Sequence[Any]) -> list[str]:
    """Describe every unit whose views differ (empty when the two scorers agree)."""
    if not len(units) == len(library) == len(hand):
        return [f"{len(library)} library results but {len(hand)} hand-written ones"]
    problems: list[str] = []
    for unit, mine, theirs in zip(units, library, hand, strict=True):
        for what, a, b in zip(_VIEW_FIELDS, mine, theirs, strict=True):
            if a != b:
                problems.append(f"{unit}: {what}: library {a!r} ≠ hand-written {b!r}")
    return problems


def disagreements(
    library: Sequence[UnitResult], hand: Sequence[handwritten.HandResult]
) -> list[str]:
    """Describe every unit on which the two scorers differ (empty when they agree).

    Compared: total, base, grade, every lost and gained point (path, raw and counted
    amounts, reason text) in clause order, and the veto reasons.
    """
    return compare(
        [result.unit for result in library],
        [library_view(result) for result in library],
        [hand_view(own) for own in hand],
    )


def mixture(results: Sequence[UnitResult]) -> dict[str, int]:
    """Count the kinds of unit in a scored workload (to show it exercises every rule)."""
    return {
        "units": len(results),
        "clean": sum(not r.entries for r in results),
        "cap_binds": sum(any(e.absorbed for e in r.lost) for r in results),
        "starred": sum(any(e.starred for e in r.lost) for r in results),
        "vetoed": sum(r.vetoed for r in results),
        "bonus": sum(bool(r.gained) for r in results),
        "bonus_cut": sum(any(e.absorbed for e in r.gained) for r in results),
        "floor_binds": sum(r.root.absorbed > 0 for r in results),
        **{
            f"grade_{grade.title}": sum(r.grade == grade.title for r in results)
            for grade in load_rulebook(RULEBOOK_ID).grades
        },
    }


def _timed(collect: bool, action: Callable[..., T], *args: Any, **kwargs: Any) -> tuple[float, T]:
    """CPU seconds of this process (``time.process_time``) spent in ``action(*args,
    **kwargs)``, and its outcome, after a collection.

    CPU time rather than wall clock: the machine is shared, and with more runnable
    processes than cores the wall clock counts the time others ran too (measured
    rounds of the same code differed up to fourfold at a load of 6 on 2 cores).
    """
    gc.collect()
    if not collect:
        gc.disable()
    try:
        start = time.process_time()
        outcome = action(*args, **kwargs)
        return time.process_time() - start, outcome
    finally:
        gc.enable()


class _Collections:
    """The garbage collector's runs while it is watched: per generation, how many and
    the CPU seconds they took (``gc.callbacks``)."""

    def __init__(self) -> None:
        self.runs = [0, 0, 0]
        self.seconds = [0.0, 0.0, 0.0]
        self._started = 0.0
        self.watching = False

    def __call__(self, phase: str, info: dict[str, int]) -> None:
        if not self.watching:
            return
        if phase == "start":
            self._started = time.process_time()
        else:
            generation = info["generation"]
            self.runs[generation] += 1
            self.seconds[generation] += time.process_time() - self._started

    @contextlib.contextmanager
    def watch(self) -> Any:
        """Count the collections inside the ``with`` block."""
        self.watching = True
        try:
            yield self
        finally:
            self.watching = False

    def summary(self, count: int) -> dict[str, Any]:
        """Per generation: runs, and µs per unit over *count* units."""
        return {
            f"gen{g}": {"runs": self.runs[g], "us_per_unit": _us(self.seconds[g], count)}
            for g in range(3)
        }


def _tracked_since(before: int) -> int:
    """Objects the collector tracks now, less *before* (after a collection)."""
    gc.collect()
    return len(gc.get_objects()) - before


def _us(seconds: float, count: int) -> float:
    return round(seconds / count * 1e6, 2)


def _python(code: str, environment: dict[str, str] | None = None, where: str | None = None) -> str:
    """Run *code* in a fresh interpreter and return what it prints."""
    out = subprocess.run(
        [sys.executable, "-c", code],
        check=False,
        cwd=where,
        env=environment,
        capture_output=True,
        text=True,
    )
    if out.returncode != 0:
        raise RuntimeError(f"python -c failed ({out.returncode}):\n{code}\n{out.stderr}")
    return out.stdout


_IMPORT = (
    "import time; t = time.perf_counter(); import assessment_rules; print(time.perf_counter() - t)"
)


# Importing the package loads its rooms lazily (on first use of a name), so this is
# also timed: the first name used and the bundled rulebook loaded.
_FIRST_USE = (
    "import time; t = time.perf_counter(); import assessment_rules; "
    f"assessment_rules.load_rulebook({RULEBOOK_ID!r}); print(time.perf_counter() - t)"
)


def _import_once(environment: dict[str, str], where: str, code: str = _IMPORT) -> float:
    return float(_python(code, environment, where)) * 1000


def measure_import(rounds: int = 7) -> dict[str, float]:
    """Median ms of ``import assessment_rules``, each in a fresh interpreter.

    ``cached``: with bytecode caches, as after ``pip install`` (which compiles them);
    they are written once, by a first import, under a temporary
    ``PYTHONPYCACHEPREFIX``, never into the source tree. ``compiled``: the package's
    sources compiled on every import, as in an environment with
    ``PYTHONDONTWRITEBYTECODE=1`` and no caches.
    """
    with tempfile.TemporaryDirectory() as where:
        cached_env = {**os.environ, "PYTHONPYCACHEPREFIX": str(Path(where) / "pycache")}
        cached_env.pop("PYTHONDONTWRITEBYTECODE", None)
        _import_once(cached_env, where)  # writes the caches
        cached = [_import_once(cached_env, where) for _ in range(rounds)]
        compiled_env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
        compiled_env.pop("PYTHONPYCACHEPREFIX", None)
        compiled = [_import_once(compiled_env, where) for _ in range(rounds)]
        first_use = [_import_once(cached_env, where, _FIRST_USE) for _ in range(rounds)]
    return {
        "cached": round(statistics.median(cached), 1),
        "compiled": round(statistics.median(compiled), 1),
        "first_use": round(statistics.median(first_use), 1),
    }


def heavy_modules() -> list[str]:
    """Heavy third-party packages that ``import assessment_rules`` loads (should be none)."""
    code = (
        "import sys, assessment_rules; "
        "print(' '.join(sorted({m.split('.')[0] for m in sys.modules})))"
    )
    loaded = set(_python(code).split())
    return sorted(loaded & {"yaml", "click", "rich", "openpyxl", "dateutil", "jinja2", "mkdocs"})


def measure_scoring(count: int, rounds: int, seed: int, collect: bool = False) -> dict[str, Any]:
    """Time both scorers on the same validated values and check that they agree.

    Every round scores *new* units (seed, seed + 1, …), so nothing the library
    remembers from one round can be a repeat of the same unit in the next: what it
    reuses is what recurs between different units, as in a long-lived process. The
    first round starts with the freshly loaded rulebook and is reported too.

    Like ``timeit``, the timed sections run with the garbage collector off unless
    *collect* is true: a collection's cost depends on everything else the process
    holds (here, the benchmark's own inputs) and on when its thresholds happen to
    trip, which is noise for the comparison. The benchmark reports both.
    """
    library_s: list[float] = []
    hand_s: list[float] = []
    check_seconds = 0.0
    problems: list[str] = []
    results: list[UnitResult] = []
    for round_ in range(rounds):
        book, evidences, values = prepare(count, seed + round_)
        library: list[UnitResult] = []
        hand: list[handwritten.HandResult] = []
        # Alternate the order so that neither scorer always runs on a warmer machine.
        for which in ("library", "hand") if round_ % 2 == 0 else ("hand", "library"):
            if which == "library":
                seconds, library = _timed(collect, score_library, book, evidences, values)
                library_s.append(seconds)
            else:
                seconds, hand = _timed(collect, score_handwritten, values)
                hand_s.append(seconds)
        problems.extend(disagreements(library, hand))
        if round_ == 0:
            results = library
            check_seconds, _ = _timed(collect, book.check_all, evidences)
    library_us = _us(statistics.median(library_s), count)
    hand_us = _us(statistics.median(hand_s), count)
    return {
        "units": count,
        "rounds": rounds,
        "seed": seed,
        "library_us_per_unit": library_us,
        "handwritten_us_per_unit": hand_us,
        "ratio": round(library_us / hand_us, 2),
        "library_first_round_us_per_unit": _us(library_s[0], count),
        "library_rounds_us": [_us(s, count) for s in library_s],
        "handwritten_rounds_us": [_us(s, count) for s in hand_s],
        "check_us_per_unit": _us(check_seconds, count),
        "agree": not problems,
        "units_compared": count * rounds,
        "disagreements": len(problems),
        "first_disagreements": problems[:5],
        "mixture": mixture(results),
    }


def _fresh_rulebook() -> Rulebook:
    """The rulebook with empty memos: each mix starts from the rulebook as loaded."""
    return attrs.evolve(load_rulebook(RULEBOOK_ID))


def _zen_decision() -> Any:
    """The compiled ZEN decision, or ``None`` when ``zen-engine`` is not installed."""
    try:
        return zen_wujin.load_decision()
    except ImportError:
        return None


def validate_and_score(book: Rulebook, evidences: Sequence[Evidence]) -> list[UnitResult]:
    """What a user's cohort does with each unit: validate it, score it, keep the result."""
    check = book.check
    run = book.evaluate_checked
    return [run(check(e), e.unit, e.name) for e in evidences]


def score_zen(decision: Any, contexts: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Score every unit with ZEN; keep each result."""
    evaluate = decision.evaluate
    return [evaluate(context)["result"] for context in contexts]


def measure_mix(name: str, count: int, rounds: int, seed: int) -> dict[str, Any]:
    """The three scorers on one mix, with the collector on and then off; see the module notes.

    Every round scores new units (seeds from *seed*), with the library's rulebook
    kept from round to round as a long-lived process keeps it (the first round starts
    from empty memos and is reported too). The scorers' order rotates round by round,
    so that none always runs on a warmer machine or beside a larger heap.
    """
    generate = MIXES[name]
    book = _fresh_rulebook()
    decision = _zen_decision()
    times: dict[str, list[float]] = {"library": [], "hand": [], "zen": [], "library_off": []}
    times["hand_off"] = []
    hand_problems: list[str] = []
    zen_problems: list[str] = []
    shape: dict[str, Any] = {}
    scorers = ["library", "hand", "zen"] if decision is not None else ["library", "hand"]
    # The collector's runs in the headline rounds, per scorer, and (in the second
    # round, once the rulebook's memos are warm) the objects each kept result adds to
    # what the collector tracks: the two things that decide what collecting costs.
    collections = {which: _Collections() for which in scorers}
    tracked: dict[str, float] = {}
    for watcher in collections.values():
        gc.callbacks.append(watcher)
    for round_ in range(2 * rounds):
        collect = round_ < rounds  # the headline rounds first, then the collector off
        suffix = "" if collect else "_off"
        units = generate(count, seed + round_)
        evidences = [Evidence(unit["id"], unit["facts"], unit["name"]) for unit in units]
        ids = [evidence.unit for evidence in evidences]
        # The validated values the hand-written scorer and ZEN read (not timed, and
        # on a copy of the rulebook, so the library's memos learn nothing from it).
        values = _fresh_rulebook().check_all(evidences)
        # Each scorer's results are kept while it is timed, then reduced to exact
        # tuples for the agreement checks, so that no scorer is timed beside another
        # one's results (the process holds its inputs and its own results, as a
        # user's would).
        views: dict[str, list[tuple[Any, ...]]] = {}
        turn = round_ % len(scorers)
        for which in scorers[turn:] + scorers[:turn]:
            before = len(gc.get_objects()) if round_ == 1 and which != "zen" else -1
            watching = collections[which].watch() if collect else contextlib.nullcontext()
            if which == "library":
                with watching:
                    seconds, library = _timed(collect, validate_and_score, book, evidences)
                if before >= 0:
                    tracked[which] = round(_tracked_since(before) / count, 2)
                views["library"] = [library_view(result) for result in library]
                if decision is not None:
                    views["library_zen"] = [zen_wujin.library_view(r) for r in library]
                if round_ == 0:
                    entries = [len(result.entries) for result in library]
                    shape = {
                        "entries_per_unit": round(statistics.fmean(entries), 2),
                        "fewest_entries": min(entries),
                        "mixture": mixture(library),
                    }
                del library
            elif which == "hand":
                with watching:
                    seconds, hand = _timed(collect, score_handwritten, values)
                if before >= 0:
                    tracked[which] = round(_tracked_since(before) / count, 2)
                views["hand"] = [hand_view(own) for own in hand]
                del hand
            elif collect:
                contexts = [zen_wujin.to_context(v) for v in values]
                with watching:
                    seconds, zen = _timed(collect, score_zen, decision, contexts)
                views["zen"] = [zen_wujin.zen_view(output) for output in zen]
                del zen, contexts
            else:
                continue  # ZEN runs in Rust: timed with the collector on only
            times[which + suffix].append(seconds)
        hand_problems.extend(compare(ids, views["library"], views["hand"]))
        if "zen" in views:
            zen_problems.extend(zen_wujin.compare(ids, views["library_zen"], views["zen"]))
        del views, values, evidences, units
    for watcher in collections.values():
        gc.callbacks.remove(watcher)
    library_us = _us(statistics.median(times["library"]), count)
    hand_us = _us(statistics.median(times["hand"]), count)
    zen_us = _us(statistics.median(times["zen"]), count) if times["zen"] else None
    off_library = _us(statistics.median(times["library_off"]), count)
    off_hand = _us(statistics.median(times["hand_off"]), count)
    compared = 2 * rounds * count
    return {
        "units": count,
        "rounds": rounds,
        "seed": seed,
        "library_us_per_unit": library_us,
        "handwritten_us_per_unit": hand_us,
        "zen_us_per_unit": zen_us,
        "ratio": round(library_us / hand_us, 2),
        "zen_ratio": round(zen_us / library_us, 2) if zen_us is not None else None,
        "agree": not hand_problems and not zen_problems and decision is not None,
        "agree_handwritten": not hand_problems,
        "agree_zen": not zen_problems if decision is not None else None,
        "units_compared_handwritten": compared,
        "units_compared_zen": rounds * count if decision is not None else 0,
        "first_disagreements": (hand_problems + zen_problems)[:5],
        "gc_off": {
            "library_us_per_unit": off_library,
            "handwritten_us_per_unit": off_hand,
            "ratio": round(off_library / off_hand, 2),
        },
        # The headline rounds (collector on): runs summed over them, µs per unit averaged.
        "collections": {
            which: watcher.summary(count * rounds) for which, watcher in collections.items()
        },
        "tracked_objects_per_kept_result": tracked,
        "library_first_round_us_per_unit": _us(times["library"][0], count),
        "rounds_us": {
            which: [_us(s, count) for s in seconds] for which, seconds in times.items() if seconds
        },
        **shape,
    }


_RETAINED_CHILD = """
import gc, json, sys, tracemalloc
sys.path.insert(0, {bench!r})
from run import MIXES
from assessment_rules import Evidence, assess, load_rulebook
book = load_rulebook({rulebook!r})
units = MIXES[{mix!r}]({count}, {seed})
evidences = [Evidence(u["id"], u["facts"], u["name"]) for u in units]
del units
gc.collect()
tracemalloc.start()
base, _ = tracemalloc.get_traced_memory()
cohort = assess(book, evidences)
gc.collect()
current, peak = tracemalloc.get_traced_memory()
print(json.dumps({{"kept": current - base, "peak": peak - base, "units": len(cohort)}}))
"""


def measure_retained(count: int, seed: int) -> dict[str, Any]:
    """Bytes each unit's result keeps once its cohort is assessed, per mix, in a fresh
    interpreter; the evidence is built before tracing starts, so only what scoring
    leaves behind is counted (the results, the ranking, and the rulebook's memos)."""
    figures: dict[str, Any] = {}
    for mix in MIXES:
        code = _RETAINED_CHILD.format(
            bench=str(Path(__file__).parent), rulebook=RULEBOOK_ID, mix=mix, count=count, seed=seed
        )
        row = json.loads(_python(code))
        figures[mix] = {
            "bytes_per_unit": round(row["kept"] / count),
            "peak_bytes_per_unit": round(row["peak"] / count),
        }
    return figures


def _run_watched(argv: list[str]) -> tuple[float, float, int]:
    """Run a command; return its wall-clock seconds, its CPU seconds (user + system,
    from ``os.wait4``) and its peak resident set (kB).

    The peak is the process's ``VmHWM`` read from ``/proc`` while it runs (resource
    usage figures would include this benchmark's own memory, inherited at fork).
    """
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        child = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=errors)
        status = Path(f"/proc/{child.pid}/status")
        peak = 0
        cpu = 0.0
        while True:
            with contextlib.suppress(OSError, ValueError):
                for line in status.read_text().splitlines():
                    if line.startswith("VmHWM"):
                        peak = max(peak, int(line.split()[1]))
            pid, code, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                child.returncode = os.waitstatus_to_exitcode(code)
                cpu = usage.ru_utime + usage.ru_stime
                break
            time.sleep(0.05)
        seconds = time.perf_counter() - start
        if child.returncode != 0:
            errors.seek(0)
            message = errors.read().decode(errors="replace")
            raise RuntimeError(f"{' '.join(argv)} failed ({child.returncode}):\n{message}")
    return seconds, cpu, peak


def measure_cli(count: int, rounds: int, seed: int) -> dict[str, Any]:
    """Time the CLI end to end on a JSON evidence file of *count* units."""
    units = generate_units(count, seed)
    times = []
    cpus = []
    peaks = []
    with tempfile.TemporaryDirectory() as where:
        evidence = Path(where) / "evidence.json"
        output = Path(where) / "result.json"
        evidence.write_text(
            json.dumps(evidence_document(units), ensure_ascii=False), encoding="utf-8"
        )
        command = [str(BIN / "assessment-rules"), "score", RULEBOOK_ID, str(evidence)]
        command += ["--format", "json", "--output", str(output)]
        for _ in range(rounds):
            output.unlink(missing_ok=True)
            seconds, cpu, peak_kb = _run_watched(command)
            times.append(seconds)
            cpus.append(cpu)
            peaks.append(peak_kb)
        document = json.loads(output.read_text(encoding="utf-8"), parse_float=Decimal)
        got = {u["id"]: Decimal(u["total"]) for u in document["units"]}
        del document
        input_mb = evidence.stat().st_size / 1e6
        output_mb = output.stat().st_size / 1e6
        stages = measure_cli_stages(evidence, output)
    # The CLI's totals must be the hand-written ones (units come back ranked).
    _, evidences, values = _validate(units)
    expected = {e.unit: handwritten.score(v).total for e, v in zip(evidences, values, strict=True)}
    return {
        "units": count,
        "rounds": rounds,
        "seconds": round(statistics.median(times), 2),
        "rounds_seconds": [round(t, 2) for t in times],
        "cpu_seconds": round(statistics.median(cpus), 2),  # the command's user + system time
        "rounds_cpu_seconds": [round(t, 2) for t in cpus],
        "evidence_mb": round(input_mb, 1),
        "result_mb": round(output_mb, 1),
        "totals_agree": got == expected,
        "max_rss_mb": round(max(peaks) / 1024, 1),
        "stages": stages,
    }


def measure_cli_stages(evidence: Path, output: Path) -> dict[str, Any]:
    """Where the CLI's time goes, stage by stage, in one process (the command's own calls)."""
    # Imported here so that the agreement check does not depend on the CLI's internals.
    from assessment_rules.cli._common import score_cohort  # noqa: PLC0415
    from assessment_rules.io import iter_cohort_json, load_evidence  # noqa: PLC0415

    stages: dict[str, float] = {}
    book = load_rulebook(RULEBOOK_ID)
    stages["read_evidence"], loaded = _timed(True, load_evidence, [str(evidence)], book)
    stages["validate_score_rank"], cohort = _timed(True, score_cohort, book, loaded)
    stages["encode_and_write_json"], _ = _timed(
        True, _write_lines, output, iter_cohort_json(cohort, book, loaded.files)
    )
    # Of the writing: what working out ``to_next_grade`` takes, as the writer does it
    # (skipping units at the top grade, once per shared tree and figures).
    from assessment_rules.io._json import _Texts  # noqa: PLC0415

    texts = _Texts(book)
    stages["of_which_to_next_grade"], _ = _timed(
        True, lambda: [texts.next_grade(r.result, r.grade) for r in cohort.units]
    )
    figures: dict[str, Any] = {name: round(seconds, 2) for name, seconds in stages.items()}
    figures["total"] = round(sum(stages.values()) - stages["of_which_to_next_grade"], 2)
    return figures


def _write_lines(path: Path, lines: Iterable[str]) -> None:
    with path.open("w", encoding="utf-8") as out:
        out.writelines(lines)


_MEMORY_CHILD = """
import gc, json, sys, tracemalloc
sys.path.insert(0, {bench!r})
from workload import generate_units
from assessment_rules import Evidence, assess, load_rulebook
book = load_rulebook({rulebook!r})
units = generate_units({count}, {seed})
gc.collect()
tracemalloc.start()
base, _ = tracemalloc.get_traced_memory()
evidences = [Evidence(u["id"], u["facts"], u["name"]) for u in units]
cohort = assess(book, evidences)
current, peak = tracemalloc.get_traced_memory()
tracemalloc.stop()
hwm = [line.split()[1] for line in open("/proc/self/status") if line.startswith("VmHWM")]
print(json.dumps({{"units": len(cohort), "peak_bytes": peak - base, "kept_bytes": current - base,
                  "maxrss_kb": int(hwm[0]) if hwm else None}}))
"""


def measure_memory(sizes: Sequence[int], seed: int) -> dict[str, Any]:
    """Peak memory to validate, score and rank N units, each size in a fresh interpreter."""
    rows = []
    for count in sizes:
        code = _MEMORY_CHILD.format(
            bench=str(Path(__file__).parent), rulebook=RULEBOOK_ID, count=count, seed=seed
        )
        row = json.loads(_python(code))
        row["peak_mb"] = round(row["peak_bytes"] / 1e6, 1)
        row["kept_mb"] = round(row["kept_bytes"] / 1e6, 1)
        row["peak_bytes_per_unit"] = round(row["peak_bytes"] / count)
        row["maxrss_mb"] = round(row["maxrss_kb"] / 1024, 1) if row["maxrss_kb"] else None
        rows.append(row)
    # A straight line through (units, peak): slope, intercept and R².
    xs = [float(r["units"]) for r in rows]
    ys = [float(r["peak_bytes"]) for r in rows]
    fit: dict[str, Any] = {}
    if len(rows) >= 2:
        slope, intercept = statistics.linear_regression(xs, ys)
        mean = statistics.fmean(ys)
        total = sum((y - mean) ** 2 for y in ys)
        residual = sum((y - (slope * x + intercept)) ** 2 for x, y in zip(xs, ys, strict=True))
        fit = {
            "bytes_per_unit": round(slope),
            "intercept_mb": round(intercept / 1e6, 2),
            "r_squared": round(1 - residual / total, 5) if total else 1.0,
        }
    return {"sizes": rows, "linear_fit": fit}


def measure_docs() -> dict[str, Any]:
    """One ``mkdocs build --strict`` into a temporary directory."""
    with tempfile.TemporaryDirectory() as where:
        seconds, out = _timed(
            True,
            subprocess.run,
            [str(BIN / "mkdocs"), "build", "--strict", "--site-dir", where],
            check=False,
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
    result: dict[str, Any] = {"seconds": round(seconds, 1), "ok": out.returncode == 0}
    if out.returncode != 0:
        result["error"] = out.stderr.strip().splitlines()[-5:]
    return result


def targets(figures: dict[str, Any]) -> dict[str, Any]:
    """Each of issue 16's targets with the figure measured and whether it holds."""
    found: dict[str, Any] = {}
    for name, mix in figures["mixes"].items():
        found[f"{name}_ratio"] = {
            "measured": mix["ratio"],
            "target": f"≤ {TARGETS['ratio_at_most']}",
            "holds": mix["ratio"] <= TARGETS["ratio_at_most"],
        }
        zen = mix["zen_ratio"]
        found[f"{name}_zen_ratio"] = {
            "measured": zen,
            "target": f"≥ {TARGETS['zen_ratio_at_least']}",
            "holds": None if zen is None else zen >= TARGETS["zen_ratio_at_least"],
        }
    found["import_ms"] = {
        "measured": figures["import_ms"],
        "target": f"≤ {TARGETS['import_ms_at_most']}",
        "holds": figures["import_ms"] <= TARGETS["import_ms_at_most"],
    }
    if "cli_seconds" in figures:
        found["cli_seconds"] = {
            "measured": figures["cli_seconds"],
            "target": f"≤ {TARGETS['cli_seconds_at_most']}",
            "holds": figures["cli_seconds"] <= TARGETS["cli_seconds_at_most"],
        }
    for name, row in figures["retained_bytes_per_unit"].items():
        retained = row["bytes_per_unit"]
        found[f"{name}_retained_bytes_per_unit"] = {
            "measured": retained,
            "target": f"≤ {TARGETS['retained_bytes_per_unit_at_most']}",
            "holds": retained <= TARGETS["retained_bytes_per_unit_at_most"],
        }
    return found


def _uptime() -> str:
    """The load average when the figures were taken (other work on the machine)."""
    try:
        return Path("/proc/loadavg").read_text().strip()
    except OSError:
        return ""


def machine() -> dict[str, Any]:
    """The machine the figures were measured on."""
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        model = platform.processor()
    return {
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "cpu": model,
        "nproc": os.cpu_count(),
        "system": f"{platform.system()} {platform.release()}",
    }


def _report(figures: dict[str, Any]) -> str:
    lines = [
        f"machine: {figures['machine']['cpu']}, {figures['machine']['nproc']} cores, "
        f"Python {figures['machine']['python']}",
        f"units: {figures['units']} per round, new ones each round (seeds from "
        f"{figures['seed']}), median of {figures['rounds']} rounds",
        f"library (full ledger): {figures['library_us_per_unit']:8.2f} µs/unit",
        f"hand-written:          {figures['handwritten_us_per_unit']:8.2f} µs/unit",
        f"ratio:                 {figures['ratio']:8.2f} x   (first round's target ≤ 2.5)",
        "with the garbage collector on: library "
        f"{figures['with_gc']['library_us_per_unit']} µs, hand-written "
        f"{figures['with_gc']['handwritten_us_per_unit']} µs, ratio "
        f"{figures['with_gc']['ratio']} x",
        f"validation (check):    {figures['check_us_per_unit']:8.2f} µs/unit",
        f"import assessment_rules: {figures['import_ms']} ms (target ≤ 50; "
        f"{figures['import_ms_without_bytecode_cache']} ms compiling the sources); "
        f"heavy modules loaded: {', '.join(figures['heavy_modules']) or 'none'}",
        f"agreement: {'all units agree' if figures['agree'] else 'DISAGREE'} "
        f"({figures['units_compared']} units compared, {figures['disagreements']} differences)",
        f"mixture: {figures['mixture']}",
    ]
    lines.extend(figures["first_disagreements"])
    lines.append(
        "mixes (validate + score, GC on, results kept; µs/unit, median of "
        f"{figures['rounds']} rounds of {figures['units']} new units):"
    )
    for name, mix in figures["mixes"].items():
        zen = mix["zen_us_per_unit"]
        lines.append(
            f"  {name:5}: library {mix['library_us_per_unit']:8.2f}, hand-written "
            f"{mix['handwritten_us_per_unit']:8.2f}, ZEN "
            f"{'n/a' if zen is None else f'{zen:8.2f}'}; ratio {mix['ratio']} x "
            f"(target ≤ 2), ZEN ÷ library {mix['zen_ratio']} x (target ≥ 4); "
            f"GC off: ratio {mix['gc_off']['ratio']} x; "
            f"{mix['entries_per_unit']} entries/unit; agree: {mix['agree']}"
        )
        lines.extend(f"    {problem}" for problem in mix["first_disagreements"])
        for which, runs in mix["collections"].items():
            lines.append(
                f"    collector, {which}: "
                + ", ".join(
                    f"{generation} {row['runs']} runs {row['us_per_unit']} µs/unit"
                    for generation, row in runs.items()
                )
                + f"; tracked objects per kept result "
                f"{mix['tracked_objects_per_kept_result'].get(which, 'n/a')}"
            )
    retained = figures["retained_bytes_per_unit"]
    lines.append(
        "retained per unit result: "
        + ", ".join(f"{name} {row['bytes_per_unit']} B" for name, row in retained.items())
        + " (target ≤ 2048 B)"
    )
    held = [f"{name} {row['holds']}" for name, row in figures["targets"].items()]
    lines.append(f"targets held: {', '.join(held)}")
    if "cli" in figures:
        cli = figures["cli"]
        lines.append(
            f"CLI end to end: {cli['units']} units in {cli['seconds']} s (target ≤ 3 s); "
            f"evidence {cli['evidence_mb']} MB → result {cli['result_mb']} MB; "
            f"totals agree: {cli['totals_agree']}; max RSS {cli['max_rss_mb']} MB"
        )
        stages = cli["stages"]
        lines.append("CLI stages (s): " + ", ".join(f"{k} {v}" for k, v in stages.items()))
    if "memory" in figures:
        for row in figures["memory"]["sizes"]:
            lines.append(
                f"memory: {row['units']:>6} units: peak {row['peak_mb']:7.1f} MB "
                f"({row['peak_bytes_per_unit']} B/unit), max RSS {row['maxrss_mb']} MB"
            )
        fit = figures["memory"]["linear_fit"]
        if fit:
            lines.append(
                f"memory: linear fit {fit['bytes_per_unit']} B/unit + {fit['intercept_mb']} MB, "
                f"R² = {fit['r_squared']}"
            )
    if "docs" in figures:
        docs = figures["docs"]
        lines.append(f"docs: mkdocs build --strict in {docs['seconds']} s (ok: {docs['ok']})")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark; exit 1 if the scorers disagree."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--units", type=int, default=20000, help="units to score (20000)")
    parser.add_argument("--rounds", type=int, default=5, help="timed rounds; median (5)")
    parser.add_argument("--seed", type=int, default=2021, help="workload seed (2021)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--cli", type=int, metavar="N", help="also time the CLI on N units")
    parser.add_argument("--cli-rounds", type=int, default=3, help="CLI runs; median (3)")
    parser.add_argument(
        "--memory", metavar="N1,N2,…", help="also measure peak memory at these unit counts"
    )
    parser.add_argument("--docs", action="store_true", help="also time mkdocs build --strict")
    args = parser.parse_args(argv)

    mixes = {name: measure_mix(name, args.units, args.rounds, args.seed) for name in MIXES}
    figures = measure_scoring(args.units, args.rounds, args.seed)
    collected = measure_scoring(args.units, args.rounds, args.seed + args.rounds, collect=True)
    figures["with_gc"] = {
        key: collected[key]
        for key in ("library_us_per_unit", "handwritten_us_per_unit", "ratio", "agree")
    }
    figures["agree"] = figures["agree"] and collected["agree"]
    figures["mixes"] = mixes
    figures["retained_bytes_per_unit"] = measure_retained(args.units, args.seed)
    imports = measure_import()
    figures["import_ms"] = imports["cached"]
    figures["import_ms_without_bytecode_cache"] = imports["compiled"]
    figures["import_and_load_rulebook_ms"] = imports["first_use"]
    figures["heavy_modules"] = heavy_modules()
    figures["machine"] = machine()
    if args.memory:
        sizes = [int(part) for part in args.memory.split(",") if part.strip()]
        figures["memory"] = measure_memory(sizes, args.seed)
    if args.cli:
        figures["cli"] = measure_cli(args.cli, args.cli_rounds, args.seed)
        figures["cli_seconds"] = figures["cli"]["seconds"]
    if args.docs:
        figures["docs"] = measure_docs()
    figures["targets"] = targets(figures)
    figures["uptime"] = _uptime()
    if args.json:
        print(json.dumps(figures, ensure_ascii=False))
    else:
        print(_report(figures))
    agree = figures["agree"] and all(mix["agree_handwritten"] for mix in mixes.values())
    agree = agree and all(mix["agree_zen"] is not False for mix in mixes.values())
    return 0 if agree else 1


if __name__ == "__main__":
    sys.exit(main())
