"""Where results go: ``--output`` checked before any work, files written safely.

The rules are in ``cli/_output.py`` and ``docs/cli.md`` (输出文件与标准输出).
"""

from __future__ import annotations

import errno
import io
import os
import signal
import stat
import subprocess
import sys
import textwrap
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from assessment_rules.cli import main

BOOK = "wujin-2021-departments"
EXAMPLE = Path(__file__).parents[2] / "examples" / f"{BOOK}.yaml"
CLI = [sys.executable, "-c", "from assessment_rules.cli import main; main()"]


def invoke(*args: str) -> tuple[int, str]:
    run = CliRunner().invoke(main, list(args))
    assert "Traceback" not in run.output, run.output
    return run.exit_code, run.output


@pytest.fixture
def evidence(tmp_path: Path) -> Path:
    path = tmp_path / "ev.yaml"
    path.write_bytes(EXAMPLE.read_bytes())
    return path


def _listing(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


def _private_null(folder: Path) -> Path:
    """A character device like /dev/null inside *folder* (root only; else skip)."""
    device = folder / "null.json"
    try:
        os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("making a device node needs root")
    return device


class TestInputsAreNeverOutputs:
    @pytest.mark.parametrize("spelling", ["same", "dotted", "absolute"])
    def test_score_refuses_to_write_over_its_evidence(
        self, evidence: Path, spelling: str, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """`score … ev.yaml -o ev.yaml` (however spelt) exits 2 and leaves the evidence."""
        monkeypatch.chdir(evidence.parent)
        target = {"same": "ev.yaml", "dotted": "./ev.yaml", "absolute": str(evidence)}[spelling]
        code, output = invoke("score", BOOK, "ev.yaml", "-o", target)
        assert code == 2
        assert "is the input file 'ev.yaml'" in output
        assert evidence.read_bytes() == EXAMPLE.read_bytes()

    def test_a_hard_link_to_an_input_is_the_input(self, evidence: Path) -> None:
        """An output that is a hard link of the evidence is the same file: refused."""
        link = evidence.with_name("ev.json")
        os.link(evidence, link)
        code, output = invoke("score", BOOK, str(evidence), "--format", "json", "-o", str(link))
        assert code == 2 and "is the input file" in output
        assert link.read_bytes() == EXAMPLE.read_bytes()

    def test_a_rulebook_file_is_an_input_too(self, tmp_path: Path, evidence: Path) -> None:
        """`explain book.py … -o book.py` would replace the rulebook: refused."""
        book = tmp_path / "book.txt"
        book.write_text("from assessment_rules import load_rulebook\n", encoding="utf-8")
        code, output = invoke("explain", str(book), str(evidence), "-u", "clean", "-o", str(book))
        assert code == 2 and "is the input file" in output

    def test_a_progress_file_is_an_input_of_tasks(self, tmp_path: Path) -> None:
        """tasks --progress p.yaml -o p.yaml is refused (an option's file is an input)."""
        progress = tmp_path / "p.yaml"
        progress.write_text("plan: putuo-2024-workplan\nprogress: {}\n", encoding="utf-8")
        before = progress.read_bytes()
        code, output = invoke(
            "tasks", "putuo-2024-workplan", "--progress", str(progress), "-o", str(progress)
        )
        assert code == 2 and "is the input file" in output
        assert progress.read_bytes() == before

    def test_check_refuses_too(self, tmp_path: Path) -> None:
        """check has no --output checks of its own; writing still refuses its input."""
        book = tmp_path / "book.txt"
        source = Path(__file__).parents[2] / "rulebooks" / "wujin_2021_departments.py"
        book.write_bytes(source.read_bytes())
        code, output = invoke("check", str(book), "-o", str(book))
        assert code == 2 and "is the input file" in output
        assert book.read_bytes() == source.read_bytes()


class TestOnlyRegularFiles:
    def test_a_symlink_is_never_replaced(self, tmp_path: Path, evidence: Path) -> None:
        """-o naming a symbolic link exits 2; the link and its target stay as they were."""
        target = tmp_path / "target.json"
        target.write_text("keep", encoding="utf-8")
        link = tmp_path / "link.json"
        link.symlink_to(target)
        code, output = invoke("score", BOOK, str(evidence), "-o", str(link))
        assert code == 2 and "symbolic link" in output
        assert link.is_symlink() and target.read_text(encoding="utf-8") == "keep"

    def test_a_fifo_is_refused_before_any_work(self, tmp_path: Path, evidence: Path) -> None:
        """-o naming a FIFO exits 2 at once (nothing blocks on opening it)."""
        fifo = tmp_path / "out.json"
        os.mkfifo(fifo)
        code, output = invoke("score", BOOK, str(evidence), "-o", str(fifo))
        assert code == 2 and "FIFO" in output
        assert stat.S_ISFIFO(fifo.lstat().st_mode)

    def test_a_device_is_refused(self, tmp_path: Path, evidence: Path) -> None:
        """-o naming a device is refused (as root, -o /dev/null replaced the device node).

        The device is a private copy of /dev/null, so that a regression replaces only it.
        """
        device = _private_null(tmp_path)
        code, output = invoke("score", BOOK, str(evidence), "-o", str(device))
        assert code == 2 and "is a device" in output
        assert stat.S_ISCHR(device.lstat().st_mode)

    def test_a_directory_is_refused(self, tmp_path: Path, evidence: Path) -> None:
        """-o naming a directory exits 2."""
        code, output = invoke("score", BOOK, str(evidence), "-o", str(tmp_path))
        assert code == 2 and "directory" in output

    def test_a_missing_directory_exits_4_before_any_work(self, tmp_path: Path) -> None:
        """An output in a directory that does not exist cannot be written: exit 4."""
        target = tmp_path / "no" / "r.json"
        code, output = invoke("score", BOOK, str(EXAMPLE), "-o", str(target))
        assert code == 4
        assert f"cannot write '{target}': directory '{target.parent}' does not exist" in output


class TestSuffixes:
    @pytest.mark.parametrize(
        ("args", "text"),
        [
            (["score", BOOK, str(EXAMPLE), "-o", "r.yaml"], "which `score` does not write"),
            (["score", BOOK, str(EXAMPLE), "-o", "r.yml"], "which `score` does not write"),
            (["score", BOOK, str(EXAMPLE), "--format", "json", "-o", "r.csv"], "--format csv"),
            (["score", BOOK, str(EXAMPLE), "-o", "r.xls"], "never writes .xls files"),
            (["explain", BOOK, str(EXAMPLE), "-u", "clean", "-o", "r.xlsx"], "does not write"),
            (["explain", BOOK, str(EXAMPLE), "-u", "clean", "-o", "r.yaml"], "does not write"),
            (["template", BOOK, "-o", "form.json"], "which `template` does not write"),
            (["show", BOOK, "-o", "book.csv"], "which `show` does not write"),
            (["tasks", "putuo-2024-workplan", "-o", "t.xlsx"], "which `tasks` does not write"),
            (["check", BOOK, "-o", "lint.md"], "--format md"),
        ],
    )
    def test_a_suffix_naming_another_format_is_refused(
        self, args: list[str], text: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A data-format suffix is never silently given a table: exit 2, nothing written."""
        monkeypatch.chdir(tmp_path)
        code, output = invoke(*args)
        assert code == 2, output
        assert text in output
        assert list(tmp_path.iterdir()) == []

    @pytest.mark.parametrize(("suffix", "start"), [("json", "{"), ("md", "# ")])
    def test_explain_takes_its_format_from_the_suffix(
        self, suffix: str, start: str, tmp_path: Path
    ) -> None:
        """explain -o r.json writes JSON and -o r.md Markdown (it wrote a text tree)."""
        out = tmp_path / f"r.{suffix}"
        code, output = invoke("explain", BOOK, str(EXAMPLE), "-u", "clean", "-o", str(out))
        assert code == 0, output
        assert out.read_text(encoding="utf-8").startswith(start)

    def test_a_text_suffix_takes_any_text_format(self, tmp_path: Path) -> None:
        """.txt (or no suffix) constrains nothing: the table is written."""
        out = tmp_path / "r.txt"
        code, _ = invoke("--lang", "zh", "score", BOOK, str(EXAMPLE), "-o", str(out))
        assert code == 0 and "排名" in out.read_text(encoding="utf-8")


class TestWrittenFiles:
    @pytest.mark.parametrize(("mask", "mode"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
    def test_a_new_file_gets_the_umask_permissions(
        self, tmp_path: Path, mask: int, mode: int
    ) -> None:
        """A new result file has the mode any new file gets (0644 under umask 022)."""
        out = tmp_path / "r.json"
        old = os.umask(mask)
        try:
            code, _ = invoke("score", BOOK, str(EXAMPLE), "-o", str(out))
        finally:
            os.umask(old)
        assert code == 0
        assert stat.S_IMODE(out.stat().st_mode) == mode

    def test_a_file_written_over_keeps_its_mode(self, tmp_path: Path) -> None:
        """A result written over an existing 0640 file leaves it 0640."""
        out = tmp_path / "r.json"
        out.write_text("old", encoding="utf-8")
        out.chmod(0o640)
        code, _ = invoke("score", BOOK, str(EXAMPLE), "-o", str(out))
        assert code == 0
        assert out.read_text(encoding="utf-8").startswith("{")
        assert stat.S_IMODE(out.stat().st_mode) == 0o640

    def test_a_full_disk_names_the_file_and_keeps_the_old_one(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """ENOSPC while writing: exit 4, the message names the file, the old file stays."""
        out = tmp_path / "结果.csv"
        out.write_text("old", encoding="utf-8")

        def full(fd: int) -> None:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        monkeypatch.setattr(os, "fsync", full)
        code, output = invoke("score", BOOK, str(EXAMPLE), "-o", str(out))
        assert code == 4
        assert f"cannot write '{out}': No space left on device" in output
        assert out.read_text(encoding="utf-8") == "old"
        assert [p.name for p in tmp_path.iterdir()] == ["结果.csv"]

    def test_a_full_standard_output_is_named(self) -> None:
        """Standard output on a full disk (> /dev/full): exit 4 naming standard output."""
        with open("/dev/full", "wb") as full:
            done = subprocess.run(
                [*CLI, "score", BOOK, str(EXAMPLE), "--format", "json"],
                stdout=full,
                stderr=subprocess.PIPE,
                check=False,
            )
        assert done.returncode == 4
        assert b"cannot write '<standard output>': No space left on device" in done.stderr
        assert b"Traceback" not in done.stderr


def _big_evidence(folder: Path, units: int) -> Path:
    text = EXAMPLE.read_text(encoding="utf-8")
    head, _, body = text.partition("units:\n")
    first = body.split("\n  - id: ")[0]  # the first unit, 'clean'
    copies = [first.replace("id: clean", f"id: u{index}", 1) for index in range(units)]
    path = folder / "big.yaml"
    path.write_text(head + "units:\n" + "\n".join(copies) + "\n", encoding="utf-8")
    return path


class TestEndings:
    def test_a_closed_pipe_ends_quietly(self, tmp_path: Path) -> None:
        """`score … | head` stops with exit 141 and says nothing (no traceback, no error)."""
        evidence = _big_evidence(tmp_path, 300)
        process = subprocess.Popen(
            [*CLI, "score", BOOK, str(evidence), "--format", "json"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        assert process.stdout is not None and process.stderr is not None
        process.stdout.read(10)
        process.stdout.close()
        error = process.stderr.read()
        assert process.wait(timeout=120) == 141
        assert error == b""

    def test_sigterm_leaves_no_temporary_file(self, tmp_path: Path) -> None:
        """SIGTERM while the result is written: exit 143, no temporary file left behind."""
        _terminated_leaves_nothing(
            tmp_path,
            """
            import assessment_rules.cli._score as score

            real = score.iter_cohort_json

            def slow(*args, **kwargs):
                for number, piece in enumerate(real(*args, **kwargs)):
                    if number == 2:
                        os.kill(os.getpid(), signal.SIGTERM)
                    yield piece

            score.iter_cohort_json = slow
            """,
        )

    def test_a_closed_standard_output_is_an_error_not_a_traceback(self) -> None:
        """Started with standard output closed (``>&-``, as some schedulers do): the
        result cannot be written, so exit 4 with a message naming standard output."""
        done = subprocess.run(
            [*CLI, "score", BOOK, str(EXAMPLE)],
            capture_output=False,
            stderr=subprocess.PIPE,
            preexec_fn=lambda: os.close(1),  # the child starts with stdout closed
            timeout=120,
            check=False,
        )
        assert done.returncode == 4, done.stderr
        assert b"<standard output>" in done.stderr
        assert b"Traceback" not in done.stderr

    def test_sigterm_as_the_temporary_file_is_made_leaves_nothing(self, tmp_path: Path) -> None:
        """SIGTERM just after the temporary file is created on disk, before its name is
        known to the writer (a review reproduced this window with strace): exit 143 and
        no temporary file left behind."""
        _terminated_leaves_nothing(
            tmp_path,
            """
            real_open = os.open

            def open_then_signal(path, *args, **kwargs):
                handle = real_open(path, *args, **kwargs)
                if os.path.basename(str(path)).startswith(".r.json."):
                    os.kill(os.getpid(), signal.SIGTERM)
                return handle

            os.open = open_then_signal
            """,
        )


def _terminated_leaves_nothing(tmp_path: Path, patch: str) -> None:
    """Run ``score … -o out/r.json`` in a child whose *patch* sends SIGTERM somewhere;
    it must exit 143 without a traceback and leave the folder empty."""
    folder = tmp_path / "out"
    folder.mkdir()
    script = (
        "import os, signal\n"
        + textwrap.dedent(patch)
        + "from assessment_rules.cli import main\n"
        + f"main(['score', {BOOK!r}, {str(EXAMPLE)!r}, '-o', {str(folder / 'r.json')!r}])\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, timeout=120, check=False
    )
    assert done.returncode == 128 + signal.SIGTERM, done.stderr
    assert list(folder.iterdir()) == []
    assert b"Traceback" not in done.stderr


def _members(data: bytes) -> Iterator[tuple[str, tuple[int, ...], bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in archive.infolist():
            yield info.filename, info.date_time, archive.read(info)


class TestDeterminism:
    def test_score_xlsx_is_the_same_bytes_every_time(self, tmp_path: Path) -> None:
        """Two runs a second apart give byte-identical workbooks: no time of writing."""
        first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
        invoke("score", BOOK, str(EXAMPLE), "-o", str(first))
        time.sleep(1.1)  # zip members are dated to the second
        invoke("score", BOOK, str(EXAMPLE), "-o", str(second))
        assert first.read_bytes() == second.read_bytes()
        members = list(_members(first.read_bytes()))
        assert {date for _, date, _ in members} == {(1980, 1, 1, 0, 0, 0)}
        core = dict((name, data) for name, _, data in members)["docProps/core.xml"]
        assert b"1980-01-01T00:00:00Z" in core

    def test_template_xlsx_is_the_same_bytes_every_time(self, tmp_path: Path) -> None:
        """Two empty XLSX forms of the same rulebook, a second apart, are byte-identical."""
        first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
        invoke("template", BOOK, "--units", "3", "-o", str(first))
        time.sleep(1.1)
        invoke("template", BOOK, "--units", "3", "-o", str(second))
        assert first.read_bytes() == second.read_bytes()
