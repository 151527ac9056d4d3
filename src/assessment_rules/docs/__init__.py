"""The documentation generator: rulebooks rendered as their paper score sheets.

Data first, rendering apart: :func:`score_sheet` lays a rulebook out as its score sheet
(序号 / 项目 / 考核内容 / 考核标准 / 分值) with every rule spelled out in Chinese;
the ``render_*`` functions and the page functions turn that data into Markdown strings;
:func:`bundled_site_pages` feeds the project's own site (through ``docs/gen_pages.py``)
and :func:`build_site` builds a site for a folder of a user's rulebooks
(``assessment-rules docs``).

>>> from assessment_rules import load_rulebook
>>> from assessment_rules.docs import score_sheet
>>> sheet = score_sheet(load_rulebook("wujin-2021-departments"))
>>> sheet.sections[0].rows[0].limit
'本项10分，扣完为止'
"""

from __future__ import annotations

from .._lazy import lazy_names

# Read by the type checker only; ``typing`` itself is not imported (it is slow to).
TYPE_CHECKING = False
if TYPE_CHECKING:
    from ._changes import predecessor_of
    from ._example import (
        WorkedExample,
        default_evidence,
        example_from_defaults,
        example_from_evidence,
        find_example,
        load_example,
    )
    from ._markdown import (
        render_example,
        render_facts,
        render_grades,
        render_notes,
        render_score_sheet,
        render_sources,
    )
    from ._pages import (
        REFERENCE_GROUPS,
        DocumentedRulebook,
        changes_page,
        document_rulebooks,
        reference_pages,
        rulebook_page,
        rulebook_pages,
        rulebooks_index,
    )
    from ._sheet import (
        Criterion,
        ScoreSheet,
        SheetRow,
        SheetSection,
        cap_text,
        chinese_numeral,
        grade_lines,
        rule_text,
        score_sheet,
    )
    from ._site import (
        SCORE_SHEET_CSS,
        SEARCH_TERMS,
        DocsBuildError,
        build_site,
        bundled_site_pages,
        patch_search_worker,
        register_search_terms,
        rulebook_files,
    )

__all__ = [
    "REFERENCE_GROUPS",
    "SCORE_SHEET_CSS",
    "SEARCH_TERMS",
    "Criterion",
    "DocsBuildError",
    "DocumentedRulebook",
    "ScoreSheet",
    "SheetRow",
    "SheetSection",
    "WorkedExample",
    "build_site",
    "bundled_site_pages",
    "cap_text",
    "changes_page",
    "chinese_numeral",
    "default_evidence",
    "document_rulebooks",
    "example_from_defaults",
    "example_from_evidence",
    "find_example",
    "grade_lines",
    "load_example",
    "patch_search_worker",
    "predecessor_of",
    "reference_pages",
    "register_search_terms",
    "render_example",
    "render_facts",
    "render_grades",
    "render_notes",
    "render_score_sheet",
    "render_sources",
    "rule_text",
    "rulebook_files",
    "rulebook_page",
    "rulebook_pages",
    "rulebooks_index",
    "score_sheet",
]

# Each name is imported from its module when first used (see assessment_rules._lazy).
__getattr__, __dir__ = lazy_names(
    __name__,
    {
        "._changes": "predecessor_of",
        "._example": (
            "WorkedExample default_evidence example_from_defaults "
            "example_from_evidence find_example load_example"
        ),
        "._markdown": (
            "render_example render_facts render_grades render_notes "
            "render_score_sheet render_sources"
        ),
        "._pages": (
            "REFERENCE_GROUPS DocumentedRulebook changes_page document_rulebooks "
            "reference_pages rulebook_page rulebook_pages rulebooks_index"
        ),
        "._sheet": (
            "Criterion ScoreSheet SheetRow SheetSection cap_text chinese_numeral "
            "grade_lines rule_text score_sheet"
        ),
        "._site": (
            "SCORE_SHEET_CSS SEARCH_TERMS DocsBuildError build_site "
            "bundled_site_pages patch_search_worker register_search_terms "
            "rulebook_files"
        ),
    },
)
