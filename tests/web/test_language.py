"""The service renders the library's messages in the language Accept-Language prefers."""

from __future__ import annotations

from pathlib import Path

import pytest
from starlette.testclient import TestClient

from assessment_rules.web import ServiceSettings, create_app

from .conftest import WUJIN


class TestWebService:
    @pytest.mark.parametrize(
        ("header", "expectation", "unit"),
        [
            ("zh-CN,zh;q=0.9", "必须填写不小于0的整数", "单位 'clean'"),
            ("en-US,en;q=0.9", "must be a whole number ≥ 0", "unit 'clean'"),
        ],
    )
    def test_problems_follow_accept_language(
        self, header: str, expectation: str, unit: str, tmp_path: Path
    ) -> None:
        """The API renders evidence problems in the language Accept-Language prefers."""
        text = WUJIN.read_text("utf-8")
        bad = tmp_path / "证据.yaml"
        bad.write_text(text.replace("leader_checks: 5", "leader_checks: five", 1), "utf-8")
        with TestClient(create_app(ServiceSettings())) as client:
            response = client.post(
                "/api/rulebooks/wujin-2021-departments/score",
                files=[("evidence", (bad.name, bad.read_bytes()))],
                headers={"Accept-Language": header},
            )
        assert response.status_code == 422
        wrong = next(p for p in response.json()["problems"] if p["fact"] == "leader_checks")
        assert wrong["expectation"] == expectation
        assert unit in wrong["message"]
