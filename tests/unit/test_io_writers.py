"""CSV, XLSX and Markdown score sheets, and text that must never run as a formula."""

from __future__ import annotations

import csv
import datetime
import gc
import io
import time
from pathlib import Path

import openpyxl
import pytest

from assessment_rules import Evidence, assess, load_rulebook
from assessment_rules.io import read_evidence
from assessment_rules.io._writers import (
    cohort_csv,
    cohort_markdown,
    cohort_xlsx,
    sheet_title,
    steady_xlsx,
    write_cohort_xlsx,
)

BOOK = load_rulebook("wujin-2021-departments")
EXAMPLE = read_evidence(Path(__file__).parents[2] / "examples" / f"{BOOK.id}.yaml")
EVIL = '=HYPERLINK("http://example.invalid","点我")'
COHORT = assess(BOOK, [Evidence("evil", EXAMPLE[0].facts, EVIL), *EXAMPLE[1:3]])


class TestXlsx:
    def test_a_unit_named_like_a_formula_is_written_as_text(self) -> None:
        """The name '=HYPERLINK(…)' is a string cell with the quote prefix, never a formula."""
        workbook = openpyxl.load_workbook(io.BytesIO(cohort_xlsx(COHORT, BOOK)))
        cells = [c for row in workbook["排名"].iter_rows() for c in row if c.value == EVIL]
        assert cells and all(c.data_type == "s" and c.quotePrefix for c in cells)
        for sheet in workbook.worksheets:
            assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)

    def test_scores_are_numbers_and_a_negative_star_item_stays_numeric(self) -> None:
        """Totals are numeric cells, so Excel can sum them; none is guarded as text."""
        workbook = openpyxl.load_workbook(io.BytesIO(cohort_xlsx(COHORT, BOOK)))
        rows = workbook["排名"].iter_rows(min_row=3, max_row=2 + len(COHORT.units))
        totals = [row[2].value for row in rows]
        # evil has the clean unit's facts (100); capped 90; starred 83.
        assert totals == [100, 90, 83]

    def test_sheet_titles_are_valid_and_unique(self) -> None:
        """Forbidden characters are replaced, long names cut to 31, repeats numbered."""
        taken: set[str] = set()
        titles = [sheet_title(name, taken) for name in ("a/b", "a_b", "x" * 40)]
        assert titles == ["a_b", "a_b (2)", "x" * 31]


class TestCsv:
    def test_csv_is_utf8_with_bom_and_guards_formula_text(self) -> None:
        """Excel-friendly BOM; the formula-like name gets a leading apostrophe."""
        data = cohort_csv(COHORT, BOOK)
        assert data.startswith(b"\xef\xbb\xbf")
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
        assert ["1", "'" + EVIL, "100", "优秀", "", "", "", "evil"] in rows

    def test_ranking_then_one_block_per_unit(self) -> None:
        """The ranking header comes first, then a 单位 title line and the sheet header per unit."""
        rows = list(csv.reader(io.StringIO(cohort_csv(COHORT, BOOK).decode("utf-8-sig"))))
        assert rows[1][:5] == ["排名", "单位", "总分", "等次", "失分原因"]
        titles = [row[0] for row in rows if row and row[0].startswith("单位：")]
        assert len(titles) == 3
        assert sum(1 for row in rows if row[:3] == ["序号", "项目", "考核内容"]) == 3


class TestMarkdown:
    def test_markdown_escapes_pipes_and_html(self) -> None:
        """Names cannot break the table or inject HTML."""
        cohort = assess(BOOK, [Evidence("x", EXAMPLE[0].facts, "a|b<script>")])
        text = cohort_markdown(cohort, BOOK)
        assert "a\\|b&lt;script&gt;" in text and "<script>" not in text


class TestSteadyWorkbooks:
    def test_the_same_cohort_gives_the_same_bytes(self) -> None:
        """Two workbooks of one cohort, a second apart, are byte-identical."""
        first = cohort_xlsx(COHORT, BOOK)
        time.sleep(1.1)  # zip members would be dated to the second
        assert cohort_xlsx(COHORT, BOOK) == first

    def test_steady_xlsx_takes_the_clock_out_of_any_workbook(self) -> None:
        """A workbook saved by openpyxl at two times becomes the same bytes."""
        workbook = openpyxl.Workbook()
        saved = []
        for year in (2001, 2002):
            workbook.properties.created = datetime.datetime(year, 1, 1)
            buffer = io.BytesIO()
            workbook.save(buffer)
            saved.append(buffer.getvalue())
        assert saved[0] != saved[1]
        assert steady_xlsx(saved[0]) == steady_xlsx(saved[1])


class TestStreamedWorkbooks:
    def test_every_unit_gets_its_sheet_in_order(self) -> None:
        """The streamed workbook has the ranking, the charts and one sheet per unit."""
        workbook = openpyxl.load_workbook(io.BytesIO(cohort_xlsx(COHORT, BOOK)))
        assert workbook.sheetnames[:2] == ["排名", "图表"] and len(workbook.sheetnames) == 5
        assert workbook.sheetnames[3:] == ["示例区住房和建设管理委员会", "示例区交通委员会"]
        sheet = workbook.worksheets[3]
        assert sheet.freeze_panes == "A4"
        assert sheet["A3"].value == "序号" and sheet["A3"].font.b

    def test_a_failed_write_leaves_nothing_open(self) -> None:
        """An error midway closes the zip file and the sheet quietly (no later noise)."""
        buffer = io.BytesIO()

        def fail(count: int) -> None:
            raise KeyboardInterrupt

        with pytest.raises(KeyboardInterrupt):
            write_cohort_xlsx(buffer, COHORT, BOOK, fail)
        gc.collect()  # nothing left to close raises "Exception ignored"


class TestControlCharacters:
    NAME = "区\x1b[2J应急\x00局\ud800"

    def test_xlsx_writes_them_as_escapes(self) -> None:
        """A name with ESC, NUL and a lone surrogate is written (openpyxl refused it)."""
        cohort = assess(BOOK, [Evidence("u", EXAMPLE[0].facts, self.NAME)])
        workbook = openpyxl.load_workbook(io.BytesIO(cohort_xlsx(cohort, BOOK)))
        assert workbook["排名"]["B3"].value == "区\\u001b[2J应急\\u0000局\\ud800"

    def test_csv_and_markdown_write_them_as_escapes(self) -> None:
        """CSV (which could not encode the surrogate) and Markdown show escapes."""
        cohort = assess(BOOK, [Evidence("u", EXAMPLE[0].facts, self.NAME)])
        text = cohort_csv(cohort, BOOK).decode("utf-8-sig") + cohort_markdown(cohort, BOOK)
        assert "\x1b" not in text and "\x00" not in text
        assert text.count("区\\u001b[2J应急\\u0000局\\ud800") >= 2
