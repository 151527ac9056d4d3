"""The bad-input corpus: each case of ``cases.yaml``, run on a fresh copy of ``files/``.

Every case asserts that the command

- exits with the case's code (2 usage, 3 rulebook, 4 input or output file, 1 a
  rulebook test case failing);
- names, in its message, each place the case lists: the file with its line or cell,
  the unit, the fact;
- prints no traceback and no message longer than a screenful or two;
- writes nothing: the file given as ``--output`` (made beforehand, unless the case
  gives its own) keeps its bytes, no file appears, no input changes.

A case that may hang or blow up today (``isolate: true``) runs in a child process with
a time limit. Cases the evidence readers do not pass yet are marked ``xfail`` with the
reason, strictly: each must start passing when its reader is fixed.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import stat
import subprocess
import sys
import traceback
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from assessment_rules.cli import main

CORPUS = Path(__file__).parent
CASES: list[dict[str, Any]] = yaml.safe_load((CORPUS / "cases.yaml").read_text(encoding="utf-8"))
SENTINEL = b"written before the run; the run must leave it as it is\n"
TIME_LIMIT = 10  # seconds, for an isolated case (a fixed reader answers in about one)
LONGEST_MESSAGE = 4_000  # characters: a message must be read, not scrolled


def _params() -> Iterator[Any]:
    for case in CASES:
        marks = [pytest.mark.xfail(strict=True, reason=case["xfail"])] if "xfail" in case else []
        yield pytest.param(case, id=case["id"], marks=marks)


def _setup(work: Path, setup: dict[str, Any]) -> None:
    """Make the special files a case's output names (a link, a FIFO, a device)."""
    for kind, value in setup.items():
        if kind == "symlink":
            link, target = value
            (work / target).write_bytes(SENTINEL)
            (work / link).symlink_to(target)
        elif kind == "hardlink":
            source, link = value
            os.link(work / source, work / link)
        elif kind == "fifo":
            os.mkfifo(work / value)
        elif kind == "device":
            # A private copy of /dev/null: a regression may replace it, not the real one.
            try:
                os.mknod(work / value, stat.S_IFCHR | 0o666, os.makedev(1, 3))
            except PermissionError:
                pytest.skip("making a device node needs root")
        else:
            raise AssertionError(f"unknown setup {kind!r}")


def _snapshot(work: Path) -> dict[str, object]:
    """Every path under *work* with its kind, mode and content (FIFOs are not opened).

    Python's own bytecode cache (``__pycache__``, written when a rulebook file is
    imported) is left out: it is not the command's output.
    """
    found: dict[str, object] = {}
    for folder, folders, files in os.walk(work):
        folders[:] = [name for name in folders if name != "__pycache__"]
        for name in [*folders, *files]:
            path = Path(folder) / name
            info = path.lstat()
            key = str(path.relative_to(work))
            if stat.S_ISREG(info.st_mode):
                digest = hashlib.sha256(path.read_bytes()).hexdigest()
                found[key] = ("file", stat.S_IMODE(info.st_mode), digest)
            elif stat.S_ISLNK(info.st_mode):
                found[key] = ("link", os.readlink(path))
            else:
                found[key] = (stat.S_IFMT(info.st_mode), stat.S_IMODE(info.st_mode))
    return found


def _run(args: list[str], work: Path, *, isolate: bool) -> tuple[int, str]:
    if isolate:
        try:
            done = subprocess.run(
                [sys.executable, "-c", "from assessment_rules.cli import main; main()", *args],
                cwd=work,
                capture_output=True,
                timeout=TIME_LIMIT,
                check=False,
            )
        except subprocess.TimeoutExpired:
            pytest.fail(f"still running after {TIME_LIMIT} s")
        output = (done.stdout + done.stderr).decode("utf-8", "replace")
        return done.returncode, output
    run = CliRunner().invoke(main, args)
    if run.exception is not None and not isinstance(run.exception, SystemExit):
        assert run.exc_info is not None
        trace = "".join(traceback.format_exception(*run.exc_info))
        pytest.fail(f"Traceback (an exception escaped):\n{trace}")
    return run.exit_code, run.output


@pytest.mark.parametrize("case", list(_params()))
def test_bad_input(case: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A bad input exits with its code, names its places and writes nothing."""
    work = tmp_path / "work"
    shutil.copytree(CORPUS / "files", work, symlinks=True)
    monkeypatch.chdir(work)
    args = [str(arg) for arg in case["run"]]
    if case.get("output", True) and "-o" not in args:
        (work / "out.txt").write_bytes(SENTINEL)
        args += ["-o", "out.txt"]
    _setup(work, case.get("setup", {}))
    before = _snapshot(work)

    code, output = _run(args, work, isolate=case.get("isolate", False))

    assert code == case["code"], output[:LONGEST_MESSAGE]
    for text in case["names"]:
        assert text in output, f"{text!r} not in:\n{output[:LONGEST_MESSAGE]}"
    for pattern in case.get("patterns", ()):
        assert re.search(pattern, output), f"/{pattern}/ not in:\n{output[:LONGEST_MESSAGE]}"
    assert "Traceback" not in output, output
    assert len(output) <= LONGEST_MESSAGE, f"{len(output)} characters:\n{output[:2000]} …"
    assert _snapshot(work) == before


class TestCorpus:
    def test_it_holds_two_hundred_cases_across_commands_and_formats(self) -> None:
        """At least 200 cases; every command that reads a file, every evidence format."""
        assert len(CASES) >= 200
        commands = {case["run"][0] for case in CASES}
        assert commands >= {
            "score", "explain", "compare", "diff", "tasks", "calendar", "test", "check",
            "show", "template", "list", "selfeval-table",
        }  # fmt: skip
        files = " ".join(str(arg) for case in CASES for arg in case["run"])
        for suffix in (".yaml", ".json", ".csv", ".xlsx", ".xls", ".py"):
            assert suffix in files

    def test_ids_are_unique_and_every_case_says_what_it_checks(self) -> None:
        """Each case has its own id and a sentence, and names at least one place."""
        ids = [case["id"] for case in CASES]
        assert len(ids) == len(set(ids))
        assert all(case["says"].endswith(".") and case["names"] for case in CASES)

    @pytest.mark.parametrize(
        "good", sorted(p.name for p in (CORPUS / "files" / "good").iterdir()), ids=str
    )
    def test_the_good_files_score(
        self, good: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Each good file, of which the bad ones are variants, scores d1 95 and d2 84.5."""
        shutil.copytree(CORPUS / "files", tmp_path / "work")
        monkeypatch.chdir(tmp_path / "work")
        run = CliRunner().invoke(main, ["score", "tiny.py", f"good/{good}", "--format", "json"])
        assert run.exit_code == 0, run.output
        units = yaml.safe_load(run.stdout)["units"]
        assert [(unit["id"], unit["total"]) for unit in units] == [("d1", "95"), ("d2", "84.5")]

    def test_every_file_is_used(self) -> None:
        """No data file lies unused in files/ (each is named by some case or by one)."""
        named = " ".join(str(arg) for case in CASES for arg in case["run"])
        named += " " + " ".join(f"good/{p.name}" for p in (CORPUS / "files" / "good").iterdir())
        cases_text = "".join(p.read_text("utf-8") for p in (CORPUS / "files/cases").iterdir())
        unused = [
            str(path.relative_to(CORPUS / "files"))
            for path in (CORPUS / "files").rglob("*")
            if path.is_file()
            and "__pycache__" not in path.parts
            and str(path.relative_to(CORPUS / "files")) not in named + cases_text
        ]
        assert unused == []
