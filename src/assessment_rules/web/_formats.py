"""The formats the service answers in, and their media types (no web stack needed).

Kept apart so the OpenAPI document can be built without Starlette installed (the docs
build renders it).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

__all__ = ["MEDIA_TYPES", "SCORE_FORMATS", "XLSX"]

XLSX: Final = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MEDIA_TYPES: Final[Mapping[str, str]] = {
    "json": "application/json",
    "xlsx": XLSX,
    "csv": "text/csv; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
    "yaml": "application/yaml; charset=utf-8",
    "text": "text/plain; charset=utf-8",
}
"""Each output format's media type."""
SCORE_FORMATS: Final = ("json", "xlsx", "csv", "md")
"""What ``score`` can return: the CLI's ``score --format`` choices but the terminal table."""
