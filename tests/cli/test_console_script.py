"""The console script as a process: its exit codes and complete outputs with the batch
policies of ``cli._process`` (collector thresholds, no interpreter teardown).

Each test runs the entry point that ``pyproject.toml`` declares, the way the script pip
generates from it runs it (``sys.exit(run())``), and, when the installed
``assessment-rules`` script is generated from that same entry point, the installed
script too.
"""

from __future__ import annotations

import gc
import json
import os
import shutil
import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from assessment_rules.cli import EXIT_EVIDENCE, EXIT_RULEBOOK, EXIT_USAGE, main
from assessment_rules.cli._process import BATCH_THRESHOLDS, run_command

ROOT = Path(__file__).parents[2]
BOOK = "wujin-2021-departments"
EXAMPLE = ROOT / "examples" / f"{BOOK}.yaml"


def _entry_point() -> str:
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["scripts"]
    return str(scripts["assessment-rules"])


def _script_text() -> str:
    """What the generated console script runs (pip writes the same two lines)."""
    module, _colon, function = _entry_point().partition(":")
    return f"import sys\nfrom {module} import {function}\nsys.exit({function}())\n"


def _installed() -> list[str] | None:
    """The installed script, if it was generated from the declared entry point."""
    found = shutil.which("assessment-rules", path=str(Path(sys.executable).parent))
    if found is None:
        return None
    module, _colon, function = _entry_point().partition(":")
    text = Path(found).read_text("utf-8", errors="replace")
    if f"from {module} import {function}\n" not in text:
        return None  # installed before the entry point changed: reinstall to test it
    return [found]


SCRIPTS = {"entry point": [sys.executable, "-c", _script_text()], "installed": _installed()}


@pytest.fixture(params=sorted(SCRIPTS))
def script(request: pytest.FixtureRequest) -> list[str]:
    command = SCRIPTS[request.param]
    if command is None:
        pytest.skip("the installed assessment-rules script predates pyproject's entry point")
    return command


def _run(command: list[str], *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [*command, *args],
        capture_output=True,
        timeout=300,
        check=False,
        env={**os.environ, "COLUMNS": "100"},
    )


def _reference_json(tmp_path: Path) -> bytes:
    """The same result, written by ``main`` in this process (no batch policies)."""
    out = tmp_path / "reference.json"
    result = CliRunner().invoke(
        main, ["score", BOOK, str(EXAMPLE), "--format", "json", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    return out.read_bytes()


class TestEntryPoint:
    def test_the_console_script_runs_the_batch_entry_point(self) -> None:
        """pyproject declares ``assessment_rules.cli:run`` as the console script."""
        assert _entry_point() == "assessment_rules.cli:run"


class TestCompleteOutput:
    def test_an_output_file_is_complete(self, script: list[str], tmp_path: Path) -> None:
        """`score -o r.json` exits 0 and writes the same bytes as ``main`` in-process."""
        out = tmp_path / "r.json"
        done = _run(script, "score", BOOK, str(EXAMPLE), "--format", "json", "-o", str(out))
        assert done.returncode == 0, done.stderr[-2000:]
        assert out.read_bytes() == _reference_json(tmp_path)

    def test_standard_output_is_complete(self, script: list[str], tmp_path: Path) -> None:
        """`score --format json` to a pipe: every byte reaches the reader before the exit."""
        done = _run(script, "score", BOOK, str(EXAMPLE), "--format", "json")
        assert done.returncode == 0, done.stderr[-2000:]
        assert done.stdout == _reference_json(tmp_path)
        assert json.loads(done.stdout)["summary"]["size"] == 7  # the example's units

    def test_a_table_on_standard_output_is_complete(self, script: list[str]) -> None:
        """The default table is printed whole, its last unit included."""
        done = _run(script, "--lang", "en", "score", BOOK, str(EXAMPLE))
        expected = CliRunner(env={"COLUMNS": "100"}).invoke(
            main, ["--lang", "en", "score", BOOK, str(EXAMPLE)]
        )
        assert done.returncode == 0, done.stderr[-2000:]
        assert done.stdout.decode("utf-8") == expected.output

    def test_standard_error_is_complete(self, script: list[str], tmp_path: Path) -> None:
        """The note written on standard error after the file is there at the exit."""
        out = tmp_path / "r.csv"
        done = _run(script, "score", BOOK, str(EXAMPLE), "-o", str(out))
        assert done.returncode == 0
        assert done.stderr.decode("utf-8").endswith("个单位（csv）\n")


class TestExitCodes:
    def test_missing_evidence_exits_4(self, script: list[str], tmp_path: Path) -> None:
        """Evidence that cannot be read: exit 4, a message naming the file, no traceback."""
        done = _run(script, "--lang", "en", "score", BOOK, str(tmp_path / "nothing.yaml"))
        assert done.returncode == EXIT_EVIDENCE
        assert b"nothing.yaml" in done.stderr
        assert b"Traceback" not in done.stderr
        assert done.stdout == b""

    def test_unknown_rulebook_exits_3(self, script: list[str]) -> None:
        """A rulebook that is neither bundled nor a file: exit 3."""
        done = _run(script, "--lang", "en", "score", "no-such-book", str(EXAMPLE))
        assert done.returncode == EXIT_RULEBOOK
        assert b"no-such-book" in done.stderr

    def test_unknown_command_exits_2(self, script: list[str]) -> None:
        """A misspelt command: exit 2 with click's suggestion."""
        done = _run(script, "--lang", "en", "scor")
        assert done.returncode == EXIT_USAGE
        assert b"Did you mean 'score'?" in done.stderr

    def test_help_exits_0(self, script: list[str]) -> None:
        """``--help`` lists every command and exits 0."""
        done = _run(script, "--lang", "en", "--help")
        assert done.returncode == 0
        for name in ("calendar", "score", "selfeval-table", "serve", "test"):
            assert f"\n  {name} ".encode() in done.stdout


class TestTheNormalEndingWhereNeeded:
    """What the quick exit must not skip: ``atexit`` handlers and other threads' work."""

    def _run_with(self, prelude: str, *args: str) -> subprocess.CompletedProcess[bytes]:
        module, _colon, function = _entry_point().partition(":")
        code = (
            textwrap.dedent(prelude)
            + f"\nfrom {module} import {function}\nsys.exit({function}())\n"
        )
        return _run([sys.executable, "-c", code], *args)

    def test_atexit_handlers_run(self) -> None:
        """A handler registered with ``atexit`` runs after the command, before the exit."""
        done = self._run_with(
            """
            import atexit, sys
            atexit.register(lambda: print("handler ran", flush=True))
            """,
            "list",
        )
        assert done.returncode == 0
        assert done.stdout.endswith(b"handler ran\n")

    def test_a_running_thread_is_waited_for(self, tmp_path: Path) -> None:
        """A non-daemon thread still running at the end finishes its work (the normal
        ending joins it)."""
        mark = tmp_path / "done.txt"
        done = self._run_with(
            f"""
            import sys, threading, time
            def work():
                time.sleep(0.5)
                open({str(mark)!r}, "w").write("finished")
            threading.Thread(target=work).start()
            """,
            "list",
        )
        assert done.returncode == 0
        assert mark.read_text() == "finished"

    def test_a_string_exit_code_is_printed_and_is_1(self) -> None:
        """``sys.exit("text")`` inside a command ends as the interpreter ends it."""
        done = self._run_with(
            """
            import sys
            import assessment_rules.cli._list as listing
            def stop(*args, **kwargs):
                sys.exit("stopped by a test")
            listing.list_rulebooks.callback = stop
            """,
            "list",
        )
        assert done.returncode == 1
        assert done.stderr == b"stopped by a test\n"


class TestLibraryDefaults:
    def test_main_in_process_keeps_the_collector_defaults(self) -> None:
        """Calling ``main`` (as CliRunner does) leaves the collector's thresholds alone."""
        before = gc.get_threshold()
        result = CliRunner().invoke(main, ["list"])
        assert result.exit_code == 0
        assert gc.get_threshold() == before

    def test_run_command_sets_the_batch_thresholds(self) -> None:
        """The console script's runner raises the thresholds and returns the exit status."""
        before = gc.get_threshold()
        argv = sys.argv
        try:
            sys.argv = ["assessment-rules", "--lang", "en", "scor"]
            status = run_command(main)
            assert gc.get_threshold() == BATCH_THRESHOLDS
        finally:
            sys.argv = argv
            gc.set_threshold(*before)
        assert status == EXIT_USAGE
