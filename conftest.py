"""Every test and doctest runs in English unless it chooses a language itself.

Users see Chinese by default (``assessment_rules._i18n``); the suite's expected texts
are the English msgids, which stay meaningful whatever the catalog says. A test of
the Chinese texts chooses them explicitly (``use_language("zh")`` or ``--lang zh``),
which wins over this environment variable. Subprocesses the tests start inherit it.

This file is at the repository's root (not in ``tests/``) so that it reaches the
doctests under ``src/`` as well.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from assessment_rules._i18n import ENV_VARIABLE


@pytest.fixture(autouse=True, scope="session")
def _english_messages() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(ENV_VARIABLE, "en")
        yield
