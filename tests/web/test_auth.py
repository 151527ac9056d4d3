"""The optional bearer token: configured from the environment, checked on every request."""

from __future__ import annotations

from collections.abc import Callable

from starlette.testclient import TestClient

from assessment_rules.web import ServiceSettings

from .conftest import WUJIN, upload

MakeClient = Callable[..., TestClient]
TOKEN = "s3cret-token"


class TestTokenGate:
    def test_no_token_configured_means_open(self, client: TestClient) -> None:
        """Without a token every route answers."""
        assert client.get("/api/rulebooks").status_code == 200

    def test_a_request_without_the_token_is_401(self, make_client: MakeClient) -> None:
        """With a token set, a bare request is 401 unauthorized with WWW-Authenticate."""
        guarded = make_client(token=TOKEN)
        response = guarded.get("/api/rulebooks")
        assert response.status_code == 401
        assert response.headers["content-type"] == "application/problem+json"
        assert response.headers["www-authenticate"].startswith("Bearer")
        wrong = guarded.get("/api/rulebooks", headers={"authorization": "Bearer nope"})
        assert wrong.status_code == 401

    def test_the_bearer_token_lets_a_request_through(self, make_client: MakeClient) -> None:
        """Authorization: Bearer <token> scores as usual."""
        guarded = make_client(token=TOKEN)
        response = guarded.post(
            "/api/rulebooks/wujin-2021-departments/score",
            files=upload(WUJIN),
            headers={"authorization": f"Bearer {TOKEN}"},
        )
        assert response.status_code == 200

    def test_health_and_static_files_stay_open(self, make_client: MakeClient) -> None:
        """/healthz and /static answer without the token."""
        guarded = make_client(token=TOKEN)
        assert guarded.get("/healthz").status_code == 200
        assert guarded.get("/static/app.js").status_code == 200

    def test_a_browser_logs_in_once(self, make_client: MakeClient) -> None:
        """A page visit goes to /login; the right token sets a cookie that opens the pages."""
        guarded = make_client(token=TOKEN)
        visit = guarded.get("/", headers={"accept": "text/html"}, follow_redirects=False)
        assert visit.status_code == 303
        assert visit.headers["location"].startswith("/login")
        refused = guarded.post("/login", data={"token": "nope", "next": "/"})
        assert refused.status_code == 401
        accepted = guarded.post(
            "/login", data={"token": TOKEN, "next": "//evil.example/"}, follow_redirects=False
        )
        assert accepted.status_code == 303
        assert accepted.headers["location"] == "/"
        assert "httponly" in accepted.headers["set-cookie"].lower()
        assert guarded.get("/", headers={"accept": "text/html"}).status_code == 200


class TestSettingsFromEnvironment:
    def test_the_token_and_limits_come_from_the_environment(self) -> None:
        """ASSESSMENT_RULES_* variables set the token, the limits and the folders."""
        settings = ServiceSettings.from_environment(
            {
                "ASSESSMENT_RULES_TOKEN": TOKEN,
                "ASSESSMENT_RULES_MAX_BODY_MB": "2",
                "ASSESSMENT_RULES_TIME_LIMIT": "5",
                "ASSESSMENT_RULES_MAX_FILES": "3",
                "ASSESSMENT_RULES_RULEBOOKS": "a:b",
            }
        )
        assert (settings.token, settings.max_body_bytes, settings.time_limit) == (TOKEN, 2**21, 5)
        assert settings.max_files == 3
        assert [str(path) for path in settings.rulebook_dirs] == ["a", "b"]

    def test_settings_round_trip_through_the_environment(self) -> None:
        """What serve writes for its workers reads back as the same settings."""
        settings = ServiceSettings(rulebook_dirs=("x",), token=TOKEN, max_files=4, time_limit=9)
        assert ServiceSettings.from_environment(settings.environment()) == settings

    def test_an_empty_token_means_none(self) -> None:
        """An empty ASSESSMENT_RULES_TOKEN leaves the service open."""
        assert ServiceSettings.from_environment({"ASSESSMENT_RULES_TOKEN": ""}).token is None
