"""Each endpoint answers what the matching CLI command prints, through the same library calls."""

from __future__ import annotations

import json

import pytest
from starlette.testclient import TestClient

from .conftest import EXAMPLES, ROOT, WUJIN, cli, cli_file, upload

BOOK = "/api/rulebooks/wujin-2021-departments"
STREETS = EXAMPLES / "putuo-2024-streets.yaml"
SELF = EXAMPLES / "putuo-2024-streets" / "self-evaluation.yaml"
PROGRESS = EXAMPLES / "putuo-2024-workplan-progress.yaml"
SUBMISSIONS = EXAMPLES / "putuo-2020-submissions.yaml"


def _rel(path: object) -> str:
    return str(path.relative_to(ROOT))  # type: ignore[attr-defined]


class TestListRulebooks:
    def test_lists_what_the_cli_lists(self, client: TestClient) -> None:
        """GET /api/rulebooks gives the ids, titles and points of `list --format json`."""
        listed = client.get("/api/rulebooks").json()
        expected = json.loads(cli("list", "--format", "json"))
        assert listed == expected


class TestShowRulebook:
    @pytest.mark.parametrize("fmt", ["json", "md", "text"])
    def test_outline_is_the_cli_show(self, client: TestClient, fmt: str) -> None:
        """GET /api/rulebooks/{id} is `show --format json|md|text`, facts and clauses included."""
        response = client.get(BOOK, params={"format": fmt})
        assert response.status_code == 200
        assert response.text == cli("show", "wujin-2021-departments", "--format", fmt)

    def test_outline_lists_facts_and_clauses(self, client: TestClient) -> None:
        """The JSON outline names each fact with the clause paths that read it."""
        outline = client.get(BOOK).json()
        facts = {fact["name"]: fact for fact in outline["facts"]}
        assert facts["leader_checks"]["paths"] == ["key_work.inspections.leader_checks"]
        assert outline["children"][0]["title"]


class TestTemplate:
    @pytest.mark.parametrize("fmt", ["yaml", "csv"])
    def test_forms_are_the_cli_forms(self, client: TestClient, fmt: str) -> None:
        """The downloaded form is byte for byte `template --units 3`."""
        response = client.get(f"{BOOK}/template", params={"format": fmt, "units": "3"})
        assert response.status_code == 200
        assert "attachment" in response.headers["content-disposition"]
        expected = cli_file(fmt, "template", "wujin-2021-departments", "--units", "3")
        assert response.content == expected

    def test_office_forms_and_named_units(self, client: TestClient) -> None:
        """office= and repeated unit=ID=名称 give the CLI's office form for those units."""
        params = [("format", "csv"), ("office", "fire"), ("unit", "a=甲街道"), ("unit", "b")]
        response = client.get("/api/rulebooks/putuo-2024-streets/template", params=params)
        assert response.status_code == 200
        expected = cli_file(
            "csv",
            "template",
            "putuo-2024-streets",
            "--office",
            "fire",
            "--unit",
            "a=甲街道",
            "--unit",
            "b",
        )
        assert response.content == expected

    def test_an_unknown_office_is_a_problem_with_a_hint(self, client: TestClient) -> None:
        """office=fier is 400 with "Did you mean 'fire'?"."""
        response = client.get(
            "/api/rulebooks/putuo-2024-streets/template", params={"office": "fier"}
        )
        assert response.status_code == 400
        assert "fire" in response.json()["problems"][0]["expectation"]

    def test_the_unit_count_is_bounded(self, client: TestClient) -> None:
        """units above 5000 is a 400 problem, not a huge workbook."""
        assert client.get(f"{BOOK}/template", params={"units": "50000"}).status_code == 400
        assert client.get(f"{BOOK}/template", params={"units": "many"}).status_code == 400


class TestValidate:
    def test_valid_evidence_lists_its_units(self, client: TestClient) -> None:
        """Valid evidence gives valid=true, every unit and the file's digest, no scores."""
        response = client.post(f"{BOOK}/validate", files=upload(WUJIN))
        assert response.status_code == 200
        body = response.json()
        assert body["valid"] is True
        assert [unit["id"] for unit in body["units"]][:1] == ["clean"]
        assert body["evidence"][0]["path"] == "wujin-2021-departments.yaml"
        assert "total" not in json.dumps(body)


class TestExplain:
    @pytest.mark.parametrize("fmt", ["json", "md", "text"])
    def test_explain_is_the_cli_explain(self, client: TestClient, fmt: str) -> None:
        """POST explain?unit=capped gives `explain --unit capped --format …`."""
        response = client.post(
            f"{BOOK}/explain", params={"unit": "capped", "format": fmt}, files=upload(WUJIN)
        )
        assert response.status_code == 200
        expected = cli(
            "explain", "wujin-2021-departments", _rel(WUJIN), "--unit", "capped", "--format", fmt
        )
        assert response.text == expected


class TestCompare:
    def test_compare_is_the_cli_compare(self, client: TestClient) -> None:
        """self and assessor files give `compare --format json`."""
        response = client.post(
            "/api/rulebooks/putuo-2024-streets/compare",
            files=[*upload(SELF, field="self"), *upload(STREETS, field="assessor")],
        )
        assert response.status_code == 200, response.text
        expected = cli(
            "compare", "putuo-2024-streets", _rel(SELF), _rel(STREETS), "--format", "json"
        )
        assert response.json() == json.loads(expected)


class TestDiff:
    @pytest.mark.parametrize("fmt", ["json", "md", "text"])
    def test_diff_is_the_cli_diff(self, client: TestClient, fmt: str) -> None:
        """GET /api/diff gives `diff OLD NEW --format …`."""
        response = client.get(
            "/api/diff",
            params={
                "old": "wujin-2021-departments",
                "new": "wujin-2022-departments",
                "format": fmt,
            },
        )
        assert response.status_code == 200
        expected = cli("diff", "wujin-2021-departments", "wujin-2022-departments", "--format", fmt)
        assert response.text == expected

    def test_a_missing_side_is_a_problem(self, client: TestClient) -> None:
        """Without new= the diff is a 400 problem naming the parameter."""
        response = client.get("/api/diff", params={"old": "wujin-2021-departments"})
        assert response.status_code == 400
        assert response.json()["problems"][0]["field"] == "new"


class TestPlans:
    def test_plans_are_listed(self, client: TestClient) -> None:
        """GET /api/plans lists the bundled work plan and calendars with their kind."""
        kinds = {plan["id"]: plan["kind"] for plan in client.get("/api/plans").json()}
        assert kinds["putuo-2024-workplan"] == "workplan"
        assert kinds["putuo-2024-assessment"] == "calendar"

    def test_tasks_with_progress_are_the_cli_tasks(self, client: TestClient) -> None:
        """POST tasks with a progress file gives `tasks --progress … --format json`."""
        params = {"as_of": "2024-10-01", "unit": "区应急局", "points": "15"}
        response = client.post(
            "/api/plans/putuo-2024-workplan/tasks",
            params=params,
            files=upload(PROGRESS, field="progress"),
        )
        assert response.status_code == 200, response.text
        expected = cli(
            "tasks",
            "putuo-2024-workplan",
            "--as-of",
            "2024-10-01",
            "--unit",
            "区应急局",
            "--points",
            "15",
            "--progress",
            _rel(PROGRESS),
            "--format",
            "json",
        )
        assert response.text == expected

    def test_calendar_with_submissions_is_the_cli_calendar(self, client: TestClient) -> None:
        """POST calendar with a submissions file gives `calendar --submissions …`."""
        response = client.post(
            "/api/plans/putuo-2020-inspection/calendar",
            params={"as_of": "2020-11-05", "format": "md"},
            files=upload(SUBMISSIONS, field="submissions"),
        )
        assert response.status_code == 200, response.text
        expected = cli(
            "calendar",
            "putuo-2020-inspection",
            "--as-of",
            "2020-11-05",
            "--submissions",
            _rel(SUBMISSIONS),
            "--format",
            "md",
        )
        assert response.text == expected

    def test_a_plan_is_named_by_bundled_id_only(self, client: TestClient) -> None:
        """A path in place of a plan id is 404: the service never reads a server file."""
        response = client.get("/api/plans/%2Fetc%2Fpasswd/tasks")
        assert response.status_code == 404
        assert (
            client.get("/api/plans/putuo-2024-workplan/tasks", params={"as_of": "soon"}).status_code
            == 400
        )


class TestPages:
    def test_home_lists_every_rulebook(self, client: TestClient) -> None:
        """The home page links every rulebook on offer, in Chinese."""
        page = client.get("/")
        assert page.status_code == 200
        assert 'lang="zh-CN"' in page.text
        for book in client.get("/api/rulebooks").json():
            assert f'/rulebooks/{book["id"]}"' in page.text

    def test_result_page_shows_ranking_reasons_and_fixes(self, client: TestClient) -> None:
        """Posting the example to the page gives the ranking, 失分原因 and 整改清单."""
        page = client.post("/rulebooks/wujin-2021-departments/result", files=upload(WUJIN))
        assert page.status_code == 200
        for text in ("排名", "失分原因", "整改清单", "评分台账", "示例区应急管理局"):
            assert text in page.text
        assert "<script>" not in page.text

    def test_names_from_evidence_are_escaped(self, client: TestClient) -> None:
        """A unit named like markup shows as text on the page."""
        text = WUJIN.read_text("utf-8").replace("示例区应急管理局", "<script>alert(1)</script>", 1)
        page = client.post(
            "/rulebooks/wujin-2021-departments/result?fragment=1",
            files=[("evidence", ("e.yaml", text.encode()))],
        )
        assert "<script>alert(1)</script>" not in page.text
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text
