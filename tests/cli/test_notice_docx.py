"""``score --format docx``: the 考核结果通报 draft, and both new outputs in LibreOffice.

The LibreOffice tests are skipped where ``soffice`` or ``pdftotext`` is not installed
(CI installs LibreOffice and poppler-utils from Debian, see ``.ci/run``).
"""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from assessment_rules import assess, load_rulebook
from assessment_rules.cli import main
from assessment_rules.io import read_evidence
from assessment_rules.io._docx import cohort_docx
from assessment_rules.io._writers import cohort_xlsx

BOOK = "wujin-2021-departments"
EXAMPLES = Path(__file__).parents[2] / "examples"
EXAMPLE = str(EXAMPLES / f"{BOOK}.yaml")


class TestScoreDocx:
    def test_docx_suffix_writes_the_notice(self, tmp_path: Path) -> None:
        """-o 通报.docx writes the notice without --format, the same bytes twice."""
        first, again = tmp_path / "通报.docx", tmp_path / "again.docx"
        for out in (first, again):
            run = CliRunner().invoke(main, ["score", BOOK, EXAMPLE, "-o", str(out)])
            assert run.exit_code == 0, run.output
        assert first.read_bytes() == again.read_bytes()
        text = "\n".join(p.text for p in docx.Document(str(first)).paragraphs)
        assert text.startswith("关于2021年度部门（单位）安全生产目标任务考核结果的通报")

    def test_format_docx_to_a_pipe_is_the_same_file(self, tmp_path: Path) -> None:
        """--format docx on standard output (not a terminal) gives the same bytes."""
        out = tmp_path / "r.docx"
        CliRunner().invoke(main, ["score", BOOK, EXAMPLE, "-o", str(out)])
        run = CliRunner().invoke(main, ["score", BOOK, EXAMPLE, "--format", "docx"])
        assert run.exit_code == 0 and run.stdout_bytes == out.read_bytes()

    def test_docx_on_a_terminal_asks_for_a_file(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """A binary notice is not printed on a terminal: exit 2, naming --output."""
        monkeypatch.setattr("assessment_rules.cli._common.stdout_is_terminal", lambda: True)
        run = CliRunner().invoke(main, ["score", BOOK, EXAMPLE, "--format", "docx"])
        assert run.exit_code == 2 and "--output FILE.docx" in run.output

    def test_other_commands_refuse_a_docx_output(self) -> None:
        """explain writes no notice: -o r.docx is refused before any work."""
        run = CliRunner().invoke(
            main, ["explain", BOOK, EXAMPLE, "--unit", "clean", "-o", "r.docx"]
        )
        assert run.exit_code == 2 and "'r.docx' names a Word file" in run.output


OFFICE = pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftotext") is None,
    reason="LibreOffice (soffice) and poppler-utils (pdftotext) are not installed",
)


@pytest.fixture(scope="module")
def pdf_texts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The Putuo streets' notice and result workbook, converted by LibreOffice (one
    run, a profile of its own), as PDF text."""
    work = tmp_path_factory.mktemp("notice")
    book = load_rulebook("putuo-2024-streets")
    cohort = assess(book, read_evidence(EXAMPLES / "putuo-2024-streets.yaml"))
    notice, workbook = work / "通报.docx", work / "结果.xlsx"
    notice.write_bytes(cohort_docx(cohort, book))
    workbook.write_bytes(cohort_xlsx(cohort, book))
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(work),
            str(notice),
            str(workbook),
        ],
        check=True,
        capture_output=True,
        timeout=600,
    )
    return {
        file.stem: subprocess.run(
            ["pdftotext", str(file.with_suffix(".pdf")), "-"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        for file in (notice, workbook)
    }


@OFFICE
class TestInLibreOffice:
    def test_the_notice_opens_with_its_title_and_every_unit(
        self, pdf_texts: dict[str, str]
    ) -> None:
        """The notice's PDF has the title, the rulebook, all 10 streets and the vetoes."""
        # LibreOffice spaces digits off from Chinese and wraps lines: compare without blanks.
        text = "".join(pdf_texts["通报"].split())
        assert text.startswith(
            "关于普陀区2024年度安全生产、灾害防治和消防安全绩效考核（街道镇）结果的通报各有关单位："
        )
        assert "根据《" + load_rulebook("putuo-2024-streets").title + "》" in text
        for evidence in read_evidence(EXAMPLES / "putuo-2024-streets.yaml"):
            assert evidence.name in text
        assert "二、一票否决情况" in text and "三、各单位失分原因" in text

    def test_the_chart_sheet_prints_both_charts(self, pdf_texts: dict[str, str]) -> None:
        """The workbook's PDF shows both chart titles and the streets in the chart."""
        text = "".join(pdf_texts["结果"].split())
        assert "图一" in text and "各单位总分与等次分数线" in text
        assert "图二" in text and "各条款失分合计" in text
        assert "重大事故隐患逾期未整改销号" in text


def test_read_back_has_the_ranking_table() -> None:
    """python-docx reads the ranking table back: 7 units and a header."""
    book = load_rulebook(BOOK)
    cohort = assess(book, read_evidence(Path(EXAMPLE)))
    document = docx.Document(io.BytesIO(cohort_docx(cohort, book)))
    assert len(document.tables[0].rows) == 1 + 7
