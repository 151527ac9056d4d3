"""Generate the rulebook and API reference pages at build time (mkdocs-gen-files).

Every bundled rulebook gets its pages (score sheet, facts, worked example, sources and,
when it revises another, its changes); the reference covers ``assessment_rules.__all__``;
the score-sheet stylesheet is the package's own. The pages are virtual files: nothing is
written into docs/.
"""

from __future__ import annotations

import mkdocs_gen_files

from assessment_rules.docs import SCORE_SHEET_CSS, bundled_site_pages

for path, text in bundled_site_pages().items():
    with mkdocs_gen_files.open(path, "w") as page:
        page.write(text)

# The score-sheet style ships in the package, where the `docs` command reads it too.
with mkdocs_gen_files.open("stylesheets/score-sheet.css", "w") as stylesheet:
    stylesheet.write(SCORE_SHEET_CSS)
