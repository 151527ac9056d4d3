"""``assessment-rules serve`` starts the service on uvicorn; user rulebooks are served too."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from click.testing import CliRunner
from starlette.testclient import TestClient

from assessment_rules.cli import main
from assessment_rules.web import ServiceSettings, create_app

from .conftest import WUJIN

COMMAND = Path(sys.executable).parent / "assessment-rules"


def free_port() -> int:
    """A TCP port nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def wait_for(url: str, seconds: float = 60) -> bytes:
    """GET *url* until it answers 200, for at most *seconds*."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                body: bytes = response.read()
                return body
        except (urllib.error.URLError, ConnectionError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


class TestServeCommand:
    def test_serve_starts_and_scores(self, tmp_path: Path) -> None:
        """The installed command listens, answers /healthz and scores an upload, then stops."""
        port = free_port()
        # The banner is checked in Chinese, the default (the test session runs in English).
        env = {**os.environ, "ASSESSMENT_RULES_TOKEN": "", "ASSESSMENT_RULES_LANG": "zh"}
        process = subprocess.Popen(
            [str(COMMAND), "serve", "--port", str(port), "--workers", "2"],
            cwd=tmp_path,  # anywhere: the bundled rulebooks are found from the install
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        try:
            assert wait_for(f"http://127.0.0.1:{port}/healthz") == b'{"status":"ok"}'
            boundary = "----assessment-rules-test"
            body = (
                (
                    f'--{boundary}\r\nContent-Disposition: form-data; name="evidence"; '
                    f'filename="{WUJIN.name}"\r\nContent-Type: application/octet-stream\r\n\r\n'
                ).encode()
                + WUJIN.read_bytes()
                + f"\r\n--{boundary}--\r\n".encode()
            )
            request = urllib.request.Request(
                f"http://127.0.0.1:{port}/api/rulebooks/wujin-2021-departments/score",
                data=body,
                headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
            )
            with urllib.request.urlopen(request, timeout=30) as response:
                assert response.status == 200
                assert b'"schema": "assessment-rules/result"' in response.read()
        finally:
            process.send_signal(signal.SIGINT)
            output = process.communicate(timeout=30)[0].decode("utf-8", "replace")
        assert "评分服务" in output

    def test_a_broken_user_rulebook_stops_the_start_with_exit_3(self, tmp_path: Path) -> None:
        """A rulebook file that fails to import exits 3 naming the file, before listening."""
        (tmp_path / "broken.py").write_text("RULEBOOK = 1 / 0\n", "utf-8")
        run = CliRunner().invoke(main, ["serve", "--rulebooks", str(tmp_path)])
        assert run.exit_code == 3
        assert "broken.py" in run.output
        assert "ZeroDivisionError" in run.output


class TestUserRulebooks:
    def test_a_folder_of_rulebooks_is_served_beside_the_bundled_ones(self, tmp_path: Path) -> None:
        """A user's rulebook file is listed by its file name and scores by its id."""
        (tmp_path / "my_district.py").write_text(
            "import attrs\n"
            "from assessment_rules import load_rulebook\n"
            'BASE = load_rulebook("wujin-2021-departments")\n'
            'RULEBOOK = attrs.evolve(BASE, id="my-district-2025")\n',
            "utf-8",
        )
        app = create_app(ServiceSettings(rulebook_dirs=(tmp_path,)))
        with TestClient(app) as client:
            listed = {book["id"]: book for book in client.get("/api/rulebooks").json()}
            assert listed["my-district-2025"]["source"] == "my_district.py"
            assert "wujin-2021-departments" in listed
            evidence = WUJIN.read_text("utf-8").replace(
                "rulebook: wujin-2021-departments", "rulebook: my-district-2025"
            )
            response = client.post(
                "/api/rulebooks/my-district-2025/score",
                files=[("evidence", ("e.yaml", evidence.encode()))],
            )
            assert response.status_code == 200, response.text
            assert response.json()["rulebook"]["id"] == "my-district-2025"
