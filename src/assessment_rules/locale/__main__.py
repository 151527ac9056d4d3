"""``python -m assessment_rules.locale``: extract, merge into the ``.po``, compile the ``.mo``."""

from __future__ import annotations

from ._catalog import MO_FILE, PO_FILE, compile_catalog, update_catalog


def main() -> None:
    """Update the Chinese catalog from the source and compile it; list what is untranslated."""
    catalog = update_catalog()
    compile_catalog()
    untranslated = [
        message.id for message in catalog if message.id and (not message.string or message.fuzzy)
    ]
    print(f"{PO_FILE}\n{MO_FILE}\n{len(untranslated)} message(s) to translate")
    for message_id in untranslated:
        print(f"  {message_id!r}")


if __name__ == "__main__":
    main()
