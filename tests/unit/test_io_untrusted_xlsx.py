"""Evidence workbooks are parsed as untrusted XML."""

from __future__ import annotations

import openpyxl.xml


class TestDefusedXml:
    def test_openpyxl_uses_defusedxml(self) -> None:
        """openpyxl finds defusedxml (a declared dependency) and parses workbooks with it."""
        assert openpyxl.xml.DEFUSEDXML is True
