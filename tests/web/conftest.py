"""Shared fixtures of the web service's tests: the app in-process, and the CLI to compare with."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

pytest.importorskip("starlette", reason="the web service's tests need the serve extra")

from starlette.testclient import TestClient

from assessment_rules.cli import main
from assessment_rules.web import ServiceSettings, create_app

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
WUJIN = EXAMPLES / "wujin-2021-departments.yaml"


def cli(*args: str) -> str:
    """The CLI's standard output for *args* (run from the repository root)."""
    run = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert run.exit_code == 0, run.output
    return run.stdout


def cli_file(suffix: str, *args: str) -> bytes:
    """The file the CLI writes for *args* with ``-o result.<suffix>`` (binary-safe)."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / f"result.{suffix}"
        run = CliRunner().invoke(main, [*args, "-o", str(out)], catch_exceptions=False)
        assert run.exit_code == 0, run.output
        return out.read_bytes()


def upload(*paths: Path, field: str = "evidence") -> list[tuple[str, tuple[str, bytes]]]:
    """Multipart ``files=`` for *paths*, each under its own file name."""
    return [(field, (path.name, path.read_bytes())) for path in paths]


@pytest.fixture(scope="session")
def client() -> Iterator[TestClient]:
    """The service with default settings, driven in-process."""
    with TestClient(create_app(ServiceSettings())) as test_client:
        yield test_client


@pytest.fixture
def make_client() -> Iterator[object]:
    """Build a client for given settings; every one is closed after the test."""
    opened: list[TestClient] = []

    def build(**settings: object) -> TestClient:
        test_client = TestClient(
            create_app(ServiceSettings(**settings)),  # type: ignore[arg-type]
            raise_server_exceptions=False,
        )
        opened.append(test_client.__enter__())
        return opened[-1]

    yield build
    for test_client in opened:
        test_client.__exit__(None, None, None)
