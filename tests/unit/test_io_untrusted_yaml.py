"""Every YAML file the tool reads follows one set of rules: nothing is dropped or changed
silently, nothing hangs (evidence, registries, plans, progress files, case files)."""

from __future__ import annotations

import time
import tracemalloc
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from assessment_rules import AssessmentRulesError, EvidenceError, Fact, load_rulebook
from assessment_rules.calendar import PlanFileError, load_plan, load_workplan, read_progress
from assessment_rules.cohorts import load_registry
from assessment_rules.cohorts._registry import RegistryError
from assessment_rules.io import load_evidence, read_evidence
from assessment_rules.io._evidence_files import read_file
from assessment_rules.io._input_limits import MAX_ALIAS_NODES, MAX_DEPTH
from assessment_rules.io._yaml import YamlError, load_yaml, parse_yaml
from assessment_rules.yearly import read_cases
from assessment_rules.yearly._cases import CaseFileError

BOOK = load_rulebook("wujin-2021-departments")
PLAN = load_workplan("putuo-2024-workplan")

BILLION_LAUGHS = """\
a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]
"""


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def evidence_problems(path: Path) -> str:
    with pytest.raises(EvidenceError) as caught:
        load_evidence([path], BOOK)
    return str(caught.value)


def _registry(path: Path) -> object:
    return load_registry(path)


def _plan(path: Path) -> object:
    return load_plan(path)


def _progress(path: Path) -> object:
    return read_progress(path, PLAN)


def _cases(path: Path) -> object:
    return read_cases(path)


def _evidence(path: Path) -> object:
    return read_evidence(path)


READERS: dict[str, Callable[[Path], object]] = {
    "evidence": _evidence,
    "registry": _registry,
    "plan": _plan,
    "progress": _progress,
    "cases": _cases,
}


class TestDuplicateKeys:
    @pytest.mark.parametrize("reader", sorted(READERS))
    def test_every_yaml_reader_refuses_a_key_given_twice(self, tmp_path: Path, reader: str) -> None:
        """A key given twice is an error naming both lines, in every kind of YAML file."""
        path = write(tmp_path / "f.yaml", "units: []\nunits: []\n")
        with pytest.raises(AssessmentRulesError) as caught:
            READERS[reader](path)
        assert f"{path}:2" in str(caught.value)
        assert "given twice" in str(caught.value)
        assert "first on line 1" in str(caught.value)

    def test_a_fact_given_twice_is_not_silently_the_last(self, tmp_path: Path) -> None:
        """Two values for one fact of one unit are an error, not the second value."""
        path = write(
            tmp_path / "e.yaml",
            "units:\n  - id: d1\n    facts:\n      leader_checks: 4\n      leader_checks: 1\n",
        )
        message = evidence_problems(path)
        assert f"{path}:5: key 'leader_checks' is given twice" in message
        assert "first on line 4" in message

    def test_the_load_yaml_function_raises_yaml_error(self) -> None:
        """``load_yaml`` raises a ``YamlError``, an ``AssessmentRulesError``."""
        with pytest.raises(YamlError) as caught:
            load_yaml("a: 1\na: 2\n", "x.yaml")
        assert isinstance(caught.value, AssessmentRulesError)
        assert caught.value.problems == (
            (2, "key 'a' is given twice in one mapping (first on line 1); keep one"),
        )


class TestDuplicateUnits:
    def test_two_records_with_one_id_are_an_error_naming_both_lines(self, tmp_path: Path) -> None:
        """A unit id given twice in one YAML file names both records (it used to vanish)."""
        path = write(
            tmp_path / "e.yaml",
            "units:\n  - id: d1\n    facts: {leader_checks: 4}\n"
            "  - id: d1\n    facts: {leader_checks: 1}\n",
        )
        message = evidence_problems(path)
        assert f"is given twice in this file ({path}:2 and {path}:4)" in message

    def test_the_same_unit_in_two_files_is_still_merged(self, tmp_path: Path) -> None:
        """Units with one id in different files (one file per office) still merge."""
        first = write(tmp_path / "a.yaml", "units:\n  - id: d1\n    facts: {leader_checks: 4}\n")
        second = write(tmp_path / "b.yaml", "units:\n  - id: d1\n    facts: {deputy_checks: 4}\n")
        (unit,) = load_evidence([first, second], BOOK).units
        assert dict(unit.facts) == {"leader_checks": 4, "deputy_checks": 4}


class TestNumbers:
    def test_a_leading_zero_is_never_octal(self, tmp_path: Path) -> None:
        """``010`` is an error asking for 10 or quotes; YAML 1.1 would have read 8."""
        path = write(tmp_path / "e.yaml", "units:\n  - id: d1\n    facts: {leader_checks: 010}\n")
        message = evidence_problems(path)
        assert f"{path}:3: '010' is ambiguous" in message
        assert "without leading zeros, or put the value in quotes" in message

    @pytest.mark.parametrize("text", ["010", "-07", "00", "01.5", "0x1F", "0o17", "0b101"])
    def test_ambiguous_numbers_are_errors(self, text: str) -> None:
        """Leading zeros and radix prefixes are errors, whatever YAML version is assumed."""
        with pytest.raises(YamlError, match="ambiguous"):
            load_yaml(f"a: {text}\n")

    def test_a_quoted_code_keeps_its_zeros(self) -> None:
        """A quoted ``'007'`` is the text 007."""
        assert load_yaml("id: '007'\n") == {"id": "007"}

    def test_a_quoted_010_counts_ten(self) -> None:
        """As a count, the quoted text ``"010"`` is ten."""
        assert BOOK.facts["leader_checks"].coerce(load_yaml('a: "010"')["a"]) == 10

    def test_a_time_is_never_sexagesimal(self) -> None:
        """``1:30`` stays the text 1:30 (YAML 1.1 reads 90)."""
        assert load_yaml("a: 1:30\nb: 190:20:30\n") == {"a": "1:30", "b": "190:20:30"}

    def test_a_time_is_not_a_count(self, tmp_path: Path) -> None:
        """``1:30`` given as a count is refused, not read as 90."""
        path = write(tmp_path / "e.yaml", "units:\n  - id: d1\n    facts: {leader_checks: 1:30}\n")
        with pytest.raises(EvidenceError, match="leader_checks='1:30'\\) must be a whole number"):
            BOOK.check_all(read_evidence(path))

    @pytest.mark.parametrize("text", ["1,5", '"1,5"', "1,5000", "1_000"])
    def test_a_comma_that_is_not_a_thousands_separator_is_an_error(
        self, tmp_path: Path, text: str
    ) -> None:
        """``1,5`` is neither 15 nor 1.5: as a count it is refused (so are 1,5000 and 1_000)."""
        path = write(
            tmp_path / "e.yaml", f"units:\n  - id: d1\n    facts:\n      leader_checks: {text}\n"
        )
        with pytest.raises(EvidenceError, match=r"leader_checks=.* must be a whole number"):
            BOOK.check_all(read_evidence(path))

    def test_thousands_in_groups_of_three_are_read(self) -> None:
        """``1,500`` and ``12,345.5`` are numbers: a comma between groups of three digits."""
        document = load_yaml("a: 1,500\nb: 12,345.5\n")
        assert BOOK.facts["leader_checks"].coerce(document["a"]) == 1500
        assert Fact("budget", "预算数", kind="amount").coerce(document["b"]) == Decimal("12345.5")

    def test_fractions_are_exact_decimals(self) -> None:
        """``1.50`` and ``1.5e3`` are Decimals from their text, never floats."""
        assert load_yaml("a: 1.50\nb: 1.5e3\nc: .5\n") == {
            "a": Decimal("1.50"),
            "b": Decimal("1.5E+3"),
            "c": Decimal("0.5"),
        }

    @pytest.mark.parametrize("text", ["1e999999999", "9" * 5000, "0." + "1" * 30])
    def test_huge_numbers_are_errors_at_once(self, tmp_path: Path, text: str) -> None:
        """``1e999999999`` and a 5,000-digit integer are refused at once (they hung or crashed)."""
        text = f"units:\n  - id: d1\n    facts: {{leader_checks: {text}}}\n"
        path = write(tmp_path / "e.yaml", text)
        start = time.perf_counter()
        message = evidence_problems(path)
        assert time.perf_counter() - start < 2
        assert f"{path}:3:" in message
        assert "too large" in message or "too many decimal places" in message

    def test_yes_and_no_are_still_booleans(self) -> None:
        """YAML 1.1's yes/no words stay booleans, so ``relevant: no`` keeps meaning no."""
        assert load_yaml("a: yes\nb: no\nc: true\nd: ~\n") == {
            "a": True,
            "b": False,
            "c": True,
            "d": None,
        }

    def test_a_name_read_as_a_boolean_is_an_error(self, tmp_path: Path) -> None:
        """A unit named NO is not silently the name 'False'."""
        path = write(tmp_path / "e.yaml", "units:\n  - id: d1\n    name: NO\n")
        assert "name=False must be text" in evidence_problems(path)

    def test_dates_stay_text(self) -> None:
        """A date is left as its text for the reader that knows what it means."""
        assert load_yaml("a: 2024-11-20\n") == {"a": "2024-11-20"}


class TestAliases:
    @pytest.mark.parametrize("reader", sorted(READERS))
    def test_billion_laughs_is_refused_by_every_reader(self, tmp_path: Path, reader: str) -> None:
        """Nine levels of aliases are refused at once, in little memory, by every YAML reader."""
        path = write(tmp_path / "f.yaml", BILLION_LAUGHS)
        tracemalloc.start()
        start = time.perf_counter()
        try:
            with pytest.raises(AssessmentRulesError) as caught:
                READERS[reader](path)
        finally:
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
        assert time.perf_counter() - start < 2
        assert peak < 20 * 2**20
        assert f"expand to more than {MAX_ALIAS_NODES} nodes" in str(caught.value)

    def test_an_alias_used_as_a_name_is_refused(self, tmp_path: Path) -> None:
        """A billion-laughs alias used as a unit's name is refused before anything prints it."""
        text = BILLION_LAUGHS.replace("i: &i", "units:\n  - id: d1\n    name: &i")
        text = text.replace("[*h, *h, *h, *h, *h, *h, *h, *h, *h]", "*h")
        path = write(tmp_path / "e.yaml", text)
        assert "expand to more than" in evidence_problems(path)

    def test_a_few_aliases_are_read(self) -> None:
        """An anchor reused a few times (a shared list of indicators) is read as written."""
        document = load_yaml("base: &b [1, 2]\nx: *b\ny: {<<: {k: 1}, j: 2}\n")
        assert document == {"base": [1, 2], "x": [1, 2], "y": {"j": 2, "k": 1}}

    def test_an_alias_inside_its_own_anchor_is_refused(self) -> None:
        """A list that contains itself is refused (it would loop in every later walk)."""
        with pytest.raises(YamlError, match="refers to a mapping or list that contains it"):
            load_yaml("a: &a [1, *a]\n")

    def test_an_undefined_alias_is_refused(self) -> None:
        """An alias without an anchor is an error with its line."""
        with pytest.raises(YamlError, match="has no anchor"):
            load_yaml("a: 1\nb: *nowhere\n")

    def test_the_bundled_case_file_with_an_anchor_is_read(self) -> None:
        """The shipped finance cases, which define an anchor, still read."""
        assert read_cases(Path("rulebooks/cases/putuo-2024-finance-selfeval.yaml"))


class TestNesting:
    @pytest.mark.parametrize("reader", sorted(READERS))
    def test_deep_nesting_is_an_error_not_a_recursion_error(
        self, tmp_path: Path, reader: str
    ) -> None:
        """100,000 nested lists give the nesting error, in every YAML reader."""
        path = write(tmp_path / "f.yaml", "a: " + "[" * 100_000 + "]" * 100_000 + "\n")
        with pytest.raises(AssessmentRulesError, match=f"nests deeper than {MAX_DEPTH} levels"):
            READERS[reader](path)

    def test_the_limit_is_exact(self) -> None:
        """``MAX_DEPTH`` levels are read; one more is refused."""
        inner = MAX_DEPTH - 1  # the top mapping is the first level
        assert load_yaml("a: " + "[" * inner + "]" * inner)
        with pytest.raises(YamlError, match="nests deeper"):
            load_yaml("a: " + "[" * (inner + 1) + "]" * (inner + 1))


class TestDocuments:
    def test_a_second_document_is_refused(self) -> None:
        """A file holding two YAML documents is an error, not the first one silently."""
        with pytest.raises(YamlError, match="second YAML document"):
            load_yaml("units: []\n---\nunits: [x]\n")

    def test_object_tags_are_refused(self) -> None:
        """A python tag is refused, never built."""
        with pytest.raises(YamlError, match="tag"):
            load_yaml("a: !!python/object/apply:os.system ['true']\n")

    def test_text_tags_are_allowed(self) -> None:
        """``!!str 010`` is the text 010."""
        assert load_yaml("a: !!str 010\n") == {"a": "010"}

    def test_every_problem_is_listed_at_once(self) -> None:
        """Several problems of one file are reported together, each with its line."""
        with pytest.raises(YamlError) as caught:
            load_yaml("a: 010\nb: 1\nb: 2\nc: 0x10\n")
        assert [line for line, _ in caught.value.problems] == [1, 3, 4]


class TestOneParse:
    def test_evidence_is_parsed_once_with_its_lines(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Reading evidence parses the text once and still knows every fact's line."""
        import assessment_rules.io._yaml as reader  # noqa: PLC0415

        calls = []
        real = reader._events

        def counted(text: str) -> object:
            calls.append(text)
            return real(text)

        monkeypatch.setattr(reader, "_events", counted)
        path = write(
            tmp_path / "e.yaml",
            "units:\n  - id: d1\n    facts:\n      leader_checks: 4\n      no_drill: true\n",
        )
        read = read_file(path)
        assert len(calls) == 1
        assert read.units[0].source == f"{path}:2"
        assert read.cells[("d1", "no_drill")] == f"{path}:5"

    def test_positions_of_mappings_and_keys(self) -> None:
        """The parse keeps the line of each mapping and of each of its keys."""
        document = parse_yaml("cases:\n  - name: a\n\n  - name: b\n    total: 1\n")
        second = document.value["cases"][1]
        assert document.line(second) == 4
        assert document.key_lines(second) == {"name": 4, "total": 5}


class TestOtherReaders:
    def test_a_registry_with_an_ambiguous_number_names_its_line(self, tmp_path: Path) -> None:
        """A registry is read by the same rules (here a lead task written 07)."""
        path = write(
            tmp_path / "r.yaml",
            "district: x\ntitle: 区\ncategories:\n  - {id: streets, title: 街道}\n"
            "units:\n  - {id: a, name: 甲, category: streets, lead_tasks: [07]}\n",
        )
        with pytest.raises(RegistryError, match=rf"{path}:6: '07' is ambiguous"):
            load_registry(path)

    def test_a_case_file_lists_each_problem_with_its_line(self, tmp_path: Path) -> None:
        """A case file's YAML problems are each listed with file and line."""
        path = write(tmp_path / "c.yaml", "rulebook: x\nrulebook: y\ncases: [{total: 010}]\n")
        with pytest.raises(CaseFileError) as caught:
            read_cases(path)
        assert caught.value.problems[0].startswith(f"{path}:2: key 'rulebook' is given twice")
        assert caught.value.problems[1].startswith(f"{path}:3: '010' is ambiguous")

    def test_a_progress_file_with_a_duplicate_task_names_it(self, tmp_path: Path) -> None:
        """Two entries for one task in a progress file are an error, not the last one."""
        path = write(
            tmp_path / "p.yaml",
            "progress:\n  4:\n    区安委会办公室: in_progress\n"
            "  4:\n    区安委会办公室: not_started\n",
        )
        with pytest.raises(PlanFileError, match=rf"{path}:4: key '4' is given twice"):
            read_progress(path, PLAN)
