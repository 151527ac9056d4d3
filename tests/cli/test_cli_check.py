"""``assessment-rules check``: seeded mistakes in rulebook files are caught with their path."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from assessment_rules.cli import main

WUJIN = Path(__file__).parents[2] / "rulebooks" / "wujin_2021_departments.py"


def seeded(tmp_path: Path, old: str, new: str) -> Path:
    """A copy of the Wujin 2021 rulebook file with one mistake seeded in."""
    text = WUJIN.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path = tmp_path / "seeded.py"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def line_of(path: Path, needle: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, start=1) if needle in line)


class TestCheck:
    def test_bundled_rulebook_is_clean(self) -> None:
        """The bundled Wujin rulebook has no findings and exits 0."""
        run = CliRunner().invoke(main, ["check", "wujin-2021-departments"])
        assert (run.exit_code, run.output) == (
            0,
            "wujin-2021-departments: 0 error(s), 0 warning(s)\n",
        )

    def test_broken_points_total_exits_3_with_path_and_line(self, tmp_path: Path) -> None:
        """An item's points changed from 20 to 18 break 重点工作 (60), named with its line."""
        path = seeded(
            tmp_path,
            '"inspections",\n        "开展安全督查检查",\n        points="20",',
            '"inspections",\n        "开展安全督查检查",\n        points="18",',
        )
        run = CliRunner().invoke(main, ["check", str(path)])
        assert run.exit_code == 3
        line = line_of(path, "key_work = Section(")
        # 10 + 18 + 10 + 10 + 10 = 58 ≠ 60.
        assert run.output.splitlines()[0] == (
            f"{path.resolve()}:{line}: error [points] key_work: points=Decimal('60') must equal "
            "the children's points (enterprise_duty 10 + inspections 18 + training 10 + "
            "special_rectification 10 + emergency 10 = 58)"
        )

    def test_missing_source_exits_1_with_path(self, tmp_path: Path) -> None:
        """A clause whose source was deleted is an error at its dotted path."""
        path = seeded(
            tmp_path,
            'text="分管领导每少参加1次的扣1分",\n'
            '                source=clause("二、重点工作", 2, "3"),',
            'text="分管领导每少参加1次的扣1分",',
        )
        run = CliRunner().invoke(main, ["check", str(path), "--format", "json"])
        assert run.exit_code == 1
        document = json.loads(run.output)
        assert [(f["severity"], f["code"], f["path"]) for f in document["findings"]] == [
            ("error", "no-source", "key_work.inspections.deputy_checks")
        ]
        line = line_of(path, '"deputy_checks"')
        assert document["findings"][0]["location"] == f"{path.resolve()}:{line}"

    def test_warnings_only_exit_0(self, tmp_path: Path) -> None:
        """A rulebook with only warnings (an uncapped item) still exits 0."""
        path = seeded(
            tmp_path,
            'training = CapAt(\n    Item(\n        "training",',
            'training = (\n    Item(\n        "training",',
        )
        run = CliRunner().invoke(main, ["check", str(path)])
        assert run.exit_code == 0
        assert "warning [below-zero] key_work.training:" in run.output

    def test_unknown_rulebook_exits_3(self) -> None:
        """An unknown id cannot load: exit 3, with a suggestion and no traceback."""
        run = CliRunner().invoke(main, ["check", "wujin-2021"])
        assert run.exit_code == 3
        assert "Traceback" not in run.output
