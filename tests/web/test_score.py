"""Scoring by upload gives what ``assessment-rules score`` gives, in every format."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import jsonschema
import openpyxl
import pytest
from starlette.testclient import TestClient

from assessment_rules.io import read_evidence, result_schema

from ..cli.forms import fill_xlsx
from .conftest import EXAMPLES, ROOT, WUJIN, cli, cli_file, upload

SCORE = "/api/rulebooks/wujin-2021-departments/score"
OFFICES = sorted((EXAMPLES / "putuo-2024-streets" / "offices").glob("*.yaml"))


def _without_paths(document: dict[str, Any]) -> dict[str, Any]:
    """The result with each evidence file named by its base name (the upload's name)."""
    for record in document["evidence"]:
        record["path"] = Path(record["path"]).name
    return document


class TestScoreJson:
    def test_upload_gives_the_cli_json(self, client: TestClient) -> None:
        """Uploading the Wujin example returns the CLI's JSON, the file named by its upload name."""
        response = client.post(SCORE, files=upload(WUJIN))
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("application/json")
        expected = cli(
            "score", "wujin-2021-departments", str(WUJIN.relative_to(ROOT)), "--format", "json"
        )
        assert response.text == expected.replace(
            '"examples/wujin-2021-departments.yaml"', '"wujin-2021-departments.yaml"'
        )

    def test_the_result_matches_the_shipped_schema(self, client: TestClient) -> None:
        """The JSON result validates against io/result.schema.json."""
        document = client.post(SCORE, files=upload(WUJIN)).json()
        jsonschema.validate(document, result_schema())

    def test_a_json_body_scores_like_the_file(self, client: TestClient) -> None:
        """A JSON body shaped like an evidence file gives the same units, totals and ledgers."""
        from_file = client.post(SCORE, files=upload(WUJIN)).json()
        body = {
            "rulebook": "wujin-2021-departments",
            "units": [
                {"id": e.unit, "name": e.name, "facts": dict(e.facts)} for e in read_evidence(WUJIN)
            ],
        }
        response = client.post(
            SCORE,
            content=json.dumps(body, ensure_ascii=False, default=str).encode(),
            headers={"content-type": "application/json"},
        )
        assert response.status_code == 200, response.text
        from_body = response.json()
        assert from_body["units"] == from_file["units"]
        assert from_body["evidence"][0]["path"] == "request.json"

    def test_office_files_merge_as_in_the_cli(self, client: TestClient) -> None:
        """One file per office, uploaded together, give the CLI's merged result."""
        response = client.post("/api/rulebooks/putuo-2024-streets/score", files=upload(*OFFICES))
        assert response.status_code == 200, response.text
        expected = cli(
            "score",
            "putuo-2024-streets",
            *(str(path.relative_to(ROOT)) for path in OFFICES),
            "--format",
            "json",
        )
        assert _without_paths(response.json()) == _without_paths(json.loads(expected))

    def test_a_filled_workbook_scores_like_its_yaml(
        self, client: TestClient, tmp_path: Path
    ) -> None:
        """A form downloaded from the service and filled in Excel scores as the YAML does."""
        units = read_evidence(WUJIN)
        form = client.get(
            "/api/rulebooks/wujin-2021-departments/template",
            params={"format": "xlsx", "units": str(len(units))},
        )
        assert form.status_code == 200
        path = tmp_path / "证据.xlsx"
        path.write_bytes(form.content)
        fill_xlsx(path, units)
        from_xlsx = client.post(SCORE, files=upload(path)).json()
        from_yaml = client.post(SCORE, files=upload(WUJIN)).json()
        assert [(u["id"], u["total"], u["grade"]) for u in from_xlsx["units"]] == [
            (u["id"], u["total"], u["grade"]) for u in from_yaml["units"]
        ]


class TestScoreFormats:
    @pytest.mark.parametrize("fmt", ["csv", "md"])
    def test_text_formats_are_the_cli_bytes(self, client: TestClient, fmt: str) -> None:
        """format=csv and format=md return exactly what the CLI writes."""
        response = client.post(SCORE, params={"format": fmt}, files=upload(WUJIN))
        assert response.status_code == 200
        assert "attachment" in response.headers["content-disposition"]
        expected = cli_file(fmt, "score", "wujin-2021-departments", str(WUJIN.relative_to(ROOT)))
        assert response.content == expected

    def test_xlsx_holds_the_ranking_and_one_sheet_per_unit(self, client: TestClient) -> None:
        """format=xlsx returns the result workbook: 排名 and each unit's score sheet."""
        response = client.post(SCORE, params={"format": "xlsx"}, files=upload(WUJIN))
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("application/vnd.openxmlformats")
        workbook = openpyxl.load_workbook(io.BytesIO(response.content))
        assert workbook.sheetnames[:2] == ["排名", "图表"]
        assert len(workbook.sheetnames) == 2 + len(read_evidence(WUJIN))

    def test_accept_header_chooses_the_format(self, client: TestClient) -> None:
        """Without format=, an Accept of text/csv gives the CSV."""
        response = client.post(SCORE, headers={"accept": "text/csv"}, files=upload(WUJIN))
        assert response.headers["content-type"].startswith("text/csv")

    def test_an_unknown_format_is_a_problem(self, client: TestClient) -> None:
        """format=pdf is a 400 problem naming the formats offered."""
        response = client.post(SCORE, params={"format": "pdf"}, files=upload(WUJIN))
        assert response.status_code == 400
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["problems"][0]["field"] == "format"
