"""The Putuo page stays in step with the registry, the rulebooks and mkdocs' nav."""

from __future__ import annotations

from pathlib import Path

from assessment_rules import load_rulebook
from assessment_rules.cohorts import load_registry

ROOT = Path(__file__).parents[2]
PAGE = (ROOT / "docs" / "putuo.md").read_text(encoding="utf-8")


def test_every_registered_unit_is_listed_with_its_id_and_tasks() -> None:
    """Each unit's row shows its name, its code and its seed-003 tasks as the registry does."""
    for unit in load_registry("putuo").units:
        tasks = "、".join(str(t) for t in unit.lead_tasks) or "—"
        assert f"| {unit.name} | `{unit.id}` | {unit.group} | {tasks} |" in PAGE, unit.id


def test_every_putuo_rulebook_is_linked() -> None:
    """The four category rulebooks are linked to their generated pages."""
    for rulebook in ("2024-streets", "2024-departments", "2020-streets", "2020-departments"):
        book = load_rulebook(f"putuo-{rulebook}")
        assert f"(rulebooks/{book.id}.md)" in PAGE


def test_quota_policy_matches_the_2024_rulebooks() -> None:
    """The quota shown on the page is the one the 2024 rulebooks declare."""
    for rulebook in ("putuo-2024-streets", "putuo-2024-departments"):
        quota = load_rulebook(rulebook).quota
        assert quota is not None
        assert f'share="{quota.share}", rounding="{quota.rounding}", ties="{quota.ties}"' in PAGE


def test_page_is_in_the_nav() -> None:
    """mkdocs.yml lists the page."""
    assert ": putuo.md" in (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
