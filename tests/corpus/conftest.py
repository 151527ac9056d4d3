"""The corpus's data files are inputs, not tests: ``--doctest-modules`` must not import
the rulebook files among them (some fail on purpose)."""

collect_ignore_glob = ["files/*"]
