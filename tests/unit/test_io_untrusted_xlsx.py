"""Evidence workbooks are untrusted: parsed as untrusted XML, sized from the zip directory
before anything is unpacked, hidden sheets and merged cells refused, units counted once."""

from __future__ import annotations

import io
import time
import tracemalloc
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import openpyxl.xml
import pytest

from assessment_rules import EvidenceError, load_rulebook
from assessment_rules.io import _grids as grids
from assessment_rules.io import load_evidence
from assessment_rules.io._grids import EvidenceFileError, read_workbook
from assessment_rules.io._input_limits import MAX_ZIP_MEMBERS

BOOK = load_rulebook("wujin-2021-departments")


class TestDefusedXml:
    def test_openpyxl_uses_defusedxml(self) -> None:
        """openpyxl finds defusedxml (a declared dependency) and parses workbooks with it."""
        assert openpyxl.xml.DEFUSEDXML is True


def _save(workbook: openpyxl.Workbook, path: Path) -> Path:
    workbook.save(path)
    return path


def _form(path: Path) -> tuple[openpyxl.Workbook, Path]:
    """A form with two units: d1 and d2, and two facts."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "证据"
    sheet.append(["考核细则", "wujin-2021-departments"])
    sheet.append(["事实代码", "d1", "d2"])
    sheet.append(["leader_checks", 3, None])
    sheet.append(["deputy_checks", 4, 4])
    return workbook, path


def problems(path: Path) -> str:
    with pytest.raises(EvidenceError) as caught:
        load_evidence([path], BOOK)
    return str(caught.value)


class TestMergedCells:
    def test_a_value_merged_across_two_units_is_an_error_naming_the_range(
        self, tmp_path: Path
    ) -> None:
        """A merged B3:C3 gave d1 the value and d2 silently nothing; now it names the range."""
        workbook, path = _form(tmp_path / "e.xlsx")
        workbook.active.merge_cells("B3:C3")  # type: ignore[union-attr]
        message = problems(_save(workbook, path))
        assert f"{path} sheet '证据' cells B3:C3: are merged cells inside the table" in message

    def test_a_merged_title_above_the_table_is_fine(self, tmp_path: Path) -> None:
        """A title merged across the top row, above the header row, is read as before."""
        workbook, path = _form(tmp_path / "e.xlsx")
        sheet = workbook.active
        assert sheet is not None
        sheet.insert_rows(1)
        sheet["A1"] = "2024年度考核证据"
        sheet.merge_cells("A1:C1")
        units = load_evidence([_save(workbook, path)], BOOK).units
        assert [u.unit for u in units] == ["d1", "d2"]

    def test_merges_inside_help_columns_are_fine(self, tmp_path: Path) -> None:
        """Help columns (填报项目…) may be merged: they are not read."""
        workbook = openpyxl.Workbook()
        sheet = workbook.active
        assert sheet is not None
        sheet.append(["事实代码", "填报项目", "d1"])
        sheet.append(["leader_checks", "检查", 3])
        sheet.append(["deputy_checks", None, 4])
        sheet.merge_cells("B2:B3")
        (unit,) = load_evidence([_save(workbook, tmp_path / "e.xlsx")], BOOK).units
        assert dict(unit.facts) == {"leader_checks": "3", "deputy_checks": "4"}


class TestHiddenSheets:
    @pytest.mark.parametrize("state", ["hidden", "veryHidden"])
    def test_a_hidden_sheet_with_values_is_refused(self, tmp_path: Path, state: str) -> None:
        """A forgotten hidden sheet's stale values are refused, naming the sheet."""
        workbook, path = _form(tmp_path / "e.xlsx")
        old = workbook.create_sheet("旧数据")
        old.append(["单位代码", "deputy_checks"])
        old.append(["d9", 0])
        old.sheet_state = state
        message = problems(_save(workbook, path))
        assert f"has hidden sheets with values: '旧数据' ({state})" in message

    def test_hidden_sheets_are_read_on_request(self, tmp_path: Path) -> None:
        """``include_hidden_sheets=True`` reads a hidden sheet like any other."""
        workbook, path = _form(tmp_path / "e.xlsx")
        other = workbook.create_sheet("其他")
        other.append(["单位代码", "leader_checks"])
        other.append(["d3", 1])
        other.sheet_state = "hidden"
        loaded = load_evidence([_save(workbook, path)], BOOK, include_hidden_sheets=True)
        assert [u.unit for u in loaded.units] == ["d1", "d2", "d3"]

    def test_a_hidden_instructions_sheet_is_fine(self, tmp_path: Path) -> None:
        """Hiding the 说明 sheet of a template does no harm: it is never read."""
        workbook, path = _form(tmp_path / "e.xlsx")
        help_sheet = workbook.create_sheet("说明")
        help_sheet.append(["填写说明"])
        help_sheet.sheet_state = "hidden"
        assert len(load_evidence([_save(workbook, path)], BOOK).units) == 2

    def test_an_empty_hidden_sheet_is_skipped(self, tmp_path: Path) -> None:
        """A hidden sheet with nothing in it does no harm and is skipped."""
        workbook, path = _form(tmp_path / "e.xlsx")
        workbook.create_sheet("空").sheet_state = "hidden"
        assert len(load_evidence([_save(workbook, path)], BOOK).units) == 2


class TestDuplicateUnits:
    def test_one_unit_on_two_sheets_is_an_error_naming_both_cells(self, tmp_path: Path) -> None:
        """A unit on two sheets of one workbook names both places instead of merging them."""
        workbook, path = _form(tmp_path / "e.xlsx")
        more = workbook.create_sheet("补充")
        more.append(["单位代码", "leader_checks"])
        more.append(["d1", 9])
        message = problems(_save(workbook, path))
        assert (
            f"is given twice in this file ({path} sheet '证据' cell B2 and "
            f"{path} sheet '补充' cell A2)"
        ) in message

    def test_one_unit_on_two_rows_is_an_error(self, tmp_path: Path) -> None:
        """Two rows with one unit id in the table layout are an error naming both cells."""
        workbook = openpyxl.Workbook()
        sheet = workbook.active
        assert sheet is not None
        for row in (["单位代码", "leader_checks"], ["d1", 1], ["d1", 2]):
            sheet.append(row)
        message = problems(_save(workbook, tmp_path / "e.xlsx"))
        assert "cell A2 and" in message and "cell A3)" in message


_MIB_OF_NINES = b"9" * 2**20


class _RepeatingDeflate:
    """zlib's compressor, flushed after every write so that the deflate of the same MiB,
    made once, can be repeated: 1 GiB is packed in a second instead of half a minute."""

    _block = b""

    def __init__(self, *_: object) -> None:
        self._real = zlib.compressobj(9, zlib.DEFLATED, -15)

    def compress(self, data: bytes) -> bytes:
        if data is _MIB_OF_NINES and self._block:
            return self._block
        packed = self._real.compress(data) + self._real.flush(zlib.Z_FULL_FLUSH)
        if data is _MIB_OF_NINES:
            type(self)._block = packed  # after a full flush the same input packs the same
        return packed

    def flush(self) -> bytes:
        return self._real.flush()


def _huge_string_workbook() -> bytes:
    """A 1 MB workbook whose sheet holds a 1 GiB string (deflate packs it 1000 to 1)."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet["A1"], sheet["B1"], sheet["A2"] = "单位代码", "name", "d1"
    plain = io.BytesIO()
    workbook.save(plain)
    source = zipfile.ZipFile(io.BytesIO(plain.getvalue()))
    packed = io.BytesIO()
    cell = b'<c r="A2" t="inlineStr"><is><t>d1</t></is></c>'
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(zipfile, "_get_compressor", _RepeatingDeflate)
        with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as target:
            for info in source.infolist():
                data = source.read(info.filename)
                if info.filename != "xl/worksheets/sheet1.xml":
                    target.writestr(info.filename, data)
                    continue
                head, tail = data.split(cell)
                with target.open(info.filename, "w") as stream:
                    stream.write(head + cell + b'<c r="B2" t="inlineStr"><is><t>')
                    for _ in range(1024):
                        stream.write(_MIB_OF_NINES)
                    stream.write(b"</t></is></c>" + tail)
    return packed.getvalue()


@pytest.fixture(scope="module")
def huge_string() -> Iterator[bytes]:
    yield _huge_string_workbook()


class TestSizes:
    def test_a_1_gib_string_in_a_1_mb_workbook_is_refused_unread(
        self, tmp_path: Path, huge_string: bytes
    ) -> None:
        """The zip directory gives the unpacked size: refused in well under a second, unread."""
        assert len(huge_string) < 1.5 * 2**20
        path = tmp_path / "e.xlsx"
        path.write_bytes(huge_string)
        tracemalloc.start()
        start = time.perf_counter()
        try:
            message = problems(path)
        finally:
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
        assert time.perf_counter() - start < 1
        assert peak < 20 * 2**20
        assert "holds a part 'xl/worksheets/sheet1.xml' of 1024 MiB unpacked" in message

    def test_too_many_parts_are_refused_from_the_directory(self) -> None:
        """A zip declaring more parts than the limit is refused before it is opened."""
        packed = io.BytesIO()
        with zipfile.ZipFile(packed, "w") as target:
            for index in range(MAX_ZIP_MEMBERS + 1):
                target.writestr(f"x/{index}", b"")
        with pytest.raises(EvidenceFileError, match=f"more than {MAX_ZIP_MEMBERS} parts"):
            read_workbook(packed.getvalue(), "e.xlsx")

    def test_too_many_cells_are_refused(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A workbook with more cells than the limit is refused, naming the sheet and row."""
        workbook, path = _form(tmp_path / "e.xlsx")
        monkeypatch.setattr(grids, "MAX_CELLS", 5)
        with pytest.raises(EvidenceFileError, match=r"sheet '证据'.*larger than 5 cells \(row 3\)"):
            read_workbook(_save(workbook, path).read_bytes(), str(path))

    def test_a_stray_cell_far_away_is_bounded(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A value in column XFD on many rows is refused by the cell limit, not read for hours.

        Each such row is 16,384 cells wide. The limit is lowered to keep the test quick;
        at the real limit the same file is refused after about 120 rows.
        """
        monkeypatch.setattr(grids, "MAX_CELLS", 200_000)
        workbook, path = _form(tmp_path / "e.xlsx")
        sheet = workbook.active
        assert sheet is not None
        for row in range(10, 200):
            sheet.cell(row=row, column=16384, value="x")
        start = time.perf_counter()
        with pytest.raises(EvidenceFileError, match="larger than 200000 cells"):
            read_workbook(_save(workbook, path).read_bytes(), str(path))
        assert time.perf_counter() - start < 10
