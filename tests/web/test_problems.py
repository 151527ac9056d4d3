"""Untrusted input: every mistake as RFC 9457 problem details, never a trace or a leak."""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from starlette.testclient import TestClient

from assessment_rules.io import read_evidence
from assessment_rules.web import _service

from ..cli.forms import fill_xlsx
from .conftest import WUJIN, upload

SCORE = "/api/rulebooks/wujin-2021-departments/score"
PROBLEM = "application/problem+json"
MakeClient = Callable[..., TestClient]


def _bad_yaml(tmp_path: Path) -> Path:
    text = WUJIN.read_text("utf-8")
    text = text.replace("leader_checks: 5", "leader_checks: five", 1)
    text = text.replace("safety_meetings: 4", "safety_meetngs: 4", 1)
    path = tmp_path / "部门证据.yaml"
    path.write_text(text, "utf-8")
    return path


class TestEvidenceProblems:
    def test_bad_yaml_lists_every_problem_with_file_line_unit_and_fact(
        self, client: TestClient, tmp_path: Path
    ) -> None:
        """A misspelt fact and a word for a number give 422 with one entry per problem."""
        response = client.post(SCORE, files=upload(_bad_yaml(tmp_path)))
        assert response.status_code == 422
        assert response.headers["content-type"] == PROBLEM
        body = response.json()
        assert body["type"] == "/problems/invalid-evidence"
        assert body["instance"] == SCORE
        found = {(p["fact"], p["unit"]) for p in body["problems"]}
        assert {("safety_meetngs", "clean"), ("leader_checks", "clean")} <= found
        for problem in body["problems"]:
            assert problem["file"] == "部门证据.yaml"
            assert isinstance(problem["line"], int)
        typo = next(p for p in body["problems"] if p["fact"] == "safety_meetngs")
        assert "safety_meetings" in typo["hint"]
        wrong = next(p for p in body["problems"] if p["fact"] == "leader_checks")
        assert wrong["value"] == "five"
        assert wrong["paths"] == ["key_work.inspections.leader_checks"]

    def test_a_bad_workbook_cell_is_named_by_sheet_and_cell(
        self, client: TestClient, tmp_path: Path
    ) -> None:
        """A text in a whole-number cell of a filled form is reported at its sheet and cell."""
        units = read_evidence(WUJIN)
        form = client.get(
            "/api/rulebooks/wujin-2021-departments/template",
            params={"units": str(len(units))},
        )
        path = tmp_path / "证据.xlsx"
        path.write_bytes(form.content)
        fill_xlsx(path, units)
        workbook = openpyxl.load_workbook(path)
        sheet = workbook["证据"]
        row = next(r for r in sheet.iter_rows() if r[0].value == "leader_checks")
        row[6].value = "三"
        workbook.save(path)
        problems = client.post(SCORE, files=upload(path)).json()["problems"]
        assert len(problems) == 1
        problem = problems[0]
        assert (problem["file"], problem["sheet"], problem["cell"]) == (
            "证据.xlsx",
            "证据",
            f"G{row[6].row}",
        )
        assert (problem["unit"], problem["fact"], problem["value"]) == (
            units[0].unit,
            "leader_checks",
            "三",
        )

    def test_files_of_an_unknown_kind_are_named(self, client: TestClient) -> None:
        """A .txt upload is a 422 problem naming the file and the suffixes read."""
        response = client.post(SCORE, files=[("evidence", ("notes.txt", b"units: []"))])
        assert response.status_code == 422
        problem = response.json()["problems"][0]
        assert problem["file"] == "notes.txt"
        assert ".xlsx" in problem["message"]

    def test_invalid_json_body_names_its_line(self, client: TestClient) -> None:
        """A JSON body that does not parse is a 422 problem at request.json and its line."""
        response = client.post(
            SCORE,
            content=b'{"units": [\n  {"id": "a",}\n]}',
            headers={"content-type": "application/json"},
        )
        assert response.status_code == 422
        problem = response.json()["problems"][0]
        assert (problem["file"], problem["line"]) == ("request.json", 2)

    def test_an_unknown_unit_for_explain_is_404(self, client: TestClient) -> None:
        """explain for a unit not in the evidence is 404 unknown-unit with a hint."""
        response = client.post(
            "/api/rulebooks/wujin-2021-departments/explain",
            params={"unit": "clen"},
            files=upload(WUJIN),
        )
        assert response.status_code == 404
        body = response.json()
        assert body["type"] == "/problems/unknown-unit"
        assert "clean" in body["problems"][0]["hint"]


class TestRequestProblems:
    def test_an_unknown_rulebook_is_404_with_a_hint(self, client: TestClient) -> None:
        """A misspelt rulebook id is 404 unknown-rulebook with "Did you mean …?"."""
        response = client.post("/api/rulebooks/wujin-2021/score", files=upload(WUJIN))
        assert response.status_code == 404
        assert response.headers["content-type"] == PROBLEM
        assert "wujin-2021-departments" in response.json()["problems"][0]["hint"]

    def test_no_evidence_is_400(self, client: TestClient) -> None:
        """A form without an evidence file is 400 missing-evidence."""
        response = client.post(SCORE, files={"note": (None, "no file here")})
        assert response.status_code == 400
        assert response.json()["type"] == "/problems/missing-evidence"
        elsewhere = client.post(SCORE, files=[("other", ("a.yaml", b"units: []"))])
        assert elsewhere.status_code == 400
        assert "evidence" in elsewhere.json()["detail"]

    def test_another_content_type_is_415(self, client: TestClient) -> None:
        """A text/plain body is 415 naming the types accepted."""
        response = client.post(SCORE, content=b"units: []", headers={"content-type": "text/plain"})
        assert response.status_code == 415
        assert "multipart/form-data" in response.json()["detail"]

    def test_unknown_routes_and_methods_are_problems(self, client: TestClient) -> None:
        """404 and 405 come as problem details too."""
        assert client.get("/api/nothing").json()["type"] == "/problems/not-found"
        wrong = client.get(SCORE)
        assert wrong.status_code == 405
        assert wrong.json()["type"] == "/problems/method-not-allowed"

    def test_a_browser_gets_the_problems_as_a_page(
        self, client: TestClient, tmp_path: Path
    ) -> None:
        """With Accept: text/html the same problems come as an HTML table."""
        response = client.post(
            SCORE, files=upload(_bad_yaml(tmp_path)), headers={"accept": "text/html"}
        )
        assert response.status_code == 422
        assert response.headers["content-type"].startswith("text/html")
        assert "safety_meetngs" in response.text
        assert "部门证据.yaml" in response.text

    def test_every_problem_type_has_a_page(self, client: TestClient) -> None:
        """/problems/<kind> explains each type a problem can name."""
        page = client.get("/problems/invalid-evidence")
        assert page.status_code == 200
        assert "证据有误" in page.text


class TestLimits:
    def test_a_body_over_the_limit_is_413(self, make_client: MakeClient) -> None:
        """A body larger than max_body_bytes is refused with 413 before scoring."""
        small = make_client(max_body_bytes=1000)
        response = small.post(SCORE, files=upload(WUJIN))
        assert response.status_code == 413
        assert response.headers["content-type"] == PROBLEM
        assert response.json()["type"] == "/problems/body-too-large"

    def test_a_streamed_body_over_the_limit_is_413(self, make_client: MakeClient) -> None:
        """A body without Content-Length is cut off at the limit too."""
        small = make_client(max_body_bytes=1000)

        def chunks() -> Any:
            for _ in range(10):
                yield b"x" * 500

        response = small.post(SCORE, content=chunks(), headers={"content-type": "application/json"})
        assert response.status_code == 413

    def test_too_many_files_is_400(self, make_client: MakeClient) -> None:
        """More files than max_files is 400 too-many-files."""
        few = make_client(max_files=2)
        response = few.post(SCORE, files=upload(WUJIN, WUJIN, WUJIN))
        assert response.status_code == 400
        assert response.json()["type"] == "/problems/too-many-files"

    def test_work_past_the_time_limit_is_503(
        self, make_client: MakeClient, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Scoring that outlasts time_limit gives 503 time-limit with Retry-After."""
        real = _service.score

        def slow(*args: Any) -> Any:
            time.sleep(1)
            return real(*args)

        monkeypatch.setattr(_service, "score", slow)
        hurried = make_client(time_limit=0.1)
        response = hurried.post(SCORE, files=upload(WUJIN))
        assert response.status_code == 503
        assert response.json()["type"] == "/problems/time-limit"
        assert response.headers["retry-after"]


class TestNothingLeaks:
    def test_a_crash_gives_a_bare_500_without_a_trace(
        self, make_client: MakeClient, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """An unexpected error is a 500 internal problem with no trace, type or message."""

        def crash(*args: Any) -> Any:
            raise RuntimeError("secret detail at /srv/private/path")

        monkeypatch.setattr(_service, "score", crash)
        response = make_client().post(SCORE, files=upload(WUJIN))
        assert response.status_code == 500
        assert response.json()["type"] == "/problems/internal"
        for leaked in ("Traceback", "RuntimeError", "secret", "/srv/private"):
            assert leaked not in response.text

    def test_uploads_go_to_a_private_folder_that_is_removed(
        self, client: TestClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Files are written under the temporary directory, mode 0700, and removed after."""
        monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
        seen: list[tuple[Path, int]] = []
        real = _service.Workspace.add

        def spy(self: _service.Workspace, name: str, data: bytes) -> Path:
            path = real(self, name, data)
            seen.append((path, self.root.stat().st_mode & 0o777))
            return path

        monkeypatch.setattr(_service.Workspace, "add", spy)
        response = client.post(SCORE, files=[("evidence", ("../../evil.yaml", WUJIN.read_bytes()))])
        assert response.status_code == 200
        ((path, mode),) = seen
        assert path.is_relative_to(tmp_path) and path.name == "evil.yaml"
        assert mode == 0o700
        assert not path.exists()
        assert not list(tmp_path.glob("assessment-rules-web-*"))
        assert response.json()["evidence"][0]["path"] == "evil.yaml"

    def test_messages_never_name_the_server_folder(
        self, client: TestClient, tmp_path: Path
    ) -> None:
        """Problems name the upload, never the temporary path it was read from."""
        response = client.post(SCORE, files=[("evidence", ("e.yaml", b"units: [1"))])
        assert response.status_code == 422
        assert "assessment-rules-web-" not in response.text
        assert tempfile.gettempdir() not in response.text
        assert response.json()["problems"][0]["file"] == "e.yaml"
