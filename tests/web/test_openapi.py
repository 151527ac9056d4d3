"""``/openapi.json`` is a valid OpenAPI 3.1 document that describes the service as it is."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from starlette.routing import Mount, Route
from starlette.testclient import TestClient

from assessment_rules.io import result_schema

from .conftest import WUJIN, upload

validator = pytest.importorskip("openapi_spec_validator", reason="in the test extra")


@pytest.fixture(scope="module")
def document(client: TestClient) -> dict[str, Any]:
    response = client.get("/openapi.json")
    assert response.status_code == 200
    found: dict[str, Any] = response.json()
    return found


def _schema(document: dict[str, Any], name: str) -> dict[str, Any]:
    """A component schema, resolvable on its own (its refs point into the document)."""
    return {**document["components"]["schemas"][name], "components": document["components"]}


class TestOpenapiDocument:
    def test_validates_as_openapi_3_1(self, document: dict[str, Any]) -> None:
        """openapi-spec-validator accepts the document as OpenAPI 3.1."""
        assert document["openapi"].startswith("3.1")
        validator.validate(document, cls=validator.OpenAPIV31SpecValidator)

    def test_every_api_route_is_described(
        self, client: TestClient, document: dict[str, Any]
    ) -> None:
        """Every /api route, with each of its methods, has an operation in the document."""
        for route in client.app.routes:  # type: ignore[attr-defined]
            if isinstance(route, Mount) or not isinstance(route, Route):
                continue
            if not route.path.startswith(("/api", "/openapi", "/schemas", "/healthz")):
                continue
            described = document["paths"].get(route.path)
            assert described is not None, route.path
            for method in route.methods or ():
                if method != "HEAD":
                    assert method.lower() in described, (route.path, method)

    def test_the_result_is_the_shipped_schema(self, document: dict[str, Any]) -> None:
        """components.schemas.Result is io/result.schema.json with only its references rebased."""
        shipped = result_schema()
        embedded = json.dumps(document["components"]["schemas"]["Result"], ensure_ascii=False)
        restored = json.loads(embedded.replace('"#/components/schemas/Result/', '"#/'))
        restored.update({"$schema": shipped["$schema"], "$id": shipped["$id"]})
        assert restored == shipped

    def test_the_score_response_matches_its_description(
        self, client: TestClient, document: dict[str, Any]
    ) -> None:
        """A real score response validates against the schema the document gives for it."""
        operation = document["paths"]["/api/rulebooks/{rulebook}/score"]["post"]
        reference = operation["responses"]["200"]["content"]["application/json"]["schema"]
        assert reference == {"$ref": "#/components/schemas/Result"}
        body = client.post("/api/rulebooks/wujin-2021-departments/score", files=upload(WUJIN))
        jsonschema.validate(body.json(), _schema(document, "Result"))

    def test_problem_bodies_match_their_description(
        self, client: TestClient, document: dict[str, Any], tmp_path: Path
    ) -> None:
        """A 422 problem body validates against components.schemas.Problem."""
        bad = tmp_path / "bad.yaml"
        bad.write_text(WUJIN.read_text("utf-8").replace("leader_checks: 5", "leader_checks: x"))
        body = client.post("/api/rulebooks/wujin-2021-departments/score", files=upload(bad))
        jsonschema.validate(body.json(), _schema(document, "Problem"))

    def test_rulebook_ids_are_enumerated(
        self, client: TestClient, document: dict[str, Any]
    ) -> None:
        """The rulebook path parameter lists the ids this process offers."""
        parameter = document["paths"]["/api/rulebooks/{rulebook}/score"]["post"]["parameters"][0]
        ids = [book["id"] for book in client.get("/api/rulebooks").json()]
        assert parameter["schema"]["enum"] == ids

    def test_the_schema_is_served_as_the_cli_ships_it(self, client: TestClient) -> None:
        """/schemas/result.schema.json is the shipped result schema."""
        assert client.get("/schemas/result.schema.json").json() == result_schema()
