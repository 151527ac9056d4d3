"""Building documentation sites: the bundled pages, and a whole site for a user's rulebooks.

The pages come from :mod:`._pages` (pure functions); this module only gathers the
rulebooks, writes the pages into a scratch folder and runs MkDocs (mkdocs-material,
Chinese search segmented by jieba). MkDocs is imported only when a site is built, so
the library works without the ``docs`` extra.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import tempfile
from collections.abc import Iterable
from importlib.resources import files
from pathlib import Path
from typing import Any

import yaml

import assessment_rules

from .._i18n import gettext as _
from .._i18n import ngettext
from ..engine._errors import AssessmentRulesError, RulebookError
from ..engine._loading import bundled_rulebooks, load_rulebook, rulebook_modules
from ._pages import document_rulebooks, reference_pages, rulebook_pages

__all__ = [
    "SEARCH_SEPARATOR",
    "SEARCH_TERMS",
    "DocsBuildError",
    "build_site",
    "bundled_site_pages",
    "patch_search_worker",
    "register_search_terms",
    "rulebook_files",
]

SEARCH_TERMS: tuple[str, ...] = ("扣完为止", "一票否决", "执行率", "失分原因", "加分原因")
"""Terms of the score sheets that the search index must keep whole.

jieba's general dictionary cuts 扣完为止 into 扣 / 完 / 为止 and 执行率 into 执行 / 率;
registered as words, a search for them finds the clauses and not every page with 完.
"""

SEARCH_SEPARATOR = r'[\s\u200b\-_,:!=\[\]()"`/]+|\.(?!\d)|&[lg]t;|(?!\b)(?=[A-Z][a-z])'
"""Token separator of the search index; ``\\u200b`` is what jieba's segmentation inserts."""


class DocsBuildError(AssessmentRulesError):
    """A documentation site cannot be built (missing tools, a failed MkDocs build)."""


def register_search_terms(terms: Iterable[str] = SEARCH_TERMS) -> bool:
    """Add the score sheets' terms to jieba's dictionary before a site is indexed.

    Args:
        terms: The words to keep whole.

    Returns:
        Whether jieba is installed (without it, Chinese search is not segmented).
    """
    try:  # jieba comes with the docs extra; the library itself does not need it
        import jieba  # type: ignore[import-untyped]  # noqa: PLC0415
    except ImportError:
        return False
    # jieba announces building its dictionary on stderr at INFO; a site build is not
    # the place for it.
    jieba.setLogLevel(logging.WARNING)
    for term in terms:
        jieba.add_word(term)
    return True


# Material's query segmentation tries every substring of a Chinese query against the
# index's words except those reaching the query's last character, so a query that is
# itself one indexed word (一票否决) is cut to its first character (一) and finds every
# page with a word starting with 一. The loop bound is made inclusive.
# The match ends on the ``<`` (the rest is lookahead), so the fix is appending ``=``
# and a patched worker no longer matches.
_SEGMENT_LOOP = re.compile(
    r"for\(let (\w+)=(\w+)\+1;\1<(?=(\w+)\.length;\1\+\+\)\3\.slice\(\2,\1\)in )"
)


def patch_search_worker(site_dir: Path) -> bool:
    """Fix the built site's search worker so a whole-word Chinese query is kept whole.

    Args:
        site_dir: A site built with mkdocs-material.

    Returns:
        Whether the worker was found and patched (``False`` when the installed theme
        no longer has the loop, for instance because it was fixed upstream).
    """
    patched = False
    for worker in sorted((site_dir / "assets" / "javascripts" / "workers").glob("search.*.js")):
        text = worker.read_text(encoding="utf-8")
        fixed, count = _SEGMENT_LOOP.subn(r"\g<0>=", text)
        if count:
            worker.write_text(fixed, encoding="utf-8")
            patched = True
    return patched


def bundled_site_pages(public: Iterable[str] | None = None) -> dict[str, str]:
    """Every generated page of the project's own site, keyed by path under ``docs/``.

    The rulebook pages cover every bundled rulebook (``bundled_rulebooks()``), so a new
    rulebook file appears on the site without any edit; the reference covers
    ``assessment_rules.__all__``.

    Args:
        public: The public names to document; by default ``assessment_rules.__all__``.

    Returns:
        Pages under ``rulebooks/`` and ``reference/``.
    """
    if public is None:
        public = assessment_rules.__all__
    documented = document_rulebooks(bundled_rulebooks())
    pages = {f"rulebooks/{path}": text for path, text in rulebook_pages(documented).items()}
    pages.update({f"reference/{path}": text for path, text in reference_pages(public).items()})
    return pages


def rulebook_files(directory: Path) -> dict[str, Path]:
    """Load every rulebook file of a directory; report every broken one at once.

    Args:
        directory: A folder of rulebook modules (``.py`` files assigning ``RULEBOOK``;
            names starting with ``_`` and other scripts are skipped, never run).

    Returns:
        Rulebook id → file, sorted by id.

    Raises:
        RulebookError: No rulebook files, broken files (all listed), or an id used twice.
    """
    # Rulebook modules only (files assigning RULEBOOK, found without running them):
    # a helper script beside the rulebooks is never imported.
    files = rulebook_modules(directory)
    if not files:
        raise RulebookError(
            str(directory), "", None, _("contains no rulebook files (*.py defining RULEBOOK)")
        )
    found: dict[str, Path] = {}
    problems: list[str] = []
    for path in files:
        try:
            book = load_rulebook(path)
        except AssessmentRulesError as error:
            problems.append(str(error))
            continue
        if book.id in found:
            problems.append(
                f"{path}: "
                + _("id={id!r} is already used by {other}").format(id=book.id, other=found[book.id])
            )
            continue
        found[book.id] = path
    if problems:
        count = len(problems)
        listing = "\n".join(f"  - {problem}" for problem in problems)
        raise RulebookError(
            str(directory),
            "",
            None,
            ngettext(
                "has {count} broken rulebook file:\n{listing}",
                "has {count} broken rulebook files:\n{listing}",
                count,
            ).format(count=count, listing=listing),
        )
    return dict(sorted(found.items()))


def _config(title: str) -> dict[str, Any]:
    return {
        "site_name": title,
        "docs_dir": "docs",
        "theme": {
            "name": "material",
            "language": "zh",
            "features": ["search.highlight", "search.suggest", "navigation.top"],
        },
        "plugins": [
            {"search": {"lang": "zh", "separator": SEARCH_SEPARATOR}},
            {"literate-nav": {"nav_file": "SUMMARY.md"}},
        ],
        "markdown_extensions": ["tables", "attr_list", "md_in_html", {"toc": {"permalink": True}}],
        "extra_css": ["score-sheet.css"],
        "nav": [{"首页": "index.md"}, {"考核细则": "rulebooks/"}],
    }


SCORE_SHEET_CSS = files("assessment_rules.docs").joinpath("score-sheet.css").read_text("utf-8")
"""Style for the score-sheet table: cells aligned to the top, 序号 and 分值 centred.

The one copy is ``score-sheet.css`` in this package: sites built by ``docs`` and the
project's own site (``docs/gen_pages.py``) both use it."""


def _home(title: str, ids: Iterable[str]) -> str:
    links = "\n".join(f"- [{book}](rulebooks/{book}.md)" for book in ids)
    return (
        f"# {title}\n\n"
        "本站由考核细则代码生成：每份细则的评分表（序号 / 项目 / 考核内容 / 考核标准 / 分值）、"
        "需要填报的事实、计分示例与失分原因，以及每一条款的来源。可用右上角的搜索框以中文检索，"
        "如“一票否决”“扣完为止”。\n\n"
        f"{links}\n\n[全部细则](rulebooks/index.md)\n"
    )


def _check_output(out: Path) -> None:
    if out.exists() and not out.is_dir():
        raise DocsBuildError(str(out), "--out", str(out), _("must be a directory, not a file"))
    if out.is_dir() and any(out.iterdir()) and not (out / "index.html").is_file():
        raise DocsBuildError(
            str(out),
            "--out",
            str(out),
            _("is a non-empty directory that is not a built site; choose a new or empty one"),
        )
    if not out.parent.is_dir():
        raise DocsBuildError(str(out), "--out", str(out), _("must be in an existing directory"))


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def build_site(directory: Path, out: Path, title: str = "考核细则") -> list[str]:
    """Build a documentation site for a folder of rulebooks, like the project's own.

    Each rulebook gets its score sheet, facts, worked example (from
    ``examples/<id>.yaml`` when found, see :func:`find_example`), sources and, when it
    revises another, a page of changes. The build is strict; the site appears in *out*
    only when it is complete (it is built beside it and moved into place).

    Args:
        directory: The folder of rulebook files.
        out: The site folder to create or replace (a previously built site or empty).
        title: The site's name.

    Returns:
        The rulebook ids documented.

    Raises:
        RulebookError: A rulebook file is broken (all are listed).
        EvidenceError, EvidenceFileError: An example evidence file is wrong.
        DocsBuildError: MkDocs or its plugins are missing, the output folder is unsuitable,
            or the build fails.
    """
    out = out.resolve()
    _check_output(out)
    try:  # MkDocs comes with the docs extra; only building a site needs it
        from mkdocs.commands.build import build  # noqa: PLC0415
        from mkdocs.config import load_config  # noqa: PLC0415
        from mkdocs.exceptions import MkDocsException  # noqa: PLC0415
    except ImportError:
        raise DocsBuildError(
            "", "", None, _("needs MkDocs: pip install 'assessment-rules[docs]'")
        ) from None
    files = rulebook_files(directory)
    documented = document_rulebooks(files)
    register_search_terms()
    with tempfile.TemporaryDirectory(prefix="assessment-rules-docs-") as scratch:
        root = Path(scratch)
        docs = root / "docs"
        (docs / "rulebooks").mkdir(parents=True)
        (docs / "index.md").write_text(_home(title, files), encoding="utf-8")
        (docs / "score-sheet.css").write_text(SCORE_SHEET_CSS, encoding="utf-8")
        for path, text in rulebook_pages(documented).items():
            (docs / "rulebooks" / path).write_text(text, encoding="utf-8")
        config_file = root / "mkdocs.yml"
        config_file.write_text(
            yaml.safe_dump(_config(title), allow_unicode=True, sort_keys=False), encoding="utf-8"
        )
        stage = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
        collect = _Collect()
        logger = logging.getLogger("mkdocs")
        logger.addHandler(collect)
        try:
            config = load_config(str(config_file), strict=True, site_dir=str(stage))
            build(config)
            patch_search_worker(stage)
        except (MkDocsException, SystemExit) as error:
            shutil.rmtree(stage, ignore_errors=True)
            detail = "; ".join(collect.messages) or str(error)
            raise DocsBuildError(
                str(out), "", None, _("site build failed: {detail}").format(detail=detail)
            ) from None
        except BaseException:
            shutil.rmtree(stage, ignore_errors=True)
            raise
        finally:
            logger.removeHandler(collect)
    _replace(stage, out)
    return list(files)


def _replace(stage: Path, out: Path) -> None:
    """Move the built site into place; an old site is removed only after the move."""
    old = None
    if out.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old.", dir=out.parent))
        os.replace(out, old / "site")
    os.replace(stage, out)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
