"""The command line's exit codes (documented in ``assessment_rules.cli``).

In a module of their own so that importing the CLI's entry point imports nothing
else to name them.
"""

from __future__ import annotations

from typing import Final

__all__ = ["EXIT_EVIDENCE", "EXIT_FAILURES", "EXIT_RULEBOOK", "EXIT_USAGE"]

EXIT_FAILURES: Final = 1
"""The command ran but found failures (for example failing rulebook test cases)."""
EXIT_USAGE: Final = 2
"""Wrong usage: an unknown option, a missing argument, a refused ``--output``."""
EXIT_RULEBOOK: Final = 3
"""A rulebook cannot be loaded or is malformed."""
EXIT_EVIDENCE: Final = 4
"""Evidence or another input file is wrong, or the output file cannot be written."""
