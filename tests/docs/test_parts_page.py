"""The "改变合计方式的形状" page: its rulebooks score as its hand-worked tables say, and
they go through the CLI (show, check, template, score, explain) loaded from a file."""

from __future__ import annotations

import re
import textwrap
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from assessment_rules.cli import main

PAGE = Path(__file__).resolve().parents[2] / "docs" / "shapes" / "parts.md"


def _blocks() -> list[str]:
    return re.findall(r"```python\n(.*?)```", PAGE.read_text(encoding="utf-8"), re.S)


@pytest.fixture(scope="module")
def page() -> dict[str, Any]:
    namespace: dict[str, Any] = {"__name__": "parts_page"}
    for code in _blocks():
        exec(compile(code, str(PAGE), "exec"), namespace)
    return namespace


class TestForestFire:
    def test_jia_loses_the_whole_fire_section_and_the_late_summary(
        self, page: dict[str, Any]
    ) -> None:
        """100 − 4 − 30 − 10 − 5 = 51: the section and the item go to zero."""
        jia = page["jia"]
        assert jia.total == Decimal(51)
        assert (jia.find("fire").score, jia.find("reporting").score) == (Decimal(0), Decimal(0))
        assert "发生森林火灾造成人员死亡1起，该项不得分，扣30分" in jia.reasons
        assert (
            "年度森林防火工作总结2024年11月22日报送，晚于规定时间2024年11月20日2天，"
            "该项不得分，扣10分"
        ) in jia.reasons
        assert "火情迟报1起，应扣3分，因该部分不得分，不再另扣" in jia.reasons  # a section
        assert "工作总结内容不完整，应扣2分，因该项不得分，不再另扣" in jia.reasons  # an item

    def test_yi_without_a_death_keeps_17_of_the_section(self, page: dict[str, Any]) -> None:
        """30 − 3 − 10 = 17, 10 − 2 = 8; 100 − 4 − 13 − 2 − 5 = 76."""
        yi = page["yi"]
        assert (yi.find("fire").score, yi.find("reporting").score, yi.total) == (
            Decimal(17),
            Decimal(8),
            Decimal(76),
        )

    def test_the_calendar_deadline(self, page: dict[str, Any]) -> None:
        """The sentence the page quotes."""
        assert page["self_check"].criterion() == (
            "年度自评报告未在规定时间（2024年11月20日前）内报送的，该项不得分"
        )


class TestConvertedParts:
    def test_county_fire_part_at_30_percent(self, page: dict[str, Any]) -> None:
        """Safety 70 − 4 = 66; fire 100 − 13.5 = 86.5 × 30% = 25.95; 91.95."""
        east = page["east"]
        fire = east.find("fire")
        assert (fire.raw_max, fire.raw_score, fire.max, fire.score, fire.lost) == (
            Decimal(100),
            Decimal("86.5"),
            Decimal(30),
            Decimal("25.95"),
            Decimal("4.05"),
        )
        assert (east.find("safety").score, east.total) == (Decimal(66), Decimal("91.95"))

    def test_daily_40_annual_60_and_a_bonus_outside(self, page: dict[str, Any]) -> None:
        """87.5 × 0.4 = 35, 93 × 0.6 = 55.8; base 90.8, + 2 = 92.8."""
        north = page["north"]
        assert (north.find("daily").score, north.find("annual").score) == (
            Decimal(35),
            Decimal("55.8"),
        )
        assert (north.base, north.total) == (Decimal("90.8"), Decimal("92.8"))

    def test_final_rescale_to_100(self, page: dict[str, Any]) -> None:
        """103 × 100 ÷ 120 = 85.8333… → 85.83."""
        assert page["west"].total == Decimal("85.83")

    def test_printed_points(self, page: dict[str, Any]) -> None:
        """20 − 3 − 4 = 13; 13 + 80 = 93."""
        south = page["south"]
        assert (south.find("hazards").score, south.total) == (Decimal(13), Decimal(93))

    def test_the_page_is_in_the_navigation(self) -> None:
        """mkdocs.yml lists the page under the rule shapes."""
        mkdocs = PAGE.parents[2] / "mkdocs.yml"
        assert "shapes/parts.md" in mkdocs.read_text(encoding="utf-8")


def _rulebook_file(tmp_path: Path, name: str) -> Path:
    """The page's code as a rulebook file exposing ``RULEBOOK = name``."""
    code = "\n".join(_blocks())
    path = tmp_path / "parts_page_book.py"
    path.write_text(code + textwrap.dedent(f"\nRULEBOOK = {name}\n"), encoding="utf-8")
    return path


def _run(*args: object) -> Any:
    run = CliRunner().invoke(main, [str(arg) for arg in args])
    assert run.exception is None or isinstance(run.exception, SystemExit), run.output
    return run


class TestCommands:
    def test_show_check_template_score_explain_on_the_forest_sheet(self, tmp_path: Path) -> None:
        """Every command runs on a file using ZeroIf and ZeroIfLate, in the sheet's words."""
        book = _rulebook_file(tmp_path, "forest")
        show = _run("show", book)
        assert show.exit_code == 0
        assert "发生森林火灾造成人员死亡的，该项不得分" in show.output
        check = _run("check", book)
        assert check.exit_code == 0, check.output
        form = tmp_path / "form.yaml"
        template = _run("template", book, "--units", "1", "-o", form)
        assert template.exit_code == 0, template.output
        assert "summary_date" in form.read_text(encoding="utf-8")
        evidence = tmp_path / "units.yaml"
        evidence.write_text(
            yaml.safe_dump(
                {
                    "rulebook": "town-forest-fire-parts",
                    "units": [
                        {
                            "id": "jia",
                            "name": "甲镇",
                            "facts": {
                                "no_plan": False,
                                "meetings": 2,
                                "late_reports": 1,
                                "illegal_burning": 2,
                                "fire_death": 1,
                                "summary_date": "2024-11-22",
                                "summary_incomplete": True,
                                "equipment": ["风力灭火机", "二号工具", "防火服"],
                            },
                        }
                    ],
                },
                allow_unicode=True,
            ),
            encoding="utf-8",
        )
        score = _run("score", book, evidence)
        assert score.exit_code == 0, score.output
        assert "51" in score.output
        explain = _run("explain", book, evidence, "--unit", "jia")
        assert explain.exit_code == 0, explain.output
        assert "该项不得分：本项30分全部扣除" in explain.output

    def test_score_and_explain_on_the_weighted_sheet(self, tmp_path: Path) -> None:
        """The weighted total scores 92.8 from the command line too."""
        book = _rulebook_file(tmp_path, "weighted")
        evidence = tmp_path / "units.yaml"
        evidence.write_text(
            yaml.safe_dump(
                {
                    "rulebook": "daily-annual-weighted",
                    "units": [
                        {
                            "id": "north",
                            "name": "北街道",
                            "facts": {
                                "late_monthly": 5,
                                "missed_targets": 2,
                                "commendations_municipal": ["2"],
                            },
                        }
                    ],
                },
                allow_unicode=True,
            ),
            encoding="utf-8",
        )
        score = _run("score", book, evidence)
        assert score.exit_code == 0, score.output
        assert "92.8" in score.output
        explain = _run("--lang", "zh", "explain", book, evidence, "--unit", "north")
        assert explain.exit_code == 0, explain.output
        assert "35/40分（原表87.5/100分折算）" in explain.output
        assert _run("show", book).exit_code == 0
