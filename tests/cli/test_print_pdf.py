"""Workbooks printed by a real office client: LibreOffice converts them to PDF, headless.

Skipped where ``soffice`` or ``pdftotext`` is not installed (CI installs LibreOffice and
poppler-utils from Debian, see ``.ci/run``). Pages are told apart by their header:
every sheet prints its title at the top left and the unit's name (or 排名) beside it,
which pdftotext gives as two consecutive lines.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest

from assessment_rules import assess, load_rulebook
from assessment_rules.io import load_evidence
from assessment_rules.io._finance_table import FORM_TITLE, tables_xlsx
from assessment_rules.io._templates import template_xlsx
from assessment_rules.io._writers import cohort_xlsx

pytestmark = pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftotext") is None,
    reason="LibreOffice (soffice) and poppler-utils (pdftotext) are not installed",
)

EXAMPLES = Path(__file__).parents[2] / "examples"
COHORTS = ("wujin-2021-departments", "putuo-2024-streets", "putuo-2024-departments")
FINANCE = "putuo-2024-finance-selfeval"


def _cohort(name: str):  # type: ignore[no-untyped-def]
    book = load_rulebook(name)
    return book, assess(book, load_evidence([EXAMPLES / f"{name}.yaml"], book).units)


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    """Each bundled example's result workbook, the finance tables and a form, as PDF
    page texts (one LibreOffice run, with a profile of its own)."""
    work = tmp_path_factory.mktemp("print")
    files = []
    for name in COHORTS:
        book, cohort = _cohort(name)
        files.append(work / f"{name}.xlsx")
        files[-1].write_bytes(cohort_xlsx(cohort, book))
    finance = load_rulebook(FINANCE)
    units = load_evidence([EXAMPLES / f"{FINANCE}.yaml"], finance).units
    files.append(work / "finance.xlsx")
    files[-1].write_bytes(tables_xlsx(finance.tables(units)))  # type: ignore[attr-defined]
    files.append(work / "form.xlsx")
    wujin = load_rulebook("wujin-2021-departments")
    files[-1].write_bytes(template_xlsx(wujin, [(f"unit-{i:02d}", "") for i in range(1, 17)]))
    profile = (work / "profile").as_uri()
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(work),
            *map(str, files),
        ],
        check=True,
        capture_output=True,
        timeout=600,
    )
    texts = {}
    for file in files:
        pdf = file.with_suffix(".pdf")
        text = subprocess.run(
            ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
        ).stdout
        texts[file.stem] = [page for page in text.split("\f") if page.strip()]
    return texts


def _owners(pages: list[str], title: str) -> Counter[str]:
    """How many pages each sheet headed *title* takes: a page belongs to the sheet whose
    name its header line (``title … name``, as ``pdftotext -layout`` lays it out) shows."""
    header = re.compile(rf"\s*{re.escape(title)}\s{{2,}}(\S.*?)\s*")
    owners: Counter[str] = Counter()
    for page in pages:
        found = [match[1] for line in page.splitlines() if (match := header.fullmatch(line))]
        if found:
            owners[found[0]] += 1
    return owners


def _squeezed(text: str) -> str:
    return "".join(text.split())


class TestResultWorkbooks:
    @pytest.mark.parametrize("name", COHORTS)
    def test_each_unit_sheet_and_the_ranking_print_on_at_most_two_pages(
        self, pdfs: dict[str, list[str]], name: str
    ) -> None:
        """Every unit's sheet and the ranking take one or two A4 pages, nothing wider."""
        book, cohort = _cohort(name)
        pages = _owners(pdfs[name], book.title)
        assert 1 <= _owners(pdfs[name], f"{book.title}考核结果")["排名"] <= 2
        names = [ranked.result.name or ranked.result.unit for ranked in cohort.units]
        assert set(pages) == set(names)
        assert all(1 <= pages[unit] <= 2 for unit in names), pages

    @pytest.mark.parametrize("name", COHORTS)
    def test_every_reason_for_a_lost_point_is_printed(
        self, pdfs: dict[str, list[str]], name: str
    ) -> None:
        """Each 失分原因 line of each unit appears whole in the PDF's text (not cut to the
        first line of its cell)."""
        _, cohort = _cohort(name)
        printed = _squeezed("".join(pdfs[name]))
        reasons = {reason for ranked in cohort.units for reason in ranked.result.reasons}
        assert reasons
        missing = [reason for reason in reasons if _squeezed(reason) not in printed]
        assert missing == []

    def test_the_ranking_title_carries_no_internal_code(self, pdfs: dict[str, list[str]]) -> None:
        """The rulebook's id (wujin-2021-departments) is not printed in any title."""
        assert not any("wujin-2021-departments" in page for page in pdfs[COHORTS[0]])

    def test_each_unit_sheet_ends_with_the_signature_block(
        self, pdfs: dict[str, list[str]]
    ) -> None:
        """考核人, 复核人 and 日期 are printed once per unit."""
        text = "".join(pdfs[COHORTS[0]])
        _, cohort = _cohort(COHORTS[0])
        assert text.count("考核人：") == text.count("复核人：") == len(cohort.units)


class TestFinanceTables:
    def test_each_table_is_one_page_wide_with_its_title_on_its_first_page(
        self, pdfs: dict[str, list[str]]
    ) -> None:
        """Eleven tables, eleven pages; each page has the title and both edge columns."""
        pages = pdfs["finance"]
        assert len(pages) == 11
        for page in pages:
            lines = [line.strip() for line in page.splitlines()]
            assert FORM_TITLE in lines  # the heading, not only the page header's title
            assert "项目名称" in page and "偏差原因分析及改进措施" in page


class TestEvidenceForm:
    def test_the_labels_are_printed_beside_every_page_of_unit_columns(
        self, pdfs: dict[str, list[str]]
    ) -> None:
        """Sixteen unit columns run over several pages across; every page repeats the
        header row and the 事实代码/填报项目 columns, so no unit column prints unlabelled."""
        pages = [page for page in pdfs["form"] if "填写说明" not in page]
        assert len(pages) >= 2
        assert sum("unit-16" in page for page in pages) >= 1
        assert all("填报项目" in page and "事实代码" in page for page in pages)
        assert all(re.search(r"\b[a-z]+_[a-z_]+\b", page) for page in pages)
