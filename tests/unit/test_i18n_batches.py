"""The language looked up once per batch (issue 16): ``same_language``, the CLI's
choice per invocation and ``load_evidence``, with the environment variable still
read afresh by every batch."""

from __future__ import annotations

import asyncio
import json
import os
import threading
from collections.abc import Iterator, MutableMapping
from pathlib import Path

import pytest
from click.testing import CliRunner

from assessment_rules import load_rulebook
from assessment_rules._i18n import (
    ENV_VARIABLE,
    current_language,
    gettext,
    same_language,
    set_language,
    use_language,
)
from assessment_rules.cli import main
from assessment_rules.engine._errors import EvidenceError
from assessment_rules.io import load_evidence


class CountingEnvironment(MutableMapping[str, str]):
    """``os.environ`` that counts the reads of the language variable."""

    def __init__(self, real: MutableMapping[str, str]) -> None:
        self.real = real
        self.reads = 0

    def __getitem__(self, key: str) -> str:
        if key == ENV_VARIABLE:
            self.reads += 1
        return self.real[key]

    def __setitem__(self, key: str, value: str) -> None:
        self.real[key] = value

    def __delitem__(self, key: str) -> None:
        del self.real[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.real)

    def __len__(self) -> int:
        return len(self.real)


@pytest.fixture
def environment(monkeypatch: pytest.MonkeyPatch) -> CountingEnvironment:
    counting = CountingEnvironment(os.environ)
    monkeypatch.setattr(os, "environ", counting)
    return counting


class TestSameLanguage:
    def test_the_environment_is_read_once_for_the_block(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Inside the block the language read at its start holds; after it, the
        environment variable chooses again."""
        monkeypatch.setenv(ENV_VARIABLE, "en")
        with same_language() as language:
            monkeypatch.setenv(ENV_VARIABLE, "zh")
            assert language == "en"
            assert current_language() == "en"
        assert current_language() == "zh"

    def test_an_explicit_choice_inside_still_wins(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """``use_language`` inside the block chooses for its own block."""
        monkeypatch.setenv(ENV_VARIABLE, "en")
        with same_language():
            with use_language("zh"):
                assert gettext("must be a mapping") != "must be a mapping"
            assert gettext("must be a mapping") == "must be a mapping"

    def test_a_thread_choosing_its_own_language_keeps_it(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A thread that sets a language sees it, whatever a block elsewhere fixed."""
        monkeypatch.setenv(ENV_VARIABLE, "zh")
        seen: list[str] = []

        def work() -> None:
            set_language("en")
            seen.append(current_language())

        with same_language():
            thread = threading.Thread(target=work)
            thread.start()
            thread.join()
            assert current_language() == "zh"
        assert seen == ["en"]

    def test_a_task_started_inside_gets_the_blocks_language(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """An asyncio task copies the context: it gets the block's language, and its
        own choice stays its own."""
        monkeypatch.setenv(ENV_VARIABLE, "en")

        async def inherited() -> str:
            monkeypatch.setenv(ENV_VARIABLE, "zh")
            return current_language()

        async def chooses() -> str:
            set_language("zh")
            return current_language()

        async def both() -> tuple[str, str, str]:
            with same_language():
                first = await asyncio.create_task(inherited())
                second = await asyncio.create_task(chooses())
                return first, second, current_language()

        assert asyncio.run(both()) == ("en", "zh", "en")


def _evidence(folder: Path, units: int) -> Path:
    """A JSON file of *units* units, every one with a field that is not a unit's and a
    fact of the wrong kind."""
    records = [
        {"id": f"u{index}", "note": "", "facts": {"meetings_held": "many"}}
        for index in range(units)
    ]
    path = folder / "evidence.json"
    path.write_text(json.dumps({"units": records}), encoding="utf-8")
    return path


class TestOneLookupPerBatch:
    def test_load_evidence_reads_the_environment_once(
        self, tmp_path: Path, environment: CountingEnvironment
    ) -> None:
        """Reading 200 units, every one with problems, reads the variable once."""
        book = load_rulebook("wujin-2021-departments")
        path = _evidence(tmp_path, 200)
        environment.reads = 0
        with pytest.raises(EvidenceError):
            load_evidence([path], book)
        assert environment.reads == 1

    def test_load_evidence_follows_a_changed_environment(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Each call reads the variable afresh: its messages follow a change."""
        path = _evidence(tmp_path, 1)
        book = load_rulebook("wujin-2021-departments")
        messages = []
        for language in ("en", "zh"):
            monkeypatch.setenv(ENV_VARIABLE, language)
            with pytest.raises(EvidenceError) as caught:
                load_evidence([path], book)
            messages.append(str(caught.value))
        assert "is not a unit field" in messages[0]
        assert "不是单位的字段" in messages[1]

    def test_a_cli_invocation_reads_the_environment_once(
        self, tmp_path: Path, environment: CountingEnvironment
    ) -> None:
        """``score`` reads the variable when it starts (click's ``--lang`` envvar) and
        never again, whatever it reports."""
        path = _evidence(tmp_path, 50)
        result = CliRunner().invoke(main, ["score", "wujin-2021-departments", str(path)])
        assert result.exit_code == 4
        assert environment.reads <= 2  # click may look it up for the option's default too
