"""Extract, update and compile the message catalog (needs Babel: the ``test`` extra).

``python -m assessment_rules.locale`` runs all three steps:

1. extract every marked message from ``src/assessment_rules`` (``_``, ``gettext``,
   ``ngettext``, ``N_``, ``N_plural``), plus, in the CLI modules, command docstrings,
   ``help=`` texts and the texts given to ``outline_format_option``;
2. merge them into ``locale/zh/LC_MESSAGES/assessment_rules.po`` (new messages come in
   with an empty translation; messages no longer in the source are kept at the end as
   obsolete ``#~`` entries, to be reused or deleted);
3. compile the ``.po`` into the ``.mo`` that is shipped (both are committed; a test
   fails when the ``.mo`` is older than the ``.po``).

The runtime never imports this module: it reads the ``.mo`` with the standard
library's :mod:`gettext`.
"""

from __future__ import annotations

import ast
import inspect
import io
from collections.abc import Collection, Iterator, Mapping
from pathlib import Path
from typing import IO, Any, Final

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract, extract_python
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

__all__ = [
    "KEYWORDS",
    "MO_FILE",
    "PACKAGE",
    "PO_FILE",
    "compile_catalog",
    "extract_cli",
    "extract_messages",
    "read_catalog",
    "update_catalog",
]

PACKAGE: Final = Path(__file__).resolve().parent.parent
"""The ``assessment_rules`` package directory messages are extracted from."""
PO_FILE: Final = PACKAGE / "locale" / "zh" / "LC_MESSAGES" / "assessment_rules.po"
MO_FILE: Final = PO_FILE.with_suffix(".mo")

KEYWORDS: Final = {
    **DEFAULT_KEYWORDS,
    "N_plural": (1, 2),
    # ``outline_format_option("the tree, facts and grades for tools")``: the text is
    # put into the option's help when the help is shown.
    "outline_format_option": None,
}
"""The functions whose arguments are messages."""

_CLICK_DECORATORS: Final = frozenset({"command", "group"})


def _is_click_command(node: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    for decorator in node.decorator_list:
        call = decorator.func if isinstance(decorator, ast.Call) else decorator
        name = call.attr if isinstance(call, ast.Attribute) else getattr(call, "id", "")
        if name in _CLICK_DECORATORS:
            return True
    return False


def _constant_text(node: ast.expr) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def extract_cli(
    fileobj: IO[bytes],
    keywords: Mapping[str, Any],
    comment_tags: Collection[str],
    options: Mapping[str, Any],
) -> Iterator[tuple[Any, ...]]:
    """A Babel extraction method for the CLI modules: the marked messages, and the help
    texts click shows (command docstrings and ``help=`` strings), cleaned the way click
    cleans them (:func:`inspect.cleandoc`), which is how they are looked up."""
    source = fileobj.read()
    yield from extract_python(io.BytesIO(source), keywords, comment_tags, options)  # type: ignore[arg-type]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and _is_click_command(node):
            docstring = ast.get_docstring(node, clean=True)
            if docstring:
                yield node.lineno, None, docstring, []
        elif isinstance(node, ast.Call):
            for keyword in node.keywords:
                text = _constant_text(keyword.value) if keyword.arg == "help" else None
                if text:
                    yield keyword.value.lineno, None, inspect.cleandoc(text), []


def extract_messages() -> Catalog:
    """Every message marked in the package's source, as a template catalog."""
    catalog = Catalog(project="assessment-rules", domain="assessment_rules")
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE)
        if relative.parts[0] == "locale":
            continue
        method: Any = extract_cli if relative.parts[0] == "cli" else "python"
        with path.open("rb") as stream:
            for lineno, message, comments, context in extract(method, stream, KEYWORDS):
                catalog.add(
                    message,
                    None,
                    [(relative.as_posix(), lineno)],
                    auto_comments=comments,
                    context=context,
                )
    return catalog


def read_catalog(path: Path = PO_FILE) -> Catalog:
    """The Chinese catalog as it is on disk."""
    with path.open("rb") as stream:
        return read_po(stream, locale="zh_Hans_CN", domain="assessment_rules")


def update_catalog(path: Path = PO_FILE) -> Catalog:
    """Merge the messages of the source into the ``.po`` file and write it."""
    template = extract_messages()
    catalog = read_catalog(path) if path.exists() else Catalog(locale="zh_Hans_CN")
    catalog.update(template, no_fuzzy_matching=True, update_creation_date=False)
    catalog.project, catalog.version = "assessment-rules", ""
    catalog.copyright_holder, catalog.msgid_bugs_address = "assessment_rules developers", ""
    catalog.last_translator = catalog.language_team = "assessment_rules developers"
    catalog.fuzzy = False
    with path.open("wb") as stream:
        write_po(stream, catalog, width=100, include_lineno=False)
    return catalog


def compiled(catalog: Catalog) -> bytes:
    """The ``.mo`` bytes of *catalog* (fuzzy translations left out)."""
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def compile_catalog(po_file: Path = PO_FILE, mo_file: Path = MO_FILE) -> None:
    """Compile the ``.po`` file into the shipped ``.mo`` file."""
    mo_file.write_bytes(compiled(read_catalog(po_file)))
