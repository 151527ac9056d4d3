"""Subcommands imported on first use: what ``assessment-rules score`` imports, and the
mapping that holds the commands (``cli._lazy_commands``)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from assessment_rules.cli import main
from assessment_rules.cli._lazy_commands import LazyCommands

EXAMPLE = Path(__file__).parents[2] / "examples" / "wujin-2021-departments.yaml"

COMMANDS = [
    "score",
    "check",
    "diff",
    "test",
    "docs",
    "tasks",
    "calendar",
    "list",
    "show",
    "template",
    "explain",
    "selfeval-table",
    "compare",
    "serve",
]


def _modules_after(code: str) -> set[str]:
    """The modules a fresh interpreter has imported after running *code*."""
    script = f"{code}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, timeout=120, check=True
    )
    return set(json.loads(done.stdout.decode("utf-8").splitlines()[-1]))


class TestWhatIsImported:
    def test_importing_the_cli_imports_no_command(self) -> None:
        """``import assessment_rules.cli`` loads the group and its plumbing, no command."""
        loaded = _modules_after("import assessment_rules.cli")
        commands = {name for name in loaded if name.startswith("assessment_rules.cli.")}
        assert commands == {
            "assessment_rules.cli._exit_codes",
            "assessment_rules.cli._lang",
            "assessment_rules.cli._lazy_commands",
            "assessment_rules.cli._process",
        }

    def test_score_imports_only_what_score_needs(self) -> None:
        """Looking up ``score`` imports neither the other commands, nor openpyxl (no
        workbook read or written), nor the web server."""
        loaded = _modules_after("from assessment_rules.cli import main\nmain.commands['score']")
        assert "assessment_rules.cli._score" in loaded
        for name in (
            "assessment_rules.cli._serve",
            "assessment_rules.cli._tasks",
            "assessment_rules.cli._cases_command",
            "assessment_rules.cli._docs",
            "assessment_rules.yearly._cases",
            "openpyxl",
            "uvicorn",
            "starlette",
        ):
            assert name not in loaded, name

    def test_json_evidence_is_scored_without_openpyxl(self) -> None:
        """A whole ``score`` run from JSON to JSON never imports openpyxl."""
        loaded = _modules_after(
            "import sys\n"
            "from assessment_rules.cli import main\n"
            "try:\n"
            "    main(['score', 'wujin-2021-departments',"
            f" {str(EXAMPLE)!r}, '--format', 'json'])\n"
            "except SystemExit as stop:\n"
            "    assert stop.code == 0, stop.code\n"
        )
        assert "assessment_rules.io._evidence_files" in loaded
        assert "openpyxl" not in loaded


class TestTheGroup:
    def test_every_command_is_listed_under_its_own_name(self) -> None:
        """The group lists the fourteen commands; each loads as the command of that name."""
        assert list(main.commands) == COMMANDS
        for name, command in main.commands.items():
            assert isinstance(command, click.Command)
            assert command.name == name

    def test_help_lists_every_command(self) -> None:
        """``--help`` shows each command with its short help, in both languages."""
        for language, text in (("en", "Score every unit"), ("zh", "对 EVIDENCE 中的每个单位计分")):
            result = CliRunner(env={"COLUMNS": "200"}).invoke(main, ["--lang", language, "--help"])
            assert result.exit_code == 0
            listed = [
                line.split()[0] for line in result.output.splitlines() if line.startswith("  ")
            ]
            assert set(COMMANDS) <= set(listed)
            assert text in result.output

    def test_an_unknown_command_is_suggested_from_the_names(self) -> None:
        """A misspelt command gets click's suggestion from the listed names."""
        result = CliRunner().invoke(main, ["--lang", "en", "templat"])
        assert result.exit_code == 2
        assert "Did you mean 'template'?" in result.output


def _command(name: str) -> click.Command:
    return click.Command(name, callback=lambda: None)


class TestLazyCommands:
    def _mapping(self, prepared: list[str]) -> LazyCommands:
        return LazyCommands(
            "assessment_rules.cli",
            {"list": "._list:list_rulebooks", "show": "._show:show"},
            prepare=lambda command: prepared.append(str(command.name)),
        )

    def test_listing_imports_nothing(self) -> None:
        """Names, length and membership are known without importing a command."""
        commands = self._mapping(prepared := [])
        assert list(commands) == ["list", "show"]
        assert len(commands) == 2
        assert "show" in commands
        assert "serve" not in commands
        assert commands.loaded() == []
        assert prepared == []

    def test_lookup_imports_and_prepares_once(self) -> None:
        """A command is imported and prepared when first looked up, then kept."""
        commands = self._mapping(prepared := [])
        first = commands["show"]
        assert first is commands["show"]
        assert first.name == "show"
        assert commands.loaded() == ["show"]
        assert prepared == ["show"]

    def test_unknown_name(self) -> None:
        """An unknown name is a KeyError, and ``get`` gives None."""
        commands = self._mapping([])
        with pytest.raises(KeyError):
            commands["serve"]
        assert commands.get("serve") is None

    def test_a_home_defining_another_name_is_refused(self) -> None:
        """A home whose command has another name cannot be listed under this one."""
        commands = LazyCommands(
            "assessment_rules.cli", {"ls": "._list:list_rulebooks"}, prepare=lambda c: None
        )
        with pytest.raises(TypeError, match=r"must define a click command named 'ls'"):
            commands["ls"]

    def test_added_and_removed_commands(self) -> None:
        """An added command is prepared and listed last; a removed one is gone."""
        commands = self._mapping(prepared := [])
        commands["extra"] = _command("extra")
        assert list(commands) == ["list", "show", "extra"]
        assert prepared == ["extra"]
        del commands["list"]
        assert list(commands) == ["show", "extra"]
        with pytest.raises(KeyError):
            del commands["list"]
