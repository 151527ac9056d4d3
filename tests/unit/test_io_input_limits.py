"""The limits every reader keeps: file size, special files, problems listed; all documented."""

from __future__ import annotations

import os
import pickle
import re
import threading
import time
from pathlib import Path

import pytest

from assessment_rules import AssessmentRulesError, Evidence, EvidenceError, Problem, load_rulebook
from assessment_rules.calendar import PlanFileError, load_plan, load_workplan, read_progress
from assessment_rules.cohorts import load_registry
from assessment_rules.io import _input_limits as limits
from assessment_rules.io import load_evidence
from assessment_rules.io._evidence_files import EvidenceSet
from assessment_rules.io._input_limits import MAX_FILE_BYTES, MAX_PROBLEMS, ProblemLog
from assessment_rules.yearly import read_cases

BOOK = load_rulebook("wujin-2021-departments")
PLAN = load_workplan("putuo-2024-workplan")
DOCS = Path(__file__).parents[2] / "docs" / "cli.md"

READERS = {
    "evidence": lambda path: load_evidence([path], BOOK),
    "registry": load_registry,
    "plan": load_plan,
    "progress": lambda path: read_progress(path, PLAN),
    "cases": read_cases,
}


class TestFileSize:
    @pytest.mark.parametrize("reader", sorted(READERS))
    def test_a_file_over_the_limit_is_refused_from_its_size(
        self, tmp_path: Path, reader: str
    ) -> None:
        """A file larger than MAX_FILE_BYTES is refused before it is read (a sparse file here)."""
        path = tmp_path / "big.yaml"
        with path.open("wb") as out:
            out.truncate(MAX_FILE_BYTES + 1)
        start = time.perf_counter()
        with pytest.raises(AssessmentRulesError, match=r"is too large \(128 MiB; input files"):
            READERS[reader](path)
        assert time.perf_counter() - start < 1

    def test_a_file_at_the_limit_is_read(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A file of exactly the limit is read; one byte more is refused."""
        monkeypatch.setattr(limits, "MAX_FILE_BYTES", 1000)
        path = tmp_path / "f.txt"
        path.write_bytes(b"x" * 1000)
        assert limits.read_input(path, ValueError) == b"x" * 1000
        path.write_bytes(b"x" * 1001)
        with pytest.raises(ValueError, match="is too large"):
            limits.read_input(path, ValueError)


class TestSpecialFiles:
    @pytest.mark.parametrize("reader", sorted(READERS))
    def test_a_fifo_is_refused_without_waiting(self, tmp_path: Path, reader: str) -> None:
        """A named pipe is refused at once; opening it would wait for a writer forever."""
        path = tmp_path / "pipe.yaml"
        os.mkfifo(path)
        outcome: list[BaseException] = []

        def read() -> None:
            try:
                READERS[reader](path)
            except BaseException as error:
                outcome.append(error)

        worker = threading.Thread(target=read, daemon=True)
        worker.start()
        worker.join(5)
        if worker.is_alive():  # unblock the reader before failing
            with open(path, "wb"):
                pass
            pytest.fail("reading a FIFO hangs")
        assert isinstance(outcome[0], AssessmentRulesError)
        expected = "nor a YAML file" if reader == "registry" else "is not a regular file"
        assert expected in str(outcome[0])

    def test_a_directory_is_refused(self, tmp_path: Path) -> None:
        """A directory given as a progress file is named as a directory."""
        folder = tmp_path / "dir.yaml"
        folder.mkdir()
        with pytest.raises(PlanFileError, match="is a directory, not a file"):
            read_progress(folder, PLAN)

    def test_a_device_is_refused(self, tmp_path: Path) -> None:
        """``/dev/zero`` (here behind a .yaml link) would never end; it is refused."""
        link = tmp_path / "zero.yaml"
        link.symlink_to("/dev/zero")
        with pytest.raises(EvidenceError, match="is not a regular file"):
            load_evidence([link], BOOK)


class TestProblemsListed:
    def test_many_problems_are_listed_up_to_the_limit_and_counted(self, tmp_path: Path) -> None:
        """300 rows without a unit id give the first 100 and say how many more there were."""
        rows = "".join(f",{n}\n" for n in range(300))
        path = tmp_path / "e.csv"
        path.write_text("单位代码,leader_checks\n" + rows, encoding="utf-8")
        with pytest.raises(EvidenceError) as caught:
            load_evidence([path], BOOK)
        message = str(caught.value)
        assert message.startswith("300 problems in the evidence (the first 100 are listed):")
        assert message.rstrip().endswith("… and 200 more problems, not listed")
        assert message.count("must be the unit's id") == MAX_PROBLEMS

    def test_checking_problems_are_capped_when_located(self) -> None:
        """Problems found while checking are capped too when they are located in the files."""
        evidence = EvidenceSet(tuple(Evidence(f"d{n}", {}) for n in range(30)), ())
        with pytest.raises(EvidenceError) as caught:
            BOOK.check_all(evidence.units)
        # 30 units without any of BOOK's required facts: 30 × the required facts.
        total = 30 * sum(fact.required for fact in BOOK.facts.values())
        assert total > MAX_PROBLEMS
        assert (len(caught.value.problems), caught.value.more) == (MAX_PROBLEMS, total - 100)
        located = evidence.locate(caught.value)
        assert (len(located.problems), located.more) == (MAX_PROBLEMS, total - MAX_PROBLEMS)
        assert str(located).startswith(f"{total} problems in the evidence (the first 100")
        assert "more problems, not listed" in str(located).splitlines()[-1]

    def test_the_log_keeps_the_first_and_counts_the_rest(self) -> None:
        """A ProblemLog keeps MAX_PROBLEMS problems and counts every one, kept or not."""
        log = ProblemLog()
        log.extend((Problem("", "x", n, "is wrong") for n in range(150)), more=5)
        assert (len(log), len(log.kept), log.more) == (155, MAX_PROBLEMS, 55)
        assert str(log.error()).startswith("155 problems in the evidence")


class TestEveryCollectorIsCapped:
    """Each place that collects problems lists MAX_PROBLEMS and counts the rest.

    Each file below has 150 problems of one kind, so 100 are listed and 50 counted.
    """

    def test_an_evidence_error_keeps_the_first_and_counts_the_rest(self) -> None:
        """EvidenceError lists 100 of 150 problems, counts 50 plus those it was told of."""
        error = EvidenceError([Problem("", "x", n, "is wrong") for n in range(150)], more=7)
        assert (len(error.problems), error.more, error.total) == (MAX_PROBLEMS, 57, 157)
        lines = str(error).splitlines()
        assert lines[0] == "157 problems in the evidence (the first 100 are listed):"
        assert lines[-1] == "  - … and 57 more problems, not listed"
        assert len(lines) == 1 + MAX_PROBLEMS + 1

    def test_an_evidence_error_survives_pickling(self) -> None:
        """A pickled EvidenceError comes back with the same problems, count and message."""
        error = EvidenceError([Problem("u", "x", 1, "is wrong")], more=3)
        again = pickle.loads(pickle.dumps(error))
        assert (again.problems, again.more, str(again)) == (error.problems, 3, str(error))

    def test_check_all_is_capped(self) -> None:
        """Rulebook.check_all lists 100 problems and counts the rest."""
        units = [Evidence(f"d{n}", {"safety_meetings": "x"}) for n in range(150)]
        with pytest.raises(EvidenceError) as caught:
            BOOK.check_all(units)
        required = sum(fact.required for fact in BOOK.facts.values())
        # safety_meetings is required, so each unit has `required` problems: its bad
        # value and the other required facts missing.
        assert caught.value.total == 150 * required
        assert len(caught.value.problems) == MAX_PROBLEMS

    def test_a_progress_file_is_capped(self, tmp_path: Path) -> None:
        """150 unknown tasks in a progress file: 100 listed, 50 counted."""
        path = tmp_path / "progress.yaml"
        lines = "".join(f"  {9000 + n}: {{}}\n" for n in range(150))
        path.write_text("progress:\n" + lines, encoding="utf-8")
        with pytest.raises(EvidenceError) as caught:
            read_progress(path, PLAN)
        assert (len(caught.value.problems), caught.value.more) == (MAX_PROBLEMS, 50)
        assert str(caught.value).endswith("… and 50 more problems, not listed")

    def test_a_plan_file_is_capped(self, tmp_path: Path) -> None:
        """150 tasks that are not mappings in a work plan: 100 listed, 50 counted."""
        path = tmp_path / "plan.yaml"
        path.write_text("year: 2024\ntasks:\n" + "- 1\n" * 150, encoding="utf-8")
        with pytest.raises(PlanFileError) as caught:
            load_plan(path)
        message = str(caught.value)
        assert "has 150 problems (the first 100 are listed)" in message
        assert message.count("must be a mapping") == MAX_PROBLEMS
        assert message.endswith("… and 50 more problems, not listed")

    def test_a_case_file_is_capped(self, tmp_path: Path) -> None:
        """150 cases that are not mappings in a case file: 100 listed, 50 counted."""
        path = tmp_path / "cases.yaml"
        path.write_text("cases:\n" + "- 1\n" * 150, encoding="utf-8")
        with pytest.raises(AssessmentRulesError) as caught:
            read_cases(path)
        error = caught.value
        assert (len(error.problems), error.more) == (MAX_PROBLEMS, 50)  # type: ignore[attr-defined]
        assert str(error).startswith("150 problems in the case file(s) (the first 100")
        assert str(error).endswith("… and 50 more problems, not listed")

    def test_a_long_value_is_cut_in_a_problem(self) -> None:
        """A 5,000-character value is quoted by its first 30 characters and its length."""
        problem = Problem("d2", "lapses", "9" * 5000, "must be a whole number")
        assert str(problem) == (
            "unit 'd2': lapses='999999999999999999999999999999'… (5000 characters) "
            "must be a whole number"
        )


class TestDocumented:
    def test_every_limit_is_documented_with_its_number(self) -> None:
        """docs/cli.md's 限制 / Limits section gives each limit's number as the code has it."""
        text = DOCS.read_text(encoding="utf-8")
        section = text.split("## 限制 / Limits", 1)[1]
        numbers = set(re.findall(r"\d[\d,]*", section))
        expected = {
            limits.mib(limits.MAX_FILE_BYTES).split()[0],
            str(limits.MAX_DEPTH),
            f"{limits.MAX_ALIAS_NODES:,}",
            str(limits.MAX_INTEGER_DIGITS),
            str(limits.MAX_DECIMAL_PLACES),
            str(limits.MAX_PROBLEMS),
            f"{limits.MAX_CELLS:,}",
            f"{limits.MAX_ZIP_MEMBERS:,}",
            limits.mib(limits.MAX_ZIP_PART_BYTES).split()[0],
            limits.mib(limits.MAX_ZIP_TOTAL_BYTES).split()[0],
        }
        assert expected <= numbers
