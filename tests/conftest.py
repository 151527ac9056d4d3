"""Hypothesis settings for the whole test suite, chosen once by ``HYPOTHESIS_PROFILE``.

- ``default``: everyday runs; no deadline, because the first call of a property
  builds and compiles a whole rulebook, which makes timings noisy on small machines.
- ``ci``: more examples per property, and the blob that reproduces a failure printed,
  since a CI machine's example database is thrown away.
- ``quick``: a smoke run while editing.

A test keeps its own ``@settings`` only when it needs numbers of its own.

The suite runs in English (``ASSESSMENT_RULES_LANG=en``, set by the ``conftest.py``
at the repository's root so that it reaches the doctests under ``src/`` too).
"""

from __future__ import annotations

import os

from hypothesis import settings

settings.register_profile("default", max_examples=100, deadline=None)
settings.register_profile("ci", max_examples=300, deadline=None, print_blob=True)
settings.register_profile("quick", max_examples=20, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))
