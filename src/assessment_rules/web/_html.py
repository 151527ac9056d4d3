"""Server-rendered pages: Jinja2 templates shipped in the package, escaped by default."""

from __future__ import annotations

from typing import Any

import jinja2

from .. import __version__

__all__ = ["render"]

_ENV = jinja2.Environment(
    loader=jinja2.PackageLoader("assessment_rules.web", "templates"),
    # Every text on a page (unit names, reasons, file names) comes from users' files.
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def render(name: str, **context: Any) -> str:
    """Render template *name* (thread-safe: Jinja2 templates are immutable once loaded)."""
    return _ENV.get_template(name).render(version=__version__, **context)
