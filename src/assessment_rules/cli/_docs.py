"""``assessment-rules docs``: a documentation site for a folder of your own rulebooks."""

from __future__ import annotations

import os
from pathlib import Path

import click

from .._i18n import ngettext
from ..docs import build_site
from ._common import fail_cleanly

__all__ = ["docs"]


@click.command()
@click.argument(
    "rulebook_dir",
    type=click.Path(exists=True, file_okay=False, dir_okay=True, path_type=Path),
)
@click.option(
    "--out",
    "-o",
    "out",
    required=True,
    type=click.Path(path_type=Path),
    help="Site folder to create (or a previously built site to replace).",
)
@click.option(
    "--title", default="考核细则", show_default=True, help="The site's name in its header."
)
@fail_cleanly
def docs(rulebook_dir: Path, out: Path, title: str) -> None:
    """Build a documentation site for the rulebooks in RULEBOOK_DIR.

    Every rulebook module (a *.py file assigning RULEBOOK at its top level; other
    scripts in the folder, such as helpers, are not run) gets its score sheet in the official
    layout (序号 / 项目 / 考核内容 / 考核标准 / 分值), the facts an assessor supplies,
    a worked example with its 失分原因 (from examples/<rulebook-id>.yaml beside the
    folder when present) and the source of every clause; the site has Chinese search.
    The site is written only when the whole build succeeds. Needs the docs extra:
    pip install 'assessment-rules[docs]'.
    """
    # MkDocs 1.x plugins print a banner about a future MkDocs 2 on every build; it is
    # noise for an assessor building a site, not a problem with their rulebooks.
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    os.environ.setdefault("DISABLE_MKDOCS_2_WARNING", "true")
    ids = build_site(rulebook_dir, out, title)
    click.echo(
        ngettext(
            "built {out} ({count} rulebook: {ids})",
            "built {out} ({count} rulebooks: {ids})",
            len(ids),
        ).format(out=out, count=len(ids), ids=", ".join(ids))
    )
