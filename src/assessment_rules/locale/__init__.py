"""The message catalogs: ``zh/LC_MESSAGES/assessment_rules.po`` (translated by hand)
and its compiled ``.mo`` (read at run time by :mod:`assessment_rules._i18n`).

Maintainers run ``python -m assessment_rules.locale`` (needs Babel) after marking a
message; see ``_catalog`` and the "翻译 / Translations" section of ``docs/cli.md``.
"""
