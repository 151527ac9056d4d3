"""Every rulebook case file, bundled or kept with the tests, runs as a pytest test.

Case files: ``rulebooks/cases/*.yaml`` (shipped with the package) and
``tests/rulebooks/cases/*.yaml``. Each case is one test, named ``file.yaml:line``;
a failure prints the case's sentence and how its ledger differs.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from assessment_rules.yearly import RulebookCase, read_cases, run_case
from assessment_rules.yearly._cases import bundled_case_files

HERE = Path(__file__).parent
FILES = (*bundled_case_files(), *sorted((HERE / "cases").glob("*.yaml")))
CASES = [case for path in FILES for case in read_cases(path)]


def test_case_files_are_found() -> None:
    """Both the bundled and the test-only case files are discovered."""
    assert {path.parent.name for path in FILES} == {"cases"}
    assert len({path.parent for path in FILES}) == 2


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_case(case: RulebookCase) -> None:
    """The case's evidence scores exactly the expected total, grade and ledger."""
    outcome = run_case(case)
    assert outcome.passed, outcome.report()
