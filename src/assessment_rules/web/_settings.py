"""The service's settings: where user rulebooks are, the limits, the optional token.

Settings come from arguments (tests, embedding) or from the environment, so that every
worker process uvicorn starts builds the same app (``assessment-rules serve`` writes its
options into the environment before the workers start).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any, Final

import attrs

__all__ = [
    "ENV_MAX_BODY_MB",
    "ENV_MAX_FILES",
    "ENV_RULEBOOKS",
    "ENV_TIME_LIMIT",
    "ENV_TOKEN",
    "ServiceSettings",
]

ENV_RULEBOOKS: Final = "ASSESSMENT_RULES_RULEBOOKS"
"""Folders of the user's rulebooks, separated by ``os.pathsep`` (``:`` on Linux)."""
ENV_TOKEN: Final = "ASSESSMENT_RULES_TOKEN"
"""The bearer token every request must carry; unset or empty means no authentication."""
ENV_MAX_BODY_MB: Final = "ASSESSMENT_RULES_MAX_BODY_MB"
"""The largest request body, in MiB."""
ENV_TIME_LIMIT: Final = "ASSESSMENT_RULES_TIME_LIMIT"
"""Seconds one request may spend reading and scoring evidence."""
ENV_MAX_FILES: Final = "ASSESSMENT_RULES_MAX_FILES"
"""Files one request may upload."""


def _positive(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        raise ValueError(
            f"{attribute.name!r} must be a number > 0 (got {value!r} that is a {type(value)})"
        )


def _paths(value: object) -> tuple[Path, ...]:
    if isinstance(value, str | Path):
        value = (value,)
    if not isinstance(value, tuple | list):
        raise TypeError(f"'rulebook_dirs' must be a list of folders (got {value!r})")
    return tuple(Path(item) for item in value)


def mebibytes(value: object) -> int:
    """Whole bytes in *value* MiB, from its decimal text (``"1.5"`` → 1572864)."""
    return int((Decimal(str(value)) * 2**20).to_integral_value(rounding=ROUND_HALF_UP))


@attrs.frozen
class ServiceSettings:
    """What one service process is configured with.

    Attributes:
        rulebook_dirs: Folders whose ``*.py`` files define user rulebooks (``RULEBOOK``).
        token: When set, every request but ``/healthz`` and ``/static`` must carry
            ``Authorization: Bearer <token>`` (or the page's login cookie).
        max_body_bytes: The largest request body; larger ones get 413.
        max_files: Files one request may upload.
        time_limit: Seconds one request may spend reading, scoring and writing; past
            it the client gets 503 (the work is not resumed).
        jobs: Scoring threads per worker process; more requests wait their turn.

    >>> ServiceSettings(max_files=3).max_files
    3
    >>> ServiceSettings(time_limit=0)
    Traceback (most recent call last):
    ...
    ValueError: 'time_limit' must be a number > 0 (got 0 that is a <class 'int'>)
    """

    rulebook_dirs: tuple[Path, ...] = attrs.field(default=(), converter=_paths)
    token: str | None = attrs.field(default=None, repr=False)
    max_body_bytes: int = attrs.field(default=32 * 2**20, validator=_positive)
    max_files: int = attrs.field(default=20, validator=_positive)
    time_limit: float = attrs.field(default=60.0, validator=_positive)
    jobs: int = attrs.field(default=4, validator=_positive)

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> ServiceSettings:
        """Settings from ``ASSESSMENT_RULES_*`` variables, defaults for those unset.

        >>> ServiceSettings.from_environment({"ASSESSMENT_RULES_TOKEN": "s3cret"}).token
        's3cret'
        """
        env = os.environ if environ is None else environ
        dirs = tuple(part for part in env.get(ENV_RULEBOOKS, "").split(os.pathsep) if part)
        body = env.get(ENV_MAX_BODY_MB)
        limit = env.get(ENV_TIME_LIMIT)
        files = env.get(ENV_MAX_FILES)
        defaults = cls()
        return cls(
            rulebook_dirs=dirs,
            token=env.get(ENV_TOKEN) or None,
            max_body_bytes=mebibytes(body) if body else defaults.max_body_bytes,
            max_files=int(files) if files else defaults.max_files,
            time_limit=float(limit) if limit else defaults.time_limit,
        )

    def environment(self) -> dict[str, str]:
        """The variables that give these settings to worker processes.

        >>> ServiceSettings(rulebook_dirs=["a"]).environment()["ASSESSMENT_RULES_RULEBOOKS"]
        'a'
        """
        env = {
            ENV_RULEBOOKS: os.pathsep.join(str(path) for path in self.rulebook_dirs),
            ENV_MAX_BODY_MB: repr(self.max_body_bytes / 2**20),
            ENV_MAX_FILES: str(self.max_files),
            ENV_TIME_LIMIT: repr(self.time_limit),
        }
        if self.token:
            env[ENV_TOKEN] = self.token
        return env
